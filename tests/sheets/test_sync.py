"""The sync worker against the fake Sheets API: 27 synthetic offices, one quota, one office failing.

Real gspread talks to the in-process fake (tests/fakes/sheets_api.py); the clock is the fake's,
so pacing the quota never sleeps for real. The store is an SQLite file and a database on the
real PostgreSQL server the tests start (`store_url`).
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from sheets import gsheets, store
from sheets.demo_province import JAWA_BARAT, build_office, spreadsheet_id
from sheets.gsheets import Transport
from sheets.history import History
from sheets.live import format_moment
from sheets.offices import Office
from sheets.settings import SheetsSettings
from sheets.sync import QuotaPacer, Worker, latest_good_read, source_of
from sheets.validate import validate as validate_  # the real validation, which a spy calls
from tests.fakes import sheets_api as fake
from tests.fakes.serve import tabs_of

TODAY = dt.date(2026, 11, 28)
T0 = dt.datetime(2026, 11, 28, 1, 0, tzinfo=dt.UTC)
TTL = 900.0


@pytest.fixture(autouse=True)
def fresh_metadata():
    gsheets.forget_metadata()
    yield
    gsheets.forget_metadata()


class Province:
    """27 synthetic offices on one fake Sheets API, with a fake clock."""

    def __init__(self, url: str, count: int = 27) -> None:
        self.api = fake.FakeSheetsApi()
        self.clock = fake.FakeClock()
        self.api.clock = self.clock
        self.offices = [Office(code, name, spreadsheet_id(code)) for code, name in JAWA_BARAT[:count]]
        for office in self.offices:
            self.api.add_spreadsheet(
                office.spreadsheet,
                tabs_of(build_office(office.code, office.name, TODAY)),
                title=f"Data Rehabilitasi {office.name}",
            )
        self.history = History(url)

    def now(self) -> dt.datetime:
        return T0 + dt.timedelta(seconds=self.clock.now)

    def worker(self, **kwargs) -> Worker:
        transport = Transport(
            session=fake.session(self.api), sleep=self.clock.sleep, clock=self.clock, jitter=lambda: 0.5
        )
        return Worker(
            self.offices,
            SheetsSettings(),
            self.history,
            transport=transport,
            now=self.now,
            today=lambda: TODAY,
            metadata_ttl_s=TTL,
            **kwargs,
        )

    def stored(self, office: Office):
        return latest_good_read(self.history, office.spreadsheet, now=self.now())

    def most_in_a_minute(self) -> int:
        times = sorted(c.at for c in self.api.calls if c.kind != "token")
        return max((sum(1 for t in times if start <= t < start + 60) for start in times), default=0)


@pytest.fixture
def province(store_url) -> Province:
    return Province(store_url)


@pytest.fixture
def sqlite_province(tmp_path) -> Province:
    return Province(f"sqlite:///{tmp_path / 'history.sqlite'}")


def test_one_sync_reads_each_spreadsheet_once_and_the_tab_lists_once_per_ttl(province):
    worker = province.worker()
    results = worker.sync_once()
    assert [r.ok for r in results] == [True] * 27, [r.error for r in results if not r.ok]
    assert province.api.count("values") == 27 and province.api.count("metadata") == 27
    assert {c.spreadsheet for c in province.api.calls if c.kind == "values"} == {
        o.spreadsheet for o in province.offices
    }
    assert province.most_in_a_minute() <= 60
    # Every office's read is in the store under its own source, with its own figures.
    known = {o.code: province.stored(o).raw.tabs["Korban"].rows.__len__() for o in province.offices}
    assert len(set(known.values())) > 10, "the synthetic offices differ"
    # Survivor IDs repeat across offices (unique within each): both are kept, apart.
    for office in province.offices[:2]:
        ids = [row[0] for row in province.stored(office).raw.tabs["Korban"].rows[3:]]
        assert len(ids) == len(set(ids)) + 1  # the demo's one deliberate duplicate-key row
    assert len(province.history.reads(source_of(province.offices[0].spreadsheet))) == 1

    province.clock.sleep(120)  # a second round within the tab lists' lifetime: values only
    worker.sync_once()
    assert province.api.count("values") == 54 and province.api.count("metadata") == 27
    province.clock.sleep(TTL)  # past it: each tab list once more
    worker.sync_once()
    assert province.api.count("values") == 81 and province.api.count("metadata") == 54


def test_the_per_minute_budget_is_never_exceeded(sqlite_province):
    province = sqlite_province
    worker = province.worker(quota_per_minute=20)
    started = province.clock.now
    assert all(r.ok for r in worker.sync_once())
    assert province.api.count() == 54  # 27 tab lists and 27 values requests ...
    assert province.most_in_a_minute() <= 20  # ... never more than 20 in any minute ...
    assert province.clock.now - started >= 120  # ... so they took at least two minutes (of the fake clock)


def test_a_spread_round_paces_the_offices_over_the_interval(sqlite_province):
    province = sqlite_province
    worker = province.worker(interval_s=270)
    worker.run(cycles=2)
    values = sorted(c.at for c in province.api.calls if c.kind == "values")
    assert len(values) == 54
    gaps = [b - a for a, b in itertools.pairwise(values)]
    assert min(gaps) >= 9.9  # one office every 270 / 27 = 10 s, never in a burst
    assert province.most_in_a_minute() <= 12


@pytest.mark.parametrize(
    ("fault", "code", "backend"),
    [(fake.not_shared, "not-shared", "sqlite"), (fake.quota, "quota-exceeded", "postgresql")],
)
def test_one_office_failing_forever_leaves_the_others_current_and_keeps_its_last_good_read(
    request, tmp_path, fault, code, backend
):
    url = (
        f"sqlite:///{tmp_path / 'history.sqlite'}"
        if backend == "sqlite"
        else store.database_url(environ={store.ENV_URL: request.getfixturevalue("pg_cluster").database()})
    )
    province = Province(url)
    worker = province.worker(quota_per_minute=60)
    assert all(r.ok for r in worker.sync_once())
    bad = province.offices[8]  # Kabupaten Cirebon
    before = province.stored(bad)
    province.api.fail(fault(), times=None, spreadsheet=bad.spreadsheet)
    province.clock.sleep(300)
    second = province.now()
    calls_before = province.api.count(spreadsheet=bad.spreadsheet)
    results = {r.office: r for r in worker.sync_once()}
    assert not results[bad.code].ok and results[bad.code].error.code == code
    assert sum(r.ok for r in results.values()) == 26
    # Retries are bounded (max_attempts), and the quota holds with them.
    assert province.api.count(spreadsheet=bad.spreadsheet) - calls_before <= 4
    assert province.most_in_a_minute() <= 60
    for office in province.offices:
        stored = province.stored(office)
        if office is bad:
            assert stored.stale and stored.error.code == code
            assert stored.as_of == before.as_of < second  # its own "data as of": the last good read
            assert stored.raw.tabs["Korban"].rows == before.raw.tabs["Korban"].rows
            banner = stored.banner("en")
            assert banner.startswith(f"Data as of {format_moment(before.as_of, 'en')}")
            assert stored.error.message("en") in banner
            assert stored.banner("id").startswith("Data per")
        else:
            assert not stored.stale and stored.error is None and stored.as_of >= second
    # The office recovers on its next turn once the spreadsheet answers again.
    province.api._faults.clear()
    province.clock.sleep(300)
    assert all(r.ok for r in worker.sync_once())
    assert not province.stored(bad).stale


def test_a_tab_gone_is_a_failed_read_even_after_a_restart(sqlite_province):
    province = sqlite_province
    assert all(r.ok for r in province.worker().sync_once())
    office = province.offices[0]
    province.api.rename_tab(office.spreadsheet, "Peserta", "Peserta (lama)")
    gsheets.forget_metadata()
    restarted = province.worker()  # a new process: which tabs had rows comes from the store
    result = restarted.read_office(office)
    assert not result.ok and result.error.code == "tab-gone"
    stored = province.stored(office)
    assert stored.stale and "Peserta" in stored.banner("en") and stored.raw.find("Peserta") is not None


def test_the_store_says_when_nothing_was_read_yet_or_the_worker_stopped(tmp_path):
    province = Province(f"sqlite:///{tmp_path / 'h.sqlite'}", count=2)
    office = province.offices[0]
    nothing = province.stored(office)
    assert nothing.raw is None and "python -m sheets sync" in nothing.no_data("en")
    province.api.fail(fake.not_shared(), times=None, spreadsheet=office.spreadsheet)
    province.worker().read_office(office)
    failed = province.stored(office)
    assert failed.raw is None and "shared" in failed.no_data("en")
    province.api._faults.clear()
    province.worker().sync_once()
    assert not province.stored(office).stale
    late = latest_good_read(province.history, office.spreadsheet, now=province.now() + dt.timedelta(hours=1))
    assert late.stale and late.late and "is it running" in late.banner("en")


def test_the_pacer_waits_for_the_oldest_request_to_leave_the_window():
    clock = fake.FakeClock(start=0.0)
    pacer = QuotaPacer(3, clock, clock.sleep)
    for _ in range(3):
        pacer.take()
        clock.sleep(1)
    pacer.take()  # the fourth waits until the first is a minute old
    assert clock.now == pytest.approx(60.0)
    pacer.ready(2)  # room for two: the requests at 1 s and 2 s must leave too (not the one at 60 s)
    assert clock.now == pytest.approx(62.0)
    pacer.ready(3)
    assert clock.now == pytest.approx(120.0)


def test_the_worker_keeps_each_offices_figures_and_the_province_table_needs_no_validation(
    store_url, monkeypatch
):
    """The figures the worker keeps are those the app would compute; an office without them is validated."""
    import sqlalchemy as sa

    from sheets import province as province_module
    from sheets.province import office_summaries, office_table, read_offices
    from sheets.store import office_figures

    today = [TODAY]
    offices = Province(store_url, count=4)
    worker = offices.worker()
    worker.today = lambda: today[0]
    worker.sync_once()
    with offices.history.engine.connect() as db:
        assert db.execute(sa.select(sa.func.count()).select_from(office_figures)).scalar() == 4
    validated = read_offices(offices.history, offices.offices, TODAY, now=offices.now())
    validations = []
    monkeypatch.setattr(
        province_module, "validate", lambda *a, **k: validations.append(a) or validate_(*a, **k)
    )
    summaries = office_summaries(offices.history, offices.offices, TODAY, now=offices.now())
    assert validations == [] and all(r.figures is not None and r.dataset is None for r in summaries)
    columns = [c for c in office_table(validated, TODAY).columns if c != "read_at"]
    assert office_table(summaries, TODAY)[columns].equals(office_table(validated, TODAY)[columns])

    worker.sync_once()  # the same day, nothing changed: no second copy
    with offices.history.engine.connect() as db:
        assert db.execute(sa.select(sa.func.count()).select_from(office_figures)).scalar() == 4
    tomorrow = TODAY + dt.timedelta(days=1)
    today[0] = tomorrow
    worker.sync_once()  # a new day, nothing changed: the figures of the same reads as of tomorrow
    with offices.history.engine.connect() as db:
        days_kept = db.execute(sa.select(office_figures.c.as_of).distinct()).scalars().all()
    assert sorted(days_kept) == [TODAY, tomorrow]

    with offices.history.engine.begin() as db:
        db.execute(office_figures.delete().where(office_figures.c.as_of == TODAY))
    fallback = office_summaries(offices.history, offices.offices, TODAY, now=offices.now())
    assert len(validations) == 4 and all(r.dataset is not None for r in fallback)  # validated here instead
    assert office_table(fallback, TODAY)[columns].equals(office_table(validated, TODAY)[columns])


def test_figures_that_cannot_be_kept_leave_the_read_good(sqlite_province, monkeypatch):
    import sqlalchemy as sa

    from sheets import office_figures

    def refuse(*_args, **_kwargs):
        raise sa.exc.OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(office_figures, "keep", refuse)
    results = sqlite_province.worker().sync_once()
    assert all(r.ok and r.changed for r in results)  # recorded and good: the page validates them itself
    assert sqlite_province.stored(sqlite_province.offices[0]).raw is not None
