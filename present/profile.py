"""Profil: known vs rehabilitated per group, and identifications per year by group (pure).

Each function takes the page context (`present.context.Context`: the filtered dataset, the
"as of" date, the language, the report) or the report, plus the section's own choices, and
returns what the page renders. The page calls them through `ui.memo`, so every session that
opens the same view shares one result; nothing here calls Streamlit.
"""

from __future__ import annotations

from typing import cast

import pandas as pd
import plotly.graph_objects as go

from present import figures, i18n
from present.context import Context
from present.markup import chart_columns
from sheets import metrics

FIRST_BREAKDOWN = "sex"  # the breakdown the profile page opens with


def profile_category(ctx: Context, breakdown: str) -> go.Figure:
    """Known vs rehabilitated per value of one breakdown."""
    frame = metrics.by_category(ctx.dataset, ctx.as_of, breakdown)
    return category(chart_columns(frame, breakdown), breakdown, ctx.lang)  # e.g. typed countries


def profile_trend(ctx: Context, split: str) -> go.Figure:
    """Identifications per year within the view's years, split by one breakdown."""
    first, last = ctx.dataset.year_span(ctx.as_of)
    trend = metrics.identified_by_year(ctx.dataset, ctx.as_of, split)
    return identification_trend(
        chart_columns(trend[trend["year"].between(first, last)], "value"), split, ctx.lang
    )


# --------------------------------------------------------------------------- charts


def _in_natural_order(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Rows in the breakdown's natural order (age bands, sex ...), missing last; else as given (by size)."""
    order = figures.CATEGORY_ORDER.get(column)
    if not order:
        return frame
    rank = {v: i for i, v in enumerate(order)}
    keys = frame[column].map(lambda v: len(rank) + 1 if i18n.is_missing(v) else rank.get(str(v), len(rank)))
    return frame.iloc[keys.argsort(kind="stable")]


def category(frame: pd.DataFrame, column: str, lang: str) -> go.Figure:
    """Known vs rehabilitated per value of one breakdown (`sheets.metrics.by_category`)."""
    if frame.empty or int(frame["known"].sum()) == 0:
        return figures.empty_figure(i18n.t("fig.category.empty", lang), lang)
    rows = _in_natural_order(frame, column).iloc[::-1]
    labels = [i18n.value_label(v, lang, column) for v in rows[column]]
    total = int(frame["known"].sum())
    n, pct = i18n.number, i18n.percent
    hover = [
        figures.hover_lines(
            label,
            [
                ("col.known", f"{n(k, lang)} ({pct(k / total, lang)})"),
                ("col.rehabilitated", n(r, lang)),
                ("col.coverage", pct(c, lang)),
            ],
            lang,
        )
        for label, k, r, c in zip(labels, rows["known"], rows["rehabilitated"], rows["coverage"])
    ]
    fig = go.Figure()
    figures.overlay_bars(
        fig, labels, figures.as_ints(rows["known"]), figures.as_ints(rows["rehabilitated"]), hover, lang
    )
    # The finding is about a recorded value: "not recorded" being largest says little about survivors.
    recorded = frame[frame[column].notna()]
    top = (recorded if len(recorded) else frame).sort_values("known", ascending=False, kind="stable").iloc[0]
    title = i18n.t(
        "fig.category.title",
        lang,
        value=i18n.value_label(top[column], lang, column),
        share=pct(int(top["known"]) / total, lang),
    )
    return figures.base_layout(
        fig, title, lang, height=max(240, 120 + 34 * len(frame)), x_title=i18n.t("fig.survivors", lang)
    )


def identification_trend(long: pd.DataFrame, column: str, lang: str) -> go.Figure:
    """Survivors identified per year, stacked by the values of `column` (`metrics.identified_by_year`)."""
    if long.empty or int(long["count"].sum()) == 0:
        return figures.empty_figure(i18n.t("fig.category.empty", lang), lang)
    per_year = long.groupby("year")["count"].sum()
    years = [int(y) for y in per_year.index]
    values = list(dict.fromkeys(long["value"].tolist()))
    order = figures.CATEGORY_ORDER.get(column)
    if order:
        values.sort(key=lambda v: order.index(str(v)) if str(v) in order else len(order))
    fig = go.Figure()
    for value in values:
        part = long[long["value"].isna()] if i18n.is_missing(value) else long[long["value"] == value]
        counts = figures.as_ints(part.groupby("year")["count"].sum().reindex(per_year.index, fill_value=0))
        label = i18n.value_label(value, lang, column)
        fig.add_bar(
            x=years,
            y=counts,
            name=label,
            marker_color=figures.colour(value, column),
            **figures.hover_of(label, years, figures.count_texts(counts, lang)),
        )
    figures.relayout(fig, {"barmode": "stack"})
    title = i18n.t(
        "fig.trend.title", lang, year=int(cast(int, per_year.idxmax())), n=i18n.number(per_year.max(), lang)
    )
    return figures.yearly_layout(fig, title, lang, years, height=400, y_title=i18n.t("fig.identified", lang))
