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
import functools
import io
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import cast

import olefile
import python_calamine

from sheets import cell_xml, schema
from sheets.messages import Message
from sheets.raw import Cell, Merge, Notice, RawTab, RawWorkbook, fill_merged
from sheets.schema import normalise, tab_key

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
CSV_SUFFIXES = (".csv",)
SUPPORTED = "/".join((*WORKBOOK_SUFFIXES, *CSV_SUFFIXES))

# Tabs the app writes itself: present in a downloaded workbook, never data.
_APP_TABS = frozenset(tab_key(t) for t in (schema.INSTRUCTIONS_TAB, schema.ISSUES_TAB))
_TAB_NAMES = {tab_key(name): name for name in schema.TABS}
# Longest first, so a file name ending in a longer tab name is not claimed by a shorter one.
_TAB_SUFFIXES = sorted(((normalise(name), name) for name in schema.TABS), key=lambda item: -len(item[0]))
# The restricted spreadsheet has a single tab; saved from Excel as CSV, the file is named
# after the spreadsheet ("Identitas Korban.csv"), which would otherwise end in "Korban".
_WHOLE_SPREADSHEETS = {"identitaskorban": schema.IDENTITAS.name}
# A browser saving a file again adds " (1)", " (2)" ... before the extension.
_DOWNLOAD_COPY = re.compile(r"^(?P<stem>.*?) ?\((?P<n>\d{1,3})\)$")
_DELIMITERS = (",", ";", "\t")
_SNIFF_LINES = 20
# Every OLE/CFB file (legacy .xls, and an encrypted .xlsx container) starts with these bytes.
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class SourceError(Exception):
    """A file or folder that cannot be read: a catalogued message (`source.*`), rendered when shown.

    Its text for logs and the command line is one line, Indonesian first, then English.
    """

    def __init__(self, said: Message) -> None:
        self.said = said
        super().__init__(f"{self.message('id')} / {self.message('en')}")

    @classmethod
    def of(cls, msgid: str, **params: object) -> SourceError:
        return cls(Message.of(f"source.{msgid}", **params))

    def message(self, lang: str) -> str:
        return self.said.text(lang)

    def __reduce__(self) -> tuple[type[SourceError], tuple[Message]]:
        return type(self), (self.said,)  # picklable with its message


def read_workbook(path: str | os.PathLike[str]) -> RawWorkbook:
    """Read a workbook (.xlsx/.xlsm/.xlsb/.xls/.ods), a single .csv, or a folder of CSV files."""
    p = Path(path)
    if p.is_dir():
        return read_csv_folder(p)
    if not p.exists():
        raise SourceError.of("file_not_found", path=str(p))
    suffix = p.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _csv_workbook([_CsvFile(p.name, lambda: _read_bytes(p))], str(p))
    if suffix in WORKBOOK_SUFFIXES:
        return _read_calamine(_read_bytes(p), str(p), p.name)
    raise _unsupported(p.name)


def read_csv_folder(path: str | os.PathLike[str]) -> RawWorkbook:
    """Read a folder holding one CSV file per tab, each recognised by the tab name ending its file name."""
    p = Path(path)
    if not p.exists():
        raise SourceError.of("folder_not_found", path=str(p))
    if not p.is_dir():
        raise SourceError.of("not_a_folder", path=str(p))
    try:
        files = sorted(f for f in p.iterdir() if _is_csv_name(f.name) and f.is_file())
    except OSError as exc:
        raise SourceError.of("folder_unopened", path=str(p), reason=_one_line(exc)) from exc
    if not files:
        raise SourceError.of("no_csv", path=str(p))
    return _csv_workbook(
        [_CsvFile(f.name, functools.partial(_read_bytes, f), _mtime(f)) for f in files], str(p)
    )


def _given(data: bytes) -> bytes:
    return data


def read_uploaded(files: Iterable[tuple[str, bytes]], source: str = "upload") -> RawWorkbook:
    """Read files uploaded in the browser as (file name, content): one workbook, or one or more CSVs."""
    files = list(files)
    if not files:
        raise SourceError.of("no_upload")
    workbooks = [name for name, _ in files if Path(name).suffix.lower() in WORKBOOK_SUFFIXES]
    if workbooks and len(files) > 1:
        names = ", ".join(name for name, _ in files)
        raise SourceError.of("mixed_upload", names=names)
    if workbooks:
        name, data = files[0]
        return _read_calamine(data, source, name)
    for name, _ in files:
        if not _is_csv_name(name):
            raise _unsupported(name)
    return _csv_workbook([_CsvFile(name, functools.partial(_given, data)) for name, data in files], source)


