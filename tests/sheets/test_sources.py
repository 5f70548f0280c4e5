"""Local sources: workbooks and CSV folders come back as the raw rows staff see."""

from __future__ import annotations

import datetime as dt
import os

import openpyxl
import pandas as pd
import pytest

from sheets import schema
from sheets.schema import normalise
from sheets.sources import SourceError, read_csv_folder, read_uploaded, read_workbook, tab_for_filename
from tests.sheets.files import (
    EXTRA_COLUMN,
    FIRST_DATA_ROW,
    HEADER_ROW,
    STAFF_HEADERS,
    title_for,
    write_csv,
    write_csv_folder,
    write_ods,
    write_xlsx,
)

NBSP = "\u00a0"
KORBAN = [
    {
        "survivor_id": "KPO-0001",
        "identified_on": dt.date(2018, 4, 9),
        "sex": "Perempuan",
        "birth_date": dt.date(1995, 8, 17),
        "age": 22,
        "district": "Cikedung",
        "village": f"Mundakjaya{NBSP}",
        "notes": f"Rp{NBSP}1.500.000",
    },
    {},  # an interior blank row: kept, so validation can count it
    {
        "survivor_id": "KPO-0002",
        "identified_on": dt.datetime(2018, 4, 10, 9, 30),
        "sex": "L",
        "age": 30,
        "district": f"Kec.{NBSP}Lelea",
        "destination": "Malaysia",
    },
]
KEGIATAN = [
    {
        "activity_id": "KEG-2018-01",
        "name": "Bimbingan Sosial dan Pelatihan UEP",
        "kind": "Pelatihan Keterampilan",
        "starts_on": dt.date(2018, 4, 9),
        "ends_on": dt.date(2018, 4, 10),
        "district": "Cikedung",
        "budget": 25_000_000,
        "capacity": 20,
    },
    {
        "activity_id": "KEG-2018-02",
        "name": "Pendampingan",
        "kind": "Pendampingan Psikososial",
        "starts_on": dt.date(2018, 5, 2),
        "ends_on": dt.date(2018, 5, 2),
        "district": "Lelea",
        "budget": 1_250_000.5,
    },
]


def _records(raw_tab) -> list[dict[str, object]]:
    """Data rows of a laid-out tab as dicts keyed by the header cell, so column order does not matter."""
    header = raw_tab.rows[HEADER_ROW - 1]
    return [
        dict(zip(header, row + [None] * (len(header) - len(row))))
        for row in raw_tab.rows[FIRST_DATA_ROW - 1 :]
    ]


def _one_line_bilingual(err: SourceError) -> str:
    text = str(err)
    assert "\n" not in text and " / " in text
    return text


# --------------------------------------------------------------------------- workbooks


def test_xlsx_keeps_types_titles_blank_rows_and_row_numbers(tmp_path):
    path = write_xlsx(
        tmp_path / "Data Rehabilitasi.xlsx",
        {"Korban": KORBAN, "Kegiatan": KEGIATAN, "Petunjuk": [["Cara mengisi"]]},
    )
    book = read_workbook(path)

    assert book.source == str(path) and book.url is None
    assert list(book.tabs) == ["Korban", "Kegiatan"]
    assert book.other_tabs == ("Petunjuk",)  # the app's own tab is not data
    korban = book.tabs["Korban"]
    assert korban.sheet_id is None
    assert korban.rows[0] == [title_for("Korban")]
    assert korban.rows[1] == []  # the blank line under the title
    header = korban.rows[HEADER_ROW - 1]
    assert {"No. ID Korban", "tgl. identifikasi", "JENIS  KELAMIN", EXTRA_COLUMN} <= set(header)
    # 200 formatted empty rows under the data are gone; the interior blank row is not.
    assert len(korban.rows) == FIRST_DATA_ROW - 1 + len(KORBAN)
    first, blank, second = _records(korban)
    assert all(v is None for v in blank.values())
    assert korban.rows[FIRST_DATA_ROW] == []

    assert first["tgl. identifikasi"] == dt.date(2018, 4, 9)
    assert type(first["tgl. identifikasi"]) is dt.date
    assert first["Tgl. Lahir"] == dt.date(1995, 8, 17)
    assert first["Umur (th)"] == 22 and type(first["Umur (th)"]) is int
    assert first["Desa/Kel"] == f"Mundakjaya{NBSP}"  # cleaning odd spaces is parsing's job
    assert first["Catatan"] == f"Rp{NBSP}1.500.000"
    assert first[EXTRA_COLUMN] == second[EXTRA_COLUMN] == "cek ulang"
    assert second["tgl. identifikasi"] == dt.datetime(2018, 4, 10, 9, 30)
    assert second["Tgl. Lahir"] is None

    kegiatan = _records(book.tabs["Kegiatan"])
    assert [r["ANGGARAN (Rp.)"] for r in kegiatan] == [25_000_000, 1_250_000.5]
    assert type(kegiatan[0]["ANGGARAN (Rp.)"]) is int and type(kegiatan[1]["ANGGARAN (Rp.)"]) is float


