"""Lazy pages: opening a link builds the URL's page only; another page is built when it first
shows, for the URL it shows at (dashboard/pagebuild.py, callbacks.fill_pages)."""

from __future__ import annotations

import json

import plotly
import pytest
from dash import no_update

from dashboard import ids
from dashboard.callbacks import fill_pages
from dashboard.pages import registry as app_registry
from tests.conftest import open_page

pytestmark = pytest.mark.integration


def _ids(tree) -> set[str]:
    """Every component id in a layout (as the JSON Dash sends)."""
    text = json.dumps(tree, cls=plotly.utils.PlotlyJSONEncoder)
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("props"), dict) and isinstance(node["props"].get("id"), str):
                found.add(node["props"]["id"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(text))
    return found


@pytest.fixture(scope="module")
def app():
    import app as app_module

    return app_module.app


def _builder(app):
    """The page builder every callback of ``app`` uses."""
    return app.server.extensions["zof"].pages


@pytest.mark.parametrize(
    "url, built, empty",
    [
        ("/", {ids.MAP, ids.CARDS}, {ids.NAT_MAP, ids.CATALOG_TABLE, "vg-matrix"}),
        ("/landelijk", {ids.NAT_MAP, ids.NAT_RANKING}, {ids.MAP, ids.CATALOG_TABLE, "vg-matrix"}),
        ("/data", {ids.CATALOG_TABLE}, {ids.MAP, ids.NAT_MAP}),
    ],
)
def test_opening_a_link_builds_its_page_only(app, url, built, empty):
    found = _ids(open_page(app.server.test_client(), url))
    assert built <= found, built - found
    assert not (empty & found), empty & found
    # every page's container is there (hidden but one), so a switch needs no new layout
    assert {p.container_id for p in app_registry()} <= found and ids.BUILT in found


def test_a_page_is_built_when_it_first_shows_for_the_url_it_shows_at(app):
    pages = _builder(app)
    keys = [p.key for p in app_registry()]
    shown = [k != "voortgang" for k in keys]  # voortgang shows, the others are hidden
    out = fill_pages(pages.context, keys, "/voortgang", "?sorteer=naam&filter=verbeterd", ["focus"], shown)
    *children, built = out
    assert built == ["focus", "voortgang"]
    at = keys.index("voortgang")
    assert all(c is no_update for i, c in enumerate(children) if i != at)
    found = _ids(children[at])
    assert {"vg-matrix", "vg-filter", "page-voortgang-search"} <= found
    # the page's own control starts at the URL's value
    tree = json.loads(json.dumps(children[at], cls=plotly.utils.PlotlyJSONEncoder))
    assert '"value": "verbeterd"' in json.dumps(tree)


def test_a_page_already_built_or_hidden_is_left_alone(app):
    pages = _builder(app)
    keys = [p.key for p in app_registry()]
    shown = [k != "focus" for k in keys]
    assert fill_pages(pages.context, keys, "/", "", ["focus"], shown) == (no_update,) * (len(keys) + 1)
    assert fill_pages(pages.context, keys, "/", "", None, [True] * len(keys)) == (no_update,) * (len(keys) + 1)


def test_the_validation_layout_holds_every_page(app):
    found = _ids(app.validation_layout)
    assert {ids.MAP, ids.NAT_MAP, ids.CATALOG_TABLE, "vg-matrix", "page-voortgang-search"} <= found


def test_the_browser_knows_each_pages_own_url_parameters():
    table = app_registry().browser_table()
    assert "weergave" in table["params"]["national"] and "weergave" in table["params"]["voortgang"]
    assert "sorteer" in table["params"]["voortgang"] and "sorteer" not in table["params"]["national"]
    assert table["params"]["focus"] == ["schaal"] and "data" not in table["params"]
