"""Offices as configuration: the list, its checks, each office's kecamatan file, the one-office case."""

from __future__ import annotations

import pytest

from sheets.offices import INDRAMAYU, OfficesError, offices_of, read_kecamatan
from sheets.settings import Settings

CIREBON = "32.09"


def kec_csv(tmp_path, text: str, name: str = "kec.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def entry(code: str, sheet: str, **more) -> dict:
    return {"code": code, "name": f"Kantor {code}", "spreadsheet": sheet, **more}


def test_a_single_office_deployment_is_the_one_element_case():
    settings = Settings.build({"sheets": {"spreadsheet": "sheet-indramayu"}}, {})
    (office,) = offices_of(settings)
    assert (office.code, office.spreadsheet) == (INDRAMAYU, "sheet-indramayu")
    assert len(office.kecamatan()) == 31 and office.kecamatan()[0].code == "32.12.01"
    assert settings.source.spreadsheet == "sheet-indramayu"


def test_nothing_configured_is_no_office_and_the_demo():
    settings = Settings.build({}, {})
    assert offices_of(settings) == () and settings.source.kind == "demo"


def test_offices_inline_and_the_app_shows_the_chosen_one(tmp_path):
    kec = kec_csv(tmp_path, "code,name,villages\n32.09.01,Waled,12\n32.09.02,Ciledug,10\n")
    secrets = {
        "province": {
            "office": CIREBON,
            "offices": [
                entry(INDRAMAYU, "sheet-a"),
                entry(CIREBON, "sheet-b", identity_spreadsheet="id-b", kecamatan=kec),
            ],
        }
    }
    settings = Settings.build(secrets, {})
    offices = offices_of(settings)
    assert [o.code for o in offices] == [INDRAMAYU, CIREBON]
    assert [k.name for k in offices[1].kecamatan()] == ["Waled", "Ciledug"]
    assert settings.source.spreadsheet == "sheet-b" and settings.sheets.identity_spreadsheet == "id-b"
    # The environment chooses the office too (one app service per office in compose).
    assert Settings.build(secrets, {"PULIH_OFFICE": INDRAMAYU}).source.spreadsheet == "sheet-a"
    # An explicit [sheets] spreadsheet stays what the app shows.
    assert Settings.build({**secrets, "sheets": {"spreadsheet": "own"}}, {}).source.spreadsheet == "own"


def test_offices_from_a_file_the_secrets_or_environment_name(tmp_path):
    listed = tmp_path / "offices.toml"
    subang = kec_csv(tmp_path, "code,name\n32.13.01,Sagalaherang\n")
    listed.write_text(
        '[[offices]]\ncode = "32.12"\nname = "Kabupaten Indramayu"\nspreadsheet = "s1"\n\n'
        '[[offices]]\ncode = "32.13"\nname = "Kabupaten Subang"\nspreadsheet = "s2"\n'
        f'kecamatan = "{subang}"\n',
        encoding="utf-8",
    )
    for settings in (
        Settings.build({"province": {"offices_file": str(listed)}}, {}),
        Settings.build({}, {"PULIH_OFFICES_FILE": str(listed)}),
    ):
        assert [o.name for o in offices_of(settings)] == ["Kabupaten Indramayu", "Kabupaten Subang"]
        assert settings.source.spreadsheet == "s1"


def test_an_unreadable_offices_file_is_named():
    settings = Settings.build({}, {"PULIH_OFFICES_FILE": "/nonexistent/offices.toml"})
    with pytest.raises(OfficesError) as caught:
        offices_of(settings)
    assert "/nonexistent/offices.toml" in caught.value.message_en
    assert "PULIH_OFFICES_FILE" in caught.value.message_id


def test_every_problem_of_the_list_is_reported_at_once(tmp_path):
    secrets = {
        "province": {
            "offices": [
                entry("32.12", "s1"),
                entry("3212", "s2"),
                entry("32.12", "s3"),
                entry("32.14", "s1"),
                {"code": "32.15", "spreadsheet": "s5"},
                entry("32.16", "s6"),
                entry("32.17", "s7", kecamtan="x"),
            ]
        }
    }
    with pytest.raises(OfficesError) as caught:
        offices_of(Settings.build(secrets, {}))
    found = {
        (p.place("en").rsplit(" ", 1)[-1], p.said.text("en").split(" ")[0]) for p in caught.value.problems
    }
    assert ("2", "code") in found  # '3212' is not a code
    assert ("3", "code") in found  # 32.12 twice
    assert ("4", "the") in found  # the same spreadsheet as office 1
    assert ("5", "name") in found  # no name
    assert ("6", "office") in found  # 32.16 needs a kecamatan CSV
    assert any("kecamtan" in p.message("en") for p in caught.value.problems)  # a mistyped key
    # Each language says all of it, the place too ("kantor 7" / "office 7"): no sentence mixes the two.
    assert "kantor 7: kunci tidak dikenal: kecamtan" in caught.value.message_id
    assert "office 7: unknown keys: kecamtan" in caught.value.message_en
    assert len(caught.value.problems) == 7  # the typo'd office also lacks its kecamatan file


def test_the_chosen_office_must_be_listed():
    with pytest.raises(OfficesError, match="32.99"):
        offices_of(Settings.build({"province": {"office": "32.99", "offices": [entry("32.12", "s1")]}}, {}))


def test_bad_kecamatan_rows_are_named_by_row_column_and_value(tmp_path):
    path = kec_csv(
        tmp_path,
        "code,name,villages\n"
        "32.09.01,Waled,12\n"
        "32.9.02,Ciledug,10\n"  # row 3: not a code
        "32.10.03,Losari,8\n"  # row 4: another office's code
        "32.09.01,Pabedilan,9\n"  # row 5: code twice
        "32.09.05,,7\n"  # row 6: no name
        "32.09.06,waled,3\n"  # row 7: name twice
        "\n"
        "32.09.08,Babakan,many\n",
    )  # row 9: villages not a number
    with pytest.raises(OfficesError) as caught:
        read_kecamatan(path, "32.09")
    where = [
        (p.place("en").split("row ")[1].split(",")[0], p.place("en").rsplit(" ", 1)[1])
        for p in caught.value.problems
    ]
    assert where == [
        ("3", "code"),
        ("4", "code"),
        ("5", "code"),
        ("6", "name"),
        ("7", "name"),
        ("9", "villages"),
    ]
    assert "'32.9.02'" in caught.value.message_en and "row 3, column code" in caught.value.message_en
    assert "baris 3, kolom code: '32.9.02': bukan kode kecamatan" in caught.value.message_id


def test_a_kecamatan_file_without_its_columns_or_rows(tmp_path):
    with pytest.raises(OfficesError, match="column code, name missing"):
        read_kecamatan(kec_csv(tmp_path, "kode,nama\n32.09.01,Waled\n"), "32.09")
    with pytest.raises(OfficesError, match="lists none"):
        read_kecamatan(kec_csv(tmp_path, "code,name\n", "empty.csv"), "32.09")
    with pytest.raises(OfficesError, match="cannot be read"):
        read_kecamatan(tmp_path / "missing.csv", "32.09")


def test_a_bad_kecamatan_file_stops_the_office_list(tmp_path):
    path = kec_csv(tmp_path, "code,name\n32.09.01,Waled\n32.09.xx,Losari\n")
    with pytest.raises(OfficesError, match="row 3"):
        offices_of(Settings.build({"province": {"offices": [entry("32.09", "s1", kecamatan=path)]}}, {}))


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        ({"interval_s": 5}, "interval_s"),
        ({"quota_per_minute": 0}, "quota_per_minute"),
        ({"quota_per_minute": "lots"}, "quota_per_minute"),
        ({"metadata_ttl_s": -1}, "metadata_ttl_s"),
    ],
)
def test_sync_numbers_that_cannot_be_used_name_the_setting(raw, path):
    sync = Settings.build({"sync": raw}, {}).sync
    with pytest.raises(Exception, match=rf"\[sync\] {path}"):
        getattr(sync, path)


def test_sync_defaults_and_store_mode():
    sync = Settings.build({}, {}).sync
    assert (sync.interval_s, sync.quota_per_minute, sync.metadata_ttl_s, sync.read_from_store) == (
        300,
        60,
        900,
        False,
    )
    assert Settings.build({"sync": {"read_from_store": True}}, {}).sync.read_from_store
    assert Settings.build({}, {"PULIH_READ_FROM_STORE": "1"}).sync.read_from_store
