"""The setup command: make a blank or partly filled spreadsheet ready for staff, from the schema.

For each contract tab it adds what is missing, and only that: the tab, the contract's
headers (in empty header cells of empty columns; a filled cell is never overwritten
or cleared), a frozen and warning-protected header row, dropdowns for category and
yes/no columns, and date and number formats. It also writes the `Petunjuk`
(instructions) tab from the schema's help texts. Everything goes to Google in one
`batchUpdate`, and running it again plans nothing.

`publish_issues` writes the validation issues into the `Masalah Data` tab, the only
tab it touches, and only when write-back is enabled.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sheets import schema
from sheets.gsheets import (
    SheetsClient,
    SheetsConfig,
    SheetsError,
    Transport,
    forget_metadata,
    open_client,
)
from sheets.gwire import quote_title
from sheets.issues import RENDERED_COLUMNS
from sheets.messages import with_messages
from sheets.parse import HEADER_SEARCH_ROWS, header_lookup, locate_header
from sheets.raw import column_letter
from sheets.schema import Column, Tab, normalise

log = logging.getLogger(__name__)

NUMBER_FORMATS: dict[str, dict[str, str]] = {
    "date": {"type": "DATE", "pattern": "dd/mm/yyyy"},
    "money": {"type": "NUMBER", "pattern": "#,##0"},
    "whole": {"type": "NUMBER", "pattern": "0"},
}
NEW_TAB_ROWS, NEW_TAB_COLUMNS = 1000, 26
PROTECTION_DESCRIPTION = "Pulih: judul kolom dibaca aplikasi / column headers are read by the app"
ISSUE_HEADERS = ("Tab", "Baris", "Kolom", "Nilai", "Kode", "Tingkat", "Pesan", "Message", "Tautan")
_SETUP_METADATA = "properties.title,sheets(properties(sheetId,title,index,gridProperties),protectedRanges)"
_GRID_FIELDS = "sheets(properties.sheetId,data.rowData.values(dataValidation,userEnteredFormat.numberFormat))"


@dataclass(frozen=True)
class Change:
    """One thing setup does to one tab, and the batchUpdate requests that do it."""

    tab: str
    kind: str
    summary_id: str
    summary_en: str
    requests: tuple[dict[str, Any], ...] = field(default=(), compare=False, repr=False)

    def __str__(self) -> str:
        return f"{self.tab}: {self.summary_en} / {self.summary_id}"


@dataclass
class _TabState:
    """What a tab holds now (a tab about to be added holds nothing)."""

    title: str
    sheet_id: int
    rows: list[list[Any]] = field(default_factory=list)
    column_count: int = NEW_TAB_COLUMNS
    row_count: int = NEW_TAB_ROWS
    frozen_rows: int = 0
    protected: list[dict[str, Any]] = field(default_factory=list)
    # The header row, 0-based; None when the tab has data but no recognisable header.
    header: int | None = 0
    # Cell data (validation, number format) of the first row under the header, by column.
    first_data_row: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_sheet(cls, sheet: dict[str, Any], rows: list[list[Any]]) -> _TabState:
        """The state of an existing tab from its metadata and values."""
        props = sheet["properties"]
        grid = props.get("gridProperties", {})
        return cls(
            props["title"],
            props.get("sheetId", 0),
            rows,
            column_count=grid.get("columnCount", NEW_TAB_COLUMNS),
            row_count=grid.get("rowCount", NEW_TAB_ROWS),
            frozen_rows=grid.get("frozenRowCount", 0),
            protected=sheet.get("protectedRanges", []),
        )

    def range_below_header(self, column: int) -> dict[str, Any]:
        """The grid range of `column` from the first data row to the bottom of the sheet."""
        return {
            "sheetId": self.sheet_id,
            "startRowIndex": (self.header or 0) + 1,
            "startColumnIndex": column,
            "endColumnIndex": column + 1,
        }


# --------------------------------------------------------------------------- planning


def plan_setup(config: SheetsConfig, *, transport: Transport | None = None) -> list[Change]:
    """What setup would change in the main spreadsheet (empty when it is ready); changes nothing."""
    return _plan(open_client(config, transport), config.spreadsheet_id)


def apply_setup(
    config: SheetsConfig, dry_run: bool = False, *, transport: Transport | None = None
) -> list[Change]:
    """Make the main spreadsheet ready for staff in one batchUpdate; returns the changes (made or not)."""
    # Setup is a command its owner runs on purpose, so it asks for write access whatever
    # `write_back` says; that setting governs only what the app writes on its own.
    client = open_client(config, transport, write=not dry_run)
    changes = _plan(client, config.spreadsheet_id)
    if changes and not dry_run:
        client.batch_update(config.spreadsheet_id, [r for change in changes for r in change.requests])
        forget_metadata()
    return changes


def _plan(client: SheetsClient, sheet_id: str) -> list[Change]:
    """Read what is there (three requests at most) and list what is missing."""
    meta = client.metadata(sheet_id, {"includeGridData": "false", "fields": _SETUP_METADATA})
    sheets = {normalise(s["properties"]["title"]): s for s in meta.get("sheets", [])}
    next_id = max((s["properties"].get("sheetId", 0) for s in sheets.values()), default=0) + 1
    wanted = [*(t.name for t in schema.MAIN_TABS), schema.INSTRUCTIONS_TAB]
    read = {name: sheets[normalise(name)] for name in wanted if normalise(name) in sheets}
    ranges = [quote_title(s["properties"]["title"]) for s in read.values()]
    value_ranges = client.values_batch_get(sheet_id, ranges) if ranges else []
    states = {
        name: _TabState.from_sheet(sheet, _cells(vr.get("values", [])))
        for (name, sheet), vr in zip(read.items(), value_ranges, strict=True)
    }
    for tab in schema.MAIN_TABS:
        if tab.name in states:
            states[tab.name].header = _header_index(tab, states[tab.name].rows)
    _load_first_data_rows(client, sheet_id, [states[t.name] for t in schema.MAIN_TABS if t.name in states])

    changes: list[Change] = []
    for tab in schema.MAIN_TABS:
        state = states.get(tab.name)
        if state is None:
            state = _TabState(tab.name, next_id, column_count=max(NEW_TAB_COLUMNS, len(tab.columns)))
            next_id += 1
            changes.append(_add_tab(state))
        elif state.header is None:
            log.warning(
                "%s: the tab has data but no recognisable header row; setup leaves it alone", state.title
            )
            continue
        changes += _plan_tab(tab, state)
    return changes + _plan_instructions(states.get(schema.INSTRUCTIONS_TAB), next_id)


def _cells(values: Any) -> list[list[Any]]:
    return [[None if cell == "" else cell for cell in row] for row in values]


def _is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _header_index(tab: Tab, rows: list[list[Any]]) -> int | None:
    """The header row (0-based), or None for a tab with data and no header.

    The contract's rule first; else the first of the early rows naming any contract
    column (a partly typed header); else row 1 of an empty tab.
    """
    found = locate_header(rows, tab).row_index
    if found is not None:
        return found
    lookup = header_lookup(tab)
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(lookup.get(normalise(cell)) for cell in row if not _is_blank(cell)):
            return index
    return 0 if all(_is_blank(cell) for row in rows for cell in row) else None


def _load_first_data_rows(client: SheetsClient, sheet_id: str, states: list[_TabState]) -> None:
    """Fetch each tab's first data row with its validation and format, to see what is already set."""
    states = [s for s in states if s.header is not None]
    if not states:
        return
    first_rows = [(s.header or 0) + 2 for s in states]  # every header is known here
    ranges = [f"{quote_title(s.title)}!{row}:{row}" for s, row in zip(states, first_rows)]
    grid = client.metadata(sheet_id, {"includeGridData": "true", "ranges": ranges, "fields": _GRID_FIELDS})
    by_id = {s.get("properties", {}).get("sheetId", 0): s for s in grid.get("sheets", [])}
    for state in states:
        data = by_id.get(state.sheet_id, {}).get("data") or [{}]
        rows = data[0].get("rowData") or [{}]
        state.first_data_row = rows[0].get("values", [])


