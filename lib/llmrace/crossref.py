"""Cross-article checks without a hand-made registry: claim families and automatic conflicts.

- A *claim family* is one figure (same kind and unit, values equal within rounding) stated in two or more
  articles; the family lists its members with the earliest article first, so a reader sees a number travel.
- An *automatic conflict* is one quantity stated with different values in two or more articles. The
  quantity is read from the claim's sentence: the subject entity (the nearest entity mention before the
  claim in its sentence, else the last one earlier in its paragraph) + the measure word (the nearest word of
  `data/measure_words.csv` before the claim in its clause, or right after it: 10亿美元的投资) + the unit.
  Each conflict carries the ratio of its largest to its smallest value.

`evaluate_against_registry` scores both on the bundled seeds against data/registry (its `quantity` column
is the reference). Inputs are the engine's public tables: claims (claim_key, seed, sentence_id, kind,
surface, value, unit, qualifier, start, end, sentence) and entities (seed, sentence_id, entity_id, start).
"""
from __future__ import annotations

import bisect
import math
import re
from functools import lru_cache
from importlib import resources
from itertools import combinations
from pathlib import Path

import pandas as pd

FAMILY_KINDS = ("money", "params", "compute", "percent", "count")
CLAUSE_BREAK = re.compile(r"[，,。；;！!？?：:]")
AFTER_WINDOW = 4  # characters after a claim in which a measure word (的投资) still names it
FAMILY_COLUMNS = ["family", "kind", "unit", "value", "n_articles", "n_claims", "earliest_seed", "earliest_date",
                  "seeds", "claim_keys"]
QUANTITY_COLUMNS = ["claim_key", "seed", "sentence_id", "subject", "measure", "unit", "quantity"]
CONFLICT_COLUMNS = ["quantity", "subject", "measure", "unit", "n_articles", "n_claims", "min_value", "max_value",
                    "ratio", "seeds", "claim_keys"]


def measure_words_path() -> Path:
    return Path(str(resources.files("llmrace").joinpath("data/measure_words.csv")))


@lru_cache(maxsize=1)
def _measure_table() -> tuple[tuple[str, str, str], ...]:
    df = pd.read_csv(measure_words_path(), dtype=str, keep_default_na=False)
    rows = sorted(df[["word", "measure", "unit_class"]].itertuples(index=False, name=None), key=lambda r: -len(r[0]))
    return tuple(rows)


def measure_words() -> pd.DataFrame:
    """The measure-word lexicon (word, measure, unit_class, note)."""
    return pd.read_csv(measure_words_path(), dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def _measure_regex() -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w, _, _ in _measure_table()))


def _sig_digits(x: float) -> int:
    """Significant digits of a value as written (450万 -> 2, 5.45亿 -> 3, 1000 -> 1)."""
    if x == 0 or math.isnan(x) or math.isinf(x):
        return 1
    s = f"{abs(x):.12g}"
    mant = s.split("e")[0].replace(".", "").lstrip("0").rstrip("0")
    return max(1, len(mant))


MIN_SIG = 2  # a round figure (1万, 40%) is read as precise to at least two significant digits


def same_within_rounding(a: float, b: float) -> bool:
    """True when the more precise value rounds to the less precise one (5.45亿 ~ 5.4亿? yes; 450万 ~ 460万? no).

    The coarser value's precision is its significant digits, at least MIN_SIG (so 1千万 and 1200万 differ,
    40% and 40.2% agree)."""
    if any(math.isnan(v) for v in (a, b)):
        return False
    if a == b:
        return True
    if (a > 0) != (b > 0):
        return False
    coarse = a if _sig_digits(a) <= _sig_digits(b) else b
    exp = math.floor(math.log10(abs(coarse)))
    half_ulp = 0.5 * 10.0 ** (exp - max(MIN_SIG, _sig_digits(coarse)) + 1)
    return abs(a - b) <= half_ulp * (1 + 1e-9)


