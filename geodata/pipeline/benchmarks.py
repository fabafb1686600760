"""Which aggregates stand as benchmarks, and the Netherlands.

- The 20-area benchmark is, for a rate or a mean, the pooled figure of all 20 areas together
  (their numerators and denominators summed), and for a count the mean per focus area (the
  pooled total would be twenty times an area's size); it is shown as a number only when its
  members cover at least :data:`MIN_BENCHMARK_COVERAGE` of its population.
- A wijk or gemeente aggregate is kept only where no value is published for that area and year,
  and only with that coverage.
- The Netherlands: a published national row where the source has one, else aggregated from all
  gemeenten of that year (published values first, else our aggregates) when they cover the country.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..aggregate import aggregate
from ..catalog import Catalog, Indicator
from ..codes import NL_CODE
from ..vocab import AGGREGATABLE, HAS_VALUE, Level, Method, Rule, Status
from .aggregation import AGGREGATE_COLUMNS
from .harmonise import pick_by_priority

#: benchmarks computed from members are published only when at least this share is covered
MIN_BENCHMARK_COVERAGE = 0.9
KEY = ["area_code", "period", "indicator"]


def apply_benchmark_rules(aggregates: pd.DataFrame, best_native: pd.DataFrame) -> pd.DataFrame:
    """Blank a poorly covered 20-area pool; keep wijk/gemeente aggregates only where nothing is
    published and coverage suffices.

    >>> agg = pd.DataFrame({"area_code": ["FA_GEM20", "GM0001", "GM0002"], "level": ["focus_average",
    ...     "gemeente", "gemeente"], "period": 2024, "indicator": "x", "value": 1.0, "status": "ok",
    ...     "coverage": [0.5, 1.0, 1.0]})
    >>> pub = pd.DataFrame({"area_code": ["GM0001"], "period": [2024], "indicator": ["x"], "status": ["ok"]})
    >>> out = apply_benchmark_rules(agg, pub)
    >>> out["area_code"].tolist(), out["status"].tolist()
    (['FA_GEM20', 'GM0002'], ['missing', 'ok'])
    """
    frame = aggregates.copy()
    low = (frame["level"] == Level.FOCUS_AVERAGE) & (frame["coverage"] < MIN_BENCHMARK_COVERAGE)
    frame.loc[low, "value"] = np.nan
    frame.loc[low, "status"] = Status.MISSING.value
    published = best_native[best_native["status"].isin(HAS_VALUE)][KEY].drop_duplicates()
    nested = frame["level"].isin([Level.WIJK, Level.GEMEENTE])
    merged = frame[nested].merge(published.assign(_pub=True), on=KEY, how="left")
    keep = merged[merged["_pub"].isna() & (merged["coverage"] >= MIN_BENCHMARK_COVERAGE)].drop(columns="_pub")
    return pd.concat([frame[~nested], keep], ignore_index=True)


def mean_per_area(aggregates: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """For counts, the 20-area benchmark becomes the mean of the focus areas' own totals (``partial``
    when an area lacks a value); rates and means keep the pooled figure.

    >>> agg = pd.DataFrame({"area_code": ["A", "B", "FA_GEM20"], "level": ["focus_area", "focus_area",
    ...     "focus_average"], "period": 2024, "indicator": "population", "value": [100.0, 300.0, 400.0],
    ...     "status": "ok", "coverage": 1.0, "method": "aggregate"})
    >>> cat = Catalog({"population": Indicator("population", "", "", "context", False, "", "", 0, "neutral",
    ...     Rule.SUM, "", "", ())}, {})
    >>> mean_per_area(agg, cat).query("area_code == 'FA_GEM20'")[["value", "method"]].values.tolist()
    [[200.0, 'mean_of_areas']]
    """
    counts = {i.id for i in catalog if i.rule == Rule.SUM}
    frame = aggregates.copy()
    pool = (frame["level"] == Level.FOCUS_AVERAGE) & frame["indicator"].isin(counts)
    areas = frame[(frame["level"] == Level.FOCUS_AREA) & frame["indicator"].isin(counts)]
    usable = areas[areas["status"].isin(HAS_VALUE)]
    mean = usable.groupby(["indicator", "period"])["value"].mean()
    n_areas = areas.groupby(["indicator", "period"])["area_code"].nunique()
    complete = (
        usable[usable["status"] == Status.OK]
        .groupby(["indicator", "period"])["area_code"]
        .nunique()
        .reindex(n_areas.index, fill_value=0)
        == n_areas
    )
    key = list(zip(frame.loc[pool, "indicator"], frame.loc[pool, "period"]))
    has = frame.loc[pool, "status"].isin(HAS_VALUE).to_numpy()
    frame.loc[pool, "value"] = np.where(has, [mean.get(k, np.nan) for k in key], np.nan)
    frame.loc[pool, "status"] = np.where(
        has,
        [Status.OK.value if complete.get(k, False) else Status.PARTIAL.value for k in key],
        frame.loc[pool, "status"],
    )
    frame.loc[pool, "method"] = Method.MEAN_OF_AREAS.value
    return frame


def _nearest_period(frame: pd.DataFrame, period: int) -> pd.DataFrame:
    """Rows of ``frame`` for ``period``, else for the nearest period it has."""
    same = frame[frame["period"] == period]
    if same.empty and len(frame):
        nearest = frame["period"].iloc[(frame["period"] - period).abs().argmin()]
        same = frame[frame["period"] == nearest]
    return same


def _row(
    ind: Indicator,
    period: int,
    value: float,
    status: str,
    coverage: float,
    n_members: int,
    n_used: int,
    method: Method,
    source: str,
) -> dict:
    return {
        "area_code": NL_CODE,
        "level": Level.NL.value,
        "period": int(period),
        "indicator": ind.id,
        "value": value,
        "status": status,
        "coverage": coverage,
        "n_members": n_members,
        "n_used": n_used,
        "source": source,
        "method": method.value,
        "weight_year": pd.NA,
        "unit_methods": "",
    }


def national_from_gemeenten(ind: Indicator, gemeenten: pd.DataFrame, period: int) -> list[dict]:
    """The Netherlands of one indicator and year aggregated from every gemeente of that year's
    division that has a population (none when they do not cover the country)."""
    units = gemeenten[(gemeenten["indicator"] == ind.id) & (gemeenten["period"] == period)]
    units = units.rename(columns={"area_code": "unit"})
    pop = _nearest_period(gemeenten[gemeenten["indicator"] == "population"], period).set_index("area_code")["value"]
    if ind.rule == Rule.WEIGHTED_MEAN:
        weight = _nearest_period(gemeenten[gemeenten["indicator"] == ind.weight], period)
        units = units.assign(weight=units["unit"].map(weight.set_index("area_code")["value"]))
    elif ind.rule == Rule.RATIO:
        for col, cid in (("numerator", ind.numerator), ("denominator", ind.denominator)):
            comp = gemeenten[(gemeenten["indicator"] == cid) & (gemeenten["period"] == period)]
            units = units.assign(**{col: units["unit"].map(comp.set_index("area_code")["value"])})
    members = pd.DataFrame({"unit": pop.index, "target": NL_CODE})
    agg = aggregate(units, members, rule=ind.rule, scale=ind.scale, coverage_weight=pop)
    source = ",".join(dict.fromkeys(units["source"].dropna().unique()))
    return [
        _row(ind, a.period, a.value, a.status, a.coverage, a.n_members, a.n_used, Method.AGGREGATE_GEMEENTEN, source)
        for a in agg.itertuples()
        if a.coverage >= MIN_BENCHMARK_COVERAGE
    ]


def national_values(catalog: Catalog, best_native: pd.DataFrame, aggregates: pd.DataFrame) -> pd.DataFrame:
    """The Netherlands per indicator and year: published where the source has a national row,
    else aggregated from all gemeenten."""
    cols = ["area_code", "period", "indicator", "value", "status", "source"]
    gemeenten = pd.concat(
        [
            best_native.loc[best_native["level"] == Level.GEMEENTE, cols],
            aggregates.loc[aggregates["level"] == Level.GEMEENTE, cols],
        ],
        ignore_index=True,
    ).drop_duplicates(KEY)
    published = best_native[best_native["level"] == Level.NL]
    rows: list[dict] = []
    for ind in catalog.available():
        if ind.rule not in AGGREGATABLE:
            continue
        have = published[published["indicator"] == ind.id]
        rows += [
            _row(
                ind,
                r.period,
                r.value,
                r.status,
                1.0 if r.status == Status.OK else 0.0,
                1,
                int(r.status == Status.OK),
                Method.SOURCE,
                r.source,
            )
            for r in have.itertuples()
        ]
        done = set(have["period"])
        for period in sorted(set(gemeenten.loc[gemeenten["indicator"] == ind.id, "period"]) - done):
            rows += national_from_gemeenten(ind, gemeenten, int(period))
    return pd.DataFrame(rows, columns=AGGREGATE_COLUMNS)


def benchmark_values(catalog: Catalog, native: pd.DataFrame, aggregates: pd.DataFrame, *, fill=None) -> pd.DataFrame:
    """Aggregates after the benchmark rules, plus the Netherlands. ``fill(kept, published)``, when
    given, adds rows for areas the rules left without a value (see :mod:`.nationwide`) before the
    Netherlands is computed from the gemeenten."""
    best = pick_by_priority(native, ["area_code", "level", "period", "indicator"])
    kept = apply_benchmark_rules(mean_per_area(aggregates, catalog), best)
    if fill is not None:
        kept = pd.concat([kept, fill(kept, best)], ignore_index=True)
    return pd.concat([kept, national_values(catalog, best, kept)], ignore_index=True)
