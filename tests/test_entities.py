from pathlib import Path

from llmrace import build_document
from llmrace.entities import COLUMNS, cooccurrence, corpus_entities, extract_entities, gazetteer


ROOT = Path(__file__).resolve().parents[1]


def test_gazetteer_shape():
    g = gazetteer()
    assert list(g.columns)[:6] == ["id", "name_en", "name_zh", "category", "aliases", "parent"]
    assert g["id"].is_unique and len(g) > 50


def ents(text):
    return extract_entities(build_document(text, "900"))


def test_longest_match_first_and_traditional_aliases():
    g = set(gazetteer()["id"])
    df = ents("百度发布文心一言,輝達的A100芯片很贵。")
    assert list(df.columns) == COLUMNS
    ids = df["entity_id"].tolist()
    assert "baidu" in ids and "nvidia" in ids
    if "ernie_bot" in g:
        assert "ernie_bot" in ids
    # the Traditional 輝達 is converted to Simplified by the pipeline and still matches Nvidia
    row = df[df.entity_id == "nvidia"].iloc[0]
    assert row["surface"] in ("辉达", "輝達", "英伟达")


def test_latin_word_boundaries_case_sensitive():
    ids = ents("OpenAI发布了ChatGPT。").entity_id.tolist()
    assert "openai" in ids and "chatgpt" in ids
    assert "openai" not in ents("openaix很好。").entity_id.tolist()


def test_offsets_and_sentences(corpus_docs):
    for doc in corpus_docs.values():
        df = extract_entities(doc)
        for r in df.itertuples():
            assert doc.text[r.start:r.end] == r.surface
            assert doc.sentence(r.sentence_id).start <= r.start


def test_cooccurrence():
    df = ents("百度和阿里都在做大模型。\n百度与阿里竞争。\n")
    co = cooccurrence(df)
    assert list(co.columns) == ["source", "target", "weight"]
    assert (co["source"] < co["target"]).all()
    row = co[(co.source == "alibaba") & (co.target == "baidu")]
    assert row["weight"].tolist() == [2]


def test_corpus_entities():
    df = corpus_entities(ROOT / "seeds")
    assert {"000", "001", "002", "003", "004"} <= set(df["seed"]) and len(df) > 300
