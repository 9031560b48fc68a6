"""Source pages: anchors, determinism, and seed text that is always HTML-escaped, even after a real build."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from llmrace import Corpus, anchor
from llmrace.sources import escape, escape_md, render_page, write_source_pages


ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]
EXTRA = ["```", "{{ x }}", "$x$", "&amp;", "`code`", "<!-- c -->", "{raw}`<b>x</b>`", "[a](javascript:alert(1))"]


def _hostile_seeds(d: Path) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    body = ("标题<b>粗</b>\n"
            f"第一段里有{HOSTILE[0]}这样的文字。还有{HOSTILE[1]}这样的图片。\n"
            + "".join(f"第三段包含{x}。\n" for x in EXTRA)
            + "最后一段：文心一言和英伟达A800。\n")
    (d / "900_hostile.txt").write_text(body, encoding="utf-8")
    (d / "catalog.csv").write_text('"id","title","outlet","pub_date"\n'
                                   f'"900","<script>alert(2)</script> [x](y) *t*","<i>o</i>","2023"\n', encoding="utf-8")
    return d


def test_pages_written_for_each_seed_with_every_anchor(tmp_path):
    pages = write_source_pages(SEEDS, tmp_path)
    assert [p.name for p in pages] == [f"seed_{s}.md" for s in Corpus(SEEDS).ids]
    for doc in Corpus(SEEDS):
        text = (tmp_path / f"seed_{doc.seed}.md").read_text(encoding="utf-8")
        ids = re.findall(r' id="([^"]+)"', text)
        assert len(ids) == len(set(ids))
        assert [i for i in ids if i.count("-") == 2] == [anchor(s.id) for s in doc.sentences]
        for s in doc.sentences[:20]:
            assert escape(s.text) in text


def test_anchor_format():
    assert anchor("002.p14.s2") == "s002-p14-s2"


def test_deterministic_and_rewritten_only_when_changed(tmp_path):
    write_source_pages(SEEDS, tmp_path / "a")
    write_source_pages(SEEDS, tmp_path / "b")
    for p in sorted((tmp_path / "a").iterdir()):
        assert p.read_bytes() == (tmp_path / "b" / p.name).read_bytes()
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "a").iterdir()}
    write_source_pages(SEEDS, tmp_path / "a")
    assert before == {p.name: p.stat().st_mtime_ns for p in (tmp_path / "a").iterdir()}


def test_stale_pages_removed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "seed_999.md").write_text("old", encoding="utf-8")
    write_source_pages(SEEDS, out)
    assert not (out / "seed_999.md").exists()


def test_original_script_and_cleaning_report_shown(tmp_path):
    write_source_pages(SEEDS, tmp_path)
    text = (tmp_path / "seed_000.md").read_text(encoding="utf-8")  # a Traditional-script seed with pinyin
    assert 'class="llmrace-orig"' in text and 'lang="zh-Hant"' in text
    assert "## Cleaning report" in text and "Pinyin annotations removed" in text and "Removed lines" in text


def test_escape_helpers():
    assert escape('<a href="x">`') == "&lt;a href=&quot;x&quot;&gt;&#96;"
    assert escape_md("[x](y) *t* <b>") == r"\[x\]\(y\) \*t\* \<b\>"


def test_markup_in_seed_is_escaped_in_the_page_source(tmp_path):
    seeds = _hostile_seeds(tmp_path / "seeds")
    doc = next(iter(Corpus(seeds)))
    page = render_page(doc, {"title": "t"})
    unmarked = re.sub(r'<mark class="llmrace-garbled" title="[^"]*">|</mark>', "", page)  # tag residue is marked
    for s in HOSTILE:
        assert s not in page and escape(s) in unmarked
    # Seed backticks cannot close a raw block early: the only backticks left are the fences and the fixed
    # example id in the page's introduction.
    rest = [l for l in page.splitlines() if l not in ("```{raw} html", "```")]
    assert "`" not in "\n".join(rest).replace("`002.p14.s2`", "")


def test_hostile_seed_built_by_jupyter_book_is_only_text(tmp_path):
    """Generate the pages from a hostile seeds dir and build them with jupyter-book (the book's extensions)."""
    seeds = _hostile_seeds(tmp_path / "seeds")
    book = tmp_path / "book"
    write_source_pages(seeds, book / "sources")
    (book / "intro.md").write_text("# Test book\n", encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: sources/seed_900\n", encoding="utf-8")
    (book / "_config.yml").write_text(
        "title: t\nonly_build_toc_files: true\nexecute:\n  execute_notebooks: 'off'\n"
        "sphinx:\n  extra_extensions: [llmrace.sphinxext, llmrace.sources]\n  config:\n    language: en\n",
        encoding="utf-8")
    jb = Path(sys.executable).parent / "jupyter-book"
    run = subprocess.run([str(jb), "build", str(book), "--builder", "html", "-W", "--keep-going", "--quiet"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    html = (book / "_build" / "html" / "sources" / "seed_900.html").read_text(encoding="utf-8")
    for s in HOSTILE + ["<script>alert(2)</script>", "<b>粗</b>", "<i>o</i>"]:
        assert s not in html, f"{s!r} reached the built page as markup"
    shown = re.sub(r'<mark class="llmrace-garbled" title="[^"]*">|</mark>', "", html)  # tag residue is marked
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown
    assert not re.search(r"<img[^>]*onerror", html, flags=re.I)
    assert not re.search(r"<script>alert", html)
    assert 'href="javascript:' not in html
    assert "{{ x }}" in html and "$x$" in html  # MyST syntax from the seed stays literal text
    assert 'id="s900-p2-s1"' in html
    # and the index page (title in the sidebar) is escaped too
    index = (book / "_build" / "html" / "intro.html").read_text(encoding="utf-8")
    assert "<script>alert(2)" not in index


def test_garbled_spans_are_marked_in_the_text(tmp_path):
    """Spans the cleaning flags as corrupted are wrapped in <mark class="llmrace-garbled"> where they stand."""
    from llmrace.sources import garbled_spans

    doc = Corpus(SEEDS)["000"]
    corrupted = [f for f in doc.flags if f.kind == "corrupted"]
    assert corrupted
    spans = garbled_spans(doc)
    assert [doc.text[a:b] for a, b, _ in spans] == [f.text for f in corrupted]
    page = render_page(doc, {})
    marked = re.findall(r'<mark class="llmrace-garbled" title="[^"]*">([^<]*)</mark>', page)
    assert "".join(marked) == "".join(escape(f.text) for f in corrupted)  # a span across sentences is split
    assert "are garbled in the source" in page
    assert "llmrace-garbled" not in render_page(Corpus(SEEDS)["002"], {})


def test_estimated_dates_are_labelled_as_estimates():
    from llmrace.sources import published_label
    assert published_label({"pub_date": "2023-02", "date_precision": "estimate"}).startswith("2023-02 (estimated")
    assert published_label({"pub_date": "2023-04", "date_precision": "month"}) == "2023-04 (known to the month only)"
    assert published_label({"pub_date": "2023-06-13", "date_precision": "day"}) == "2023-06-13"
    assert published_label({"pub_date": "", "date_precision": "none"}) == ""
