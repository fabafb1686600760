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
from .codes import FOCUS_AVERAGE_CODE, NL_CODE, gemeente_of, level_prefix, rest_code, wijk_of
from .errors import AreaCodeError, StoreMissingError, UnknownIndicatorError
from .focus import FocusArea, load_focus_areas
from .vocab import BENCHMARK_LEVELS, HAS_VALUE, Division, Level, Method, Status

logger = logging.getLogger(__name__)

EXPORT_COLUMNS = [
    "area_code",
    "area_name",
    "level",
    "period",
    "indicator",
    "value",
    "status",
    "coverage",
    "method",
    "weight_year",
    "unit_methods",
    "source",
]
#: how many map-value queries are kept (each at most one layer × one year)
RECENT_QUERIES = 128
#: the configuration a store is built from, saved with it so the app starts from the store alone
CONFIG_FILES = ("indicators.yaml", "sources.yaml", "focusgebieden.yaml")
#: the categorical columns of the values table
_CATEGORIES = ("area_code", "level", "division", "indicator", "status", "source", "method", "unit_methods")
#: per benchmark row: value, status, coverage, method, weight_year, unit_methods, source
SeriesRow = tuple


@dataclass
class Store:
    """Everything the dashboard shows, in memory. Frames are shared: do not mutate them."""

    path: Path
    catalog: Catalog
    focus_areas: list[FocusArea]
    values: pd.DataFrame
    areas: pd.DataFrame  # without geometry
    display: gpd.GeoDataFrame  # WGS84, simplified per layer
    membership: pd.DataFrame
    manifest: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._slices: dict[tuple, object] = {}
        self._recent: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
        self._lock = threading.Lock()
        #: the built values and catalogue, before delivered values are laid over them
        self._base = (self.values, self.catalog)
        #: ``delivery:<id>`` -> (organisation name, ISO delivery date)
        self.delivery_info: dict[str, tuple[str, str]] = {}
        #: the deliveries database revision the values reflect (0 = none applied)
        self.revision = 0

    def apply_deliveries(self, delivered: pd.DataFrame, info: dict[str, tuple[str, str]], revision: int) -> None:
        """Lay delivered values (``VALUE_COLUMNS``) over the built ones, replacing earlier delivered
        values; delivered indicators with a value become available. Caches are dropped, so every
        later query sees the new values."""
        from dataclasses import replace

        base_values, base_catalog = self._base
        if len(delivered):
            values = _concat_values(base_values, delivered)
        else:
            values = base_values
        with_values = set(delivered["indicator"].astype(str)) if len(delivered) else set()
        indicators = {
            k: replace(ind, available=True) if ind.deliverable and k in with_values and not ind.available else ind
            for k, ind in base_catalog.indicators.items()
        }
        catalog = replace(base_catalog, indicators=indicators)
        with self._lock:
            self.values = values
            self.catalog = catalog
            self.delivery_info = dict(info)
            self.revision = revision
            self._slices = {}
            self._recent = OrderedDict()
            self.__dict__.pop("_by_indicator", None)

    def delivery_dates(self) -> dict[str, str]:
        """``delivery:<id>`` -> ISO delivery date (the vintage of a delivered value)."""
        return {k: v[1] for k, v in self.delivery_info.items()}

    def provenance(self, source: object) -> list[tuple[str, str]]:
        """(organisation, ISO date) of each delivery behind a value's ``source``, in order."""
        out = []
        for part in str(source or "").replace("/", ",").split(","):
            if part in self.delivery_info and self.delivery_info[part] not in out:
                out.append(self.delivery_info[part])
        return out

    def _cached(self, key: tuple, make):
        """Small query results are computed once per key (thread-safe; frames are read-only)."""
        slices = self._slices  # the caches of the values this query reads (new deliveries: new caches)
        try:
            return slices[key]
        except KeyError:
            pass
        value = make()
        with self._lock:
            return slices.setdefault(key, value)

    # ------------------------------------------------------------------ lookups
    @cached_property
    def _by_indicator(self) -> dict[str, pd.DataFrame]:
        return {
            str(k): g.reset_index(drop=True) for k, g in self.values.groupby("indicator", sort=False, observed=True)
        }

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

    nl_code = NL_CODE

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
            raise AreaCodeError(
                focus_id, "not a focus area", f"choose one of {', '.join(sorted(self.focus_by_id))}"
            ) from None

    def indicator_values(self, indicator_id: str) -> pd.DataFrame:
        self.indicator(indicator_id)
        return self._by_indicator.get(indicator_id, self.values.iloc[0:0])

    def periods(self, indicator_id: str, *, area: str | None = None) -> list[int]:
        """Years with a value (for one area, if given)."""
        if area is not None and area in self.focus_by_id:
            # focus areas: the cached series, not the whole indicator (this runs per card)
            return sorted(p for p, r in self.series(indicator_id, area).items() if r[1] in HAS_VALUE)
        v = self.indicator_values(indicator_id)
        if area is not None:
            v = v[v["area_code"] == area]
        v = v[v["status"].isin(HAS_VALUE)]
        return sorted(int(p) for p in v["period"].unique())

    def warm(self) -> None:
        """Compute the per-indicator slices ahead of the first request (run in a thread)."""
        for ind in self.catalog.available():
            self._benchmark_frame(ind.id)
            for level in ("buurt", "wijk", "gemeente", "buurt2019"):  # the map layers
                self._unit_frame(ind.id, level)

    # ------------------------------------------------------------------ benchmarks
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
            sub = v[keep].copy()
            for c in ("area_code", "level", "division", "status", "source", "method", "unit_methods"):
                sub[c] = sub[c].astype(str)
            sub["_nov"] = ~sub["status"].isin(HAS_VALUE)
            sub = sub.sort_values(["area_code", "period", "_nov", "division"]).drop_duplicates(["area_code", "period"])
            return sub.drop(columns="_nov").reset_index(drop=True)

        return self._cached(("bench", indicator_id), make)

    def series(self, indicator_id: str, code: str) -> dict[int, SeriesRow]:
        """One benchmark area's years → ``(value, status, coverage, method, weight_year,
        unit_methods, source)``, as plain Python (cards ask for many of these per click; pandas per
        lookup is too slow)."""

        def make() -> dict[str, dict[int, SeriesRow]]:
            out: dict[str, dict[int, SeriesRow]] = {}
            frame = self._benchmark_frame(indicator_id)
            cols = [
                "area_code",
                "period",
                "value",
                "status",
                "coverage",
                "method",
                "weight_year",
                "unit_methods",
                "source",
            ]
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

    # ------------------------------------------------------------------ map values
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
            sub = sub[["area_code", "period", "value", "status", "coverage", "method", "source"]].copy()
            for c in ("area_code", "status", "method", "source"):
                sub[c] = sub[c].astype(str)
            sub["_nov"] = ~sub["status"].isin(HAS_VALUE)
            sub = sub.sort_values(["area_code", "period", "_nov"]).drop_duplicates(["area_code", "period"])
            sub = sub.drop(columns="_nov")
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

    # ------------------------------------------------------------------ export
    def codes_within(self, area: str, level: str) -> set[str]:
        """Codes at ``level`` that lie in ``area`` (a focus area or a CBS code), by membership
        or code nesting; a CBS code at ``level`` itself is included."""
        if area not in self.focus_by_id and area not in self.names:
            raise AreaCodeError(
                area,
                "not a focus area or a known CBS code",
                "use a focus-area id (e.g. UTR_OV) or a code such as GM0344, WK034403",
            )
        if area in self.focus_by_id:
            members = set(self.membership.loc[self.membership["target"] == area, "unit"])
            if level == Level.WIJK:
                return {wijk_of(b) for b in members}
            if level == Level.GEMEENTE:
                return {self.focus_by_id[area].gemeente}
            return members
        known = self.areas.loc[self.areas["level"] == level, "code"].astype(str)
        if area.startswith("GM"):
            return set(known[known.map(gemeente_of) == area]) if level != Level.GEMEENTE else {area} & set(known)
        if area.startswith("WK") and level == Level.BUURT:
            return set(known[known.map(wijk_of) == area])
        return {area} & set(known)

    def export(self, indicator_id: str, *, level: str = "focus_area", area: str | None = None) -> pd.DataFrame:
        """Rows of ``python -m geodata export``: values with their benchmarks."""
        v = self.indicator_values(indicator_id)
        if level == "focus_area":
            ids = [area] if area else [fa.id for fa in self.focus_areas]
            codes: list[str] = []
            for fid in ids:
                c = self.benchmark_codes(fid)
                codes += [c[Level.FOCUS_AREA], c[Level.REST_OF_GEMEENTE], c[Level.GEMEENTE]]
            codes += [NL_CODE, FOCUS_AVERAGE_CODE]
            sub = v[v["area_code"].isin(codes) & v["level"].isin(BENCHMARK_LEVELS)]
            order = {c: i for i, c in enumerate(dict.fromkeys(codes))}
            sub = sub.assign(_o=sub["area_code"].map(order)).sort_values(["_o", "period"]).drop(columns="_o")
        else:
            is_nl = v["level"] == Level.NL
            sub = v[(v["level"] == level) | is_nl]
            if level in (Level.WIJK, Level.BUURT):
                sub = sub[(sub["division"] == Division.CBS2024) | (sub["level"] == Level.NL)]
            if area:
                sub = sub[sub["area_code"].isin(self.codes_within(area, level)) | (sub["level"] == Level.NL)]
            sub = sub.sort_values(["level", "area_code", "period"])
        out = sub.assign(area_name=sub["area_code"].map(self.area_name))
        if self.delivery_info:  # a delivered value names who delivered it and when
            out["source"] = out["source"].astype(str).map(self._source_with_provenance)
        return out[EXPORT_COLUMNS].reset_index(drop=True)

    def _source_with_provenance(self, source: str) -> str:
        who = self.provenance(source)
        if not who:
            return source
        text = "; ".join(f"aangeleverd door {org}, {day[8:10]}-{day[5:7]}-{day[:4]}" for org, day in who)
        return f"{source} ({text})"


