"""The claims ledger: every extracted claim joined to the registry, conflicts between seeds, arithmetic
re-computed, primary-source verdicts and how hedged each seed's wording is.

- ledger_table(claims, registry, ignored) joins each claim to the registry rows that match it (same sentence,
  same value: llmrace.registry.claim_matches, the registry's own rule).
- conflicts(registry, rel_tol) groups the registry by `quantity` and flags groups whose values differ beyond a
  relative tolerance, whose units differ, or where a stated bound is contradicted by another row.
- safe_eval(expr) evaluates arithmetic on numbers only (+ - * / ** and parentheses; no names, no calls).
- run_arithmetic_checks(df) recomputes data/arithmetic_checks.csv and says pass / fail / not recomputable.
- verdict_table(verdicts, registry) joins data/verdicts.csv to the registry on sentence id (and value).
- evidence_problems(verdicts, seed_dates) applies the evidence rules of data/README.md (URL, date, quote and gloss for
  every retrieved verdict; 'unverifiable — source not retrieved' with the searches made; the time rule).
- bib_problems(entries, exempt) lists bibliography entries without url/doi or with "from memory"/"not retrieved".
- claim_id_mentions(text, prefixes) finds registry claim ids cited in free text (notes), for the existence test.
- coverage(registry, verdicts) / coverage_by_chapter(...) say, for every registered claim, whether it has a verdict,
  an arithmetic check, or a stated reason it is not (or cannot be) checked; per chapter.
- hedging_profile(claims) gives, per seed, the share of numeric claims that are approximate, bounds, vague,
  ranges or forecasts (from the engine's qualifier column).
Every function takes its data and tolerances as arguments; nothing reads globals.
"""
from __future__ import annotations

import ast
import math
import operator
import re

import pandas as pd

from .registry import claim_matches
from .corpus import sentence_sort_key

HEDGES = ("approximate", "lower-bound", "upper-bound", "vague", "range", "forecast")
VERDICTS = ("consistent", "inconsistent", "misattributed", "contested", "unverifiable")
# Evidence columns of data/verdicts.csv (after VERDICT_COLUMNS and topic); rules in data/README.md.
EVIDENCE_COLUMNS = ["claim_ids", "evidence_status", "url", "date", "quote", "gloss",
                    "evidence_timing", "url2", "date2", "quote2", "context_after_seed",
                    "searched", "retrieved"]
EVIDENCE_STATUSES = ("retrieved", "source not retrieved")
TIMINGS = ("public by seed date", "later reporting")
NOT_RETRIEVED = "unverifiable — source not retrieved"
CONTEXT_MARK = "[CONTEXT — after the seed]"
COVERAGE_STATUSES = ("verdict", "arithmetic", "not checkable", "not checked")
VERDICT_COLUMNS = ["lead_id", "sentence_id", "quantity", "seed_value", "seed_unit", "verdict", "primary_value",
                   "primary_unit", "bib_key", "note"]
CHECK_COLUMNS = ["check_id", "sentence_ids", "description", "expression", "claimed_value", "claimed_high",
                 "relation", "tolerance", "claimed_surface", "note"]
RELATIONS = ("approx", "at-least", "between", "not-recomputable")
_ISO = re.compile(r"^\d{4}(?:-(?:Q[1-4]|\d{2})(?:-\d{2})?)?$")


# ----------------------------------------------------------------------------------------- formatting
def claim_sort_key(claim_key: str) -> tuple:
    sid, _, n = str(claim_key).partition("#")
    return (*sentence_sort_key(sid), int(n) if n.isdigit() else 0)


