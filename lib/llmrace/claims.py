"""Numeric claims: every number in a document with kind, value in base units, unit, qualifier, provenance.

Scope (what counts as a numeric claim; the labelled test set follows the same rules):
- every Arabic number with a unit, scale or classifier (5.45亿美元, 8家, 15.33%, 2022年, 512 张),
  plus a bare Arabic number with a price/magnitude cue (原价99999);
- Chinese numerals with a scale (一千多亿, 十万亿, 数千万元, 上万, 百亿), with 倍/成/分之, or with a
  time or entity classifier (两个月, 七年, 四天, 二月, 两家, 两位); the numeral 一 alone (一次, 一个,
  一天, 一家) is an article, not a quantity, except in ranges (一两个月);
- not claims: numbers inside product/model names (GPT-3, GPT 3.5, A100, AI 2.0, ERNIE3.0, 源1.0, M6,
  CLIP-R50x16, tickers), ranks (17 级), ordinals (第七家), footnote markers ([3]), idioms (百度, 万万,
  二次元, 八仙, 百米赛跑), and bare numbers without unit or cue (360 as a company name, 1.0 / 2.0 eras).
- dates: kind 'date', value NaN, ISO form in the trailing `iso` column; a month(-day) without a year takes
  the year of the running month-level date context (同年 / a list of months after an explicit year),
  else the publication year from the catalog; both mark qualifier 'inferred-year'. With no year at all the
  date stays unresolved: iso '--MM[-DD]' (ISO 8601 without year) and no 'inferred-year'.
- relative dates (今年/去年/明年/前年/后年, + 月/日/季度/上半年…) are resolved against the article's
  publication date and marked 'relative-date'; a day alone (28日, (26)日) takes the month of the running
  date context (else the publication month) and is marked 'inferred-year'; clock times (晚间9点, 14时05分,
  21:00) are kind 'time' with iso 'Thh:mm', never quantities.
- ranges and vague amounts: value NaN, low/high set (30亿至110亿美元 -> 3e9..1.1e10 USD).

The quantity grammar and its lexicon live in `llmrace.quantities` (finder, then reader); this module adds
dates, times, compute in scientific notation, the product-name exclusions (by pattern and by the gazetteer)
and the table. Every look-around is bounded, so the cost is linear in the size of the text.
"""
from __future__ import annotations

import bisect
import math
import re
from pathlib import Path

import pandas as pd

from .frames import typed_frame
from .numbers import arabic_value, cn_value, normalise
from .quantities import WINDOW, cue, find_quantities, idiom_pattern, lexicon, qualifiers_around as _qual_around, read_quantity

COLUMNS = ["claim_key", "seed", "sentence_id", "kind", "surface", "value", "low", "high", "unit", "counted",
           "qualifier", "start", "end", "orig_start", "orig_end", "sentence", "iso"]
KINDS = ("money", "percent", "count", "params", "compute", "date", "time", "other")
QUALIFIERS = ("approximate", "lower-bound", "upper-bound", "vague", "range", "forecast", "inferred-year", "relative-date")

