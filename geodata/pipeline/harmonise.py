"""Indicator values as published (``native``) and carried onto 2024 buurten (``harmonised``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..aggregate import harmonise_units
from ..catalog import Catalog, Indicator
from ..sources.common import SourceTable
from ..vocab import HAS_VALUE, Division, Level, Method, Rule, Status

NATIVE_COLUMNS = ["area_code", "level", "division", "period", "indicator", "value", "status", "source"]
HARMONISED_COLUMNS = ["unit", "period", "indicator", "value", "status", "unit_coverage", "source", "method", "_rank"]


def native_values(catalog: Catalog, tables: dict[str, SourceTable]) -> pd.DataFrame:
    """Catalogue columns of every source as ``NATIVE_COLUMNS`` plus ``_rank`` (the source's place
    in the indicator's order of preference). A column a source did not publish in a year (all
    cells empty) is not a value for that year."""
    parts = []
    for ind in catalog.available():
        for rank, ref in enumerate(ind.sources):
            table = tables.get(ref.source)
            if table is None:  # an optional source that is not in the data directory
                continue
            rows = table.frame[table.frame["column"] == ref.column]
            published = rows.groupby("period")["status"].transform(lambda s: (s == Status.OK).any())
            rows = rows[published]
            if rows.empty:
                continue
            part = rows[["area_code", "level", "period", "value", "status"]].copy()
            part["division"] = str(table.division)
            part["indicator"] = ind.id
            part["source"] = ref.source
            part["_rank"] = rank
            parts.append(part)
    if not parts:
        return pd.DataFrame(columns=[*NATIVE_COLUMNS, "_rank"])
    frame = pd.concat(parts, ignore_index=True)
    return frame[NATIVE_COLUMNS + ["_rank"]]


def pick_by_priority(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per key: the best-ranked source with a value, else the best-ranked row.

    >>> f = pd.DataFrame({"k": [1, 1, 2], "status": ["missing", "ok", "missing"], "_rank": [0, 1, 0]})
    >>> pick_by_priority(f, ["k"])["status"].tolist()
    ['ok', 'missing']
    """
    has_value = frame["status"].isin(HAS_VALUE)
    order = frame.assign(_nov=(~has_value).astype(int)).sort_values(keys + ["_nov", "_rank"])
    return order.drop_duplicates(keys, keep="first").drop(columns="_nov")


def _methods_per_target(crosswalk: pd.DataFrame) -> pd.Series:
    """The method of each target unit: its crosswalk's method, or overlay where they are mixed."""
    first = crosswalk.groupby("to_code", sort=False)["method"].first()
    mixed = crosswalk.groupby("to_code", sort=False)["method"].nunique() > 1
    return first.where(~mixed, Method.OVERLAY.value)


def harmonise_all(catalog: Catalog, native: pd.DataFrame, crosswalks: pd.DataFrame) -> pd.DataFrame:
    """Every indicator's values on 2024 buurten (``HARMONISED_COLUMNS``). A published 2024 buurt
    value wins over a share of its wijk's value from the same source; other sources follow their
    rank."""
    parts = []
    methods = {key: _methods_per_target(cw) for key, cw in crosswalks.groupby(["division", "level"])}
    by_key = dict(tuple(crosswalks.groupby(["division", "level"])))
    for (indicator, source, division, level), rows in native.groupby(
        ["indicator", "source", "division", "level"], sort=False
    ):
        if level not in (Level.BUURT, Level.WIJK):
            continue
        values = rows.rename(columns={"area_code": "unit"})[["unit", "period", "value", "status"]]
        if division == Division.CBS2024 and level == Level.BUURT:
            out = values.assign(
                unit_coverage=np.where(values["status"] == Status.OK, 1.0, 0.0), method=Method.SOURCE.value
            )
        else:
            cw = by_key.get((division, level))
            if cw is None:
                continue
            out = harmonise_units(values, cw, extensive=catalog[indicator].rule == Rule.SUM)
            out["method"] = out["unit"].map(methods[(division, level)])
        out["indicator"] = indicator
        out["source"] = source
        out["_rank"] = int(rows["_rank"].iloc[0])
        parts.append(out)
    if not parts:
        return pd.DataFrame(columns=HARMONISED_COLUMNS)
    frame = pd.concat(parts, ignore_index=True)
    frame["_rank"] = frame["_rank"] * 2 + (frame["method"] != Method.SOURCE)
    return pick_by_priority(frame, ["unit", "period", "indicator"]).reset_index(drop=True)[HARMONISED_COLUMNS]


def ratio_frame(frame: pd.DataFrame, ind: Indicator, key: list[str]) -> pd.DataFrame:
    """Rows of a ratio indicator where its numerator and denominator share a key: the value is
    ``numerator / denominator × scale``; the status is the weaker of the two."""
    num = frame[frame["indicator"] == ind.numerator]
    den = frame[frame["indicator"] == ind.denominator]
    both = num.merge(den, on=key, suffixes=("_n", "_d"))
    if both.empty:
        return both
    ok = both["status_n"].isin(HAS_VALUE) & both["status_d"].isin(HAS_VALUE) & (both["value_d"] > 0)
    both["value"] = np.where(ok, both["value_n"] / both["value_d"].where(ok, 1.0) * ind.scale, np.nan)
    both["status"] = np.where(
        ok,
        np.where((both["status_n"] == Status.OK) & (both["status_d"] == Status.OK), Status.OK, Status.PARTIAL),
        np.where(both["status_n"].isin(HAS_VALUE), both["status_d"], both["status_n"]),
    )
    both["indicator"] = ind.id
    both["source"] = both["source_n"] + "/" + both["source_d"]
    both["_rank"] = 0
    return both


def add_ratio_units(catalog: Catalog, harmonised: pd.DataFrame) -> pd.DataFrame:
    """Ratio indicators on the 2024 buurten, from their harmonised numerators and denominators."""
    parts = [harmonised]
    for ind in catalog.available():
        if ind.rule != Rule.RATIO:
            continue
        both = ratio_frame(harmonised, ind, ["unit", "period"])
        if both.empty:
            continue
        both["unit_coverage"] = np.minimum(both["unit_coverage_n"].fillna(1), both["unit_coverage_d"].fillna(1))
        both["method"] = both["method_n"]
        parts.append(both[harmonised.columns])
    return pd.concat(parts, ignore_index=True)


def add_ratio_native(catalog: Catalog, native: pd.DataFrame) -> pd.DataFrame:
    """Ratios where numerator and denominator are published for the same area and year."""
    parts = [native]
    best = pick_by_priority(native, ["area_code", "level", "period", "indicator"])
    for ind in catalog.available():
        if ind.rule != Rule.RATIO:
            continue
        both = ratio_frame(best, ind, ["area_code", "level", "period"])
        if both.empty:
            continue
        both["division"] = both["division_n"]
        parts.append(both[native.columns])
    return pd.concat(parts, ignore_index=True)
