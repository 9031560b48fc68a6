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
- ranges and vague amounts: value NaN, low/high set (30亿至110亿美元 -> 3e9..1.1e10 USD).
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from .frames import typed_frame

from .numbers import arabic_value, cn_value, normalise, order_of_digits, parse_number

COLUMNS = ["claim_key", "seed", "sentence_id", "kind", "surface", "value", "low", "high", "unit", "counted",
           "qualifier", "start", "end", "orig_start", "orig_end", "sentence", "iso"]
KINDS = ("money", "percent", "count", "params", "compute", "date", "other")
QUALIFIERS = ("approximate", "lower-bound", "upper-bound", "vague", "range", "forecast", "inferred-year")

# ---------------------------------------------------------------------------------------------- regexes
_CNUM = "零〇一二两三四五六七八九十百千万亿"
AR = r"\d+(?:,\d{3}(?!\d))*(?:\.\d+)?"
# numeral core: vague prefix, digits or Chinese numerals, 多, scale characters, 多
NUM = (r"(?:成千上万|(?:大几|数|几|上)[十百千万亿]+|(?:数|几)(?=\s?(?:个月|月|周|年|天))|"
       r"(?:" + AR + r"|[零〇一二两三四五六七八九十百千万亿]+|半)多?(?:\s?[十百千万亿]+)?多?)")
SEP = r"(?:至|到|~|-|—|、)"
UNIT = (r"(?:亿?美元|美金|人民币|港元|港币|欧元|元|%|个百分点|倍|PF-days|PFlop/s-day|[GT]B/[sS]|瓦|W(?![A-Za-z])|"
        r"个月|个小时|小时|年|月(?:\d{1,2}[日号])?|日|天|周|季度|岁|家|位数|位|名|人|个|颗|张|片|枚|块|台|次|场|米|成|级)")