def _free_columns(rows: list[list[Any]], header: int) -> Iterator[int]:
    """Columns whose header cell and every cell below it are empty, left to right, then past the data."""
    below = rows[header:]
    width = max((len(row) for row in below), default=0)
    for c in range(width):
        if all(c >= len(row) or _is_blank(row[c]) for row in below):
            yield c
    yield from itertools.count(width)


def _column_positions(tab: Tab, state: _TabState) -> dict[str, int]:
    """Column key -> 0-based position, for the contract columns the header row already names."""
    lookup = header_lookup(tab)
    header = state.header or 0
    positions: dict[str, int] = {}
    for position, cell in enumerate(state.rows[header] if header < len(state.rows) else []):
        key = None if _is_blank(cell) else lookup.get(normalise(cell))
        if key is not None:
            positions.setdefault(key, position)
    return positions


def _plan_tab(tab: Tab, state: _TabState) -> list[Change]:
    changes: list[Change] = []
    positions = _column_positions(tab, state)
    missing = [c for c in tab.columns if c.key not in positions]
    if missing:
        placed = list(zip(missing, _free_columns(state.rows, state.header or 0), strict=False))
        positions.update({column.key: position for column, position in placed})
        changes.append(_headers_change(state, placed))
    changes += _freeze_change(state) + _protect_change(state)
    dropdowns, formats = [], []
    for column in tab.columns:
        position = positions[column.key]
        current = state.first_data_row[position] if position < len(state.first_data_row) else {}
        rule = dropdown_rule(column)
        if rule is not None and not _same_rule(current.get("dataValidation"), rule):
            dropdowns.append(
                (column, {"setDataValidation": {"range": state.range_below_header(position), "rule": rule}})
            )
        number_format = NUMBER_FORMATS.get(column.kind)
        if number_format is not None and not _same_format(current, number_format):
            formats.append(
                (
                    column,
                    {
                        "repeatCell": {
                            "range": state.range_below_header(position),
                            "cell": {"userEnteredFormat": {"numberFormat": number_format}},
                            "fields": "userEnteredFormat.numberFormat",
                        }
                    },
                )
            )
    if dropdowns:
        names = ", ".join(c.header for c, _ in dropdowns)
        changes.append(
            Change(
                state.title,
                "dropdown",
                f"daftar pilihan: {names}",
                f"dropdowns: {names}",
                tuple(r for _, r in dropdowns),
            )
        )
    if formats:
        names = ", ".join(c.header for c, _ in formats)
        changes.append(
            Change(
                state.title,
                "format",
                f"format tanggal/angka: {names}",
                f"date/number formats: {names}",
                tuple(r for _, r in formats),
            )
        )
    return changes


