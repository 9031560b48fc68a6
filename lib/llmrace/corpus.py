"""The Corpus / Document API every chapter uses: load, clean, convert and split the seeds.

Pipeline per file: decode (load) -> clean (invisible characters, look-alike radicals, images and URLs,
markdown markup, pinyin annotations, boilerplate lines, a repeated headline, the footer: all reported;
hard-wrapped lines joined inside sentences) -> OpenCC t2s for Traditional paragraphs only (convert) ->
paragraphs and sentences with stable ids and offsets into both the cleaned text and the original file's
decoded text (segment).
"""
from __future__ import annotations

import bisect
import re
from array import array
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pandas as pd

from .clean import (MD_BLOCK_LINE, SENT_END, TAIL_SHARE, WARN_SHARE, Flag, Removal, bracketed_headline, classify_line,
                    find_corrupted, find_invisible, find_lookalikes, find_markup, find_media, find_pinyin,
                    headline_key, join_reason, looks_markdown, starts_tail, tail_allowed, wrap_width)
from .convert import TRADITIONAL_SHARE, convert_mapped, paragraph_script_counts, run_is_traditional, script_of, to_simplified, traditional_count
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
    original_script: str  # the same span before conversion (file's own script), removals applied
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
    script: str  # "traditional" when most Han characters are in Traditional paragraphs
    original: str
    text: str
    offsets: array  # offsets[i] = index in `original` of text[i]
    sentences: list[Sentence] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    joined: list[int] = field(default_factory=list)  # original offsets of line breaks joined inside a sentence
    paragraph_scripts: list[str] = field(default_factory=list)  # traditional | simplified | mixed, per paragraph
    markdown: bool = False  # cleaned as a markdown scrape

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
        fk = Counter(f.kind for f in self.flags)
        return {
            "pinyin_removed": c.get("pinyin", 0),
            "boilerplate_lines": c.get("boilerplate", 0),
            "corrupted_spans": fk.get("corrupted", 0),
            "invisible_chars_removed": sum(len(r.text) for r in self.removals if r.kind == "invisible"),
            "lookalikes_replaced": c.get("lookalike", 0),
            "images_removed": c.get("image", 0),
            "urls_removed": sum(1 for r in self.removals if r.kind == "url" and not r.reason.startswith("markdown link (")),
            "markup_removed": c.get("markup", 0),
            "headlines_deduplicated": c.get("duplicate", 0),
            "lines_joined": len(self.joined),
            "paragraphs_traditional": sum(1 for s in self.paragraph_scripts if s == "traditional"),
            "paragraphs_mixed": sum(1 for s in self.paragraph_scripts if s == "mixed"),
            "warnings": fk.get("warning", 0),
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


_EOL = "\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85"


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(line number, start offset, line without its end-of-line characters)."""
    pos = 0
    for n, raw in enumerate(text.splitlines(keepends=True), start=1):
        body = raw.rstrip("\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85")
        yield n, pos, body
        pos += len(raw)


def _apply(text: str, index: array, edits: list[tuple[int, int, str]]) -> tuple[str, array]:
    """Apply sorted, non-overlapping edits (start, end, replacement) to text; index[i] is text[i]'s offset in
    the original and the result's index maps every kept or replacing character the same way."""
    if not edits:
        return text, index
    parts: list[str] = []
    out = array("q")
    cut = 0
    for s, e, rep in edits:
        parts.append(text[cut:s])
        out.extend(index[cut:s])
        parts.append(rep)
        out.extend([index[s]] * len(rep))
        cut = e
    parts.append(text[cut:])
    out.extend(index[cut:])
    return "".join(parts), out


HEADLINE_WINDOW = 8  # a headline is one of the first lines of the article


class _LineNo:
    """1-based line number of an offset in the original text."""

    def __init__(self, text: str):
        self.starts = [m.end() for m in re.finditer("\n", text)]

    def __call__(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) + 1


@dataclass
class _Line:
    n: int  # line number of the line's first character in the original
    start: int  # offset of the line in the working text
    raw_len: int  # length of the line in the working text (pinyin included)
    text: str  # the line after pinyin removal
    idx: array  # original offset of each character of text
    key: str  # stripped Simplified form, compared with the rules
    block: bool  # a markdown block line (heading, list item, quote, table)
    reason: str | None = None
    kind: str = "boilerplate"


def _stripped(line: _Line) -> tuple[str, array]:
    t = line.text
    a = len(t) - len(t.lstrip())
    b = len(t.rstrip())
    return t[a:b], line.idx[a:b]


def build_document(original: str, seed: str, path: Path | str = "<text>", encoding: str = "utf-8", *,
                   markdown: bool | None = None, tail_share: float = TAIL_SHARE, warn_share: float = WARN_SHARE) -> Document:
    """Clean, convert and split one decoded seed text into a Document.

    Steps, each reported in `removals` (or `flags` for warnings): invisible characters out, look-alike
    radicals replaced, images / link targets / bare URLs out, markdown markup out (markdown scrapes), pinyin
    annotations out, boilerplate lines, a repeated headline and the page footer out (a footer only when it
    is at most `tail_share` of the text; a warning when more than `warn_share` of the text is removed),
    hard-wrapped lines joined into their sentences, Traditional paragraphs converted to Simplified.
    """
    path = Path(path)
    markdown = looks_markdown(original, path.suffix) if markdown is None else markdown
    line_no = _LineNo(original)
    removals: list[Removal] = []
    flags: list[Flag] = []

    def removed(kind: str, reason: str, os_: int, oe: int) -> None:
        removals.append(Removal(seed, kind, reason, original[os_:oe], os_, oe, line_no(os_)))

    # 1. Invisible characters, then look-alikes, media and markup, on the whole text (a URL may be wrapped).
    text, index = original, array("q", range(len(original)))
    edits = []
    for s, e, reason in find_invisible(text):
        removed("invisible", reason, s, e)
        edits.append((s, e, ""))
    text, index = _apply(text, index, edits)
    edits = []
    taken = bytearray(len(text))  # characters already edited: later finders skip them
    for s, e, kind, reason in find_media(text):
        removed(kind, reason, index[s], index[e - 1] + 1)
        edits.append((s, e, ""))
        taken[s:e] = b"\x01" * (e - s)
    for pos, rep, reason in find_lookalikes(text):
        if not taken[pos]:
            removed("lookalike", reason, index[pos], index[pos] + 1)
            edits.append((pos, pos + 1, rep))
    block_lines: set[int] = set()
    if markdown:
        for _, start, body in _lines(text):
            if body and MD_BLOCK_LINE.match(body):
                block_lines.add(line_no(index[start]))
        for s, e, reason in find_markup(text):
            if not any(taken[s:e]):
                removed("markup", reason, index[s], index[e - 1] + 1)
                edits.append((s, e, ""))
                taken[s:e] = b"\x01" * (e - s)
    edits.sort()
    text, index = _apply(text, index, edits)

    # 2. Lines: pinyin annotations out; the Simplified key for the rules.
    lines: list[_Line] = []
    for _, start, body in _lines(text):
        pieces, idx, cut = [], array("q"), 0
        for m in find_pinyin(body):
            pieces.append(body[cut:m.start()])
            idx.extend(index[start + cut:start + m.start()])
            removed("pinyin", "converter pinyin annotation", index[start + m.start()], index[start + m.end() - 1] + 1)
            cut = m.end()
        pieces.append(body[cut:])
        idx.extend(index[start + cut:start + len(body)])
        stripped = "".join(pieces)
        key = to_simplified(stripped).strip()
        n = line_no(index[start]) if len(index) > start else line_no(len(original))
        lines.append(_Line(n, start, len(body), stripped, idx, key, n in block_lines))

    # 3. Boilerplate lines, repeated banners, a repeated headline, the footer.
    counts = Counter(l.key for l in lines if l.key)
    for l in lines:
        if l.key:
            l.reason = classify_line(l.key, counts)
    # A headline (one of the first HEADLINE_WINDOW article lines, 6-120 characters) written again later: the
    # copies go, whole or as a leading 【headline…】.
    body = [l for l in lines if l.key and not l.reason]
    keys = [headline_key(l.key) for l in body]
    bracketed = [k for k, l in enumerate(body) if l.text.lstrip().startswith("【")]
    seen: set[str] = set()
    for pos, head in enumerate(body[:HEADLINE_WINDOW]):
        hkey = keys[pos]
        if head.reason or hkey in seen or not 6 <= len(hkey) <= 120:
            continue
        seen.add(hkey)
        what = "line" if SENT_END.search(hkey) else "headline"
        for k in range(pos + 1, len(body)):
            if keys[k] == hkey and not body[k].reason:
                body[k].reason, body[k].kind = f"repeated {what} (as line {head.n})", "duplicate"
        for k in bracketed:
            l = body[k]
            if k <= pos or l.reason:
                continue
            cut = bracketed_headline(to_simplified(l.text.lstrip()), hkey)
            if cut:
                lead = len(l.text) - len(l.text.lstrip())
                removed("duplicate", f"repeated headline in brackets (as line {head.n})", l.idx[lead], l.idx[lead + cut - 1] + 1)
                l.text, l.idx = l.text[lead + cut:], l.idx[lead + cut:]
                l.key = to_simplified(l.text).strip()
    # A footer starts at a tail line (itself perhaps boilerplate already); `rest` counts the article characters
    # it would take with it.
    nonblank = [l for l in lines if l.key]
    total = sum(len(l.key) for l in nonblank if not l.reason)
    rest = total
    for pos, l in enumerate(nonblank):
        reason = starts_tail(l.key)
        if reason:
            if tail_allowed(rest, total, tail_share):
                for k in nonblank[pos:]:
                    k.reason = k.reason or reason
                break
            flags.append(Flag(seed, "warning", f"footer rule '{reason}' not applied at line {l.n}: it would remove "
                              f"{rest / total:.0%} of the text (limit {tail_share:.0%})", l.text.strip(),
                              l.idx[0] if len(l.idx) else 0, l.idx[-1] + 1 if len(l.idx) else 0, l.n))
        if not l.reason:
            rest -= len(l.key)
    all_chars = sum(len(l.key) for l in lines if l.key)
    gone = sum(len(l.key) for l in lines if l.key and l.reason)
    if all_chars and gone > warn_share * all_chars:
        flags.append(Flag(seed, "warning", f"cleaning removed {gone / all_chars:.0%} of the text's characters "
                          f"(more than {warn_share:.0%}): check the removed lines", "", 0, 0, 1))
    for l in lines:
        if l.key and l.reason:
            end = index[l.start + l.raw_len] if l.start + l.raw_len < len(index) else len(original)
            while end > index[l.start] and original[end - 1] in _EOL:
                end -= 1
            removed(l.kind, l.reason, index[l.start], end)

    # 4. Paragraphs: adjacent kept lines joined where the break falls inside a sentence.
    kept = [(i, l) for i, l in enumerate(lines) if l.key and not l.reason]
    adjacent = [len(l.text.strip()) for (i, l), (j, _) in zip(kept, kept[1:]) if j == i + 1]
    width = None if markdown else wrap_width(adjacent)
    paragraphs: list[tuple[list[str], array, int]] = []  # pieces, offsets, separator offset
    joined: list[int] = []
    prev_i, prev = -2, None
    for i, l in kept:
        t, idx = _stripped(l)
        sep = index[l.start - 1] if l.start > 0 else 0
        if prev is not None and i == prev_i + 1 and not l.block and not prev.block and join_reason(prev.text, l.text, markdown, width):
            pieces, offs, _ = paragraphs[-1]
            if pieces[-1][-1:].isascii() and pieces[-1][-1:].isalnum() and t[:1].isascii() and t[:1].isalnum():
                pieces.append(" ")
                offs.append(sep)
            pieces.append(t)
            offs.extend(idx)
            joined.append(sep)
        else:
            paragraphs.append(([t], array("q", idx), sep))
        prev_i, prev = i, l

    # 5. Convert Traditional paragraphs; assemble the text.
    text_parts: list[str] = []
    pre_parts: list[str] = []
    offsets = array("q")
    spans: list[tuple[int, int]] = []
    scripts: list[str] = []
    pos = 0
    # In a mostly Traditional text one Traditional-only character makes a paragraph Traditional; elsewhere a
    # paragraph needs TRADITIONAL_SHARE of its Han characters (a quoted 臺積電 leaves a Simplified one as is).
    ptexts = ["".join(pieces) for pieces, _, _ in paragraphs]
    counts_t = [traditional_count(t) for t in ptexts]
    mostly_trad = paragraph_script_counts(sum(c[0] for c in counts_t), sum(c[1] for c in counts_t)) == "traditional"
    for (pieces, offs, sep), ptext, (n_trad, n_han) in zip(paragraphs, ptexts, counts_t):
        script = paragraph_script_counts(n_trad, n_han, 0.0 if mostly_trad else TRADITIONAL_SHARE)
        scripts.append(script)
        if mostly_trad and script == "traditional":
            out, cidx = convert_mapped(ptext)
        elif n_trad:  # elsewhere only the Traditional sentences (runs) of a paragraph are converted
            out, cidx, done, runs = _convert_runs(ptext)
            scripts[-1] = "simplified" if not done else "traditional" if done == runs else "mixed"
        else:
            out, cidx = ptext, None
        if cidx is None:
            pre = ptext
        else:
            pre = "".join(ptext[k] for k in cidx)
            offs = array("q", (offs[k] for k in cidx))
        if text_parts:
            text_parts.append("\n")
            pre_parts.append("\n")
            offsets.append(sep)
            pos += 1
        text_parts.append(out)
        pre_parts.append(pre)
        offsets.extend(offs)
        spans.append((pos, pos + len(out)))
        pos += len(out)
    text = "".join(text_parts)
    pre_text = "".join(pre_parts)
    script = "traditional" if mostly_trad else ("simplified" if ptexts else script_of(original))
    doc = Document(seed, path, encoding, script, original, text, offsets, removals=_outermost(removals),
                   joined=joined, paragraph_scripts=scripts, markdown=markdown)
    # Sentences with ids and both offsets.
    for p_no, (ps, pe) in enumerate(spans, start=1):
        for s_no, (ss, se) in enumerate(split_sentences(text[ps:pe]), start=1):
            a, b = ps + ss, ps + se
            os_, oe = doc.orig_span(a, b)
            doc.sentences.append(Sentence(f"{seed}.p{p_no}.s{s_no}", seed, p_no, s_no, text[a:b], pre_text[a:b], a, b, os_, oe))
    for s, e, reason in find_corrupted(text):
        os_, oe = doc.orig_span(s, e)
        flags.append(Flag(seed, "corrupted", reason, original[os_:oe], os_, oe, line_no(os_)))
    doc.flags = flags
    return doc


def _convert_runs(text: str) -> tuple[str, list[int], int, int]:
    """Convert the Traditional sentences of a paragraph (convert.run_is_traditional), leave the others as
    written; return the text, each character's index in `text`, the sentences converted and all sentences."""
    out: list[str] = []
    idx: list[int] = []
    cut = done = 0
    spans = split_sentences(text)
    for s, e in spans:
        out.append(text[cut:s])
        idx.extend(range(cut, s))
        run = text[s:e]
        if run_is_traditional(run):
            conv, cidx = convert_mapped(run)
            out.append(conv)
            idx.extend(s + k for k in cidx)
            done += 1
        else:
            out.append(run)
            idx.extend(range(s, e))
        cut = e
    out.append(text[cut:])
    idx.extend(range(cut, len(text)))
    return "".join(out), idx, done, len(spans)


def _outermost(removals: list[Removal]) -> list[Removal]:
    """Removals in file order, without those inside another removal (a pinyin annotation or URL inside a
    boilerplate line is reported once, as part of the line)."""
    out: list[Removal] = []
    end = -1
    for r in sorted(removals, key=lambda r: (r.orig_start, -r.orig_end)):
        if r.orig_end <= end and r.orig_start < end and out:
            continue
        out.append(r)
        end = max(end, r.orig_end)
    return out


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
    """The validated catalog.csv of a seeds folder (llmrace.folder: required columns, unique ids, rows
    matching files; ids as strings; standard columns always present; empty frame if there is none)."""
    from .folder import read_catalog as _read

    return _read(seeds_dir)


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