def _dates(dates: dict[str, str] | None, seed: str) -> str:
    return (dates or {}).get(seed, "") or ""


def _order_key(dates, seed: str, sid: str) -> tuple:
    d = _dates(dates, seed)
    return (d == "", d, seed, sid)


def claim_families(claims: pd.DataFrame, dates: dict[str, str] | None = None, kinds=FAMILY_KINDS,
                   min_articles: int = 2, min_count: float = 10) -> pd.DataFrame:
    """Figures stated in at least `min_articles` articles (same kind, unit and value within rounding).

    Counts below `min_count` (两个, 三大) are left out: a small count is not a figure that travels.
    `dates` maps seed -> ISO publication date; the earliest dated article comes first, undated ones last.
    Returns one row per family (FAMILY_COLUMNS); `claim_keys` is `|`-joined in that order.
    """
    c = claims[claims["kind"].isin(kinds) & claims["value"].notna()]
    c = c[(c["kind"] != "count") | (c["value"] >= min_count)]
    out = []
    for (kind, unit), g in c.groupby(["kind", "unit"], sort=True):
        g = g.sort_values(["value", "claim_key"])
        groups: list[list[dict]] = []
        for r in g.to_dict("records"):
            if groups and same_within_rounding(groups[-1][0]["value"], r["value"]):
                groups[-1].append(r)
            else:
                groups.append([r])
        for members in groups:
            seeds = {m["seed"] for m in members}
            if len(seeds) < min_articles:
                continue
            members.sort(key=lambda m: _order_key(dates, m["seed"], m["sentence_id"]))
            first = members[0]
            out.append(dict(kind=kind, unit=unit, value=float(first["value"]), n_articles=len(seeds),
                            n_claims=len(members), earliest_seed=first["seed"],
                            earliest_date=_dates(dates, first["seed"]),
                            seeds="|".join(dict.fromkeys(m["seed"] for m in members)),
                            claim_keys="|".join(m["claim_key"] for m in members)))
    df = pd.DataFrame(out, columns=[c for c in FAMILY_COLUMNS if c != "family"])
    df = df.sort_values(["n_articles", "kind", "value"], ascending=[False, True, True], ignore_index=True)
    df.insert(0, "family", [f"F{i + 1}" for i in range(len(df))])
    return df


def _measure_for(sentence: str, rel_start: int, rel_end: int, kind: str) -> tuple[str, int] | None:
    """(measure, position in the sentence) of the measure word naming the claim at [rel_start, rel_end)."""
    table = {w: (m, uc) for w, m, uc in _measure_table()}
    breaks = [m.start() for m in CLAUSE_BREAK.finditer(sentence)]
    i = bisect.bisect_left(breaks, rel_start)
    clause_start = breaks[i - 1] + 1 if i else 0
    best = None
    for m in _measure_regex().finditer(sentence, clause_start, rel_start):
        measure, uc = table[m.group()]
        if uc == kind:
            best = (measure, m.start())  # the last (nearest) one before the claim wins
    if best:
        return best
    tail = sentence[rel_end:rel_end + AFTER_WINDOW + 4]
    m = _measure_regex().search(tail)
    if m and m.start() <= AFTER_WINDOW and not CLAUSE_BREAK.search(tail[:m.start()]):
        measure, uc = table[m.group()]
        if uc == kind:
            return measure, rel_end + m.start()
    return None


