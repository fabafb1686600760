"""No holes in nationwide indices: wijken and gemeenten that the 2024-buurt route leaves without a
value get one from the source's own buurten.

The main route carries every value onto 2024 buurten and aggregates those (exact where buurt
codes are stable; by overlay inside the 19 municipalities, where 2024 buurt polygons exist).
Elsewhere a source on an older buurt division (the Leefbaarometer's 2020 division) would leave
wijken and whole merged gemeenten grey. Here its buurt polygons are overlaid on the 2024 wijken
nationwide: a wijk's value is the area-weighted mean of the source buurten it is made of (counts
are split by area), and a gemeente's value the population-weighted mean of its wijken (2024
inhabitants). Every such value records ``method = overlay`` (wijk) or ``aggregate`` (gemeente,
``unit_methods = overlay``) and its coverage, and is used only where no published value and no
sufficiently covered aggregate exists. A gemeente's coverage is the share of its inhabitants
living in wijken with a value: the source's own blanks (the Leefbaarometer publishes nothing for
buurten with too few residents) are not counted against it.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from ..aggregate import aggregate, crosswalk_weights, harmonise_units
from ..catalog import Catalog
from ..codes import gemeente_series
from ..vocab import HAS_VALUE, Level, Method, Rule
from .aggregation import AGGREGATE_COLUMNS

#: a wijk gets an overlay value when source buurten with a value cover this share of its area
MIN_WIJK_AREA_COVERAGE = 0.1
#: a gemeente gets one when its wijken with a value hold this share of its inhabitants
MIN_GEMEENTE_COVERAGE = 0.9
KEY = ["area_code", "period", "indicator"]


def wijk_crosswalk(old_buurten: gpd.GeoDataFrame, wijken: gpd.GeoDataFrame) -> pd.DataFrame:
    """Area-weighted weights from old buurt polygons to the 2024 wijken (nationwide)."""
    return crosswalk_weights(old_buurten[["code", "geometry"]], wijken[["code", "geometry"]])


def wijk_values(catalog: Catalog, native: pd.DataFrame, division: str, crosswalk: pd.DataFrame) -> pd.DataFrame:
    """Every indicator with buurt values on ``division``, carried onto 2024 wijken."""
    rows = native[(native["division"] == division) & (native["level"] == Level.BUURT)]
    parts = []
    for (indicator, source), group in rows.groupby(["indicator", "source"], sort=False):
        ind = catalog[indicator]
        if ind.rule == Rule.NONE:
            continue
        values = group.rename(columns={"area_code": "unit"})[["unit", "period", "value", "status"]]
        out = harmonise_units(values, crosswalk, extensive=ind.rule == Rule.SUM)
        parts.append(out.assign(indicator=indicator, source=source, _rank=int(group["_rank"].iloc[0])))
    if not parts:
        return pd.DataFrame(columns=["unit", "period", "value", "status", "unit_coverage", "indicator", "source"])
    frame = pd.concat(parts, ignore_index=True)
    # one source per wijk, year and indicator: the catalogue's first
    frame = frame.sort_values(["unit", "period", "indicator", "_rank"]).drop_duplicates(["unit", "period", "indicator"])
    return frame.drop(columns="_rank")


def _as_rows(frame: pd.DataFrame, level: Level, method: Method, unit_methods: str) -> pd.DataFrame:
    return frame.assign(level=level.value, method=method.value, weight_year=pd.NA, unit_methods=unit_methods)


def wijk_population(native: pd.DataFrame) -> pd.Series:
    """Inhabitants per wijk in 2024 as published, the best-ranked source's where several have it.

    >>> n = pd.DataFrame({"indicator": "population", "level": "wijk", "period": 2024,
    ...                   "status": ["ok", "ok", "missing"], "area_code": ["W1", "W1", "W2"],
    ...                   "value": [10.0, 12.0, None], "_rank": [1, 0, 0]})
    >>> wijk_population(n).to_dict()
    {'W1': 12.0}
    """
    pop = native[
        (native["indicator"] == "population")
        & (native["level"] == Level.WIJK)
        & (native["period"] == 2024)
        & native["status"].isin(HAS_VALUE)
    ]
    return pop.sort_values("_rank").drop_duplicates("area_code").set_index("area_code")["value"]


def fill_wijken_gemeenten(
    catalog: Catalog,
    carried: pd.DataFrame,
    existing: pd.DataFrame,
    published: pd.DataFrame,
    wijk_population: pd.Series,
) -> pd.DataFrame:
    """Rows (``AGGREGATE_COLUMNS``) for wijken and gemeenten that have neither a published value
    nor an aggregate yet, from the wijk values ``carried`` by :func:`wijk_values`."""
    have = pd.concat(
        [existing.loc[existing["status"].isin(HAS_VALUE), KEY], published.loc[published["status"].isin(HAS_VALUE), KEY]]
    )
    have = set(map(tuple, have.to_numpy()))
    ok = carried["status"].isin(HAS_VALUE) & (carried["unit_coverage"] >= MIN_WIJK_AREA_COVERAGE)
    wijken = carried[ok].rename(columns={"unit": "area_code", "unit_coverage": "coverage"})
    wijken = wijken.assign(n_members=1, n_used=1)
    keep = np.array([k not in have for k in map(tuple, wijken[KEY].to_numpy())], dtype=bool)
    wijk_rows = _as_rows(wijken[keep], Level.WIJK, Method.OVERLAY, "")
    # every wijk value there is (the main route's first, then the overlay's) makes the gemeenten
    main = existing[(existing["level"] == Level.WIJK) & existing["status"].isin(HAS_VALUE)]
    main = main.rename(columns={"area_code": "unit"})[["unit", "period", "indicator", "value", "status", "source"]]
    all_wijken = pd.concat([main, wijk_rows.rename(columns={"area_code": "unit"})[main.columns]], ignore_index=True)
    gemeente_rows = gemeenten_from_wijken(
        catalog, all_wijken.drop_duplicates(["unit", "period", "indicator"]), wijk_population
    )
    keep = np.array([k not in have for k in map(tuple, gemeente_rows[KEY].to_numpy())], dtype=bool)
    return pd.concat([wijk_rows[AGGREGATE_COLUMNS], gemeente_rows[keep][AGGREGATE_COLUMNS]], ignore_index=True)


def gemeenten_from_wijken(catalog: Catalog, carried: pd.DataFrame, wijk_population: pd.Series) -> pd.DataFrame:
    """Gemeente values from wijk values (``unit, period, indicator, value, status, source``): counts
    summed, means weighted by the wijken's 2024 inhabitants (coverage: the share of the gemeente's
    inhabitants in wijken with a value)."""
    members = pd.DataFrame({"unit": wijk_population.index, "target": gemeente_series(pd.Series(wijk_population.index))})
    parts = []
    for (indicator, _period), rows in carried.groupby(["indicator", "period"], sort=False):
        ind = catalog[indicator]
        rule = Rule.SUM if ind.rule == Rule.SUM else Rule.WEIGHTED_MEAN
        units = rows.assign(weight=rows["unit"].map(wijk_population))
        agg = aggregate(units, members, rule=rule, coverage_weight=wijk_population)
        agg = agg[agg["coverage"] >= MIN_GEMEENTE_COVERAGE]
        source = ",".join(sorted(rows["source"].dropna().unique()))
        parts.append(agg.rename(columns={"target": "area_code"}).assign(indicator=indicator, source=source))
    if not parts:
        return pd.DataFrame(columns=AGGREGATE_COLUMNS)
    frame = pd.concat(parts, ignore_index=True)
    frame["value"] = np.where(frame["status"].isin(HAS_VALUE), frame["value"], np.nan)
    return _as_rows(frame, Level.GEMEENTE, Method.AGGREGATE, Method.OVERLAY.value)
