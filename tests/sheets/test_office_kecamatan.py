"""Each office's own kecamatan list: what validation accepts and suggests, and what the figures list.

A synthetic office (Kabupaten Cirebon, 32.09) names a kecamatan CSV unlike Indramayu's; its data is
checked and counted by that list, while a single-office deployment keeps Indramayu's shipped one.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sheets import metrics
from sheets.messages import with_messages
from sheets.metrics import Dataset
from sheets.offices import OfficesError, current_office, districts_of
from sheets.settings import Settings
from sheets.validate import validate
from tests.sheets.test_validate import TODAY, base, edit, found, run

CIREBON_CSV = (
    "code,name,villages\n"
    "32.09.01,Waled,12\n"
    "32.09.02,Ciledug,10\n"
    "32.09.03,Losari,10\n"
    "32.09.04,Pabedilan,13\n"
    "32.09.05,Babakan,14\n"
)


def office_settings(tmp_path, code: str = "32.09") -> Settings:
    csv = tmp_path / "kecamatan-32.09.csv"
    csv.write_text(CIREBON_CSV, encoding="utf-8")
    offices = [
        {"code": "32.12", "name": "Kabupaten Indramayu", "spreadsheet": "sheet-indramayu"},
        {"code": "32.09", "name": "Kabupaten Cirebon", "spreadsheet": "sheet-cirebon", "kecamatan": str(csv)},
    ]
    return Settings.build({"province": {"offices": offices, "office": code}}, {})


def cirebon_workbook() -> dict:
    """The validation test's workbook moved to Cirebon: its kecamatan Waled, Ciledug and Losari."""
    tabs = base()
    edit(tabs, "Korban", 2, "Kecamatan", "Waled")
    edit(tabs, "Korban", 3, "Kecamatan", "32.09.02")  # by its Kemendagri code
    edit(tabs, "Korban", 4, "Kecamatan", "Kec. Losari")
    edit(tabs, "Kegiatan", 2, "Kecamatan", "Waled")
    return tabs


def checked(tabs: dict, districts):
    from sheets.raw import RawTab, RawWorkbook

    raw = RawWorkbook("test", {name: RawTab(name, rows) for name, rows in tabs.items()})
    return validate(raw, TODAY, districts=districts)


def test_the_office_list_is_the_one_chosen_and_indramayu_keeps_the_shipped_one(tmp_path):
    cirebon = current_office(office_settings(tmp_path))
    assert cirebon is not None and cirebon.code == "32.09"
    assert districts_of(cirebon)[:2] == (("32.09.01", "Waled"), ("32.09.02", "Ciledug"))
    indramayu = current_office(office_settings(tmp_path, "32.12"))
    assert indramayu is not None and districts_of(indramayu) is None  # the shipped list
    single = Settings.build({"sheets": {"spreadsheet": "sheet-indramayu"}}, {})
    assert current_office(single) is not None and districts_of(current_office(single)) is None


def test_an_office_s_data_is_valid_against_its_own_kecamatan_and_not_indramayu_s(tmp_path):
    districts = districts_of(current_office(office_settings(tmp_path)))
    own = checked(cirebon_workbook(), districts)
    assert found(own, "unknown-category") == set(), own.issues
    survivors = own.table("Korban").set_index("survivor_id")["district"]
    assert survivors.to_dict() == {"KPO-0001": "Waled", "KPO-0002": "Ciledug", "KPO-0003": "Losari"}
    # The same rows read with Indramayu's list (a single-office deployment) are errors, as before.
    shipped = run(cirebon_workbook())
    assert ("Korban", 2, "Kecamatan", "unknown-category") in found(shipped, "unknown-category")


def test_an_indramayu_kecamatan_in_another_office_is_an_error_suggesting_its_own(tmp_path):
    districts = districts_of(current_office(office_settings(tmp_path)))
    tabs = edit(cirebon_workbook(), "Korban", 4, "Kecamatan", "Cikedung")  # Indramayu's, not Cirebon's
    tabs = edit(tabs, "Korban", 3, "Kecamatan", "Walled")  # a typo of Waled
    tabs = edit(tabs, "Korban", 2, "Kecamatan", "32.12.04")  # Indramayu's code
    report = checked(tabs, districts)
    assert found(report, "unknown-category") == {
        ("Korban", 2, "Kecamatan", "unknown-category"),
        ("Korban", 3, "Kecamatan", "unknown-category"),
        ("Korban", 4, "Kecamatan", "unknown-category"),
    }
    issues = with_messages(report.issues)
    said = issues[issues["code"].eq("unknown-category")].set_index("row")
    assert "Waled" in said.loc[3, "message_id"] and "Waled" in said.loc[3, "message_en"]
    assert "'Cikedung'" in said.loc[4, "message_en"]  # quoted as typed, never suggested back


def test_the_figures_list_the_office_s_kecamatan(tmp_path):
    districts = districts_of(current_office(office_settings(tmp_path)))
    dataset = Dataset.from_report(checked(cirebon_workbook(), districts))
    table = metrics.by_district(dataset, dt.date(2018, 12, 31)).set_index("district")
    assert sorted(table.index) == sorted(["Waled", "Ciledug", "Losari", "Pabedilan", "Babakan"])
    assert table.loc["Waled", "code"] == "32.09.01"
    assert (table.loc["Waled", "known"], table.loc["Waled", "rehabilitated"]) == (1, 1)
    assert table.loc["Pabedilan", "known"] == 0  # listed though nobody lives there
    # Indramayu's data keeps its 31.
    shipped = metrics.by_district(Dataset.from_report(run(base())), dt.date(2018, 12, 31))
    assert len(shipped) == 31 and "Cikedung" in set(shipped["district"])


def test_the_public_release_codes_the_office_s_kecamatan(tmp_path):
    from sheets.release import build_release

    districts = districts_of(current_office(office_settings(tmp_path)))
    dataset = Dataset.from_report(checked(cirebon_workbook(), districts))
    published = build_release(dataset, dt.date(2018, 12, 31)).to_json()
    codes = {r["district"]: r["code"] for r in published["tables"]["by_district"]["rows"]}
    assert codes == {
        "Waled": "32.09.01",
        "Ciledug": "32.09.02",
        "Losari": "32.09.03",
        "Pabedilan": "32.09.04",
        "Babakan": "32.09.05",
    }


def test_a_broken_kecamatan_file_is_named_not_replaced_by_indramayu_s(tmp_path):
    settings = office_settings(tmp_path)
    (tmp_path / "kecamatan-32.09.csv").write_text("code,name\n32.12.01,Waled\n", encoding="utf-8")
    with pytest.raises(OfficesError) as error:
        districts_of(current_office(settings))
    assert "row 2" in error.value.message_en and "32.12.01" in error.value.message_en
