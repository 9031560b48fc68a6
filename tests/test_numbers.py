import math

import pytest

from llmrace.numbers import cn_value, normalise, parse_number


@pytest.mark.parametrize("text,value", [
    ("5.45亿", 5.45e8), ("1.15亿", 1.15e8), ("174万亿", 1.74e14), ("十万亿", 1e13), ("1千万", 1e7), ("11万", 1.1e5),
    ("93999", 93999.0), ("百亿", 1e10), ("两", 2.0), ("一千", 1000.0), ("1,024", 1024.0), ("半", 0.5), ("三分之一", 1 / 3),
    ("１２３", 123.0), ("5千万", 5e7),
])
def test_values(text, value):
    assert parse_number(text)[0] == pytest.approx(value, rel=1e-12)


def test_lower_bound_more():
    v, lo, hi, q = parse_number("一千多亿")
    assert v == 1e11 and q == {"lower-bound"}
    assert parse_number("十多")[0:1] == (10.0,) and parse_number("十多")[3] == {"lower-bound"}


@pytest.mark.parametrize("text,low,high", [("数千万", 2e7, 9e7), ("大几亿", 5e8, 9e8), ("上万", 1e4, 9e4),
                                           ("成千上万", 1e3, 9e4), ("数十", 20.0, 90.0), ("几", 2.0, 9.0)])
def test_vague(text, low, high):
    v, lo, hi, q = parse_number(text)
    assert math.isnan(v) and (lo, hi) == (low, high) and q == {"vague"}


@pytest.mark.parametrize("text,low,high", [("两到三", 2.0, 3.0), ("30亿至110亿", 3e9, 1.1e10), ("30至110亿", 3e9, 1.1e10),
                                           ("一两", 1.0, 2.0), ("三、四", 3.0, 4.0)])
def test_ranges(text, low, high):
    v, lo, hi, q = parse_number(text)
    assert math.isnan(v) and (lo, hi) == (low, high) and q == {"range"}


def test_bad_input():
    with pytest.raises(ValueError):
        parse_number("abc")
    assert cn_value("两") == 2.0


def test_normalise_is_length_preserving():
    s = "售价１２３．５元，涨幅６％"
    assert len(normalise(s)) == len(s) and normalise(s) == "售价123.5元,涨幅6%"
