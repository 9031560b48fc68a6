"""Source pages: one MyST page per seed, with a stable HTML anchor on every paragraph and sentence.

A page shows the catalog entry, the cleaned Simplified text as numbered paragraphs and sentences
(sentence `002.p14.s2` carries the HTML id `s002-p14-s2`, the target of `tables.sentence_href`), the
same paragraph in the file's original script (a <details> toggle, when it differs), and the cleaning
report for the seed (removed lines and pinyin annotations with reasons, flagged spans).

Seed text can contain anything (markup, MyST syntax, backticks), so every piece of seed- or
catalog-derived text goes through `escape()` into raw-HTML blocks; the only Markdown on the page is
the headings, whose text is backslash-escaped. Usage:

    python -m llmrace.sources SEEDS_DIR OUT_DIR     # writes OUT_DIR/seed_SSS.md, only when changed
"""
from __future__ import annotations

import argparse
import bisect
import re
import string
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from . import html as safe_html
from .corpus import Corpus, Document, anchor
from .folder import scan
from .tables import SOURCES_DIR

PAGE_PREFIX = "seed_"
_MD_PUNCT = set(string.punctuation)


def escape(text: str) -> str:
    """HTML-escape text for a raw-HTML block: &, <, >, quotes, and backticks (which could close a fence);
    newlines become <br/>. (llmrace.html.text does the escaping.)"""
    return safe_html.text(text).replace("\n", "<br/>")


def escape_md(text: str) -> str:
    """Backslash-escape every ASCII punctuation character so MyST renders the text literally."""
    return "".join("\\" + c if c in _MD_PUNCT else c for c in " ".join(str(text).split()))


def page_name(seed: str) -> str:
    """File stem of a seed's source page: '002' -> 'seed_002' (see tables.source_page)."""
    return f"{PAGE_PREFIX}{seed}"


def _raw(body: str) -> str:
    # Escaped content has no backticks, so a three-backtick fence cannot be closed early.
    return "```{raw} html\n" + body + "\n```\n"


def _table(header: list[str], rows: list[list[object]], cls: str) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f'<div class="table-wrapper"><table class="llmrace-table {cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def published_label(entry: dict) -> str:
    """The catalog's publication date for readers: an estimated date says so, with the catalog's precision."""
    date = str(entry.get("pub_date", "") or "").strip()
    precision = str(entry.get("date_precision", "") or "").strip()
    if not date:
        return ""
    if precision == "estimate":
        return f"{date} (estimated from the events the article reports; see Note)"
    if precision in ("month", "year"):
        return f"{date} (known to the {precision} only)"
    return date


def _meta(doc: Document, entry: dict) -> str:
    fields = [("Outlet", entry.get("outlet", "")), ("Author", entry.get("author", "")),
              ("Published", published_label(entry)), ("Title (English)", entry.get("title_en", "")),
              ("File", doc.path.name), ("Encoding", doc.encoding), ("Script of the file", doc.script),
              ("URL", entry.get("url", "")), ("Note", entry.get("note", ""))]
    # The URL is a link only when it is http(s) (llmrace.html.link); anything else is shown as text.
    items = "".join(f"<dt>{escape(k)}</dt><dd>{safe_html.link(v, v) if k == 'URL' else escape(v)}</dd>" for k, v in fields if v)
    return f'<dl class="llmrace-source-meta">{items}</dl>'


GARBLED_NOTE = "Spans marked like this are garbled in the source (flagged by the cleaning) and are not read."


