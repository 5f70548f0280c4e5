"""What python-calamine reads as an empty cell, read from the workbook's own XML.

calamine (0.9) turns a formula error (`#N/A`, `#DIV/0!`) into an empty cell, and so
is a formula saved without its calculated value (a file written by a script and
never opened in Excel); for `.ods` it also reports no merged ranges. Each of those
would silently become "missing" or be lost. This module reads exactly those cells
from the XML of `.xlsx`/`.xlsm` (SpreadsheetML) and `.ods` (OpenDocument) files and
hands them back by position, so `sources` can put them where calamine left a hole:
an error as its text (`#N/A`), an uncalculated formula as `=` and its text.

A sheet part without formulas, errors or spanned cells is recognised with one byte
search and never parsed, so ordinary workbooks cost nothing extra.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from sheets.raw import Merge

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"

_XLSX_HINT = re.compile(rb"<(?:\w+:)?f[\s>/]|\st=\"e\"")
_ODS_HINT = re.compile(rb"table:formula=|number-(?:rows|columns)-spanned=|value-type=\"error\"")
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
_FORMULA_PREFIX = re.compile(r"^[a-z]+:(?==)")
# A block of identical repeated rows holding formulas is spelled out at most this far.
_MAX_REPEAT = 100_000


@dataclass
class SheetCells:
    """The cells calamine left out of one sheet: (row, column) -> text, and its merged ranges."""

    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[Merge] = field(default_factory=list)


def read(data: bytes) -> dict[str, SheetCells]:
    """Sheet name -> the cells calamine cannot show, for an .xlsx/.xlsm or .ods file; {} for anything else."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                return _xlsx(archive)
            if "content.xml" in names:
                return _ods(archive.read("content.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError, EOFError):
        # calamine has already opened the file: an odd part here costs the extra cells, not the read.
        return {}
    return {}


# --------------------------------------------------------------------------- SpreadsheetML


def _xlsx(archive: zipfile.ZipFile) -> dict[str, SheetCells]:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{{{_PKG_REL}}}Relationship")}
    out: dict[str, SheetCells] = {}
    for sheet in workbook.iter(f"{{{_MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{_REL}}}id"), "")
        part = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        )
        try:
            xml = archive.read(part)
        except KeyError:
            continue
        if _XLSX_HINT.search(xml):
            found = _xlsx_sheet(xml)
            if found.cells:
                out[sheet.get("name", "")] = found
    return out


def _xlsx_sheet(xml: bytes) -> SheetCells:
    found = SheetCells()
    shared: dict[str, str] = {}  # a shared formula's text is written on its first cell only
    row_number, column = 0, -1
    for _, elem in ElementTree.iterparse(io.BytesIO(xml), events=("end",)):
        tag = elem.tag.rpartition("}")[2]
        if tag == "row":
            elem.clear()
            continue
        if tag != "c":
            continue
        where = _CELL_REF.fullmatch(elem.get("r", ""))
        if where:
            column, row_number = _column_index(where.group(1)), int(where.group(2)) - 1
        else:  # `r` is optional: count along the row
            column += 1
        kind = elem.get("t", "n")
        formula = value = None
        for child in elem:
            child_tag = child.tag.rpartition("}")[2]
            if child_tag == "f":
                formula = child
            elif child_tag == "v":
                value = child.text
        if kind == "e" and value:
            found.cells[(row_number, column)] = value.strip()
        elif formula is not None:
            text = formula.text or ""
            if formula.get("t") == "shared" and formula.get("si") is not None:
                text = (
                    shared.setdefault(formula.get("si"), text) if text else shared.get(formula.get("si"), "")
                )
            # A formula whose result is text may have an empty cached value (="" is a result);
            # a number-typed one with none was never calculated.
            if value is None or (value == "" and kind not in ("str", "s", "inlineStr")):
                found.cells[(row_number, column)] = "=" + text
        elem.clear()
    return found


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


# --------------------------------------------------------------------------- OpenDocument


def _ods(xml: bytes) -> dict[str, SheetCells]:
    if not _ODS_HINT.search(xml):
        return {}
    out: dict[str, SheetCells] = {}
    table = f"{{{_TABLE}}}table"
    row_tag = f"{{{_TABLE}}}table-row"
    cells = (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell")
    current: SheetCells | None = None
    row = column = 0
    pending: list[tuple[int, int, str]] = []  # cells of the current row: (column, repeat, text)
    for event, elem in ElementTree.iterparse(io.BytesIO(xml), events=("start", "end")):
        if event == "start":
            if elem.tag == table:
                current, row = SheetCells(), 0
                out[elem.get(f"{{{_TABLE}}}name", "")] = current
            elif elem.tag == row_tag:
                column, pending = 0, []
            continue
        if elem.tag in cells and current is not None:
            repeat = int(elem.get(f"{{{_TABLE}}}number-columns-repeated", "1"))
            text = _ods_cell(elem)
            if text is not None:
                pending.append((column, min(repeat, _MAX_REPEAT), text))
            spans = (
                int(elem.get(f"{{{_TABLE}}}number-rows-spanned", "1")),
                int(elem.get(f"{{{_TABLE}}}number-columns-spanned", "1")),
            )
            if spans != (1, 1):
                current.merges.append((row, column, row + spans[0] - 1, column + spans[1] - 1))
            column += repeat
            elem.clear()
        elif elem.tag == row_tag and current is not None:
            repeat = int(elem.get(f"{{{_TABLE}}}number-rows-repeated", "1"))
            for r in range(row, row + (min(repeat, _MAX_REPEAT) if pending else 0)):
                for first, count, text in pending:
                    for c in range(first, first + count):
                        current.cells[(r, c)] = text
            row += repeat
            elem.clear()
        elif elem.tag == table:
            current = None
    return {name: found for name, found in out.items() if found.cells or found.merges}


def _ods_cell(elem: ElementTree.Element) -> str | None:
    """An error cell's text (`#DIV/0!`, `Err:502`), `=formula` for one never calculated, else None."""
    formula = elem.get(f"{{{_TABLE}}}formula")
    if formula is None:
        return None
    if elem.get(f"{{{_CALCEXT}}}value-type") == "error":
        shown = "".join("".join(p.itertext()) for p in elem.iter(f"{{{_TEXT}}}p")).strip()
        return shown or "#VALUE!"
    if elem.get(f"{{{_OFFICE}}}value-type") is None:
        # `of:=[.A2]*2`: the namespace prefix is the formula syntax's, not what staff typed.
        return "=" + _FORMULA_PREFIX.sub("", formula).lstrip("=")
    return None
