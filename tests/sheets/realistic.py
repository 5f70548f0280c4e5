"""Workbooks written the way Excel, LibreOffice and Google Sheets really write them.

openpyxl and odfpy write what they are told, which is not what office programs save:
they store no calculated values, no error cells and no LibreOffice extensions. This
script writes the files' XML itself, as each program lays it out:

- **Excel** (`excel_xlsx`): shared strings, dates as serials with a date style,
  formulas with their cached value (`<f>` and `<v>`), error cells as `t="e"`,
  merged ranges in `<mergeCells>`, hidden sheets as `state="hidden"`;
- **a script** (`script_xlsx`): the same, but formulas saved without any value
  (openpyxl's way: `<f>` and an empty `<v>`), never opened in Excel;
- **LibreOffice** (`libreoffice_ods`): merged cells as `number-rows-spanned` plus
  covered cells, formulas with `office:value`, errors as an empty string marked
  `calcext:value-type="error"` with the shown text, hidden sheets as a table style
  with `table:display="false"`, and the untouched rest of the sheet as one repeated row;
- **Google Sheets** (`google_csv_folder`): a "Download > CSV" per tab, error values as text;
- **a password** (`encrypted_xlsx`): Excel's encrypted container (an OLE file with
  `EncryptionInfo` and `EncryptedPackage` streams), made by msoffcrypto-tool.

A sheet is `Sheet(name, rows, merges, hidden)`; a cell is a value (`str`, `int`,
`float`, `bool`, `date`, None) or a `Formula`. Run it to write every kind into a
folder: `python -m tests.sheets.realistic OUT_DIR`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

EPOCH = dt.date(1899, 12, 30)


@dataclass(frozen=True)
class Formula:
    """A formula cell: its text (without '='), and the value or error it shows (None: never calculated)."""

    text: str
    value: object = None
    error: str | None = None


@dataclass(frozen=True)
class Sheet:
    """One tab: rows of cells, merged ranges as A1 strings ('B4:B6'), and whether it is hidden."""

    name: str
    rows: list[list[object]]
    merges: tuple[str, ...] = ()
    hidden: bool = False


# --------------------------------------------------------------------------- SpreadsheetML


def excel_xlsx(path: Path, sheets: list[Sheet]) -> Path:
    """An .xlsx as Excel saves it: every formula with its calculated value or error."""
    return _xlsx(path, sheets, calculated=True)


def script_xlsx(path: Path, sheets: list[Sheet]) -> Path:
    """An .xlsx as a script writes it (openpyxl's layout): formulas without any calculated value."""
    return _xlsx(path, sheets, calculated=False)


def _xlsx(path: Path, sheets: list[Sheet], *, calculated: bool) -> Path:
    strings: list[str] = []
    index: dict[str, int] = {}

    def shared(text: str) -> int:
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    parts = {
        f"xl/worksheets/sheet{n}.xml": _sheet_xml(sheet, shared, calculated)
        for n, sheet in enumerate(sheets, start=1)
    }
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {main} {rel}>'
        '<bookViews><workbookView activeTab="0"/></bookViews><sheets>'
        + "".join(
            f'<sheet name={quoteattr(s.name)} sheetId="{n}"'
            + (' state="hidden"' if s.hidden else "")
            + f' r:id="rId{n}"/>'
            for n, s in enumerate(sheets, start=1)
        )
        + "</sheets>"
        + ('<calcPr calcId="191029"/>' if calculated else '<calcPr fullCalcOnLoad="1"/>')
        + "</workbook>"
    )
    pkg = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
    doc = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    workbook_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships {pkg}>'
        + "".join(
            f'<Relationship Id="rId{n}" Type="{doc}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(sheets) + 1)
        )
        + f'<Relationship Id="rId{len(sheets) + 1}" Type="{doc}/styles" Target="styles.xml"/>'
        + f'<Relationship Id="rId{len(sheets) + 2}" Type="{doc}/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>'
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + "".join(
            f'<Override PartName="/{part}" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for part in parts
        )
        + '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    root_rels = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships {pkg}>'
        f'<Relationship Id="rId1" Type="{doc}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    # Style 1 is a date (built-in format 14, d/m/yyyy in an Indonesian Excel).
    styles = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet {main}>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        "</styleSheet>"
    )
    shared_xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst {main} count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f'<si><t xml:space="preserve">{escape(t)}</t></si>' for t in strings)
        + "</sst>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        archive.writestr("xl/styles.xml", styles)
        archive.writestr("xl/sharedStrings.xml", shared_xml)
        for part, xml in parts.items():
            archive.writestr(part, xml)
    return path


def _sheet_xml(sheet: Sheet, shared, calculated: bool) -> str:
    rows = []
    for r, row in enumerate(sheet.rows, start=1):
        cells = "".join(
            _xlsx_cell(f"{_letters(c)}{r}", value, shared, calculated)
            for c, value in enumerate(row)
            if value is not None
        )
        if cells:
            rows.append(f'<row r="{r}">{cells}</row>')
    merges = (
        (
            f'<mergeCells count="{len(sheet.merges)}">'
            + "".join(f'<mergeCell ref="{m}"/>' for m in sheet.merges)
            + "</mergeCells>"
        )
        if sheet.merges
        else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(rows)}</sheetData>{merges}</worksheet>"
    )


