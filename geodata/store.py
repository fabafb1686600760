"""The built store, loaded once: read-only queries for the dashboard and the export."""
from __future__ import annotations

import json
import logging
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

    # ------------------------------------------------------------------ lookups
    @cached_property
    def _by_indicator(self) -> dict[str, pd.DataFrame]:
        frame = self.values.copy()
        for c in ("area_code", "level", "division", "indicator", "status", "source", "mapping"):
            frame[c] = frame[c].astype(str)
        return {k: g.reset_index(drop=True) for k, g in frame.groupby("indicator", sort=False)}

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
        v = self.indicator_values(indicator_id)
        if area is not None:
            v = v[v["area_code"] == area]
        v = v[v["status"].isin([OK, PARTIAL])]
        return sorted(int(p) for p in v["period"].unique())

    # ------------------------------------------------------------------ benchmarks
    def benchmark_codes(self, focus_id: str) -> dict[str, str]:
        fa = self.focus_area(focus_id)
        return {"focus_area": fa.id, "rest_of_gemeente": rest_code(fa.id), "gemeente": fa.gemeente,
                "nl": NL_CODE, "focus_average": FOCUS_AVERAGE_CODE}

    def benchmarks(self, focus_id: str, indicator_id: str) -> pd.DataFrame:
        """Time series of a focus area and its benchmarks: one row per role and period."""
        codes = self.benchmark_codes(focus_id)
        v = self.indicator_values(indicator_id)
        rows = []
        for role, code in codes.items():
            sub = v[v["area_code"] == code]
            if role == "gemeente":
                sub = sub[sub["level"] == "gemeente"]
            sub = sub.sort_values(["period", "division"]).drop_duplicates("period")
            rows.append(sub.assign(role=role, area_name=self.area_name(code)))
        out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
        return out.sort_values(["role", "period"]).reset_index(drop=True)

    def baseline_period(self, indicator_id: str, focus_id: str, baseline_year: int) -> int | None:
        """0-meting: the first year with a value from ``baseline_year`` on, else the first year."""
        periods = self.periods(indicator_id, area=focus_id)
        if not periods:
            return None
        later = [p for p in periods if p >= baseline_year]
        return later[0] if later else periods[0]

    # ------------------------------------------------------------------ map values
    def map_level(self, indicator_id: str, gemeente: str, period: int) -> str | None:
        """Finest level with values for this gemeente and year: ``buurt`` or ``wijk``."""
        v = self.indicator_values(indicator_id)
        sub = v[(v["period"] == period) & (v["division"] == "cbs2024") & v["area_code"].str.startswith(
            ("BU" + gemeente[2:], "WK" + gemeente[2:]))]
        sub = sub[sub["status"].isin([OK, PARTIAL])]
        buurt = sub[(sub["level"] == "buurt") & (~sub["mapping"].str.startswith("wijk→buurt"))]
        if len(buurt):
            return "buurt"
        if len(sub[sub["level"] == "wijk"]):
            return "wijk"
        return None

    def unit_values(self, indicator_id: str, *, level: str, period: int, gemeente: str | None = None) -> pd.DataFrame:
        """Values of buurten or wijken (2024 division) for one year, all units of the layer
        included (no value = status ``missing``)."""
        layer = {"buurt": "buurt", "wijk": "wijk" if gemeente is None else "wijk_detail",
                 "gemeente": "gemeente"}[level]
        units = self.display[self.display["layer"] == layer][["code", "name", "gemeente_code", "focus_area"]]
        if gemeente is not None and level != "gemeente":
            units = units[units["gemeente_code"] == gemeente]
        v = self.indicator_values(indicator_id)
        sub = v[(v["period"] == period) & (v["level"] == level)]
        if level in ("buurt", "wijk"):
            sub = sub[sub["division"] == "cbs2024"]
            if level == "buurt":
                sub = sub[~sub["mapping"].str.startswith("wijk→buurt")]
        sub = sub.sort_values("status", key=lambda s: ~s.isin([OK, PARTIAL])).drop_duplicates("area_code")
        out = units.merge(sub[["area_code", "value", "status", "coverage", "mapping", "source"]],
                          left_on="code", right_on="area_code", how="left").drop(columns="area_code")
        out["status"] = out["status"].fillna("missing")
        return out.reset_index(drop=True)

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


__all__ = ["Store", "load_store", "EXPORT_COLUMNS", "np"]