def garbled_spans(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, reason) in doc.text of every span the cleaning flagged as corrupted (doc.flags kind
    "corrupted", whose original-file offsets are mapped back through doc.offsets)."""
    out = []
    for f in doc.flags:
        if f.kind != "corrupted":
            continue
        a, b = bisect.bisect_left(doc.offsets, f.orig_start), bisect.bisect_left(doc.offsets, f.orig_end)
        if a < b:
            out.append((a, b, f.reason))
    return sorted(out)


def _sentence_html(s, marks: list[tuple[int, int, str]]) -> str:
    """The escaped sentence text with the garbled spans inside it wrapped in <mark class="llmrace-garbled">."""
    parts, pos = [], s.start
    for a, b, reason in marks:
        a, b = max(a, s.start, pos), min(b, s.end)
        if a >= b:
            continue
        parts.append(escape(doc_slice(s, pos, a)))
        parts.append(f'<mark class="llmrace-garbled" title="{safe_html.attr("flagged by the cleaning: " + reason)}">'
                     f"{escape(doc_slice(s, a, b))}</mark>")
        pos = b
    parts.append(escape(doc_slice(s, pos, s.end)))
    return "".join(parts)


def doc_slice(s, a: int, b: int) -> str:
    """Characters [a, b) of the document text, taken from sentence s (which covers them)."""
    return s.text[a - s.start:b - s.start]


def _text(doc: Document) -> str:
    out = [f'<div class="llmrace-source" lang="zh-Hans">']
    ids = safe_html.UniqueIds()
    garbled = garbled_spans(doc)
    starts = [g[0] for g in garbled]
    if garbled:
        out.append(f'<p class="llmrace-garbled-note"><mark class="llmrace-garbled">Spans marked like this</mark>'
                   f"{escape(GARBLED_NOTE.removeprefix('Spans marked like this'))}</p>")

    def marks(s) -> list[tuple[int, int, str]]:  # the garbled spans overlapping sentence s
        if not garbled:
            return []
        i = max(bisect.bisect_right(starts, s.start) - 1, 0)
        found = []
        while i < len(garbled) and garbled[i][0] < s.end:
            if garbled[i][1] > s.start:
                found.append(garbled[i])
            i += 1
        return found

    for para in doc.paragraphs:
        p_no = para[0].paragraph
        pid = _element_id(ids, f"s{doc.seed}-p{p_no}")
        # Sentences are joined without whitespace: a newline between CJK spans would render as a space.
        sentences = "".join(
            f'<span class="llmrace-sent" id="{(sid := _element_id(ids, anchor(s.id)))}" title="{escape(s.id)}">'
            f'<a class="llmrace-sno" href="#{sid}" data-n="{s.index}" aria-label="{escape(s.id)}"></a>'
            f"{_sentence_html(s, marks(s))}</span>" for s in para)
        out.append(f'<div class="llmrace-para" id="{pid}">'
                   f'<a class="llmrace-pno" href="#{pid}" data-n="{p_no}" aria-label="paragraph {p_no}"></a>'
                   f"<p>{sentences}</p>")
        original = "".join(s.original_script for s in para)
        if original != "".join(s.text for s in para):
            out.append(f'<details class="llmrace-orig"><summary>Original script (¶{p_no})</summary>'
                       f'<p lang="zh-Hant">{escape(original)}</p></details>')
        out.append("</div>")
    out.append("</div>")
    return "\n".join(out)


def _element_id(ids: safe_html.UniqueIds, wanted: str) -> str:
    """`wanted` as an HTML id: it must already be safe and unused, because chapters link to it by that
    name (tables.sentence_href); seed ids are made safe by load.seed_id, so anything else is a bug."""
    got = ids.add(wanted)
    if got != wanted:
        raise ValueError(f"unsafe or duplicate HTML id {wanted!r} (would be {got!r})")
    return got


LINE_KINDS = ("boilerplate", "duplicate")  # removals that take out whole lines


def _visible(r) -> str:
    """A removed span as a reader can see it: invisible characters (zero-width, bidi controls…) by code point."""
    if r.kind == "invisible" or not r.text.strip() or any(unicodedata.category(c) in ("Cf", "Cc") for c in r.text):
        return " ".join(f"U+{ord(c):04X}" for c in r.text[:20]) + (" …" if len(r.text) > 20 else "")
    return r.text


def _report(doc: Document) -> str:
    counts = doc.report()
    parts = [_table(["measure", "value"], [[k, v] for k, v in counts.items()], "llmrace-report-counts")]
    lines = [r for r in doc.removals if r.kind in LINE_KINDS]
    parts.append(f"<p><strong>Removed lines</strong> ({len(lines)}): boilerplate and repeated lines taken out of the article, with the rule that matched.</p>")
    if lines:
        parts.append(_table(["line", "reason", "text"], [[r.line, r.reason, r.text] for r in lines], "llmrace-report-removed"))
    spans = [r for r in doc.removals if r.kind not in LINE_KINDS and r.kind != "pinyin"]
    if spans:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(Counter(r.kind for r in spans).items()))
        parts.append(f"<p><strong>Spans removed or replaced</strong> ({len(spans)}: {escape(kinds)}): images, URLs, markup, "
                     "invisible characters (shown by code point) and look-alike characters.</p>")
        rows = [[r.line, r.kind, r.reason, _visible(r)] for r in spans]
        parts.append(f"<details><summary>Show the {len(spans)} spans</summary>"
                     + _table(["line", "kind", "reason", "text"], rows, "llmrace-report-spans") + "</details>")
    pinyin = [r for r in doc.removals if r.kind == "pinyin"]
    parts.append(f"<p><strong>Pinyin annotations removed</strong> ({len(pinyin)}): converter residue such as 強(qiáng).</p>")
    if pinyin:
        rows = [[r.line, r.text] for r in pinyin]
        parts.append(f"<details><summary>Show the {len(pinyin)} annotations</summary>"
                     + _table(["line", "annotation"], rows, "llmrace-report-pinyin") + "</details>")
    parts.append(f"<p><strong>Flagged spans</strong> ({len(doc.flags)}): kept in the text but suspicious.</p>")
    if doc.flags:
        parts.append(_table(["line", "reason", "text"], [[f.line, f.reason, f.text] for f in doc.flags], "llmrace-report-flags"))
    return "\n".join(parts)


def render_page(doc: Document, entry: dict | None = None) -> str:
    """The MyST source of one seed's page."""
    entry = entry or {}
    title = entry.get("title") or doc.path.stem
    return "\n".join([
        f"# {escape_md(doc.seed)} · {escape_md(title)}",
        "",
        _raw(_meta(doc, entry)),
        "The cleaned Simplified text, split into numbered paragraphs (¶) and sentences. A sentence id such as "
        "`002.p14.s2` names the seed, the paragraph and the sentence; chapters link to these anchors.",
        "",
        "## Text",
        "",
        _raw(_text(doc)),
        "## Cleaning report",
        "",
        _raw(_report(doc)),
    ])