def format_number(x: float) -> str:
    """A compact, stable rendering of a number in base units: 4500000 -> '4.5e+06', 6.17 -> '6.17'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    x = float(x)
    if x != 0 and (abs(x) >= 1e5 or abs(x) < 1e-3):
        return f"{x:.4g}"
    return f"{x:,.4g}" if abs(x) >= 1e4 else f"{x:.4g}"


def format_claim_value(kind: str, value: float, low: float, high: float, unit: str, iso: str = "") -> str:
    """Normalised value of a claim as text: ISO date, point value or LOW–HIGH range, with its unit."""
    if kind == "date":
        return str(iso)
    unit = f" {unit}" if unit else ""
    if value is not None and not (isinstance(value, float) and math.isnan(value)):
        return f"{format_number(value)}{unit}"
    if low is not None and not (isinstance(low, float) and math.isnan(low)):
        return f"{format_number(low)}–{format_number(high)}{unit}"
    return ""


# ----------------------------------------------------------------------------------------- the ledger
def ledger_table(claims: pd.DataFrame, registry: pd.DataFrame, ignored: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every extracted claim with the registry rows that match it (sentence id + value, the registry's rule).

    Columns: claim_key, seed, sentence_id, kind, surface, value, low, high, unit, normalised, qualifier,
    claim_id, subject, quantity, gloss, topic, status ('registered', 'ignored' or 'unregistered'), reason.
    A claim matched by several registry rows lists them joined with '; ' (sorted by claim id).
    """
    reg_by_sentence = {sid: g.to_dict("records") for sid, g in registry.groupby("sentence_id", sort=False)}
    ign = {} if ignored is None or not len(ignored) else dict(zip(ignored["claim_key"], ignored["reason"]))
    rows = []
    for c in claims.to_dict("records"):
        hits = sorted((r for r in reg_by_sentence.get(c["sentence_id"], []) if claim_matches(r, c)),
                      key=lambda r: r["claim_id"])
        join = lambda col: "; ".join(str(r[col]) for r in hits)  # noqa: E731
        status = "registered" if hits else ("ignored" if c["claim_key"] in ign else "unregistered")
        rows.append(dict(claim_key=c["claim_key"], seed=c["seed"], sentence_id=c["sentence_id"], kind=c["kind"],
                         surface=c["surface"], value=c["value"], low=c["low"], high=c["high"], unit=c["unit"],
                         normalised=format_claim_value(c["kind"], c["value"], c["low"], c["high"], c["unit"], c["iso"]),
                         qualifier=c["qualifier"], claim_id=join("claim_id"), subject=join("subject"),
                         quantity=join("quantity"), gloss=join("gloss"), topic=join("topic"), status=status,
                         reason="" if hits else ign.get(c["claim_key"], "")))
    cols = ["claim_key", "seed", "sentence_id", "kind", "surface", "value", "low", "high", "unit", "normalised",
            "qualifier", "claim_id", "subject", "quantity", "gloss", "topic", "status", "reason"]
    df = pd.DataFrame(rows, columns=cols)
    if len(df):
        df = df.iloc[sorted(range(len(df)), key=lambda i: claim_sort_key(df["claim_key"].iat[i]))]
    return df.reset_index(drop=True)


# ----------------------------------------------------------------------------------------- conflicts
def parse_registry_value(raw, unit: str = "") -> dict:
    """A registry value as {'type': 'number'|'range'|'date'|'none', 'value', 'low', 'high', 'text'}.

    ISO dates ('2023-03-16', '2022-12', '2022-Q3') are dates; a bare year ('2017') is a date when the row's
    unit is empty or 'date'/'year'/'iso' (as the registry writes years), else a number."""
    text = "" if raw is None or (isinstance(raw, float) and math.isnan(raw)) else str(raw).strip()
    out = dict(type="none", value=math.nan, low=math.nan, high=math.nan, text=text)
    if not text:
        return out
    unit = "" if unit is None or (isinstance(unit, float) and math.isnan(unit)) else str(unit).strip().lower()
    if _ISO.match(text) and (not re.fullmatch(r"\d+", text) or unit in ("", "date", "year", "iso")):
        out["type"] = "date"
        return out
    if ".." in text:
        lo, hi = text.split("..", 1)
        try:
            out.update(type="range", low=float(lo), high=float(hi), value=(float(lo) + float(hi)) / 2)
        except ValueError:
            pass
        return out
    try:
        v = float(text.replace(",", ""))
    except ValueError:
        return out
    out.update(type="number", value=v, low=v, high=v)
    return out


def _interval(p: dict, qualifier: str, rel_tol: float) -> tuple[float, float]:
    """The values a registry row admits: a point widened by rel_tol, a range, or a one-sided bound."""
    q = set(str(qualifier).split("|")) if qualifier else set()
    lo, hi = p["low"], p["high"]
    if p["type"] == "number":
        lo, hi = p["value"] * (1 - rel_tol), p["value"] * (1 + rel_tol)
        if lo > hi:
            lo, hi = hi, lo
    if "lower-bound" in q:
        hi = math.inf
    if "upper-bound" in q:
        lo = -math.inf if p["value"] < 0 else 0.0
    return lo, hi


def _dates_differ(texts: list[str]) -> bool:
    """Dates differ unless each pair agrees to the coarser precision ('2022-12' vs '2022-12-05' agree)."""
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if not (a.startswith(b) or b.startswith(a)):
                return True
    return False


