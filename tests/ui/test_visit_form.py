"""The worklist's visit form through the real router: on the demo (no write-back: the row is offered to
copy), and on a spreadsheet served by the fake Sheets API with `[sheets] write_back` on (the row is
appended through real gspread)."""

from __future__ import annotations

import pandas as pd
import pytest

from present import i18n
from sheets import gsheets, schema
from sheets import live as live_path
from sheets.messages import render_issues
from tests.fakes import sheets_api
from tests.fakes.serve import demo_tabs
from tests.ui.test_pages import run_app
from ui import access, data

FOLLOW_UP = "app_pages/follow_up.py"


@pytest.fixture(autouse=True)
def demo_source(monkeypatch):
    monkeypatch.delenv(data.ENV_WORKBOOK, raising=False)


def submit(at, **typed):
    for key, value in typed.items():
        at.text_input(key=key).input(value)
    next(b for b in at.button if b.label == i18n.t("visit.submit", "id")).click().run()
    assert not at.exception, at.exception
    return at


def test_without_write_back_the_checked_row_is_offered_to_copy():
    at = run_app(FOLLOW_UP)
    survivor = at.selectbox(key="visit_survivor").value
    submit(at, visit_income="750 ribu", visit_officer="Bu Sari")
    (code,) = at.code
    cells = code.value.split("\t")
    assert survivor in cells and "750000" in cells and "Bu Sari" in cells and "Berjalan" in cells
    assert data.today().strftime("%d/%m/%Y") in cells
    assert any(i18n.t("visit.copy", "id", row="@").split("@")[0] in i.value for i in at.info)


def test_a_bad_value_is_refused_with_the_readers_message():
    at = run_app(FOLLOW_UP)
    submit(at, visit_income="1.50")
    assert not at.code
    (error,) = at.error
    shown = error.value.replace("\\", "")  # markdown escapes
    assert shown.startswith(i18n.t("visit.refused", "id"))
    assert "Tab Pemantauan, baris " in shown and "kolom Pendapatan per Bulan (Rp), nilai '1.50'" in shown
    reader = render_issues(
        pd.DataFrame(
            {
                "code": ["invalid-money"],
                "value": ["1.50"],
                "params": [""],
                "column": ["Pendapatan per Bulan (Rp)"],
                "tab": ["Pemantauan"],
                "row": [1],
            }
        ),
        "id",
    )["message"].iloc[0]
    assert (
        reader.rstrip(".") in shown
    )  # the rule's own sentence (with its detail), as the quality page gives it


# --------------------------------------------------------------------------- write-back to the spreadsheet

SHEET_ID = "pulih-visit-form"


@pytest.fixture
def sheet(monkeypatch, tmp_path):
    """The demo in a spreadsheet on the fake Sheets API (over HTTP), and staff's app with write-back on."""
    api = sheets_api.FakeSheetsApi()
    api.add_spreadsheet(SHEET_ID, demo_tabs(True, data.today()))
    base_url, shutdown = sheets_api.serve(api)
    secrets = {
        "spreadsheet": SHEET_ID,
        "api_url": base_url,
        "write_back": True,
        "snapshot_dir": str(tmp_path / "snapshots"),
    }
    monkeypatch.setattr(access, "current_role", lambda: "staf")  # real data without login is public-only
    for forget in (data.clear, gsheets.forget_metadata, live_path.forget_last_reads):
        forget()
    yield api, secrets
    for forget in (data.clear, gsheets.forget_metadata, live_path.forget_last_reads):
        forget()
    shutdown()


def run_on_sheet(secrets: dict) -> object:
    from streamlit.testing.v1 import AppTest

    from tests.ui import ROOT
    from tests.ui.test_pages import TIMEOUT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.secrets["sheets"] = secrets
    at.run()
    assert not at.exception, at.exception
    at.switch_page(FOLLOW_UP).run()
    assert not at.exception, at.exception
    assert at.caption and any(c.value == i18n.t("visit.note_write", "id") for c in at.caption)
    return at


def tabs_of(api) -> dict[str, list[list]]:
    return {tab.title: tab.values() for tab in api.spreadsheets[SHEET_ID].tabs}


def worklist_ids(at) -> list[str]:
    return at.dataframe[0].value[i18n.column_label("survivor_id", "id", "Korban")].tolist()


def cells_by_header(rows: list[list], row: list) -> dict[str, object]:
    header = next(r for r in rows if "ID Korban" in r and "Petugas" in r)
    return {name: (row[i] if i < len(row) else None) for i, name in enumerate(header) if name}


def test_with_write_back_the_visit_is_appended_as_one_row_and_nothing_else_changes(sheet):
    import datetime as dt

    api, secrets = sheet
    at = run_on_sheet(secrets)
    before = tabs_of(api)
    writes = api.count("write")
    survivor = at.selectbox(key="visit_survivor").value
    assert survivor in worklist_ids(at)
    visited = data.today() - dt.timedelta(days=3)
    status = schema.PEMANTAUAN.column("business_status").allowed[-1]
    at.date_input(key="visit_date").set_value(visited)
    at.selectbox(key="visit_status").set_value(status)
    at.radio(key="visit_family").set_value("Tidak")
    submit(at, visit_income="1,25 jt", visit_officer="Pak Darto")

    assert not at.error, [e.value for e in at.error]
    appends = [c for c in api.calls if c.kind == "write"][writes:]
    assert len(appends) == 1 and appends[0].path.endswith(":append")
    after = tabs_of(api)
    assert {t: rows for t, rows in after.items() if t != "Pemantauan"} == {
        t: rows for t, rows in before.items() if t != "Pemantauan"
    }  # no other tab touched
    old = before["Pemantauan"]
    assert after["Pemantauan"][: len(old)] == old and len(after["Pemantauan"]) == len(old) + 1
    written = cells_by_header(old, after["Pemantauan"][-1])
    serial = (visited - dt.date(1899, 12, 30)).days
    assert {k: v for k, v in written.items() if v is not None} == {
        "ID Korban": survivor,
        "Tanggal Pemantauan": serial,
        "Status Usaha": status,
        "Pendapatan per Bulan (Rp)": 1_250_000,
        "Tinggal Bersama Keluarga": "Tidak",
        "Petugas": "Pak Darto",
    }
    (done,) = at.success
    assert str(len(after["Pemantauan"])) in done.value and survivor in done.value
    # The worklist reads the sheet again on the next run: the survivor's due visits are done.
    reads = api.count("values")
    at.run()
    assert not at.exception and api.count("values") == reads + 1
    assert survivor not in worklist_ids(at)