def _add_tab(state: _TabState, index: int | None = None) -> Change:
    grid = {"rowCount": state.row_count, "columnCount": state.column_count}
    props: dict[str, Any] = {"sheetId": state.sheet_id, "title": state.title, "gridProperties": grid}
    if index is not None:
        props["index"] = index
    return Change(state.title, "add-tab", "tab baru", "new tab", ({"addSheet": {"properties": props}},))


def _headers_change(state: _TabState, placed: list[tuple[Column, int]]) -> Change:
    header = state.header or 0
    requests: list[dict[str, Any]] = []
    widest = max(position for _, position in placed) + 1
    if widest > state.column_count:
        requests.append(
            {
                "appendDimension": {
                    "sheetId": state.sheet_id,
                    "dimension": "COLUMNS",
                    "length": widest - state.column_count,
                }
            }
        )
    for column, position in placed:
        cell = {"userEnteredValue": {"stringValue": column.header}, "note": header_note(column)}
        requests.append(
            {
                "updateCells": {
                    "start": {"sheetId": state.sheet_id, "rowIndex": header, "columnIndex": position},
                    "rows": [{"values": [cell]}],
                    "fields": "userEnteredValue,note",
                }
            }
        )
    where = ", ".join(f"{column_letter(p)}{header + 1} {c.header}" for c, p in placed)
    return Change(state.title, "headers", f"judul kolom: {where}", f"headers: {where}", tuple(requests))


def _freeze_change(state: _TabState) -> list[Change]:
    rows = (state.header or 0) + 1
    if state.frozen_rows >= rows:
        return []
    return [
        Change(
            state.title,
            "freeze",
            f"bekukan {rows} baris teratas",
            f"freeze the top {rows} rows",
            (
                {
                    "updateSheetProperties": {
                        "properties": {"sheetId": state.sheet_id, "gridProperties": {"frozenRowCount": rows}},
                        "fields": "gridProperties.frozenRowCount",
                    }
                },
            ),
        )
    ]


