"""The technology lineage (Turing test -> AlexNet -> ... -> ChatGPT -> GPT-4) and compute-growth arithmetic.

Nodes and edges come from a curated file (data/lineage.csv): one row per node with its primary date, the
bib key that dates it, the organisation, its parents (|-separated) and `seed_terms`, the aliases by which
the seeds speak of it. An alias is either a plain string (matched longest-first across all nodes, so
'GPT 3' inside 'GPT 3.5' belongs to the ChatGPT/GPT-3.5 node, and 'AlphaGo' inside 'AlphaGoZero' to
AlphaGo Zero) or a co-occurrence 'A+B' (the sentence must contain both; used where the seeds speak of a
node without naming it, e.g. '辛顿+2012年' for AlexNet, 'Chat-GPT+2022年' for ChatGPT's launch).

Seed dates are not typed: they are the date claims the claims engine extracts, attributed to the node
mention they sit next to (within `window` characters, nearest mention wins) or to the node whose
co-occurrence alias names them.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import networkx as nx
import pandas as pd

from .corpus import sentence_sort_key

LINEAGE_COLUMNS = ["node", "label_zh", "label_en", "date", "date_source", "organisation", "kind", "parents",
                   "seed_terms"]
AVG_MONTH_DAYS = 365.25 / 12


def default_lineage_path() -> Path:
    """data/lineage.csv of the repository this package is installed from."""
    return Path(__file__).resolve().parents[2] / "data" / "lineage.csv"


def load_lineage(path: str | Path | None = None) -> pd.DataFrame:
    """Read the curated node table (all columns as strings, empty cells as '')."""
    df = pd.read_csv(path or default_lineage_path(), dtype=str, keep_default_na=False)
    missing = [c for c in LINEAGE_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"lineage file lacks columns {missing}")
    return df


def _split(cell: str) -> list[str]:
    return [p.strip() for p in str(cell or "").split("|") if p.strip()]


def parse_date(iso: str) -> pd.Timestamp:
    """'1950-10' / '2012-09-30' / '2016' -> Timestamp of the first day of the period."""
    parts = [int(p) for p in str(iso).split("-")]
    return pd.Timestamp(year=parts[0], month=parts[1] if len(parts) > 1 else 1, day=parts[2] if len(parts) > 2 else 1)


def precision(iso: str) -> str:
    """'year', 'month' or 'day' for an ISO date string of variable precision."""
    return {1: "year", 2: "month", 3: "day"}[len(str(iso).split("-"))]


def lineage_graph(df: pd.DataFrame) -> nx.DiGraph:
    """Directed graph parent -> child; node attributes are the row's columns plus `timestamp`."""
    g = nx.DiGraph()
    for row in df.sort_values("node").to_dict("records"):
        g.add_node(row["node"], **row, timestamp=parse_date(row["date"]))
    for row in df.sort_values("node").to_dict("records"):
        for parent in _split(row["parents"]):
            if parent not in g:
                raise ValueError(f"{row['node']}: unknown parent {parent!r}")
            g.add_edge(parent, row["node"])
    if not nx.is_directed_acyclic_graph(g):
        raise ValueError("lineage graph has a cycle")
    return g


def timeline_layout(g: nx.DiGraph, lanes: dict[str, float], lane_attr: str = "track", break_year: float = 2010.0,
                    gap_years: float = 1.5, nudge: float = 0.35) -> dict[str, tuple[float, float]]:
    """x = decimal year (anything before `break_year` compressed to break_year - gap_years), y = lane.

    Nodes in the same lane closer than one year apart are nudged up and down alternately so labels
    do not overlap.
    """
    pos = {}
    for n, d in g.nodes(data=True):
        t = d["timestamp"]
        x = t.year + (t.dayofyear - 1) / 365.25
        if x < break_year:
            x = break_year - gap_years
        pos[n] = [x, lanes[d[lane_attr]]]
    by_lane: dict[float, list[str]] = {}
    for n in sorted(pos, key=lambda k: (pos[k][0], k)):
        by_lane.setdefault(pos[n][1], []).append(n)
    for nodes in by_lane.values():
        flip = 1
        for a, b in zip(nodes, nodes[1:]):
            if pos[b][0] - pos[a][0] < 1.0:
                pos[b][1] += flip * nudge
                flip = -flip
            else:
                flip = 1
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


def compressed_x(year: float, break_year: float = 2010.0, gap_years: float = 1.5) -> float:
    """The x position timeline_layout gives a year (for axis ticks)."""
    return year if year >= break_year else break_year - gap_years


# ---------------------------------------------------------------------------------- seed sentences
def _alias_table(df: pd.DataFrame) -> tuple[list[tuple[str, str]], list[tuple[str, list[str]]]]:
    plain, co = [], []
    for row in df.sort_values("node").to_dict("records"):
        for term in _split(row["seed_terms"]):
            if "+" in term:
                co.append((row["node"], [p for p in term.split("+") if p]))
            else:
                plain.append((row["node"], term))
    plain.sort(key=lambda t: (-len(t[1]), t[1], t[0]))
    return plain, co


