"""Cleaning reports of documents as tables for the corpus chapter."""
from __future__ import annotations

import pandas as pd

from .convert import to_simplified
from .terms import word_count


def cleaning_summary(docs) -> pd.DataFrame:
    """One row per seed: encoding, script, pinyin and boilerplate removed, corrupted spans, sizes before/after."""
    rows = []
    for d in docs:
        r = d.report()
        rows.append(dict(
            seed=d.seed, encoding=d.encoding, script=d.script,
            pinyin_removed=r["pinyin_removed"], boilerplate_lines=r["boilerplate_lines"],
            corrupted_spans=r["corrupted_spans"], chars_before=len(d.original.replace("\n", "")),
            chars_after=r["chars_clean"], words_before=word_count(to_simplified(d.original)),
            words_after=word_count(d.text), paragraphs=r["paragraphs"], sentences=r["sentences"],
        ))
    return pd.DataFrame(rows)


def boilerplate_by_reason(docs) -> pd.DataFrame:
    """Boilerplate lines removed, counted by seed and reason (reason families: text before ' (')."""
    rows = [dict(seed=d.seed, reason=r.reason.split(" (")[0]) for d in docs for r in d.removals if r.kind == "boilerplate"]
    df = pd.DataFrame(rows, columns=["seed", "reason"])
    return df.groupby(["reason", "seed"]).size().unstack(fill_value=0).sort_index()
