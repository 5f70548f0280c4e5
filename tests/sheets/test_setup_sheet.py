"""The setup command and the issues write-back, against the fake Sheets API."""

from __future__ import annotations

import copy
import logging

import pandas as pd
import pytest

from sheets import gsheets, schema
from sheets.gsheets import SheetsConfig, SheetsError, Transport, read_spreadsheet
from sheets.issues import ISSUE_COLUMNS
from sheets.schema import YES_NO
from sheets.setup_sheet import (
    ISSUE_HEADERS,
    NUMBER_FORMATS,
    apply_setup,
    instruction_rows,
    plan_setup,
    publish_issues,
)
from tests.fakes import sheets_api as fake

SHEET = "sheet-setup"
CONFIG = SheetsConfig(SHEET)


@pytest.fixture(autouse=True)
def _fresh_metadata_cache():
    gsheets.forget_metadata()
    yield
    gsheets.forget_metadata()


@pytest.fixture
def api() -> fake.FakeSheetsApi:
    return fake.FakeSheetsApi()


@pytest.fixture
def transport(api) -> Transport:
    clock = fake.FakeClock()
    return Transport(session=fake.session(api), sleep=clock.sleep, clock=clock)


def writes(api: fake.FakeSheetsApi) -> list[fake.Call]:
    return [c for c in api.calls if c.kind == "write"]


def dropdown(tab: fake.FakeTab, row: int, col: int) -> list[str] | None:
    rule = tab.rule_at(row, col)
    return [v["userEnteredValue"] for v in rule["condition"]["values"]] if rule else None


def _protected_rows(tab: fake.FakeTab) -> list[tuple[int, int, bool]]:
    return [
        (p["range"].get("startRowIndex", 0), p["range"]["endRowIndex"], p["warningOnly"])
        for p in tab.protected
    ]


# --------------------------------------------------------------------------- a blank spreadsheet


def test_setup_turns_a_blank_spreadsheet_into_the_contract(api, transport):
    api.add_spreadsheet(SHEET, {"Sheet1": []})
    changes = apply_setup(CONFIG, transport=transport)
    assert len(writes(api)) == 1  # everything in one batchUpdate
    book = api.spreadsheets[SHEET]
    assert [t.title for t in book.tabs] == ["Petunjuk", "Sheet1", *(t.name for t in schema.MAIN_TABS)]
    assert {c.kind for c in changes} == {
        "add-tab",
        "headers",
        "freeze",
        "protect",
        "dropdown",
        "format",
        "instructions",
    }
    for tab in schema.MAIN_TABS:
        fake_tab = book.tab(tab.name)
        assert fake_tab.values() == [list(tab.headers)]
        assert fake_tab.frozen_rows == 1
        assert _protected_rows(fake_tab) == [(0, 1, True)]
        for position, column in enumerate(tab.columns):
            allowed = {"category": list(column.allowed), "yesno": list(YES_NO)}.get(column.kind)
            assert dropdown(fake_tab, 1, position) == allowed, column.header
            assert dropdown(fake_tab, 0, position) is None  # never on the header itself
            assert fake_tab.format_at(500, position) == NUMBER_FORMATS.get(column.kind), column.header
        assert fake_tab.notes[(0, 0)].startswith(tab.columns[0].help_id)
    assert book.tab("Petunjuk").values() == instruction_rows()


def test_setup_is_idempotent(api, transport):
    api.add_spreadsheet(SHEET, {"Sheet1": []})
    assert apply_setup(CONFIG, transport=transport)
    state = copy.deepcopy(api.spreadsheets[SHEET])
    assert plan_setup(CONFIG, transport=transport) == []
    assert apply_setup(CONFIG, transport=transport) == []
    assert api.spreadsheets[SHEET] == state
    assert len(writes(api)) == 1


def test_a_dry_run_changes_nothing(api, transport):
    api.add_spreadsheet(SHEET, {"Sheet1": []})
    changes = apply_setup(CONFIG, dry_run=True, transport=transport)
    assert changes and writes(api) == []
    assert [t.title for t in api.spreadsheets[SHEET].tabs] == ["Sheet1"]


def test_a_set_up_spreadsheet_reads_cleanly(api, transport):
    api.add_spreadsheet(SHEET, {"Sheet1": []})
    apply_setup(CONFIG, transport=transport)
    raw = read_spreadsheet(CONFIG, transport=transport)
    assert {t.name for t in schema.MAIN_TABS} == set(raw.tabs)
    assert "Petunjuk" in raw.other_tabs


# --------------------------------------------------------------------------- a partly filled spreadsheet

KORBAN_BEFORE = [
    ["DATA KORBAN TPPO DINSOS INDRAMAYU"],  # a title row staff added
    [],
    ["id korban", "Tgl Identifikasi", "JK", "", "Kecamatan", "Keterangan staf"],
    ["KPO-0001", 43199, "P", "catatan tanpa judul", "Cikedung", "x"],
    ["KPO-0002", 43200, "L", None, "Lelea"],
]


