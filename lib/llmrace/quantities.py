"""A small quantity grammar over a lexicon kept as data (lib/llmrace/data/lexicon/*.csv).

Two separate steps, each testable on its own:

- `find_quantities(text)` — the *finder*: one linear regex pass for numeral expressions (Arabic or Chinese
  numerals, scales, vague prefixes, ranges, fractions), then a longest-match look-up of the unit or
  classifier that follows in the lexicon. Whitespace (盘古之白 `12 亿美元`) and one line wrap (`5\\n万块`)
  may separate number, scale and unit. Yields `Candidate`s (spans and parts, no values).
- `read_quantity(candidate, ...)` — the *reader*: normalises a candidate to kind, value in base units,
  unit, what is counted and qualifiers, or rejects it (articles 一个, idioms, ranks, bare numbers).

The lexicon holds: units (`units.csv`: surface, kind, base unit, factor; SI-prefixed Latin units such as
TFLOPS, GB, Gbps, GHz, nm, tokens), classifiers with what they count (`classifiers.csv`), counted nouns after
个 (`nouns.csv`), idioms that are not numbers (`idioms.csv`), cue words (`cues.csv`: money, params, users,
forecast, chip), qualifier words (`qualifiers.csv`) and date words (`dates.csv`). Every look-around is
bounded to a small window, so the cost is linear in the length of the text.
"""
from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .numbers import arabic_value, order_of_digits, parse_number

SP = r"[ \t\u00a0\u3000]"
GAP = SP + r"{0,2}(?:\n" + SP + r"*)?"  # up to two spaces, or one line wrap
AR = r"\d+(?:,\d{3}(?!\d))*(?:\.\d+)?"
CN = "零〇一二两三四五六七八九十百千万亿"
SC = "[十百千万亿]"
SEP = r"(?:至|到|~|-|—|–|、)"
WINDOW = 200  # characters of context either side a reader may look at (keeps the engine linear)


def lexicon_dir() -> Path:
    return Path(str(resources.files("llmrace").joinpath("data/lexicon")))


def _rows(name: str) -> list[dict[str, str]]:
    with open(lexicon_dir() / name, encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(f)]


@dataclass(frozen=True)
class Unit:
    surface: str
    kind: str  # money | percent | compute | other | count
    unit: str  # base unit (USD, percent, FLOPS, B, Hz, m, …) or, for a classifier, what it counts
    factor: float
    latin: bool
    cn_ok: bool  # may follow a Chinese numeral without a scale
    classifier: bool = False


@dataclass(frozen=True)
class Lexicon:
    units: dict[str, Unit]  # exact surface -> unit (units and classifiers)
    units_ci: dict[str, Unit]  # casefolded Latin surfaces
    max_unit: int
    nouns: tuple[tuple[str, str], ...]  # (noun, counted), longest first
    idioms: tuple[str, ...]
    cues: dict[str, tuple[str, ...]]
    qual_before: tuple[tuple[str, str], ...]  # (word, qualifier), longest first
    qual_after: tuple[tuple[str, str], ...]
    date_words: dict[str, tuple[str, str]]
    vague: dict[str, tuple[float, float]]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    units: dict[str, Unit] = {}
    for r in _rows("units.csv"):
        units[r["surface"]] = Unit(r["surface"], r["kind"], r["unit"], float(r["factor"] or 1), r["latin"] == "1",
                                   r["cn_ok"] == "1")
    for r in _rows("classifiers.csv"):
        units.setdefault(r["classifier"], Unit(r["classifier"], "count", r["counted"], 1.0, False, r["cn_ok"] == "1", True))
    units_ci: dict[str, Unit] = {}
    for u in units.values():  # the first row wins on a case clash (GB/s before Gb/s)
        if u.latin:
            units_ci.setdefault(u.surface.casefold(), u)
    nouns = tuple(sorted(((r["noun"], r["counted"]) for r in _rows("nouns.csv")), key=lambda x: -len(x[0])))
    cues: dict[str, list[str]] = {}
    for r in _rows("cues.csv"):
        cues.setdefault(r["role"], []).append(r["cue"])
    qb = [(r["word"], r["qualifier"]) for r in _rows("qualifiers.csv") if r["position"] == "before"]
    qa = [(r["word"], r["qualifier"]) for r in _rows("qualifiers.csv") if r["position"] == "after"]
    return Lexicon(
        units=units, units_ci=units_ci, max_unit=max(len(s) for s in units), nouns=nouns,
        idioms=tuple(sorted({r["idiom"] for r in _rows("idioms.csv")}, key=len, reverse=True)),
        cues={k: tuple(sorted(v, key=len, reverse=True)) for k, v in cues.items()},
        qual_before=tuple(sorted(qb, key=lambda x: -len(x[0]))), qual_after=tuple(sorted(qa, key=lambda x: -len(x[0]))),
        date_words={r["word"]: (r["type"], r["value"]) for r in _rows("dates.csv")},
        vague={r["prefix"]: (float(r["low"]), float(r["high"])) for r in _rows("vague.csv")},
    )


