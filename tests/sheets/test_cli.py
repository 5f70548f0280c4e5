"""`python -m sheets`, run as staff and CI run it: real subprocesses, real files."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sheets import files

ROOT = Path(__file__).resolve().parents[2]
NBSP = "\u00a0"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sheets", *args], cwd=ROOT, capture_output=True, text=True, timeout=180
    )


@pytest.fixture(scope="module")
def demo_summary_2018():
    out = cli("summary", "--demo", "--json", "--as-of", "2018-12-31")
    assert out.returncode == 1, out.stderr  # like validate: the demo carries deliberate errors
    return json.loads(out.stdout)


def test_demo_reproduces_the_article(demo_summary_2018):
    figures = demo_summary_2018
    assert figures["rehabilitated_by_year"]["2017"] == 70
    assert figures["rehabilitated_by_year"]["2018"] == 20
    assert figures["rehabilitated"] == 90
    by_district = {d["district"]: d for d in figures["by_district"]}
    assert len(by_district) == 31
    assert by_district["Cikedung"]["rehabilitated"] == 20
    for name in ("Karangampel", "Sliyeg", "Lohbener", "Bongas", "Cantigi", "Haurgeulis", "Anjatan"):
        assert by_district[name]["rehabilitated"] == 10
    assert figures["known"] > figures["rehabilitated"]  # "the number of cases is still large"
    for key in ("coverage", "known_by_year", "business_running_share", "follow_up_due"):
        assert key in figures


def test_validate_demo_json_lists_the_deliberate_problems_and_exits_1():
    out = cli("validate", "--demo", "--json")
    assert out.returncode == 1, out.stderr  # the demo carries deliberate errors
    report = json.loads(out.stdout)
    assert report["source"] == "demo"
    assert set(report["tabs"]) == {"Korban", "Kegiatan", "Peserta", "Pemantauan", "Target"}
    for count in report["tabs"].values():
        assert count["rows_read"] == count["rows_used"] + count["rows_excluded"] + count["rows_blank"]
    issue = report["issues"][0]
    assert set(issue) == {
        "tab",
        "row",
        "column",
        "value",
        "code",
        "severity",
        "message_id",
        "message_en",
        "link",
    }
    from sheets.demo import DELIBERATE_PROBLEMS

    codes = {i["code"] for i in report["issues"]}
    assert {code for _, _, code in DELIBERATE_PROBLEMS} <= codes


def test_human_report_is_grouped_by_tab():
    out = cli("validate", "--demo")
    assert out.returncode == 1
    assert "== Korban:" in out.stdout and "== Peserta:" in out.stdout
    assert "Cikedong" in out.stdout and "Cikedung" in out.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "/no/such/file.xlsx"),
        ("validate", "README.md"),
        ("validate",),
        ("validate", "--demo", "x.xlsx"),
        ("summary", "/no/such/folder/"),
    ],
)
def test_usage_and_source_problems_exit_2_with_one_line(args):
    out = cli(*args)
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 or "usage:" in out.stderr
    assert out.stdout == ""


def test_bad_as_of_is_a_usage_error():
    out = cli("summary", "--demo", "--as-of", "28/11/2026")
    assert out.returncode == 2


def staff_workbook():
    """A workbook typed the way staff type: every CONTRACT.md value format, two deliberate errors."""
    korban = [
        {
            "survivor_id": "KPO-0001",
            "identified_on": dt.date(2018, 3, 1),
            "sex": "P",
            "birth_date": "17 Agustus 1995",
            "district": "Kec. Cikedung",
            "village": "Mundakjaya",
            "exploited_abroad": "LN",
            "destination": "Malaysia",
        },
        {
            "survivor_id": " KPO-0002",
            "identified_on": "02/03/2018",
            "sex": f"Perempuan{NBSP}",
            "district": "32.12.04",
            "age": "30 tahun",
        },
        {},  # a blank row in the middle
        {"survivor_id": "KPO-0003", "identified_on": "3 Mar 2018", "sex": "L", "district": "Cikedong"},
        {
            "survivor_id": "KPO-0004",
            "identified_on": "Senin, 5 Maret 2018",
            "sex": "Wanita",
            "district": "Sliyeg",
        },
    ]
    kegiatan = [
        {
            "activity_id": "KEG-1",
            "name": "Pelatihan UEP",
            "kind": "Pelatihan Keterampilan",
            "starts_on": "9 April 2018",
            "ends_on": "10/04/2018",
            "district": "Cikedung",
            "budget": "Rp 25.000.000,-",
            "capacity": 20,
        },
    ]
    peserta = [
        {"activity_id": "KEG-1", "survivor_id": "kpo-0001", "status": "Selesai", "aid_value": "Rp1,5 juta"},
        {"activity_id": "KEG-1", "survivor_id": "KPO-0002", "status": "lulus", "aid_value": "1.500.000,00"},
        {"activity_id": "KEG-1", "survivor_id": "KPO-0004", "status": "Selesai", "aid_value": "dua juta"},
    ]
    pemantauan = [
        {
            "survivor_id": "KPO-0001",
            "visited_on": 43291,
            "business_status": "Berjalan",
            "monthly_income": "750 ribu",
            "with_family": "Ya",
        },
    ]
    target = [{"year": 2018, "target": 20, "budget": "2,5 jt"}]
    return {
        "Korban": korban,
        "Kegiatan": kegiatan,
        "Peserta": peserta,
        "Pemantauan": pemantauan,
        "Target": target,
    }


@pytest.mark.parametrize("writer", ["xlsx", "ods", "csv"])
def test_a_staff_workbook_validates_as_described(tmp_path, writer):
    tabs = staff_workbook()
    if writer == "xlsx":
        path = files.write_xlsx(tmp_path / "data.xlsx", tabs)
    elif writer == "ods":
        path = files.write_ods(tmp_path / "data.ods", tabs)
    else:
        path = files.write_csv_folder(tmp_path / "csv", tabs)
    out = cli("validate", str(path), "--json", "--as-of", "2026-11-28")
    assert out.returncode == 1, out.stderr
    report = json.loads(out.stdout)
    problems = {
        (i["tab"], i["row"], i["column"], i["code"]) for i in report["issues"] if i["severity"] != "info"
    }
    first = files.FIRST_DATA_ROW
    assert problems == {
        ("Korban", first + 3, "Kecamatan", "unknown-category"),
        ("Peserta", first + 2, "Nilai Bantuan (Rp)", "invalid-money"),
    }
    infos = {i["code"] for i in report["issues"] if i["severity"] == "info"}
    assert "unknown-column" in infos  # the extra column staff added
    assert report["tabs"]["Korban"] == {"rows_read": 5, "rows_used": 3, "rows_excluded": 1, "rows_blank": 1}
    assert report["tabs"]["Peserta"]["rows_used"] == 3  # the money typo blanks one cell, nobody is lost

    summary = json.loads(cli("summary", str(path), "--json", "--as-of", "2026-11-28").stdout)
    assert (summary["known"], summary["rehabilitated"]) == (3, 3)
    assert summary["rehabilitated_by_year"]["2018"] == 3


def test_demo_writes_an_xlsx_that_validates_like_the_demo(tmp_path):
    path = tmp_path / "demo.xlsx"
    out = cli("demo", "--out", str(path))
    assert out.returncode == 0, out.stderr
    from_file = json.loads(cli("summary", str(path), "--json", "--as-of", "2018-12-31").stdout)
    assert from_file["rehabilitated_by_year"]["2017"] == 70
    assert from_file["rehabilitated"] == 90


def test_template_is_a_clean_empty_workbook(tmp_path):
    path = tmp_path / "template.xlsx"
    assert cli("template", "--out", str(path)).returncode == 0
    out = cli("validate", str(path), "--json")
    report = json.loads(out.stdout)
    assert out.returncode == 0
    assert all(count["rows_read"] == 0 for count in report["tabs"].values())
    assert not [i for i in report["issues"] if i["severity"] == "error"]


# --------------------------------------------------------------------------- issue 9: summary, output, today


def test_summary_is_not_silent_about_broken_data(tmp_path):
    tabs = staff_workbook()
    path = files.write_xlsx(tmp_path / "data.xlsx", tabs)
    out = cli("summary", str(path), "--as-of", "2026-11-28")
    assert out.returncode == 1, out.stderr  # like validate: the data has errors
    assert "Korban: dibaca/read 5, dipakai/used 3, dikecualikan/excluded 1, kosong/blank 1" in out.stdout
    assert "1 rows are not counted; run `validate` for why" in out.stdout
    figures = json.loads(cli("summary", str(path), "--json", "--as-of", "2026-11-28").stdout)
    assert figures["tabs"]["Korban"] == {"rows_read": 5, "rows_used": 3, "rows_excluded": 1, "rows_blank": 1}
    assert figures["errors"] == 2 and figures["unusable_tabs"] == []


def test_summary_of_a_workbook_without_korban_says_so(tmp_path):
    tabs = staff_workbook()
    del tabs["Korban"]
    path = files.write_xlsx(tmp_path / "data.xlsx", tabs)
    out = cli("summary", str(path), "--as-of", "2026-11-28")
    assert out.returncode == 1
    assert "the Korban tab cannot be used: no survivor figures" in out.stdout
    assert "known survivors:      tidak tersedia / not available" in out.stdout
    figures = json.loads(cli("summary", str(path), "--json", "--as-of", "2026-11-28").stdout)
    assert (
        figures["known"] is None and figures["rehabilitated"] is None and "Korban" in figures["unusable_tabs"]
    )


def test_summary_json_carries_the_money_figures(tmp_path):
    tabs = staff_workbook()
    tabs["Kegiatan"][0]["budget"] = "Rp 1,5 M"
    path = files.write_csv_folder(tmp_path / "csv", tabs)
    money = json.loads(cli("summary", str(path), "--json", "--as-of", "2026-11-28").stdout)["money"]
    assert money["by_year"]["2018"]["budget"] == 1_500_000_000
    assert money["by_year"]["2018"]["aid"] == 3_000_000  # Rp1,5 juta + 1.500.000,00; "dua juta" is an error
    assert money["cost_per_rehabilitated"] == pytest.approx(1_503_000_000 / 3)


def _non_cp1252_workbook(tmp_path):
    tabs = staff_workbook()
    tabs["Korban"][3]["district"] = "Cikedong→✓"  # characters cp1252 cannot encode, quoted in the message
    return files.write_csv_folder(tmp_path / "csv", tabs)


@pytest.mark.parametrize("json_flag", [(), ("--json",)])
def test_output_to_a_non_utf8_file_ends_cleanly(tmp_path, json_flag):
    path = _non_cp1252_workbook(tmp_path)
    target = tmp_path / "out.txt"
    with open(target, "wb") as handle:
        out = subprocess.run(
            [sys.executable, "-m", "sheets", "validate", str(path), *json_flag, "--as-of", "2026-11-28"],
            cwd=ROOT,
            stdout=handle,
            stderr=subprocess.PIPE,
            timeout=180,
            env={**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"},
        )
    assert out.returncode == 1 and b"Traceback" not in out.stderr, out.stderr
    text = target.read_bytes().decode("cp1252")
    if json_flag:
        report = json.loads(text)  # valid JSON, the characters escaped
        assert any(i["value"] == "Cikedong→✓" for i in report["issues"])
    else:
        assert "Cikedong" in text and "== Korban:" in text


@pytest.mark.parametrize(
    "args", [("validate", "--demo", "--json"), ("validate", "--demo"), ("summary", "--demo", "--json")]
)
def test_a_closed_pipe_ends_cleanly_with_the_commands_exit_code(args):
    process = subprocess.Popen(
        [sys.executable, "-m", "sheets", *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    process.stdout.close()  # the reader is gone before anything is written, as `| head -1` ends
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=180) == 1
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr


def test_head_dash_1_sees_valid_output_and_no_traceback():
    out = subprocess.run(
        [
            "bash",
            "-c",
            (
                f"'{sys.executable}' -m sheets validate --demo --json | head -1; "
                'echo "status=${PIPESTATUS[0]}"'
            ),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert out.stdout.splitlines() == ["{", "status=1"]
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("day", ["2025-06-30", "2026-11-28"])
def test_the_cli_the_app_and_the_demo_share_one_today(day):
    from ui import data

    out = cli_env({"PULIH_TODAY": day}, "summary", "--demo", "--json")
    figures = json.loads(out.stdout)
    assert figures["as_of"] == day
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PULIH_TODAY", day)
        assert data.today().isoformat() == day
        from sheets.demo import build_demo

        assert build_demo().read_at.date().isoformat() == day


def cli_env(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sheets", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, **env},
    )


def test_a_bad_time_zone_is_a_usage_error():
    out = cli_env({"PULIH_TODAY": "", "PULIH_TIMEZONE": "Asia/Atlantis"}, "summary", "--demo")
    assert out.returncode == 2 and "Asia/Atlantis" in out.stderr and "Traceback" not in out.stderr


# --------------------------------------------------------------------------- the identity spreadsheet


def bad_identity(path: Path) -> list[list]:
    """An identity workbook for the CLI's demo with an invalid NIK, a NIK twice and an unknown ID."""
    from sheets import clock
    from sheets.demo import build_demo
    from sheets.demo_identity import build_demo_identity
    from sheets.raw import RawTab, RawWorkbook
    from sheets.validate import validate
    from sheets.workbook import write_xlsx

    today = clock.today()
    raw = build_demo(today)
    rows = [list(r) for r in build_demo_identity(validate(raw, today).table("Korban")).tabs["Identitas"].rows]
    rows[1][2] = "3212" + "9" * 10  # 14 digits
    rows[3][2] = rows[2][2]  # the same NIK twice
    rows[4][0] = "KPO-9999"  # not in Korban
    write_xlsx(RawWorkbook("identitas", {"Identitas": RawTab("Identitas", rows)}), path)
    return rows


