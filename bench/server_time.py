"""Server time and bytes per map switch, measured in-process: the callback's work (store query,
figure or Patch, JSON serialisation as Dash does it), optimised against the naive baseline.

Run: .venv/bin/python bench/server_time.py [--runs N]
"""
from __future__ import annotations

import argparse
import json
import sys
import time

from common import ROOT, gzip_size, median

sys.path.insert(0, str(ROOT))


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    import plotly.graph_objects as go
    from plotly.io.json import to_json_plotly

    from dashboard import views
    from dashboard.callbacks import to_patch
    from dashboard.figures import map_value_updates
    from dashboard.geo import GeoAssets
    from geodata.settings import Settings
    from geodata.store import load_store

    store = load_store(Settings.from_env().cache_dir)
    geo = GeoAssets(store.display, "bench")
    pair = ("lbm_nuisance_safety", "lbm_housing_stock")
    results = {}

    def focus(indicator: str, naive: bool) -> str:
        ind = store.indicator(indicator)
        view = views.focus_map_view(store, "AMS_NW", indicator, 2020)
        if naive:
            return to_json_plotly(go.Figure(views.inline_geometry(views.focus_map_figure(view, ind, geo, "AMS_NW", "nl"), geo)))
        return to_json_plotly(to_patch(views.focus_map_patch(view, ind, "nl")))

    def national(level: str, indicator: str, naive: bool) -> str:
        ind = store.indicator(indicator)
        units = views.national_map_units(store, ind, 2020, level)
        if naive:
            return to_json_plotly(go.Figure(views.inline_geometry(views.national_map_figure(units, ind, geo, level, "nl"), geo)))
        return to_json_plotly(to_patch(map_value_updates(units, ind, lang="nl")))

    scenarios = {"focus-area map (AMS_NW, 73 buurten)": lambda ind, naive: focus(ind, naive),
                 "nationwide wijk map (3,474 wijken)": lambda ind, naive: national("wijk", ind, naive),
                 "nationwide buurt map (13,593 buurten, 2019)": lambda ind, naive: national("buurt", ind, naive)}
    for name, fn in scenarios.items():
        for naive in (False, True):
            fn(pair[0], naive)  # warm caches (geometry payloads, indicator frames)
            times, sizes = [], []
            runs = args.runs if not naive else max(3, args.runs // 3)
            for i in range(runs):
                start = time.perf_counter()
                body = fn(pair[i % 2], naive)
                times.append(time.perf_counter() - start)
                sizes.append(gzip_size(body.encode()))
            key = f"{name} {'naive' if naive else 'optimised'}"
            results[key] = {"server_ms": median(times) * 1000, "gzip_kb": median(sizes) / 1024}
            print(f"{key}: {results[key]['server_ms']:.1f} ms server, {results[key]['gzip_kb']:.1f} KB gzip per switch")
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
