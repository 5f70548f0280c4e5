"""A follow-up visit recorded in the app: checked as the reader checks a row, then appended to `Pemantauan`.

The form's cells are validated by the reader's own code (`sheets.validate.check_tab` and the
tab's rules, against the survivor IDs of the same read), placed at the row the append will
land on, so a bad value gets exactly the message the sheet would give it: tab, row, column,
value. A row that passes is written in the tab's own column order (`Report.positions`), with
typed cells (a date serial, a number, Ya/Tidak), by one `values:append` through the Sheets
client; without write-back it is offered as tab-separated text to paste instead.

Who follows a survivor up (`Petugas`) has no column of its own in the contract: a survivor's
officer is the `Petugas` of their latest visit, so recording a visit by another officer
reassigns them (README, contract decisions).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from sheets import schema
from sheets.issues import issues_table
from sheets.raw import RawTab, RawWorkbook
from sheets.validate import CheckedKeys, Report, check_tab

if TYPE_CHECKING:
    from sheets.gsheets import SheetsConfig, Transport

TAB = schema.PEMANTAUAN
FORM_COLUMNS = ("survivor_id", "visited_on", "business_status", "monthly_income", "with_family", "officer")
SERIAL_EPOCH = dt.date(1899, 12, 30)  # Sheets' day 0


@dataclass(frozen=True)
class Checked:
    """One visit after the reader's checks: its issues (errors block it) and its cells in column order."""

    row: int  # the sheet row it is checked as (and, on this read, will be appended as)
    issues: pd.DataFrame
    cells: list[Any]  # in the tab's column order; empty when an error blocks the row
    keys: tuple[str | None, ...]  # the contract column of each cell (None: a column the contract lacks)

    @property
    def ok(self) -> bool:
        return not self.issues["severity"].eq("error").any()

    def as_tsv(self) -> str:
        """The row to paste into the tab (tab-separated, in its column order; dates day-first)."""
        return "\t".join(_pasted(cell, key) for cell, key in zip(self.cells, self.keys))


def layout(report: Report) -> tuple[str | None, ...]:
    """The contract column key of each column of `Pemantauan`, in the tab's order as read.

    A column the contract does not know is None (left empty); a contract column the tab lacks is
    added at the end (the append then writes beyond the header: the reader reports that header as
    missing, never loses the value silently). Without a read header: the contract's order.
    """
    positions = report.positions.get(TAB.name) or {}
    if not positions:
        return tuple(c.key for c in TAB.columns)
    width = max(positions.values()) + 1
    keys: list[str | None] = [None] * width
    for key, position in positions.items():
        keys[position] = key
    return (*keys, *(k for k in FORM_COLUMNS if k not in positions))


def next_row(report: Report) -> int:
    """The sheet row a visit appended now lands on: below the last row of the tab as read."""
    header = report.headers.get(TAB.name) or 1
    return header + report.counts[TAB.name].rows_read + 1


def check(report: Report, cells: dict[str, object], today: dt.date) -> Checked:
    """Validate one visit (`cells`: form column key -> what was typed) as the reader validates its row.

    The row is built as the tab holds it (its header, then the visit at `next_row`) and run through
    the reader's parsing and rules, with references resolved against the read's `Korban`.
    """
    keys = layout(report)
    row = next_row(report)
    header_row = report.headers.get(TAB.name) or 1
    header: list[object] = [TAB.column(k).header if k else f"_{i}" for i, k in enumerate(keys)]
    typed = [cells.get(k) if k else None for k in keys]
    # Blank rows stand for the rows above: the row numbers, hence the messages, are the sheet's.
    rows: list[list[object]] = [[] for _ in range(header_row - 1)]
    rows += [header, *([[]] * (row - header_row - 1)), typed]
    raw = RawWorkbook("form", {TAB.name: RawTab(report.titles.get(TAB.name) or TAB.name, rows)})
    tab_check = check_tab(TAB, raw, today, today, {"Korban": CheckedKeys(report, "Korban", "survivor_id")})
    found = issues_table(tab_check.issues)
    found = found[found["row"].eq(row).fillna(False)].reset_index(drop=True)  # not the padding's headers
    checked = Checked(row, found, [], keys)
    if not checked.ok:
        return checked
    values = tab_check.values.iloc[-1]
    return Checked(row, found, [_cell(values.get(k), k) if k else "" for k in keys], keys)


def _money_cell(value: Any) -> object:
    number = float(value)
    return int(number) if number.is_integer() else number


# A parsed value of each column kind as the cell to write: dates as Sheets serials, yes/no as
# Ya/Tidak, money as a number, the rest as its text (tests/sheets/test_schema_kinds.py).
CELL_WRITERS: dict[str, Callable[[Any], object]] = {
    "text": str,
    "id": str,
    "date": lambda value: (pd.Timestamp(value).date() - SERIAL_EPOCH).days,
    "category": str,
    "whole": str,
    "money": _money_cell,
    "yesno": lambda value: "Ya" if bool(value) else "Tidak",
}


def _cell(value: Any, key: str) -> object:
    """A parsed value as the cell to write (`CELL_WRITERS`), '' for nothing."""
    if value is None or pd.isna(value):
        return ""
    return CELL_WRITERS[TAB.column(key).kind](value)


def _pasted(cell: Any, key: str | None) -> str:
    """A cell as typed by hand: a date serial back to dd/mm/yyyy (a pasted serial would show as a number)."""
    if key and cell != "" and TAB.column(key).kind == "date":
        return (SERIAL_EPOCH + dt.timedelta(days=int(cell))).strftime("%d/%m/%Y")
    return re.sub(r"[\t\r\n]+", " ", str(cell))


def append(
    config: SheetsConfig, report: Report, checked: Checked, *, transport: Transport | None = None
) -> int:
    """Append the checked visit to the spreadsheet's `Pemantauan` tab; returns the row written.

    Needs write-back (`[sheets] write_back`); raises `SheetsError` otherwise or when Google refuses.
    """
    from sheets.gsheets import SheetsError, open_client
    from sheets.gwire import quote_title

    if not config.write_back:
        raise SheetsError.of("read-only")
    if not checked.ok or not checked.cells:
        raise ValueError("only a visit without errors is written")
    title = report.titles.get(TAB.name) or TAB.name
    client = open_client(config, transport, write=True)
    answer = client.values_append(config.spreadsheet_id, f"{quote_title(title)}!A1", [list(checked.cells)])
    span = str(answer.get("updates", {}).get("updatedRange", ""))
    found = re.search(r"![A-Z]+(\d+)", span)
    return int(found.group(1)) if found else checked.row
