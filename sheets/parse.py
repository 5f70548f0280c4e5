"""From raw rows to typed columns: header detection and vectorised value parsers.

Every parser takes a whole column (a pandas Series of raw cells, as any source
gives them) and returns the typed values plus masks of what could not be read,
so validation can turn the masks into issues. No parser raises on bad data.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import infer_dtype
from rapidfuzz import fuzz, process

from sheets.frames import arrow_array, arrow_text, is_arrow_text
from sheets.raw import Cell, Grid, Rows
from sheets.schema import INVISIBLE, Column, Tab, normalise

HEADER_SEARCH_ROWS = 5
# How close (rapidfuzz's ratio, 0-100) a value or header must be to a known one for a
# "did you mean": close enough for a typo (`Cikedong`, `Tanggal Identifkasi`), far from
# a phone number or another town.
SUGGEST_CUTOFF = 80
SERIAL_EPOCH = pd.Timestamp("1899-12-30")
MIN_DATE = pd.Timestamp("1900-01-01")
MAX_DATE = pd.Timestamp("2100-12-31")
_MIN_DATE64, _MAX_DATE64 = (d.to_datetime64().astype("datetime64[s]") for d in (MIN_DATE, MAX_DATE))
MAX_MAGNITUDE = 1e15  # larger numbers (and infinities) are typing or formula accidents
# Characters that paste in from Word, PDFs and web pages and look like spaces.
# (Zero-width spaces and byte-order marks are format characters: removed, see schema.INVISIBLE.)
_SPACES = "[\u00a0\u2007\u202f\u2009\t\r\n]"
# A run of what Python's `\s` matches, spelled out: pandas hands a pattern with `\s`
# to Python's `re` one cell at a time (RE2's `\s` is narrower), this one to Arrow.
_SPACES_RE = re.compile(_SPACES)
_INVISIBLE_RE = re.compile(INVISIBLE)
_WHITESPACE_RUN = "[\t-\r\x1c- \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
_WHITESPACE_RUN_RE = re.compile(_WHITESPACE_RUN)

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("januari", "jan", "january"),
        ("februari", "feb", "pebruari", "peb", "february"),
        ("maret", "mar", "march", "mrt"),
        ("april", "apr"),
        ("mei", "may"),
        ("juni", "jun", "june"),
        ("juli", "jul", "july"),
        ("agustus", "agu", "agt", "ags", "agst", "aug", "august"),
        ("september", "sep", "sept"),
        ("oktober", "okt", "oct", "october"),
        ("november", "nov", "nop", "nopember"),
        ("desember", "des", "dec", "december"),
    ),
    start=1,
):
    MONTHS.update({name: _number for name in _names})

_WEEKDAYS = r"(?:senin|selasa|rabu|kamis|jum ?'?at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"


# --------------------------------------------------------------------------- header


@dataclass
class HeaderMatch:
    """Where the header is and which sheet column holds which contract column."""

    row_index: int | None  # 0-based index into the raw rows; None when not found
    columns: dict[str, int] = field(default_factory=dict)  # column key -> 0-based position
    unknown: list[tuple[int, str]] = field(default_factory=list)  # (position, header text)
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # (position, column key)

    @property
    def sheet_row(self) -> int:
        """The header's 1-based row number in the spreadsheet."""
        return (self.row_index or 0) + 1


def header_lookup(tab: Tab) -> dict[str, str]:
    """Normalised header text -> column key, for every header and alias of `tab`."""
    lookup: dict[str, str] = {}
    for column in tab.columns:
        for text in column.header_keys():
            lookup.setdefault(text, column.key)
    return lookup


def locate_header(rows: Rows, tab: Tab) -> HeaderMatch:
    """Find the header among the first rows: the one naming the most contract columns (ties: the earlier).

    A row qualifies when it names at least half of the required columns and, for a
    tab of more than one column, more than one column: a one-word title (`TARGET`) or
    a title that happens to be an alias never wins over the real header row.
    """
    lookup = header_lookup(tab)
    required = {c.key for c in tab.required}
    least = 2 if len(tab.columns) > 1 else 1
    best: tuple[int, int] | None = None  # (columns named, row index)
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = {lookup.get(normalise(cell)) for cell in row if cell is not None} - {None}
        if 2 * len(keys & required) < max(len(required), 1) or len(keys) < least:
            continue
        if best is None or len(keys) > best[0]:
            best = (len(keys), index)
    if best is None:
        return HeaderMatch(row_index=None)
    return _map_header(best[1], rows[best[1]], lookup)


def closest_header_row(rows: Rows, tab: Tab) -> tuple[int, list[str]] | None:
    """For a tab without a header: the first-rows row naming the most columns and the required headers it lacks."""
    lookup = header_lookup(tab)
    best: tuple[int, int, set[str]] | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = {key for cell in row if cell is not None and (key := lookup.get(normalise(cell))) is not None}
        if keys and (best is None or len(keys) > best[0]):
            best = (len(keys), index, keys)
    if best is None:
        return None
    return best[1], [c.header for c in tab.required if c.key not in best[2]]


def suggest_header(text: str, tab: Tab, taken: set[str]) -> str:
    """The header of a column not in `taken` that `text` is a typo of, or ''."""
    choices: dict[str, str] = {}
    for column in tab.columns:
        if column.key in taken:
            continue
        for spelling in (column.header, *column.aliases):
            choices.setdefault(normalise(spelling), column.header)
    best = process.extractOne(normalise(text), list(choices), scorer=fuzz.ratio, score_cutoff=SUGGEST_CUTOFF)
    return choices[best[0]] if best else ""


def _map_header(index: int, row: list[Cell], lookup: dict[str, str]) -> HeaderMatch:
    match = HeaderMatch(row_index=index)
    for position, cell in enumerate(row):
        if cell is None or str(cell).strip() == "":
            continue
        key = lookup.get(normalise(cell))
        if key is None:
            match.unknown.append((position, str(cell).strip()))
        elif key in match.columns:
            match.duplicates.append((position, key))
        else:
            match.columns[key] = position
    return match


def data_frame(rows: Rows, start: int, width: int) -> pd.DataFrame:
    """The rows from `start` on as an object DataFrame `width` columns wide (ragged rows padded)."""
    if isinstance(rows, Grid):
        # Already one padded array: a view of it, no copy and no per-row work.
        cells = rows.array[start:]
        if cells.shape[1] < width:
            cells = np.hstack([cells, np.full((len(cells), width - cells.shape[1]), None, dtype=object)])
        return pd.DataFrame(cells, dtype=object, copy=False)
    body = rows[start:]
    if not body:
        return pd.DataFrame({i: pd.Series([], dtype=object) for i in range(width)})
    width = max(width, max(map(len, body)))
    if any(len(row) != width for row in body):
        # APIs omit trailing empty cells; pad here, since pandas will stop padding for us.
        body = [row if len(row) == width else [*row, *([None] * (width - len(row)))] for row in body]
    return pd.DataFrame(body, dtype=object)


