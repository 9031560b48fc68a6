"""Entities: gazetteer look-up (longest match first) with offsets, sentence ids and co-occurrence."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from itertools import combinations
from pathlib import Path

import pandas as pd

from .frames import typed_frame

COLUMNS = ["seed", "sentence_id", "entity_id", "name_en", "name_zh", "category", "surface", "start", "end",
           "orig_start", "orig_end"]
GAZ_COLUMNS = ["id", "name_en", "name_zh", "category", "aliases", "parent", "note"]
LATIN = re.compile(r"[A-Za-z0-9]")


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
                surface_to_id.setdefault(form, row["id"])  # first row wins on a shared alias
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
        alts = [re.escape(ch) + build_b(child, ch) for ch, child in sorted(node.items()) if ch]
        tail = r"(?![A-Za-z0-9])" if end and LATIN.match(prev or "") else ""
        if not alts:
            return tail
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body}|{tail})" if end else body

    return "|".join(re.escape(ch) + build_b(child, ch) for ch, child in sorted(trie.items()))


def extract_entities(doc) -> pd.DataFrame:
    """Gazetteer matches in a Document's cleaned text, one row per mention, in text order."""
    pattern, ids = _matcher()
    rows = []
    if pattern is not None:
        info = {r["id"]: r for r in _gazetteer().to_dict("records")}
        import bisect

        starts = [s.start for s in doc.sentences]
        for m in pattern.finditer(doc.text):
            s, e = m.span()
            if s and LATIN.match(m.group()[0]) and LATIN.match(doc.text[s - 1]):
                continue  # inside a longer Latin word
            eid = ids[m.group()]
            k = bisect.bisect_right(starts, s) - 1
            sent = doc.sentences[k] if k >= 0 else None
            os_, oe = doc.orig_span(s, e)
            r = info[eid]
            rows.append(dict(seed=doc.seed, sentence_id=sent.id if sent else "", entity_id=eid, name_en=r["name_en"],
                             name_zh=r["name_zh"], category=r["category"], surface=m.group(), start=s, end=e,
                             orig_start=os_, orig_end=oe))
    return _frame(rows)


def _frame(rows) -> pd.DataFrame:
    """Rows -> DataFrame with fixed dtypes (object strings, int64 offsets, float64 values)."""
    return typed_frame(rows, COLUMNS, ints=("start", "end", "orig_start", "orig_end"), floats=())


def corpus_entities(seeds_dir: Path | str, docs=None) -> pd.DataFrame:
    """Entity mentions of every seed in a directory (documents streamed one at a time)."""
    from .corpus import Corpus

    frames = [extract_entities(d) for d in (docs if docs is not None else Corpus(seeds_dir))]
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
