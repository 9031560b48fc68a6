"""Loading, cleaning, converting and splitting the seeds: real files, every path."""
import hashlib
import re

import pytest

from paths import SEEDS, SHARED_SEEDS
from llmrace import Corpus, SeedError, build_document, decode_bytes, load_document
from llmrace.clean import find_corrupted, strip_pinyin
from llmrace.convert import to_simplified

SAMPLE = "百度將於3月在中國推出類似ChatGPT的人工智能聊天機器人文心一言。英偉達的A800芯片漲價了。"


# --- the bundled seeds -------------------------------------------------------------------------
def test_seeds_are_byte_identical_to_shared():
    if not SHARED_SEEDS.exists():
        pytest.skip("../shared/seeds not beside the checkout")
    shared = sorted(p.name for p in SHARED_SEEDS.glob("*.txt"))
    assert shared == sorted(p.name for p in SEEDS.glob("*.txt"))
    for name in shared:
        assert hashlib.sha256((SEEDS / name).read_bytes()).digest() == hashlib.sha256((SHARED_SEEDS / name).read_bytes()).digest()


def test_corpus_has_five_documents(corpus_docs):
    assert sorted(corpus_docs) == ["000", "001", "002", "003", "004"]
    assert {d.script for d in corpus_docs.values()} == {"traditional", "simplified"}
    assert corpus_docs["000"].script == "traditional" and corpus_docs["002"].script == "simplified"


def test_pinyin_counts_reported(corpus_docs):
    assert corpus_docs["000"].report()["pinyin_removed"] > 400
    assert corpus_docs["001"].report()["pinyin_removed"] > 150
    assert corpus_docs["002"].report()["pinyin_removed"] == 0
    assert "(qiáng)" not in corpus_docs["000"].text and "(" + "wǎng)" not in corpus_docs["000"].text


@pytest.mark.parametrize("kept", ["(LaMDA)", "(NLP)", "(化名)", "(texttovisual)", "(RLHF)", "(LLM)"])
def test_legitimate_parentheses_kept(corpus_docs, kept):
    text = "".join(d.text for d in corpus_docs.values())
    assert kept in text


@pytest.mark.parametrize("line, expected", [
    ("強(qiáng)人工智能", "強人工智能"),
    ("網(wǎng) 絡(luò)", "網 絡"),
    ("綠(lǜ)色", "綠色"),
    ("模型(LaMDA)", "模型(LaMDA)"),
    ("處理(NLP)", "處理(NLP)"),
    ("朱青(化名)", "朱青(化名)"),
    ("視覺(texttovisual)", "視覺(texttovisual)"),
    ("ABC(qiáng)", "ABC(qiáng)"),  # not after a Han character
    ("中(zhong)", "中(zhong)"),  # no tone mark: not a converter annotation
    ("咖啡馆(café)", "咖啡馆(café)"),  # a tone-marked vowel, but not a pinyin syllable
    ("嗯(ńg)", "嗯"),  # interjection syllable
])
def test_pinyin_rule(line, expected):
    assert strip_pinyin(line) == expected


def test_boilerplate_report_has_reasons(corpus_docs):
    d0 = corpus_docs["000"]
    reasons = {r.reason for r in d0.removals if r.kind == "boilerplate"}
    assert any(r.startswith("repeated banner") for r in reasons)
    assert "comment widget" in reasons and "copyright/ICP" in reasons and "navigation" in reasons
    banners = [r for r in d0.removals if r.reason.startswith("repeated banner")]
    assert len(banners) == 13 and all("AI芯天下" in r.text for r in banners)
    assert "AI芯天下丨深度" not in d0.text
    assert any(r.reason == "hashtag/ticker" for r in corpus_docs["002"].removals)
    # nothing lost: every original non-blank line is either in the body or reported
    for d in corpus_docs.values():
        removed_lines = {r.line for r in d.removals if r.kind == "boilerplate"}
        body_lines = {d.original.count("\n", 0, s.orig_start) + 1 for s in d.sentences}
        for n, line in enumerate(d.original.splitlines(), start=1):
            if line.strip():
                assert n in removed_lines or n in body_lines, (d.seed, n, line)


