"""The delivery scenarios through the command line, on the real store: accounts, a file with errors
(row and column named, nothing stored), a dry run, a good file (the value in the export with its
provenance), Den Haag delivering for Amsterdam refused, withdrawal."""

from __future__ import annotations

import io
import sys

import pytest

from dashboard.__main__ import main as dashboard_main
from geodata.__main__ import main as geodata_main

pytestmark = pytest.mark.integration
PASSWORD = "den-haag-levert-2026"


@pytest.fixture
def state(tmp_path, monkeypatch, built_store):
    """An empty state directory (the real store is built once by the session fixture)."""
    monkeypatch.setenv("ZOF_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("ZOF_CACHE_DIR", str(built_store.path))
    monkeypatch.delenv("ZOF_DATABASE_URL", raising=False)
    return tmp_path


def run(main, argv, capsys, stdin: str = ""):
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(argv)
    finally:
        sys.stdin = old
    out = capsys.readouterr()
    return code, out.out, out.err


def test_deliveries_through_the_command_line(state, capsys):
    add = ["accounts", "add", "denhaag", "--organisation", "GM0518", "--name", "gemeente Den Haag", "--password-stdin"]
    assert run(dashboard_main, add, capsys, PASSWORD + "\n")[0] == 0
    code, out, _ = run(dashboard_main, ["accounts", "list"], capsys)
    assert code == 0 and out.split("\t")[:3] == ["denhaag", "GM0518", "gemeente"]

    bad = state / "fout.csv"
    bad.write_text(
        "indicator;area_code;period;value\ndwellings_new_build;DH_ZW;2025;120\nenergy_label_efg_pct;DH_ZW;2025;140\n"
    )
    code, _, err = run(geodata_main, ["deliver", str(bad), "--as", "GM0518"], capsys)
    assert code == 1 and "er is niets opgeslagen" in err
    assert "rij 3, kolom value: 140 ligt niet tussen 0 en 100" in err

    amsterdam = state / "amsterdam.csv"
    amsterdam.write_text("indicator;area_code;period;value\ndwellings_new_build;AMS_NW;2025;120\n")
    code, _, err = run(geodata_main, ["deliver", str(amsterdam), "--as", "GM0518"], capsys)
    assert code == 1 and "rij 2, kolom area_code: 'AMS_NW' ligt niet in uw gemeente (GM0518)" in err

    good = state / "goed.csv"
    good.write_text("indicator;area_code;period;value\ndwellings_new_build;DH_ZW;2025;120\n")
    code, out, _ = run(geodata_main, ["deliver", str(good), "--as", "GM0518", "--dry-run"], capsys)
    assert code == 0 and "proefrun: niets opgeslagen" in out
    assert run(geodata_main, ["deliveries"], capsys)[1] == ""

    code, out, _ = run(geodata_main, ["deliver", str(good), "--as", "GM0518"], capsys)
    assert code == 0 and "levering 1 door gemeente Den Haag, 1 rijen" in out
    code, out, _ = run(geodata_main, ["export", "--indicator", "dwellings_new_build", "--area", "DH_ZW"], capsys)
    line = next(r for r in out.splitlines() if r.startswith("DH_ZW,"))
    assert ",2025,dwellings_new_build,120.0,ok," in line and "aangeleverd door gemeente Den Haag" in line

    code, out, _ = run(geodata_main, ["withdraw", "1", "--as", "GM0518"], capsys)
    assert code == 0
    code, out, _ = run(geodata_main, ["deliveries", "--as", "GM0518"], capsys)
    assert "withdrawn" in out and "1 rijen (0 actueel)" in out
    code, out, _ = run(geodata_main, ["export", "--indicator", "dwellings_new_build", "--area", "DH_ZW"], capsys)
    assert not any(r.startswith("DH_ZW,") for r in out.splitlines())


def test_a_50_mb_file_is_refused_before_it_is_read(state, capsys):
    assert (
        run(
            dashboard_main,
            ["accounts", "add", "cbs1", "--role", "cbs", "--name", "CBS", "--password-stdin"],
            capsys,
            PASSWORD + "\n",
        )[0]
        == 0
    )
    big = state / "groot.csv"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    code, _, err = run(geodata_main, ["deliver", str(big), "--as", "cbs"], capsys)
    assert code == 1 and "de grens is 5 MB" in err
