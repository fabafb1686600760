"""Opening a page builds that page only; the others are built when the visitor first goes there,
and a link to another page carries none of this page's own URL parameters."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from dashboard import ids
from tests.browser.helpers import query, wait_for_graph, wait_for_map, wait_for_ranking

pytestmark = pytest.mark.browser

BUILT_JS = "() => Object.fromEntries([...document.querySelectorAll('.page')].map(e => [e.id, e.children.length]))"


def test_opening_the_focus_page_builds_it_alone_and_loads_no_table_code(page: Page, console) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto("/")
    wait_for_map(page, "focus-map")
    built = page.evaluate(BUILT_JS)
    assert built["page-focus"] > 0
    assert all(n == 0 for key, n in built.items() if key != "page-focus"), built
    # the data page's DataTables are not rendered, so dash_table's 150 KB of chunks stay unloaded
    assert not [u for u in requests if "async-table" in u or "async-highlight" in u]

    page.click("#nav-data")
    expect(page.locator("#page-data .dash-spreadsheet").first).to_be_visible()
    assert [u for u in requests if "async-table" in u]
    page.click("#nav-focus")
    expect(page.locator("#page-focus")).to_be_visible()
    assert page.evaluate(BUILT_JS)["page-data"] > 0  # built once, kept
    assert console.errors == []


def test_a_link_to_another_page_leaves_this_pages_own_parameters_behind(page: Page, console) -> None:
    page.goto("/landelijk?weergave=verandering&van=2014")
    wait_for_map(page, "nat-map")
    assert query(page)["weergave"] == "verandering"
    page.click("#nav-voortgang")
    expect(page.locator("#vg-matrix table")).to_be_visible(timeout=30_000)
    q = query(page)
    # /voortgang has a weergave of its own: it starts at its default, without a notice
    assert q["weergave"] == "matrix" and "van" not in q
    expect(page.locator("#notice .notice")).to_have_count(0)
    page.select_option("#vg-sort", index=2)
    page.wait_for_function("() => new URLSearchParams(location.search).get('sorteer') !== 'naam'")
    page.click("#nav-national")
    wait_for_map(page, "nat-map")
    q = query(page)
    assert "sorteer" not in q and q.get("weergave", "waarde") == "waarde"  # its own default again
    expect(page.locator("#notice .notice")).to_have_count(0)
    assert console.errors == []


def test_the_nationwide_page_needs_no_plotly_but_the_focus_chart_still_loads_it(page: Page, console) -> None:
    """/landelijk's ranking is static HTML and its trends are SVG: plotly.js (its evaluation alone a
    long task of 100–300 ms) is never fetched there, even scrolled to the bottom; the focus page's
    time series still loads it when it comes near."""
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto("/landelijk?indicator=labour_participation")
    wait_for_map(page, "nat-map")
    wait_for_ranking(page)
    expect(page.locator("#nat-ranking .rk-dot")).to_have_count(20)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(1000)  # long enough for a loader watching the panels to have asked
    assert not [u for u in requests if "plotly" in u]
    page.click("#nav-focus")
    wait_for_graph(page, "series")
    assert [u for u in requests if "plotly-basic" in u]
    assert console.errors == []


def test_a_canonical_link_brings_its_page_along_and_any_other_still_opens(page: Page, console) -> None:
    """The index of an empty or canonical URL carries its page (app.py: PageDash): the browser asks
    no render_page for it, and fetches the map's values once, before Dash has even asked for its
    layout; a URL the app did not write (here a search short of the canonical one) gets its page
    from render_page, as before. Either way the map is drawn with its legend."""
    outputs: list[str] = []
    order: list[str] = []

    def seen(r) -> None:
        if "_dash-update-component" in r.url:
            outputs.append(json.loads(r.post_data)["output"])
        elif "/values/" in r.url:
            order.append("values")
        elif "/_dash-layout" in r.url:
            order.append("layout")

    page.on("request", seen)
    for url in ("/landelijk", "/?lijn=3"):
        outputs.clear()
        order.clear()
        map_id = "nat-map" if url.startswith("/landelijk") else "focus-map"
        page.goto(url)
        wait_for_map(page, map_id)
        page.wait_for_timeout(500)  # the canonical search written, its callbacks answered
        embedded = url == "/landelijk"
        assert (f"{ids.PAGE}.children" in outputs) == (not embedded), (url, outputs)
        assert order == (["values", "layout"] if embedded else ["layout", "values"]), (url, order)
        expect(page.locator(f"#{map_id}-legend .legend-ramp")).to_be_visible()
    assert console.errors == []


# Installed before the page's scripts: every MapLibre frame of the nationwide map, with whether its
# canvas could be seen then (assets/frames.js draws a new map out of sight until it is complete)
FRAMES_JS = """
window.__zofFrames = [];
const watch = setInterval(() => {
  const z = window.dash_clientside && window.dash_clientside.zof, map = z && z.maps && z.maps.get('nat-map');
  if (!map) return;
  clearInterval(watch);
  map.on('render', () => window.__zofFrames.push(getComputedStyle(map.getCanvas()).visibility !== 'hidden'));
}, 1);
"""
SEEN_JS = """() => { const map = window.dash_clientside.zof.maps.get('nat-map');
  return { frames: window.__zofFrames, visible: getComputedStyle(map.getCanvas()).visibility,
           own: Object.prototype.hasOwnProperty.call(map, 'triggerRepaint') }; }"""


def test_a_new_map_is_drawn_out_of_sight_and_shown_once_complete(page: Page, console) -> None:
    """Without a GPU each frame shown is read back whole: the first map shows its finished frame only
    (none of the frames before it seen; at most one for each of its three sources, when its tiles are
    asked for, one at the start and the finished one), then repaints as usual on a switch."""
    page.add_init_script(FRAMES_JS)
    page.goto("/landelijk")
    wait_for_map(page, "nat-map")
    seen = page.evaluate(SEEN_JS)
    assert seen["visible"] == "visible" and not seen["own"], seen  # shown; MapLibre's own triggerRepaint again
    assert 1 <= len(seen["frames"]) <= 5 and not any(seen["frames"]), seen
    painted = page.evaluate("() => window.dash_clientside.zof.maps.painted('nat-map')")
    assert painted["n"] == 342 and sum(painted["counts"].values()) == 342
    page.locator("label", has_text="Wijken").click()
    page.wait_for_function("() => window.__zofFrames.some(Boolean)", timeout=30_000)  # a switch is seen at once
    wait_for_map(page, "nat-map")
    assert console.errors == []


def test_a_map_whose_outline_fails_still_shows_what_it_has(page: Page, console) -> None:
    """A source that cannot be fetched does not keep the map out of sight: it shows its units."""
    page.route("**/geo/**/outline-*.json", lambda route: route.fulfill(status=404, body="gone"))
    page.add_init_script(FRAMES_JS)
    page.goto("/landelijk")
    drawn = "() => { const b = document.getElementById('nat-map'); return !!b && b.hasAttribute('data-zof-drawn'); }"
    page.wait_for_function(drawn, timeout=30_000)
    seen = page.evaluate(SEEN_JS)
    assert seen["visible"] == "visible" and not seen["own"], seen
    painted = page.evaluate("() => window.dash_clientside.zof.maps.painted('nat-map')")
    assert painted["n"] == 342
    console.errors.clear()  # the 404 itself is logged by the browser, as it should be
