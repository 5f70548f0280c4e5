"""Page sections as data (pure): the metric tables, figures and sentences of one section at a time.

Each function takes the page context (the filtered dataset, the "as of" date, the
language, the report) plus the section's own choices, and returns what the page
renders. Pages call them through `ui.memo`, so every session that opens the same view
shares one result; nothing here calls Streamlit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from sheets import metrics
from sheets.validate import Report
from ui import figures, kpi, sentences, tables
from ui.markup import chart_columns

if TYPE_CHECKING:
    from ui.page import Context


# --------------------------------------------------------------------------- overview


def overview_tiles(ctx: Context) -> list[kpi.Kpi]:
    """The headline tiles (the target only for the whole regency)."""
    return kpi.headline(ctx.dataset, ctx.as_of, ctx.lang, with_target=ctx.regency_wide)


def overview_charts(ctx: Context) -> tuple[go.Figure, go.Figure, str]:
    """Running totals with the lines ahead, rehabilitated per year, and the pace in a sentence.

    A view of past years says what happened in them (no projection from a past day).
    """
    yearly = metrics.by_year(ctx.dataset, ctx.as_of)
    per_year = figures.yearly_rehabilitated(yearly, ctx.lang, with_targets=ctx.regency_wide)
    if ctx.past_view:
        return (figures.cumulative_progress(yearly, None, ctx.lang), per_year,
                sentences.period_sentence(yearly, ctx.lang))
    pace = metrics.pace(ctx.dataset, ctx.as_of)
    return figures.cumulative_progress(yearly, pace, ctx.lang), per_year, sentences.pace_sentence(pace, ctx.lang)


def rows_excluded(report: Report) -> int:
    """Rows left out of every figure because of an error."""
    return int(report.accounting()["rows_excluded"].sum())


# --------------------------------------------------------------------------- areas and profile


def areas(ctx: Context) -> tuple[pd.DataFrame, go.Figure, pd.DataFrame]:
    """Every kecamatan: the metrics frame, its chart and its table."""
    frame = metrics.by_district(ctx.dataset, ctx.as_of)
    return frame, figures.districts(frame, ctx.lang), tables.districts(frame, ctx.lang)


def profile_category(ctx: Context, breakdown: str) -> go.Figure:
    """Known vs rehabilitated per value of one breakdown."""
    frame = metrics.by_category(ctx.dataset, ctx.as_of, breakdown)
    return figures.category(chart_columns(frame, breakdown), breakdown, ctx.lang)  # e.g. typed countries


def profile_trend(ctx: Context, split: str) -> go.Figure:
    """Identifications per year within the view's years, split by one breakdown."""
    first, last = ctx.dataset.year_span(ctx.as_of)
    trend = metrics.identified_by_year(ctx.dataset, ctx.as_of, split)
    return figures.identification_trend(chart_columns(trend[trend["year"].between(first, last)], "value"),
                                        split, ctx.lang)


# --------------------------------------------------------------------------- programme


def programme_follow_up(ctx: Context) -> tuple[float | None, int, go.Figure]:
    """Share of businesses running, survivors due a visit and the checkpoint record (checkpoints once)."""
    ds, as_of = ctx.dataset, ctx.as_of
    cps = metrics.checkpoints(ds, as_of)
    return (metrics.business_running_share(ds, as_of), metrics.follow_up_due(ds, as_of, cps=cps),
            figures.checkpoint_record(metrics.missed_checkpoints(ds, as_of, cps=cps), ctx.lang))


def programme_timeline(ctx: Context) -> tuple[go.Figure, pd.DataFrame] | None:
    """The activities within the view's years as a timeline and a table; None when there are none."""
    ds = ctx.dataset
    if not len(ds.participants):  # activity_summary fails without any participation (data layer)
        return None
    first, last = ds.year_span(ctx.as_of)
    summary = metrics.activity_summary(ds, ctx.as_of)
    summary = summary[summary["starts_on"].dt.year.between(first, last)]
    if summary.empty:
        return None
    # Names and topics are typed by staff: plotly must show them, not read them as HTML.
    return (figures.activity_timeline(chart_columns(summary, "name", "topic"), ctx.lang),
            tables.activities(summary, ctx.lang))


def programme_money(ctx: Context) -> tuple[go.Figure, go.Figure]:
    """Spending per year (against the planned budget for the whole regency) and cost per survivor."""
    cost = metrics.cost_by_year(ctx.dataset, ctx.as_of)
    targets = ctx.dataset.targets if ctx.regency_wide else None
    return figures.spending(cost, targets, ctx.lang), figures.cost_per_survivor(cost, ctx.lang)


def programme_outcomes(ctx: Context) -> tuple[go.Figure, go.Figure]:
    """Outcomes per cohort and latest incomes, within the view's years."""
    ds, as_of = ctx.dataset, ctx.as_of
    first, last = ds.year_span(as_of)
    cohorts = metrics.outcomes_by_cohort(ds, as_of)
    incomes = metrics.latest_incomes(ds, as_of)
    return (figures.outcomes(cohorts[cohorts["year"].between(first, last)], ctx.lang),
            figures.incomes(incomes[incomes["rehab_year"].between(first, last)], ctx.lang))


# --------------------------------------------------------------------------- follow-up and quality


def worklist(ctx: Context, districts: tuple[str, ...] = (), officers: tuple[str, ...] = ()) -> dict:
    """The follow-up worklist, narrowed to `districts` and `officers` when given, and the choices offered."""
    work = metrics.follow_up_worklist(ctx.dataset, ctx.as_of)
    work = work.assign(officer=work["officer"].fillna(ctx.t("follow_up.no_officer")))
    choices = {"districts": sorted(work["district"].unique()), "officers": sorted(work["officer"].unique()),
               "any": not work.empty}
    if districts:
        work = work[work["district"].isin(districts)]
    if officers:
        work = work[work["officer"].isin(officers)]
    return {**choices, "rows": work, "survivors": int(work["survivor_id"].nunique()),
            "table": tables.worklist(work, ctx.lang)}


def issue_choices(report: Report) -> tuple[set[str], set[str], list[str]]:
    """The tabs, severities and rules that have issues (what the quality page's filters offer)."""
    issues = report.issues
    return set(issues["tab"]), set(issues["severity"]), sorted(issues["code"].unique())


def structure_issues(report: Report) -> pd.DataFrame:
    """Issues about a tab or column rather than a cell."""
    return report.issues[tables.is_structure(report.issues)]


def accounting(report: Report, lang: str) -> pd.DataFrame:
    """Rows read, used, excluded and blank per tab."""
    return tables.accounting(report.accounting(), report.present, lang)


def issue_counts(report: Report, lang: str) -> tuple[go.Figure, pd.DataFrame, pd.DataFrame]:
    """Problems per tab (chart and table) and per rule; only when there are issues."""
    issues, tabs = report.issues, list(report.counts)
    return (figures.issues_by_tab(issues, tabs, lang), tables.issue_counts(issues, tabs, lang),
            tables.rule_counts(issues, lang))


def issue_list(report: Report, lang: str, tabs: tuple[str, ...], severities: tuple[str, ...],
               rules: tuple[str, ...]) -> tuple[pd.DataFrame, bool]:
    """The issues narrowed to the chosen tabs, severities and rules, as shown; and whether any has a link."""
    selected = report.issues
    for column, chosen in (("tab", tabs), ("severity", severities), ("code", rules)):
        if chosen:
            selected = selected[selected[column].isin(chosen)]
    return tables.issues(selected, lang), bool(selected["link"].fillna("").ne("").any())
