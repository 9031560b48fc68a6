"""The lineage data (data/lineage.csv), its seed sentences and dates, and the compute-growth arithmetic."""
import math
import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from llmrace import build_document
from llmrace import lineage as L
from llmrace.claims import corpus_claims

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def nodes():
    return L.load_lineage(ROOT / "data" / "lineage.csv")


@pytest.fixture(scope="module")
def sentences(corpus_docs):
    return [s for d in corpus_docs.values() for s in d.sentences]


@pytest.fixture(scope="module")
def bib_keys():
    return set(re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M))


# ------------------------------------------------------------------------------------------- arithmetic
def test_doubling_time_hand_computed():
    # 300,000x over 61 months: 61 * 0.693147 / 12.611538 = 3.3527 months
    assert L.doubling_time_months(300_000, 61) == pytest.approx(61 * math.log(2) / math.log(300_000))
    assert L.doubling_time_months(300_000, 61) == pytest.approx(3.3527, abs=1e-4)
    assert L.doubling_time_months(2, 18) == pytest.approx(18.0)  # one doubling in 18 months
    assert L.doubling_time_months(1024, 24) == pytest.approx(2.4)  # ten doublings in two years
    with pytest.raises(ValueError):
        L.doubling_time_months(1.0, 12)
    with pytest.raises(ValueError):
        L.doubling_time_months(10, 0)


def test_growth_factor_inverts_doubling_time():
    assert L.growth_factor(18, 36) == pytest.approx(4.0)
    d = L.doubling_time_months(300_000, 60.6)
    assert L.growth_factor(d, 60.6) == pytest.approx(300_000)


def test_months_between_alexnet_and_alphago_zero():
    # 2012-09-30 -> 2017-10-19 is 1,845 days = 60.6 average months
    assert L.months_between("2012-09-30", "2017-10-19") == pytest.approx(1845 / 30.4375)


def test_growth_curve_shape():
    c = L.growth_curve("2012-09-30", "2017-10-19", {"a": 3.4, "b": 24.0}, points=5)
    assert list(c.columns) == ["series", "doubling_months", "date", "months", "factor"]
    assert c.series.tolist()[:5] == ["a"] * 5 and len(c) == 10
    first = c[c.series == "b"].iloc[0]
    last = c[c.series == "b"].iloc[-1]
    assert first.factor == pytest.approx(1.0) and first.date == "2012-09-30" and last.date == "2017-10-19"
    assert last.factor == pytest.approx(2 ** (1845 / 30.4375 / 24))


# ------------------------------------------------------------------------------------------- data file
def test_every_node_has_date_and_existing_citation(nodes, bib_keys):
    for row in nodes.to_dict("records"):
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", row["date"]), row["node"]
        L.parse_date(row["date"])
        assert row["date_source"] in bib_keys, f"{row['node']}: {row['date_source']} not in references.bib"
        assert row["organisation"] and row["label_en"] and row["label_zh"]


def test_graph_is_a_dated_dag(nodes):
    g = L.lineage_graph(nodes)
    assert nx.is_directed_acyclic_graph(g) and set(g.nodes) == set(nodes.node)
    for a, b in g.edges:  # a parent never post-dates its child
        assert g.nodes[a]["timestamp"] <= g.nodes[b]["timestamp"], (a, b)
    assert {"turing_test", "alexnet", "alphago", "alphago_zero", "transformer", "gpt", "bert", "gpt_3",
            "instructgpt", "rlhf", "chatgpt", "gpt_4"} <= set(g.nodes)


def test_every_node_has_seed_sentence_or_citation(nodes, sentences, bib_keys):
    ns = L.node_sentences(sentences, nodes)
    for node in nodes.node:
        has_sentence = (ns.node == node).any()
        cited = nodes.set_index("node").loc[node, "date_source"] in bib_keys
        assert has_sentence or cited, node
    # the story is told in the seeds: every node is in fact spoken of by at least one sentence
    assert set(ns.node) == set(nodes.node)


def test_known_sentences_and_longest_match(nodes, sentences):
    ns = L.node_sentences(sentences, nodes)
    pairs = set(zip(ns.node, ns.sentence_id))
    assert ("alexnet", "002.p40.s3") in pairs and ("alphago_zero", "002.p40.s3") in pairs
    assert ("alphago", "002.p40.s3") not in pairs  # 'AlphaGo' inside 'AlphaGoZero' belongs to AlphaGo Zero
    assert ("chatgpt", "000.p80.s1") in pairs and ("gpt_3", "000.p80.s1") in pairs  # GPT 3.5 vs GPT3
    assert ("gpt_3", "000.p20.s1") not in pairs  # only 'GPT-3.5' there
    assert ("gpt", "000.p83.s1") not in pairs  # 'ChatGPT模型' is not 'GPT模型'
    assert ("turing_test", "001.p15.s1") in pairs and ("bert", "000.p61.s1") in pairs


def test_mentions_on_a_synthetic_document(nodes):
    doc = build_document("2017年,Transformer问世。\nChatGPT基于GPT 3.5,而非GPT3。\n", "901")
    m = L.node_mentions(doc.sentences, nodes)
    assert set(zip(m.node, m.alias)) == {("transformer", "Transformer"), ("chatgpt", "GPT 3.5"), ("gpt_3", "GPT3")}


def test_seed_dates_are_attributed_and_checked(nodes, sentences, corpus_docs):
    claims = corpus_claims(ROOT / "seeds", docs=corpus_docs.values())
    m = L.node_mentions(sentences, nodes)
    sd = L.attribute_dates(m, claims, {s.id: s.start for s in sentences})
    got = {(r["node"], r["sentence_id"]): r["seed_iso"] for r in sd.to_dict("records")}
    assert got[("alexnet", "002.p40.s3")] == "2012" and got[("alphago_zero", "002.p40.s3")] == "2017"
    assert got[("chatgpt", "002.p54.s1")] == "2022-12"
    assert ("transformer", "002.p54.s1") not in got  # the ChatGPT launch date is not the Transformer's
    checks = L.date_checks(nodes, sd)
    differs = checks[checks.verdict == "differs"]
    assert differs[["node", "seed_iso", "primary_date", "months_off"]].values.tolist() == [["chatgpt", "2022-12", "2022-11-30", 1]]


def test_quotes_file_quotes_exactly(sentences):
    q = pd.read_csv(ROOT / "data" / "lineage_quotes.csv", dtype=str, keep_default_na=False)
    text = {s.id: s.text for s in sentences}
    assert q.claim_id.is_unique
    for r in q.to_dict("records"):
        assert r["quote"] in text[r["sentence_id"]], r["claim_id"]
        assert r["value"] == "" and r["unit"] == "" and r["quantity"] and r["gloss"]
