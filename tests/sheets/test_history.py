"""The history store, on SQLite and on a real PostgreSQL server: reads kept once, rows lost caught.

Every test runs twice (`store_url`): an embedded SQLite file, then a fresh database on the
throw-away PostgreSQL cluster the tests start (tests/postgres.py).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import zlib
from dataclasses import replace

import pytest
import sqlalchemy as sa

from sheets import store
from sheets.demo import build_demo
from sheets.demo_identity import build_demo_identity
from sheets.history import History, HistoryError, _unpack, _unpack_tabs, content_hash
from sheets.raw import Grid, RawTab, RawWorkbook
from sheets.validate import validate
from tests.ui import ROOT

TODAY = dt.date(2026, 11, 28)
T0 = dt.datetime(2026, 11, 28, 1, 0, tzinfo=dt.UTC)


def hours(n: int) -> dt.datetime:
    return T0 + dt.timedelta(hours=n)


@pytest.fixture(scope="module")
def demo() -> RawWorkbook:
    return build_demo(TODAY)


def record(history: History, raw: RawWorkbook, at: dt.datetime):
    return history.record(raw, validate(raw, TODAY), now=at)


def header_index(rows: list, first: str) -> int:
    return next(i for i, row in enumerate(rows) if first in row)


def with_tab(raw: RawWorkbook, name: str, rows: list) -> RawWorkbook:
    tab = raw.tabs[name]
    return replace(raw, tabs={**raw.tabs, name: RawTab(tab.title, rows, tab.sheet_id, tab.hidden)})


def korban(raw: RawWorkbook) -> tuple[list, int]:
    rows = [list(r) for r in raw.tabs["Korban"].rows]
    return rows, header_index(rows, "ID Korban")


def test_a_read_is_kept_once_and_an_unchanged_one_only_seen(store_url, demo) -> None:
    history = History(store_url)
    first = record(history, demo, hours(0))
    again = record(history, demo, hours(1))
    assert first.changed and not again.changed and again.read_id == first.read_id
    reads = history.reads()
    assert len(reads) == 1 and reads["seen"].iloc[0] == 1 and reads["last_seen"].iloc[0] == hours(1)
    summary = reads["summary"].iloc[0]
    assert summary["accounting"]["Korban"]["rows_read"] == validate(demo, TODAY).counts["Korban"].rows_read


def test_every_past_read_can_be_validated_again(store_url, demo) -> None:
    history = History(store_url)
    done = record(history, demo, hours(0))
    again = history.raw_of(done.read_id)
    assert content_hash(again) == content_hash(demo)
    assert validate(again, TODAY).counts == validate(demo, TODAY).counts


def test_deleted_rows_are_lost_rows_with_their_last_values(store_url, demo) -> None:
    history = History(store_url)
    record(history, demo, hours(0))
    rows, top = korban(demo)
    gone = rows[top + 1 : top + 13]
    done = record(history, with_tab(demo, "Korban", rows[: top + 1] + rows[top + 13 :]), hours(2))
    assert len(done.lost) == 12
    lost = history.lost_rows()
    assert [r.key for r in lost] == [g[0] for g in gone]
    assert [r.row_number for r in lost] == list(range(top + 2, top + 14))
    first = lost[0]
    assert first.values()["ID Korban"] == gone[0][0] and first.values()["Kecamatan"] == gone[0][5]
    assert first.last_seen_at == hours(0) and first.lost_at == hours(2)


def test_each_read_is_compared_with_the_stores_latest_even_when_another_process_recorded_it(
    store_url, demo
) -> None:
    # A process keeps the read it recorded last, to compare the next one quickly; a read another app
    # process (or the sync worker) recorded in between must win over that memory.
    history = History(store_url)
    record(history, demo, hours(0))
    rows, top = korban(demo)
    gone = rows[top + 1 : top + 4]
    other = (
        "import datetime as dt, sys; from dataclasses import replace; from sheets.demo import build_demo;"
        "from sheets.raw import RawTab; from sheets.validate import validate; from sheets.history import History;"
        "today = dt.date(2026, 11, 28); raw = build_demo(today); tab = raw.tabs['Korban'];"
        "rows = [list(r) for r in tab.rows]; top = next(i for i, r in enumerate(rows) if 'ID Korban' in r);"
        "raw = replace(raw, tabs={**raw.tabs, 'Korban': RawTab(tab.title, rows[: top + 1] + rows[top + 4 :],"
        " tab.sheet_id, tab.hidden)});"
        "History(sys.argv[1]).record(raw, validate(raw, today), now=dt.datetime.fromisoformat(sys.argv[2]))"
    )
    subprocess.run([sys.executable, "-c", other, store_url, hours(1).isoformat()], cwd=ROOT, check=True)
    assert [r.key for r in history.lost_rows()] == [g[0] for g in gone]
    back = record(history, demo, hours(2))  # against the other process's read: three rows are back
    assert back.back == 3 and back.lost == () and history.lost_rows() == []


def test_a_deleted_tab_loses_every_row_and_a_re_added_row_comes_back(store_url, demo) -> None:
    history = History(store_url)
    record(history, demo, hours(0))
    target = demo.tabs["Target"]
    without = replace(demo, tabs={k: v for k, v in demo.tabs.items() if k != "Target"})
    assert len(record(history, without, hours(1)).lost) == len(validate(demo, TODAY).records["Target"])
    back = record(history, demo, hours(2))
    assert back.back == len(validate(demo, TODAY).records["Target"]) and history.lost_rows() == []
    assert target.rows  # the tab came back unchanged


def test_sorting_one_column_on_its_own_is_an_alert_not_lost_rows(store_url, demo) -> None:
    history = History(store_url)
    record(history, demo, hours(0))
    rows, top = korban(demo)
    col = rows[top].index("Kecamatan")
    body = rows[top + 1 :]
    values = sorted((r[col] if col < len(r) else None for r in body), key=str)
    for row, value in zip(body, values):
        row.extend([None] * (col + 1 - len(row)))
        row[col] = value
    done = record(history, with_tab(demo, "Korban", rows[: top + 1] + body), hours(1))
    assert done.lost == ()
    (alert,) = done.alerts
    assert (alert.kind, alert.tab, alert.column) == ("mass-change", "Korban", "Kecamatan")
    assert "reordered" in alert.detail and alert.changed > 0.3 * alert.of_rows
    assert history.open_alerts()[0].id == alert.id
    history.end_alert(alert.id, "rina@dinsos.example.go.id")
    assert history.open_alerts() == []


@pytest.mark.parametrize(
    ("column", "kind"),
    [("ID Korban", "unreadable"), ("Kecamatan", "column-gone"), ("Catatan", "column-gone")],
)
def test_a_renamed_column_is_an_alert_and_loses_no_row(store_url, demo, column, kind) -> None:
    history = History(store_url)
    record(history, demo, hours(0))
    rows, top = korban(demo)
    rows[top][rows[top].index(column)] = f"{column} (lama)"
    done = record(history, with_tab(demo, "Korban", rows), hours(1))
    assert done.lost == ()
    assert kind in {a.kind for a in done.alerts}


def test_a_row_let_go_ends_its_alert_with_who(store_url, demo) -> None:
    history = History(store_url)
    record(history, demo, hours(0))
    rows, top = korban(demo)
    record(history, with_tab(demo, "Korban", rows[: top + 1] + rows[top + 2 :]), hours(1))
    (row,) = history.lost_rows()
    history.let_go(row.id, "rina@dinsos.example.go.id", now=hours(2))
    assert history.lost_rows() == []
    with history.engine.connect() as db:
        kept = db.execute(sa.select(store.lost)).one()
    assert (kept.resolution, kept.resolved_by) == ("removed", "rina@dinsos.example.go.id")


def test_the_change_log_of_a_record(store_url, demo) -> None:
    history = History(store_url)
    record(history, demo, hours(0))
    rows, top = korban(demo)
    key = rows[top + 5][0]
    rows[top + 5][5] = "Lelea"
    record(history, with_tab(demo, "Korban", rows), hours(1))
    log = history.changelog("Korban", key)
    assert list(log["change"]) == ["changed"] and log["after"].iloc[0][5] == "Lelea"


def test_issues_new_and_fixed_since_a_date(store_url, demo) -> None:
    history = History(store_url)
    record(history, demo, hours(0))
    rows, top = korban(demo)
    rows[top + 3][5] = "Cikedong"  # a typo: a new issue
    record(history, with_tab(demo, "Korban", rows), hours(3))
    new, fixed = history.issues_between(hours(1))
    typo = new[new["code"] == "unknown-category"]
    assert list(typo["value"]) == ["Cikedong"] and typo["key"].iloc[0] == rows[top + 3][0]
    assert set(new["code"]) == {"unknown-category", "excluded-reference"}  # and its rows elsewhere, left out
    assert fixed.empty
    trend = history.quality_trend()
    assert trend.groupby("read_at")["errors"].sum().diff().dropna().tolist() == [1]


def as_grid(raw: RawWorkbook) -> RawWorkbook:
    """The workbook as a live read holds it: every tab's rows one object array (`Grid`)."""
    return replace(
        raw,
        tabs={
            t: RawTab(tab.title, Grid.from_rows([list(r) for r in tab.rows]), tab.sheet_id, tab.hidden)
            for t, tab in raw.tabs.items()
        },
    )


