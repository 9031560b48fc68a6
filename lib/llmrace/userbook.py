"""The book on your own articles: any folder of Chinese articles -> a complete, strict, self-contained book.

    python -m llmrace userbook SEEDS OUT [--jobs N]        (make book SEEDS=… OUT=… dispatches here)

Stages (each timed and printed):
1. scan     — the folder contract (llmrace.folder when available): regular *.txt / *.md files (any case) directly
              in the folder; every other entry is skipped and reported with its reason. Each accepted file
              gets a stable id (001, 002, … in file-name order), listed in OUT/data/ids.csv and on the landing page.
2. stage    — each accepted file is copied byte for byte to OUT/articles/<id>_<n>.txt (so the pipeline sees
              unique ids); a file that cannot be decoded is skipped with its reason.
3. extract  — per article, in parallel (--jobs) and streamed (one document per worker at a time): clean,
              convert, split; title and date (catalog.csv if given, else llmrace.metadata from the text);
              claims with that year; entities; the source page OUT/book/sources/seed_<id>.md. The tables
              land in OUT/data/*.csv and OUT/articles/catalog.csv.
4. notebooks — the generic chapters (notebooks/generic/*.ipynb) executed with papermill into OUT/book/,
              with parameters pointing at OUT/articles and OUT/data; their CSV downloads go to OUT/book/….
5. webfont  — the CJK subset font for the characters of this book (tools/make_webfont.py's functions).
6. html     — `jupyter-book build OUT/book -W --keep-going` (strict) -> OUT/book/_build/html.

Nothing of the bundled book is read or written: no committed notebook, export, source page or _build.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


EXTENSIONS = (".txt", ".md")
GENERIC = ["g1_articles", "g2_claims", "g3_entities", "g4_timeline", "g5_crossref"]
TABLES = {  # name -> columns read as numbers (everything else stays a string)
    "articles": {"ints": ["chars_original", "chars_clean", "paragraphs", "sentences", "pinyin_removed",
                          "boilerplate_lines", "corrupted_spans", "size_bytes"], "floats": []},
    "claims": {"ints": ["start", "end", "orig_start", "orig_end"], "floats": ["value", "low", "high"]},
    "entities": {"ints": ["start", "end", "orig_start", "orig_end"], "floats": []},
    "sentences": {"ints": ["paragraph", "index", "start", "end"], "floats": []},
    "removals": {"ints": ["line", "orig_start", "orig_end"], "floats": []},
    "skipped": {"ints": [], "floats": []},
}
CATALOG_COLUMNS = ["id", "file", "title", "title_evidence", "outlet", "author", "pub_date", "date_precision",
                   "date_evidence", "script", "url", "note"]


def repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------------------------- 1. scan
@dataclass(frozen=True)
class Accepted:
    id: str
    name: str  # file name in the user's folder
    path: Path
    size: int


@dataclass
class Scan:
    folder: Path
    accepted: list[Accepted] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)
    catalog: pd.DataFrame | None = None


def _own_listing(folder: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """The folder contract's rules, for when llmrace.folder is not importable or refuses the folder's ids."""
    keep, skipped = [], []
    for entry in sorted(os.scandir(folder), key=lambda e: unicodedata.normalize("NFC", e.name)):
        name = entry.name
        if name == "catalog.csv":
            continue
        if name.startswith("."):
            skipped.append((name, "hidden file"))
        elif entry.is_symlink():
            skipped.append((name, "symbolic link (never followed)"))
        elif entry.is_dir(follow_symlinks=False):
            skipped.append((name, "subfolder (only files directly in the folder are read)"))
        elif not entry.is_file(follow_symlinks=False):
            skipped.append((name, "not a regular file (device, fifo or socket)"))
        elif Path(name).suffix.lower() not in EXTENSIONS:
            skipped.append((name, f"extension {Path(name).suffix or '(none)'!r} is not .txt or .md"))
        else:
            keep.append(Path(entry.path))
    return keep, skipped


def _list_files(folder: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """Accepted files and skipped (name, reason), through llmrace.folder when it accepts the folder."""
    try:
        from . import folder as folder_mod  # the hostile helper's folder contract
    except ImportError:
        return _own_listing(folder)
    try:
        scan = folder_mod.scan(folder, strict=False)
    except Exception:  # e.g. duplicate file-name prefix ids: the user book assigns its own ids
        return _own_listing(folder)
    keep = [Path(f.path) for f in scan.files]
    skipped = [(s.name, s.reason) for s in scan.skipped]
    return keep, skipped


def id_width(n: int) -> int:
    return max(3, len(str(n)))


def scan_folder(folder: Path | str) -> Scan:
    """Accepted articles with stable ids (file-name order, NFC), skipped entries with reasons, catalog if any."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SystemExit(f"error: {folder}: not a folder")
    files, skipped = _list_files(folder)
    files = sorted(files, key=lambda p: unicodedata.normalize("NFC", p.name))
    w = id_width(len(files))
    out = Scan(folder.resolve(), skipped=list(skipped))
    for i, p in enumerate(files, start=1):
        out.accepted.append(Accepted(f"{i:0{w}d}", p.name, p, p.stat().st_size))
    cat = folder / "catalog.csv"
    if cat.is_file():
        try:
            from .folder import read_catalog as validated
            out.catalog = validated(folder)
        except ImportError:
            out.catalog = pd.read_csv(cat, dtype=str, keep_default_na=False)
    return out


