"""Traditional -> Simplified conversion with OpenCC, keeping a character map back to the source."""
from __future__ import annotations

from functools import lru_cache

import opencc


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert text to Simplified Chinese (OpenCC t2s, phrase-aware)."""
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


def script_of(text: str, threshold: float = 0.03) -> str:
    """'traditional' when more than `threshold` of the Han characters change under t2s, else 'simplified'."""
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return "simplified"
    conv = to_simplified("".join(han))
    changed = sum(a != b for a, b in zip(han, conv)) if len(conv) == len(han) else abs(len(conv) - len(han))
    return "traditional" if changed / len(han) > threshold else "simplified"