def is_empty(values: pd.Series) -> pd.Series:
    """True where a cell holds nothing: None, NaN, or only (non-breaking) spaces."""
    empty = values.isna()
    kind = infer_dtype(values, skipna=True)
    if kind == "empty":
        return empty
    if kind in ("integer", "floating", "boolean", "datetime", "date", "mixed-integer-float"):
        return empty
    if len(values) > _SMALL:  # a large column: the vectorised test on every cell is cheaper
        text = values.astype("string")
        return empty | clean_strings(text).eq("").fillna(True)
    out = empty.to_numpy(dtype=bool).copy()
    # One pass: '' is empty; text beginning with a visible ASCII character holds something (cleaning
    # removes only spaces and non-ASCII invisible characters); other text takes the full cleaning.
    # Other non-text cells are never blank (their text is a number or a date) unless missing.
    unsure: list[int] = []
    nothing: list[int] = []
    for i, x in enumerate(values.to_numpy(dtype=object)):
        if isinstance(x, str) and not "!" <= x[:1] <= "~":
            (unsure if x else nothing).append(i)
    out[nothing] = True
    if len(unsure):
        at = np.asarray(unsure)
        text = values.iloc[at].astype("string")
        out[at] = (empty.iloc[at] | clean_strings(text).eq("").fillna(True)).to_numpy(dtype=bool)
    return pd.Series(pd.arrays.ArrowExtensionArray(pa.array(out)), index=values.index, name=values.name)


_SMALL = 50_000  # up to this many cells, a Python pass that settles most of them beats a vectorised one


# --------------------------------------------------------------------------- helpers


