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
    frame = member_rows(units, membership)
    num, den, usable = rule_terms(frame, rule)
    grouped = _sum_by_target(frame, num, den, usable, coverage_weight)
    coverage = _coverage(grouped)
    if rule == Rule.SUM:
        value = grouped["num"].to_numpy(float)
    else:
        value = _divide(grouped["num"], grouped["den"]) * (scale if rule == Rule.RATIO else 1.0)
    none_used = grouped["n_used"].to_numpy() == 0
    out = pd.DataFrame(
        {
            "target": grouped["target"],
            "period": grouped["period"].astype(int),
            "value": np.where(none_used, np.nan, value),
            "status": _status(grouped, coverage, none_used),
            "coverage": np.clip(coverage, 0.0, 1.0),
            "n_members": grouped["n_members"].astype(int),
            "n_used": grouped["n_used"].astype(int),
        }
    )
    return out[OUT_COLUMNS]


def member_rows(units: pd.DataFrame, membership: pd.DataFrame) -> pd.DataFrame:
    """One row per member, target and period, with the unit's row where it has one.

    Every member counts for coverage, also a member without a row for a period: its status is
    then ``missing``, so a target none of whose members has a row still gets a row (value
    missing, coverage 0). ``share`` is 1 where ``membership`` has no share column.

    >>> u = pd.DataFrame({"unit": ["a"], "period": [2024], "value": [1.0], "status": "ok"})
    >>> m = pd.DataFrame({"unit": ["a", "b"], "target": "T"})
    >>> member_rows(u, m)[["unit", "share", "status"]].values.tolist()
    [['a', 1.0, 'ok'], ['b', 1.0, 'missing']]
    """
    mem = membership[["unit", "target"]].copy()
    mem["share"] = membership["share"].to_numpy(float) if "share" in membership else 1.0
    periods = pd.DataFrame({"period": pd.unique(units["period"])})
    frame = mem.merge(periods, how="cross").merge(units, on=["unit", "period"], how="left")
    frame["status"] = frame["status"].fillna(Status.MISSING.value)
    return frame


def rule_terms(frame: pd.DataFrame, rule: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per member row: what the rule adds to the target's numerator and denominator (already
    times the member's ``share``), and whether the row is usable at all.

    A count adds ``share × value`` (its denominator is unused and 1); a ratio adds its own
    ``share × numerator`` and ``share × denominator``, so the target's rate is recomputed from
    the sums; a weighted mean adds ``share × weight × value`` over ``share × weight``.

    >>> f = pd.DataFrame({"share": [1.0, 0.5], "status": "ok", "numerator": [1.0, 4.0],
    ...                   "denominator": [10.0, 10.0]})
    >>> num, den, usable = rule_terms(f, "ratio")
    >>> num.tolist(), den.tolist(), usable.tolist()
    ([1.0, 2.0], [10.0, 5.0], [True, True])
    """
    share = frame["share"].to_numpy(float)
    ok = frame["status"].isin(HAS_VALUE).to_numpy()
    if rule == Rule.RATIO:
        num = frame["numerator"].to_numpy(float)
        den = frame["denominator"].to_numpy(float)
        usable = np.isfinite(num) & np.isfinite(den) & (den > 0)
        return np.where(usable, share * num, 0.0), np.where(usable, share * den, 0.0), usable
    value = frame["value"].to_numpy(float)
    if rule == Rule.SUM:
        usable = ok & np.isfinite(value)
        return np.where(usable, share * value, 0.0), np.ones(len(frame)), usable
    weight = frame["weight"].to_numpy(float)
    usable = ok & np.isfinite(value) & np.isfinite(weight) & (weight > 0)
    return np.where(usable, share * weight * value, 0.0), np.where(usable, share * weight, 0.0), usable


def _sum_by_target(
    frame: pd.DataFrame,
    num: np.ndarray,
    den: np.ndarray,
    usable: np.ndarray,
    coverage_weight: pd.Series | None,
) -> pd.DataFrame:
    """Sums per target and period: the rule's numerator and denominator, the coverage weights
    of all and of the used members (a used unit that is itself an estimate counts with its
    ``unit_coverage``), member counts, and whether the members were all secret / any
    missing-or-secret."""
    share = frame["share"].to_numpy(float)
    if "unit_coverage" in frame:
        unit_cov = frame["unit_coverage"].fillna(1.0).to_numpy(float)
    else:
        unit_cov = np.ones(len(frame))
    if coverage_weight is not None:
        cw = frame["unit"].map(coverage_weight).astype(float).fillna(0.0).to_numpy()
    else:
        cw = np.ones(len(frame))
    terms = pd.DataFrame(
        {
            "target": frame["target"],
            "period": frame["period"],
            "num": num,
            "den": den,
            "cw_all": share * cw,
            "cw_used": np.where(usable, share * cw * unit_cov, 0.0),
            "n_members": 1,
            "n_used": usable.astype(int),
            "cnt_used": np.where(usable, unit_cov, 0.0),
            "secret": (frame["status"] == Status.SECRET).to_numpy(),
            "mos": (frame["status"] == Status.MISSING_OR_SECRET).to_numpy(),
        }
    )
    sums = dict.fromkeys(("num", "den", "cw_all", "cw_used", "n_members", "n_used", "cnt_used"), "sum")
    return terms.groupby(["target", "period"], sort=True).agg({**sums, "secret": "all", "mos": "any"}).reset_index()


def _coverage(grouped: pd.DataFrame) -> np.ndarray:
    """Share of each target's coverage weight that was used; by member count where the target's
    members have no weight (no population known)."""
    by_weight = grouped["cw_all"] > 0
    return np.where(
        by_weight,
        grouped["cw_used"] / grouped["cw_all"].where(by_weight, 1.0),
        grouped["cnt_used"] / grouped["n_members"],
    )


def _divide(num: pd.Series, den: pd.Series) -> np.ndarray:
    """``num / den`` where ``den > 0``, else NaN."""
    d = den.to_numpy(float)
    return np.divide(num.to_numpy(float), d, out=np.full(len(d), np.nan), where=d > 0)


def _status(grouped: pd.DataFrame, coverage: np.ndarray, none_used: np.ndarray) -> np.ndarray:
    """``ok`` at full coverage, else ``partial``; a target with no usable member takes its
    members' status: ``secret`` if all were secret, else ``missing_or_secret`` if any was, else
    ``missing``."""
    status = np.where(coverage >= 1 - EPS, Status.OK.value, Status.PARTIAL.value).astype(object)
    status[none_used] = np.where(
        grouped["secret"][none_used],
        Status.SECRET.value,
        np.where(grouped["mos"][none_used], Status.MISSING_OR_SECRET.value, Status.MISSING.value),
    )
    return status


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
