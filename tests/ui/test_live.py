"""The app on the live Google Sheets path: real gspread, the fake Sheets API served on 127.0.0.1.

The app reads the spreadsheet configured in the environment exactly as it would read
Google's; only the endpoint differs (PULIH_SHEETS_API_URL). Faults are injected in
the fake; the app must show the last good data with a visible "data as of" banner.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from present import i18n
from sheets import gsheets
from sheets import live as live_path
from tests.fakes import sheets_api
from tests.fakes.serve import demo_tabs
from tests.ui import ROOT, shown
from ui import access, config, data

SHEET_ID = "pulih-live-test"
TIMEOUT = 90


@pytest.fixture
def live(monkeypatch, tmp_path):
    """A fake spreadsheet holding the demo, served over HTTP, and the app configured to read it."""
    api = sheets_api.FakeSheetsApi()
    api.add_spreadsheet(SHEET_ID, demo_tabs(True, data.today()), title="Data Rehabilitasi (test)")
    base_url, shutdown = sheets_api.serve(api)
    monkeypatch.delenv(data.ENV_WORKBOOK, raising=False)
    monkeypatch.setenv(data.ENV_SPREADSHEET, SHEET_ID)
    monkeypatch.setenv("PULIH_SHEETS_API_URL", base_url)
    monkeypatch.setenv("PULIH_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    # Real data without login is public-only; these tests look at staff pages (roles: test_access.py).
    monkeypatch.setattr(access, "current_role", lambda: "staf")
    data.clear()
    gsheets.forget_metadata()
    live_path.forget_last_reads()
    yield api
    data.clear()
    gsheets.forget_metadata()
    live_path.forget_last_reads()
    shutdown()


def run(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    if page:
        at.switch_page(page).run()
        assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [w.value for w in (*at.warning, *at.error, *at.info, *at.caption, *at.markdown)]
    parts += [w.value for w in at.sidebar.caption]
    return shown("\n".join(str(p) for p in parts))


def test_live_data_is_read_once_and_shared(live):
    first = run()
    assert first.metric[0].value == run().metric[0].value  # a second viewer
    assert live.count("values") == 1  # one batchGet for both viewers
    assert live.count("metadata") == 1
    assert "Google Sheets" in texts(first)


def test_quality_page_links_every_issue_to_its_cell(live):
    at = run("app_pages/quality.py")
    issues = at.dataframe[-1].value
    links = [v for v in issues[i18n.column_label("link", "id")].tolist() if v]
    assert links, "issues from Google Sheets carry cell links"
    assert all(f"/spreadsheets/d/{SHEET_ID}/edit#gid=" in link and "&range=" in link for link in links)


def test_unreachable_sheet_serves_the_last_good_data_with_a_banner(live):
    fresh = run()
    known = fresh.metric[0].value
    live.fail(sheets_api.not_shared(), times=None)
    data.clear()  # the refresh button
    stale = run()
    assert stale.metric[0].value == known  # the last good figures, not an empty page
    banner = shown("\n".join(w.value for w in stale.warning))
    assert "Data per" in banner and "Google Sheets tidak dapat dihubungi" in banner
    assert "Pembacaan terakhir yang berhasil" in texts(stale)


def test_no_snapshot_and_no_access_is_explained(live):
    live.fail(sheets_api.not_shared(), times=None)
    at = run()
    assert not at.metric
    message = "\n".join(e.value for e in at.error)
    assert "Data tidak dapat dibaca" in message


def test_admin_writes_the_issues_into_the_spreadsheet_and_nothing_else(live, monkeypatch):
    monkeypatch.setenv("PULIH_WRITE_BACK", "1")
    monkeypatch.setattr(access, "current_role", lambda: "admin")
    before = {tab.title: tab.values() for tab in live.spreadsheets[SHEET_ID].tabs}
    at = run("app_pages/quality.py")
    button = next(b for b in at.button if b.label == i18n.t("quality.publish", "id"))
    button.click().run()
    assert not at.exception
    book = live.spreadsheets[SHEET_ID]
    written = book.tab("Masalah Data").values()
    issues = at.dataframe[-1].value
    assert len(written) - 1 == len(issues) > 0  # a header row, then one row per issue
    assert str(len(issues)) in at.success[0].value
    assert {tab.title: tab.values() for tab in book.tabs if tab.title != "Masalah Data"} == before


def test_staff_never_see_the_write_button(live, monkeypatch):
    monkeypatch.setenv("PULIH_WRITE_BACK", "1")
    at = run("app_pages/quality.py")
    assert i18n.t("quality.publish", "id") not in [b.label for b in at.button]


def test_a_renamed_tab_keeps_the_public_figures_under_a_banner_naming_it(live, monkeypatch):
    monkeypatch.setattr(access, "current_role", lambda: "publik")
    before = run()
    published = [(m.label, m.value) for m in before.metric]
    assert published and not any("Data per" in w.value for w in before.warning)
    live.rename_tab(SHEET_ID, "Korban", "Korban lama")
    data.clear()  # the next read (after the TTL, or a staff reload)
    during = run()
    assert [(m.label, m.value) for m in during.metric] == published  # the last good figures, never zeros
    banner = shown("\n".join(w.value for w in during.warning))
    assert "Data per" in banner and "'Korban'" not in banner  # the tab to rename is for staff to read
    live.rename_tab(SHEET_ID, "Korban lama", "Korban")
    data.clear()
    after = run()
    assert [(m.label, m.value) for m in after.metric] == published
    assert not any("Data per" in w.value for w in after.warning)


def reload_button(at: AppTest):
    return next((b for b in at.sidebar.button if b.label == i18n.t("side.refresh", "id")), None)


def test_a_20_press_reload_storm_costs_one_read(live, monkeypatch):
    clock = sheets_api.FakeClock()
    monkeypatch.setattr(data, "_gate", data.ReadGate(clock=clock), raising=False)
    at = run()
    assert live.count("values") == 1
    clock.now += data.reload_interval_s()  # the first read is old enough for a reload now
    for _ in range(20):
        reload_button(at).click().run()
        assert not at.exception, at.exception
    assert live.count("values") == 2  # one reload honoured, nineteen refused
    assert any("Muat ulang lagi dalam" in info.value for info in at.sidebar.info)
    clock.now += data.reload_interval_s()
    reload_button(at).click().run()
    assert live.count("values") == 3  # and honoured again once the interval has passed


@pytest.mark.parametrize("secrets", [False, True])
def test_the_shared_read_lasts_the_configured_ttl_set_after_start(live, monkeypatch, secrets):
    """`[sheets] ttl_s` / PULIH_CACHE_TTL as configured now, not as it was when the app was imported."""
    clock = sheets_api.FakeClock()
    monkeypatch.setattr(data, "_gate", data.ReadGate(clock=clock), raising=False)
    monkeypatch.setattr(access, "current_role", lambda: "publik")  # no reload button: only the TTL reads
    if secrets:
        monkeypatch.setattr(config, "secrets", lambda: {"sheets": {"ttl_s": 7}})
    else:
        monkeypatch.setenv("PULIH_CACHE_TTL", "7")
    run()
    clock.now += 6
    run()
    assert live.count("values") == 1  # younger than the TTL: every viewer shares the read
    clock.now += 1
    run()
    assert live.count("values") == 2  # 7 s old: the next viewer causes a new read
    run()
    assert live.count("values") == 2


def test_a_scripted_anonymous_viewer_cannot_cause_a_read(live, monkeypatch):
    monkeypatch.setattr(access, "current_role", lambda: "publik")
    for _ in range(12):  # a new session each time, pressing reload whenever there is one
        at = run()
        button = reload_button(at)
        if button is not None:
            button.click().run()
    assert (live.count("metadata"), live.count("values")) == (1, 1)


def test_a_snapshot_folder_that_cannot_be_written_is_shown_to_staff_only(live, monkeypatch, tmp_path):
    blocked = tmp_path / "bukanfolder"
    blocked.write_text("a file where the snapshot folder should be")
    monkeypatch.setenv("PULIH_SNAPSHOT_DIR", str(blocked / "snapshots"))
    staff = run()
    assert staff.metric  # today's figures are shown all the same
    assert any("bukanfolder" in w.value and "snapshot" in w.value for w in staff.warning)
    monkeypatch.setattr(access, "current_role", lambda: "publik")
    public = run()
    assert not any("bukanfolder" in w.value for w in public.warning)


@pytest.mark.parametrize("role", ["publik", "pimpinan", "staf"])
def test_an_outage_shows_operator_details_to_staff_only(live, monkeypatch, role):
    monkeypatch.setattr(access, "current_role", lambda: role)
    missing = "pulih-sheet-that-is-gone"  # Google answers 404: the message names the spreadsheet ID
    monkeypatch.setenv(data.ENV_SPREADSHEET, missing)
    at = run()
    message = shown("\n".join(e.value for e in at.error))
    assert i18n.t("source.error", "id") in message
    operator = missing in message and i18n.t("side.refresh", "id") in message
    assert operator is (role in access.STAFF), message
    if role not in access.STAFF:
        assert message.endswith(i18n.t("source.outage", "id"))
    live.fail(sheets_api.not_shared(), times=None)  # the fix names the service account
    monkeypatch.setenv(data.ENV_SPREADSHEET, SHEET_ID)
    data.clear()
    message = shown("\n".join(e.value for e in run().error))
    assert ("client_email" in message) is (role in access.STAFF), message


@pytest.mark.parametrize("role", ["publik", "staf"])
def test_stale_figures_tell_the_cause_to_staff_and_the_date_to_everyone(live, monkeypatch, role):
    monkeypatch.setattr(access, "current_role", lambda: role)
    run()  # a good read, kept as the snapshot
    live.rename_tab(SHEET_ID, "Korban", "Korban lama")
    data.clear()
    at = run()
    banner = shown("\n".join(w.value for w in at.warning))
    assert "Data per" in banner
    assert ("'Korban'" in banner) is (role in access.STAFF), banner  # the fix names the tab
    if role in access.STAFF:
        assert i18n.t("side.refresh", "id") in banner  # what helps: the sidebar's reload, not the browser's
    else:
        assert banner.endswith(i18n.t("source.stale_plain", "id", moment="").split(":", 1)[1].strip())


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_no_data_advice_points_to_the_reload_button(lang):
    """The browser's reload shows the same cached error for a minute: the advice names the sidebar's button."""
    result = live_path.LiveResult(
        None, stale=False, error=gsheets.SheetsError.of("network"), read_at=None, source_label="Google Sheets"
    )
    advice = live_path.no_data_message(result, lang)
    assert i18n.t("side.refresh", lang) in advice
    assert i18n.t("side.refresh", lang) in i18n.t("source.error_fix", lang)


@pytest.mark.parametrize(("lang", "written"), [("id", "05.01"), ("en", "05:01")])
def test_the_banner_and_the_sidebar_write_a_time_the_same_way(lang, written):
    import datetime as dt

    moment = dt.datetime(2026, 12, 1, 22, 1, tzinfo=dt.UTC)  # 05:01 WIB on 2 December
    result = live_path.LiveResult(
        None,
        stale=True,
        error=gsheets.SheetsError.of("network"),
        read_at=moment,
        source_label="Google Sheets",
    )
    assert written in live_path.stale_banner(result, lang)
    assert written in i18n.moment(moment, lang)


def test_an_admin_puts_lost_rows_back_from_the_history_page_touching_no_other_row(
    live, monkeypatch, tmp_path
):
    from sheets import store
    from sheets.history import History

    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    monkeypatch.setenv(store.ENV_URL, url)
    monkeypatch.setenv("PULIH_WRITE_BACK", "1")
    monkeypatch.setattr(access, "current_role", lambda: "admin")
    run()  # read 1 recorded
    korban = live.spreadsheets[SHEET_ID].tab("Korban")
    header = next(i for i, row in enumerate(korban.rows) if row and row[0] == "ID Korban")
    deleted = korban.rows[header + 5 : header + 7]  # two survivors deleted by accident
    del korban.rows[header + 5 : header + 7]
    data.clear()
    live_path.forget_last_reads()
    run()  # read 2: they are gone
    assert {r.key for r in History(url).lost_rows()} == {row[0] for row in deleted}
    before = {tab.title: tab.values() for tab in live.spreadsheets[SHEET_ID].tabs}
    at = run("app_pages/history.py")
    label = i18n.t("history.restore", "id", tab="Korban", n=2)
    assert label in [b.label for b in at.button], [c.value for c in at.caption]
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    assert at.success and "2" in at.success[0].value
    after = {tab.title: tab.values() for tab in live.spreadsheets[SHEET_ID].tabs}
    assert {t: v for t, v in after.items() if t != "Korban"} == {
        t: v for t, v in before.items() if t != "Korban"
    }
    assert after["Korban"][: len(before["Korban"])] == before["Korban"]  # no existing row touched
    back = after["Korban"][len(before["Korban"]) :]
    assert [row[0] for row in back] == [row[0] for row in deleted]
    # the next read finds them again: the alert ends by itself
    data.clear()
    live_path.forget_last_reads()
    run()
    assert History(url).lost_rows() == []