# ---------------------------------------------------------------------------------------------- dates
SP = r"[ \t\u00a0\u3000]?"
_MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_DAY = r"3[01]|[12]\d|0?[1-9]|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
_MID = r"中(?![国心文华美间部央东西南北小大期外])"  # 年中 (mid-year), not 去年中国
_YSUF = r"初|" + _MID + r"|底|末|春季|夏季|秋季|冬季|春天|夏天|秋天|冬天|上半年|下半年|年初|年底|年中|年末"
_MSUF = r"底|初|中旬|上旬|下旬|末|" + _MID
_REL = r"今年|去年|明年|前年|后年|本年|同年|当年"
_CENT = r"上世纪|上个世纪|本世纪|二十一世纪|二十世纪|十九世纪|21世纪|20世纪|19世纪"
_PART = r"初期|中期|末期|初|中|末"
DATE = re.compile(
    # every alternative starts with one of these characters: a cheap first test at each position
    r"(?=[\d〇零一二三四五六七八九十今去明前后本同当上下(（第Q])(?:"
    # a quarter written Q2 (the running year)
    r"(?<![A-Za-z0-9])Q(?P<q3>[1-4])(?![0-9A-Za-z])|"
    # a numeric date (2023-04-14, 2023/01/18, 2023.01.18)
    r"(?<![\d.])(?P<isoy>(?:19|20)\d{2})(?P<isep>[-/.])(?P<isom>1[0-2]|0?[1-9])(?P=isep)(?P<isod>3[01]|[12]\d|0?[1-9])(?![\d])"
    # a range of years (2016年至2019年, 2016-2019年): one date claim, an ISO interval
    r"|(?P<ry1>(?:19|20)\d{2})" + SP + r"年?" + SP + r"(?:至|到|-|—|–|~)" + SP + r"(?P<ry2>(?:19|20)\d{2})" + SP + r"年(?!代)"
    # decades and centuries (上世纪90年代, 20世纪六七十年代, 80年代末, 21世纪初)
    r"|(?P<cent>" + _CENT + r")?(?P<dec>(?:19|20)?\d0|[一二三四五六七八九]{1,2}十)" + SP + r"年代(?P<decsuf>" + _PART + r")?"
    r"|(?P<cent2>" + _CENT + r")(?P<centsuf>" + _PART + r")?"
    # an explicit year, optionally with month(-day), quarter or part of the year
    r"|(?P<y>(?:19|20)\d{2}|[〇零一二][〇零一二三四五六七八九]{3})" + SP + r"(?:财年|财政年度|年度|年)" + SP
    + r"(?:(?:的" + SP + r")?(?P<m>" + _MONTH + r")" + SP + r"月(?:份)?(?:" + SP + r"(?P<d>" + _DAY + r")" + SP + r"[日号])?"
    r"(?:" + SP + r"(?:至|到|-|—|–|~)" + SP + r"(?P<m_to>" + _MONTH + r")" + SP + r"月(?:份)?)?"
    r"(?P<msuf>" + _MSUF + r")?|(?:第)?(?P<q>[一二三四1-4])" + SP + r"季度|(?:的)?(?P<ysuf>" + _YSUF + r"))?"
    # a relative year (今年, 去年…) with the same optional parts
    r"|(?P<rel>" + _REL + r")(?:" + SP + r"的)?(?:(?P<rm>" + _MONTH + r")" + SP + r"月(?:份)?(?:" + SP + r"(?P<rd>" + _DAY + r")"
    + SP + r"[日号])?(?P<rmsuf>" + _MSUF + r")?|(?:第)?(?P<rq>[一二三四1-4])" + SP + r"季度|(?P<rysuf>" + _YSUF + r"))?"
    # a quarter without year (二季度, 第三季度): the running year
    r"|(?<![年\d下上本这该每一])(?:第)?(?P<q2>[一二三四1-4])" + SP + r"季度"
    # a month without year
    r"|(?<![\d个数几月一二三四五六七八九十.])(?P<m2>" + _MONTH + r")" + SP + r"月(?!份额)(?:" + SP + r"(?P<d2>"
    + _DAY + r")" + SP + r"[日号])?(?P<m2suf>" + _MSUF + r")?"
    # a day without month: 28日, (26)日
    r"|(?<![\d月.\-/:])(?P<d3>3[01]|[12]\d|0?[1-9])" + SP + r"日(?![元本])"
    r"|[(（]" + SP + r"(?P<d4>3[01]|[12]\d|0?[1-9])" + SP + r"[)）]" + SP + r"日"
    # half of a year without year (上半年): the publication year
    r"|(?<![年\d])(?P<half>上半年|下半年))"
)
_PERIOD = r"凌晨|早上|早晨|清晨|上午|中午|午间|下午|傍晚|晚上|晚间|夜间|夜里|当晚|今晚|昨晚|深夜|北京时间"
TIME = re.compile(
    r"(?=[\d一二两三四五六七八九十凌早清上中午下傍晚夜当今昨深北])(?:(?P<tp>" + _PERIOD + r")?" + SP + r"(?<![\d.])(?P<h>2[0-4]|[01]?\d|[一二两三四五六七八九十]{1,3})" + SP + r"(?P<hm>点|时)(?!代|候|间|期|刻|段)"
    r"(?:" + SP + r"(?P<mi>[0-5]?\d|半|一刻|[一二三四五]?十[一二三四五六七八九]?|[一二三四五六七八九])" + SP + r"(?P<fen>分)?)?"
    r"|(?<![\d:])(?P<hh>[01]?\d|2[0-3]):(?P<mm>[0-5]\d)(?::(?P<ss>[0-5]\d))?(?![\d:]))"
)
FLOPS = re.compile(r"(\d+(?:\.\d+)?)\s?[x×*]\s?10\^(\d+)\s?次?(?:浮点运算|FLOPs?)?")
HALF = re.compile(r"(?<![一二三四五六七八九十两])一半")
PERCENT_WORD = re.compile(r"百分之(?P<p>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百点]+)")
# numbers glued to Latin letters are model / chip / product names (GPT-3, A100, AI 2.0, M6, 源1.0)
PRODUCT_BEFORE = re.compile(r"(?:[A-Za-z][-_]?|[A-Za-z]\s?-\s?|源|第|[\[【])$")
PRODUCT_BEFORE_SPACE = re.compile(r"[A-Za-z]\s$")
PRODUCT_AFTER = re.compile(r"^(?:[A-Za-z]|\.\d|\]|】)")
FOOTNOTE = re.compile(r"^\s?[\]】]")


