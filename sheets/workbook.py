"""Write a raw workbook (or a blank template) to an .xlsx file staff can open and fill in.

Everything about the columns comes from the schema: which cells are dates or
money (and so get a number format), which get a dropdown, and the `Petunjuk`
(instructions) sheet. Cells are written as the source holds them: a date typed as
text stays text, so the file shows the same problems validation reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from os import PathLike
from typing import TYPE_CHECKING, cast

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from sheets import schema
from sheets.parse import locate_header
from sheets.raw import Cell, RawTab, RawWorkbook, Rows
from sheets.schema import Column, Tab, normalise

if TYPE_CHECKING:
    from openpyxl.cell import _CellSetValue

DATE_FORMAT = "dd/mm/yyyy"
MONEY_FORMAT = "#,##0"
# How a workbook shows a value of each column kind (None: as it is); dates are day first, as the
# contract writes them, money with thousands separators.
NUMBER_FORMATS: dict[str, str | None] = {
    "text": None,
    "id": None,
    "date": DATE_FORMAT,
    "category": None,
    "whole": None,
    "money": MONEY_FORMAT,
    "yesno": None,
}
# Dropdowns reach this many rows below the last data row, so new rows get them too.
DROPDOWN_SPARE_ROWS = 1000

_EPOCH = dt.date(1899, 12, 30)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_MIN_WIDTH, _MAX_WIDTH = 8, 45
# Excel rejects an inline dropdown list longer than this; longer lists point at cells instead.
_INLINE_LIST_LIMIT = 255
_LIST_FIRST_COLUMN = 8  # column H of Petunjuk holds the dropdown lists


def write_xlsx(raw: RawWorkbook, path: str | PathLike[str]) -> None:
    """Write every tab of `raw` to `path` as .xlsx, with formats, dropdowns and a Petunjuk sheet."""
    book = Workbook()
    first = book.active  # a new workbook has one sheet, replaced by ours
    assert isinstance(first, Worksheet)
    book.remove(first)
    instructions = book.create_sheet(schema.INSTRUCTIONS_TAB)
    lists = _write_instructions(instructions)
    for title, tab in raw.tabs.items():
        if normalise(title) == normalise(schema.INSTRUCTIONS_TAB):
            continue  # ours replaces any copy read from the source
        _write_tab(book.create_sheet(title), tab, _schema_tab(title), lists)
    # Staff open the file on the data, not on the instructions.
    book.move_sheet(instructions, offset=len(book.sheetnames) - 1)
    book.active = 0
    book.save(path)


def write_template(path: str | PathLike[str]) -> None:
    """Write a blank main spreadsheet (headers, dropdowns, Petunjuk; no data rows) to `path`."""
    tabs = {t.name: RawTab(t.name, [list(t.headers)]) for t in schema.MAIN_TABS}
    write_xlsx(RawWorkbook(source="template", tabs=tabs), path)


def from_serial(serial: float) -> dt.date | dt.datetime:
    """A Sheets / Excel day serial as a date (a datetime when it has a time of day)."""
    whole = int(serial)
    day = _EPOCH + dt.timedelta(days=whole)
    if serial == whole:
        return day
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(days=serial - whole)


# --------------------------------------------------------------------------- tabs


def _schema_tab(title: str) -> Tab | None:
    wanted = normalise(title)
    return next((t for t in schema.TABS.values() if normalise(t.name) == wanted), None)


def _write_tab(ws: Worksheet, tab: RawTab, contract: Tab | None, lists: dict[tuple[str, ...], str]) -> None:
    # The same header detection as reading, so a written file reads back identically.
    header: int | None = None
    columns: dict[int, Column] = {}
    if contract is not None:
        match = locate_header(tab.rows, contract)
        header = match.row_index
        if header is not None:
            columns = {pos: contract.column(key) for key, pos in match.columns.items()}
    for r, row in enumerate(tab.rows, start=1):
        for c, value in enumerate(row, start=1):
            column = columns.get(c - 1) if header is not None and r - 1 > header else None
            _write_cell(ws, r, c, value, column)
    if header is None:
        return
    header_row = header + 1
    for c in range(1, len(tab.rows[header]) + 1):
        cell = ws.cell(header_row, c)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r in range(1, header_row):
        for cell in ws[r]:
            if cell.value not in (None, ""):
                cell.font = Font(bold=True, size=13)
    ws.freeze_panes = ws.cell(header_row + 1, 1).coordinate
    _set_widths(ws, tab.rows, header, columns)
    last = max(len(tab.rows), header_row) + DROPDOWN_SPARE_ROWS
    for position, column in columns.items():
        _add_dropdown(ws, column, get_column_letter(position + 1), header_row + 1, last, lists)
        _format_empty_cells(ws, column, position + 1, header_row + 1, last)


def _write_cell(ws: Worksheet, r: int, c: int, value: Cell, column: Column | None) -> None:
    if value is None or value == "":
        return
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if column is not None and column.kind == "date" and isinstance(value, (int, float)) and is_number:
        # A number in a date column is a Sheets serial; Excel should see a real date.
        try:
            value = from_serial(value)
        except (OverflowError, ValueError):
            pass  # an absurd serial stays a number, as validation will report it
    # Raw cells are the scalars openpyxl writes: text, numbers (numpy's too), booleans, dates.
    cell = ws.cell(r, c, cast("_CellSetValue", value))
    if isinstance(value, str):
        # openpyxl would take text starting with '=' for a formula; staff typed text.
        cell.data_type = "s"
    elif isinstance(value, (dt.date, dt.datetime)):
        cell.number_format = DATE_FORMAT
    elif column is not None and is_number and (shown := NUMBER_FORMATS[column.kind]) is not None:
        cell.number_format = shown


def _format_empty_cells(ws: Worksheet, column: Column, c: int, first: int, last: int) -> None:
    """Give the empty cells of a date or money column their format, down to the dropdowns' last row.

    A date typed into an unformatted cell is read in the computer's order (month first on an
    English Excel); formatted dd/mm/yyyy, it is shown day first as the contract writes it. The
    column's own style covers rows past `last`.
    """
    fmt = NUMBER_FORMATS[column.kind]
    if fmt is None:
        return
    ws.column_dimensions[get_column_letter(c)].number_format = fmt
    for r in range(first, last + 1):
        cell = ws.cell(r, c)
        if cell.value is None:
            cell.number_format = fmt


def _set_widths(ws: Worksheet, rows: Rows, header: int, columns: dict[int, Column]) -> None:
    sample = rows[header : header + 200]
    for position in range(max(len(row) for row in sample)):
        column = columns.get(position)
        longest = 0
        for row in sample:
            value = row[position] if position < len(row) else None
            if value in (None, ""):
                continue
            is_date = column is not None and column.kind == "date" and not isinstance(value, str)
            # Serials are shown as dd/mm/yyyy, money with thousands dots.
            shown = f"{value:,}" if isinstance(value, int) else str(value)
            longest = max(longest, 10 if is_date else len(shown))
        width = min(_MAX_WIDTH, max(_MIN_WIDTH, longest + 2))
        ws.column_dimensions[get_column_letter(position + 1)].width = width


def _add_dropdown(
    ws: Worksheet, column: Column, letter: str, first: int, last: int, lists: dict[tuple[str, ...], str]
) -> None:
    choices = column.choices()
    if not choices:
        return
    inline = '"' + ",".join(choices) + '"'
    formula = inline if len(inline) <= _INLINE_LIST_LIMIT else lists[choices]
    # A warning, not a stop: aliases (P, Kec. Sliyeg, BP2MI) are valid too.
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showDropDown=False,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=column.header[:32],
        error="Nilai ini tidak ada di daftar. " + column.help_id,
        showInputMessage=True,
        promptTitle=column.header[:32],
        prompt=column.help_id[:255],
    )
    validation.add(f"{letter}{first}:{letter}{last}")
    ws.add_data_validation(validation)


# --------------------------------------------------------------------------- instructions


_INTRO = (
    (
        "Spreadsheet ini berisi data rehabilitasi korban TPPO tanpa nama: setiap korban hanya ditulis dengan "
        "ID Korban. Nama, NIK, alamat dan nomor HP hanya boleh ada di spreadsheet Identitas yang terbatas."
    ),
    (
        "Baris judul kolom boleh di salah satu dari 5 baris pertama; urutan kolom bebas. Kolom 'Wajib' harus "
        "diisi, kalau tidak baris itu tidak dihitung."
    ),
    (
        "Tanggal ditulis hari/bulan/tahun (09/04/2018 atau 9 April 2018). Rupiah boleh ditulis 1500000, "
        "Rp 1.500.000 atau 1,5 juta. Ya/Tidak untuk kolom ya-tidak."
    ),
)


def _write_instructions(ws: Worksheet) -> dict[tuple[str, ...], str]:
    """Fill the Petunjuk sheet from the schema; return choices -> the range holding them, for long lists."""
    ws["A1"] = "PETUNJUK PENGISIAN - Data Rehabilitasi Korban TPPO"
    ws["A1"].font = Font(bold=True, size=14)
    r = 2
    for line in _INTRO:
        ws.cell(r, 1, line)
        r += 1
    for tab in schema.MAIN_TABS:
        r += 1
        ws.cell(r, 1, f"Tab {tab.name}").font = Font(bold=True, size=12)
        ws.cell(r, 3, tab.help_id)
        r += 1
        for c, title in enumerate(("Kolom", "Wajib", "Penjelasan", "Contoh", "Pilihan", "English"), start=1):
            cell = ws.cell(r, c, title)
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL
        for column in tab.columns:
            r += 1
            values = (
                column.header,
                "Wajib" if column.required else "Tidak",
                column.help_id,
                column.example,
                ", ".join(column.choices() or column.suggestions),
                f"{column.label_en}: {column.help_en}",
            )
            for c, value in enumerate(values, start=1):
                cell = ws.cell(r, c, value or None)
                cell.data_type = "s"
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEF", (26, 8, 60, 22, 40, 60)):
        ws.column_dimensions[letter].width = width
    return _write_lists(ws, _long_lists(schema.TABS.values()))


def _long_lists(tabs: Iterable[Tab]) -> dict[tuple[str, ...], str]:
    """Choices -> the header of a column offering them, for dropdowns too long to write inline."""
    out: dict[tuple[str, ...], str] = {}
    for tab in tabs:
        for column in tab.columns:
            choices = column.choices()
            if choices and len('"' + ",".join(choices) + '"') > _INLINE_LIST_LIMIT:
                out.setdefault(choices, column.header)
    return out


def _write_lists(ws: Worksheet, lists: dict[tuple[str, ...], str]) -> dict[tuple[str, ...], str]:
    ranges: dict[tuple[str, ...], str] = {}
    if lists:
        ws.cell(1, _LIST_FIRST_COLUMN, "Daftar pilihan (dropdown)").font = Font(bold=True)
    for offset, (choices, header) in enumerate(lists.items()):
        c = _LIST_FIRST_COLUMN + offset
        letter = get_column_letter(c)
        ws.cell(2, c, header).font = Font(bold=True)
        for r, value in enumerate(choices, start=3):
            ws.cell(r, c, value)
        ws.column_dimensions[letter].width = max(len(v) for v in choices) + 2
        ranges[choices] = f"{quote_sheetname(ws.title)}!${letter}$3:${letter}${2 + len(choices)}"
    return ranges
