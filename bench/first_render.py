"""First render per page in headless Chromium, cold browser cache, the app behind gunicorn and the
naive baseline in the same run: navigation start → the page's first content painted.

- ``/`` and ``/landelijk``: the first map painted. Optimised: the ``zof:drawn:<map id>`` mark that
  assets/app.js sets at MapLibre's first 'idle' after painting the values (the box gets
  ``data-zof-drawn``). Naive baseline: the first animation frame in which plotly's map has its
  traces and MapLibre reports it loaded (bench/common.py: READY_JS).
- ``/voortgang``: the first animation frame in which the progress matrix (a <table>) is visible.

Also recorded: first contentful paint and when the layout (/_dash-layout) arrived. Writes
bench/results/first-render-<date>.json.

Run: .venv/bin/python bench/first_render.py [--runs N] [--skip-naive]
"""

from __future__ import annotations

import argparse
import json
import time

from common import READY_JS, RESULTS, browser, load_average, median, server

#: page -> (what first render waits for: a map box id, or a CSS selector of a table)
PAGES = {
    "/": ("map", "focus-map"),
    "/landelijk": ("map", "nat-map"),
    "/voortgang": ("table", "#vg-matrix table"),
}
TABLE_JS = """([sel]) => { const t = document.querySelector(sel);
  return !!(t && t.offsetParent !== null && t.getBoundingClientRect().height > 0); }"""

# installed before the page's own scripts: checks the condition once per animation frame and keeps
# the first moment it held (performance.now(): ms since navigation start)
WATCH_JS = """
(() => {
  const ready = %s, arg = %s;
  const tick = () => {
    let ok = false;
    try { ok = ready(arg); } catch (e) { ok = false; }
    if (ok) { window.__zofReady = performance.now(); return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""

RESULT_JS = """([kind, id, naive]) => {
  const mark = kind === 'map' && !naive ? performance.getEntriesByName('zof:drawn:' + id)[0] : null;
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const layout = performance.getEntriesByType('resource').find(e => e.name.includes('/_dash-layout'));
  return { ms: mark ? mark.startTime : window.__zofReady, fcp: fcp ? fcp.startTime : null,
           layout: layout ? layout.responseEnd : null, source: mark ? 'mark' : 'frame' };
}"""


def first_render(b, base: str, path: str, runs: int, *, naive: bool = False) -> list[dict]:
    kind, target = PAGES[path]
    ready, arg = (READY_JS, [target]) if kind == "map" else (TABLE_JS, [target])
    out = []
    for _ in range(runs):
        ctx = b.new_context(viewport={"width": 1440, "height": 900})  # cold cache every run
        ctx.add_init_script(WATCH_JS % (ready, json.dumps(arg)))
        page = ctx.new_page()
        page.goto(base + path)
        page.wait_for_function("() => window.__zofReady !== undefined", timeout=60_000)
        out.append(page.evaluate(RESULT_JS, [kind, target, naive]))
        ctx.close()
    return out


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", nargs="+", default=list(PAGES))
    parser.add_argument("--skip-naive", action="store_true", help="only the optimised app (quick checks)")
    args = parser.parse_args()
    results: dict[str, dict] = {"load_before": load_average()}
    with browser() as b:
        for naive in (False,) if args.skip_naive else (False, True):
            mode = "naive" if naive else "optimised"
            with server(naive=naive, log_name="first-render", wsgi=True, settle=True) as (base, _, _):
                for path in args.pages:
                    page_runs = first_render(b, base, path, args.runs, naive=naive)
                    ms = [r["ms"] for r in page_runs]
                    results[f"first render {path} {mode}"] = {
                        "ms": median(ms),
                        "all_ms": ms,
                        "fcp_ms": median([r["fcp"] for r in page_runs if r["fcp"] is not None]),
                        "layout_ms": median([r["layout"] for r in page_runs if r["layout"] is not None]),
                    }
                    print(
                        f"first render {path} ({mode}, cold cache): {median(ms):.0f} ms "
                        f"(runs: {', '.join(f'{x:.0f}' for x in ms)}; first contentful paint "
                        f"{results[f'first render {path} {mode}']['fcp_ms']:.0f} ms, layout at "
                        f"{results[f'first render {path} {mode}']['layout_ms']:.0f} ms)",
                        flush=True,
                    )
    results["load_after"] = load_average()
    for path in args.pages:
        o, n = results.get(f"first render {path} optimised"), results.get(f"first render {path} naive")
        if o and n:
            print(f"first render {path}: optimised / naive = {o['ms'] / n['ms']:.2f}")
    print(f"machine: {results['load_before']} before, {results['load_after']} after")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"first-render-{time.strftime('%Y-%m-%d-%H%M')}.json").write_text(json.dumps(results, indent=1))
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