def test_an_edit_of_a_live_read_that_keeps_the_tabs_shape_is_recorded(store_url, demo) -> None:
    history = History(store_url)
    record(history, as_grid(demo), hours(0))
    rows, top = korban(demo)
    key = rows[top + 5][0]
    rows[top + 5][5] = "Lelea"  # one cell: the same number of rows and columns
    done = record(history, as_grid(with_tab(demo, "Korban", rows)), hours(1))
    assert done.changed and len(history.reads()) == 2
    log = history.changelog("Korban", key)
    assert list(log["change"]) == ["changed"] and log["after"].iloc[0][5] == "Lelea"


def old_format(blob: bytes, kind: str) -> bytes:
    """A read's tabs, records or issues as reads recorded with zlib before held them (row hashes in a list,
    a pair per record, a dict per issue)."""
    if kind == "tabs":
        return zlib.compress(json.dumps(_unpack_tabs(blob)).encode())
    value = _unpack(blob)
    if kind == "records":
        value = {
            name: {
                "title": e["title"],
                "header": e["header"],
                "keys": [list(p) for p in zip(e["keys"], e["rows"])],
            }
            for name, e in value.items()
        }
    else:
        value = [dict(zip(value, row)) for row in zip(*value.values())]
    return zlib.compress(json.dumps(value).encode())


