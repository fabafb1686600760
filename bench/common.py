"""Shared helpers for the benchmark scripts: a server on 127.0.0.1, headless Chromium, medians.

Benchmarks print numbers; they are not tests. Every browser scenario runs the optimised app
and a naive baseline (``ZOF_NAIVE_MAPS=1``: the whole map re-sent as a ``go.Figure`` with
inline GeoJSON) in the same run, so the ratio holds on a noisy machine.
"""
from __future__ import annotations

import contextlib
import gzip
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-extensions"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


@contextlib.contextmanager
def server(*, naive: bool = False, log_name: str = "server"):
    """Start ``app.py`` on a free loopback port; yield (base_url, process, start_seconds)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "ZOF_NAIVE_MAPS": "1" if naive else "0"}
    log = open(RESULTS / f"{log_name}{'-naive' if naive else ''}.log", "w")
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = start + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(f"server exited with {proc.returncode}; see {log.name}")
                if time.perf_counter() > deadline:
                    raise RuntimeError("server did not answer within 60 s")
                time.sleep(0.02)
        yield base, proc, time.perf_counter() - start
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(10)
        log.close()


def rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of a process in MB, from /proc."""
    cur = peak = float("nan")
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            cur = int(line.split()[1]) / 1024
        elif line.startswith("VmHWM:"):
            peak = int(line.split()[1]) / 1024
    return cur, peak


def gzip_size(body: bytes) -> int:
    return len(gzip.compress(body, 6))


@contextlib.contextmanager
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


# JavaScript run in the page: change a control as a user does (click a radio, pick an option of a
# <select>) and resolve with the ms until the map has drawn the new values. Optimised app: the
# 'zof:drawn' event that assets/app.js fires at MapLibre's first 'idle' after painting the values
# as feature state. Naive baseline: the first MapLibre 'idle' after plotly received the new figure.
# Times out after 30 s (resolves -1) instead of hanging.
SWITCH_JS = """
async ([graphId, selector, value]) => {
  const gd = document.getElementById(graphId).querySelector('.js-plotly-plot');
  const meta = gd.layout && gd.layout.meta;
  const optimised = !!(meta && meta.zof);
  const oldData = gd.data;
  const oldToken = gd.getAttribute('data-zof-drawn');
  const sub = gd._fullLayout.map && gd._fullLayout.map._subplot;
  const done = new Promise(resolve => {
    const timer = setTimeout(() => resolve(-1), 30000);
    if (optimised) {
      const onDrawn = (ev) => {
        if (ev.detail === oldToken) return;
        clearTimeout(timer); gd.removeEventListener('zof:drawn', onDrawn); resolve(performance.now());
      };
      gd.addEventListener('zof:drawn', onDrawn);
    } else {
      const check = () => {
        if (gd.data !== oldData) { clearTimeout(timer); sub.map.off('idle', check); resolve(performance.now()); }
      };
      sub.map.on('idle', check);
      gd.once('plotly_afterplot', () => sub.map.triggerRepaint());
    }
  });
  const t0 = performance.now();
  const el = document.querySelector(selector);
  if (el.tagName === 'SELECT') {
    el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  } else {
    el.click();
  }
  const t1 = await done;
  return t1 < 0 ? -1 : t1 - t0;
}
"""

# the map of a graph has drawn: our values painted (optimised) or plotly's traces rendered (naive)
READY_JS = """
([graphId]) => {
  const el = document.getElementById(graphId);
  const gd = el && el.querySelector('.js-plotly-plot');
  if (!gd || !gd._fullLayout || !gd._fullData || !gd._fullData.length) return false;
  const meta = gd.layout && gd.layout.meta;
  if (meta && meta.zof) return gd.hasAttribute('data-zof-drawn');
  const sub = gd._fullLayout.map && gd._fullLayout.map._subplot;
  return !!sub && sub.map.loaded() && !sub.map.isMoving();
}
"""


def table(rows: list[tuple[str, str, str, str]]) -> str:
    head = "| scenario | optimised | naive baseline | floor |\n|---|---|---|---|\n"
    return head + "\n".join(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)