def _split_types(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Masks of cells that are text, numbers (not bool) and dates, checking types once per column."""
    kind = infer_dtype(values, skipna=True)
    notna = values.notna()
    false = pd.Series(False, index=values.index)
    if kind == "string":
        return notna, false, false
    if kind in ("integer", "floating", "mixed-integer-float"):
        return false, notna, false
    if kind in ("datetime", "date", "datetime64"):
        return false, false, notna
    if kind == "empty":
        return false, false, false
    types = values.map(type)
    is_text = types == str
    is_number = types.isin((int, float, np.int64, np.float64)) & notna
    is_date = types.isin((dt.date, dt.datetime, pd.Timestamp))
    return is_text, is_number, is_date


def clean_strings(values: pd.Series) -> pd.Series:
    """Text cells with invisible characters removed, pasted odd spaces made plain spaces, the ends trimmed."""
    text = _only_text(values)
    if text is None:
        text = values.astype("string")
    return text.str.replace(INVISIBLE, "", regex=True).str.replace(_SPACES, " ", regex=True).str.strip()


def clean_codes(values: pd.Series) -> pd.Series:
    """Text that names something (IDs, categories, dates, numbers): invisible characters removed, NFKC, trimmed.

    NFKC turns full-width and compatibility forms (`ＫＰＯ－０００１`, `①`) into plain ones,
    so a value that looks identical is identical.
    """
    text = _only_text(values)
    if text is None:
        text = values.astype("string")
    return clean_strings(text.str.replace(INVISIBLE, "", regex=True).str.normalize("NFKC"))


def _only_text(values: pd.Series) -> pd.Series | None:
    """`values.astype("string")` when every cell is text or missing; None when some cell is not.

    For a column of Python strings, Arrow converts in one pass what `astype` does in
    two (pandas first checks and copies every cell): a key column of 400,000 cells
    is read from scattered memory once instead of twice.
    """
    if values.dtype != object or pd.StringDtype().storage != "pyarrow":
        return values.astype("string") if isinstance(values.dtype, pd.StringDtype) else None
    try:
        text = pa.array(values.to_numpy(), type=pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    return arrow_text(text, index=values.index, name=values.name)


def _lower(values: pd.Series) -> pd.Series:
    # Leaves one plain space wherever there was any whitespace, so the patterns applied
    # to its result say " " for `\s`: pandas then runs them in Arrow, not cell by cell.
    if len(values) <= _SMALL:
        cells = values.tolist()
        if all(isinstance(x, str) and x.isascii() for x in cells):
            # ASCII text has no invisible characters and is its own NFKC; Arrow trims and
            # lower-cases it as Python does (tests/sheets/test_fast_paths.py).
            lowered = [_WHITESPACE_RUN_RE.sub(" ", x.strip().lower()) for x in cells]
            return arrow_text(pa.array(lowered, type=pa.large_string()), index=values.index, name=values.name)
    return _lower_vectorised(values)


def _lower_vectorised(values: pd.Series) -> pd.Series:
    return clean_codes(values).str.lower().str.replace(_WHITESPACE_RUN, " ", regex=True)


def normalise_series(values: pd.Series) -> pd.Series:
    """`schema.normalise` for a whole column of text."""
    text = values.astype("string").str.replace(INVISIBLE, "", regex=True).str.normalize("NFKC").str.casefold()
    return text.str.replace(r"[\W_]+", " ", regex=True).str.strip()


def _number_text(values: pd.Series) -> pd.Series:
    """Numbers as text without a spurious '.0' (an ID typed as 1234 arrives as 1234.0)."""

    def show(x: object) -> str:
        if isinstance(x, float) and x.is_integer():
            return str(int(x))
        return str(x)

    return values.map(show).astype("string")


# --------------------------------------------------------------------------- formula cells

# Spreadsheet error values: Excel's and Google's (`#ERROR!` is a formula Google cannot
# parse), and LibreOffice's numbered ones (`Err:502`). Workbooks give them as the text
# the cell shows (sheets.cell_xml), the Sheets API and CSV downloads as that text too.
SPREADSHEET_ERRORS = (
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#BUSY!",
    "#UNKNOWN!",
    "#ERROR!",
)
_ERROR_VALUE = "(?i)^ *(?:" + "|".join(re.escape(e) for e in SPREADSHEET_ERRORS) + r"|err:\d{3}) *$"
# A formula's own text where its result should be: written by a program, never calculated.
_FORMULA_TEXT = r"^ *= *[^ ]"
_FORMULA_STARTS = ("#", "e", "E", "=")  # how either begins (after spaces); no other character folds to e


def formula_cells(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Masks of cells holding a spreadsheet error value (`#N/A`) and of formulas saved without their value."""
    if len(values) <= _SMALL:
        # Only text beginning (after spaces) with '#', 'err' or '=' can be either: test those alone.
        cells = values.to_numpy(dtype=object)
        at = [i for i, x in enumerate(cells) if isinstance(x, str) and x.lstrip(" ")[:1] in _FORMULA_STARTS]
        errors, formulas = np.zeros(len(cells), dtype=bool), np.zeros(len(cells), dtype=bool)
        if at:
            some_errors, some_formulas = _formula_cells(pd.Series(cells[at], dtype=object))
            errors[at], formulas[at] = some_errors.to_numpy(), some_formulas.to_numpy()
        return pd.Series(errors, index=values.index), pd.Series(formulas, index=values.index)
    return _formula_cells(values)


def _formula_cells(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    false = pd.Series(False, index=values.index)
    text = _only_text(values)
    if text is None:
        is_text = values.map(type) == str
        if not is_text.any():
            return false, false
        text = values.where(is_text).astype("string")
    errors = text.str.contains(_ERROR_VALUE, regex=True).fillna(False).astype(bool)
    formulas = text.str.contains(_FORMULA_TEXT, regex=True).fillna(False).astype(bool)
    return errors, formulas & ~errors


# --------------------------------------------------------------------------- text


def parse_text(values: pd.Series, *, is_id: bool = False) -> pd.Series:
    """Free text, trimmed; IDs also lose invisible characters, are NFKC-normalised, spaces collapsed, upper-cased."""
    text = _only_text(values)
    plain = text is not None and _is_plain(text)
    if text is not None and plain:
        out = text  # nothing to replace, trim or collapse
    elif text is not None:
        # Only text and blanks (the usual column): clean it whole, no masked copies.
        out = clean_codes(text) if is_id else clean_strings(text)
    else:
        is_text, _is_number, _is_date = _split_types(values)
        out = pd.Series(pd.NA, index=values.index, dtype="string")
        if is_text.any():
            out[is_text] = (clean_codes if is_id else clean_strings)(values[is_text])
        other = values.notna() & ~is_text
        if other.any():
            out[other] = _number_text(values[other])
    if is_id:
        if not plain:
            out = out.str.replace(_WHITESPACE_RUN, " ", regex=True)
        out = out.str.upper()
    return _blank_as_missing(out)


def _blank_as_missing(text: pd.Series) -> pd.Series:
    """Text with '' as missing: in Arrow when it is Arrow text (`Series.mask` cost more than the
    cleaning before it on a small column), else through pandas."""
    if is_arrow_text(text.dtype):
        data = arrow_array(text)
        blank = pc.equal(data, pa.scalar("", type=data.type))
        return arrow_text(pc.if_else(blank, pa.scalar(None, type=data.type), data), text.index, text.name)
    return text.mask(text.eq("")).astype("string")


def _is_plain(text: pd.Series) -> bool:
    """Whether every value is printable ASCII with no leading, trailing or double space.

    Such text (most IDs) is already clean: one scan for this skips the three
    regular-expression passes that cleaning a column of 400,000 keys costs.
    """
    if not is_arrow_text(text.dtype):
        return False
    found = pc.any(pc.match_substring_regex(arrow_array(text), r"[^ -~]|  |^ | $")).as_py()
    return found is not True  # None: every value is missing


# --------------------------------------------------------------------------- dates


@dataclass
class DateResult:
    values: pd.Series  # datetime64, NaT where missing or invalid
    invalid: pd.Series  # a value was given but is not a date (or outside 1900-2100)
    two_digit: pd.Series  # read with a two-digit year
    out_of_range: pd.Series  # a date, but outside 1900-2100
    year_only: pd.Series  # a bare year such as 2018 (as a serial it would be a day in 1905)


def _expand_year(year: np.ndarray, read_on: dt.date) -> tuple[np.ndarray, np.ndarray]:
    # 20yy unless that is after the year the data is read in (never the "as of" year:
    # looking at 2018 from today, `05/03/19` is still 2019, a date not yet known then).
    short = year < 100  # NaN is not
    century = np.where(year + 2000 > read_on.year, 1900, 2000)
    return np.where(short, year + century, year), short


def parse_dates(values: pd.Series, read_on: dt.date) -> DateResult:
    """Dates in every format of CONTRACT.md: serials, ISO, day-first and month names (Indonesian or English).

    `read_on` is the day the data is read: two-digit years pivot on its year.
    """
    small = _small_dates(values, read_on)
    if small is not None:
        return small
    return _parse_dates_vectorised(values, read_on)


def _parse_dates_vectorised(values: pd.Series, read_on: dt.date) -> DateResult:
    index = values.index
    result = pd.Series(pd.NaT, index=index, dtype="datetime64[s]")
    two_digit = pd.Series(False, index=index)
    year_only = pd.Series(False, index=index)
    is_text, is_number, is_date = _split_types(values)

    if is_number.any():
        serial = pd.to_numeric(values[is_number], errors="coerce").astype("float64")
        result[is_number] = _from_serial(serial)
        year_only[is_number] = serial.between(1900, 2100)
    if is_date.any():
        result[is_date] = pd.to_datetime(values[is_date], errors="coerce").dt.normalize()

    if is_text.any():
        text = _lower(values[is_text])
        # ASCII digits only: Arrow's \d also takes Arabic-Indic digits, which to_numeric cannot read.
        digits = text.str.fullmatch(r"[0-9]+(?:\.[0-9]+)?")
        if digits.any():
            serial = pd.to_numeric(text[digits], errors="coerce").astype("float64")
            result[serial.index] = _from_serial(serial)
            year_only[serial.index] = serial.between(1900, 2100)
        rest = text[~digits]
        parsed, short = _dates_from_small_ascii(rest, read_on)
        if parsed is None:
            rest = rest.str.replace(rf"^{_WEEKDAYS}[, ]+", "", regex=True)
            parsed, short = _dates_from_text(rest, read_on)
        result[rest.index] = parsed
        two_digit[rest.index] = short

    given = ~is_empty(values)
    out_of_range = result.notna() & ((result < MIN_DATE) | (result > MAX_DATE))
    result = result.mask(out_of_range | year_only)
    invalid = given & result.isna()
    return DateResult(result, invalid, two_digit & result.notna(), out_of_range, year_only)


_SERIAL_DIGITS_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_SERIAL_EPOCH_S = np.datetime64("1899-12-30", "s")
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()  # day 0 of datetime64


def _small_dates(values: pd.Series, read_on: dt.date) -> DateResult | None:
    """`parse_dates` one distinct cell at a time (see `_small_numbers`); None to read the column vectorised.

    Serials (numbers, or digits typed as text) and ASCII date text; a date or datetime cell, a
    checkbox or non-ASCII text leaves the column to the vectorised reading.
    """
    if len(values) > _SMALL:
        return None
    cells = values.tolist()
    n = len(cells)
    # What each cell holds, collected in lists and put into arrays once (an array's item
    # assignment costs more than the test that found the value).
    serial_at: list[int] = []
    serials: list[float] = []
    found_at: list[int] = []
    found_parts: list[tuple[float, float, float]] = []  # day, month, year as typed
    for i, x in enumerate(cells):
        if x is None or x is pd.NA:
            continue
        if x.__class__ is str:
            if not x.isascii():
                return None
            t = _WHITESPACE_RUN_RE.sub(" ", x.strip().lower())  # `_lower` of ASCII text
            if _SERIAL_DIGITS_RE.fullmatch(t) is not None:
                if len(t) > 15:
                    return None  # as `_decimal`: long digits are pandas' to read
                serial_at.append(i)
                serials.append(float(t))
                continue
            t = _WEEKDAY_RE.sub("", t)
            for pattern, named_month in _DATE_PATTERNS_RE:
                match = pattern.search(t)
                if match is None:
                    continue
                month = MONTHS.get(match["month"]) if named_month else float(match["month"])
                if month is None:
                    continue  # an unknown month name: the next pattern may still read it
                found_at.append(i)
                found_parts.append((float(match["day"]), month, float(match["year"])))
                break
        elif x.__class__ in _NUMBER_TYPES:
            number = float(x)
            if math.isnan(number):
                continue
            if number != x:
                return None  # an integer beyond a float's exact ones
            serial_at.append(i)
            serials.append(number)
        else:
            return None
    serial = np.full(n, np.nan)
    serial[serial_at] = serials
    found = np.zeros(n, dtype=bool)
    found[found_at] = True
    typed_year = np.full(n, np.nan)
    typed_year[found_at] = [year for _, _, year in found_parts]
    dates = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    usable = np.abs(serial) < 2_000_000  # NaN is not
    days = np.floor(serial[usable]).astype("int64")
    dates[usable] = _SERIAL_EPOCH_S + (days * 86_400).astype("timedelta64[s]")
    year_only = (serial >= 1900) & (serial <= 2100)
    year, short = _expand_year(typed_year, read_on)
    calendar_at: list[int] = []
    calendar_days: list[int] = []
    for at, (d, m, _), y in zip(found_at, found_parts, year[found_at].tolist()):
        try:
            day = dt.date(int(y), int(m), int(d))
        except ValueError:
            continue  # 31 February, month 13, year 0: no date
        calendar_at.append(at)
        calendar_days.append(day.toordinal() - _EPOCH_ORDINAL)
    dates[calendar_at] = np.array(calendar_days, dtype="int64").astype("datetime64[D]")
    # The vectorised reading's last steps, on the arrays (a handful of Series operations each cost
    # more than the loop above on a small column).
    out_of_range = ~np.isnat(dates) & ((dates < _MIN_DATE64) | (dates > _MAX_DATE64))
    dates[out_of_range | year_only] = np.datetime64("NaT")
    kept = ~np.isnat(dates)
    index = values.index
    given = ~is_empty(values)  # its own dtype, as the vectorised reading gives it
    return DateResult(
        pd.Series(dates, index=index, dtype="datetime64[s]"),
        given & pd.Series(~kept, index=index),
        pd.Series(short & found & kept, index=index),
        pd.Series(out_of_range, index=index),
        pd.Series(year_only, index=index),
    )


def _extract_date_parts(text: pd.Series, pattern: str, named_month: bool) -> dict[str, np.ndarray]:
    """Day, month and year of each text as float64 (NaN where `pattern` does not match or a month is unknown).

    pandas runs `extract` through Python's `re`, cell by cell. On ASCII text Arrow's RE2
    matches these patterns as Python does (`\\d` differs only beyond ASCII).
    """

    def month_numbers(names: list) -> np.ndarray:
        return np.array([MONTHS.get(m, np.nan) if m is not None else np.nan for m in names], dtype="float64")

    if is_arrow_text(text.dtype):
        arrow = arrow_array(text)
        if pc.all(pc.string_is_ascii(arrow)).as_py() is not False:
            # What `_extract` does, without the frame: the groups are ASCII digits or missing.
            parts = pc.extract_regex(arrow, pattern)
            out: dict[str, np.ndarray] = {}
            for name in ("day", "month", "year"):
                group = pc.struct_field(parts, name)
                if name == "month" and named_month:
                    out[name] = month_numbers(group.to_pylist())
                else:
                    out[name] = pc.cast(group, pa.float64()).to_numpy(zero_copy_only=False)
            return out
    found = text.str.extract(pattern)
    out = {}
    for name in ("day", "month", "year"):
        group = found[name]
        if name == "month" and named_month:
            group = group.map(MONTHS)
        out[name] = pd.to_numeric(group, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return out


def _from_serial(serial: pd.Series) -> pd.Series:
    # Sheets/Excel day serials; anything far outside 1900-2100 is flagged by the caller.
    days = np.floor(serial.where(serial.abs() < 2_000_000))
    return (SERIAL_EPOCH + pd.to_timedelta(days, unit="D")).astype("datetime64[s]")


_DATE_PATTERNS = (
    # 2018-04-09, 2018/04/09 (optionally with a time)
    (r"^(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?:[ t]\d.*)?$", False),
    # 09/04/2018, 9-4-2018, 9.4.18 (day first, never month first)
    (r"^(?P<day>\d{1,2}) *[/\-.] *(?P<month>\d{1,2}) *[/\-.] *(?P<year>\d{4}|\d{2})(?: +\d.*)?$", False),
    # 9 April 2018, 9-Apr-18, 9 agt. 2018, 9 april, 2018
    (r"^(?P<day>\d{1,2})[ \-./]*(?P<month>[a-z]+)\.?[ \-./,]*(?P<year>\d{4}|\d{2})$", True),
    # April 9, 2018 (a month name is unambiguous)
    (r"^(?P<month>[a-z]+)\.? +(?P<day>\d{1,2}),? +(?P<year>\d{4})$", True),
)
_DATE_PATTERNS_RE = tuple((re.compile(pattern), named_month) for pattern, named_month in _DATE_PATTERNS)


_WEEKDAY_RE = re.compile(rf"^{_WEEKDAYS}[, ]+")


def _dates_from_small_ascii(text: pd.Series, read_on: dt.date) -> tuple[pd.Series | None, pd.Series]:
    """`_dates_from_text` (after the weekday is removed) one text at a time, for a few ASCII texts.

    On ASCII text Python's `re` matches these patterns as Arrow's RE2 does, and the groups
    are ASCII digits or a month name; (None, ...) when the texts are many or not all ASCII.
    """
    texts = text.tolist()
    if len(texts) > _SMALL or not all(isinstance(t, str) and t.isascii() for t in texts):
        return None, text
    n = len(texts)
    parts = {name: np.full(n, np.nan) for name in ("day", "month", "year")}
    found = np.zeros(n, dtype=bool)
    for i, t in enumerate(texts):
        t = _WEEKDAY_RE.sub("", t)
        for pattern, named_month in _DATE_PATTERNS_RE:
            match = pattern.search(t)
            if match is None:
                continue
            month = MONTHS.get(match["month"]) if named_month else float(match["month"])
            if month is None:
                continue  # an unknown month name: the next pattern may still read it
            parts["day"][i], parts["month"][i], parts["year"][i] = (
                float(match["day"]),
                month,
                float(match["year"]),
            )
            found[i] = True
            break
    return _dates_from_parts(parts, ~found, text.index, read_on)


def _dates_from_parts(
    parts: dict[str, np.ndarray], todo: np.ndarray, index: pd.Index, read_on: dt.date
) -> tuple[pd.Series, pd.Series]:
    """The dates of day, month and year parts (`todo`: the texts no pattern read) and the two-digit-year mask."""
    n = len(todo)
    parts["year"], short = _expand_year(parts["year"], read_on)
    complete = np.flatnonzero(~todo)  # found rows have all three parts
    dates = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    if len(complete):
        frame = pd.DataFrame(
            {name: parts[name][complete].astype("int64") for name in ("day", "month", "year")}
        )
        dates[complete] = pd.to_datetime(frame, errors="coerce").to_numpy().astype("datetime64[s]")
    return (
        pd.Series(dates, index=index, dtype="datetime64[s]"),
        pd.Series(short & ~todo, index=index),
    )


def _dates_from_text(text: pd.Series, read_on: dt.date) -> tuple[pd.Series, pd.Series]:
    # Plain arrays, not frames: this runs on the few distinct text cells of a column,
    # where each pandas operation's fixed cost would outweigh the work.
    n = len(text)
    parts = {name: np.full(n, np.nan) for name in ("day", "month", "year")}
    todo = np.ones(n, dtype=bool)
    for pattern, named_month in _DATE_PATTERNS:
        at = np.flatnonzero(todo)
        if not len(at):
            break
        numbers = _extract_date_parts(text.iloc[at], pattern, named_month)
        ok = ~(np.isnan(numbers["day"]) | np.isnan(numbers["month"]) | np.isnan(numbers["year"]))
        for name in ("day", "month", "year"):
            parts[name][at[ok]] = numbers[name][ok]
        todo[at[ok]] = False
    return _dates_from_parts(parts, todo, text.index, read_on)


# --------------------------------------------------------------------------- numbers


@dataclass
class NumberResult:
    values: pd.Series  # Float64 / Int64, NA where missing or invalid
    invalid: pd.Series
    # Invalid because the text fits two readings a thousand times apart (a subset of `invalid`).
    ambiguous: pd.Series | None = None

    def __post_init__(self) -> None:
        if self.ambiguous is None:
            self.ambiguous = pd.Series(False, index=self.invalid.index)


# Indonesian magnitudes (case-insensitive, with or without a space or a dot after them):
# `M` is miliar (10^9), never mega or million, and `T` triliun.
MAGNITUDES = {
    "rb": 1e3,
    "rbu": 1e3,
    "ribu": 1e3,
    "k": 1e3,
    "jt": 1e6,
    "jta": 1e6,
    "juta": 1e6,
    "m": 1e9,
    "miliar": 1e9,
    "milyar": 1e9,
    "milliar": 1e9,
    "mliar": 1e9,
    "t": 1e12,
    "triliun": 1e12,
    "trilyun": 1e12,
    "tn": 1e12,
}
# Below this, a money amount with a fraction (`1.50`, `100.5`, the number 1.5) is not a
# plausible rupiah amount: it is `1.500` or `1,5 juta` with a separator or unit lost.
PLAUSIBLE_FRACTION_FROM = 1000

_DOT_GROUPS = r"\d{1,3}(?:\.\d{3})+"  # 1.500.000: Indonesian thousands
_COMMA_GROUPS = r"\d{1,3}(?:,\d{3})+"  # 1,500,000: English thousands


def _plain_number_text(digits: pd.Series, with_unit: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Number text as staff write it (`1.500.000,00`, `1,5`, `12,000`) as plain `1500000.00`, and the ambiguous.

    One reading for every numeric column: a dot before groups of three digits is a
    thousands separator, a comma before decimals is the decimal mark, and where both
    appear the last one is the decimal mark (`1.500.000,50`, `1,500,000.50`). A comma
    before groups of three digits is English thousands (`12,000`) unless a magnitude
    follows (`1,500 jt`: 1,5 juta or 1.500 juta): that is ambiguous. Text that fits
    no reading comes back as-is, and fails the caller's digit check.
    """
    if len(digits) <= _SMALL:
        texts = digits.tolist()
        if all(isinstance(d, str) and d.isascii() for d in texts):
            # The same steps one value at a time: on ASCII, Python's `re` matches as Arrow's RE2.
            read = [_plain_number(d, bool(u)) for d, u in zip(texts, with_unit.tolist())]
            return (
                pd.Series([r[0] for r in read], index=digits.index, dtype=digits.dtype),
                pd.Series([r[1] for r in read], index=digits.index, dtype=bool),
            )
    has_dot = digits.str.contains(".", regex=False)
    has_comma = digits.str.contains(",", regex=False)
    last_comma = digits.str.rfind(",") > digits.str.rfind(".")
    both = has_dot & has_comma
    integer_id = digits.str.extract(r"^(?P<i>[\d.]*),\d+$")["i"]  # before the decimal comma
    integer_en = digits.str.extract(r"^(?P<i>[\d,]*)\.\d+$")["i"]  # before the decimal point
    both_id = both & last_comma & integer_id.str.fullmatch(_DOT_GROUPS).fillna(False)
    both_en = both & ~last_comma & integer_en.str.fullmatch(_COMMA_GROUPS).fillna(False)
    only_dot = has_dot & ~has_comma
    only_comma = has_comma & ~has_dot
    dot_groups = only_dot & digits.str.fullmatch(_DOT_GROUPS).fillna(False)
    comma_groups = only_comma & digits.str.fullmatch(_COMMA_GROUPS).fillna(False)
    one_dot = only_dot & ~dot_groups & digits.str.fullmatch(r"\d+\.\d+").fillna(False)
    one_comma = only_comma & ~comma_groups & digits.str.fullmatch(r"\d+,\d+").fillna(False)
    no_dots = digits.str.replace(".", "", regex=False)
    no_commas = digits.str.replace(",", "", regex=False)
    out = digits.mask(both_id, no_dots.str.replace(",", ".", regex=False))
    out = out.mask(both_en, no_commas)
    out = out.mask(dot_groups, no_dots)
    out = out.mask(comma_groups & ~with_unit, no_commas)
    out = out.mask(one_comma, digits.str.replace(",", ".", regex=False))
    out = out.mask(
        (both & ~both_id & ~both_en)
        | (only_dot & ~dot_groups & ~one_dot)
        | (only_comma & ~comma_groups & ~one_comma),
        "",
    )
    ambiguous = (comma_groups & with_unit).fillna(False)
    out = out.mask(ambiguous, "")
    return out, ambiguous


_DOT_GROUPS_RE = re.compile(_DOT_GROUPS)
_COMMA_GROUPS_RE = re.compile(_COMMA_GROUPS)
_INTEGER_ID_RE = re.compile(r"^(?P<i>[\d.]*),\d+$")
_INTEGER_EN_RE = re.compile(r"^(?P<i>[\d,]*)\.\d+$")
_ONE_DOT_RE = re.compile(r"\d+\.\d+")
_ONE_COMMA_RE = re.compile(r"\d+,\d+")


def _plain_number(digits: str, with_unit: bool) -> tuple[str, bool]:
    """`_plain_number_text` for one ASCII text: its plain spelling and whether it is ambiguous."""
    has_dot, has_comma = "." in digits, "," in digits
    last_comma = digits.rfind(",") > digits.rfind(".")
    both = has_dot and has_comma
    both_id = both_en = False
    if both and last_comma:
        found = _INTEGER_ID_RE.search(digits)
        both_id = found is not None and _DOT_GROUPS_RE.fullmatch(found["i"]) is not None
    elif both:
        found = _INTEGER_EN_RE.search(digits)
        both_en = found is not None and _COMMA_GROUPS_RE.fullmatch(found["i"]) is not None
    only_dot, only_comma = has_dot and not has_comma, has_comma and not has_dot
    dot_groups = only_dot and _DOT_GROUPS_RE.fullmatch(digits) is not None
    comma_groups = only_comma and _COMMA_GROUPS_RE.fullmatch(digits) is not None
    one_dot = only_dot and not dot_groups and _ONE_DOT_RE.fullmatch(digits) is not None
    one_comma = only_comma and not comma_groups and _ONE_COMMA_RE.fullmatch(digits) is not None
    out = digits
    if both_id:
        out = digits.replace(".", "").replace(",", ".")
    if both_en:
        out = digits.replace(",", "")
    if dot_groups:
        out = digits.replace(".", "")
    if comma_groups and not with_unit:
        out = digits.replace(",", "")
    if one_comma:
        out = digits.replace(",", ".")
    if (
        (both and not both_id and not both_en)
        or (only_dot and not dot_groups and not one_dot)
        or (only_comma and not comma_groups and not one_comma)
    ):
        out = ""
    ambiguous = comma_groups and with_unit
    if ambiguous:
        out = ""
    return out, ambiguous


def _numbers_first(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Float64 values with the numeric cells filled in, and the mask of text cells still to parse."""
    out = pd.Series(np.nan, index=values.index, dtype="float64")
    is_text, is_number, _ = _split_types(values)
    if is_number.any():
        out[is_number] = pd.to_numeric(values[is_number], errors="coerce").astype("float64")
    return out, is_text


def _read_number_text(text: pd.Series, with_unit: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Float64 values of number text without sign or unit (NaN where unreadable), and the ambiguous mask."""
    plain, ambiguous = _plain_number_text(text, with_unit)
    valid = plain.str.fullmatch(r"\d+(?:\.\d+)?").fillna(False)
    return pd.to_numeric(plain.where(valid), errors="coerce").astype("float64"), ambiguous


def parse_money(values: pd.Series) -> NumberResult:
    """Rupiah amounts: numbers, 'Rp 1.500.000', '1.500.000,00', 'Rp1,5 juta', '750 ribu', '2,5 jt', '1,5 M'."""
    small = _small_numbers(values, _money_cell)
    if small is None:
        return _parse_money_vectorised(values)
    out, ambiguous = small
    return _number_result(values, out, ambiguous)


def _parse_money_vectorised(values: pd.Series) -> NumberResult:
    out, is_text = _numbers_first(values)
    ambiguous = pd.Series(False, index=values.index)
    if is_text.any():
        text = _lower(values[is_text])
        text = text.str.replace(r"^(?:rp\.?|idr) *", "", regex=True)
        text = text.str.replace(r"(?:,-|\.-|,00-|-)$", "", regex=True).str.replace(" ", "", regex=False)
        text = text.str.replace(r"(?:rupiah|rp)$", "", regex=True)
        found = text.str.extract(r"^(?P<sign>-?)(?P<digits>\d[\d.,]*?)(?P<unit>[a-z]*)\.?$")
        unit = found["unit"].fillna("")
        multiplier = unit.map(MAGNITUDES).where(unit.ne(""), 1.0)
        number, unclear = _read_number_text(found["digits"].fillna(""), unit.ne(""))
        sign = np.where(found["sign"].eq("-").fillna(False).to_numpy(dtype=bool), -1.0, 1.0)
        amount = number * multiplier.astype("float64") * sign
        # Without a magnitude, a fraction below Rp 1.000 (`1.50`, `100.5`) is no rupiah amount.
        unclear |= unit.eq("") & _implausible_fraction(amount)
        out[is_text] = amount.mask(unclear).to_numpy()
        ambiguous[is_text] = unclear.to_numpy()
    number_cells = ~is_text & out.notna()
    implausible = number_cells & _implausible_fraction(out)
    ambiguous |= implausible
    out = out.mask(implausible | (out.abs() > MAX_MAGNITUDE))
    given = ~is_empty(values)
    invalid = given & out.isna()
    return NumberResult(out.astype("Float64"), invalid, ambiguous & given)


# ---- one cell at a time: a column's distinct values are few, and pandas' fixed cost per operation
# (some thirty of them for a money column) outweighs a Python pass over them. The same steps as the
# vectorised readings below, on the cells where Python's `re` and Arrow's RE2 agree (ASCII text with
# no newline left after lowering), checked against them in tests/sheets/test_fast_paths.py.

_NUMBER_TYPES = (int, float, np.int64, np.float64)
_MONEY_PREFIX_RE = re.compile(r"^(?:rp\.?|idr) *")
_MONEY_DASH_RE = re.compile(r"(?:,-|\.-|,00-|-)\Z")
_MONEY_WORD_RE = re.compile(r"(?:rupiah|rp)\Z")
_MONEY_RE = re.compile(r"(?P<sign>-?)(?P<digits>\d[\d.,]*?)(?P<unit>[a-z]*)\.?\Z")
_WHOLE_UNIT_RE = re.compile(r" *(?:tahun|thn|th|orang|org|hari|hr|peserta)\.?\Z")
_WHOLE_RE = re.compile(r"(?P<sign>-?) *(?P<digits>\d[\d.,]*)\Z")
_PLAIN_DECIMAL_RE = re.compile(r"\d+(?:\.\d+)?")
_NAN = float("nan")


class _Unsure(Exception):
    """A cell the one-at-a-time reading leaves to the vectorised one."""


def _small_numbers(values: pd.Series, read: Callable[[str], tuple[float, bool]]) -> tuple[list, list] | None:
    """Each cell's number (NaN: none) and ambiguity, one cell at a time; None to read the column vectorised.

    Numbers are taken as they are, text is `read` after lowering; a cell of another type (a checkbox,
    a date), non-ASCII text and a number beyond a float's exact integers leave the column to the
    vectorised reading, which knows them all.
    """
    if len(values) > _SMALL:
        return None
    out: list[float] = []
    ambiguous: list[bool | None] = []  # None: a number cell
    try:
        for x in values.tolist():
            if x is None or x is pd.NA or (x.__class__ is float and math.isnan(x)):
                out.append(_NAN)
                ambiguous.append(False)
            elif x.__class__ is str:
                if not x.isascii():
                    return None
                number, unclear = read(_WHITESPACE_RUN_RE.sub(" ", x.strip().lower()))
                out.append(number)
                ambiguous.append(unclear)
            elif x.__class__ in _NUMBER_TYPES:
                number = float(x)
                if number != x and not math.isnan(number):  # an integer beyond a float's exact ones
                    return None
                out.append(number)
                ambiguous.append(None)  # a number: its fraction is judged below
            else:
                return None
    except _Unsure:
        return None
    return out, ambiguous


def _decimal(plain: str) -> float:
    """`pd.to_numeric` of plain digits (with at most one decimal point); NaN when they are not."""
    if _PLAIN_DECIMAL_RE.fullmatch(plain) is None:
        return _NAN
    if len(plain) > 15:  # beyond 15 digits two correct readings may round apart: let pandas decide
        raise _Unsure
    return float(plain)


def _is_odd_fraction(amount: float) -> bool:
    """`_implausible_fraction` of one amount (NaN is none)."""
    return not math.isnan(amount) and abs(amount) < PLAUSIBLE_FRACTION_FROM and amount != math.floor(amount)


def _money_cell(text: str) -> tuple[float, bool]:
    """One lowered text cell of a money column: its amount (NaN: unreadable or unclear) and whether unclear."""
    text = _MONEY_PREFIX_RE.sub("", text, count=1)
    text = _MONEY_DASH_RE.sub("", text, count=1).replace(" ", "")
    text = _MONEY_WORD_RE.sub("", text, count=1)
    found = _MONEY_RE.match(text)
    sign, digits, unit = found.groups() if found is not None else ("", "", "")
    plain, unclear = _plain_number(digits, unit != "")
    multiplier = MAGNITUDES.get(unit, _NAN) if unit else 1.0
    amount = _decimal(plain) * multiplier * (-1.0 if sign == "-" else 1.0)
    unclear = unclear or (unit == "" and _is_odd_fraction(amount))
    return (_NAN if unclear else amount), unclear


def _whole_cell(text: str) -> tuple[float, bool]:
    """One lowered text cell of a whole-number column: its number (NaN: unreadable), never unclear."""
    found = _WHOLE_RE.match(_WHOLE_UNIT_RE.sub("", text, count=1))
    sign, digits = found.groups() if found is not None else ("", "")
    plain, _ = _plain_number(digits, False)
    return _decimal(plain) * (-1.0 if sign == "-" else 1.0), False


def _number_result(values: pd.Series, out: list[float], ambiguous: list) -> NumberResult:
    """A money column's result from its one-at-a-time reading (`_small_numbers`, `_money_cell`)."""
    for i, (amount, unclear) in enumerate(zip(out, ambiguous)):
        if unclear is None:  # a number cell: a fraction below Rp 1.000 is no rupiah amount
            ambiguous[i] = _is_odd_fraction(amount)
            if ambiguous[i]:
                out[i] = _NAN
        if abs(out[i]) > MAX_MAGNITUDE:
            out[i] = _NAN
    given = ~is_empty(values)
    found = pd.Series(out, index=values.index, dtype="float64")
    return NumberResult(
        found.astype("Float64"),
        given & found.isna(),
        pd.Series(ambiguous, index=values.index, dtype=bool) & given,
    )


def _whole_numbers(out: list[float]) -> list[float]:
    """A whole-number column's numbers: fractions and absurd sizes are no number (NaN)."""
    return [x if not math.isnan(x) and abs(x) <= MAX_MAGNITUDE and x == math.floor(x) else _NAN for x in out]


def _implausible_fraction(amount: pd.Series) -> pd.Series:
    fraction = amount.notna() & (amount != np.floor(amount.fillna(0)))
    return (fraction & (amount.abs() < PLAUSIBLE_FRACTION_FROM)).fillna(False)


def parse_whole(values: pd.Series) -> NumberResult:
    """Whole numbers: numbers, digit text, '1.234', '12,000', '25 tahun'. A fraction is invalid.

    Digits are read exactly as in money columns (`12,000` is twelve thousand in both).
    """
    small = _small_numbers(values, _whole_cell)
    if small is None:
        return _parse_whole_vectorised(values)
    given = ~is_empty(values)
    found = pd.Series(_whole_numbers(small[0]), index=values.index, dtype="float64")
    return NumberResult(found.astype("Int64"), given & found.isna())


def _parse_whole_vectorised(values: pd.Series) -> NumberResult:
    out, is_text = _numbers_first(values)
    if is_text.any():
        text = _lower(values[is_text])
        text = text.str.replace(r" *(?:tahun|thn|th|orang|org|hari|hr|peserta)\.?$", "", regex=True)
        found = text.str.extract(r"^(?P<sign>-?) *(?P<digits>\d[\d.,]*)$")
        number, _ = _read_number_text(found["digits"].fillna(""), pd.Series(False, index=text.index))
        sign = np.where(found["sign"].eq("-").fillna(False).to_numpy(dtype=bool), -1.0, 1.0)
        out[is_text] = (number * sign).to_numpy()
    fractional = out.notna() & (out != np.floor(out.fillna(0)))
    # Beyond any count or year a sheet holds (and beyond int64): unreadable, not a number.
    absurd = out.abs() > MAX_MAGNITUDE
    out = out.mask(fractional | absurd)
    given = ~is_empty(values)
    invalid = given & out.isna()
    whole = out.round().astype("Int64")
    return NumberResult(whole, invalid)


# --------------------------------------------------------------------------- yes/no and categories


_YES = {"ya", "y", "yes", "true", "benar", "iya", "1", "v", "✓", "ok", "sudah"}
_NO = {"tidak", "t", "tdk", "no", "n", "false", "salah", "0", "gak", "nggak", "belum", "x"}


def parse_yes_no(values: pd.Series) -> NumberResult:
    """Ya/Tidak, Y/T, Yes/No, true/false and checkbox booleans to a nullable boolean."""
    small = _small_yes_no(values)
    if small is not None:
        return NumberResult(small, ~is_empty(values) & small.isna())
    return _parse_yes_no_vectorised(values)


def _small_yes_no(values: pd.Series) -> pd.Series | None:
    """`parse_yes_no`'s values one distinct cell at a time (see `_small_numbers`); None to read them vectorised."""
    if len(values) > _SMALL:
        return None
    out: list[bool | None] = []
    for x in values.tolist():
        if x is None or x is pd.NA:
            out.append(None)
        elif x.__class__ in _BOOLEANS:
            out.append(bool(x))
        elif x.__class__ is str:
            if not x.isascii():
                return None
            t = _WHITESPACE_RUN_RE.sub(" ", x.strip().lower())  # `_lower` of ASCII text
            out.append(True if t in _YES else False if t in _NO else None)
        elif x.__class__ in (float, np.float64):
            # NaN is no cell; a whole number is read as its digits (1.0 is "1"), other fractions as nothing.
            whole = not math.isnan(x) and x.is_integer()
            t = str(int(x)) if whole else ""
            out.append(True if t in _YES else False if t in _NO else None)
        elif x.__class__ in (int, np.int64):
            t = str(int(x))
            out.append(True if t in _YES else False if t in _NO else None)
        else:
            return None
    return pd.Series(pd.array(out, dtype="boolean"), index=values.index)


def _parse_yes_no_vectorised(values: pd.Series) -> NumberResult:
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    types = values.map(type)
    is_bool = types.isin((bool, np.bool_))
    out[is_bool] = values[is_bool].astype(bool)
    rest = values.notna() & ~is_bool
    if rest.any():
        text = _lower(
            values[rest].map(lambda x: str(int(x)) if isinstance(x, float) and x.is_integer() else x)
        )
        out[rest] = text.map(lambda t: True if t in _YES else False if t in _NO else pd.NA).astype("boolean")
    given = ~is_empty(values)
    return NumberResult(out, given & out.isna())


@dataclass
class CategoryResult:
    values: pd.Series  # canonical values, NA where missing or unknown
    unknown: pd.Series
    suggestions: pd.Series  # the nearest allowed value for unknown cells ('' when none is near)


def parse_category(values: pd.Series, column: Column) -> CategoryResult:
    """Category cells matched case-insensitively against the allowed values and their aliases."""
    lookup = column.category_lookup()
    small = _small_category(values, column, lookup)
    if small is not None:
        return small
    return _parse_category_vectorised(values, column, lookup)


_DISTRICT_PREFIX = re.compile(r"^(?:kecamatan|kec) +")


def _has_text(x: str) -> bool:
    """Whether `parse_text` keeps something of `x` (it is missing when cleaning leaves nothing)."""
    if "!" <= x[:1] <= "~":
        return True  # cleaning removes spaces and non-ASCII invisible characters only
    rest = _SPACES_RE.sub(" ", _INVISIBLE_RE.sub("", x)).strip(" ")
    if not rest or not rest.isspace():
        return bool(rest)  # nothing left, or a visible character that no trimming removes
    return bool(parse_text(pd.Series([x], dtype=object)).notna().iloc[0])  # odd spaces: as pandas trims them


def _no_cell(x: object) -> bool:
    # What Arrow's conversion (`from_pandas`) takes as missing: None, NA and NaN.
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def _small_category(values: pd.Series, column: Column, lookup: dict[str, str]) -> CategoryResult | None:
    """`parse_category` one value at a time, for a small column of text (None when it is not one).

    A category column holds a few dozen distinct values: the dozen pandas string operations
    of the vectorised reading cost more than the work. Per text, `parse_text` and then
    `normalise_series` come to `schema.normalise` (its `[\\W_]+` turns the spaces that
    cleaning trims or replaces into one space, then strips it), which pandas too runs with
    Python's own NFKC, casefold and, on non-ASCII text, `re`.
    """
    if len(values) > _SMALL:
        return None
    cells = values.tolist()
    if not all(isinstance(x, str) or _no_cell(x) for x in cells):
        return None  # numbers or dates among them: their text is pandas' to spell
    keys: list[str | None] = [normalise(x) if isinstance(x, str) and _has_text(x) else None for x in cells]
    if column.key == "district":
        # Staff write "Kec. Cikedung" or "Kecamatan Cikedung".
        keys = [_DISTRICT_PREFIX.sub("", k, count=1) if k else k for k in keys]
    canonical = [lookup.get(k) if k is not None else None for k in keys]
    unknown = [k is not None and k != "" and c is None for k, c in zip(keys, canonical)]
    suggestions = [""] * len(cells)
    found: dict[str, str] = {}
    for i, key in enumerate(keys):
        if unknown[i]:
            assert key is not None
            if key not in found:
                found[key] = _category_suggestion(key, lookup)
            suggestions[i] = found[key]
    index, name = values.index, values.name
    return CategoryResult(
        arrow_text(pa.array(canonical, type=pa.large_string()), index=index, name=name),
        pd.Series(pd.arrays.ArrowExtensionArray(pa.array(unknown, type=pa.bool_())), index=index, name=name),
        arrow_text(pa.array(suggestions, type=pa.large_string()), index=index),
    )


def _parse_category_vectorised(values: pd.Series, column: Column, lookup: dict[str, str]) -> CategoryResult:
    text = normalise_series(parse_text(values))
    if column.key == "district":
        # Staff write "Kec. Cikedung" or "Kecamatan Cikedung".
        text = text.str.replace(_DISTRICT_PREFIX.pattern, "", regex=True)  # normalised: one plain space
    canonical = text.map(lookup).astype("string")
    unknown = text.notna() & text.ne("") & canonical.isna()
    suggestions = pd.Series("", index=values.index, dtype="string")
    if unknown.any():
        for raw in text[unknown].unique():
            suggestions[text.eq(raw) & unknown] = _category_suggestion(raw, lookup)
    return CategoryResult(canonical, unknown, suggestions)


def _category_suggestion(key: str, lookup: dict[str, str]) -> str:
    """The allowed value nearest to an unknown normalised `key` ('' when none is close enough)."""
    best = process.extractOne(key, list(lookup), scorer=fuzz.ratio, score_cutoff=SUGGEST_CUTOFF)
    return lookup[best[0]] if best else ""


def suggest(value: str, choices: tuple[str, ...], cutoff: float = SUGGEST_CUTOFF) -> str:
    """The nearest of `choices` to `value`, or '' when none is close enough."""
    best = process.extractOne(
        normalise(value), {c: normalise(c) for c in choices}, scorer=fuzz.ratio, score_cutoff=cutoff
    )
    return best[2] if best else ""


# --------------------------------------------------------------------------- distinct cells


_BOOLEANS = (bool, np.bool_)
_NUMBERS = (int, float, np.number)  # bool is an int too


def _booleans_apart(
    cells: np.ndarray, codes: np.ndarray, uniques: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Give True and False codes of their own.

    Python has True == 1 and False == 0 with equal hashes, so factorising merges a
    checkbox with the number 1 or 0, which the parsers read differently (1 and 1.0
    may merge: every parser reads them alike).
    """
    suspects = [i for i, u in enumerate(uniques) if isinstance(u, _NUMBERS) and (u == 0 or u == 1)]
    if not suspects:
        return codes, uniques
    at = np.flatnonzero(np.isin(codes, suspects))
    kind = infer_dtype(cells[at], skipna=False)  # one scan in C: all checkboxes, all numbers, or both
    if kind in ("integer", "floating", "mixed-integer-float"):
        return codes, uniques
    if kind == "boolean":
        is_bool = np.ones(len(at), dtype=bool)
    else:
        is_bool = np.fromiter((type(x) in _BOOLEANS for x in cells[at]), dtype=bool, count=len(at))
    booleans = at[is_bool]
    codes = codes.copy()
    codes[booleans] = len(uniques) + cells[booleans].astype(bool)  # False -> n, True -> n + 1
    out = np.empty(len(uniques) + 2, dtype=object)
    out[: len(uniques)] = uniques
    out[len(uniques) :] = [False, True]
    for i in suspects:  # a merged value first seen as a checkbox now stands for the numbers only
        if type(out[i]) in _BOOLEANS:
            out[i] = int(out[i])
    return codes, out


@dataclass(frozen=True)
class Distinct:
    """A column of raw cells as its distinct values, and for each cell which one it holds.

    A date, category or money column of 400,000 cells holds a few thousand
    distinct values. Every parser reads one cell at a time, so parsing the
    distinct values once and spreading the results back gives the same answer,
    and the costly part (pyarrow conversion, regular expressions, month names,
    fuzzy suggestions) runs on thousands of values instead of every cell.
    """

    values: pd.Series  # object: the distinct cells, the empty cell (None) last
    codes: np.ndarray  # per cell, its position in `values`
    index: pd.Index  # the column's index

    @classmethod
    def of(cls, cells: pd.Series) -> Distinct:
        """Factorise `cells` once (one hash per cell); None, NaN and NA all count as the empty cell."""
        array = cells.to_numpy(dtype=object)
        try:
            codes, uniques = pd.factorize(array)
        except TypeError:  # an unhashable cell (no source gives one): every cell on its own
            codes, uniques = np.arange(len(array)), array
        else:
            codes, uniques = _booleans_apart(array, codes, np.asarray(uniques, dtype=object))
        distinct = np.empty(len(uniques) + 1, dtype=object)
        distinct[:-1] = uniques
        codes = np.where(codes < 0, len(uniques), codes)
        return cls(pd.Series(distinct, dtype=object), codes, cells.index)

    def spread(self, per_value: pd.Series, where: np.ndarray | pd.Series | None = None) -> pd.Series:
        """Results computed on `values`, one per cell (or only for the cells in `where`)."""
        codes, index = self.codes, self.index
        if where is not None:
            where = np.asarray(where, dtype=bool)
            codes, index = codes[where], index[where]
        return pd.Series(per_value.array.take(codes), index=index, name=per_value.name)

    def mask(self, per_value: pd.Series) -> np.ndarray:
        """A boolean result computed on `values`, one per cell."""
        return per_value.fillna(False).to_numpy(dtype=bool)[self.codes]