def load_store(path: Path) -> Store:
    """Load a built store, with the configuration it was built from (saved in it, so a later
    edit of ``config/`` cannot keep the app from starting); fail with the command to build it
    when it is missing."""
    path = Path(path)
    if not (path / "manifest.json").exists():
        raise StoreMissingError(path)
    values = pd.read_parquet(path / "values.parquet")
    areas = gpd.read_parquet(path / "areas.parquet")
    display = gpd.read_parquet(path / "display.parquet")
    membership = pd.read_parquet(path / "focus_membership.parquet")
    manifest = json.loads((path / "manifest.json").read_text())
    config = path / "config"
    if config.is_dir():
        catalog = load_catalog(config / "indicators.yaml", config / "sources.yaml")
        focus_areas = load_focus_areas(config / "focusgebieden.yaml")
    else:  # a store of an older build
        catalog, focus_areas = load_catalog(), load_focus_areas()
    logger.info("store loaded from %s: %d values, %d areas", path, len(values), len(areas))
    return Store(
        path=path,
        catalog=catalog,
        focus_areas=focus_areas,
        values=values,
        areas=pd.DataFrame(areas.drop(columns="geometry")),
        display=display,
        membership=membership,
        manifest=manifest,
    )


def _concat_values(base: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """``base`` + ``extra`` rows, keeping the categorical columns categorical (union of the
    categories, cheap: no conversion of the large frame to objects)."""
    from pandas.api.types import union_categoricals

    extra = extra[list(base.columns)]
    out = {}
    for c in base.columns:
        if isinstance(base[c].dtype, pd.CategoricalDtype):
            out[c] = union_categoricals([base[c], extra[c].astype(str).astype("category")], ignore_order=True)
        else:
            out[c] = pd.concat([base[c], extra[c].astype(base[c].dtype)], ignore_index=True)
    return pd.DataFrame(out)


def _num(x: object) -> float | None:
    try:
        f = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return f if np.isfinite(f) else None


__all__ = ["Store", "load_store", "EXPORT_COLUMNS"]