def test_xlsx_columns_are_shuffled_like_staff_sheets(tmp_path):
    book = read_workbook(write_xlsx(tmp_path / "k.xlsx", {"Korban": KORBAN}))
    header = book.tabs["Korban"].rows[HEADER_ROW - 1]
    columns = schema.KORBAN.columns
    positions = [
        next(i for i, c in enumerate(columns) if normalise(h) in c.header_keys())
        for h in header
        if h != EXTRA_COLUMN
    ]
    assert len(positions) == len(header) - 1
    assert positions != sorted(positions)


def test_xlsx_leading_blank_rows_and_columns_keep_cell_positions(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Target"
    sheet["C5"], sheet["D5"] = "Tahun", "Target Rehabilitasi"
    sheet["C6"], sheet["D6"] = 2018, 20
    sheet["C8"], sheet["F8"] = 2019, ""  # a trailing empty string cell is trimmed
    book.save(tmp_path / "t.xlsx")

    rows = read_workbook(tmp_path / "t.xlsx").tabs["Target"].rows
    assert rows[:4] == [[], [], [], []]
    assert rows[4] == [None, None, "Tahun", "Target Rehabilitasi"]
    assert rows[5] == [None, None, 2018, 20]
    assert rows[6] == []
    assert rows[7] == [None, None, 2019]
    assert len(rows) == 8


def test_xlsx_numeric_nik_stays_exact(tmp_path):
    rows = [["ID Korban", "Nama Lengkap", "NIK"], ["KPO-0001", "Siti", 3212045708950001]]
    book = read_workbook(write_xlsx(tmp_path / "id.xlsx", {"Identitas": rows}, title=False))
    assert book.tabs["Identitas"].rows[1][2] == 3212045708950001


def test_ods_reads_back_dates_numbers_and_layout(tmp_path):
    path = write_ods(tmp_path / "Data Rehabilitasi.ods", {"Korban": KORBAN, "Kegiatan": KEGIATAN})
    book = read_workbook(path)

    korban = book.tabs["Korban"]
    assert korban.rows[0] == [title_for("Korban")] and korban.rows[1] == []
    assert len(korban.rows) == FIRST_DATA_ROW - 1 + len(KORBAN)  # the repeated empty rows are gone
    first, blank, second = _records(korban)
    assert first["tgl. identifikasi"] == dt.date(2018, 4, 9)
    assert isinstance(first["Tgl. Lahir"], dt.date)
    assert first["Umur (th)"] == 22 and type(first["Umur (th)"]) is int
    assert first["Desa/Kel"] == f"Mundakjaya{NBSP}"
    assert all(v is None for v in blank.values())
    assert second["tgl. identifikasi"] == dt.datetime(2018, 4, 10, 9, 30)
    assert [r["ANGGARAN (Rp.)"] for r in _records(book.tabs["Kegiatan"])] == [25_000_000, 1_250_000.5]


def test_ods_written_by_pandas(tmp_path):
    path = tmp_path / "target.ods"
    frame = pd.DataFrame(
        {
            "Tahun": [2017, 2018],
            "Target Rehabilitasi": [70, 20],
            "Dicatat": [dt.date(2017, 12, 1), dt.date(2018, 12, 1)],
        }
    )
    with pd.ExcelWriter(path, engine="odf") as writer:
        frame.to_excel(writer, sheet_name="Target", index=False)
    rows = read_workbook(path).tabs["Target"].rows
    assert rows[0] == ["Tahun", "Target Rehabilitasi", "Dicatat"]
    assert rows[1][:2] == [2017, 70]
    assert rows[2][2] in (dt.date(2018, 12, 1), dt.datetime(2018, 12, 1))


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm", ".ods", ".xls"])
def test_corrupt_workbook_is_a_source_error(tmp_path, suffix):
    path = tmp_path / f"rusak{suffix}"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(SourceError) as err:
        read_workbook(path)
    assert path.name in _one_line_bilingual(err.value)


def test_truncated_xlsx_is_a_source_error(tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", {"Korban": KORBAN})
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(good.read_bytes()[:2000])
    with pytest.raises(SourceError):
        read_workbook(bad)


def test_workbook_with_the_wrong_extension_still_opens(tmp_path):
    ods = write_ods(tmp_path / "Data.ods", {"Korban": KORBAN})
    mislabelled = tmp_path / "Data.xlsx"
    mislabelled.write_bytes(ods.read_bytes())
    assert read_workbook(mislabelled).tabs["Korban"].rows == read_workbook(ods).tabs["Korban"].rows


def test_csv_text_renamed_to_xlsx_is_a_source_error(tmp_path):
    path = tmp_path / "Korban.xlsx"
    path.write_text("ID Korban,Jenis Kelamin\nKPO-0001,P\n")
    with pytest.raises(SourceError):
        read_workbook(path)


# --------------------------------------------------------------------------- CSV


def test_csv_folder_google_names_delimiters_and_encodings(tmp_path):
    folder = tmp_path / "unduhan"
    folder.mkdir()
    # Indonesian-locale Excel: semicolons and a byte-order mark.
    write_csv(
        folder / "Data Rehabilitasi - Korban.csv",
        [
            [title_for("Korban")],
            [],
            ["No. ID Korban", "tgl. identifikasi", "Tempat", "Usia"],
            ["KPO-0001", dt.date(2018, 4, 9), "RSBM Tunas Mandiri, Desa Mundakjaya", 22],
        ],
        delimiter=";",
        encoding="utf-8-sig",
    )
    write_csv(
        folder / "Data Rehabilitasi - Kegiatan.csv",
        [["ID Kegiatan", "Anggaran (Rp)"], ["KEG-2018-01", "Rp 25.000.000"]],
    )
    # An old Windows export: cp1252, with an en dash and an accented letter.
    write_csv(
        folder / "peserta.csv",
        [["ID Kegiatan", "ID Korban", "Catatan"], ["KEG-2018-01", "KPO-0001", "Café – selesai"]],
        encoding="cp1252",
    )
    write_csv(folder / "Rekap 2019.csv", [["apa saja"]])
    (folder / "catatan.txt").write_text("bukan data")
    (folder / "._Data Rehabilitasi - Korban.csv").write_bytes(b"\x00\x05\x16\x07 mac metadata")

    book = read_csv_folder(folder)

    assert book.source == str(folder) and book.url is None
    assert sorted(book.tabs) == ["Kegiatan", "Korban", "Peserta", "Rekap 2019"]
    assert book.find("korban") is book.tabs["Korban"]
    assert book.tabs["Korban"].rows == [
        [title_for("Korban")],
        [],
        ["No. ID Korban", "tgl. identifikasi", "Tempat", "Usia"],
        ["KPO-0001", "09/04/2018", "RSBM Tunas Mandiri, Desa Mundakjaya", "22"],
    ]
    assert book.tabs["Kegiatan"].rows[1] == ["KEG-2018-01", "Rp 25.000.000"]
    assert book.tabs["Peserta"].rows[1] == ["KEG-2018-01", "KPO-0001", "Café – selesai"]
    for tab in book.tabs.values():
        assert all(cell is None or type(cell) is str for row in tab.rows for cell in row)


def test_csv_folder_written_by_helper_reads_like_the_workbook(tmp_path):
    tabs = {"Korban": KORBAN, "Kegiatan": KEGIATAN}
    from_csv = read_csv_folder(write_csv_folder(tmp_path / "csv", tabs, delimiter=";", encoding="utf-8-sig"))
    from_xlsx = read_workbook(write_xlsx(tmp_path / "x.xlsx", tabs))
    for name in tabs:
        assert len(from_csv.tabs[name].rows) == len(from_xlsx.tabs[name].rows)
        assert from_csv.tabs[name].rows[HEADER_ROW - 1] == from_xlsx.tabs[name].rows[HEADER_ROW - 1]
    assert _records(from_csv.tabs["Korban"])[0]["tgl. identifikasi"] == "09/04/2018"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_quoted_newlines_and_delimiters_stay_in_one_cell(tmp_path, delimiter):
    path = write_csv(
        tmp_path / "Pemantauan.csv",
        [
            ["ID Korban", "Tanggal Pemantauan", "Catatan"],
            ["KPO-0001", "10/07/2018", 'Usaha jalan;\nomzet naik, "bagus"'],
            ["KPO-0002", "11/07/2018", "baris\r\nbaru"],
        ],
        delimiter=delimiter,
    )
    rows = read_workbook(path).tabs["Pemantauan"].rows
    assert rows == [
        ["ID Korban", "Tanggal Pemantauan", "Catatan"],
        ["KPO-0001", "10/07/2018", 'Usaha jalan;\nomzet naik, "bagus"'],
        ["KPO-0002", "11/07/2018", "baris\r\nbaru"],
    ]


def test_semicolon_file_with_commas_in_text_is_split_on_semicolons(tmp_path):
    path = tmp_path / "Kegiatan.csv"
    path.write_text(
        "ID Kegiatan;Tempat;Anggaran (Rp)\r\n"
        "KEG-01;RSBM Tunas Mandiri, Desa Mundakjaya, Cikedung;1.500.000,00\r\n"
        "KEG-02;Balai Desa;2,5 jt\r\n",
        encoding="utf-8",
    )
    rows = read_workbook(path).tabs["Kegiatan"].rows
    assert rows[1] == ["KEG-01", "RSBM Tunas Mandiri, Desa Mundakjaya, Cikedung", "1.500.000,00"]
    assert rows[2] == ["KEG-02", "Balai Desa", "2,5 jt"]


def test_csv_trailing_empty_rows_dropped_interior_blank_rows_kept(tmp_path):
    path = tmp_path / "Target.csv"
    path.write_text(
        "Tahun,Target Rehabilitasi,,\n2017,70,,\n,,,\n\n2018,20,,\n,,,\n,,,\n\n", encoding="utf-8"
    )
    rows = read_workbook(path).tabs["Target"].rows
    assert rows == [["Tahun", "Target Rehabilitasi"], ["2017", "70"], [], [], ["2018", "20"]]


def test_csv_empty_cells_inside_a_row_are_none(tmp_path):
    path = tmp_path / "Korban.csv"
    path.write_text("a;;c;;\n", encoding="utf-8")
    assert read_workbook(path).tabs["Korban"].rows == [["a", None, "c"]]


def test_csv_utf16_export(tmp_path):
    path = tmp_path / "Korban.csv"
    path.write_bytes("ID Korban\tDesa\r\nKPO-0001\tCikédung\r\n".encode("utf-16"))
    assert read_workbook(path).tabs["Korban"].rows == [["ID Korban", "Desa"], ["KPO-0001", "Cikédung"]]


def test_empty_csv_file_is_an_empty_tab(tmp_path):
    (tmp_path / "Target.csv").write_bytes(b"")
    assert read_workbook(tmp_path / "Target.csv").tabs["Target"].rows == []


def test_single_csv_tab_named_from_file_name(tmp_path):
    path = write_csv(tmp_path / "Data Rehabilitasi - Pemantauan.csv", [["ID Korban"], ["KPO-0001"]])
    assert list(read_workbook(path).tabs) == ["Pemantauan"]


def test_read_workbook_on_a_folder_reads_csvs(tmp_path):
    write_csv(tmp_path / "Korban.csv", [["ID Korban"]])
    assert list(read_workbook(tmp_path).tabs) == ["Korban"]


def test_two_files_for_one_tab_is_a_source_error(tmp_path):
    write_csv(tmp_path / "Korban.csv", [["ID Korban"]])
    write_csv(tmp_path / "Data Rehabilitasi - Korban.csv", [["ID Korban"]])
    with pytest.raises(SourceError, match="Korban"):
        read_csv_folder(tmp_path)


@pytest.mark.parametrize(
    ("stem", "tab"),
    [
        ("Korban", "Korban"),
        ("korban", "Korban"),
        (" KORBAN ", "Korban"),
        ("Data Rehabilitasi - Pemantauan", "Pemantauan"),
        ("Data Rehabilitasi - Kegiatan", "Kegiatan"),
        ("data_rehabilitasi_peserta", "Peserta"),
        ("Data Rehabilitasi - target", "Target"),
        ("Identitas Korban - Identitas", "Identitas"),
        ("Identitas Korban", "Identitas"),  # the restricted spreadsheet saved whole, not "Korban"
        ("Rekap 2019", "Rekap 2019"),
        ("Data Rehabilitasi - Korban (1)", "Korban"),  # a browser's second download
        ("Data Rehabilitasi - Kor ban", "Korban"),  # every space ignored
        ("KorbanLama", "KorbanLama"),
    ],
)
def test_tab_for_filename(stem, tab):
    assert tab_for_filename(stem) == tab


# --------------------------------------------------------------------------- usage errors


def test_missing_file_is_a_source_error(tmp_path):
    path = tmp_path / "tidak-ada.xlsx"
    with pytest.raises(SourceError) as err:
        read_workbook(path)
    text = _one_line_bilingual(err.value)
    assert text.startswith("Berkas tidak ditemukan") and "File not found" in text and str(path) in text


def test_missing_folder_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match="not found"):
        read_csv_folder(tmp_path / "tidak-ada")


@pytest.mark.parametrize("name", ["data.txt", "laporan.pdf", "Korban", "data.XLSX.bak"])
def test_unsupported_extension_is_a_source_error(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4 whatever")
    with pytest.raises(SourceError) as err:
        read_workbook(path)
    assert "tidak didukung" in _one_line_bilingual(err.value)


def test_empty_folder_is_a_source_error(tmp_path):
    with pytest.raises(SourceError) as err:
        read_workbook(tmp_path)
    assert "No CSV files" in _one_line_bilingual(err.value)


def test_folder_without_csv_files_is_a_source_error(tmp_path):
    (tmp_path / "catatan.txt").write_text("x")
    write_xlsx(tmp_path / "Data.xlsx", {"Korban": KORBAN})
    with pytest.raises(SourceError):
        read_csv_folder(tmp_path)


def test_csv_path_given_to_read_csv_folder_is_a_source_error(tmp_path):
    path = write_csv(tmp_path / "Korban.csv", [["ID Korban"]])
    with pytest.raises(SourceError, match="Not a folder"):
        read_csv_folder(path)


# --------------------------------------------------------------------------- uploads


def test_uploaded_workbook_matches_the_file(tmp_path):
    path = write_xlsx(tmp_path / "Data Rehabilitasi.xlsx", {"Korban": KORBAN})
    uploaded = read_uploaded([(path.name, path.read_bytes())], source=path.name)
    assert uploaded.source == path.name
    assert uploaded.tabs["Korban"].rows == read_workbook(path).tabs["Korban"].rows


def test_uploaded_csvs(tmp_path):
    korban = "ID Korban;Usia\nKPO-1;22\n".encode("utf-8-sig")
    book = read_uploaded(
        [
            ("Data Rehabilitasi - Korban.csv", korban),
            ("Data Rehabilitasi - Target.csv", b"Tahun,Target\n2018,20\n"),
        ]
    )
    assert book.tabs["Korban"].rows == [["ID Korban", "Usia"], ["KPO-1", "22"]]
    assert book.tabs["Target"].rows == [["Tahun", "Target"], ["2018", "20"]]


@pytest.mark.parametrize(
    "files",
    [
        [],
        [("a.pdf", b"x")],
        [("a.xlsx", b"x"), ("Korban.csv", b"x")],
        [("a.xlsx", b"not a workbook")],
    ],
)
def test_bad_uploads_are_source_errors(files):
    with pytest.raises(SourceError):
        read_uploaded(files)


# --------------------------------------------------------------------------- the helper itself


@pytest.mark.parametrize(("tab", "key"), sorted(STAFF_HEADERS))
def test_staff_header_spellings_still_match_their_column(tab, key):
    assert normalise(STAFF_HEADERS[(tab, key)]) in schema.TABS[tab].column(key).header_keys()


@pytest.mark.parametrize("tab", sorted(schema.TABS))
def test_extra_column_is_unknown_to_every_tab(tab):
    assert all(normalise(EXTRA_COLUMN) not in c.header_keys() for c in schema.TABS[tab].columns)


# --------------------------------------------------------------------------- calamine failures


class PanicException(BaseException):
    """Stands in for pyo3's PanicException: what a Rust panic inside calamine raises."""


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        (PanicException("index out of bounds"), SourceError),
        (KeyboardInterrupt(), KeyboardInterrupt),
    ],
)
def test_rust_panic_is_a_source_error_but_interrupts_pass(tmp_path, monkeypatch, raised, expected):
    from types import SimpleNamespace

    import python_calamine

    from sheets import sources

    def from_filelike(_handle):
        raise raised

    fake = SimpleNamespace(
        CalamineWorkbook=SimpleNamespace(from_filelike=from_filelike),
        PasswordError=python_calamine.PasswordError,
    )
    monkeypatch.setattr(sources, "python_calamine", fake)
    path = tmp_path / "Data.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(expected):
        read_workbook(path)


