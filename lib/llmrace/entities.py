"""Entities: gazetteer look-up (case-insensitive for Latin, longest match wins) plus a discovery pass.

- Listed names: every name, alias and Simplified form in lib/llmrace/data/gazetteer.csv, matched as one trie
  regex over the text with ASCII letters folded to lower case (offsets unchanged), Latin names bounded by
  non-alphanumerics. A listed Latin name inside a longer Latin/alphanumeric token is not a mention of it:
  the whole token is (GPT-4V is not GPT, NeMo-LLM is not LLM); a listed model followed by 大模型 is one mention
  (通义千问大模型).
- Discovered names (`listed` False, entity_id 'new:<surface>', category guessed): Latin/alphanumeric model and
  chip names (MI300X, Llama 2, GLM-130B), a listed name + digits (昇腾910B), organisation and model names by
  their suffix (…科技, …智能, …集团, …研究院, …实验室, …大模型; lexicon/name_suffixes.csv, with the words that
  end the name before it in name_stops.csv and generic prefixes in name_generic.csv).
Every look-back is bounded (a few characters), so the cost is linear in the size of the text.
"""
from __future__ import annotations

import bisect
import csv
import re
from functools import lru_cache
from importlib import resources
from itertools import combinations
from pathlib import Path

import pandas as pd

from .frames import typed_frame

COLUMNS = ["seed", "sentence_id", "entity_id", "name_en", "name_zh", "category", "surface", "start", "end",
           "orig_start", "orig_end", "listed"]
GAZ_COLUMNS = ["id", "name_en", "name_zh", "category", "aliases", "parent", "note"]
LATIN = re.compile(r"[A-Za-z0-9]")
_WS = re.compile(r"\s+")
_FOLD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold(text: str) -> str:
    """ASCII letters to lower case; same length, so offsets are unchanged."""
    return text.translate(_FOLD)


def gazetteer_path() -> Path:
    return Path(str(resources.files("llmrace").joinpath("data/gazetteer.csv")))


@lru_cache(maxsize=1)
def _gazetteer() -> pd.DataFrame:
    path = gazetteer_path()
    if not path.exists():
        return pd.DataFrame(columns=GAZ_COLUMNS, dtype=object)
    return pd.read_csv(path, dtype=str, keep_default_na=False).astype(object)


def gazetteer() -> pd.DataFrame:
    """The curated gazetteer (lib/llmrace/data/gazetteer.csv) as a DataFrame of strings."""
    return _gazetteer().copy()


def _names(row) -> list[str]:
    names = [row["name_zh"], row["name_en"], *str(row.get("aliases", "")).split("|")]
    return [n.strip() for n in names if n and n.strip()]


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern | None, dict[str, str]]:
    from .convert import to_simplified

    gaz = _gazetteer()
    surface_to_id: dict[str, str] = {}
    for row in gaz.to_dict("records"):
        for name in _names(row):
            for form in {name, to_simplified(name)}:
                surface_to_id.setdefault(fold(form), row["id"])  # first row wins on a shared alias
    if not surface_to_id:
        return None, {}
    return re.compile(_trie_regex(surface_to_id)), surface_to_id


def _trie_regex(words) -> str:
    """A regex equivalent to the alternation of `words`, built as a trie (fast in `re`), longest match first.

    Forms ending in a Latin letter or digit must not be followed by one (word boundary, case-sensitive);
    forms starting with one are checked for the boundary before them in extract_entities.
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    def build_b(node, prev: str) -> str:
        end = "" in node
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + build_b(child, ch) for ch, child in sorted(node.items()) if ch]
        tail = r"(?![A-Za-z0-9])" if end and LATIN.match(prev or "") else ""
        if not alts:
            return tail
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body}|{tail})" if end else body

    return "|".join(re.escape(ch) + build_b(child, ch) for ch, child in sorted(trie.items()))


def _latin_token(text: str, s: int, e: int) -> tuple[int, int]:
    """The whole Latin/alphanumeric token around text[s:e] (letters, digits, and - . between them)."""
    while s > 0 and (LATIN.match(text[s - 1]) or (text[s - 1] in "-." and s > 1 and LATIN.match(text[s - 2]))):
        s -= 1
    n = len(text)
    while e < n and (LATIN.match(text[e]) or (text[e] in "-." and e + 1 < n and LATIN.match(text[e + 1]))):
        e += 1
    return s, e


def gazetteer_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, surface) of every listed name in `text` (longest match, case-insensitive Latin, word bounds)."""
    return [(s, e, text[s:e]) for s, e, _ in _listed(text)]


