"""Real-browser tests of ``/aanleveren`` (headless Chromium) on an app with its own state directory:
no access without login; log in as gemeente Den Haag; a file with errors is reported by row and
column and changes nothing; a good file shows on the DH_ZW card with its provenance; delivering for
an Amsterdam area is refused; a form without its CSRF token is refused; the pages wear the
dashboard's header and styles, work at phone width and have no serious axe violations."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import ROOT, SHOTS, VIEWPORT, _failed, serve_app

pytestmark = pytest.mark.browser
PASSWORD = "den-haag-levert-2026"
HEADER = "indicator;area_code;period;value"


@pytest.fixture(scope="module")
def portal_url() -> Iterator[str]:
    """The app on a fresh state directory with one account: denhaag (gemeente Den Haag, GM0518)."""
    state = tempfile.mkdtemp(prefix="zof-portal-state-")
    env = {"ZOF_STATE_DIR": state, "ZOF_DATABASE_URL": ""}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard",
            "accounts",
            "add",
            "denhaag",
            "--organisation",
            "GM0518",
            "--name",
            "gemeente Den Haag",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )
    try:
        with serve_app(env, SHOTS / "browser-portal-server.log") as url:
            yield url
    finally:
        shutil.rmtree(state, ignore_errors=True)


@pytest.fixture
def portal(browser: Browser, portal_url: str, request) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT, locale="nl-NL", base_url=portal_url)
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    try:
        yield pg
    finally:
        if _failed(request.node):  # leave the page and the server log for the reader
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            pg.screenshot(path=str(SHOTS / f"fail_{name}.png"), full_page=True)
        context.close()


def log_in(page: Page) -> None:
    page.goto("/aanleveren")
    page.fill("#username", "denhaag")
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    expect(page.locator("#portal-user")).to_contain_text("gemeente Den Haag")


def upload(page: Page, name: str, text: str) -> None:
    page.set_input_files("#file", files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode()}])
    page.click("#upload-submit")


def problem_cells(page: Page, text: str):
    """The cells (row, column, problem) of the report's line about ``text``."""
    return page.locator("#report tbody tr", has_text=text).locator("td")


def history_rows(page: Page) -> int:
    page.goto("/aanleveren")
    return page.locator("#history tbody tr").count()


def test_brw101_not_logged_in_no_access(portal: Page):
    portal.goto("/aanleveren")
    expect(portal).to_have_url(re.compile(r"/aanleveren/login\?next="))
    expect(portal.locator("#login-form")).to_be_visible()
    expect(portal.locator("#upload-form")).to_have_count(0)
    # the endpoints behind the page refuse too: a download of the template, an upload
    response = portal.request.get("/aanleveren/sjabloon.xlsx", max_redirects=0)
    assert response.status == 302 and "/aanleveren/login" in response.headers["location"]
    response = portal.request.post(
        "/aanleveren/controleren",
        multipart={"file": {"name": "a.csv", "mimeType": "text/csv", "buffer": b"x"}},
        max_redirects=0,
    )
    assert response.status == 302
    # a wrong password: refused, still no access
    portal.fill("#username", "denhaag")
    portal.fill("#password", "niet-het-wachtwoord")
    portal.click("#login-submit")
    expect(portal.locator("p.error")).to_contain_text("onjuist")
    expect(portal.locator("#upload-form")).to_have_count(0)


def test_brw102_errors_are_reported_by_row_and_column_and_nothing_changes(portal: Page):
    log_in(portal)
    before = history_rows(portal)
    upload(portal, "fout.csv", f"{HEADER}\ndwellings_new_build;DH_ZW;2025;120\nenergy_label_efg_pct;DH_ZW;2025;140\n")
    expect(portal.locator("#report-rejected")).to_contain_text("Er is niets opgeslagen")
    expect(problem_cells(portal, "140 ligt niet")).to_have_text(
        ["3", "value", re.compile(r"^140 ligt niet tussen 0 en 100")]
    )
    expect(portal.locator("#confirm-form")).to_have_count(0)
    assert history_rows(portal) == before


def test_brw103_den_haag_delivering_for_amsterdam_is_refused(portal: Page):
    log_in(portal)
    before = history_rows(portal)
    upload(portal, "amsterdam.csv", f"{HEADER}\ndwellings_new_build;AMS_NW;2025;50\n")
    expect(problem_cells(portal, "AMS_NW")).to_have_text(
        ["2", "area_code", re.compile(r"^'AMS_NW' ligt niet in uw gemeente \(GM0518\)")]
    )
    assert history_rows(portal) == before


def test_brw104_form_without_csrf_token_is_refused(portal: Page):
    log_in(portal)
    before = history_rows(portal)
    portal.evaluate("document.querySelector('#upload-form input[name=csrf_token]').remove()")
    upload(portal, "goed.csv", f"{HEADER}\ndwellings_new_build;DH_ZW;2025;77\n")
    expect(portal.locator("p.error")).to_contain_text("CSRF")
    # and a confirmation forged without the token stores nothing
    response = portal.request.post(
        "/aanleveren/bevestigen", form={"filename": "x.csv", "sha256": "0" * 64, "content": "eA=="}
    )
    assert response.status == 400
    assert history_rows(portal) == before


