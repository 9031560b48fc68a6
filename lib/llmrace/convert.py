"""Traditional -> Simplified conversion with OpenCC, only where the text is Traditional, keeping a character
map back to the source and leaving protected names (昇腾) as written."""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

import opencc

# A paragraph is Traditional when at least this share of its Han characters are Traditional-only ones.
TRADITIONAL_SHARE = 0.10
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert text to Simplified Chinese (OpenCC t2s, phrase-aware), whatever its script."""
    return _converter().convert(text)


def to_simplified_mapped(text: str) -> tuple[str, list[int]]:
    """Convert text to Simplified and return, for each output character, its index in `text`.

    OpenCC's t2s is length-preserving for almost all input; where a phrase changes length the
    text is converted character by character so that every output character keeps its source.
    """
    out = to_simplified(text)
    if len(out) == len(text):
        return out, list(range(len(text)))
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        conv = to_simplified(ch)
        chars.append(conv)
        index.extend([i] * len(conv))
    return "".join(chars), index


@lru_cache(maxsize=1)
def protected_words() -> tuple[str, ...]:
    """Simplified words that t2s would rewrite and that are kept as written: data/convert_keep.txt plus
    the gazetteer's Simplified names (name_zh) that t2s changes. Longest first."""
    words = {l.strip() for l in resources.files("llmrace").joinpath("data/convert_keep.txt").read_text(encoding="utf-8").splitlines()
             if l.strip() and not l.startswith("#")}
    gaz = resources.files("llmrace").joinpath("data/gazetteer.csv")
    if gaz.is_file():
        for row in csv.DictReader(gaz.read_text(encoding="utf-8").splitlines()):
            name = (row.get("name_zh") or "").strip()
            if name:
                words.add(name)
    return tuple(sorted((w for w in words if to_simplified(w) != w), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def _protected_pairs() -> tuple[tuple[str, str], ...]:
    """(protected word, what t2s makes of it) for the words t2s rewrites without changing their length."""
    return tuple((w, to_simplified(w)) for w in protected_words() if len(to_simplified(w)) == len(w))


@lru_cache(maxsize=1)
def _protected_re() -> re.Pattern:
    """Any rewritten form of a protected word (a quick test before the word-by-word fix-up)."""
    return re.compile("|".join(re.escape(c) for _, c in _protected_pairs()) or "(?!)")


@lru_cache(maxsize=1)
def _traditional_re() -> re.Pattern:
    """Han characters that t2s changes and that are not GB2312 (Simplified) characters: Traditional-only.
    Characters of protected words (昇) never count."""
    keep = {c for w in protected_words() for c in w}
    chars = [chr(c) for r in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF)) for c in range(r[0], r[1] + 1)]
    conv = to_simplified("\n".join(chars)).split("\n")
    trad = []
    for ch, s in zip(chars, conv):
        if s != ch and ch not in keep:
            try:
                ch.encode("gb2312")
            except UnicodeEncodeError:
                trad.append(ch)
    return re.compile("[" + "".join(trad) + "]")


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


@lru_cache(maxsize=1)
def _simplified_re() -> re.Pattern:
    """Han characters that s2t changes and t2s leaves alone: Simplified-only forms (会, 这, 说)."""
    chars = [chr(c) for r in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF)) for c in range(r[0], r[1] + 1)]
    t2s = to_simplified("\n".join(chars)).split("\n")
    s2t = _s2t().convert("\n".join(chars)).split("\n")
    simp = [ch for ch, a, b in zip(chars, t2s, s2t) if a == ch and b != ch]
    return re.compile("[" + "".join(simp) + "]")


def simplified_count(text: str) -> int:
    """Simplified-only characters in text."""
    return len(_simplified_re().findall(text))


def run_is_traditional(text: str, share: float = TRADITIONAL_SHARE) -> bool:
    """A sentence (run) inside a Simplified text is Traditional when it has more Traditional-only than
    Simplified-only characters and they make at least `share` of its Han characters ('胡厚崑出席大会。': no)."""
    trad, han = traditional_count(text)
    return trad > simplified_count(text) and paragraph_script_counts(trad, han, share) == "traditional"


def traditional_count(text: str) -> tuple[int, int]:
    """(Traditional-only characters, Han characters) in text."""
    return len(_traditional_re().findall(text)), len(HAN.findall(text))


def paragraph_script_counts(trad: int, han: int, share: float = TRADITIONAL_SHARE) -> str:
    """'traditional' when at least one and at least `share` of `han` Han characters are Traditional-only."""
    return "traditional" if trad and trad >= share * han else "simplified"


def paragraph_script(text: str, share: float = TRADITIONAL_SHARE) -> str:
    """'traditional' when at least `share` of the Han characters (and at least one) are Traditional-only."""
    return paragraph_script_counts(*traditional_count(text), share)


def convert_mapped(text: str) -> tuple[str, list[int]]:
    """t2s with a map back to `text` (as to_simplified_mapped); protected words written in the source
    keep their characters (昇騰 -> 昇腾, not 升腾)."""
    out, idx = to_simplified_mapped(text)
    pairs = _protected_pairs()
    if not pairs or not _protected_re().search(out):
        return out, idx
    chars = list(out)
    for w, conv in pairs:
        for m in re.finditer(re.escape(conv), out):
            s = m.start()
            if all(w[k] == conv[k] or text[idx[s + k]] == w[k] for k in range(len(w))):
                for k in range(len(w)):
                    chars[s + k] = w[k]
    return "".join(chars), idx


def script_of(text: str, threshold: float = 0.03) -> str:
    """'traditional' when more than `threshold` of the Han characters change under t2s, else 'simplified'."""
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return "simplified"
    conv = to_simplified("".join(han))
    changed = sum(a != b for a, b in zip(han, conv)) if len(conv) == len(han) else abs(len(conv) - len(han))
    return "traditional" if changed / len(han) > threshold else "simplified"
