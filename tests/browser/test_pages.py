"""Real-browser tests (headless Chromium): pages, controls, deep links, map, download, language.

Run: ``.venv/bin/python -m pytest tests/browser -q -p no:cacheprovider``. Each test waits on a
condition in the page (plotly's ``_fullData`` on the graph div, MapLibre's ``loaded()``, a locator
expectation), never on a fixed delay.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

MAP_TIMEOUT_MS = 30_000
CSV_HEADER = "code;Gebied;niveau;Jaar;id;Indicator;Eenheid;Waarde;Status;Dekking;Omrekening tussen indelingen;Bron"

# A chart is plotly's graph div (``.js-plotly-plot``) inside dcc.Graph's div, with its traces.
GRAPH_READY = """(id) => {
  const gd = document.querySelector('#' + id + ' .js-plotly-plot');
  return !!(gd && gd.data && gd.data.length > 0);
}"""
# A map has drawn once assets/app.js painted its values (data-zof-drawn on the map's box, set at
# MapLibre's first 'idle' after painting) and MapLibre has every source loaded.
MAP = "window.dash_clientside.zof.maps"
MAP_LOADED = f"""(id) => {{
  const box = document.getElementById(id), map = {MAP}.get(id);
  return !!(box && box.hasAttribute('data-zof-drawn') && map && map.loaded() && map.getCanvas().width > 0);
}}"""
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


# plotly.js loads when a chart panel of the page shown comes near the screen (assets/app.js:
# charts), so a test scrolls to it as a reader would
SCROLL_TO_CHARTS = """() => {
  const p = [...document.querySelectorAll('.chart-panel')].find(e => e.offsetParent !== null);
  if (p) p.scrollIntoView({block: 'nearest'});
  return !!p;
}"""


def wait_for_graph(page: Page, graph_id: str) -> None:
    page.wait_for_function(SCROLL_TO_CHARTS, timeout=MAP_TIMEOUT_MS)
    page.wait_for_function(GRAPH_READY, arg=graph_id, timeout=MAP_TIMEOUT_MS)


def wait_for_map(page: Page, graph_id: str) -> None:
    page.wait_for_function(MAP_LOADED, arg=graph_id, timeout=MAP_TIMEOUT_MS)


def graph_json(page: Page, graph_id: str, expr: str) -> str:
    """``expr`` evaluated with ``id`` and a chart's graph div ``gd``, as JSON text (to compare before
    and after)."""
    return page.evaluate(
        f"(id) => {{ const gd = document.querySelector('#' + id + ' .js-plotly-plot');"
        f" return JSON.stringify({expr}); }}",
        graph_id,
    )


def wait_for_change(page: Page, graph_id: str, expr: str, before: str) -> str:
    page.wait_for_function(
        f"([id, before]) => {{ const gd = document.querySelector('#' + id + ' .js-plotly-plot');"
        f" const now = JSON.stringify({expr}); return now !== undefined && now !== 'null' && now !== before; }}",
        arg=[graph_id, before],
        timeout=MAP_TIMEOUT_MS,
    )
    return graph_json(page, graph_id, expr)


def query(page: Page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def pick_dropdown(page: Page, select_id: str, label: str) -> None:
    """Choose the option whose text is ``label`` in a native <select> control."""
    page.select_option(f"#{select_id}", label=label)


def open_focus(page: Page, path: str = "/") -> None:
    page.goto(path)
    wait_for_map(page, "focus-map")
    wait_for_graph(page, "series")


# ----------------------------------------------------------------------------- 1 pages

PAGES = {
    # name: (path, page div, heading text or None for the dynamic focus title)
    "focus": ("/", "page-focus", None),
    "landelijk": ("/landelijk", "page-national", "Alle focusgebieden vergeleken"),
    "data": ("/data", "page-data", "Data en methoden"),
    "toegankelijkheid": ("/toegankelijkheid", "page-a11y", "Toegankelijkheidsverklaring"),
    "voortgang": ("/voortgang", "page-voortgang", "Voortgang sinds de 0-meting"),
    "profiel": ("/profiel", "page-profiel", "Gebiedsprofiel: alle kernindicatoren"),
}
NAV_OF = {
    "page-focus": "nav-focus",
    "page-profiel": "nav-profiel",
    "page-national": "nav-national",
    "page-voortgang": "nav-voortgang",
    "page-data": "nav-data",
    "page-a11y": "nav-a11y",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_brw001_page_loads_without_console_errors(page: Page, console, shots: Path, name: str) -> None:
    path, div, heading = PAGES[name]
    page.goto(path)
    if heading is None:
        title = page.locator("#focus-title")
        expect(title).to_be_visible()
        expect(title).to_contain_text("Utrecht Overvecht")
        wait_for_map(page, "focus-map")
        wait_for_graph(page, "series")
        expect(page.locator("#cards .ind-card").first).to_be_visible()
    else:
        expect(page.get_by_role("heading", level=2, name=heading, exact=True)).to_be_visible()
    if name == "landelijk":
        wait_for_map(page, "nat-map")
        wait_for_graph(page, "nat-ranking")
        expect(page.locator("#nat-sparks figure.spark")).to_have_count(20)  # one small multiple per area
        expect(page.locator("#nat-sparks img").first).to_have_attribute("alt", re.compile(r"\S+: "))
    if name == "data":
        expect(page.locator("#catalog-table td").first).to_be_visible()
    for other in NAV_OF:
        if other == div:
            expect(page.locator(f"#{other}")).to_be_visible()
        else:
            expect(page.locator(f"#{other}")).to_be_hidden()
    expect(page.locator(f"#{NAV_OF[div]}")).to_have_class(re.compile(r"\bactive\b"))
    page.screenshot(path=str(shots / f"page_{name}.png"), full_page=True)
    assert console.errors == []


# ----------------------------------------------------------------------------- 2 controls

# what the map holds, read back from MapLibre's feature state (token changes with the values)
Z = f"{MAP}.painted(id)"
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


# ----------------------------------------------------------------------------- 3 deep links


def test_brw003_deep_link_restores_view(page: Page, console) -> None:
    wanted = {"gebied": "ROT_ZUID", "lijn": "4", "indicator": "crimes_per_1000", "jaar": "2023"}
    open_focus(page, "/?gebied=ROT_ZUID&lijn=4&indicator=crimes_per_1000&jaar=2023")
    title = page.locator("#focus-title")
    expect(title).to_contain_text("Rotterdam-Zuid")
    expect(title).to_contain_text("2023")
    expect(page.locator("#year")).to_have_value("2023")
    expect(page.locator("#area option:checked")).to_contain_text("Rotterdam-Zuid")
    expect(page.locator("#line input[value='4']")).to_be_checked()
    expect(page.locator("#notice")).to_have_text("")
    assert {k: query(page).get(k) for k in wanted} == wanted

    page.goto("/landelijk?indicator=lbm_total&jaar=2018&niveau=wijk")
    expect(page.get_by_role("heading", level=2, name="Alle focusgebieden vergeleken")).to_be_visible()
    expect(page.locator("#page-focus")).to_be_hidden()
    wait_for_map(page, "nat-map")
    expect(page.locator("#nat-level input[value='wijk']")).to_be_checked()
    expect(page.locator("#nat-level input:checked + label")).to_have_text("Wijken")
    expect(page.locator("#year")).to_have_value("2018")
    painted = json.loads(graph_json(page, "nat-map", Z))
    assert "nl-wijk" in painted["geo"], f"nationwide map is not drawn per wijk: {painted}"
    assert painted["n"] > 3000 and "none" not in painted["counts"], painted
    q = query(page)
    assert (q.get("indicator"), q.get("jaar"), q.get("niveau")) == ("lbm_total", "2018", "wijk")
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


# ----------------------------------------------------------------------------- 6 bad parameters


def test_brw006_bad_url_parameter_gives_dutch_notice(page: Page, console, server_log) -> None:
    offset = server_log.mark()
    open_focus(page, "/?gebied=NOPE&jaar=abc")
    notice = page.locator("#notice")
    expect(notice).to_contain_text("NOPE")
    expect(notice).to_contain_text("abc")
    expect(notice).to_contain_text("Onbekend focusgebied")
    alerts = notice.locator(".notice").all_inner_texts()
    assert alerts and all(len(a) < 160 for a in alerts), alerts
    expect(page.locator("#focus-title")).to_contain_text("Utrecht Overvecht")
    expect(page.locator("#area option:checked")).to_contain_text("Utrecht Overvecht")
    assert query(page).get("gebied") == "UTR_OV"
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and "Error" not in body
    assert "Traceback" not in server_log.since(offset)
    assert console.errors == []


# ----------------------------------------------------------------------------- 7 download


def test_brw007_download_link_serves_csv(page: Page, console, base_url: str) -> None:
    open_focus(page, "/?gebied=AMS_ZO&indicator=ses_woa_score&jaar=2019")
    link = page.locator("#download-link")
    expect(link).to_have_text("Download deze cijfers (CSV)")
    expect(link).to_have_attribute("href", re.compile(r"area=AMS_ZO"))
    href = link.get_attribute("href")
    resp = page.request.get(urljoin(base_url + "/", href))
    assert resp.status == 200, resp.text()[:300]
    assert resp.headers["content-type"].startswith("text/csv")
    lines = resp.body().decode("utf-8-sig").splitlines()  # for Dutch Excel: BOM, ";" and decimal comma
    assert lines[0] == CSV_HEADER
    codes = {line.split(";", 1)[0] for line in lines[1:]}
    assert "AMS_ZO" in codes, sorted(codes)
    assert all(";ses_woa_score;" in line for line in lines[1:])
    assert console.errors == []


# ----------------------------------------------------------------------------- 8 language


def test_brw008_english_and_dutch(page: Page, console) -> None:
    page.goto("/?taal=en")
    expect(page.locator("#nav")).to_contain_text("Nationwide")
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    expect(page.locator("#lang-link")).to_have_text("Nederlands")
    wait_for_map(page, "focus-map")

    page.goto("/")
    expect(page.locator("#nav")).to_contain_text("Landelijk")
    expect(page.locator("#nav")).not_to_contain_text("Nationwide")
    wait_for_map(page, "focus-map")
    assert page.evaluate("document.documentElement.lang") == "nl"

    # the language link keeps the view and switches
    page.locator("#lang-link").click()
    expect(page).to_have_url(re.compile(r"[?&]taal=en(&|$)"))
    expect(page.locator("#nav")).to_contain_text("Nationwide")
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    assert console.errors == []


# ----------------------------------------------------------------------------- 9 projector mode


@pytest.mark.parametrize("width, height", [(1920, 1080), (1280, 720)])
def test_brw009_projector_mode(page: Page, console, shots: Path, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    open_focus(page, "/?gebied=UTR_OV&lijn=4&indicator=lbm_nuisance_safety&jaar=2020&presentatie=1")
    expect(page.locator("#app-root")).to_have_class(re.compile(r"\bpresenting\b"))
    # large type, no navigation chrome, the map and the cards on screen
    body_px = page.evaluate("() => parseFloat(getComputedStyle(document.getElementById('app-root')).fontSize)")
    assert body_px >= 24
    expect(page.locator("#nav")).to_be_hidden()  # no navigation chrome; the h1 stays for screen readers
    assert page.locator(".site-header").bounding_box()["height"] <= 1
    expect(page.locator("#controls")).to_be_hidden()
    expect(page.locator("#focus-map")).to_be_in_viewport()
    expect(page.locator("#cards .ind-card.selected")).to_be_in_viewport()
    page.screenshot(path=str(shots / f"present_{width}x{height}.png"))
    # → steps to the next indicator of the action line, N to the next focus area
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => !location.search.includes('indicator=lbm_nuisance_safety')")
    assert query(page)["lijn"] == "4" and query(page)["presentatie"] == "1"
    page.keyboard.press("n")
    page.wait_for_function("() => !location.search.includes('gebied=UTR_OV')")
    # the slideshow can be started and paused (WCAG 2.2.2)
    button = page.locator("#slideshow-button")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    # Esc leaves projector mode and keeps the view
    page.keyboard.press("Escape")
    page.wait_for_function("() => !location.search.includes('presentatie')")
    expect(page.locator("#app-root")).not_to_have_class(re.compile(r"\bpresenting\b"))
    expect(page.locator("#nav")).to_be_visible()
    assert console.errors == []


# ----------------------------------------------------------------------------- 10 accessibility


@pytest.mark.parametrize("path", ["/", "/landelijk", "/data", "/toegankelijkheid", "/?presentatie=1", "/?taal=en"])
def test_brw010_no_serious_accessibility_violations(page: Page, path: str) -> None:
    """axe-core (WCAG 2.1 A/AA rules) finds no violation of impact serious or critical."""

    page.goto(path)
    if path.startswith("/?") or path == "/":
        wait_for_map(page, "focus-map")
    elif path == "/landelijk":
        wait_for_map(page, "nat-map")
    assert serious_violations(page) == []


def serious_violations(page: Page) -> list[tuple[str, str, str]]:
    """axe-core's violations of impact serious or critical (WCAG 2.1 A/AA and best practice)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}},
    )
    return [
        (v["id"], v["impact"], v["nodes"][0]["html"][:120])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_brw011_keyboard_reaches_the_controls_with_a_visible_focus(page: Page) -> None:
    open_focus(page, "/")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.locator(".skip-link")).to_be_focused()
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.id === 'area'"):
            break
    expect(page.locator("#area")).to_be_focused()
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")


def test_brw012_reflow_at_320_px(page: Page, shots: Path) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    open_focus(page, "/")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.screenshot(path=str(shots / "reflow_320.png"), full_page=True)
    assert overflow <= 1, f"page scrolls sideways by {overflow}px at 320 px"


# ----------------------------------------------------------------------------- 13 factsheet


@pytest.mark.parametrize("area, name", [("UTR_OV", "Utrecht Overvecht"), ("AMS_NW", "Amsterdam Nieuw-West")])
def test_brw013_factsheet_prints_on_one_a4_page(page: Page, console, shots: Path, area: str, name: str) -> None:
    page.goto(f"/factsheet?gebied={area}")
    expect(page.locator("#factsheet h2")).to_contain_text(name)
    expect(page.locator("#factsheet .fs-line")).to_have_count(3)  # action lines 2, 3 and 4
    expect(page.locator("#factsheet .fs-map img").first).to_have_attribute("alt", re.compile(r"\S"))
    expect(page.locator("#factsheet .fs-sources li").first).to_be_visible()
    pdf = page.pdf(format="A4", print_background=True)
    (shots / f"factsheet_{area}.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1, f"the factsheet takes {pages} pages"
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
