"""Concurrent users: a recorded browser session replayed by locust at 50 and 200 users, against
gunicorn directly (2 sync workers) and through nginx (deploy/serve.sh: nginx in front of 2
gunicorn instances of 1 worker). Prints p50/p95/p99, requests/s and errors per run, and the share
of requests nginx answered from its cache; writes bench/results/load_users.json and .md.

Run: .venv/bin/python bench/load_users.py [--seconds 60] [--users 50 200] [--modes direct nginx]

Locust runs on the same machine (it takes part of a core): the numbers are for this machine as a
whole, the same for both modes.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from common import RESULTS, ROOT, browser, free_port, server

SESSION = RESULTS / "session.json"
STEPS = [  # what the recorded visitor does; each step waits until its view is drawn
    (
        "open the focus-area page",
        lambda p: (p.goto("/?gebied=AMS_NW&lijn=4&indicator=lbm_nuisance_safety&jaar=2020"), _drawn(p, "focus-map")),
    ),
    ("change the year", lambda p: (p.select_option("#year", "2018"), _drawn(p, "focus-map"))),
    ("change the indicator", lambda p: (p.select_option("#indicator", "crimes_per_1000"), _drawn(p, "focus-map"))),
    ("open the nationwide page", lambda p: (p.click("#nav-national"), _drawn(p, "nat-map"))),
    ("change the level to wijken", lambda p: (p.locator("#nat-level label").nth(1).click(), _drawn(p, "nat-map"))),
]


def _drawn(page, map_id: str) -> None:
    page.wait_for_function(
        "(id) => { const b = document.getElementById(id); return b && b.hasAttribute('data-zof-drawn'); }",
        arg=map_id,
        timeout=30_000,
    )
    page.wait_for_load_state("networkidle")


def record_session() -> dict:
    """The requests a real browser makes for :data:`STEPS`, step by step (cold cache)."""
    steps = []
    with server(log_name="record") as (base, _, _), browser() as b:
        context = b.new_context(base_url=base, viewport={"width": 1440, "height": 900})
        page = context.new_page()
        current: list[dict] = []

        def seen(req) -> None:
            if req.url.startswith(base):
                headers = {k: v for k, v in req.headers.items() if k.lower() == "content-type"}
                current.append(
                    {"method": req.method, "path": req.url[len(base) :], "body": req.post_data, "headers": headers}
                )

        page.on("request", seen)
        for name, action in STEPS:
            current = []
            action(page)
            steps.append({"name": name, "requests": current})
        context.close()
    session = {"steps": steps, "requests": sum(len(s["requests"]) for s in steps)}
    SESSION.write_text(json.dumps(session, indent=1))
    return session


@contextlib.contextmanager
def stack(mode: str):
    """gunicorn alone (2 workers) or deploy/serve.sh (nginx + 2 instances); yields the base URL."""
    port = free_port()
    log = open(RESULTS / f"load-{mode}.log", "w")  # noqa: SIM115 (closed below)
    # the instances get ports of their own: PORT+1… may be a client port of the previous run's sockets
    apps = " ".join(str(free_port()) for _ in range(2))
    env = {**os.environ, "ZOF_RUN_DIR": str(RESULTS / "deploy"), "ZOF_APP_PORTS": apps}
    if mode == "direct":
        cmd = [str(ROOT / ".venv/bin/gunicorn"), "--workers", "2", "--preload", "--timeout", "30"]
        cmd += ["--bind", f"127.0.0.1:{port}", "app:server"]
    else:
        cmd = ["bash", str(ROOT / "deploy/serve.sh"), str(port), "2"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(base + "/", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    tail = Path(log.name).read_text()[-800:]
                    raise RuntimeError(
                        f"{mode} stack did not start (exit {proc.poll()}); {log.name}:\n{tail}"
                    ) from None
                time.sleep(0.2)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(20)
        log.close()


def run_locust(base: str, users: int, seconds: int, tag: str) -> dict:
    prefix = RESULTS / f"locust-{tag}"
    counts = RESULTS / f"locust-{tag}-cache.json"
    env = {**os.environ, "ZOF_SESSION": str(SESSION), "ZOF_CACHE_COUNTS": str(counts)}
    cmd = [str(ROOT / ".venv/bin/locust"), "-f", str(ROOT / "bench/locustfile.py"), "--headless", "--only-summary"]
    cmd += ["-u", str(users), "-r", str(max(users // 4, 1)), "-t", f"{seconds}s", "--host", base, "--csv", str(prefix)]
    cmd += ["--stop-timeout", "10"]
    subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    with open(f"{prefix}_stats.csv") as fh:
        total = next(r for r in csv.DictReader(fh) if r["Name"] == "Aggregated")
    cache = json.loads(counts.read_text()) if counts.exists() else {}
    n = int(total["Request Count"])
    return {
        "users": users,
        "seconds": seconds,
        "requests": n,
        "errors": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]),
        "cache_hit_share": cache.get("HIT", 0) / n if n else 0.0,
    }


def main() -> list[dict]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--modes", nargs="+", default=["direct", "nginx"], choices=["direct", "nginx"])
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    session = record_session()
    print(f"recorded session: {len(session['steps'])} steps, {session['requests']} requests", flush=True)
    results = []
    for mode in args.modes:
        for users in args.users:
            with stack(mode) as base:
                r = {"mode": mode, **run_locust(base, users, args.seconds, f"{mode}-{users}")}
            results.append(r)
            print(
                f"{mode:6} {users:4} users {r['seconds']} s: {r['requests']} requests, {r['errors']} errors, "
                f"{r['rps']:.0f} req/s, p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms, p99 {r['p99_ms']:.0f} ms"
                + (f", {r['cache_hit_share']:.0%} from nginx's cache" if mode == "nginx" else ""),
                flush=True,
            )
    out = RESULTS / "load_users.json"
    if out.exists():  # a run of some modes or user counts keeps the others' latest numbers
        done = {(r["mode"], r["users"]) for r in results}
        results = [r for r in json.loads(out.read_text()) if (r["mode"], r["users"]) not in done] + results
        results.sort(key=lambda r: (r["mode"], r["users"]))
    out.write_text(json.dumps(results, indent=1))
    lines = ["| mode | users | requests | errors | req/s | p50 | p95 | p99 | from nginx cache |", "|---" * 9 + "|"]
    for r in results:
        hit = f"{r['cache_hit_share']:.0%}" if r["mode"] == "nginx" else "–"
        lines.append(
            f"| {r['mode']} | {r['users']} | {r['requests']} | {r['errors']} | {r['rps']:.0f} | "
            f"{r['p50_ms']:.0f} ms | {r['p95_ms']:.0f} ms | {r['p99_ms']:.0f} ms | {hit} |"
        )
    (RESULTS / "load_users.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return results


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
