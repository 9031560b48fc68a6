"""Chinese number parsing: Arabic and Chinese numerals, 万/亿 scaling, vague and bounded forms.

Conventions (documented for chapter authors):
- Scales multiply: 5.45亿 = 5.45e8, 1千万 = 1e7, 174万亿 = 1.74e14, 十万亿 = 1e13.
- Chinese numerals are converted with cn2an ('smart' mode); a numeral that starts with a scale
  character gets an implicit 一 (百亿 = 一百亿 = 1e10).
- Vague prefixes give a range and no point value: 数 / 几 = 2..9 of the unit (数千万 = 2e7..9e7),
  大几 = 5..9 (大几亿 = 5e8..9e8), 上 = 1..9 (上万 = 1e4..9e4), 成千上万 = 1e3..9e4, 数十 = 20..90.
- 多 / 余 after a numeral (一千多亿, 十多家, 3000余家) is a lower bound on the value written.
- 十几 = 11..19, 二十几万 = 2.1e5..2.9e5 (a numeral followed by 几 is vague: the next place is 1..9).
- Whitespace inside an expression (盘古之白 `12 亿`, a wrapped `5\n万`) is ignored.
"""
from __future__ import annotations

import re
from functools import lru_cache

import cn2an

CN_DIGITS = "零〇一二两三四五六七八九"
CN_SCALES = "十百千万亿"
SCALE = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
# full-width digits and signs, and the Kangxi-radical look-alikes of 月/日 that some pages print (⽉ U+2F49, ⽇ U+2F47)
FULLWIDTH = str.maketrans("０１２３４５６７８９．％，～＋－：⽉⽇", "0123456789.%,~+-:月日")

_WS = re.compile(r"\s+")
VAGUE = {"数": (2, 9), "几": (2, 9), "大几": (5, 9), "上": (1, 9), "成千上": None}


def normalise(text: str) -> str:
    """Same-length normalisation: full-width digits and signs to ASCII (offsets are unchanged)."""
    return text.translate(FULLWIDTH)


def scale_of(scales: str) -> float:
    """Product of scale characters: '千万' -> 1e7, '万亿' -> 1e12, '' -> 1."""
    out = 1.0
    for ch in scales:
        out *= SCALE[ch]
    return out


@lru_cache(maxsize=4096)
def cn_value(numeral: str) -> float:
    """Value of a Chinese numeral ('两' -> 2, '一千' -> 1000, '十万亿' -> 1e13, '百亿' -> 1e10)."""
    if not numeral:
        raise ValueError("empty numeral")
    if numeral == "半":
        return 0.5
    s = numeral.replace("〇", "零")
    if s[0] in CN_SCALES:
        s = "一" + s
    return float(cn2an.cn2an(s, "smart"))


def arabic_value(digits: str) -> float:
    """'1,024' -> 1024.0, '5.45' -> 5.45 (after normalise())."""
    return float(digits.replace(",", ""))


def parse_number(text: str) -> tuple[float, float, float, set[str]]:
    """Parse a whole numeric expression (no unit) -> (value, low, high, qualifiers).

    Handles '5.45亿', '1千万', '十万亿', '一千多亿', '数千万', '大几亿', '上万', '两到三', '三分之一'.
    For vague forms value is NaN and low/high hold the range. Raises ValueError if not a number.
    """
    text = _WS.sub("", normalise(text))
    m = re.fullmatch(r"(.+?)(?:到|至|~|-|—|、)(.+)", text)
    if m and not re.fullmatch(r"[\d.]+", text):
        try:
            a, b = parse_number(m.group(1)), parse_number(m.group(2))
        except ValueError:
            a = b = None
        if a and b:
            lo, hi = a[0], b[0]
            # carry the scale of the second number back: 30至110亿 -> 3e9..1.1e10
            tail = re.search(f"[{CN_SCALES}]+$", m.group(2))
            if tail and not re.search(f"[{CN_SCALES}]$", m.group(1)) and re.search(r"\d$", m.group(1)):
                lo *= scale_of(tail.group())
            return float("nan"), lo, hi, {"range"}
    m = re.fullmatch(r"(.+)分之(.+)", text)
    if m:
        den, num = parse_number(m.group(1))[0], parse_number(m.group(2))[0]
        return num / den, float("nan"), float("nan"), set()
    m = re.fullmatch(r"([" + CN_DIGITS + CN_SCALES + r"]+)几([" + CN_SCALES + r"]*)", text)
    if m and m.group(1)[-1] in "十百千万亿":
        base, unit = cn_value(m.group(1)), scale_of(m.group(2))
        step = {"十": 1, "百": 10, "千": 100, "万": 1000, "亿": 10_000_000}[m.group(1)[-1]]
        return float("nan"), (base + step) * unit, (base + 9 * step) * unit, {"vague"}
    pre = re.match(r"成千上|大几|数|几|上", text)
    if pre:
        rest = text[pre.end():]
        if pre.group() == "成千上":
            return float("nan"), 1e3, 9e4, {"vague"}
        lo_k, hi_k = VAGUE[pre.group()]
        if not rest and pre.group() in ("数", "几"):
            return float("nan"), float(lo_k), float(hi_k), {"vague"}
        if not rest or any(c not in CN_SCALES for c in rest):
            raise ValueError(f"not a number: {text!r}")
        unit = scale_of(rest)
        return float("nan"), lo_k * unit, hi_k * unit, {"vague"}
    if len(text) == 2 and text[0] in "一两二三四五六七八九" and text[1] in "两二三四五六七八九" and text != "二二":
        lo, hi = cn_value(text[0]), cn_value(text[1])
        if hi == lo + 1 or (text == "一两"):
            return float("nan"), lo, hi, {"range"}
    m = re.fullmatch(r"(\d+(?:,\d{3})*(?:\.\d+)?|[" + CN_DIGITS + CN_SCALES + r"半]+?)?([多余])?([" + CN_SCALES + r"]*)([多余])?", text)
    if not m or not (m.group(1) or m.group(3)):
        raise ValueError(f"not a number: {text!r}")
    base, more1, scales, more2 = m.groups()
    quals = {"lower-bound"} if (more1 or more2) else set()
    if base is None:
        value = scale_of(scales)
    elif base[0].isdigit():
        value = arabic_value(base) * scale_of(scales)
    else:
        value = cn_value(base + ("" if more1 else scales)) if not more1 else cn_value(base) * scale_of(scales)
    return value, float("nan"), float("nan"), quals


def order_of_digits(n: int) -> float:
    """'9位数' (a nine-digit number) -> 1e8, the smallest number with that many digits."""
    return 10.0 ** (n - 1)
