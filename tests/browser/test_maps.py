"""The maps in headless Chromium: a control change repaints map, cards, chart and URL; the legend names
exactly the missing values painted; the map draws without any external network; each switch fetches
one payload, before Dash answers, and the map ends on the view the URL names."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from .helpers import MAP, MAP_TIMEOUT_MS, Z, graph_json, open_focus, pick_dropdown, query, wait_for_change, wait_for_map

pytestmark = pytest.mark.browser

# Copy the WebGL canvas to a 2-D canvas right after MapLibre renders a frame (the drawing buffer is
# not preserved, so it is only readable then) and sample its pixels.
CANVAS_STATS = f"""(id) => new Promise((resolve) => {{
  const map = {MAP}.get(id);
  map.once('render', () => {{
    const src = map.getCanvas();
    const copy = document.createElement('canvas');
    copy.width = src.width; copy.height = src.height;
    const ctx = copy.getContext('2d');
    ctx.drawImage(src, 0, 0);
    const px = ctx.getImageData(0, 0, copy.width, copy.height).data;
    const colours = new Set();
    let n = 0, nonWhite = 0, saturated = 0;
    for (let i = 0; i < px.length; i += 4 * 5) {{
      const r = px[i], g = px[i + 1], b = px[i + 2];
      n++; colours.add((r << 16) | (g << 8) | b);
      if (r < 245 || g < 245 || b < 245) nonWhite++;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 30) saturated++;   // not white or grey: a data colour
    }}
    resolve({{width: copy.width, height: copy.height, distinct: colours.size,
             nonWhite: nonWhite / n, saturated: saturated / n}});
  }});
  map.triggerRepaint();
}})"""


# ----------------------------------------------------------------------------- 2 controls

SERIES = "gd.data.map(t => [t.name, t.y])"


def test_brw002_indicator_change_updates_map_cards_chart_url(page: Page, console) -> None:
    open_focus(page, "/?gebied=UTR_OV&lijn=4&indicator=lbm_nuisance_safety")
    expect(page.locator("#cards .ind-card.selected .card-title")).to_contain_text("Leefbaarometer")
    z0, s0 = graph_json(page, "focus-map", Z), graph_json(page, "series", SERIES)
    cards0 = page.locator("#cards").inner_text()

    # the dropdown, within action line 4
    pick_dropdown(page, "indicator", "Geregistreerde misdrijven per 1.000 inwoners")
    expect(page).to_have_url(re.compile(r"[?&]indicator=crimes_per_1000(&|$)"))
    z1 = wait_for_change(page, "focus-map", Z, z0)
    s1 = wait_for_change(page, "series", SERIES, s0)
    expect(page.locator("#cards .ind-card.selected .card-title")).to_contain_text(
        "Geregistreerde misdrijven per 1.000 inwoners"
    )
    expect(page.locator("#focus-title")).to_contain_text("Geregistreerde misdrijven per 1.000 inwoners")
    painted = json.loads(z1)
    assert painted["counts"].get("0", 0) + painted["counts"].get("1", 0) > 0, (
        f"the map has no values for the new indicator: {painted}"
    )
    assert "none" not in painted["counts"], f"units left unpainted: {painted}"

    # the action-line radio switches to that line's default indicator
    page.locator("#line label").filter(has_text="3 · Meedoen").click()
    expect(page).to_have_url(re.compile(r"[?&]lijn=3(&|$)"))
    expect(page).not_to_have_url(re.compile(r"indicator=crimes_per_1000"))
    wait_for_change(page, "focus-map", Z, z1)
    wait_for_change(page, "series", SERIES, s1)
    expect(page.locator("#cards")).not_to_have_text(cards0)
    new_indicator = query(page)["indicator"]
    expect(page.locator("#indicator")).to_have_value(new_indicator)
    selected = page.locator(f"#indicator option[value='{new_indicator}']").inner_text().replace("★", "").strip()
    expect(page.locator("#cards .ind-card.selected .card-title")).to_contain_text(selected)
    assert new_indicator and new_indicator != "crimes_per_1000"
    assert console.errors == []


# ----------------------------------------------------------------------------- 4 missing values

NO_VALUE_NAMES = ("ontbreekt", "geheim", "ontbreekt of geheim")


def test_brw004_map_legend_shows_missing_values(page: Page, console) -> None:
    open_focus(page, "/?gebied=AMS_ZO&indicator=ses_woa_score&jaar=2019")
    expect(page.locator("#focus-title")).to_contain_text("Amsterdam Zuidoost")
    legend = page.locator("#focus-map-legend .legend-label")
    expect(legend.first).to_be_visible()
    shown = [text.strip() for text in legend.all_inner_texts()]
    assert shown and set(shown) <= set(NO_VALUE_NAMES), f"no grey no-value entry in the map legend: {shown}"
    # a legend entry for exactly the greys that are painted on the map (MapLibre's feature state)
    painted = json.loads(graph_json(page, "focus-map", Z))
    digit = {"ontbreekt": "4", "geheim": "2", "ontbreekt of geheim": "3"}
    on_map = {name for name, d in digit.items() if painted["counts"].get(d, 0) > 0}
    assert on_map == set(shown), f"legend {shown} but painted {painted}"
    # the text alternative names them too
    page.locator("#page-focus .panel-map .table-toggle summary").click()
    expect(page.locator("#focus-map-table")).to_contain_text(shown[0])
    assert console.errors == []


# ----------------------------------------------------------------------------- 5 offline map


def test_brw005_map_renders_without_external_network(page: Page, console, shots: Path) -> None:
    external: list[str] = []

    def only_local(route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname not in ("127.0.0.1", "localhost"):
            external.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", only_local)
    open_focus(page, "/")
    page.locator("#focus-map").screenshot(path=str(shots / "map_offline.png"))
    stats = page.evaluate(CANVAS_STATS, "focus-map")
    assert external == [], f"requests beyond 127.0.0.1: {external}"
    assert stats["width"] > 200 and stats["height"] > 200, stats
    assert stats["distinct"] >= 8, f"map canvas looks blank: {stats}"
    assert stats["nonWhite"] > 0.10, f"map canvas looks blank: {stats}"
    assert stats["saturated"] > 0.02, f"no choropleth colours on the map canvas: {stats}"
    assert console.errors == []


# ----------------------------------------------------------------------------- 14 one fetch per switch

TOKEN = "(id) => { const box = document.getElementById(id); return box && box.getAttribute('data-zof-drawn'); }"
# every fetch the page makes: [kind, url, started, answered] (performance.now() in the page)
FETCH_LOG = """(() => {
  window.__fetches = [];
  const original = window.fetch;
  window.fetch = function (url, opts) {
    const entry = [String(url).includes('/values/') ? 'values' : 'dash', String(url), performance.now(), null];
    window.__fetches.push(entry);
    return original.call(this, url, opts).then((r) => { entry[3] = performance.now(); return r; });
  };
})()"""
TEXT_OF = {"focus-map": "#focus-title", "nat-map": "#nat-map-status"}


def _switch_and_wait(page: Page, graph: str, action) -> tuple[str, list]:
    """Do ``action``; wait until the map has drawn something new and Dash has settled the URL and the
    panel text (so its own map call has run too); return the map's token and the fetches since."""
    before = page.evaluate(TOKEN, graph)
    url_before = page.url
    text_before = page.locator(TEXT_OF[graph]).inner_text()
    t0 = page.evaluate("() => performance.now()")
    action()
    page.wait_for_function(f"(before) => ({TOKEN})('{graph}') !== before", arg=before, timeout=MAP_TIMEOUT_MS)
    page.wait_for_function("(before) => location.href !== before", arg=url_before, timeout=MAP_TIMEOUT_MS)
    expect(page.locator(TEXT_OF[graph])).not_to_have_text(text_before)
    fetches = page.evaluate("(t0) => window.__fetches.filter(f => f[2] >= t0)", t0)
    return page.evaluate(TOKEN, graph), fetches


