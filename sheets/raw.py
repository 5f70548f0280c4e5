"""The raw shape every source returns: tabs of rows of cells, before any parsing.

A cell is whatever the source gives: `str`, `int`, `float`, `bool`,
`datetime.date`/`datetime.datetime` (workbooks) or `None`. Google Sheets (read
with UNFORMATTED_VALUE and SERIAL_NUMBER) gives numbers for dates; CSV files give
text for everything. Parsing copes with all of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sheets.schema import normalise

Cell = object


@dataclass(frozen=True)
class RawTab:
    """One tab as read: its title in the source and its rows (possibly ragged)."""

    title: str
    rows: list[list[Cell]]
    # Google Sheets' numeric id of the tab, for links to a cell (`#gid=`).
    sheet_id: int | None = None


@dataclass(frozen=True)
class RawWorkbook:
    """Everything a source read: tabs by their title, and where they came from."""

    source: str
    tabs: dict[str, RawTab]
    # Base URL that a cell link is built on (`<url>#gid=<id>&range=A1`); None for files.
    url: str | None = None
    read_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    # Tab titles present in the source that the read did not fetch (e.g. Petunjuk).
    other_tabs: tuple[str, ...] = ()

    def find(self, name: str) -> RawTab | None:
        """The tab called `name`, ignoring case and spacing; None when absent."""
        wanted = normalise(name)
        for title, tab in self.tabs.items():
            if normalise(title) == wanted:
                return tab
        return None

    def cell_link(self, tab: RawTab, row: int, col: int | None) -> str:
        """A link that opens `tab` at 1-based `row` and 0-based `col`; '' for local files."""
        if self.url is None or tab.sheet_id is None:
            return ""
        a1 = f"{column_letter(col)}{row}" if col is not None else f"A{row}:Z{row}" if row else "A1"
        return f"{self.url}#gid={tab.sheet_id}&range={a1}"


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA' (spreadsheet column letters)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
