"""Server time and bytes per map switch, measured in-process. Optimised: the /values route's work
on a cache miss (store query, payload, JSON, gzip) — and on a hit; naive baseline: the whole
figure with inline GeoJSON built as a go.Figure and serialised as Dash does it.

Run: .venv/bin/python bench/server_time.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from common import ROOT, median

sys.path.insert(0, str(ROOT))


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    import gzip

    import plotly.graph_objects as go
    from flask import Flask
    from naive import naive_figure
    from plotly.io.json import to_json_plotly

    from dashboard import national_views, views
    from dashboard.geo import GeoAssets, fit_view
    from dashboard.routes import register_routes, values_url
    from geodata.settings import Settings
    from geodata.store import load_store

    store = load_store(Settings.from_env().cache_dir)
    geo = GeoAssets(store.display, "bench")
    server = Flask("bench")
    register_routes(server, store, geo)
    client = server.test_client()
    pair = ("lbm_nuisance_safety", "lbm_housing_stock")
    results = {}

    def payload_bytes(body: dict) -> bytes:
        # what the /values route does on a cache miss: build, serialise, gzip
        return gzip.compress(json.dumps(body, separators=(",", ":"), allow_nan=False).encode(), 5)

    def focus(indicator: str, naive: bool) -> bytes:
        if naive:
            view = views.focus_map_view(store, "AMS_NW", indicator, 2020)
            v = fit_view(geo.bounds("outline-AMS_NW"))
            fig = naive_figure(
                view.units,
                store.indicator(indicator),
                geo,
                view.geo_key,
                "nl",
                center=(v.lon, v.lat),
                zoom=v.zoom,
                context=("outline-AMS_NW",),
            )
            return gzip.compress(to_json_plotly(go.Figure(fig)).encode(), 6)
        return payload_bytes(views.focus_map_payload(store, geo, "AMS_NW", indicator, 2020, "nl"))

    def national(level: str, indicator: str, naive: bool) -> bytes:
        if naive:
            ind = store.indicator(indicator)
            units = national_views.national_map_units(store, ind, 2020, level)
            fig = naive_figure(
                units, ind, geo, f"nl-{level}", "nl", center=(5.3, 52.15), zoom=6.2, context=("outline-all",)
            )
            return gzip.compress(to_json_plotly(go.Figure(fig)).encode(), 6)
        return payload_bytes(national_views.national_map_payload(store, geo, level, indicator, 2020, "nl"))

    scenarios = {
        "focus-area map (AMS_NW, 73 buurten)": ("focus-AMS_NW", lambda ind, naive: focus(ind, naive)),
        "nationwide wijk map (3,474 wijken)": ("nl-wijk", lambda ind, naive: national("wijk", ind, naive)),
        "nationwide buurt map (13,593 buurten, 2019)": ("nl-buurt", lambda ind, naive: national("buurt", ind, naive)),
    }
    for name, (scope, fn) in scenarios.items():
        for naive in (False, True):
            fn(pair[0], naive)  # warm caches (geometry payloads, indicator frames)
            times, sizes = [], []
            runs = args.runs if not naive else max(3, args.runs // 3)
            for i in range(runs):
                start = time.perf_counter()
                body = fn(pair[i % 2], naive)
                times.append(time.perf_counter() - start)
                sizes.append(len(body))
            key = f"{name} {'naive' if naive else 'optimised'}"
            results[key] = {"server_ms": median(times) * 1000, "gzip_kb": median(sizes) / 1024}
            extra = ""
            if not naive:  # the route itself, once the state was asked for before (its LRU)
                url = f"{values_url(geo.version)}/{scope}/{pair[0]}/2020.json?taal=nl"
                client.get(url)
                hits = []
                for _ in range(runs):
                    start = time.perf_counter()
                    client.get(url)
                    hits.append(time.perf_counter() - start)
                results[key]["route_cached_ms"] = median(hits) * 1000
                extra = f" (route, state asked before: {median(hits) * 1000:.1f} ms)"
            print(
                f"{key}: {results[key]['server_ms']:.1f} ms server, {results[key]['gzip_kb']:.1f} KB gzip "
                f"per switch{extra}"
            )
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
