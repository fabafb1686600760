"""The built store, loaded once: read-only queries for the dashboard and the export."""
from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from .catalog import Catalog, Indicator, load_catalog
from .codes import FOCUS_AVERAGE_CODE, NL_CODE, rest_code
from .errors import AreaCodeError, StoreMissingError, UnknownIndicatorError
from .focus import FocusArea, load_focus_areas
from .sources.common import OK, PARTIAL

logger = logging.getLogger(__name__)

EXPORT_COLUMNS = ["area_code", "area_name", "level", "period", "indicator", "value", "status", "coverage",
                  "mapping", "source"]
#: how many map-value queries are kept (each at most one layer × one year)
RECENT_QUERIES = 128
BENCHMARK_ROLES = ("focus_area", "rest_of_gemeente", "gemeente", "nl", "focus_average")


@dataclass
class Store:
    """Everything the dashboard shows, in memory. Frames are shared: do not mutate them."""

    path: Path
    catalog: Catalog
    focus_areas: list[FocusArea]
    values: pd.DataFrame
    areas: pd.DataFrame            # without geometry
    display: gpd.GeoDataFrame      # WGS84, simplified per layer
    membership: pd.DataFrame
    manifest: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._slices: dict[tuple, object] = {}
        self._recent: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
        self._lock = threading.Lock()

    def _cached(self, key: tuple, make):
        """Small query results are computed once per key (thread-safe; frames are read-only)."""
        try:
            return self._slices[key]
        except KeyError:
            pass
        value = make()
        with self._lock:
            self._slices.setdefault(key, value)
        return self._slices[key]

    # ------------------------------------------------------------------ lookups
    @cached_property
    def _by_indicator(self) -> dict[str, pd.DataFrame]:
        return {str(k): g.reset_index(drop=True)
                for k, g in self.values.groupby("indicator", sort=False, observed=True)}

    @cached_property
    def names(self) -> dict[str, str]:
        names = {}
        for code, name in zip(self.areas["code"], self.areas["name"]):
            if isinstance(name, str) and name and code not in names:
                names[code] = name
        return names

    @cached_property
    def focus_by_id(self) -> dict[str, FocusArea]:
        return {fa.id: fa for fa in self.focus_areas}

    def area_name(self, code: str) -> str:
        return self.names.get(code, code)

    def indicator(self, indicator_id: str) -> Indicator:
        if indicator_id not in self.catalog:
            raise UnknownIndicatorError(indicator_id, list(self.catalog.indicators))
        return self.catalog[indicator_id]

    def focus_area(self, focus_id: str) -> FocusArea:
        try:
            return self.focus_by_id[focus_id]
        except KeyError:
            raise AreaCodeError(focus_id, "not a focus area",
                                f"choose one of {', '.join(sorted(self.focus_by_id))}") from None

    def indicator_values(self, indicator_id: str) -> pd.DataFrame:
        self.indicator(indicator_id)
        return self._by_indicator.get(indicator_id, self.values.iloc[0:0])

    def periods(self, indicator_id: str, *, area: str | None = None) -> list[int]:
        """Years with a value (for one area, if given)."""
        if area is not None and area in self.focus_by_id:
            # focus areas: the cached series, not the whole indicator (this runs per card)
            return sorted(p for p, r in self.series(indicator_id, area).items() if r[1] in (OK, PARTIAL))
        else:
            v = self.indicator_values(indicator_id)
        if area is not None:
            v = v[v["area_code"] == area]
        v = v[v["status"].isin([OK, PARTIAL])]
        return sorted(int(p) for p in v["period"].unique())

    def warm(self) -> None:
        """Compute the per-indicator slices ahead of the first request (run in a thread)."""
        for ind in self.catalog.available():
            self._benchmark_frame(ind.id)
            for level in ("buurt", "wijk", "gemeente", "buurt2019"):
                self._unit_frame(ind.id, level)

    # ------------------------------------------------------------------ benchmarks
    def benchmark_codes(self, focus_id: str) -> dict[str, str]:
        fa = self.focus_area(focus_id)
        return {"focus_area": fa.id, "rest_of_gemeente": rest_code(fa.id), "gemeente": fa.gemeente,
                "nl": NL_CODE, "focus_average": FOCUS_AVERAGE_CODE}

    def _benchmark_frame(self, indicator_id: str) -> pd.DataFrame:
        """Every benchmark row of one indicator (focus areas, rests, their gemeenten, NL, the pool),
        one row per area and year, codes as plain strings."""
        def make() -> pd.DataFrame:
            v = self.indicator_values(indicator_id)
            gms = {fa.gemeente for fa in self.focus_areas}
            keep = v["level"].isin(["focus_area", "rest_of_gemeente", "focus_average", "nl"]) | (
                (v["level"] == "gemeente") & v["area_code"].isin(gms))
            sub = v[keep].copy()
            for c in ("area_code", "level", "division", "status", "source", "mapping"):
                sub[c] = sub[c].astype(str)
            sub["_nov"] = ~sub["status"].isin([OK, PARTIAL])
            sub = sub.sort_values(["area_code", "period", "_nov", "division"]).drop_duplicates(["area_code", "period"])
            return sub.drop(columns="_nov").reset_index(drop=True)
        return self._cached(("bench", indicator_id), make)

    def series(self, indicator_id: str, code: str) -> dict[int, tuple]:
        """One benchmark area's years → ``(value, status, coverage, mapping, source)``, as plain
        Python (cards ask for many of these per click; pandas per lookup is too slow)."""
        def make() -> dict[str, dict[int, tuple]]:
            out: dict[str, dict[int, tuple]] = {}
            frame = self._benchmark_frame(indicator_id)
            for row in frame[["area_code", "period", "value", "status", "coverage", "mapping", "source"]].itertuples(
                    index=False):
                out.setdefault(row.area_code, {})[int(row.period)] = (
                    _num(row.value), row.status, _num(row.coverage), row.mapping, row.source)
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

    # ------------------------------------------------------------------ map values
    def _unit_frame(self, indicator_id: str, level: str) -> dict[int, pd.DataFrame]:
        """Map values per year for one layer: ``buurt``/``wijk`` (2024 division; buurt values split
        from a wijk are left out), ``gemeente``, or ``buurt2019`` (2020-division buurt values)."""
        def make() -> dict[int, pd.DataFrame]:
            v = self.indicator_values(indicator_id)
            if level == "buurt2019":
                sub = v[(v["level"] == "buurt") & (v["division"] == "cbs2020")]
            elif level in ("buurt", "wijk"):
                sub = v[(v["level"] == level) & (v["division"] == "cbs2024")]
                if level == "buurt":
                    sub = sub[~sub["mapping"].astype(str).str.startswith("wijk→buurt")]
            else:
                sub = v[v["level"] == level]
            sub = sub[["area_code", "period", "value", "status", "coverage", "mapping", "source"]].copy()
            for c in ("area_code", "status", "mapping", "source"):
                sub[c] = sub[c].astype(str)
            sub["_nov"] = ~sub["status"].isin([OK, PARTIAL])
            sub = sub.sort_values(["area_code", "period", "_nov"]).drop_duplicates(["area_code", "period"])
            sub = sub.drop(columns="_nov")
            return {int(p): g.drop(columns="period").reset_index(drop=True) for p, g in sub.groupby("period")}
        return self._cached(("units", indicator_id, level), make)

    def _layer_units(self, layer: str, gemeente: str | None) -> pd.DataFrame:
        def make() -> pd.DataFrame:
            d = self.display[self.display["layer"] == layer]
            if gemeente is not None:
                d = d[d["gemeente_code"] == gemeente]
            out = pd.DataFrame({c: d[c].astype(object).where(d[c].notna(), None)
                                for c in ("code", "name", "gemeente_code", "focus_area")})
            return out.reset_index(drop=True)
        return self._cached(("layer", layer, gemeente), make)

    def map_level(self, indicator_id: str, gemeente: str, period: int) -> str | None:
        """Finest level with values for this gemeente and year: ``buurt`` or ``wijk``."""
        for level in ("buurt", "wijk"):
            frame = self._unit_frame(indicator_id, level).get(int(period))
            if frame is None:
                continue
            prefix = ("BU" if level == "buurt" else "WK") + gemeente[2:]
            has = frame["area_code"].str.startswith(prefix) & frame["status"].isin([OK, PARTIAL])
            if has.any():
                return level
        return None

    def unit_values(self, indicator_id: str, *, level: str, period: int, gemeente: str | None = None) -> pd.DataFrame:
        """Values of the units of a map layer for one year, every unit of the layer included (no
        value = status ``missing``)."""
        layer = {"buurt": "buurt", "wijk": "wijk" if gemeente is None else "wijk_detail",
                 "gemeente": "gemeente", "buurt2019": "buurt2019"}[level]
        self.indicator(indicator_id)

        def make() -> pd.DataFrame:
            units = self._layer_units(layer, gemeente if level != "gemeente" else None)
            values = self._unit_frame(indicator_id, level).get(int(period))
            if values is None:
                return units.assign(value=np.nan, status="missing", coverage=np.nan, mapping=None, source=None)
            out = units.merge(values, left_on="code", right_on="area_code", how="left").drop(columns="area_code")
            out["status"] = out["status"].fillna("missing")
            return out
        # read-only result, cached per query (the most recent ones only, to bound memory)
        key = (indicator_id, level, int(period), gemeente)
        with self._lock:
            hit = self._recent.get(key)
            if hit is not None:
                self._recent.move_to_end(key)
                return hit
        out = make()
        with self._lock:
            self._recent[key] = out
            while len(self._recent) > RECENT_QUERIES:
                self._recent.popitem(last=False)
        return out

    # ------------------------------------------------------------------ export
    def export(self, indicator_id: str, *, level: str = "focus_area", area: str | None = None) -> pd.DataFrame:
        """Rows of ``python -m geodata export``: values with their benchmarks."""
        v = self.indicator_values(indicator_id)
        if level == "focus_area":
            ids = [area] if area else [fa.id for fa in self.focus_areas]
            codes: list[str] = []
            for fid in ids:
                c = self.benchmark_codes(fid)
                codes += [c["focus_area"], c["rest_of_gemeente"], c["gemeente"]]
            codes += [NL_CODE, FOCUS_AVERAGE_CODE]
            sub = v[v["area_code"].isin(codes) & v["level"].isin(BENCHMARK_ROLES)]
            order = {c: i for i, c in enumerate(dict.fromkeys(codes))}
            sub = sub.assign(_o=sub["area_code"].map(order)).sort_values(["_o", "period"]).drop(columns="_o")
        else:
            sub = v[v["level"].isin([level, "nl"])]
            if level in ("wijk", "buurt"):
                sub = sub[(sub["division"] == "cbs2024") | (sub["level"] == "nl")]
            if area:
                if area in self.focus_by_id:
                    fa = self.focus_by_id[area]
                    members = set(self.membership.loc[self.membership["target"] == area, "unit"])
                    if level == "wijk":
                        members = {"WK" + b[2:8] for b in members}
                    elif level == "gemeente":
                        members = {fa.gemeente}
                    sub = sub[sub["area_code"].isin(members) | (sub["level"] == "nl")]
                else:
                    sub = sub[sub["area_code"].str[2:6].eq(area[2:6]) & sub["area_code"].str.startswith(area[:2])
                              | sub["area_code"].eq(area) | (sub["level"] == "nl")] if len(area) >= 6 else sub
            sub = sub.sort_values(["level", "area_code", "period"])
        out = sub.assign(area_name=sub["area_code"].map(self.area_name))
        return out[EXPORT_COLUMNS].reset_index(drop=True)