def test_a_read_recorded_in_the_old_format_still_compares_and_lists_its_issues(store_url, demo) -> None:
    history = History(store_url)
    record(history, demo, hours(0))
    with history.engine.begin() as db:
        first = db.execute(sa.select(store.reads)).one()
        db.execute(
            store.reads.update()
            .where(store.reads.c.id == first.id)
            .values(
                tabs=old_format(first.tabs, "tabs"),
                records=old_format(first.records, "records"),
                issues=old_format(first.issues, "issues"),
            )
        )
        assert isinstance(
            json.loads(zlib.decompress(db.execute(sa.select(store.reads.c.issues)).scalar())), list
        )
    rows, top = korban(demo)
    gone = rows[top + 1]
    changed_key = rows[top + 4][0]
    rows[top + 4][5] = "Cikedong"  # a typo: a new issue, and a changed record
    del rows[top + 1]
    done = record(history, with_tab(demo, "Korban", rows), hours(3))
    assert [r.key for r in done.lost] == [gone[0]] and done.lost[0].cells[:3] == tuple(gone[:3])
    assert list(history.changelog("Korban", changed_key)["change"]) == ["changed"]
    new, fixed = history.issues_between(hours(1))
    assert list(new.loc[new["code"] == "unknown-category", "key"]) == [changed_key]
    assert set(fixed["key"]) <= {gone[0]}  # only the lost row's own issues, if it had any, are gone


