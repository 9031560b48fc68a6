"""Load the development set (tests/devset/) through the normal llmrace pipeline and score the engine on it.

- `load_devset()` copies every article (bytes unchanged) into a temporary folder as `<id without _>_dev.<ext>`,
  reads it with `llmrace.Corpus` (load -> clean -> convert -> split, exactly as a user's folder), and returns one
  `DevDoc` per article with its provenance, its publication date (provenance `date`, the date printed in the
  article or its path) and its labels, each label located in the decoded original file (`orig_start/orig_end`
  from `line` + `surface`).
- `score_claims(devdocs, claims)` matches a label to a claim of the same article whose original-file span
  overlaps the label's span (`orig_start/orig_end`), one to one; `value` also requires the value (iso for
  dates and times; value or low/high otherwise) and the unit when the label gives one.
- `score_entities(devdocs, entities)` matches an entity label to a mention (listed or discovered) whose span
  overlaps it; `category` also requires the right category.

Labels are the accuracy reference: they are never edited to fit the engine (see README.md).
"""
from __future__ import annotations

import csv
import json
import math
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

DEVSET = Path(__file__).resolve().parent
HOLDOUT = DEVSET.parent / "holdout"  # the held-out set, same format (tests/holdout/README.md)
KNOWN_MISSES = DEVSET / "known_misses.csv"
KINDS = ("money", "percent", "count", "params", "compute", "date", "time", "other")


@dataclass
class DevDoc:
    id: str
    path: Path
    provenance: dict
    pub_date: str | None
    doc: object  # llmrace Document
    numeric: pd.DataFrame = field(default_factory=pd.DataFrame)
    entities: pd.DataFrame = field(default_factory=pd.DataFrame)
    label_problems: list[str] = field(default_factory=list)


def article_ids(root: Path = DEVSET) -> list[str]:
    """Ids of the articles in `root` (a labelled set in this format: tests/devset, tests/holdout) that have
    provenance and numeric labels (a set still being written may lack some)."""
    ids = []
    articles, provenance, labels = root / "articles", root / "provenance", root / "labels"
    for p in sorted(articles.iterdir()) if articles.is_dir() else []:
        i = p.stem
        if (provenance / f"{i}.json").exists() and (labels / f"{i}.numeric.csv").exists():
            ids.append(i)
    return ids


def _read_labels(path: Path) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame()
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return pd.DataFrame(rows, dtype=object).fillna("")


def _line_starts(text: str) -> list[int]:
    starts, pos = [], 0
    for raw in text.splitlines(keepends=True):
        starts.append(pos)
        pos += len(raw)
    starts.append(pos)
    return starts


def locate(original: str, labels: pd.DataFrame, what: str) -> tuple[pd.DataFrame, list[str]]:
    """Add orig_start/orig_end to labels, each found on its line: longer surfaces first, never overlapping a span
    already taken by another label, occurrences of one surface in label order, never inside a longer number."""
    problems: list[str] = []
    if labels.empty:
        return labels.assign(orig_start=[], orig_end=[]), problems
    starts = _line_starts(original)
    recs = labels.to_dict("records")
    spans: list[tuple[int, int]] = [(-1, -1)] * len(recs)
    taken: dict[int, list[tuple[int, int]]] = {}
    order = sorted(range(len(recs)), key=lambda k: (-len(str(recs[k]["surface"])), k))
    for k in order:
        r = recs[k]
        surface = str(r["surface"]).replace("\\n", "\n")
        try:
            line = int(r["line"])
        except ValueError:
            line = 0
        if not surface or not 1 <= line < len(starts):
            problems.append(f"{what}: bad line/surface {r['line']!r} {r['surface']!r}")
            continue
        busy = taken.setdefault(line, [])
        pos, found, fallback = starts[line - 1] - 1, -1, -1
        while True:
            pos = original.find(surface, pos + 1, starts[line] + len(surface))
            if pos < 0 or pos >= starts[line]:
                break
            inside_number = surface[0].isdigit() and pos > 0 and (original[pos - 1].isdigit() or original[pos - 1] == ".")
            overlaps = any(pos < e and s < pos + len(surface) for s, e in busy)
            if fallback < 0:
                fallback = pos
            if not inside_number and not overlaps:
                found = pos
                break
        if found < 0:
            found = fallback  # more labels than occurrences: share the first one
        if found < 0:
            problems.append(f"{what}: surface {r['surface']!r} not found on line {line}")
            continue
        spans[k] = (found, found + len(surface))
        busy.append(spans[k])
    return labels.assign(orig_start=[s for s, _ in spans], orig_end=[e for _, e in spans]), problems


