"""The Corpus / Document API every chapter uses: load, clean, convert and split the seeds.

Pipeline per file: decode (load) -> remove pinyin annotations and boilerplate lines (clean, all
reported) -> OpenCC t2s (convert) -> paragraphs and sentences with stable ids and offsets into both
the cleaned text and the original file's decoded text (segment).
"""
from __future__ import annotations

import re
from array import array
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pandas as pd

from .clean import Flag, Removal, classify_line, find_corrupted, find_pinyin, starts_tail
from .convert import script_of, to_simplified_mapped
from .load import list_seeds, read_seed, seed_id
from .segment import split_sentences


@dataclass(frozen=True)
class Sentence:
    """One sentence. `start/end` index Document.text; `orig_start/orig_end` index Document.original."""

    id: str  # "002.p14.s2"
    seed: str
    paragraph: int
    index: int
    text: str  # Simplified
    original_script: str  # the same span in the file's own script, pinyin annotations removed
    start: int
    end: int
    orig_start: int
    orig_end: int

    @property
    def anchor(self) -> str:
        return anchor(self.id)


@dataclass
class Document:
    """A cleaned seed. `text` is the Simplified body, paragraphs joined by newlines."""

    seed: str
    path: Path
    encoding: str
    script: str
    original: str
    text: str
    offsets: array  # offsets[i] = index in `original` of text[i]
    sentences: list[Sentence] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[list[Sentence]]:
        out: dict[int, list[Sentence]] = {}
        for s in self.sentences:
            out.setdefault(s.paragraph, []).append(s)
        return [out[k] for k in sorted(out)]

    def sentence(self, sentence_id: str) -> Sentence:
        for s in self.sentences:
            if s.id == sentence_id:
                return s
        raise KeyError(sentence_id)

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of `text` to the original file's decoded text."""
        if end <= start:
            o = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1

    def sentence_at(self, pos: int) -> Sentence | None:
        for s in self.sentences:
            if s.start <= pos < s.end:
                return s
        return None

    def report(self) -> dict[str, int]:
        """Counts for the cleaning report."""
        c = Counter(r.kind for r in self.removals)
        return {
            "pinyin_removed": c.get("pinyin", 0),
            "boilerplate_lines": c.get("boilerplate", 0),
            "corrupted_spans": len(self.flags),
            "chars_original": len(self.original),
            "chars_clean": len(self.text.replace("\n", "")),
            "paragraphs": len({s.paragraph for s in self.sentences}),
            "sentences": len(self.sentences),
        }


def sentence_sort_key(sentence_id: str) -> tuple[int, int, int]:
    """'002.p14.s2' -> (2, 14, 2): document order; a malformed id sorts last."""
    m = re.fullmatch(r"(\d+)\.p(\d+)\.s(\d+)", str(sentence_id))
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else (10 ** 9, 0, 0)