@lru_cache(maxsize=1)
def _cue_patterns() -> dict[str, re.Pattern]:
    return {role: re.compile("|".join(map(re.escape, words))) for role, words in lexicon().cues.items()}


def cue(role: str) -> re.Pattern:
    """The compiled alternation of the lexicon's cue words of one role (money, params, users, forecast, chip)."""
    return _cue_patterns()[role]


@lru_cache(maxsize=1)
def idiom_pattern() -> re.Pattern:
    return re.compile("|".join(map(re.escape, lexicon().idioms)))


# ------------------------------------------------------------------------------------------- finder
_CN_NUM = "[" + CN + "]+"
NUM = (r"(?:成千上万|(?:大几|数|几|上)" + SC + r"+|十几" + SC + r"*|(?<![参无多少变分次指函系倍总人岁个半整算级点基])(?:数|几)(?!乎|何|率|字|据|学|码|量|值|位|数)"
       r"|" + AR + r"[多余]?(?:" + GAP + SC + r"+)?[多余]?"
       r"|(?:" + _CN_NUM + r"(?:几" + SC + r"*)?|半)[多余]?" + SC + r"*[多余]?)")
FINDER = re.compile(
    r"(?P<num>" + NUM + r")(?:" + SP + r"?(?P<sep>" + SEP + r")" + SP + r"?(?P<num2>" + NUM + r"))?"
    r"(?P<frac>分之[一二三四五六七八九十百]+|分之\d+)?"
)
DIGIT = re.compile(r"\d")
_SCALE_WY = re.compile("[万亿]")
_YEAR4 = re.compile(r"(?:19|20)\d{2}")
_PARAMS_AFTER = re.compile(r"\s?参数")
_PARAMS_AFTER_GE = re.compile(r"\s?(?:个)?参数")
_ONE_CN = re.compile("[一二两三四五六七八九十]")
_GAP_RE = re.compile(GAP)
_PLUS = Unit("+", "count", "items", 1.0, False, False, True)


@dataclass(frozen=True)
class Candidate:
    start: int
    num_end: int  # end of the numeral expression (incl. range and fraction)
    num: str
    sep: str
    num2: str
    frac: str
    gap: str  # whitespace between the numeral and the unit
    unit: Unit | None
    unit_start: int
    unit_end: int  # == num_end when there is no unit


@lru_cache(maxsize=1)
def _unit_lengths() -> dict[str, tuple[int, ...]]:
    """First character (Latin casefolded) -> the lengths of the lexicon's units starting with it, longest first."""
    out: dict[str, set[int]] = {}
    for u in lexicon().units.values():
        for first in {u.surface[0], u.surface[0].casefold()} if u.latin else {u.surface[0]}:
            out.setdefault(first, set()).add(len(u.surface))
    for k in list(out):  # Latin units match in any case: GHz, ghz, Exaflop, exaflop
        if k.isascii() and k.isalpha():
            out.setdefault(k.swapcase(), set())
            merged = out[k] | out[k.swapcase()]
            out[k] = out[k.swapcase()] = merged
    return {k: tuple(sorted(v, reverse=True)) for k, v in out.items()}


