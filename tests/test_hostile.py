"""Hostile and malformed input (issue 16): each case asserts the clear error or the handled outcome.

- escape by construction: llmrace.html (text, attributes, ids, URL allow-list) and everything that renders
  seed or catalog text through it (source pages, tables.html_table links);
- the folder contract (llmrace.folder): symlinks never followed, subfolders/devices/pipes/hidden files/
  other extensions skipped with the reason, .txt/.md in any case read, per-file size limit, seed ids from
  any file name safe, stable and unique, catalog validated with errors naming the file and line;
- encodings told apart: UTF-16/32 with a BOM and UTF-16 without one decoded and named; Shift-JIS, EUC-JP and
  EUC-KR bytes (which decode as GB18030 mojibake) rejected as a likely wrong encoding, naming it;
- the same rules through the CLIs (`python -m llmrace claims`, `python -m llmrace.sources`) and a notebook
  (papermill, `seeds_dir`).
The browser half (a strict build of a hostile folder in Chromium, no dialog on any page, the search page)
is tests/test_hostile_browser.py; size and linear cost are tests/test_hostile_scale.py.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from llmrace import Corpus, build_document, decode_bytes, folder, load_document
from llmrace import html as H
from llmrace.load import SeedError, read_seed, seed_id
from llmrace.sources import render_page, write_source_pages
from llmrace.tables import html_table, sentence_href, source_page

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import hostile_folder  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = hostile_folder.SAMPLE
JA = ("東京都は二十日、新しい人工知能の研究所を設立すると発表した。日本政府は大規模言語モデルの開発を支援する方針で、"
      "来年度の予算に約百億円を計上する。研究者たちは、この取り組みが国内の産業に大きな影響を与えると期待している。") * 2
KO = ("서울시는 20일 새로운 인공지능 연구소를 설립한다고 발표했다. 한국 정부는 대규모 언어 모델 개발을 지원할 방침이며, "
      "내년도 예산에 약 100억 원을 편성할 계획이다. 연구자들은 이번 조치가 국내 산업에 큰 영향을 미칠 것으로 기대하고 있다.") * 2


@pytest.fixture(autouse=True)
def _no_hang():
    """A FIFO or a pathological file must fail a test, never hang the suite."""
    def _alarm(signum, frame):
        raise TimeoutError("test exceeded 60 s")
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.fixture
def hostile(tmp_path) -> Path:
    return hostile_folder.make(tmp_path / "seeds")


def _seeds(tmp_path: Path, files: dict[str, str], catalog: str | bytes | None = None) -> Path:
    d = tmp_path / "seeds"
    d.mkdir(exist_ok=True)
    for name, text in files.items():
        (d / name).write_text(text, encoding="utf-8")
    if catalog is not None:
        (d / "catalog.csv").write_bytes(catalog if isinstance(catalog, bytes) else catalog.encode("utf-8"))
    return d


def _folder_error(d: Path) -> str:
    with pytest.raises(folder.FolderError) as e:
        folder.scan(d)
    return str(e.value)


# --- llmrace.html: the one escaping module ------------------------------------------------------------
def test_text_and_attr_escape_everything_that_could_be_markup():
    assert H.text('<img src=x onerror="a">`\'&') == "&lt;img src=x onerror=&quot;a&quot;&gt;&#96;&#x27;&amp;"
    assert H.attr('x" onmouseover="alert(1)') == "x&quot; onmouseover=&quot;alert(1)"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                                 "java\tscript:alert(1)", "java\nscript:alert(1)", "\x01javascript:alert(1)",
                                 "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>",
                                 "file:///etc/passwd", "http:alert(1)", "https://", "//evil.example/x",
                                 'https://a.example/" onmouseover="alert(1)', "https://a.example/\u202egpj.exe",
                                 "", None])
def test_url_allow_list_rejects(url):
    assert H.safe_url(url) is None
    assert H.safe_href(url, relative=False) is None
    assert "<a" not in H.link("label", url)


@pytest.mark.parametrize("url", ["http://example.org/", "https://example.org/a?b=1&c=2#f", "HTTPS://EXAMPLE.ORG"])
def test_url_allow_list_accepts_http_and_https(url):
    assert H.safe_url(url) == url
    assert H.link("x", url) == f'<a href="{H.attr(url)}">x</a>'


def test_relative_hrefs_only_inside_the_site():
    assert H.safe_href("../sources/seed_000.html#s000-p1-s1") == "../sources/seed_000.html#s000-p1-s1"
    for bad in ("javascript:alert(1)", "//evil.example", "/\\evil.example", "a:b/c", "x\\y"):
        assert H.safe_href(bad) is None, bad


def test_safe_ids_are_from_a_safe_alphabet_and_unique():
    assert H.safe_id('007"><img src=x onerror=alert(7)>') == "x007-img-src-x-onerror-alert-7"
    assert H.safe_id("") == "x" and H.safe_id("s1-p2") == "s1-p2"
    ids = H.UniqueIds()
    assert [ids.add(b) for b in ("a b", "a-b", "a.b", "a")] == ["a-b", "a-b-2", "a-b-3", "a"]
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", i) for i in ids.used)


def test_tables_never_link_a_script_url():
    """The corpus chapter renders catalog URLs with html_table(links={"url": …}): only http(s) become links."""
    import pandas as pd

    df = pd.DataFrame({"url": ["javascript:alert(1)", "https://example.org/x", "data:text/html,x", " JAVASCRIPT:x"]})
    body = html_table(df, links={"url": lambda u: u or None})._repr_html_()
    hrefs = re.findall(r'href="([^"]*)"', body)
    assert hrefs == ["https://example.org/x"], hrefs
    assert "javascript:alert(1)" in body  # still shown, as text


# --- seed ids from hostile file names -------------------------------------------------------------------
@pytest.mark.parametrize("name, expected", [("000_edec853d8109f5ac.txt", "000"), ("qq_01.md", "qq"), ("7.txt", "7"),
                                            ("_x.txt", r"x-[0-9a-f]{6}"), ("1.2_x.txt", r"1-2-[0-9a-f]{6}"),
                                            ("a b_x.txt", r"a-b-[0-9a-f]{6}"), ("新闻_1.txt", r"1-[0-9a-f]{6}"),
                                            (hostile_folder.XSS_NAME, r"007-img-src-x-onerror-al-[0-9a-f]{6}")])
def test_seed_ids_are_safe_and_stable(name, expected):
    sid = seed_id(name)
    assert re.fullmatch(expected, sid), sid
    assert seed_id(name) == sid and seed_id(Path("/elsewhere") / name) == sid  # stable: depends on the name only
    assert re.fullmatch(r"[0-9A-Za-z]+(-[0-9A-Za-z]+)*", sid)


def test_different_unsafe_names_get_different_ids():
    names = ["1.2_x.txt", "1 2_x.txt", "1-2_x.txt", "1_2_x.txt", "_a.txt", "_b.txt"]
    assert len({seed_id(n) for n in names}) == len(names)


def test_dotted_name_links_to_its_own_page(tmp_path):
    """'1.2_x.txt' used to give sentence ids '1.2.p1.s1', which sentence_href sent to the page of seed '1'."""
    d = _seeds(tmp_path, {"1.2_x.txt": SAMPLE, "1_y.txt": SAMPLE})
    docs = {doc.path.name: doc for doc in Corpus(d)}
    s = docs["1.2_x.txt"].sentences[0]
    assert sentence_href(s.id).startswith(f"../{source_page(docs['1.2_x.txt'].seed)}.html#")
    assert docs["1.2_x.txt"].seed != docs["1_y.txt"].seed
    pages = write_source_pages(d, tmp_path / "out")
    href = sentence_href(s.id, prefix="")
    page = (tmp_path / "out" / Path(href.split("#")[0]).name.replace(".html", ".md")).read_text(encoding="utf-8")
    assert f'id="{href.split("#")[1]}"' in page and len(pages) == 2


def test_underscore_name_no_longer_crashes(tmp_path):
    d = _seeds(tmp_path, {"_x.txt": SAMPLE})
    (doc,) = list(Corpus(d))
    assert doc.sentences and doc.seed.startswith("x-")


def test_hostile_file_name_gives_a_page_with_only_safe_ids_and_anchors(hostile, tmp_path):
    pages = write_source_pages(hostile, tmp_path / "out")
    for p in pages:
        text = p.read_text(encoding="utf-8")
        ids = re.findall(r' id="([^"]*)"', text)
        assert ids and len(ids) == len(set(ids)), p
        assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", i) for i in ids), [i for i in ids if not re.fullmatch(r"[A-Za-z0-9-]+", i)]
        assert set(re.findall(r' href="#([^"]*)"', text)) <= set(ids)
        assert '"><img' not in text and "<img src=x" not in text and "<script>alert" not in text
        assert not re.search(r'href="\s*javascript:', text, re.I)
    xss = next(p for p in pages if "onerror" in p.name)
    assert re.fullmatch(r"seed_007-img-src-x-onerror-al-[0-9a-f]{6}\.md", xss.name)
    text = xss.read_text(encoding="utf-8")
    assert "007&quot;&gt;&lt;img src=x onerror=alert(7)&gt;_x.txt" in text  # the file name is shown, escaped
    seed000 = (tmp_path / "out" / "seed_000.md").read_text(encoding="utf-8")
    assert "<dd>javascript:alert(1)</dd>" in seed000  # the javascript: url is plain text on the page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in seed000
    assert r"\<img src\=x onerror\=alert\(6\)\>标题" in seed000  # the heading is backslash-escaped Markdown


# --- the folder contract ------------------------------------------------------------------------------
def test_hostile_folder_reads_exactly_the_regular_seed_files(hostile):
    s = folder.scan(hostile)
    assert sorted(f.name for f in s.files) == sorted(hostile_folder.READ)
    skipped = {k.name: k.reason for k in s.skipped}
    assert set(skipped) == set(hostile_folder.SKIPPED), skipped
    for name, word in hostile_folder.SKIPPED.items():
        assert word in skipped[name], (name, skipped[name])
        assert any(w.startswith(f"skipped {name}:") for w in s.warnings)
    assert "/etc/passwd" in skipped["101_passwd.txt"]  # the reason says where the link points


def test_symlink_out_of_the_folder_is_never_read(hostile, tmp_path, capsys):
    corpus = Corpus(hostile)
    assert not any("passwd" in p.name for p in corpus.files)
    err = capsys.readouterr().err
    assert "skipped 101_passwd.txt: symbolic link (-> /etc/passwd)" in err  # printed, not silent
    texts = "".join(doc.original for doc in corpus)
    assert "root:" not in texts
    pages = write_source_pages(hostile, tmp_path / "out")
    assert "root:" not in "".join(p.read_text(encoding="utf-8") for p in pages)
    with pytest.raises(SeedError, match="symbolic link"):
        read_seed(hostile / "101_passwd.txt")  # O_NOFOLLOW: even a direct read refuses the link


def test_pipe_and_device_are_not_opened(hostile):
    with pytest.raises(SeedError, match="not a regular file"):
        read_seed(hostile / "103_fifo.txt")  # O_NONBLOCK + fstat: no hang on a FIFO
    with pytest.raises(SeedError, match="not a regular file"):
        read_seed("/dev/zero")


def test_extensions_any_case_and_markdown_are_read(tmp_path):
    d = _seeds(tmp_path, {"001_a.TXT": SAMPLE, "002_b.md": SAMPLE, "003_c.Md": SAMPLE, "004_d.text": SAMPLE,
                          "005_e.txt.bak": SAMPLE, "Catalog.csv": "id,title\n"})
    s = folder.scan(d)
    assert [f.id for f in s.files] == ["001", "002", "003"]
    reasons = {k.name: k.reason for k in s.skipped}
    assert "extension .text" in reasons["004_d.text"] and "extension .bak" in reasons["005_e.txt.bak"]
    assert "exactly catalog.csv" in reasons["Catalog.csv"]


def test_file_name_that_is_not_utf8_is_skipped_not_a_crash(tmp_path):
    d = _seeds(tmp_path, {"001_ok.txt": SAMPLE})
    with open(os.path.join(os.fsencode(d), b"002_\xff\xfe.txt"), "wb") as f:
        f.write(SAMPLE.encode("utf-8"))
    s = folder.scan(d)
    assert [f.name for f in s.files] == ["001_ok.txt"]
    assert [k.reason for k in s.skipped] == ["file name is not valid UTF-8: not read (rename the file)"]
    assert len(write_source_pages(d, tmp_path / "out")) == 1


def test_duplicate_ids_including_case_are_errors(tmp_path):
    d = _seeds(tmp_path, {"001_a.txt": SAMPLE, "001_b.md": SAMPLE, "a_x.txt": SAMPLE, "A_y.txt": SAMPLE})
    err = _folder_error(d)
    assert "duplicate seed id '001'" in err and "001_a.txt" in err
    assert "ids differ only in case" in err  # seed_a.md / seed_A.md would collide on a case-insensitive disk


def test_empty_and_missing_folders(tmp_path):
    assert "does not exist" in _folder_error(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "x.pdf").write_bytes(b"%PDF")
    err = _folder_error(tmp_path / "empty")
    assert "no seed files" in err and "x.pdf" in err
    (tmp_path / "f.txt").write_text(SAMPLE, encoding="utf-8")
    assert "is not a directory" in _folder_error(tmp_path / "f.txt")


def test_size_limit_is_a_clear_configurable_error(tmp_path, monkeypatch):
    d = _seeds(tmp_path, {"001_big.txt": SAMPLE * 200})
    size = (d / "001_big.txt").stat().st_size
    with pytest.raises(folder.FolderError, match=rf"001_big.txt: is {size:,} bytes, over the size limit of 1,000 bytes"):
        folder.scan(d, max_bytes=1000)
    with pytest.raises(SeedError, match="over the size limit"):
        read_seed(d / "001_big.txt", max_bytes=1000)
    monkeypatch.setenv("LLMRACE_MAX_BYTES", "1000")
    assert folder.max_bytes() == 1000
    with pytest.raises(SeedError, match="LLMRACE_MAX_BYTES"):
        list(Corpus(d))
    monkeypatch.setenv("LLMRACE_MAX_BYTES", "lots")
    with pytest.raises(ValueError, match="not a whole number"):
        folder.max_bytes()
    monkeypatch.delenv("LLMRACE_MAX_BYTES")
    assert folder.max_bytes() == folder.DEFAULT_MAX_BYTES and len(list(Corpus(d))) == 1


def test_non_strict_scan_reports_instead_of_raising(tmp_path):
    d = _seeds(tmp_path, {"qq_01.md": SAMPLE, "qq_02.md": SAMPLE}, "id,title\nqq,t\nqq,u\n")
    s = folder.scan(d, strict=False)
    assert [f.name for f in s.files] == ["qq_01.md", "qq_02.md"]
    assert any("duplicate seed id 'qq'" in e for e in s.errors) and any("duplicate id 'qq'" in e for e in s.errors)
    assert "error" in s.report()


# --- the catalog --------------------------------------------------------------------------------------
CAT_FILES = {"007_a.txt": SAMPLE, "008_b.txt": SAMPLE}


@pytest.mark.parametrize("catalog, expected", [
    ("id,outlet\n007,o\n", r"catalog.csv line 1: missing required column\(s\) 'title'"),
    ("title,outlet\nt,o\n", r"missing required column\(s\) 'id'"),
    ("id,title,title\n007,a,b\n", r"column\(s\) 'title' appear more than once"),
    ("id,title\n007,a\n008,b\n007,c\n", r"catalog.csv line 4: duplicate id '007' \(also line 2\)"),
    ("id,title\n7,a\n", r"catalog.csv line 2: id '7' matches no seed file in the folder; did you mean '007' \(007_a.txt\)"),
    ("id,title\n009,a\n", r"catalog.csv line 2: id '009' matches no seed file"),
    ("id,file,title\n009,009_gone.txt,a\n", r"catalog.csv line 2: file '009_gone.txt' \(id '009'\) is not a seed file"),
    ("id,file,title\n7,007_a.txt,a\n", r"line 2: id '7' does not match the seed id '007' of its file 007_a.txt"),
    ("id,title\n007,a,extra\n", r"catalog.csv line 2: 3 fields, the header has 2"),
    ('id,title\n007,"unclosed\n', r"catalog.csv line \d+: malformed CSV"),
    ("id,title\n,a\n", r"catalog.csv line 2: empty id"),
    ("", r"catalog.csv: empty catalog"),
    ("id,title\n007,标题\n".encode("gb18030"), r"catalog.csv line 2: not UTF-8 .*save the catalog as UTF-8"),
    (b"id,title\n007,\x00\x00\n", r"catalog.csv: contains NUL bytes"),
])
def test_bad_catalog_is_a_clear_error_naming_file_and_line(tmp_path, catalog, expected):
    d = _seeds(tmp_path, CAT_FILES, catalog)
    err = _folder_error(d)
    assert re.search(expected, err), err
    with pytest.raises(SeedError, match=expected):  # the same error through Corpus (CLI, notebooks, build)
        Corpus(d)


def test_catalog_problems_are_all_reported_at_once(tmp_path):
    d = _seeds(tmp_path, CAT_FILES, "id,title\n7,a\n007,b\n007,c\n")
    err = _folder_error(d)
    assert "2 problems" in err and "line 2" in err and "line 4" in err


def test_good_catalog_joins_and_reports_gaps(tmp_path):
    d = _seeds(tmp_path, {**CAT_FILES, "1.2_c.txt": SAMPLE}, "\ufeffid,title,url\n007,a,javascript:alert(1)\n1.2,c,https://x.example\n")
    s = folder.scan(d)
    assert set(s.catalog.rows) == {"007", seed_id("1.2_c.txt")}  # joined by the id as written in the name
    assert s.entry(seed_id("1.2_c.txt"))["catalog_id"] == "1.2"
    assert any("008_b.txt: no row in catalog.csv" in w for w in s.warnings)
    assert any("line 2: url 'javascript:alert(1)' is not an http(s) URL" in w for w in s.warnings)
    frame = folder.read_catalog(d)
    assert list(frame["id"]) == ["007", seed_id("1.2_c.txt")] and {"pub_date", "outlet", "catalog_id"} <= set(frame.columns)


def test_the_book_catalog_is_valid_and_unchanged():
    import pandas as pd

    raw = pd.read_csv(ROOT / "seeds" / "catalog.csv", dtype=str, keep_default_na=False)
    frame = folder.read_catalog(ROOT / "seeds")
    pd.testing.assert_frame_equal(frame[raw.columns].reset_index(drop=True), raw)
    assert folder.scan(ROOT / "seeds").warnings == []


# --- encodings ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("data, encoding", [
    (b"\xff\xfe" + SAMPLE.encode("utf-16-le"), "utf-16-le (BOM)"),
    (b"\xfe\xff" + SAMPLE.encode("utf-16-be"), "utf-16-be (BOM)"),
    (SAMPLE.encode("utf-16-le"), "utf-16-le (no BOM)"),
    (SAMPLE.encode("utf-16-be"), "utf-16-be (no BOM)"),
    (b"\xff\xfe\x00\x00" + SAMPLE.encode("utf-32-le"), "utf-32-le (BOM)"),
    (SAMPLE.encode("gb18030"), "gb18030"),
    ("百度於3月16日發佈文心一言。英偉達A800的售價漲至9萬元。".encode("big5"), "big5"),
])
def test_unicode_and_chinese_encodings_are_decoded_and_named(data, encoding):
    d = decode_bytes(data, "x.txt")
    assert d.encoding == encoding
    assert "文心一言" in d.text or "文心一言" in d.text.replace("於", "于")


@pytest.mark.parametrize("text, codec, named", [(JA, "shift_jis", "Shift-JIS"), (JA, "euc_jp", "EUC-JP"),
                                                (KO, "euc_kr", "EUC-KR")])
def test_non_chinese_legacy_encodings_are_reported_not_processed(tmp_path, text, codec, named):
    data = text.encode(codec)
    data.decode("gb18030")  # the trap: these bytes do decode as GB18030 (to mojibake)
    with pytest.raises(SeedError, match=rf"likely wrong encoding.*looks like {named}.*Not processed"):
        decode_bytes(data, "x.txt")
    d = tmp_path / "s"
    d.mkdir()
    (d / "001_x.txt").write_bytes(data)
    run = subprocess.run([sys.executable, "-m", "llmrace", "claims", str(d)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "001_x.txt" in run.stderr and "likely wrong encoding" in run.stderr


def test_utf16_is_no_longer_rejected_as_binary(tmp_path):
    d = tmp_path / "s"
    d.mkdir()
    (d / "001_x.txt").write_bytes("\ufeff".encode("utf-16-le") + SAMPLE.encode("utf-16-le"))
    (d / "002_y.txt").write_bytes(SAMPLE.encode("utf-16-le"))
    docs = list(Corpus(d))
    assert [doc.encoding for doc in docs] == ["utf-16-le (BOM)", "utf-16-le (no BOM)"]
    assert all("文心一言" in doc.text for doc in docs)
    with pytest.raises(SeedError, match="binary file"):
        decode_bytes(b"\x00\x01\x02\x03binary\x00", "b.bin")  # real binary still is


# --- the same rules in the CLI and a notebook -------------------------------------------------------------
def test_cli_applies_the_folder_contract(hostile):
    run = subprocess.run([sys.executable, "-m", "llmrace", "entities", str(hostile)], capture_output=True,
                         text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "skipped 101_passwd.txt: symbolic link" in run.stderr and "skipped sub: subfolder" in run.stderr
    assert "root:" not in run.stdout
    seeds_out = {line.split(",")[0] for line in run.stdout.splitlines()[1:]}
    assert seed_id(hostile_folder.XSS_NAME) in seeds_out and "000" in seeds_out


def test_sources_cli_reports_a_bad_catalog_by_line(tmp_path):
    d = _seeds(tmp_path, CAT_FILES, "id,title\n007,a\n007,b\n")
    run = subprocess.run([sys.executable, "-m", "llmrace.sources", str(d), str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "catalog.csv line 3: duplicate id '007' (also line 2)" in run.stderr
    assert "Traceback" not in run.stderr


def test_notebook_applies_the_folder_contract(tmp_path):
    """A chapter run on another folder (papermill, seeds_dir) stops with the folder error, not a traceback
    deep in pandas: a duplicated catalog id would otherwise silently change inferred years."""
    pm = pytest.importorskip("papermill")
    d = _seeds(tmp_path, CAT_FILES, "id,title,pub_date\n007,a,2023\n007,b,2021\n")
    signal.alarm(170)
    with pytest.raises(pm.PapermillExecutionError) as e:
        pm.execute_notebook(str(ROOT / "notebooks" / "00_corpus.ipynb"), str(tmp_path / "out.ipynb"),
                            parameters={"seeds_dir": str(d), "export_dir": str(tmp_path / "exports")},
                            cwd=str(ROOT / "notebooks"), kernel_name="python3", progress_bar=False)
    assert e.value.ename == "FolderError" and "duplicate id '007' (also line 2)" in e.value.evalue


def test_pathological_markup_in_a_seed_is_text(tmp_path):
    doc = build_document('<a href="javascript:alert(1)">x</a>\u202e<svg onload=alert(1)>', "900")
    page = render_page(doc, {"title": "<svg onload=alert(1)>", "url": "javascript:alert(1)"})
    assert not re.search(r"(?<!\\)<svg", page) and "<a href" not in page  # Markdown heading: \<svg …
    assert "&lt;svg onload=alert(1)&gt;" in page and "<dd>javascript:alert(1)</dd>" in page