def _mark_duplicates(doc, labels: pd.DataFrame) -> pd.DataFrame:
    """Column `removed`: True for a label inside a repeated headline that cleaning removed (kind 'duplicate'):
    the issue asks for the copy to go, so such labels are reported apart, not scored as engine misses."""
    dups = [(r.orig_start, r.orig_end) for r in getattr(doc, "removals", []) if getattr(r, "kind", "") == "duplicate"]
    if labels.empty:
        return labels.assign(removed=[])
    flags = [any(a <= s and e <= b for a, b in dups) and s >= 0 for s, e in zip(labels["orig_start"], labels["orig_end"])]
    return labels.assign(removed=flags)


def load_devset(ids: list[str] | None = None, root: Path = DEVSET) -> list[DevDoc]:
    """Every labelled article of `root`, through llmrace.Corpus from a temporary folder."""
    from llmrace import Corpus

    ids = article_ids(root) if ids is None else ids
    articles, provenance, labels = root / "articles", root / "provenance", root / "labels"
    out = []
    with tempfile.TemporaryDirectory(prefix="llmrace-devset-") as tmp:
        names = {}
        for i in ids:
            src = next(p for p in articles.iterdir() if p.stem == i)
            name = f"{i.replace('_', '')}_dev{src.suffix if src.suffix in ('.txt',) else '.txt'}"
            shutil.copyfile(src, Path(tmp) / name)
            names[i.replace("_", "")] = (i, src)
        for doc in Corpus(tmp):
            i, src = names[doc.seed]
            prov = json.loads((provenance / f"{i}.json").read_text(encoding="utf-8"))
            date = str(prov.get("date") or "").strip() or None
            doc.seed = i
            for k, s in enumerate(doc.sentences):
                object.__setattr__(s, "seed", i)
                object.__setattr__(s, "id", i + s.id[s.id.index("."):])
            num, p1 = locate(doc.original, _read_labels(labels / f"{i}.numeric.csv"), f"{i}.numeric")
            ent, p2 = locate(doc.original, _read_labels(labels / f"{i}.entities.csv"), f"{i}.entities")
            num, ent = _mark_duplicates(doc, num), _mark_duplicates(doc, ent)
            out.append(DevDoc(i, src, prov, date, doc, num, ent, p1 + p2))
    return out


def _f(x) -> float:
    try:
        return float(x)
    except (TypeError, ValueError):
        return math.nan


def _close(a, b) -> bool:
    a, b = _f(a), _f(b)
    if math.isnan(a) or math.isnan(b):
        return False
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12)


def value_matches(label: dict, claim: dict) -> bool:
    """Same reading: iso for dates/times; value (or low/high for ranges) and the unit when the label has one."""
    if label["kind"] in ("date", "time"):
        return str(label["iso"]).strip() == str(claim["iso"]).strip()
    if str(label.get("unit", "")).strip() and str(label["unit"]).strip() != str(claim["unit"]).strip():
        return False
    if str(label["value"]).strip():
        return _close(label["value"], claim["value"])
    return _close(label["low"], claim["low"]) and _close(label["high"], claim["high"])


def _overlap(a0, a1, b0, b1) -> bool:
    return a0 < b1 and b0 < a1


