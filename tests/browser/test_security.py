"""The app in a real browser under its own Content Security Policy, and deep links without a Referer.

The CSP is the app's own (``dashboard/security.py``), sent on every response; a page records every
``securitypolicyviolation`` event from its first script on. Deep links are opened from a document
served with ``Referrer-Policy: no-referrer`` (as behind a proxy that strips the header): the
requests the page makes carry no Referer, and the page must still open the view its URL names.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from .conftest import VIEWPORT, ConsoleLog
from .helpers import wait_for_graph, wait_for_map, wait_for_ranking

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
});
"""
#: page → what shows it is fully drawn (maps, charts, a filled table)
PAGES = {
    "/": lambda p: (wait_for_map(p, "focus-map"), wait_for_graph(p, "series")),
    "/landelijk": lambda p: (wait_for_map(p, "nat-map"), wait_for_ranking(p)),
    "/voortgang": lambda p: expect(p.locator("#vg-matrix table").first).to_be_visible(),
    "/data": lambda p: expect(p.locator("#catalog-table td").first).to_be_visible(),
    "/factsheet": lambda p: expect(p.locator("#factsheet .fs-map img").first).to_be_visible(),
    "/?presentatie=1&taal=en": lambda p: wait_for_map(p, "focus-map"),
}


@pytest.mark.parametrize("path", list(PAGES))
def test_brw015_pages_run_under_the_csp_without_violations(page: Page, console: ConsoleLog, path: str) -> None:
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto(path)
    assert response is not None
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp
    PAGES[path](page)
    assert page.evaluate("window.__csp") == []
    assert console.errors == []


def _no_referrer_page(browser: Browser, base_url: str, console: ConsoleLog) -> tuple[Page, list[str]]:
    """A page whose documents are served with ``Referrer-Policy: no-referrer``; returns it and the
    Referer headers of the requests it made to the app's own endpoints."""
    context = browser.new_context(viewport=VIEWPORT, locale="nl-NL", base_url=base_url)
    page = context.new_page()
    page.on("console", console.record)
    page.on("pageerror", console.record_page_error)
    referers: list[str] = []

    def strip(route: Route) -> None:
        if route.request.resource_type != "document":
            route.continue_()
            return
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "referrer-policy": "no-referrer"})

    page.route("**/*", strip)
    page.on(
        "request",
        lambda r: referers.append(r.headers.get("referer", "")) if "/_dash-" in r.url else None,
    )
    return page, referers


@pytest.mark.parametrize("run", range(10))
def test_brw016_deep_links_need_no_referer(browser: Browser, base_url: str, run: int) -> None:
    console = ConsoleLog()
    page, referers = _no_referrer_page(browser, base_url, console)
    try:
        page.goto("/?taal=en&gebied=ROT_ZUID&lijn=3")
        expect(page.locator("#app-root")).to_have_attribute("lang", "en")
        expect(page.locator("#nav-national")).to_have_text("Nationwide")
        expect(page.locator("#area")).to_have_value("ROT_ZUID")
        for param in ("taal=en", "gebied=ROT_ZUID", "lijn=3"):
            expect(page).to_have_url(re.compile(rf"[?&]{param}(&|$)"))

        page.goto("/landelijk?lijn=3&niveau=wijk")
        expect(page.locator("#page-national")).to_be_visible()
        expect(page.locator("#page-focus")).to_be_hidden()
        expect(page.locator("#line input[value='3']")).to_be_checked()
        expect(page.locator("#nat-level input[value='wijk']")).to_be_checked()
        for param in ("lijn=3", "niveau=wijk"):
            expect(page).to_have_url(re.compile(rf"/landelijk\?(.*&)?{param}(&|$)"))
        wait_for_map(page, "nat-map")
        assert referers and not any(referers), referers  # the app was never told where the page is
        assert console.errors == []
    finally:
        page.context.close()
