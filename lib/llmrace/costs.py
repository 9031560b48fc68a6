"""Cost model for training and serving large language models: pure functions, every assumption an argument.

Units used throughout: FLOP (floating-point operations), FLOP/s (throughput), hours, USD. Peak throughputs
are passed in FLOP/s (use :func:`tflops` to convert the datasheet TFLOP/s); prices are USD per GPU-hour.
Nothing here reads globals or built-in assumptions: exchange rate, prices and utilisation come from the
caller (the chapter's ``parameters`` cell).

The arithmetic follows the usual first-principles estimate of a dense transformer's training cost:

- training compute ``C = 6 · N · D`` FLOP (N parameters, D training tokens; forward + backward pass),
- ``1 PF-day = 1e15 FLOP/s × 86,400 s = 8.64e19 FLOP``,
- GPU-hours ``= C / (peak × utilisation) / 3600``,
- cost ``= GPU-hours × price per GPU-hour``.
"""
from __future__ import annotations

import math
from typing import Iterable, Mapping

import pandas as pd

from .registry import claim_matches

SECONDS_PER_HOUR = 3600.0
SECONDS_PER_DAY = 86400.0
PF_DAY_FLOP = 1e15 * SECONDS_PER_DAY  # one petaFLOP/s sustained for a day = 8.64e19 FLOP


# ------------------------------------------------------------------------------------- compute
def training_flops(n_params: float, n_tokens: float, flops_per_param_token: float = 6.0) -> float:
    """Training compute of a dense transformer, ``C = k · N · D`` FLOP (k = 6: forward 2 + backward 4).

    >>> training_flops(175e9, 300e9)
    3.15e+23
    """
    if n_params < 0 or n_tokens < 0:
        raise ValueError("n_params and n_tokens must be non-negative")
    return flops_per_param_token * n_params * n_tokens


def flops_to_pf_days(flops: float) -> float:
    """Convert FLOP to petaFLOP/s-days (1 PF-day = 8.64e19 FLOP)."""
    return flops / PF_DAY_FLOP


def pf_days_to_flops(pf_days: float) -> float:
    """Convert petaFLOP/s-days to FLOP."""
    return pf_days * PF_DAY_FLOP


def tflops(value: float) -> float:
    """A datasheet figure in TFLOP/s as FLOP/s."""
    return value * 1e12


def relative_difference(value: float, reference: float) -> float:
    """(value − reference) / reference, e.g. 0.029 for 3.23e23 against 3.14e23."""
    if reference == 0:
        raise ValueError("reference must be non-zero")
    return (value - reference) / reference


# ------------------------------------------------------------------------------- hours and cost
def _check_util(utilisation: float) -> None:
    if not 0 < utilisation <= 1:
        raise ValueError(f"utilisation must be in (0, 1], got {utilisation!r}")


def gpu_hours(flops: float, peak_flops: float, utilisation: float) -> float:
    """GPU-hours needed for `flops` on GPUs of `peak_flops` FLOP/s running at `utilisation` (0–1]."""
    _check_util(utilisation)
    if peak_flops <= 0:
        raise ValueError("peak_flops must be positive")
    return flops / (peak_flops * utilisation) / SECONDS_PER_HOUR


def cost(gpu_hours: float, price: float) -> float:
    """Cost in the price's currency: GPU-hours × price per GPU-hour."""
    return gpu_hours * price


def training_cost(flops: float, peak_flops: float, utilisation: float, price: float) -> float:
    """Cost of one training run: ``cost(gpu_hours(flops, peak, util), price)``."""
    return cost(gpu_hours(flops, peak_flops, utilisation), price)


def wall_clock_days(flops: float, n_gpus: float, flops_per_gpu: float) -> float:
    """Days a run of `flops` takes on `n_gpus` GPUs each sustaining `flops_per_gpu` FLOP/s."""
    return flops / (n_gpus * flops_per_gpu) / SECONDS_PER_DAY


def implied_utilisation(flops: float, n_gpus: float, hours: float, peak_flops: float) -> float:
    """Utilisation a cluster of `n_gpus` needs to deliver `flops` in `hours` (may exceed 1: impossible)."""
    if n_gpus <= 0 or hours <= 0 or peak_flops <= 0:
        raise ValueError("n_gpus, hours and peak_flops must be positive")
    return flops / (n_gpus * hours * SECONDS_PER_HOUR * peak_flops)


