"""Shared helpers for the benchmark scripts: a server on 127.0.0.1, headless Chromium, medians.

Benchmarks print numbers; they are not tests. Every browser scenario runs the optimised app
and a naive baseline (``bench/naive_app.py``: the whole map re-sent as a ``go.Figure`` with
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
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


#: production serving as ``make serve`` does it, with threads so the page's parallel requests are
#: not queued behind each other (a sync worker answers one request at a time)
GUNICORN = ["--workers", "1", "--worker-class", "gthread", "--threads", "4", "--preload"]


@contextlib.contextmanager
def server(*, naive: bool = False, log_name: str = "server", wsgi: bool = False, settle: bool = False):
    """Start ``app.py`` (or the naive baseline ``bench/naive_app.py``) on a free loopback port;
    yield (base_url, process, start_seconds). ``wsgi``: behind gunicorn (production) instead of
    Flask's development server. ``settle``: also wait until the server has finished warming (its
    processes idle, see :func:`wait_until_idle`), as a deployed server has long before a visitor
    comes: on 2 cores its ~10 s of warming would otherwise compete with the browser measured."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port)}
    if wsgi:
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        target = ["--pythonpath", "bench", "naive_app:server"] if naive else ["app:server"]
        cmd = [gunicorn, "--bind", f"127.0.0.1:{port}", *GUNICORN, *target]
    else:
        cmd = [sys.executable, "bench/naive_app.py" if naive else "app.py"]
    start = time.perf_counter()
    with open(RESULTS / f"{log_name}{'-naive' if naive else ''}.log", "w") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, proc, start, log.name)
            if settle:
                wait_until_idle(proc.pid)
            yield base, proc, time.perf_counter() - start
        finally:
            proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(10)


def _cpu_seconds(root: int) -> float:
    """CPU time (user + system) used so far by process ``root`` and its children (gunicorn's workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        pid = int(stat.parent.name)
        if pid == root or int(fields[1]) == root:  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def wait_until_idle(pid: int, *, window: float = 1.0, busy: float = 0.05, timeout: float = 90) -> float:
    """Wait until the process tree of ``pid`` uses less than ``busy`` CPU seconds in ``window``
    seconds (its warming thread has finished); return the seconds waited. Raises after ``timeout``."""
    start = time.perf_counter()
    last = _cpu_seconds(pid)
    while True:
        time.sleep(window)
        now = _cpu_seconds(pid)
        if now - last < busy:
            return time.perf_counter() - start
        if time.perf_counter() - start > timeout:
            raise RuntimeError(f"the server was still busy after {timeout:.0f} s (warming did not finish)")
        last = now


def load_average() -> str:
    """The machine's load (1, 5, 15 min) and cores, to state with every measurement."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.1f} / {five:.1f} / {fifteen:.1f} on {os.cpu_count()} cores"


def _wait_until_up(base: str, proc: subprocess.Popen, start: float, log_name: str) -> None:
    deadline = start + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError as err:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}; see {log_name}") from err
            if time.perf_counter() > deadline:
                raise RuntimeError("server did not answer within 60 s") from err
            time.sleep(0.02)


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
# 'zof:drawn' event that assets/app.js fires on the map's box at MapLibre's first 'idle' after
# painting the values as feature state. Naive baseline (a plotly graph inside the box, id
# <map>-naive): the first MapLibre 'idle' after plotly received the new figure (it reads plotly's
# own map object, which only the baseline needs). Times out after 30 s (resolves -1).
SWITCH_JS = """
async ([graphId, selector, value]) => {
  const box = document.getElementById(graphId);
  const gd = box.querySelector('.js-plotly-plot');
  const optimised = !gd;
  const oldData = gd && gd.data;
  const oldToken = box.getAttribute('data-zof-drawn');
  const sub = gd && gd._fullLayout.map && gd._fullLayout.map._subplot;
  const done = new Promise(resolve => {
    const timer = setTimeout(() => resolve(-1), 30000);
    if (optimised) {
      const onDrawn = (ev) => {
        if (ev.detail === oldToken) return;
        clearTimeout(timer); box.removeEventListener('zof:drawn', onDrawn); resolve(performance.now());
      };
      box.addEventListener('zof:drawn', onDrawn);
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

# the map of a box has drawn: our values painted (optimised) or, where the box holds the naive
# baseline's dcc.Graph (<box id>-naive, bench/naive_app.py), plotly's traces rendered
READY_JS = """
([graphId]) => {
  const box = document.getElementById(graphId);
  if (!box) return false;
  if (!document.getElementById(graphId + '-naive')) return box.hasAttribute('data-zof-drawn');
  const gd = box.querySelector('.js-plotly-plot');
  if (!gd) return false;
  if (!gd._fullLayout || !gd._fullData || !gd._fullData.length) return false;
  const sub = gd._fullLayout.map && gd._fullLayout.map._subplot;
  return !!sub && sub.map.loaded() && !sub.map.isMoving();
}
"""


def table(rows: list[tuple[str, str, str, str]]) -> str:
    head = "| scenario | optimised | naive baseline | floor |\n|---|---|---|---|\n"
    return head + "\n".join(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)