def _write_if_changed(path: Path, text: str) -> bool:
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


def write_source_pages(seeds_dir: Path | str, out_dir: Path | str) -> list[Path]:
    """Write one page per seed of `seeds_dir` into `out_dir` (streaming: one document in memory at a time).

    Files are rewritten only when their content changes (so Sphinx rebuilds only what changed), and
    stale seed pages of seeds no longer present are removed. Returns the page paths, sorted.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    folder = scan(seeds_dir)  # the folder contract: same files, ids and validated catalog as Corpus
    folder.print_warnings()
    written: list[Path] = []
    for doc in Corpus(seeds_dir):
        path = out / f"{page_name(doc.seed)}.md"
        _write_if_changed(path, render_page(doc, folder.entry(doc.seed)))
        written.append(path)
    for stale in set(out.glob(f"{PAGE_PREFIX}*.md")) - set(written):
        stale.unlink()
    return sorted(written)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m llmrace.sources", description="Write the book's source pages.")
    ap.add_argument("seeds_dir", type=Path)
    ap.add_argument("out_dir", type=Path, nargs="?", default=Path(SOURCES_DIR))
    args = ap.parse_args(argv)
    from .load import SeedError

    try:
        pages = write_source_pages(args.seeds_dir, args.out_dir)
    except SeedError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"{len(pages)} source pages in {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


# --- Sphinx extension (listed in _config.yml: sphinx.extra_extensions) ---------------------------------
_SENTENCE_HREF = re.compile(r'href="([^"#]*sources/seed_[^"#/]+\.html)#(s[0-9A-Za-z-]+?-p\d+(?:-s\d+)?)"')


def _dedupe_scripts(app, pagename, templatename, context, doctree) -> None:
    """Drop repeated <script> entries: sphinx-thebe registers its inline config twice when Sphinx reads
    twice in one run (once with filename None, once ''), and the second `const THEBE_JS_URL` is a
    JavaScript error on every page."""
    files = context.get("script_files")
    if not files:
        return
    seen, out = set(), []
    for js in files:
        key = (getattr(js, "filename", str(js)) or "", tuple(sorted((k, str(v)) for k, v in getattr(js, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            out.append(js)
    context["script_files"] = out


def _escape_titles(app, pagename, templatename, context, doctree) -> None:
    """sphinx-book-theme puts the page title's plain text, unescaped, into the print-only <h1>
    (context["pagetitle"] = title.astext()); a title with markup, e.g. from a seed catalog, would become
    live HTML. Runs after the theme's handler and escapes it."""
    for key in ("pagetitle", "root_title"):
        value = context.get(key)
        if isinstance(value, str) and not hasattr(value, "__html__"):
            context[key] = safe_html.text(value)