def test_corrupted_spans_flagged(corpus_docs):
    flags = corpus_docs["000"].flags
    assert any("?/p>" in f.text for f in flags)
    assert any("private-use" in f.reason for f in flags)
    assert any("mojibake" in f.reason for f in flags)
    assert all(f.text == corpus_docs["000"].original[f.orig_start:f.orig_end] for f in flags)
    assert corpus_docs["003"].flags == []
    assert find_corrupted("正常的句子,没有问题。") == []
    assert find_corrupted("坏字\ufffd在这里")[0][2].startswith("replacement")


def test_sentence_ids_stable_and_unique(corpus_docs):
    for d in corpus_docs.values():
        ids = [s.id for s in d.sentences]
        assert len(ids) == len(set(ids))
        assert all(re.fullmatch(rf"{d.seed}\.p\d+\.s\d+", i) for i in ids)
    again = load_document(next(SEEDS.glob("002_*.txt")))
    assert [s.id for s in again.sentences] == [s.id for s in corpus_docs["002"].sentences]
    assert corpus_docs["001"].sentences[0].id == "001.p1.s1"


def test_offsets_map_back_to_cleaned_and_original(corpus_docs):
    for d in corpus_docs.values():
        for s in d.sentences:
            assert d.text[s.start:s.end] == s.text
            span = d.original[s.orig_start:s.orig_end]
            assert to_simplified(strip_pinyin(span)) == s.text, s.id
            assert strip_pinyin(span) == s.original_script


def test_offsets_to_original_bytes(corpus_docs):
    d = corpus_docs["001"]
    raw = d.path.read_bytes()
    s = next(s for s in d.sentences if "A800" in s.text)
    b0 = len(d.original[: s.orig_start].encode("utf-8"))
    b1 = b0 + len(d.original[s.orig_start:s.orig_end].encode("utf-8"))
    assert raw[b0:b1].decode("utf-8") == d.original[s.orig_start:s.orig_end]


# --- encodings ---------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding, data_encoding", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("big5", "big5"),
])
def test_each_encoding_path(tmp_path, encoding, data_encoding):
    text = SAMPLE if encoding != "gb18030" else to_simplified(SAMPLE)
    p = tmp_path / "100_sample.txt"
    p.write_bytes(text.encode(data_encoding))
    doc = load_document(p)
    assert doc.encoding == encoding
    assert "文心一言" in doc.text and "英伟达" in doc.text
    assert doc.seed == "100"


def test_real_seed_reencoded_as_big5_and_gb18030(tmp_path):
    src = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "001_x.txt").write_bytes(src.encode("big5", errors="ignore"))
    assert load_document(tmp_path / "b" / "001_x.txt").encoding == "big5"
    simp = next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8")
    (tmp_path / "b" / "002_x.txt").write_bytes(simp.encode("gb18030"))
    assert load_document(tmp_path / "b" / "002_x.txt").encoding == "gb18030"


# --- errors ------------------------------------------------------------------------------------
@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"  \n\n ", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (bytes(range(1, 32)) * 20, "binary file"),
    (b"\xef\xbb\xbf\xff\xfe bad", "UTF-8 BOM"),
])
def test_bad_input_names_file_and_reason(tmp_path, data, reason):
    p = tmp_path / "200_bad.txt"
    p.write_bytes(data)
    with pytest.raises(SeedError) as e:
        load_document(p)
    assert str(p) in str(e.value) and reason in str(e.value)


def test_undecodable_file(tmp_path):
    p = tmp_path / "201_bad.txt"
    p.write_bytes(b"\x81\x20\xff\x80abc\xfe\xff" * 10)
    with pytest.raises(SeedError, match=r"201_bad.txt: undecodable"):
        load_document(p)


def test_duplicate_ids_rejected(tmp_path):
    (tmp_path / "001_a.txt").write_text("你好。", encoding="utf-8")
    (tmp_path / "001_b.txt").write_text("再见。", encoding="utf-8")
    with pytest.raises(SeedError, match="duplicate seed id '001'"):
        Corpus(tmp_path)


def test_missing_and_empty_directory(tmp_path):
    with pytest.raises(SeedError, match="does not exist"):
        Corpus(tmp_path / "nope")
    with pytest.raises(SeedError, match="no seed files"):
        Corpus(tmp_path)


def test_html_in_seed_is_kept_as_text_and_flagged():
    doc = build_document("标题\n正文<script>alert(1)</script>结束。\n", "300")
    assert "<script>alert(1)</script>" in doc.text
    assert any("HTML fragment" in f.reason for f in doc.flags)


def test_decode_bytes_direct():
    assert decode_bytes("中文".encode("utf-8")).encoding == "utf-8"