def implied_utilisation_for_cost(cost_usd: float, flops: float, peak_flops: float, price: float) -> float:
    """Utilisation at which a run of `flops` at `price` per GPU-hour costs exactly `cost_usd`."""
    if cost_usd <= 0 or peak_flops <= 0:
        raise ValueError("cost_usd and peak_flops must be positive")
    return flops * price / (cost_usd * peak_flops * SECONDS_PER_HOUR)


def implied_price(cost_usd: float, flops: float, peak_flops: float, utilisation: float) -> float:
    """Price per GPU-hour at which a run of `flops` at `utilisation` costs exactly `cost_usd`."""
    return cost_usd / gpu_hours(flops, peak_flops, utilisation)


def cost_grid(flops: float, peak_flops: float, utilisations: Iterable[float], prices: Iterable[float]) -> pd.DataFrame:
    """Training cost (USD) for every (utilisation, price) pair: rows = utilisation, columns = price."""
    utils, prs = list(utilisations), list(prices)
    data = [[training_cost(flops, peak_flops, u, p) for p in prs] for u in utils]
    df = pd.DataFrame(data, index=pd.Index(utils, name="utilisation"), columns=pd.Index(prs, name="price_usd_per_gpu_hour"))
    return df


def cost_band(flops: float, peak_tflops: Mapping[str, float], utilisations: Iterable[float],
              price_low: float, price_high: float, price_points: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Long table of the modelled cost band: one row per (GPU, utilisation) with GPU-hours, low/high cost.

    `peak_tflops` maps a GPU name to its dense peak in TFLOP/s; `price_points` adds one cost column
    ``cost_<name>`` per named price. Rows are sorted by GPU name and utilisation.
    """
    rows = []
    for gpu in sorted(peak_tflops):
        peak = tflops(peak_tflops[gpu])
        for u in sorted(utilisations):
            h = gpu_hours(flops, peak, u)
            row = {"gpu": gpu, "peak_tflops": float(peak_tflops[gpu]), "utilisation": float(u), "gpu_hours": h,
                   "cost_low_usd": cost(h, price_low), "cost_high_usd": cost(h, price_high)}
            for name in sorted(price_points or {}):
                row[f"cost_{name}_usd"] = cost(h, price_points[name])
            rows.append(row)
    return pd.DataFrame(rows)


def claim_assumptions(claims: pd.DataFrame, flops: float, peak_tflops: Mapping[str, float],
                      utilisations: Iterable[float], price_points: Mapping[str, float]) -> pd.DataFrame:
    """What each cost claim implies: for every claim × GPU, the price per GPU-hour it implies at each
    utilisation (column ``price_at_u<u>``) and the utilisation it implies at each named price
    (column ``util_at_<name>``). `claims` needs columns claim_id and usd."""
    rows = []
    for _, c in claims.sort_values("claim_id").iterrows():
        for gpu in sorted(peak_tflops):
            peak = tflops(peak_tflops[gpu])
            row = {"claim_id": c["claim_id"], "usd": float(c["usd"]), "gpu": gpu}
            for u in sorted(utilisations):
                row[f"price_at_u{u:g}"] = implied_price(c["usd"], flops, peak, u)
            for name in sorted(price_points):
                row[f"util_at_{name}"] = implied_utilisation_for_cost(c["usd"], flops, peak, price_points[name])
            rows.append(row)
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------------- serving
def serving_gpus(daily_budget: float, price_per_gpu_hour: float, hours_per_day: float = 24.0) -> float:
    """GPUs a daily budget rents around the clock at `price_per_gpu_hour`."""
    if price_per_gpu_hour <= 0 or hours_per_day <= 0:
        raise ValueError("price and hours must be positive")
    return daily_budget / (price_per_gpu_hour * hours_per_day)


def daily_serving_cost(n_gpus: float, price_per_gpu_hour: float, hours_per_day: float = 24.0) -> float:
    """Daily rental bill of `n_gpus` GPUs at `price_per_gpu_hour`."""
    return n_gpus * price_per_gpu_hour * hours_per_day


def price_per_gpu_hour(daily_cost: float, n_gpus: float, hours_per_day: float = 24.0) -> float:
    """Price per GPU-hour implied by a daily cost spread over `n_gpus` GPUs."""
    return daily_cost / (n_gpus * hours_per_day)


def per_user(total: float, users: float) -> float:
    """A total divided by a user count."""
    if users <= 0:
        raise ValueError("users must be positive")
    return total / users


def purchase_cost(n_gpus: float, unit_price: float) -> float:
    """Purchase price of `n_gpus` cards at `unit_price` each (chips only)."""
    return n_gpus * unit_price


# ------------------------------------------------------------------------------------ currency
def to_usd(value: float, currency: str, cny_per_usd: float, rates: Mapping[str, float] | None = None) -> float:
    """Convert `value` in `currency` to USD. CNY uses `cny_per_usd` (CNY per USD); other currencies
    need an entry in `rates` (units of that currency per USD). NaN stays NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    cur = currency.upper()
    if cur == "USD":
        return float(value)
    if cur in ("CNY", "RMB"):
        if cny_per_usd <= 0:
            raise ValueError("cny_per_usd must be positive")
        return float(value) / cny_per_usd
    if rates and cur in rates:
        return float(value) / rates[cur]
    raise ValueError(f"no exchange rate for {currency!r}")


def claims_in_usd(registry: pd.DataFrame, claims: pd.DataFrame, cny_per_usd: float) -> pd.DataFrame:
    """Registry rows joined with the extracted claims they cite, money normalised to USD.

    `registry` has the registry columns (claim_id, subject, quantity, value, unit, qualifier, sentence_id,
    quote, …); `claims` is the claims engine's table. A registry row is matched to the claim in its sentence
    whose surface occurs in its quote and whose value (or low/high for ranges) agrees. Adds seed, surface,
    low, high, and for money rows usd / usd_low / usd_high (CNY divided by `cny_per_usd`); other rows keep
    NaN in the USD columns. Sorted by claim_id.
    """
    out = []
    for _, r in registry.sort_values("claim_id").iterrows():
        # the registry's own matching rule (registry.claim_matches), among the claims whose surface the quote holds;
        # a NaN value is a range or vague amount registered without a point value
        as_registered = {**r, "value": "" if pd.isna(r["value"]) else r["value"]}
        cand = [c for c in claims[claims["sentence_id"] == r["sentence_id"]].to_dict("records")
                if str(c["surface"]) in str(r["quote"]) and claim_matches(as_registered, c)]
        if not cand:
            raise ValueError(f"{r['claim_id']}: no extracted claim in {r['sentence_id']} matches the registry row")
        c = cand[0]
        row = dict(r)
        row.update(seed=str(r["sentence_id"]).split(".")[0], claim_key=c["claim_key"], surface=c["surface"],
                   kind=c["kind"], low=float(c["low"]), high=float(c["high"]))
        money = c["kind"] == "money" or str(r["unit"]).upper() in ("USD", "CNY")
        unit = str(r["unit"])
        row["usd"] = to_usd(float(r["value"]), unit, cny_per_usd) if money and not pd.isna(r["value"]) else math.nan
        row["usd_low"] = to_usd(float(c["low"]), unit, cny_per_usd) if money else math.nan
        row["usd_high"] = to_usd(float(c["high"]), unit, cny_per_usd) if money else math.nan
        out.append(row)
    return pd.DataFrame(out)


def format_usd(x: float) -> str:
    """Compact USD text: $1.4M, $12.0B, $8,769; '' for NaN."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    a = abs(x)
    if a >= 1e9:
        return f"${x / 1e9:,.1f}B"
    if a >= 1e6:
        return f"${x / 1e6:,.2f}M"
    if a >= 1e4:
        return f"${x / 1e3:,.0f}k"
    return f"${x:,.0f}"


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def format_sci(x: float, digits: int = 2) -> str:
    """Scientific notation for prose: 3.14e23 -> '3.14 × 10²³'."""
    mantissa, exponent = f"{x:.{digits}e}".split("e")
    return f"{mantissa} × 10{str(int(exponent)).translate(_SUPERSCRIPT)}"