def _protect_change(state: _TabState) -> list[Change]:
    header = state.header or 0
    if any(_protects_row(p, state.sheet_id, header) for p in state.protected):
        return []
    rng = {"sheetId": state.sheet_id, "startRowIndex": header, "endRowIndex": header + 1}
    # Warning only: staff may still fix a typo in a header, but not by accident.
    protected = {"range": rng, "description": PROTECTION_DESCRIPTION, "warningOnly": True}
    return [
        Change(
            state.title,
            "protect",
            f"lindungi baris judul {header + 1} (peringatan)",
            f"protect header row {header + 1} (warning only)",
            ({"addProtectedRange": {"protectedRange": protected}},),
        )
    ]


def header_note(column: Column) -> str:
    """The note on a header cell: what to type, in Indonesian and English."""
    lines = [column.help_id, column.help_en]
    if column.required:
        lines.append("Wajib diisi / required.")
    if column.example:
        lines.append(f"Contoh / example: {column.example}")
    return "\n".join(lines)


def dropdown_rule(column: Column) -> dict[str, Any] | None:
    """The data-validation rule for a category or yes/no column; None for other kinds."""
    values = column.choices()
    if not values:
        return None
    # Not strict: the contract accepts aliases (P, L, Wanita ...), so Sheets warns instead of refusing.
    return {
        "condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": v} for v in values]},
        "inputMessage": column.help_id,
        "strict": False,
        "showCustomUi": True,
    }


def _same_rule(current: dict[str, Any] | None, wanted: dict[str, Any]) -> bool:
    if not current:
        return False
    have, want = current.get("condition", {}), wanted["condition"]
    have_values = [v.get("userEnteredValue") for v in have.get("values", [])]
    return have.get("type") == want["type"] and have_values == [v["userEnteredValue"] for v in want["values"]]


def _same_format(cell: dict[str, Any], wanted: dict[str, str]) -> bool:
    have = cell.get("userEnteredFormat", {}).get("numberFormat", {})
    return have.get("type") == wanted["type"] and have.get("pattern") == wanted["pattern"]


def _protects_row(protected: dict[str, Any], sheet_id: int, row: int) -> bool:
    """True when `protected` covers the whole of `row` (Google leaves out zero and unbounded indexes)."""
    rng = protected.get("range", {})
    return (
        rng.get("sheetId", 0) == sheet_id
        and rng.get("startRowIndex", 0) <= row < rng.get("endRowIndex", row + 1)
        and "startColumnIndex" not in rng
        and "endColumnIndex" not in rng
    )


# --------------------------------------------------------------------------- instructions


def instruction_rows() -> list[list[str]]:
    """The `Petunjuk` tab, generated from the schema: each tab's purpose, then its columns."""
    rows = [
        ["Petunjuk pengisian / How to fill in this spreadsheet"],
        [
            (
                "Tab ini dibuat oleh Pulih dari kontrak data; perubahan di sini akan ditimpa saat setup "
                "dijalankan lagi."
            ),
            (
                "This tab is generated by Pulih from the data contract; edits here are replaced when setup "
                "runs again."
            ),
        ],
        [],
    ]
    for tab in schema.MAIN_TABS:
        rows.append([f"Tab {tab.name}", tab.help_id, tab.help_en])
        rows.append(
            [
                "Kolom / column",
                "Wajib / required",
                "Keterangan",
                "Description",
                "Contoh / example",
                "Pilihan / choices",
            ]
        )
        for column in tab.columns:
            rows.append(
                [
                    column.header,
                    "Ya" if column.required else "",
                    column.help_id,
                    column.help_en,
                    column.example,
                    ", ".join(column.choices()),
                ]
            )
        rows.append([])
    return _trim(rows)