def _plain_mentions(text: str, plain: list[tuple[str, str]]) -> list[tuple[int, int, str, str]]:
    """Longest-first, non-overlapping alias matches: (start, end, node, alias); case-sensitive."""
    taken = [False] * len(text)
    out = []
    for node, alias in plain:
        for m in re.finditer(re.escape(alias), text):
            s, e = m.span()
            if any(taken[s:e]):
                continue
            # a Latin alias must start a word: 'GPT模型' is not inside 'ChatGPT模型' or 'Chat-GPT'
            if re.match(r"[A-Za-z]", alias) and s > 0 and re.match(r"[A-Za-z\-]", text[s - 1]):
                continue
            # an alias ending in a digit must not run into a longer version number (GPT3 vs GPT3.5)
            if alias[-1].isdigit() and re.match(r"[.\d]", text[e:e + 1]):
                continue
            for i in range(s, e):
                taken[i] = True
            out.append((s, e, node, alias))
    return sorted(out)


def node_mentions(sentences, df: pd.DataFrame) -> pd.DataFrame:
    """Every mention of a lineage node in the given sentences (llmrace Sentence objects).

    Columns: node, sentence_id, seed, alias, via ('alias' or 'co-occurrence'), start, end (offsets of the
    mention within the sentence; for co-occurrence the first part's first occurrence), text.
    """
    plain, co = _alias_table(df)
    rows = []
    for s in sentences:
        for start, end, node, alias in _plain_mentions(s.text, plain):
            rows.append((node, s.id, s.seed, alias, "alias", start, end, s.text))
        for node, parts in co:
            if all(p in s.text for p in parts):
                start = s.text.index(parts[0])
                rows.append((node, s.id, s.seed, "+".join(parts), "co-occurrence", start, start + len(parts[0]), s.text))
    cols = ["node", "sentence_id", "seed", "alias", "via", "start", "end", "text"]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["node", "sentence_id", "start", "alias"]).reset_index(drop=True)


def node_sentences(sentences, df: pd.DataFrame) -> pd.DataFrame:
    """One row per (node, sentence): the aliases found, joined; sorted by node then sentence id."""
    m = node_mentions(sentences, df)
    if m.empty:
        return pd.DataFrame(columns=["node", "sentence_id", "seed", "aliases", "text"])
    g = (m.groupby(["node", "sentence_id"], sort=True)
         .agg(seed=("seed", "first"), aliases=("alias", lambda a: "|".join(sorted(set(a)))), text=("text", "first"))
         .reset_index())
    g["_k"] = g["sentence_id"].map(sentence_sort_key)
    return g.sort_values(["node", "_k"]).drop(columns="_k").reset_index(drop=True)


def attribute_dates(mentions: pd.DataFrame, claims: pd.DataFrame, sentence_starts: dict[str, int],
                    window: int = 15) -> pd.DataFrame:
    """Attach each date claim to the node it speaks of.

    A date claim (engine kind 'date') in a sentence goes to the node whose mention is nearest (character gap
    between the spans) if that gap is <= window; a co-occurrence alias with a part the date's surface starts
    with (e.g. 'Chat-GPT+2022年') claims the date outright. Columns: node, sentence_id, claim_key, surface,
    seed_iso, qualifier, gap, how.
    """
    dates = claims[claims["kind"] == "date"]
    rows = []
    for sid, group in dates.groupby("sentence_id", sort=True):
        ms = mentions[mentions["sentence_id"] == sid]
        if ms.empty:
            continue
        base = sentence_starts[sid]
        for c in group.sort_values("start").to_dict("records"):
            cs, ce = int(c["start"]) - base, int(c["end"]) - base
            explicit = [r for r in ms[ms["via"] == "co-occurrence"].to_dict("records")
                        if any(str(c["surface"]).startswith(p) for p in r["alias"].split("+")[1:])]
            if explicit:
                r = sorted(explicit, key=lambda r: r["node"])[0]
                rows.append((r["node"], sid, c["claim_key"], c["surface"], c["iso"], c["qualifier"], 0, "named in co-occurrence alias"))
                continue
            best = None
            for r in ms[ms["via"] == "alias"].to_dict("records"):
                gap = max(r["start"] - ce, cs - r["end"], 0)
                key = (gap, r["node"])
                if best is None or key < best[0]:
                    best = (key, r)
            if best is not None and best[0][0] <= window:
                r = best[1]
                rows.append((r["node"], sid, c["claim_key"], c["surface"], c["iso"], c["qualifier"], best[0][0], "next to mention"))
    cols = ["node", "sentence_id", "claim_key", "surface", "seed_iso", "qualifier", "gap", "how"]
    out = pd.DataFrame(rows, columns=cols).drop_duplicates(["node", "claim_key"])
    out["_k"] = out["sentence_id"].map(sentence_sort_key)
    return out.sort_values(["node", "_k", "claim_key"]).drop(columns="_k").reset_index(drop=True)


