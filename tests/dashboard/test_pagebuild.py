"""Lazy pages: opening a link builds the URL's page only; another page is built when it first
shows, for the URL it shows at (dashboard/pagebuild.py, callbacks.fill_pages)."""

from __future__ import annotations

import json
import re

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


def _props(tree) -> dict[str, dict]:
    """Every component's props by id (as the JSON Dash sends)."""
    found: dict[str, dict] = {}

    def walk(node):
        if isinstance(node, dict):
            props = node.get("props")
            if isinstance(props, dict) and isinstance(props.get("id"), str):
                found[props["id"]] = props
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(json.dumps(tree, cls=plotly.utils.PlotlyJSONEncoder)))
    return found


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?gebied=ROT_ZUID&lijn=4&indicator=crimes_per_1000&jaar=2023",
        "/?gebied=NOPE&jaar=abc",
        "/?lijn=2&taal=en",
        "/?indicator=lbm_total&lijn=3",  # the indicator decides the line
        "/landelijk?indicator=lbm_total&jaar=2018&niveau=wijk",
        "/landelijk?niveau=provincie&weergave=verandering&van=2014",
        "/voortgang",
        "/data?taal=en",
    ],
)
def test_an_opened_page_holds_what_the_first_sync_would_set(app, url):
    """sync_state is not called when a page opens (it would hold every panel back one round trip):
    the page is built with the controls, their options and the notices it would send, and the
    search it would write is in the canonical store (written in the browser when it differs)."""
    from dashboard.callbacks import sync_state

    context = app.server.extensions["zof"]
    path, _, query = url.partition("?")
    search = "?" + query if query else ""
    built = _props(json.loads(json.dumps(context.pages.opened(path, search), cls=plotly.utils.PlotlyJSONEncoder)))
    values = [built[cid].get("value") for cid in (ids.AREA, ids.LINE, ids.INDICATOR, ids.YEAR, ids.NAT_LEVEL)]
    # the initial call has no trigger, which sync_state treats as a URL change
    out = sync_state(context, path, search, *values, built[ids.LANG]["data"], trigger=ids.URL)
    area, line, ind_options, indicator, year_options, year, level, new_search, notice = out
    assert (area, line, indicator, year, level) == (no_update,) * 5, url  # the controls show it already
    assert ind_options == built[ids.INDICATOR]["options"] and year_options == built[ids.YEAR]["options"]
    canonical = built[ids.CANONICAL]["data"]
    assert new_search == (no_update if canonical == search else canonical), url
    shown = json.loads(json.dumps(built[ids.NOTICE]["children"], cls=plotly.utils.PlotlyJSONEncoder))
    sent = [] if notice is no_update else json.loads(json.dumps(notice, cls=plotly.utils.PlotlyJSONEncoder))
    assert shown == sent, url
    if "NOPE" in url:
        assert "gebied=UTR_OV" in canonical and "NOPE" not in canonical and shown  # corrected, and said so


EMBED = re.compile(rf'<script type="application/json" id="{ids.PAGE_JSON}">(.*?)</script>', re.S)
EMBED_CONFIG = re.compile(rf'<script type="application/json" id="{ids.CONFIG_JSON}">(.*?)</script>', re.S)


def _canonical(app, path: str) -> str:
    """The canonical search of ``path`` opened without one (what the app writes to the address bar)."""
    return _props(app.server.extensions["zof"].pages.opened(path, ""))[ids.CANONICAL]["data"]


@pytest.mark.parametrize("path", ["/", "/landelijk", "/voortgang", "/data"])
def test_the_index_of_a_canonical_url_brings_its_page_along(app, path):
    """The index HTML of an empty or canonical URL holds, as JSON in a script element, exactly
    the page render_page would send for it (the browser puts it into the shell: no round trip),
    and the config of the shell's #app-config (assets/maps.js fetches the map values with it)."""
    client = app.server.test_client()
    shell = _props(client.get("/_dash-layout").get_json())
    for url in (path, path + _canonical(app, path)):
        html_text = client.get(url).get_data(as_text=True)
        found = EMBED.findall(html_text)
        assert len(found) == 1, url
        assert json.loads(found[0]) == open_page(client, url), url
        config = EMBED_CONFIG.findall(html_text)
        assert len(config) == 1 and json.loads(config[0]) == json.loads(shell[ids.CONFIG]["data-config"]), url


@pytest.mark.parametrize(
    "url",
    [
        "/?gebied=NOPE&jaar=abc",  # bad parameters: corrected and said so by render_page
        "/landelijk?niveau=wijk",  # valid, but not the canonical search
        "/?gebied=%3C%2Fscript%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/nergens",  # no such page
    ],
)
def test_any_other_url_gets_the_bare_shell_and_nothing_of_its_search(app, url):
    """Only the URLs the app itself writes are built into the index; any other (a typo, an old or a
    hostile link) opens as before, through render_page, and its search is reflected nowhere."""
    r = app.server.test_client().get(url)
    text = r.get_data(as_text=True)
    assert r.status_code == 200 and not EMBED.search(text) and ids.PAGE_JSON not in text and ids.CONFIG_JSON not in text
    assert "NOPE" not in text and "alert(1)" not in text and "%3Cscript" not in text


def test_the_embedded_page_cannot_end_its_script_element(app):
    """Text of the page that reads as HTML (here the names in a hand-built page) stays inside the
    script element: the JSON has no '<', '>' or '&', and parses back to the same text."""
    from dashboard.pagebuild import script_json

    text = json.dumps({"children": "</script><script>alert(1)</script><!-- & -->"})
    safe = script_json(text)
    assert not set("<>&") & set(safe) and json.loads(safe) == json.loads(text)


def test_new_deliveries_rebuild_the_embedded_page(app):
    """The embedded page is cached with the built pages and cleared with them (new years or
    indicators after a delivery): the next index is built anew."""
    pages = app.server.extensions["zof"].pages
    first = pages.embedded("/landelijk", "")
    assert pages.embedded("/landelijk", "") is first  # cached
    pages.clear()
    again = pages.embedded("/landelijk", "")
    assert again is not first and again == first
