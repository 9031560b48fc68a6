"""What the book says about its claims, rendered from the one place that holds it (data/verdicts.csv).

Every verdict-like statement on a page ("consistent", "misattributed", …) is looked up here, so the landing
page, the chapters and the ledger cannot disagree. Evidence columns the verdicts file may carry (url, date,
quote, gloss) are read by name and may be absent.
"""
from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field

import pandas as pd

from .tables import sentence_href

# how each verdict reads in a sentence (a verdict not listed reads as itself)
VERDICT_PHRASE = {
    "consistent": "consistent with the primary source",
    "inconsistent": "inconsistent with the primary source",
    "misattributed": "misattributed (the number is real but belongs to something else)",
    "contested": "contested (the primary sources disagree)",
    "unverifiable": "not verifiable from any source found",
}
VERDICT_SHORT = {"consistent": "consistent", "inconsistent": "inconsistent", "misattributed": "misattributed",
                 "contested": "contested", "unverifiable": "not verifiable"}
EVIDENCE_COLUMNS = ("url", "date", "quote", "gloss")


def load_verdicts(path) -> pd.DataFrame:
    """data/verdicts.csv as strings; evidence columns added empty when the file does not have them."""
    v = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in EVIDENCE_COLUMNS:
        if col not in v.columns:
            v[col] = ""
    return v


def verdict_rows(verdicts: pd.DataFrame, quantity: str, sentence_id: str | None = None) -> pd.DataFrame:
    """The verdict rows on one registry quantity (and, if given, one sentence)."""
    rows = verdicts[verdicts["quantity"] == quantity]
    if sentence_id is not None:
        rows = rows[rows["sentence_id"] == sentence_id]
    return rows


def verdict_of(verdicts: pd.DataFrame, quantity: str, sentence_id: str | None = None) -> str:
    """The verdict on a quantity (one sentence's, or the set's when all rows agree; 'mixed' otherwise;
    '' when nothing was judged)."""
    vals = sorted(set(verdict_rows(verdicts, quantity, sentence_id)["verdict"]))
    if not vals:
        return ""
    return vals[0] if len(vals) == 1 else "mixed"


def verdict_phrase(verdict: str) -> str:
    """A verdict as words for prose: 'misattributed' -> 'misattributed (the number is real but …)'."""
    if not verdict:
        return "not checked against a primary source"
    if verdict == "mixed":
        return "judged differently sentence by sentence"
    return VERDICT_PHRASE.get(verdict, verdict)


def verdict_counts(verdicts: pd.DataFrame) -> dict[str, int]:
    """How many verdicts of each kind (every known kind present, zero when absent)."""
    counts = {v: 0 for v in VERDICT_PHRASE}
    for v, n in verdicts["verdict"].value_counts().items():
        counts[str(v)] = int(n)
    return counts


def safe_url(url: str) -> str | None:
    """An http(s) URL with a host, else None (evidence URLs become links only if safe; llmrace.html decides)."""
    from .html import safe_url as _safe_url

    return _safe_url((url or "").strip())


def evidence_links(verdicts: pd.DataFrame, quantity: str, sentence_id: str | None = None,
                   prefix: str = "../") -> list[tuple[str, str]]:
    """(label, href) pairs for the evidence of a verdict: the seed sentences, then the primary URLs."""
    rows = verdict_rows(verdicts, quantity, sentence_id)
    links: list[tuple[str, str]] = []
    for sid in sorted(set(rows["sentence_id"])):
        if sid:
            links.append((f"seed {sid.split('.')[0]}, sentence {sid}", sentence_href(sid, prefix)))
    for url in sorted(set(rows.get("url", pd.Series(dtype=str)))):
        for u in re.split(r"[\s;|]+", url or ""):
            safe = safe_url(u)
            if safe:
                links.append(("primary source", safe))
    return links


def reason_groups(ignored: pd.DataFrame) -> pd.DataFrame:
    """Why claims were set aside: the reasons of data/claims_ignored.csv grouped by their lead phrase
    (the text before ':'), most common first."""
    lead = ignored["reason"].astype(str).str.split(":").str[0].str.strip()
    out = lead.value_counts().rename_axis("reason").reset_index(name="claims")
    return out.sort_values(["claims", "reason"], ascending=[False, True]).reset_index(drop=True)


@dataclass
class Finding:
    """One key finding: its sentence (HTML, already escaped), its figures and its evidence links."""

    text: str
    links: list[tuple[str, str]] = field(default_factory=list)

    def html(self) -> str:
        ev = " · ".join(f'<a href="{html.escape(h)}">{html.escape(label)}</a>' for label, h in self.links)
        return f"<li>{self.text}" + (f' <span class="llmrace-evidence">Evidence: {ev}</span>' if ev else "") + "</li>"


def findings_html(findings: list[Finding]) -> str:
    """The findings as an ordered list for the landing page."""
    return '<ol class="llmrace-findings">' + "".join(f.html() for f in findings) + "</ol>"


def _close(a, b) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    if math.isnan(a) or math.isnan(b):
        return False
    return math.isclose(a, b, rel_tol=1e-9)


def _label_matches(gold: dict, claim: dict, sentence_text: str, sentence_start: int) -> bool:
    if gold["sentence_id"] != claim["sentence_id"] or gold["kind"] != claim["kind"]:
        return False
    starts, pos = [], 0
    while (i := sentence_text.find(gold["surface"], pos)) >= 0:
        starts.append(sentence_start + i)
        pos = i + 1
    if not any(s < claim["end"] and claim["start"] < s + len(gold["surface"]) for s in starts):
        return False
    if gold["kind"] == "date":
        return gold["value"] == claim.get("iso", "")
    if gold.get("unit") and gold["unit"] != claim.get("unit"):
        return False
    if gold.get("value"):
        return _close(gold["value"], claim["value"])
    return _close(gold.get("low"), claim.get("low")) and _close(gold.get("high"), claim.get("high"))


def extraction_scores(gold: pd.DataFrame, claims: pd.DataFrame, sentences: dict) -> pd.DataFrame:
    """Precision and recall of extracted claims against hand labels (tests/labelled_claims.csv), by kind
    and overall. A label is found when a claim of the same sentence and kind overlaps its surface and has
    its value (ISO date for dates; value, or low and high, otherwise) and its unit; one claim per label.
    `sentences` maps sentence id -> object with .text and .start (the Sentence of llmrace.corpus)."""
    crow = list(claims.to_dict("records"))
    by_sentence: dict[str, list[int]] = {}
    for i, c in enumerate(crow):
        by_sentence.setdefault(c["sentence_id"], []).append(i)
    used: set[int] = set()
    hits: list[str] = []
    for g in gold.to_dict("records"):
        s = sentences.get(g["sentence_id"])
        if s is None:
            continue
        for i in by_sentence.get(g["sentence_id"], []):
            if i not in used and _label_matches(g, crow[i], s.text, s.start):
                used.add(i)
                hits.append(g["kind"])
                break
    rows = []
    kinds = sorted(set(gold["kind"]) | set(claims["kind"]))
    for kind in [*kinds, "all"]:
        tp = len(hits) if kind == "all" else hits.count(kind)
        n_gold = len(gold) if kind == "all" else int((gold["kind"] == kind).sum())
        n_pred = len(crow) if kind == "all" else int((claims["kind"] == kind).sum())
        rows.append({"kind": kind, "labelled": n_gold, "extracted": n_pred, "correct": tp,
                     "precision": tp / n_pred if n_pred else 1.0, "recall": tp / n_gold if n_gold else 1.0})
    return pd.DataFrame(rows)
