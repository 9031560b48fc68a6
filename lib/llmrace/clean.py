"""Cleaning rules: converter pinyin annotations, web boilerplate lines, corrupted spans.

Every rule reports what it removes or flags; nothing is dropped silently.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# A parenthesised pinyin syllable with a tone mark, right after a Han character: 強(qiáng) -> 強.
PINYIN = re.compile(
    r"(?<=[\u3400-\u9fff\uf900-\ufaff])\((?=[a-zü" + TONE_MARKS + r"]*[" + TONE_MARKS + r"])[a-zü" + TONE_MARKS + r"]{1,7}\)"
)


@dataclass(frozen=True)
class Removal:
    """Text taken out of a seed: a pinyin annotation or a boilerplate line."""

    seed: str
    kind: str  # "pinyin" or "boilerplate"
    reason: str
    text: str
    orig_start: int
    orig_end: int
    line: int  # 1-based line number in the original file


@dataclass(frozen=True)
class Flag:
    """A suspicious span that stays in the text but is reported."""

    seed: str
    kind: str  # "corrupted"
    reason: str
    text: str
    orig_start: int
    orig_end: int
    line: int


@dataclass(frozen=True)
class Rule:
    scope: str  # "line" or "tail"
    pattern: re.Pattern
    reason: str


@lru_cache(maxsize=1)
def boilerplate_rules() -> tuple[Rule, ...]:
    """The boilerplate rules shipped in data/boilerplate.tsv (pattern searched in the Simplified line)."""
    text = resources.files("llmrace").joinpath("data/boilerplate.tsv").read_text(encoding="utf-8")
    return tuple(Rule(r["scope"], re.compile(r["pattern"]), r["reason"]) for r in csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))


def find_pinyin(line: str) -> list[re.Match]:
    """Converter pinyin annotations in a line (see PINYIN)."""
    return list(PINYIN.finditer(line))


def classify_line(simplified: str, repeated: Counter, rules: tuple[Rule, ...] | None = None) -> str | None:
    """Reason why a (stripped, Simplified) line is boilerplate, or None if it is article text."""
    rules = boilerplate_rules() if rules is None else rules
    for rule in rules:
        if rule.scope == "line" and rule.pattern.search(simplified):
            return rule.reason
    if repeated.get(simplified, 0) >= 3:
        return f"repeated banner (appears {repeated[simplified]} times)"
    return None


def starts_tail(simplified: str, rules: tuple[Rule, ...] | None = None) -> str | None:
    """Reason if this line starts the page footer: it and every later line are boilerplate."""
    rules = boilerplate_rules() if rules is None else rules
    for rule in rules:
        if rule.scope == "tail" and rule.pattern.search(simplified):
            return rule.reason
    return None


@lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    """Han characters jieba's dictionary knows as single words with frequency >= 300 ('normal' characters)."""
    import jieba

    from .segment import quiet_jieba

    quiet_jieba()
    jieba.dt.check_initialized()
    return frozenset(w for w, f in jieba.dt.FREQ.items() if len(w) == 1 and f >= 300)


HTML_FRAGMENT = re.compile(r"</?[A-Za-z][A-Za-z0-9]*\s*/?>|[?？]/[A-Za-z]+>")
_CANDIDATE = re.compile(r"[?\ufffd\ue000-\uf8ff\u4e00-\u9fff\ud800-\udfff]+")


def _suspicious(ch: str, common: frozenset[str]) -> bool:
    if ch in "?\ufffd" or unicodedata.category(ch) in ("Co", "Cs"):
        return True
    return "\u4e00" <= ch <= "\u9fff" and ch not in common


def find_corrupted(text: str) -> list[tuple[int, int, str]]:
    """Corrupted spans in Simplified text: (start, end, reason).

    Flags private-use and replacement characters, HTML fragments such as '?/p>', and mojibake:
    runs of at least three rare characters (by jieba's character frequencies).
    """
    common = _common_han()
    spans: list[tuple[int, int, str]] = []
    for cand in _CANDIDATE.finditer(text):
        i, n = cand.start(), cand.end()
        while i < n:
            if not _suspicious(text[i], common):
                i += 1
                continue
            j = i
            while j < n and _suspicious(text[j], common):
                j += 1
            run = text[i:j]
            pua = sum(unicodedata.category(c) == "Co" for c in run)
            bad = run.count("\ufffd")
            rare = sum("\u4e00" <= c <= "\u9fff" for c in run)
            if pua:
                spans.append((i, j, f"private-use characters ({pua}) in a run of garbled text"))
            elif bad:
                spans.append((i, j, f"replacement characters (U+FFFD x{bad})"))
            elif rare >= 3:
                spans.append((i, j, f"mojibake: run of {rare} rare characters"))
            i = j
    for m in HTML_FRAGMENT.finditer(text):
        if not any(s <= m.start() < e for s, e, _ in spans):
            spans.append((m.start(), m.end(), "HTML fragment (tag residue)"))
    return _merge(sorted(spans), text)


def _merge(spans: list[tuple[int, int, str]], text: str, gap: int = 6) -> list[tuple[int, int, str]]:
    """Join flagged spans separated by at most `gap` characters on the same line into one span."""
    out: list[tuple[int, int, str]] = []
    for s, e, r in spans:
        if out and s - out[-1][1] <= gap and "\n" not in text[out[-1][1]:s]:
            ps, pe, pr = out[-1]
            out[-1] = (ps, max(pe, e), pr if r in pr else f"{pr}; {r}")
        else:
            out.append((s, e, r))
    return out
