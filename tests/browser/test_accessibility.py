"""Accessibility in headless Chromium: no serious or critical axe-core violation (WCAG 2.1 A/AA) on the
pages, the keyboard reaches the controls with a visible focus, and the focus page reflows at 320 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .helpers import open_focus, serious_violations, wait_for_map

pytestmark = pytest.mark.browser

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