# --------------------------------------------------------------------------- issue 9: re-downloads, stray files, merges


@pytest.mark.parametrize(
    ("names", "newest", "used"),
    [
        # by modification time: a browser's second download is newer
        (["Data Rehabilitasi - Korban.csv", "Data Rehabilitasi - Korban (1).csv"], 1, 1),
        # the file saved last wins even when it has the lower copy number
        (["Data Rehabilitasi - Korban (1).csv", "Data Rehabilitasi - Korban (2).csv"], 0, 0),
        (["Korban.csv", "Korban (3).csv"], 1, 1),
    ],
)
def test_csv_re_downloads_newest_wins_reported_as_info(tmp_path, names, newest, used):
    for n, name in enumerate(names):
        path = write_csv(tmp_path / name, [["ID Korban"], [f"KPO-000{n}"]])
        os.utime(path, (1_700_000_000 + 100 * (n == newest), 1_700_000_000 + 100 * (n == newest)))
    book = read_csv_folder(tmp_path)
    assert list(book.tabs) == ["Korban"]
    assert book.tabs["Korban"].rows[1] == [f"KPO-000{used}"]
    older = [n for n in book.notices if n.code == "older-file"]
    assert [(n.tab, n.value, n.detail) for n in older] == [("Korban", names[1 - used], names[used])]