def anchor(sentence_id: str) -> str:
    """HTML anchor of a sentence id: '002.p14.s2' -> 's002-p14-s2'."""
    return "s" + sentence_id.replace(".", "-")


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(line number, start offset, line without its end-of-line characters)."""
    pos = 0
    for n, raw in enumerate(text.splitlines(keepends=True), start=1):
        body = raw.rstrip("\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85")
        yield n, pos, body
        pos += len(raw)


def build_document(original: str, seed: str, path: Path | str = "<text>", encoding: str = "utf-8") -> Document:
    """Clean, convert and split one decoded seed text into a Document."""
    path = Path(path)
    removals: list[Removal] = []
    flags: list[Flag] = []
    # Pass 1: strip pinyin and convert each line; count lines to spot repeated banners.
    lines = []
    for n, start, body in _lines(original):
        keep: list[int] = []
        cut = 0
        for m in find_pinyin(body):
            keep.extend(range(cut, m.start()))
            removals.append(Removal(seed, "pinyin", "converter pinyin annotation", m.group(), start + m.start(), start + m.end(), n))
            cut = m.end()
        keep.extend(range(cut, len(body)))
        stripped = "".join(body[i] for i in keep)
        simp, idx = to_simplified_mapped(stripped)
        lines.append((n, start, body, simp, array("q", [start + keep[i] for i in idx])))
    counts = Counter(l[3].strip() for l in lines if l[3].strip())
    # Pass 2: boilerplate, then paragraphs.
    text_parts: list[str] = []
    offsets = array("q")
    paragraphs: list[tuple[int, int]] = []  # spans in text
    tail_reason = None
    pos = 0
    for n, start, body, simp, idx in lines:
        key = simp.strip()
        if not key:
            continue
        tail_reason = tail_reason or starts_tail(key)
        reason = classify_line(key, counts) or tail_reason
        if reason:
            removals.append(Removal(seed, "boilerplate", reason, body, start, start + len(body), n))
            continue
        lead = len(simp) - len(simp.lstrip())
        trail = len(simp.rstrip())
        if text_parts:
            text_parts.append("\n")
            offsets.append(start - 1 if start > 0 else 0)
            pos += 1
        text_parts.append(simp[lead:trail])
        offsets.extend(idx[lead:trail])
        paragraphs.append((pos, pos + trail - lead))
        pos += trail - lead
    text = "".join(text_parts)
    doc = Document(seed, path, encoding, script_of(original), original, text, offsets, removals=removals)
    # Sentences with ids and both offsets.
    for p_no, (ps, pe) in enumerate(paragraphs, start=1):
        for s_no, (ss, se) in enumerate(split_sentences(text[ps:pe]), start=1):
            a, b = ps + ss, ps + se
            os_, oe = doc.orig_span(a, b)
            orig_script = "".join(original[offsets[i]] for i in range(a, b))
            doc.sentences.append(Sentence(f"{seed}.p{p_no}.s{s_no}", seed, p_no, s_no, text[a:b], orig_script, a, b, os_, oe))
    for s, e, reason in find_corrupted(text):
        os_, oe = doc.orig_span(s, e)
        flags.append(Flag(seed, "corrupted", reason, original[os_:oe], os_, oe, original.count("\n", 0, os_) + 1))
    doc.flags = flags
    return doc


def load_document(path: Path | str) -> Document:
    """Read, decode and clean one seed file."""
    decoded = read_seed(path)
    return build_document(decoded.text, seed_id(path), decoded.path, decoded.encoding)


class Corpus:
    """The seeds of one directory. Documents are loaded lazily, one at a time, when iterated."""

    def __init__(self, seeds_dir: Path | str):
        self.dir = Path(seeds_dir)
        self.files = list_seeds(self.dir)
        self.ids = [seed_id(p) for p in self.files]

    def __iter__(self) -> Iterator[Document]:
        for p in self.files:
            yield load_document(p)

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, sid: str) -> Document:
        for i, p in zip(self.ids, self.files):
            if i == sid:
                return load_document(p)
        raise KeyError(sid)

    def catalog(self) -> pd.DataFrame:
        """seeds/catalog.csv as a DataFrame (empty if the directory has none)."""
        return read_catalog(self.dir)


def read_catalog(seeds_dir: Path | str) -> pd.DataFrame:
    """Read `catalog.csv` beside the seeds, ids kept as strings."""
    path = Path(seeds_dir) / "catalog.csv"
    if not path.exists():
        return pd.DataFrame(columns=["id", "title", "outlet", "author", "pub_date", "script", "url", "note"])
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def sentences_frame(docs) -> pd.DataFrame:
    """One row per sentence: seed, sentence_id, paragraph, index, text, original_script, offsets."""
    rows = [
        dict(seed=s.seed, sentence_id=s.id, paragraph=s.paragraph, index=s.index, text=s.text,
             original_script=s.original_script, start=s.start, end=s.end, orig_start=s.orig_start, orig_end=s.orig_end)
        for d in docs for s in d.sentences
    ]
    return pd.DataFrame(rows, columns=["seed", "sentence_id", "paragraph", "index", "text", "original_script",
                                       "start", "end", "orig_start", "orig_end"])


def removals_frame(docs) -> pd.DataFrame:
    """Every removed span and flagged span of the given documents, one row each."""
    rows = [dict(seed=r.seed, kind=r.kind, reason=r.reason, text=r.text, line=r.line,
                 orig_start=r.orig_start, orig_end=r.orig_end) for d in docs for r in [*d.removals, *d.flags]]
    return pd.DataFrame(rows, columns=["seed", "kind", "reason", "text", "line", "orig_start", "orig_end"])