def parse_pub_date(pub) -> tuple[int | None, int | None, int | None]:
    """Publication date as (year, month, day): 2023 -> (2023, None, None), '2023-02-10' -> (2023, 2, 10)."""
    if pub is None or (isinstance(pub, float) and math.isnan(pub)):
        return None, None, None
    if isinstance(pub, int):
        return pub, None, None
    m = re.match(r"((?:19|20)\d{2})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", str(pub).strip())
    if not m:
        return None, None, None
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None


class _Ctx:
    """Running date context within a document (for month-only and day-only dates)."""

    def __init__(self, pub):
        self.pub_year, self.pub_month, self.pub_day = parse_pub_date(pub)
        self.last_year: int | None = None  # year of the last month-level date with a text-given year
        self.last_sentence = -99
        self.last_any_year: int | None = None  # the last year written in the text (for 同年, a bare 二季度)
        self.last_any_sentence = -99
        self.last_q_year: int | None = None  # year of the last quarter or month written with its year (2022年第三季度)
        self.last_q_sentence = -99
        self.last_month: tuple[int | None, int] | None = None  # (year, month) of the last month-level date
        self.last_month_sentence = -99


def _cn_or_int(s: str) -> int:
    return int(s) if s.isdigit() else int(cn_value(s))


def _cn_year(s: str) -> int:
    digits = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    return int(s) if s.isdigit() else int("".join(str(digits[c]) for c in s))


def _suffix_iso(y: int, ysuf: str | None, q: str | None) -> str:
    if q:
        return f"{y:04d}-Q{_cn_or_int(q)}"
    if ysuf in ("底", "末", "年底", "年末"):
        return f"{y:04d}-12"  # 年底: the year's end (the dev set's rule; 年初 stays the year, as in the seeds)
    if ysuf in ("上半年",):
        return f"{y:04d}-H1"
    if ysuf in ("下半年",):
        return f"{y:04d}-H2"
    return f"{y:04d}"


def _decade_iso(cent: str | None, dec: str | None, part: str | None) -> str | None:
    """上世纪90年代 -> '1990/1999', 20世纪六七十年代 -> '1960/1979', 80年代 -> '1980/1989', 21世纪初 -> '2000/2009'."""
    base = None
    if cent:
        base = 1800 if "十九" in cent or "19" in cent else 2000 if ("本" in cent or "21" in cent or "二十一" in cent) else 1900
    if dec is None:
        if base is None:
            return None
        if part and part.startswith("初"):
            return f"{base:04d}/{base + 9:04d}"
        if part and part.startswith("末"):
            return f"{base + 90:04d}/{base + 99:04d}"
        return f"{base:04d}/{base + 99:04d}"
    if dec.isdigit():
        if len(dec) == 4:
            return f"{dec}/{int(dec) + 9}"
        d = int(dec)
        if base is None:
            base = 1900 if d >= 30 else 2000
        return f"{base + d:04d}/{base + d + 9:04d}"
    digits = [int(cn_value(c)) for c in dec.rstrip("十")]
    if base is None:
        base = 1900
    return f"{base + 10 * digits[0]:04d}/{base + 10 * digits[-1] + 9:04d}"


def _month_iso(y: int | None, mo: int, d: str | None) -> str:
    day = f"-{_cn_or_int(d):02d}" if d else ""
    return f"{y:04d}-{mo:02d}{day}" if y else f"--{mo:02d}{day}"


def _dates(text: str, sent_index, ctx: _Ctx):
    """Yield (start, end, kind, iso, qualifiers) for dates in normalised text, in text order."""
    lex_words = lexicon().date_words
    for m in DATE.finditer(text):
        s, e = m.span()
        si = sent_index(s)
        if m.group("isoy"):
            y, mo, d = int(m.group("isoy")), int(m.group("isom")), int(m.group("isod"))
            ctx.last_any_year, ctx.last_any_sentence = y, si
            ctx.last_year, ctx.last_sentence = y, si
            ctx.last_month, ctx.last_month_sentence = (y, mo), si
            yield s, e, "date", f"{y:04d}-{mo:02d}-{d:02d}", set()
        elif m.group("ry1"):
            y1, y2 = int(m.group("ry1")), int(m.group("ry2"))
            ctx.last_any_year, ctx.last_any_sentence = y2, si
            yield s, e, "date", f"{y1:04d}/{y2:04d}", {"range"}
        elif m.group("dec") or m.group("cent2"):
            iso = _decade_iso(m.group("cent") or m.group("cent2"), m.group("dec"), m.group("decsuf") or m.group("centsuf"))
            if iso is None:
                yield s, e, None, "", set()
                continue
            quals = {"range"} | ({"approximate"} if (m.group("decsuf") or m.group("centsuf")) else set())
            yield s, e, "date", iso, quals
        elif m.group("q2") or m.group("q3"):
            y = ctx.last_q_year if ctx.last_q_year is not None and si - ctx.last_q_sentence <= 3 else ctx.pub_year
            if y is None:
                continue
            q = _cn_or_int(m.group("q2") or m.group("q3"))
            if y == ctx.pub_year and ctx.pub_month and q > (ctx.pub_month - 1) // 3 + 1 \
                    and not cue("forecast").search(text[max(0, s - 15):s]) and not text.startswith(("将", "预计"), e):
                y -= 1  # a quarter not yet begun at publication, reported as done: the previous year's
            yield s, e, "date", f"{y:04d}-Q{q}", {"inferred-year"}
        elif m.group("y"):
            y = _cn_year(m.group("y"))
            if "财" not in m.group():  # a fiscal year (2024财年) is not the running calendar year
                ctx.last_any_year, ctx.last_any_sentence = y, si
            if m.group("m"):
                mo = _cn_or_int(m.group("m"))
                if not 1 <= mo <= 12:
                    continue
                iso = _month_iso(y, mo, m.group("d"))
                quals = set()
                if m.group("m_to"):
                    iso, quals = f"{iso}/{_month_iso(y, _cn_or_int(m.group('m_to')), None)}", {"range"}
                ctx.last_year, ctx.last_sentence = y, si
                ctx.last_month, ctx.last_month_sentence = (y, mo), si
            else:
                iso, quals = _suffix_iso(y, m.group("ysuf"), m.group("q")), set()
            if (m.group("m") or m.group("q")) and "财" not in m.group():
                ctx.last_q_year, ctx.last_q_sentence = y, si
            yield s, e, "date", iso, quals
        elif m.group("rel"):
            word = m.group("rel")
            typ, off = lex_words.get(word, ("year", "0"))
            if typ == "context":  # 同年 / 当年: the year in context
                y = ctx.last_any_year if ctx.last_any_year is not None else ctx.pub_year
                quals = {"inferred-year"} if y is not None else set()
                if not (m.group("rm") or m.group("rq") or m.group("rysuf")):
                    if y is not None:
                        ctx.last_year, ctx.last_sentence = y, si
                    continue  # 同年 alone is not a claim
            else:
                y = ctx.pub_year + int(off) if ctx.pub_year is not None else None
                quals = {"relative-date"}
            if m.group("rm"):
                mo = _cn_or_int(m.group("rm"))
                if not 1 <= mo <= 12:
                    continue
                iso = _month_iso(y, mo, m.group("rd"))
                if y is not None:
                    ctx.last_year, ctx.last_sentence = y, si
                ctx.last_month, ctx.last_month_sentence = (y, mo), si
            elif y is None or not (m.group("rq") or m.group("rysuf")):
                if y is not None:
                    ctx.last_any_year, ctx.last_any_sentence = y, si
                continue  # a bare 今年 / 去年 is not a claim (the seeds' and the dev set's rule)
            else:
                iso = _suffix_iso(y, m.group("rysuf"), m.group("rq"))
                ctx.last_any_year, ctx.last_any_sentence = y, si
            yield s, e, "date", iso, quals
        elif m.group("m2"):
            mo = _cn_or_int(m.group("m2"))
            if mo > 12 or mo < 1:
                continue
            if ctx.last_year is not None and si - ctx.last_sentence <= 5:
                year = ctx.last_year
                ctx.last_sentence = si
            else:
                year = ctx.pub_year
            ctx.last_month, ctx.last_month_sentence = (year, mo), si
            yield s, e, "date", _month_iso(year, mo, m.group("d2")), ({"inferred-year"} if year else set())
        elif m.group("d3") or m.group("d4"):
            d = int(m.group("d3") or m.group("d4"))
            if ctx.last_month is not None and si - ctx.last_month_sentence <= 5:
                year, mo = ctx.last_month
            elif ctx.pub_month is not None:
                year, mo = ctx.pub_year, ctx.pub_month
                if ctx.pub_day is not None and d > ctx.pub_day:
                    mo -= 1  # a day after the publication day: the previous month
                    if mo == 0:
                        year, mo = year - 1, 12
            else:
                year = mo = None
            if mo is None:
                iso = f"---{d:02d}"
            else:
                iso = _month_iso(year, mo, str(d))
            yield s, e, "date", iso, ({"inferred-year"} if year else set())
        elif m.group("half"):
            if ctx.pub_year is None:
                continue
            yield s, e, "date", f"{ctx.pub_year:04d}-{'H1' if m.group('half') == '上半年' else 'H2'}", {"inferred-year"}


