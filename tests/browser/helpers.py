"""What the real-browser tests share: waiting until a chart has its traces (or the ranking its rows), until a map has drawn
(app.js painted its values and MapLibre is ``loaded()``) or until a chart or map changed, never for a
fixed delay; what the map holds (``Z``); the URL's query; a choice in a native <select>; opening the
focus page; and axe-core's serious violations."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page

MAP_TIMEOUT_MS = 30_000

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


def wait_for_ranking(page: Page, box_id: str = "nat-ranking") -> None:
    """The ranking of /landelijk (static HTML, dashboard/rankings.py) is in place with its rows."""
    page.locator(f"#{box_id} .rk-row").first.wait_for(timeout=MAP_TIMEOUT_MS)


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


# what the map holds, read back from MapLibre's feature state (token changes with the values)
Z = f"{MAP}.painted(id)"


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