@lru_cache(maxsize=1)
def _info() -> dict[str, dict]:
    return {r["id"]: r for r in _gazetteer().to_dict("records")}


def _listed(text: str) -> list[tuple[int, int, str]]:
    """(start, end, entity id) of gazetteer matches that are whole words (not inside a longer Latin token)."""
    return _listed_and_grown(text)[0]


def listed_for(doc) -> list[tuple[int, int, str]]:
    """The listed matches of a Document, computed once and kept on the Document (claims and entities share them)."""
    cached = getattr(doc, "_llmrace_listed", None)
    if cached is None or cached[0] is not doc.text:
        cached = (doc.text, _listed_and_grown(doc.text))
        try:
            doc._llmrace_listed = cached
        except AttributeError:  # a Document without a __dict__: no cache
            pass
    return cached[1][0]


def _grown_for(doc) -> list[tuple[int, int]]:
    listed_for(doc)
    cached = getattr(doc, "_llmrace_listed", None)
    return cached[1][1] if cached is not None else _listed_and_grown(doc.text)[1]


def _listed_and_grown(text: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """Listed matches, and the longer Latin tokens that listed names were found inside (NeMo-LLM around LLM)."""
    pattern, ids = _matcher()
    out: list[tuple[int, int, str]] = []
    grown: list[tuple[int, int]] = []
    if pattern is None:
        return out, grown
    for m in pattern.finditer(fold(text)):
        s, e = m.span()
        if LATIN.match(text[s]) or LATIN.match(text[e - 1]):
            ts, te = _latin_token(text, s, e)
            if (ts, te) != (s, e) and (LATIN.match(text[s]) and ts < s or LATIN.match(text[e - 1]) and te > e):
                grown.append((ts, te))
                continue  # inside a longer Latin word or token: GPT in GPT-4V, LLM in NeMo-LLM
        out.append((s, e, ids[_WS.sub(" ", m.group())]))
    return out, grown


@lru_cache(maxsize=1)
def _name_lexicon():
    base = Path(str(resources.files("llmrace").joinpath("data/lexicon")))

    def rows(name):
        with open(base / name, encoding="utf-8", newline="") as f:
            return [r for r in csv.DictReader(f)]
    suffixes = sorted(((r["suffix"], r["category"]) for r in rows("name_suffixes.csv")), key=lambda x: -len(x[0]))
    stops = frozenset(r["word"] for r in rows("name_stops.csv"))
    generic = tuple(sorted((r["prefix"] for r in rows("name_generic.csv")), key=len, reverse=True))
    pattern = re.compile("|".join(re.escape(x) for x, _ in suffixes))
    not_in = re.compile("|".join(re.escape(r["word"]) for r in rows("name_not_in_names.csv")))
    return dict(suffixes), stops, generic, pattern, not_in


CJK = re.compile(r"[\u3400-\u9fff]")
# a Latin/alphanumeric name with a digit: MI300X, GLM-130B, H800, Llama 2, GPT 3.5
ALNUM_NAME = re.compile(r"(?<![A-Za-z0-9.\-])[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*(?: \d+(?:\.\d+)?(?![\dA-Za-z%]))?")
NOT_A_NAME = re.compile(r"(?i)^(?:ai ?\d(?:\.\d)?|[a-z] \d+(?:\.\d+)?|q[1-4]|h[12]|fy\d*|[a-z]\d?|no\d+|top\d+|covid-?19|\d+[a-z]*|"
                        r"[a-z]+\d*(?:gb|tb|mb|nm|ghz|mhz|w|kw|ms)|ipv\d|mp\d|x\d+|html\d?|v\d(?:\.\d)?)$")
CHIP_NAME = re.compile(r"^(?:[A-Z]{1,3}\d{2,4}[A-Z]{0,3}(?:-\d+[A-Z]*)?|MI\d{3}[A-Z]?|RTX ?\d{4}\w*|GH\d{3}|DGX ?\w*)$")
MODEL_HINT = re.compile(r"(?i)gpt|glm|llama|bert|palm|ernie|claude|qwen|baichuan|moss|bloom|opt-|t5|-\d+b$|\dB$|lm\b")
CHIP_CUE = re.compile(r"GPU|DPU|SoC|芯片|显卡|加速卡|算力卡|处理器|服务器|计算卡|CPU|NPU|TPU|骁龙|chip", re.I)
MODEL_CUE = re.compile(r"模型|GPT|LLM|对话|聊天|参数|开源")
CJK_CHIP = re.compile(r"(?<=[\u3400-\u9fff])\d{2,4}[A-Za-z]{1,3}(?![A-Za-z0-9])|(?<=[\u3400-\u9fff])\d{3,4}(?![\dA-Za-z.%万亿年月日])")


def _guess(surface: str, context: str) -> str:
    """chip or model for a Latin/alphanumeric name, from its shape and the words around it."""
    if CHIP_NAME.match(surface) and not MODEL_HINT.search(surface):
        return "chip" if CHIP_CUE.search(context) or not MODEL_CUE.search(context) else "model"
    if MODEL_HINT.search(surface):
        return "model"
    return "chip" if CHIP_CUE.search(context) and not MODEL_CUE.search(context) else "model"


def _name_start(text: str, end: int, stops: frozenset, generic: tuple, limit: int = 8) -> int:
    """Where a Chinese name ending at `end` starts: back over CJK characters to a stop word, at most `limit`."""
    s = end
    while s > 0 and end - s < limit and CJK.match(text[s - 1]) and text[s - 1] not in stops:
        s -= 1
    while True:  # drop generic leading words (中国, 国产, …)
        for g in generic:
            if text.startswith(g, s) and end - s > len(g):
                s += len(g)
                break
        else:
            return s


def _discover(text: str, listed: list[tuple[int, int, str]], info: dict,
              grown: list[tuple[int, int]] | None = None) -> list[tuple[int, int, str, str, str | None]]:
    """(start, end, surface, category, listed id or None) of names found by shape, not by the gazetteer."""
    suffix_cat, stops, generic, suffix_re, not_in = _name_lexicon()
    taken = {}
    for s, e, eid in listed:
        taken[e] = (s, eid)
    covered = bytearray(len(text) + 1)
    for s, e, eid in listed:
        if info[eid]["category"] != "technique":  # a listed class word (大模型) does not hide the name before it
            covered[s:e] = b"\x01" * (e - s)
    out = []
    # Latin / alphanumeric names with a digit, and listed Latin names grown into a longer token
    for m in ALNUM_NAME.finditer(text):
        s, e = m.span()
        surface = m.group()
        if not any(c.isdigit() for c in surface) or NOT_A_NAME.match(surface) or len(surface) < 2:
            continue
        if covered[s] and covered[e - 1] and all(covered[s:e]):
            continue
        ctx = text[max(0, s - 20):e + 20]
        out.append((s, e, surface, _guess(surface, ctx), None))
    seen = {(s, e) for s, e, *_ in out}
    for s, e in (grown if grown is not None else _listed_and_grown(text)[1]):  # NeMo-LLM around a listed LLM (no digit, so not found above)
        if (s, e) not in seen and e - s >= 3 and text[s].isupper():
            seen.add((s, e))
            out.append((s, e, text[s:e], _guess(text[s:e], text[max(0, s - 20):e + 20]), None))
    for s, e, eid in listed:  # 昇腾 + 910B
        m = CJK_CHIP.match(text, e)
        if m and info[eid]["category"] in ("chip", "product", "model", "company"):
            cat = "chip" if (info[eid]["category"] == "chip" or CHIP_CUE.search(text[max(0, s - 20):m.end() + 20])) else "model"
            out.append((s, m.end(), text[s:m.end()], cat, None))
    # names by suffix: …科技, …研究院, …大模型
    for m in suffix_re.finditer(text):
        ss, se = m.span()
        cat = suffix_cat[m.group()]
        if covered[ss] and covered[se - 1]:
            continue
        if m.group() in ("科技", "智能", "电子", "通信", "通讯", "资本", "社", "银行", "模型") \
                and se < len(text) and CJK.match(text[se]) \
                and not text.startswith(("公司", "的", "和", "与", "发布", "推出", "宣布", "旗下", "创始人", "董事长", "也", "已",
                                         "将", "等", "在", "是", "集团", "报道", "称", "消息", "援引", "记者", "表示", "指出",
                                         "分析师", "研报", "首席", "认为", "预计", "分析", "数据", "显示", "研究",
                                         "统计", "发布"), se):
            continue  # 科技创新, 智能手机: the suffix begins a longer word
        if ss in taken:  # a listed name right before the suffix: 通义千问大模型, 华为公司
            ls, eid = taken[ss]
            if cat == "model" and info[eid]["category"] in ("model", "product"):
                out.append((ls, se, text[ls:se], "model", eid))
            continue
        if ss > 0 and LATIN.match(text[ss - 1]):
            ts, _ = _latin_token(text, ss - 1, ss)
            if cat == "model" and not covered[ts]:
                out.append((ts, se, text[ts:se], "model", None))
            continue
        start = _name_start(text, ss, stops, generic)
        if ss - start < 2 or any(covered[start:ss]) or text[start:ss] in generic \
                or (cat != "institution" and not_in.search(text, start, ss)):
            continue  # too short, part of a listed name, a generic word (国产大模型) or common words (训练大模型)
        out.append((start, se, text[start:se], cat, None))
    return out


def extract_entities(doc, discover: bool = True) -> pd.DataFrame:
    """Entity mentions in a Document's cleaned text, one row per mention, in text order.

    Listed (gazetteer) mentions have `listed` True; with `discover`, unlisted names found by their shape are
    added with `listed` False, entity_id 'new:<surface>' and a category guess. Overlaps resolve to the longest.
    """
    text = doc.text
    listed = listed_for(doc)
    info = _info()
    cands = [(s, e, eid, True, info[eid]["category"]) for s, e, eid in listed]
    if discover:
        owners = sorted((s, e) for s, e, eid in listed if info[eid]["category"] in ("company", "institution", "media"))
        owner_starts = [a for a, _ in owners]
        for s, e, surface, cat, eid in _discover(text, listed, info, _grown_for(doc)):
            if eid is None:
                i = bisect.bisect_left(owner_starts, s)
                if i < len(owners) and owners[i][0] < e and owners[i][1] <= e:
                    continue  # IBM 360, Microsoft 365: a listed company and a number, not a new name
            cands.append((s, e, eid or f"new:{surface}", eid is not None, cat))
    # longest first, then earliest; drop anything overlapping an accepted span
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    busy = bytearray(len(text) + 1)
    keep = []
    for c in cands:
        s, e = c[0], c[1]
        if any(busy[s:e]):
            continue
        busy[s:e] = b"\x01" * (e - s)
        keep.append(c)
    keep.sort(key=lambda c: c[0])
    starts = [s.start for s in doc.sentences]
    rows = []
    for s, e, eid, is_listed, cat in keep:
        k = bisect.bisect_right(starts, s) - 1
        sent = doc.sentences[k] if k >= 0 else None
        os_, oe = doc.orig_span(s, e)
        r = info.get(eid)
        rows.append(dict(seed=doc.seed, sentence_id=sent.id if sent else "", entity_id=eid,
                         name_en=r["name_en"] if r else text[s:e], name_zh=r["name_zh"] if r else text[s:e],
                         category=cat, surface=text[s:e], start=s, end=e, orig_start=os_, orig_end=oe, listed=is_listed))
    return _frame(rows)


def _frame(rows) -> pd.DataFrame:
    """Rows -> DataFrame with fixed dtypes (object strings, int64 offsets, float64 values)."""
    df = typed_frame(rows, COLUMNS, ints=("start", "end", "orig_start", "orig_end"), floats=())
    df["listed"] = df["listed"].astype(bool)
    return df


def corpus_entities(seeds_dir: Path | str, docs=None, discover: bool = False) -> pd.DataFrame:
    """Entity mentions of every seed in a directory (documents streamed one at a time).

    The bundled chapters analyse gazetteer entities, so discovery is off by default here; pass
    `discover=True` to add the unlisted names (as `extract_entities` does by default)."""
    from .corpus import Corpus

    frames = [extract_entities(d, discover) for d in (docs if docs is not None else Corpus(seeds_dir))]
    return _frame([]) if not frames else pd.concat(frames, ignore_index=True)


def cooccurrence(entities: pd.DataFrame) -> pd.DataFrame:
    """Pairs of entity ids mentioned in the same sentence: source < target, weight = number of sentences."""
    counts: dict[tuple[str, str], int] = {}
    for _, ids in entities.groupby("sentence_id", sort=False)["entity_id"]:
        for a, b in combinations(sorted(set(ids)), 2):
            counts[(a, b)] = counts.get((a, b), 0) + 1
    df = pd.DataFrame([(a, b, w) for (a, b), w in counts.items()], columns=["source", "target", "weight"])
    df = df.astype({"source": object, "target": object, "weight": "int64"})
    return df.sort_values(["weight", "source", "target"], ascending=[False, True, True], ignore_index=True)
