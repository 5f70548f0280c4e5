"""A visit recorded in the app: checked by the reader's own code, appended through real gspread to the fake API."""

from __future__ import annotations

import datetime as dt

import pytest

from sheets import gsheets, visits
from sheets.gsheets import SheetsConfig, SheetsError, Transport, read_spreadsheet
from sheets.messages import render_issues
from sheets.validate import validate
from tests.fakes import sheets_api as fake
from tests.sheets.test_validate import KORBAN_HEAD

SHEET = "sheet-visits"
TODAY = dt.date(2026, 11, 28)
# The office's own layout: a title row, the columns in another order, a column the contract lacks.
PEMANTAUAN = [
    ["Kunjungan lapangan 2026"],
    [
        "Tanggal Kunjungan",
        "ID Korban",
        "Petugas",
        "Status Usaha",
        "Kolom Lain",
        "Pendapatan",
        "Tinggal Bersama Keluarga",
        "Catatan",
    ],
    [46000, "KPO-0001", "Bu Sari", "Berjalan", "x", 750000, "Ya", None],
]


@pytest.fixture(autouse=True)
def _fresh_metadata_cache():
    gsheets.forget_metadata()
    yield
    gsheets.forget_metadata()


@pytest.fixture
def api() -> fake.FakeSheetsApi:
    api = fake.FakeSheetsApi()
    korban = [KORBAN_HEAD, ["KPO-0001", 43000, "P", None, 30, "Cikedung", None, None, None, None, None, None]]
    api.add_spreadsheet(SHEET, {"Korban": korban, "Pemantauan": [list(r) for r in PEMANTAUAN]})
    return api


@pytest.fixture
def transport(api) -> Transport:
    clock = fake.FakeClock()
    return Transport(session=fake.session(api), sleep=clock.sleep, clock=clock)


def read(transport, write_back=True):
    config = SheetsConfig(SHEET, write_back=write_back)
    return config, validate(read_spreadsheet(config, transport=transport), TODAY)


FORM = {
    "survivor_id": "kpo-0001 ",
    "visited_on": dt.date(2026, 11, 20),
    "business_status": "berjalan",
    "monthly_income": "1,5 jt",
    "with_family": "Tidak",
    "officer": "Pak Darto",
}


def test_a_visit_is_appended_as_exactly_one_row_in_the_tabs_own_column_order(api, transport):
    config, report = read(transport)
    checked = visits.check(report, FORM, TODAY)
    assert checked.ok and checked.row == 4  # title, header, one visit: the next row is 4
    before, kept = len(api.calls), api.spreadsheets[SHEET].tab("Pemantauan").values()
    assert visits.append(config, report, checked, transport=transport) == 4
    written = [c for c in api.calls[before:] if c.kind == "write"]
    assert len(written) == 1 and written[0].path.endswith(":append")
    rows = api.spreadsheets[SHEET].tab("Pemantauan").values()
    assert rows[:3] == kept  # no existing cell changed
    serial = (dt.date(2026, 11, 20) - dt.date(1899, 12, 30)).days
    assert len(rows) == 4
    assert rows[3][:7] == [serial, "KPO-0001", "Pak Darto", "Berjalan", None, 1_500_000, "Tidak"]
    # The next read has the visit, as the reader reads any row of the tab.
    gsheets.forget_metadata()
    _, again = read(transport)
    table = again.table("Pemantauan")
    latest = table[table["_row"] == 4].iloc[0]
    assert (latest["survivor_id"], latest["officer"], latest["monthly_income"]) == (
        "KPO-0001",
        "Pak Darto",
        1.5e6,
    )
    assert latest["visited_on"].date() == dt.date(2026, 11, 20) and not latest["with_family"]


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("monthly_income", "1.50", "invalid-money"),
        ("visited_on", "31/02/2026", "invalid-date"),
        ("visited_on", "29/11/2026", "future-date"),
        ("business_status", "Jalan terus", "unknown-category"),
        ("with_family", "mungkin", "invalid-yes-no"),
        ("survivor_id", "KPO-9999", "unknown-reference"),
    ],
)
def test_a_bad_value_gets_the_message_the_sheet_would_give_it(api, transport, field, value, code):
    """The form's message is the reader's: typed into row 4 of the sheet, the same value says the same."""
    _, report = read(transport)
    checked = visits.check(report, {**FORM, field: value}, TODAY)
    assert not checked.ok and checked.cells == []
    errors = checked.issues[checked.issues["severity"] == "error"]
    assert [(t, r, c) for t, r, c in zip(errors["tab"], errors["row"], errors["code"])] == [
        ("Pemantauan", 4, code)
    ]
    message = render_issues(errors, "id")["message"].iloc[0]
    # The same cell typed by hand into the sheet, read by the reader:
    layout = visits.layout(report)
    typed = {**FORM, field: value}
    row = [typed.get(k, None) if k else None for k in layout]
    row[layout.index("visited_on")] = (
        typed["visited_on"]
        if isinstance(typed["visited_on"], str)
        else (typed["visited_on"] - dt.date(1899, 12, 30)).days
    )
    api.spreadsheets[SHEET].tab("Pemantauan").rows.append(row)
    gsheets.forget_metadata()
    _, by_hand = read(transport)
    theirs = by_hand.issues[(by_hand.issues["row"] == 4) & (by_hand.issues["code"] == code)]
    assert render_issues(theirs, "id")["message"].tolist() == [message]
    assert theirs["column"].tolist() == errors["column"].tolist()
    assert theirs["value"].tolist() == errors["value"].tolist()


def test_without_write_back_nothing_is_written_and_the_row_is_offered_to_copy(api, transport):
    config, report = read(transport, write_back=False)
    checked = visits.check(report, FORM, TODAY)
    before = len(api.calls)
    with pytest.raises(SheetsError) as refused:
        visits.append(config, report, checked, transport=transport)
    assert refused.value.code == "read-only"
    assert not [c for c in api.calls[before:] if c.kind == "write"]
    # Tab-separated, in the tab's own order (the unknown column left empty), the date as staff type it.
    assert checked.as_tsv() == "20/11/2026\tKPO-0001\tPak Darto\tBerjalan\t\t1500000\tTidak\t"
