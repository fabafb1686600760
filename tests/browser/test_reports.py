"""Real-browser tests of the reporting pages: /voortgang (the 20 × kernindicatoren matrix), the
area profile /profiel, and the change view of /landelijk — in Dutch and English, at projector,
laptop and phone widths, without console errors or serious accessibility violations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .helpers import serious_violations, wait_for_map, wait_for_ranking

pytestmark = pytest.mark.browser

SIZES = [(1920, 1080), (1280, 720), (375, 740)]
VIEWS = {
    # name: (path, what shows when the page has drawn)
    "voortgang": ("/voortgang?basis=2014&sorteer=lbm_nuisance_safety", "#vg-matrix table tbody tr"),
    "profiel": ("/profiel?gebied=DH_ZW", "#pf-body .pf-line"),
    "verandering": ("/landelijk?indicator=lbm_nuisance_safety&weergave=verandering&van=2014", "#nat-ranking"),
}
HEADINGS = {
    ("voortgang", "nl"): "Voortgang sinds de 0-meting",
    ("voortgang", "en"): "Progress since the baseline",
    ("profiel", "nl"): "Gebiedsprofiel: alle kernindicatoren",
    ("profiel", "en"): "Area profile: every core indicator",
    ("verandering", "nl"): "Alle focusgebieden vergeleken",
    ("verandering", "en"): "All focus areas compared",
}


def open_view(page: Page, name: str, lang: str) -> None:
    path, ready = VIEWS[name]
    page.goto(path + ("&taal=en" if lang == "en" else ""))
    expect(page.get_by_role("heading", level=2, name=HEADINGS[(name, lang)], exact=True)).to_be_visible()
    if name == "verandering":
        wait_for_map(page, "nat-map")
        wait_for_ranking(page)
    expect(page.locator(ready).first).to_be_visible()


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("width, height", SIZES)
@pytest.mark.parametrize("name", list(VIEWS))
def test_rep001_report_pages_render_without_errors(
    page: Page, console, shots: Path, name: str, width: int, height: int, lang: str
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    open_view(page, name, lang)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.screenshot(path=str(shots / f"report_{name}_{lang}_{width}.png"))
    assert overflow <= 1, f"{name} scrolls sideways by {overflow}px at {width} px"  # wide tables scroll in their box
    assert console.errors == []


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", list(VIEWS))
def test_rep002_no_serious_accessibility_violations(page: Page, name: str, lang: str) -> None:
    open_view(page, name, lang)
    assert serious_violations(page) == []


def test_rep003_the_overlast_question_is_answered_on_one_screen(page: Page, console) -> None:
    """ "Which focus areas improved most on overlast & onveiligheid since 2014?": the change
    ranking on /landelijk puts the 20 areas in order within one 1920×1080 screen."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_view(page, "verandering", "nl")
    names = page.locator("#nat-ranking .rk-name").all_inner_texts()
    assert len(names) == 20 and names[0] == "Arnhem-Oost"
    expect(page.locator("#nat-ranking .rk-bar")).to_have_count(20)
    expect(page.locator("#nat-ranking")).to_be_in_viewport(ratio=0.9)
    expect(page.locator("#nat-map-status")).to_contain_text("verandering 2014–2020")
    expect(page.locator("#nat-map-legend .legend-caption")).to_contain_text("blauw = verbeterd")
    assert console.errors == []


def test_rep004_the_matrix_sorts_by_a_column_and_the_url_keeps_it(page: Page, console) -> None:
    page.goto("/voortgang?lijnen=4&basis=2014")
    expect(page.locator("#vg-matrix table tbody tr")).to_have_count(20)
    page.select_option("#vg-sort", "lbm_nuisance_safety")
    expect(page).to_have_url(re.compile(r"sorteer=lbm_nuisance_safety"))
    expect(page.locator("#vg-matrix tbody tr th").first).to_have_text("Arnhem-Oost")
    page.select_option("#vg-view", "dekking")
    expect(page).to_have_url(re.compile(r"weergave=dekking"))
    expect(page.locator("#vg-matrix caption")).to_be_visible()
    assert console.errors == []


def test_rep005_the_voortgang_report_prints_on_a4_landscape(page: Page, console, shots: Path) -> None:
    page.goto("/voortgang?lijnen=4&basis=2014")
    expect(page.locator("#vg-matrix table tbody tr")).to_have_count(20)
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (shots / "voortgang.pdf").write_bytes(pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    sizes = {(round(float(w)), round(float(h))) for w, h in boxes}
    assert boxes and sizes == {(842, 595)}, f"every page A4 landscape, got {sizes}"
    assert len(boxes) <= 4, f"the report of one action line takes {len(boxes)} pages"


def test_rep006_the_profile_prints_on_one_a4_page(page: Page, console, shots: Path) -> None:
    page.goto("/profiel?gebied=UTR_OV")
    expect(page.locator("#pf-body .pf-line")).to_have_count(3)
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (shots / "profiel_UTR_OV.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1, f"the profile takes {pages} pages"


def test_rep007_the_excel_link_carries_the_chosen_report(page: Page, console, base_url: str) -> None:
    page.goto("/voortgang?periode=2026-H1&lijnen=3")
    link = page.locator("#vg-export-xlsx")
    expect(link).to_have_attribute("href", re.compile(r"periode=2026-H1.*lijnen=3"))
    resp = page.request.get(base_url + link.get_attribute("href"))
    assert resp.status == 200 and resp.body()[:2] == b"PK"  # a zip container: the workbook