def _times(text: str):
    """Yield (start, end, iso) for clock times: 晚间9点, 14时05分, 21:00."""
    for m in TIME.finditer(text):
        s, e = m.span()
        sec = ""
        if m.group("hh"):
            h, mi = int(m.group("hh")), int(m.group("mm"))
            sec = f":{m.group('ss')}" if m.group("ss") else ""
        else:
            hs, tp = m.group("h"), m.group("tp")
            if m.group("hm") == "时" and not (tp or m.group("fen")):
                continue  # 时 alone: not a clock time
            if not hs.isdigit() and not tp:
                continue  # 三点 (three points) without a time-of-day word
            try:
                h = _cn_or_int(hs)
            except Exception:
                continue
            raw = m.group("mi")
            if raw and not m.group("fen") and raw not in ("半", "一刻") and not raw.isdigit():
                e = m.start("mi")  # 9点五: not minutes unless 分 follows
                raw = None
            if raw and raw.isdigit() and not m.group("fen") and len(raw) < 2:
                e = m.start("mi")
                raw = None
            mi = 30 if raw == "半" else 15 if raw == "一刻" else (_cn_or_int(raw) if raw else 0)
            if tp in ("下午", "傍晚", "晚上", "晚间", "夜间", "夜里", "当晚", "今晚", "昨晚", "深夜") and h < 12:
                h += 12
            if not tp:
                s = m.start("h")
        if h > 24 or mi > 59:
            continue
        while e > s and text[e - 1].isspace():
            e -= 1
        yield s, e, f"T{h:02d}:{mi:02d}{sec}"


def _sentence_index(doc):
    starts = [s.start for s in doc.sentences]

    def index(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1)
    return index


def _product_spans(doc) -> list[tuple[int, int]]:
    """Spans of gazetteer names that contain a digit and another character (A100, GPT-4, 昇腾910B, 源1.0)."""
    try:
        from .entities import listed_for
    except ImportError:
        return []
    text = doc.text
    digit = re.compile(r"\d")
    return [(s, e) for s, e, _ in listed_for(doc) if digit.search(text, s, e) and not text[s:e].isdigit()]


