"""Google Sheets API v4 on the wire: its URLs, A1 ranges and JSON answers, decoded into raw rows.

What Google sends and how it is read, apart from how it is fetched (`sheets.gsheets`,
the client and the only importer of gspread): spreadsheet ids in URLs, tab titles in
A1 ranges, the metadata answer (`GET spreadsheets/{id}`: titles, ids, hidden tabs,
merges) and the `values:batchGet` answer, read with UNFORMATTED_VALUE and
SERIAL_NUMBER (ragged rows: trailing empty cells and rows left out; dates as day
serials) into the source-neutral `RawWorkbook` of `sheets.raw`. No network here.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from sheets.raw import Grid, Merge, RawTab, RawWorkbook, fill_merged

EDIT_URL = "https://docs.google.com/spreadsheets/d/{id}/edit"
_URL_ID = re.compile(r"/spreadsheets/(?:u/\d+/)?d/([A-Za-z0-9_-]+)")
_BARE_ID = re.compile(r"[A-Za-z0-9_-]+")


# --------------------------------------------------------------------------- ids and ranges


def find_spreadsheet_id(url_or_id: str) -> str | None:
    """The spreadsheet id in a Google Sheets URL, `url_or_id` itself when it already is one, else None."""
    text = str(url_or_id).strip()
    found = _URL_ID.search(text)
    if found:
        return found.group(1)
    if _BARE_ID.fullmatch(text):
        return text
    return None


def edit_url(sheet_id: str) -> str:
    """The link that opens spreadsheet `sheet_id` in a browser."""
    return EDIT_URL.format(id=sheet_id)


def quote_title(title: str) -> str:
    """A tab title as an A1 range that means the whole tab: `'Masalah Data'`."""
    return "'" + title.replace("'", "''") + "'"


# 'Masalah Data'!A1:Z100 or Korban!A1:L2000: the tab title is everything before the last '!'.
_RANGE_TITLE = re.compile(r"^(?:'(?P<quoted>(?:[^']|'')*)'|(?P<bare>[^!]*))!")


def range_title(a1: str) -> str:
    """The tab title of an A1 range as the API echoes it ('It''s'!A1:B2 -> It's)."""
    match = _RANGE_TITLE.match(a1)
    if match is None:
        return a1  # a range without '!' is a whole tab named by its title
    quoted = match.group("quoted")
    return quoted.replace("''", "'") if quoted is not None else match.group("bare")


# --------------------------------------------------------------------------- values


class PayloadError(ValueError):
    """A Sheets API answer that does not have the documented shape."""


def decode_json(data: bytes | str) -> Any:
    """`json.loads` with the cyclic garbage collector paused while it runs, by orjson where it can.

    A large `values:batchGet` answer decodes into millions of lists, strings and
    numbers. CPython's collector wakes every 700 new containers and rescans the
    growing heap: decoding 100 MB took 5 s, of which 4.4 s were collections. JSON
    cannot hold reference cycles, so there is nothing for it to find; reference
    counting still frees everything as usual. orjson decodes in about two thirds of
    json's time; what only json reads (NaN, integers beyond 64 bits, lone surrogates)
    is read by json, and what neither reads raises json's error.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            return json.loads(data)
    finally:
        if was_enabled:
            gc.enable()


def from_batch_get(
    payload: bytes | str, metadata: Mapping[str, Any], *, url: str | None = None
) -> RawWorkbook:
    """A workbook from the JSON text of a `values:batchGet` answer and the spreadsheet's metadata.

    `metadata` is the decoded `GET spreadsheets/{id}` answer (`properties.title`,
    `sheets[].properties.sheetId/title/hidden`, `sheets[].merges`); a tab is matched to
    its value range by the title the range names. Each tab's rows become a `Grid`, short
    rows padded with None, merged ranges filled in (`fill_merged`). Cells stay as the
    API sends them, `""` for an empty cell between filled ones included: parsing treats
    `""` exactly like None, and converting ten million cells one by one would cost about
    as much as parsing them. Error values arrive as their text (`#N/A`, `#REF!`).
    """
    try:
        sheets = list(metadata.get("sheets", []))
        ids = {
            str(s["properties"]["title"]): int(s["properties"].get("sheetId", 0))  # sheetId 0 is left out
            for s in sheets
        }
        hidden = {str(s["properties"]["title"]): bool(s["properties"].get("hidden", False)) for s in sheets}
        merges = {str(s["properties"]["title"]): _grid_merges(s.get("merges") or []) for s in sheets}
        title = str(metadata["properties"]["title"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise PayloadError(f"spreadsheet metadata: {type(exc).__name__}: {exc}") from exc
    was_enabled = gc.isenabled()
    # Keep the collector paused until the decoded lists are gone again (see decode_json):
    # converted while it sleeps, they are freed before it could ever scan them.
    gc.disable()
    try:
        data = decode_json(payload)
        value_ranges = data.get("valueRanges") if isinstance(data, dict) else None
        if not isinstance(value_ranges, list):
            raise PayloadError("values:batchGet answer without a valueRanges list")
        tabs: dict[str, RawTab] = {}
        for value_range in value_ranges:
            if not isinstance(value_range, dict) or not isinstance(value_range.get("range", ""), str):
                raise PayloadError("a valueRange is not an object with a range")
            rows = value_range.pop("values", [])  # left out when the tab is empty
            # Check the rows, not each cell: JSON cells are scalars unless Google changed
            # its format, and a stray list in a cell would only be an unreadable value.
            if not isinstance(rows, list) or not {list}.issuperset(map(type, rows)):
                raise PayloadError("values is not a list of rows")
            name = range_title(value_range.get("range", ""))
            tab_merges = merges.get(name, ())
            grid = fill_merged(Grid.from_rows(rows), tab_merges)
            tabs[name] = RawTab(
                name, grid, sheet_id=ids.get(name), hidden=hidden.get(name, False), merges=tab_merges
            )
            del rows  # free this tab's lists before converting the next: a lower peak
        del data, value_ranges
    finally:
        if was_enabled:
            gc.enable()
    return RawWorkbook(
        source=f"Google Sheets: {title}",
        tabs=tabs,
        url=url,
        other_tabs=tuple(t for t in ids if t not in tabs),
    )


def _grid_merges(ranges: Sequence[Mapping[str, Any]]) -> tuple[Merge, ...]:
    """Google's merge GridRanges (end exclusive, zero fields left out) as inclusive `Merge`s."""
    out = []
    for grid in ranges:
        r0, c0 = int(grid.get("startRowIndex", 0)), int(grid.get("startColumnIndex", 0))
        r1, c1 = int(grid.get("endRowIndex", r0 + 1)) - 1, int(grid.get("endColumnIndex", c0 + 1)) - 1
        if r1 >= r0 and c1 >= c0 and (r1, c1) != (r0, c0):
            out.append((r0, c0, r1, c1))
    return tuple(out)


# --------------------------------------------------------------------------- metadata


@dataclass(frozen=True)
class TabInfo:
    """A tab as the metadata lists it."""

    title: str
    sheet_id: int
    hidden: bool = False
    merges: tuple[dict[str, Any], ...] = ()  # Google's GridRanges, as sent


@dataclass(frozen=True)
class Metadata:
    """A spreadsheet's title and tabs, in the order they appear."""

    title: str
    tabs: tuple[TabInfo, ...]


def parse_metadata(data: Mapping[str, Any]) -> Metadata:
    """The title and tabs in a `GET spreadsheets/{id}` answer; PayloadError when its shape is wrong."""
    try:
        # JSON from Google leaves out fields at their default, so the first tab's sheetId 0 may be absent.
        tabs = tuple(
            TabInfo(
                str(s["properties"]["title"]),
                int(s["properties"].get("sheetId", 0)),
                bool(s["properties"].get("hidden", False)),
                tuple(s.get("merges") or ()),
            )
            for s in data.get("sheets", [])
        )
        return Metadata(str(data["properties"]["title"]), tabs)
    except (KeyError, TypeError, ValueError) as exc:
        raise PayloadError(f"metadata: {type(exc).__name__}: {exc}") from exc


def metadata_answer(meta: Metadata) -> dict[str, Any]:
    """`meta` in the shape of Google's metadata answer, as `from_batch_get` reads it."""
    return {
        "properties": {"title": meta.title},
        "sheets": [
            {
                "properties": {"sheetId": t.sheet_id, "title": t.title, "hidden": t.hidden},
                "merges": list(t.merges),
            }
            for t in meta.tabs
        ],
    }