def conflicts(registry: pd.DataFrame, rel_tol: float = 0.05, min_rows: int = 2, min_seeds: int = 2) -> pd.DataFrame:
    """One row per registry `quantity` given by at least `min_rows` rows, flagged when they disagree.

    Only quantities stated in at least `min_seeds` seeds can be flagged (several values of one quantity within
    one seed are usually a sequence - a price before and after - not a disagreement; they are listed unflagged).

    Reasons (joined with '; '): 'values differ' (max/min of the rows' values - 1 > rel_tol, a range counting
    with its midpoint; for dates, ISO dates that disagree at their common precision), 'units differ' (more
    than one non-empty unit), 'bound contradicted' (a row's stated bound or range excludes another row's value,
    points widened by rel_tol). `compatible` says whether the rows' admitted intervals still overlap (e.g. an
    'at least 1,024 GPUs' and an 'about 10,000 GPUs': the values differ but do not contradict each other).
    Columns: quantity, n_rows, n_seeds, seeds, claim_ids, values, units, qualifiers, min, max, spread_ratio,
    spread_pct, flagged, reasons, compatible.
    """
    cols = ["quantity", "n_rows", "n_seeds", "seeds", "claim_ids", "values", "units", "qualifiers", "min", "max",
            "spread_ratio", "spread_pct", "flagged", "reasons", "compatible"]
    reg = registry[registry["quantity"].astype(str).str.strip() != ""]
    out = []
    for q, g in sorted(reg.groupby("quantity", sort=False), key=lambda t: t[0]):
        if len(g) < min_rows:
            continue
        g = g.iloc[sorted(range(len(g)), key=lambda i: (sentence_sort_key(g["sentence_id"].iat[i]), g["claim_id"].iat[i]))]
        parsed = [parse_registry_value(v, u) for v, u in zip(g["value"], g["unit"])]
        seeds = sorted({str(s).split(".")[0] for s in g["sentence_id"]})
        units = sorted({str(u).strip() for u in g["unit"] if str(u).strip()})
        reasons = []
        nums = [p["value"] for p in parsed if p["type"] in ("number", "range")]
        lo = min(nums) if nums else math.nan
        hi = max(nums) if nums else math.nan
        ratio = hi / lo if nums and lo > 0 else math.nan
        if nums and lo > 0 and ratio - 1 > rel_tol:
            reasons.append("values differ")
        elif nums and lo <= 0 < hi:
            reasons.append("values differ")
        dates = [p["text"] for p in parsed if p["type"] == "date"]
        if len(dates) >= 2 and _dates_differ(dates):
            reasons.append("values differ")
        if len(units) > 1:
            reasons.append("units differ")
        ivals = []  # (low, high, is_bound_or_range) of each row with a number
        for p, qual in zip(parsed, g["qualifier"]):
            if p["type"] in ("number", "range"):
                qs = set(str(qual).split("|"))
                ivals.append((*_interval(p, qual, rel_tol), p["type"] == "range" or bool(qs & {"lower-bound", "upper-bound"})))
        # a stated bound or range that another row's value (widened by rel_tol) falls outside
        contradicted = any(a[2] and i != j and (b[1] < a[0] or b[0] > a[1])
                           for i, a in enumerate(ivals) for j, b in enumerate(ivals))
        if contradicted:
            reasons.append("bound contradicted")
        compatible = bool(ivals) and max(iv[0] for iv in ivals) <= min(iv[1] for iv in ivals)
        out.append(dict(quantity=q, n_rows=len(g), n_seeds=len(seeds), seeds=", ".join(seeds),
                        claim_ids="; ".join(g["claim_id"]), values="; ".join(p["text"] for p in parsed),
                        units=", ".join(units), qualifiers="; ".join(str(x) for x in g["qualifier"]),
                        min=lo, max=hi, spread_ratio=ratio,
                        spread_pct=(ratio - 1) * 100 if not math.isnan(ratio) else math.nan,
                        flagged=bool(reasons) and len(seeds) >= min_seeds, reasons="; ".join(reasons),
                        compatible=compatible if len(ivals) >= 2 else (not reasons)))
    return pd.DataFrame(out, columns=cols)


def conflict_rows(registry: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """The registry rows behind the flagged quantities of a conflicts() table, side by side in document order."""
    flagged = table.loc[table["flagged"], ["quantity", "spread_ratio", "spread_pct", "reasons"]]
    rows = registry.merge(flagged, on="quantity", how="inner")
    rows = rows.assign(seed=rows["sentence_id"].str.split(".").str[0])
    order = sorted(range(len(rows)), key=lambda i: (rows["quantity"].iat[i], sentence_sort_key(rows["sentence_id"].iat[i]),
                                                    rows["claim_id"].iat[i]))
    return rows.iloc[order].reset_index(drop=True)


# ----------------------------------------------------------------------------------------- arithmetic
_BIN = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.Pow: operator.pow}
_UN = {ast.UAdd: operator.pos, ast.USub: operator.neg}
MAX_EXPONENT = 100


