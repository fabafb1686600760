"""Integration: the command line and the build on the real data directory: ``python -m geodata export``,
a build that is idempotent and deterministic, a store that goes stale when an input changes, and an
interrupted build that leaves the previous store as it was."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pandas.testing import assert_frame_equal

from geodata import build as build_module
from geodata.build import build_store, input_manifest, store_is_current
from geodata.catalog import load_catalog
from geodata.settings import PROJECT_ROOT, Settings
from geodata.store import load_store

from .realdata import INPUT_FILES

pytestmark = pytest.mark.integration

# ----------------------------------------------------------------------------- command line


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geodata", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
    )


def test_cli_export_csv(store):
    done = run_cli("export", "--indicator", "population", "--format", "csv", "--cache-dir", str(store.path))

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == (
        "area_code,area_name,level,period,indicator,value,status,coverage,method,weight_year,unit_methods,source"
    )
    assert len(lines) - 1 == len(store.export("population"))
    assert any(line.startswith("UTR_OV,Utrecht Overvecht,focus_area,2024,population,") for line in lines)


def test_cli_unknown_indicator_exits_2_listing_the_known_ones(store):
    done = run_cli("export", "--indicator", "nope", "--cache-dir", str(store.path))

    assert done.returncode == 2
    assert done.stdout == ""
    assert "unknown indicator 'nope'" in done.stderr
    for known in ("population", "crimes_per_1000", "lbm_total"):
        assert known in done.stderr


# ----------------------------------------------------------------------------- the build


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_build_is_idempotent_and_deterministic(store, data_dir, tmp_path):
    """One extra full build (about 35 s) into an empty folder."""
    settings = Settings.from_env({}, data_dir=data_dir, cache_dir=tmp_path / "store")

    first = build_store(settings)
    before = digests(settings.cache_dir)
    second = build_store(settings)

    assert first.rebuilt and not second.rebuilt
    assert digests(settings.cache_dir) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stages", "store"]  # the store and its stage cache
    fresh = load_store(settings.cache_dir)
    assert fresh.values.equals(store.values)  # (assert_frame_equal needs ~50 s on these categoricals)
    assert_frame_equal(fresh.membership, store.membership)


def test_store_is_stale_when_an_input_changes(data_dir, tmp_path):
    settings = Settings.from_env({}, data_dir=data_dir, cache_dir=tmp_path)
    inputs = input_manifest(settings)
    optional = {f"data/{s.file}" for s in load_catalog().sources.values() if not s.required}
    assert set(inputs) - optional == {f"data/{rel}" for rel in INPUT_FILES.values()} | {
        "config/indicators.yaml",
        "config/sources.yaml",
        "config/focusgebieden.yaml",
        "code",
    }
    assert "missing" not in {v for k, v in inputs.items() if k not in optional}
    manifest = tmp_path / "manifest.json"
    assert not store_is_current(settings)

    manifest.write_text(json.dumps({"inputs": inputs}))
    assert store_is_current(settings)
    manifest.write_text(json.dumps({"inputs": {**inputs, "config/indicators.yaml": "0" * 64}}))
    assert not store_is_current(settings)
    manifest.write_text("{not json")
    assert not store_is_current(settings)


@pytest.mark.parametrize(
    "step, error",
    [
        ("run_pipeline", RuntimeError("disk full")),
        ("run_pipeline", KeyboardInterrupt()),
        ("read_source", RuntimeError("network gone")),
    ],
)
def test_interrupted_build_leaves_the_previous_store(store, data_dir, tmp_path, monkeypatch, step, error):
    cache = tmp_path / "store"
    shutil.copytree(store.path, cache)
    before = digests(cache)

    def broken(out, *args, **kwargs):
        if step == "run_pipeline":
            (out / "values.parquet").write_bytes(b"half a file")
        raise error

    monkeypatch.setattr(build_module, step, broken)
    with pytest.raises(type(error)):
        build_store(Settings.from_env({}, data_dir=data_dir, cache_dir=cache), force=True, use_stage_cache=False)

    assert digests(cache) == before
    assert [p.name for p in tmp_path.iterdir()] == ["store"]  # no .store-build-* left behind
    assert len(load_store(cache).values) == len(store.values)