def _xlsx_cell(ref: str, value: object, shared, calculated: bool) -> str:
    if isinstance(value, Formula):
        f = f"<f>{escape(value.text)}</f>"
        if not calculated:
            return f'<c r="{ref}">{f}<v></v></c>'
        if value.error:
            return f'<c r="{ref}" t="e">{f}<v>{escape(value.error)}</v></c>'
        if isinstance(value.value, str):
            return f'<c r="{ref}" t="str">{f}<v>{escape(value.value)}</v></c>'
        return f'<c r="{ref}">{f}<v>{value.value}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="1"><v>{_serial(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="s"><v>{shared(str(value))}</v></c>'


# --------------------------------------------------------------------------- OpenDocument

_ODS_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "calcext": "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0",
    "of": "urn:oasis:names:tc:opendocument:xmlns:of:1.2",
}


def libreoffice_ods(path: Path, sheets: list[Sheet], *, calculated: bool = True) -> Path:
    """An .ods as LibreOffice Calc saves it (`calculated=False`: formulas as a script leaves them)."""
    namespaces = " ".join(f'xmlns:{k}="{v}"' for k, v in _ODS_NS.items())
    tables = []
    for sheet in sheets:
        spans = {}
        covered = set()
        for merge in sheet.merges:
            (r0, c0), (r1, c1) = (_a1(p) for p in merge.split(":"))
            spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
            covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
        height = max(len(sheet.rows), max((r for r, _ in covered), default=-1) + 1)
        width = max([len(r) for r in sheet.rows] + [c + 1 for _, c in covered] + [1])
        rows = []
        for r in range(height):
            row = sheet.rows[r] if r < len(sheet.rows) else []
            cells = []
            for c in range(width):
                value = row[c] if c < len(row) else None
                if (r, c) in covered:
                    cells.append("<table:covered-table-cell/>")
                else:
                    cells.append(_ods_cell(value, spans.get((r, c)), calculated))
            rows.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
        # The untouched rest of the sheet: one row repeated to the end, as LibreOffice saves it.
        rows.append(
            '<table:table-row table:number-rows-repeated="1048000">'
            f'<table:table-cell table:number-columns-repeated="{width}"/></table:table-row>'
        )
        style = ' table:style-name="ta_hidden"' if sheet.hidden else ' table:style-name="ta1"'
        tables.append(
            f"<table:table table:name={quoteattr(sheet.name)}{style}>"
            f'<table:table-column table:number-columns-repeated="{width}"/>{"".join(rows)}</table:table>'
        )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {namespaces} office:version="1.3">'
        "<office:automatic-styles>"
        '<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/>'
        "</style:style>"
        '<style:style style:name="ta_hidden" style:family="table">'
        '<style:table-properties table:display="false"/></style:style></office:automatic-styles>'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        # The mimetype comes first and uncompressed, as the OpenDocument package format requires.
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def _ods_cell(value: object, span: tuple[int, int] | None, calculated: bool) -> str:
    attrs = ""
    if span is not None:
        attrs += f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"'
    if value is None:
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, Formula):
        attrs += f" table:formula={quoteattr('of:=' + value.text)}"
        if not calculated:
            return f"<table:table-cell{attrs}/>"
        if value.error:
            return (
                f'<table:table-cell{attrs} office:value-type="string" office:string-value="" '
                f'calcext:value-type="error"><text:p>{escape(value.error)}</text:p></table:table-cell>'
            )
        value = value.value
    if isinstance(value, bool):
        return (
            f'<table:table-cell{attrs} office:value-type="boolean" office:boolean-value='
            f'"{str(value).lower()}"><text:p>{str(value).upper()}</text:p></table:table-cell>'
        )
    if isinstance(value, dt.date):
        return (
            f'<table:table-cell{attrs} office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
        )
    if isinstance(value, (int, float)):
        return (
            f'<table:table-cell{attrs} office:value-type="float" office:value="{value!r}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell{attrs} office:value-type="string"><text:p>{escape(str(value))}</text:p>'
        "</table:table-cell>"
    )


# --------------------------------------------------------------------------- Google Sheets and passwords


