"""Shared per-view results (ui.memo, the page modules of present) and the opt-in run log (ui.runlog)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from present import i18n, overview, profile, quality
from present.context import Bounds, Context, View
from sheets import metrics
from sheets.demo import build_demo
from sheets.metrics import Dataset, Filters
from sheets.validate import validate
from tests.ui import ROOT
from ui import data, memo, runlog

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def context() -> Context:
    report = validate(build_demo(TODAY), TODAY)
    view = View("id", TODAY, Filters())
    read = (data.SourceSpec("demo"), TODAY, dt.datetime(2026, 11, 28, 3, 0, tzinfo=dt.UTC))
    return Context(view, report, Dataset.from_report(report), Bounds(2015, TODAY), "staf", read)


def other_view(ctx: Context, **changes: object) -> Context:
    """`ctx` seen through another view (the dataset filtered to match, as open_page does)."""
    view = dataclasses.replace(ctx.view, **changes)
    return dataclasses.replace(ctx, view=view, dataset=ctx.dataset.filtered(view.filters))


def test_a_view_is_computed_once_and_shared(context: Context) -> None:
    calls = []

    def tiles(ctx: Context) -> list:
        calls.append(ctx.view)
        return overview.overview_tiles(ctx)

    tiles.__qualname__ = "test_a_view_is_computed_once_and_shared.tiles"
    first = memo.per_view(context, tiles)
    again = memo.per_view(dataclasses.replace(context), tiles)  # another session, same view
    assert again is first and len(calls) == 1
    narrowed = memo.per_view(other_view(context, filters=Filters(districts=("Cikedung",))), tiles)
    english = memo.per_view(other_view(context, lang="en"), tiles)
    assert len(calls) == 3 and narrowed is not first and english is not first
    assert english[0].label == i18n.t("kpi.known", "en")


def test_the_key_holds_extra_choices_and_the_read(context: Context) -> None:
    sex = memo.per_view(context, profile.profile_category, "sex")
    assert memo.per_view(context, profile.profile_category, "sex") is sex
    assert memo.per_view(context, profile.profile_category, "child") is not sex
    reread = dataclasses.replace(context, read=(*context.read[:2], context.read[2] + dt.timedelta(minutes=1)))
    assert memo.per_view(reread, profile.profile_category, "sex") is not sex


def test_metrics_are_shared_across_languages_and_match_the_data_layer(context: Context) -> None:
    known = memo.metric(context, metrics.known)
    assert known == metrics.known(context.dataset, TODAY)
    english = other_view(context, lang="en")
    assert memo.metric(english, metrics.by_district) is memo.metric(context, metrics.by_district)
    earlier = other_view(context, as_of=dt.date(2018, 12, 31))
    assert memo.metric(earlier, metrics.known) == metrics.known(context.dataset, dt.date(2018, 12, 31))


def test_per_read_ignores_the_view(context: Context) -> None:
    counts = memo.per_read(context, quality.issue_counts, "id")
    narrowed = other_view(context, filters=Filters(districts=("Cikedung",)))
    assert memo.per_read(narrowed, quality.issue_counts, "id") is counts
    assert memo.per_read(context, quality.issue_counts, "en") is not counts


def test_the_run_log_is_off_unless_asked(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv(runlog.ENV_RUN_LOG, raising=False)
    runlog.record("overview", runlog.start())  # nothing to write to, nothing happens
    log = tmp_path / "runs.jsonl"
    monkeypatch.setenv(runlog.ENV_RUN_LOG, str(log))
    runlog.record("overview", runlog.start())
    line = json.loads(log.read_text())
    assert line["page"] == "overview" and 0 <= line["seconds"] < 1 and "cpu_seconds" in line


def test_app_logs_each_run_with_its_page(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv(data.ENV_WORKBOOK, raising=False)
    log = tmp_path / "runs.jsonl"
    monkeypatch.setenv(runlog.ENV_RUN_LOG, str(log))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    assert [json.loads(line)["page"] for line in log.read_text().splitlines()] == ["public", "overview"]
