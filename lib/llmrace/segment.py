"""Sentence splitting and domain-aware word segmentation (jieba with the book's user dictionary)."""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jieba

# A sentence ends at 。！？!?；; (and any closing quotes or brackets right after); a paragraph end closes one too.
SENTENCE = re.compile(r"[^。！？!?；;]+(?:[。！？!?；;]+[”’\"」』）)\]】]*|$)|[。！？!?；;]+[”’\"」』）)\]】]*")


def quiet_jieba() -> None:
    """Silence jieba's 'Building prefix dict…' messages."""
    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)


def userdict_path() -> Path:
    """Path of the jieba user dictionary shipped with the package."""
    return Path(str(resources.files("llmrace").joinpath("data/userdict.txt")))


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer with the domain user dictionary loaded (built once per process)."""
    quiet_jieba()
    tk = jieba.Tokenizer()
    tk.initialize()
    path = userdict_path()
    if path.exists():
        tk.load_userdict(str(path))
    return tk


def words(text: str) -> list[str]:
    """Segment text into words with jieba.lcut (not posseg) and the domain dictionary."""
    return tokenizer().lcut(text)


def split_sentences(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in a paragraph, surrounding white space trimmed, empty ones skipped."""
    spans = []
    for m in SENTENCE.finditer(paragraph):
        s, e = m.start(), m.end()
        while s < e and paragraph[s].isspace():
            s += 1
        while e > s and paragraph[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans
