"""What a server start does and does not do: the collector paused while the app is built and its
objects frozen afterwards; the libraries only some requests need not imported at start."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys

import pytest

from geodata.settings import PROJECT_ROOT

pytestmark = pytest.mark.integration

#: imported by a request that needs them (a delivery's validation, a workbook download), not at start
NOT_AT_START = ("pandera", "openpyxl")

PROBE = """
import gc, json, sys
import app
print(json.dumps({
    "collector_on": gc.isenabled(),
    "frozen": gc.get_freeze_count(),
    "modules": sorted({m.split(".")[0] for m in sys.modules}),
}))
"""


@pytest.fixture(scope="module")
def started(store, tmp_path_factory) -> dict:
    """A fresh interpreter that imported ``app`` (as ``python app.py`` and gunicorn do)."""
    env = {**os.environ, "ZOF_STATE_DIR": str(tmp_path_factory.mktemp("state"))}
    env.pop("ZOF_DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_collector_runs_again_once_the_app_is_built(started):
    assert started["collector_on"] is True


def test_the_apps_objects_are_frozen_out_of_later_collections(started):
    assert started["frozen"] > 100_000  # the store's and Dash's objects: ~200,000


@pytest.mark.parametrize("module", NOT_AT_START)
def test_a_library_only_some_requests_need_is_not_imported_at_start(started, module):
    assert module not in started["modules"]


def test_the_probe_would_see_an_imported_library(started):
    assert {"dash", "pandas", "sqlalchemy"} <= set(started["modules"])


@pytest.mark.parametrize("enabled", [True, False])
def test_create_app_restores_the_collector_as_it_found_it(store, enabled):
    from app import collector_paused

    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(RuntimeError), collector_paused():
            raise RuntimeError("a store that cannot be loaded")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
