"""Write workbooks the way staff actually keep them, for tests that read files end to end.

A tab is given either as records (dicts keyed by schema column key, e.g.
`{"survivor_id": "KPO-0001", "identified_on": date(2018, 4, 9)}`) or as literal rows
(lists, header row included). Records are laid out like a real office sheet: a title
row and a blank row above the header, odd but valid header spellings, columns in a
shuffled order and an extra column the schema does not know. An empty record `{}`
becomes an interior blank row. Literal rows are written as given (a title is still
added when `title=True`).

Import it as `from tests.sheets.files import write_xlsx, ...`. Row numbers of a
laid-out tab: the header is sheet row `HEADER_ROW`, the first record is `FIRST_DATA_ROW`.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

import openpyxl
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import P
from openpyxl.styles import Border, Font, PatternFill, Side

from sheets import schema

TITLE_ROWS = 2  # the title and the blank line under it
HEADER_ROW = TITLE_ROWS + 1
FIRST_DATA_ROW = HEADER_ROW + 1
EXTRA_COLUMN = "Keterangan Tambahan"

# Spellings seen in office sheets; each must still match its column (a test checks).
STAFF_HEADERS: dict[tuple[str, str], str] = {
    ("Korban", "survivor_id"): "No. ID Korban",
    ("Korban", "identified_on"): "tgl. identifikasi",
    ("Korban", "sex"): "JENIS  KELAMIN",
    ("Korban", "birth_date"): "Tgl. Lahir",
    ("Korban", "age"): "Umur (th)",
    ("Korban", "district"): "Kec.",
    ("Korban", "village"): "Desa/Kel",
    ("Korban", "exploited_abroad"): "DN/LN",
    ("Kegiatan", "activity_id"): "Kode Kegiatan",
    ("Kegiatan", "starts_on"): "Tgl Mulai",
    ("Kegiatan", "ends_on"): "tgl. selesai",
    ("Kegiatan", "budget"): "ANGGARAN (Rp.)",
    ("Kegiatan", "capacity"): "Kuota Peserta",
    ("Peserta", "activity_id"): "Kode  Kegiatan",
    ("Peserta", "survivor_id"): "No. ID Korban",
    ("Peserta", "days_attended"): "Hadir (hari)",
    ("Pemantauan", "survivor_id"): "No. ID Korban",
    ("Pemantauan", "visited_on"): "Tgl. Kunjungan",
    ("Pemantauan", "monthly_income"): "Pendapatan/Bulan",
    ("Target", "year"): "TAHUN",
    ("Target", "budget"): "Pagu Anggaran",
    ("Identitas", "nik"): "No. KTP",
    ("Identitas", "phone"): "No. HP",
}

Records = list[dict[str, object]]
Rows = list[list[object]]


def title_for(tab: str) -> str:
    """The title staff type above a tab's header."""
    return f"DATA {tab.upper()} - DINAS SOSIAL KAB. INDRAMAYU"


def staff_rows(
    tab: str,
    records: Records | Rows,
    *,
    messy: bool = True,
    title: bool = True,
    extra: bool = True,
    seed: int = 1,
) -> Rows:
    """The grid a staff member's tab would hold for `records` (see the module docstring)."""
    top: Rows = [[title_for(tab)], []] if title else []
    if not records or isinstance(records[0], list):
        return top + [list(r) for r in records]
    keys = _keys_in_order(tab, records)
    headers = [_header(tab, k, messy) for k in keys]
    order = list(range(len(keys)))
    if messy:
        random.Random(f"{seed}:{tab}").shuffle(order)
    header_row = [headers[i] for i in order]
    body = [[rec.get(keys[i]) for i in order] for rec in records]
    if extra:
        # The extra column goes in the middle, where staff insert one.
        at = len(header_row) // 2
        header_row.insert(at, EXTRA_COLUMN)
        for n, (row, rec) in enumerate(zip(body, records)):
            row.insert(at, "cek ulang" if rec and n % 2 == 0 else None)
    return top + [header_row] + body


