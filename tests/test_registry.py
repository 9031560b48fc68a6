"""The claims registry is proved against the extracted claims; every claim is registered or ignored."""
from pathlib import Path

import pandas as pd
import pytest

from llmrace.claims import corpus_claims
from llmrace.registry import load_ignored, load_registry, stale_ignores, unregistered, validate

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def claims(corpus_docs):
    return corpus_claims(ROOT / "seeds", docs=corpus_docs.values())


def test_registry_loads_with_unique_ids():
    reg = load_registry()
    assert len(reg) >= 10 and reg["claim_id"].is_unique
    assert len(load_registry(ROOT)) == len(reg) == len(load_registry(ROOT / "data" / "registry"))


def test_registry_is_proved(claims):
    problems = validate(load_registry(), claims, load_ignored())
    assert problems == [], "\n".join(problems)


def test_every_claim_registered_or_ignored(claims):
    todo = unregistered(load_registry(), claims, load_ignored())
    assert todo.empty, "run `python -m llmrace registry-todo` and paste/edit:\n" + todo[["claim_key", "surface", "sentence"]].to_string()


def test_ignore_rows_have_reasons():
    ign = load_ignored()
    assert ign["claim_key"].is_unique and (ign["reason"].str.strip() != "").all()


def _claims_frame():
    from llmrace import build_document
    from llmrace.claims import extract_claims

    return extract_claims(build_document("谷歌已投资了近4亿美元。\n销售额达到30亿至110亿美元。\n3月16日百度发布。\n", "900"), 2023)


def _reg(**kw):
    row = dict(claim_id="x", subject="s", quantity="q", value="400000000", unit="USD", qualifier="", sentence_id="900.p1.s1",
               quote="近4亿美元", gloss="g", topic="t", note="", file="t.csv")
    row.update(kw)
    return pd.DataFrame([row])


def test_validate_reports_each_problem():
    c = _claims_frame()
    assert validate(_reg(), c) == []
    assert "not in sentence" in validate(_reg(quote="5亿美元"), c)[0]
    assert "matches no claim" in validate(_reg(value="500000000"), c)[0]
    assert "unknown sentence id" in validate(_reg(sentence_id="900.p9.s9"), c)[0]
    assert validate(_reg(sentence_id="900.p2.s1", quote="30亿至110亿美元", value="3000000000"), c) == []
    assert validate(_reg(sentence_id="900.p2.s1", quote="30亿至110亿美元", value="3e9..1.1e10"), c) == []
    assert validate(_reg(sentence_id="900.p2.s1", quote="30亿至110亿美元", value=""), c) == []
    assert validate(_reg(sentence_id="900.p3.s1", quote="3月16日", value="2023-03-16"), c) == []
    assert validate(_reg(sentence_id="900.p3.s1", quote="3月16日", value="2022-03-16"), c) != []


def test_stale_ignores_are_reported():
    c = _claims_frame()
    ign = pd.DataFrame([dict(claim_key="900.p1.s1#1", surface="4亿美元", reason="r")])
    assert any("registered by" in p for p in validate(_reg(), c, ign))
    assert stale_ignores(_reg(), c, ign)["claim_key"].tolist() == ["900.p1.s1#1"]
    gone = pd.DataFrame([dict(claim_key="900.p7.s1#1", surface="x", reason="r")])
    assert any("no longer extracted" in p for p in validate(_reg(), c, gone))
    assert unregistered(_reg(), c, ign).empty is False
    assert "900.p1.s1#1" not in set(unregistered(_reg(), c, None)["claim_key"])


def test_duplicate_claim_ids_rejected(tmp_path):
    d = tmp_path / "data" / "registry"
    d.mkdir(parents=True)
    _reg().drop(columns="file").to_csv(d / "a.csv", index=False)
    _reg().drop(columns="file").to_csv(d / "b.csv", index=False)
    with pytest.raises(ValueError, match="duplicate claim_id"):
        load_registry(tmp_path)
