"""Cleaning rules: invisible characters, look-alike radicals, images and URLs, markdown markup, converter
pinyin annotations, web boilerplate lines, repeated headlines, hard-wrapped lines, corrupted spans.

Every rule reports what it removes or flags; nothing is dropped silently. The functions here find spans
and decide; llmrace.corpus applies them and keeps every character's offset in the original file.
"""
from __future__ import annotations

import bisect
import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# A footer ("tail") rule removes the rest of the text only when that rest is at most this share of the
# article's characters (the footer of a page, not the second half of an article).
TAIL_SHARE = 0.25
# A document whose cleaning removes more than this share of its characters gets a warning flag.
WARN_SHARE = 0.5

TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# A candidate annotation: a parenthesised Latin word with a tone mark, right after a Han character:
# 強(qiáng) -> 強. Candidates are kept unless the word is a real tone-marked pinyin syllable (is_tone_pinyin),
# so 咖啡馆(café) keeps (café).
PINYIN = re.compile(
    r"(?<=[\u3400-\u9fff\uf900-\ufaff])\((?=[a-zü" + TONE_MARKS + r"]*[" + TONE_MARKS + r"])[a-zü" + TONE_MARKS + r"]{1,7}\)"
)
_TONE_COMBINING = "\u0300\u0301\u0304\u030c"


@dataclass(frozen=True)
class Removal:
    """Text taken out of a seed (or, kind 'lookalike', replaced by the character it imitates)."""

    seed: str
    kind: str  # pinyin | boilerplate | duplicate | invisible | lookalike | image | url | markup
    reason: str
    text: str
    orig_start: int
    orig_end: int
    line: int  # 1-based line number in the original file


@dataclass(frozen=True)
class Flag:
    """A suspicious span that stays in the text, or a warning about the cleaning, reported."""

    seed: str
    kind: str  # "corrupted" or "warning"
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
    max_len: int | None = None  # the rule applies only to lines of at most this many characters


