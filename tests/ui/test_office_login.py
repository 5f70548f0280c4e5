"""Roles per office in a real browser: Chromium, real OIDC login (oidc-provider-mock), store mode, two offices.

The sync worker reads two synthetic offices (Indramayu 32.12, Cirebon 32.09) from the fake Sheets
API into an SQLite store; the app server reads only that store. Indramayu's staff (by domain, in
`[roles."32.12"]`) never see anything of Cirebon's, whatever the address or its `office=`; the
province's leadership (flat `[roles] pimpinan`) switch between both offices.
"""

from __future__ import annotations

import re
import threading

import pytest
from playwright.sync_api import Page, expect

from present import i18n
from sheets import metrics
from sheets.demo_province import build_office
from sheets.gsheets import Transport
from sheets.history import History
from sheets.offices import Office, districts_of, offices_of
from sheets.settings import Settings, SheetsSettings
from sheets.sync import Worker
from sheets.validate import validate
from tests.fakes import sheets_api as fake
from tests.fakes.process import free_port
from tests.fakes.province import write_offices
from tests.fakes.serve import tabs_of
from tests.ui.conftest import require_chromium, running_app
from tests.ui.test_browser import finished
from tests.ui.test_login import log_in, nav_titles, only_loopback
from ui import access, data

pytestmark = pytest.mark.browser

INDRAMAYU, CIREBON = ("32.12", "Kabupaten Indramayu"), ("32.09", "Kabupaten Cirebon")
STAFF_A = "rina@dinsos.indramayu.example.go.id"  # staf at 32.12 by domain
STAFF_B = "dedi@dinsos.cirebon.example.go.id"  # staf at 32.09
PROVINCE = "kadis@jabarprov.example.go.id"  # pimpinan at every office (flat [roles])
USERS = (STAFF_A, STAFF_B, PROVINCE)


