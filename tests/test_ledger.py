"""Tests for llmrace.ledger and its curated data (data/verdicts.csv, data/arithmetic_checks.csv)."""
import math

import pandas as pd
import pytest

from llmrace import ledger as L
from llmrace.bibliography import bib_keys
from llmrace.registry import load_registry

from paths import ROOT

# Disagreements a reader finds in the seeds themselves (read from the quoted sentences, not from the ledger's
# output): the seeds give different training costs for GPT-3 and for "ChatGPT", different Microsoft investments
# in OpenAI, and different Nvidia share gains. The rule must flag at least these.
READ_DISAGREEMENTS = {
    "chatgpt_training_cost_usd",
    "gpt3_training_cost_usd",
    "microsoft_investment_usd",
    "nvidia_share_gain",
}


@pytest.fixture(scope="module")
def registry():
    return load_registry(ROOT)


@pytest.fixture(scope="module")
def sentence_ids(corpus_docs):
    return {s.id for d in corpus_docs.values() for s in d.sentences}


def _read(name):
    return pd.read_csv(ROOT / "data" / name, dtype=str, keep_default_na=False)


# ------------------------------------------------------------------------------------------ conflicts
def _flagged(reg, **kw):
    t = L.conflicts(reg, **kw)
    return set(t.loc[t["flagged"], "quantity"])


def test_registry_flags_the_disagreements_a_reader_finds(registry):
    assert READ_DISAGREEMENTS <= _flagged(registry, rel_tol=0.05)


def test_flags_obey_the_rule(registry):
    """Every flag has >= 2 seeds and a stated reason; every unflagged multi-seed quantity agrees within tolerance."""
    t = L.conflicts(registry, rel_tol=0.05)
    assert len(t)
    for _, r in t.iterrows():
        rows = registry[registry["quantity"] == r["quantity"]]
        seeds = {s.split(".")[0] for s in rows["sentence_id"]}
        parsed = [L.parse_registry_value(v, u) for v, u in zip(rows["value"], rows["unit"])]
        nums = [p["value"] for p in parsed if p["type"] in ("number", "range")]
        units = {u.strip() for u in rows["unit"] if u.strip()}
        if r["flagged"]:
            assert len(seeds) >= 2, r["quantity"]
            assert r["reasons"], r["quantity"]
            if r["reasons"] == "units differ":
                assert len(units) > 1
        elif len(seeds) >= 2 and len(nums) >= 2 and min(nums) > 0:
            assert max(nums) / min(nums) - 1 <= 0.05, r["quantity"]
            assert len(units) <= 1, r["quantity"]


def test_synthetic_second_value_is_flagged(registry):
    counts = registry.groupby("quantity")["sentence_id"].agg(lambda s: len({x.split(".")[0] for x in s}))
    # a numeric quantity stated in a single seed and not flagged: give it a second, different value elsewhere
    before = _flagged(registry, rel_tol=0.05)
    candidates = [q for q in sorted(counts.index) if q and counts[q] == 1 and q not in before
                  and L.parse_registry_value(registry.loc[registry.quantity == q, "value"].iloc[0],
                                             registry.loc[registry.quantity == q, "unit"].iloc[0])["type"] == "number"]
    assert candidates
    q = candidates[0]
    base = registry[registry.quantity == q].iloc[0].to_dict()
    other_seed = next(s for s in ("000", "001", "002", "003", "004") if not base["sentence_id"].startswith(s))
    row = {**base, "claim_id": "synthetic-conflict", "value": str(float(base["value"]) * 3),
           "sentence_id": f"{other_seed}.p1.s1"}
    reg2 = pd.concat([registry, pd.DataFrame([row])], ignore_index=True)
    t = L.conflicts(reg2, rel_tol=0.05)
    flagged = set(t.loc[t["flagged"], "quantity"])
    assert flagged - before == {q} and before <= flagged
    got = t.set_index("quantity").loc[q]
    assert "values differ" in got["reasons"]
    assert math.isclose(got["spread_ratio"], 3.0)
    assert math.isclose(got["spread_pct"], 200.0)
    # within tolerance: not flagged
    row_close = {**row, "value": str(float(base["value"]) * 1.01)}
    reg3 = pd.concat([registry, pd.DataFrame([row_close])], ignore_index=True)
    assert _flagged(reg3, rel_tol=0.05) == before
    # same value, different unit: flagged for units
    row_unit = {**row, "value": base["value"], "unit": "synthetic-unit"}
    reg4 = pd.concat([registry, pd.DataFrame([row_unit])], ignore_index=True)
    t4 = L.conflicts(reg4, rel_tol=0.05).set_index("quantity")
    assert t4.loc[q, "flagged"] and "units differ" in t4.loc[q, "reasons"]


