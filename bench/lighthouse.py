"""Lighthouse (npm ``lighthouse``, pinned in bench/package.json) on the app served by gunicorn and on
the naive baseline, in the same run: desktop preset without throttling (``--throttling-method
provided``: the page as this machine loads it over 127.0.0.1; ``--throttling simulate`` for the
preset's simulated 40 ms / 10 Mbit/s link), N runs per page, each with a fresh Chromium profile.

Writes every run and the medians to bench/results/lighthouse-<date>.json and prints a table.
Installs Lighthouse itself when missing (``npm ci --prefix bench``); uses /usr/bin/chromium.

Run: .venv/bin/python bench/lighthouse.py [--runs 3] [--pages / /landelijk /voortgang] [--skip-naive]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from common import CHROMIUM, RESULTS, ROOT, load_average, median, server

BENCH = ROOT / "bench"
CLI = BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
PAGES = ("/", "/landelijk", "/voortgang")
CATEGORIES = ("performance", "accessibility", "best-practices")
#: audit id -> our key (numeric values: ms, bytes, or unitless for CLS)
AUDITS = {
    "total-blocking-time": "tbt_ms",
    "largest-contentful-paint": "lcp_ms",
    "first-contentful-paint": "fcp_ms",
    "speed-index": "si_ms",
    "interactive": "tti_ms",
    "max-potential-fid": "max_fid_ms",  # navigation runs have no INP (no interaction); its upper bound
    "cumulative-layout-shift": "cls",
    "total-byte-weight": "bytes",
    "bootup-time": "js_ms",
    "mainthread-work-breakdown": "main_thread_ms",
}


def ensure_lighthouse() -> None:
    if not CLI.exists():
        subprocess.run(["npm", "ci", "--prefix", str(BENCH), "--no-audit", "--no-fund"], check=True)


def lighthouse(url: str, throttling: str) -> dict:
    """One Lighthouse run of ``url``: the category scores (0–100) and the metrics of AUDITS."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        cmd = [
            "node",
            str(CLI),
            url,
            "--preset=desktop",
            f"--throttling-method={throttling}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
        ]
        subprocess.run(cmd, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300)
        report = json.loads(out.read_text())
    run = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    for audit, key in AUDITS.items():
        run[key] = report["audits"][audit].get("numericValue")
    run["failed_audits"] = sorted(
        a
        for c in CATEGORIES[1:]
        for ref in report["categories"][c]["auditRefs"]
        if (a := ref["id"]) in report["audits"]
        and report["audits"][a].get("score") not in (None, 1)
        and ref.get("weight", 0) > 0
    )
    run["lighthouse"] = report["lighthouseVersion"]
    return run


def medians(runs: list[dict]) -> dict:
    keys = [*CATEGORIES, *AUDITS.values()]
    return {k: median([r[k] for r in runs if r.get(k) is not None]) for k in keys}


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", nargs="+", default=list(PAGES))
    parser.add_argument("--throttling", choices=("provided", "simulate"), default="provided")
    parser.add_argument("--skip-naive", action="store_true", help="only the optimised app (quick checks)")
    args = parser.parse_args()
    ensure_lighthouse()
    started = time.strftime("%Y-%m-%d %H:%M")
    results: dict = {"started": started, "throttling": args.throttling, "load_before": load_average(), "pages": {}}
    for naive in (False,) if args.skip_naive else (False, True):
        mode = "naive" if naive else "optimised"
        with server(naive=naive, log_name="lighthouse", wsgi=True, settle=True) as (base, _, _):
            for path in args.pages:
                runs = [lighthouse(base + path, args.throttling) for _ in range(args.runs)]
                results["pages"].setdefault(path, {})[mode] = {"runs": runs, "median": medians(runs)}
                m = medians(runs)
                print(
                    f"{path} ({mode}): performance {m['performance']:.0f} (runs "
                    f"{', '.join(str(r['performance']) for r in runs)}), TBT {m['tbt_ms']:.0f} ms, "
                    f"LCP {m['lcp_ms']:.0f} ms",
                    flush=True,
                )
    results["load_after"] = load_average()
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"lighthouse-{time.strftime('%Y-%m-%d-%H%M')}.json"
    out.write_text(json.dumps(results, indent=1))
    print(
        f"\nLighthouse {runs[0]['lighthouse']}, desktop preset, throttling {args.throttling}, medians of "
        f"{args.runs} ({started}; {results['load_before']} before, {results['load_after']} after)"
    )
    print(table(results))
    print(f"written to {out.relative_to(ROOT)}")
    print(json.dumps({p: {m: v["median"] for m, v in d.items()} for p, d in results["pages"].items()}))
    return results


def table(results: dict) -> str:
    head = (
        "| page | app | performance | accessibility | best practices | TBT | LCP | FCP | TTI | max FID | CLS | "
        "transferred |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    rows = []
    for path, modes in results["pages"].items():
        for mode, d in modes.items():
            m = d["median"]
            rows.append(
                f"| `{path}` | {mode} | {m['performance']:.0f} | {m['accessibility']:.0f} | "
                f"{m['best-practices']:.0f} | {m['tbt_ms']:.0f} ms | {m['lcp_ms']:.0f} ms | {m['fcp_ms']:.0f} ms | "
                f"{m['tti_ms']:.0f} ms | {m['max_fid_ms']:.0f} ms | {m['cls']:.3f} | {m['bytes'] / 1024:.0f} KB |"
            )
    return head + "\n".join(rows)


if __name__ == "__main__":
    main()
