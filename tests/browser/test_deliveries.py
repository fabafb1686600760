"""Real-browser tests of ``/aanleveren`` (headless Chromium) on an app with its own state directory:
no access without login; log in as gemeente Den Haag; a file with errors is reported by row and
column and changes nothing; a good file shows on the DH_ZW card with its provenance; delivering for
an Amsterdam area is refused; a form without its CSRF token is refused."""

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
    expect(portal.locator("#report")).to_contain_text("rij 3, kolom value: 140 ligt niet tussen 0 en 100")
    expect(portal.locator("#confirm-form")).to_have_count(0)
    assert history_rows(portal) == before


def test_brw103_den_haag_delivering_for_amsterdam_is_refused(portal: Page):
    log_in(portal)
    before = history_rows(portal)
    upload(portal, "amsterdam.csv", f"{HEADER}\ndwellings_new_build;AMS_NW;2025;50\n")
    expect(portal.locator("#report")).to_contain_text(
        "rij 2, kolom area_code: 'AMS_NW' ligt niet in uw gemeente (GM0518)"
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