def google_csv_folder(folder: Path, sheets: list[Sheet], *, spreadsheet: str = "Data Rehabilitasi") -> Path:
    """Google Sheets' "Download > CSV" of each tab: `<spreadsheet> - <tab>.csv`, values as shown, errors as text.

    A merged range's value is written in its first cell only (CSV has no merges).
    """
    folder.mkdir(parents=True, exist_ok=True)
    for sheet in sheets:
        with open(folder / f"{spreadsheet} - {sheet.name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            for row in sheet.rows:
                writer.writerow([_shown(v) for v in row])
    return folder


def google_api_rows(sheet: Sheet) -> list[list[object]]:
    """The tab as the Sheets API's values:batchGet sends it (UNFORMATTED_VALUE): errors as text, merges not filled."""
    out = []
    for row in sheet.rows:
        cells = []
        for value in row:
            if isinstance(value, Formula):
                value = value.error or value.value
            cells.append(_serial(value) if isinstance(value, dt.date) else value)
        out.append(cells)
    return out


def google_merges(sheet: Sheet, sheet_id: int) -> list[dict[str, int]]:
    """The tab's merged ranges as the Sheets API's metadata lists them (GridRanges, end exclusive)."""
    out = []
    for merge in sheet.merges:
        (r0, c0), (r1, c1) = (_a1(p) for p in merge.split(":"))
        out.append(
            {
                "sheetId": sheet_id,
                "startRowIndex": r0,
                "endRowIndex": r1 + 1,
                "startColumnIndex": c0,
                "endColumnIndex": c1 + 1,
            }
        )
    return out


def encrypted_xlsx(path: Path, sheets: list[Sheet], password: str = "rahasia") -> Path:
    """An .xlsx saved with "Encrypt with Password": Excel's agile-encrypted OLE container."""
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO()
    excel_xlsx(plain, sheets)  # zipfile writes to a file object as well as to a path
    plain.seek(0)
    with open(path, "wb") as out:
        OOXMLFile(plain).encrypt(password, out)
    return path


# --------------------------------------------------------------------------- helpers


def _shown(value: object) -> str:
    if isinstance(value, Formula):
        value = value.error or value.value
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool):
        return str(value).upper()
    return str(value)


def _serial(value: dt.date) -> int:
    return (value - EPOCH).days


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _a1(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    number = int("".join(ch for ch in ref if ch.isdigit()))
    column = 0
    for ch in letters.upper():
        column = column * 26 + ord(ch) - 64
    return number - 1, column - 1


# --------------------------------------------------------------------------- the workbook every kind writes


def office_workbook() -> list[Sheet]:
    """A small main spreadsheet with what staff files really hold, at known cells.

    Korban: a title merged across the header (not a problem), a Kecamatan merged down
    over three survivors (B... rows 4-6), a formula computing the age (cached 23), an
    `#N/A` from a lookup in Jenis Eksploitasi, and a hidden stale copy `KORBAN ` with
    two rows. Kegiatan: an ID merged over nothing else, a `#DIV/0!` budget.
    """
    korban = Sheet(
        "Korban",
        [
            ["DATA KORBAN TPPO - DINAS SOSIAL KAB. INDRAMAYU"],
            [],
            [
                "ID Korban",
                "Tanggal Identifikasi",
                "Jenis Kelamin",
                "Kecamatan",
                "Tanggal Lahir",
                "Usia",
                "Jenis Eksploitasi",
            ],
            [
                "KPO-0001",
                dt.date(2018, 3, 1),
                "P",
                "Cikedung",
                dt.date(1995, 1, 2),
                Formula('DATEDIF(E4,B4,"Y")', 23),
                "Kerja Paksa",
            ],
            [
                "KPO-0002",
                dt.date(2018, 3, 2),
                "L",
                None,
                None,
                30,
                Formula("VLOOKUP(A5,Ref!A:B,2,0)", error="#N/A"),
            ],
            ["KPO-0003", dt.date(2018, 3, 3), "P", None, None, 41, "Lainnya"],
            ["KPO-0004", dt.date(2018, 3, 4), "P", "Sliyeg", None, 19, "Kerja Paksa"],
        ],
        merges=("A1:G1", "D4:D6"),
    )
    stale = Sheet(
        "KORBAN ",
        [
            ["ID Korban", "Tanggal Identifikasi", "Jenis Kelamin", "Kecamatan"],
            ["KPO-9001", dt.date(2016, 1, 1), "P", "Lelea"],
            ["KPO-9002", dt.date(2016, 1, 2), "L", "Lelea"],
        ],
        hidden=True,
    )
    kegiatan = Sheet(
        "Kegiatan",
        [
            [
                "ID Kegiatan",
                "Nama Kegiatan",
                "Jenis Kegiatan",
                "Tanggal Mulai",
                "Tanggal Selesai",
                "Kecamatan",
                "Anggaran (Rp)",
            ],
            [
                "KEG-1",
                "Pelatihan UEP",
                "Pelatihan Keterampilan",
                dt.date(2018, 4, 9),
                dt.date(2018, 4, 10),
                "Cikedung",
                Formula("C9/0", error="#DIV/0!"),
            ],
        ],
    )
    return [korban, stale, kegiatan]


def write_all(folder: Path) -> list[Path]:
    """Every kind of file, written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    sheets = office_workbook()
    return [
        excel_xlsx(folder / "excel.xlsx", sheets),
        script_xlsx(folder / "script.xlsx", sheets),
        libreoffice_ods(folder / "libreoffice.ods", sheets),
        libreoffice_ods(folder / "script.ods", sheets, calculated=False),
        google_csv_folder(folder / "google-csv", [s for s in sheets if not s.hidden]),
        encrypted_xlsx(folder / "password.xlsx", sheets),
    ]


if __name__ == "__main__":
    for written in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "realistic-workbooks")):
        print(written)
