"""Google's `values:batchGet` JSON into a RawWorkbook (sheets.gwire.from_batch_get, Grid)."""

from __future__ import annotations

import datetime as dt
import gc
import json

import pandas as pd
import pytest

from bench import payload as bench_payload
from sheets.gwire import PayloadError, from_batch_get, range_title
from sheets.raw import Grid, RawTab, RawWorkbook
from sheets.validate import validate

URL = "https://docs.google.com/spreadsheets/d/abc/edit"
METADATA = {
    "spreadsheetId": "abc",
    "properties": {"title": "Data Rehabilitasi"},
    "sheets": [
        {"properties": {"title": "Petunjuk", "index": 0}},  # sheetId 0 is left out of Google's JSON
        {"properties": {"sheetId": 11, "title": "Korban", "index": 1}},
        {"properties": {"sheetId": 12, "title": "Masalah Data", "index": 2}},
        {"properties": {"sheetId": 13, "title": "It's", "index": 3}},
    ],
}


def answer(*ranges: dict) -> bytes:
    return json.dumps({"spreadsheetId": "abc", "valueRanges": list(ranges)}).encode()


def test_tabs_are_matched_by_the_range_title_with_ids_and_links():
    raw = from_batch_get(
        answer(
            {
                "range": "Korban!A1:C3",
                "majorDimension": "ROWS",
                "values": [["ID Korban", "Usia"], ["KPO-1", "", 23], []],
            },
            {"range": "'It''s'!A1:Z1000", "majorDimension": "ROWS"},  # an empty tab has no "values"
        ),
        METADATA,
        url=URL,
    )
    assert raw.source == "Google Sheets: Data Rehabilitasi"
    assert raw.url == URL
    assert list(raw.tabs) == ["Korban", "It's"]
    assert raw.tabs["Korban"].sheet_id == 11
    assert raw.other_tabs == ("Petunjuk", "Masalah Data")
    # Ragged rows are padded with None; "" between filled cells stays as Google sent it.
    assert raw.tabs["Korban"].rows == [["ID Korban", "Usia", None], ["KPO-1", "", 23], [None, None, None]]
    assert len(raw.tabs["It's"].rows) == 0
    assert raw.cell_link(raw.tabs["Korban"], 2, 1) == URL + "#gid=11&range=B2"


@pytest.mark.parametrize(
    ("a1", "title"),
    [
        ("Korban!A1:L2000", "Korban"),
        ("'Masalah Data'!A1:Z100", "Masalah Data"),
        ("'It''s'!A1:B2", "It's"),
        ("'A!B'!A1", "A!B"),
        ("Korban", "Korban"),
    ],
)
def test_range_title(a1, title):
    assert range_title(a1) == title


@pytest.mark.parametrize(
    ("body", "metadata"),
    [
        (b"[]", METADATA),
        (b'{"valueRanges": {}}', METADATA),
        (b'{"valueRanges": [{"range": "Korban!A1", "values": "x"}]}', METADATA),
        (b'{"valueRanges": [{"range": "Korban!A1", "values": ["abc"]}]}', METADATA),
        (b'{"valueRanges": [["Korban"]]}', METADATA),
        (b'{"valueRanges": []}', {"sheets": []}),
    ],
)
def test_a_wrong_shape_is_a_payload_error(body, metadata):
    with pytest.raises(PayloadError):
        from_batch_get(body, metadata)


def test_the_garbage_collector_is_left_as_it_was():
    assert gc.isenabled()
    from_batch_get(answer({"range": "Korban!A1", "values": [["a"]]}), METADATA)
    assert gc.isenabled()
    with pytest.raises(PayloadError):
        from_batch_get(b'{"valueRanges": 1}', METADATA)
    assert gc.isenabled()
    gc.disable()
    try:
        from_batch_get(answer({"range": "Korban!A1", "values": [["a"]]}), METADATA)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_grid_reads_like_a_list_of_rows():
    grid = Grid.from_rows([["a", 1], ["b"], []])
    assert len(grid) == 3
    assert grid[1] == ["b", None]
    assert isinstance(grid[1:], Grid) and grid[1:] == [["b", None], [None, None]]
    assert list(grid) == [["a", 1], ["b", None], [None, None]]
    assert grid == Grid.from_rows([["a", 1], ["b", None], [None, None]])
    assert grid != [["a", 1]]
    assert len(Grid.from_rows([])) == 0


def _list_workbook(answer_: dict, metadata: dict, *, blanks_as_none: bool) -> RawWorkbook:
    """The same answer as plain ragged lists, the way the other sources give rows."""
    ids = {s["properties"]["title"]: s["properties"].get("sheetId", 0) for s in metadata["sheets"]}
    tabs = {}
    for value_range in answer_["valueRanges"]:
        title = range_title(value_range["range"])
        rows = [
            [None if blanks_as_none and cell == "" else cell for cell in row]
            for row in value_range.get("values", [])
        ]
        tabs[title] = RawTab(title, rows, sheet_id=ids[title])
    return RawWorkbook(source=f"Google Sheets: {metadata['properties']['title']}", tabs=tabs, url=URL)


@pytest.mark.parametrize("blanks_as_none", [False, True])
def test_validation_is_the_same_from_a_grid_as_from_lists(blanks_as_none):
    """Grid rows and "" cells (from_batch_get) give the report that lists with None would."""
    answer_, metadata = bench_payload.batch_get("regency", survivors=400)
    today = bench_payload.TODAY
    from_grid = validate(from_batch_get(json.dumps(answer_).encode(), metadata, url=URL), today)
    from_lists = validate(_list_workbook(answer_, metadata, blanks_as_none=blanks_as_none), today)
    assert len(from_grid.issues) > 50  # the payload is dirty on purpose
    pd.testing.assert_frame_equal(from_grid.issues, from_lists.issues)
    for name, table in from_grid.tables.items():
        pd.testing.assert_frame_equal(table, from_lists.tables[name])
    assert from_grid.counts == from_lists.counts


def test_dates_and_ids_from_the_wire():
    raw = from_batch_get(
        answer(
            {
                "range": "Korban!A1:E3",
                "values": [
                    ["ID Korban", "Tanggal Identifikasi", "Jenis Kelamin", "Kecamatan"],
                    [" kpo-1 ", 43199, "P", "Cikedung"],
                    ["KPO-2", "9 April 2018", "L", "Kec. Cikedung"],
                ],
            }
        ),
        METADATA,
    )
    korban = validate(raw, dt.date(2025, 1, 1)).table("Korban")
    assert korban["survivor_id"].tolist() == ["KPO-1", "KPO-2"]
    assert korban["identified_on"].tolist() == [pd.Timestamp("2018-04-09")] * 2


def test_answers_only_the_standard_library_reads_still_decode():
    # orjson decodes the usual answer; NaN, integers beyond 64 bits and lone surrogates are JSON
    # that Python's json reads and orjson does not: such an answer must read the same, not fail.
    text = '{"valueRanges": [{"range": "Korban!A1:C2", "values": [["a", NaN, 123456789012345678901234], ["\\ud800"]]}]}'
    metadata = {"properties": {"title": "T"}, "sheets": [{"properties": {"title": "Korban", "sheetId": 1}}]}
    rows = list(from_batch_get(text.encode(), metadata).tabs["Korban"].rows)
    assert rows[0][0] == "a" and rows[0][1] != rows[0][1] and rows[0][2] == 123456789012345678901234
    assert rows[1][0] == "\ud800"
    with pytest.raises(json.JSONDecodeError):
        from_batch_get(b'{"valueRanges": [', metadata)
