"""The worklist's visit form on the demo (no write-back: the row is offered to copy), through the real router."""

from __future__ import annotations

import pandas as pd
import pytest

from sheets.messages import render_issues
from tests.ui.test_pages import run_app
from ui import data, i18n

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
    reader = render_issues(pd.DataFrame({"code": ["invalid-money"], "value": ["1.50"], "params": [""],
                                         "column": ["Pendapatan per Bulan (Rp)"], "tab": ["Pemantauan"],
                                         "row": [1]}), "id")["message"].iloc[0]
    assert reader.rstrip(".") in shown  # the rule's own sentence (with its detail), as the quality page gives it