def test_identity_data_is_never_recorded(store_url, demo) -> None:
    identity = build_demo_identity(validate(demo, TODAY).table("Korban"))
    mixed = replace(demo, tabs={**demo.tabs, **identity.tabs})
    with pytest.raises(ValueError):
        History(store_url).record(mixed, validate(demo, TODAY))


def test_old_reads_are_pruned_but_not_the_latest(store_url, demo) -> None:
    history = History(store_url)
    record(history, demo, hours(0))
    rows, top = korban(demo)
    rows[top + 1][5] = "Lelea"
    record(history, with_tab(demo, "Korban", rows), hours(1))
    assert history.prune(keep_days=1, now=hours(24 * 30)) == 1
    assert len(history.reads()) == 1


@pytest.mark.parametrize("where", ["a file", "a full disk"])
def test_an_unwritable_store_is_an_error_the_dashboard_can_show(tmp_path, demo, where) -> None:
    """A store that cannot be written raises HistoryError (the app shows it as a notice and goes on)."""
    if where == "a file":  # a path under a regular file: no directory can be made there, even as root
        (tmp_path / "not-a-folder").write_text("x")
        url = f"sqlite:///{tmp_path / 'not-a-folder' / 'history.sqlite'}"
    else:  # /dev/full answers every write with "no space left on device"
        url = "sqlite:////dev/full"
    with pytest.raises(HistoryError):
        History(url).record(demo, validate(demo, TODAY))
    store.forget()


def test_a_stopped_server_is_an_error_and_nothing_is_recorded_twice(pg_cluster, demo) -> None:
    url = store.database_url(environ={store.ENV_URL: pg_cluster.database()})
    history = History(url)
    record(history, demo, hours(0))
    pg_cluster.stop()
    try:
        with pytest.raises(HistoryError):
            record(history, demo, hours(1))
    finally:
        pg_cluster.start()
    store.forget()
    history = History(url)
    assert not record(history, demo, hours(2)).changed
    assert len(history.reads()) == 1


def test_two_processes_recording_one_read_record_it_once(store_url, demo, tmp_path) -> None:
    History(store_url)  # the schema, made once before both start
    script = (
        "import datetime as dt, sys; from sheets.demo import build_demo; from sheets.validate import validate;"
        "from sheets.history import History; raw = build_demo(dt.date(2026, 11, 28));"
        "History(sys.argv[1]).record(raw, validate(raw, dt.date(2026, 11, 28)))"
    )
    processes = [subprocess.Popen([sys.executable, "-c", script, store_url], cwd=ROOT) for _ in range(3)]
    assert [p.wait(timeout=120) for p in processes] == [0, 0, 0]
    reads = History(store_url).reads()
    assert len(reads) == 1 and reads["seen"].iloc[0] == 2


def test_the_command_line_records_and_lists_lost_rows(store_url, demo, tmp_path) -> None:
    from sheets.workbook import write_xlsx

    env = {"PULIH_DATABASE_URL": store_url}
    path = tmp_path / "Data Rehabilitasi.xlsx"
    write_xlsx(demo, path)
    run = lambda *args: subprocess.run(
        [sys.executable, "-m", "sheets", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, **env},
    )
    assert run("history", "record", str(path)).returncode == 0
    rows, top = korban(demo)
    write_xlsx(with_tab(demo, "Korban", rows[: top + 1] + rows[top + 3 :]), path)
    assert run("history", "record", str(path)).returncode == 0
    listed = run("history", "lost", "--json")
    assert listed.returncode == 1
    lost = json.loads(listed.stdout)["lost"]
    assert [(r["tab"], r["key"], r["row"]) for r in lost] == [
        ("Korban", rows[top + 1][0], top + 2),
        ("Korban", rows[top + 2][0], top + 3),
    ]


