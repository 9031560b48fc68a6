"""Bad and unusual input, beyond tests/test_corpus.py (which covers each encoding path, empty, binary and
undecodable files, BOM errors and duplicate ids): a seeds directory given on the command line, reports of
the decoded encoding, a corpus whose memory does not grow with its size (the 50 MB article through the
full pipeline is tests/test_hostile_scale.py; hostile names, folders and catalogs tests/test_hostile.py), pathological text that must not hang, and an article with no numbers.

Everything that could take long runs in a subprocess with a timeout, or under SIGALRM: nothing hangs."""
from __future__ import annotations

import importlib.util
import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from llmrace import build_document, load_document
from llmrace.sources import write_source_pages

_spec = importlib.util.spec_from_file_location("bench_hostile", Path(__file__).resolve().parents[1] / "benchmarks" / "bench_hostile.py")
_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_bench)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SAMPLE = "百度于3月16日发布文心一言。英伟达A800的售价涨至9万元。"
SAMPLE_TRAD = "百度於3月16日發佈文心一言。英偉達A800的售價漲至9萬元。"


@pytest.fixture(autouse=True)
def _no_hang():
    """Fail (not hang) any in-process test that runs for more than 120 s."""
    def _alarm(signum, frame):
        raise TimeoutError("test exceeded 120 s: input made the pipeline hang")
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def _run(code: str, timeout: int) -> dict:
    run = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                         timeout=timeout, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def _article(path: Path, size: int, salt: str = "") -> Path:
    """A plausible article of about `size` bytes (benchmarks/bench_hostile.write_article: real seed lines, each
    made unique, so no repeated banners)."""
    _bench.write_article(path, size, salt)
    return path


# --- encodings are reported, on a seeds directory given by parameter ----------------------------------
@pytest.mark.parametrize("encoding, expected", [("gb18030", "gb18030"), ("big5", "big5"), ("utf-8-sig", "utf-8-sig")])
def test_encoding_reported_on_the_source_page(tmp_path, encoding, expected):
    text = SAMPLE_TRAD if encoding == "big5" else SAMPLE
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "500_x.txt").write_bytes(text.encode(encoding))
    assert load_document(tmp_path / "seeds" / "500_x.txt").encoding == expected
    page = write_source_pages(tmp_path / "seeds", tmp_path / "out")[0].read_text(encoding="utf-8")
    assert f"<dt>Encoding</dt><dd>{expected}</dd>" in page
    assert "文心一言" in page


def test_sources_cli_takes_a_seeds_dir_and_rejects_bad_files_by_name(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "501_ok.txt").write_text(SAMPLE, encoding="utf-8")
    cli = [sys.executable, "-m", "llmrace.sources", str(seeds), str(tmp_path / "out")]
    ok = subprocess.run(cli, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and (tmp_path / "out" / "seed_501.md").is_file(), ok.stderr
    (seeds / "502_bin.txt").write_bytes(b"\x00\x01\x02binary")
    bad = subprocess.run(cli, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "502_bin.txt" in bad.stderr and "binary file" in bad.stderr
    (seeds / "502_bin.txt").unlink()
    (seeds / "501_dupe.txt").write_text(SAMPLE, encoding="utf-8")
    dupe = subprocess.run(cli, capture_output=True, text=True, timeout=120)
    assert dupe.returncode == 2 and "duplicate seed id '501'" in dupe.stderr


def test_missing_seeds_dir_is_a_clear_error(tmp_path):
    run = subprocess.run([sys.executable, "-m", "llmrace.sources", str(tmp_path / "nope"), str(tmp_path / "o")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "does not exist" in run.stderr


# --- size and memory -------------------------------------------------------------------------------
MEASURE = """
import gc, json, resource, sys, time
sys.path.insert(0, "lib")
from llmrace import Corpus, build_document
build_document("预热文心一言。", "000")  # loads jieba and OpenCC before the baseline
gc.collect()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
t0 = time.time()
sentences = 0
for doc in Corpus(sys.argv[1] if len(sys.argv) > 1 else {seeds!r}):
    sentences += len(doc.sentences)
    del doc
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({{"growth": peak - base, "seconds": time.time() - t0, "sentences": sentences}}))
"""


# The 50 MB article through the full pipeline (claims, entities, source page) is tests/test_hostile_scale.py.


def test_corpus_memory_does_not_grow_with_the_number_of_documents(tmp_path):
    one, three = tmp_path / "one", tmp_path / "three"
    one.mkdir(), three.mkdir()
    _article(one / "700_a.txt", 4_000_000, "a")
    for i in range(3):
        _article(three / f"70{i}_a.txt", 4_000_000, "abc"[i])
    r1 = _run(MEASURE.format(seeds=str(one)), timeout=300)
    r3 = _run(MEASURE.format(seeds=str(three)), timeout=300)
    assert r3["sentences"] > 2.5 * r1["sentences"]
    # Documents are streamed: three documents peak about like one (not three times as high).
    assert r3["growth"] < 1.6 * r1["growth"] + 30e6, (r1, r3)


# --- pathological text must not hang ----------------------------------------------------------------
@pytest.mark.parametrize("name, text", [
    ("one 2 MB line without punctuation", "文" * 2_000_000),
    ("only punctuation", "。！？…" * 100_000),
    ("nested brackets", "（" * 50_000 + "文" + "）" * 50_000),
    ("many pinyin-like groups", "強(qiáng)" * 100_000),
    ("long run of rare characters", "龘靐齉" * 100_000),
    ("digits and units", "1" * 100_000 + "亿美元"),
    ("only boilerplate lines", "责任编辑：某某\n" * 10),
])
def test_pathological_text_finishes(name, text):
    doc = build_document(text, "800")
    assert doc.seed == "800"


# --- no numbers, no crash ------------------------------------------------------------------------------
def test_article_without_numbers_gives_an_empty_claims_table():
    claims = pytest.importorskip("llmrace.claims", reason="llmrace.claims not available yet")
    if not hasattr(claims, "extract_claims"):
        pytest.skip("llmrace.claims.extract_claims not available yet")
    doc = build_document("这是一篇没有任何数字的文章。它只讨论大模型的意义，以及文心一言的前景。\n", "900")
    df = claims.extract_claims(doc)
    assert len(df) == 0
    assert "sentence_id" in df.columns


def test_empty_after_cleaning_source_page(tmp_path):
    seeds = tmp_path / "s"
    seeds.mkdir()
    (seeds / "901_x.txt").write_text("责任编辑：某某\n" * 3 + "正文。\n", encoding="utf-8")
    page = write_source_pages(seeds, tmp_path / "o")[0].read_text(encoding="utf-8")
    assert "## Cleaning report" in page