def test_uploaded_re_downloads_without_times_take_the_highest_copy_number():
    book = read_uploaded(
        [
            ("Data Rehabilitasi - Target (2).csv", b"Tahun,Target Rehabilitasi\n2019,5\n"),
            ("Data Rehabilitasi - Target.csv", b"Tahun,Target Rehabilitasi\n2018,20\n"),
        ]
    )
    assert book.tabs["Target"].rows[1] == ["2019", "5"]
    assert [(n.code, n.value) for n in book.notices] == [("older-file", "Data Rehabilitasi - Target.csv")]


def test_csv_matching_no_tab_is_reported_naming_the_file(tmp_path):
    write_csv(tmp_path / "Data Rehabilitasi - Korban.csv", [["ID Korban"]])
    write_csv(tmp_path / "Rekap 2019.csv", [["apa saja"]])
    book = read_csv_folder(tmp_path)
    assert [(n.code, n.tab, n.value) for n in book.notices] == [("unknown-file", "", "Rekap 2019.csv")]


def test_xlsx_merged_ranges_are_filled_and_listed(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Korban"
    sheet.append(["ID Korban", "Kecamatan"])
    for sid in ("KPO-0001", "KPO-0002", "KPO-0003"):
        sheet.append([sid, "Cikedung" if sid == "KPO-0001" else None])
    sheet.merge_cells("B2:B4")
    hidden = book.create_sheet("Catatan Lama")
    hidden.sheet_state = "hidden"
    book.save(tmp_path / "m.xlsx")
    read = read_workbook(tmp_path / "m.xlsx")
    assert read.tabs["Korban"].merges == ((1, 1, 3, 1),)
    assert [row[1] for row in read.tabs["Korban"].rows[1:]] == ["Cikedung"] * 3
    assert read.tabs["Catatan Lama"].hidden and not read.tabs["Korban"].hidden