def test_setup_fills_in_only_what_is_missing_and_never_touches_a_filled_cell(api, transport):
    api.add_spreadsheet(SHEET, {"korban": copy.deepcopy(KORBAN_BEFORE), "Target": [["Tahun"], [2018]]})
    book_before = copy.deepcopy(api.spreadsheets[SHEET])
    apply_setup(CONFIG, transport=transport)
    korban = api.spreadsheets[SHEET].tab("korban")
    for r, row in enumerate(KORBAN_BEFORE):
        for c, value in enumerate(row):
            if value not in (None, ""):
                assert korban.get(r, c) == value, (r, c)
    # Column D has an empty header but data below it, so it is not claimed: the missing
    # headers go, in contract order, into the first columns that are empty all the way down.
    assert korban.values()[2] == [
        "id korban",
        "Tgl Identifikasi",
        "JK",
        None,
        "Kecamatan",
        "Keterangan staf",
        "Tanggal Lahir",
        "Usia",
        "Desa/Kelurahan",
        "Sumber Rujukan",
        "Jenis Eksploitasi",
        "Lokasi Eksploitasi",
        "Negara Tujuan",
        "Catatan",
    ]
    assert korban.frozen_rows == 3
    assert _protected_rows(korban) == [(2, 3, True)]
    assert dropdown(korban, 3, 2) == ["Perempuan", "Laki-laki"]  # JK, existing header under an alias
    assert dropdown(korban, 3, 4) == list(schema.KORBAN.column("district").allowed)
    assert korban.format_at(3, 1) == NUMBER_FORMATS["date"]
    target = api.spreadsheets[SHEET].tab("Target")
    assert target.values() == [["Tahun", "Target Rehabilitasi", "Korban Terlapor", "Anggaran (Rp)"], [2018]]
    assert book_before.tab("Target").rows[1] == [2018]
    assert plan_setup(CONFIG, transport=transport) == []


def test_a_full_width_tab_grows_to_take_a_header(api, transport):
    wide = [
        ["ID Korban", "Tanggal Identifikasi", "Jenis Kelamin", "Kecamatan", *(f"Lain {i}" for i in range(22))]
    ]
    api.add_spreadsheet(SHEET, {"Korban": wide})
    apply_setup(CONFIG, transport=transport)
    korban = api.spreadsheets[SHEET].tab("Korban")
    assert korban.column_count == 26 + len(schema.KORBAN.columns) - 4
    assert korban.rows[0][26] == "Tanggal Lahir"


def test_a_tab_with_data_but_no_header_is_left_alone(api, transport, caplog):
    api.add_spreadsheet(SHEET, {"Kegiatan": [["x", "y"], ["1", "2"]]})
    with caplog.at_level(logging.WARNING):
        changes = apply_setup(CONFIG, transport=transport)
    assert not [c for c in changes if c.tab == "Kegiatan"]
    assert api.spreadsheets[SHEET].tab("Kegiatan").rows == [["x", "y"], ["1", "2"]]
    assert "no recognisable header" in caplog.text


def test_edited_instructions_are_rewritten_then_left_alone(api, transport):
    api.add_spreadsheet(SHEET, {"Sheet1": []})
    apply_setup(CONFIG, transport=transport)
    petunjuk = api.spreadsheets[SHEET].tab("Petunjuk")
    petunjuk.set(80, 7, "coretan staf")
    assert [c.kind for c in plan_setup(CONFIG, transport=transport)] == ["instructions"]
    apply_setup(CONFIG, transport=transport)
    assert api.spreadsheets[SHEET].tab("Petunjuk").values() == instruction_rows()
    assert plan_setup(CONFIG, transport=transport) == []


def test_a_changed_dropdown_is_brought_back_to_the_contract(api, transport):
    api.add_spreadsheet(SHEET, {"Sheet1": []})
    apply_setup(CONFIG, transport=transport)
    peserta = api.spreadsheets[SHEET].tab("Peserta")
    peserta.validations.append(
        (
            {"sheetId": peserta.sheet_id, "startRowIndex": 1, "startColumnIndex": 2, "endColumnIndex": 3},
            {"condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": "Lulus"}]}},
        )
    )
    changes = plan_setup(CONFIG, transport=transport)
    assert [(c.tab, c.kind) for c in changes] == [("Peserta", "dropdown")]
    assert "Status" in changes[0].summary_en


# --------------------------------------------------------------------------- publish_issues


def issues(n: int) -> pd.DataFrame:
    link = f"https://docs.google.com/spreadsheets/d/{SHEET}/edit#gid=0&range=E"
    rows = [
        ["Korban", 4 + i, "Kecamatan", "Cikedong", "unknown-category", "error", "", f"{link}{4 + i}"]
        for i in range(n)
    ]
    rows.append(["Peserta", pd.NA, None, float("nan"), "missing-tab", "error", '{"detail": "Peserta"}', ""])
    frame = pd.DataFrame(rows, columns=ISSUE_COLUMNS)
    frame["row"] = frame["row"].astype("Int64")
    return frame