def _trim(rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """Rows as the API reads them back: blanks as None, trailing blank cells and rows dropped."""
    out = []
    for row in rows:
        cells = [None if _is_blank(cell) else cell for cell in row]
        while cells and cells[-1] is None:
            cells.pop()
        out.append(cells)
    while out and not out[-1]:
        out.pop()
    return out


def _plan_instructions(state: _TabState | None, next_id: int) -> list[Change]:
    wanted = instruction_rows()
    changes: list[Change] = []
    clear: list[dict[str, Any]] = []
    if state is None:
        state = _TabState(schema.INSTRUCTIONS_TAB, next_id)
        # First, so staff opening the spreadsheet see it before the data tabs.
        changes.append(_add_tab(state, index=0))
    elif _trim(state.rows) == wanted:
        return []
    else:
        # The app owns this tab (CONTRACT.md): rewriting it whole keeps it in step with the schema.
        clear.append({"updateCells": {"range": {"sheetId": state.sheet_id}, "fields": "userEnteredValue"}})
    grow = []
    if len(wanted) > state.row_count:
        grow.append(
            {
                "appendDimension": {
                    "sheetId": state.sheet_id,
                    "dimension": "ROWS",
                    "length": len(wanted) - state.row_count,
                }
            }
        )
    cells = [
        [{"userEnteredValue": {"stringValue": str(cell)}} if cell is not None else {} for cell in row]
        for row in wanted
    ]
    write = {
        "updateCells": {
            "start": {"sheetId": state.sheet_id, "rowIndex": 0, "columnIndex": 0},
            "rows": [{"values": row} for row in cells],
            "fields": "userEnteredValue",
        }
    }
    changes.append(
        Change(
            state.title,
            "instructions",
            "tulis petunjuk dari kontrak data",
            "write the instructions from the data contract",
            (*grow, *clear, write),
        )
    )
    return changes


# --------------------------------------------------------------------------- issues


def _plain(value: Any) -> str | int | float | bool:
    """A DataFrame cell as a JSON value Sheets accepts ('' for missing)."""
    if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, (str, bool, int, float)):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def publish_issues(
    config: SheetsConfig, issues_df: pd.DataFrame, *, transport: Transport | None = None
) -> int:
    """Write `issues_df` over the `Masalah Data` tab (adding the tab if missing); returns the rows written."""
    if not config.write_back:
        raise SheetsError.of("read-only")
    client = open_client(config, transport, write=True)
    # The tab keeps its columns (CONTRACT.md): the messages are rendered here, in both languages.
    records = with_messages(issues_df)[RENDERED_COLUMNS].itertuples(index=False, name=None)
    rows: list[list[Any]] = [list(ISSUE_HEADERS), *([_plain(v) for v in record] for record in records)]
    title = _issues_tab(client, config.spreadsheet_id, len(rows))
    client.values_clear(config.spreadsheet_id, quote_title(title))
    client.values_update(config.spreadsheet_id, f"{quote_title(title)}!A1", rows)
    return len(rows) - 1


def _issues_tab(client: SheetsClient, sheet_id: str, rows: int) -> str:
    """The issues tab's title, after adding the tab or growing it to hold `rows` rows."""
    meta = client.metadata(sheet_id, {"includeGridData": "false", "fields": _SETUP_METADATA})
    sheet = next(
        (
            s
            for s in meta.get("sheets", [])
            if normalise(s["properties"]["title"]) == normalise(schema.ISSUES_TAB)
        ),
        None,
    )
    if sheet is None:
        grid = {"rowCount": max(NEW_TAB_ROWS, rows), "columnCount": NEW_TAB_COLUMNS, "frozenRowCount": 1}
        client.batch_update(
            sheet_id, [{"addSheet": {"properties": {"title": schema.ISSUES_TAB, "gridProperties": grid}}}]
        )
        return schema.ISSUES_TAB
    props = sheet["properties"]
    grid = props.get("gridProperties", {})
    # values:update does not add rows, so a long list needs a taller grid first.
    if grid.get("rowCount", 0) < rows or grid.get("columnCount", 0) < len(ISSUE_HEADERS):
        bigger = {
            "rowCount": max(grid.get("rowCount", 0), rows),
            "columnCount": max(grid.get("columnCount", 0), len(ISSUE_HEADERS)),
        }
        client.batch_update(
            sheet_id,
            [
                {
                    "updateSheetProperties": {
                        "properties": {"sheetId": props.get("sheetId", 0), "gridProperties": bigger},
                        "fields": "gridProperties.rowCount,gridProperties.columnCount",
                    }
                }
            ],
        )
    return props["title"]


def restore_rows(
    config: SheetsConfig, tab: str, rows: Sequence[Sequence[Any]], *, transport: Transport | None = None
) -> int:
    """Append lost rows (cells in the tab's own column order) below the tab's last row; returns how many.

    One `values:append` (INSERT_ROWS, RAW): no existing cell is touched, and nothing is parsed
    on the way, so the rows come back exactly as they were last read.
    """
    if not config.write_back:
        raise SheetsError.of("read-only")
    if not rows:
        return 0
    client = open_client(config, transport, write=True)
    values = [[_plain(cell) for cell in row] for row in rows]
    answer = client.values_append(config.spreadsheet_id, f"{quote_title(tab)}!A1", values)
    return int(answer.get("updates", {}).get("updatedRows", len(values)))
