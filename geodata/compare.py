"""Comparisons for the cards, the summary sentence and the ranking (pure: the store in, facts out)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .codes import wide_code
from .store import Store
from .vocab import HAS_VALUE, Level, Status


@dataclass(frozen=True)
class Summary:
    """One indicator for one focus area and year, with its benchmarks and the change since
    the baseline (0-meting). Differences are only given where both sides have a value."""

    indicator: str
    period: int | None
    value: float | None
    status: str
    coverage: float | None
    method: str
    weight_year: int | None
    unit_methods: str
    source: str
    rest: float | None
    gemeente: float | None
    nl: float | None
    focus_average: float | None
    baseline_period: int | None
    baseline_value: float | None
    #: the same figure with the area's uncertain members included (None: no such members or no value)
    wide: float | None = None

    def composition_matters(self, *, percentage: bool) -> bool:
        """Whether the uncertain members change the figure by more than 1 % (relative) — or by more
        than 1 point for a percentage.

        >>> from dataclasses import replace
        >>> s = empty_summary("x", 2024, "ok")
        >>> replace(s, value=50.0, wide=51.5).composition_matters(percentage=True)
        True
        >>> replace(s, value=100.0, wide=100.5).composition_matters(percentage=False)
        False
        """
        if self.value is None or self.wide is None:
            return False
        diff = abs(self.wide - self.value)
        if percentage:
            return diff > 1.0
        return diff > 0.01 * max(abs(self.value), abs(self.wide))

    @property
    def diff_rest(self) -> float | None:
        return _diff(self.value, self.rest)

    @property
    def diff_nl(self) -> float | None:
        return _diff(self.value, self.nl)

    @property
    def change(self) -> float | None:
        if self.baseline_period is None or self.period is None or self.baseline_period >= self.period:
            return None
        return _diff(self.value, self.baseline_value)

    @property
    def sources(self) -> set[str]:
        """Ids of the sources behind the value (ratios join theirs with ``/``)."""
        return {x for part in (self.source or "").split(",") for x in part.split("/") if x}


def _diff(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or not np.isfinite(a) or not np.isfinite(b):
        return None
    return float(a - b)


def empty_summary(indicator: str, period: int | None, status: str) -> Summary:
    return Summary(indicator, period, None, status, None, "", None, "", "", None, None, None, None, None, None)


def summarise(store: Store, focus_id: str, indicator_id: str, period: int | None, baseline_year: int) -> Summary:
    """The card of one indicator: the focus area's value in ``period`` (or the latest earlier
    year with a value), its benchmarks in that same year, and the change since the 0-meting."""
    codes = store.benchmark_codes(focus_id)
    fa = store.series(indicator_id, codes[Level.FOCUS_AREA])
    usable = sorted(p for p, r in fa.items() if r[1] in HAS_VALUE and (period is None or p <= period))
    if not usable:
        row = fa.get(period) if period is not None else (fa[max(fa)] if fa else None)
        return empty_summary(indicator_id, period, row[1] if row else Status.MISSING.value)
    used = usable[-1]
    value, status, coverage, method, weight_year, unit_methods, source = fa[used]

    def at(role: Level) -> float | None:
        r = store.series(indicator_id, codes[role]).get(used)
        return r[0] if r and r[1] in HAS_VALUE else None

    base = store.baseline_period(indicator_id, focus_id, baseline_year)
    base_row = fa.get(base) if base is not None else None
    base_val = base_row[0] if base_row and base_row[1] in HAS_VALUE else None
    wide_row = store.series(indicator_id, wide_code(focus_id)).get(used)
    wide = wide_row[0] if wide_row and wide_row[1] in HAS_VALUE else None
    return Summary(
        indicator_id,
        used,
        value,
        status,
        coverage,
        method,
        weight_year,
        unit_methods,
        source,
        at(Level.REST_OF_GEMEENTE),
        at(Level.GEMEENTE),
        at(Level.NL),
        at(Level.FOCUS_AVERAGE),
        base,
        base_val,
        wide,
    )


def ranking(store: Store, indicator_id: str, period: int) -> pd.DataFrame:
    """The 20 focus areas for one year with their municipality's and the national value."""
    v = store.indicator_values(indicator_id)
    v = v[(v["period"] == period) & v["status"].isin(HAS_VALUE)]

    def first(frame: pd.DataFrame, column: str, default: object = np.nan) -> object:
        return frame[column].iloc[0] if len(frame) else default

    nl_value = float(first(v[v["area_code"] == store.nl_code], "value"))
    rows = []
    for fa in store.focus_areas:
        f = v[(v["area_code"] == fa.id) & (v["level"] == Level.FOCUS_AREA)]
        g = v[(v["area_code"] == fa.gemeente) & (v["level"] == Level.GEMEENTE)]
        rows.append(
            {
                "focus_area": fa.id,
                "name": fa.name,
                "value": float(first(f, "value")),
                "status": str(first(f, "status", Status.MISSING.value)),
                "coverage": float(first(f, "coverage")),
                "gemeente": fa.gemeente,
                "gemeente_name": store.area_name(fa.gemeente),
                "gemeente_value": float(first(g, "value")),
                "nl_value": nl_value,
            }
        )
    return pd.DataFrame(rows)