def test_publishing_needs_write_back(api, transport):
    api.add_spreadsheet(SHEET, {"Korban": [["ID Korban"]]})
    with pytest.raises(SheetsError) as caught:
        publish_issues(CONFIG, issues(1), transport=transport)
    assert caught.value.code == "read-only" and "write_back" in caught.value.message_en
    assert api.calls == []


def test_publishing_touches_only_the_issues_tab(api, transport):
    api.add_spreadsheet(SHEET, {"Korban": copy.deepcopy(KORBAN_BEFORE), "Petunjuk": [["x"]]})
    before = copy.deepcopy(api.spreadsheets[SHEET].tabs)
    config = SheetsConfig(SHEET, write_back=True)
    assert publish_issues(config, issues(3), transport=transport) == 4
    book = api.spreadsheets[SHEET]
    assert book.tabs[:2] == before
    published = book.tab("Masalah Data")
    assert published.frozen_rows == 1
    assert published.values()[0] == list(ISSUE_HEADERS)
    assert published.values()[1][:8] == [
        "Korban",
        4,
        "Kecamatan",
        "Cikedong",
        "unknown-category",
        "error",
        "'Cikedong' bukan nilai yang dikenal untuk 'Kecamatan'.",
        "'Cikedong' is not a known value for 'Kecamatan'.",
    ]
    assert published.values()[4] == [  # the messages rendered on the way out, in both languages
        "Peserta",
        None,
        None,
        None,
        "missing-tab",
        "error",
        "Tab 'Peserta' tidak ditemukan.",
        "Tab 'Peserta' was not found.",
    ]
    for call in writes(api):
        is_issues_tab = "Masalah%20Data" in call.path or (
            call.body["requests"][0]["addSheet"]["properties"]["title"] == "Masalah Data"
        )
        assert is_issues_tab, call


def test_publishing_again_replaces_the_old_issues(api, transport):
    api.add_spreadsheet(SHEET, {"Korban": [["ID Korban"]]})
    config = SheetsConfig(SHEET, write_back=True)
    publish_issues(config, issues(5), transport=transport)
    publish_issues(config, issues(1), transport=transport)
    assert len(api.spreadsheets[SHEET].tab("Masalah Data").values()) == 3
    assert [t.title for t in api.spreadsheets[SHEET].tabs] == ["Korban", "Masalah Data"]


def test_publishing_many_issues_grows_the_tab(api, transport):
    api.add_spreadsheet(SHEET, {"Masalah Data": []})
    publish_issues(SheetsConfig(SHEET, write_back=True), issues(1500), transport=transport)
    tab = api.spreadsheets[SHEET].tab("Masalah Data")
    assert tab.row_count >= 1502 and len(tab.values()) == 1502


# --------------------------------------------------------------------------- the commands


@pytest.fixture
def served(api, monkeypatch):
    """The fake on 127.0.0.1, and the PULIH_* variables the commands read pointing at it."""
    base_url, shutdown = fake.serve(api)
    monkeypatch.setenv("PULIH_SHEETS_API_URL", base_url)
    for name in ("PULIH_SHEETS_SPREADSHEET", "PULIH_SERVICE_ACCOUNT_FILE", "PULIH_WRITE_BACK"):
        monkeypatch.delenv(name, raising=False)
    yield api
    shutdown()


def test_the_setup_command_prints_its_changes_then_nothing(served, capsys):
    from sheets.cli import main

    served.add_spreadsheet(SHEET, {"Sheet1": []})
    assert main(["setup", "--spreadsheet", SHEET, "--dry-run"]) == 0
    assert "would change" in capsys.readouterr().out and writes(served) == []
    assert main(["setup", "--spreadsheet", f"https://docs.google.com/spreadsheets/d/{SHEET}/edit"]) == 0
    assert "Korban: new tab" in capsys.readouterr().out
    assert main(["setup", "--spreadsheet", SHEET]) == 0
    assert "nothing changed" in capsys.readouterr().out


def test_the_publish_command_needs_write_back(served, capsys, monkeypatch):
    from sheets.cli import main

    served.add_spreadsheet(SHEET, {"Korban": copy.deepcopy(KORBAN_BEFORE)})
    assert main(["publish-issues", "--sheet", SHEET, "--as-of", "2026-11-28"]) == 2
    assert "write_back" in capsys.readouterr().err
    monkeypatch.setenv("PULIH_WRITE_BACK", "true")
    assert main(["publish-issues", "--sheet", SHEET, "--as-of", "2026-11-28"]) == 0
    assert "issues written" in capsys.readouterr().out
    assert served.spreadsheets[SHEET].tab("Masalah Data").values()[0] == list(ISSUE_HEADERS)
