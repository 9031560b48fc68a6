"""Chip-supply arithmetic (lib/llmrace/chips.py), the datasheet table data/chips.csv and the chips registry."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from llmrace import chips
from llmrace.bibliography import bib_keys

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "references.bib"
CHIPS = ROOT / "data" / "chips.csv"
REGISTRY = ROOT / "data" / "registry" / "chips.csv"


# ------------------------------------------------------------------------------------- arithmetic
def test_a800_price_change_matches_seed():
    diff, pct = chips.price_change(93999, 99799)
    assert diff == 5800
    assert pct == pytest.approx(6.170278407, abs=1e-9)  # 5800 / 93999 * 100, by hand
    assert chips.rounds_to(6.17, pct, 2)
    assert not chips.rounds_to(6.18, pct, 2)


def test_price_change_rejects_zero_base():
    with pytest.raises(ValueError):
        chips.price_change(0, 5)


def test_bitcoin_gain_is_43_75_percent():
    _, pct = chips.price_change(16000, 23000)
    assert pct == pytest.approx(43.75, abs=1e-12)  # 7000 / 16000
    assert not chips.within(40, pct, 0.05)  # "接近40%" is more than 5% off
    assert chips.within(40, pct, 0.10)


def test_to_usd():
    assert chips.to_usd(110000, 7.0) == pytest.approx(15714.2857142857, abs=1e-9)
    assert chips.to_usd(1.1e9, 7.0) == pytest.approx(157142857.142857, abs=1e-6)
    assert chips.to_usd(93999, 6.9) == pytest.approx(13623.0434782609, abs=1e-9)  # 6.9 x 13623 = 93998.7
    with pytest.raises(ValueError):
        chips.to_usd(1, 0)


def test_capex_entry_ticket_and_m6():
    assert chips.capex(10_000, 110_000) == 1.1e9  # 1万枚 x 11万元 = 11亿元
    assert chips.capex(512, 110_000 / 3) == pytest.approx(18_773_333.33, abs=0.01)  # 512 V100 at A100 price / 3
    assert chips.capex(512, 110_000) == 56_320_000
    assert chips.capex(0, 110_000) == 0
    with pytest.raises(ValueError):
        chips.capex(-1, 5)


def test_perf_ratio_v100_a100():
    assert chips.perf_ratio(125, 312) == pytest.approx(0.400641, abs=1e-6)
    assert round(chips.perf_ratio(125, 312), 4) == 0.4006
    assert chips.perf_ratio(15.7, 19.5) == pytest.approx(0.805128, abs=1e-6)
    assert chips.perf_ratio(400, 600) == pytest.approx(2 / 3)
    with pytest.raises(ValueError):
        chips.perf_ratio(1, 0)


# ------------------------------------------------------------------------------------- datasheet table
def test_chips_table_loads_with_expected_rows():
    df = chips.load_chips(CHIPS)
    assert list(df.columns) == chips.CHIPS_COLUMNS
    assert {"A100", "A800", "H100", "V100"} <= set(df.chip)
    assert any("昆仑" in c for c in df.chip) and any("紫霄" in c for c in df.chip) and any("麒麟" in c for c in df.chip)
    for c in chips.NUMERIC_COLUMNS:
        assert df[c].dtype == float


def test_chips_datasheet_values():
    df = chips.load_chips(CHIPS).set_index("chip")
    assert df.loc["A100", "fp16_dense_tflops"] == 312 and df.loc["A100", "nvlink_gbps"] == 600
    assert df.loc["A800", "fp16_dense_tflops"] == 312 and df.loc["A800", "nvlink_gbps"] == 400
    assert df.loc["V100", "fp16_dense_tflops"] == 125 and df.loc["V100", "fp32_tflops"] == 15.7
    assert df.loc["H100", "nvlink_gbps"] == 900
    assert chips.chip_ratio(df.reset_index(), "V100", "A100", "fp16_dense_tflops") == pytest.approx(125 / 312)


def test_every_chip_row_cites_a_bib_key():
    df = chips.load_chips(CHIPS)
    keys = bib_keys(BIB)
    assert len(keys) == len(set(keys)), "duplicate keys in references.bib"
    assert chips.missing_citations(df, keys) == []
    assert df["source_key"].notna().all() and (df["source_key"].str.len() > 0).all()


def test_missing_citations_reports_unknown_keys():
    df = pd.DataFrame({"source_key": ["a", "zz", "b", "zz"]})
    assert chips.missing_citations(df, ["a", "b"]) == ["zz"]


# ------------------------------------------------------------------------------------- registry rows
def test_chips_registry_rows_are_proved_against_the_claims():
    from llmrace import claims, registry

    reg = registry.load_registry(REGISTRY)
    assert reg["claim_id"].is_unique and reg["claim_id"].str.startswith("chips-").all()
    assert all("chips" in t.split("|") for t in reg["topic"])
    cl = claims.corpus_claims(ROOT / "seeds")
    assert registry.validate(reg, cl) == []