def safe_eval(expr: str) -> float:
    """Evaluate arithmetic on numeric literals only: + - * / ** and parentheses.

    Names, calls, attributes, subscripts, comparisons, strings, booleans and every other construct raise
    ValueError; so do exponents larger than MAX_EXPONENT in absolute value (no runaway powers).
    """
    if not isinstance(expr, str) or not expr.strip():
        raise ValueError("empty expression")
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except SyntaxError as e:
        raise ValueError(f"not an arithmetic expression: {expr!r}") from e

    def ev(node) -> float:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in _BIN:
            left, right = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Pow) and abs(right) > MAX_EXPONENT:
                raise ValueError(f"exponent too large in {expr!r}")
            try:
                return _BIN[type(node.op)](left, right)
            except ZeroDivisionError as e:
                raise ValueError(f"division by zero in {expr!r}") from e
        if isinstance(node, ast.UnaryOp) and type(node.op) in _UN:
            return _UN[type(node.op)](ev(node.operand))
        raise ValueError(f"not allowed in an arithmetic check: {type(node).__name__} in {expr!r}")

    return float(ev(tree))


def _float(x) -> float:
    if x is None:
        return math.nan
    if isinstance(x, str):
        x = x.strip()
        return float(x) if x else math.nan
    return float(x)


def run_arithmetic_checks(df: pd.DataFrame) -> pd.DataFrame:
    """Recompute each check of data/arithmetic_checks.csv; adds computed, error_pct and status.

    relation 'approx': |computed - claimed| <= tolerance * |claimed|;
    'at-least': computed >= claimed * (1 - tolerance) (and below claimed_high when given, e.g. 一千多亿);
    'between': claimed_value <= computed <= claimed_high (a vague range such as 数千万元);
    'not-recomputable': nothing in the seed to recompute from (status says so; computed is empty).
    error_pct = (computed / claimed - 1) * 100 (empty for 'between').
    """
    rows = []
    for r in df.to_dict("records"):
        rel = str(r.get("relation", "approx") or "approx").strip()
        if rel not in RELATIONS:
            raise ValueError(f"{r['check_id']}: unknown relation {rel!r}")
        claimed, high, tol = _float(r.get("claimed_value")), _float(r.get("claimed_high")), _float(r.get("tolerance"))
        tol = 0.0 if math.isnan(tol) else tol
        expr = "" if r.get("expression") is None or (isinstance(r.get("expression"), float)) else str(r["expression"]).strip()
        computed, err, status = math.nan, math.nan, "not recomputable"
        if rel != "not-recomputable":
            computed = safe_eval(expr)
            if rel != "between" and not math.isnan(claimed) and claimed != 0:
                err = (computed / claimed - 1) * 100
            if rel == "approx":
                ok = abs(computed - claimed) <= tol * abs(claimed) + 1e-12 * max(1.0, abs(claimed))
            elif rel == "at-least":
                ok = computed >= claimed * (1 - tol) and (math.isnan(high) or computed < high)
            else:
                ok = claimed <= computed <= high
            status = "pass" if ok else "fail"
        rows.append({**r, "computed": computed, "error_pct": err, "status": status})
    cols = [*[c for c in CHECK_COLUMNS if c in df.columns], "computed", "error_pct", "status"]
    return pd.DataFrame(rows, columns=cols)


def check_sentence_ids(df: pd.DataFrame) -> list[list[str]]:
    """The sentence ids of each check (space- or ';'-separated in the CSV)."""
    return [[s for s in re.split(r"[;\s]+", str(x)) if s] for x in df["sentence_ids"]]


# ----------------------------------------------------------------------------------------- verdicts
def split_keys(cell) -> list[str]:
    return [k for k in re.split(r"[;,\s]+", "" if cell is None or (isinstance(cell, float) and math.isnan(cell)) else str(cell)) if k]