def load_store(path: Path) -> Store:
    """Load a built store; fail with the command to build it when it is missing."""
    path = Path(path)
    if not (path / "manifest.json").exists():
        raise StoreMissingError(path)
    values = pd.read_parquet(path / "values.parquet")
    areas = gpd.read_parquet(path / "areas.parquet")
    display = gpd.read_parquet(path / "display.parquet")
    membership = pd.read_parquet(path / "focus_membership.parquet")
    manifest = json.loads((path / "manifest.json").read_text())
    logger.info("store loaded from %s: %d values, %d areas", path, len(values), len(areas))
    return Store(path=path, catalog=load_catalog(), focus_areas=load_focus_areas(), values=values,
                 areas=pd.DataFrame(areas.drop(columns="geometry")), display=display,
                 membership=membership, manifest=manifest)


__all__ = ["Store", "load_store", "EXPORT_COLUMNS", "Summary", "summarise", "ranking"]


# ---------------------------------------------------------------------- comparisons (pure)

@dataclass(frozen=True)
class Summary:
    """One indicator for one focus area and year, with its benchmarks and the change since
    the baseline (0-meting). Differences are only given where both sides have a value."""

    indicator: str
    period: int | None
    value: float | None
    status: str
    coverage: float | None
    mapping: str
    source: str
    rest: float | None
    gemeente: float | None
    nl: float | None
    focus_average: float | None
    baseline_period: int | None
    baseline_value: float | None

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


