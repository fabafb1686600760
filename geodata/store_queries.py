"""The store's queries for the pages: a focus area's benchmark series, and the values of a map layer.

Mixed into :class:`geodata.store.Store`, whose values they read (``indicator_values``) and whose
caches they fill (``_cached``): each per-indicator slice is computed once, and the map values of
the most recent queries are kept. Results are shared between requests: do not mutate them.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pandas as pd

from .codes import FOCUS_AVERAGE_CODE, NL_CODE, level_prefix, rest_code
from .vocab import HAS_VALUE, Division, Level, Method, Status

#: how many map-value queries are kept (each at most one layer × one year)
RECENT_QUERIES = 128
#: what a benchmark series holds per year, in this order (a :data:`SeriesRow`)
SERIES_FIELDS = ("value", "status", "coverage", "method", "weight_year", "unit_methods", "source")
#: per benchmark row: the ``SERIES_FIELDS``
SeriesRow = tuple


def one_per_area_year(sub: pd.DataFrame, *, text: tuple[str, ...], then_by: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per area and year: a row with a value before one without, then by ``then_by``;
    the ``text`` columns as plain strings (categories are slow to compare per lookup).

    >>> v = pd.DataFrame({"area_code": ["a", "a", "b"], "period": 2024, "value": [None, 2.0, 3.0],
    ...                   "status": ["missing", "ok", "ok"]})
    >>> one_per_area_year(v, text=("area_code",))["value"].tolist()
    [2.0, 3.0]
    """
    sub = sub.copy()
    for c in text:
        sub[c] = sub[c].astype(str)
    sub["_nov"] = ~sub["status"].isin(HAS_VALUE)
    sub = sub.sort_values(["area_code", "period", "_nov", *then_by]).drop_duplicates(["area_code", "period"])
    return sub.drop(columns="_nov")


class BenchmarkQueries:
    """A focus area and its benchmarks: the rest of its gemeente, the gemeente, the Netherlands
    and the average of the focus areas."""

    def benchmark_codes(self, focus_id: str) -> dict[str, str]:
        fa = self.focus_area(focus_id)
        return {
            Level.FOCUS_AREA: fa.id,
            Level.REST_OF_GEMEENTE: rest_code(fa.id),
            Level.GEMEENTE: fa.gemeente,
            Level.NL: NL_CODE,
            Level.FOCUS_AVERAGE: FOCUS_AVERAGE_CODE,
        }

    def _benchmark_frame(self, indicator_id: str) -> pd.DataFrame:
        """Every benchmark row of one indicator (focus areas, rests, their gemeenten, NL, the pool),
        one row per area and year, codes as plain strings."""

        def make() -> pd.DataFrame:
            v = self.indicator_values(indicator_id)
            gms = {fa.gemeente for fa in self.focus_areas}
            roles = [Level.FOCUS_AREA, Level.FOCUS_AREA_WIDE, Level.REST_OF_GEMEENTE, Level.FOCUS_AVERAGE, Level.NL]
            keep = v["level"].isin(roles) | ((v["level"] == Level.GEMEENTE) & v["area_code"].isin(gms))
            text = ("area_code", "level", "division", "status", "source", "method", "unit_methods")
            return one_per_area_year(v[keep], text=text, then_by=("division",)).reset_index(drop=True)

        return self._cached(("bench", indicator_id), make)

    def series(self, indicator_id: str, code: str) -> dict[int, SeriesRow]:
        """One benchmark area's years → ``(value, status, coverage, method, weight_year,
        unit_methods, source)``, as plain Python (cards ask for many of these per click; pandas per
        lookup is too slow)."""

        def make() -> dict[str, dict[int, SeriesRow]]:
            out: dict[str, dict[int, SeriesRow]] = {}
            frame = self._benchmark_frame(indicator_id)
            cols = ["area_code", "period", *SERIES_FIELDS]
            for row in frame[cols].itertuples(index=False):
                wy = None if pd.isna(row.weight_year) else int(row.weight_year)
                out.setdefault(row.area_code, {})[int(row.period)] = (
                    _num(row.value),
                    row.status,
                    _num(row.coverage),
                    row.method,
                    wy,
                    row.unit_methods,
                    row.source,
                )
            return out

        return self._cached(("series", indicator_id), make).get(code, {})

    def benchmarks(self, focus_id: str, indicator_id: str) -> pd.DataFrame:
        """Time series of a focus area and its benchmarks: one row per role and period."""
        codes = self.benchmark_codes(focus_id)
        frame = self._benchmark_frame(indicator_id)
        role = {code: r for r, code in codes.items()}
        sub = frame[frame["area_code"].isin(role)]
        sub = sub.assign(role=sub["area_code"].map(role), area_name=sub["area_code"].map(self.area_name))
        return sub.sort_values(["role", "period"]).reset_index(drop=True)

    def baseline_period(self, indicator_id: str, focus_id: str, baseline_year: int) -> int | None:
        """0-meting: the first year with a value from ``baseline_year`` on; where the series
        ends before it, its last year (so no change is claimed)."""
        periods = self.periods(indicator_id, area=focus_id)
        if not periods:
            return None
        later = [p for p in periods if p >= baseline_year]
        return later[0] if later else periods[-1]