@pytest.mark.parametrize("json_flag", [False, True])
def test_validate_reports_identity_problems_masked(tmp_path, json_flag):
    path = tmp_path / "identitas.xlsx"
    rows = bad_identity(path)
    out = cli("validate", "--demo", "--identity", str(path), *(["--json"] if json_flag else []))
    assert out.returncode == 1, out.stderr
    for row in rows[1:6]:
        assert row[1] not in out.stdout  # never a name
        assert not row[2] or row[2] not in out.stdout  # never a whole NIK
    if json_flag:
        identity = json.loads(out.stdout)["identity"]
        found = {(i["row"], i["code"]) for i in identity["issues"]}
        assert {(2, "invalid-nik"), (4, "duplicate-nik"), (5, "unknown-reference")} <= found
        niks = [i["value"] for i in identity["issues"] if i["column"] == "NIK"]
        assert niks and all(v.startswith("*") and v[-4:].isdigit() for v in niks)
    else:
        text = out.stdout.split("Spreadsheet identitas / identity spreadsheet")[1]
        assert "== Identitas:" in text and "baris/row 2, NIK" in text and "(duplicate-nik)" in text
        assert "'KPO-9999'" in text  # the unknown ID, so staff know what to look for


def test_validate_with_a_missing_identity_file_is_a_usage_error(tmp_path):
    out = cli("validate", "--demo", "--identity", str(tmp_path / "tidak-ada.xlsx"))
    assert out.returncode == 2 and out.stdout == "" and out.stderr.strip().count("\n") == 0
