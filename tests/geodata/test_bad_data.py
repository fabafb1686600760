"""The build refuses bad data with a message naming the file, the row and the column (or the
feature), on tiny hand-built files: a word in a numeric column, a header-only file, invalid
geometry, a wrong CRS label; a stopped build leaves nothing behind; the app starts from its store
even when the configuration beside it was broken afterwards."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Polygon, box

from geodata import RD_NEW, WGS84
from geodata.atomic import TEMP_PREFIX, remove_stale_builds
from geodata.errors import CRSError, FocusAreaDefinitionError, GeometryError, SourceFileError
from geodata.settings import PROJECT_ROOT
from geodata.sources import indicators as I
from geodata.sources.boundaries import read_buurten_2019, read_wijken_2022_tmap


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


MISDRIJVEN_HEADER = "niveau,code,naam,jaar,geregistreerde_misdrijven\n"


def test_a_word_in_a_numeric_column_names_file_row_and_column(tmp_path):
    path = write_csv(
        tmp_path / "misdrijven.csv",
        MISDRIJVEN_HEADER + "Gemeente,GM0344,Utrecht,2023,25000\nGemeente,GM0363,Amsterdam,2023,veel\n",
    )
    with pytest.raises(SourceFileError) as err:
        I.read_misdrijven(path)
    message = str(err.value)
    assert "misdrijven.csv" in message and "row 3" in message and "'geregistreerde_misdrijven'" in message
    assert "'veel' is not a number" in message


@pytest.mark.parametrize(
    "cell, status", [(".", "missing_or_secret"), ("x", "secret"), ("?", "missing"), ("", "missing"), ("7", "ok")]
)
def test_cbs_signs_for_no_number_stay_statuses(tmp_path, cell, status):
    path = write_csv(tmp_path / "misdrijven.csv", MISDRIJVEN_HEADER + f"Gemeente,GM0344,Utrecht,2023,{cell}\n")
    frame = I.read_misdrijven(path).frame
    assert frame["status"].tolist() == [status]


def test_a_header_only_file_is_named_as_empty_not_blamed_on_a_column(tmp_path):
    path = write_csv(tmp_path / "misdrijven.csv", MISDRIJVEN_HEADER)
    with pytest.raises(SourceFileError, match=r"misdrijven.csv: has a header \(niveau, code.*\) but no rows"):
        I.read_misdrijven(path)


def write_gpkg(path: Path, geometries, crs, **columns) -> Path:
    gpd.GeoDataFrame(columns, geometry=list(geometries), crs=crs).to_file(path)
    return path


def test_a_self_intersecting_buurt_is_refused_naming_it(tmp_path):
    lon, lat = 5.10, 52.09
    bow_tie = Polygon([(lon, lat), (lon + 0.01, lat + 0.01), (lon + 0.01, lat), (lon, lat + 0.01)])
    path = write_gpkg(
        tmp_path / "buurten_2019.gpkg",
        [bow_tie, box(lon + 0.02, lat, lon + 0.03, lat + 0.01)],
        WGS84,
        buurtcode=["BU03440101", "BU03440102"],
    )
    with pytest.raises(GeometryError, match=r"buurten_2019.gpkg: 1 invalid geometries \(BU03440101: Self-inter"):
        read_buurten_2019(path)
    repaired = read_buurten_2019(path, repair=True)  # config/sources.yaml: args: {repair: true}
    assert repaired.is_valid.all() and len(repaired) == 2


def test_rd_coordinates_labelled_as_degrees_are_refused(tmp_path):
    path = write_gpkg(
        tmp_path / "buurten_2019.gpkg", [box(136_000, 455_000, 137_000, 456_000)], WGS84, buurtcode=["BU03440101"]
    )
    with pytest.raises(CRSError, match=r"buurten_2019.gpkg: expected EPSG:4326, got coordinates of EPSG:28992"):
        read_buurten_2019(path)


def test_degrees_labelled_as_rd_new_are_refused(tmp_path):
    path = write_gpkg(
        tmp_path / "wijken_2022.gpkg",
        [box(5.10, 52.08, 5.12, 52.10)],
        RD_NEW,
        code=["WK034401"],
        name=["Binnenstad"],
        level=["wijk"],
    )
    with pytest.raises(CRSError, match=r"wijken_2022.gpkg: expected EPSG:28992, got coordinates of EPSG:4326"):
        read_wijken_2022_tmap(path)


def test_stale_build_folders_are_removed_but_a_running_build_is_kept(tmp_path):
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead, alive = tmp_path / f"{TEMP_PREFIX}dead", tmp_path / f"{TEMP_PREFIX}alive"
        reused = tmp_path / f"{TEMP_PREFIX}reused"  # the pid now belongs to a program that is no build
        for folder, pid in ((dead, 999_999_999), (alive, running.pid), (reused, os.getppid())):
            folder.mkdir()
            (folder / ".pid").write_text(str(pid))
        removed = remove_stale_builds(tmp_path)
        assert dead in removed and alive.exists()
        if b"python" not in Path(f"/proc/{os.getppid()}/cmdline").read_bytes():
            assert reused in removed
    finally:
        running.kill()
        running.wait()


@pytest.mark.integration
def test_a_stopped_build_removes_its_temporary_folder_and_keeps_the_store(built_store, tmp_path):
    """SIGTERM (systemd, docker) while a build runs: the half-written store is removed and the
    previous one stays as it was."""
    cache = tmp_path / "store"
    cache.mkdir()
    (cache / "manifest.json").write_text("{}")
    env = {**os.environ, "ZOF_CACHE_DIR": str(cache)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "geodata", "build", "--force"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(f"{TEMP_PREFIX}*")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)  # poll until the build has made its temporary folder (bounded)
    assert list(tmp_path.glob(f"{TEMP_PREFIX}*")), "the build made no temporary folder"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"previous store is unchanged" in err
    assert not list(tmp_path.glob(f"{TEMP_PREFIX}*"))
    assert (cache / "manifest.json").read_text() == "{}"


@pytest.mark.integration
def test_the_app_starts_from_its_store_when_the_yaml_beside_it_is_broken(built_store, tmp_path, monkeypatch):
    """The store holds the configuration it was built from; the app reads that copy, so a bad
    edit of config/focusgebieden.yaml breaks the next build, not the running service."""
    import geodata.catalog
    import geodata.focus
    from app import create_app
    from geodata.settings import Settings

    broken = tmp_path / "focusgebieden.yaml"
    broken.write_text("focus_areas: [\n  - id: UTR_OV\n    wijken: [WK034403\n", encoding="utf-8")
    monkeypatch.setattr(geodata.focus.load_focus_areas, "__defaults__", (broken,))
    monkeypatch.setattr(geodata.catalog.load_catalog, "__defaults__", (broken, broken))
    with pytest.raises(FocusAreaDefinitionError, match="cannot be read as YAML"):
        geodata.focus.load_focus_areas()

    app = create_app(Settings.from_env(cache_dir=built_store.path))
    r = app.server.test_client().get("/_dash-layout")
    assert r.status_code == 200
    for thread in threading.enumerate():  # the store's warm-up: done before the interpreter exits
        if thread.name == "warm-store":
            thread.join(timeout=300)


def test_a_stop_whose_interrupt_was_lost_is_raised_at_the_builds_next_step(monkeypatch, capsys):
    """SIGTERM raises KeyboardInterrupt wherever the build is; where that lands in a callback
    whose exceptions are ignored, the stop is remembered and the next progress line raises it,
    so nothing is swapped into place (CI once saw a SIGTERMed build finish with exit code 0)."""
    from geodata import __main__ as cli

    monkeypatch.setattr(cli, "_stopped", [])
    cli._progress("[1/8] reading sources")
    assert "[1/8]" in capsys.readouterr().err
    with pytest.raises(KeyboardInterrupt):
        cli._stop(signal.SIGTERM, None)
    with pytest.raises(KeyboardInterrupt, match="signal 15"):
        cli._progress("[2/8] units")  # the stop is not forgotten
    assert "[2/8]" not in capsys.readouterr().err
