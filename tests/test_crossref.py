"""Claim families and automatic conflicts (llmrace.crossref), and their score against the hand-made registry."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from llmrace import crossref
from paths import SEEDS


def _claim(key, seed, value, unit="USD", kind="money", sentence="", surface="", start=0, qualifier=""):
    sid = key.split("#")[0]
    return dict(claim_key=key, seed=seed, sentence_id=sid, kind=kind, surface=surface or str(value), value=value,
                low=math.nan, high=math.nan, unit=unit, counted="", qualifier=qualifier, start=start,
                end=start + len(surface or str(value)), orig_start=start, orig_end=start, sentence=sentence, iso="")


@pytest.mark.parametrize("a,b,same", [
    (4.5e6, 4.5e6, True), (5.45e8, 5.4e8, True), (5.45e8, 5.5e8, True), (4.5e6, 4.6e6, False),
    (1e7, 1.2e7, False), (40, 40.2, True), (40, 45, False), (1e4, 1e4, True), (1.75e11, 1750e8, True),
    (math.nan, 1.0, False), (-3, 3, False),
])
def test_same_within_rounding(a, b, same):
    assert crossref.same_within_rounding(a, b) is same
    assert crossref.same_within_rounding(b, a) is same


def test_families_earliest_article_first_and_single_article_figures_left_out():
    claims = pd.DataFrame([
        _claim("003.p1.s1#1", "003", 4.5e6), _claim("001.p2.s1#1", "001", 4.5e6), _claim("002.p5.s1#1", "002", 4.5e6),
        _claim("002.p6.s1#1", "002", 7e9), _claim("002.p7.s1#1", "002", 7e9),  # one article only
        _claim("001.p3.s1#1", "001", 4.6e6),  # differs beyond rounding
        _claim("004.p1.s1#1", "004", 4.5e6, kind="date", unit=""),
    ])
    dates = {"001": "2023-05", "002": "2023-02-10", "003": ""}
    fam = crossref.claim_families(claims, dates)
    assert len(fam) == 1
    f = fam.iloc[0]
    assert (f.n_articles, f.n_claims, f.earliest_seed, f.earliest_date) == (3, 3, "002", "2023-02-10")
    assert f.claim_keys.split("|") == ["002.p5.s1#1", "001.p2.s1#1", "003.p1.s1#1"]  # undated last


def test_quantity_from_subject_measure_word_and_unit():
    s1 = "ChatGPT训练一次的成本高达1千万美元。"
    s2 = "据估算，ChatGPT一次运算的成本高达450万美元，OpenAI公司净亏损高达5.45亿美元。"
    s3 = "微软七年共计40亿美元的投资。"
    claims = pd.DataFrame([
        _claim("001.p1.s1#1", "001", 1e7, sentence=s1, surface="1千万美元", start=s1.index("1千万")),
        _claim("002.p1.s1#1", "002", 4.5e6, sentence=s2, surface="450万美元", start=s2.index("450万")),
        _claim("002.p1.s1#2", "002", 5.45e8, sentence=s2, surface="5.45亿美元", start=s2.index("5.45亿")),
        _claim("003.p1.s1#1", "003", 4e9, sentence=s3, surface="40亿美元", start=s3.index("40亿")),
    ])
    entities = pd.DataFrame([
        dict(seed="001", sentence_id="001.p1.s1", entity_id="chatgpt", start=0),
        dict(seed="002", sentence_id="002.p1.s1", entity_id="chatgpt", start=s2.index("ChatGPT")),
        dict(seed="002", sentence_id="002.p1.s1", entity_id="openai", start=s2.index("OpenAI")),
        dict(seed="003", sentence_id="003.p1.s1", entity_id="microsoft", start=0),
    ])
    sentences = pd.DataFrame([dict(seed=k[:3], sentence_id=k[:9], paragraph=1, start=0) for k in ("001.p1.s1", "002.p1.s1", "003.p1.s1")])
    q = crossref.claim_quantities(claims, entities, sentences).set_index("claim_key")
    assert q.loc["001.p1.s1#1", "quantity"] == "chatgpt:cost:USD"
    assert q.loc["002.p1.s1#1", "quantity"] == "chatgpt:cost:USD"
    assert q.loc["002.p1.s1#2", "quantity"] == "openai:loss:USD"  # nearest measure word and entity of its clause
    assert q.loc["003.p1.s1#1", "quantity"] == "microsoft:investment:USD"  # measure word after the number
    conf = crossref.automatic_conflicts(claims, q.reset_index())
    assert list(conf.quantity) == ["chatgpt:cost:USD"]
    assert conf.ratio.iloc[0] == pytest.approx(1e7 / 4.5e6)


def test_confidence_from_wording():
    assert crossref.confidence("money", "") == "as stated"
    assert crossref.confidence("money", "approximate") == "approximate"
    assert crossref.confidence("count", "lower-bound") == "bound"
    assert crossref.confidence("money", "approximate|forecast") == "forecast"
    assert crossref.confidence("date", "", "--03-16") == "unresolved date"
    assert crossref.confidence("date", "inferred-year", "2023-03-16") == "year inferred"


def test_measure_words_are_data():
    mw = crossref.measure_words()
    assert {"word", "measure", "unit_class"} <= set(mw.columns)
    for w in ("训练成本", "市值", "参数", "融资", "营收"):
        assert w in set(mw.word)
    assert set(mw.unit_class) <= set(crossref.FAMILY_KINDS)


def test_against_the_registry_on_the_bundled_seeds(report):
    """Recall of the registry's cross-seed conflicts and precision of the automatic ones (measured, printed).

    In-sample: the measure-word lexicon was written while reading the seeds, so this is an upper bound on
    what it does for unseen articles."""
    from llmrace.registry import load_registry
    from llmrace.userbook import corpus_tables

    t = corpus_tables(SEEDS)
    cat = pd.read_csv(SEEDS / "catalog.csv", dtype=str, keep_default_na=False)
    scores = crossref.evaluate_against_registry(t["claims"], t["entities"], load_registry(), t["sentences"],
                                                dict(zip(cat.id, cat.pub_date)))
    report("crossref vs data/registry (bundled seeds)", scores.to_string(index=False, float_format=lambda x: f"{x:.2f}"))
    conf = scores.set_index("check").loc["conflicts"]
    assert conf.reference_pairs >= 3
    assert conf.recall >= 0.75
    assert conf.precision >= 0.5
    fam = scores.set_index("check").loc["families"]
    assert fam.recall >= 0.5