def test_the_migrations_make_the_schema_the_code_declares(store_url) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = store.engine(store_url)
    with engine.connect() as db:
        differences = compare_metadata(MigrationContext.configure(db), store.metadata)
    assert differences == []


def test_the_newest_migration_file_is_alembics_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(store.MIGRATIONS))
    assert store.head_revision() == ScriptDirectory.from_config(config).get_current_head()


def test_only_a_store_behind_the_newest_revision_is_migrated(tmp_path) -> None:
    from alembic import command
    from alembic.config import Config

    new = sa.create_engine(f"sqlite:///{tmp_path / 'new.sqlite'}")
    assert not store.at_head(new)  # no version table yet
    old = sa.create_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    config = Config()
    config.set_main_option("script_location", str(store.MIGRATIONS))
    with old.begin() as db:
        config.attributes["connection"] = db
        command.upgrade(config, "0002")
    assert not store.at_head(old)
    store.upgrade(old)  # brought to the newest revision...
    assert store.at_head(old)
    with old.connect() as db:
        assert "office_figures" in sa.inspect(db).get_table_names()  # ... with the newest tables
    store.upgrade(old)  # and left alone when called again
    assert store.at_head(old)


# --------------------------------------------------------------------------- publications


def test_a_publication_is_frozen_while_the_sheet_changes(store_url, demo) -> None:
    from sheets.history import PublicationExists
    from sheets.metrics import Dataset
    from sheets.release import Release, build_release

    history = History(store_url)
    read = record(history, demo, hours(0))
    figures = build_release(Dataset.from_report(validate(demo, TODAY)), dt.date(2026, 10, 31))
    frozen = history.publish(
        "2026-10",
        read.read_id,
        figures,
        "kabid@dinsos.example.go.id",
        files={"html": ("p.html", "text/html", b"<html>frozen</html>")},
        now=hours(1),
    )
    rows, top = korban(demo)
    changed = with_tab(demo, "Korban", rows[: top + 1] + rows[top + 40 :])  # the sheet loses 39 survivors
    record(history, changed, hours(2))
    again = history.publication("2026-10")
    assert again.release == frozen.release == json.loads(json.dumps(figures.to_json()))
    assert again.content_hash == content_hash(demo) and again.files["html"][2] == b"<html>frozen</html>"
    assert Release.from_json(again.release).to_json() == again.release  # re-rendered, the same figures
    assert history.publication().label == "2026-10"
    with pytest.raises(PublicationExists):
        history.publish("2026-10", read.read_id, figures, "someone")


