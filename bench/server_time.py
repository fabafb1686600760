"""Server time and bytes per map switch, measured in-process. Optimised: the /values route's work
on a cache miss (store query, payload, JSON, gzip) — and on a hit; naive baseline: the whole
figure with inline GeoJSON built as a go.Figure and serialised as Dash does it.

Run: .venv/bin/python bench/server_time.py [--runs N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from common import ROOT, median

sys.path.insert(0, str(ROOT))


#: the two indicators a switch alternates between, and the year of every map
PAIR = ("lbm_nuisance_safety", "lbm_housing_stock")
YEAR = 2020


def payload_bytes(body: dict) -> bytes:
    """What the /values route does on a cache miss: build, serialise, gzip."""
    return gzip.compress(json.dumps(body, separators=(",", ":"), allow_nan=False).encode(), 5)


def naive_bytes(fig: dict) -> bytes:
    """The naive baseline's answer: the figure as a go.Figure, serialised as Dash does it, gzipped."""
    import plotly.graph_objects as go
    from plotly.io.json import to_json_plotly

    return gzip.compress(to_json_plotly(go.Figure(fig)).encode(), 6)


@dataclass
class Maps:
    """The maps a switch is measured on: the store, its geometry assets and the app's routes."""

    store: object
    geo: object
    client: object

    @classmethod
    def load(cls) -> Maps:
        from flask import Flask

        from dashboard.geo import GeoAssets
        from dashboard.routes import register_routes
        from geodata.settings import Settings
        from geodata.store import load_store

        store = load_store(Settings.from_env().cache_dir)
        geo = GeoAssets(store.display, "bench")
        server = Flask("bench")
        register_routes(server, store, geo)
        return cls(store, geo, server.test_client())

    def focus(self, indicator: str, naive: bool) -> bytes:
        """The focus-area map of AMS_NW (73 buurten)."""
        from dashboard import views

        if not naive:
            return payload_bytes(views.focus_map_payload(self.store, self.geo, "AMS_NW", indicator, YEAR, "nl"))
        from naive import naive_figure

        from dashboard.geo import fit_view

        view = views.focus_map_view(self.store, "AMS_NW", indicator, YEAR)
        v = fit_view(self.geo.bounds("outline-AMS_NW"))
        fig = naive_figure(
            view.units,
            self.store.indicator(indicator),
            self.geo,
            view.geo_key,
            "nl",
            center=(v.lon, v.lat),
            zoom=v.zoom,
            context=("outline-AMS_NW",),
        )
        return naive_bytes(fig)

    def national(self, level: str, indicator: str, naive: bool) -> bytes:
        """The nationwide map at ``level``."""
        from dashboard import national_views

        if not naive:
            return payload_bytes(
                national_views.national_map_payload(self.store, self.geo, level, indicator, YEAR, "nl")
            )
        from naive import naive_figure

        ind = self.store.indicator(indicator)
        units = national_views.national_map_units(self.store, ind, YEAR, level)
        fig = naive_figure(
            units, ind, self.geo, f"nl-{level}", "nl", center=(5.3, 52.15), zoom=6.2, context=("outline-all",)
        )
        return naive_bytes(fig)

    def route_hit_ms(self, scope: str, runs: int) -> float:
        """The /values route itself, once the state was asked for before (its LRU)."""
        from dashboard.routes import values_url

        url = f"{values_url(self.geo.version)}/{scope}/{PAIR[0]}/{YEAR}.json?taal=nl"
        self.client.get(url)
        hits = []
        for _ in range(runs):
            start = time.perf_counter()
            self.client.get(url)
            hits.append(time.perf_counter() - start)
        return median(hits) * 1000


def measure(switch: Callable[[str, bool], bytes], naive: bool, runs: int) -> dict:
    """Median server time and gzip size of ``runs`` switches between the two indicators of PAIR,
    after one to warm the caches (geometry payloads, indicator frames)."""
    switch(PAIR[0], naive)
    times, sizes = [], []
    for i in range(runs):
        start = time.perf_counter()
        body = switch(PAIR[i % 2], naive)
        times.append(time.perf_counter() - start)
        sizes.append(len(body))
    return {"server_ms": median(times) * 1000, "gzip_kb": median(sizes) / 1024}


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    maps = Maps.load()
    scenarios = {
        "focus-area map (AMS_NW, 73 buurten)": ("focus-AMS_NW", maps.focus),
        "nationwide wijk map (3,474 wijken)": ("nl-wijk", partial(maps.national, "wijk")),
        "nationwide buurt map (13,593 buurten, 2019)": ("nl-buurt", partial(maps.national, "buurt")),
    }
    results = {}
    for name, (scope, fn) in scenarios.items():
        for naive in (False, True):
            key = f"{name} {'naive' if naive else 'optimised'}"
            runs = args.runs if not naive else max(3, args.runs // 3)
            results[key] = measure(fn, naive, runs)
            extra = ""
            if not naive:
                results[key]["route_cached_ms"] = maps.route_hit_ms(scope, runs)
                extra = f" (route, state asked before: {results[key]['route_cached_ms']:.1f} ms)"
            print(
                f"{key}: {results[key]['server_ms']:.1f} ms server, {results[key]['gzip_kb']:.1f} KB gzip "
                f"per switch{extra}"
            )
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
