"""The store's one long values table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..vocab import Division, Level, Method, Status
from .harmonise import pick_by_priority

VALUE_COLUMNS = [
    "area_code",
    "level",
    "division",
    "period",
    "indicator",
    "value",
    "status",
    "coverage",
    "source",
    "method",
    "weight_year",
    "unit_methods",
]
CATEGORIES = ("area_code", "level", "division", "indicator", "status", "source", "method", "unit_methods")


def assemble_values(native: pd.DataFrame, harmonised: pd.DataFrame, aggregates: pd.DataFrame) -> pd.DataFrame:
    """Published values (all divisions), values carried to 2024 buurten from other divisions, and
    aggregates, as ``VALUE_COLUMNS``. One gemeente or national value per year: sources on
    different divisions compete by priority."""
    native = native.assign(_div=np.where(native["level"].isin([Level.GEMEENTE, Level.NL]), "", native["division"]))
    nat = pick_by_priority(native, ["area_code", "level", "_div", "period", "indicator"]).drop(
        columns=["_rank", "_div"]
    )
    nat = nat.assign(
        coverage=np.where(nat["status"] == Status.OK, 1.0, 0.0),
        method=Method.SOURCE.value,
        weight_year=pd.NA,
        unit_methods="",
    )
    carried = harmonised[harmonised["method"] != Method.SOURCE].rename(
        columns={"unit": "area_code", "unit_coverage": "coverage"}
    )
    carried = carried.assign(
        level=Level.BUURT.value, division=Division.CBS2024.value, weight_year=pd.NA, unit_methods=""
    )
    agg = aggregates.assign(division=Division.CBS2024.value)
    out = pd.concat([nat[VALUE_COLUMNS], carried[VALUE_COLUMNS], agg[VALUE_COLUMNS]], ignore_index=True)
    # a gemeente or the Netherlands has one value per year whatever the division: the published one first
    single = out["level"].isin([Level.GEMEENTE, Level.NL])
    twice = single & out.duplicated(["area_code", "level", "period", "indicator"], keep="first")
    out = out[~twice].reset_index(drop=True)
    out["period"] = out["period"].astype("int16")
    out["value"] = out["value"].astype(float)
    out["coverage"] = out["coverage"].astype(float).round(4)
    out["weight_year"] = out["weight_year"].astype("Int16")
    out["unit_methods"] = out["unit_methods"].fillna("")
    for c in CATEGORIES:
        out[c] = out[c].astype("category")
    return out
