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


# ------------------------------------------------------------------ issue 12: beyond the gazetteer
def rows(text):
    return {r["surface"]: r for r in ents(text).to_dict("records")}


def test_latin_names_match_in_any_case():
    assert rows("nvidia与Nvidia、NVIDIA发布新品。")["nvidia"]["entity_id"] == "nvidia"
    r = rows("openai和OPENAI。")
    assert r["openai"]["entity_id"] == r["OPENAI"]["entity_id"] == "openai"


def test_longest_name_wins_over_a_listed_part():
    r = rows("OpenAI发布GPT-4V,英伟达推出NeMo-LLM服务。")
    assert "GPT" not in r and "LLM" not in r
    assert r["GPT-4V"]["category"] == "model" and not r["GPT-4V"]["listed"]
    assert "NeMo-LLM" in r
    r = rows("阿里发布了通义千问大模型。")  # qq_: one model mention, not 通义千问 + 大模型
    assert r["通义千问大模型"]["entity_id"] == "tongyi_qianwen" and r["通义千问大模型"]["listed"]
    r = rows("商汤发布商汤日日新大模型。")
    assert "大模型" not in r and any(k.endswith("日日新大模型") for k in r)


def test_discovery_of_unlisted_names():
    r = rows("AMD推出MI300X,Meta开源Llama 2,智谱发布GLM-130B,华为昇腾910B出货。")
    assert r["MI300X"]["category"] == "chip"
    assert r["Llama 2"]["category"] == "model"
    assert r["GLM-130B"]["category"] == "model"
    assert r["昇腾910B"]["category"] == "chip"
    r = rows("据悉,深度求索科技发布了新模型。上海人工智能实验室成立。")
    found = {k: v for k, v in r.items() if not v["listed"]}
    assert any(k.endswith("科技") and v["category"] == "company" for k, v in found.items()), found
    assert any(k.endswith("实验室") and v["category"] == "institution" for k, v in found.items()), found
    for v in found.values():
        assert v["entity_id"].startswith("new:") and v["entity_id"] == "new:" + v["surface"]


def test_discovery_leaves_generic_words_and_listed_companies_alone():
    r = rows("国产大模型和中国大模型都在追赶。IBM 360是一台计算机。")
    assert not [k for k, v in r.items() if k.endswith("大模型") and not v["listed"]], r
    assert r["IBM"]["entity_id"] == "ibm"


def test_discovery_can_be_switched_off():
    df = extract_entities(build_document("AMD推出MI300X。", "900"), discover=False)
    assert df["listed"].all()


def test_gazetteer_has_2023_names():
    g = set(gazetteer()["id"])
    assert {"nvidia_h800", "huawei_ascend", "moore_threads", "biren", "cambricon", "baichuan", "zhipu"} <= g
    r = rows("英伟达H800和摩尔线程、壁仞科技的GPU。")
    assert r["H800"]["entity_id"] == "nvidia_h800" and r["摩尔线程"]["listed"] and r["壁仞科技"]["listed"]


def test_entities_are_linear_in_input_size():
    import time

    unit = "英伟达发布H800,AMD推出MI300X,北京某某科技发布某某大模型。\n"
    small, big = build_document(unit * 2000, "900"), build_document(unit * 8000, "900")
    extract_entities(small)
    t = time.perf_counter()
    n_small = len(extract_entities(small))
    t_small = time.perf_counter() - t
    t = time.perf_counter()
    n_big = len(extract_entities(big))
    t_big = time.perf_counter() - t
    assert n_big == 4 * n_small
    assert t_big < 4 * t_small * 2.5 + 0.5, (t_small, t_big)
