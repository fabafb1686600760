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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    started = time.strftime("%Y-%m-%d %H:%M")
    b = run(build, 1)
    ld = run(load, args.runs)
    st = run(server_time, max(args.runs, 5))
    sw = run(switch, args.runs)

    def ms(d: dict, key: str) -> str:
        return f"{d[key]['ms']:.0f} ms" if key in d else "–"

    rows = [
        ("switch, focus-area map (AMS_NW, 73 buurten): click → map drawn", ms(sw, "switch focus optimised"),
         ms(sw, "switch focus naive"), "≤ 300 ms"),
        ("switch, nationwide wijk map (3,474)", ms(sw, "switch national wijk optimised"),
         ms(sw, "switch national wijk naive"), "≤ 700 ms"),
        ("switch, nationwide buurt map (13,593, 2019)", ms(sw, "switch national buurt optimised"),
         ms(sw, "switch national buurt naive"), "≤ 1.8 s"),
    ]
    for name, label in (("focus-area map (AMS_NW, 73 buurten)", "focus"),
                        ("nationwide wijk map (3,474 wijken)", "wijk"),
                        ("nationwide buurt map (13,593 buurten, 2019)", "buurt")):
        o, n = st[f"{name} optimised"], st[f"{name} naive"]
        rows.append((f"bytes per switch, {label} map (gzip)", f"{o['gzip_kb']:.1f} KB", f"{n['gzip_kb']:.0f} KB",
                     "≤ 30 KB"))
        rows.append((f"server time per switch, {label} map", f"{o['server_ms']:.1f} ms", f"{n['server_ms']:.0f} ms",
                     "≤ 15 ms"))
    rows += [
        ("server start to first response (store built)", f"{ld['server_start_s']:.2f} s", "", "≤ 1.5 s"),
        ("first render of the focus-area page, cold cache", ms(sw, "first render focus page optimised"),
         ms(sw, "first render focus page naive"), "≤ 2.5 s"),
        ("resident memory of one server process", f"{ld['server_rss_mb']:.0f} MB (peak {ld['server_peak_mb']:.0f})",
         "", "≤ 700 MB"),
        ("full store build from the raw files", f"{b['build_s']:.1f} s (peak {b['build_peak_mb']:.0f} MB)", "",
         "≤ 90 s"),
        ("store load", f"{ld['store_load_s']:.2f} s", "", ""),
    ]
    text = (f"Benchmarks of {started} (medians of {args.runs} runs; headless Chromium, software WebGL, "
            f"127.0.0.1)\n\n" + table(rows) + "\n")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "summary.md").write_text(text)
    (RESULTS / "raw.json").write_text(json.dumps({"build": b, "load": ld, "server_time": st, "switch": sw}, indent=1))
    print("\n" + text)


if __name__ == "__main__":
    main()