@pytest.mark.parametrize(
    "path, graph",
    [
        ("/?gebied=UTR_OV&lijn=4&indicator=lbm_nuisance_safety&jaar=2020", "focus-map"),
        ("/landelijk?lijn=4&indicator=lbm_nuisance_safety&jaar=2020&niveau=wijk", "nat-map"),
    ],
)
def test_brw014_each_switch_fetches_one_payload_and_paints_what_the_url_says(
    page: Page, console, path: str, graph: str
) -> None:
    """The browser starts a map's fetch on the control change itself, predicting where Dash will
    settle the controls; Dash's call follows. A right prediction means exactly one payload request
    per switch, sent before Dash answered anything, and the map ends on the view the URL names."""
    page.add_init_script(FETCH_LOG)
    page.goto(path)
    wait_for_map(page, graph)
    switches = [
        ("year", lambda: page.select_option("#year", "2018")),
        ("indicator", lambda: page.select_option("#indicator", "crimes_per_1000")),  # its years differ
        ("line", lambda: page.locator("#line label").filter(has_text="2 · Wonen").click()),
        ("line back", lambda: page.locator("#line label").filter(has_text="Context").click()),
    ]
    if graph == "focus-map":
        switches.append(("area", lambda: page.select_option("#area", "ROT_ZUID")))
    else:
        switches.append(("level", lambda: page.locator("#nat-level label").filter(has_text="Buurten").click()))
    for name, action in switches:
        token, fetches = _switch_and_wait(page, graph, action)
        q = query(page)
        payloads = [f for f in fetches if f[0] == "values"]
        assert len(payloads) == 1, f"{name}: {len(payloads)} payload requests: {payloads}"
        assert f"/{q['indicator']}/{q.get('jaar', '-')}.json" in payloads[0][1], (name, q, payloads[0][1])
        assert token.startswith(q["indicator"] + "|"), (name, token, q)
        # asked for at the change itself, before Dash answered anything of this switch
        answered = [f[3] for f in fetches if f[0] == "dash" and f[3] is not None]
        assert not answered or payloads[0][2] <= min(answered), f"{name}: the payload waited for Dash: {fetches}"
    assert console.errors == []


NUMBER_JS = """() => {
  const out = [], values = [0, -0, 0.5, -0.245, 1.005, 2.675, 999.5, 1234.5, -1234567.891, 58.04, 0.0004, -0.0004, 1e6];
  for (const lang of ['nl', 'en']) {
    for (const dec of [0, 1, 2, 3]) {
      const intl = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'nl-NL', { minimumFractionDigits: dec, maximumFractionDigits: dec });
      for (const x of values) {
        const ours = window.dash_clientside.zof.maps.number({ lang, dec }, x);
        if (ours !== intl.format(x)) { out.push([lang, dec, x, ours, intl.format(x)]); }
      }
    }
  }
  return out;
}"""


def test_the_legend_writes_numbers_as_intl_does(page: Page) -> None:
    """The legend's numbers are written without an Intl.NumberFormat (its first one costs ~20 ms on
    the way to the first paint): exactly as nl-NL and en-GB write them, rounding, grouping and signs."""
    page.goto("/")
    wait_for_map(page, "focus-map")
    assert page.evaluate(NUMBER_JS) == []
