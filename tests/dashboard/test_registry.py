"""The page registry: a page is one module; routes, navigation, URL state, visibility and the
browser's page table all follow from it."""

from __future__ import annotations

import json

import pytest
from dash import Input, Output, html

from dashboard import ids
from dashboard.pages import registry as app_registry
from dashboard.registry import CONTROLS, Page, Registry
from dashboard.state import Meta, Routes, ViewState, decode, encode
from tests.conftest import open_page


def probe_layout(ctx) -> list:
    return [
        html.H2("Proefpagina", className="page-title"),
        html.P(ctx.state.area, id="probe-area"),
        html.Div(id="probe-out"),
    ]


def probe_page() -> Page:
    """A throw-away page: its own route, nav entry, shared controls and a callback."""
    page = Page("probe", "/proef", "nav_data", probe_layout, controls=("area", "line"), order=50)

    @page.callback(Output("probe-out", "children"), Input(ids.AREA, "value"), Input(page.container_id, "hidden"))
    def show_probe(c, area, hidden):
        return f"{area}:{len(c.store.focus_areas)}"

    return page


@pytest.fixture
def registry() -> Registry:
    reg = app_registry().copy()
    reg.add(probe_page())
    return reg


def test_the_app_pages_are_discovered_from_their_modules():
    reg = app_registry()
    assert [p.key for p in reg] == ["focus", "profiel", "national", "voortgang", "data", "a11y", "factsheet"]
    assert reg.paths["/landelijk"] == "national" and [p.key for p in reg.nav] == [
        "focus",
        "profiel",
        "national",
        "voortgang",
        "data",
        "a11y",
    ]
    assert all(set(p.controls) <= set(CONTROLS) for p in reg)


def test_a_new_page_gets_a_route_and_url_state(registry):
    routes = Routes.of(registry)
    meta = Meta(("UTR_OV",), {"4": ("x",)}, {"x": (2020,)}, routes=routes)
    state, msgs = decode("/proef", "?gebied=UTR_OV", meta)
    assert (state.page, msgs) == ("probe", [])
    assert encode(ViewState(page="probe", indicator="x"), routes)[0] == "/proef"
    # the shared app registry is untouched by the copy
    assert "probe" not in app_registry()


def test_browser_table_lists_the_page_with_its_controls(registry):
    table = registry.browser_table()
    assert table["pages"].index("probe") == 4  # by order: after voortgang (30), before data (80)
    assert table["paths"]["probe"] == "/proef" and "probe" in table["nav"]
    assert table["controls"]["probe"] == ["area", "line"]


def test_registry_refuses_duplicates_and_unknown_controls(registry):
    with pytest.raises(ValueError, match="key 'probe'"):
        registry.add(Page("probe", "/elders", "nav_data", probe_layout))
    with pytest.raises(ValueError, match="path '/proef'"):
        registry.add(Page("other", "/proef", "nav_data", probe_layout))
    with pytest.raises(ValueError, match="unknown control"):
        Page("bad", "/bad", "nav_data", probe_layout, controls=("provincie",))


@pytest.mark.integration
def test_a_registered_page_is_routed_in_the_nav_and_its_callback_runs(registry, store):
    from app import create_app
    from geodata.settings import Settings

    app = create_app(Settings.from_env(), registry=registry)
    client = app.server.test_client()
    assert client.get("/proef").status_code == 200
    layout = open_page(client, "/proef?gebied=ROT_ZUID")
    text = json.dumps(layout)
    assert '"id": "page-probe"' in text and '"id": "nav-probe"' in text and '"href": "/proef?' in text
    probe = _find(layout, "page-probe")
    assert probe["props"]["hidden"] is False and _find(layout, "page-focus")["props"]["hidden"] is True
    assert _find(layout, "probe-area")["props"]["children"] == "ROT_ZUID"
    assert _find(layout, ids.control_wrapper("level"))["props"]["style"] == {"display": "none"}
    assert "probe-out.children" in app.callback_map
    # the page chrome outputs include the new page's visibility and nav link, in registry order
    chrome = next(k for k in app.callback_map if "page-probe.hidden" in k)
    assert "nav-probe.href" in chrome


def _find(node, target: str):
    """The component with id ``target`` in a serialised layout."""
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == target:
            return node
        for value in node.get("props", {}).values():
            found = _find(value, target)
            if found:
                return found
    elif isinstance(node, list):
        for item in node:
            found = _find(item, target)
            if found:
                return found
    return None
