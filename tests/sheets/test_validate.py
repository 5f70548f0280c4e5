"""Validation rules, one test (at least) per rule code, issues asserted as (tab, row, column, code)."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from sheets.issues import ISSUE_COLUMNS, RULES
from sheets.raw import RawTab, RawWorkbook
from sheets.validate import validate

TODAY = dt.date(2026, 11, 28)

KORBAN_HEAD = ["ID Korban", "Tanggal Identifikasi", "Jenis Kelamin", "Tanggal Lahir", "Usia", "Kecamatan",
               "Desa/Kelurahan", "Sumber Rujukan", "Jenis Eksploitasi", "Lokasi Eksploitasi", "Negara Tujuan",
               "Catatan"]
KEGIATAN_HEAD = ["ID Kegiatan", "Nama Kegiatan", "Jenis Kegiatan", "Materi", "Tanggal Mulai", "Tanggal Selesai",
                 "Tempat", "Kecamatan", "Sumber Dana", "Anggaran (Rp)", "Kuota"]
PESERTA_HEAD = ["ID Kegiatan", "ID Korban", "Status", "Hari Hadir", "Bantuan Diterima", "Nilai Bantuan (Rp)"]
PEMANTAUAN_HEAD = ["ID Korban", "Tanggal Pemantauan", "Status Usaha", "Pendapatan per Bulan (Rp)",
                   "Tinggal Bersama Keluarga", "Petugas", "Catatan"]
TARGET_HEAD = ["Tahun", "Target Rehabilitasi", "Korban Terlapor", "Anggaran (Rp)"]


def base() -> dict[str, list[list[object]]]:
    """A small valid workbook: 3 survivors, 1 training, 2 completions, 1 visit, 1 target. Row numbers:
    Korban rows 2-4, Kegiatan row 2, Peserta rows 2-3, Pemantauan row 2, Target row 2."""
    return {
        "Korban": [KORBAN_HEAD,
                   ["KPO-0001", "01/03/2018", "P", "17/08/1995", 22, "Cikedung", "Mundakjaya", "BP3MI", "Kerja Paksa",
                    "Luar Negeri", "Malaysia", ""],
                   ["KPO-0002", "02/03/2018", "L", None, 30, "Cikedung", "Jatisura", "Polisi", "Lainnya",
                    "Dalam Negeri", None, None],
                   ["KPO-0003", "03/03/2018", "Perempuan", None, None, "Sliyeg", None, None, None, None, None, None]],
        "Kegiatan": [KEGIATAN_HEAD,
                     ["KEG-1", "Pelatihan UEP", "Pelatihan Keterampilan", "Olahan kue kering", "9 April 2018",
                      "10 April 2018", "RSBM Tunas Mandiri", "Cikedung", "APBD Kabupaten", "Rp 25.000.000", 20]],
        "Peserta": [PESERTA_HEAD,
                    ["KEG-1", "KPO-0001", "Selesai", 2, "Paket peralatan kue", "1.500.000"],
                    ["KEG-1", "KPO-0002", "Selesai", 2, "Paket peralatan kue", "1,5 juta"]],
        "Pemantauan": [PEMANTAUAN_HEAD,
                       ["KPO-0001", "10/07/2018", "Berjalan", "750 ribu", "Ya", "Petugas Rina", None]],
        "Target": [TARGET_HEAD, [2018, 20, 45, "Rp 150.000.000"]],
    }


def run(tabs: dict, today: dt.date = TODAY, identity: dict | None = None):
    raw = RawWorkbook("test", {name: RawTab(name, rows) for name, rows in tabs.items()})
    ident = RawWorkbook("ident", {n: RawTab(n, r) for n, r in identity.items()}) if identity else None
    return validate(raw, today, identity=ident)


def found(report, *codes) -> set[tuple]:
    issues = report.issues
    if codes:
        issues = issues[issues["code"].isin(codes)]
    return {(t, None if r is None or str(r) == "<NA>" else int(r), c, code)
            for t, r, c, code in issues[["tab", "row", "column", "code"]].itertuples(index=False)}


def edit(tabs, tab, row, header, value):
    """Set the cell of sheet row `row` (1-based) under `header`."""
    head = next(line for line in tabs[tab] if header in line)
    line = tabs[tab][row - 1]
    position = head.index(header)
    while len(line) <= position:
        line.append(None)
    line[position] = value
    return tabs


def test_the_base_workbook_is_clean():
    report = run(base())
    assert report.issues.empty, report.issues
    assert report.counts["Korban"].as_dict() == {"rows_read": 3, "rows_used": 3, "rows_excluded": 0,
                                                  "rows_blank": 0}
    assert list(report.issues.columns) == ISSUE_COLUMNS


def test_missing_tab_is_a_structure_issue_and_the_rest_still_works():
    tabs = base()
    del tabs["Pemantauan"]
    report = run(tabs)
    assert found(report) == {("Pemantauan", None, "", "missing-tab")}
    assert report.counts["Korban"].rows_used == 3


def test_tabs_are_found_ignoring_case_and_spaces():
    tabs = base()
    tabs[" korban "] = tabs.pop("Korban")
    assert run(tabs).issues.empty


def test_header_not_found():
    tabs = base()
    tabs["Target"] = [["Tahunan", "Sasaran"], [2018, 20]]
    report = run(tabs)
    assert ("Target", None, "", "header-not-found") in found(report)
    assert report.counts["Target"].as_dict() == {"rows_read": 2, "rows_used": 0, "rows_excluded": 2, "rows_blank": 0}


def test_title_rows_above_the_header_shift_row_numbers():
    tabs = base()
    tabs["Korban"] = [["DATA KORBAN TPPO"], [None], *tabs["Korban"]]
    edit(tabs, "Korban", 5, "Kecamatan", "Cikedong")  # KPO-0002, now on sheet row 5
    report = run(tabs)
    assert found(report) == {("Korban", 5, "Kecamatan", "unknown-category"),
                             ("Peserta", 3, "ID Korban", "excluded-reference")}
    # Rows above the header are not data rows and are not counted.
    assert report.counts["Korban"].rows_read == 3


def test_missing_required_column_excludes_every_row():
    tabs = base()
    tabs["Target"] = [["Tahun", "Korban Terlapor"], [2018, 40], [2019, 50]]
    report = run(tabs)
    assert ("Target", 1, "Target Rehabilitasi", "missing-column") in found(report)
    assert report.counts["Target"].rows_excluded == 2


def test_missing_optional_column_is_info():
    tabs = base()
    tabs["Target"] = [["Tahun", "Target Rehabilitasi"], [2018, 20]]
    report = run(tabs)
    assert found(report) == {("Target", 1, "Korban Terlapor", "missing-optional-column"),
                             ("Target", 1, "Anggaran (Rp)", "missing-optional-column")}
    assert report.counts["Target"].rows_used == 1


def test_unknown_and_duplicate_columns():
    tabs = base()
    tabs["Target"] = [TARGET_HEAD + ["Penanggung Jawab", "tahun"], [2018, 20, 45, 1, "Bu Ani", 2019]]
    report = run(tabs)
    assert found(report) == {("Target", 1, "Penanggung Jawab", "unknown-column"),
                             ("Target", 1, "Tahun", "duplicate-column")}
    assert report.table("Target")["year"].tolist() == [2018]


def test_missing_required_value_excludes_the_row():
    tabs = edit(base(), "Korban", 3, "Jenis Kelamin", None)
    report = run(tabs)
    assert found(report) == {("Korban", 3, "Jenis Kelamin", "missing-value"),
                             ("Peserta", 3, "ID Korban", "excluded-reference")}
    assert report.counts["Korban"].rows_excluded == 1
    assert report.counts["Peserta"].rows_excluded == 1


def test_invalid_date_in_required_column_excludes_and_quotes_the_value():
    report = run(edit(base(), "Korban", 4, "Tanggal Identifikasi", "31/02/2018"))
    assert found(report) == {("Korban", 4, "Tanggal Identifikasi", "invalid-date")}
    issue = report.issues.iloc[0]
    assert issue["value"] == "31/02/2018"
    assert "31/02/2018" in issue["message_id"] and "31/02/2018" in issue["message_en"]
    assert report.counts["Korban"].rows_excluded == 1


def test_invalid_date_in_optional_column_blanks_only_that_cell():
    report = run(edit(base(), "Korban", 2, "Tanggal Lahir", "kemarin"))
    assert found(report) == {("Korban", 2, "Tanggal Lahir", "invalid-date")}
    assert report.counts["Korban"].rows_used == 3
    assert "row still counts" in report.issues.iloc[0]["message_en"]


def test_two_digit_year_is_a_warning():
    report = run(edit(base(), "Korban", 4, "Tanggal Identifikasi", "03/03/18"))
    assert found(report) == {("Korban", 4, "Tanggal Identifikasi", "two-digit-year")}
    assert report.issues.iloc[0]["severity"] == "warning"
    assert report.counts["Korban"].rows_used == 3


def test_invalid_number():
    report = run(edit(base(), "Kegiatan", 2, "Kuota", "dua puluh"))
    assert found(report) == {("Kegiatan", 2, "Kuota", "invalid-number")}
    assert report.counts["Kegiatan"].rows_used == 1


def test_budget_typo_does_not_remove_anyone():
    report = run(edit(base(), "Kegiatan", 2, "Anggaran (Rp)", "Rp 25.000.000,-,-"))
    assert found(report) == {("Kegiatan", 2, "Anggaran (Rp)", "invalid-money")}
    assert report.counts["Kegiatan"].rows_used == 1
    assert report.counts["Peserta"].rows_used == 2


def test_invalid_yes_no():
    report = run(edit(base(), "Pemantauan", 2, "Tinggal Bersama Keluarga", "kadang"))
    assert found(report) == {("Pemantauan", 2, "Tinggal Bersama Keluarga", "invalid-yes-no")}


def test_unknown_category_suggests_the_nearest_value():
    report = run(edit(base(), "Korban", 4, "Kecamatan", "Cikedong"))
    assert found(report) == {("Korban", 4, "Kecamatan", "unknown-category")}
    assert "Cikedung" in report.issues.iloc[0]["message_id"]
    assert "Cikedung" in report.issues.iloc[0]["message_en"]


def test_out_of_range():
    tabs = edit(base(), "Target", 2, "Tahun", 1990)
    report = run(tabs)
    assert found(report) == {("Target", 2, "Tahun", "out-of-range")}
    assert report.counts["Target"].rows_excluded == 1


def test_negative_money_is_out_of_range_but_only_blanks_the_cell():
    report = run(edit(base(), "Peserta", 2, "Nilai Bantuan (Rp)", "-500000"))
    assert found(report) == {("Peserta", 2, "Nilai Bantuan (Rp)", "out-of-range")}
    assert report.counts["Peserta"].rows_used == 2


def test_future_date():
    report = run(edit(base(), "Korban", 4, "Tanggal Identifikasi", "01/01/2027"))
    assert found(report) == {("Korban", 4, "Tanggal Identifikasi", "future-date")}


def test_future_activity_dates_are_allowed():
    tabs = base()
    tabs["Kegiatan"].append(["KEG-2", "Rencana", "Bimbingan Sosial", None, "1 Mei 2027", "2 Mei 2027", None,
                             "Sliyeg", None, None, None])
    assert run(tabs).issues.empty


def test_duplicate_key_names_the_first_row():
    tabs = base()
    tabs["Korban"].append(["kpo-0001 ", "04/03/2018", "P", None, None, "Sliyeg"])
    report = run(tabs)
    assert found(report) == {("Korban", 5, "ID Korban", "duplicate-key")}
    assert "2" in report.issues.iloc[0]["message_en"]
    assert report.counts["Korban"].as_dict()["rows_excluded"] == 1
    # The first occurrence is the one used.
    assert report.table("Korban").loc[0, "district"] == "Cikedung"


def test_duplicate_pair_in_peserta_is_reported_on_id_korban():
    tabs = base()
    tabs["Peserta"].append(["KEG-1", "KPO-0001", "Selesai", 1, None, None])
    report = run(tabs)
    assert found(report) == {("Peserta", 4, "ID Korban", "duplicate-key")}


def test_unknown_reference():
    tabs = base()
    tabs["Peserta"].append(["KEG-1", "KPO-9999", "Selesai", 1, None, None])
    tabs["Pemantauan"].append(["KPO-9998", "10/07/2018", "Berjalan", None, None, None, None])
    report = run(tabs)
    assert found(report) == {("Peserta", 4, "ID Korban", "unknown-reference"),
                             ("Pemantauan", 3, "ID Korban", "unknown-reference")}


def test_reference_to_an_excluded_row_is_excluded_as_info():
    report = run(edit(base(), "Kegiatan", 2, "Jenis Kegiatan", "Pelatihan Kerajinan"))
    assert found(report) == {("Kegiatan", 2, "Jenis Kegiatan", "unknown-category"),
                             ("Peserta", 2, "ID Kegiatan", "excluded-reference"),
                             ("Peserta", 3, "ID Kegiatan", "excluded-reference")}
    infos = report.issues[report.issues["code"] == "excluded-reference"]
    assert set(infos["severity"]) == {"info"}
    assert report.counts["Peserta"].rows_excluded == 2


def test_end_before_start_excludes_the_activity():
    report = run(edit(base(), "Kegiatan", 2, "Tanggal Selesai", "8 April 2018"))
    assert ("Kegiatan", 2, "Tanggal Selesai", "end-before-start") in found(report)
    assert report.counts["Kegiatan"].rows_excluded == 1


def test_born_after_identified_blames_the_birth_date():
    report = run(edit(base(), "Korban", 2, "Tanggal Lahir", "01/01/2019"))
    assert found(report) == {("Korban", 2, "Tanggal Lahir", "born-after-identified")}
    assert report.counts["Korban"].rows_used == 3
    assert report.table("Korban")["birth_date"].isna().iloc[0]


def test_age_from_birth_date_out_of_range():
    tabs = edit(base(), "Korban", 2, "Tanggal Lahir", "01/01/1900")
    edit(tabs, "Korban", 2, "Usia", None)
    report = run(tabs)
    assert found(report) == {("Korban", 2, "Tanggal Lahir", "age-out-of-range")}


def test_age_disagreeing_with_birth_date_is_a_warning():
    report = run(edit(base(), "Korban", 2, "Usia", 35))
    assert found(report) == {("Korban", 2, "Usia", "age-mismatch")}
    assert report.issues.iloc[0]["severity"] == "warning"


def test_destination_with_domestic_location():
    report = run(edit(base(), "Korban", 3, "Negara Tujuan", "Malaysia"))
    assert found(report) == {("Korban", 3, "Negara Tujuan", "destination-with-domestic")}


def test_over_capacity_is_reported_on_the_activity():
    report = run(edit(base(), "Kegiatan", 2, "Kuota", 1))
    assert found(report) == {("Kegiatan", 2, "Kuota", "over-capacity")}


def test_attended_more_days_than_the_activity_lasted():
    report = run(edit(base(), "Peserta", 2, "Hari Hadir", 3))
    assert found(report) == {("Peserta", 2, "Hari Hadir", "attended-too-long")}
    assert report.counts["Peserta"].rows_used == 2


def test_joined_an_activity_that_ended_before_identification():
    report = run(edit(base(), "Korban", 2, "Tanggal Identifikasi", "01/05/2018"))
    assert found(report) == {("Peserta", 2, "ID Korban", "joined-before-identified")}


def test_possible_duplicate_person():
    tabs = base()
    tabs["Korban"].append(["KPO-0004", "05/03/2018", "P", "17/08/1995", 22, "Cikedung", "mundakjaya"])
    report = run(tabs)
    assert found(report) == {("Korban", 5, "ID Korban", "possible-duplicate-person")}


IDENT_HEAD = ["ID Korban", "Nama Lengkap", "NIK", "Alamat", "Nomor HP"]
# A synthetic NIK: province 32, regency 12, district 04; born 17-08-95, female (day + 40 = 57).
NIK_0001 = "3212045708950001"


def identity(*rows):
    return {"Identitas": [IDENT_HEAD, *rows]}


def test_valid_identity_rows_are_clean():
    report = run(base(), identity=identity(["KPO-0001", "Contoh Satu", NIK_0001, "Jl. Contoh", "081234567890"]))
    assert report.issues.empty


@pytest.mark.parametrize("nik", ["12345", "0012045708950001", "3212049908950001"])
def test_invalid_nik(nik):
    report = run(base(), identity=identity(["KPO-0001", "Contoh Satu", nik, None, None]))
    assert found(report) == {("Identitas", 2, "NIK", "invalid-nik")}


def test_nik_disagreeing_with_sex():
    report = run(base(), identity=identity(["KPO-0001", "Contoh Satu", "3212041708950001", None, None]))
    assert found(report) == {("Identitas", 2, "NIK", "nik-mismatch")}


def test_same_nik_on_two_ids():
    report = run(base(), identity=identity(["KPO-0001", "Contoh Satu", NIK_0001, None, None],
                                           ["KPO-0003", "Contoh Tiga", NIK_0001, None, None]))
    assert ("Identitas", 3, "NIK", "duplicate-nik") in found(report)


def test_invalid_phone():
    report = run(base(), identity=identity(["KPO-0001", "Contoh Satu", None, None, "12345"]))
    assert found(report) == {("Identitas", 2, "Nomor HP", "invalid-phone")}


def test_blank_rows_are_counted_not_errors():
    tabs = base()
    tabs["Korban"].insert(2, [None, " ", "\u00a0"])
    tabs["Korban"].append([None] * 5)  # trailing blank rows are not part of the sheet's data
    report = run(tabs)
    assert report.issues.empty
    assert report.counts["Korban"].as_dict() == {"rows_read": 4, "rows_used": 3, "rows_excluded": 0, "rows_blank": 1}


def test_ragged_rows_are_padded():
    tabs = base()
    tabs["Korban"][2] = ["KPO-0002", "02/03/2018", "L", None, 30, "Cikedung"]
    assert run(tabs).counts["Korban"].rows_used == 3


def test_every_rule_code_is_tested_here():
    import inspect
    import sys
    source = inspect.getsource(sys.modules[__name__])
    untested = [code for code in RULES if f'"{code}"' not in source.split("def test_every_rule_code")[0]]
    assert not untested


def test_every_issue_has_both_languages_and_a_known_code():
    tabs = copy.deepcopy(base())
    edit(tabs, "Korban", 4, "Kecamatan", "Cikedong")
    edit(tabs, "Kegiatan", 2, "Anggaran (Rp)", "dua juta")
    report = run(tabs)
    assert report.issues["code"].isin(RULES).all()
    assert (report.issues["message_id"].str.len() > 10).all()
    assert (report.issues["message_en"].str.len() > 10).all()
    assert (report.issues["link"] == "").all()  # local files have no cell links