def _reg(rows):
    cols = ["claim_id", "subject", "quantity", "value", "unit", "qualifier", "sentence_id", "quote", "gloss", "topic", "note"]
    return pd.DataFrame([{**dict.fromkeys(cols, ""), **r} for r in rows], columns=cols)


def test_conflict_rules_on_small_registries():
    reg = _reg([dict(claim_id="a", quantity="q", value="100", unit="USD", sentence_id="000.p1.s1"),
                dict(claim_id="b", quantity="q", value="300", unit="USD", qualifier="lower-bound", sentence_id="001.p1.s1")])
    t = L.conflicts(reg, rel_tol=0.05).set_index("quantity")
    assert t.loc["q", "flagged"]
    assert t.loc["q", "reasons"] == "values differ; bound contradicted"
    assert not t.loc["q", "compatible"]
    # a lower bound below the other value: values differ, but compatible
    reg = _reg([dict(claim_id="a", quantity="q", value="1024", unit="GPU", qualifier="lower-bound", sentence_id="002.p1.s1"),
                dict(claim_id="b", quantity="q", value="10000", unit="GPU", qualifier="approximate", sentence_id="003.p1.s1")])
    t = L.conflicts(reg, rel_tol=0.05).set_index("quantity")
    assert t.loc["q", "flagged"] and t.loc["q", "reasons"] == "values differ" and t.loc["q", "compatible"]
    # dates: agreement at the coarser precision is not a conflict; a different month is
    reg = _reg([dict(claim_id="a", quantity="d", value="2023-03", sentence_id="000.p1.s1"),
                dict(claim_id="b", quantity="d", value="2023-03-16", sentence_id="001.p1.s1"),
                dict(claim_id="c", quantity="e", value="2022-12", sentence_id="000.p1.s1"),
                dict(claim_id="d", quantity="e", value="2022-11-30", sentence_id="002.p1.s1")])
    t = L.conflicts(reg, rel_tol=0.05).set_index("quantity")
    assert not t.loc["d", "flagged"] and t.loc["e", "flagged"]
    # a sequence within one seed (price before / after) is listed but not flagged
    reg = _reg([dict(claim_id="a", quantity="p", value="93999", unit="CNY", sentence_id="001.p36.s2"),
                dict(claim_id="b", quantity="p", value="99799", unit="CNY", sentence_id="001.p36.s3")])
    t = L.conflicts(reg, rel_tol=0.05).set_index("quantity")
    assert not t.loc["p", "flagged"] and t.loc["p", "reasons"] == "values differ"


def test_parse_registry_value():
    assert L.parse_registry_value("2017", "date")["type"] == "date"
    assert L.parse_registry_value("2017", "")["type"] == "date"
    assert L.parse_registry_value("2017", "GPU")["type"] == "number"
    r = L.parse_registry_value("3000000000..11000000000", "USD")
    assert r["type"] == "range" and r["low"] == 3e9 and r["high"] == 1.1e10
    assert L.parse_registry_value("", "CNY")["type"] == "none"
    assert L.parse_registry_value("2022-Q3", "date")["type"] == "date"


# ------------------------------------------------------------------------------------------ safe_eval
@pytest.mark.parametrize("expr,value", [("1024 * 8769", 8979456.0), ("(99799 - 93999) / 93999 * 100", 6.170278407217098),
                                        ("2 ** 10", 1024.0), ("-3 + +5", 2.0), ("3e8 * 365", 1.095e11)])
def test_safe_eval_arithmetic(expr, value):
    assert math.isclose(L.safe_eval(expr), value)


@pytest.mark.parametrize("expr", ["__import__('os').system('true')", "abs(-1)", "x + 1", "(1).real", "[1][0]",
                                  "1 if 1 else 2", "1 < 2", "'a' * 3", "True + 1", "lambda: 1", "10 ** 10 ** 10",
                                  "1 // 2", "7 % 3", "", "1 +", "1 / 0"])