def _data(name: str) -> str:
    return resources.files("llmrace").joinpath(f"data/{name}").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def boilerplate_rules() -> tuple[Rule, ...]:
    """The boilerplate rules shipped in data/boilerplate.tsv (pattern searched in the Simplified line)."""
    rows = csv.DictReader(_data("boilerplate.tsv").splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple(Rule(r["scope"], re.compile(r["pattern"]), r["reason"], int(r["max_len"]) if (r.get("max_len") or "").strip() else None)
                 for r in rows)


# --- pinyin ------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    """Toneless Hanyu Pinyin syllables (data/pinyin_syllables.txt)."""
    return frozenset(l.strip() for l in _data("pinyin_syllables.txt").splitlines() if l.strip() and not l.startswith("#"))


def is_tone_pinyin(word: str) -> bool:
    """True for one pinyin syllable written with exactly one tone mark: 'qiáng', 'lǜ'; False for 'café', 'zhong'."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(decomposed.count(c) for c in _TONE_COMBINING) != 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_COMBINING))
    return bare in pinyin_syllables()


def find_pinyin(line: str) -> list[re.Match]:
    """Converter pinyin annotations in a line: PINYIN candidates whose word is tone-marked pinyin."""
    return [m for m in PINYIN.finditer(line) if is_tone_pinyin(m.group()[1:-1])]


def strip_pinyin(line: str) -> str:
    """The line without its converter pinyin annotations."""
    out, cut = [], 0
    for m in find_pinyin(line):
        out.append(line[cut:m.start()])
        cut = m.end()
    out.append(line[cut:])
    return "".join(out)


# --- invisible characters and look-alikes --------------------------------------------------------
_KEEP_CONTROLS = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x85"  # tab and the line breaks str.splitlines() knows


@lru_cache(maxsize=1)
def _invisible_table() -> tuple[tuple[int, int, str], ...]:
    rows = csv.DictReader(_data("invisible.tsv").splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple((int(r["first"], 16), int(r["last"], 16), r["reason"]) for r in rows)


@lru_cache(maxsize=1)
def _invisible_re() -> re.Pattern:
    """One character class: the listed ranges, every other format character (Cf), control characters."""
    ranges = [(a, b) for a, b, _ in _invisible_table()]
    # Format and control characters live in planes 0-1 and 14 (U+E0000-E0FFF); planes 2-13 and 15-16 hold none.
    planes = [*range(0, 0x20000), *range(0xE0000, 0xE1000)]
    ranges += [(c, c) for c in planes
               if unicodedata.category(chr(c)) in ("Cf", "Cc") and chr(c) not in _KEEP_CONTROLS]
    ranges.sort()
    merged: list[list[int]] = []
    for a, b in ranges:
        if merged and a <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    cls = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in merged)
    return re.compile(f"[{cls}]+")


def invisible_reason(ch: str) -> str:
    """Why a character counts as invisible: the data/invisible.tsv reason, or its Unicode category."""
    c = ord(ch)
    for a, b, reason in _invisible_table():
        if a <= c <= b:
            return f"{reason} (U+{c:04X})"
    cat = unicodedata.category(ch)
    return f"{'format' if cat == 'Cf' else 'control'} character (U+{c:04X})"


def find_invisible(text: str) -> list[tuple[int, int, str]]:
    """Runs of zero-width, bidi-control, other format and control characters: (start, end, reason)."""
    out: list[tuple[int, int, str]] = []
    for m in _invisible_re().finditer(text):
        i = m.start()
        while i < m.end():
            reason = invisible_reason(text[i])
            j = i + 1
            while j < m.end() and invisible_reason(text[j]) == reason:
                j += 1
            out.append((i, j, reason if j - i == 1 else f"{reason} x{j - i}"))
            i = j
    return out


# Kangxi radicals (U+2F00-2FDF) and CJK compatibility ideographs (U+F900-FAFF) look like ordinary Han
# characters (⽉ for 月) but match nothing: replaced by the character NFKC gives (length-preserving).
LOOKALIKE = re.compile(r"[\u2f00-\u2fdf\uf900-\ufaff]")


def find_lookalikes(text: str) -> list[tuple[int, str, str]]:
    """(position, replacement, reason) for each look-alike character with a one-character NFKC form."""
    out = []
    for m in LOOKALIKE.finditer(text):
        ch = m.group()
        rep = unicodedata.normalize("NFKC", ch)
        if len(rep) == 1 and rep != ch:
            kind = "Kangxi radical" if ch < "\uf900" else "compatibility ideograph"
            out.append((m.start(), rep, f"{kind} {ch} (U+{ord(ch):04X}) read as {rep}"))
    return out


# --- images, links, URLs, markdown markup ---------------------------------------------------------
# A markdown image; its URL may be hard-wrapped over up to three lines.
MD_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]\([ \t]*[^()\s]+(?:[ \t]*\r?\n[ \t]*[^()\s]+){0,3}(?:[ \t]+\"[^\"\n]*\")?[ \t]*\)")
HTML_IMAGE = re.compile(r"<img\b[^<>]{0,2000}>", re.I)
MD_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\([ \t]*(?:https?://|www\.|/)[^()\s]*(?:[ \t]+\"[^\"\n]*\")?[ \t]*\)")
URL = re.compile(r"(?<![A-Za-z0-9@/.])(?:(?:https?|ftp)://|www\.[A-Za-z0-9-]+\.)[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+")
_URL_TRAIL = ".,;:!?'*"
_URL_CONT = re.compile(r"[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+(?=[ \t]*(?:\r?\n|$))")


def find_media(text: str) -> list[tuple[int, int, str, str]]:
    """Markdown/HTML images, markdown link targets and bare URLs: (start, end, kind, reason), not overlapping.

    A markdown link keeps its text: only '[' and '](url)' are returned. A URL written alone in brackets
    takes its brackets along.
    """
    spans: list[tuple[int, int, str, str]] = []
    taken = bytearray(len(text))

    def add(s: int, e: int, kind: str, reason: str) -> None:
        if e > s and not any(taken[s:e]):
            spans.append((s, e, kind, reason))
            taken[s:e] = b"\x01" * (e - s)

    for m in MD_IMAGE.finditer(text):
        add(m.start(), m.end(), "image", "markdown image")
    for m in HTML_IMAGE.finditer(text):
        add(m.start(), m.end(), "image", "HTML image tag")
    for m in MD_LINK.finditer(text):
        if not any(taken[m.start():m.end()]):
            add(m.start(), m.start(1), "url", "markdown link (text kept)")
            add(m.end(1), m.end(), "url", "markdown link target (text kept)")
    for m in URL.finditer(text):
        s, e = m.span()
        while e < len(text) and text[e - 1] == "-" and text[e] in "\r\n":  # a long URL hard-wrapped at a hyphen
            more = _URL_CONT.match(text, e + (2 if text.startswith("\r\n", e) else 1))
            if not more:
                break
            e = more.end()
        while e > s and text[e - 1] in _URL_TRAIL:
            e -= 1
        if s > 0 and e < len(text) and text[s - 1] in "(（" and text[e] in ")）":
            s, e = s - 1, e + 1
        add(s, e, "url", "bare URL")
    return sorted(spans)


MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+|[ \t]+#+[ \t]*(?=\r?$)", re.M)
MD_BLOCK = re.compile(r"^[ \t]*(?:[*+-][ \t]+(?:_\d+_[ \t]*)?|>[ \t>]*)", re.M)
MD_EMPHASIS = re.compile(r"\*\*|__|(?<![A-Za-z0-9_*])[_*](?=[^\s_*])|(?<=[^\s_*])[_*](?![A-Za-z0-9_*])")
# Lines that start a markdown block of their own: never joined to the line before or after.
MD_BLOCK_LINE = re.compile(r"^[ \t]{0,3}(?:#{1,6}[ \t]|[*+-][ \t]|>|\||\d+[.)][ \t]|```|(?:[-*_][ \t]*){3,}$)")


def find_markup(text: str) -> list[tuple[int, int, str]]:
    """Markdown markup in a markdown scrape: heading markers, list bullets, quote markers, emphasis."""
    out = [(m.start(), m.end(), "markdown heading marker") for m in MD_HEADING.finditer(text) if m.end() > m.start()]
    out += [(m.start(), m.end(), "markdown list/quote marker") for m in MD_BLOCK.finditer(text) if m.end() > m.start()]
    taken = {i for s, e, _ in out for i in range(s, e)}
    out += [(m.start(), m.end(), "markdown emphasis") for m in MD_EMPHASIS.finditer(text) if m.start() not in taken]
    return sorted(out)


def looks_markdown(text: str, suffix: str = "") -> bool:
    """A markdown scrape: a .md/.markdown file, or text with a markdown image."""
    return suffix.lower() in (".md", ".markdown") or MD_IMAGE.search(text) is not None


# --- boilerplate lines, headlines, footers ---------------------------------------------------------
def classify_line(simplified: str, repeated: Counter, rules: tuple[Rule, ...] | None = None) -> str | None:
    """Reason why a (stripped, Simplified) line is boilerplate, or None if it is article text."""
    rules = boilerplate_rules() if rules is None else rules
    for rule in rules:
        if rule.scope == "line" and (rule.max_len is None or len(simplified) <= rule.max_len) and rule.pattern.search(simplified):
            return rule.reason
    if repeated.get(simplified, 0) >= 3 and not simplified.endswith((":", "：")):  # not a speaker label '汪波：'
        return f"repeated banner (appears {repeated[simplified]} times)"
    return None


def starts_tail(simplified: str, rules: tuple[Rule, ...] | None = None) -> str | None:
    """Reason if this line may start the page footer (see tail_allowed for where a footer may start)."""
    rules = boilerplate_rules() if rules is None else rules
    for rule in rules:
        if rule.scope == "tail" and rule.pattern.search(simplified):
            return rule.reason
    return None


def tail_allowed(rest_chars: int, total_chars: int, share: float = TAIL_SHARE) -> bool:
    """A footer rule may remove `rest_chars` of `total_chars` only when that is at most `share` of them."""
    return total_chars > 0 and rest_chars <= share * total_chars


_KEY_DROP = re.compile(r"\s+")


def headline_key(simplified: str) -> str:
    """A line compared as a headline: white space removed."""
    return _KEY_DROP.sub("", simplified)


def bracketed_headline(line: str, headline: str, extra: int = 3) -> int:
    """Length of a leading '【headline…】' (headline plus up to `extra` characters, e.g. a like button), or 0."""
    if len(headline) < 6 or not line.startswith("【"):
        return 0
    close = line.find("】", 1, len(headline) + extra + 2)
    if close < 0 or headline_key(line[1:close])[: len(headline)] != headline:
        return 0
    return close + 1


# --- hard-wrapped lines ------------------------------------------------------------------------------
SENT_END = re.compile(r"[。！？!?；;…][”’\"」』）)\]】]*$")
_OPEN_END = "，,、（(《“‘「『【["  # not a dash: a plain line ending in —— introduces what follows
_CONT_START = "，,、。．：:；;！？!?）)》”’」』】]%％"
# Characters that start a scale, unit or classifier: a line ending in a digit continues on a line starting with one.
UNIT_START = re.compile(r"^[万亿千百十个%％元倍年月日号岁名家台块款张位项条篇次种平米公克吨秒分小天周颗片美港欧英寸纳毫厘度层辆部座所只件份股]")
_SHORT_FRAGMENT = re.compile(r"^[^。！？!?；;]{0,5}[。！？!?；;]")


def wrap_width(lengths: list[int], min_count: int = 5, share: float = 0.4) -> int | None:
    """The width a text is hard-wrapped at: the most common length of lines followed by another line,
    when at least `min_count` lines and `share` of them are that long (within one character)."""
    if len(lengths) < min_count:
        return None
    width, _ = Counter(lengths).most_common(1)[0]
    near = sum(1 for n in lengths if width - 1 <= n <= width)
    return width if width >= 16 and near >= min_count and near >= share * len(lengths) else None


def join_reason(prev: str, nxt: str, markdown: bool = False, width: int | None = None) -> str | None:
    """Why line `nxt` continues the sentence of line `prev` (two adjacent lines of one text), or None.

    In a markdown scrape adjacent lines are one paragraph, so any break that does not follow a sentence end
    is joined. In plain text a break is joined only with evidence that it cuts a sentence: the line ends in
    a comma or an opening bracket; the next starts with closing punctuation, a unit after a number, or a
    lower-case word after a Latin letter; the next is a fragment such as '25%。'; or the text is hard-wrapped
    at a fixed width and this line reaches it. A short heading line ('芯片價格大漲') is never joined.
    """
    a, b = prev.rstrip(), nxt.lstrip()
    if not a or not b or SENT_END.search(a):
        return None
    if markdown:
        return "markdown paragraph continues"
    if a[-1] in _OPEN_END:
        return "line ends inside a sentence"
    if b[0] in _CONT_START:
        return "next line continues the sentence"
    if a[-1].isdigit() and UNIT_START.match(b):
        return "number and unit split"
    if a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].islower():
        return "word split"
    if _SHORT_FRAGMENT.match(b) and any(c.isdigit() for c in b[:6]):
        return "next line is a fragment"
    if width and len(a) >= width - 1:
        return f"hard wrap at {width} characters"
    return None


# --- corrupted spans --------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    """Han characters jieba's dictionary knows as single words with frequency >= 300 ('normal' characters)."""
    import jieba

    from .segment import quiet_jieba

    quiet_jieba()
    jieba.dt.check_initialized()
    return frozenset(w for w, f in jieba.dt.FREQ.items() if len(w) == 1 and f >= 300)


HTML_FRAGMENT = re.compile(r"</?[A-Za-z][A-Za-z0-9]*\s*/?>|[?？]/[A-Za-z]+>")
@lru_cache(maxsize=1)
def _suspicious_re() -> re.Pattern:
    """Runs of suspicious characters: '?', U+FFFD, private-use, surrogates, Han characters not in _common_han."""
    common = _common_han()
    rare = [chr(c) for c in range(0x4E00, 0xA000) if chr(c) not in common]
    cls, start = [], None
    for ch in rare + ["\U0010ffff"]:  # collapse consecutive code points into ranges
        if start is None:
            start = prev = ch
        elif ord(ch) == ord(prev) + 1:
            prev = ch
        else:
            cls.append(start if start == prev else f"{start}-{prev}")
            start = prev = ch
    return re.compile("[?\ufffd\ue000-\uf8ff\ud800-\udfff" + "".join(cls) + "]+")


def find_corrupted(text: str) -> list[tuple[int, int, str]]:
    """Corrupted spans in Simplified text: (start, end, reason).

    Flags private-use and replacement characters, HTML fragments such as '?/p>', and mojibake:
    runs of at least three rare characters (by jieba's character frequencies).
    """
    spans: list[tuple[int, int, str]] = []
    for m in _suspicious_re().finditer(text):
        i, j = m.span()
        run = m.group()
        pua = sum(unicodedata.category(c) == "Co" for c in run)
        bad = run.count("\ufffd")
        rare = sum("\u4e00" <= c <= "\u9fff" for c in run)
        if pua:
            spans.append((i, j, f"private-use characters ({pua}) in a run of garbled text"))
        elif bad:
            spans.append((i, j, f"replacement characters (U+FFFD x{bad})"))
        elif rare >= 3:
            spans.append((i, j, f"mojibake: run of {rare} rare characters"))
    starts, ends = [s for s, _, _ in spans], [e for _, e, _ in spans]  # sorted, not overlapping
    for m in HTML_FRAGMENT.finditer(text):
        k = bisect.bisect_right(starts, m.start()) - 1
        if k < 0 or m.start() >= ends[k]:
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
