"""The built store, loaded once: read-only queries for the dashboard and the export.

Here: reading the store's files (:func:`load_store`), the :class:`Store` itself (its frames, its
caches, delivered values laid over the built ones, lookups by code and id) and the export. The
benchmark series and the map-layer values are queries of their own in :mod:`geodata.store_queries`.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .catalog import Catalog, Indicator, load_catalog
from .codes import FOCUS_AVERAGE_CODE, NL_CODE, gemeente_of, wijk_of
from .errors import AreaCodeError, StoreMissingError, UnknownIndicatorError
from .focus import FocusArea, load_focus_areas
from .store_queries import SERIES_FIELDS, BenchmarkQueries, MapQueries
from .vocab import BENCHMARK_LEVELS, HAS_VALUE, Division, Level

logger = logging.getLogger(__name__)

EXPORT_COLUMNS = ["area_code", "area_name", "level", "period", "indicator", *SERIES_FIELDS]
#: the configuration a store is built from, saved with it so the app starts from the store alone
CONFIG_FILES = ("indicators.yaml", "sources.yaml", "focusgebieden.yaml")
#: the categorical columns of the values table
_CATEGORIES = ("area_code", "level", "division", "indicator", "status", "source", "method", "unit_methods")


@dataclass
class Store(BenchmarkQueries, MapQueries):
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
        for code, name in zip(self.areas["code"].tolist(), self.areas["name"].tolist()):  # not arrow scalars
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


__all__ = ["Store", "load_store", "EXPORT_COLUMNS"]
