"""Run every benchmark and write the table of issue "Fast maps at every scale".

Run: make bench   (or .venv/bin/python bench/run_all.py [--runs N])
Writes bench/results/summary.md and prints it. Medians of N runs (default 5).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import time

import build
import load
import server_time
import switch
from common import RESULTS, table


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


def rows_of(b: dict, ld: dict, st: dict, sw: dict) -> list[tuple[str, str, str, str]]:
    def ms(key: str) -> str:
        return f"{sw[key]['ms']:.0f} ms" if key in sw else "–"

    rows = []
    for name, label, floor in (
        ("focus", "focus-area map (AMS_NW, 73 buurten)", "≤ 300 ms"),
        ("national wijk", "nationwide wijk map (3,474)", "≤ 700 ms"),
        ("national buurt", "nationwide buurt map (13,593, 2019)", "≤ 1.8 s (≤ 100 ms stretch)"),
    ):
        for kind in ("year", "indicator", "line"):
            rows.append(
                (
                    f"switch {kind}, {label}: click → map drawn",
                    ms(f"switch {name} {kind} optimised"),
                    ms(f"switch {name} {kind} naive"),
                    floor,
                )
            )
    for name, label in (
        ("focus-area map (AMS_NW, 73 buurten)", "focus"),
        ("nationwide wijk map (3,474 wijken)", "wijk"),
        ("nationwide buurt map (13,593 buurten, 2019)", "buurt"),
    ):
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
    rows += [
        ("server start to first response (store built)", f"{ld['server_start_s']:.2f} s", "", "≤ 1.5 s"),
        (
            "first render of the focus-area page, cold cache",
            ms("first render focus page optimised"),
            ms("first render focus page naive"),
            "≤ 2.5 s",
        ),
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
    return rows


def write(rows, started: str, runs: int) -> str:
    text = (
        f"Benchmarks of {started} (medians of {runs} runs; headless Chromium, software WebGL, "
        f"127.0.0.1; switches with the browser cache off)\n\n" + table(rows) + "\n"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "summary.md").write_text(text)
    return text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--table-only", action="store_true", help="rewrite summary.md from results/raw.json")
    args = parser.parse_args()
    if args.table_only:
        raw = json.loads((RESULTS / "raw.json").read_text())
        print(
            write(
                rows_of(raw["build"], raw["load"], raw["server_time"], raw["switch"]),
                raw.get("started", "?"),
                raw.get("runs", args.runs),
            )
        )
        return
    started = time.strftime("%Y-%m-%d %H:%M")
    b = run(build, 1)
    ld = run(load, args.runs)
    st = run(server_time, max(args.runs, 5))
    sw = run(switch, args.runs)
    (RESULTS / "raw.json").write_text(
        json.dumps(
            {"started": started, "runs": args.runs, "build": b, "load": ld, "server_time": st, "switch": sw}, indent=1
        )
    )
    print("\n" + write(rows_of(b, ld, st, sw), started, args.runs))


if __name__ == "__main__":
    main()