RANGE_GAP = re.compile(r"\s?(?:到|至|~|-|—)\s?")


def _merge_ranges(found: list[tuple], text: str) -> list[tuple]:
    """'半年到两年': two adjacent claims of the same kind and unit joined by 到/至 become one range claim."""
    out: list[tuple] = []
    for r in found:
        if out and r[2] == out[-1][2] and r[2] not in ("date", "time") and r[6] == out[-1][6] \
                and RANGE_GAP.fullmatch(text[out[-1][1]:r[0]]) and not math.isnan(out[-1][3]) and not math.isnan(r[3]):
            p = out[-1]
            q = (p[8] | r[8]) - {"approximate", "lower-bound", "upper-bound"} | {"range"}
            out[-1] = (p[0], r[1], p[2], math.nan, p[3], r[3], p[6], p[7] or r[7], q, "")
        else:
            out.append(r)
    return out


def extract_claims(doc, pub_year: int | str | None = None) -> pd.DataFrame:
    """All numeric claims of one Document (see module docstring for scope and conventions).

    `pub_year` is the publication date: a year (2023) or an ISO date ('2023-02', '2023-02-10'); relative
    dates are resolved against it.
    """
    text = normalise(doc.text)
    sents = doc.sentences
    sent_index = _sentence_index(doc)
    ctx = _Ctx(pub_year)
    found: list[tuple] = []  # (start, end, kind, value, low, high, unit, counted, quals, iso)
    taken = bytearray(len(text) + 1)

    def take(s: int, e: int) -> None:
        taken[s:e] = b"\x01" * (e - s)

    for s, e, kind, iso, q in _dates(text, sent_index, ctx):
        take(s, e)
        if kind is None:
            continue
        found.append((s, e, kind, math.nan, math.nan, math.nan, "", "", q, iso))
        take(s, e)
    for s, e, iso in _times(text):
        if taken[s] or taken[e - 1]:
            continue
        found.append((s, e, "time", math.nan, math.nan, math.nan, "", "", set(), iso))
        take(s, e)
    for m in FLOPS.finditer(text):
        s, e = m.span()
        if taken[s]:
            continue
        value = arabic_value(m.group(1)) * 10.0 ** int(m.group(2))
        found.append((s, e, "compute", value, math.nan, math.nan, "FLOP", "", set(), ""))
        take(s, e)
    for m in PERCENT_WORD.finditer(text):
        s, e = m.span()
        if taken[s]:
            continue
        p = m.group("p")
        try:
            value = float(p) if p[0].isdigit() else (float(cn_value(p.split("点")[0])) + (
                float("0." + "".join(str(int(cn_value(c))) for c in p.split("点")[1])) if "点" in p else 0.0))
        except Exception:
            continue
        found.append((s, e, "percent", value, math.nan, math.nan, "percent", "", set(), ""))
        take(s, e)
    for m in HALF.finditer(text):
        s, e = m.span()
        if not taken[s]:
            found.append((s, e, "percent", 50.0, math.nan, math.nan, "percent", "", _qual_around(text, s, e), ""))
            take(s, e)
    for s, e in _product_spans(doc):
        take(s, e)
    idioms = idiom_pattern()
    for c in find_quantities(text, taken):
        s = c.start
        if taken[s] or taken[max(s, c.num_end - 1)]:
            continue
        has_digit = any(ch.isdigit() for ch in c.num)
        if has_digit and re.match(r"0\d", c.num):
            continue  # 02, 007: a section number or an id, not a quantity
        if not has_digit and re.fullmatch(r"[零〇]+", c.num):
            continue  # 零部件
        before3 = text[max(0, s - 3):s]
        if PRODUCT_BEFORE.search(before3) and not (
                c.unit is not None and not c.unit.latin and re.search(r"[A-Za-z]$", before3)
                and (not has_digit or (not c.unit.classifier and not c.gap and re.fullmatch(r"\d{2,}", c.num)))):
            continue  # GPT-3, A100, 源1.0 — but GPU24小时 is 24 hours
        if has_digit and PRODUCT_BEFORE_SPACE.search(before3) and c.unit is None and not re.search("[万亿]", c.num):
            continue  # Llama 2, RTX 4090, GPT 3.5: a Latin word, a space, a bare number
        if c.unit is None and PRODUCT_AFTER.match(text[c.num_end:c.num_end + 2]):
            continue
        if c.unit is not None and c.unit.latin is False and FOOTNOTE.match(text[c.num_end:c.num_end + 2]):
            continue
        if not has_digit:
            im = idioms.search(text, max(0, s - 4), min(len(text), c.num_end + 6))
            hit = False
            while im is not None:
                if im.start() <= s < im.end():
                    hit = True
                    break
                im = idioms.search(text, im.start() + 1, min(len(text), c.num_end + 6))
            if hit:
                continue
        si = sent_index(s)
        sent = sents[si] if sents else None
        rel = s - sent.start if sent else s
        stext = sent.text if sent else text[max(0, s - WINDOW):s + WINDOW]
        if not sent:
            rel = s - max(0, s - WINDOW)
        r = read_quantity(text, c, stext, rel)
        if r is None:
            continue
        found.append((s, r.end, r.kind, r.value, r.low, r.high, r.unit, r.counted, r.qualifiers, ""))
    found.sort(key=lambda r: r[0])
    found = _merge_ranges(found, text)
    forecast = cue("forecast")
    rows = []
    per_sentence: dict[str, int] = {}
    for s, e, kind, value, low, high, unit, counted, qual, iso in found:
        while e > s and doc.text[e - 1].isspace():
            e -= 1
        sent = sents[sent_index(s)] if sents else None
        sid = sent.id if sent else f"{doc.seed}.p0.s0"
        if kind == "date" and sent is not None and forecast.search(sent.text[max(0, s - sent.start - 15):s - sent.start]):
            qual = qual | {"forecast"}
        per_sentence[sid] = per_sentence.get(sid, 0) + 1
        os_, oe = doc.orig_span(s, e)
        rows.append(dict(claim_key=f"{sid}#{per_sentence[sid]}", seed=doc.seed, sentence_id=sid, kind=kind,
                         surface=doc.text[s:e], value=float(value), low=float(low), high=float(high), unit=unit,
                         counted=counted, qualifier="|".join(q for q in QUALIFIERS if q in qual), start=s, end=e,
                         orig_start=os_, orig_end=oe, sentence=sent.text if sent else "", iso=iso))
    return _frame(rows)


