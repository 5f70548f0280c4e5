"""Roles per office: the resolution table, which offices a viewer may see, which office a session shows.

`[roles]`' flat lists are province scope (every office; a single-office deployment's one office,
as before); `[roles."<code>"]` tables add roles at one office; the highest rank wins.
"""

from __future__ import annotations

import pytest

from sheets.offices import INDRAMAYU_NAME, OfficesError, deployment_offices, home_office
from sheets.settings import Settings
from ui import access

A, B, C = "32.12", "32.09", "32.13"
OFFICES = (A, B, C)
ASSIGN: dict[str, object] = {
    "pimpinan": ["kadis@jabarprov.example.go.id"],  # province scope
    "admin": ["ops@jabarprov.example.go.id"],
    A: {"staf": ["@dinsos.indramayu.example.go.id"], "admin": ["kabid@dinsos.indramayu.example.go.id"]},
    B: {"staf": "@dinsos.cirebon.example.go.id", "pimpinan": ["bupati@cirebon.example.go.id"]},
    C: {"pimpinan": ["kadis@jabarprov.example.go.id", "KADIS@Subang.Example.go.id"]},
}


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        # office staff by domain: their office only
        ("rina@dinsos.indramayu.example.go.id", {A: "staf", B: "publik", C: "publik"}),
        ("dedi@dinsos.cirebon.example.go.id", {A: "publik", B: "staf", C: "publik"}),
        # an address and its domain in one table: the higher wins
        ("kabid@dinsos.indramayu.example.go.id", {A: "admin", B: "publik", C: "publik"}),
        # province scope: every office; an office table cannot lower it (pimpinan at C as well)
        ("kadis@jabarprov.example.go.id", {A: "pimpinan", B: "pimpinan", C: "pimpinan"}),
        ("ops@jabarprov.example.go.id", {A: "admin", B: "admin", C: "admin"}),
        # case and spaces do not matter; a single string is a list of one
        (" Kadis@subang.example.GO.ID", {A: "publik", B: "publik", C: "pimpinan"}),
        ("bupati@cirebon.example.go.id", {A: "publik", B: "pimpinan", C: "publik"}),
        # the domain is matched after the @ only
        ("dinsos.cirebon.example.go.id@evil.example", {A: "publik", B: "publik", C: "publik"}),
        ("warga@mail.example", {A: "publik", B: "publik", C: "publik"}),
        (None, {A: "publik", B: "publik", C: "publik"}),
    ],
)
def test_each_persons_role_at_each_office(email, expected):
    assert access.roles_of(email, ASSIGN, OFFICES) == expected


def test_a_flat_assignment_alone_works_as_before():
    flat = {"admin": ["kabid@dinsos.example.go.id"], "staf": ["@dinsos.example.go.id"]}
    assert access.role_for_email("kabid@dinsos.example.go.id", flat) == "admin"
    assert access.role_for_email("rina@dinsos.example.go.id", flat, A) == "staf"
    assert access.roles_of("rina@dinsos.example.go.id", flat, (A,)) == {A: "staf"}


def test_an_office_table_adds_to_a_province_role_and_the_higher_wins():
    roles = {"pimpinan": ["@jabarprov.example.go.id"], A: {"staf": ["rina@jabarprov.example.go.id"]}}
    assert access.roles_of("rina@jabarprov.example.go.id", roles, (A, B)) == {A: "staf", B: "pimpinan"}
    lower = {"staf": ["@jabarprov.example.go.id"], A: {"pimpinan": ["rina@jabarprov.example.go.id"]}}
    assert access.roles_of("rina@jabarprov.example.go.id", lower, (A, B)) == {A: "staf", B: "staf"}


def test_an_office_table_is_not_a_role_list_of_the_flat_form():
    # `[roles."32.12"]` sits beside the flat lists in one table: it never counts as a role itself.
    assert access.role_for_email("x@dinsos.indramayu.example.go.id", ASSIGN) == "publik"


def test_login_decides_per_office_and_the_demo_preview_is_the_same_everywhere():
    common = dict(assignments=ASSIGN, preview=None)
    email = "rina@dinsos.indramayu.example.go.id"
    at = {
        o: access.decide_role(
            login_configured=True, logged_in=True, email=email, is_demo=False, office=o, **common
        )
        for o in OFFICES
    }
    assert at == {A: "staf", B: "publik", C: "publik"}
    assert {
        access.decide_role(
            login_configured=False,
            logged_in=False,
            email=None,
            is_demo=True,
            office=o,
            **{**common, "preview": "pimpinan"},
        )
        for o in OFFICES
    } == {"pimpinan"}


