"""Ringkasan: the headline tiles, the running totals with the pace ahead, and the rows errors left out (pure).

Each function takes the page context (`present.context.Context`: the filtered dataset, the
"as of" date, the language, the report) or the report, plus the section's own choices, and
returns what the page renders. The page calls them through `ui.memo`, so every session that
opens the same view shares one result; nothing here calls Streamlit.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import plotly.graph_objects as go

from present import figures, i18n, kpi, sentences
from present.context import Context
from sheets import metrics
from sheets.metrics import Pace
from sheets.validate import Report


def overview_tiles(ctx: Context) -> list[kpi.Kpi]:
    """The headline tiles (the target only for the whole regency)."""
    return kpi.headline(ctx.dataset, ctx.as_of, ctx.lang, with_target=ctx.regency_wide)


def overview_charts(ctx: Context) -> tuple[go.Figure, go.Figure, str]:
    """Running totals with the lines ahead, rehabilitated per year, and the pace in a sentence.

    A view of past years says what happened in them (no projection from a past day).
    """
    yearly = metrics.by_year(ctx.dataset, ctx.as_of)
    per_year = yearly_rehabilitated(yearly, ctx.lang, with_targets=ctx.regency_wide)
    if ctx.past_view:
        return (
            cumulative_progress(yearly, None, ctx.lang),
            per_year,
            sentences.period_sentence(yearly, ctx.lang),
        )
    pace = metrics.pace(ctx.dataset, ctx.as_of)
    return (
        cumulative_progress(yearly, pace, ctx.lang),
        per_year,
        sentences.pace_sentence(pace, ctx.lang),
    )


def rows_excluded(report: Report) -> int:
    """Rows left out of every figure because of an error."""
    return int(report.accounting()["rows_excluded"].sum())


def cumulative_progress(yearly: pd.DataFrame, pace: Pace | None, lang: str) -> go.Figure:
    """Known vs rehabilitated survivors (running totals) per year; ahead, both at the recent pace and the pace needed.

    The year Y stands for 31 December of Y; the current year's point sits at the "as of" day,
    so the lines ahead rise exactly as the pace sentence says (`sheets.metrics.pace_from`).
    `pace=None` (a view of past years) draws no line ahead.
    """
    if yearly.empty or int(yearly["known_cumulative"].iloc[-1]) == 0:
        return figures.empty_figure(i18n.t("fig.cumulative.empty", lang), lang)
    years = figures.as_years(yearly["year"])
    known = figures.as_ints(yearly["known_cumulative"])
    rehab = figures.as_ints(yearly["rehabilitated_cumulative"])
    # Running totals are never missing (the frame is not empty: see above).
    known_total = int(yearly["known_cumulative"].iloc[-1])
    rehab_total = int(yearly["rehabilitated_cumulative"].iloc[-1])
    xs: list[float] = [float(y) for y in years]
    labels = [str(y) for y in years]
    if pace is not None and years[-1] == pace.as_of.year:
        xs[-1] = metrics.year_fraction(pace.as_of)
        labels[-1] = figures.short_date(pace.as_of, lang)
    fig = go.Figure()
    for key, measure, values in (
        ("known_cumulative", "known", known),
        ("rehabilitated_cumulative", "rehabilitated", rehab),
    ):
        name = i18n.t(f"fig.{key}", lang)
        fig.add_scatter(
            x=xs,
            y=values,
            name=name,
            mode="lines+markers",
            line={"color": figures.MEASURE[measure], "width": 3},
            **figures.hover_of(name, labels, figures.count_texts(values, lang)),
        )
    if pace is not None and pace.waiting > 0:
        _lines_ahead(fig, pace, xs[-1], known_total, rehab_total, lang)
    title = i18n.t(
        "fig.cumulative.title",
        lang,
        rehab=i18n.number(rehab_total, lang),
        known=i18n.number(known_total, lang),
        share=i18n.percent(rehab_total / known_total, lang),
    )
    axis = [years[0], math.ceil(max(max(trace.x) for trace in fig.data))]
    return figures.yearly_layout(fig, title, lang, axis, height=420, y_title=i18n.t("fig.survivors", lang))


# --------------------------------------------------------------------------- charts


def _lines_ahead(
    fig: go.Figure, pace: Pace, now: float, known_total: int, rehab_total: int, lang: str
) -> None:
    """Known and rehabilitated at the recent rates (dotted) until they meet, and the pace the target needs."""
    if pace.net_per_year > 0:
        end = now + min(pace.waiting / pace.net_per_year, figures.MAX_PROJECTION_YEARS)
    else:  # they never meet: show the years up to the target (or five years)
        end = float(pace.target_year) if pace.target_year and pace.target_year > now else now + 5
    for key, measure, start, rate in (
        ("fig.projection_known", "known", known_total, pace.identified_per_year),
        ("fig.projection", "projection", rehab_total, pace.per_year),
    ):
        ys = [start, start + rate * (end - now)]
        name = i18n.t(key, lang)
        fig.add_scatter(
            x=[now, end],
            y=ys,
            name=name,
            mode="lines",
            line={"color": figures.MEASURE[measure], "dash": "dot", "width": 3},
            **figures.hover_of(
                name,
                [_axis_label(now, lang), _axis_label(end, lang)],
                figures.count_texts([round(y) for y in ys], lang),
            ),
        )
    if pace.needed_per_year and pace.target_year and pace.needed_total is not None:
        name = i18n.t("fig.needed", lang)
        goal = known_total + (pace.expected_new or 0)
        fig.add_scatter(
            x=[now, float(pace.target_year)],
            y=[rehab_total, goal],
            name=name,
            mode="lines",
            line={"color": figures.MEASURE["needed"], "dash": "dashdot", "width": 2},
            **figures.hover_of(
                name,
                [_axis_label(now, lang), str(pace.target_year)],
                figures.count_texts([rehab_total, goal], lang),
            ),
        )


def _axis_label(x: float, lang: str) -> str:
    """A point of the yearly axis in words: the year it ends, or its month."""
    year = math.ceil(x - 1e-9)
    if abs(x - year) < 1e-9:
        return str(year)
    day = dt.date(year, 1, 1) + dt.timedelta(days=round((x - (year - 1)) * 365))
    return i18n.date(day, lang, "MMM y")


def yearly_rehabilitated(yearly: pd.DataFrame, lang: str, with_targets: bool = True) -> go.Figure:
    """Survivors rehabilitated each year as bars, the year's target as a marker (unless `with_targets`)."""
    if yearly.empty:
        return figures.empty_figure(i18n.t("fig.cumulative.empty", lang), lang)
    years = figures.as_years(yearly["year"])
    done = figures.as_ints(yearly["rehabilitated"])
    targets = figures.as_ints(yearly["target"]) if with_targets else [None] * len(years)
    name = i18n.t("fig.rehabilitated", lang)
    fig = go.Figure()
    # Above the bars: inside, a two-digit count does not fit a narrow bar and would be hidden.
    fig.add_bar(
        x=years,
        y=done,
        name=name,
        marker_color=figures.MEASURE["rehabilitated"],
        text=figures.count_texts(done, lang),
        textposition="outside",
        cliponaxis=False,
        **figures.hover_of(name, years, figures.count_texts(done, lang)),
    )
    if any(v is not None for v in targets):
        target = i18n.t("fig.target", lang)
        fig.add_scatter(
            x=years,
            y=targets,
            name=target,
            mode="markers",
            marker={
                **figures.LEVEL_MARKER,
                "color": figures.MEASURE["target"],
                "line": {"width": 3, "color": figures.MEASURE["target"]},
            },
            **figures.hover_of(target, years, figures.count_texts(targets, lang)),
        )
    year, n, goal = years[-1], i18n.number(done[-1], lang), targets[-1]
    if goal is None:
        title = i18n.t("fig.yearly.title", lang, year=year, n=n)
    else:
        title = i18n.t("fig.yearly.title_target", lang, year=year, n=n, target=i18n.number(goal, lang))
    return figures.yearly_layout(
        fig,
        title,
        lang,
        years,
        height=360,
        y_title=i18n.t("fig.survivors", lang),
        layout={"uniformtext": {"minsize": 10, "mode": "hide"}},  # no squeezed labels on short bars
    )
