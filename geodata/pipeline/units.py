"""The units everything is harmonised to (2024 buurten) and the targets they aggregate to."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from .. import RD_NEW
from ..codes import FOCUS_AVERAGE_CODE, gemeente_series, rest_code, wijk_series
from ..focus import FocusArea, uncertain_membership
from ..sources.common import SourceTable
from ..vocab import Level

#: the column of the KWB buurt table that counts inhabitants (the universe's population)
POPULATION_COLUMN = "AantalInwoners_5"


def buurt_universe(kwb: SourceTable) -> pd.DataFrame:
    """All 2024 buurt codes nationwide with ``name, wijk_code, gemeente_code, population``
    (NaN where the population is unknown).

    >>> t = SourceTable("k", "cbs2024", pd.DataFrame({
    ...     "area_code": ["BU00010101", "BU00010101"], "level": "buurt", "period": 2024,
    ...     "column": [POPULATION_COLUMN, "x"], "value": [120.0, 1.0], "status": "ok"}), {"BU00010101": "A"})
    >>> buurt_universe(t)[["code", "wijk_code", "population"]].values.tolist()
    [['BU00010101', 'WK000101', 120.0]]
    """
    bu = kwb.frame[kwb.frame["level"] == Level.BUURT]
    codes = pd.Index(bu["area_code"].unique())
    pop = bu[bu["column"] == POPULATION_COLUMN].set_index("area_code")["value"]
    out = pd.DataFrame({"code": codes})
    out["name"] = out["code"].map(kwb.names)
    out["wijk_code"] = wijk_series(out["code"])
    out["gemeente_code"] = gemeente_series(out["code"])
    out["population"] = out["code"].map(pop)
    return out


def combine_buurten(universe: pd.DataFrame, *layers: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """2024 buurt polygons from several layers, the first layer that has a gemeente winning for
    that whole gemeente (a municipality's own detailed buurten over the schematic ones); codes
    not in the universe are dropped."""
    parts, taken = [], set()
    for layer in layers:
        layer = layer[layer["code"].isin(universe["code"])]
        own = set(layer["gemeente_code"])
        parts.append(layer[~layer["gemeente_code"].isin(taken)])
        taken |= own
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry", crs=RD_NEW)


def target_membership(focus_areas: list[FocusArea], members: pd.DataFrame, universe: pd.DataFrame) -> pd.DataFrame:
    """2024 buurten → every target: focus area (and its variant with uncertain members), rest of
    municipality, the 20-area pool, and all wijken and gemeenten nationwide (by code nesting).
    Columns ``unit, target, level``."""
    parts = [
        members.assign(level=Level.FOCUS_AREA.value)[["unit", "target", "level"]],
        uncertain_membership(focus_areas, members).assign(level=Level.FOCUS_AREA_WIDE.value),
    ]
    inside = set(members["unit"])
    for fa in focus_areas:
        own = set(members.loc[members["target"] == fa.id, "unit"])
        rest = universe.loc[(universe["gemeente_code"] == fa.gemeente) & ~universe["code"].isin(own), "code"]
        parts.append(pd.DataFrame({"unit": rest, "target": rest_code(fa.id), "level": Level.REST_OF_GEMEENTE.value}))
    parts.append(
        pd.DataFrame({"unit": sorted(inside), "target": FOCUS_AVERAGE_CODE, "level": Level.FOCUS_AVERAGE.value})
    )
    parts.append(pd.DataFrame({"unit": universe["code"], "target": universe["wijk_code"], "level": Level.WIJK.value}))
    parts.append(
        pd.DataFrame({"unit": universe["code"], "target": universe["gemeente_code"], "level": Level.GEMEENTE.value})
    )
    return pd.concat(parts, ignore_index=True)
