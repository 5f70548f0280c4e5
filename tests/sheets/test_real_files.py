"""Files as office programs really write them (tests/sheets/realistic.py), read end to end.

The same small workbook saved by Excel, by a script, by LibreOffice (calculated or not),
downloaded from Google Sheets as CSV, and read through the Sheets API must give the same
issues at the same cells: merged cells filled with one warning, error values quoted,
uncalculated formulas explained, the hidden stale copy named and counted.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sheets.sources import SourceError, read_csv_folder, read_workbook
from sheets.validate import validate
from tests.sheets import realistic

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 28)


def problems(report) -> set[tuple]:
    return {
        (t, None if str(r) == "<NA>" else int(r), c, v, code)
        for t, r, c, v, code in report.issues[report.issues["severity"] != "info"][
            ["tab", "row", "column", "value", "code"]
        ].itertuples(index=False)
    }


SHARED = {
    ("Korban", None, "", "KORBAN ", "duplicate-tab"),
    ("Korban", 4, "Kecamatan", "Cikedung", "merged-cells"),
    ("Peserta", None, "", "", "missing-tab"),
    ("Pemantauan", None, "", "", "missing-tab"),
    ("Target", None, "", "", "missing-tab"),
}
CALCULATED = SHARED | {
    ("Korban", 5, "Jenis Eksploitasi", "#N/A", "formula-error"),
    ("Kegiatan", 2, "Anggaran (Rp)", "#DIV/0!", "formula-error"),
}
UNCALCULATED = SHARED | {
    ("Korban", 4, "Usia", '=DATEDIF(E4,B4,"Y")', "formula-not-calculated"),
    ("Korban", 5, "Jenis Eksploitasi", "=VLOOKUP(A5,Ref!A:B,2,0)", "formula-not-calculated"),
    ("Kegiatan", 2, "Anggaran (Rp)", "=C9/0", "formula-not-calculated"),
}


@pytest.mark.parametrize(
    ("writer", "expected"),
    [
        (lambda p, s: realistic.excel_xlsx(p / "excel.xlsx", s), CALCULATED),
        (lambda p, s: realistic.libreoffice_ods(p / "libreoffice.ods", s), CALCULATED),
        (lambda p, s: realistic.script_xlsx(p / "script.xlsx", s), UNCALCULATED),
        (lambda p, s: realistic.libreoffice_ods(p / "script.ods", s, calculated=False), UNCALCULATED),
    ],
    ids=["excel", "libreoffice", "script-xlsx", "script-ods"],
)
def test_office_files_read_exactly(tmp_path, writer, expected):
    path = writer(tmp_path, realistic.office_workbook())
    report = validate(read_workbook(path), TODAY)
    assert problems(report) == expected
    # The merged Kecamatan is on all three rows; the hidden copy's two rows are counted, excluded.
    assert report.table("Korban")["district"].tolist() == ["Cikedung", "Cikedung", "Cikedung", "Sliyeg"]
    assert report.counts["Korban"].as_dict() == {
        "rows_read": 6,
        "rows_used": 4,
        "rows_excluded": 2,
        "rows_blank": 0,
    }
    # A formula's cached value is read like a typed one; an uncalculated one leaves the cell empty.
    first_age = report.table("Korban")["age"].iloc[0]
    if expected is CALCULATED:
        assert first_age == 23
    else:
        assert pd.isna(first_age)


def test_google_csv_download_reads_error_text_and_loses_merges_loudly(tmp_path):
    sheets = [s for s in realistic.office_workbook() if not s.hidden]
    report = validate(read_csv_folder(realistic.google_csv_folder(tmp_path / "csv", sheets)), TODAY)
    found = problems(report)
    assert ("Korban", 5, "Jenis Eksploitasi", "#N/A", "formula-error") in found
    assert ("Kegiatan", 2, "Anggaran (Rp)", "#DIV/0!", "formula-error") in found
    # CSV keeps no merges: the covered rows lack the Kecamatan, and say so on the right cells.
    assert {
        ("Korban", 5, "Kecamatan", "", "missing-value"),
        ("Korban", 6, "Kecamatan", "", "missing-value"),
    } <= found


def test_encrypted_workbook_is_the_password_message_and_exit_2(tmp_path):
    path = realistic.encrypted_xlsx(tmp_path / "Data Rehabilitasi.xlsx", realistic.office_workbook())
    assert (
        path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    )  # an OLE container, as Excel writes it
    with pytest.raises(SourceError, match="password-protected"):
        read_workbook(path)
    for name in ("Data Rehabilitasi.xlsx", "Data Rehabilitasi.xls"):  # renamed, it is still the same file
        (tmp_path / name).write_bytes(path.read_bytes())
        out = subprocess.run(
            [sys.executable, "-m", "sheets", "validate", str(tmp_path / name)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 2
        assert "dilindungi kata sandi" in out.stderr and "password-protected" in out.stderr
        assert "Traceback" not in out.stderr and out.stdout == ""


def test_the_script_writes_every_kind(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "tests.sheets.realistic", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ},
    )
    assert out.returncode == 0, out.stderr
    written = {Path(line).name for line in out.stdout.split()}
    assert written == {
        "excel.xlsx",
        "script.xlsx",
        "libreoffice.ods",
        "script.ods",
        "google-csv",
        "password.xlsx",
    }
    summary = subprocess.run(
        [sys.executable, "-m", "sheets", "validate", str(tmp_path / "excel.xlsx"), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert summary.returncode == 1
    codes = {i["code"] for i in json.loads(summary.stdout)["issues"]}
    assert {"merged-cells", "formula-error", "duplicate-tab"} <= codes