class MapQueries:
    """The values of a map layer (2024 buurten or wijken, gemeenten, 2020-division buurten) for one
    indicator and year, every unit of the layer included."""

    _recent: OrderedDict[tuple, pd.DataFrame]

    def _unit_frame(self, indicator_id: str, level: str) -> dict[int, pd.DataFrame]:
        """Map values per year for one layer: ``buurt``/``wijk`` (2024 division; buurt values split
        from a wijk are left out), ``gemeente``, or ``buurt2019`` (2020-division buurt values)."""

        def make() -> dict[int, pd.DataFrame]:
            v = self.indicator_values(indicator_id)
            if level == "buurt2019":
                sub = v[(v["level"] == Level.BUURT) & (v["division"] == Division.CBS2020)]
            elif level in (Level.BUURT, Level.WIJK):
                sub = v[(v["level"] == level) & (v["division"] == Division.CBS2024)]
                if level == Level.BUURT:  # a wijk's value split over its buurten is no buurt value
                    sub = sub[sub["method"] != Method.WIJK_SPLIT]
            else:
                sub = v[v["level"] == level]
            sub = sub[["area_code", "period", "value", "status", "coverage", "method", "source"]]
            sub = one_per_area_year(sub, text=("area_code", "status", "method", "source"))
            return {int(p): g.drop(columns="period").reset_index(drop=True) for p, g in sub.groupby("period")}

        return self._cached(("units", indicator_id, level), make)

    def _layer_units(self, layer: str, gemeente: str | None) -> pd.DataFrame:
        def make() -> pd.DataFrame:
            d = self.display[self.display["layer"] == layer]
            if gemeente is not None:
                d = d[d["gemeente_code"] == gemeente]
            out = pd.DataFrame(
                {
                    c: d[c].astype(object).where(d[c].notna(), None)
                    for c in ("code", "name", "gemeente_code", "focus_area")
                }
            )
            return out.reset_index(drop=True)

        return self._cached(("layer", layer, gemeente), make)

    def map_level(self, indicator_id: str, gemeente: str, period: int) -> str | None:
        """Finest level with values for this gemeente and year: ``buurt`` or ``wijk``."""
        for level in ("buurt", "wijk"):
            frame = self._unit_frame(indicator_id, level).get(int(period))
            if frame is None:
                continue
            has = frame["area_code"].str.startswith(level_prefix(level, gemeente)) & frame["status"].isin(HAS_VALUE)
            if has.any():
                return level
        return None

    def latest_population(self) -> dict[str, float]:
        """Inhabitants per gemeente and wijk in the newest year with figures (e.g. to rank map labels)."""
        v = self.indicator_values("population")
        v = v[v["level"].isin([Level.GEMEENTE, Level.WIJK]) & v["status"].isin(HAS_VALUE)]
        if v.empty:
            return {}
        v = v.sort_values("period").drop_duplicates("area_code", keep="last")
        return dict(zip(v["area_code"].astype(str), v["value"].astype(float)))

    def unit_values(self, indicator_id: str, *, level: str, period: int, gemeente: str | None = None) -> pd.DataFrame:
        """Values of the units of a map layer for one year, every unit of the layer included (no
        value = status ``missing``)."""
        layer = {
            "buurt": "buurt",
            "wijk": "wijk" if gemeente is None else "wijk_detail",
            "gemeente": "gemeente",
            "buurt2019": "buurt2019",
        }[level]
        self.indicator(indicator_id)

        def make() -> pd.DataFrame:
            units = self._layer_units(layer, gemeente if level != "gemeente" else None)
            values = self._unit_frame(indicator_id, level).get(int(period))
            if values is None:
                return units.assign(
                    value=np.nan, status=Status.MISSING.value, coverage=np.nan, method=None, source=None
                )
            out = units.merge(values, left_on="code", right_on="area_code", how="left").drop(columns="area_code")
            out["status"] = out["status"].fillna(Status.MISSING.value)
            return out

        # read-only result, cached per query (the most recent ones only, to bound memory)
        key = (indicator_id, level, int(period), gemeente)
        with self._lock:
            hit = self._recent.get(key)
            if hit is not None:
                self._recent.move_to_end(key)
                return hit
        recent = self._recent
        out = make()
        with self._lock:
            recent[key] = out
            while len(recent) > RECENT_QUERIES:
                recent.popitem(last=False)
        return out


def _num(x: object) -> float | None:
    try:
        f = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return f if np.isfinite(f) else None
