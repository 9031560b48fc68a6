"""Unit tests of the cost model (llmrace.costs); expected values worked out by hand in the comments."""
import math

import pandas as pd
import pytest

from llmrace import costs


def test_training_flops_gpt3():
    # 6 × 175e9 × 300e9 = 6 × 5.25e22 = 3.15e23
    assert costs.training_flops(175e9, 300e9) == pytest.approx(3.15e23, rel=1e-12)
    # paper's 174.6e9 parameters: 6 × 174.6e9 × 300e9 = 3.1428e23
    assert costs.training_flops(174.6e9, 300e9) == pytest.approx(3.1428e23, rel=1e-12)
    # Megatron's 8·N·D (with activation recomputation): 8 × 175e9 × 300e9 = 4.2e23
    assert costs.training_flops(175e9, 300e9, flops_per_param_token=8) == pytest.approx(4.2e23, rel=1e-12)
    with pytest.raises(ValueError):
        costs.training_flops(-1, 1)


def test_pf_days():
    assert costs.PF_DAY_FLOP == 8.64e19
    # 3.14e23 / 8.64e19 = 3634.26 PF-days
    assert costs.flops_to_pf_days(3.14e23) == pytest.approx(3634.259, abs=1e-3)
    assert round(costs.flops_to_pf_days(3.14e23)) == 3634
    # 3640 PF-days × 8.64e19 = 3.14496e23 FLOP
    assert costs.pf_days_to_flops(3640) == pytest.approx(3.14496e23, rel=1e-12)
    # 3.15e23 / 8.64e19 = 3645.83
    assert costs.flops_to_pf_days(3.15e23) == pytest.approx(3645.833, abs=1e-3)


def test_relative_difference():
    # (3.23 − 3.14) / 3.14 = 0.028662
    assert costs.relative_difference(3.23e23, 3.14e23) == pytest.approx(0.028662, abs=1e-6)
    with pytest.raises(ValueError):
        costs.relative_difference(1, 0)


def test_gpu_hours_and_cost():
    # A100: 3.14e23 / (312e12 × 0.3) / 3600 = 3.14e23 / 9.36e13 / 3600 = 3.3547e9 s / 3600 = 931,861 h
    h = costs.gpu_hours(3.14e23, costs.tflops(312), 0.3)
    assert h == pytest.approx(931_861.35, abs=0.01)
    # × $1.5/h = $1,397,792 (Sunyan's ~$1.4M)
    assert costs.cost(h, 1.5) == pytest.approx(1_397_792.0, abs=1)
    assert costs.training_cost(3.14e23, 312e12, 0.3, 1.5) == pytest.approx(1_397_792.0, abs=1)
    # V100 at 20%: 3.14e23 / (125e12 × 0.2) / 3600 = 3,488,889 h (Patterson's ~3.55M)
    assert costs.gpu_hours(3.14e23, 125e12, 0.2) == pytest.approx(3_488_888.9, abs=0.1)
    with pytest.raises(ValueError):
        costs.gpu_hours(1e20, 1e12, 0)
    with pytest.raises(ValueError):
        costs.gpu_hours(1e20, 1e12, 1.5)
    with pytest.raises(ValueError):
        costs.gpu_hours(1e20, 0, 0.5)


def test_doubling_price_doubles_cost():
    a = costs.training_cost(3.14e23, 312e12, 0.37, 1.7)
    assert costs.training_cost(3.14e23, 312e12, 0.37, 3.4) == 2 * a


def test_implied_utilisation_1024_a100_month():
    # 1024 × 30 days × 86,400 s × 312e12 = 8.28113e23 FLOP at 100%; 3.14e23 / 8.28113e23 = 0.379175
    u = costs.implied_utilisation(3.14e23, 1024, 30 * 24, 312e12)
    assert u == pytest.approx(0.379175, abs=1e-6)
    with pytest.raises(ValueError):
        costs.implied_utilisation(1, 0, 1, 1)


def test_wall_clock_days_megatron():
    # Narayanan et al.: 8 × 175e9 × 300e9 / (1024 × 140e12) s = 4.2e23 / 1.4336e17 = 2.9297e6 s = 33.9 days
    assert costs.wall_clock_days(4.2e23, 1024, 140e12) == pytest.approx(33.908, abs=1e-3)


def test_implied_utilisation_and_price_for_cost():
    # $1.4M on A100 at $1.5/h: 3.14e23 × 1.5 / (1.4e6 × 312e12 × 3600) = 4.71e23 / 1.57248e24 = 0.29953
    assert costs.implied_utilisation_for_cost(1.4e6, 3.14e23, 312e12, 1.5) == pytest.approx(0.299527, abs=1e-6)
    # $4.6M on V100 at $1.5/h: 4.71e23 / (4.6e6 × 125e12 × 3600) = 4.71e23 / 2.07e24 = 0.22754
    assert costs.implied_utilisation_for_cost(4.6e6, 3.14e23, 125e12, 1.5) == pytest.approx(0.227536, abs=1e-6)
    # inverse: the price making 931,861.35 A100-hours cost $1.4M is $1.50237/h
    assert costs.implied_price(1.4e6, 3.14e23, 312e12, 0.3) == pytest.approx(1.502369, abs=1e-6)


