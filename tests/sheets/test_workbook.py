"""Writing .xlsx: the demo round-trips, dates become dates, dropdowns and Petunjuk come from the schema."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
import python_calamine

from sheets import demo, schema
from sheets.raw import RawTab, RawWorkbook
from sheets.schema import YES_NO
from sheets.workbook import (
    DATE_FORMAT,
    DROPDOWN_SPARE_ROWS,
    MONEY_FORMAT,
    from_serial,
    write_template,
    write_xlsx,
)

TODAY = dt.date(2026, 11, 28)
MAIN = [t.name for t in schema.MAIN_TABS]


@pytest.fixture(scope="module")
def raw() -> RawWorkbook:
    return demo.build_demo(TODAY)


@pytest.fixture(scope="module")
def demo_xlsx(raw, tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "demo.xlsx"
    write_xlsx(raw, path)
    return path


@pytest.fixture(scope="module")
def template_xlsx(tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "template.xlsx"
    write_template(path)
    return path


def read_back(path) -> dict[str, list[list[object]]]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def trimmed(row: list[object]) -> list[object]:
    row = list(row)
    while row and row[-1] in (None, ""):
        row.pop()
    return row


def header_index(rows: list[list[object]], tab: schema.Tab) -> int:
    return next(i for i, row in enumerate(rows) if trimmed(row) == list(tab.headers))


# --------------------------------------------------------------------------- the demo workbook


def test_same_tabs_and_headers(raw, demo_xlsx):
    sheets = read_back(demo_xlsx)
    assert list(sheets) == [*raw.tabs, schema.INSTRUCTIONS_TAB]
    for name in MAIN:
        tab = schema.TABS[name]
        assert header_index(sheets[name], tab) == header_index(raw.tabs[name].rows, tab)


def test_every_cell_round_trips(raw, demo_xlsx):
    sheets = read_back(demo_xlsx)
    for name in MAIN:
        tab = schema.TABS[name]
        rows = raw.tabs[name].rows
        header = header_index(rows, tab)
        kinds = {c.header: c.kind for c in tab.columns}
        dates = {i for i, h in enumerate(rows[header]) if kinds[h] == "date"}
        assert len(sheets[name]) == len(rows), name
        for r, (written, back) in enumerate(zip(rows, sheets[name])):
            back = trimmed(back)
            assert len(back) == len(written), (name, r)
            for c, (cell, got) in enumerate(zip(written, back)):
                if r > header and c in dates and isinstance(cell, int):
                    # A serial comes back as the date it stands for.
                    assert got == from_serial(cell) and type(got) is dt.date, (name, r, c)
                else:
                    assert got == cell, (name, r, c)  # numbers stay numbers, text stays text, typos and all


def test_formats_bold_header_and_frozen_panes(raw, demo_xlsx):
    book = openpyxl.load_workbook(demo_xlsx)
    korban = book["Korban"]
    assert korban.freeze_panes == "A4"  # below the title, the blank line and the header
    assert all(korban.cell(3, c).font.bold for c in range(1, len(schema.KORBAN.headers) + 1))
    for name in MAIN[1:]:
        assert book[name].freeze_panes == "A2"
    date_cells = [c for c in korban["B"][3:] if isinstance(c.value, dt.datetime)]
    assert date_cells and all(c.number_format == DATE_FORMAT for c in date_cells)
    budgets = [c for c in book["Kegiatan"]["J"][1:] if isinstance(c.value, (int, float))]
    assert budgets and all(c.number_format == MONEY_FORMAT for c in budgets)
    assert 8 <= korban.column_dimensions["A"].width <= 45


def test_dropdowns_on_every_category_and_yes_no_column(demo_xlsx):
    book = openpyxl.load_workbook(demo_xlsx)
    for tab in schema.MAIN_TABS:
        ws = book[tab.name]
        header = next(r for r in range(1, 6) if ws.cell(r, 1).value == tab.headers[0])
        validations = ws.data_validations.dataValidation
        for position, column in enumerate(tab.columns, start=1):
            cell = f"{openpyxl.utils.get_column_letter(position)}{header + 1}"
            covering = [v for v in validations if cell in v.sqref]
            if column.kind in ("category", "yesno"):
                assert len(covering) == 1 and covering[0].type == "list", (tab.name, column.header)
                formula = covering[0].formula1
                if formula.startswith('"'):
                    choices = formula.strip('"').split(",")
                else:  # a long list lives in Petunjuk
                    sheet, cells = formula.split("!")
                    first, last = cells.replace("$", "").split(":")
                    choices = [c.value for row in book[sheet.strip("'")][first:last] for c in row]
                assert tuple(choices) == (column.allowed or YES_NO), (tab.name, column.header)
            else:
                assert not covering, (tab.name, column.header)


def test_petunjuk_lists_every_column_with_its_help(demo_xlsx):
    rows = read_back(demo_xlsx)[schema.INSTRUCTIONS_TAB]
    by_header: dict[str, list[list[object]]] = {}
    for row in rows:
        by_header.setdefault(row[0], []).append(row)
    for tab in schema.MAIN_TABS:
        assert any(tab.name in str(row[0]) for row in rows)
        for column in tab.columns:
            described = [r for r in by_header.get(column.header, []) if r[2] == column.help_id]
            assert described, (tab.name, column.header)
            assert described[0][1] == ("Wajib" if column.required else "Tidak")
            assert described[0][3] == column.example


def test_a_written_demo_reads_back_with_the_same_issues(raw, demo_xlsx):
    from sheets.sources import read_workbook
    from sheets.validate import validate

    def problems(workbook):
        issues = validate(workbook, TODAY).issues
        return sorted(zip(issues["tab"], issues["row"], issues["column"], issues["code"]))

    assert problems(read_workbook(demo_xlsx)) == problems(raw)


# --------------------------------------------------------------------------- the template


def test_template_has_headers_dropdowns_and_no_data(template_xlsx):
    sheets = read_back(template_xlsx)
    assert list(sheets) == [*MAIN, schema.INSTRUCTIONS_TAB]
    for tab in schema.MAIN_TABS:
        assert [trimmed(row) for row in sheets[tab.name]] == [list(tab.headers)]
    book = openpyxl.load_workbook(template_xlsx)
    assert book["Korban"].freeze_panes == "A2"
    assert any("F2" in v.sqref for v in book["Korban"].data_validations.dataValidation)  # Kecamatan


# --------------------------------------------------------------------------- details


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (43199, dt.date(2018, 4, 9)),
        (43199.5, dt.datetime(2018, 4, 9, 12, 0)),
        (2, dt.date(1900, 1, 1)),
    ],
)
def test_from_serial(serial, expected):
    assert from_serial(serial) == expected
    if isinstance(expected, dt.date) and not isinstance(expected, dt.datetime):
        assert demo.to_serial(expected) == serial


def test_headers_in_any_order_text_like_formulas_and_unknown_tabs(tmp_path):
    header = ["Catatan", "Tanggal Identifikasi", "ID Korban", "Jenis Kelamin", "Kecamatan", "Kolom Lain"]
    raw = RawWorkbook(
        "test",
        {
            "korban": RawTab("korban", [header, ["=bukan rumus", 43199, "KPO-0001", "P", "Cikedung", 43199]]),
            "Catatan Lain": RawTab("Catatan Lain", [["apa saja"], [1, "2018-04-09"]]),
        },
    )
    path = tmp_path / "odd.xlsx"
    write_xlsx(raw, path)
    sheets = read_back(path)
    assert trimmed(sheets["korban"][1]) == [
        "=bukan rumus",
        dt.date(2018, 4, 9),
        "KPO-0001",
        "P",
        "Cikedung",
        43199,
    ]  # an unknown column's number is left alone
    assert [trimmed(r) for r in sheets["Catatan Lain"]] == [["apa saja"], [1, "2018-04-09"]]
    ws = openpyxl.load_workbook(path)["korban"]
    assert any("D2" in v.sqref for v in ws.data_validations.dataValidation)  # Jenis Kelamin, wherever it is


def test_template_date_and_money_columns_are_formatted_before_anything_is_typed(template_xlsx):
    # Unformatted, 09/04/2018 typed on an English Excel is read as 4 September; day first, it is 9 April.
    book = openpyxl.load_workbook(template_xlsx)
    checked = 0
    for tab in schema.MAIN_TABS:
        sheet = book[tab.name]
        for position, column in enumerate(tab.columns, start=1):
            expected = {"date": DATE_FORMAT, "money": MONEY_FORMAT}.get(column.kind)
            letter = openpyxl.utils.get_column_letter(position)
            for row in (2, 50, 1 + DROPDOWN_SPARE_ROWS):
                cell = sheet[f"{letter}{row}"]
                if expected:
                    assert cell.number_format == expected, (tab.name, column.header, row)
                    checked += 1
                else:
                    assert cell.number_format == "General", (tab.name, column.header, row)
    assert checked >= 3 * 6  # Korban, Kegiatan and Pemantauan have several date columns