def test_brw105_a_good_file_shows_on_the_dh_zw_card_with_its_provenance(portal: Page):
    log_in(portal)
    expect(portal.locator("#history-empty")).to_be_visible()
    upload(portal, "goed.csv", f"{HEADER}\ndwellings_new_build;DH_ZW;2025;120\n")
    expect(portal.locator("#report-ok")).to_contain_text("In orde: 1 rijen")
    portal.click("#confirm-submit")
    expect(portal.locator("p.ok")).to_contain_text("Levering 1 is opgeslagen")
    expect(portal.locator("#delivery-1")).to_contain_text("aanvaard")
    portal.goto("/?gebied=DH_ZW&lijn=2")
    card = portal.locator("#cards .ind-card", has_text="Nieuw te bouwen woningen")
    expect(card.locator(".card-value")).to_have_text("120", timeout=30_000)
    expect(card.locator(".card-provenance")).to_have_text(
        f"aangeleverd door gemeente Den Haag, {date.today():%d-%m-%Y}"
    )
    # withdrawn: the card no longer shows it
    portal.goto("/aanleveren")
    portal.click("#withdraw-1")
    expect(portal.locator("p.ok")).to_contain_text("Levering 1 is ingetrokken")
    portal.goto("/?gebied=DH_ZW&lijn=2")
    card = portal.locator("#cards .ind-card", has_text="Nieuw te bouwen woningen")
    expect(card.locator(".card-na")).to_be_visible(timeout=30_000)


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def serious_violations(page: Page) -> list[tuple[str, str, str]]:
    """axe-core's violations of impact serious or critical on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [
        (v["id"], v["impact"], v["nodes"][0]["html"][:120])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_brw106_no_serious_accessibility_violations_on_any_portal_page(portal: Page):
    """Every state of the portal, in Dutch and English: login (and a failed one), home, a report with
    errors, a report that is in order, the history with an accepted and a withdrawn delivery."""
    found: dict[str, list] = {}
    for lang in ("nl", "en"):
        q = "?taal=en" if lang == "en" else ""
        portal.context.clear_cookies()
        portal.goto("/aanleveren/login" + q)
        expect(portal.locator("html")).to_have_attribute("lang", lang)
        found[f"{lang} login"] = serious_violations(portal)
        portal.fill("#username", "denhaag")
        portal.fill("#password", "niet-het-wachtwoord")
        portal.click("#login-submit")
        expect(portal.locator("#username")).to_have_attribute("aria-describedby", "portal-error")
        expect(portal.locator("#portal-error")).to_be_visible()
        found[f"{lang} login failed"] = serious_violations(portal)
        portal.fill("#password", PASSWORD)
        portal.click("#login-submit")
        portal.goto("/aanleveren" + q)
        found[f"{lang} home"] = serious_violations(portal)
        upload(
            portal, "fout.csv", f"{HEADER}\nenergy_label_efg_pct;DH_ZW;2025;140\ndwellings_new_build;AMS_NW;2025;5\n"
        )
        expect(portal.locator("#report-rejected[role=alert]")).to_contain_text("2")
        found[f"{lang} report with errors"] = serious_violations(portal)
        portal.goto("/aanleveren" + q)
        upload(portal, "goed.csv", f"{HEADER}\ndwellings_new_build;DH_ZW;2025;{99 if lang == 'nl' else 98}\n")
        expect(portal.locator("#report-ok")).to_be_visible()
        found[f"{lang} report ok"] = serious_violations(portal)
        portal.click("#confirm-submit")
        expect(portal.locator("#portal-provenance")).to_contain_text("gemeente Den Haag")
        portal.locator("#history button[id^=withdraw-]").first.click()
        expect(portal.locator("#history .badge-withdrawn").first).to_be_visible()
        found[f"{lang} history"] = serious_violations(portal)
    assert {k: v for k, v in found.items() if v} == {}


def test_brw107_the_portal_wears_the_dashboard_s_header_and_works_on_a_phone(portal: Page):
    portal.goto("/aanleveren/login")
    header = portal.locator("header.site-header")
    expect(header).to_contain_text("Zicht op Focuswijken")
    assert portal.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") == (
        "rgb(11, 42, 91)"
    )
    expect(portal.locator("#portal-dashboard-link")).to_have_attribute("href", "/")
    expect(portal.locator("h1")).to_have_count(1)
    portal.keyboard.press("Tab")  # the skip link comes first
    expect(portal.locator(".skip-link")).to_be_focused()
    portal.focus("#username")
    outline = portal.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    for sel in ("#username", "#password", "#login-submit"):
        assert portal.locator(sel).bounding_box()["height"] >= 44, sel
    # the other language keeps the page
    portal.click("#portal-lang")
    expect(portal).to_have_url(re.compile(r"/aanleveren/login\?.*taal=en"))
    expect(portal.locator("#login-submit")).to_have_text("Log in")
    # at phone width: nothing scrolls sideways, on the login page, the home page and a report
    portal.set_viewport_size({"width": 375, "height": 740})
    log_in(portal)
    for step in ("home", "report", "report ok"):
        if step == "report":
            upload(portal, "fout.csv", f"{HEADER}\ndenominator_only;DH_ZW;2025;1\n")
            expect(portal.locator("#report")).to_be_visible()
        elif step == "report ok":
            portal.goto("/aanleveren")
            upload(portal, "goed.csv", f"{HEADER}\nenergy_label_efg_pct;DH_ZW;2025;97\n")
            expect(portal.locator("#preview")).to_be_visible()
        overflow = portal.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{step}: scrolls sideways by {overflow}px at 375 px"
        portal.screenshot(path=str(SHOTS / f"portal_375_{step.replace(' ', '_')}.png"), full_page=True)