def _escape_search_titles() -> None:
    """Sphinx 7.4 stores section titles raw in searchindex.js (`alltitles`, from `node.astext()`), and
    searchtools.js inserts a result's title with `innerHTML`: a catalog title `<img src=x onerror=…>` would
    run on the search page. Wrap IndexBuilder.feed (once per process) so every title it stores is
    HTML-escaped when it is fed, with docutils' own table (& < > " @), the one that escaped `titles`; titles loaded back from an earlier searchindex.js are
    already escaped, so incremental builds do not escape twice. Document titles (`titles`) are already
    rendered HTML (escaped by docutils) and are left alone."""
    from sphinx.search import IndexBuilder

    if getattr(IndexBuilder.feed, "_llmrace_escaped", False):
        return
    original = IndexBuilder.feed

    try:  # escape exactly as docutils escapes the document titles (`titles`), so the two still compare equal
        from docutils.writers._html_base import HTMLTranslator
        table = dict(HTMLTranslator.special_characters)
    except (ImportError, AttributeError):
        table = {ord("&"): "&amp;", ord("<"): "&lt;", ord('"'): "&quot;", ord(">"): "&gt;", ord("@"): "&#64;"}

    def feed(self, docname, filename, title, doctree):
        original(self, docname, filename, title, doctree)
        self._all_titles[docname] = [(str(t).translate(table), i) for t, i in self._all_titles.get(docname, [])]

    feed._llmrace_escaped = True
    IndexBuilder.feed = feed


def unescaped_search_titles(outdir: Path | str) -> list[str]:
    """Titles in the built searchindex.js that contain a raw '<' or '>' (markup searchtools.js would render)."""
    from sphinx.search import js_index

    path = Path(outdir, "searchindex.js")
    if not path.is_file():
        return []
    data = js_index.loads(path.read_text(encoding="utf-8"))
    titles = [t for t in data.get("titles", []) if t] + list(data.get("alltitles", {}))
    return [t for t in titles if "<" in t or ">" in t]


def broken_sentence_links(outdir: Path | str) -> list[str]:
    """Links in the built HTML to a sentence or paragraph anchor on a source page that has no such id."""
    outdir = Path(outdir)
    ids: dict[Path, set[str] | None] = {}
    broken = []
    for page in sorted(outdir.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        for href, frag in sorted(set(_SENTENCE_HREF.findall(text))):
            target = (page.parent / href).resolve() if href else page
            if target not in ids:
                ids[target] = set(re.findall(r'\bid="([^"]+)"', target.read_text(encoding="utf-8"))) if target.is_file() else None
            if ids[target] is None or frag not in ids[target]:
                broken.append(f"{page.relative_to(outdir)}: {href}#{frag}")
    return broken


def _prune_search_index(app) -> None:
    """An incremental build keeps index terms whose pages no longer contain them, with an empty page list;
    a fresh build has no such terms. Drop them so a rebuild and a fresh build write the same index."""
    from sphinx.search import js_index

    path = Path(app.outdir, "searchindex.js")
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    data = js_index.loads(text)
    for table in ("terms", "titleterms"):
        data[table] = {k: v for k, v in data.get(table, {}).items() if v != []}
    new = js_index.dumps(data)
    if new != text:
        path.write_text(new, encoding="utf-8")


def _check_links(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    _prune_search_index(app)
    from sphinx.util import logging

    log = logging.getLogger(__name__)
    for item in broken_sentence_links(app.outdir):
        log.warning(f"broken sentence link (no such anchor on the source page): {item}")
    for title in unescaped_search_titles(app.outdir):
        log.warning(f"unescaped markup in a search-index title (would run on the search page): {title!r}")


def _mystnb_css_first(app) -> None:
    """myst-nb copies its hashed CSS into _static only at build-finished, so on a fresh build the pages
    link it without Sphinx's `?v=checksum` and on every later build with it: a fresh build and a rebuild
    would differ. Copy it before pages are written so both are identical."""
    if app.builder.format != "html":
        return
    try:
        from myst_nb.sphinx_ext import add_global_html_resources
    except ImportError:
        return
    Path(app.builder.outdir, "_static").mkdir(parents=True, exist_ok=True)
    add_global_html_resources(app, None)


def setup(app):
    _escape_search_titles()
    app.connect("builder-inited", _mystnb_css_first)
    app.connect("html-page-context", _dedupe_scripts, priority=100)  # before handlers that return a template
    app.connect("html-page-context", _escape_titles, priority=900)  # after sphinx-book-theme's handler
    app.connect("build-finished", _check_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
