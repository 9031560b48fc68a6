"""The claims registry (data/registry/*.csv): analyst rows proved against the extracted claims.

- load_registry(root) concatenates every data/registry/*.csv (one file per topic) and checks claim_id is unique.
- value: a number in base units (as the claims table), an ISO date for dates, 'LOW..HIGH' for a range, or
  empty for a range / vague amount (then the quote must contain the claim's surface).
- validate(registry, claims, ignored) lists human-readable problems: unknown sentence ids, quotes that are not in
  the cited sentence, values that no claim extracted from that sentence has, and stale ignore rows
  (claim_keys in data/claims_ignored.csv that a registry row now covers, or that are no longer extracted).
- unregistered(registry, claims, ignored) lists extracted claims that are neither registered nor ignored.
"""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

REGISTRY_COLUMNS = ["claim_id", "subject", "quantity", "value", "unit", "qualifier", "sentence_id", "quote", "gloss",
                    "topic", "note"]
IGNORED_COLUMNS = ["claim_key", "surface", "reason"]


def repo_root(start: Path | str | None = None) -> Path:
    """The repository root: the first parent holding data/registry or seeds/ (package location, then cwd)."""
    candidates = [Path(start)] if start else [Path(__file__).resolve(), Path.cwd().resolve()]
    for c in candidates:
        for p in [c, *c.parents]:
            if (p / "data" / "registry").is_dir() or (p / "seeds").is_dir() and (p / "lib").is_dir():
                return p
    return Path.cwd()


def _registry_dir(root: Path | str | None) -> Path:
    if root is None:
        return repo_root() / "data" / "registry"
    root = Path(root)
    if root.is_file() or root.name == "registry" or list(root.glob("*.csv")) and not (root / "data").is_dir():
        return root
    return root / "data" / "registry"


def load_registry(root: Path | str | None = None) -> pd.DataFrame:
    """All registry rows (strings), with a `file` column naming the CSV each came from.

    `root` may be the repository root, the registry directory or a single CSV file.
    Raises ValueError on duplicate claim ids or missing columns.
    """
    d = _registry_dir(root)
    files = [d] if d.is_file() else sorted(d.glob("*.csv"))
    frames = []
    for f in files:
        df = pd.read_csv(f, dtype=str, keep_default_na=False).astype(object)
        missing = [c for c in REGISTRY_COLUMNS if c not in df.columns]
        if missing:
            raise ValueError(f"{f}: missing registry columns {missing}")
        df["file"] = f.name
        frames.append(df[[*REGISTRY_COLUMNS, "file"]])
    reg = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*REGISTRY_COLUMNS, "file"], dtype=object)
    dup = reg["claim_id"][reg["claim_id"].duplicated()].tolist()
    if dup:
        raise ValueError(f"duplicate claim_id in {d}: {sorted(set(dup))}")
    return reg


def load_ignored(path: Path | str | None = None) -> pd.DataFrame:
    """data/claims_ignored.csv (claim_key, surface, reason); empty if absent."""
    path = Path(path) if path else repo_root() / "data" / "claims_ignored.csv"
    if not path.exists():
        return pd.DataFrame(columns=IGNORED_COLUMNS, dtype=object)
    return pd.read_csv(path, dtype=str, keep_default_na=False).astype(object)


def _num(x) -> float | None:
    try:
        v = float(str(x).replace(",", ""))
    except ValueError:
        return None
    return None if math.isnan(v) else v


def _same(a: float, b) -> bool:
    return b is not None and not (isinstance(b, float) and math.isnan(b)) and math.isclose(a, float(b), rel_tol=1e-9, abs_tol=0.0)


def claim_matches(row, claim) -> bool:
    """Does a registry row's value equal this extracted claim (value, low or high; iso for dates)?"""
    raw = str(row["value"]).strip()
    if claim["kind"] == "date":
        return raw == str(claim["iso"])
    if not raw:  # a range or vague amount registered without a point value: the quote must hold its surface
        return math.isnan(claim["value"]) and str(claim["surface"]) in str(row["quote"])
    if ".." in raw:  # 'LOW..HIGH'
        lo, hi = (_num(x) for x in raw.split("..", 1))
        return lo is not None and hi is not None and _same(lo, claim["low"]) and _same(hi, claim["high"])
    v = _num(row["value"])
    return v is not None and any(_same(v, claim[c]) for c in ("value", "low", "high"))


