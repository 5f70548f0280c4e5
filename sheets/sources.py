"""Local files staff bring instead of a live sheet: workbooks and CSV folders.

Every reader returns the same `RawWorkbook` as the Google source (CONTRACT.md,
"Files staff bring instead of a live sheet"), so parsing and validation never
know where the rows came from. Workbooks are read with python-calamine (Rust),
which keeps cell types; CSV cells stay text. Row numbers are preserved exactly:
leading blank rows and columns are kept, so row `i` of a tab is the sheet's row
`i + 1`, and interior blank rows stay in place to be counted as blank.
"""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from itertools import islice
from pathlib import Path

import python_calamine

from sheets import schema
from sheets.raw import Cell, RawTab, RawWorkbook
from sheets.schema import normalise

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
CSV_SUFFIXES = (".csv",)
SUPPORTED = "/".join((*WORKBOOK_SUFFIXES, *CSV_SUFFIXES))

# Tabs the app writes itself: present in a downloaded workbook, never data.
_APP_TABS = frozenset(normalise(t) for t in (schema.INSTRUCTIONS_TAB, schema.ISSUES_TAB))
_TAB_NAMES = {normalise(name): name for name in schema.TABS}
# Longest first, so a file name ending in a longer tab name is not claimed by a shorter one.
_TAB_SUFFIXES = sorted(_TAB_NAMES.items(), key=lambda item: -len(item[0]))
# The restricted spreadsheet has a single tab; saved from Excel as CSV, the file is named
# after the spreadsheet ("Identitas Korban.csv"), which would otherwise end in "Korban".
_WHOLE_SPREADSHEETS = {"identitas korban": schema.IDENTITAS.name}
_DELIMITERS = (",", ";", "\t")
_SNIFF_LINES = 20


class SourceError(Exception):
    """A file or folder that cannot be read: one line, Indonesian first, then English."""


def read_workbook(path: str | os.PathLike[str]) -> RawWorkbook:
    """Read a workbook (.xlsx/.xlsm/.xlsb/.xls/.ods), a single .csv, or a folder of CSV files."""
    p = Path(path)
    if p.is_dir():
        return read_csv_folder(p)
    if not p.exists():
        raise SourceError(f"Berkas tidak ditemukan: {p} / File not found: {p}")
    suffix = p.suffix.lower()
    if suffix in CSV_SUFFIXES:
        title = tab_for_filename(p.stem)
        return RawWorkbook(source=str(p), tabs={title: RawTab(title, _csv_rows(_read_bytes(p), p))})
    if suffix in WORKBOOK_SUFFIXES:
        return _read_calamine(p, str(p), p.name)
    raise _unsupported(p.name)


def read_csv_folder(path: str | os.PathLike[str]) -> RawWorkbook:
    """Read a folder holding one CSV file per tab, each recognised by the tab name ending its file name."""
    p = Path(path)
    if not p.exists():
        raise SourceError(f"Folder tidak ditemukan: {p} / Folder not found: {p}")
    if not p.is_dir():
        raise SourceError(f"Bukan folder: {p} / Not a folder: {p}")
    try:
        files = sorted(f for f in p.iterdir() if _is_csv_name(f.name) and f.is_file())
    except OSError as exc:
        raise SourceError(f"Folder tidak dapat dibuka: {p} ({_one_line(exc)}) / "
                          f"Could not open folder: {p} ({_one_line(exc)})") from exc
    if not files:
        raise SourceError(f"Tidak ada berkas CSV di folder: {p} / No CSV files in folder: {p}")
    return _csv_workbook(((f.name, lambda f=f: _read_bytes(f)) for f in files), str(p))


def read_uploaded(files: Iterable[tuple[str, bytes]], source: str = "upload") -> RawWorkbook:
    """Read files uploaded in the browser as (file name, content): one workbook, or one or more CSVs."""
    files = list(files)
    if not files:
        raise SourceError("Tidak ada berkas yang diunggah / No file uploaded")
    workbooks = [name for name, _ in files if Path(name).suffix.lower() in WORKBOOK_SUFFIXES]
    if workbooks and len(files) > 1:
        names = ", ".join(name for name, _ in files)
        raise SourceError(f"Unggah satu buku kerja saja, atau berkas CSV saja: {names} / "
                          f"Upload one workbook alone, or CSV files only: {names}")
    if workbooks:
        name, data = files[0]
        return _read_calamine(io.BytesIO(data), source, name)
    for name, _ in files:
        if not _is_csv_name(name):
            raise _unsupported(name)
    return _csv_workbook(((name, lambda data=data: data) for name, data in files), source)


def tab_for_filename(stem: str) -> str:
    """The schema tab a file name (without extension) stands for, or the stem itself when none.

    `Data Rehabilitasi - Korban`, `korban` and `KORBAN ` all give `Korban`.
    """
    key = normalise(stem)
    if key in _TAB_NAMES:
        return _TAB_NAMES[key]
    if key in _WHOLE_SPREADSHEETS:
        return _WHOLE_SPREADSHEETS[key]
    for tab_key, name in _TAB_SUFFIXES:
        if key.endswith(" " + tab_key):
            return name
    return stem


# --------------------------------------------------------------------------- workbooks