def claim_quantities(claims: pd.DataFrame, entities: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """The quantity each claim states, where one can be read: subject entity + measure word + unit.

    `sentences` (seed, sentence_id, paragraph, start) lets the subject come from an earlier sentence of the
    same paragraph when the claim's sentence names no entity before the claim; without it only the
    claim's own sentence is used. Claims without a measure word or a subject are left out.
    """
    ents = entities.sort_values(["seed", "start"])
    by_seed = {s: (g["start"].tolist(), g["entity_id"].tolist(), g["sentence_id"].tolist())
               for s, g in ents.groupby("seed", sort=False)}
    para_start: dict[str, int] = {}
    sent_start: dict[str, int] = {}
    if sentences is not None and len(sentences):
        first = sentences.sort_values("start").groupby(["seed", "paragraph"], sort=False)["start"].min()
        for r in sentences.itertuples(index=False):
            sent_start[r.sentence_id] = int(r.start)
            para_start[r.sentence_id] = int(first[(r.seed, r.paragraph)])
    rows = []
    for c in claims[claims["kind"].isin(FAMILY_KINDS) & claims["value"].notna()].to_dict("records"):
        sentence = str(c["sentence"])
        s0 = sent_start.get(c["sentence_id"])
        if s0 is None:
            i = sentence.find(str(c["surface"]))
            rel = i if i >= 0 else 0
            s0 = int(c["start"]) - rel
        rel_s, rel_e = int(c["start"]) - s0, int(c["end"]) - s0
        found = _measure_for(sentence, rel_s, rel_e, c["kind"])
        if not found:
            continue
        measure, mpos = found
        starts, ids, sids = by_seed.get(c["seed"], ([], [], []))
        limit = s0 + min(mpos, rel_s)
        lo = para_start.get(c["sentence_id"], s0)
        k = bisect.bisect_left(starts, limit) - 1
        subject = ids[k] if k >= 0 and starts[k] >= lo else ""
        if not subject:
            continue
        rows.append(dict(claim_key=c["claim_key"], seed=c["seed"], sentence_id=c["sentence_id"], subject=subject,
                         measure=measure, unit=c["unit"], quantity=f"{subject}:{measure}:{c['unit']}"))
    return pd.DataFrame(rows, columns=QUANTITY_COLUMNS)


def automatic_conflicts(claims: pd.DataFrame, quantities: pd.DataFrame, min_articles: int = 2) -> pd.DataFrame:
    """Quantities stated in at least `min_articles` articles with values that differ beyond rounding.

    One row per quantity (CONFLICT_COLUMNS); ratio = largest / smallest value; claims listed by value.
    """
    value = claims.set_index("claim_key")["value"]
    out = []
    for q, g in quantities.groupby("quantity", sort=True):
        if g["seed"].nunique() < min_articles:
            continue
        vals = g.assign(value=g["claim_key"].map(value)).sort_values(["value", "claim_key"])
        pairs = [(a, b) for a, b in combinations(vals.to_dict("records"), 2)
                 if a["seed"] != b["seed"] and not same_within_rounding(a["value"], b["value"])]
        if not pairs:
            continue
        lo, hi = float(vals["value"].min()), float(vals["value"].max())
        r0 = vals.iloc[0]
        out.append(dict(quantity=q, subject=r0["subject"], measure=r0["measure"], unit=r0["unit"],
                        n_articles=int(vals["seed"].nunique()), n_claims=len(vals), min_value=lo, max_value=hi,
                        ratio=hi / lo if lo > 0 else math.inf, seeds="|".join(dict.fromkeys(vals["seed"])),
                        claim_keys="|".join(vals["claim_key"])))
    df = pd.DataFrame(out, columns=CONFLICT_COLUMNS)
    return df.sort_values(["ratio", "quantity"], ascending=[False, True], ignore_index=True)


def conflict_pairs(claims: pd.DataFrame, quantities: pd.DataFrame) -> set[frozenset[str]]:
    """Every cross-article pair of claim keys with the same automatic quantity and different values."""
    value = claims.set_index("claim_key")["value"]
    seed = claims.set_index("claim_key")["seed"]
    out = set()
    for _, g in quantities.groupby("quantity"):
        for a, b in combinations(sorted(g["claim_key"]), 2):
            if seed[a] != seed[b] and not same_within_rounding(value[a], value[b]):
                out.add(frozenset((a, b)))
    return out


def family_pairs(families: pd.DataFrame) -> set[frozenset[str]]:
    out = set()
    for keys in families["claim_keys"]:
        ks = keys.split("|")
        out |= {frozenset((a, b)) for a, b in combinations(ks, 2) if a.split(".")[0] != b.split(".")[0]}
    return out


def registry_pairs(registry: pd.DataFrame, claims: pd.DataFrame) -> tuple[set, set, dict[str, str]]:
    """Cross-seed pairs of registered claims with the same registry quantity: (conflicting, same-value,
    claim_key -> quantity). A registry row is matched to its claim by sentence and value (registry.claim_matches)."""
    from .registry import claim_matches

    by_sentence = {sid: g.to_dict("records") for sid, g in claims.groupby("sentence_id", sort=False)}
    key_q: dict[str, str] = {}
    for row in registry.to_dict("records"):
        for c in by_sentence.get(row["sentence_id"], []):
            if c["kind"] != "date" and claim_matches(row, c) and not math.isnan(c["value"]):
                key_q.setdefault(c["claim_key"], row["quantity"])
                break
    value = claims.set_index("claim_key")["value"]
    conflicting, same = set(), set()
    by_q: dict[str, list[str]] = {}
    for k, q in key_q.items():
        by_q.setdefault(q, []).append(k)
    for q, keys in by_q.items():
        for a, b in combinations(sorted(keys), 2):
            if a.split(".")[0] == b.split(".")[0]:
                continue
            (same if same_within_rounding(value[a], value[b]) else conflicting).add(frozenset((a, b)))
    return conflicting, same, key_q


def evaluate_against_registry(claims: pd.DataFrame, entities: pd.DataFrame, registry: pd.DataFrame,
                              sentences: pd.DataFrame | None = None, dates: dict[str, str] | None = None) -> pd.DataFrame:
    """Recall and precision of automatic conflicts and claim families against the registry's quantities.

    Reference pairs: two registered claims of different seeds with the same `quantity` (conflicting when
    their values differ beyond rounding, a family pair otherwise). Recall = reference pairs found;
    precision = automatic pairs whose two claims are registered under one quantity (an automatic pair with an
    unregistered claim counts as wrong); precision_registered = the same over pairs of registered claims only.
    """
    ref_conf, ref_same, key_q = registry_pairs(registry, claims)
    quantities = claim_quantities(claims, entities, sentences)
    auto_conf = conflict_pairs(claims, quantities)
    auto_fam = family_pairs(claim_families(claims, dates))
    rows = []
    for name, ref, auto in [("conflicts", ref_conf, auto_conf), ("families", ref_same, auto_fam)]:
        hit = ref & auto
        good = {p for p in auto if len({key_q.get(k) for k in p} - {None}) == 1 and all(k in key_q for k in p)}
        registered = {p for p in auto if all(k in key_q for k in p)}
        rows.append(dict(check=name, reference_pairs=len(ref), automatic_pairs=len(auto), found=len(hit),
                         recall=len(hit) / len(ref) if ref else math.nan,
                         precision=len(good) / len(auto) if auto else math.nan,
                         registered_pairs=len(registered),
                         precision_registered=len(good & registered) / len(registered) if registered else math.nan))
    return pd.DataFrame(rows)


CONFIDENCE_ORDER = ("as stated", "approximate", "bound", "range", "vague", "forecast", "year inferred", "unresolved date")


def confidence(kind: str, qualifier: str, iso: str = "") -> str:
    """How firmly the wording states a claim, from its qualifiers (strongest hedge wins):
    forecast > vague > range > bound (lower/upper) > approximate > as stated; dates: unresolved (no year) or
    year inferred from the article's date."""
    q = set(str(qualifier).split("|")) - {""}
    if "forecast" in q:
        return "forecast"
    if kind == "date" and str(iso).startswith("--"):
        return "unresolved date"
    for tag, label in (("vague", "vague"), ("range", "range"), ("lower-bound", "bound"), ("upper-bound", "bound"),
                       ("approximate", "approximate"), ("inferred-year", "year inferred")):
        if tag in q:
            return label
    return "as stated"
