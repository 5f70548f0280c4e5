"""Program & hasil: follow-up, the activities, the money and the outcomes (pure).

Each function takes the page context (`present.context.Context`: the filtered dataset, the
"as of" date, the language, the report) or the report, plus the section's own choices, and
returns what the page renders. The page calls them through `ui.memo`, so every session that
opens the same view shares one result; nothing here calls Streamlit.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from present import figures, tables
from present.context import Context
from present.markup import chart_columns
from sheets import metrics


def programme_follow_up(ctx: Context) -> tuple[float | None, int, go.Figure]:
    """Share of businesses running, survivors due a visit and the checkpoint record (checkpoints once)."""
    ds, as_of = ctx.dataset, ctx.as_of
    cps = metrics.checkpoints(ds, as_of)
    return (
        metrics.business_running_share(ds, as_of),
        metrics.follow_up_due(ds, as_of, cps=cps),
        figures.checkpoint_record(metrics.missed_checkpoints(ds, as_of, cps=cps), ctx.lang),
    )


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
    return (
        figures.activity_timeline(chart_columns(summary, "name", "topic"), ctx.lang),
        tables.activities(summary, ctx.lang),
    )


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
    return (
        figures.outcomes(cohorts[cohorts["year"].between(first, last)], ctx.lang),
        figures.incomes(incomes[incomes["rehab_year"].between(first, last)], ctx.lang),
    )