def score_claims(devdocs: list[DevDoc], claims: pd.DataFrame) -> tuple[pd.DataFrame, list[dict], list[dict]]:
    """(table per kind, misses, extras). A label is found by a claim of the same article, same kind and an
    overlapping original-file span; value-found when its reading matches too; precision counts claims found."""
    misses, extras, hits = [], [], []
    by_doc = {i: g.to_dict("records") for i, g in claims.groupby("seed", sort=False)} if len(claims) else {}
    for d in devdocs:
        cl = by_doc.get(d.id, [])
        used: set[int] = set()
        for lab in d.numeric.to_dict("records"):
            if lab.get("removed"):
                continue  # on a repeated headline that cleaning removed
            if lab["orig_start"] < 0:
                misses.append(dict(id=d.id, **lab, reason="label not located", found=""))
                continue
            cands = [k for k, c in enumerate(cl) if k not in used and c["kind"] == lab["kind"]
                     and _overlap(lab["orig_start"], lab["orig_end"], c["orig_start"], c["orig_end"])]
            best = next((k for k in cands if value_matches(lab, cl[k])), cands[0] if cands else None)
            if best is None:
                other = [c for c in cl if _overlap(lab["orig_start"], lab["orig_end"], c["orig_start"], c["orig_end"])]
                misses.append(dict(id=d.id, **lab, reason="not found", found="; ".join(
                    f"{c['surface']}:{c['kind']}" for c in other)))
                continue
            used.add(best)
            ok = value_matches(lab, cl[best])
            hits.append((lab["kind"], ok))
            if not ok:
                c = cl[best]
                misses.append(dict(id=d.id, **lab, reason="wrong value", found=f"{c['surface']}: {c['value']} "
                                   f"{c['low']}..{c['high']} {c['unit']} {c['iso']}"))
        for k, c in enumerate(cl):
            if k not in used:
                extras.append(dict(id=d.id, surface=c["surface"], kind=c["kind"], sentence=c["sentence"][:80],
                                   line=d.doc.original.count("\n", 0, c["orig_start"]) + 1))
    gold = pd.concat([d.numeric[~d.numeric["removed"].astype(bool)].assign(id=d.id) for d in devdocs if len(d.numeric)],
                     ignore_index=True) if any(len(d.numeric) for d in devdocs) else pd.DataFrame(columns=["kind"])
    rows = []
    for kind in [*[k for k in KINDS if k in set(gold["kind"]) | set(claims["kind"])], "ALL"]:
        sel = [h for h in hits if kind == "ALL" or h[0] == kind]
        n_gold = len(gold) if kind == "ALL" else int((gold["kind"] == kind).sum())
        n_pred = len(claims) if kind == "ALL" else int((claims["kind"] == kind).sum())
        tp, tv = len(sel), sum(1 for h in sel if h[1])
        rows.append(dict(kind=kind, gold=n_gold, extracted=n_pred, found=tp, value_ok=tv,
                         precision=tp / n_pred if n_pred else 1.0, recall=tp / n_gold if n_gold else 1.0,
                         value_recall=tv / n_gold if n_gold else 1.0))
    return pd.DataFrame(rows), misses, extras


# The gazetteer's finer categories as the dev set's four (company | model | chip | institution): news outlets are
# labelled company; chatbots and model services (ChatGPT, 文心一言) are labelled model.
LABEL_CATEGORY = {"media": "company", "platform": "company", "product": "model"}


def score_entities(devdocs: list[DevDoc], entities: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """Entity recall per category (listed or discovered, right category) and the misses."""
    misses, rows = [], []
    hits: list[tuple[str, bool, bool]] = []
    by_doc = {i: g.to_dict("records") for i, g in entities.groupby("seed", sort=False)} if len(entities) else {}
    for d in devdocs:
        ents = by_doc.get(d.id, [])
        for lab in d.entities.to_dict("records"):
            if lab.get("removed"):
                continue  # on a repeated headline that cleaning removed
            over = [e for e in ents if lab["orig_start"] >= 0
                    and _overlap(lab["orig_start"], lab["orig_end"], e["orig_start"], e["orig_end"])]
            right = [e for e in over if LABEL_CATEGORY.get(e["category"], e["category"]) == lab["category"]]
            hits.append((lab["category"], bool(right), bool(right) and bool(right[0].get("listed", True))))
            if not right:
                misses.append(dict(id=d.id, line=lab["line"], surface=lab["surface"], category=lab["category"],
                                   found="; ".join(f"{e['surface']}:{e['category']}" for e in over)))
    cats = sorted({h[0] for h in hits})
    for cat in [*cats, "ALL"]:
        sel = [h for h in hits if cat == "ALL" or h[0] == cat]
        n = len(sel)
        rows.append(dict(category=cat, gold=n, found=sum(h[1] for h in sel), listed=sum(h[2] for h in sel),
                         recall=sum(h[1] for h in sel) / n if n else 1.0))
    return pd.DataFrame(rows), misses


def known_misses() -> pd.DataFrame:
    """tests/devset/known_misses.csv: id,line,surface,kind,reason — misses kept on purpose, each with its reason."""
    if not KNOWN_MISSES.exists():
        return pd.DataFrame(columns=["id", "line", "surface", "kind", "reason"])
    return pd.read_csv(KNOWN_MISSES, dtype=str, keep_default_na=False)