def test_safe_eval_rejects(expr):
    with pytest.raises(ValueError):
        L.safe_eval(expr)


# ------------------------------------------------------------------------------------------ arithmetic checks
def test_arithmetic_checks_file(sentence_ids):
    df = _read("arithmetic_checks.csv")
    assert list(df.columns) == L.CHECK_COLUMNS
    assert df["check_id"].is_unique
    for cid, ids in zip(df["check_id"], L.check_sentence_ids(df)):
        assert ids, cid
        missing = [s for s in ids if s not in sentence_ids]
        assert not missing, f"{cid}: unknown sentence ids {missing}"
    assert set(df["relation"]) <= set(L.RELATIONS)
    for r in df.to_dict("records"):
        assert bool(r["expression"]) == (r["relation"] != "not-recomputable"), r["check_id"]


def test_arithmetic_check_results():
    res = L.run_arithmetic_checks(_read("arithmetic_checks.csv")).set_index("check_id")
    assert res.loc["a800-rise-cny", "status"] == "pass" and res.loc["a800-rise-cny", "computed"] == 5800
    assert res.loc["a800-rise-pct", "status"] == "pass"
    assert res.loc["a100-gpt3-outlay", "status"] == "pass"
    assert res.loc["bitcoin-rise-pct", "status"] == "fail"
    assert math.isclose(res.loc["bitcoin-rise-pct", "computed"], 43.75)
    assert res.loc["xiaoice-yearly-burn", "status"] == "pass"
    assert math.isclose(res.loc["xiaoice-yearly-burn", "computed"], 1.095e11)
    assert res.loc["lightyear-shares-total", "status"] == "pass"
    assert res.loc["tianyancha-companies", "status"] == "not recomputable"
    assert math.isnan(res.loc["tianyancha-companies", "computed"])


def test_run_arithmetic_checks_relations():
    df = pd.DataFrame([dict(check_id="a", sentence_ids="000.p1.s1", expression="10 * 11", claimed_value="100",
                            claimed_high="", relation="at-least", tolerance="0"),
                       dict(check_id="b", sentence_ids="000.p1.s1", expression="10 * 21", claimed_value="100",
                            claimed_high="200", relation="at-least", tolerance="0"),
                       dict(check_id="c", sentence_ids="000.p1.s1", expression="50", claimed_value="20",
                            claimed_high="90", relation="between", tolerance=""),
                       dict(check_id="d", sentence_ids="000.p1.s1", expression="104", claimed_value="100",
                            claimed_high="", relation="approx", tolerance="0.05")])
    res = L.run_arithmetic_checks(df).set_index("check_id")["status"].to_dict()
    assert res == {"a": "pass", "b": "fail", "c": "pass", "d": "pass"}


# ------------------------------------------------------------------------------------------ verdicts
def test_every_verdict_cites_a_key_in_the_bibliography(sentence_ids):
    v = _read("verdicts.csv")
    assert list(v.columns[:len(L.VERDICT_COLUMNS)]) == L.VERDICT_COLUMNS
    keys = bib_keys(ROOT / "references.bib")  # parsed with pybtex
    for r in v.to_dict("records"):
        ks = L.split_keys(r["bib_key"])
        if r["verdict"] != "unverifiable":
            assert ks, f"{r['lead_id']} {r['sentence_id']}: no bib_key"
        for k in ks:
            assert k in keys, f"{r['lead_id']}: {k} not in references.bib"
    assert L.verdict_problems(v, keys, sentence_ids) == []


def test_verdict_rows_point_at_sentences_that_carry_the_value(corpus_docs):
    v = _read("verdicts.csv")
    text = {s.id: s.text for d in corpus_docs.values() for s in d.sentences}
    assert set(v["verdict"]) <= set(L.VERDICTS)
    for r in v.to_dict("records"):
        assert r["sentence_id"] in text
        assert r["sentence_id"].split(".")[0] in {"000", "001", "002", "003", "004"}


def test_verdict_table_joins_registry(registry):
    t = L.verdict_table(_read("verdicts.csv"), registry)
    assert len(t) == len(_read("verdicts.csv"))
    row = t[(t.lead_id == "8y")].iloc[0]
    assert row["seed"] == "002" and row["registry_quantity"] in ("chatgpt_launch_date", "")
    counts = L.verdict_counts(t, "seed")
    assert list(counts.columns) == list(L.VERDICTS)
    assert counts.to_numpy().sum() == len(t)


