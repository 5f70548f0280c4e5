"""Offline: every page works on an intranet and tells nobody outside who is looking.

Chromium routes every request the page makes; anything to a host other than this
machine is refused and recorded. The favicon included: a `:material/...:` page icon
makes Streamlit's page fetch an SVG from fonts.gstatic.com on every visit.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, expect

from tests.ui.test_browser import check_page, finished, url_of
from ui import access

pytestmark = pytest.mark.browser

LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def test_no_page_asks_anything_of_another_host(browser: Browser, app_url: str) -> None:
    """The demo opens as staff, so every page (the quality page's too) is loaded and drawn."""
    outside: list[str] = []
    seen: list[str] = []

    def only_loopback(route) -> None:
        url = route.request.url
        seen.append(url)
        if urlparse(url).scheme in ("data", "blob") or urlparse(url).hostname in LOOPBACK:
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.route("**/*", only_loopback)
    try:
        page = context.new_page()
        for spec in access.PAGES:
            page.goto(url_of(app_url, spec))
            finished(page)
            check_page(page, spec.key, "id")
            page.wait_for_timeout(500)  # late fetches (favicon, fonts, chart assets)
        icon = page.locator("link[rel='shortcut icon']").get_attribute("href") or ""
        expect(page.get_by_test_id("stException")).to_have_count(0)
    finally:
        context.close()
    assert any("/static/" in url for url in seen)  # the route did see the page's own assets
    assert outside == []
    assert icon.startswith("data:image/svg+xml"), icon[:80]  # our own icon, inlined in the page
