"""Evidence rules for data/verdicts.csv, references.bib and registry coverage (data/README.md, issue 15).

The data tests read the curated files; the rule tests build small synthetic tables that must be caught, so each
rule can fail."""
import re

import pandas as pd
import pytest

from llmrace import ledger as L
from llmrace.corpus import read_catalog
from llmrace.registry import load_registry

from paths import ROOT, SEEDS


def _read(name):
    return pd.read_csv(ROOT / "data" / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def verdicts():
    return _read("verdicts.csv")


@pytest.fixture(scope="module")
def registry():
    return load_registry(ROOT)


@pytest.fixture(scope="module")
def seed_latest():
    return L.seed_dates(read_catalog(SEEDS))


@pytest.fixture(scope="module")
def bib_entries():
    from pybtex.database import parse_file

    bib = parse_file(str(ROOT / "references.bib"), bib_format="bibtex")
    return {k: {f: str(v) for f, v in e.fields.items()} for k, e in bib.entries.items()}


# ------------------------------------------------------------------------------------------ the curated data
def test_verdicts_have_the_evidence_columns(verdicts):
    assert list(verdicts.columns[:len(L.VERDICT_COLUMNS)]) == L.VERDICT_COLUMNS
    assert [c for c in L.EVIDENCE_COLUMNS if c not in verdicts.columns] == []
    assert set(verdicts["verdict"]) <= set(L.VERDICTS)


def test_every_verdict_follows_the_evidence_rules(verdicts, seed_latest):
    assert L.evidence_problems(verdicts, seed_latest) == []


def test_every_retrieved_verdict_has_url_date_and_quote(verdicts):
    retrieved = verdicts[verdicts["evidence_status"] == "retrieved"]
    assert len(retrieved) >= 60
    for r in retrieved.to_dict("records"):
        where = f"{r['lead_id']} {r['sentence_id']}"
        assert r["url"].startswith(("http://", "https://")), where
        assert L.period_end(r["date"]), where
        assert len(r["quote"]) >= 20, where


def test_downgraded_verdicts_say_so_and_record_the_searches(verdicts):
    down = verdicts[verdicts["evidence_status"] == "source not retrieved"]
    assert len(down) >= 1
    assert set(down["verdict"]) == {"unverifiable"}
    assert all(n.startswith(L.NOT_RETRIEVED) for n in down["note"])
    assert all("pages:" in s or "docs:" in s or "find_string" in s for s in down["searched"])
    # a downgraded row may still show a contrast source; then it is dated and quoted like any other
    for r in down[down["url"] != ""].to_dict("records"):
        assert L.period_end(r["date"]) and r["quote"], r["lead_id"]


def test_evidence_is_dated_on_or_before_the_seed_unless_later_reporting(verdicts, seed_latest):
    later = 0
    for r in verdicts[verdicts["evidence_status"] == "retrieved"].to_dict("records"):
        seed_end = seed_latest[r["sentence_id"].split(".")[0]]
        if L.period_end(r["date"]) > seed_end:
            later += 1
            assert r["evidence_timing"] == "later reporting", r["lead_id"]
            assert "later reporting" in r["note"], r["lead_id"]
    assert later >= 1  # the rule is exercised by the data, not vacuous


def test_context_after_the_seed_is_marked(verdicts, registry):
    ctx = [c for c in verdicts["context_after_seed"] if c]
    assert any("A800" in c and "2023" in c for c in ctx)
    assert all(c.startswith(L.CONTEXT_MARK) for c in ctx)
    # the chip chapter's A800 claim carries the same marked context in its registry note
    note = registry.set_index("claim_id").loc["chips-nvlink-a800", "note"]
    assert L.CONTEXT_MARK in note and "17 Oct 2023" in note


def test_reviewed_verdicts_stay_fixed(verdicts):
    """The items found wrong in review (issue 15) and their corrected verdicts."""
    v = verdicts.set_index(["lead_id", "sentence_id"])
    assert v.loc[("7j", "004.p36.s1"), "verdict"] == "inconsistent"  # BaGuaLu: 14.5T trained, 174T capability
    assert "14.5" in v.loc[("7j", "004.p36.s1"), "quote"]
    assert v.loc[("8n", "000.p16.s1"), "verdict"] == "contested"  # FT ~300M vs Bloomberg ~400M
    assert v.loc[("8s", "001.p40.s1"), "verdict"] == "consistent"  # AngelPTM named on 14 Apr 2023
    assert v.loc[("7i", "004.p27.s1"), "verdict"] == "consistent"  # SenseTime prospectus, company claim
    assert "北大" in v.loc[("7c", "004.p29.s1"), "quote"]  # PanGu-α with Peking University
    assert v.loc[("10a", "001.p37.s1"), "verdict"] == "inconsistent"  # bitcoin stale by the writing date
    assert v.loc[("8m", "000.p3.s1"), "evidence_timing"] == "later reporting"  # The Information, May 2023
    assert "over $4.6M" in v.loc[("3b", "003.p11.s1"), "quote"]  # 超过 is in Lambda's text


def test_bibliography_entries_have_url_or_doi_and_no_memory_wording(bib_entries):
    catalog = read_catalog(SEEDS)
    no_url_seeds = {str(i).zfill(3) for i, u in zip(catalog["id"], catalog["url"]) if not str(u).strip()}
    exempt = set()
    for key, fields in bib_entries.items():
        m = re.match(r"Seed (\d{3})\.", fields.get("note", ""))
        if m and m.group(1) in no_url_seeds:
            exempt.add(key)
            assert "original url unknown" in fields["note"].lower(), key
    assert len(exempt) == len(no_url_seeds)
    assert L.bib_problems(bib_entries, exempt) == []
    assert not re.search(r"from memory|not retrieved", (ROOT / "references.bib").read_text(encoding="utf-8"), re.I)
    assert not re.search(r"from memory|not retrieved|lead only", (ROOT / "data" / "bib_keys.md").read_text(encoding="utf-8"), re.I)


def test_every_claim_id_mentioned_in_a_note_exists(verdicts, registry):
    ids = set(registry["claim_id"])
    prefixes = {c.split("-")[0] for c in ids}
    texts = [*registry["note"], *verdicts["note"], *verdicts["context_after_seed"]]
    mentioned = [m for t in texts for m in L.claim_id_mentions(t, prefixes)]
    assert mentioned  # notes do cite claim ids
    assert sorted(set(mentioned) - ids) == []
    named = {c for cell in verdicts["claim_ids"] for c in L.split_keys(cell)}
    assert named and sorted(named - ids) == []


def test_every_registered_claim_has_a_verdict_or_a_stated_reason(verdicts, registry):
    cov = L.coverage(registry, verdicts)
    assert len(cov) == len(registry)
    gaps = cov.loc[cov["status"] == "", "claim_id"].tolist()
    assert gaps == []
    assert set(cov["status"]) <= set(L.COVERAGE_STATUSES)
    assert (cov.loc[cov["status"] != "verdict", "reason"] != "").all()


def test_coverage_by_chapter(verdicts, registry):
    t = L.coverage_by_chapter(registry, verdicts).set_index("chapter")
    assert t.loc["all", "claims"] == len(registry)
    assert t.drop(index="all")["claims"].sum() == len(registry)
    assert t.loc["all", "gap"] == 0
    assert {"01 Compute economics", "04 Chip supply"} <= set(t.index)
    row = t.loc["all"]
    assert row["checked_pct"] == round(100 * (row["verdict"] + row["arithmetic"]) / row["claims"], 1)


# ------------------------------------------------------------------------------------------ the rules can fail
def _row(**kw):
    base = dict(lead_id="x1", sentence_id="000.p1.s1", quantity="q", seed_value="1", seed_unit="", verdict="consistent",
                primary_value="1", primary_unit="", bib_key="k", note="n", topic="t", claim_ids="",
                evidence_status="retrieved", url="https://example.org/a", date="2023-01-05",
                quote="A sentence from the page.", gloss="", evidence_timing="public by seed date",
                url2="", date2="", quote2="", context_after_seed="",
                searched="pages: 'q'", retrieved="2026-12-02")
    return {**base, **kw}


SEEDS_END = {"000": "2023-02-28"}


@pytest.mark.parametrize("change,expect", [
    (dict(url=""), "not a URL"),
    (dict(date="Feb 2023"), "not an ISO date"),
    (dict(quote=""), "no quote"),
    (dict(quote="微软宣布推出必应"), "no gloss"),
    (dict(date="2023-05-04"), "not marked 'later reporting'"),
    (dict(date="2023-05-04", evidence_timing="later reporting"), "does not say 'later reporting'"),
    (dict(evidence_status="source not retrieved"), "without a retrieved source"),
    (dict(evidence_status="source not retrieved", verdict="unverifiable"), "must begin"),
    (dict(verdict="contested"), "needs both sources"),
    (dict(context_after_seed="BIS caught the A800 in 2023"), "must start with"),
    (dict(searched=""), "'searched'"),
    (dict(evidence_status="maybe"), "evidence_status"),
])
def test_evidence_rules_catch_bad_rows(change, expect):
    problems = L.evidence_problems(pd.DataFrame([_row(**change)]), SEEDS_END)
    assert problems and any(expect in p for p in problems), problems


def test_evidence_rules_accept_good_rows():
    ok = [_row(),
          _row(lead_id="x2", date="2023-05", evidence_timing="later reporting", note="consistent with later reporting"),
          _row(lead_id="x3", verdict="unverifiable", evidence_status="source not retrieved", url="", date="",
               quote="", evidence_timing="", note=L.NOT_RETRIEVED + ": nothing found"),
          _row(lead_id="x4", verdict="contested", url2="https://example.org/b", quote2="Another report."),
          _row(lead_id="x5", quote="微软宣布推出必应", gloss="Microsoft launches Bing")]
    assert L.evidence_problems(pd.DataFrame(ok), SEEDS_END) == []


def test_period_end():
    assert L.period_end("2023-02") == "2023-02-28"
    assert L.period_end("2024-02") == "2024-02-29"
    assert L.period_end("2020") == "2020-12-31"
    assert L.period_end("2023-04-14") == "2023-04-14"
    assert L.period_end("April 2023") == ""


def test_bib_problems_catch_missing_url_and_memory_wording():
    entries = {"a": {"title": "T", "url": "https://x"}, "b": {"title": "T"}, "c": {"title": "T", "doi": "10.1/x"},
               "d": {"title": "T", "url": "https://x", "note": "URL from memory"},
               "e": {"title": "T", "url": "https://x", "note": "page Not Retrieved"}, "f": {"title": "seed"}}
    problems = L.bib_problems(entries, exempt={"f"})
    assert any(p.startswith("b:") for p in problems)
    assert any(p.startswith("d:") for p in problems) and any(p.startswith("e:") for p in problems)
    assert not any(p.startswith(("a:", "c:", "f:")) for p in problems)


def test_claim_id_mentions():
    text = "differs from compute-003-p30-s1-2 (about 10,000 GPUs); see chips-nvlink-a800 and x-chips-foo, up-to-date"
    assert L.claim_id_mentions(text, {"compute", "chips", "date"}) == ["compute-003-p30-s1-2", "chips-nvlink-a800"]
    assert L.claim_id_mentions("", {"chips"}) == []


def test_coverage_finds_gaps_and_reasons():
    reg = pd.DataFrame([dict(claim_id="a", sentence_id="000.p1.s1", topic="chips", note=""),
                        dict(claim_id="b", sentence_id="000.p1.s1", topic="compute", note="Not checkable (opinion): a view."),
                        dict(claim_id="c", sentence_id="000.p2.s1", topic="lineage|chips", note="Arithmetic (x-check): ok"),
                        dict(claim_id="d", sentence_id="000.p3.s1", topic="landscape", note="plain note")])
    ver = pd.DataFrame([dict(lead_id="1a", verdict="consistent", claim_ids="a")])
    cov = L.coverage(reg, ver).set_index("claim_id")
    assert cov.loc["a", "status"] == "verdict" and cov.loc["a", "verdicts"] == "1a consistent"
    assert cov.loc["b", "status"] == "not checkable" and cov.loc["b", "reason"] == "opinion"
    assert cov.loc["c", "status"] == "arithmetic" and cov.loc["c", "chapter"] == "03 Technology lineage"
    assert cov.loc["d", "status"] == ""  # a gap
    t = L.coverage_by_chapter(reg, ver).set_index("chapter")
    assert t.loc["all", "gap"] == 1 and t.loc["all", "claims"] == 4 and t.loc["all", "checked_pct"] == 50.0


def test_verdict_table_prefers_explicit_claim_ids(registry):
    v = pd.DataFrame([dict(lead_id="x", sentence_id="001.p35.s1", quantity="zz", seed_value="", seed_unit="",
                           verdict="consistent", primary_value="", primary_unit="", bib_key="", note="", topic="",
                           claim_ids="chips-date-a800-release")])
    t = L.verdict_table(v, registry)
    assert t.loc[0, "claim_id"] == "chips-date-a800-release"
