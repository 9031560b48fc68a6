"""Chip-supply arithmetic for the chip chapter: price changes, currency conversion, capex, performance
ratios, and the curated datasheet table data/chips.csv.

Every assumption (exchange rate, unit prices, GPU counts) is an argument; nothing here reads a global.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import costs

CHIPS_COLUMNS = ["chip", "vendor", "fp16_dense_tflops", "fp32_tflops", "nvlink_gbps", "memory_gb", "released",
                 "note", "source_key"]
NUMERIC_COLUMNS = ["fp16_dense_tflops", "fp32_tflops", "nvlink_gbps", "memory_gb"]
DEFAULT_CHIPS = Path(__file__).resolve().parents[2] / "data" / "chips.csv"


def price_change(old: float, new: float) -> tuple[float, float]:
    """Absolute change and percentage change (in %, relative to `old`) from `old` to `new`."""
    if old == 0:
        raise ValueError("price_change: old price is zero")
    diff = new - old
    return diff, 100.0 * diff / old


def to_usd(cny: float, cny_per_usd: float) -> float:
    """Convert an amount in CNY to USD at `cny_per_usd` yuan per dollar (delegates to costs.to_usd)."""
    return costs.to_usd(cny, "CNY", cny_per_usd)


def capex(n_gpus: float, unit_price: float) -> float:
    """Purchase cost of `n_gpus` accelerators at `unit_price` each (hardware only: no servers, network,
    power or staff). This is capital expenditure, not the cost of a training run."""
    if n_gpus < 0 or unit_price < 0:
        raise ValueError("capex: counts and prices must be non-negative")
    return costs.purchase_cost(n_gpus, unit_price)


def perf_ratio(a: float, b: float) -> float:
    """Ratio a / b of two throughput figures (e.g. V100 over A100 peak TFLOPS)."""
    if b == 0:
        raise ValueError("perf_ratio: b is zero")
    return a / b


def rounds_to(claimed: float, computed: float, decimals: int) -> bool:
    """True if `computed` rounded to `decimals` places equals `claimed` (e.g. 6.1702 -> 6.17)."""
    return round(computed, decimals) == round(claimed, decimals)


def within(claimed: float, computed: float, rel_tol: float) -> bool:
    """True if `computed` lies within a relative tolerance `rel_tol` of `claimed`."""
    return abs(computed - claimed) <= rel_tol * abs(claimed)


def load_chips(path: str | Path = DEFAULT_CHIPS) -> pd.DataFrame:
    """The curated datasheet table (one row per chip; numeric columns as floats, blanks as NaN)."""
    df = pd.read_csv(path, dtype={"released": str}, encoding="utf-8")
    if list(df.columns) != CHIPS_COLUMNS:
        raise ValueError(f"{path}: columns {list(df.columns)} != {CHIPS_COLUMNS}")
    for c in NUMERIC_COLUMNS:
        df[c] = pd.to_numeric(df[c], errors="raise").astype(float)
    if df["chip"].duplicated().any():
        raise ValueError(f"{path}: duplicate chip rows")
    if df["source_key"].isna().any():
        raise ValueError(f"{path}: every row needs a source_key")
    return df


def missing_citations(df: pd.DataFrame, keys) -> list[str]:
    """source_key values of `df` that are not among the bibliography `keys` (sorted)."""
    known = set(keys)
    return sorted({k for k in df["source_key"].astype(str) if k not in known})


def chip_ratio(df: pd.DataFrame, a: str, b: str, column: str) -> float:
    """perf_ratio of chip `a` over chip `b` on one datasheet column of the chips table."""
    rows = df.set_index("chip")
    return perf_ratio(float(rows.loc[a, column]), float(rows.loc[b, column]))
