"""Fixtures of the delivery tests: a tiny store (two gemeenten, three focus areas, the real
catalogue), databases on SQLite and on a real PostgreSQL started for the session, and accounts."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from sqlalchemy import create_engine, text

from geodata.catalog import load_catalog
from geodata.deliveries.accounts import add_account
from geodata.deliveries.db import open_database
from geodata.deliveries.service import context_for
from geodata.focus import FocusArea
from geodata.store import Store

from .pg import PostgresServer, binaries

TODAY = date(2026, 3, 12)
PASSWORD = "een-lang-wachtwoord"
#: gemeente GM0001: wijk WK000101 (buurten 01, 02) in TST, WK000102 split: buurt 01 in TST, 02 not;
#: gemeente GM0002: focus area OTH = wijk WK000201
BUURTEN = {
    "BU00010101": 100.0,
    "BU00010102": 200.0,
    "BU00010201": 300.0,
    "BU00010202": 400.0,
    "BU00020101": 500.0,
}


def _fa(fid: str, gemeente: str, wijken: tuple, buurten: tuple = ()) -> FocusArea:
    return FocusArea(fid, fid, gemeente, "hoog", "test", "conftest", "", wijken, buurten, ())


def tiny_store() -> Store:
    """A store of two gemeenten with 2024 codes, populations and three focus areas (TST, TS2 in
    GM0001; OTH in GM0002), with the real catalogue."""
    codes = [
        ("GM0001", "gemeente"),
        ("GM0002", "gemeente"),
        ("WK000101", "wijk"),
        ("WK000102", "wijk"),
        ("WK000201", "wijk"),
        *[(b, "buurt") for b in BUURTEN],
    ]
    areas = pd.DataFrame(
        {"code": [c for c, _ in codes], "name": [c for c, _ in codes], "level": [lv for _, lv in codes]}
    )
    areas["year"] = 2024
    areas["gemeente_code"] = areas["code"].map(lambda c: "GM" + c[2:6])
    values = pd.DataFrame(
        {
            "area_code": list(BUURTEN),
            "level": "buurt",
            "division": "cbs2024",
            "period": 2024,
            "indicator": "population",
            "value": list(BUURTEN.values()),
            "status": "ok",
            "coverage": 1.0,
            "source": "kwb2024_buurten",
            "method": "source",
            "weight_year": pd.array([pd.NA] * len(BUURTEN), dtype="Int16"),
            "unit_methods": "",
        }
    )
    values["period"] = values["period"].astype("int16")
    for c in ("area_code", "level", "division", "indicator", "status", "source", "method", "unit_methods"):
        values[c] = values[c].astype("category")
    membership = pd.DataFrame(
        {
            "unit": ["BU00010101", "BU00010102", "BU00010201", "BU00020101"],
            "target": ["TST", "TST", "TST", "OTH"],
            "how": "wijk",
        }
    )
    focus = [
        _fa("TST", "GM0001", ("WK000101",), ("BU00010201",)),
        _fa("OTH", "GM0002", ("WK000201",)),
    ]
    return Store(
        path=Path("."),
        catalog=load_catalog(),
        focus_areas=focus,
        values=values,
        areas=areas,
        display=gpd.GeoDataFrame({"layer": [], "code": []}, geometry=[], crs="EPSG:4326"),
        membership=membership,
    )


@pytest.fixture
def store() -> Store:
    """A fresh tiny store (tests may lay deliveries over it)."""
    return tiny_store()


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server for the session (skipped only when the binaries are absent)."""
    if binaries() is None:
        pytest.skip("PostgreSQL binaries not installed: run scripts/ensure_postgres.sh (CI does)")
    server = PostgresServer.start()
    yield server
    server.stop()


_COUNTER = itertools.count()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    """An empty, migrated deliveries database: SQLite in a temporary folder, or a new database on
    the session's PostgreSQL server."""
    if request.param == "sqlite":
        database = open_database(f"sqlite:///{tmp_path / 'zof.sqlite'}")
        yield database
        database.dispose()
        return
    server = request.getfixturevalue("postgres")
    name = f"zof_test_{next(_COUNTER)}"
    admin = create_engine(server.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    database = open_database(server.url_of(name))
    yield database
    database.dispose()
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE {name}"))
    admin.dispose()


@pytest.fixture
def sqlite_db(tmp_path):
    """An empty, migrated SQLite database (for the many hostile-file cases)."""
    database = open_database(f"sqlite:///{tmp_path / 'zof.sqlite'}")
    yield database
    database.dispose()


def with_accounts(database):
    """Accounts: ``gm1`` for gemeente GM0001, ``gm2`` for GM0002, ``cbs`` for CBS."""
    add_account(database, "gm1", PASSWORD, organisation="GM0001", name="gemeente Een")
    add_account(database, "gm2", PASSWORD, organisation="GM0002", name="gemeente Twee")
    add_account(database, "cbs", PASSWORD, organisation="cbs", role="cbs", name="CBS")
    return database


@pytest.fixture
def ctx(store):
    """The checks' context for gemeente GM0001 on the tiny store."""
    from geodata.deliveries.db import Organisation

    return context_for(store, Organisation(code="GM0001", name="gemeente Een", role="gemeente"), TODAY)