def test_each_office_publishes_its_own_labels_in_a_shared_store(store_url, demo) -> None:
    """Two offices in one store: each publishes `2026-11`, and each one's page shows only its own."""
    from sheets.history import PublicationExists, source_name
    from sheets.metrics import Dataset
    from sheets.release import Release, build_release

    cirebon = replace(demo, url="https://docs.google.com/spreadsheets/d/cirebon/edit")
    rows, top = korban(demo)
    cirebon = with_tab(cirebon, "Korban", rows[: top + 1] + rows[top + 60 :])  # a smaller office
    a, b = History(store_url, source=source_name(demo)), History(store_url, source=source_name(cirebon))
    read_a, read_b = record(a, demo, hours(0)), record(b, cirebon, hours(0))
    as_of = dt.date(2026, 10, 31)
    figures_a = build_release(Dataset.from_report(validate(demo, TODAY)), as_of)
    figures_b = build_release(
        Dataset.from_report(validate(cirebon, TODAY)), as_of, 10, a.latest_cells(read_b.read_id)
    )
    assert b.latest_cells(read_b.read_id) is None  # office B's first publication: nothing of A's to respect
    a.publish("2026-11", read_a.read_id, figures_a, "kabid@indramayu.example.go.id", now=hours(1))
    assert b.latest_cells(read_b.read_id) is None and a.latest_cells(read_a.read_id) is not None
    b.publish("2026-11", read_b.read_id, figures_b, "kabid@cirebon.example.go.id", now=hours(2))

    shown_a, shown_b = a.publication("2026-11"), b.publication("2026-11")
    assert shown_a.created_by.endswith("indramayu.example.go.id")
    assert shown_b.created_by.endswith("cirebon.example.go.id")
    assert Release.from_json(shown_a.release).to_json() == figures_a.to_json()
    assert shown_a.release != shown_b.release  # the smaller office's own figures
    assert list(a.publications()["created_by"]) == ["kabid@indramayu.example.go.id"]
    assert a.publication().created_by == shown_a.created_by  # the latest is this office's, not B's newer one
    assert b.latest_cells(read_b.read_id) == Release.cells_from_json(shown_b.cells)
    with pytest.raises(PublicationExists):
        b.publish("2026-11", read_b.read_id, figures_b, "again")
    everyone = History(store_url)  # no office chosen: the store of one office, every publication listed
    assert sorted(everyone.publications()["source"]) == sorted([source_name(demo), source_name(cirebon)])
    assert History(store_url, source="sheets:never-read").publication("2026-11") is None


def test_a_store_made_before_offices_keeps_its_publications_when_upgraded(tmp_path, demo) -> None:
    """A store at revision 0002 (a label unique across the store) is migrated; its files survive."""
    from alembic import command
    from alembic.config import Config

    from sheets.metrics import Dataset
    from sheets.release import build_release

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    config = Config()
    config.set_main_option("script_location", str(store.MIGRATIONS))
    old = sa.create_engine(url)
    with old.begin() as db:
        config.attributes["connection"] = db
        command.upgrade(config, "0002")
    with old.begin() as db:  # a read and a publication with its files, as the old code wrote them
        db.execute(sa.text("INSERT INTO sources (id, name, created_at) VALUES (1, 'demo', '2026-11-01')"))
        db.execute(
            sa.text(
                "INSERT INTO reads (id, source_id, content_hash, read_at, recorded_at, tabs, records, issues,"
                " summary) VALUES (1, 1, 'h', '2026-11-01', '2026-11-01', x'', x'', x'', '{}')"
            )
        )
        db.execute(
            sa.text(
                "INSERT INTO publications (id, label, source_id, read_id, content_hash, as_of, k, created_at,"
                " created_by, release, cells) VALUES (1, '2026-10', 1, 1, 'h', '2026-10-31', 10,"
                " '2026-11-01', 'kabid', '{}', '[]')"
            )
        )
        db.execute(
            sa.text(
                "INSERT INTO publication_files (publication_id, kind, file_name, mime, data)"
                " VALUES (1, 'pdf-id', 'p.pdf', 'application/pdf', x'255044')"
            )
        )
    old.dispose()

    history = History(url)  # opening the store brings it to the newest revision
    with history.engine.connect() as db:
        assert db.execute(sa.text("SELECT data FROM publication_files")).scalar() == b"%PD"
        assert db.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1  # enforced again after migrating
    other = replace(demo, url="https://docs.google.com/spreadsheets/d/other/edit")
    read = record(history, other, hours(0))
    figures = build_release(Dataset.from_report(validate(other, TODAY)), dt.date(2026, 10, 31))
    assert history.publish("2026-10", read.read_id, figures, "another office").label == "2026-10"


