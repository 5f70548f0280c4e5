"""The app keeps every good read in its history store, and a store it cannot write never blocks a page."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from sheets import store
from sheets.history import History
from tests.ui import ROOT
from ui import access, data, i18n

TIMEOUT = 60


@pytest.fixture(autouse=True)
def fresh_reads(monkeypatch):
    """The demo as source, each test reading it anew."""
    monkeypatch.delenv(data.ENV_WORKBOOK, raising=False)
    data.clear()
    yield
    data.clear()
    store.forget()


def run_overview(monkeypatch, role: str = "staf") -> AppTest:
    monkeypatch.setattr(access, "current_role", lambda: role)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception, at.exception
    return at


def test_each_read_of_the_app_is_recorded_once(monkeypatch, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    monkeypatch.setenv(store.ENV_URL, url)
    run_overview(monkeypatch)
    reads = History(url).reads()
    assert len(reads) == 1  # the demo read, recorded when it was read
    data.clear()  # the next read (same cells) only adds a "seen at"
    run_overview(monkeypatch)
    again = History(url).reads()
    assert len(again) == 1 and again["content_hash"].iloc[0] == reads["content_hash"].iloc[0]
    assert again["seen"].iloc[0] == reads["seen"].iloc[0] + 1


def test_a_store_that_cannot_be_written_is_a_notice_for_staff_only(monkeypatch, tmp_path) -> None:
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the store's folder should be")
    monkeypatch.setenv(store.ENV_URL, f"sqlite:///{blocked / 'history.sqlite'}")
    at = run_overview(monkeypatch)
    notices = [w.value for w in at.warning if w.value.startswith(i18n.t("history.not_recorded", "id",
                                                                      reason="@").split("@")[0])]
    assert len(notices) == 1
    assert at.metric  # the figures are still there
    public = run_overview(monkeypatch, role="pimpinan")
    assert not [w for w in public.warning if "riwayat" in w.value]
