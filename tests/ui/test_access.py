"""Roles: the decision table, e-mail and domain assignment, and pages per role through the real router."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from present import i18n
from tests.ui import ROOT
from ui import access, data, identity

ASSIGN = {
    "admin": ["kabid@dinsos.example.go.id"],
    "staf": ["@dinsos.example.go.id"],
    "pimpinan": ["kadis@pemda.example.go.id", "@dprd.example.go.id"],
}


@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("kabid@dinsos.example.go.id", "admin"),  # both admin and staff by domain: the higher wins
        ("KABID@Dinsos.Example.go.id ", "admin"),
        ("rina@dinsos.example.go.id", "staf"),
        ("kadis@pemda.example.go.id", "pimpinan"),
        ("anggota@dprd.example.go.id", "pimpinan"),
        ("someone@gmail.com", "publik"),
        ("dinsos.example.go.id@evil.example", "publik"),  # a domain is matched after the @ only
        (None, "publik"),
    ],
)
def test_roles_by_email_or_domain(email, role):
    assert access.role_for_email(email, ASSIGN) == role


@pytest.mark.parametrize(
    ("facts", "role"),
    [
        # login configured: the login decides, and nobody logged in is public
        (dict(login_configured=True, logged_in=False, email=None, is_demo=True, preview="admin"), "publik"),
        (
            dict(
                login_configured=True,
                logged_in=True,
                email="rina@dinsos.example.go.id",
                is_demo=False,
                preview=None,
            ),
            "staf",
        ),
        (
            dict(login_configured=True, logged_in=True, email="x@gmail.com", is_demo=False, preview="admin"),
            "publik",
        ),
        # no login, real data: secure by default
        (dict(login_configured=False, logged_in=False, email=None, is_demo=False, preview="admin"), "publik"),
        # no login, demo: the preview switcher
        (
            dict(login_configured=False, logged_in=False, email=None, is_demo=True, preview="pimpinan"),
            "pimpinan",
        ),
        (
            dict(login_configured=False, logged_in=False, email=None, is_demo=True, preview=None),
            access.DEMO_DEFAULT_ROLE,
        ),
        (
            dict(login_configured=False, logged_in=False, email=None, is_demo=True, preview="root"),
            access.DEMO_DEFAULT_ROLE,
        ),
    ],
)
def test_role_decision(facts, role):
    assert access.decide_role(assignments=ASSIGN, **facts) == role


LOCAL = {"host": "127.0.0.1:8501", "origin": "http://127.0.0.1:8501"}
REMOTE = access.LocalMode(problem="remote")
NOT_LOOPBACK = access.LocalMode(problem="not_loopback")


@pytest.mark.parametrize(
    ("configured", "login", "address", "headers", "mode"),
    [
        ("", False, "127.0.0.1", LOCAL, access.LocalMode()),  # not set: nothing to say
        ("staf", False, "127.0.0.1", LOCAL, access.LocalMode(role="staf")),
        (
            "pimpinan",
            False,
            "::1",
            {"Host": "[::1]:8501", "Origin": "http://[::1]:8501"},
            access.LocalMode(role="pimpinan"),
        ),
        (
            "admin",
            False,
            "localhost",
            {"Host": "localhost:8501", "Origin": "http://localhost:8501"},
            access.LocalMode(role="admin"),
        ),
        ("staf", False, "127.0.0.2", LOCAL, access.LocalMode(role="staf")),  # all of 127/8 is loopback
        ("publik", False, "127.0.0.1", LOCAL, access.LocalMode(problem="invalid")),
        ("root", False, "127.0.0.1", LOCAL, access.LocalMode(problem="invalid")),
        ("staf", True, "127.0.0.1", LOCAL, access.LocalMode(problem="login")),  # a login provider decides
        # Streamlit's default (no address: every interface) and explicit all-interface or LAN addresses
        ("staf", False, None, LOCAL, NOT_LOOPBACK),
        ("staf", False, "", LOCAL, NOT_LOOPBACK),
        ("staf", False, "0.0.0.0", LOCAL, NOT_LOOPBACK),
        ("staf", False, "::", LOCAL, NOT_LOOPBACK),
        ("staf", False, "192.168.1.20", LOCAL, NOT_LOOPBACK),
        ("staf", False, "pulih.example.go.id", LOCAL, NOT_LOOPBACK),
        # a loopback server reached some other way: a proxy, a rebinding web page, no browser at all
        ("staf", False, "127.0.0.1", {**LOCAL, "X-Forwarded-For": "203.0.113.7"}, REMOTE),
        ("staf", False, "127.0.0.1", {**LOCAL, "Forwarded": "for=203.0.113.7"}, REMOTE),
        ("staf", False, "127.0.0.1", {**LOCAL, "X-Real-IP": "203.0.113.7"}, REMOTE),
        (
            "staf",
            False,
            "127.0.0.1",
            {"host": "pulih.example.go.id", "origin": "https://pulih.example.go.id"},
            REMOTE,
        ),
        ("staf", False, "127.0.0.1", {**LOCAL, "origin": "https://pulih.example.go.id"}, REMOTE),
        ("staf", False, "127.0.0.1", {**LOCAL, "origin": "http://evil.example:8501"}, REMOTE),
        ("staf", False, "127.0.0.1", {"host": "127.0.0.1:8501"}, REMOTE),  # without Origin
        ("staf", False, "127.0.0.1", {**LOCAL, "origin": "null"}, REMOTE),
        ("staf", False, "127.0.0.1", {}, REMOTE),
        ("staf", False, "127.0.0.1", {**LOCAL, "host": "127.0.0.1.evil.example"}, REMOTE),
    ],
)
def test_local_staff_mode_only_where_nobody_else_can_reach_the_server(
    configured, login, address, headers, mode
):
    assert (
        access.local_mode(configured, login_configured=login, server_address=address, headers=headers) == mode
    )


@pytest.mark.parametrize(
    ("secrets", "environ", "value"),
    [
        ({}, {}, ""),
        ({"access": {"local_role": "staf"}}, {}, "staf"),
        ({"access": {"local_role": " Staf "}}, {}, "staf"),
        ({"access": {"local_role": "staf"}}, {"PULIH_LOCAL_ROLE": "pimpinan"}, "pimpinan"),  # env wins
        ({}, {"PULIH_LOCAL_ROLE": "admin"}, "admin"),
        ({"access": "staf"}, {}, ""),  # not a section
    ],
)
def test_the_local_role_setting(secrets, environ, value):
    assert access.configured_local_role(secrets, environ) == value


@pytest.mark.parametrize(
    ("facts", "role"),
    [
        (dict(login_configured=False, is_demo=False, preview=None, local_role="staf"), "staf"),
        (dict(login_configured=False, is_demo=True, preview="publik", local_role="pimpinan"), "pimpinan"),
        (
            dict(login_configured=True, is_demo=False, preview=None, local_role="staf"),
            "publik",
        ),  # login decides
        (dict(login_configured=False, is_demo=False, preview=None, local_role="publik"), "publik"),
        (dict(login_configured=False, is_demo=False, preview=None, local_role=None), "publik"),
    ],
)
def test_a_local_role_once_honoured(facts, role):
    assert access.decide_role(logged_in=False, email=None, assignments=ASSIGN, **facts) == role


def test_login_configured_needs_a_client():
    assert not access.login_configured({})
    assert not access.login_configured({"auth": {"redirect_uri": "x"}})
    assert access.login_configured({"auth": {"client_id": "a", "client_secret": "b"}})
    assert access.login_configured({"auth": {"redirect_uri": "x", "google": {"client_id": "a"}}})


def run_as(role: str, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state[access.PREVIEW_ROLE] = role
    at.run()
    assert not at.exception, at.exception
    if page:
        at.switch_page(page).run()
        assert not at.exception, at.exception
    return at


@pytest.fixture(autouse=True)
def demo_source(monkeypatch):
    monkeypatch.delenv(data.ENV_WORKBOOK, raising=False)
    monkeypatch.delenv(data.ENV_SPREADSHEET, raising=False)


@pytest.mark.parametrize("role", access.ROLES)
def test_each_role_reaches_exactly_its_pages(role):
    for spec in access.PAGES:
        if access.can_see(spec.key, role):
            at = run_as(role, spec.path)
            assert at.title[0].value == i18n.t(f"page.{spec.key}", "id")
        else:
            at = run_as(role)
            with pytest.raises(ValueError):  # the page is not in this session's navigation
                at.switch_page(spec.path)


def test_a_forbidden_page_file_run_directly_shows_nothing_of_it():
    at = AppTest.from_file(str(ROOT / "app_pages" / "quality.py"), default_timeout=60)
    at.session_state[access.PREVIEW_ROLE] = "pimpinan"
    at.run()
    assert not at.exception
    assert at.warning[0].value == i18n.t("access.denied", "id")
    assert not at.dataframe and not at.get("plotly_chart") and not at.title


def test_leadership_pages_say_they_are_not_for_publication():
    at = run_as("pimpinan", "app_pages/overview.py")
    assert any(i18n.t("access.not_public", "id") in c.value for c in at.caption)


def test_real_data_without_login_shows_only_public_pages(monkeypatch, tmp_path):
    from sheets.demo import build_demo
    from sheets.workbook import write_xlsx

    path = tmp_path / "data.xlsx"
    write_xlsx(build_demo(), path)
    monkeypatch.setenv(data.ENV_WORKBOOK, str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state[access.PREVIEW_ROLE] = "admin"  # a preview choice must not count with real data
    at.run()
    assert not at.exception
    for spec in access.PAGES:
        if spec.roles != access.ALL_ROLES:
            with pytest.raises(ValueError):
                at.switch_page(spec.path)
    # What the public gets is the presentation, with its suppressed figures (tests/ui/test_leakage.py).
    assert at.title[0].value == i18n.t("page.public", "id")


def test_staff_worklist_shows_names_with_masked_nik_and_logs_the_view(monkeypatch, tmp_path):
    log = tmp_path / "access.log"
    monkeypatch.setenv("PULIH_ACCESS_LOG", str(log))
    identity.clear()
    at = run_as("staf", "app_pages/follow_up.py")
    table = at.dataframe[0].value
    name, nik = i18n.column_label("full_name", "id", "Identitas"), i18n.column_label("nik", "id", "Identitas")
    assert name in table.columns and nik in table.columns
    assert table[nik].dropna().str.fullmatch(r"\*{12}\d{4}").all()
    lines = log.read_text().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert (
        entry["page"] == "follow_up"
        and entry["role"] == "staf"
        and set(entry) == {"at", "who", "role", "page"}
    )


@pytest.mark.parametrize("lang", ["id", "en"])
def test_worklist_nik_column_is_wide_enough_for_its_last_four_digits(lang):
    identity.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state[access.PREVIEW_ROLE] = "staf"
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("app_pages/follow_up.py").run()
    assert not at.exception, at.exception
    nik = i18n.column_label("nik", lang, "Identitas")
    assert at.dataframe[0].value[nik].dropna().str.fullmatch(r"\*{12}\d{4}").all()
    # The grid sizes a column from its header and first rows; "NIK" over rows without one cut
    # `************1234` to its asterisks. 16 characters of the grid's 14 px font (digits about
    # 8 px wide) and the cell's padding need at least 144 px (checked on a screenshot).
    width = json.loads(at.dataframe[0].proto.columns).get(nik, {}).get("width")
    assert width == "medium" or (isinstance(width, int) and width >= 16 * 8 + 16), width


def bad_identity_files(tmp_path) -> tuple[str, str, list[list]]:
    """The demo as a workbook, and an identity workbook with an invalid NIK, a NIK twice and an unknown ID."""
    from sheets.demo import build_demo
    from sheets.demo_identity import build_demo_identity
    from sheets.raw import RawTab, RawWorkbook
    from sheets.validate import validate
    from sheets.workbook import write_xlsx

    raw = build_demo(data.today())
    main, people = tmp_path / "data.xlsx", tmp_path / "identitas.xlsx"
    write_xlsx(raw, main)
    rows = [
        list(r)
        for r in build_demo_identity(validate(raw, data.today()).table("Korban")).tabs["Identitas"].rows
    ]
    rows[1][2] = "3212" + "9" * 10  # 14 digits: invalid
    rows[3][2] = rows[2][2]  # the same NIK on two survivors
    rows[4][0] = "KPO-9999"  # nobody in Korban has this ID
    write_xlsx(RawWorkbook("identitas", {"Identitas": RawTab("Identitas", rows)}), people)
    return str(main), str(people), rows


@pytest.mark.parametrize("lang", ["id", "en"])
def test_quality_page_shows_identity_problems_to_staff_masked(monkeypatch, tmp_path, lang):
    main, people, rows = bad_identity_files(tmp_path)
    monkeypatch.setenv(data.ENV_WORKBOOK, main)
    monkeypatch.setenv(data.ENV_IDENTITY, people)
    monkeypatch.setattr(access, "current_role", lambda: "staf")  # real data without login is public-only
    identity.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("app_pages/quality.py").run()
    assert not at.exception, at.exception
    assert i18n.t("quality.identity", lang) in [h.value for h in at.subheader]
    tab = i18n.t("col.tab", lang)
    (table,) = [
        d.value
        for d in at.dataframe
        if tab in d.value and i18n.tab_label("Identitas", lang) in set(d.value[tab])
    ]
    rule = i18n.t("col.code_rule", lang)
    assert {"invalid-nik", "duplicate-nik", "unknown-reference"} <= set(table[rule])
    assert "KPO-9999" in table.to_string()  # the ID to look for is shown
    page = " ".join([table.to_string()] + [e.value for e in (*at.markdown, *at.caption, *at.warning)])
    for row in rows[1:6]:
        assert row[1] not in page  # never a name
        assert not row[2] or row[2] not in page  # never a whole NIK
    values = table[i18n.column_label("value", lang)]
    nik = table[i18n.column_label("column", lang)] == "NIK"
    assert values[nik].str.fullmatch(r"\*+\d{4}").all()  # a NIK keeps only its last four digits


def test_identity_is_never_read_for_leadership(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(identity, "read_identity", lambda *a: calls.append(a))
    identity.clear()
    for spec in access.visible_pages("pimpinan"):
        run_as("pimpinan", spec.path)
    assert calls == []


# --------------------------------------------------------------------------- logins that hold

NOW = 1_800_000_000.0
HOUR = 3600.0


@pytest.mark.parametrize(
    ("claims", "verified"),
    [
        ({"email": "rina@dinsos.example.go.id", "email_verified": True}, True),
        ({"email": "rina@dinsos.example.go.id", "email_verified": "true"}, True),  # some providers send text
        ({"email": "rina@dinsos.example.go.id", "email_verified": False}, False),
        ({"email": "rina@dinsos.example.go.id", "email_verified": "false"}, False),
        ({"email": "rina@dinsos.example.go.id"}, False),  # not said: not verified
        ({"email": "rina@dinsos.example.go.id", "iss": "https://accounts.google.com"}, True),
        (
            {
                "email": "rina@dinsos.example.go.id",
                "iss": "https://accounts.google.com",
                "email_verified": False,
            },
            False,
        ),
        ({"email": "rina@dinsos.example.go.id", "iss": "https://login.microsoftonline.com/x/v2.0"}, False),
    ],
)
def test_only_a_verified_address_counts(claims, verified):
    assert access.login_of(claims).verified is verified


def login(**claims) -> access.Login:
    return access.login_of(
        {
            "email": "rina@dinsos.example.go.id",
            "email_verified": True,
            "iat": NOW - HOUR,
            "iss": "https://idp.example",
            "sub": "rina",
            **claims,
        }
    )


@pytest.mark.parametrize(
    ("facts", "problem"),
    [
        (dict(), ""),
        (dict(email_verified=False), "unverified"),
        (dict(iat=NOW - 13 * HOUR), "expired"),  # older than 12 hours
        (dict(iat=None), "expired"),  # an age that cannot be told
    ],
)
def test_a_login_holds_only_verified_and_recent(facts, problem):
    assert access.login_problem(login(**facts), ended_up_to=None, now=NOW, max_age_s=12 * HOUR) == problem


def test_a_logout_ends_that_login_and_earlier_ones_not_later_ones():
    ended = login().issued_at
    for offset, problem in ((-60, "ended"), (0, "ended"), (60, "")):
        later = login(iat=NOW - HOUR + offset)
        assert access.login_problem(later, ended_up_to=ended, now=NOW, max_age_s=12 * HOUR) == problem
    assert login().account == login(email="other@x").account != login(sub="siti").account


def test_the_logout_record_is_kept_on_disk_without_addresses_and_fails_closed(monkeypatch, tmp_path):
    from ui import sessions

    store = tmp_path / "logouts.json"
    monkeypatch.setenv(sessions.ENV_SESSION_STORE, str(store))
    rina = login()
    assert sessions.ended_up_to(rina.account) is None
    sessions.end(rina.account, rina.issued_at)
    assert sessions.ended_up_to(rina.account) == rina.issued_at
    assert json.loads(store.read_text()) == {rina.account: rina.issued_at}  # on disk, for a restart
    assert "rina" not in store.read_text() and oct(store.stat().st_mode & 0o777) == "0o600"
    store.write_text("{broken")
    assert sessions.ended_up_to(login(sub="siti").account) == float("inf")  # nobody gets a role


def page_links(at: AppTest) -> set[str]:
    """The keys of the pages this run links to: page links, or the Markdown links they fall back to."""
    targets = {link.proto.page for link in at.get("page_link")}
    text = " ".join(m.value for m in at.markdown)
    return {
        spec.key
        for spec in access.PAGES
        if spec.url_path in targets or spec.path in targets or f"](/{spec.url_path})" in text
    }


@pytest.mark.parametrize("role", ["pimpinan", "staf"])
def test_links_to_pages_appear_only_for_roles_that_can_open_them(role):
    linked = {}
    for spec in access.visible_pages(role):
        linked[spec.key] = page_links(run_as(role, spec.path))
    assert all(access.can_see(key, role) for keys in linked.values() for key in keys), linked
    # The overview's excluded-rows note links to the quality page for those who can fix the rows.
    assert ("quality" in linked["overview"]) is access.can_see("quality", role)
