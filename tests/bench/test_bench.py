"""The benchmark's payloads and variants (bench/): shape and agreement, never timings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench import data_layer, naive, payload
from sheets import schema
from sheets.gwire import range_title

ROOT = Path(__file__).resolve().parents[2]


def test_payload_is_deterministic_and_looks_like_the_api():
    answer, metadata = payload.batch_get("regency", survivors=300)
    assert (answer, metadata) == payload.batch_get("regency", survivors=300)
    ranges = answer["valueRanges"]
    assert [range_title(r["range"]) for r in ranges] == [t.name for t in schema.MAIN_TABS]
    korban = ranges[0]["values"]
    assert korban[1] == list(schema.KORBAN.headers)  # a title row above the header
    rows = korban[2:]
    assert any(len(row) < len(schema.KORBAN.columns) for row in rows if row)  # trailing blanks left out
    assert all(row[-1] != "" for row in rows if row)
    cells = [cell for r in ranges for row in r["values"] for cell in row]
    assert any(isinstance(c, str) and "April" in c for c in cells)
    assert any(isinstance(c, str) and c.startswith("Rp ") for c in cells)
    assert any(c == "Cikedong" for c in cells)
    assert {s["properties"]["title"] for s in metadata["sheets"]} >= {t.name for t in schema.MAIN_TABS}


def test_the_ceiling_is_the_largest_workbook_within_ten_million_cells():
    survivors = payload.survivors_for("ceiling")
    assert payload.grid_cells(survivors) <= payload.CELL_LIMIT < payload.grid_cells(survivors + 1)


def test_naive_and_ours_find_the_same_survivors(tmp_path):
    data = payload.write("regency", tmp_path)
    metadata = json.loads(data.metadata_path.read_text())
    ours = data_layer.run_ours(data.values_path, metadata)
    theirs = data_layer.run_naive(data.values_path, metadata)
    floor = data_layer.run_floor(data.values_path, metadata)
    assert (theirs["known"], theirs["rehabilitated"]) == (ours["known"], ours["rehabilitated"])
    assert abs(theirs["issues"] - ours["issues"]) < 0.05 * ours["issues"]
    assert floor["rows"] > ours["rows_used"]
    assert payload.write("regency", tmp_path) == data  # written once, then reused


def test_naive_raises_and_collects_cell_errors():
    column = schema.KORBAN.column("identified_on")
    assert naive.parse_date("9 April 2018", column, payload.TODAY).isoformat() == "2018-04-09"
    try:
        naive.parse_date("31/02/2018", column, payload.TODAY)
    except naive.CellError as error:
        assert error.code == "invalid-date"
    else:
        raise AssertionError("31/02/2018 is not a date")


def test_the_command_prints_a_table_and_a_json_line_last(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.data_layer",
            "--scales",
            "regency",
            "--repeat",
            "1",
            "--cache-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=300,
    )
    lines = done.stdout.strip().splitlines()
    assert any(line.startswith("regency   ours") for line in lines)
    figures = json.loads(lines[-1])["scales"]["regency"]
    assert set(figures) == {
        "cells",
        "floor_s",
        "naive_s",
        "ours_s",
        "peak_mb",
        "ours_over_floor",
        "naive_over_ours",
    }


def test_the_app_benchmark_serves_the_payload_through_the_live_reader():
    """bench.app's fake spreadsheet reads back, through gsheets, exactly as the payload decodes."""
    from bench import app
    from sheets.gsheets import SheetsConfig, Transport, forget_metadata, read_spreadsheet
    from sheets.gwire import from_batch_get
    from tests.fakes import sheets_api

    forget_metadata()
    api, sheet, survivors = app.fake_api("regency")
    answer, metadata = payload.batch_get("regency")
    live = read_spreadsheet(
        SheetsConfig(sheet, api_url="http://fake"), transport=Transport(session=sheets_api.session(api))
    )
    expected = from_batch_get(json.dumps(answer), metadata)
    assert survivors == payload.survivors_for("regency")
    assert list(live.tabs) == list(expected.tabs) and live.other_tabs == expected.other_tabs
    for name, tab in expected.tabs.items():
        assert live.tabs[name].rows == tab.rows, name
    assert (api.count("metadata"), api.count("values")) == (1, 1)


def test_the_app_benchmark_reports_every_figure_the_issue_asks_for():
    from bench import app

    reruns = {
        "overview": {
            "filtered_script_ms": 40.0,
            "filtered_browser_ms": 150.0,
            "cleared_script_ms": 10.0,
            "cleared_browser_ms": 120.0,
        }
    }
    result = {
        "survivors": 2000,
        "values_requests_k10": 1,
        "metadata_requests_k10": 1,
        "values_requests_k30": 1,
        "metadata_requests_k30": 0,
        "requests_main": {"values": 1, "metadata": 1},
        "first_figure_s": {"cold": 2.2, "warm": 1.9, "bare": 1.2},
        "rss_mb": {"k1": 210.0, "k30": 215.8},
        "rss_mb_before_read": 150.0,
        "rss_mb_per_session": 0.2,
        "reruns": reruns,
        "_bare": {"first_kpi": 1.2, "script_ms": 0.3, "browser_ms": 60.0},
    }
    figures = app.figures({"regency": result})["regency"]
    assert {
        "values_requests_k10",
        "values_requests_k30",
        "metadata_requests_k30",
        "rerun_over_bare",
        "first_figure_s",
        "rss_mb",
    } <= set(figures)
    assert figures["rerun_over_bare"] == {"overview": 2.5}
    assert set(figures["first_figure_s"]) == {"cold", "warm", "bare"}
    assert set(figures["rss_mb"]) == {"k1", "k30"}
    verdict = app.verdict({"regency": result})
    assert verdict.count("target met") == 4 and "MISSED" not in verdict
    slow = {**result, "first_figure_s": {"cold": 3.0, "warm": 1.9, "bare": 1.2}}  # 2.5x the bare page
    assert "MISSED (regency): cold first KPI within 2x" in app.verdict({"regency": slow})
    assert "overview" in app.table({"regency": result})


def test_the_province_benchmark_serves_one_regency_payload_per_office_and_judges_each_target():
    from bench import province
    from sheets.demo_province import spreadsheet_id

    offices = [("32.12", "Kabupaten Indramayu"), ("32.09", "Kabupaten Cirebon")]
    api, survivors = province.province_api(offices)
    assert survivors == 2 * payload.survivors_for("regency")
    answer, _ = payload.batch_get("regency")
    korban = next(vr["values"] for vr in answer["valueRanges"] if "Korban" in vr["range"])
    for code, _ in offices:
        assert api.spreadsheets[spreadsheet_id(code)].tab("Korban").rows == korban
    result = {
        "offices": 27,
        "sync": {"wall_s": 15.5, "values_requests": 27, "metadata_requests": 27},
        "first_kpi_over_office": {"cold": 0.95, "warm": 1.6},
        "rerun_over_bare": 2.5,
        "province_rerun_ms": {"browser_ms": 130.0},
        "bare": {"browser_ms": 52.0},
        "app_sheets_requests": 0,
    }
    verdict = province.verdict(result)
    assert verdict.count("target met") == 3
    assert "MISSED: province page first KPI within 1.5x one office's (cold 0.95x, warm 1.6x)" in verdict
    slow = province.verdict({**result, "sync": {**result["sync"], "wall_s": 61.0}})
    assert "MISSED: a full sync of 27 offices within 60 s" in slow