def _diff(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or not np.isfinite(a) or not np.isfinite(b):
        return None
    return float(a - b)


def _num(x: object) -> float | None:
    try:
        f = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return f if np.isfinite(f) else None


def summarise(store: Store, focus_id: str, indicator_id: str, period: int | None,
              baseline_year: int) -> Summary:
    """The card of one indicator: the focus area's value in ``period`` (or the latest earlier
    year with a value), its benchmarks in that same year, and the change since the 0-meting."""
    codes = store.benchmark_codes(focus_id)
    fa = store.series(indicator_id, codes["focus_area"])
    usable = sorted(p for p, r in fa.items() if r[1] in (OK, PARTIAL) and (period is None or p <= period))
    if not usable:
        row = fa.get(period) if period is not None else (fa[max(fa)] if fa else None)
        status = row[1] if row else "missing"
        return Summary(indicator_id, period, None, status, None, "", "", None, None, None, None, None, None)
    used = usable[-1]
    value, status, coverage, mapping, source = fa[used]

    def at(role: str) -> float | None:
        r = store.series(indicator_id, codes[role]).get(used)
        return r[0] if r and r[1] in (OK, PARTIAL) else None

    base = store.baseline_period(indicator_id, focus_id, baseline_year)
    base_row = fa.get(base) if base is not None else None
    base_val = base_row[0] if base_row and base_row[1] in (OK, PARTIAL) else None
    return Summary(indicator_id, used, value, status, coverage, mapping, source, at("rest_of_gemeente"),
                   at("gemeente"), at("nl"), at("focus_average"), base, base_val)


def ranking(store: Store, indicator_id: str, period: int) -> pd.DataFrame:
    """The 20 focus areas for one year with their municipality's and the national value."""
    v = store.indicator_values(indicator_id)
    v = v[(v["period"] == period) & v["status"].isin([OK, PARTIAL])]
    rows = []
    nl = v[v["area_code"] == NL_CODE]
    nl_value = float(nl["value"].iloc[0]) if len(nl) else np.nan
    for fa in store.focus_areas:
        f = v[(v["area_code"] == fa.id) & (v["level"] == "focus_area")]
        g = v[(v["area_code"] == fa.gemeente) & (v["level"] == "gemeente")]
        rows.append({"focus_area": fa.id, "name": fa.name, "value": float(f["value"].iloc[0]) if len(f) else np.nan,
                     "status": str(f["status"].iloc[0]) if len(f) else "missing",
                     "coverage": float(f["coverage"].iloc[0]) if len(f) else np.nan,
                     "gemeente": fa.gemeente, "gemeente_name": store.area_name(fa.gemeente),
                     "gemeente_value": float(g["value"].iloc[0]) if len(g) else np.nan, "nl_value": nl_value})
    return pd.DataFrame(rows)
