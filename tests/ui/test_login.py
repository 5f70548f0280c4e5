"""Real login: Chromium, Streamlit's native OIDC (`st.login`) and oidc-provider-mock on 127.0.0.1.

For each role: the right pages are listed, a forbidden page's address shows nothing
of it, and logging out returns to the public view. A role needs a verified address, and
a login cookie copied before a logout is worth nothing after it.
"""

from __future__ import annotations

import threading
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from present import i18n
from tests.fakes.process import free_port
from tests.ui.conftest import require_chromium, running_app
from tests.ui.test_browser import finished
from ui import access

pytestmark = pytest.mark.browser

USERS = {
    "kabid@dinsos.example.go.id": "admin",
    "rina@dinsos.example.go.id": "staf",
    "kadis@pemda.example.go.id": "pimpinan",
    "warga@mail.example": "publik",
}
# At the staff domain, but the provider has not verified that the person owns the address.
UNVERIFIED = "tamu@dinsos.example.go.id"


@pytest.fixture(scope="module")
def provider():
    """oidc-provider-mock served on 127.0.0.1 (its own helper binds `localhost`, which breaks redirects)."""
    import oidc_provider_mock  # a pinned dev dependency: missing means a broken install, not a skip
    from werkzeug.serving import make_server

    users = [
        oidc_provider_mock.User(sub=email, claims={"email": email, "email_verified": True}) for email in USERS
    ]
    users.append(
        oidc_provider_mock.User(sub=UNVERIFIED, claims={"email": UNVERIFIED, "email_verified": False})
    )
    app = oidc_provider_mock.app(user_claims=users)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def app_with_login(provider, tmp_path_factory):
    """The app on the demo data with [auth] pointing at the mock and roles by e-mail and domain."""
    require_chromium()
    folder = tmp_path_factory.mktemp("login")
    port = free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(f"""
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "a-test-cookie-secret-that-is-long-enough-0123456789"
client_id = "pulih-test"
client_secret = "pulih-test-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[roles]
admin = ["kabid@dinsos.example.go.id"]
staf = ["@dinsos.example.go.id"]
pimpinan = ["kadis@pemda.example.go.id"]
""")
    with running_app(
        folder,
        port=port,
        extra_args=("--secrets.files", str(secrets)),
        PULIH_SESSION_STORE=str(folder / "logouts.json"),
    ) as url:
        yield url


def only_loopback(route) -> None:
    """Nothing leaves the machine: the mock's pages would fetch their CSS from a CDN."""
    if urlparse(route.request.url).hostname in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def page(page: Page) -> Page:
    page.context.route("**/*", only_loopback)
    return page


def nav_titles(page: Page) -> set[str]:
    nav = page.get_by_test_id("stSidebarNav")
    if not nav.count():  # Streamlit shows no menu for a single page (the public's): its title is the page
        return {page.get_by_role("heading", level=1).first.inner_text().strip()}
    # Each link's text is its icon's ligature name, then the title.
    return {text.strip().split("\n")[-1].strip() for text in nav.locator("a").all_inner_texts()}


def log_in(page: Page, url: str, email: str) -> None:
    page.goto(url)
    finished(page)
    page.get_by_role("button", name=i18n.t("access.login", "id")).click()
    page.locator("input[placeholder=sub]").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**")
    finished(page)


