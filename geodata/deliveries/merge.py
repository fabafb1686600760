"""Delivered rows as values of the store (pure: frames in, a frame of ``VALUE_COLUMNS`` out).

A row for a focus area or a gemeente is that area's value. Buurt and wijk rows are values of their
own and are aggregated to the focus areas by the existing rules (:func:`geodata.aggregate.aggregate`):
counts summed, rates recomputed from the summed delivered numerators and denominators — a wijk only
partly in a focus area counts with the share of its 2024 inhabitants that lives there. A focus
area's own delivered figure beats an aggregate of its buurten. Half-year periods are stored under
their year (the store's periods are years); a second half-year supersedes the first.

Every value's ``source`` is ``delivery:<id>`` (aggregates join theirs with ``,``), so the report
of a period knows each value's vintage: its delivery date.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..aggregate import aggregate
from ..catalog import Catalog
from ..codes import rest_code, wijk_of
from ..pipeline.benchmarks import MIN_BENCHMARK_COVERAGE
from ..pipeline.values import VALUE_COLUMNS
from ..vocab import Division, Level, Method, Rule, Status

#: the columns of the delivered rows this module needs (``current_rows`` gives them)
ROW_COLUMNS = ["delivery_id", "indicator", "area_code", "period", "value", "numerator", "denominator", "status"]
STATUS = {"ok": Status.OK.value, "geheim": Status.SECRET.value, "ontbreekt": Status.MISSING.value}


def supersede(rows: pd.DataFrame) -> pd.DataFrame:
    """The current row per (indicator, area, period): that of the latest delivery.

    >>> r = pd.DataFrame({"delivery_id": [1, 2], "indicator": "x", "area_code": "A", "period": "2025", "value": [1.0, 2.0]})
    >>> supersede(r)["value"].tolist()
    [2.0]
    """
    if rows.empty:
        return rows
    rows = rows.sort_values(["delivery_id"])
    return rows.drop_duplicates(["indicator", "area_code", "period"], keep="last").reset_index(drop=True)


def _year(period: pd.Series) -> pd.Series:
    return period.astype(str).str[:4].astype(int)


def delivered_values(
    rows: pd.DataFrame,
    catalog: Catalog,
    membership: pd.DataFrame,
    population: pd.Series,
    focus_gemeente: dict[str, str],
    *,
    buurten: pd.Series | None = None,
) -> pd.DataFrame:
    """The store rows of the current delivered rows (``ROW_COLUMNS``; one per key, see :func:`supersede`).

    ``membership``: 2024 buurt ``unit`` → focus-area ``target``; ``population``: 2024 inhabitants
    per buurt (weights of a split wijk and of coverage); ``focus_gemeente``: focus id → gemeente;
    ``buurten``: every 2024 buurt → its gemeente, to aggregate the rest of the gemeente and the
    gemeente too (kept only where the delivered buurten cover at least 90 % of their inhabitants,
    the benchmarks' rule).

    >>> from geodata.catalog import Catalog, Indicator
    >>> ind = Indicator("n", "n", "n", "2", True, "woningen", "dwellings", 0, "neutral", Rule.SUM, "", "", (),
    ...                 available=False, delivery_rule=Rule.SUM)
    >>> rows = pd.DataFrame({"delivery_id": 1, "indicator": "n", "area_code": ["BU00010001", "BU00010002"],
    ...                      "period": "2025", "value": [3.0, 4.0], "numerator": np.nan, "denominator": np.nan,
    ...                      "status": "ok"})
    >>> m = pd.DataFrame({"unit": ["BU00010001", "BU00010002"], "target": "F"})
    >>> out = delivered_values(rows, Catalog({"n": ind}, {}), m, pd.Series({"BU00010001": 10, "BU00010002": 10}), {"F": "GM0001"})
    >>> out.loc[out["area_code"] == "F", ["value", "status", "source"]].values.tolist()
    [[7.0, 'ok', 'delivery:1']]
    """
    if rows.empty:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    own = own_values(rows, focus_gemeente)
    parts = [own[VALUE_COLUMNS]]
    units = own[own["level"].isin([Level.BUURT, Level.WIJK])]
    if len(units) and len(membership):
        direct = set(zip(own["area_code"], own["indicator"], own["period"]))
        targets = benchmark_membership(membership, focus_gemeente, buurten)
        parts.append(_aggregate_units(units, catalog, targets, population, direct))
    out = pd.concat([p for p in parts if len(p)], ignore_index=True)
    out["period"] = out["period"].astype("int16")
    out["value"] = out["value"].astype(float)
    out["coverage"] = out["coverage"].astype(float).round(4)
    out["weight_year"] = out["weight_year"].astype("Int16")
    return out[VALUE_COLUMNS].reset_index(drop=True)


def own_values(rows: pd.DataFrame, focus_gemeente: dict[str, str]) -> pd.DataFrame:
    """Each delivered row as the value of its own area, one per indicator, area and year: a
    half-year is stored under its year, and the later half (and a whole year) wins. The level
    follows from the code (a focus-area id, or GM/WK/BU); ``source`` is ``delivery:<id>``.

    >>> rows = pd.DataFrame({"delivery_id": [1, 2], "indicator": "n", "area_code": "F",
    ...                      "period": ["2025-H2", "2025-H1"], "value": [2.0, 1.0], "status": "ok"})
    >>> own_values(rows, {"F": "GM0001"})[["period", "value", "level", "source"]].values.tolist()
    [[2025, 2.0, 'focus_area', 'delivery:1']]
    """
    rows = rows.copy()
    rows["year"] = _year(rows["period"])
    rows["_half"] = rows["period"].astype(str).map(lambda p: {"H1": 1, "H2": 2}.get(p[5:], 3))
    rows = rows.sort_values(["_half", "delivery_id"]).drop_duplicates(["indicator", "area_code", "year"], keep="last")
    rows["source"] = "delivery:" + rows["delivery_id"].astype(int).astype(str)
    rows["status"] = rows["status"].map(STATUS).fillna(Status.OK.value)
    code = rows["area_code"].astype(str)
    rows["level"] = np.select(
        [code.isin(focus_gemeente), code.str.startswith("GM"), code.str.startswith("WK"), code.str.startswith("BU")],
        [Level.FOCUS_AREA.value, Level.GEMEENTE.value, Level.WIJK.value, Level.BUURT.value],
        default="",
    )
    return rows.assign(
        division=Division.CBS2024.value,
        coverage=np.where(rows["status"] == Status.OK, 1.0, 0.0),
        method=Method.DELIVERED.value,
        weight_year=pd.NA,
        unit_methods="",
        period=rows["year"],
    )


def benchmark_membership(
    membership: pd.DataFrame, focus_gemeente: dict[str, str], buurten: pd.Series | None
) -> pd.DataFrame:
    """Buurt → target with the target's ``level``: the focus areas (``membership``) and, given every
    buurt's gemeente, each focus area's rest of the gemeente and the gemeente itself.

    >>> m = pd.DataFrame({"unit": ["B1", "B2"], "target": "F"})
    >>> t = benchmark_membership(m, {"F": "GM1"}, pd.Series({"B1": "GM1", "B2": "GM1", "B3": "GM1"}))
    >>> sorted(zip(t["target"], t["unit"]))
    [('F', 'B1'), ('F', 'B2'), ('GM1', 'B1'), ('GM1', 'B2'), ('GM1', 'B3'), ('REST_F', 'B3')]
    """
    parts = [membership[["unit", "target"]].assign(level=Level.FOCUS_AREA.value)]
    if buurten is not None and len(buurten):
        for gm in sorted(set(focus_gemeente.values())):
            own = buurten.index[buurten == gm]
            parts.append(pd.DataFrame({"unit": own, "target": gm, "level": Level.GEMEENTE.value}))
            for fid in (f for f, g in focus_gemeente.items() if g == gm):
                inside = set(membership.loc[membership["target"] == fid, "unit"])
                rest = [b for b in own if b not in inside]
                parts.append(
                    pd.DataFrame({"unit": rest, "target": rest_code(fid), "level": Level.REST_OF_GEMEENTE.value})
                )
    return pd.concat(parts, ignore_index=True)


def unit_membership(membership: pd.DataFrame, population: pd.Series) -> pd.DataFrame:
    """Buurt and wijk units → focus areas with the share of each unit inside the target: 1 for a
    buurt; for a wijk, the share of its 2024 inhabitants living in the target's buurten."""
    buurten = membership[["unit", "target"]].assign(share=1.0, kind=Level.BUURT.value)
    all_buurten = pd.Series(population.index, index=population.index)
    wijk_pop = population.groupby(all_buurten.map(wijk_of)).sum()
    inside = membership.assign(wijk=membership["unit"].map(wijk_of), pop=membership["unit"].map(population).fillna(0.0))
    w = inside.groupby(["wijk", "target"], as_index=False)["pop"].sum()
    w["share"] = (w["pop"] / w["wijk"].map(wijk_pop)).where(w["wijk"].map(wijk_pop) > 0, 0.0).clip(0, 1)
    wijken = w.rename(columns={"wijk": "unit"})[["unit", "target", "share"]].assign(kind=Level.WIJK.value)
    return pd.concat([buurten, wijken], ignore_index=True)


def _aggregate_units(
    units: pd.DataFrame, catalog: Catalog, membership: pd.DataFrame, population: pd.Series, direct: set[tuple]
) -> pd.DataFrame:
    """Aggregates of delivered buurt or wijk values to the targets of ``membership`` (buurten
    preferred where both exist); benchmarks only where they cover 90 % of the inhabitants."""
    levels = dict(zip(membership["target"], membership["level"]))
    members = unit_membership(membership[["unit", "target"]], population)
    frames = []
    for (iid, _period), g in units.groupby(["indicator", "period"]):
        ind = catalog[iid]
        rule = ind.delivery_rule or Rule.SUM
        for kind in (Level.BUURT, Level.WIJK):
            sub = g[g["level"] == kind].rename(columns={"area_code": "unit"})
            if sub.empty:
                continue
            mem = members[(members["kind"] == kind) & members["target"].isin(_touched(sub["unit"], members, kind))]
            weight = population if kind == Level.BUURT else population.groupby(population.index.map(wijk_of)).sum()
            agg = aggregate(
                sub[["unit", "period", "value", "status", "numerator", "denominator"]],
                mem[["unit", "target", "share"]],
                rule=rule.value,
                scale=ind.delivery_scale,
                coverage_weight=weight,
            )
            used = sub.loc[sub["unit"].isin(mem["unit"]), "source"]
            agg = agg.assign(indicator=iid, kind=kind.value, source=",".join(sorted(set(used))))
            frames.append(agg)
    if not frames:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    # buurt-based before wijk-based; a focus area's own delivered figure beats both
    out = out.sort_values(["kind"]).drop_duplicates(["target", "indicator", "period"], keep="first")
    keys = pd.Series(list(zip(out["target"], out["indicator"], out["period"].astype(int))), index=out.index)
    out = out[~keys.isin(direct)]
    level = out["target"].map(levels)
    out = out[(level == Level.FOCUS_AREA) | (out["coverage"].astype(float) >= MIN_BENCHMARK_COVERAGE - 1e-9)]
    return pd.DataFrame(
        {
            "area_code": out["target"],
            "level": out["target"].map(levels),
            "division": Division.CBS2024.value,
            "period": out["period"].astype(int),
            "indicator": out["indicator"],
            "value": out["value"],
            "status": out["status"],
            "coverage": out["coverage"],
            "source": out["source"],
            "method": Method.DELIVERED.value,
            "weight_year": pd.NA,
            "unit_methods": "aggregate",
        }
    )


def _touched(units: pd.Series, members: pd.DataFrame, kind: str) -> set[str]:
    """The targets any of the delivered units lies in (others get no aggregate)."""
    m = members[(members["kind"] == kind) & members["unit"].isin(set(units)) & (members["share"] > 0)]
    return set(m["target"])
