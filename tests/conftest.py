"""Shared fixtures: a tiny synthetic town for unit tests, the real data and store for integration tests.

The synthetic town (EPSG:28992, 100 m squares in a row, origin in Utrecht)::

    x:   0      100     200     300     400   (+ 136 000)
         | BU00010101 | BU00010102 | BU00010201 | BU00010202 |
         |         WK000101        |         WK000102        |      gemeente GM0001

Focus area ``TST`` is wijk WK000101 plus buurt BU00010201 of WK000102 (a partial wijk); the
rest of the gemeente is BU00010202.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geodata import RD_NEW
from geodata.build import BuildResult, build_store
from geodata.focus import FocusArea
from geodata.settings import Settings
from geodata.store import Store, load_store

# the shared data facts of tests/geodata/realdata.py assert: show their values when one fails
pytest.register_assert_rewrite("tests.geodata.realdata")

X0, Y0, SIDE = 136_000.0, 455_000.0, 100.0
BUURT_CODES = ["BU00010101", "BU00010102", "BU00010201", "BU00010202"]


def square(i: int, width: int = 1):
    """Box of ``width`` 100 m squares starting at square ``i`` of the row."""
    return box(X0 + i * SIDE, Y0, X0 + (i + width) * SIDE, Y0 + SIDE)


@pytest.fixture
def buurten() -> gpd.GeoDataFrame:
    """Four 100 m × 100 m buurten in a row, two per wijk, in RD New."""
    return gpd.GeoDataFrame(
        {"code": BUURT_CODES, "wijk_code": ["WK000101", "WK000101", "WK000102", "WK000102"], "gemeente_code": "GM0001"},
        geometry=[square(i) for i in range(4)],
        crs=RD_NEW,
    )


@pytest.fixture
def wijken() -> gpd.GeoDataFrame:
    """The two wijken the buurten nest in, 200 m × 100 m each."""
    return gpd.GeoDataFrame(
        {"code": ["WK000101", "WK000102"], "gemeente_code": "GM0001"}, geometry=[square(0, 2), square(2, 2)], crs=RD_NEW
    )


@pytest.fixture
def focus_area() -> FocusArea:
    """Focus area TST: all of WK000101 and buurt BU00010201 of the partial wijk WK000102."""
    return FocusArea(
        id="TST",
        name="Testwijk",
        gemeente="GM0001",
        confidence="hoog",
        status="test",
        source="conftest",
        remarks="",
        wijken=("WK000101",),
        buurten=("BU00010201",),
        partial_wijken_whole=(),
    )


@pytest.fixture
def membership() -> pd.DataFrame:
    """Buurt → target as a partition of the gemeente: three buurten in TST, one in REST_TST."""
    return pd.DataFrame({"unit": BUURT_CODES, "target": ["TST", "TST", "TST", "REST_TST"]})


@pytest.fixture
def population() -> pd.Series:
    """Inhabitants per buurt, the coverage weight of the aggregation tests."""
    return pd.Series([100.0, 200.0, 300.0, 400.0], index=BUURT_CODES)


# ----------------------------------------------------------------------------- real data


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Settings from the environment: ZOF_DATA_DIR / ZOF_CACHE_DIR or their defaults."""
    return Settings.from_env()


@pytest.fixture(scope="session")
def data_dir(settings: Settings) -> Path:
    """The real data directory; fails at once, naming ZOF_DATA_DIR, when it is missing."""
    return settings.require_data_dir()


@pytest.fixture(scope="session")
def built_store(settings: Settings, data_dir: Path) -> BuildResult:
    """The real store, built once (about 35 s) unless it is current with its inputs."""
    return build_store(settings)


@pytest.fixture(scope="session")
def store(built_store: BuildResult) -> Store:
    """The real store, loaded once per session; tests must not mutate its frames."""
    return load_store(built_store.path)


def open_page(client, url: str) -> dict:
    """What the app renders for ``url`` as the browser opens it: the layout is the same for every
    URL, and the first callback (``render_page``) builds the page from the address bar's URL."""
    body = {
        "output": "app-page.children",
        "outputs": {"id": "app-page", "property": "children"},
        "inputs": [{"id": "app-opened", "property": "data", "value": url}],
        "changedPropIds": ["app-opened.data"],
    }
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()["response"]["app-page"]["children"]
