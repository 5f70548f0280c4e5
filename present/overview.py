"""Ringkasan: the headline tiles, the running totals with the pace ahead, and the rows errors left out (pure).

Each function takes the page context (`present.context.Context`: the filtered dataset, the
"as of" date, the language, the report) or the report, plus the section's own choices, and
returns what the page renders. The page calls them through `ui.memo`, so every session that
opens the same view shares one result; nothing here calls Streamlit.
"""

from __future__ import annotations

import plotly.graph_objects as go

from present import figures, kpi, sentences
from present.context import Context
from sheets import metrics
from sheets.validate import Report


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
        return (
            figures.cumulative_progress(yearly, None, ctx.lang),
            per_year,
            sentences.period_sentence(yearly, ctx.lang),
        )
    pace = metrics.pace(ctx.dataset, ctx.as_of)
    return (
        figures.cumulative_progress(yearly, pace, ctx.lang),
        per_year,
        sentences.pace_sentence(pace, ctx.lang),
    )


def rows_excluded(report: Report) -> int:
    """Rows left out of every figure because of an error."""
    return int(report.accounting()["rows_excluded"].sum())