def _catalog_entry(catalog: pd.DataFrame | None, a: Accepted) -> dict | None:
    if catalog is None or not len(catalog):
        return None
    rows = catalog.to_dict("records")
    for r in rows:
        if str(r.get("file", "")) == a.name:
            return r
    prefix = a.name.split("_")[0] if "_" in a.name else Path(a.name).stem
    for r in rows:
        if str(r.get("id", "")) == prefix:
            return r
    return None


# ------------------------------------------------------------------------------------- 3. per article
def process_article(path: str, seed: str, source_name: str, entry: dict | None, pages_dir: str | None) -> dict:
    """Everything the book needs from one article (runs in a worker process; returns small tables)."""
    from .claims import extract_claims
    from .corpus import build_document, removals_frame, sentences_frame
    from .entities import extract_entities
    from .load import SeedError, decode_bytes
    from .metadata import infer_metadata

    try:
        decoded = decode_bytes(Path(path).read_bytes(), source_name)
    except SeedError as e:
        return {"seed": seed, "error": e.reason, "name": source_name}
    doc = build_document(decoded.text, seed, Path(path), decoded.encoding)
    if entry is None:
        first = doc.paragraphs[0] if doc.sentences else []
        headline = None
        if first:
            line = doc.original.count("\n", 0, first[0].orig_start) + 1
            headline = (line, "".join(s.original_script for s in first))
        meta = infer_metadata(doc.original, Path(source_name).stem,
                              {r.line for r in doc.removals if r.kind == "boilerplate"}, headline).as_dict()
        entry = dict(id=seed, file=source_name, outlet="", author="", script=doc.script, url="", **meta)
        entry["note"] = (f"Source file: {source_name}. No catalog: title from the {meta['title_evidence']}; "
                         f"date: {meta['date_evidence']}.")
    else:
        entry = {**{c: "" for c in CATALOG_COLUMNS}, **{k: str(v) for k, v in entry.items()}, "id": seed,
                 "file": source_name}
        entry["title_evidence"] = entry["title_evidence"] or "catalog.csv"
        entry["date_precision"] = entry["date_precision"] or ("catalog" if entry["pub_date"] else "none")
        entry["date_evidence"] = entry["date_evidence"] or ("catalog.csv" if entry["pub_date"] else "no date in catalog.csv")
    claims = extract_claims(doc, entry.get("pub_date") or None)  # relative dates resolved against the full date
    entities = extract_entities(doc)
    if pages_dir:
        from .sources import page_name, render_page

        page = Path(pages_dir) / f"{page_name(seed)}.md"
        text = render_page(doc, entry)
        if not page.exists() or page.read_text(encoding="utf-8") != text:
            page.write_text(text, encoding="utf-8")
    rep = doc.report()
    article = {**{c: entry.get(c, "") for c in CATALOG_COLUMNS}, "encoding": doc.encoding, "script": doc.script,
               "size_bytes": Path(path).stat().st_size, **rep}
    return {"seed": seed, "article": article, "claims": claims, "entities": entities,
            "sentences": sentences_frame([doc]), "removals": removals_frame([doc])}