def test_with_write_back_a_bad_value_names_tab_row_column_value_and_appends_nothing(sheet):
    api, secrets = sheet
    at = run_on_sheet(secrets)
    before, writes = tabs_of(api), api.count("write")
    submit(at, visit_income="1.50", visit_officer="Pak Darto")
    (error,) = at.error
    shown = error.value.replace("\\", "")
    row = len(before["Pemantauan"]) + 1  # the row it would have gone to
    assert shown.startswith(i18n.t("visit.refused", "id"))
    assert f"Tab Pemantauan, baris {row}, kolom Pendapatan per Bulan (Rp), nilai '1.50'" in shown
    assert api.count("write") == writes and tabs_of(api) == before
    assert not at.success and not at.code


# --------------------------------------------------------------------------- the printable visit list


@pytest.fixture(scope="module")
def worklist_and_people():
    import datetime as dt

    from sheets import metrics, privacy
    from sheets.demo import build_demo
    from sheets.demo_identity import build_demo_identity
    from sheets.validate import validate, validate_identity

    today = dt.date(2026, 11, 28)
    report = validate(build_demo(today), today)
    work = metrics.follow_up_worklist(metrics.Dataset.from_report(report), today)
    identity = validate_identity(build_demo_identity(report.table("Korban")), report, today).table(
        "Identitas"
    )
    return today, work, identity, privacy.identity_for_worklist(identity)


def pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_visit_list_names_people_only_with_the_identity_sheet(worklist_and_people):
    from present.visit_list import visit_list_pdf

    today, work, identity, masked = worklist_and_people
    officer = work["officer"].dropna().iloc[0]
    mine = work[work["officer"] == officer].head(8)
    people = identity[identity["survivor_id"].isin(mine["survivor_id"])]
    assert len(people) and people["nik"].notna().any()

    without = pdf_text(visit_list_pdf(mine, officer, today, "id"))
    assert i18n.t("visit.list_title", "id", officer=officer) in without
    assert all(sid in without for sid in mine["survivor_id"])
    assert not any(name in without for name in people["full_name"])
    assert not any(nik[-4:] in without for nik in people["nik"].dropna())

    named = pdf_text(visit_list_pdf(mine, officer, today, "id", masked))
    assert all(name in named for name in people["full_name"])
    for nik in people["nik"].dropna():
        assert nik not in named and nik[-4:] in named  # masked to its last four digits


def test_staff_download_the_visit_list_from_the_worklist():
    from tests.ui.test_pages import downloaded

    at = run_app(FOLLOW_UP)
    officer = at.selectbox(key="visit_list_officer").value
    name, content = downloaded(at, i18n.t("visit.list_download", "id"))
    assert name.endswith(".pdf") and content.startswith(b"%PDF")
    assert i18n.t("visit.list_title", "id", officer=officer) in pdf_text(content)


def test_leadership_gets_no_worklist_and_no_visit_list(monkeypatch):
    from ui import access

    monkeypatch.setattr(access, "current_role", lambda: "pimpinan")
    at = run_app(page=None)
    with pytest.raises(ValueError):
        at.switch_page(FOLLOW_UP)  # not in leadership's navigation
    assert not [b for b in at.button if b.label == i18n.t("visit.list_download", "id")]


# --------------------------------------------------------------------------- the officer pickers


def test_the_officer_pickers_list_named_officers_alphabetically_and_no_visit_yet_last():
    at = run_app(FOLLOW_UP)
    none_yet = i18n.t("follow_up.no_officer", "id")
    on_the_list = set(at.dataframe[0].value[i18n.column_label("officer", "id", "Pemantauan")])
    assert none_yet in on_the_list and len(on_the_list) > 2  # the demo has both kinds
    for picker in (at.selectbox(key="visit_list_officer"), at.multiselect(key="follow_up_officers")):
        options = list(picker.options)
        assert set(options) == on_the_list
        assert options[-1] == none_yet
        assert options[:-1] == sorted(options[:-1], key=str.casefold)
    assert at.selectbox(key="visit_list_officer").value != none_yet  # the list opens on a named officer


@pytest.mark.parametrize(
    ("officers", "expected"),
    [
        (["Pak Tono", "(belum ada)", "bu Ani", "Bu Sari"], ["bu Ani", "Bu Sari", "Pak Tono", "(belum ada)"]),
        (["Pak Tono", "Bu Sari", "Pak Tono"], ["Bu Sari", "Pak Tono"]),  # nobody without a visit
        (["(belum ada)"], ["(belum ada)"]),
        ([], []),
    ],
)
def test_officer_choices(officers, expected):
    from present.follow_up import officer_choices

    assert officer_choices(officers, "(belum ada)") == expected
