"""The overview's "what if" control and registered-vs-reported section, through the real router (AppTest)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from present import i18n
from present import planning as words
from sheets import planning
from sheets.demo import build_demo
from sheets.metrics import Dataset
from sheets.validate import validate
from tests.ui.test_pages import by_year, run_app, trace
from ui import data
from ui.planning_section import RATE_KEY


@pytest.fixture(autouse=True)
def demo_source(monkeypatch):
    monkeypatch.delenv(data.ENV_WORKBOOK, raising=False)


@pytest.fixture(scope="module")
def demo() -> tuple[Dataset, dt.date]:
    today = data.today()
    return Dataset.from_report(validate(build_demo(today), today)), today


def sentences(at) -> list[str]:
    return [m.value for m in at.markdown]


def test_moving_the_control_changes_the_sentence(demo):
    ds, today = demo
    at = run_app()
    slider = at.slider(key=RATE_KEY)
    start = slider.value
    before = words.what_if_sentence(planning.plan(ds, today, start), "id")
    assert before in sentences(at)

    faster = start + 40
    slider.set_value(faster).run()
    assert not at.exception, at.exception
    after = words.what_if_sentence(planning.plan(ds, today, faster), "id")
    assert after != before and after in sentences(at) and before not in sentences(at)
    assert f"Dengan {faster} rehabilitasi per tahun" in after


def test_a_rate_below_identifications_says_the_list_never_closes(demo):
    ds, today = demo
    at = run_app(lang="en")
    at.slider(key=RATE_KEY).set_value(0).run()
    assert not at.exception, at.exception
    text = next(s for s in sentences(at) if s.startswith("At 0 rehabilitations a year"))
    assert "never closes" in text and "reached in" not in text
    assert planning.plan(ds, today, 0).reached_year is None


def test_registered_and_reported_are_drawn_from_the_target_tab(demo):
    ds, today = demo
    frame = planning.registered_and_reported(ds, today)
    assert len(frame) >= 5  # the demo's Target tab gives Korban Terlapor for its years
    at = run_app()
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    reported = trace(specs, i18n.t("plan.reported", "id"), "bar")
    registered = trace(specs, i18n.t("plan.registered", "id"), "bar")
    assert by_year(reported) == dict(zip(frame["year"], frame["reported"]))
    assert by_year(registered) == dict(zip(frame["year"], frame["registered"]))
    assert words.reported_sentence(frame, "id") in sentences(at)


def test_the_public_page_shows_reported_survivors_from_the_release_only(demo):
    """The public table is the release's cells (as of the release date), not the live figures."""
    from sheets import release

    ds, today = demo
    rel = release.build_release(ds, release.release_as_of(today), 10)
    at = run_app(page=None)  # the default page: the public presentation
    (table,) = [d.value for d in at.dataframe if i18n.t("plan.reported", "id") in d.value.columns]
    expected = {
        str(y): rel.by_year.text.loc[y, "reported"]
        for y in rel.by_year.text.index
        if rel.by_year.text.loc[y, "reported"] != ""
    }
    assert dict(zip(table[i18n.t("fig.year", "id")], table[i18n.t("plan.reported", "id")])) == expected
    assert list(table[i18n.t("plan.registered", "id")]) == [
        rel.by_year.text.loc[int(y), "known"] for y in expected
    ]
