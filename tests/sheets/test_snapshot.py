"""The last good read on disk, and the live load that falls back to it."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import os
import pickle
import subprocess
import sys

import pytest

from sheets import gsheets, live, snapshot
from sheets.gsheets import SheetsConfig, Transport, read_identity
from sheets.live import load_live, no_data_message, stale_banner
from sheets.raw import RawTab, RawWorkbook
from tests.fakes import sheets_api as fake

SHEET = "sheet-main"
IDENTITY = "sheet-identity"
URL = f"https://docs.google.com/spreadsheets/d/{SHEET}/edit"
READ_AT = dt.datetime(2026, 11, 28, 3, 15, tzinfo=dt.UTC)  # 10:15 WIB


def workbook(**changes) -> RawWorkbook:
    options = {
        "source": "Google Sheets: Data Rehabilitasi",
        "tabs": {
            "Korban": RawTab(
                "Korban",
                [
                    ["ID Korban", "Tanggal Identifikasi"],
                    ["KPO-0001", 43199],
                    [None, None],
                    ["KPO-0002", 43200.5],
                ],
                sheet_id=0,
            ),
            "Kegiatan": RawTab("Kegiatan", [["ID Kegiatan", "Ya?"], ["KEG-1", True]], sheet_id=101),
        },
        "url": URL,
        "read_at": READ_AT,
        "other_tabs": ("Petunjuk",),
    }
    return RawWorkbook(**{**options, **changes})


@pytest.fixture(autouse=True)
def _fresh_metadata_cache():
    gsheets.forget_metadata()
    live.forget_last_reads()
    yield
    gsheets.forget_metadata()
    live.forget_last_reads()


# --------------------------------------------------------------------------- save and load


def test_a_snapshot_loads_back_exactly(tmp_path):
    path = snapshot.save(workbook(), tmp_path)
    assert path == tmp_path / f"sheets-{SHEET}.json"
    assert snapshot.load(tmp_path, SHEET) == workbook()


def test_the_file_is_private_and_no_temp_file_is_left(tmp_path):
    path = snapshot.save(workbook(), tmp_path)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_cells_json_cannot_hold_are_converted_safely(tmp_path):
    cells = [dt.date(2018, 4, 9), decimal.Decimal("1.5"), float("nan")]
    odd = workbook(tabs={"Korban": RawTab("Korban", [cells])})
    snapshot.save(odd, tmp_path)
    assert snapshot.load(tmp_path, SHEET).tabs["Korban"].rows == [["2018-04-09", "1.5", None]]


def test_a_missing_snapshot_is_none(tmp_path):
    assert snapshot.load(tmp_path, SHEET) is None
    assert snapshot.load(tmp_path / "nowhere", SHEET) is None


def _good_text() -> str:
    return json.dumps(snapshot._to_json(workbook(), SHEET))


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\xff\xfe garbage",
        _good_text()[: len(_good_text()) // 2].encode(),  # cut off mid-write
        _good_text().replace('"version": 1', '"version": 99').encode(),  # a future format
        _good_text().replace(f'"spreadsheet_id": "{SHEET}"', '"spreadsheet_id": "other"').encode(),
        _good_text().replace('"read_at": "2026-11-28T03:15:00+00:00"', '"read_at": "yesterday"').encode(),
        _good_text().replace('"KPO-0001"', '{"a": 1}').encode(),  # a cell that is not a cell
        _good_text().replace('"sheet_id": 101', '"sheet_id": "101"').encode(),
        json.dumps({"format": snapshot.FORMAT, "version": 1}).encode(),  # partial structure
        b"[]",
    ],
)
def test_a_corrupt_or_partial_snapshot_is_none(tmp_path, content):
    snapshot.path_for(tmp_path, SHEET).write_bytes(content)
    assert snapshot.load(tmp_path, SHEET) is None


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_save_never_replaces_the_good_snapshot(tmp_path, monkeypatch, failing):
    snapshot.save(workbook(), tmp_path)
    good = snapshot.path_for(tmp_path, SHEET).read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(snapshot.os, failing, broken)
    with pytest.raises(OSError):
        snapshot.save(workbook(source="newer"), tmp_path)
    monkeypatch.undo()
    assert snapshot.path_for(tmp_path, SHEET).read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == [f"sheets-{SHEET}.json"]


def test_identity_data_is_refused(tmp_path):
    with pytest.raises(ValueError):
        identity = RawTab("Identitas", [["ID Korban", "Nama Lengkap"]])
        snapshot.save(workbook(tabs={"Identitas": identity}), tmp_path)
    with pytest.raises(ValueError):
        snapshot.save(workbook(url=None), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_default_dir_is_the_user_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert snapshot.default_dir() == tmp_path / "pulih"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert snapshot.default_dir() == tmp_path / "home" / ".cache" / "pulih"


def test_odd_ids_make_safe_file_names(tmp_path):
    assert snapshot.path_for(tmp_path, "../../etc/passwd").parent == tmp_path


# --------------------------------------------------------------------------- load_live


@pytest.fixture
def api() -> fake.FakeSheetsApi:
    api = fake.FakeSheetsApi()
    api.add_spreadsheet(SHEET, {"Korban": [["ID Korban"], ["KPO-0001"]], "Kegiatan": [["ID Kegiatan"]]})
    api.add_spreadsheet(
        IDENTITY,
        {
            "Identitas": [
                ["ID Korban", "Nama Lengkap", "NIK"],
                ["KPO-0001", "Siti Aminah", "3212014501950001"],
            ]
        },
    )
    return api


@pytest.fixture
def transport(api) -> Transport:
    clock = fake.FakeClock()
    return Transport(session=fake.session(api), sleep=clock.sleep, clock=clock)


@pytest.fixture
def config(tmp_path) -> SheetsConfig:
    return SheetsConfig(
        SHEET,
        identity_spreadsheet=IDENTITY,
        snapshot_dir=tmp_path / "snapshots",
        service_account_info={"client_email": "pulih@demo.iam.gserviceaccount.com"},
    )


def test_a_fresh_read_is_saved_and_served(config, transport):
    result = load_live(config, now=READ_AT, transport=transport)
    assert (result.stale, result.error, result.read_at) == (False, None, READ_AT)
    assert result.raw.tabs["Korban"].rows[1] == ["KPO-0001"]
    assert snapshot.load(config.snapshot_dir, SHEET) == result.raw
    assert stale_banner(result, "id") == ""


def test_when_google_fails_the_snapshot_is_served_with_its_time(api, config, transport):
    first = load_live(config, now=READ_AT, transport=transport)
    api.spreadsheets[SHEET].tab("Korban").rows.append(["KPO-0002"])
    api.fail(fake.disconnect(), times=None)
    result = load_live(config, now=READ_AT + dt.timedelta(days=1), transport=transport)
    assert result.stale and result.has_data
    assert result.error.code == "network"
    assert result.read_at == READ_AT
    assert result.raw.tabs == first.raw.tabs
    assert result.source_label.endswith("(snapshot)")
    # The time is written as the sidebar writes it (Babel's id locale: 10.15; English 10:15).
    assert stale_banner(result, "id") == (
        "Data per 28 November 2026 10.15 WIB, Google Sheets tidak dapat dihubungi: " + result.error.message_id
    )
    assert stale_banner(result, "en") == (
        "Data as of 28 November 2026 10:15 WIB, Google Sheets unreachable: " + result.error.message_en
    )


def test_a_stale_result_survives_pickling_for_the_ui_cache(api, config, transport):
    load_live(config, now=READ_AT, transport=transport)
    api.fail(fake.quota(), times=None)
    result = load_live(config, transport=transport)
    copy = pickle.loads(pickle.dumps(result))
    assert (copy.raw, copy.read_at, copy.stale) == (result.raw, READ_AT, True)
    assert copy.error.code == "quota-exceeded"
    assert (copy.error.message_id, copy.error.detail) == (result.error.message_id, result.error.detail)


def test_without_a_snapshot_there_is_no_data_and_a_reason(api, config, transport):
    api.fail(fake.not_shared(), times=None)
    result = load_live(config, transport=transport)
    assert (result.raw, result.stale, result.read_at) == (None, False, None)
    assert result.error.code == "not-shared"
    assert "pulih@demo.iam.gserviceaccount.com" in no_data_message(result, "id")
    assert "no saved copy" in no_data_message(result, "en")


def test_a_corrupt_snapshot_means_no_data_not_a_crash(api, config, transport):
    config.snapshot_dir.mkdir()
    snapshot.path_for(config.snapshot_dir, SHEET).write_text("{")
    api.fail(fake.server_error(503), times=None)
    result = load_live(config, transport=transport)
    assert result.raw is None and result.error.code == "server-error"


def test_a_snapshot_that_cannot_be_written_costs_only_the_fallback(tmp_path, transport):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    result = load_live(SheetsConfig(SHEET, snapshot_dir=blocked / "snapshots"), transport=transport)
    assert result.raw is not None and not result.stale
    assert str(blocked) in result.snapshot_problem  # for the staff notice (ui): where, and why


def test_identity_data_never_reaches_the_snapshot_dir(config, transport):
    identity = read_identity(config, transport=transport)
    assert identity.tabs["Identitas"].rows[1][1] == "Siti Aminah"
    load_live(config, transport=transport)
    files = list(config.snapshot_dir.iterdir())
    assert [f.name for f in files] == [f"sheets-{SHEET}.json"]
    text = files[0].read_text(encoding="utf-8")
    assert "Siti Aminah" not in text and "3212014501950001" not in text and "Identitas" not in text
    assert not any(IDENTITY in name for name in os.listdir(config.snapshot_dir))


# --------------------------------------------------------------------------- a tab that disappears


@pytest.mark.parametrize("restarted", [False, True])
def test_a_renamed_tab_that_had_rows_is_an_outage_not_zero_rows(api, config, transport, restarted):
    first = load_live(config, now=READ_AT, transport=transport)
    kept = snapshot.path_for(config.snapshot_dir, SHEET).read_bytes()
    api.rename_tab(SHEET, "Korban", "Korban (lama)")
    if restarted:  # a new process knows only the snapshot on disk
        live.forget_last_reads()
        gsheets.forget_metadata()
    result = load_live(config, now=READ_AT + dt.timedelta(hours=1), transport=transport)
    assert result.stale and result.error.code == "tab-gone"
    assert result.raw.tabs == first.raw.tabs and result.read_at == READ_AT  # the last good rows
    assert snapshot.path_for(config.snapshot_dir, SHEET).read_bytes() == kept  # never replaced
    banner = stale_banner(result, "id")
    assert banner.startswith("Data per 28 November 2026 10.15 WIB") and "'Korban'" in banner
    assert "'Korban'" in stale_banner(result, "en") and "tidak dapat dihubungi" not in banner


def test_renaming_the_tab_back_shows_data_on_the_next_read(api, config, transport):
    load_live(config, now=READ_AT, transport=transport)
    api.spreadsheets[SHEET].tab("Korban").rows.append(["KPO-0002"])
    api.rename_tab(SHEET, "Korban", "Korban (lama)")
    assert load_live(config, transport=transport).stale
    api.rename_tab(SHEET, "Korban (lama)", "Korban")
    # No time passes: the tab list (cached for 15 minutes) is looked at again because Korban is missing.
    result = load_live(config, now=READ_AT + dt.timedelta(minutes=1), transport=transport)
    assert not result.stale and result.error is None
    assert [row[0] for row in result.raw.tabs["Korban"].rows] == ["ID Korban", "KPO-0001", "KPO-0002"]
    assert snapshot.load(config.snapshot_dir, SHEET).read_at == READ_AT + dt.timedelta(minutes=1)


def test_while_a_tab_is_missing_each_read_costs_one_look_at_the_tab_list_and_one_values_read(
    api, config, transport
):
    load_live(config, transport=transport)
    api.rename_tab(SHEET, "Korban", "Korban (lama)")
    load_live(config, transport=transport)
    before = (api.count("metadata"), api.count("values"))
    assert load_live(config, transport=transport).stale
    assert (api.count("metadata") - before[0], api.count("values") - before[1]) == (1, 1)


def test_a_tab_that_never_had_rows_may_be_missing(api, config, transport):
    load_live(config, now=READ_AT, transport=transport)  # Kegiatan holds only its header
    api.rename_tab(SHEET, "Kegiatan", "Kegiatan lama")
    result = load_live(config, now=READ_AT + dt.timedelta(hours=1), transport=transport)
    assert not result.stale and result.raw.find("Kegiatan") is None  # reported by validation, as before


def test_a_missing_tab_without_a_snapshot_is_no_data_with_the_tab_named(api, config, transport):
    load_live(config, transport=transport)
    snapshot.path_for(config.snapshot_dir, SHEET).unlink()
    api.rename_tab(SHEET, "Korban", "Korban (lama)")
    result = load_live(config, transport=transport)
    assert result.raw is None and result.error.code == "tab-gone"
    assert "'Korban'" in no_data_message(result, "id")


# --------------------------------------------------------------------------- slow and oversized answers


@pytest.fixture
def served(api):
    """The fake over real HTTP (only there can an answer trickle in slowly)."""
    base_url, shutdown = fake.serve(api)
    yield base_url
    shutdown()


def test_a_slowly_trickled_answer_hits_the_deadline_and_the_snapshot_is_served(api, served, tmp_path):
    cfg = SheetsConfig(SHEET, api_url=served, snapshot_dir=tmp_path, timeout_s=1, deadline_s=2)
    load_live(cfg, now=READ_AT)
    # Every piece arrives well within the 1 s timeout, the whole answer would take 8 s.
    api.fail(fake.trickle(8, pieces=16), kind="values", times=None)
    result = load_live(cfg)
    assert result.stale and result.error.code == "timeout" and result.read_at == READ_AT
    assert stale_banner(result, "id") == (
        "Data per 28 November 2026 10.15 WIB, Google Sheets tidak dapat dihubungi: " + result.error.message_id
    )


def test_an_oversized_answer_is_refused_with_a_clear_message(api, served, tmp_path):
    api.spreadsheets[SHEET].tab("Korban").rows.extend([f"KPO-{n:05d}", 43199 + n] for n in range(2000))
    cfg = SheetsConfig(SHEET, api_url=served, snapshot_dir=tmp_path, max_answer_mb=0.02)  # 20 KB
    result = load_live(cfg)
    assert result.raw is None and result.error.code == "too-large"
    assert "0.02 MB" in result.error.message_id and "`max_answer_mb`" in result.error.message_en
    assert api.count("values") == 1  # refused once, not retried
    assert not load_live(SheetsConfig(SHEET, api_url=served, snapshot_dir=tmp_path)).stale  # 64 MB is plenty


# --------------------------------------------------------------------------- crashes

CRASH_MID_SAVE = """
import os, sys
from sheets import snapshot
from tests.sheets.test_snapshot import workbook
os.fsync = lambda fd: os._exit(9)  # the power goes out with the temporary file written, not renamed
snapshot.save(workbook(), sys.argv[1])
"""


def temp_files(directory) -> list[str]:
    return sorted(p.name for p in directory.glob(".sheets-*.tmp"))


def test_a_crash_mid_save_leaves_no_temporary_file_after_the_next_save(tmp_path):
    from tests.fakes.process import ROOT

    crashed = subprocess.run([sys.executable, "-c", CRASH_MID_SAVE, str(tmp_path)], cwd=ROOT)
    assert crashed.returncode == 9 and len(temp_files(tmp_path)) == 1  # what a crash leaves behind
    snapshot.save(workbook(), tmp_path)
    assert temp_files(tmp_path) == []
    assert snapshot.load(tmp_path, SHEET) == workbook()


def test_a_save_under_way_keeps_its_temporary_file(tmp_path):
    import fcntl

    tmp_path.mkdir(exist_ok=True)
    writer = os.open(tmp_path, os.O_RDONLY)
    try:
        fcntl.flock(writer, fcntl.LOCK_SH)  # another process is writing right now
        (tmp_path / ".sheets-inflight.tmp").write_text("{")
        snapshot.save(workbook(), tmp_path)
        assert temp_files(tmp_path) == [".sheets-inflight.tmp"]
    finally:
        os.close(writer)
    snapshot.save(workbook(), tmp_path)  # that writer is gone: its file is an orphan now
    assert temp_files(tmp_path) == []