def verdict_problems(verdicts: pd.DataFrame, keys: set[str], sentence_ids: set[str]) -> list[str]:
    """Rows of data/verdicts.csv that break the rules: unknown verdict, unknown sentence id, a citation key
    missing from the bibliography, or no key on a verdict other than 'unverifiable'."""
    problems = []
    missing = [c for c in VERDICT_COLUMNS if c not in verdicts.columns]
    if missing:
        return [f"verdicts: missing columns {missing}"]
    for r in verdicts.to_dict("records"):
        where = f"{r['lead_id']} / {r['sentence_id']}"
        if r["verdict"] not in VERDICTS:
            problems.append(f"{where}: unknown verdict {r['verdict']!r}")
        if r["sentence_id"] not in sentence_ids:
            problems.append(f"{where}: unknown sentence id")
        ks = split_keys(r["bib_key"])
        if not ks and r["verdict"] != "unverifiable":
            problems.append(f"{where}: verdict {r['verdict']!r} needs a bib_key")
        for k in ks:
            if k not in keys:
                problems.append(f"{where}: bib key {k!r} is not in the bibliography")
    dup = verdicts[verdicts.duplicated(["lead_id", "sentence_id"])]
    for r in dup.to_dict("records"):
        problems.append(f"{r['lead_id']} / {r['sentence_id']}: duplicate row")
    return problems


def _values_equal(a, b, rel_tol: float = 1e-9) -> bool:
    pa, pb = parse_registry_value(a, "date"), parse_registry_value(b, "date")
    if pa["type"] == pb["type"] == "date":
        return pa["text"] == pb["text"]
    if pa["type"] in ("number", "range") and pb["type"] == pa["type"]:
        return math.isclose(pa["value"], pb["value"], rel_tol=rel_tol)
    return False


def verdict_table(verdicts: pd.DataFrame, registry: pd.DataFrame) -> pd.DataFrame:
    """data/verdicts.csv joined to the registry: the first claim of the row's `claim_ids` when given; otherwise, among
    the registry rows of that sentence, the one with the same value and quantity, else the same value, else the same
    quantity (first by claim id), else none. Adds seed, claim_id, subject, registry_quantity, registry_topic; sorted by seed, sentence, lead."""
    by_sentence = {sid: g.to_dict("records") for sid, g in registry.groupby("sentence_id", sort=False)}
    by_id = {r["claim_id"]: r for r in registry.to_dict("records")}
    rows = []
    for v in verdicts.to_dict("records"):
        named = [by_id[c] for c in split_keys(v.get("claim_ids", "")) if c in by_id]
        if named:  # an explicit claim_ids column (data/verdicts.csv) wins over the sentence/value join
            r = named[0]
            rows.append({**v, "seed": str(v["sentence_id"]).split(".")[0], "claim_id": r["claim_id"],
                         "subject": r["subject"], "registry_quantity": r["quantity"], "registry_topic": r["topic"]})
            continue
        cands = by_sentence.get(v["sentence_id"], [])
        same_value = [r for r in cands if str(v["seed_value"]).strip() and _values_equal(r["value"], v["seed_value"])]
        same_quantity = [r for r in cands if r["quantity"] == v["quantity"]]
        hit = [r for r in same_value if r in same_quantity] or same_value or same_quantity
        hit = sorted(hit, key=lambda r: r["claim_id"])[:1]
        r = hit[0] if hit else {}
        rows.append({**v, "seed": str(v["sentence_id"]).split(".")[0], "claim_id": r.get("claim_id", ""),
                     "subject": r.get("subject", ""), "registry_quantity": r.get("quantity", ""),
                     "registry_topic": r.get("topic", "")})
    cols = [*verdicts.columns, "seed", "claim_id", "subject", "registry_quantity", "registry_topic"]
    df = pd.DataFrame(rows, columns=cols)
    if len(df):
        order = sorted(range(len(df)), key=lambda i: (sentence_sort_key(df["sentence_id"].iat[i]), _lead_key(df["lead_id"].iat[i])))
        df = df.iloc[order]
    return df.reset_index(drop=True)


# ----------------------------------------------------------------------------------------- evidence rules
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def period_end(date_text: str) -> str:
    """The last day of an ISO date of year, month or day precision ('2023-02' -> '2023-02-28'), or '' if not ISO."""
    import calendar

    m = _DATE.match(str(date_text).strip())
    if not m:
        return ""
    y, mo, d = m.group(1), m.group(2), m.group(3)
    if d:
        return f"{y}-{mo}-{d}"
    if mo:
        return f"{y}-{mo}-{calendar.monthrange(int(y), int(mo))[1]:02d}"
    return f"{y}-12-31"


def seed_dates(catalog: pd.DataFrame) -> dict[str, str]:
    """Seed id -> the latest day it can have been written (end of its catalog pub_date period)."""
    return {str(r["id"]).zfill(3): period_end(r["pub_date"]) for r in catalog.to_dict("records")}