@pytest.mark.parametrize("email", list(USERS))
def test_each_role_sees_its_pages_and_nothing_else(page: Page, app_with_login: str, email: str) -> None:
    role = USERS[email]
    log_in(page, app_with_login, email)
    expected = {i18n.t(f"page.{p.key}", "id") for p in access.visible_pages(role)}
    if len(expected) > 1:
        expect(page.get_by_test_id("stSidebarNav")).to_be_visible()
    assert nav_titles(page) == expected
    forbidden = [p for p in access.PAGES if role not in p.roles]
    page.goto(f"{app_with_login}/{access.PAGE_BY_KEY['public'].url_path}")
    finished(page)
    public_tables = page.get_by_test_id("stDataFrame").count()
    for spec in forbidden:
        page.goto(f"{app_with_login}/{spec.url_path}")
        finished(page)
        expect(page.get_by_role("heading", name=i18n.t(f"page.{spec.key}", "id"), exact=True)).to_have_count(
            0
        )
        if spec.key == "quality":
            # No table of the quality page: a forbidden address shows the public page, with its own
            # tables only (as many as the public page shows when opened directly).
            expect(page.get_by_role("heading", name=i18n.t("page.public", "id"), exact=True)).to_have_count(1)
            expect(page.get_by_test_id("stDataFrame")).to_have_count(public_tables)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def log_out(page: Page) -> None:
    page.get_by_role("button", name=i18n.t("access.logout", "id")).click()
    # st.logout() lands on the provider's "End session" page: wait for it (clicking too early, or
    # leaving before the logout request is done, keeps the session's cookie).
    end_session = page.get_by_role("button", name="End session")
    end_session.wait_for(timeout=15_000)
    end_session.click()
    page.wait_for_load_state()


PUBLIC = {i18n.t(f"page.{p.key}", "id") for p in access.visible_pages("publik")}


def opened_with(browser: Browser, cookies: list, url: str) -> Page:
    """The app in a fresh browser (no history, no storage) holding only `cookies`."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.route("**/*", only_loopback)
    context.add_cookies(cookies)
    other = context.new_page()
    other.goto(url)
    finished(other)
    return other


def test_logout_returns_to_the_public_view(page: Page, app_with_login: str) -> None:
    log_in(page, app_with_login, "rina@dinsos.example.go.id")
    assert i18n.t("page.quality", "id") in nav_titles(page)
    log_out(page)
    page.goto(app_with_login)
    finished(page)
    expect(page.get_by_role("button", name=i18n.t("access.login", "id"))).to_be_visible()
    assert nav_titles(page) == {i18n.t(f"page.{p.key}", "id") for p in access.visible_pages("publik")}


def test_without_login_nobody_gets_staff_pages(page: Page, app_with_login: str) -> None:
    page.goto(f"{app_with_login}/{access.PAGE_BY_KEY['follow_up'].url_path}")
    finished(page)
    expect(page.get_by_role("heading", name=i18n.t("page.follow_up", "id"), exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name=i18n.t("access.login", "id"))).to_be_visible()


def test_a_login_cookie_copied_before_logout_gives_the_public_view_after_it(
    page: Page, browser: Browser, app_with_login: str
) -> None:
    log_in(page, app_with_login, "rina@dinsos.example.go.id")
    copied = page.context.cookies()
    before = opened_with(browser, copied, app_with_login)
    assert i18n.t("page.quality", "id") in nav_titles(before)  # the copy is as good as the original
    before.context.close()
    log_out(page)
    after = opened_with(browser, copied, app_with_login)
    assert nav_titles(after) == PUBLIC
    expect(after.get_by_text("Login ini sudah diakhiri")).to_be_visible()
    after.goto(f"{app_with_login}/{access.PAGE_BY_KEY['quality'].url_path}")
    finished(after)
    expect(after.get_by_role("heading", name=i18n.t("page.quality", "id"), exact=True)).to_have_count(0)
    after.context.close()
    log_in(page, app_with_login, "rina@dinsos.example.go.id")  # a new login works again
    assert i18n.t("page.quality", "id") in nav_titles(page)


def test_an_unverified_address_at_the_staff_domain_gets_the_public_view(
    page: Page, app_with_login: str
) -> None:
    log_in(page, app_with_login, UNVERIFIED)
    assert nav_titles(page) == PUBLIC
    expect(page.get_by_text("belum memverifikasi alamat e-mail ini")).to_be_visible()
    page.goto(f"{app_with_login}/{access.PAGE_BY_KEY['follow_up'].url_path}")
    finished(page)
    expect(page.get_by_role("heading", name=i18n.t("page.follow_up", "id"), exact=True)).to_have_count(0)
