"""Fixtures for the real-browser tests: the app as a subprocess, headless Chromium, a page per test.

The app runs from the project root with ``HOST``/``PORT`` set (``app.py`` reads both); its output
goes to ``screenshots/browser-server.log``. Chromium is Debian's (``make browser``): Playwright's own
download is never used. On a failed test the page's screenshot, its console and the tail of the
server log are saved as ``screenshots/fail_<test>.png`` / ``.log``.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"
SERVER_LOG = SHOTS / "browser-server.log"
CHROMIUM = Path(os.environ.get("ZOF_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1440, "height": 900}
START_TIMEOUT_S = 60.0
#: Chromium's software GL reports stalls ("GPU stall due to ReadPixels") as console warnings: noise
WEBGL_NOISE = re.compile(r"GL Driver Message|WebGL", re.IGNORECASE)

expect.set_options(timeout=15_000)

_REPORTS = pytest.StashKey[dict]()
_SERVER: dict[str, subprocess.Popen] = {}  # the running app, so a failure report can say if it died


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keep each phase's report on the item, so fixtures know in teardown whether the test failed."""
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


def _failed(item: pytest.Item) -> bool:
    reports = item.stash.get(_REPORTS, {})
    return any(r.failed for r in reports.values())


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_tail(lines: int = 80) -> str:
    """The last ``lines`` lines of the server log."""
    try:
        text = SERVER_LOG.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return "(no server log)"
    return "\n".join(text.splitlines()[-lines:])


class ServerLog:
    """The app's log: ``mark()`` now, later ``since(mark)`` gives only what was written in between."""

    path = SERVER_LOG

    def mark(self) -> int:
        try:
            return SERVER_LOG.stat().st_size
        except FileNotFoundError:
            return 0

    def since(self, offset: int) -> str:
        with SERVER_LOG.open("rb") as fh:
            fh.seek(offset)
            return fh.read().decode("utf-8", errors="replace")

    def tail(self, lines: int = 80) -> str:
        return log_tail(lines)


@contextlib.contextmanager
def serve_app(extra_env: dict[str, str], log_path: Path = SERVER_LOG) -> Iterator[str]:
    """Run ``app.py`` on a free port with ``extra_env``, wait until it answers, yield its URL, stop it
    afterwards (its output goes to ``log_path``)."""
    SHOTS.mkdir(exist_ok=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "PYTHONUNBUFFERED": "1", "DASH_DEBUG": "0"}
    env.update(extra_env)
    log = log_path.open("w", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    if log_path == SERVER_LOG:
        _SERVER["proc"] = proc

    def tail(n: int) -> str:
        return "\n".join(log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-n:])

    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"app.py exited with code {proc.returncode} before answering; log {log_path}:\n{tail(40)}")
            try:
                with urllib.request.urlopen(url + "/", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"app.py did not answer on {url} within {START_TIMEOUT_S:.0f} s; log {log_path}:\n{tail(40)}"
                )
            time.sleep(0.2)  # poll interval, bounded by the deadline above
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    """The app for the public pages, on an empty deliveries database of its own."""
    state = tempfile.mkdtemp(prefix="zof-browser-state-")
    try:
        with serve_app({"ZOF_STATE_DIR": state, "ZOF_DATABASE_URL": ""}) as url:
            yield url
    finally:
        shutil.rmtree(state, ignore_errors=True)


@pytest.fixture(scope="session")
def server_log(base_url: str) -> ServerLog:
    """The running app's log (see :class:`ServerLog`)."""
    return ServerLog()


@pytest.fixture(scope="session")
def shots() -> Path:
    """``screenshots/`` at the project root (git-ignored), for saved screenshots."""
    SHOTS.mkdir(exist_ok=True)
    return SHOTS


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium (never a downloaded browser)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found; run `make browser` (installs Debian's chromium) or set ZOF_CHROMIUM")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class ConsoleLog:
    """What the page said: ``errors`` (console errors and uncaught page errors) and everything else."""

    errors: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def record(self, msg: ConsoleMessage) -> None:
        if msg.type == "warning" and WEBGL_NOISE.search(msg.text):
            return
        line = f"[{msg.type}] {msg.text}"
        if msg.location and msg.location.get("url"):
            line += f"  ({msg.location['url']}:{msg.location.get('lineNumber')})"
        self.messages.append(line)
        if msg.type == "error":
            self.errors.append(line)

    def record_page_error(self, err: Exception) -> None:
        line = f"[pageerror] {err}"
        self.messages.append(line)
        self.errors.append(line)


@pytest.fixture
def console() -> ConsoleLog:
    """Console errors and page errors of this test's page (filled by the ``page`` fixture)."""
    return ConsoleLog()


@pytest.fixture
def page(browser: Browser, base_url: str, console: ConsoleLog, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh Dutch-locale page that records its console; on failure leaves a screenshot and logs."""
    context = browser.new_context(viewport=VIEWPORT, locale="nl-NL", base_url=base_url)
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    pg.on("console", console.record)
    pg.on("pageerror", console.record_page_error)
    try:
        yield pg
    finally:
        if _failed(request.node):
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            try:
                pg.screenshot(path=str(SHOTS / f"fail_{name}.png"), full_page=True)
            except Exception as err:  # a crashed page must not hide the test's own failure
                console.messages.append(f"(screenshot failed: {err})")
            proc = _SERVER.get("proc")
            alive = (
                "not started"
                if proc is None
                else ("running" if proc.poll() is None else f"exited with code {proc.returncode}")
            )
            (SHOTS / f"fail_{name}.log").write_text(
                f"URL: {pg.url}\nserver: {alive}\n\n== console ==\n"
                + "\n".join(console.messages)
                + f"\n\n== server log tail ({SERVER_LOG.name}) ==\n"
                + log_tail(),
                encoding="utf-8",
            )
        context.close()
