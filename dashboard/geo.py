"""Geometry for the browser: GeoJSON built once per layer from the store's pre-simplified
display geometry, gzipped, and served under a versioned URL with a long cache lifetime, so a
map's geometry crosses the network once and later switches send only values."""

from __future__ import annotations

import gzip
import math
import os
import threading
import weakref
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

GEO_ROUTE = "/geo"


@dataclass(frozen=True)
class View:
    """Centre and zoom that fit a bounding box in a map panel."""

    lon: float
    lat: float
    zoom: float


def fit_view(
    bounds: tuple[float, float, float, float], *, width_px: int = 700, height_px: int = 520, padding: float = 0.85
) -> View:
    """Web-Mercator zoom that shows ``bounds`` (minx, miny, maxx, maxy in degrees).

    >>> v = fit_view((4.0, 52.0, 4.2, 52.1))
    >>> round(v.lon, 2), round(v.lat, 2), 10 < v.zoom < 13
    (4.1, 52.05, True)
    """
    minx, miny, maxx, maxy = bounds

    def merc(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_span = max(maxx - minx, 1e-6)
    lat_span = max(merc(maxy) - merc(miny), 1e-9)
    zoom_x = math.log2(width_px * padding * 360 / (512 * lon_span))
    zoom_y = math.log2(height_px * padding * 2 * math.pi / (512 * lat_span))
    return View((minx + maxx) / 2, (miny + maxy) / 2, round(min(zoom_x, zoom_y), 2))


class GeoAssets:
    """Named GeoJSON payloads. Keys:

    ``fa-buurt-<ID>`` buurten of a focus area · ``fa-wijk-<ID>`` wijken of a focus area ·
    ``rest-<ID>`` rest of its municipality · ``outline-<ID>`` its outline · ``outline-all`` the
    20 outlines · ``nl-gemeente`` / ``nl-wijk`` / ``nl-buurt`` (2019 polygons) nationwide layers ·
    ``labels-<ID>`` name points of the wijken of a focus area · ``labels-nl`` of the gemeenten
    (property ``rank``: larger places first where labels collide, from ``label_rank``).
    """

    def __init__(self, display: gpd.GeoDataFrame, version: str, label_rank: dict[str, float] | None = None) -> None:
        self.display = display
        self.label_rank = label_rank or {}
        self.version = version[:12]
        self._cache: dict[str, tuple[bytes, tuple[float, float, float, float], pd.Index]] = {}
        self._lock = threading.Lock()
        self._building: dict[str, threading.Lock] = {}
        reset = weakref.WeakMethod(self._reset_locks)
        os.register_at_fork(after_in_child=lambda: (m := reset()) and m())
        fa = display[display["layer"] == "focus_area"]
        self.focus_ids = tuple(fa["code"].astype(str))
        self._fa_wijken = {}
        buurt = display[display["layer"] == "buurt"]
        for fid in self.focus_ids:
            codes = buurt.loc[buurt["focus_area"] == fid, "code"].astype(str)
            self._fa_wijken[fid] = set("WK" + codes.str[2:8])

    def url(self, key: str) -> str:
        return f"{GEO_ROUTE}/{self.version}/{key}.json"

    def frame(self, key: str) -> gpd.GeoDataFrame:
        d = self.display
        kind, _, ident = key.partition("-")
        if key == "outline-all":
            return d[d["layer"] == "focus_area"]
        if kind == "fa" and ident.startswith("buurt-"):
            return d[(d["layer"] == "buurt") & (d["focus_area"] == ident[6:])]
        if kind == "fa" and ident.startswith("wijk-"):
            fid = ident[5:]
            return d[(d["layer"] == "wijk_detail") & d["code"].isin(self._fa_wijken.get(fid, set()))]
        if kind == "rest":
            return d[(d["layer"] == "rest_of_gemeente") & (d["focus_area"] == ident)]
        if kind == "outline":
            return d[(d["layer"] == "focus_area") & (d["code"] == ident)]
        if kind == "labels":
            base = (
                d[d["layer"] == "gemeente"]
                if ident == "nl"
                else d[(d["layer"] == "wijk_detail") & d["code"].isin(self._fa_wijken.get(ident, set()))]
            )
            return base.set_geometry(base.geometry.representative_point())  # a point inside each shape
        if key == "nl-gemeente":
            return d[d["layer"] == "gemeente"]
        if key == "nl-wijk":
            return d[d["layer"] == "wijk"]
        if key == "nl-buurt":
            return d[d["layer"] == "buurt2019"]
        raise KeyError(key)

    def payload_keys(self) -> list[str]:
        """Every payload a map may ask for: the nationwide gemeente map first (the default view),
        then each focus area's layers, then the larger wijk and buurt maps."""
        per_area = [f"{kind}-{fid}" for fid in self.focus_ids for kind in ("fa-buurt", "rest", "outline", "labels")]
        return ["nl-gemeente", "outline-all", "labels-nl", *per_area, "nl-wijk", "nl-buurt"]

    def warm(self, keys: list[str] | None = None) -> None:
        """Build the payloads of ``keys`` (default: every one) ahead of their first request."""
        for key in self.payload_keys() if keys is None else keys:
            try:
                self._get(key)
            except KeyError:  # a focus area without buurten on the display layer: nothing to draw
                continue

    def payload(self, key: str) -> bytes:
        """Gzipped GeoJSON with feature ids = area codes (built on first use, then cached)."""
        return self._get(key)[0]

    def bounds(self, key: str) -> tuple[float, float, float, float]:
        return self._get(key)[1]

    def codes(self, key: str) -> pd.Index:
        """Area codes in the order of the payload's features (feature ``i`` has MapLibre id ``i``)."""
        return self._get(key)[2]

    def _get(self, key: str) -> tuple[bytes, tuple[float, float, float, float], pd.Index]:
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        with self._lock:  # one lock per key: a request waits only for the payload it needs
            lock = self._building.setdefault(key, threading.Lock())
        with lock:
            if key not in self._cache:
                self._cache[key] = self._build(key)
            return self._cache[key]

    def _reset_locks(self) -> None:
        """In a forked child (gunicorn --preload): locks held by a thread of the parent stay held
        forever there, so the child starts with new ones."""
        self._lock = threading.Lock()
        self._building = {}

    def _build(self, key: str) -> tuple[bytes, tuple[float, float, float, float], pd.Index]:
        frame = self.frame(key)
        if frame.empty:
            raise KeyError(key)
        codes = frame["code"].astype(str)
        names = frame["name"].astype(object).where(frame["name"].notna(), codes)
        props = {"name": names.to_numpy()}
        if key.startswith("labels-"):
            props["rank"] = [-float(self.label_rank.get(c, 0.0)) for c in codes]
        series = gpd.GeoDataFrame(props, geometry=frame.geometry.to_numpy(), index=pd.Index(codes), crs=frame.crs)
        text = series.to_json(drop_id=False, to_wgs84=False)
        return (
            gzip.compress(text.encode("utf-8"), 9),
            tuple(series.total_bounds),
            pd.Index(codes.to_numpy(dtype=object)),
        )