def unit_at(text: str, pos: int) -> tuple[Unit | None, int]:
    """The longest lexicon unit or classifier starting at `pos` -> (unit, end) or (None, pos)."""
    if pos >= len(text):
        return None, pos
    lengths = _unit_lengths().get(text[pos])
    if not lengths:
        return None, pos
    lex = lexicon()
    for n in lengths:
        s = text[pos:pos + n]
        if len(s) < n:
            continue
        u = lex.units.get(s)
        if u is None and s.isascii():
            u = lex.units_ci.get(s.casefold())
        if u is None:
            continue
        if u.latin and pos + n < len(text) and (text[pos + n].isascii() and text[pos + n].isalpha()):
            continue  # GB in GBT: part of a longer Latin word
        return u, pos + n
    return None, pos


def find_quantities(text: str, taken=None):
    """Yield a Candidate for every numeral expression in (normalised) text, with the unit that follows.

    `taken` (a bytearray over text, optional) marks spans already claimed (dates, times): skipped early."""
    for m in FINDER.finditer(text):
        e = m.end()
        if taken is not None and (taken[m.start()] or taken[e - 1]):
            continue
        num = m.group("num")
        if num == "一" and not m.group("sep") and not m.group("frac") and text[e:e + 1] not in ("倍", "年", "个", "小", "天", "周"):
            continue  # 一 alone is the article (一些, 一次); only 一倍, 一年半 … can be quantities
        if not m.group("num2") and not m.group("frac") and len(num) > 1 and num[-1] in "千百万" and num[:-1].strip():
            u2, ue2 = unit_at(text, e - 1)
            if u2 is not None and ue2 - (e - 1) >= 2:  # 11千兆瓦小时: 千兆瓦小时 is the unit (GWh), not 11千 + 兆瓦
                yield Candidate(m.start(), e - 1, num[:-1], "", "", "", "", u2, e - 1, ue2)
                continue
        if text.startswith("+", e) and DIGIT.search(num) and not (e + 1 < len(text) and text[e + 1].isdigit()):
            yield Candidate(m.start(), e, num, "", "", "", "", _PLUS, e, e + 1)  # 400+ (at least 400)
            continue
        g = _GAP_RE.match(text, e)
        gap = g.group() if g else ""
        unit, ue = unit_at(text, e + len(gap))
        if unit is None and gap:
            gap, ue = "", e
        yield Candidate(m.start(), e, m.group("num"), m.group("sep") or "", m.group("num2") or "", m.group("frac") or "",
                        gap, unit, e + len(gap), ue if unit else e)


# ------------------------------------------------------------------------------------------- reader
@dataclass
class Reading:
    kind: str
    value: float
    low: float
    high: float
    unit: str
    counted: str
    qualifiers: set
    end: int


@lru_cache(maxsize=1)
def _qualifier_patterns():
    lex = lexicon()
    before = re.compile("(?:" + "|".join(re.escape(w) for w, _ in lex.qual_before) + ")$")
    after = re.compile("|".join(re.escape(w) for w, _ in lex.qual_after))
    return before, after, dict(lex.qual_before), dict(lex.qual_after)


def qualifiers_around(text: str, s: int, e: int) -> set[str]:
    """approximate / lower-bound / upper-bound from the lexicon's words just before `s` and just after `e`."""
    pb, pa, qb, qa = _qualifier_patterns()
    before = text[max(0, s - 6):s].rstrip(" \t\u3000")
    after = text[e:e + 6].lstrip(" \t\u3000")
    q = set()
    m = pb.search(before)
    if m:
        q.add(qb[m.group()])
    m = pa.match(after)
    if m:
        q.add(qa[m.group()])
    if before.endswith("过") and s < len(text) and text[s] in "十百千万亿":
        q.add("lower-bound")  # 过亿
    return q


def counted_noun(text: str, pos: int) -> str:
    """What the noun at `pos` counts (nouns.csv), skipping spaces and 以上的 / 的; '' when none."""
    j = pos
    while j < len(text) and text[j] in " \t\u3000":
        j += 1
    for filler in ("以上的", "左右的", "多的"):
        if text.startswith(filler, j):
            j += len(filler)
            break
    for noun, counted in lexicon().nouns:
        if text.startswith(noun, j):
            return counted
    return ""


def _reject_cn(c: Candidate, has_scale: bool, vague: bool) -> bool:
    """Chinese numerals: 一 alone is an article; without a scale, only classifiers that allow them."""
    if c.num in ("一", "一半") and not c.num2 and not c.frac:
        return not (c.unit is not None and (c.unit.surface == "倍" or c.num == "一半"))  # 增加一倍: a doubling is a quantity
    if c.unit is None or vague or has_scale:
        return False
    return not c.unit.cn_ok