FLOPS = re.compile(r"(" + AR + r")\s?[x×*]\s?10\^(\d+)\s?次?(?:浮点运算|FLOPs?)?")
CLAIM = re.compile(
    r"(?P<num>" + NUM + r")(?:\s?(?P<sep>" + SEP + r")\s?(?P<num2>" + NUM + r"))?(?P<frac>分之[一二三四五六七八九十]+)?"
    r"(?P<ws>\s*)(?P<unit>" + UNIT + r")?"
)
DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s?年(?:(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s?月(?:份)?(?:(?P<d>3[01]|[12]\d|0?[1-9])\s?[日号])?"
    r"(?P<msuf>底|初|中旬|上旬|下旬|末)?|(?P<q>[一二三四1-4])\s?季度|(?P<ysuf>初|中|底|末|春季|夏季|秋季|冬季|上半年|下半年))?"
    r"|(?<![\d个数几月一二三四五六七八九十])(?P<m2>1[0-2]|0?[1-9]|十[一二]?|[二三四五六七八九])\s?月(?!份额)(?:(?P<d2>3[01]|[12]\d|0?[1-9])\s?[日号])?"
)
# numbers glued to Latin letters are model / chip / product names (GPT-3, A100, AI 2.0, M6, 源1.0)
PRODUCT_BEFORE = re.compile(r"(?:[A-Za-z][-_ ]?|[A-Za-z]\s?-\s?|源|第|[\[【])$")
PRODUCT_AFTER = re.compile(r"^(?:[A-Za-z]|\.\d|\]|】)")
IDIOM = re.compile(r"百度|百科|百花|百团|百米赛跑|万万|万物|万能|万一|千万别|十足|十分|二次元|八仙|八卦|三星|一线|二线|三线|统一|唯一|一言|一把手|一举|一再|一起")

MONEY_CUE = re.compile(r"花费|花|烧|资本|资金|成本|售价|原价|估值|融资|投资|投入|营收|收入|亏损|市值|价格")
PARAMS_CUE = re.compile(r"参数|模型")
USERS_CUE = re.compile(r"用户|月活|日活|注册")
FORECAST_CUE = re.compile(r"预估|预测|预计|将(?=会|于|在|要|达|可能|促使|成为|推出|带来|迎来|创造)|可能|计划|假设|有望|未来")
CHIP_CUE = re.compile(r"GPU|A100|V100|H100|A800|H800|芯片|显卡|英伟达|輝達|英偉達")

# units that make a plain "other" quantity: Chinese unit -> unit name
PLAIN_UNITS = {"天": "days", "周": "weeks", "岁": "years of age", "米": "m"}
CURRENCY = {"美元": "USD", "亿美元": "USD", "美金": "USD", "人民币": "CNY", "元": "CNY", "港元": "HKD", "港币": "HKD", "欧元": "EUR"}
COUNTED = [(re.compile(r"^(?:\s?个)?(?:人|研究员|学者|创始人|员工|科学家)"), "people"),
           (re.compile(r"^\s?(?:个)?孩子"), "children"),
           (re.compile(r"^(?:\s?个)?(?:大模型|模型)"), "models"),
           (re.compile(r"^(?:\s?个)?数据集"), "datasets"),
           (re.compile(r"^(?:\s?个)?模态"), "modalities"),
           (re.compile(r"^(?:\s?个)?(?:以上的)?监督信号"), "supervision signals"),
           (re.compile(r"^(?:\s?个)?(?:以上的)?(?:大模型|模型)"), "models")]
DIGIT = re.compile(r"[0-9]")


def _qualifiers(text: str, s: int, e: int, unit_end: int) -> set[str]:
    before = text[max(0, s - 4):s]
    after = text[unit_end:unit_end + 3]
    q = set()
    if re.search(r"(?:约为?|大约为?|大概|近|将近|接近|逼近|差不多)$", before) or re.match(r"\s?(?:左右|上下)", after):
        q.add("approximate")
    if re.search(r"(?:超过|至少|不少于|大于|多于|突破了?|高于|逾)$", before) or re.match(r"\s?(?:以上|多)", after) \
            or (before.endswith("过") and text[s] in "十百千万亿"):
        q.add("lower-bound")
    if re.search(r"(?:不到|不足|少于|低于|最多|不超过|小于)$", before) or re.match(r"\s?(?:以下|以内)", after):
        q.add("upper-bound")
    return q


def _forecast(sentence: str, rel: int) -> bool:
    return bool(FORECAST_CUE.search(sentence[max(0, rel - 15):rel]))


class _Ctx:
    """Running date context within a document (for month-only dates)."""

    def __init__(self, pub_year: int | None):
        self.pub_year = pub_year
        self.last_year: int | None = None  # year of the last month-level date with a text-given year
        self.last_sentence = -99


def _cn_or_int(s: str) -> int:
    return int(s) if s.isdigit() else int(cn_value(s))


def _dates(text: str, sent_index, ctx: _Ctx):
    """Yield (start, end, iso, qualifiers) for dates in normalised text."""
    for m in DATE.finditer(text):
        s, e = m.span()
        si = sent_index(s)
        if m.group("y"):
            y = int(m.group("y"))
            if m.group("m"):
                mo = _cn_or_int(m.group("m"))
                iso = f"{y:04d}-{mo:02d}" + (f"-{int(m.group('d')):02d}" if m.group("d") else "")
                ctx.last_year, ctx.last_sentence = y, si
            elif m.group("q"):
                iso = f"{y:04d}-Q{_cn_or_int(m.group('q'))}"
            else:
                iso = f"{y:04d}"
            yield s, e, iso, set()
        else:
            mo = _cn_or_int(m.group("m2"))
            if mo > 12:
                continue
            before = text[max(0, s - 3):s]
            if "同年" in before and ctx.last_year is None:
                prev = re.findall(r"((?:19|20)\d{2})\s?年", text[:s])
                year = int(prev[-1]) if prev else ctx.pub_year
            elif ctx.last_year is not None and (si - ctx.last_sentence <= 5 or "同年" in before):
                year = ctx.last_year
            else:
                year = ctx.pub_year
            if "同年" in before and year is not None:
                ctx.last_year, ctx.last_sentence = year, si
            elif year == ctx.last_year:
                ctx.last_sentence = si
            day = f"-{int(m.group('d2')):02d}" if m.group("d2") else ""
            iso = f"{year:04d}-{mo:02d}{day}" if year else f"--{mo:02d}{day}"
            yield s, e, iso, ({"inferred-year"} if year else set())


def _is_product(text: str, s: int, e: int) -> bool:
    return bool(PRODUCT_BEFORE.search(text[max(0, s - 3):s]) or PRODUCT_AFTER.match(text[e:e + 2]))


def _interpret(text: str, m: re.Match, sentence: str, rel: int):
    """Turn one CLAIM match into (kind, value, low, high, unit, counted, qualifiers, end) or None."""
    num, num2, unit, sep = m.group("num"), m.group("num2"), m.group("unit") or "", m.group("sep")
    s = m.start()
    unit_end = m.end()
    has_digit = bool(DIGIT.search(num))
    core = num + (sep + num2 if num2 else "")
    if m.group("frac"):
        core = num + m.group("frac")
    # a newline may only separate a number from its unit when the line ends at the number
    if "\n" in m.group("ws") and not unit:
        unit_end = m.start("ws")
    if "\n" in m.group("ws") and not has_digit:
        return None
    # ------------------------------------------------------------------ numerals and their value
    try:
        value, low, high, quals = parse_number(core)
    except (ValueError, KeyError, Exception):  # cn2an raises its own ValueError subclasses
        return None
    has_scale = bool(re.search(r"[万亿]", core)) or core in ("成千上万",)
    cn_only = not has_digit
    if cn_only and not num2 and re.fullmatch(r"[一]", num) and unit not in ("",):
        return None  # 一个, 一次, 一天, 一家: article, not a quantity
    if cn_only and num == "一" and not m.group("frac"):
        return None
    if cn_only and unit in ("次", "个", "人", "名", "场", "台", "张", "颗", "片", "枚", "块", "米", "级", "位数", "个小时", "小时", "日") \
            and not has_scale and not (unit == "米" and re.search(r"[百千]", core)):
        if unit == "个" and re.match(r"\s?(?:人|孩子)", text[unit_end:unit_end + 2]) is None:
            return None
        if unit != "个":
            return None
    if cn_only and unit == "月" and not re.match(r"(?:数|几)$", num):
        return None  # 二月 as a date is handled by DATE; 三月 etc.
    if cn_only and unit == "成" and not re.fullmatch(r"[一二两三四五六七八九十]", num):
        return None
    if m.group("frac"):
        q = _qualifiers(text, s, m.end("frac"), m.end("frac"))
        return "other", value, low, high, "ratio", "", q, m.end("frac")
    qual = quals | _qualifiers(text, s, m.end("num2") if num2 else m.end("num"), unit_end)
    kind, unit_out, counted = "other", "", ""
    after = text[unit_end:unit_end + 14]
    before = sentence[max(0, rel - 8):rel]
    # ------------------------------------------------------------------ unit -> kind
    if unit in CURRENCY or unit.endswith("美元"):
        kind, unit_out = "money", CURRENCY.get(unit, "USD")
    elif unit in ("%", "个百分点"):
        kind, unit_out = "percent", "percent" if unit == "%" else "percentage points"
    elif unit == "成":
        kind, unit_out = "percent", "percent"
        value, low, high = value * 10, low * 10, high * 10
    elif unit == "倍":
        kind, unit_out = "other", "x"
    elif unit in ("PF-days", "PFlop/s-day"):
        kind, unit_out = "compute", "PF-days"
    elif unit.upper() in ("GB/S", "TB/S"):
        kind, unit_out = "other", unit[:2].upper() + "/s"
    elif unit in ("瓦", "W"):
        kind, unit_out = "other", "W"
    elif unit == "个月":
        kind, unit_out = "other", "months"
    elif unit in ("个小时", "小时"):
        kind, unit_out = "other", "hours"
    elif unit == "年":
        if has_digit and not num2 and re.fullmatch(r"(?:19|20)\d{2}", num):
            return None  # a year date: handled by DATE
        kind, unit_out = "other", "years"
    elif unit.startswith("月"):
        if re.match(r"(?:数|几)$", num):
            kind, unit_out = "other", "months"
        else:
            return None  # month dates are handled by DATE
    elif unit in ("日", "季度"):
        return None  # day and quarter dates are handled by DATE
    elif unit in PLAIN_UNITS:
        kind, unit_out = "other", PLAIN_UNITS[unit]
    elif unit == "位数":
        if not has_digit:
            return None
        kind = "money" if MONEY_CUE.search(sentence[:rel]) else "other"
        value, unit_out = order_of_digits(int(arabic_value(num))), ""
    elif unit == "级":
        if not has_scale:
            return None  # 17 级: a rank
        qual.add("approximate")
        unit = ""
    elif unit == "家":
        kind, unit_out, counted = "count", "companies", "companies"
    elif unit in ("位", "名", "人"):
        kind, unit_out, counted = "count", "people", "people"
    elif unit in ("颗", "张", "片", "枚", "块"):
        kind = "count"
        counted = "GPU" if CHIP_CUE.search(after + sentence[rel:rel + 30]) else "items"
        unit_out = counted
    elif unit == "台":
        kind, unit_out, counted = "count", "devices", "devices"
    elif unit == "次":
        kind, unit_out, counted = "count", "times", "times"
    elif unit == "场":
        kind, unit_out, counted = "count", "sessions", "sessions"
    if unit in ("个", "") or unit == "级":
        if unit == "个" or re.match(r"\s?个", after):
            for pat, name in COUNTED:
                if pat.match(after):
                    counted = name
                    break
        if re.match(r"\s?(?:个)?参数", after) or (has_scale and PARAMS_CUE.search(before + after[:12])) \
                or (has_scale and "参数" in sentence and not MONEY_CUE.search(before)):
            kind, unit_out, counted = "params", "parameters", "parameters"
        elif counted == "models" or (unit == "个" and re.search(r"模型", sentence[:rel])):
            kind, unit_out, counted = "count", "models", "models"
        elif counted:
            kind, unit_out = "count", counted
        elif (has_scale or re.search(r"原价|售价", before)) and MONEY_CUE.search(before):
            kind = "money"
        elif has_scale and USERS_CUE.search(before + after[:4]):
            kind, unit_out, counted = "count", "users", "users"
        elif has_scale and unit != "个":
            kind = "other"
        else:
            return None  # a bare number without unit, scale or cue (360, 1.0, 2.0)
    if kind == "money" and not unit_out:
        # the nearest currency named before the number, else the first after it, else yuan
        before_cur = re.findall(r"亿?美元|美金|人民币|港元|元", sentence[:rel])
        after_cur = re.findall(r"亿?美元|美金|人民币|港元|元", sentence[rel:])
        cur = before_cur[-1:] or after_cur[:1]
        unit_out = CURRENCY[cur[0]] if cur else "CNY"
    if kind == "count" and re.match(r"\s?用户", after):
        counted = unit_out = "users"
    if unit == "个" and kind == "count" and not counted:
        return None
    if m.group("ws") and unit and "\n" not in m.group("ws") and len(m.group("ws")) > 1:
        return None
    if _forecast(sentence, rel):
        qual.add("forecast")
    if num2 or (math.isnan(value) and not math.isnan(low)):
        if "vague" not in qual:
            qual.add("range")
    return kind, value, low, high, unit_out, counted, qual, unit_end


RANGE_GAP = re.compile(r"\s?(?:到|至|~|-|—)\s?")


def _merge_ranges(found: list[tuple], text: str) -> list[tuple]:
    """'半年到两年': two adjacent claims of the same kind and unit joined by 到/至 become one range claim."""
    out: list[tuple] = []
    for r in found:
        if out and r[2] == out[-1][2] and r[2] != "date" and r[6] == out[-1][6] \
                and RANGE_GAP.fullmatch(text[out[-1][1]:r[0]]) and not math.isnan(out[-1][3]) and not math.isnan(r[3]):
            p = out[-1]
            q = (p[8] | r[8]) - {"approximate", "lower-bound", "upper-bound"} | {"range"}
            out[-1] = (p[0], r[1], p[2], math.nan, p[3], r[3], p[6], p[7] or r[7], q, "")
        else:
            out.append(r)
    return out


def _sentence_index(doc):
    starts = [s.start for s in doc.sentences]
    import bisect

    def index(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1)
    return index


def extract_claims(doc, pub_year: int | None = None) -> pd.DataFrame:
    """All numeric claims of one Document (see module docstring for scope and conventions)."""
    text = normalise(doc.text)
    sents = doc.sentences
    sent_index = _sentence_index(doc)
    ctx = _Ctx(pub_year)
    found: list[tuple] = []  # (start, end, kind, value, low, high, unit, counted, quals, iso)
    taken = bytearray(len(text) + 1)
    for s, e, iso, q in _dates(text, sent_index, ctx):
        found.append((s, e, "date", math.nan, math.nan, math.nan, "", "", q, iso))
        taken[s:e] = b"\x01" * (e - s)
    for m in FLOPS.finditer(text):
        s, e = m.span()
        if taken[s]:
            continue
        value = arabic_value(m.group(1)) * 10.0 ** int(m.group(2))
        found.append((s, e, "compute", value, math.nan, math.nan, "FLOP", "", set(), ""))
        taken[s:e] = b"\x01" * (e - s)
    for m in CLAIM.finditer(text):
        s, e = m.span()
        if taken[s] or taken[max(s, e - 1)]:
            continue
        num = m.group("num")
        if PRODUCT_BEFORE.search(text[max(0, s - 3):s]) or (
                not m.group("unit") and PRODUCT_AFTER.match(text[m.end("num2") if m.group("num2") else m.end("num"):][:2])):
            continue
        if not DIGIT.search(num) and IDIOM.search(text[max(0, s - 2):m.end("num") + 4]):
            continue
        si = sent_index(s)
        sent = sents[si] if sents else None
        rel = s - sent.start if sent else s
        res = _interpret(text, m, sent.text if sent else text, rel)
        if res is None:
            continue
        kind, value, low, high, unit, counted, qual, end = res
        found.append((s, end, kind, value, low, high, unit, counted, qual, ""))
    found.sort(key=lambda r: r[0])
    found = _merge_ranges(found, text)
    rows = []
    per_sentence: dict[str, int] = {}
    for s, e, kind, value, low, high, unit, counted, qual, iso in found:
        while e > s and doc.text[e - 1].isspace():
            e -= 1
        sent = sents[sent_index(s)] if sents else None
        sid = sent.id if sent else f"{doc.seed}.p0.s0"
        if kind == "date" and sent is not None and _forecast(sent.text, s - sent.start):
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


def corpus_claims(seeds_dir: Path | str, docs=None) -> pd.DataFrame:
    """Claims of every seed in a directory (documents streamed one at a time)."""
    from .corpus import Corpus

    years = pub_years(seeds_dir)
    frames = [extract_claims(d, years.get(d.seed)) for d in (docs if docs is not None else Corpus(seeds_dir))]
    return _frame([]) if not frames else pd.concat(frames, ignore_index=True)