def test_cost_grid_and_band():
    g = costs.cost_grid(3.14e23, 312e12, [0.3, 0.6], [1.0, 2.0])
    assert list(g.index) == [0.3, 0.6] and list(g.columns) == [1.0, 2.0]
    assert g.loc[0.3, 2.0] == pytest.approx(2 * 931_861.35, abs=0.1)
    assert g.loc[0.6, 1.0] == pytest.approx(931_861.35 / 2, abs=0.1)
    b = costs.cost_band(3.14e23, {"V100": 125, "A100": 312}, [0.5, 0.2], 1.0, 5.0, {"x": 3.0})
    assert list(b.gpu) == ["A100", "A100", "V100", "V100"] and list(b.utilisation) == [0.2, 0.5, 0.2, 0.5]
    r = b.iloc[2]  # V100 at 20%: 3,488,888.9 h
    assert r.cost_low_usd == pytest.approx(3_488_888.9, abs=0.1)
    assert r.cost_high_usd == pytest.approx(5 * 3_488_888.9, abs=0.5)
    assert r.cost_x_usd == pytest.approx(3 * 3_488_888.9, abs=0.5)


def test_claim_assumptions():
    claims = pd.DataFrame({"claim_id": ["b", "a"], "usd": [4.6e6, 1.4e6]})
    t = costs.claim_assumptions(claims, 3.14e23, {"A100": 312, "V100": 125}, [0.3], {"p": 1.5})
    assert list(t.claim_id) == ["a", "a", "b", "b"] and list(t.gpu) == ["A100", "V100", "A100", "V100"]
    assert t.loc[0, "util_at_p"] == pytest.approx(0.299527, abs=1e-6)
    assert t.loc[0, "price_at_u0.3"] == pytest.approx(1.502369, abs=1e-6)
    assert t.loc[3, "util_at_p"] == pytest.approx(0.227536, abs=1e-6)


def test_serving():
    # CNY 300M a day at 7.0 = $42,857,142.86; / (24 h × $3.67 = $88.08) = 486,570.65 GPUs
    usd = costs.to_usd(3e8, "CNY", 7.0)
    assert usd == pytest.approx(42_857_142.857, abs=1e-3)
    assert costs.serving_gpus(usd, 3.67) == pytest.approx(486_570.65, abs=0.01)
    assert costs.serving_gpus(24.0, 1.0) == 1.0
    # 10,000 GPUs × $1/h × 24 h = $240,000 a day
    assert costs.daily_serving_cost(10_000, 1.0) == 240_000.0
    # $694,000 / (29,000 × 24) = $0.99713 per GPU-hour
    assert costs.price_per_gpu_hour(694_000, 29_000) == pytest.approx(0.997126, abs=1e-6)
    assert costs.per_user(3e8, 1e8) == 3.0
    # 1024 × $8,769 = $8,979,456
    assert costs.purchase_cost(1024, 8769) == 8_979_456
    with pytest.raises(ValueError):
        costs.serving_gpus(1, 0)
    with pytest.raises(ValueError):
        costs.per_user(1, 0)


def test_to_usd():
    assert costs.to_usd(1.4e6, "USD", 7.0) == 1.4e6
    assert costs.to_usd(110_000, "CNY", 7.0) == pytest.approx(15_714.2857, abs=1e-4)
    assert costs.to_usd(110_000, "CNY", 6.9) == pytest.approx(15_942.0290, abs=1e-4)
    assert costs.to_usd(100, "HKD", 7.0, rates={"HKD": 7.8}) == pytest.approx(12.820513, abs=1e-6)
    assert math.isnan(costs.to_usd(math.nan, "CNY", 7.0))
    with pytest.raises(ValueError):
        costs.to_usd(1, "EUR", 7.0)
    with pytest.raises(ValueError):
        costs.to_usd(1, "CNY", 0)


def test_claims_in_usd():
    reg = pd.DataFrame([
        dict(claim_id="r2", subject="s", quantity="q", value=3e8, unit="CNY", qualifier="", sentence_id="002.p45.s2", quote="每天我要烧3亿人民币"),
        dict(claim_id="r1", subject="s", quantity="q", value=math.nan, unit="CNY", qualifier="vague", sentence_id="001.p33.s2", quote="数千万元"),
        dict(claim_id="r3", subject="s", quantity="q", value=3640.0, unit="PF-days", qualifier="", sentence_id="000.p53.s1", quote="3640PF-days"),
    ])
    cl = pd.DataFrame([
        dict(claim_key="002.p45.s2#1", sentence_id="002.p45.s2", kind="money", surface="3亿人民币", value=3e8, low=math.nan, high=math.nan),
        dict(claim_key="001.p33.s2#3", sentence_id="001.p33.s2", kind="money", surface="数千万元", value=math.nan, low=2e7, high=9e7),
        dict(claim_key="000.p53.s1#1", sentence_id="000.p53.s1", kind="compute", surface="3640PF-days", value=3640.0, low=math.nan, high=math.nan),
    ])
    out = costs.claims_in_usd(reg, cl, 7.5)
    assert list(out.claim_id) == ["r1", "r2", "r3"]
    assert math.isnan(out.loc[0, "usd"]) and out.loc[0, "usd_low"] == pytest.approx(2e7 / 7.5)
    assert out.loc[1, "usd"] == pytest.approx(4e7) and out.loc[1, "seed"] == "002"
    assert math.isnan(out.loc[2, "usd"])
    bad = reg.iloc[[0]].assign(value=4e8)
    with pytest.raises(ValueError):
        costs.claims_in_usd(bad, cl, 7.0)


def test_format_usd():
    assert costs.format_usd(1.4e6) == "$1.40M"
    assert costs.format_usd(1.2e10) == "$12.0B"
    assert costs.format_usd(8769) == "$8,769"
    assert costs.format_usd(694_000) == "$694k"
    assert costs.format_usd(math.nan) == ""


def test_format_sci_for_prose():
    from llmrace.costs import format_sci

    assert format_sci(3.14e23) == "3.14 × 10²³"
    assert format_sci(8.64e19) == "8.64 × 10¹⁹"
    assert format_sci(2.5e-3, 1) == "2.5 × 10⁻³"