def _read_calamine(target: Path | io.BytesIO, source: str, name: str) -> RawWorkbook:
    tabs: dict[str, RawTab] = {}
    skipped: list[str] = []
    try:
        # Reading from a file object makes calamine detect the format from the content, so
        # an .xlsx saved under .xls (common in downloads from other systems) still opens.
        with (open(target, "rb") if isinstance(target, Path) else nullcontext(target)) as handle, \
                python_calamine.CalamineWorkbook.from_filelike(handle) as book:
            for meta in book.sheets_metadata:
                # Chart and macro sheets hold no cells; the app's own tabs hold no data.
                if meta.typ != python_calamine.SheetTypeEnum.WorkSheet or normalise(meta.name) in _APP_TABS:
                    skipped.append(meta.name)
                    continue
                # skip_empty_area=False keeps leading blank rows/columns, so row and column
                # numbers stay those the staff member sees.
                rows = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
                tabs[meta.name] = RawTab(meta.name, _tidy_workbook_rows(rows))
    except python_calamine.PasswordError as exc:
        raise SourceError(f"Berkas dilindungi kata sandi: {name}; simpan tanpa kata sandi / "
                          f"File is password-protected: {name}; save it without a password") from exc
    except Exception as exc:
        raise _unreadable(name, exc) from exc
    except BaseException as exc:
        # pyo3 turns a Rust panic (a malformed file calamine did not expect) into
        # PanicException, which derives from BaseException: still a bad file, not a crash.
        if type(exc).__name__ != "PanicException":
            raise
        raise _unreadable(name, exc) from exc
    return RawWorkbook(source=source, tabs=tabs, other_tabs=tuple(skipped))


def _tidy_workbook_rows(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Empty strings -> None, whole floats -> int, trailing empties dropped; edits the lists in place."""
    last_used = -1
    for r, row in enumerate(rows):
        last = -1
        for i, value in enumerate(row):
            if value == "":
                row[i] = None
                continue
            # calamine gives every number as float; 12.0 read back as 12 keeps IDs, years
            # and 16-digit NIKs typed as numbers from turning into '12.0' or '3.2e+15'.
            if value.__class__ is float and value.is_integer():
                row[i] = int(value)
            last = i
        del row[last + 1:]
        if last >= 0:
            last_used = r
    # Formatted but empty rows below the data are not rows anyone typed.
    del rows[last_used + 1:]
    return rows


# --------------------------------------------------------------------------- CSV

def _csv_workbook(files: Iterable[tuple[str, Callable[[], bytes]]], source: str) -> RawWorkbook:
    """Tabs from (file name, content loader) pairs; loaders run only once names are checked."""
    claimed: dict[str, str] = {}
    loaders = []
    for name, load in files:
        title = tab_for_filename(Path(name).stem)
        if title in claimed:
            raise SourceError(
                f"Dua berkas untuk tab {title}: {claimed[title]}, {name}; hapus salah satu / "
                f"Two files for tab {title}: {claimed[title]}, {name}; remove one")
        claimed[title] = name
        loaders.append((title, name, load))
    tabs = {title: RawTab(title, _csv_rows(load(), name)) for title, name, load in loaders}
    return RawWorkbook(source=source, tabs=tabs)


def _csv_rows(data: bytes, name: object) -> list[list[Cell]]:
    """Decode and split one CSV file; every cell stays text, empty cells become None."""
    text = _decode(data)
    delimiter = _sniff_delimiter(text)
    rows: list[list[Cell]] = []
    last_used = -1
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            last = -1
            for i, value in enumerate(row):
                if value:
                    last = i
                else:
                    row[i] = None
            del row[last + 1:]
            if last >= 0:
                last_used = len(rows)
            rows.append(row)
    except csv.Error as exc:
        raise _unreadable(name, exc) from exc
    del rows[last_used + 1:]
    return rows


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows' Western code page."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode Text" export, sometimes renamed to .csv.
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 decodes anything.
        return data.decode("latin-1")


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header area into the most consistent multi-column rows.

    Spreadsheet programs pad every row to the same width, so the true delimiter gives
    the same field count on most lines, while a comma inside a `;` file's text (an
    address, a note) shows up on a few lines only. Ties go to the comma.
    """
    sample = "".join(islice(io.StringIO(text, newline=""), _SNIFF_LINES))
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        try:
            counts = Counter(len(r) for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
                             if any(r))
        except csv.Error:
            continue
        width, lines = max(counts.items(), key=lambda item: (item[1], item[0]), default=(0, 0))
        score = (lines, width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


# --------------------------------------------------------------------------- helpers

def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(f"Berkas tidak dapat dibuka: {path} ({_one_line(exc)}) / "
                          f"Could not open file: {path} ({_one_line(exc)})") from exc


def _is_csv_name(name: str) -> bool:
    # "._Korban.csv" (macOS metadata on USB sticks) and "~$" lock files are not data.
    return Path(name).suffix.lower() in CSV_SUFFIXES and not name.startswith((".", "~$"))


def _unsupported(name: object) -> SourceError:
    return SourceError(f"Jenis berkas tidak didukung: {name} (gunakan {SUPPORTED} atau folder CSV) / "
                       f"Unsupported file type: {name} (use {SUPPORTED} or a CSV folder)")


def _unreadable(name: object, exc: BaseException) -> SourceError:
    return SourceError(f"Berkas tidak dapat dibaca: {name} ({_one_line(exc)}) / "
                       f"Could not read file: {name} ({_one_line(exc)})")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
