"""Validation rules, one test (at least) per rule code, issues asserted as (tab, row, column, code)."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from sheets.issues import ISSUE_COLUMNS, RULES
from sheets.messages import with_messages
from sheets.raw import RawTab, RawWorkbook
from sheets.validate import validate

TODAY = dt.date(2026, 11, 28)

KORBAN_HEAD = [
    "ID Korban",
    "Tanggal Identifikasi",
    "Jenis Kelamin",
    "Tanggal Lahir",
    "Usia",
    "Kecamatan",
    "Desa/Kelurahan",
    "Sumber Rujukan",
    "Jenis Eksploitasi",
    "Lokasi Eksploitasi",
    "Negara Tujuan",
    "Catatan",
]
KEGIATAN_HEAD = [
    "ID Kegiatan",
    "Nama Kegiatan",
    "Jenis Kegiatan",
    "Materi",
    "Tanggal Mulai",
    "Tanggal Selesai",
    "Tempat",
    "Kecamatan",
    "Sumber Dana",
    "Anggaran (Rp)",
    "Kuota",
]
PESERTA_HEAD = ["ID Kegiatan", "ID Korban", "Status", "Hari Hadir", "Bantuan Diterima", "Nilai Bantuan (Rp)"]
PEMANTAUAN_HEAD = [
    "ID Korban",
    "Tanggal Pemantauan",
    "Status Usaha",
    "Pendapatan per Bulan (Rp)",
    "Tinggal Bersama Keluarga",
    "Petugas",
    "Catatan",
]
TARGET_HEAD = ["Tahun", "Target Rehabilitasi", "Korban Terlapor", "Anggaran (Rp)"]


def base() -> dict[str, list[list[object]]]:
    """A small valid workbook: 3 survivors, 1 training, 2 completions, 1 visit, 1 target. Row numbers:
    Korban rows 2-4, Kegiatan row 2, Peserta rows 2-3, Pemantauan row 2, Target row 2."""
    return {
        "Korban": [
            KORBAN_HEAD,
            [
                "KPO-0001",
                "01/03/2018",
                "P",
                "17/08/1995",
                22,
                "Cikedung",
                "Mundakjaya",
                "BP3MI",
                "Kerja Paksa",
                "Luar Negeri",
                "Malaysia",
                "",
            ],
            [
                "KPO-0002",
                "02/03/2018",
                "L",
                None,
                30,
                "Cikedung",
                "Jatisura",
                "Polisi",
                "Lainnya",
                "Dalam Negeri",
                None,
                None,
            ],
            ["KPO-0003", "03/03/2018", "Perempuan", None, None, "Sliyeg", None, None, None, None, None, None],
        ],
        "Kegiatan": [
            KEGIATAN_HEAD,
            [
                "KEG-1",
                "Pelatihan UEP",
                "Pelatihan Keterampilan",
                "Olahan kue kering",
                "9 April 2018",
                "10 April 2018",
                "RSBM Tunas Mandiri",
                "Cikedung",
                "APBD Kabupaten",
                "Rp 25.000.000",
                20,
            ],
        ],
        "Peserta": [
            PESERTA_HEAD,
            ["KEG-1", "KPO-0001", "Selesai", 2, "Paket peralatan kue", "1.500.000"],
            ["KEG-1", "KPO-0002", "Selesai", 2, "Paket peralatan kue", "1,5 juta"],
        ],
        "Pemantauan": [
            PEMANTAUAN_HEAD,
            ["KPO-0001", "10/07/2018", "Berjalan", "750 ribu", "Ya", "Petugas Rina", None],
        ],
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
    return {
        (t, None if r is None or str(r) == "<NA>" else int(r), c, code)
        for t, r, c, code in issues[["tab", "row", "column", "code"]].itertuples(index=False)
    }


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
    assert report.counts["Korban"].as_dict() == {
        "rows_read": 3,
        "rows_used": 3,
        "rows_excluded": 0,
        "rows_blank": 0,
    }
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
    assert report.counts["Target"].as_dict() == {
        "rows_read": 2,
        "rows_used": 0,
        "rows_excluded": 2,
        "rows_blank": 0,
    }


def test_title_rows_above_the_header_shift_row_numbers():
    tabs = base()
    tabs["Korban"] = [["DATA KORBAN TPPO"], [None], *tabs["Korban"]]
    edit(tabs, "Korban", 5, "Kecamatan", "Cikedong")  # KPO-0002, now on sheet row 5
    report = run(tabs)
    assert found(report) == {
        ("Korban", 5, "Kecamatan", "unknown-category"),
        ("Peserta", 3, "ID Korban", "excluded-reference"),
    }
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
    assert found(report) == {
        ("Target", 1, "Korban Terlapor", "missing-optional-column"),
        ("Target", 1, "Anggaran (Rp)", "missing-optional-column"),
    }
    assert report.counts["Target"].rows_used == 1


def test_unknown_and_duplicate_columns():
    tabs = base()
    tabs["Target"] = [TARGET_HEAD + ["Penanggung Jawab", "tahun"], [2018, 20, 45, 1, "Bu Ani", 2019]]
    report = run(tabs)
    assert found(report) == {
        ("Target", 1, "Penanggung Jawab", "unknown-column"),
        ("Target", 1, "Tahun", "duplicate-column"),
    }
    assert report.table("Target")["year"].tolist() == [2018]


def test_missing_required_value_excludes_the_row():
    tabs = edit(base(), "Korban", 3, "Jenis Kelamin", None)
    report = run(tabs)
    assert found(report) == {
        ("Korban", 3, "Jenis Kelamin", "missing-value"),
        ("Peserta", 3, "ID Korban", "excluded-reference"),
    }
    assert report.counts["Korban"].rows_excluded == 1
    assert report.counts["Peserta"].rows_excluded == 1


def test_invalid_date_in_required_column_excludes_and_quotes_the_value():
    report = run(edit(base(), "Korban", 4, "Tanggal Identifikasi", "31/02/2018"))
    assert found(report) == {("Korban", 4, "Tanggal Identifikasi", "invalid-date")}
    issue = said(report).iloc[0]
    assert issue["value"] == "31/02/2018"
    assert "31/02/2018" in issue["message_id"] and "31/02/2018" in issue["message_en"]
    assert report.counts["Korban"].rows_excluded == 1


def test_invalid_date_in_optional_column_blanks_only_that_cell():
    report = run(edit(base(), "Korban", 2, "Tanggal Lahir", "kemarin"))
    assert found(report) == {("Korban", 2, "Tanggal Lahir", "invalid-date")}
    assert report.counts["Korban"].rows_used == 3
    assert "row still counts" in said(report).iloc[0]["message_en"]


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
    assert "Cikedung" in said(report).iloc[0]["message_id"]
    assert "Cikedung" in said(report).iloc[0]["message_en"]


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
    tabs["Kegiatan"].append(
        [
            "KEG-2",
            "Rencana",
            "Bimbingan Sosial",
            None,
            "1 Mei 2027",
            "2 Mei 2027",
            None,
            "Sliyeg",
            None,
            None,
            None,
        ]
    )
    assert run(tabs).issues.empty


def test_duplicate_key_names_the_first_row():
    tabs = base()
    tabs["Korban"].append(["kpo-0001 ", "04/03/2018", "P", None, None, "Sliyeg"])
    report = run(tabs)
    assert found(report) == {("Korban", 5, "ID Korban", "duplicate-key")}
    assert "2" in said(report).iloc[0]["message_en"]
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
    assert found(report) == {
        ("Peserta", 4, "ID Korban", "unknown-reference"),
        ("Pemantauan", 3, "ID Korban", "unknown-reference"),
    }


def test_reference_to_an_excluded_row_is_excluded_as_info():
    report = run(edit(base(), "Kegiatan", 2, "Jenis Kegiatan", "Pelatihan Kerajinan"))
    assert found(report) == {
        ("Kegiatan", 2, "Jenis Kegiatan", "unknown-category"),
        ("Peserta", 2, "ID Kegiatan", "excluded-reference"),
        ("Peserta", 3, "ID Kegiatan", "excluded-reference"),
    }
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
    report = run(
        base(), identity=identity(["KPO-0001", "Contoh Satu", NIK_0001, "Jl. Contoh", "081234567890"])
    )
    assert report.issues.empty


@pytest.mark.parametrize("nik", ["12345", "0012045708950001", "3212049908950001"])
def test_invalid_nik(nik):
    report = run(base(), identity=identity(["KPO-0001", "Contoh Satu", nik, None, None]))
    assert found(report) == {("Identitas", 2, "NIK", "invalid-nik")}


def test_nik_disagreeing_with_sex():
    report = run(base(), identity=identity(["KPO-0001", "Contoh Satu", "3212041708950001", None, None]))
    assert found(report) == {("Identitas", 2, "NIK", "nik-mismatch")}


def test_same_nik_on_two_ids():
    report = run(
        base(),
        identity=identity(
            ["KPO-0001", "Contoh Satu", NIK_0001, None, None],
            ["KPO-0003", "Contoh Tiga", NIK_0001, None, None],
        ),
    )
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
    assert report.counts["Korban"].as_dict() == {
        "rows_read": 4,
        "rows_used": 3,
        "rows_excluded": 0,
        "rows_blank": 1,
    }


def test_ragged_rows_are_padded():
    tabs = base()
    tabs["Korban"][2] = ["KPO-0002", "02/03/2018", "L", None, 30, "Cikedung"]
    assert run(tabs).counts["Korban"].rows_used == 3


# --------------------------------------------------------------------------- issue 9: read every workbook exactly


def said(report):
    """The issues with `message_id` and `message_en`, as the CLI and the `Masalah Data` tab give them."""
    return with_messages(report.issues)


def issue(report, code):
    """The one issue of `code` as a dict, with its messages rendered in both languages."""
    rows = said(report)[report.issues["code"] == code]
    assert len(rows) == 1, rows
    return rows.iloc[0].to_dict()


def workbook_of(tabs: dict, **extra) -> RawWorkbook:
    return RawWorkbook("test", {name: RawTab(name, rows) for name, rows in tabs.items()}, **extra)


@pytest.mark.parametrize(
    ("raw", "read_on", "as_of", "year", "future"),
    [
        # The pivot is the day the data is read: looking back at 2018, 05/03/19 is 2019 (not yet known).
        ("05/03/19", dt.date(2026, 11, 28), dt.date(2018, 12, 31), 2019, True),
        ("05/03/19", dt.date(2026, 11, 28), TODAY, 2019, False),
        ("05/03/27", dt.date(2026, 11, 28), TODAY, 1927, False),  # 2027 is after the read year
        ("05/03/27", dt.date(2027, 1, 2), dt.date(2026, 12, 31), 2027, True),
    ],
)
def test_two_digit_years_pivot_on_the_day_the_data_is_read_not_on_as_of(raw, read_on, as_of, year, future):
    tabs = edit(base(), "Korban", 4, "Tanggal Identifikasi", raw)
    report = validate(workbook_of(tabs), as_of, read_on=read_on)
    two_digit = issue(report, "two-digit-year")
    assert str(year) in two_digit["message_en"]
    assert (("Korban", 4, "Tanggal Identifikasi", "future-date") in found(report)) is future


def test_two_digit_years_pivot_on_read_at_by_default():
    tabs = edit(base(), "Korban", 4, "Tanggal Identifikasi", "05/03/19")
    read_at = dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.UTC)
    report = validate(workbook_of(tabs, read_at=read_at), dt.date(2018, 12, 31))
    assert "2019" in issue(report, "two-digit-year")["message_en"]


@pytest.mark.parametrize(
    ("tab", "rows", "header_row"),
    [
        # A one-word title that is an alias of a column ("Target" = Target Rehabilitasi) above the header.
        ("Target", [["TARGET"], ["Tahun", "Target Rehabilitasi", "Korban Terlapor"], [2018, 20, 45]], 2),
        ("Target", [["Target", ""], [], ["Tahun", "Target Rehabilitasi"], [2018, 20]], 3),
        # "Kegiatan" is an alias of Nama Kegiatan: a title row saying it must not win.
        (
            "Kegiatan",
            [
                ["Kegiatan", "Tanggal Mulai 2018"],
                [*KEGIATAN_HEAD],
                [
                    "KEG-1",
                    "Pelatihan UEP",
                    "Pelatihan Keterampilan",
                    None,
                    "9 April 2018",
                    "10 April 2018",
                    None,
                    "Cikedung",
                    None,
                    None,
                    20,
                ],
            ],
            2,
        ),
        # Two candidate rows: the one naming the most columns wins, ties to the earlier.
        (
            "Korban",
            [
                ["ID Korban", "Kecamatan", "Tanggal Identifikasi", "Jenis Kelamin"],
                [*KORBAN_HEAD],
                *base()["Korban"][1:],
            ],
            2,
        ),
    ],
)
def test_header_is_the_row_naming_the_most_columns(tab, rows, header_row):
    tabs = base()
    tabs[tab] = rows
    report = run(tabs)
    structure = found(report, "header-not-found", "missing-column")
    assert not {(t, r, c, code) for t, r, c, code in structure if t == tab}, report.issues
    assert report.counts[tab].rows_read == len(rows) - header_row


def test_header_not_found_says_which_row_came_closest():
    tabs = base()
    tabs["Korban"] = [["DATA KORBAN"], ["ID Korban", "Catatan", "Desa"], ["KPO-0001", None, "Mundakjaya"]]
    found_issue = issue(run(tabs), "header-not-found")
    assert (
        "row 2 comes closest but lacks: Tanggal Identifikasi, Jenis Kelamin, Kecamatan"
        in found_issue["message_en"]
    )
    assert "baris 2 paling mirip" in found_issue["message_id"]


def test_merged_cells_fill_every_row_with_one_warning_per_range():
    from sheets.raw import fill_merged

    tabs = base()
    rows = tabs["Korban"]
    for r in (2, 3):  # the Kecamatan merged down over KPO-0002 and KPO-0003 (sheet rows 3-4)
        rows[r][5] = None
    rows[2][5] = "Sliyeg"
    merges = ((2, 5, 3, 5), (0, 0, 0, 2))  # and a merged header cell, which is not a data problem
    raw = RawWorkbook(
        "test",
        {
            **{n: RawTab(n, r) for n, r in tabs.items()},
            "Korban": RawTab("Korban", fill_merged(rows, merges), merges=merges),
        },
    )
    report = validate(raw, TODAY)
    warning = issue(report, "merged-cells")
    assert (warning["tab"], warning["row"], warning["column"], warning["value"]) == (
        "Korban",
        3,
        "Kecamatan",
        "Sliyeg",
    )
    assert "F3:F4" in warning["message_en"] and "F3:F4" in warning["message_id"]
    assert report.table("Korban")["district"].tolist() == ["Cikedung", "Sliyeg", "Sliyeg"]


@pytest.mark.parametrize(
    ("names", "hidden", "used", "why"),
    [
        (["Korban", "KORBAN "], {"KORBAN "}, "Korban", "'KORBAN ' is hidden"),
        (["KORBAN ", "Korban"], {"KORBAN "}, "Korban", "'KORBAN ' is hidden"),  # hidden first in the workbook
        (
            ["korban", "Korban"],
            set(),
            "Korban",
            "has the header row and 3 data rows",
        ),  # both visible: more rows
        (["Korban", "Kor ban"], set(), "Korban", "has the header row and 3 data rows"),
    ],
)
def test_two_tabs_matching_one_contract_tab_are_an_error_naming_both(names, hidden, used, why):
    tabs = base()
    full = tabs.pop("Korban")
    stale = [KORBAN_HEAD, ["KPO-9001", "01/01/2016", "P", None, None, "Lelea"]]
    raw_tabs = {n: RawTab(n, r) for n, r in tabs.items()}
    for name in names:
        raw_tabs[name] = RawTab(name, full if name == used else stale, hidden=name in hidden)
    report = validate(RawWorkbook("test", raw_tabs), TODAY)
    error = issue(report, "duplicate-tab")
    ignored = next(n for n in names if n != used)
    assert (error["tab"], error["severity"], error["value"]) == ("Korban", "error", ignored)
    assert f"'{used}'" in error["message_en"] and why in error["message_en"]
    assert f"'{ignored}'" in error["message_id"]
    # The stale copy's row is read and excluded, never outside the accounting.
    assert report.counts["Korban"].as_dict() == {
        "rows_read": 4,
        "rows_used": 3,
        "rows_excluded": 1,
        "rows_blank": 0,
    }
    assert report.table("Korban")["survivor_id"].tolist() == ["KPO-0001", "KPO-0002", "KPO-0003"]


def test_tab_names_ignore_every_space():
    tabs = base()
    tabs["Pe serta"] = tabs.pop("Peserta")
    tabs["Pe mantauan"] = tabs.pop("Pemantauan")
    assert run(tabs).issues.empty


@pytest.mark.parametrize(
    "value",
    ["#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#ERROR!", " #n/a ", "Err:502"],
)
def test_spreadsheet_error_values_are_errors_quoting_the_value(value):
    tabs = edit(base(), "Korban", 2, "Jenis Eksploitasi", value)  # optional: the cell is ignored
    edit(tabs, "Korban", 3, "Kecamatan", value)  # required: the row is excluded
    report = run(tabs)
    assert found(report, "formula-error") == {
        ("Korban", 2, "Jenis Eksploitasi", "formula-error"),
        ("Korban", 3, "Kecamatan", "formula-error"),
    }
    errors = said(report)[report.issues["code"] == "formula-error"]
    assert (errors["value"] == value).all()
    assert errors["message_en"].str.contains("formula error").all()
    assert errors["message_id"].str.contains("rumus yang error").all()
    assert not found(report, "missing-value", "unknown-category")  # never read as empty, never a category
    assert report.counts["Korban"].as_dict() == {
        "rows_read": 3,
        "rows_used": 2,
        "rows_excluded": 1,
        "rows_blank": 0,
    }


def test_a_row_of_error_values_is_not_blank():
    tabs = base()
    tabs["Target"].append(["#REF!", "#REF!"])
    report = run(tabs)
    assert report.counts["Target"].rows_blank == 0 and report.counts["Target"].rows_excluded == 1
    assert found(report, "formula-error") == {
        ("Target", 3, "Tahun", "formula-error"),
        ("Target", 3, "Target Rehabilitasi", "formula-error"),
    }


@pytest.mark.parametrize(
    ("header", "formula"),
    [
        ("Usia", '=DATEDIF(D2,B2,"Y")'),
        ("ID Korban", '=CONCAT("KPO-",ROW())'),
        ("Tanggal Identifikasi", "=TODAY()"),
    ],
)
def test_formulas_saved_without_a_value_say_so_and_how_to_fix(header, formula):
    report = run(edit(base(), "Korban", 2, header, formula))
    problem = issue(report, "formula-not-calculated")
    assert (problem["tab"], problem["row"], problem["column"], problem["value"]) == (
        "Korban",
        2,
        header,
        formula,
    )
    assert "never opened in Excel" in problem["message_en"] and "belum pernah dibuka" in problem["message_id"]
    assert RULES["formula-not-calculated"].fix("en").startswith("Open the file in Excel or LibreOffice")
    assert not found(report, "missing-value", "invalid-date", "invalid-number")


@pytest.mark.parametrize(
    ("header", "typed", "shown"),
    [
        # A future identification date is rejected: no age is computed from it.
        ("Tanggal Identifikasi", "01/03/2031", "01/03/2031"),
        ("Tanggal Identifikasi", "1 Maret 2031", "01/03/2031"),
    ],
)
def test_rules_across_columns_skip_a_side_already_in_error(header, typed, shown):
    tabs = edit(base(), "Korban", 2, header, typed)
    edit(tabs, "Korban", 2, "Tanggal Lahir", "17/08/2030")
    report = run(tabs)
    codes = {code for _, row, _, code in found(report) if row == 2}
    assert "future-date" in codes
    assert not codes & {"born-after-identified", "age-out-of-range", "age-mismatch"}, report.issues
    future = said(report)[(report.issues["code"] == "future-date") & (report.issues["column"] == header)]
    assert future.iloc[0]["value"] == typed  # the raw cell, as typed
    assert shown in future.iloc[0]["message_en"]


@pytest.mark.parametrize(
    ("edits", "code", "column", "typed"),
    [
        (
            {("Korban", "Tanggal Lahir"): "1 Januari 2019"},
            "born-after-identified",
            "Tanggal Lahir",
            "1 Januari 2019",
        ),
        (
            {("Kegiatan", "Tanggal Selesai"): "8 April 2018"},
            "end-before-start",
            "Tanggal Selesai",
            "8 April 2018",
        ),
        (
            {("Korban", "Tanggal Lahir"): 100},
            "age-out-of-range",
            "Tanggal Lahir",
            "100",
        ),  # a serial: 1900-04-09
    ],
)
def test_every_issue_value_is_the_raw_cell_as_typed(edits, code, column, typed):
    tabs = base()
    for (tab, header), value in edits.items():
        edit(tabs, tab, 2, header, value)
    if code == "age-out-of-range":
        edit(tabs, "Korban", 2, "Usia", None)
    problem = issue(run(tabs), code)
    assert (problem["column"], problem["value"]) == (column, typed)


def test_joined_before_identified_shows_the_survivor_cell_as_its_value():
    tabs = edit(base(), "Korban", 2, "Tanggal Identifikasi", "01/05/2018")
    problem = issue(run(tabs), "joined-before-identified")
    assert (problem["column"], problem["value"]) == ("ID Korban", "KPO-0001")
    assert "KEG-1" in problem["message_en"]


@pytest.mark.parametrize(
    ("header", "typed"),
    [
        ("ID Korban", "KPO\u2060-0001"),  # word joiner
        ("ID Korban", "\u200eKPO-0001\u200f"),  # left-to-right and right-to-left marks
        ("ID Korban", "KPO-\u00ad0001"),  # soft hyphen
        ("ID Korban", "ＫＰＯ－０００１"),  # full-width, from an IME
        ("ID Korban", "KPO\u200d-0001"),  # zero-width joiner
    ],
)
def test_invisible_characters_do_not_make_another_id(header, typed):
    report = run(edit(base(), "Peserta", 2, header, typed))
    assert report.issues.empty, report.issues
    assert report.table("Peserta")["survivor_id"].tolist() == ["KPO-0001", "KPO-0002"]


@pytest.mark.parametrize(
    ("tab", "header", "typed"),
    [
        ("Korban", "Kecamatan", "Ciked\u200bung"),
        ("Korban", "Jenis Kelamin", "\u2060P"),
        ("Korban", "Tanggal Identifikasi", "01/03/2018\u200e"),
        ("Korban", "Tanggal Identifikasi", "０１/０３/２０１８"),
        ("Peserta", "Nilai Bantuan (Rp)", "1.500.000\ufeff"),
    ],
)
def test_invisible_characters_in_categories_dates_and_numbers(tab, header, typed):
    assert run(edit(base(), tab, 2, header, typed)).issues.empty


def test_invisible_characters_in_a_header():
    tabs = base()
    tabs["Korban"][0] = ["ID\u00a0Korban", "Tanggal\u200bIdentifikasi", *KORBAN_HEAD[2:]]
    tabs["Korban"][0][1] = "Tanggal \u2060Identifikasi"
    assert run(tabs).issues.empty


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("Cikedong", "Cikedung"),
        ("Sliyek", "Sliyeg"),
        ("081234567890", None),  # a phone number in Kecamatan: no suggestion
        ("Jakarta", None),
        ("Bandung", None),
    ],
)
def test_did_you_mean_only_when_the_suggestion_is_close(typed, suggestion):
    problem = issue(run(edit(base(), "Korban", 3, "Kecamatan", typed)), "unknown-category")
    if suggestion:
        assert f"did you mean: '{suggestion}'" in problem["message_en"]
    else:
        assert "did you mean" not in problem["message_en"] and "maksud Anda" not in problem["message_id"]


def test_did_you_mean_for_headers():
    tabs = base()
    tabs["Korban"][0] = ["ID Korban", "Tanggal Identifkasi", *KORBAN_HEAD[2:]]
    report = run(tabs)
    unknown = issue(report, "unknown-column")
    assert unknown["value"] == "Tanggal Identifkasi"
    assert "did you mean 'Tanggal Identifikasi'?" in unknown["message_en"]
    assert "maksud Anda 'Tanggal Identifikasi'?" in unknown["message_id"]
    missing = issue(report, "missing-column")
    assert missing["column"] == "Tanggal Identifikasi"
    assert (
        "'Tanggal Identifkasi'" in missing["message_en"] and "'Tanggal Identifkasi'" in missing["message_id"]
    )


def test_csv_notices_become_issues():
    from sheets.raw import Notice

    raw = workbook_of(
        base(),
        notices=(
            Notice("unknown-file", "", "Rekap 2019.csv"),
            Notice("older-file", "Korban", "Data - Korban.csv", "Data - Korban (1).csv"),
        ),
    )
    report = validate(raw, TODAY)
    assert found(report) == {("", None, "", "unknown-file"), ("Korban", None, "", "older-file")}
    older = issue(report, "older-file")
    assert (
        older["severity"] == "info" and "'Data - Korban (1).csv' is a newer download" in older["message_en"]
    )


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
    assert (said(report)["message_id"].str.len() > 10).all()
    assert (said(report)["message_en"].str.len() > 10).all()
    assert (report.issues["link"] == "").all()  # local files have no cell links
