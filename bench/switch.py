"""Browser timings in headless Chromium on 127.0.0.1: first render of the focus-area page with a
cold cache, and click → map rendered for an indicator switch on the focus-area map and the
nationwide wijk and buurt maps, each next to the naive baseline in the same run.

Run: .venv/bin/python bench/switch.py [--runs N]
"""
from __future__ import annotations

import argparse
import json

from common import READY_JS, SWITCH_JS, browser, gzip_size, median, server

FOCUS_URL = "/?gebied=AMS_NW&lijn=4&indicator=lbm_nuisance_safety&jaar=2020"
SCENARIOS = {
    "focus": ("focus-map", FOCUS_URL),
    "national wijk": ("nat-map", "/landelijk?lijn=4&indicator=lbm_nuisance_safety&jaar=2020&niveau=wijk"),
    "national buurt": ("nat-map", "/landelijk?lijn=4&indicator=lbm_nuisance_safety&jaar=2020&niveau=buurt"),
}
# the two action-line radios switch between two Leefbaarometer indicators on the same geometry
CLICKS = ['#line input[value="2"]', '#line input[value="4"]']  # native radio inputs


def first_render(b, base: str, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        ctx = b.new_context(viewport={"width": 1440, "height": 900})  # cold cache every run
        page = ctx.new_page()
        page.goto(base + FOCUS_URL)
        page.wait_for_function(READY_JS, arg=["focus-map"], timeout=60_000)
        page.wait_for_function("() => document.querySelector('#focus-map .maplibregl-canvas')", timeout=60_000)
        out.append(page.evaluate("() => performance.now()"))
        ctx.close()
    return out


def switches(b, base: str, graph: str, path: str, runs: int) -> tuple[list[float], list[int], list[int]]:
    ctx = b.new_context(viewport={"width": 1440, "height": 900})
    page = ctx.new_page()
    bodies: list[tuple[str, bytes]] = []

    def on_response(resp):
        if "_dash-update-component" in resp.url:
            try:
                bodies.append((resp.request.post_data or "", resp.body()))
            except Exception:  # a response whose page went away
                pass

    page.on("response", on_response)
    page.goto(base + path)
    page.wait_for_function(READY_JS, arg=[graph], timeout=120_000)
    page.wait_for_timeout(500)  # let the first round of callbacks settle before measuring
    times, map_bytes, all_bytes = [], [], []
    for i in range(runs + 1):
        bodies.clear()
        ms = page.evaluate(SWITCH_JS, [graph, CLICKS[i % 2]])
        if ms < 0:
            raise RuntimeError(f"{path}: the map did not redraw within 30 s after a click")
        page.wait_for_load_state("networkidle")
        if i == 0:
            continue  # the first switch after load warms caches on both sides
        times.append(ms)
        map_bytes.append(sum(gzip_size(b) for req, b in bodies if f'"{graph}.figure' in req or f'{graph}.figure' in req))
        all_bytes.append(sum(gzip_size(b) for _, b in bodies))
    ctx.close()
    return times, map_bytes, all_bytes


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results: dict[str, dict] = {}
    with browser() as b:
        for naive in (False, True):
            mode = "naive" if naive else "optimised"
            with server(naive=naive, log_name="switch") as (base, _, _):
                fr = first_render(b, base, args.runs)
                results[f"first render focus page {mode}"] = {"ms": median(fr)}
                print(f"first render of the focus-area page, cold cache ({mode}): {median(fr):.0f} ms")
                for name, (graph, path) in SCENARIOS.items():
                    runs = args.runs if not (naive and name == "national buurt") else max(3, args.runs // 2)
                    t, mb, ab = switches(b, base, graph, path, runs)
                    results[f"switch {name} {mode}"] = {"ms": median(t), "map_gzip_kb": median(mb) / 1024,
                                                        "all_gzip_kb": median(ab) / 1024, "runs": runs}
                    print(f"switch {name} ({mode}): {median(t):.0f} ms click→rendered, map response "
                          f"{median(mb) / 1024:.1f} KB gzip, all callbacks {median(ab) / 1024:.1f} KB gzip (median of {runs})")
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