def _run_articles(tasks: list[tuple], jobs: int):
    if jobs <= 1 or len(tasks) <= 1:
        for t in tasks:
            yield process_article(*t)
        return
    with ProcessPoolExecutor(max_workers=jobs) as ex:
        yield from ex.map(process_article, *zip(*tasks), chunksize=max(1, len(tasks) // (jobs * 8)))


def extract_tables(scan: Scan, staged: dict[str, Path], pages_dir: Path | None, data_dir: Path, jobs: int = 1) -> dict:
    """Run process_article over every staged article and write OUT/data/*.csv; returns the tables."""
    tasks = [(str(staged[a.id]), a.id, a.name, _catalog_entry(scan.catalog, a), str(pages_dir) if pages_dir else None)
             for a in scan.accepted if a.id in staged]
    if pages_dir:
        Path(pages_dir).mkdir(parents=True, exist_ok=True)
    parts: dict[str, list] = {k: [] for k in ("claims", "entities", "sentences", "removals")}
    articles, skipped = [], [dict(name=n, reason=r) for n, r in scan.skipped]
    for res in _run_articles(tasks, jobs):
        if "error" in res:
            skipped.append(dict(name=res["name"], reason=res["error"]))
            continue
        articles.append(res["article"])
        for k in parts:
            parts[k].append(res[k])
    from .claims import _frame as claims_frame
    from .entities import _frame as entities_frame

    tables = {"articles": pd.DataFrame(articles),
              "claims": pd.concat(parts["claims"], ignore_index=True) if parts["claims"] else claims_frame([]),
              "entities": pd.concat(parts["entities"], ignore_index=True) if parts["entities"] else entities_frame([]),
              "sentences": pd.concat(parts["sentences"], ignore_index=True) if parts["sentences"] else pd.DataFrame(),
              "removals": pd.concat(parts["removals"], ignore_index=True) if parts["removals"] else pd.DataFrame(),
              "skipped": pd.DataFrame(skipped, columns=["name", "reason"])}
    data_dir.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        _write_if_changed(data_dir / f"{name}.csv", df.to_csv(index=False, lineterminator="\n"))
    return tables


def read_tables(tables_dir: Path | str) -> dict[str, pd.DataFrame]:
    """The tables written by extract_tables (ids and text as strings, offsets as ints, values as floats)."""
    out = {}
    for name, types in TABLES.items():
        path = Path(tables_dir) / f"{name}.csv"
        df = pd.read_csv(path, dtype=str, keep_default_na=False) if path.stat().st_size > 1 else pd.DataFrame()
        for c in types["ints"]:
            if c in df:
                df[c] = pd.to_numeric(df[c], errors="coerce").fillna(0).astype("int64")
        for c in types["floats"]:
            if c in df:
                df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
        if "listed" in df:
            df["listed"] = df["listed"].map(lambda v: str(v) == "True").astype(bool)
        out[name] = df
    return out


def corpus_tables(seeds_dir: Path | str = "", tables_dir: Path | str = "", jobs: int = 1) -> dict[str, pd.DataFrame]:
    """The generic chapters' tables: read from `tables_dir` if given (a user's book), else computed from a
    seeds folder with the same per-article function (the bundled book: its catalog supplies title and date)."""
    if tables_dir:
        return read_tables(tables_dir)
    import tempfile

    scan = scan_folder(seeds_dir)
    own = _bundled_ids(scan)  # the bundled seeds keep their file-name ids (000, 001, …), as in the rest of the book
    if own:
        scan = Scan(scan.folder, [Accepted(own[a.id], a.name, a.path, a.size) for a in scan.accepted], scan.skipped, scan.catalog)
    with tempfile.TemporaryDirectory() as tmp:
        extract_tables(scan, {a.id: a.path for a in scan.accepted}, None, Path(tmp), jobs)
        return read_tables(tmp)


def _bundled_ids(scan: Scan) -> dict[str, str]:
    """For a folder whose files are named `<id>_….txt` with unique ids (the bundled seeds): assigned -> own id."""
    own = {a.id: a.name.split("_")[0] for a in scan.accepted if "_" in a.name}
    if len(own) == len(scan.accepted) and len(set(own.values())) == len(own) and all(re.fullmatch(r"\d+", v) for v in own.values()):
        return own
    return {}


def _write_if_changed(path: Path, text: str) -> bool:
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


# ---------------------------------------------------------------------------------------- book files
def book_config(title: str) -> dict:
    """_config.yml of a user's book (the bundled book's settings that matter, without its bibliography)."""
    return {
        "title": title, "author": "generated by llmrace (python -m llmrace userbook)", "copyright": "",
        "only_build_toc_files": True,
        "exclude_patterns": ["_build", "**.ipynb_checkpoints", "data", "articles"],
        "execute": {"execute_notebooks": "off"},
        "bibtex_bibfiles": ["references.bib"],
        "parse": {"myst_enable_extensions": ["colon_fence", "dollarmath", "deflist", "html_image", "substitution"]},
        "html": {"use_download_button": True, "use_repository_button": False, "home_page_in_navbar": True},
        "sphinx": {"extra_extensions": ["llmrace.sphinxext", "llmrace.sources", "llmrace.userbook_sphinx",
                                        *_optional_extensions()],
                   "recursive_update": True,  # merge html_theme_options into jupyter-book's instead of replacing them
                   "config": {"html_theme_options": {"collapse_navbar": True},  # sidebar: only the open group's pages
                              "html_context": {"default_mode": "auto"}, "language": "en",
                              "html_search_language": "zh", "nb_merge_streams": True, "html_show_sphinx": False,
                              "nb_code_prompt_show": "Show the code", "nb_code_prompt_hide": "Hide the code"}},
    }


def _optional_extensions() -> list[str]:
    """The presentation extension (tables script, bibliography style) when the package has it."""
    return ["llmrace.bookext"] if importlib.util.find_spec("llmrace.bookext") else []


GROUP_SIZE = 50  # source pages per group page once a book has more than FLAT_MAX articles
FLAT_MAX = 60


def source_groups(seeds: list[str]) -> list[list[str]]:
    """Source pages in groups (one group when the book is small): the sidebar of a page then lists its own
    group only, so each page's navigation stays small however many articles the book has."""
    if len(seeds) <= FLAT_MAX:
        return [list(seeds)]
    return [list(seeds[i:i + GROUP_SIZE]) for i in range(0, len(seeds), GROUP_SIZE)]


def group_name(i: int) -> str:
    return f"sources/articles_{i + 1:02d}"


def book_toc(seeds: list[str]) -> dict:
    from .sources import page_name

    groups = source_groups(seeds)
    if len(groups) == 1:
        sources = [{"file": f"sources/{page_name(s)}"} for s in seeds]
    else:
        sources = [{"file": group_name(i), "sections": [{"file": f"sources/{page_name(s)}"} for s in g]}
                   for i, g in enumerate(groups)]
    return {"format": "jb-book", "root": "index",
            "parts": [{"caption": "Chapters", "chapters": [{"file": f"notebooks/generic/{n}"} for n in GENERIC]},
                      {"caption": "Sources", "chapters": sources}]}


def group_page(i: int, group: list[str], tables: dict) -> str:
    """A page listing one group of source pages (large books only)."""
    from .sources import _raw, _table, escape, page_name

    arts = tables["articles"].set_index("id")
    rows = [[s, arts.loc[s, "file"], arts.loc[s, "title"], arts.loc[s, "pub_date"] or "—"] for s in group]
    table = _table(["id", "file", "title", "published"], rows, "llmrace-userbook-ids")
    for s in group:
        table = table.replace(f"<td>{escape(s)}</td>", f'<td><a href="{page_name(s)}.html">{escape(s)}</a></td>', 1)
    return f"# Articles {group[0]}–{group[-1]}\n\n" + _raw(table)


def index_page(title: str, folder_label: str, tables: dict) -> str:
    """The landing page: what the book is, the articles with their ids (linked), skipped files."""
    from .sources import _raw, _table, escape, escape_md, page_name

    arts, skipped = tables["articles"], tables["skipped"]
    n = len(arts)
    dated = int((arts["pub_date"] != "").sum()) if n else 0
    rows = [[r["id"], r["file"], r["title"], r["pub_date"] or "—", r["date_precision"], r["script"], int(r["sentences"])]
            for r in arts.to_dict("records")]
    table = _table(["id", "file", "title", "published", "date precision", "script", "sentences"], rows, "llmrace-userbook-ids")
    # link each id to its source page (ids are [0-9]+, safe)
    for r in arts.to_dict("records"):
        table = table.replace(f"<td>{escape(r['id'])}</td>", f'<td><a href="sources/{page_name(r["id"])}.html">{escape(r["id"])}</a></td>', 1)
    skip = (_table(["file", "reason"], [[r["name"], r["reason"]] for r in skipped.to_dict("records")], "llmrace-userbook-skipped")
            if len(skipped) else "<p>No file was skipped.</p>")
    undated = [r["id"] for r in arts.to_dict("records") if not r["pub_date"]]
    return "\n".join([
        f"# {escape_md(title)}", "",
        f"A book generated from the folder {escape_md(folder_label)}: {n} article{'s' if n != 1 else ''} "
        f"({dated} with a publication date, {n - dated} without), {len(tables['claims'])} numeric claims, "
        f"{len(tables['entities'])} entity mentions. Every number and name is traced to its sentence on the "
        "article's source page; the chapters are computed from these articles alone.", "",
        "## Articles and their ids", "",
        "Ids are assigned in file-name order and stay the same as long as the folder's file names do. "
        "Titles and dates come from the folder's `catalog.csv` if it has one, otherwise from the text itself "
        "(headline; a byline or front-matter date), with the evidence on each source page.", "",
        _raw(table),
        "## Articles without a publication date", "",
        (f"{len(undated)} article(s) have no date ({escape_md(', '.join(undated))}): their month-day dates and "
         "relative dates (今年, 去年) stay unresolved and are marked as such in the timeline."
         if undated else "Every article has a publication date."), "",
        "## Skipped files", "",
        _raw(skip),
        "## Limits", "",
        "The chapters are generic: claims, entities, dates, and cross-article families and conflicts found "
        "automatically. Nothing here is checked against outside sources, and an entity missing from the "
        "gazetteer is only listed as a candidate name.", "",
    ])


# ----------------------------------------------------------------------------------- 4.–6. execution
def _strip_volatile(nb) -> None:
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for key in ("papermill", "execution"):
            cell.metadata.pop(key, None)
        for out in cell.get("outputs", []):
            out.get("metadata", {}).pop("execution", None)


def execute_notebook(src: Path, dst: Path, params: dict, timeout: int = 1200, cwd: Path | None = None) -> None:
    """Execute `src` with papermill into `dst` (working directory: `cwd`, default dst's folder), strip volatile metadata."""
    import nbformat
    import papermill as pm

    dst.parent.mkdir(parents=True, exist_ok=True)
    pm.execute_notebook(str(src), str(dst), parameters=params, cwd=str(cwd or dst.parent), kernel_name="python3",
                        progress_bar=False, log_output=False, execution_timeout=timeout)
    nb = nbformat.read(str(dst), as_version=4)
    _strip_volatile(nb)
    for cell in nb.cells:  # papermill's injected cell (this run's paths) folded like the parameters cell
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "hide-input" not in tags:
            cell.metadata["tags"] = [*tags, "hide-input"]
    nbformat.write(nb, str(dst))


def _webfont_module():
    spec = importlib.util.spec_from_file_location("llmrace_make_webfont", repo_root() / "tools" / "make_webfont.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _cpu() -> float:
    """User + system CPU seconds of this process and its terminated children."""
    import resource

    a, b = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


def _timed(fn, *args):
    t = time.perf_counter()
    return fn(*args), time.perf_counter() - t


def make_webfont(book: Path) -> Path:
    """Subset the CJK font to the characters of this book's pages (reusing tools/make_webfont.py)."""
    from .style import cjk_font_path

    wf = _webfont_module()
    files = sorted([*book.glob("*.md"), *book.glob("*.yml"), *book.glob("sources/*.md"), *book.glob("notebooks/**/*.ipynb")])
    chars = wf.book_chars(files)
    out = book / "_static" / "fonts" / "llmrace-cjk.woff2"
    out.parent.mkdir(parents=True, exist_ok=True)
    data = wf.subset(chars, cjk_font_path())
    if not out.exists() or out.read_bytes() != data:
        out.write_bytes(data)
    return out


def build(seeds: Path | str, out: Path | str, jobs: int = 1, log=print, html: bool = True) -> dict[str, float]:
    """Build the user's book for `seeds` in `out`; returns seconds per stage."""
    import yaml

    seeds, out = Path(seeds), Path(out).resolve()
    root = repo_root()
    if (out == root or root in out.parents) and not out.is_relative_to(root / "_userbook"):
        raise SystemExit(f"error: OUT {out} is inside the repository; use _userbook/<name> or a folder outside it")
    times: dict[str, float] = {}
    cpu = {"last": _cpu()}

    def stage(name, t0):
        times[name] = time.perf_counter() - t0
        now = _cpu()
        times[f"{name} (cpu)"] = now - cpu["last"]
        cpu["last"] = now
        log(f"  {name:<10} {times[name]:7.1f} s  (cpu {times[f'{name} (cpu)']:.1f} s, this process and its finished children)")

    t = time.perf_counter()
    scan = scan_folder(seeds)
    if not scan.accepted:
        raise SystemExit(f"error: {seeds}: no .txt or .md articles ({len(scan.skipped)} entries skipped)")
    log(f"userbook: {len(scan.accepted)} articles, {len(scan.skipped)} skipped, in {scan.folder}")
    for name, reason in scan.skipped:
        log(f"  skipped {name}: {reason}")
    stage("scan", t)

    t = time.perf_counter()
    arts_dir, book, data_dir = out / "articles", out / "book", out / "data"
    arts_dir.mkdir(parents=True, exist_ok=True)
    staged = {}
    for a in scan.accepted:
        dst = arts_dir / f"{a.id}_{hashlib.sha1(a.name.encode('utf-8')).hexdigest()[:8]}.txt"
        data = a.path.read_bytes()
        if not dst.exists() or dst.read_bytes() != data:
            dst.write_bytes(data)
        staged[a.id] = dst
    for stale in set(arts_dir.glob("*.txt")) - set(staged.values()):
        stale.unlink()
    data_dir.mkdir(parents=True, exist_ok=True)
    ids = pd.DataFrame([dict(id=a.id, file=a.name, staged=staged[a.id].name, size_bytes=a.size) for a in scan.accepted])
    _write_if_changed(data_dir / "ids.csv", ids.to_csv(index=False, lineterminator="\n"))
    stage("stage", t)

    t = time.perf_counter()
    pages = book / "sources"
    pages.mkdir(parents=True, exist_ok=True)
    tables = extract_tables(scan, staged, pages, data_dir, jobs)
    for err in tables["skipped"].to_dict("records"):
        if err["name"] in {a.name for a in scan.accepted}:
            log(f"  skipped {err['name']}: {err['reason']}")
    seeds_ok = list(tables["articles"]["id"])
    from .sources import page_name

    for stale in set(pages.glob("seed_*.md")) - {pages / f"{page_name(s)}.md" for s in seeds_ok}:
        stale.unlink()
    cat = tables["articles"][CATALOG_COLUMNS].copy()
    cat["file"] = [staged[i].name for i in cat["id"]]
    _write_if_changed(arts_dir / "catalog.csv", cat.to_csv(index=False, lineterminator="\n"))
    log(f"  {len(seeds_ok)} articles, {len(tables['claims'])} claims, {len(tables['entities'])} entity mentions")
    stage("extract", t)

    t = time.perf_counter()
    title = f"Articles in {seeds.resolve().name}/, checked"
    _write_if_changed(book / "_config.yml", yaml.safe_dump(book_config(title), allow_unicode=True, sort_keys=False))
    _write_if_changed(book / "_toc.yml", yaml.safe_dump(book_toc(seeds_ok), allow_unicode=True, sort_keys=False))
    _write_if_changed(book / "references.bib", "% no references: a generated book\n")
    _write_if_changed(book / "index.md", index_page(title, seeds.resolve().name, tables))
    groups = source_groups(seeds_ok)
    for stale in pages.glob("articles_*.md"):
        stale.unlink()
    if len(groups) > 1:
        for i, g in enumerate(groups):
            _write_if_changed(book / f"{group_name(i)}.md", group_page(i, g, tables))
    (book / "_static").mkdir(exist_ok=True)
    for asset in sorted([*(root / "_static").glob("*.css"), *(root / "_static").glob("*.js")]):  # styles, tables script
        shutil.copyfile(asset, book / "_static" / asset.name)
    gen_src = root / "notebooks" / "generic"
    params = {"seeds_dir": str(arts_dir), "tables_dir": str(data_dir), "export_dir": "exports"}
    # separate processes: papermill's `cwd` is an os.chdir of the whole process, so threads would race
    with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(GENERIC)))) as ex:
        futs = [ex.submit(execute_notebook, gen_src / f"{n}.ipynb", book / "notebooks" / "generic" / f"{n}.ipynb", params)
                for n in GENERIC]
        for f in futs:
            f.result()
    stage("notebooks", t)

    # The web font (CPU, this process) is made while Sphinx (another process) builds the HTML; it is then
    # written into the built _static too, since Sphinx copies _static before the font may be ready.
    t = time.perf_counter()
    font_future = ThreadPoolExecutor(max_workers=1).submit(_timed, make_webfont, book)
    if html:
        shutil.rmtree(book / "_build", ignore_errors=True)
        (book / "_static" / "fonts").mkdir(parents=True, exist_ok=True)
        cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(book), "--builder", "html", "-W",
               "--keep-going", "--quiet"]
        env = {**os.environ, "PYTHONHASHSEED": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        res = subprocess.run(cmd, env=env, capture_output=True, text=True)
    font, font_seconds = font_future.result()
    times["webfont"] = font_seconds
    log(f"  {'webfont':<10} {font_seconds:7.1f} s (during the HTML build)")
    if html:
        stage("html", t)
        if res.returncode != 0:
            sys.stderr.write(res.stdout[-20000:] + res.stderr[-20000:])
            raise SystemExit(f"error: strict build failed (exit {res.returncode})")
        built_font = book / "_build" / "html" / "_static" / "fonts" / font.name
        built_font.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(font, built_font)
        log(f"userbook: {book / '_build' / 'html' / 'index.html'}")
    times["total"] = sum(v for k, v in times.items() if k != "webfont" and "(cpu)" not in k)  # font overlaps html
    times["total (cpu)"] = sum(v for k, v in times.items() if "(cpu)" in k)
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m llmrace userbook", description=__doc__.split("\n")[0])
    ap.add_argument("seeds", type=Path, help="folder of *.txt / *.md articles (catalog.csv optional)")
    ap.add_argument("out", type=Path, help="output folder (the book: OUT/book/_build/html/index.html)")
    ap.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 1)), help="parallel workers")
    ap.add_argument("--no-html", action="store_true", help="stop before the HTML build")
    args = ap.parse_args(argv)
    t = build(args.seeds, args.out, args.jobs, html=not args.no_html)
    print("userbook stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in t.items() if "(cpu)" not in k))
    return 0


if __name__ == "__main__":
    sys.exit(main())
