"""Exact aggregates of the harmonised 2024 buurt values to every target.

Per indicator and year: sums for counts, numerators and denominators summed then divided for
ratios, weighted means with the catalogue's named weight. The result records how each aggregate
came about: ``method`` (aggregated from 2024 buurten), ``weight_year`` (the year of the weight when
it differs from the value's year) and ``unit_methods`` (how the buurt values themselves were
obtained, e.g. ``overlay+code_stable``).
"""

from __future__ import annotations

import pandas as pd

from ..aggregate import aggregate
from ..catalog import Catalog, Indicator
from ..vocab import HAS_VALUE, Level, Method, Rule

AGGREGATE_COLUMNS = [
    "area_code",
    "level",
    "period",
    "indicator",
    "value",
    "status",
    "coverage",
    "n_members",
    "n_used",
    "source",
    "method",
    "weight_year",
    "unit_methods",
]
#: targets aggregated from buurten by membership (focus areas) and by code nesting (wijk, gemeente)
FOCUS_LEVELS = (Level.FOCUS_AREA, Level.FOCUS_AREA_WIDE, Level.REST_OF_GEMEENTE, Level.FOCUS_AVERAGE)
NESTED_LEVELS = (Level.WIJK, Level.GEMEENTE)


def weights_for(harmonised: pd.DataFrame, weight: str, period: int) -> tuple[pd.Series, int]:
    """Weight per unit for one period. Where a unit has no weight in that year, the nearest year
    it has one is used, preferring weights published per buurt over weights carried from other
    divisions (e.g. 2024 buurt counts over 2022 wijk counts split by overlay). Returns the
    weights and the most common year used.

    >>> h = pd.DataFrame({"unit": ["a", "a", "b"], "indicator": "w", "period": [2022, 2024, 2024],
    ...                   "value": [1.0, 2.0, 3.0], "status": "ok", "method": "source"})
    >>> w, year = weights_for(h, "w", 2023)
    >>> w.to_dict(), year
    ({'a': 2.0, 'b': 3.0}, 2024)
    """
    w = harmonised[harmonised["indicator"] == weight]
    ok = w["status"].isin(HAS_VALUE)
    # a weight published empty for the buurt (KWB: 0, or secret) beats one carried from another
    # division, which would give e.g. an uninhabited park an area share of its wijk's residents
    score = (
        (w["method"] != Method.SOURCE).astype(int) * 1000
        + (~ok).astype(int) * 500
        + (w["period"] - period).abs() * 2
        + (w["period"] < period).astype(int)
    )
    best = w.assign(_score=score.to_numpy()).sort_values(["unit", "_score"]).drop_duplicates("unit")
    best = best[best["status"].isin(HAS_VALUE)]
    if best.empty:
        return pd.Series(dtype=float), period
    used = int(best["period"].mode().iloc[0])
    return best.set_index("unit")["value"], used


def unit_inputs(
    ind: Indicator, rows: pd.DataFrame, harmonised: pd.DataFrame, period: int
) -> tuple[pd.DataFrame, int | None]:
    """The unit rows of one indicator and year with what its rule needs (``weight`` or
    ``numerator``/``denominator``); the weight's year where it differs from ``period``."""
    rows = rows.copy()
    weight_year = None
    if ind.rule == Rule.WEIGHTED_MEAN:
        weights, used = weights_for(harmonised, ind.weight, period)
        rows["weight"] = rows["unit"].map(weights)
        weight_year = used if used != period else None
    elif ind.rule == Rule.RATIO:
        same = harmonised[harmonised["period"] == period]
        for col, cid in (("numerator", ind.numerator), ("denominator", ind.denominator)):
            c = same[(same["indicator"] == cid) & same["status"].isin(HAS_VALUE)]
            rows[col] = rows["unit"].map(c.set_index("unit")["value"])
    return rows, weight_year


def aggregate_indicator(
    ind: Indicator, harmonised: pd.DataFrame, targets: pd.DataFrame, population: pd.Series
) -> pd.DataFrame:
    """Every target's aggregate of one indicator, per year (``AGGREGATE_COLUMNS``)."""
    units = harmonised[harmonised["indicator"] == ind.id]
    groups = [targets[targets["level"].isin(FOCUS_LEVELS)], targets[targets["level"].isin(NESTED_LEVELS)]]
    frames = []
    for period, rows in units.groupby("period"):
        rows, weight_year = unit_inputs(ind, rows, harmonised, int(period))
        carried = [m for m in dict.fromkeys(rows["method"].dropna()) if m != Method.SOURCE]
        used = rows["status"].isin(HAS_VALUE)
        source = ",".join(sorted(rows.loc[used, "source"].dropna().unique()))
        for members in groups:
            agg = aggregate(
                rows, members[["unit", "target"]], rule=ind.rule, scale=ind.scale, coverage_weight=population
            )
            frames.append(agg.assign(weight_year=weight_year, unit_methods="+".join(carried), source=source))
    if not frames:
        return pd.DataFrame(columns=AGGREGATE_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    out = out.merge(targets[["target", "level"]].drop_duplicates(), on="target", how="left")
    out = out.rename(columns={"target": "area_code"}).assign(indicator=ind.id, method=Method.AGGREGATE.value)
    out["weight_year"] = out["weight_year"].astype("Int16")
    return out[AGGREGATE_COLUMNS]


def aggregate_all(
    catalog: Catalog, harmonised: pd.DataFrame, targets: pd.DataFrame, population: pd.Series
) -> pd.DataFrame:
    """Aggregates of every available indicator for every target (before the benchmark rules)."""
    parts = [
        aggregate_indicator(ind, harmonised, targets, population)
        for ind in catalog.available()
        if ind.rule != Rule.NONE and (harmonised["indicator"] == ind.id).any()
    ]
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=AGGREGATE_COLUMNS)
