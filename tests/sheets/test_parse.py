"""Value formats staff actually type (CONTRACT.md, "Value formats"), one table per kind."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from sheets import parse, schema

TODAY = dt.date(2026, 11, 28)
NBSP = "\u00a0"


def one(parser, value, *args):
    return parser(pd.Series([value], dtype=object), *args)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Sheets/Excel date serials (days since 1899-12-30), as numbers and as CSV text
        (43199, dt.date(2018, 4, 9)),
        (43199.0, dt.date(2018, 4, 9)),
        (43199.75, dt.date(2018, 4, 9)),  # a serial with a time of day
        ("43199", dt.date(2018, 4, 9)),
        # ISO
        ("2018-04-09", dt.date(2018, 4, 9)),
        ("2018-04-09 00:00:00", dt.date(2018, 4, 9)),
        # day first, never month first
        ("09/04/2018", dt.date(2018, 4, 9)),
        ("9-4-2018", dt.date(2018, 4, 9)),
        ("9.4.2018", dt.date(2018, 4, 9)),
        ("12/01/2019", dt.date(2019, 1, 12)),
        # month names, Indonesian and English, full and abbreviated
        ("9 April 2018", dt.date(2018, 4, 9)),
        ("9 Apr 2018", dt.date(2018, 4, 9)),
        ("1 Januari 2019", dt.date(2019, 1, 1)),
        ("1 Februari 2019", dt.date(2019, 2, 1)),
        ("1 Pebruari 2019", dt.date(2019, 2, 1)),
        ("1 Maret 2019", dt.date(2019, 3, 1)),
        ("1 Mei 2019", dt.date(2019, 5, 1)),
        ("1 Juni 2019", dt.date(2019, 6, 1)),
        ("1 Juli 2019", dt.date(2019, 7, 1)),
        ("17 Agustus 2019", dt.date(2019, 8, 17)),
        ("17 Agu 2019", dt.date(2019, 8, 17)),
        ("17 Agt 2019", dt.date(2019, 8, 17)),
        ("17 Ags 2019", dt.date(2019, 8, 17)),
        ("1 September 2019", dt.date(2019, 9, 1)),
        ("1 Sept 2019", dt.date(2019, 9, 1)),
        ("1 Oktober 2019", dt.date(2019, 10, 1)),
        ("1 Okt 2019", dt.date(2019, 10, 1)),
        ("1 November 2019", dt.date(2019, 11, 1)),
        ("1 Nop 2019", dt.date(2019, 11, 1)),
        ("25 Desember 2019", dt.date(2019, 12, 25)),
        ("25 Des 2019", dt.date(2019, 12, 25)),
        ("25 December 2019", dt.date(2019, 12, 25)),
        ("May 5, 2019", dt.date(2019, 5, 5)),
        ("9-Apr-2018", dt.date(2018, 4, 9)),
        ("SENIN, 9 APRIL 2018", dt.date(2018, 4, 9)),  # weekday written in front
        # pasted non-breaking and odd spaces
        (f"9{NBSP}April{NBSP}2018", dt.date(2018, 4, 9)),
        (f"{NBSP}09/04/2018{NBSP}", dt.date(2018, 4, 9)),
        ("  9   April   2018 ", dt.date(2018, 4, 9)),
        # workbooks give real dates
        (dt.date(2018, 4, 9), dt.date(2018, 4, 9)),
        (dt.datetime(2018, 4, 9, 13, 30), dt.date(2018, 4, 9)),
    ],
)
def test_dates_read(raw, expected):
    result = one(parse.parse_dates, raw, TODAY)
    assert result.values.iloc[0] == pd.Timestamp(expected)
    assert not result.invalid.iloc[0]
    assert not result.two_digit.iloc[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("09/04/18", dt.date(2018, 4, 9)),
        ("9 Apr 18", dt.date(2018, 4, 9)),
        ("05/03/99", dt.date(1999, 3, 5)),  # 2099 is after the as-of year, so 1999
        ("01/01/26", dt.date(2026, 1, 1)),
        ("01/01/27", dt.date(1927, 1, 1)),
    ],
)
def test_two_digit_years_are_read_with_a_warning(raw, expected):
    result = one(parse.parse_dates, raw, TODAY)
    assert result.values.iloc[0] == pd.Timestamp(expected)
    assert result.two_digit.iloc[0]


@pytest.mark.parametrize(
    "raw",
    [
        "31/02/2018",  # impossible day
        "09/13/2018",  # month first is never assumed: there is no 13th month
        "kemarin",
        "2018",
        "9 Aprel 2018",
        "=TODAY()",
        '=HYPERLINK("x","y")',
        True,
        -5,
        80000,  # serials outside 1900-2100
        "1 1 1",
        "2018-02-30",
    ],
)
def test_impossible_or_unreadable_dates_are_invalid(raw):
    result = one(parse.parse_dates, raw, TODAY)
    assert result.invalid.iloc[0], raw
    assert pd.isna(result.values.iloc[0])


@pytest.mark.parametrize("raw", [None, "", "   ", NBSP, float("nan")])
def test_empty_dates_are_missing_not_invalid(raw):
    result = one(parse.parse_dates, raw, TODAY)
    assert not result.invalid.iloc[0]
    assert pd.isna(result.values.iloc[0])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1500000, 1_500_000),
        (1500000.0, 1_500_000),
        ("1500000", 1_500_000),
        ("Rp 1.500.000", 1_500_000),
        ("Rp1.500.000", 1_500_000),
        ("Rp. 1.500.000,-", 1_500_000),
        ("1.500.000,00", 1_500_000),
        ("Rp 1.500.000,50", 1_500_000.5),
        ("Rp1,5 juta", 1_500_000),
        ("1,5 juta", 1_500_000),
        ("750 ribu", 750_000),
        ("750rb", 750_000),
        ("2,5 jt", 2_500_000),
        ("2 jt", 2_000_000),
        ("IDR 300.000", 300_000),
        ("1,500,000", 1_500_000),
        (f"Rp{NBSP}1.000.000", 1_000_000),
        ("0", 0),
    ],
)
def test_money_read(raw, expected):
    result = one(parse.parse_money, raw)
    assert result.values.iloc[0] == pytest.approx(expected)
    assert not result.invalid.iloc[0]


@pytest.mark.parametrize(
    "raw", ["dua juta", "Rp", "1.5.6,7,8", "=SUM(A1:A3)", "1 juta 500 ribu?", "gratis", float("inf"), 1e300]
)
def test_unreadable_money_is_invalid(raw):
    result = one(parse.parse_money, raw)
    assert result.invalid.iloc[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (25, 25),
        (25.0, 25),
        ("25", 25),
        (" 25 ", 25),
        ("25 tahun", 25),
        ("25 th", 25),
        ("1.234", 1234),
        (f"{NBSP}7", 7),
    ],
)
def test_whole_numbers_read(raw, expected):
    result = one(parse.parse_whole, raw)
    assert result.values.iloc[0] == expected
    assert not result.invalid.iloc[0]


@pytest.mark.parametrize(
    "raw", [25.5, "25,5", "dua puluh", "25-30", "x", 9.3e18, float("inf"), float("-inf")]
)
def test_not_whole_numbers_are_invalid(raw):
    assert one(parse.parse_whole, raw).invalid.iloc[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ya", True),
        ("ya", True),
        ("Y", True),
        ("Yes", True),
        ("TRUE", True),
        (True, True),
        (1, True),
        ("Tidak", False),
        ("T", False),
        ("No", False),
        ("false", False),
        (False, False),
        (0, False),
        (f"Ya{NBSP}", True),
    ],
)
def test_yes_no_read(raw, expected):
    result = one(parse.parse_yes_no, raw)
    assert bool(result.values.iloc[0]) is expected
    assert not result.invalid.iloc[0]


def test_yes_no_unknown_is_invalid():
    assert one(parse.parse_yes_no, "mungkin").invalid.iloc[0]


DISTRICT = schema.KORBAN.column("district")
SEX = schema.KORBAN.column("sex")


@pytest.mark.parametrize(
    ("column", "raw", "expected"),
    [
        (DISTRICT, "Cikedung", "Cikedung"),
        (DISTRICT, "CIKEDUNG", "Cikedung"),
        (DISTRICT, "Kec. Cikedung", "Cikedung"),
        (DISTRICT, "Kecamatan Cikedung", "Cikedung"),
        (DISTRICT, "32.12.04", "Cikedung"),
        (DISTRICT, "kedokan  bunder", "Kedokan Bunder"),
        (SEX, "P", "Perempuan"),
        (SEX, "Wanita", "Perempuan"),
        (SEX, f"Perempuan{NBSP}", "Perempuan"),
        (SEX, "L", "Laki-laki"),
        (SEX, "laki laki", "Laki-laki"),
        (SEX, "M", "Laki-laki"),
    ],
)
def test_categories_match_with_aliases(column, raw, expected):
    result = parse.parse_category(pd.Series([raw], dtype=object), column)
    assert result.values.iloc[0] == expected
    assert not result.unknown.iloc[0]


@pytest.mark.parametrize(
    ("column", "raw", "suggestion"),
    [
        (DISTRICT, "Cikedong", "Cikedung"),
        (DISTRICT, "Karang Ampel", "Karangampel"),
        (DISTRICT, "Jatibarng", "Jatibarang"),
        (schema.PESERTA.column("status"), "Selsai", "Selesai"),
    ],
)
def test_unknown_category_suggests_the_nearest_value(column, raw, suggestion):
    result = parse.parse_category(pd.Series([raw], dtype=object), column)
    assert result.unknown.iloc[0]
    assert result.suggestions.iloc[0] == suggestion


def test_ids_are_trimmed_and_numbers_lose_their_decimal_point():
    out = parse.parse_text(
        pd.Series([" kpo-0001 ", 1234.0, None, f"{NBSP}A{NBSP}"], dtype=object), is_id=True
    )
    assert out.tolist()[:2] == ["KPO-0001", "1234"]
    assert pd.isna(out.iloc[2])
    assert out.iloc[3] == "A"


def test_header_found_below_title_rows_with_odd_spelling():
    rows = [
        ["DATA KORBAN 2019"],
        [],
        ["no. id korban", "TGL. IDENTIFIKASI", "Jenis  Kelamin", "Kec.", "Lain"],
    ]
    match = parse.locate_header(rows, schema.KORBAN)
    assert match.sheet_row == 3
    assert match.columns == {"survivor_id": 0, "identified_on": 1, "sex": 2, "district": 3}
    assert match.unknown == [(4, "Lain")]


def test_header_needs_half_of_the_required_columns():
    rows = [["ID Korban", "Sesuatu", "Lain"], ["KPO-1", "x", "y"]]
    assert parse.locate_header(rows, schema.KORBAN).row_index is None


def test_header_is_searched_in_the_first_five_rows_only():
    rows = [["judul"]] * 5 + [["ID Korban", "Tanggal Identifikasi", "Jenis Kelamin", "Kecamatan"]]
    assert parse.locate_header(rows, schema.KORBAN).row_index is None


def test_every_alias_matches_its_own_column():
    # An alias shared by two columns of one tab would be ambiguous: each must lead to its own column.
    for tab in schema.TABS.values():
        lookup = parse.header_lookup(tab)
        for column in tab.columns:
            for text in (column.header, *column.aliases):
                assert lookup[schema.normalise(text)] == column.key, (tab.name, text)


# --------------------------------------------------------------------------- issue 9: magnitudes and ambiguity


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # miliar / milyar / M = 10^9, with or without a space or a dot, any case
        ("Rp 1,5 M", 1_500_000_000),
        ("1,5M", 1_500_000_000),
        ("1,5 m", 1_500_000_000),
        ("Rp 2 M", 2_000_000_000),
        ("2M.", 2_000_000_000),
        ("1.5 miliar", 1_500_000_000),
        ("1,5 Miliar", 1_500_000_000),
        ("2 milyar", 2_000_000_000),
        ("Rp1,25 MILIAR", 1_250_000_000),
        ("1.500 juta", 1_500_000_000),
        # triliun / T = 10^12
        ("1 T", 1_000_000_000_000),
        ("1,2T", 1_200_000_000_000),
        ("1 triliun", 1_000_000_000_000),
        ("Rp 0,5 Triliun", 500_000_000_000),
        # juta / jt = 10^6
        ("2 jt", 2_000_000),
        ("2jt.", 2_000_000),
        ("2 Jt.", 2_000_000),
        ("1.5 juta", 1_500_000),
        ("1,5JUTA", 1_500_000),
        # ribu / rb = 10^3
        ("750 rb", 750_000),
        ("750rb.", 750_000),
        ("750 Ribu", 750_000),
        ("1,5 rb", 1_500),
    ],
)
def test_indonesian_magnitudes(raw, expected):
    result = one(parse.parse_money, raw)
    assert result.values.iloc[0] == pytest.approx(expected), raw
    assert not result.invalid.iloc[0]


@pytest.mark.parametrize(
    "raw",
    [
        "1.50",
        "100.5",
        "750.5",
        "1,5",
        "2,50",
        "999,99",  # neither a thousands group nor a plausible amount
        "1,500 jt",  # 1,5 juta or 1.500 juta: a thousand times apart
        1.5,
        100.5,  # numbers typed in the sheet: Rp 1,5 is no budget
    ],
)
def test_ambiguous_money_is_reported_not_guessed(raw):
    result = one(parse.parse_money, raw)
    assert result.invalid.iloc[0] and result.ambiguous.iloc[0], raw
    assert pd.isna(result.values.iloc[0])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1500000.00", 1_500_000),
        ("1500000,00", 1_500_000),
        ("1500000.50", 1_500_000.5),
        ("1.000,5", 1_000.5),
        (1_250_000.5, 1_250_000.5),
        ("0,5 jt", 500_000),
    ],
)
def test_fractions_of_plausible_amounts_are_read(raw, expected):
    result = one(parse.parse_money, raw)
    assert result.values.iloc[0] == pytest.approx(expected)
    assert not result.invalid.iloc[0]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12,000", 12_000),
        ("1.234", 1_234),
        ("1.500.000", 1_500_000),
        ("1,500,000", 1_500_000),
        ("25", 25),
        ("1.500.000,00", 1_500_000),
        ("1,500,000.00", 1_500_000),
    ],
)
def test_the_same_text_is_the_same_number_in_every_numeric_column(text, number):
    money = one(parse.parse_money, text)
    whole = one(parse.parse_whole, text)
    assert money.values.iloc[0] == number and whole.values.iloc[0] == number, text


@pytest.mark.parametrize("text", ["1,5", "12,5", "2.5", "1.50"])
def test_a_fraction_is_no_whole_number_in_either_reading(text):
    assert one(parse.parse_whole, text).invalid.iloc[0]


def test_the_invisible_class_is_every_format_character():
    import re
    import sys
    import unicodedata

    pattern = re.compile(schema.INVISIBLE)
    format_characters = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert all(pattern.fullmatch(ch) for ch in format_characters)
    assert not pattern.search("KPO-0001 Cikedung 9 April 2018 Rp 1.500.000 \u00a0 é ñ")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("KPO\u2060-0001", "KPO-0001"),
        ("\u200eKPO-0001", "KPO-0001"),
        ("KPO-\u00ad0001", "KPO-0001"),
        ("ＫＰＯ－０００１", "KPO-0001"),
        ("kpo\u200d-0001\ufeff", "KPO-0001"),
    ],
)
def test_ids_lose_invisible_characters_and_are_nfkc_normalised(raw, expected):
    assert parse.parse_text(pd.Series([raw], dtype=object), is_id=True).iloc[0] == expected


def test_free_text_keeps_its_letters_but_not_invisible_characters():
    out = parse.parse_text(pd.Series(["Desa\u200b Mundakjaya\u00ad", "ＡＢ"], dtype=object))
    assert out.tolist() == ["Desa Mundakjaya", "ＡＢ"]  # notes are not NFKC-normalised


@pytest.mark.parametrize(
    ("header", "tab", "expected"),
    [
        ("Tanggal Identifkasi", schema.KORBAN, "Tanggal Identifikasi"),
        ("Jenis Klamin", schema.KORBAN, "Jenis Kelamin"),
        ("Tgl Mulaii", schema.KEGIATAN, "Tanggal Mulai"),
        ("Keterangan Tambahan", schema.KORBAN, ""),
        ("No HP", schema.KORBAN, ""),
    ],
)
def test_header_suggestions_are_close_or_nothing(header, tab, expected):
    assert parse.suggest_header(header, tab, taken=set()) == expected


@pytest.mark.parametrize("typed", ["٣1", "3١", "١٢/٠٣/٢٠٢٠", "٢٠١٨"])
def test_dates_in_another_scripts_digits_are_invalid_not_a_crash(typed):
    result = parse.parse_dates(pd.Series([typed, "12/03/2020"]), TODAY)
    assert result.invalid.iloc[0] and pd.isna(result.values.iloc[0])
    assert result.values.iloc[1] == pd.Timestamp(2020, 3, 12)