def tab_for_filename(stem: str) -> str:
    """The schema tab a file name (without extension) stands for, or the stem itself when none.

    `Data Rehabilitasi - Korban`, `korban`, `KORBAN `, `Kor ban` and a browser's second
    download `Data Rehabilitasi - Korban (1)` all give `Korban`.
    """
    base = _download_copy(stem)[0]
    # Google's download is "<spreadsheet> - <tab>": the tab's title is after the last " - ".
    for part in (base.rsplit(" - ", 1)[1], base) if " - " in base else (base,):
        key = tab_key(part)
        if key in _TAB_NAMES:
            return _TAB_NAMES[key]
        if key in _WHOLE_SPREADSHEETS:
            return _WHOLE_SPREADSHEETS[key]
    words = normalise(base)
    for tab_words, name in _TAB_SUFFIXES:
        if words.endswith(" " + tab_words):
            return name
    return stem


def _download_copy(stem: str) -> tuple[str, int]:
    """`Korban (2)` -> ('Korban', 2): the name before a browser's copy number, and the number (0: none)."""
    found = _DOWNLOAD_COPY.match(stem.strip())
    return (found.group("stem"), int(found.group("n"))) if found else (stem.strip(), 0)


# --------------------------------------------------------------------------- workbooks


def _read_calamine(data: bytes, source: str, name: str) -> RawWorkbook:
    if _is_encrypted(data):
        raise _password_protected(name)
    tabs: dict[str, RawTab] = {}
    skipped: list[str] = []
    try:
        # Reading from a file object makes calamine detect the format from the content, so
        # an .xlsx saved under .xls (common in downloads from other systems) still opens.
        with python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
            extras = cell_xml.read(data) if data[:2] == b"PK" else {}
            for meta in book.sheets_metadata:
                # Chart and macro sheets hold no cells; the app's own tabs hold no data.
                if meta.typ != python_calamine.SheetTypeEnum.WorkSheet or tab_key(meta.name) in _APP_TABS:
                    skipped.append(meta.name)
                    continue
                sheet = book.get_sheet_by_name(meta.name)
                # skip_empty_area=False keeps leading blank rows/columns, so row and column
                # numbers stay those the staff member sees.
                # Our own lists from here on: the cells calamine left empty and None are put into them.
                rows = cast(list[list[Cell]], sheet.to_python(skip_empty_area=False))
                found = extras.get(meta.name)
                if found is not None:
                    _put_cells(rows, found.cells)
                merges = _merges(sheet.merged_cell_ranges, found)
                filled = fill_merged(_tidy_workbook_rows(rows), merges)
                hidden = meta.visible != python_calamine.SheetVisibleEnum.Visible
                tabs[meta.name] = RawTab(meta.name, filled, hidden=hidden, merges=merges)
    except python_calamine.PasswordError as exc:
        raise _password_protected(name) from exc
    except Exception as exc:
        raise _unreadable(name, exc) from exc
    except BaseException as exc:
        # pyo3 turns a Rust panic (a malformed file calamine did not expect) into
        # PanicException, which derives from BaseException: still a bad file, not a crash.
        if type(exc).__name__ != "PanicException":
            raise
        raise _unreadable(name, exc) from exc
    return RawWorkbook(source=source, tabs=tabs, other_tabs=tuple(skipped))


def _is_encrypted(data: bytes) -> bool:
    """Whether `data` is an encrypted Office container (a password-protected .xlsx is an OLE file)."""
    if not data.startswith(_CFB_MAGIC):
        return False
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return ole.exists("EncryptedPackage") and ole.exists("EncryptionInfo")
    except (OSError, ValueError):  # not a well-formed OLE file: calamine will say why
        return False


def _put_cells(rows: list[list[Cell]], cells: dict[tuple[int, int], str]) -> None:
    """Put the cells calamine read as empty (errors, uncalculated formulas) where they are."""
    for (r, c), text in cells.items():
        while len(rows) <= r:
            rows.append([])
        row = rows[r]
        if len(row) <= c:
            row.extend([""] * (c + 1 - len(row)))
        if row[c] in ("", None):
            row[c] = text


