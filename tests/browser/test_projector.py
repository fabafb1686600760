"""Projector mode and the phone. First pass (brw009): large type, no navigation chrome, the keys that
step through indicators and areas, the slideshow button, Esc. Second pass (issue 13): one slide per view
with nothing cut off and no text under 24 px; the ranking's marks inside their rows on a phone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .helpers import open_focus, query, wait_for_graph, wait_for_map, wait_for_ranking

pytestmark = pytest.mark.browser

# every visible text node inside the viewport: its text and computed font size (px)
SMALL_TEXT = """() => {
  const out = [], vw = innerWidth, vh = innerHeight;
  const walker = document.createTreeWalker(document.getElementById('app-root'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el) continue;
    const range = document.createRange(); range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    if (r.width < 2 || r.height < 2 || r.bottom <= 0 || r.right <= 0 || r.top >= vh || r.left >= vw) continue;
    // what a person sees there (a visually hidden element, kept for screen readers, is not seen)
    const hit = document.elementFromPoint(Math.min(vw - 1, Math.max(0, (r.left + r.right) / 2)),
                                          Math.min(vh - 1, Math.max(0, (r.top + r.bottom) / 2)));
    if (!hit || !(el.contains(hit) || hit.contains(el))) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 23.5) out.push([node.textContent.trim().slice(0, 40), size]);
  }
  return out;
}"""
CUT_OFF = """(sel) => [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null).map(e => {
  const r = e.getBoundingClientRect();
  return [e.textContent.trim().slice(0, 30), r.top >= -1 && r.left >= -1 && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1];
})"""
PAGE_FITS = "() => document.documentElement.scrollHeight - innerHeight"


@pytest.mark.parametrize("width, height", [(1920, 1080), (1280, 720)])
@pytest.mark.parametrize(
    "path, map_id, graph",
    [
        ("/?presentatie=1&gebied=DH_ZW&indicator=labour_participation", "focus-map", "series"),
        ("/?presentatie=1", "focus-map", "series"),
        ("/landelijk?presentatie=1", "nat-map", "nat-ranking"),
    ],
)
def test_prj001_a_slide_fits_the_screen_with_text_of_24_px(
    page: Page, console, shots: Path, width: int, height: int, path: str, map_id: str, graph: str
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(path)
    expect(page.locator("#app-root")).to_have_class("app presenting")
    wait_for_map(page, map_id)
    if graph == "nat-ranking":
        wait_for_ranking(page)
    else:
        wait_for_graph(page, graph)
        page.wait_for_timeout(500)  # the chart re-laid out for the projector
    name = path.strip("/?").replace("&", "_").replace("=", "-") or "focus"
    page.screenshot(path=str(shots / f"projector_{name}_{width}.png"))
    cards = page.evaluate(CUT_OFF, ".ind-card")
    assert all(inside for _, inside in cards), f"cards cut off: {cards}"
    rows = page.evaluate(CUT_OFF, "#nat-ranking .rk-row")
    assert all(inside for _, inside in rows), f"ranking rows cut off: {[r for r in rows if not r[1]]}"
    assert len(rows) in (0, 20)
    assert page.evaluate(PAGE_FITS) <= 0, "the slide is taller than the screen"
    small = page.evaluate(SMALL_TEXT)
    assert small == [], f"text under 24 px: {small[:8]}"
    # the map fills its half of the slide (it once collapsed to nothing on /landelijk)
    assert page.evaluate(f"document.getElementById('{map_id}').getBoundingClientRect().height") > height / 3
    assert console.errors == []


def test_prj002_the_chart_shows_in_projector_mode(page: Page, console) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto("/?presentatie=1")
    wait_for_graph(page, "series")
    expect(page.locator("#series")).to_be_in_viewport()
    names = page.evaluate("() => document.querySelector('#series .js-plotly-plot').data.map(t => t.name)")
    assert names == ["Focusgebied", "Rest gemeente", "Nederland"]


def test_prj003_the_pause_button_has_no_glyph_a_font_may_lack(page: Page, console) -> None:
    page.goto("/?presentatie=1")
    button = page.locator("#slideshow-button")
    expect(button).to_be_visible()
    button.click()
    expect(button).to_have_text("Pauzeer diavoorstelling")
    expect(button.locator(".icon-pause")).to_be_visible()
    button.click()
    expect(button.locator(".icon-play")).to_be_visible()


@pytest.mark.parametrize("indicator", ["lbm_nuisance_safety", "population", "labour_participation"])
def test_prj004_on_a_phone_every_ranking_mark_lies_inside_its_row(page: Page, console, indicator: str) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"/landelijk?indicator={indicator}")
    wait_for_ranking(page)
    found = page.evaluate(
        """() => {
      const out = [], rows = [...document.querySelectorAll('#nat-ranking .rk-row')];
      rows.forEach(row => {
        const t = row.querySelector('.rk-track').getBoundingClientRect();
        row.querySelectorAll('.rk-dot, .rk-gm, .rk-bar').forEach(m => {
          const r = m.getBoundingClientRect(), cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2;
          if (cx < t.left - 1 || cx > t.right + 1 || cy < t.top || cy > t.bottom) out.push([row.textContent, cx, cy]);
        });
        if (t.right > innerWidth || t.width < 60) out.push([row.textContent, 'track', t.left, t.right]);
      });
      const names = rows.map(r => r.querySelector('.rk-name').getBoundingClientRect());
      return {outside: out, n: document.querySelectorAll('#nat-ranking .rk-dot').length, rows: rows.length,
              overlap: names.some((r, i) => i && r.top < names[i - 1].bottom - 1)};
    }"""
    )
    assert found["rows"] == 20 and found["n"] >= 19 and found["outside"] == [] and not found["overlap"]
    assert console.errors == []


@pytest.mark.parametrize(
    "path, map_id, name", [("/?gebied=ROT_ZUID", "focus-map", "Feijenoord"), ("/landelijk", "nat-map", "Amsterdam")]
)
def test_prj005_maps_carry_names_without_a_font_server(
    page: Page, console, base_url: str, path: str, map_id: str, name: str
) -> None:
    """Wijk names on the focus map, gemeente names nationwide (assets/labels.js: HTML over the
    map, larger places first where they collide), inside the map, apart from each other, and
    without a request to another host."""
    hosts = set()
    page.on("request", lambda r: hosts.add(r.url.split("/")[2]) if r.url.startswith("http") else None)
    page.goto(path)
    wait_for_map(page, map_id)
    names = f"window.dash_clientside.zof.maps.names('{map_id}')"
    page.wait_for_function(f"() => {names}.length > 0", timeout=30_000)
    shown = page.evaluate(f"() => {names}")
    boxes = page.evaluate(
        f"""() => {{ const m = document.getElementById('{map_id}').getBoundingClientRect();
            return [...document.querySelectorAll('#{map_id} .map-labels span')].map(e => {{
              const r = e.getBoundingClientRect();
              return [r.left - m.left, r.top - m.top, r.right - m.left, r.bottom - m.top, m.width, m.height]; }}); }}"""
    )
    assert all(min(x0, y0) >= -1 and x1 <= w + 1 and y1 <= h + 1 for x0, y0, x1, y1, w, h in boxes)
    overlaps = [
        (i, j)
        for i, a in enumerate(boxes)
        for j, b in enumerate(boxes[i + 1 :], i + 1)
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]
    assert overlaps == [], "names drawn over each other"
    assert name in shown, sorted(shown)[:20]
    assert hosts == {base_url.split("/")[2]}, hosts
    assert console.errors == []


# ----------------------------------------------------------------------------- projector mode, first pass


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