def _blank(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or not str(x).strip()


def evidence_problems(verdicts: pd.DataFrame, seed_latest: dict[str, str]) -> list[str]:
    """Rows of data/verdicts.csv that break the evidence rules (data/README.md):

    - evidence_status in EVIDENCE_STATUSES; a 'retrieved' row has url (http/https or a DOI URL), an ISO
      date, a quote, and a gloss when the quote is in Chinese/Japanese; searched is never empty;
    - 'source not retrieved' only with verdict 'unverifiable' and a note that begins 'unverifiable — source not retrieved';
    - the time rule: evidence_timing in TIMINGS; 'public by seed date' needs date on or before the seed's
      latest date; an date after it needs 'later reporting', said in the note too;
    - 'contested' needs two retrieved sources (url2 and quote2);
    - context_after_seed, when given, starts with CONTEXT_MARK.
    """
    problems = []
    missing = [c for c in EVIDENCE_COLUMNS if c not in verdicts.columns]
    if missing:
        return [f"verdicts: missing evidence columns {missing}"]
    for r in verdicts.to_dict("records"):
        where = f"{r['lead_id']} / {r['sentence_id']}"
        status = str(r["evidence_status"]).strip()
        if status not in EVIDENCE_STATUSES:
            problems.append(f"{where}: evidence_status {status!r} not in {EVIDENCE_STATUSES}")
            continue
        if _blank(r["searched"]):
            problems.append(f"{where}: 'searched' (the look-ups made) is empty")
        if status == "source not retrieved":
            if r["verdict"] != "unverifiable":
                problems.append(f"{where}: verdict {r['verdict']!r} without a retrieved source")
            if not str(r["note"]).startswith(NOT_RETRIEVED):
                problems.append(f"{where}: note must begin {NOT_RETRIEVED!r}")
            if not _blank(r["url"]) and (not period_end(r["date"]) or _blank(r["quote"])):
                problems.append(f"{where}: a contrast source needs its date and quote")
        else:
            url = str(r["url"]).strip()
            if not url.startswith(("http://", "https://")):
                problems.append(f"{where}: url {url!r} is not a URL")
            if not period_end(r["date"]):
                problems.append(f"{where}: date {r['date']!r} is not an ISO date")
            if _blank(r["quote"]):
                problems.append(f"{where}: no quote")
            elif _CJK.search(str(r["quote"])) and _blank(r["gloss"]):
                problems.append(f"{where}: the quote is not English and has no gloss")
            timing = str(r["evidence_timing"]).strip()
            if timing not in TIMINGS:
                problems.append(f"{where}: evidence_timing {timing!r} not in {TIMINGS}")
            seed_end = seed_latest.get(str(r["sentence_id"]).split(".")[0], "")
            ev_end = period_end(r["date"])
            if seed_end and ev_end and ev_end > seed_end and timing != "later reporting":
                problems.append(f"{where}: evidence of {r['date']} postdates the seed ({seed_end}) "
                                "but is not marked 'later reporting'")
            if timing == "later reporting" and "later reporting" not in str(r["note"]):
                problems.append(f"{where}: later evidence, but the note does not say 'later reporting'")
        if r["verdict"] == "contested" and (_blank(r["url2"]) or _blank(r["quote2"])):
            problems.append(f"{where}: 'contested' needs both sources (url2, quote2)")
        if not _blank(r["context_after_seed"]) and not str(r["context_after_seed"]).startswith(CONTEXT_MARK):
            problems.append(f"{where}: context_after_seed must start with {CONTEXT_MARK!r}")
    return problems


BANNED_BIB_WORDING = re.compile(r"from memory|not retrieved", re.I)


def bib_problems(entries: dict[str, dict[str, str]], exempt: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Bibliography entries (key -> fields) without a url or doi (unless exempt), or saying 'from memory' /
    'not retrieved' in any field."""
    problems = []
    for key, fields in sorted(entries.items()):
        low = {k.lower(): str(v) for k, v in fields.items()}
        if key not in exempt and not (low.get("url", "").strip() or low.get("doi", "").strip()):
            problems.append(f"{key}: no url or doi")
        for k, v in low.items():
            if BANNED_BIB_WORDING.search(v):
                problems.append(f"{key}: field {k!r} says {BANNED_BIB_WORDING.search(v).group(0)!r}")
    return problems


def claim_id_mentions(text: str, prefixes: set[str] | frozenset[str]) -> list[str]:
    """Registry-style claim ids ('chips-nvlink-a800', 'ls-date-intern', ...) mentioned in free text, for the
    given id prefixes (the part before the first hyphen of the registry's ids)."""
    if not prefixes or _blank(text):
        return []
    pat = re.compile(r"(?<![\w/.-])(?:" + "|".join(sorted(map(re.escape, prefixes))) + r")-[a-z0-9]+(?:-[a-z0-9]+)*(?![\w/-])")
    return pat.findall(str(text))


_STATUS_NOTE = re.compile(r"^(Not checkable|Not checked|Arithmetic) \(([^)]*)\)[.:]?\s*")
CHAPTERS = {"compute": "01 Compute economics", "landscape": "02 Company landscape", "lineage": "03 Technology lineage",
            "chips": "04 Chip supply"}


def coverage(registry: pd.DataFrame, verdicts: pd.DataFrame, chapters: dict[str, str] | None = None) -> pd.DataFrame:
    """Every registered claim with its check status.

    status: 'verdict' (named in a verdicts row's claim_ids), 'arithmetic', 'not checkable' or 'not checked' (from a
    note that begins 'Arithmetic (check id)', 'Not checkable (reason)' or 'Not checked (reason)'), else '' (a gap).
    Columns: claim_id, chapter (first topic, mapped by `chapters`), sentence_id, status, reason, verdicts
    (the verdicts' lead ids and values, e.g. '7j inconsistent').
    """
    chapters = CHAPTERS if chapters is None else chapters
    by_claim: dict[str, list[str]] = {}
    for v in verdicts.to_dict("records"):
        for cid in split_keys(v.get("claim_ids", "")):
            by_claim.setdefault(cid, []).append(f"{v['lead_id']} {v['verdict']}")
    rows = []
    for r in registry.to_dict("records"):
        topic = str(r["topic"]).split("|")[0].strip()
        m = _STATUS_NOTE.match(str(r["note"]))
        if r["claim_id"] in by_claim:
            status, reason = "verdict", ""
        elif m:
            status = {"Not checkable": "not checkable", "Not checked": "not checked", "Arithmetic": "arithmetic"}[m.group(1)]
            reason = m.group(2)
        else:
            status, reason = "", ""
        rows.append(dict(claim_id=r["claim_id"], chapter=chapters.get(topic, topic), sentence_id=r["sentence_id"],
                         status=status, reason=reason, verdicts="; ".join(by_claim.get(r["claim_id"], []))))
    return pd.DataFrame(rows, columns=["claim_id", "chapter", "sentence_id", "status", "reason", "verdicts"])


def coverage_by_chapter(registry: pd.DataFrame, verdicts: pd.DataFrame, chapters: dict[str, str] | None = None) -> pd.DataFrame:
    """Per chapter: number of registered claims and how many have each coverage status (COVERAGE_STATUSES, plus
    'gap' for none), and the share (percent) with a verdict or an arithmetic check. A final row 'all' sums them."""
    cov = coverage(registry, verdicts, chapters)
    cov = cov.assign(status=cov["status"].replace("", "gap"))
    cols = [*COVERAGE_STATUSES, "gap"]
    ct = pd.crosstab(cov["chapter"], cov["status"]).reindex(columns=cols, fill_value=0)
    ct.loc["all"] = ct.sum()
    ct.insert(0, "claims", ct[cols].sum(axis=1))
    ct["checked_pct"] = (100.0 * (ct["verdict"] + ct["arithmetic"]) / ct["claims"]).round(1)
    ct.index.name = "chapter"
    ct.columns.name = None
    return ct.reset_index()


def _lead_key(lead: str) -> tuple:
    m = re.match(r"^(\d+)([a-z]*)$", str(lead))
    return (int(m.group(1)), m.group(2)) if m else (10 ** 6, str(lead))


def verdict_counts(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """Counts of verdicts (columns in VERDICTS order) per value of `by` (rows sorted)."""
    ct = pd.crosstab(table[by], table["verdict"]).reindex(columns=list(VERDICTS), fill_value=0)
    ct = ct.sort_index()
    ct.columns.name = None
    return ct.astype("int64")


def verdict_wording(table: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """The verdict rows with the engine's wording of the claim they judge: the claim in the same sentence whose
    value equals seed_value (llmrace.registry.claim_matches), its surface and qualifier, and `wording`:
    'hedged' (any of HEDGES), 'plain', or '' when no extracted claim matches (no seed value)."""
    by_sentence = {sid: g.to_dict("records") for sid, g in claims.groupby("sentence_id", sort=False)}
    rows = []
    for v in table.to_dict("records"):
        probe = {"value": v["seed_value"], "quote": ""}
        hits = [c for c in by_sentence.get(v["sentence_id"], []) if str(v["seed_value"]).strip() and claim_matches(probe, c)]
        c = hits[0] if hits else None
        quals = set(str(c["qualifier"]).split("|")) if c is not None and c["qualifier"] else set()
        wording = "" if c is None else ("hedged" if quals & set(HEDGES) else "plain")
        rows.append({**v, "claim_key": c["claim_key"] if c is not None else "", "surface": c["surface"] if c is not None else "",
                     "qualifier": c["qualifier"] if c is not None else "", "wording": wording})
    return pd.DataFrame(rows, columns=[*table.columns, "claim_key", "surface", "qualifier", "wording"])


# ----------------------------------------------------------------------------------------- hedging
def hedging_profile(claims: pd.DataFrame, include_dates: bool = False) -> pd.DataFrame:
    """Per seed: the number of numeric claims and the share (percent) that carry each hedge qualifier.

    Shares of 'approximate', 'lower-bound', 'upper-bound', 'vague', 'range', 'forecast' do not sum to 100
    (a claim may carry several); 'hedged' is the share with at least one of them and 'plain' the rest.
    Dates are left out unless include_dates (their only qualifier, 'inferred-year', is not a hedge).
    """
    df = claims if include_dates else claims[claims["kind"] != "date"]
    cols = ["seed", "n_claims", *HEDGES, "hedged", "plain"]
    out = []
    for seed, g in sorted(df.groupby("seed"), key=lambda t: t[0]):
        quals = [set(str(q).split("|")) if q else set() for q in g["qualifier"]]
        n = len(quals)
        row = dict(seed=seed, n_claims=n)
        for h in HEDGES:
            row[h] = 100.0 * sum(h in q for q in quals) / n if n else math.nan
        hedged = sum(bool(q & set(HEDGES)) for q in quals)
        row["hedged"] = 100.0 * hedged / n if n else math.nan
        row["plain"] = 100.0 - row["hedged"] if n else math.nan
        out.append(row)
    return pd.DataFrame(out, columns=cols)


# ----------------------------------------------------------------------------------------- HTML
FILTER_SCRIPT = """<script>
(function () {
  function num(t) { var v = parseFloat(String(t).replace(/,/g, "")); return isNaN(v) ? null : v; }
  function enhance(table) {
    if (table.getAttribute("data-llmrace-ready")) { return; }
    table.setAttribute("data-llmrace-ready", "1");
    var box = document.createElement("input");
    box.type = "search"; box.placeholder = "Filter rows (any text: seed, kind, 美元, subject…)";
    box.className = "llmrace-filter"; box.style.width = "100%"; box.style.marginBottom = "0.5em";
    var count = document.createElement("div"); count.className = "llmrace-count"; count.style.fontSize = "0.85em";
    var wrap = table.parentNode; wrap.parentNode.insertBefore(box, wrap); wrap.parentNode.insertBefore(count, wrap);
    var body = table.tBodies[0]; var rows = Array.prototype.slice.call(body.rows);
    function update() {
      var q = box.value.toLowerCase(), n = 0;
      rows.forEach(function (r) { var ok = r.textContent.toLowerCase().indexOf(q) >= 0; r.style.display = ok ? "" : "none"; if (ok) { n++; } });
      count.textContent = n + " of " + rows.length + " rows";
    }
    box.addEventListener("input", update); update();
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      th.style.cursor = "pointer"; th.title = "Click to sort";
      th.addEventListener("click", function () {
        var dir = th.getAttribute("data-dir") === "asc" ? -1 : 1; th.setAttribute("data-dir", dir === 1 ? "asc" : "desc");
        rows.sort(function (a, b) {
          var x = a.cells[i].textContent, y = b.cells[i].textContent, nx = num(x), ny = num(y);
          if (nx !== null && ny !== null) { return dir * (nx - ny); }
          return dir * x.localeCompare(y);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
  var tables = document.querySelectorAll("table.llmrace-filterable");
  Array.prototype.forEach.call(tables, enhance);
})();
</script>"""


def filterable(table) -> "object":
    """Kept for callers: every long llmrace.tables.HTMLTable is now filterable, sortable and paged by the
    book's one script (_static/llmrace-tables.js, loaded on every page by llmrace.bookext), so this returns
    the table unchanged (FILTER_SCRIPT is no longer inlined: two scripts fought over the same table)."""
    return table
