"""Numbers for people: the one formatter every page, table and chart label uses.

`$157M`, `$1.4B`, `$8,769`, `1.6万元`, `3亿元`, `2–9 million`, `31%`, `3.14 × 10²³` — never e-notation
(`1.57143e+08`). Pure functions; NaN and None give "".
"""
from __future__ import annotations

import math
import re

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
# e-notation as Python, pandas and JavaScript write it: 1e+09, 1.57143e+08, 3.2E-5
E_NOTATION = re.compile(r"(?<![\w])(?<!\d\.)\d+(?:\.\d+)?[eE][+-]?\d+(?![\w])")
# the scale words of English prose, largest first
_EN_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_MONEY_SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))
_ZH_SCALES = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))
CURRENCY_SYMBOL = {"USD": "$", "HKD": "HK$", "EUR": "€"}
CURRENCY_SUFFIX = {"CNY": "元"}


def _missing(x) -> bool:
    if x is None:
        return True
    try:
        return math.isnan(float(x))
    except (TypeError, ValueError):
        return True


def sig(x: float, digits: int = 3) -> str:
    """x with at most `digits` significant digits, thousands separated, trailing zeros dropped:
    157.143 -> '157', 1.4 -> '1.4', 8769 -> '8,769' (integers are never rounded to fewer digits)."""
    x = float(x)
    if x == 0:
        return "0"
    a = abs(x)
    if a >= 10 ** digits:
        return f"{round(x):,d}"
    decimals = max(0, digits - 1 - int(math.floor(math.log10(a))))
    text = f"{x:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def sci(x: float, digits: int = 2) -> str:
    """Scientific notation for prose: 3.14e23 -> '3.14 × 10²³'."""
    if _missing(x):
        return ""
    mantissa, exponent = f"{float(x):.{digits}e}".split("e")
    return f"{mantissa} × 10{str(int(exponent)).translate(_SUPERSCRIPT)}"


def number(x, digits: int = 3) -> str:
    """A plain number: 8769 -> '8,769', 0.35 -> '0.35', 175e9 -> '175 billion', 3.14e23 -> '3.14 × 10²³'."""
    if _missing(x):
        return ""
    x = float(x)
    a = abs(x)
    if a >= 1e15:
        return sci(x, digits - 1)
    for scale, word in _EN_SCALES:
        if a >= scale:
            return f"{sig(x / scale, digits)} {word}"
    if 0 < a < 1e-3:
        return sci(x, digits - 1)
    if a >= 1000 and x == round(x):
        return f"{round(x):,d}"
    return sig(x, max(digits, 4) if a >= 1000 else digits)


def count(x, what: str = "") -> str:
    """A count in words: 2e6 -> '2 million', 10000 -> '10,000'; `what` appended ('2 million users')."""
    text = number(x)
    return f"{text} {what}".strip() if text else ""


def money(x, currency: str = "USD", digits: int = 3) -> str:
    """Money for people: USD 1.57143e8 -> '$157M', 1.4e6 -> '$1.4M', 8769 -> '$8,769', 694000 -> '$694k';
    CNY in 万/亿: 16000 -> '1.6万元', 3e8 -> '3亿元'; other currencies with their code."""
    if _missing(x):
        return ""
    x = float(x)
    if currency == "CNY":
        return f"{yuan_scale(x, digits)}元"
    sym = CURRENCY_SYMBOL.get(currency)
    a = abs(x)
    if a >= 1e4:
        body = next(f"{sig(x / scale, digits)}{s}" for scale, s in _MONEY_SCALES if a >= scale)
    elif a >= 1000:
        body = f"{round(x):,d}"
    else:
        body = sig(x, digits)
    if sym:
        return f"-{sym}{body.lstrip('-')}" if x < 0 else f"{sym}{body}"
    return f"{body} {currency}".strip()


def yuan_scale(x, digits: int = 3) -> str:
    """A number in Chinese scale units: 16000 -> '1.6万', 3e8 -> '3亿', 1.2e12 -> '1.2万亿', 8769 -> '8,769'."""
    if _missing(x):
        return ""
    x = float(x)
    for scale, s in _ZH_SCALES:
        if abs(x) >= scale:
            return f"{sig(x / scale, digits)}{s}"
    return number(x, digits)


