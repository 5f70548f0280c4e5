"""The worklist's visit form on the demo (no write-back: the row is offered to copy), through the real router."""

from __future__ import annotations

import pandas as pd
import pytest

from present import i18n
from sheets.messages import render_issues
from tests.ui.test_pages import run_app
from ui import data

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
