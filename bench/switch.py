"""Browser timings in headless Chromium on 127.0.0.1: click → map rendered for an indicator switch
on the focus-area map and the nationwide wijk and buurt maps, each next to the naive baseline in
the same run (first render per page: bench/first_render.py).

Run: .venv/bin/python bench/switch.py [--runs N]
"""

from __future__ import annotations

import argparse
import json

from common import READY_JS, SWITCH_JS, browser, gzip_size, median, server

MAPS = {  # graph, page path (the query follows per kind of switch)
    "focus": ("focus-map", "/?gebied=AMS_NW&"),
    "national wijk": ("nat-map", "/landelijk?niveau=wijk&"),
    "national buurt": ("nat-map", "/landelijk?niveau=buurt&"),
}
# Kinds of switch, each alternating between two states of one control, all on Leefbaarometer
# indicators that have values on every layer:
#   year       the year <select>: 2018 ↔ 2020 (the "switch indicator or year")
#   indicator  the indicator <select>: physical ↔ social environment (same action line)
#   line       the action-line radios: 2 ↔ 4 (also changes the indicator and its year list)
KINDS = {
    "year": ("lijn=4&indicator=lbm_nuisance_safety&jaar=2020", [("#year", "2018"), ("#year", "2020")]),
    "indicator": (
        "lijn=context&indicator=lbm_physical&jaar=2020",
        [("#indicator", "lbm_social"), ("#indicator", "lbm_physical")],
    ),
    "line": (
        "lijn=4&indicator=lbm_nuisance_safety&jaar=2020",
        [('#line input[value="2"]', ""), ('#line input[value="4"]', "")],
    ),
}


def switches(
    b, base: str, graph: str, path: str, clicks: list[tuple[str, str]], runs: int
) -> tuple[list[float], list[int], list[int]]:
    ctx = b.new_context(viewport={"width": 1440, "height": 900})
    page = ctx.new_page()
    bodies: list[tuple[str, bytes]] = []

    def on_response(resp):
        if "_dash-update-component" in resp.url or "/values/" in resp.url:
            try:
                label = resp.url if "/values/" in resp.url else (resp.request.post_data or "")
                bodies.append((label, resp.body()))
            except Exception:  # a response whose page went away
                pass

    page.on("response", on_response)
    # every switch fetches its payload (the worst case; revisiting a state would come from the
    # browser's cache, the payload URLs being versioned and immutable)
    ctx.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
    page.goto(base + path)
    page.wait_for_function(READY_JS, arg=[graph], timeout=120_000)
    page.wait_for_timeout(500)  # let the first round of callbacks settle before measuring
    times, map_bytes, all_bytes = [], [], []
    for i in range(runs + 1):
        bodies.clear()
        selector, value = clicks[i % 2]
        ms = page.evaluate(SWITCH_JS, [graph, selector, value])
        if ms < 0:
            raise RuntimeError(f"{path}: the map did not redraw within 30 s after a click")
        page.wait_for_load_state("networkidle")
        if i == 0:
            continue  # the first switch after load warms caches on both sides
        times.append(ms)
        # the map's response: its figure (naive) or its payload from /values/ (optimised)
        map_bytes.append(sum(gzip_size(b) for req, b in bodies if f"{graph}-naive.figure" in req or "/values/" in req))
        all_bytes.append(sum(gzip_size(b) for _, b in bodies))
    ctx.close()
    return times, map_bytes, all_bytes


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-naive", action="store_true", help="only the optimised app (quick checks)")
    args = parser.parse_args()
    results: dict[str, dict] = {}
    with browser() as b:
        for naive in (False,) if args.skip_naive else (False, True):
            mode = "naive" if naive else "optimised"
            with server(naive=naive, log_name="switch") as (base, _, _):
                for name, (graph, path) in MAPS.items():
                    for kind, (query, clicks) in KINDS.items():
                        if naive and kind != "year":
                            continue  # the baseline for the ratio; its buurt switches take ~10 s each
                        runs = args.runs if not (naive and name == "national buurt") else max(3, args.runs // 2)
                        t, mb, ab = switches(b, base, graph, path + query, clicks, runs)
                        label = f"switch {name} {kind} {mode}"
                        results[label] = {
                            "ms": median(t),
                            "all_ms": t,
                            "map_gzip_kb": median(mb) / 1024,
                            "all_gzip_kb": median(ab) / 1024,
                            "runs": runs,
                        }
                        print(
                            f"switch {name}, {kind} ({mode}): {median(t):.0f} ms click→drawn "
                            f"(runs: {', '.join(f'{x:.0f}' for x in t)}), map response {median(mb) / 1024:.1f} KB "
                            f"gzip, all callbacks {median(ab) / 1024:.1f} KB gzip"
                        )
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
