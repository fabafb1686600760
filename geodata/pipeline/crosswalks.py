"""Crosswalks from every other boundary division to 2024 buurten.

Columns ``division, level, from_code, to_code, w_extensive, w_intensive, method``:
``w_extensive`` splits a count of the source unit, ``w_intensive`` averages rates into the
target (see :func:`geodata.aggregate.harmonise_units`).

- 2024 wijk → its 2024 buurten, split by 2024 population (:data:`Method.WIJK_SPLIT`);
- 2020-division buurten whose code *and* name are unchanged in 2024 map 1:1 (:data:`Method.CODE_STABLE`);
- everything else by area-weighted overlay of the old polygons on the 2024 buurten of the 19
  municipalities (:data:`Method.OVERLAY`).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from ..aggregate import crosswalk_weights
from ..codes import normalise_name
from ..sources.common import SourceTable
from ..vocab import Division, Level, Method

COLUMNS = ["division", "level", "from_code", "to_code", "w_extensive", "w_intensive", "method"]


def wijk_split(universe: pd.DataFrame) -> pd.DataFrame:
    """2024 wijk → 2024 buurten by 2024 population share (equal shares where none is known).

    >>> u = pd.DataFrame({"code": ["BU00010101", "BU00010102"], "wijk_code": "WK000101",
    ...                   "population": [100.0, 300.0]})
    >>> wijk_split(u)["w_extensive"].tolist()
    [0.25, 0.75]
    """
    pop = universe["population"].fillna(0.0)
    total = pop.groupby(universe["wijk_code"]).transform("sum")
    count = universe.groupby("wijk_code")["code"].transform("count")
    share = np.where(total > 0, pop / total.where(total > 0, 1.0), 1.0 / count)
    return pd.DataFrame(
        {
            "division": Division.CBS2024.value,
            "level": Level.WIJK.value,
            "from_code": universe["wijk_code"].to_numpy(),
            "to_code": universe["code"].to_numpy(),
            "w_extensive": share,
            "w_intensive": 1.0,
            "method": Method.WIJK_SPLIT.value,
        }
    )


def stable_codes(old_names: dict[str, str], new_names: dict[str, str], codes: set[str]) -> list[str]:
    """Codes of ``codes`` that exist in both divisions under the same (normalised) name.

    >>> stable_codes({"BU1": "De Buurt", "BU2": "Oud"}, {"BU1": "de buurt", "BU2": "Nieuw"}, {"BU1", "BU2"})
    ['BU1']
    """
    return sorted(
        c
        for c in codes
        if c in new_names and c in old_names and normalise_name(old_names[c]) == normalise_name(new_names[c])
    )


def codes_at(tables: dict[str, SourceTable], division: Division, level: Level) -> set[str]:
    """Every area code at ``level`` in the tables of one division."""
    out: set[str] = set()
    for table in tables.values():
        if table.division == division:
            out |= set(table.frame.loc[table.frame["level"] == level, "area_code"])
    return out


def names_of(tables: dict[str, SourceTable], division: Division) -> dict[str, str]:
    names: dict[str, str] = {}
    for table in tables.values():
        if table.division == division:
            for code, name in table.names.items():
                names.setdefault(code, name)
    return names


def build_crosswalks(
    tables: dict[str, SourceTable],
    universe: pd.DataFrame,
    buurten_2024: gpd.GeoDataFrame,
    polygons: dict[tuple[Division, Level], gpd.GeoDataFrame],
    gemeenten: list[str],
) -> pd.DataFrame:
    """All crosswalks to 2024 buurten. ``polygons`` gives the old units' polygons per (division,
    level); overlays are computed only inside ``gemeenten`` (where 2024 buurt polygons exist)."""
    parts = [wijk_split(universe)]
    targets = buurten_2024[buurten_2024["gemeente_code"].isin(gemeenten)][["code", "geometry"]]
    names_2024 = dict(zip(universe["code"], universe["name"]))
    for (division, level), layer in polygons.items():
        codes = codes_at(tables, division, level)
        if not codes:
            continue
        free = targets
        if division == Division.CBS2020 and level == Level.BUURT:
            stable = stable_codes(names_of(tables, division), names_2024, codes)
            parts.append(
                pd.DataFrame(
                    {
                        "division": division.value,
                        "level": level.value,
                        "from_code": stable,
                        "to_code": stable,
                        "w_extensive": 1.0,
                        "w_intensive": 1.0,
                        "method": Method.CODE_STABLE.value,
                    }
                )
            )
            codes -= set(stable)
            # targets already fed whole by a stable code are not split again
            free = targets[~targets["code"].isin(stable)]
        source = layer[layer["code"].isin(codes) & layer["gemeente_code"].isin(gemeenten)]
        if len(source) and len(free):
            weights = crosswalk_weights(source[["code", "geometry"]], free)
            parts.append(weights.assign(division=division.value, level=level.value, method=Method.OVERLAY.value))
    return pd.concat(parts, ignore_index=True)[COLUMNS]
