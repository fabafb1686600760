"""Run every benchmark and write the table of issue "Fast maps at every scale".

Run: make bench   (or .venv/bin/python bench/run_all.py [--runs N] [--lighthouse-runs M])
Writes bench/results/summary.md and prints it. Medians of N runs (default 5); Lighthouse medians
of M runs (default 3, bench/results/lighthouse-<date>.json).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import time

import build
import first_render
import lighthouse
import load
import server_time
import switch
from common import RESULTS, load_average, table


def run(module, runs: int) -> dict:
    argv = sys.argv
    sys.argv = [module.__name__, "--runs", str(runs)]
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            result = module.main()
    finally:
        sys.argv = argv
    print(out.getvalue().rsplit("{", 1)[0].strip(), flush=True)
    return result


Row = tuple[str, str, str, str]  # what is measured, optimised, naive, what the issue asks

#: the maps a switch is timed on: (key in switch's results, label, what the issue asks)
SWITCHED_MAPS = (
    ("focus", "focus-area map (AMS_NW, 73 buurten)", "≤ 300 ms"),
    ("national wijk", "nationwide wijk map (3,474)", "≤ 700 ms"),
    ("national buurt", "nationwide buurt map (13,593, 2019)", "≤ 1.8 s (≤ 100 ms stretch)"),
)
#: the maps whose payload is measured in-process: (key in server_time's results, label)
SERVED_MAPS = (
    ("focus-area map (AMS_NW, 73 buurten)", "focus"),
    ("nationwide wijk map (3,474 wijken)", "wijk"),
    ("nationwide buurt map (13,593 buurten, 2019)", "buurt"),
)
#: the pages whose first render is timed: (path, what ends it, what the issue asks)
FIRST_RENDERS = (
    ("/", "first map painted", "≤ ½ naive"),
    ("/landelijk", "first map painted", "≤ ½ naive"),
    ("/voortgang", "matrix visible", ""),
)


def ms(results: dict, key: str) -> str:
    return f"{results[key]['ms']:.0f} ms" if key in results else "–"


def rows_of(b: dict, ld: dict, st: dict, sw: dict, fr: dict) -> list[Row]:
    """The summary table: switches, bytes and server time per switch, start and first render, then
    memory, build and store load (from the results of build, load, server_time, switch, first_render)."""
    return [*switch_rows(sw), *served_rows(st), *start_rows(ld, fr), *resource_rows(b, ld)]


def switch_rows(sw: dict) -> list[Row]:
    return [
        (
            f"switch {kind}, {label}: click → map drawn",
            ms(sw, f"switch {name} {kind} optimised"),
            ms(sw, f"switch {name} {kind} naive"),
            floor,
        )
        for name, label, floor in SWITCHED_MAPS
        for kind in ("year", "indicator", "line")
    ]


def served_rows(st: dict) -> list[Row]:
    rows = []
    for name, label in SERVED_MAPS:
        o, n = st[f"{name} optimised"], st[f"{name} naive"]
        rows.append(
            (f"bytes per switch, {label} map (gzip)", f"{o['gzip_kb']:.1f} KB", f"{n['gzip_kb']:.0f} KB", "≤ 30 KB")
        )
        rows.append(
            (
                f"server time per switch, {label} map (cache miss; hit)",
                f"{o['server_ms']:.1f} ms; {o.get('route_cached_ms', float('nan')):.1f} ms",
                f"{n['server_ms']:.0f} ms",
                "≤ 15 ms",
            )
        )
    return rows


def start_rows(ld: dict, fr: dict) -> list[Row]:
    first = [
        (
            f"first render of `{path}`, cold cache: navigation → {what}",
            ms(fr, f"first render {path} optimised"),
            ms(fr, f"first render {path} naive"),
            floor,
        )
        for path, what, floor in FIRST_RENDERS
    ]
    return [("server start to first response (store built)", f"{ld['server_start_s']:.2f} s", "", "≤ 1.5 s"), *first]


def resource_rows(b: dict, ld: dict) -> list[Row]:
    return [
        (
            "resident memory of one server process",
            f"{ld['server_rss_mb']:.0f} MB (peak {ld['server_peak_mb']:.0f})",
            "",
            "≤ 700 MB",
        ),
        (
            "full store build from the raw files",
            f"{b['build_s']:.1f} s (peak {b['build_peak_mb']:.0f} MB)",
            "",
            "≤ 90 s",
        ),
        ("store load", f"{ld['store_load_s']:.2f} s", "", ""),
    ]


def write(rows, started: str, runs: int, lh: dict | None = None, load: str = "") -> str:
    text = (
        f"Benchmarks of {started} (medians of {runs} runs; headless Chromium, software WebGL, "
        f"127.0.0.1; switches with the browser cache off; {load})\n\n" + table(rows) + "\n"
    )
    if lh:
        text += (
            f"\nLighthouse, desktop preset, throttling {lh['throttling']} (medians of {lh.get('runs', '?')}):\n\n"
            + lighthouse.table(lh)
            + "\n"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "summary.md").write_text(text)
    return text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lighthouse-runs", type=int, default=3)
    parser.add_argument("--table-only", action="store_true", help="rewrite summary.md from results/raw.json")
    args = parser.parse_args()
    if args.table_only:
        raw = json.loads((RESULTS / "raw.json").read_text())
        print(
            write(
                rows_of(raw["build"], raw["load"], raw["server_time"], raw["switch"], raw.get("first_render", {})),
                raw.get("started", "?"),
                raw.get("runs", args.runs),
                raw.get("lighthouse"),
                raw.get("machine", ""),
            )
        )
        return
    started = time.strftime("%Y-%m-%d %H:%M")
    machine = load_average()
    b = run(build, 1)
    ld = run(load, args.runs)
    st = run(server_time, max(args.runs, 5))
    sw = run(switch, args.runs)
    fr = run(first_render, args.runs)
    lh = run(lighthouse, args.lighthouse_runs)
    lh["runs"] = args.lighthouse_runs
    machine = f"{machine} at the start, {load_average()} at the end"
    raw = {"started": started, "runs": args.runs, "machine": machine, "build": b, "load": ld, "server_time": st}
    raw |= {"switch": sw, "first_render": fr, "lighthouse": lh}
    (RESULTS / "raw.json").write_text(json.dumps(raw, indent=1))
    print("\n" + write(rows_of(b, ld, st, sw, fr), started, args.runs, lh, machine))


if __name__ == "__main__":
    main()
