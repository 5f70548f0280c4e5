"""Validation results as data: the catalogue of rules and the issues table.

Each rule has a stable kebab-case code, a severity, message templates in
Indonesian and English, and a short "how to fix". Issues are rows of one
DataFrame with a fixed column order (`ISSUE_COLUMNS`), so the CLI, the data
quality page, the downloads and the write-back all share one shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal

import pandas as pd

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

ISSUE_COLUMNS = ["tab", "row", "column", "value", "code", "severity", "message_id", "message_en", "link"]


@dataclass(frozen=True)
class Rule:
    """One kind of problem. Templates may use {value}, {column} and {detail}."""

    code: str
    severity: Severity
    message_id: str
    message_en: str
    fix_id: str
    fix_en: str
    # "structure" problems (a missing tab or column) are reported apart from cell problems.
    structure: bool = False


_RULES = (
    Rule("missing-tab", "error",
         "Tab '{detail}' tidak ditemukan.", "Tab '{detail}' was not found.",
         "Buat tab dengan nama ini (atau jalankan perintah setup).",
         "Create a tab with this name (or run the setup command).", structure=True),
    Rule("header-not-found", "error",
         "Baris judul kolom tidak ditemukan di 5 baris pertama tab ini{detail}.",
         "No header row was found in the first 5 rows of this tab{detail}.",
         "Tulis judul kolom sesuai kontrak di salah satu dari 5 baris pertama.",
         "Put the contract's column headers in one of the first 5 rows.", structure=True),
    Rule("missing-column", "error",
         "Kolom wajib '{column}' tidak ada{detail}; semua baris tab ini tidak dapat dipakai.",
         "Required column '{column}' is missing{detail}; no row of this tab can be used.",
         "Tambahkan kolom dengan judul ini di baris judul.", "Add a column with this header.",
         structure=True),
    Rule("missing-optional-column", "info",
         "Kolom '{column}' tidak ada{detail}; rincian yang memerlukannya akan kosong.",
         "Column '{column}' is missing{detail}; breakdowns that need it will be empty.",
         "Tambahkan kolom ini bila datanya tersedia.", "Add this column if the data exists.",
         structure=True),
    Rule("unknown-column", "info",
         "Kolom '{value}' tidak dikenal dan diabaikan{detail}.",
         "Column '{value}' is not known and is ignored{detail}.",
         "Tidak perlu tindakan; ganti namanya bila maksudnya kolom kontrak.",
         "Nothing to do; rename it if it was meant to be a contract column.", structure=True),
    Rule("duplicate-column", "warning",
         "Kolom '{column}' muncul dua kali; hanya yang pertama dipakai.",
         "Column '{column}' appears twice; only the first is used.",
         "Hapus atau ganti nama salah satu kolom.", "Delete or rename one of the two columns.",
         structure=True),
    Rule("duplicate-tab", "error",
         "Tab '{value}' juga cocok dengan tab ini dan diabaikan ({detail}).",
         "Tab '{value}' also matches this tab and is ignored ({detail}).",
         "Hapus tab ganda atau ganti namanya, agar hanya satu tab yang cocok.",
         "Delete the duplicate tab or rename it, so that only one tab matches.", structure=True),
    Rule("unknown-file", "info",
         "Berkas '{value}' tidak cocok dengan tab mana pun dan diabaikan.",
         "File '{value}' matches no tab and is ignored.",
         "Beri nama berkas dengan nama tab di akhirnya, mis. 'Data Rehabilitasi - Korban.csv'.",
         "Name the file after its tab, e.g. 'Data Rehabilitasi - Korban.csv'.", structure=True),
    Rule("older-file", "info",
         "Berkas '{value}' diabaikan: '{detail}' adalah unduhan yang lebih baru untuk tab ini.",
         "File '{value}' is ignored: '{detail}' is a newer download of this tab.",
         "Hapus salinan lama dari folder.", "Remove the old copy from the folder.", structure=True),
    Rule("merged-cells", "warning",
         "Sel {detail} digabung (merge); nilainya '{value}' dipakai di setiap baris yang tercakup.",
         "Cells {detail} are merged; their value '{value}' is used on every row they cover.",
         "Pisahkan sel (unmerge) dan isi nilainya di setiap baris.",
         "Unmerge the cells and type the value on every row."),
    Rule("formula-error", "error",
         "'{value}' adalah hasil rumus yang error, bukan nilai untuk '{column}'.",
         "'{value}' is a formula error, not a value for '{column}'.",
         "Perbaiki rumus di sel ini, atau ketik nilainya langsung.",
         "Fix the formula in this cell, or type the value itself."),
    Rule("formula-not-calculated", "error",
         "'{value}' adalah rumus yang disimpan tanpa hasil hitungannya (berkas dibuat oleh program "
         "dan belum pernah dibuka di Excel).",
         "'{value}' is a formula saved without its calculated value (the file was written by a program "
         "and never opened in Excel).",
         "Buka berkas di Excel atau LibreOffice, simpan, lalu baca lagi.",
         "Open the file in Excel or LibreOffice, save it, and read it again."),
    Rule("missing-value", "error",
         "'{column}' wajib diisi.", "'{column}' is required.",
         "Isi sel ini.", "Fill in this cell."),
    Rule("invalid-date", "error",
         "'{value}' bukan tanggal yang valid{detail}.", "'{value}' is not a valid date{detail}.",
         "Tulis tanggal sebagai hari/bulan/tahun, mis. 09/04/2018 atau 9 April 2018.",
         "Write the date day/month/year, e.g. 09/04/2018 or 9 April 2018."),
    Rule("two-digit-year", "warning",
         "Tahun dua digit '{value}' dibaca sebagai {detail}.",
         "Two-digit year '{value}' was read as {detail}.",
         "Tulis tahun dengan empat digit.", "Write the year with four digits."),
    Rule("invalid-number", "error",
         "'{value}' bukan bilangan bulat.", "'{value}' is not a whole number.",
         "Tulis angka saja, mis. 25.", "Write digits only, e.g. 25."),
    Rule("invalid-money", "error",
         "'{value}' bukan nilai rupiah yang valid{detail}.", "'{value}' is not a valid rupiah amount{detail}.",
         "Tulis mis. 1500000, Rp 1.500.000 atau 1,5 juta.",
         "Write e.g. 1500000, Rp 1.500.000 or 1,5 juta."),
    Rule("invalid-yes-no", "error",
         "'{value}' bukan Ya/Tidak.", "'{value}' is not yes/no (Ya/Tidak).",
         "Pilih Ya atau Tidak.", "Choose Ya (yes) or Tidak (no)."),
    Rule("unknown-category", "error",
         "'{value}' bukan nilai yang dikenal untuk '{column}'{detail}.",
         "'{value}' is not a known value for '{column}'{detail}.",
         "Pilih salah satu nilai dari daftar (dropdown).", "Pick one of the listed values (dropdown)."),
    Rule("out-of-range", "error",
         "'{value}' di luar rentang yang diizinkan ({detail}).",
         "'{value}' is outside the allowed range ({detail}).",
         "Periksa angka ini.", "Check this number."),
    Rule("future-date", "error",
         "Tanggal {value} ada di masa depan.", "Date {value} is in the future.",
         "Periksa tanggal ini (hari/bulan/tahun).", "Check this date (day/month/year)."),
    Rule("duplicate-key", "error",
         "'{value}' sudah dipakai di baris {detail}; baris ini tidak dihitung.",
         "'{value}' is already used on row {detail}; this row is not counted.",
         "Hapus baris ganda atau beri kode yang berbeda.", "Delete the duplicate or give it another code."),
    Rule("unknown-reference", "error",
         "'{value}' tidak ada di tab {detail}.", "'{value}' does not exist in tab {detail}.",
         "Periksa kode ini atau tambahkan barisnya di tab rujukan.",
         "Check the code or add its row to the referenced tab."),
    Rule("excluded-reference", "info",
         "Baris ini tidak dihitung karena '{value}' di tab {detail} bermasalah.",
         "This row is not counted because '{value}' in tab {detail} has an error.",
         "Perbaiki baris yang dirujuk; baris ini akan ikut terhitung.",
         "Fix the referenced row; this row will count again."),
    Rule("end-before-start", "error",
         "Tanggal Selesai {value} sebelum Tanggal Mulai {detail}.",
         "End date {value} is before start date {detail}.",
         "Tukar atau perbaiki kedua tanggal.", "Swap or correct the two dates."),
    Rule("born-after-identified", "error",
         "Tanggal Lahir {value} sesudah Tanggal Identifikasi {detail}; tanggal lahir diabaikan.",
         "Birth date {value} is after the identification date {detail}; the birth date is ignored.",
         "Periksa kedua tanggal.", "Check both dates."),
    Rule("age-out-of-range", "error",
         "Tanggal Lahir {value} memberi usia {detail} tahun saat identifikasi; tanggal lahir diabaikan.",
         "Birth date {value} gives an age of {detail} at identification; the birth date is ignored.",
         "Periksa tahun lahir.", "Check the year of birth."),
    Rule("age-mismatch", "warning",
         "Usia {value} tidak sesuai Tanggal Lahir (usia menurut tanggal lahir: {detail}).",
         "Age {value} does not match the birth date (age from birth date: {detail}).",
         "Perbaiki salah satunya.", "Correct one of them."),
    Rule("destination-with-domestic", "warning",
         "Negara Tujuan '{value}' diisi, padahal Lokasi Eksploitasi 'Dalam Negeri'.",
         "Destination '{value}' is given while the location is 'Dalam Negeri' (inside Indonesia).",
         "Kosongkan Negara Tujuan atau ubah lokasinya.", "Clear the destination or change the location."),
    Rule("over-capacity", "warning",
         "Peserta ({detail}) melebihi Kuota {value}.", "Participants ({detail}) exceed the capacity of {value}.",
         "Periksa kuota atau daftar peserta.", "Check the capacity or the participant list."),
    Rule("attended-too-long", "error",
         "Hari Hadir {value} lebih dari lama kegiatan ({detail} hari); nilai diabaikan.",
         "Days attended {value} exceed the activity's length ({detail} days); the value is ignored.",
         "Periksa jumlah hari hadir.", "Check the days attended."),
    Rule("joined-before-identified", "warning",
         "Kegiatan {value} selesai sebelum korban diidentifikasi ({detail}).",
         "Activity {value} ended before the survivor was identified ({detail}).",
         "Periksa Tanggal Identifikasi atau ID Kegiatan.", "Check the identification date or the activity ID."),
    Rule("possible-duplicate-person", "warning",
         "Mungkin orang yang sama dengan baris {detail} (jenis kelamin, tanggal lahir dan desa sama).",
         "Possibly the same person as row {detail} (same sex, birth date and village).",
         "Periksa apakah ini orang yang sama; bila ya, hapus satu baris.",
         "Check whether this is the same person; if so, delete one row."),
    Rule("invalid-nik", "error",
         "NIK tidak valid ({detail}); NIK diabaikan.", "Invalid NIK ({detail}); the NIK is ignored.",
         "NIK terdiri dari 16 digit sesuai KTP.", "A NIK has 16 digits, as on the ID card."),
    Rule("nik-mismatch", "warning",
         "NIK tidak sesuai {detail} di tab Korban.", "NIK does not match the {detail} in tab Korban.",
         "Periksa NIK dan data di tab Korban.", "Check the NIK and the Korban row."),
    Rule("duplicate-nik", "error",
         "NIK yang sama dipakai oleh {detail}: satu orang terhitung dua kali.",
         "The same NIK is used by {detail}: one person counted twice.",
         "Gabungkan kedua ID Korban.", "Merge the two survivor IDs."),
    Rule("invalid-phone", "warning",
         "'{value}' bukan format nomor HP Indonesia.", "'{value}' is not an Indonesian mobile number.",
         "Tulis mis. 081234567890 atau +6281234567890.", "Write e.g. 081234567890 or +6281234567890."),
)

RULES: dict[str, Rule] = {r.code: r for r in _RULES}

# Suffix added to a message when the cell is only blanked, not the whole row excluded.
_BLANKED_ID = " Sel ini diabaikan; baris tetap dihitung."
_BLANKED_EN = " The cell is ignored; the row still counts."


def issue_frame(
    code: str,
    tab: str,
    rows: Iterable[int] | pd.Series,
    column: str,
    values: Iterable[object] | pd.Series | None = None,
    details: Iterable[object] | pd.Series | object = "",
    links: Iterable[str] | pd.Series | None = None,
    blanked: bool = False,
    *,
    shown: Iterable[object] | pd.Series | None = None,
    details_en: Iterable[object] | pd.Series | object | None = None,
) -> pd.DataFrame:
    """Issues of one rule for many cells at once, as rows of the issues table.

    `values` are the raw cells as typed (the issue's `value`); `shown`, when given, is
    what the messages say instead (a date as 09/04/2018 where the cell holds a serial).
    `details_en` is the English detail where it differs from `details`.
    """
    rule = RULES[code]
    rows = list(rows)
    n = len(rows)
    values = [""] * n if values is None else [_show(v) for v in values]
    said = values if shown is None else [_show(v) for v in shown]
    details = _texts(details, n)
    details_en = details if details_en is None else _texts(details_en, n)
    links = [""] * n if links is None else list(links)
    suffix_id, suffix_en = (_BLANKED_ID, _BLANKED_EN) if blanked else ("", "")
    message_id = [rule.message_id.format(value=v, column=column, detail=d) + suffix_id
                  for v, d in zip(said, details)]
    message_en = [rule.message_en.format(value=v, column=column, detail=d) + suffix_en
                  for v, d in zip(said, details_en)]
    return pd.DataFrame({
        "tab": tab, "row": pd.array(rows, dtype="Int64"), "column": column, "value": values,
        "code": code, "severity": rule.severity, "message_id": message_id,
        "message_en": message_en, "link": links,
    }, columns=ISSUE_COLUMNS)


def issue_columns(
    code: str,
    tab: str,
    rows: Iterable[int] | pd.Series,
    column: str,
    values: Iterable[object] | pd.Series | None = None,
    details: Iterable[object] | pd.Series | object = "",
    links: Iterable[str] | pd.Series | None = None,
    blanked: bool = False,
    *,
    shown: Iterable[object] | pd.Series | None = None,
    details_en: Iterable[object] | pd.Series | object | None = None,
) -> dict[str, list]:
    """`issue_frame`'s rows as plain lists per column: many of these make one table (`issues_table`).

    A DataFrame per rule and tab costs more to build than its few rows are worth.
    """
    rule = RULES[code]
    rows = list(rows)
    n = len(rows)
    values = [""] * n if values is None else [_show(v) for v in values]
    said = values if shown is None else [_show(v) for v in shown]
    details = _texts(details, n)
    details_en = details if details_en is None else _texts(details_en, n)
    links = [""] * n if links is None else list(links)
    suffix_id, suffix_en = (_BLANKED_ID, _BLANKED_EN) if blanked else ("", "")
    return {
        "tab": [tab] * n, "row": rows, "column": [column] * n, "value": values, "code": [code] * n,
        "severity": [rule.severity] * n,
        "message_id": [rule.message_id.format(value=v, column=column, detail=d) + suffix_id
                       for v, d in zip(said, details)],
        "message_en": [rule.message_en.format(value=v, column=column, detail=d) + suffix_en
                       for v, d in zip(said, details_en)],
        "link": links,
    }


def issues_table(parts: list[dict[str, list]]) -> pd.DataFrame:
    """One issues table from the `issue_columns` of many rules, in the order given."""
    parts = [p for p in parts if p["row"]]
    if not parts:
        return empty_issues()
    columns = {name: [x for p in parts for x in p[name]] for name in ISSUE_COLUMNS}
    columns["row"] = pd.array(columns["row"], dtype="Int64")
    return pd.DataFrame(columns, columns=ISSUE_COLUMNS)


def _texts(details: Iterable[object] | pd.Series | object, n: int) -> list[str]:
    if isinstance(details, (str, int, float)):
        return [str(details)] * n
    return [str(d) for d in details]


def empty_issues() -> pd.DataFrame:
    """An issues table with no rows and the fixed columns."""
    return issue_frame("missing-value", "", [], "")


def concat_issues(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One issues table from many, in sheet order (tab order kept, then row)."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_issues()
    return pd.concat(frames, ignore_index=True)[ISSUE_COLUMNS]


def show_value(value: object) -> str:
    """A raw cell as the issues table shows it (whole floats without '.0', long text cut)."""
    return _show(value)


def _show(value: object) -> str:
    """A raw cell as text for a message: non-breaking spaces made visible as spaces."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return text if len(text) <= 200 else text[:197] + "..."
