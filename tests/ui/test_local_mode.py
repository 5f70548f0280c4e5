"""Local staff mode in a real Chromium: staff pages on the office computer, public pages elsewhere.

The server reads a real workbook (not the demo, whose role switcher would hide the
difference) with `PULIH_LOCAL_ROLE=staf` and no login provider.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from present import i18n
from tests.ui.conftest import require_chromium, running_app
from tests.ui.test_browser import finished
from tests.ui.test_login import nav_titles
from ui import access

pytestmark = pytest.mark.browser

STAFF_TITLES = {i18n.t(f"page.{spec.key}", "id") for spec in access.visible_pages("staf")}
PUBLIC_TITLE = i18n.t("page.public", "id")
BANNER = i18n.t("access.local_banner", "id", role=i18n.t("access.role.staf", "id"))


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    from sheets.demo import build_demo
    from sheets.workbook import write_xlsx

    path = tmp_path_factory.mktemp("local") / "data.xlsx"
    write_xlsx(build_demo(), path)
    return path


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    finished(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_on_a_loopback_server_the_local_role_sees_staff_pages_under_a_banner(page: Page, workbook, tmp_path):
    require_chromium()
    with running_app(tmp_path, PULIH_WORKBOOK=str(workbook), PULIH_LOCAL_ROLE="staf") as url:
        open_page(page, url)
        assert nav_titles(page) == STAFF_TITLES
        quality = access.PAGE_BY_KEY["quality"]
        open_page(page, f"{url}/{quality.url_path}")
        expect(page.get_by_role("heading", name=i18n.t("page.quality", "id"), exact=True)).to_be_visible()
        expect(page.get_by_text(BANNER)).to_be_visible()  # on every page, not only the first
        open_page(page, f"{url}/{access.PAGE_BY_KEY['overview'].url_path}")
        expect(page.get_by_text(BANNER)).to_be_visible()


def test_a_server_reachable_from_other_computers_ignores_the_local_role(page: Page, workbook, tmp_path):
    """The default `server.address` (every interface) or 0.0.0.0: public only, and the sidebar says why."""
    require_chromium()
    with running_app(
        tmp_path, address="0.0.0.0", PULIH_WORKBOOK=str(workbook), PULIH_LOCAL_ROLE="staf"
    ) as url:
        open_page(page, f"{url}/{access.PAGE_BY_KEY['quality'].url_path}")
        assert nav_titles(page) == {PUBLIC_TITLE}
        expect(page.get_by_role("heading", name=PUBLIC_TITLE, exact=True)).to_be_visible()
        expect(page.get_by_text(i18n.t("access.local_not_loopback", "id"))).to_be_visible()
        expect(page.get_by_text(BANNER)).to_have_count(0)


def test_a_request_through_a_proxy_gets_the_public_view(browser, workbook, tmp_path):
    """A reverse proxy on the same machine reaches the loopback server for everyone: it does not count."""
    require_chromium()
    with running_app(tmp_path, PULIH_WORKBOOK=str(workbook), PULIH_LOCAL_ROLE="staf") as url:
        context = browser.new_context(extra_http_headers={"X-Forwarded-For": "203.0.113.7"})
        try:
            page = context.new_page()
            open_page(page, url)
            assert nav_titles(page) == {PUBLIC_TITLE}
            expect(page.get_by_text(BANNER)).to_have_count(0)
        finally:
            context.close()


def test_without_the_setting_a_loopback_server_shows_public_pages_only(page: Page, workbook, tmp_path):
    require_chromium()
    with running_app(tmp_path, PULIH_WORKBOOK=str(workbook)) as url:
        open_page(page, f"{url}/{access.PAGE_BY_KEY['quality'].url_path}")
        assert nav_titles(page) == {PUBLIC_TITLE}
        expect(page.get_by_text(BANNER)).to_have_count(0)
