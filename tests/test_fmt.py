"""llmrace.fmt: the one number formatter of the book (numbers for people, never e-notation)."""
import math

import pytest

from llmrace import fmt


@pytest.mark.parametrize("x,text", [
    (1.57143e8, "$157M"), (1.4e6, "$1.4M"), (8769, "$8,769"), (694_000, "$694k"), (1.2e10, "$12B"),
    (3.67, "$3.67"), (1.40, "$1.4"), (-2.5e6, "-$2.5M"), (4.6e6, "$4.6M"), (11e9, "$11B"),
])
def test_money_usd(x, text):
    assert fmt.money(x) == text


def test_money_cny_in_wan_and_yi():
    assert fmt.money(16_000, "CNY") == "1.6万元"
    assert fmt.money(3e8, "CNY") == "3亿元"
    assert fmt.money(1.2e12, "CNY") == "1.2万亿元"
    assert fmt.yuan_scale(16_000) == "1.6万"


def test_ranges_share_one_scale_word():
    assert fmt.span(2e6, 9e6) == "2–9 million"
    assert fmt.span(3e9, 11e9, "USD") == "$3B–$11B"
    assert fmt.span(1e7, 9e7, "CNY") == "1,000万–9,000万元"
    assert fmt.span(2e6, math.nan, "users") == "at least 2 million users"
    assert fmt.value(math.nan, "USD", 3e9, 11e9) == "$3B–$11B"


def test_counts_and_plain_numbers():
    assert fmt.count(2e6, "users") == "2 million users"
    assert fmt.number(10_000) == "10,000"
    assert fmt.number(175e9) == "175 billion"
    assert fmt.number(3.14e23) == "3.14 × 10²³"
    assert fmt.number(0.35) == "0.35"
    assert fmt.number(12_345.678) == "12,346"
    assert fmt.value(3640, "PF-days") == "3,640 PF-days"
    assert fmt.value(31, "percent") == "31%"


def test_missing_is_empty():
    for f in (fmt.money, fmt.number, fmt.percent, fmt.sci, fmt.count):
        assert f(math.nan) == ""
        assert f(None) == ""


def test_percent():
    assert fmt.percent(0.3, ratio=True) == "30%"
    assert fmt.percent(0.305, digits=3, ratio=True) == "30.5%"
    assert fmt.percent(3.2) == "3.2%"
    assert fmt.percent(31.04) == "31%"


@pytest.mark.parametrize("x", [1.57143e8, 1e9, 2e6, 3.14e23, 8.64e19, 2.5e-5, 1e-9, 123456789.123, 7e15])
def test_never_e_notation(x):
    for text in (fmt.number(x), fmt.money(x), fmt.money(x, "CNY"), fmt.count(x), fmt.value(x, "FLOP")):
        assert not fmt.has_e_notation(text), text


def test_e_notation_detector():
    assert fmt.has_e_notation("1.57143e+08")
    assert fmt.has_e_notation("costs 1e+09 dollars")
    assert fmt.has_e_notation("2e6 users")
    assert not fmt.has_e_notation("GPT-3 and H100e")
    assert not fmt.has_e_notation("3.14 × 10²³")
    assert not fmt.has_e_notation("seed 002.p14.s2")


def test_prose_helpers_moved_from_chapter_01():
    assert fmt.millions(4.6e6) == "4.60"
    assert fmt.millions(1.2345e9, 1) == "1,234.5"
    assert fmt.pct(0.3) == "30"
    assert fmt.pct(0.2345, 1) == "23.4" or fmt.pct(0.2345, 1) == "23.5"
    assert fmt.millions(math.nan) == "" and fmt.pct(None) == ""


def test_values_written_in_data_files():
    assert fmt.from_text("3.23e+23", "FLOP") == "3.23 × 10²³ FLOP"
    assert fmt.from_text("3000000000..11000000000", "USD") == "$3B–$11B"
    assert fmt.from_text("93999; 99799", "CNY") == "9.4万元; 9.98万元"
    assert fmt.from_text("2023-02-07") == "2023-02-07"
    assert fmt.from_text("") == "" and fmt.from_text(None) == ""
    assert fmt.from_text("0.333333333333333") == "0.333"


def test_free_text_loses_its_e_notation():
    assert fmt.humanize_text("the paper gives 3.14e23 = 314 × 10^21") == "the paper gives 3.14 × 10²³ = 314 × 10^21"
    assert fmt.humanize_text("the same CNY 1e9 (USD)") == "the same CNY 1 × 10⁹ (USD)"
    assert fmt.humanize_text("engine range 2e7..9e7 CNY") == "engine range 2 × 10⁷..9 × 10⁷ CNY"
    assert fmt.humanize_text("GPT-3 and 002.p14.s2") == "GPT-3 and 002.p14.s2"
    assert not fmt.has_e_notation(fmt.humanize_text("1.57143e+08 and 2e6 users"))


def test_snippet_shows_the_words_around_the_claim():
    from llmrace.fmt import snippet
    s = "据报道，ChatGPT一次训练的成本高达450万美元，约合人民币3000万元。"
    assert snippet(s, "450万美元", width=4) == "…成本高达450万美元，约合人…"
    assert snippet(s, "据报道", width=4) == "据报道，Cha…"
    assert snippet("短句450万", "450万", width=14) == "短句450万"
    assert snippet("没有这个数字啊", "99%", width=2) == "没有这个数…"  # not found: from the start
