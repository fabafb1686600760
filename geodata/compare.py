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
