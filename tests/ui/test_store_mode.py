"""App servers in sync mode read only the history store: any number of sessions cost zero Google requests.

The sync worker reads the fake Sheets API (in-process, real gspread) into an SQLite store; the
app is configured with the same spreadsheets and the fake's address, `[sync] read_from_store`
on, and shows one office of the list. Every request the fake receives is counted.
"""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from present import i18n
from sheets import gsheets, metrics
from sheets import live as live_path
from sheets.demo_province import build_office, spreadsheet_id
from sheets.gsheets import Transport
from sheets.history import History
from sheets.offices import Office, districts_of, offices_of
from sheets.settings import Settings, SheetsSettings
from sheets.sync import Worker
from sheets.validate import validate
from tests.fakes import sheets_api as fake
from tests.fakes.province import write_offices
from tests.fakes.serve import tabs_of
from tests.ui import ROOT, shown
from ui import access, data

TIMEOUT = 90
SESSIONS = 12
OFFICES = (("32.12", "Kabupaten Indramayu"), ("32.09", "Kabupaten Cirebon"))


@pytest.fixture
def store(monkeypatch, tmp_path):
    """Two offices' reads in an SQLite store, the app in store mode showing 32.09 by default; no role set."""
    today = data.today()
    api = fake.FakeSheetsApi()
    # The offices as a deployment lists them: Cirebon's kecamatan CSV is its own (coded 32.09.xx).
    listed = write_offices(tmp_path, list(OFFICES))
    offices = list(offices_of(Settings.build({}, {"PULIH_OFFICES_FILE": str(listed)})))
    for office in offices:
        api.add_spreadsheet(office.spreadsheet, tabs_of(build_office(office.code, office.name, today)))
    base_url, shutdown = fake.serve(api)
    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    clock = fake.FakeClock()
    worker = Worker(
        offices,
        SheetsSettings(),
        History(url),
        today=lambda: today,
        transport=Transport(session=fake.session(api), sleep=clock.sleep, clock=clock),
    )
    assert all(r.ok for r in worker.sync_once())
    for name in (data.ENV_WORKBOOK, data.ENV_SPREADSHEET):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PULIH_OFFICES_FILE", str(listed))
    monkeypatch.setenv("PULIH_OFFICE", "32.09")
    monkeypatch.setenv("PULIH_READ_FROM_STORE", "1")
    monkeypatch.setenv("PULIH_DATABASE_URL", url)
    monkeypatch.setenv(
        "PULIH_SHEETS_API_URL", base_url
    )  # were the app to ask Google, the fake would count it
    monkeypatch.setenv("PULIH_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    data.clear()
    gsheets.forget_metadata()
    live_path.forget_last_reads()
    api.calls.clear()
    yield api, worker, offices
    data.clear()
    gsheets.forget_metadata()
    shutdown()


@pytest.fixture
def store_mode(store, monkeypatch):
    _, _, offices = store
    monkeypatch.setattr(access, "current_role", lambda: "staf")  # staff at every office: province scope
    monkeypatch.setattr(access, "current_roles", lambda: {o.code: "staf" for o in offices})
    return store


def run(page: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params.update(query)
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


def known_of(code: str, name: str, kecamatan: str | None = None) -> int:
    """The office's known survivors, its spreadsheet validated with its own kecamatan list."""
    today = data.today()
    districts = districts_of(Office(code, name, spreadsheet_id(code), kecamatan_file=kecamatan))
    report = validate(build_office(code, name, today), today, districts=districts)
    return metrics.known(metrics.Dataset.from_report(report), today)


def test_many_sessions_of_the_app_cost_zero_google_requests(store_mode):
    api, _, _ = store_mode
    _, _, offices = store_mode
    cirebon, indramayu = known_of(*OFFICES[1], offices[1].kecamatan_file), known_of(*OFFICES[0])
    assert cirebon != indramayu  # so the figure tells which office is shown
    pages = [
        "app_pages/overview.py",
        None,
        "app_pages/quality.py",
        "app_pages/areas.py",
        "app_pages/history.py",
    ]
    for session in range(SESSIONS):
        if session % 3 == 0:
            data.clear()  # a cache miss, as after the TTL: the store is read again, never Google
        at = run(pages[session % len(pages)])
        if session % len(pages) == 0:
            assert at.metric[0].value.replace(".", "") == str(cirebon)
            assert "Data per" not in texts(at)
    assert api.calls == [], [c.path for c in api.calls]


def test_an_office_whose_latest_read_failed_shows_its_last_good_read_with_a_banner(store_mode):
    api, worker, offices = store_mode
    fresh = run("app_pages/overview.py")
    api.fail(fake.not_shared(), times=None, spreadsheet=offices[1].spreadsheet)
    assert not worker.read_office(offices[1]).ok
    api.calls.clear()
    data.clear()
    stale = run("app_pages/overview.py")
    assert stale.metric[0].value == fresh.metric[0].value
    banner = texts(stale)
    assert "Data per" in banner and "sync worker" in banner
    assert api.calls == []


def test_no_read_yet_says_to_start_the_worker(store_mode, monkeypatch, tmp_path):
    api, _, _ = store_mode
    monkeypatch.setenv("PULIH_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    data.clear()
    at = run()
    assert "python -m sheets sync" in texts(at)
    assert api.calls == []


def test_the_province_page_shows_every_office_from_the_store_with_a_failed_one_as_of_its_last_read(
    store_mode,
):
    api, worker, offices = store_mode
    api.fail(fake.not_shared(), times=None, spreadsheet=offices[0].spreadsheet)
    assert not worker.read_office(offices[0]).ok  # Indramayu's latest read failed
    api.calls.clear()
    data.clear()
    at = run("app_pages/province.py")
    assert api.calls == []  # the store only, never Google
    table = at.dataframe[0].value.set_index("Kantor")
    assert set(table.index) == {name for _, name in OFFICES}
    cirebon = known_of(*OFFICES[1], offices[1].kecamatan_file)
    assert table.loc["Kabupaten Cirebon", "Diketahui"] == cirebon
    assert table.loc["Kabupaten Indramayu", "Diketahui"] == known_of(*OFFICES[0])
    assert table.loc["Kabupaten Indramayu", "Catatan"].startswith("Data per")
    assert table.loc["Kabupaten Cirebon", "Catatan"] == ""
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Kantor dengan data (dari 2)"] == "2"
    assert "Kabupaten Indramayu" in texts(at)  # the stale office's warning names it
    public = at.dataframe[1].value.set_index("Kantor")
    assert "Provinsi (total)" in public.index


def test_the_province_page_draws_one_chart_at_a_time_its_choice_in_the_address(store_mode):
    def titles(at: AppTest) -> list[str]:
        specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
        return [s["layout"]["title"]["text"].replace("<br>", " ") for s in specs]  # wrapped for phones

    coverage, pace = (i18n.t(key, "id") for key in ("fig.offices.coverage", "fig.offices.pace"))
    at = run("app_pages/province.py")
    assert [coverage in t for t in titles(at)] == [True]  # coverage first, and nothing else
    at.segmented_control(key="grafik").set_value("pace").run()
    assert not at.exception
    assert [pace in t for t in titles(at)] == [True]
    assert at.query_params["grafik"] == "pace"  # to share: the address opens the same chart
    at.segmented_control(key="grafik").set_value("coverage").run()
    assert "grafik" not in at.query_params  # the default keeps the address short


def test_a_single_office_deployment_has_no_province_page(monkeypatch):
    monkeypatch.delenv("PULIH_OFFICES_FILE", raising=False)
    assert "province" not in {p.key for p in access.visible_pages("admin")}
    at = AppTest.from_file(str(ROOT / "app_pages" / "province.py"), default_timeout=TIMEOUT).run()
    assert not at.exception and at.warning and not at.dataframe  # "access denied", nothing else


def office_selector(at: AppTest):
    return next((s for s in at.sidebar.selectbox if s.label == i18n.t("side.office", "id")), None)


def test_the_public_chooses_among_every_offices_public_page(store):
    api, _, _ = store
    at = run()
    selector = office_selector(at)
    assert selector is not None and list(selector.options) == [
        "Kabupaten Indramayu (32.12)",
        "Kabupaten Cirebon (32.09)",
    ]
    assert selector.value == "32.09"  # [province] office / PULIH_OFFICE is the default
    assert "Dinas Sosial Kabupaten Cirebon" in texts(at)
    assert at.query_params["office"] == "32.09"
    selector.select("32.12").run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Dinas Sosial Kabupaten Indramayu" in shown and "Kabupaten Cirebon ·" not in shown
    assert at.query_params["office"] == "32.12"
    assert [p.key for p in access.visible_pages("publik")] == ["public"]  # and nothing else for the public
    assert api.calls == []


def test_the_address_chooses_the_office_and_an_unknown_one_is_said(store):
    at = run(office="32.12")
    assert office_selector(at).value == "32.12"
    assert "Dinas Sosial Kabupaten Indramayu" in texts(at)
    unknown = run(office="99.99")
    assert office_selector(unknown).value == "32.09"
    assert "Kode kantor '99.99' dalam alamat tidak dikenal" in texts(unknown)


def test_an_unlisted_office_is_said_on_the_page_and_no_office_is_shown(store, monkeypatch):
    monkeypatch.setenv("PULIH_OFFICE", "32.99")
    data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    error = shown("\n".join(e.value for e in at.error))
    assert i18n.t("offices.error", "id") in error
    assert "'32.99' tidak ada dalam daftar kantor" in error and "PULIH_OFFICE" in error
    assert not at.metric and "Kabupaten" not in texts(at)
    at.sidebar.segmented_control[0].set_value("en").run()
    assert "'32.99' is not in the office list" in shown("\n".join(e.value for e in at.error))


def test_one_offices_staff_never_get_the_province_page(store, monkeypatch):
    """Staff at 32.12 only: no province page in the menu, and its file run directly says "access denied"."""
    monkeypatch.setattr(access, "current_role", lambda: "staf")
    monkeypatch.setattr(access, "current_roles", lambda: {"32.12": "staf", "32.09": "publik"})
    at = run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/province.py")
    direct = AppTest.from_file(str(ROOT / "app_pages" / "province.py"), default_timeout=TIMEOUT).run()
    assert not direct.exception and direct.warning and not direct.dataframe and not direct.metric


def test_each_office_a_session_switches_to_is_checked_with_its_own_kecamatan_list(store_mode):
    """The server's office is Cirebon (its own 5-kecamatan CSV); a session that chooses Indramayu sees
    Indramayu's figures validated with Indramayu's list, and Cirebon's with Cirebon's (the overview's
    known survivors today)."""
    _, _, offices = store_mode
    at = run("app_pages/overview.py")
    cirebon = known_of(*OFFICES[1], offices[1].kecamatan_file)
    assert at.metric[0].value == i18n.number(cirebon, "id")
    office_selector(at).select("32.12").run()
    assert not at.exception, at.exception
    assert at.metric[0].value == i18n.number(known_of(*OFFICES[0]), "id")


def test_each_office_public_page_shows_its_own_publications(store):
    """Both offices publish into the shared store; each office's public page shows its own latest one,
    and an earlier label of the other office is "not found" there, not the other office's figures."""
    import datetime as dt

    from sheets import release

    _, worker, offices = store
    history = History(worker.history.url)
    labels = {"32.12": "2026-11", "32.09": "2026-12"}  # Cirebon's publication is the store's newest
    for office, read in zip(offices, worker.sync_once(), strict=True):
        today = data.today()
        report = validate(history.raw_of(read.read_id), today, districts=districts_of(office))
        frozen = release.build_release(metrics.Dataset.from_report(report), dt.date(2026, 10, 31))
        history.publish(labels[office.code], read.read_id, frozen, f"admin {office.code}")
    data.clear()
    indramayu = run(office="32.12")
    notice = shown("\n".join(i.value for i in indramayu.info))
    assert "Terbitan '2026-11'" in notice and "2026-12" not in notice
    assert "Dinas Sosial Kabupaten Indramayu" in texts(indramayu)
    cirebon = run(office="32.09")
    assert "Terbitan '2026-12'" in shown("\n".join(i.value for i in cirebon.info))
    assert cirebon.metric[0].value != indramayu.metric[0].value  # each office's own frozen figures
    other = run(office="32.12", terbitan="2026-12")  # Cirebon's label, asked of Indramayu's page
    assert "2026-12" in shown("\n".join(w.value for w in other.warning))  # "no publication 2026-12"
    assert "Terbitan '2026-11'" in shown("\n".join(i.value for i in other.info))
