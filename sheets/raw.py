"""The raw shape every source returns: tabs of rows of cells, before any parsing.

A cell is whatever the source gives: `str`, `int`, `float`, `bool`,
`datetime.date`/`datetime.datetime` (workbooks) or `None`. Google Sheets (read
with UNFORMATTED_VALUE and SERIAL_NUMBER) gives numbers for dates; CSV files give
text for everything. Parsing copes with all of them.

Rows are a list of lists, or a `Grid` (one 2-D array that reads like one) for
Google's answers, which can hold ten million cells (`sheets.gwire.from_batch_get`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

import numpy as np

from sheets.schema import tab_key

Cell = object
# A merged range: first row, first column, last row, last column (0-based, inclusive).
Merge = tuple[int, int, int, int]


class Grid(Sequence[list[object]]):
    """Rows kept as one 2-D object array, padded with None, that reads like a list of lists.

    Google's limit of ten million cells is about 1.2 million rows; as Python lists,
    CPython's cyclic garbage collector rescans them on every full collection (1-2 s
    each). An object array is invisible to the collector, and becomes a DataFrame
    without copying (`parse.data_frame`).
    """

    __slots__ = ("array",)

    def __init__(self, array: np.ndarray) -> None:
        if array.ndim != 2 or array.dtype != object:
            raise ValueError("a Grid holds a 2-D object array")
        self.array = array

    @classmethod
    def from_rows(cls, rows: list[list[Cell]]) -> Grid:
        """Ragged rows as one array, short rows padded with None."""
        width = max(map(len, rows), default=0)
        pad = [None] * width
        # One pass in C over the cells, in the order they lie in memory.
        padded = (row if len(row) == width else row + pad[len(row) :] for row in rows)
        cells = itertools.chain.from_iterable(padded)
        flat = np.fromiter(cells, dtype=object, count=len(rows) * width)
        return cls(flat.reshape(len(rows), width))

    def __len__(self) -> int:
        return len(self.array)

    @overload
    def __getitem__(self, index: int) -> list[Cell]: ...

    @overload
    def __getitem__(self, index: slice) -> Grid: ...

    def __getitem__(self, index: int | slice) -> list[Cell] | Grid:
        if isinstance(index, slice):
            return Grid(self.array[index])
        return self.array[index].tolist()

    def __iter__(self) -> Iterator[list[Cell]]:
        return iter(self.array.tolist())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Grid, list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Grid({self.array.shape[0]} rows x {self.array.shape[1]} columns)"


Rows = list[list[Cell]] | Grid


@dataclass(frozen=True)
class RawTab:
    """One tab as read: its title in the source and its rows (possibly ragged).

    Merged cells are already filled in (`fill_merged`): every covered cell holds the
    value a person sees there; `merges` lists the ranges so validation can say so.
    """

    title: str
    rows: Rows
    # Google Sheets' numeric id of the tab, for links to a cell (`#gid=`).
    sheet_id: int | None = None
    hidden: bool = False
    merges: tuple[Merge, ...] = ()


@dataclass(frozen=True)
class Notice:
    """Something a source noticed about its files (a CSV that is no tab, an older download), for the issues."""

    code: str
    tab: str  # the contract tab it concerns, '' for none
    value: str  # the file name
    detail: str = ""


@dataclass(frozen=True)
class RawWorkbook:
    """Everything a source read: tabs by their title, and where they came from."""

    source: str
    tabs: dict[str, RawTab]
    # Base URL that a cell link is built on (`<url>#gid=<id>&range=A1`); None for files.
    url: str | None = None
    read_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    # Tab titles present in the source that the read did not fetch (e.g. Petunjuk).
    other_tabs: tuple[str, ...] = ()
    notices: tuple[Notice, ...] = ()

    def find(self, name: str) -> RawTab | None:
        """The first tab called `name`, ignoring case, punctuation and every space (visible ones first)."""
        found = self.find_all(name)
        return next((t for t in found if not t.hidden), found[0] if found else None)

    def find_all(self, name: str) -> list[RawTab]:
        """Every tab called `name`, ignoring case, punctuation and every space, in workbook order."""
        wanted = tab_key(name)
        return [tab for title, tab in self.tabs.items() if tab_key(title) == wanted]

    def link_base(self, tab: RawTab) -> str:
        """What every link into `tab` starts with (`<url>#gid=<id>&range=`, an A1 range follows);
        '' for local files, which have no address."""
        if self.url is None or tab.sheet_id is None:
            return ""
        return f"{self.url}#gid={tab.sheet_id}&range="

    def cell_link(self, tab: RawTab, row: int, col: int | None) -> str:
        """A link that opens `tab` at 1-based `row` and 0-based `col`; '' for local files."""
        base = self.link_base(tab)
        if not base:
            return ""
        return base + (f"{column_letter(col)}{row}" if col is not None else f"A{row}:Z{row}" if row else "A1")


def fill_merged(rows: Rows, merges: Sequence[Merge]) -> Rows:
    """`rows` with each merged range's value in every cell it covers (what a person sees on each row).

    Only empty covered cells are filled: a source gives the value in the first cell of a
    range only, and a cell that holds something of its own (a stale list of ranges) keeps it.
    """
    if not merges:
        return rows
    height = max(max(r1 for _, _, r1, _ in merges) + 1, len(rows))
    width = max(max(c1 for _, _, _, c1 in merges) + 1, max(map(len, rows), default=0))
    if isinstance(rows, Grid):
        array = np.full((height, width), None, dtype=object)
        array[: rows.array.shape[0], : rows.array.shape[1]] = rows.array
        for r0, c0, r1, c1 in merges:
            value = array[r0, c0]
            if _is_blank(value):
                continue
            block = array[r0 : r1 + 1, c0 : c1 + 1]
            empty = np.frompyfunc(_is_blank, 1, 1)(block).astype(bool)
            block[empty] = value
        return Grid(array)
    out = [list(row) for row in rows] + [[] for _ in range(height - len(rows))]
    for r0, c0, r1, c1 in merges:
        value = out[r0][c0] if c0 < len(out[r0]) else None
        if _is_blank(value):
            continue
        for r in range(r0, r1 + 1):
            row = out[r]
            if len(row) <= c1:
                row.extend([None] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                if _is_blank(row[c]):
                    row[c] = value
    return out


def _is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def a1_range(merge: Merge) -> str:
    """A merged range in A1 notation: (1, 1, 3, 1) -> 'B2:B4'."""
    r0, c0, r1, c1 = merge
    return f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA' (spreadsheet column letters)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
