"""Full store build from the raw files: wall time and peak memory (a fresh cache folder).

Run: .venv/bin/python bench/build.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time

from common import ROOT, median


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    times, peaks = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "geodata", "build", "--force", "--cache-dir", tmp],
                cwd=ROOT,
                check=True,
                stderr=subprocess.DEVNULL,
            )
            times.append(time.perf_counter() - start)
            peaks.append(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    result = {"build_s": median(times), "build_peak_mb": max(peaks), "runs": args.runs}
    print(
        f"full store build: {result['build_s']:.1f} s (median of {args.runs}), peak memory {result['build_peak_mb']:.0f} MB"
    )
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