def read_quantity(text: str, c: Candidate, sent_text: str, rel: int) -> Reading | None:
    """Read one candidate in (normalised) text; `sent_text`/`rel` are its sentence and offset in it."""
    num, num2, unit = c.num, c.num2, c.unit
    has_digit = bool(DIGIT.search(num))
    core = num + (c.sep + num2 if num2 else "") + c.frac
    if "\n" in c.gap and not has_digit:
        return None
    try:
        value, low, high, quals = parse_number(core)
    except Exception:  # cn2an raises its own ValueError subclasses
        return None
    has_scale = bool(_SCALE_WY.search(core))
    vague = "vague" in quals
    cn_only = not has_digit
    if unit is not None and unit.surface in ("年", "个月", "个小时", "小时", "天", "周", "个星期") \
            and text.startswith("半", c.unit_end) and math.isnan(low):
        value, c = value + 0.5, Candidate(c.start, c.num_end, c.num + "半", c.sep, c.num2, c.frac, c.gap, unit,
                                          c.unit_start, c.unit_end + 1)  # 一年半 = 1.5 years
        num, cn_only = c.num, not has_digit
    if cn_only and _reject_cn(c, has_scale, vague):
        if (c.num == "一" and not (unit is not None and unit.surface == "倍")) or not (unit is not None and unit.surface == "个" and counted_noun(text, c.unit_end) in ("people", "children")):
            return None
    lo_s = max(0, rel - WINDOW)
    before = sent_text[max(0, rel - 8):rel]
    window_before = sent_text[lo_s:rel]
    if c.frac:
        q = qualifiers_around(text, c.start, c.num_end)
        return Reading("other", value, low, high, "ratio", "", q, c.num_end)
    end = c.unit_end
    qual = quals | qualifiers_around(text, c.start, c.unit_start if unit else c.num_end)
    if unit is not None:
        qual |= qualifiers_around(text, c.start, c.unit_end) & {"approximate", "lower-bound", "upper-bound"}
    after = text[end:end + 14]
    kind, unit_out, counted, factor = "other", "", "", 1.0
    level = False
    u = unit.surface if unit else ""
    if unit is not None and not unit.classifier:
        kind, unit_out, factor = unit.kind, unit.unit, unit.factor
        if u == "成":
            if not _ONE_CN.fullmatch(num):
                return None
        elif u == "年":
            if has_digit and _YEAR4.fullmatch(num.strip()) and (not num2 or _YEAR4.fullmatch(num2)):
                return None  # a year (range): handled as a date
        elif u == "月":
            if not re.fullmatch("数|几", num):
                return None  # 3月 is a date (handled by the date finder)
        elif unit.kind == "compute" and unit.unit == "FLOP" and "每秒" in sent_text[max(0, rel - 20):rel]:
            unit_out = "FLOPS"
        elif u == "位数":
            if not has_digit:
                return None
            kind = "money" if cue("money").search(window_before) else "other"
            value, unit_out = order_of_digits(int(arabic_value(num))), ""
        elif u == "级":
            if not has_scale:
                return None  # 17 级: a rank
            qual.add("approximate")
            kind, unit_out, unit, level = "other", "", None, True
    elif unit is not None:  # a classifier: a count
        counted = unit.unit
        if u == "+":
            if not has_scale and len(num.replace(",", "")) < 2:
                return None  # 骁龙7+: a product name, not 'at least 7'
            qual.add("lower-bound")
            if re.match(r"\s?(?:个)?参数", after):
                return Reading("params", value, low, high, "parameters", "parameters", qual, end)
            noun = counted_noun(text, end)
            return Reading("count", value, low, high, noun or "items", noun or "items", qual, end)
        if u == "大" and (not cn_only or not re.fullmatch("[两二三四五六七八九十]", core)):
            return None  # System/360大型: not 三大 (the three big …)
        if core in ("数", "几") and u in ("大",):
            return None
        if u == "个":
            counted = counted_noun(text, end)
            if not counted and core == "半":
                return None  # 大半个世纪: 半个 + a noun the lexicon does not count
            if not counted and cn_only:
                counted = "items"  # 三个阶段, 两个方面: counted as written (the dev set's rule)
        elif u in ("颗", "张", "片", "枚", "块"):
            counted = "GPU" if cue("chip").search(after + sent_text[rel:rel + 30]) else "items"
        elif u in ("家",) and counted_noun(text, end) == "":
            counted = "companies"
        noun = counted_noun(text, end)
        if noun == "users":
            counted = "users"
        kind, unit_out = "count", counted
        if counted == "parameters" or (u == "个" and re.match(r"\s?参数", after)):
            kind, unit_out, counted = "params", "parameters", "parameters"
        elif u == "个" and not counted and has_scale and (cue("params").search(before + after[:12])
                                                           or "参数" in sent_text[lo_s:rel + WINDOW]):
            kind, unit_out, counted = "params", "parameters", "parameters"
        elif u == "个" and not counted:
            prev = [n for n, _ in lexicon().nouns if n in sent_text[max(0, rel - 30):rel]]
            counted = dict(lexicon().nouns).get(prev[0], "items") if prev else "items"
            if counted == "models" or re.search("模型", window_before):
                counted = "models"
            unit_out = counted
    if unit is None:
        near = before + after[:12]
        if core in ("数", "几"):
            return None  # 数 / 几 alone need a classifier or unit
        money_now = bool(cue("money").search(sent_text[max(0, rel - 4):rel]))  # 注册资本10亿: the cue right before
        noun = "" if level or money_now else counted_noun(text, end + 1 if text.startswith("的", end) else end)
        if _PARAMS_AFTER.match(after) or (has_scale and cue("params").search(near)) \
                or (has_scale and "参数" in sent_text[lo_s:rel + WINDOW] and not cue("money").search(before)):
            kind, unit_out, counted = "params", "parameters", "parameters"
        elif noun and noun != "parameters" and (has_scale or vague):
            return Reading("count", value, low, high, noun, noun, qual, end)
        elif (has_scale or re.search(r"原价|售价", before)) and cue("money").search(before):
            kind = "money"
        elif has_scale and re.match(r"\s?(?:的)?(?:市值|营收|收入|估值|融资|利润|投资|资金)", after):
            kind = "money"  # 千亿市值
        elif has_scale and (cue("users").search(before + after[:4]) or (
                after.startswith("的") and cue("users").search(re.split(r"[,，。;；、]", text[end:end + 30])[0]))):
            kind, unit_out, counted = "count", "users", "users"
        elif has_scale and len(core.strip()) > 1:
            kind = "other"
        else:
            return None  # a bare number without unit, scale or cue (360, 1.0, 2.0)
    if kind == "money" and not unit_out:
        cur = _nearest_currency(sent_text, rel)
        unit_out = cur or "CNY"
    if "\n" not in c.gap and len(c.gap) > 1 and unit is not None and not has_digit:
        return None
    if cue("forecast").search(sent_text[max(0, rel - 15):rel]):
        qual.add("forecast")
    if num2 or (math.isnan(value) and not math.isnan(low)):
        if "vague" not in qual:
            qual.add("range")
    per = sent_text[max(0, rel - 10):rel]
    if kind in ("other", "compute") and unit_out and "每秒" in per and unit_out not in ("x", "percent"):
        unit_out = "FLOPS" if unit_out == "FLOP" else unit_out + ("" if unit_out.endswith(("/s", "PS")) else "/s")
    elif kind == "other" and unit_out and "每分钟" in per:
        unit_out += "/min"
    if factor != 1.0:
        value, low, high = value * factor, low * factor, high * factor
    return Reading(kind, value, low, high, unit_out, counted, qual, end)


_CURRENCY_WORDS = None


def _nearest_currency(sent_text: str, rel: int) -> str:
    """The nearest currency named before `rel` in the sentence (window), else the first after it."""
    global _CURRENCY_WORDS
    if _CURRENCY_WORDS is None:
        words = sorted((u.surface for u in lexicon().units.values() if u.kind == "money"), key=len, reverse=True)
        _CURRENCY_WORDS = re.compile("|".join(map(re.escape, words)))
    units = lexicon().units
    before = _CURRENCY_WORDS.findall(sent_text[max(0, rel - WINDOW):rel])
    if before:
        return units[before[-1]].unit
    m = _CURRENCY_WORDS.search(sent_text, rel, rel + WINDOW)
    return units[m.group()].unit if m else ""
