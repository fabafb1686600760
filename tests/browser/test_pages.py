"""Real-browser tests (headless Chromium): every page and its navigation, deep links, a bad URL parameter,
the CSV download, the language switch and the printed factsheet.

Run: ``.venv/bin/python -m pytest tests/browser -q -p no:cacheprovider``. Each test waits on a
condition in the page (plotly's ``_fullData`` on the graph div, MapLibre's ``loaded()``, a locator
expectation), never on a fixed delay.

The maps and their switches are in test_maps.py, accessibility in test_accessibility.py, projector
mode in test_projector.py; the helpers in helpers.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page, expect

from .helpers import Z, graph_json, open_focus, query, wait_for_graph, wait_for_map, wait_for_ranking

pytestmark = pytest.mark.browser

CSV_HEADER = "code;Gebied;niveau;Jaar;id;Indicator;Eenheid;Waarde;Status;Dekking;Omrekening tussen indelingen;Bron"


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
        wait_for_ranking(page)
        expect(page.locator("#nat-sparks figure.spark")).to_have_count(20)  # one small multiple per area
        # inline SVG (no <img>: an SVG image is a document of its own to parse), named for screen readers
        expect(page.locator("#nat-sparks [role=img] > svg")).to_have_count(20)
        expect(page.get_by_role("img", name=re.compile(r"^Utrecht Overvecht: "))).to_have_count(1)
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