@pytest.fixture(scope="module")
def provider():
    """oidc-provider-mock on 127.0.0.1, as in test_login."""
    import oidc_provider_mock
    from werkzeug.serving import make_server

    users = [
        oidc_provider_mock.User(sub=email, claims={"email": email, "email_verified": True}) for email in USERS
    ]
    server = make_server("127.0.0.1", 0, oidc_provider_mock.app(user_claims=users), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def known_of(code: str, name: str) -> int:
    """The office's known survivors, its spreadsheet validated with its own kecamatan list (as listed)."""
    today = data.today()
    office = next(o for o in LISTED if o.code == code)
    report = validate(build_office(code, name, today), today, districts=districts_of(office))
    return metrics.known(metrics.Dataset.from_report(report), today)


LISTED: list[Office] = []  # the offices as the deployment lists them (filled by `province_app`)


@pytest.fixture(scope="module")
def province_app(provider, tmp_path_factory):
    """The app in store mode over two offices' synced reads, with login and roles per office."""
    require_chromium()
    folder = tmp_path_factory.mktemp("office-login")
    today = data.today()
    api = fake.FakeSheetsApi()
    # The offices as a deployment lists them: Cirebon with its own kecamatan CSV (coded 32.09.xx).
    listed = write_offices(folder, [INDRAMAYU, CIREBON])
    offices = list(offices_of(Settings.build({}, {"PULIH_OFFICES_FILE": str(listed)})))
    LISTED[:] = offices
    for office in offices:
        api.add_spreadsheet(office.spreadsheet, tabs_of(build_office(office.code, office.name, today)))
    base_url, shutdown = fake.serve(api)
    store = f"sqlite:///{folder / 'history.sqlite'}"
    clock = fake.FakeClock()
    worker = Worker(
        offices,
        SheetsSettings(),
        History(store),
        today=lambda: today,
        transport=Transport(session=fake.session(api), sleep=clock.sleep, clock=clock),
    )
    assert all(r.ok for r in worker.sync_once())
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
pimpinan = ["{PROVINCE}"]

[roles."32.12"]
staf = ["@dinsos.indramayu.example.go.id"]

[roles."32.09"]
staf = ["@dinsos.cirebon.example.go.id"]
""")
    api.calls.clear()
    with running_app(
        folder,
        port=port,
        extra_args=("--secrets.files", str(secrets)),
        PULIH_SESSION_STORE=str(folder / "logouts.json"),
        PULIH_OFFICES_FILE=str(listed),
        PULIH_OFFICE="",
        PULIH_SHEETS_SPREADSHEET="",
        PULIH_READ_FROM_STORE="1",
        PULIH_DATABASE_URL=store,
        PULIH_SHEETS_API_URL=base_url,  # were the app to ask Google, the fake would count it
        PULIH_SNAPSHOT_DIR=str(folder / "snapshots"),
    ) as url:
        yield url, api
    shutdown()


@pytest.fixture
def page(page: Page) -> Page:
    page.context.route("**/*", only_loopback)
    return page


def figures_on(page: Page) -> list[str]:
    """The digits of every tile on the page."""
    return [re.sub(r"\D", "", t) for t in page.get_by_test_id("stMetricValue").all_inner_texts()]


def first_figure_turns(page: Page, digits: str) -> None:
    """Wait until the first tile shows `digits` (thousands separators aside): a rerun
    after a switch may still be painting the previous office's tiles."""
    pattern = re.compile(r"^\D*" + r"\D?".join(digits) + r"\D*$")
    expect(page.get_by_test_id("stMetricValue").first).to_have_text(pattern)


def office_selector(page: Page):
    return (
        page.get_by_test_id("stSidebar")
        .get_by_test_id("stSelectbox")
        .filter(has_text=i18n.t("side.office", "id"))
    )


def opened(page: Page, url: str) -> str:
    page.goto(url)
    finished(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    return page.get_by_test_id("stApp").inner_text()


def test_an_offices_staff_never_see_another_office(page: Page, province_app) -> None:
    url, api = province_app
    mine, theirs = str(known_of(*INDRAMAYU)), str(known_of(*CIREBON))
    assert mine != theirs  # so a tile tells which office is shown
    log_in(page, url, STAFF_A)
    assert i18n.t("page.quality", "id") in nav_titles(page)  # staff at their office
    overview = access.PAGE_BY_KEY["overview"].url_path
    opened(page, f"{url}/{overview}")
    assert figures_on(page)[0] == mine
    expect(office_selector(page)).to_have_count(0)  # one office visible: nothing to choose
    refused = i18n.t("office.forbidden", "id", requested="'32.09'", office=f"{INDRAMAYU[1]} (32.12)")
    for key in ("overview", "quality", "follow_up", "areas", "public", "history", "publications"):
        for query in ("?office=32.09", "?office=32.09&office=32.09", "?lang=en&office=32.09"):
            text = opened(page, f"{url}/{access.PAGE_BY_KEY[key].url_path}{query}")
            assert "Cirebon" not in text, (key, query)
            assert theirs not in figures_on(page), (key, query)
            if "lang=en" not in query:
                expect(page.get_by_text(refused)).to_be_visible()
            if key == "overview":
                assert figures_on(page)[0] == mine
    text = opened(page, f"{url}/?office=99.99")
    assert "tidak dikenal" in text and "Cirebon" not in text
    assert api.calls == []  # the app server read the store only


def test_the_other_offices_staff_see_their_own_office(page: Page, province_app) -> None:
    url, _ = province_app
    log_in(page, url, STAFF_B)
    opened(page, f"{url}/{access.PAGE_BY_KEY['overview'].url_path}?office=32.12")
    assert figures_on(page)[0] == str(known_of(*CIREBON))
    assert "Indramayu (32.12)" not in page.get_by_test_id("stMain").inner_text().replace(
        i18n.t("office.forbidden", "id", requested="'32.12'", office=f"{CIREBON[1]} (32.09)"), ""
    )


def test_a_province_role_switches_between_offices(page: Page, province_app) -> None:
    url, api = province_app
    log_in(page, url, PROVINCE)
    overview = access.PAGE_BY_KEY["overview"].url_path
    opened(page, f"{url}/{overview}?office=32.09")
    assert figures_on(page)[0] == str(known_of(*CIREBON))
    selector = office_selector(page)
    expect(selector).to_have_count(1)
    selector.click()
    page.get_by_role("option", name=f"{INDRAMAYU[1]} (32.12)").click()
    finished(page)
    expect(page).to_have_url(re.compile(r"office=32\.12"))
    first_figure_turns(page, str(known_of(*INDRAMAYU)))
    assert i18n.t("page.quality", "id") not in nav_titles(page)  # leadership at both: no staff pages
    assert api.calls == []