# ------------------------------------------------------------------------------------------ ledger and hedging
def _claims():
    return pd.DataFrame([
        dict(claim_key="000.p1.s1#1", seed="000", sentence_id="000.p1.s1", kind="money", surface="约450万美元",
             value=4.5e6, low=math.nan, high=math.nan, unit="USD", counted="", qualifier="approximate", iso="", sentence="x"),
        dict(claim_key="000.p1.s1#2", seed="000", sentence_id="000.p1.s1", kind="date", surface="2月",
             value=math.nan, low=math.nan, high=math.nan, unit="", counted="", qualifier="inferred-year", iso="2023-02", sentence="x"),
        dict(claim_key="000.p2.s1#1", seed="000", sentence_id="000.p2.s1", kind="money", surface="数千万元",
             value=math.nan, low=2e7, high=9e7, unit="CNY", counted="", qualifier="vague|forecast", iso="", sentence="y"),
        dict(claim_key="001.p1.s1#1", seed="001", sentence_id="001.p1.s1", kind="count", surface="8家",
             value=8.0, low=math.nan, high=math.nan, unit="companies", counted="companies", qualifier="", iso="", sentence="z"),
    ])


def test_hedging_profile():
    h = L.hedging_profile(_claims()).set_index("seed")
    assert h.loc["000", "n_claims"] == 2 and h.loc["001", "n_claims"] == 1
    assert h.loc["000", "approximate"] == 50.0 and h.loc["000", "vague"] == 50.0 and h.loc["000", "forecast"] == 50.0
    assert h.loc["000", "hedged"] == 100.0 and h.loc["001", "plain"] == 100.0
    assert L.hedging_profile(_claims(), include_dates=True).set_index("seed").loc["000", "n_claims"] == 3


def test_ledger_table_joins_on_sentence_and_value():
    reg = _reg([dict(claim_id="r1", subject="S", quantity="q", value="4500000", unit="USD", sentence_id="000.p1.s1", gloss="G"),
                dict(claim_id="r2", subject="T", quantity="d", value="2023-02", sentence_id="000.p1.s1"),
                dict(claim_id="r3", subject="U", quantity="q", value="4500000", unit="USD", sentence_id="000.p2.s1")])
    ign = pd.DataFrame([dict(claim_key="001.p1.s1#1", surface="8家", reason="not analysed")])
    t = L.ledger_table(_claims(), reg, ign).set_index("claim_key")
    assert t.loc["000.p1.s1#1", "claim_id"] == "r1" and t.loc["000.p1.s1#1", "subject"] == "S"
    assert t.loc["000.p1.s1#2", "claim_id"] == "r2" and t.loc["000.p1.s1#2", "normalised"] == "2023-02"
    assert t.loc["000.p2.s1#1", "status"] == "unregistered"  # r3 has the value of another sentence's claim
    assert t.loc["000.p2.s1#1", "normalised"] == "2e+07–9e+07 CNY"
    assert t.loc["001.p1.s1#1", "status"] == "ignored"


def test_filterable_table_is_deterministic_and_escaped():
    from llmrace.tables import html_table

    df = pd.DataFrame({"sentence_id": ["000.p1.s1"], "text": ["<script>alert(1)</script>"]})
    a = L.filterable(html_table(df, classes="llmrace-table llmrace-filterable"))
    b = L.filterable(html_table(df, classes="llmrace-table llmrace-filterable"))
    assert a._repr_html_() == b._repr_html_()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in a._repr_html_()
    assert " id=" not in a._repr_html_() and "http" not in a._repr_html_()


def test_verdict_wording_joins_the_judged_claim(registry):
    from llmrace.claims import corpus_claims

    claims = corpus_claims(ROOT / "seeds")
    w = L.verdict_wording(L.verdict_table(_read("verdicts.csv"), registry), claims)
    assert len(w) == len(_read("verdicts.csv"))
    assert set(w["wording"]) <= {"plain", "hedged", ""}
    row = w[(w.lead_id == "2a")].iloc[0]
    assert row["surface"].startswith("323") and row["wording"] == "plain"
    # every row with a seed value finds its claim in the cited sentence
    assert (w.loc[w["seed_value"] != "", "claim_key"] != "").all()
