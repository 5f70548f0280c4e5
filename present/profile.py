"""Profil: known vs rehabilitated per group, and identifications per year by group (pure).

Each function takes the page context (`present.context.Context`: the filtered dataset, the
"as of" date, the language, the report) or the report, plus the section's own choices, and
returns what the page renders. The page calls them through `ui.memo`, so every session that
opens the same view shares one result; nothing here calls Streamlit.
"""

from __future__ import annotations

import plotly.graph_objects as go

from present import figures
from present.context import Context
from present.markup import chart_columns
from sheets import metrics


def profile_category(ctx: Context, breakdown: str) -> go.Figure:
    """Known vs rehabilitated per value of one breakdown."""
    frame = metrics.by_category(ctx.dataset, ctx.as_of, breakdown)
    return figures.category(chart_columns(frame, breakdown), breakdown, ctx.lang)  # e.g. typed countries


def profile_trend(ctx: Context, split: str) -> go.Figure:
    """Identifications per year within the view's years, split by one breakdown."""
    first, last = ctx.dataset.year_span(ctx.as_of)
    trend = metrics.identified_by_year(ctx.dataset, ctx.as_of, split)
    return figures.identification_trend(
        chart_columns(trend[trend["year"].between(first, last)], "value"), split, ctx.lang
    )
