"""The public tables on small regencies (see test_disclosure for the attacker); downloads cannot run formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from sheets import privacy
from sheets.disclosure import SHOWN
from sheets.release import build_release
from tests.sheets.test_metrics import activity, dataset, survivor, workbook


@pytest.fixture(scope="module")
def small_regency():
    """Kecamatan with 12/3, 30/25, 40/35 known/rehabilitated and one of 2/0."""
    survivors, participants = [], []
    n = 0
    for district, total, done in (
        ("Sliyeg", 12, 3),
        ("Bongas", 30, 25),
        ("Cantigi", 40, 35),
        ("Patrol", 2, 0),
    ):
        for i in range(total):
            n += 1
            sid = f"S{n:03d}"
            survivors.append(survivor(sid, "01/02/2017", district, sex="P" if i % 3 else "L"))
            if i < done:
                participants.append(["T", sid, "Selesai", 1, None, None])
    return dataset(
        workbook(
            survivors, [activity("T", "Pelatihan Keterampilan", "01/05/2017", "01/05/2017")], participants
        )
    )


AS_OF = dt.date(2026, 11, 28)


def test_public_districts_hide_small_counts_and_their_shares(small_regency):
    table = build_release(small_regency, AS_OF).by_district
    text = table.text
    assert len(table.frame) == 32  # 31 kecamatan and the total
    assert text.loc["Sliyeg", "rehabilitated"] in ("<10", "*")
    assert text.loc["Sliyeg", "coverage"] == "*"  # a share of a hidden count is hidden
    assert text.loc["Patrol", "known"] in ("<10", "*")
    # 30 - 25 = 5 waiting and 40 - 35 = 5 waiting would be differences of published figures
    assert "*" in (text.loc["Bongas", "rehabilitated"], text.loc["Bongas", "known"])
    assert "*" in (text.loc["Cantigi", "rehabilitated"], text.loc["Cantigi", "known"])


def test_public_numbers_never_hold_a_small_count(small_regency):
    rel = build_release(small_regency, AS_OF)
    for table in (rel.by_district, rel.by_year):
        for col in table.frame.columns:
            if col in ("coverage", "target"):
                continue
            numbers = pd.to_numeric(table.frame[col], errors="coerce").dropna()
            assert not numbers.between(1, table.k - 1).any(), (col, numbers.tolist())


def test_hidden_district_counts_cannot_be_recovered(small_regency):
    shown = build_release(small_regency, AS_OF).by_district.frame
    for column in ("known", "rehabilitated"):
        hidden = shown[column].isna().sum()
        assert hidden != 1, f"a single hidden cell in {column} is recoverable from the total"
    for district, row in shown.iterrows():
        if pd.notna(row["known"]) and pd.notna(row["rehabilitated"]):
            assert not 1 <= row["known"] - row["rehabilitated"] < 10, district


def test_recovering_a_count_from_a_percentage_is_impossible(small_regency):
    table = build_release(small_regency, AS_OF).by_district
    for district in table.frame.index:
        if table.status.loc[district, "rehabilitated"] != SHOWN:
            assert table.frame.loc[district, "coverage"] is None


def test_running_totals_do_not_reveal_a_small_year():
    ds = dataset(
        workbook(
            [survivor(f"S{i:02d}", "01/02/2017") for i in range(40)],
            [
                activity("T17", "Pelatihan Keterampilan", "01/05/2017", "01/05/2017"),
                activity("T18", "Pelatihan Keterampilan", "01/05/2018", "01/05/2018"),
                activity("T19", "Pelatihan Keterampilan", "01/05/2019", "01/05/2019"),
            ],
            [["T17", f"S{i:02d}", "Selesai", 1, None, None] for i in range(20)]
            + [["T18", f"S{i:02d}", "Selesai", 1, None, None] for i in range(20, 24)]
            + [["T19", f"S{i:02d}", "Selesai", 1, None, None] for i in range(24, 40)],
        )
    )
    table = build_release(ds, dt.date(2019, 12, 31)).by_year.frame
    assert table.loc[2018, "rehabilitated"] is None
    cum = table["rehabilitated_cumulative"]
    assert cum.loc[2017] is None or cum.loc[2018] is None  # 24 - 20 would reveal the 4


def test_headline_hides_a_small_regency():
    ds = dataset(workbook([survivor("A", "01/02/2017")], [], []))
    head = build_release(ds, AS_OF).headline
    assert head["known"] is None and head["text"]["known"] in ("<10", "*")
    assert head["coverage"] is None


def test_business_share_needs_k_followed_up_rehabilitated_survivors():
    """Visits to survivors not yet rehabilitated must not unlock a share of two out of three."""
    survivors = [survivor(f"S{i:02d}", "01/02/2017") for i in range(20)]
    done = [["T", f"S{i:02d}", "Selesai", 1, None, None] for i in range(3)]
    visits = [
        [f"S{i:02d}", "03/08/2018", "Berjalan" if i != 2 else "Berhenti", None, "Ya", None, None]
        for i in range(12)
    ]
    ds = dataset(
        workbook(
            survivors, [activity("T", "Pelatihan Keterampilan", "01/05/2017", "01/05/2017")], done, visits
        )
    )
    head = build_release(ds, AS_OF).headline
    assert head["business_running_share"] is None  # 3 rehabilitated with a visit, though 12 were visited


@pytest.mark.parametrize(
    "value", ['=HYPERLINK("http://x","klik")', "+62812", "-1+1", "@SUM(A1)", "\tx", "\rx"]
)
def test_formulas_are_neutralised_in_downloads(value):
    frame = pd.DataFrame({"nilai": [value, "aman"], "n": [1, 2]})
    csv_bytes = privacy.to_csv_bytes(frame)
    assert csv_bytes.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"), newline="")))
    assert rows[1][0] == "'" + value
    assert rows[2][0] == "aman"
    # The .xlsx holds the text as text: shown as typed (no guarding apostrophe), never run as a formula.
    book = openpyxl.load_workbook(io.BytesIO(privacy.to_xlsx_bytes(frame)))
    cell = book.active["A2"]
    assert cell.value == value and cell.data_type == "s"
    assert book.active["A3"].value == "aman"
    assert book.active["B2"].value == 1
    with zipfile.ZipFile(io.BytesIO(privacy.to_xlsx_bytes(frame))) as package:
        assert "<f>" not in package.read("xl/worksheets/sheet1.xml").decode()  # no formula anywhere


def test_xlsx_downloads_have_widths_a_filter_and_real_dates():
    frame = pd.DataFrame(
        {
            "Pesan": ["Tanggal lahir di masa depan: tulis tanggal yang benar.", "x"],
            "Baris": [2, 30],
            "Tanggal": [pd.Timestamp("2018-04-09"), pd.NaT],
        }
    )
    sheet = openpyxl.load_workbook(io.BytesIO(privacy.to_xlsx_bytes(frame, "Masalah"))).active
    assert sheet.title == "Masalah"
    assert sheet.auto_filter.ref == "A1:C3" and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width > len(frame["Pesan"][0]) >= sheet.column_dimensions["B"].width
    assert sheet["C2"].is_date and sheet["C2"].number_format.startswith("dd/mm/yyyy")
    assert sheet["C3"].value is None