def percent(x, digits: int = 2, ratio: bool = False) -> str:
    """A percentage: 31.0 -> '31%', 3.2 -> '3.2%'; with ratio=True the input is a share (0.31 -> '31%')."""
    if _missing(x):
        return ""
    x = float(x) * (100 if ratio else 1)
    return f"{sig(x, digits)}%"


def span(low, high, unit: str = "") -> str:
    """A range with one scale word: (2e6, 9e6) -> '2–9 million'; money ranges as '$3B–$11B'."""
    if _missing(low) and _missing(high):
        return ""
    if _missing(high):
        return f"at least {value(low, unit)}"
    if _missing(low):
        return f"at most {value(high, unit)}"
    if unit in CURRENCY_SYMBOL or unit in CURRENCY_SUFFIX:
        if unit == "CNY":
            lo, hi = yuan_scale(low), yuan_scale(high)
            return f"{lo}–{hi}元"
        return f"{money(low, unit)}–{money(high, unit)}"
    lo, hi = float(low), float(high)
    for scale, word in _EN_SCALES:
        if min(abs(lo), abs(hi)) >= scale:
            return _with_unit(f"{sig(lo / scale)}–{sig(hi / scale)} {word}", unit)
    return _with_unit(f"{number(lo)}–{number(hi)}", unit)


def _with_unit(text: str, unit: str) -> str:
    if not unit:
        return text
    if unit == "percent":
        return f"{text}%"
    return f"{text} {unit}"


def value(x, unit: str = "", low=None, high=None) -> str:
    """A claim's value with its unit: money by currency, percent with %, other units after the number;
    a range when only low/high are given."""
    if _missing(x):
        return span(low, high, unit)
    if unit in CURRENCY_SYMBOL or unit in CURRENCY_SUFFIX:
        return money(x, unit)
    if unit == "percent":
        return percent(x)
    return _with_unit(number(x), unit)


def has_e_notation(text: str) -> bool:
    """True if text shows a number in e-notation (what a person should never read)."""
    return bool(E_NOTATION.search(text))


def millions(x, nd: int = 2) -> str:
    """x in millions for prose that says 'million': 4.6e6 -> '4.60' (nd decimals, thousands separated)."""
    if _missing(x):
        return ""
    return f"{float(x) / 1e6:,.{nd}f}"


def pct(share, nd: int = 0) -> str:
    """A share as a percentage number for prose that writes the % sign: 0.3 -> '30'."""
    if _missing(share):
        return ""
    return f"{100 * float(share):.{nd}f}"


def from_text(raw, unit: str = "") -> str:
    """A value written in a data file, for people: '3.23e+23' -> '3.23 × 10²³', '3000000000..11000000000' with
    USD -> '$3B–$11B', '93999; 99799' with CNY -> '9.4万元; 9.98万元'; dates and words unchanged."""
    text = "" if raw is None else str(raw).strip()
    if not text or text.lower() == "nan":
        return ""
    if ";" in text:
        return "; ".join(from_text(p, unit) for p in text.split(";") if p.strip())
    if ".." in text:
        lo, _, hi = text.partition("..")
        try:
            return span(float(lo), float(hi), unit)
        except ValueError:
            return text
    if re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text):
        return value(float(text), unit)
    return text


def humanize_text(text: str) -> str:
    """Free text (a note, a gloss) with every e-notation number rewritten for people:
    'the paper gives 3.14e23 FLOP' -> 'the paper gives 3.14 × 10²³ FLOP', 'CNY 1e9' -> 'CNY 1 × 10⁹'."""
    def one(m: re.Match) -> str:
        x = float(m.group(0))
        mantissa = f"{x:.3e}".split("e")[0].rstrip("0").rstrip(".")
        exponent = int(f"{x:e}".split("e")[1])
        return f"{mantissa} × 10{str(exponent).translate(_SUPERSCRIPT)}"

    return E_NOTATION.sub(one, text) if text else text


def snippet(sentence: str, surface: str, width: int = 14) -> str:
    """The words around `surface` in `sentence`: up to `width` characters either side, with an ellipsis where cut
    (the start of the sentence when `surface` is not in it)."""
    s, w = str(sentence), str(surface)
    i = max(s.find(w), 0)
    end = i + len(w) + width
    return ("…" if i > width else "") + s[max(0, i - width):end] + ("…" if end < len(s) else "")