def _matched_keys(registry: pd.DataFrame, claims: pd.DataFrame) -> dict[str, list[str]]:
    """registry claim_id -> claim_keys it matches (same sentence, same value)."""
    by_sentence = {sid: g.to_dict("records") for sid, g in claims.groupby("sentence_id", sort=False)}
    out = {}
    for row in registry.to_dict("records"):
        out[row["claim_id"]] = [c["claim_key"] for c in by_sentence.get(row["sentence_id"], []) if claim_matches(row, c)]
    return out


def _all_sentences(seeds_dir: Path | str | None = None) -> dict[str, str]:
    from .corpus import Corpus

    seeds = Path(seeds_dir) if seeds_dir else repo_root() / "seeds"
    return {s.id: s.text for d in Corpus(seeds) for s in d.sentences}


def is_qualitative(row) -> bool:
    """A registry row with neither value nor unit records a qualitative statement: only its quote is proved."""
    return not str(row["value"]).strip() and not str(row["unit"]).strip()


def validate(registry: pd.DataFrame, claims: pd.DataFrame, ignored: pd.DataFrame | None = None,
             sentences: dict[str, str] | None = None) -> list[str]:
    """Human-readable problems with the registry (and the ignore list if given); [] when all is proved.

    `sentences` (id -> Simplified text) resolves sentences without numeric claims (qualitative rows); when
    omitted they are read from the repository's seeds only if some cited id has no extracted claim.
    """
    problems = []
    known = dict(zip(claims["sentence_id"], claims["sentence"]))
    if sentences is None and not set(registry["sentence_id"]) <= set(known):
        try:
            sentences = _all_sentences()
        except Exception:  # no seeds to read: ids stay unknown
            sentences = {}
    known = {**(sentences or {}), **known}
    matched = _matched_keys(registry, claims)
    for row in registry.to_dict("records"):
        where = f"{row.get('file', 'registry')}: {row['claim_id']}"
        sid = row["sentence_id"]
        if sid not in known:
            problems.append(f"{where}: unknown sentence id {sid!r}")
            continue
        if not row["quote"] or row["quote"] not in known[sid]:
            problems.append(f"{where}: quote {row['quote']!r} is not in sentence {sid}: {known[sid]!r}")
        if is_qualitative(row):
            continue
        if not matched[row["claim_id"]]:
            found = claims.loc[claims.sentence_id == sid, ["surface", "value", "low", "high", "iso"]].to_dict("records")
            problems.append(f"{where}: value {row['value']!r} matches no claim extracted from {sid} (found {found})")
    if ignored is not None and len(ignored):
        registered = {k for keys in matched.values() for k in keys}
        keys = set(claims["claim_key"])
        for r in ignored.to_dict("records"):
            if r["claim_key"] in registered:
                owners = [cid for cid, ks in matched.items() if r["claim_key"] in ks]
                problems.append(f"claims_ignored.csv: {r['claim_key']} ({r['surface']}) is registered by {owners}: "
                                f"remove it from the ignore list")
            elif r["claim_key"] not in keys:
                problems.append(f"claims_ignored.csv: {r['claim_key']} ({r['surface']}) is no longer extracted")
            elif not str(r.get("reason", "")).strip():
                problems.append(f"claims_ignored.csv: {r['claim_key']} has no reason")
        dup = ignored["claim_key"][ignored["claim_key"].duplicated()].tolist()
        if dup:
            problems.append(f"claims_ignored.csv: duplicate claim_keys {sorted(set(dup))}")
    return problems


def stale_ignores(registry: pd.DataFrame, claims: pd.DataFrame, ignored: pd.DataFrame) -> pd.DataFrame:
    """Rows of the ignore list whose claim a registry row now covers."""
    registered = {k for keys in _matched_keys(registry, claims).values() for k in keys}
    return ignored[ignored["claim_key"].isin(registered)].reset_index(drop=True)


def unregistered(registry: pd.DataFrame, claims: pd.DataFrame, ignored: pd.DataFrame | None = None) -> pd.DataFrame:
    """Extracted claims matched by no registry row (same sentence, same value) and not in the ignore list."""
    registered = {k for keys in _matched_keys(registry, claims).values() for k in keys}
    skip = set(ignored["claim_key"]) if ignored is not None and len(ignored) else set()
    mask = ~claims["claim_key"].isin(registered | skip)
    return claims[mask].reset_index(drop=True)