def _frame(rows) -> pd.DataFrame:
    """Rows -> DataFrame with fixed dtypes (object strings, int64 offsets, float64 values)."""
    return typed_frame(rows, COLUMNS, ints=("start", "end", "orig_start", "orig_end"), floats=("value", "low", "high"))


def pub_years(seeds_dir: Path | str) -> dict[str, int | None]:
    """Publication year of each seed from catalog.csv ('2023-02' -> 2023); missing -> absent."""
    from .corpus import read_catalog

    cat = read_catalog(seeds_dir)
    out: dict[str, int | None] = {}
    if "id" in cat.columns and "pub_date" in cat.columns:
        for sid, date in zip(cat["id"], cat["pub_date"]):
            m = re.match(r"((?:19|20)\d{2})", str(date))
            out[str(sid)] = int(m.group(1)) if m else None
    return out


def pub_dates(seeds_dir: Path | str) -> dict[str, str | None]:
    """Publication date of each seed from catalog.csv as written ('2023-02', '2023-02-10'); missing -> absent."""
    from .corpus import read_catalog

    cat = read_catalog(seeds_dir)
    out: dict[str, str | None] = {}
    if "id" in cat.columns and "pub_date" in cat.columns:
        for sid, date in zip(cat["id"], cat["pub_date"]):
            m = re.match(r"(?:19|20)\d{2}(?:-\d{1,2}(?:-\d{1,2})?)?", str(date).strip())
            out[str(sid)] = m.group() if m else None
    return out


def corpus_claims(seeds_dir: Path | str, docs=None) -> pd.DataFrame:
    """Claims of every seed in a directory (documents streamed one at a time)."""
    from .corpus import Corpus

    dates = pub_dates(seeds_dir)
    frames = [extract_claims(d, dates.get(d.seed)) for d in (docs if docs is not None else Corpus(seeds_dir))]
    return _frame([]) if not frames else pd.concat(frames, ignore_index=True)
