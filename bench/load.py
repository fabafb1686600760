"""Store load time and memory, server start to first response, resident memory of one server.

Run: .venv/bin/python bench/load.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import urllib.request

from common import ROOT, median, rss_mb, server


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    code = (
        "import time,resource;t=time.perf_counter();from geodata.store import load_store;"
        "from geodata.settings import Settings;s=load_store(Settings.from_env().cache_dir);"
        "s.indicator_values('population');print(time.perf_counter()-t, "
        "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024)"
    )
    loads, mems = [], []
    for _ in range(args.runs):
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
        t, m = map(float, out.stdout.split())
        loads.append(t)
        mems.append(m)
    starts, rss, peaks = [], [], []
    for i in range(args.runs):
        with server(log_name="load") as (base, proc, started):
            starts.append(started)
            if i == 0:  # warm the server: every page and every geometry a user can ask for
                for path in ("/", "/landelijk", "/data"):
                    urllib.request.urlopen(base + path).read()
            cur, peak = rss_mb(proc.pid)
            rss.append(cur)
            peaks.append(peak)
    result = {
        "store_load_s": median(loads),
        "store_load_peak_mb": median(mems),
        "server_start_s": median(starts),
        "server_rss_mb": median(rss),
        "server_peak_mb": max(peaks),
    }
    print(
        f"store load: {result['store_load_s']:.2f} s, peak {result['store_load_peak_mb']:.0f} MB (median of {args.runs})"
    )
    print(f"server start to first response: {result['server_start_s']:.2f} s (median of {args.runs})")
    print(f"server resident memory: {result['server_rss_mb']:.0f} MB (peak {result['server_peak_mb']:.0f} MB)")
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
