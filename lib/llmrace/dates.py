"""ISO dates of uneven precision (the claims engine's `iso` column) as points on a time axis."""
from __future__ import annotations

import re

import pandas as pd


def plot_timestamp(iso: str, precision_day: int = 15) -> pd.Timestamp:
    """'2023-04-14' -> that day; '2021-04' -> the 15th; '2022-Q3' -> 15 August (mid-quarter); '2021' -> 1 July."""
    iso = str(iso)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", iso):
        return pd.Timestamp(int(m.group(1)), 3 * int(m.group(2)) - 1, precision_day)
    if len(iso) == 4:
        return pd.Timestamp(f"{iso}-07-01")
    if len(iso) == 7:
        return pd.Timestamp(f"{iso}-{precision_day:02d}")
    return pd.Timestamp(iso)
