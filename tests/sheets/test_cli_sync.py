"""`python -m sheets sync` as an operator runs it: a real subprocess, the fake Sheets API over HTTP."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from sheets.demo_province import JAWA_BARAT, build_office, spreadsheet_id
from tests.fakes import sheets_api as fake
from tests.fakes.province import write_offices
from tests.fakes.serve import tabs_of
from tests.ui import ROOT

TODAY = dt.date(2026, 11, 28)
OFFICES = JAWA_BARAT[8:11]  # Cirebon, Majalengka, Sumedang


@pytest.fixture
def served(tmp_path):
    api = fake.FakeSheetsApi()
    for code, name in OFFICES:
        api.add_spreadsheet(spreadsheet_id(code), tabs_of(build_office(code, name, TODAY)))
    url, shutdown = fake.serve(api)
    write_offices(tmp_path, list(OFFICES))  # each office's own kecamatan list, coded with its own code
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PULIH_SHEETS_API_URL": url,
        "PULIH_OFFICES_FILE": str(tmp_path / "offices.toml"),
        "PULIH_DATABASE_URL": f"sqlite:///{tmp_path / 'history.sqlite'}",
        "HOME": str(tmp_path),
    }
    yield api, env, tmp_path
    shutdown()


def sync(env, cwd, *args):
    return subprocess.run(
        [sys.executable, "-m", "sheets", "sync", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_once_reads_every_office_and_the_health_check_sees_them(served):
    api, env, cwd = served
    assert sync(env, cwd, "--health").returncode == 1  # nothing read yet
    done = sync(env, cwd, "--once", "--json")
    assert done.returncode == 0, done.stderr
    offices = json.loads(done.stdout)["offices"]
    assert [(o["office"], o["ok"], o["changed"]) for o in offices] == [(c, True, True) for c, _ in OFFICES]
    assert api.count("values") == 3
    assert sync(env, cwd, "--health").returncode == 0


def test_a_failing_office_is_exit_1_and_named(served):
    api, env, cwd = served
    api.fail(fake.not_shared(), times=None, spreadsheet=spreadsheet_id(OFFICES[1][0]))
    done = sync(env, cwd, "--once")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"{OFFICES[0][0]}: dibaca / read") and lines[2].startswith(
        f"{OFFICES[2][0]}: dibaca"
    )
    assert lines[1].startswith(f"{OFFICES[1][0]}: GAGAL / FAILED") and "Share" in lines[1]


def test_a_bad_kecamatan_file_stops_the_worker_naming_the_row(served):
    _, env, cwd = served
    (cwd / f"kecamatan-{OFFICES[0][0]}.csv").write_text(
        "code,name\n32.09.01,Waled\n32.9.02,Ciledug\n", encoding="utf-8"
    )
    done = sync(env, cwd, "--once")
    assert done.returncode == 2
    assert "baris 3, kolom code" in done.stderr and "row 3, column code" in done.stderr  # both languages
    assert "'32.9.02'" in done.stderr
    assert "Traceback" not in done.stderr


def test_no_office_configured_says_how_to_configure_one(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PULIH_SHEETS")}
    env.update({"PYTHONPATH": str(ROOT), "HOME": str(tmp_path)})
    done = sync(env, tmp_path, "--once")
    assert done.returncode == 2 and "spreadsheet" in done.stderr and "Traceback" not in done.stderr


def run(env, cwd, *args):
    return subprocess.run(
        [sys.executable, "-m", "sheets", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_each_office_publishes_the_same_label_and_the_command_line_asks_whose(served):
    """Offices sharing one store each publish `2026-11`; `publication` needs `--office` to say whose."""
    api, env, cwd = served
    (first, _), (second, _) = OFFICES[0], OFFICES[1]
    published = {}
    for code in (first, second):
        done = run(env, cwd, "publish", "--sheet", spreadsheet_id(code), "--label", "2026-11", "--json")
        assert done.returncode == 0, done.stderr
        published[code] = json.loads(done.stdout)["release"]
    assert published[first] != published[second]  # each office's own figures
    for code, name in OFFICES[:2]:  # named as that office, its kecamatan validated with its own list
        assert published[code]["office"] == f"Dinas Sosial {name}" and published[code]["office_code"] == code
        districts = published[code]["tables"]["by_district"]["rows"]
        assert len(districts) == 31 and all(d["code"].startswith(code + ".") for d in districts)
    again = run(env, cwd, "publish", "--sheet", spreadsheet_id(first), "--label", "2026-11")
    assert again.returncode == 2  # a label is published once per office

    ambiguous = run(env, cwd, "publication", "2026-11")
    assert ambiguous.returncode == 2 and "--office" in ambiguous.stderr
    for code in (first, second):
        shown = run(env, cwd, "publication", "2026-11", "--office", code, "--json")
        assert shown.returncode == 0, shown.stderr
        assert json.loads(shown.stdout)["release"] == published[code]
    opendata = run(env, cwd, "opendata", "--publication", "2026-11", "--out", str(cwd / "open"))
    assert opendata.returncode == 2 and "--office" in opendata.stderr
    opendata = run(
        env, cwd, "opendata", "--publication", "2026-11", "--office", second, "--out", str(cwd / "o")
    )
    assert opendata.returncode == 0, opendata.stderr
    unknown = run(env, cwd, "publication", "2026-11", "--office", "32.99")
    assert unknown.returncode == 2 and first in unknown.stderr  # the codes it knows are listed

    korban = api.spreadsheets[spreadsheet_id(first)].tab("Korban")
    top = next(i for i, row in enumerate(korban.rows) if "ID Korban" in row)
    gone = [row[0] for row in korban.rows[top + 1 : top + 3]]
    del korban.rows[top + 1 : top + 3]  # two survivors deleted from the first office's sheet
    assert sync(env, cwd, "--once").returncode == 0  # every office read again, the third one last
    lost = run(env, cwd, "history", "lost", "--office", first, "--json")
    assert lost.returncode == 1 and [r["key"] for r in json.loads(lost.stdout)["lost"]] == gone
    for code in (second, OFFICES[2][0]):  # the other offices lost nothing, whichever was read last
        assert run(env, cwd, "history", "lost", "--office", code, "--json").returncode == 0


def test_another_offices_sheet_is_named_and_coded_as_that_office(served):
    """`--sheet` of a listed office: its kecamatan list, its name and its codes in open data and the digest."""
    import csv

    from pypdf import PdfReader

    _, env, cwd = served
    code, name = OFFICES[1]
    done = run(env, cwd, "opendata", "--sheet", spreadsheet_id(code), "--out", str(cwd / "open"))
    assert done.returncode == 0, done.stderr
    with open(
        cwd / "open" / next(p.name for p in (cwd / "open").glob("*kecamatan*.csv")), encoding="utf-8"
    ) as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 31
    assert {(r["kode_kabupaten_kota"], r["nama_kabupaten_kota"]) for r in rows} == {
        (code.replace(".", ""), name.upper())
    }
    assert all(r["kode_kecamatan"].startswith(code + ".") for r in rows)
    meta = json.loads(next((cwd / "open").glob("*kecamatan*.metadata.json")).read_text(encoding="utf-8"))
    assert meta["produsen_data"] == f"Dinas Sosial {name}" and f"Kemendagri {code}" in json.dumps(meta)

    pdf = cwd / "digest.pdf"
    done = run(env, cwd, "digest", "--sheet", spreadsheet_id(code), "--pdf", str(pdf))
    assert done.returncode == 0, done.stderr
    text = PdfReader(pdf).pages[0].extract_text()
    assert f"Dinas Sosial {name}" in text and "Indramayu" not in text

    def unknown_kecamatan(*office: str) -> int:
        done = run(env, cwd, "validate", "--sheet", spreadsheet_id(code), *office, "--json")
        issues = json.loads(done.stdout)["issues"]
        return sum(i["column"] == "Kecamatan" and i["code"] == "unknown-category" for i in issues)

    assert unknown_kecamatan() == 0  # the office `--sheet` names: its own list
    assert unknown_kecamatan("--office", OFFICES[0][0]) > 0  # another office's list: its codes are not these


def test_the_demo_stays_indramayus_under_an_office_list(served):
    """`--demo` is Kabupaten Indramayu's workbook: named and checked as Indramayu's, whatever office is first."""
    _, env, cwd = served
    done = run(env, cwd, "public", "--demo", "--json")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert (shown["office"], shown["office_code"]) == ("Dinas Sosial Kabupaten Indramayu", "32.12")
    assert all(d["code"].startswith("32.12.") for d in shown["tables"]["by_district"]["rows"])
