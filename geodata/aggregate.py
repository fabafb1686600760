"""Exact aggregation of unit values to larger areas (pure: frames in, frames out).

Counts are summed; rates are recomputed from numerator and denominator; means are weighted by
a named weight — never an average of percentages. Every aggregate carries its *coverage*: the
share of the target's population (members weighted by ``coverage_weight``; by member count
where no weights are known) whose values were available, and a status: ``ok`` (everything
available), ``partial`` (some members missing or secret), or the members' own status when
none was available.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import CRSError
from .vocab import AGGREGATABLE, HAS_VALUE, Rule, Status

#: coverage below 1 - EPS counts as partial (floating sums of shares)
EPS = 1e-9
OUT_COLUMNS = ["target", "period", "value", "status", "coverage", "n_members", "n_used"]


def aggregate(
    units: pd.DataFrame,
    membership: pd.DataFrame,
    *,
    rule: str,
    scale: float = 1.0,
    coverage_weight: pd.Series | None = None,
) -> pd.DataFrame:
    """Aggregate unit values to targets.

    Parameters
    ----------
    units
        ``unit, period, value, status`` and, by rule: ``weight`` (weighted_mean) or
        ``numerator, denominator`` (ratio). Optional ``unit_coverage`` (0–1) for units that are
        themselves estimates from partly available sources.
    membership
        ``unit, target`` and optional ``share``: the part of the unit that lies in the target
        (1 for code nesting; < 1 for a split unit). Counts are multiplied by the share.
    rule
        ``sum``, ``ratio`` or ``weighted_mean``.
    coverage_weight
        Population (or another size) per unit, for coverage; unknown sizes count 0.

    Examples
    --------
    >>> u = pd.DataFrame({"unit": ["a", "b"], "period": 2024, "value": [10.0, 30.0],
    ...                   "status": "ok", "weight": [1.0, 3.0]})
    >>> m = pd.DataFrame({"unit": ["a", "b"], "target": "T"})
    >>> aggregate(u, m, rule="weighted_mean")[["target", "value", "status"]].to_dict("records")
    [{'target': 'T', 'value': 25.0, 'status': 'ok'}]
    """
    if rule not in AGGREGATABLE:
        raise ValueError(f"rule {rule!r} cannot be aggregated; use sum, ratio or weighted_mean")
    if membership.empty or units.empty:
        return pd.DataFrame(columns=OUT_COLUMNS)
    mem = membership[["unit", "target"]].copy()
    mem["share"] = membership["share"].to_numpy(float) if "share" in membership else 1.0
    # every member counts for coverage, also members without a row for a period
    periods = pd.DataFrame({"period": pd.unique(units["period"])})
    grid = mem.merge(periods, how="cross")
    frame = grid.merge(units, on=["unit", "period"], how="left")
    # a target none of whose members has a row still gets one: value missing, coverage 0
    frame["status"] = frame["status"].fillna(Status.MISSING.value)
    share = frame["share"].to_numpy(float)
    if "unit_coverage" in frame:
        unit_cov = frame["unit_coverage"].fillna(1.0).to_numpy(float)
    else:
        unit_cov = np.ones(len(frame))
    ok = (frame["status"].isin(HAS_VALUE)).to_numpy()
    if rule == Rule.SUM:
        value = frame["value"].to_numpy(float)
        usable = ok & np.isfinite(value)
        frame["_num"] = np.where(usable, share * value, 0.0)
        frame["_den"] = 1.0
    elif rule == Rule.RATIO:
        num = frame["numerator"].to_numpy(float)
        den = frame["denominator"].to_numpy(float)
        usable = np.isfinite(num) & np.isfinite(den) & (den > 0)
        frame["_num"] = np.where(usable, share * num, 0.0)
        frame["_den"] = np.where(usable, share * den, 0.0)
    else:
        value = frame["value"].to_numpy(float)
        weight = frame["weight"].to_numpy(float)
        usable = ok & np.isfinite(value) & np.isfinite(weight) & (weight > 0)
        frame["_num"] = np.where(usable, share * weight * value, 0.0)
        frame["_den"] = np.where(usable, share * weight, 0.0)

    if coverage_weight is not None:
        cw = frame["unit"].map(coverage_weight).astype(float).fillna(0.0).to_numpy()
    else:
        cw = np.ones(len(frame))
    frame["_cw_all"] = share * cw
    frame["_cw_used"] = np.where(usable, share * cw * unit_cov, 0.0)
    frame["_n_all"] = 1
    frame["_n_used"] = usable.astype(int)
    frame["_cnt_used"] = np.where(usable, unit_cov, 0.0)
    frame["_secret"] = (frame["status"] == Status.SECRET).to_numpy()
    frame["_mos"] = (frame["status"] == Status.MISSING_OR_SECRET).to_numpy()

    grouped = (
        frame.groupby(["target", "period"], sort=True)
        .agg(
            num=("_num", "sum"),
            den=("_den", "sum"),
            cw_all=("_cw_all", "sum"),
            cw_used=("_cw_used", "sum"),
            n_members=("_n_all", "sum"),
            n_used=("_n_used", "sum"),
            cnt_used=("_cnt_used", "sum"),
            secret=("_secret", "all"),
            mos=("_mos", "any"),
        )
        .reset_index()
    )

    by_weight = grouped["cw_all"] > 0
    coverage = np.where(
        by_weight,
        grouped["cw_used"] / grouped["cw_all"].where(by_weight, 1.0),
        grouped["cnt_used"] / grouped["n_members"],
    )
    if rule == Rule.SUM:
        value = grouped["num"].to_numpy(float)
    else:
        den = grouped["den"].to_numpy(float)
        value = np.divide(grouped["num"].to_numpy(float), den, out=np.full(len(den), np.nan), where=den > 0) * (
            scale if rule == Rule.RATIO else 1.0
        )
    none_used = grouped["n_used"].to_numpy() == 0
    status = np.where(coverage >= 1 - EPS, Status.OK.value, Status.PARTIAL.value).astype(object)
    status[none_used] = np.where(
        grouped["secret"][none_used],
        Status.SECRET.value,
        np.where(grouped["mos"][none_used], Status.MISSING_OR_SECRET.value, Status.MISSING.value),
    )
    value = np.where(none_used, np.nan, value)
    out = pd.DataFrame(
        {
            "target": grouped["target"],
            "period": grouped["period"].astype(int),
            "value": value,
            "status": status,
            "coverage": np.clip(coverage, 0.0, 1.0),
            "n_members": grouped["n_members"].astype(int),
            "n_used": grouped["n_used"].astype(int),
        }
    )
    return out[OUT_COLUMNS]


def crosswalk_weights(source: pd.DataFrame, target: pd.DataFrame, *, min_share: float = 0.02) -> pd.DataFrame:
    """Area-weighted crosswalk between two polygon layers (GeoDataFrames with ``code``, same CRS).

    Returns ``from_code, to_code, w_extensive, w_intensive``: ``w_extensive`` = share of the
    source unit's area inside the target unit (sums to 1 per source unit that touches any
    target), ``w_intensive`` = share of the target unit's covered area that comes from the source
    unit (sums to 1 per target unit). Pieces under ``min_share`` of both units are slivers of
    imprecise boundaries and are dropped before renormalising.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> src = gpd.GeoDataFrame({"code": ["s"]}, geometry=[box(0, 0, 2, 1)], crs="EPSG:28992")
    >>> tgt = gpd.GeoDataFrame({"code": ["a", "b"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)],
    ...                        crs="EPSG:28992")
    >>> crosswalk_weights(src, tgt)["w_extensive"].tolist()
    [0.5, 0.5]
    """
    import geopandas as gpd

    if source.crs is None or target.crs is None or not source.crs.equals(target.crs):
        raise CRSError("crosswalk layers", str(target.crs), source.crs)
    a = gpd.GeoDataFrame(
        {"from_code": source["code"].to_numpy(), "from_area": source.area.to_numpy()},
        geometry=source.geometry.to_numpy(),
        crs=source.crs,
    )
    b = gpd.GeoDataFrame(
        {"to_code": target["code"].to_numpy(), "to_area": target.area.to_numpy()},
        geometry=target.geometry.to_numpy(),
        crs=target.crs,
    )
    pieces = gpd.overlay(a, b, how="intersection", keep_geom_type=True)
    pieces["inter"] = pieces.area
    pieces = pieces.groupby(["from_code", "to_code"], as_index=False).agg(
        inter=("inter", "sum"), from_area=("from_area", "first"), to_area=("to_area", "first")
    )
    keep = (pieces["inter"] / pieces["from_area"] >= min_share) | (pieces["inter"] / pieces["to_area"] >= min_share)
    pieces = pieces[keep & (pieces["inter"] > 0)].copy()
    pieces["w_extensive"] = pieces["inter"] / pieces.groupby("from_code")["inter"].transform("sum")
    pieces["w_intensive"] = pieces["inter"] / pieces.groupby("to_code")["inter"].transform("sum")
    return pieces[["from_code", "to_code", "w_extensive", "w_intensive"]].reset_index(drop=True)


def harmonise_units(values: pd.DataFrame, weights: pd.DataFrame, *, extensive: bool) -> pd.DataFrame:
    """Carry unit values (``unit, period, value, status``) across a crosswalk to target units.

    Extensive values (counts) are split by ``w_extensive``; intensive values (rates, scores)
    are averaged by ``w_intensive``. Returns ``unit, period, value, status, unit_coverage`` on
    the target units; ``unit_coverage`` is the share (by weight) of sources that had a value.

    >>> w = pd.DataFrame({"from_code": ["s", "s"], "to_code": ["a", "b"],
    ...                   "w_extensive": [0.25, 0.75], "w_intensive": [1.0, 1.0]})
    >>> v = pd.DataFrame({"unit": ["s"], "period": [2020], "value": [100.0], "status": ["ok"]})
    >>> harmonise_units(v, w, extensive=True)["value"].tolist()
    [25.0, 75.0]
    """
    frame = values.merge(weights, left_on="unit", right_on="from_code", how="inner")
    if frame.empty:
        return pd.DataFrame(columns=["unit", "period", "value", "status", "unit_coverage"])
    w = frame["w_extensive" if extensive else "w_intensive"].to_numpy(float)
    ok = frame["status"].isin(HAS_VALUE).to_numpy() & np.isfinite(frame["value"].to_numpy(float))
    frame["_wv"] = np.where(ok, w * frame["value"].to_numpy(float), 0.0)
    frame["_w_ok"] = np.where(ok, w, 0.0)
    # coverage is a share of the *target*: weigh sources by the part of the target they make up
    # (w_intensive), also for counts, whose w_extensive is a share of each source instead
    wi = frame["w_intensive"].to_numpy(float)
    frame["_c_ok"] = np.where(ok, wi, 0.0)
    frame["_c_all"] = wi
    frame["_secret"] = frame["status"] == Status.SECRET
    g = (
        frame.groupby(["to_code", "period"])
        .agg(
            wv=("_wv", "sum"),
            w_ok=("_w_ok", "sum"),
            c_ok=("_c_ok", "sum"),
            c_all=("_c_all", "sum"),
            secret=("_secret", "all"),
        )
        .reset_index()
    )
    cov = np.where(g["c_all"] > 0, g["c_ok"] / g["c_all"].where(g["c_all"] > 0, 1.0), 0.0)
    if extensive:
        value = np.where(g["w_ok"] > 0, g["wv"], np.nan)
    else:
        value = np.where(g["w_ok"] > 0, g["wv"] / g["w_ok"].where(g["w_ok"] > 0, 1.0), np.nan)
    status = np.where(
        g["w_ok"] <= 0,
        np.where(g["secret"], Status.SECRET.value, Status.MISSING.value),
        np.where(cov >= 1 - EPS, Status.OK.value, Status.PARTIAL.value),
    )
    return pd.DataFrame(
        {
            "unit": g["to_code"],
            "period": g["period"].astype(int),
            "value": value,
            "status": status,
            "unit_coverage": np.clip(cov, 0, 1),
        }
    )