def write_xlsx(
    path: Path, tabs: dict[str, Records | Rows], *, trailing_formatted_rows: int = 200, **layout: object
) -> Path:
    """Write `tabs` to an Excel workbook like an office one: real dates, formatted empty rows below."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    thin = Side(style="thin")
    for tab, records in tabs.items():
        sheet = book.create_sheet(tab)
        rows = staff_rows(tab, records, **layout)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, dt.datetime):
                    cell.number_format = "DD/MM/YYYY HH:MM"
                elif isinstance(value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
        if rows and layout.get("title", True):
            sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
        # Offices pre-format a block of rows with borders and fills; they hold no values.
        width = max((len(r) for r in rows), default=1)
        for r in range(len(rows) + 1, len(rows) + 1 + trailing_formatted_rows):
            for c in range(1, width + 1):
                cell = sheet.cell(row=r, column=c)
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
                cell.fill = PatternFill("solid", fgColor="FFF2CC")
    book.save(path)
    return path


def write_ods(path: Path, tabs: dict[str, Records | Rows], **layout: object) -> Path:
    """Write `tabs` to a LibreOffice .ods like an office one (typed cells, a repeated empty row block)."""
    doc = OpenDocumentSpreadsheet()
    for tab, records in tabs.items():
        table = Table(name=tab)
        rows = staff_rows(tab, records, **layout)
        table.addElement(TableColumn(numbercolumnsrepeated=max((len(r) for r in rows), default=1)))
        for row in rows:
            tr = TableRow()
            for value in row:
                tr.addElement(_ods_cell(value))
            table.addElement(tr)
        # LibreOffice saves the untouched rest of the sheet as one repeated empty row.
        filler = TableRow(numberrowsrepeated=1_048_000)
        filler.addElement(TableCell())
        table.addElement(filler)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def write_csv(path: Path, rows: Rows, *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    """Write literal rows as CSV text the way a spreadsheet program does (dates day-first, CRLF)."""
    width = max((len(r) for r in rows), default=0)
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        for row in rows:
            # Spreadsheet programs pad every row to the used width.
            writer.writerow([_csv_text(v) for v in row] + [""] * (width - len(row)))
    return path


def write_csv_folder(
    folder: Path,
    tabs: dict[str, Records | Rows],
    *,
    spreadsheet: str = "Data Rehabilitasi",
    delimiter: str = ",",
    encoding: str = "utf-8",
    **layout: object,
) -> Path:
    """Write one CSV per tab named like Google's download: `<spreadsheet> - <tab>.csv`."""
    folder.mkdir(parents=True, exist_ok=True)
    for tab, records in tabs.items():
        name = f"{spreadsheet} - {tab}.csv" if spreadsheet else f"{tab}.csv"
        write_csv(folder / name, staff_rows(tab, records, **layout), delimiter=delimiter, encoding=encoding)
    return folder


# --------------------------------------------------------------------------- helpers


def _keys_in_order(tab: str, records: Records) -> list[str]:
    used = {k for rec in records for k in rec}
    known = [c.key for c in schema.TABS[tab].columns] if tab in schema.TABS else []
    return [k for k in known if k in used] + sorted(used - set(known))


def _header(tab: str, key: str, messy: bool) -> str:
    if messy and (tab, key) in STAFF_HEADERS:
        return STAFF_HEADERS[(tab, key)]
    if tab in schema.TABS and key in {c.key for c in schema.TABS[tab].columns}:
        return schema.TABS[tab].column(key).header
    return key  # not a schema column: written as its own header


def _ods_cell(value: object) -> TableCell:
    if value is None:
        return TableCell()
    if isinstance(value, bool):
        cell = TableCell(valuetype="boolean", booleanvalue="true" if value else "false")
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, (int, float)):
        cell = TableCell(valuetype="float", value=value)
        text = str(value)
    elif isinstance(value, dt.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
        text = value.strftime("%d/%m/%Y")
    else:
        cell = TableCell(valuetype="string")
        text = str(value)
    cell.addElement(P(text=text))
    return cell


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)