@pytest.mark.parametrize(
    ("roles", "page", "visible"),
    [
        ({A: "staf", B: "publik", C: "publik"}, None, (A,)),  # an office's staff: their office
        ({A: "staf", B: "pimpinan", C: "publik"}, None, (A, B)),
        ({A: "pimpinan", B: "pimpinan", C: "pimpinan"}, None, (A, B, C)),  # province scope
        ({A: "publik", B: "publik", C: "publik"}, None, (A, B, C)),  # the public: every office's public page
        ({A: "publik", B: "publik", C: "publik"}, "overview", ()),
        ({A: "staf", B: "pimpinan", C: "publik"}, "quality", (A,)),  # staff pages only where staff
        ({A: "staf", B: "pimpinan", C: "publik"}, "public", (A, B)),
    ],
)
def test_offices_visible(roles, page, visible):
    assert access.offices_visible(roles, page) == visible


@pytest.mark.parametrize(
    ("roles", "scope"),
    [
        ({A: "pimpinan", B: "pimpinan", C: "pimpinan"}, True),  # flat [roles]: the province
        ({A: "staf", B: "admin", C: "pimpinan"}, True),
        ({A: "staf", B: "publik", C: "publik"}, False),  # one office's staff: never the others' figures
        ({A: "staf", B: "staf", C: "publik"}, False),
        ({A: "publik", B: "publik", C: "publik"}, False),  # the public
    ],
)
def test_only_a_role_at_every_office_opens_the_province_page(roles, scope):
    assert access.province_scope(roles, OFFICES) is scope


@pytest.mark.parametrize(
    ("requested", "chosen", "visible", "shown", "problem"),
    [
        (None, None, (A,), A, ""),
        (B, None, (A, B), B, ""),  # the address's office when the viewer may see it
        (B, None, (A,), A, "forbidden"),  # another office's: their own, and said
        ("99.99", None, (A, B), B, "unknown"),  # no such office: the default (B here), and said
        ("<script>", A, (A, B), A, "unknown"),
        (None, C, (A, B), B, ""),  # a session's choice it may no longer see: the default
        (None, None, (A, C), A, ""),  # the default it may not see: the first it may
        (" 32.12 ", None, (A,), A, ""),
    ],
)
def test_choose_office(requested, chosen, visible, shown, problem):
    choice = access.choose_office(requested, chosen, visible, OFFICES, B)
    assert (choice.code, choice.problem) == (shown, problem)
    assert choice.code in visible
    assert choice.refused == ((requested or "").strip() if problem else "")


def test_role_problems_name_what_gives_nobody_a_role():
    problems = access.role_problems(
        {
            "staf": ["@dinsos.example.go.id"],
            "stf": ["typo@example.go.id"],
            "99.99": {"staf": ["x@example.go.id"]},
            A: {"pimpinann": ["y@example.go.id"], "admin": [3]},
        },
        (A, B),
    )
    english = "\n".join(p.text("en") for p in problems)
    assert len(problems) == 4, problems
    assert "[roles] stf: neither a role" in english
    assert "[roles.\"99.99\"]: office code '99.99' is not in the office list (32.12, 32.09)" in english
    assert '[roles."32.12"] pimpinann: unknown role' in english
    assert '[roles."32.12"] admin: must be a list' in english
    assert all(p.text("id") and p.text("id") != p.text("en") for p in problems)  # Indonesian too
    assert "peran tidak dikenal" in "\n".join(p.text("id") for p in problems)
    assert access.role_problems(ASSIGN, OFFICES) == ()


def _listed(tmp_path, office: str = "") -> Settings:
    kec = tmp_path / "kec.csv"
    kec.write_text("code,name\n32.09.01,Waled\n", encoding="utf-8")
    return Settings.build(
        {
            "province": {
                "office": office,
                "offices": [
                    {"code": A, "name": "Kabupaten Indramayu", "spreadsheet": "sheet-a"},
                    {"code": B, "name": "Kabupaten Cirebon", "spreadsheet": "sheet-b", "kecamatan": str(kec)},
                ],
            }
        },
        {},
    )


def test_an_unlisted_office_is_a_configuration_error_in_both_languages(tmp_path):
    settings = _listed(tmp_path, "32.99")
    with pytest.raises(OfficesError) as raised:
        deployment_offices(settings)
    assert "'32.99' tidak ada dalam daftar kantor" in raised.value.message("id")
    assert "'32.99' is not in the office list" in raised.value.message("en")
    assert "PULIH_OFFICE" in raised.value.message("en")
    assert settings.source.kind != "sheets"  # nothing of another office is read instead


def test_the_home_office_and_each_offices_own_spreadsheets(tmp_path):
    settings = _listed(tmp_path, B)
    offices = deployment_offices(settings)
    assert [o.code for o in offices] == [A, B]
    assert home_office(settings, offices).code == B
    assert home_office(_listed(tmp_path), offices).code == A
    assert settings.source.spreadsheet == "sheet-b"
    assert settings.office_sheets["sheet-a"].spreadsheet == "sheet-a"


def test_a_single_office_deployment_is_indramayu():
    for secrets in ({}, {"sheets": {"spreadsheet": "one-sheet"}}):
        (office,) = deployment_offices(Settings.build(secrets, {}))
        assert (office.code, office.name) == (A, INDRAMAYU_NAME)