def _merges(ranges: list | None, found: cell_xml.SheetCells | None) -> tuple[Merge, ...]:
    """Merged ranges of more than one cell: calamine's ((r0, c0), (r1, c1)), else those found in the XML."""
    if ranges:
        merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges]
    else:
        merges = list(found.merges) if found is not None else []
    return tuple(m for m in merges if (m[0], m[1]) != (m[2], m[3]))


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
        del row[last + 1 :]
        if last >= 0:
            last_used = r
    # Formatted but empty rows below the data are not rows anyone typed.
    del rows[last_used + 1 :]
    return rows


# --------------------------------------------------------------------------- CSV


@dataclass(frozen=True)
class _CsvFile:
    """One CSV file offered as a tab: its name, how to load it, and when it was saved (None: unknown)."""

    name: str
    load: Callable[[], bytes]
    mtime: float | None = None


def _csv_workbook(files: Iterable[_CsvFile], source: str) -> RawWorkbook:
    """Tabs from CSV files; contents load only once the names are checked.

    Browser re-downloads of one file (`X.csv`, `X (1).csv`) are versions of one tab: the
    newest wins (by modification time, else the highest copy number) and the others are
    named in an `older-file` notice. Two different files for one tab are a SourceError.
    A file that matches no contract tab is kept under its own name, with a notice.
    """
    by_tab: dict[str, list[_CsvFile]] = {}
    for file in files:
        by_tab.setdefault(tab_for_filename(Path(file.name).stem), []).append(file)
    notices: list[Notice] = []
    chosen: list[tuple[str, _CsvFile]] = []
    for title, versions in by_tab.items():
        bases = {normalise(_download_copy(Path(f.name).stem)[0]) for f in versions}
        if len(bases) > 1:
            first, second = versions[0].name, versions[1].name
            raise SourceError.of("two_files", tab=title, first=first, second=second)
        newest = max(versions, key=lambda f: (f.mtime or 0.0, _download_copy(Path(f.name).stem)[1]))
        notices += [
            Notice("older-file", _contract_tab(title), f.name, newest.name)
            for f in versions
            if f is not newest
        ]
        if title not in schema.TABS:
            notices.append(Notice("unknown-file", "", newest.name))
        chosen.append((title, newest))
    tabs = {title: RawTab(title, _csv_rows(file.load(), file.name)) for title, file in chosen}
    return RawWorkbook(source=source, tabs=tabs, notices=tuple(notices))


def _contract_tab(title: str) -> str:
    return title if title in schema.TABS else ""


def _csv_rows(data: bytes, name: object) -> list[list[Cell]]:
    """Decode and split one CSV file; every cell stays text, empty cells become None."""
    text = _decode(data)
    delimiter = _sniff_delimiter(text)
    rows: list[list[Cell]] = []
    last_used = -1
    try:
        # Lists of text that become rows of cells: empty cells are set to None in place.
        reader = cast(Iterator[list[Cell]], csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        for row in reader:
            last = -1
            for i, value in enumerate(row):
                if value:
                    last = i
                else:
                    row[i] = None
            del row[last + 1 :]
            if last >= 0:
                last_used = len(rows)
            rows.append(row)
    except csv.Error as exc:
        raise _unreadable(name, exc) from exc
    del rows[last_used + 1 :]
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
            counts = Counter(
                len(r) for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter) if any(r)
            )
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
        raise SourceError.of("file_unopened", path=str(path), reason=_one_line(exc)) from exc


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _is_csv_name(name: str) -> bool:
    # "._Korban.csv" (macOS metadata on USB sticks) and "~$" lock files are not data.
    return Path(name).suffix.lower() in CSV_SUFFIXES and not name.startswith((".", "~$"))


def _unsupported(name: object) -> SourceError:
    return SourceError.of("unsupported", name=str(name), supported=SUPPORTED)


def _password_protected(name: object) -> SourceError:
    return SourceError.of("password", name=str(name))


def _unreadable(name: object, exc: BaseException) -> SourceError:
    return SourceError.of("unreadable", name=str(name), reason=_one_line(exc))


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
