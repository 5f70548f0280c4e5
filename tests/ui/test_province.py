"""The province page's content, built without Streamlit (`present.province`), and who is offered it.

Offices are small synthetic workbooks (tests/sheets/test_province.py) read as the store hands them
over (`StoredRead`): one current, one whose latest read failed, one never read.
"""

from __future__ import annotations

import datetime as dt

import pytest

from present import province
from sheets.gsheets import SheetsError
from sheets.offices import Office, OfficesError, read_kecamatan
from sheets.province import build_province_release, office_read
from sheets.sync import StoredRead
from tests.sheets.test_province import AS_OF, BIG, office_data, workbook
from tests.ui import shown
from ui import access

READ_AT = dt.datetime(2026, 10, 30, 2, 0, tzinfo=dt.UTC)


def reads(tmp_path):
    (fresh, _), (behind, _) = office_data(tmp_path, "32.11", BIG), office_data(tmp_path, "32.13", BIG)
    good = workbook([("Alpha", 2023, True)] * 3 + [("Beta", 2024, False)] * 2, "3211")
    slow = workbook([("Alpha", 2023, True)] + [("Beta", 2024, False)] * 20, "3213")
    failed = SheetsError.of("not-shared", detail="403")
    return [
        office_read(fresh, StoredRead(good, READ_AT), AS_OF),
        office_read(behind, StoredRead(slow, READ_AT, error=failed), AS_OF),
        office_read(Office("32.79", "Kota Banjar", "sheet-banjar"), StoredRead(None, None, failed), AS_OF),
    ]


def test_the_page_puts_an_office_never_read_first_then_the_one_furthest_behind(tmp_path):
    view = province.present(reads(tmp_path), AS_OF, "en")
    assert list(view.table["Office"]) == ["Kota Banjar", "Kantor 32.13", "Kantor 32.11"]
    banjar = view.table.iloc[0]
    assert banjar["Pace status"] == "No data yet" and banjar["Data as of"] == "–"
    assert "No data yet" in banjar["Note"] and "shared" in banjar["Note"]
    stale = view.table.iloc[1]
    assert stale["Note"].startswith("Data as of") and "shared" in stale["Note"]
    assert stale["Known"] == 21 and stale["Rows not counted"] == 0
    assert view.table.iloc[2]["Note"] == ""  # current: nothing to say
    tiles = {t.key: (t.label, t.value) for t in view.tiles}
    assert tiles["offices"] == ("Offices with data (of 3)", "2") and tiles["known"][1] == "26"
    assert len(view.warnings) == 2 and "Kota Banjar" in view.warnings[1]
    # The chart draws the offices with data only, the one furthest behind on top (drawn last).
    assert list(view.coverage.data[0].y) == ["Kantor 32.11", "Kantor 32.13"]


def test_the_page_speaks_indonesian_by_default_words(tmp_path):
    view = province.present(reads(tmp_path), AS_OF, "id")
    assert "Kantor" in view.table.columns and "Data per" in view.table.columns
    assert view.table.iloc[1]["Catatan"].startswith("Data per")
    offices = next(t for t in view.tiles if t.key == "offices")
    assert (offices.label, offices.value) == ("Kantor dengan data (dari 3)", "2")


def test_the_public_table_shows_markers_and_names_the_offices_without_data(tmp_path):
    small = office_data(tmp_path, "32.10", {"Satu": [(1, 1), (2, 1), (0, 0), (1, 0)], "Dua": [(0, 0)] * 4})
    offices = [small, office_data(tmp_path, "32.11", BIG), (Office("32.79", "Kota Banjar", "s"), None)]
    published = build_province_release(offices, AS_OF)
    rows = province.public_rows(published, "en").set_index("Office")
    assert rows.loc["Kantor 32.10", "Known"] in ("<10", "*")
    assert rows.loc["Province (total)", "Known"] in ("<10", "*")
    assert rows.loc["Kantor 32.11", "Known"].isdigit()
    assert "Kota Banjar" in province.public_note(published, "en")


def test_the_province_page_is_offered_only_with_several_offices_and_never_to_the_public():
    for role in ("pimpinan", "staf", "admin"):
        assert access.can_see("province", role, offices=27)
        assert "province" in {p.key for p in access.visible_pages(role, offices=2)}
        assert "province" not in {p.key for p in access.visible_pages(role, offices=1)}
    assert not access.can_see("province", "publik", offices=27)
    assert access.PAGE_BY_KEY["province"].url_path == "provinsi"


def test_why_the_province_page_has_nothing_is_said_in_the_readers_language(tmp_path):
    bad = tmp_path / "kec.csv"
    bad.write_text("code,name\n32.9.01,Waled\n", encoding="utf-8")
    with pytest.raises(OfficesError) as caught:
        read_kecamatan(bad, "32.09")
    indonesian, english = (shown(province.store_problem(caught.value, lang)) for lang in ("id", "en"))
    assert "baris 2, kolom code" in indonesian and "bukan kode kecamatan Kemendagri 32.09.xx" in indonesian
    assert "row 2, column code" in english and "not a Kemendagri kecamatan code 32.09.xx" in english
    assert "row" not in indonesian and "baris" not in english  # never the two languages in one sentence
    down = shown(province.store_problem(OSError("connection refused"), "en"))
    assert down.startswith("The history store cannot be read") and "OSError: connection refused" in down