def test_the_command_line_publishes_against_the_last_publication(store_url, tmp_path) -> None:
    env = {**__import__("os").environ, "PULIH_DATABASE_URL": store_url}
    run = lambda *args: subprocess.run(
        [sys.executable, "-m", "sheets", *args], cwd=ROOT, capture_output=True, text=True, env=env
    )
    first = run("publish", "--demo", "--label", "2026-09", "--as-of", "2026-09-30", "--json")
    second = run("publish", "--demo", "--label", "2026-10", "--as-of", "2026-10-31", "--json")
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    shown = run("publication", "2026-09", "--json")
    assert json.loads(shown.stdout)["release"] == json.loads(first.stdout)["release"]
    from tests import attacker

    assert (
        attacker.attack_pair(json.loads(first.stdout)["release"], json.loads(second.stdout)["release"]) == []
    )
    assert run("publish", "--demo", "--label", "2026-10").returncode == 2  # a label is published once


# --------------------------------------------------------------------------- restoring lost rows


def test_restoring_appends_exactly_the_lost_rows_through_the_sheets_api(store_url, demo) -> None:
    """Rows deleted in Google Sheets, caught by the history, appended back: no other cell touched."""
    import copy

    from sheets import gsheets
    from sheets.gsheets import SheetsConfig, Transport, read_spreadsheet
    from sheets.setup_sheet import restore_rows
    from tests.fakes import sheets_api as fake

    api = fake.FakeSheetsApi()
    api.add_spreadsheet(
        "pulih-history", {name: [list(r) for r in tab.rows] for name, tab in demo.tabs.items()}
    )
    clock = fake.FakeClock()
    transport = Transport(session=fake.session(api), sleep=clock.sleep, clock=clock)
    config = SheetsConfig("pulih-history", write_back=True)
    history = History(store_url)
    gsheets.forget_metadata()
    first = read_spreadsheet(config, transport=transport)
    record(history, first, hours(0))
    tab = api.spreadsheets["pulih-history"].tab("Korban")
    top = header_index(tab.rows, "ID Korban")
    deleted = copy.deepcopy(tab.rows[top + 10 : top + 13])
    del tab.rows[top + 10 : top + 13]  # staff delete three rows
    record(history, read_spreadsheet(config, transport=transport), hours(1))
    lost = history.lost_rows()
    assert [r.key for r in lost] == [row[0] for row in deleted]
    before = copy.deepcopy(api.spreadsheets["pulih-history"].tabs)
    calls = len(api.calls)
    assert restore_rows(config, "Korban", [r.cells for r in lost], transport=transport) == 3
    writes = [c for c in api.calls[calls:] if c.kind == "write"]
    assert len(writes) == 1 and writes[0].path.endswith(":append")
    after = api.spreadsheets["pulih-history"]
    assert [t.values() for t in after.tabs if t.title != "Korban"] == [
        t.values() for t in before if t.title != "Korban"
    ]
    korban_before = next(t for t in before if t.title == "Korban").values()
    restored = after.tab("Korban").values()
    assert restored[: len(korban_before)] == korban_before  # every existing row as it was
    assert [row[: len(d)] for row, d in zip(restored[len(korban_before) :], deleted)] == [
        [None if v == "" else v for v in d] for d in deleted
    ]
    done = record(history, read_spreadsheet(config, transport=transport), hours(2))
    assert done.back == 3 and history.lost_rows() == []


@pytest.mark.parametrize(
    "env,secrets,expected",
    [
        ({}, {}, 730),
        ({"PULIH_HISTORY_KEEP_DAYS": "90"}, {"database": {"keep_days": 30}}, 90),
        ({}, {"database": {"keep_days": 30}}, 30),
        ({"PULIH_HISTORY_KEEP_DAYS": "0"}, {}, None),  # keep everything
    ],
)
def test_retention_is_configurable(env, secrets, expected):
    from sheets import store

    assert store.keep_days(secrets, env) == expected


@pytest.mark.parametrize("bad", ["two years", "-5", "1.5"])
def test_a_mistyped_retention_is_refused_with_its_value(bad):
    from sheets import store

    with pytest.raises(ValueError, match="keep_days"):
        store.keep_days({}, {"PULIH_HISTORY_KEEP_DAYS": bad})