def change_ranking(store: Store, indicator_id: str, first: int, last: int) -> pd.DataFrame:
    """The 20 focus areas by their change between two years, with their municipality's and the
    national change; ``reason`` says why a change is not given (one of the years has no value, or
    the two come from different series or versions: :func:`geodata.progress.comparability`).
    ``improvement`` is the change signed so that positive is better (None without a direction)."""
    from .progress import comparability  # progress builds on this module

    ind = store.catalog[indicator_id]
    a, b = ranking(store, indicator_id, first), ranking(store, indicator_id, last)
    out = a[["focus_area", "name", "gemeente", "gemeente_name"]].copy()
    out["first_value"], out["last_value"] = a["value"], b["value"]
    out["status"] = b["status"]
    out["change"] = b["value"] - a["value"]
    out["gemeente_change"] = b["gemeente_value"] - a["gemeente_value"]
    out["nl_change"] = b["nl_value"] - a["nl_value"]
    sources = {
        (p, code): r[6]
        for p in (first, last)
        for code in out["focus_area"]
        for r in [store.series(indicator_id, code).get(p)]
        if r
    }
    reasons = []
    for code, change in zip(out["focus_area"], out["change"]):
        if np.isnan(change):
            reasons.append("missing")
            continue
        reasons.append(
            comparability(
                store.catalog, indicator_id, (first, sources.get((first, code))), (last, sources.get((last, code)))
            )
        )
    out["reason"] = reasons
    out.loc[out["reason"] != "", ["change", "gemeente_change", "nl_change"]] = np.nan
    sign = {"higher_better": 1.0, "lower_better": -1.0}.get(ind.direction, np.nan)
    out["improvement"] = out["change"] * sign
    order = out["improvement"] if ind.direction != "neutral" else out["change"]
    return (
        out.assign(_o=order.fillna(-np.inf))
        .sort_values(["_o", "name"], ascending=[False, True])
        .drop(columns="_o")
        .reset_index(drop=True)
    )


def unit_changes(store: Store, indicator_id: str, *, level: str, first: int, last: int) -> pd.DataFrame:
    """Every unit of a map layer with its change between two years (``code, value, status``): a
    value only where both years have one; the status is the weaker of the two."""
    a = store.unit_values(indicator_id, level=level, period=first)
    b = store.unit_values(indicator_id, level=level, period=last)
    m = b[["code", "value", "status"]].merge(a[["code", "value", "status"]], on="code", how="left", suffixes=("", "_0"))
    both = m["status"].isin(HAS_VALUE) & m["status_0"].isin(HAS_VALUE)
    value = np.where(both, m["value"] - m["value_0"], np.nan)
    status = np.where(
        both,
        np.where((m["status"] == Status.OK) & (m["status_0"] == Status.OK), Status.OK.value, Status.PARTIAL.value),
        np.where(m["status"].isin(HAS_VALUE), m["status_0"].fillna(Status.MISSING.value), m["status"]),
    )
    return pd.DataFrame({"code": m["code"], "value": value, "status": status})