def date_checks(df: pd.DataFrame, seed_dates: pd.DataFrame) -> pd.DataFrame:
    """Compare each seed date with the node's primary date at the seed's precision.

    Returns one row per (node, seed date): node, label_en, primary_date, date_source, sentence_id, surface,
    seed_iso, precision, verdict ('agrees' / 'differs'), months_off (seed period start minus primary date's
    period start at the seed's precision, in whole months).
    """
    nodes = df.set_index("node")
    rows = []
    for r in seed_dates.to_dict("records"):
        primary = nodes.loc[r["node"], "date"]
        prec = precision(r["seed_iso"])
        n = {"year": 1, "month": 2, "day": 3}[prec]
        primary_cut = "-".join(primary.split("-")[:n])
        if len(primary.split("-")) < n:  # primary less precise than the seed: compare at the primary's precision
            primary_cut, prec = primary, precision(primary)
        seed_cut = "-".join(r["seed_iso"].split("-")[:len(primary_cut.split("-"))])
        a, b = parse_date(seed_cut), parse_date(primary_cut)
        months_off = (a.year - b.year) * 12 + (a.month - b.month)
        rows.append((r["node"], nodes.loc[r["node"], "label_en"], primary, nodes.loc[r["node"], "date_source"],
                     r["sentence_id"], r["surface"], r["seed_iso"], prec,
                     "agrees" if seed_cut == primary_cut else "differs", months_off))
    cols = ["node", "label_en", "primary_date", "date_source", "sentence_id", "surface", "seed_iso", "precision",
            "verdict", "months_off"]
    out = pd.DataFrame(rows, columns=cols)
    out["_k"] = out["sentence_id"].map(sentence_sort_key)
    return out.sort_values(["node", "_k", "surface"]).drop(columns="_k").reset_index(drop=True)


def node_table(df: pd.DataFrame, sentences: pd.DataFrame, seed_dates: pd.DataFrame) -> pd.DataFrame:
    """The node table: one row per node in date order with its key sentence (the first dated one, else the
    first in reading order), the seed's date for it, and how many seed sentences speak of it."""
    rows = []
    for row in df.assign(_t=df["date"].map(parse_date)).sort_values(["_t", "node"]).to_dict("records"):
        sents = sorted(sentences.loc[sentences["node"] == row["node"], "sentence_id"], key=sentence_sort_key)
        dated = seed_dates[seed_dates["node"] == row["node"]]
        dated_ids = sorted(dated["sentence_id"], key=sentence_sort_key)
        key = dated_ids[0] if dated_ids else (sents[0] if sents else "")
        seed_date = "; ".join(sorted(set(dated["seed_iso"]))) if len(dated) else ""
        rows.append((row["node"], row["label_zh"], row["label_en"], row["date"], seed_date, row["organisation"],
                     row["date_source"], len(sents), key, " ".join(sents)))
    cols = ["node", "label_zh", "label_en", "primary_date", "seed_date", "organisation", "citation",
            "n_sentences", "sentence_id", "all_sentences"]
    return pd.DataFrame(rows, columns=cols)


def edge_table(g: nx.DiGraph, sentences: pd.DataFrame) -> pd.DataFrame:
    """Edges parent -> child with the seed sentences that mention both ends (evidence for the link)."""
    by_node = {n: set(sentences.loc[sentences["node"] == n, "sentence_id"]) for n in g.nodes}
    rows = []
    for a, b in sorted(g.edges):
        both = sorted(by_node[a] & by_node[b], key=sentence_sort_key)
        rows.append((a, b, g.nodes[a]["label_en"], g.nodes[b]["label_en"], len(both), " ".join(both)))
    return pd.DataFrame(rows, columns=["parent", "child", "parent_en", "child_en", "n_shared", "shared_sentences"])


# ---------------------------------------------------------------------------------- compute growth
def months_between(start, end) -> float:
    """Months between two dates (days / average month length 30.4375 days)."""
    return (pd.Timestamp(end) - pd.Timestamp(start)).days / AVG_MONTH_DAYS


def doubling_time_months(factor: float, months: float) -> float:
    """Doubling time implied by growth by `factor` over `months`: months * ln 2 / ln(factor)."""
    if factor <= 1:
        raise ValueError("factor must be > 1 for a doubling time")
    if months <= 0:
        raise ValueError("months must be positive")
    return months * math.log(2) / math.log(factor)


def growth_factor(doubling_months: float, months: float) -> float:
    """Growth factor after `months` at a given doubling time: 2 ** (months / doubling_months)."""
    return 2.0 ** (months / doubling_months)


def growth_curve(start, end, doubling: dict[str, float], points: int = 61) -> pd.DataFrame:
    """Long table of growth factors (relative to `start`) for each named doubling time.

    Columns: series, doubling_months, date (ISO day), months, factor. `points` evenly spaced dates from
    start to end inclusive.
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    total = (end - start).days
    rows = []
    for name in sorted(doubling, key=lambda k: (doubling[k], k)):
        d = doubling[name]
        for i in range(points):
            day = start + pd.Timedelta(days=round(total * i / (points - 1)))
            m = (day - start).days / AVG_MONTH_DAYS
            rows.append((name, d, day.strftime("%Y-%m-%d"), m, growth_factor(d, m)))
    return pd.DataFrame(rows, columns=["series", "doubling_months", "date", "months", "factor"])
