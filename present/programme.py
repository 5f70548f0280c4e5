"""Program & hasil: follow-up, the activities, the money and the outcomes (pure).

Each function takes the page context (`present.context.Context`: the filtered dataset, the
"as of" date, the language, the report) or the report, plus the section's own choices, and
returns what the page renders. The page calls them through `ui.memo`, so every session that
opens the same view shares one result; nothing here calls Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import SupportsFloat

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from present import figures, i18n, tables
from present.context import Context
from present.markup import chart_columns
from sheets import metrics, schema


def programme_follow_up(ctx: Context) -> tuple[float | None, int]:
    """Share of businesses running and survivors due a visit: the page's two tiles."""
    ds, as_of = ctx.dataset, ctx.as_of
    return metrics.business_running_share(ds, as_of), metrics.follow_up_due(ds, as_of)


def programme_missed(ctx: Context) -> go.Figure:
    """The checkpoint record: visits made on time, late or not at all, per checkpoint."""
    return checkpoint_record(metrics.missed_checkpoints(ctx.dataset, ctx.as_of), ctx.lang)


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
        activity_timeline(chart_columns(summary, "name", "topic"), ctx.lang),
        tables.activities(summary, ctx.lang),
    )


def programme_money(ctx: Context) -> tuple[go.Figure, go.Figure]:
    """Spending per year (against the planned budget for the whole regency) and cost per survivor."""
    cost = metrics.cost_by_year(ctx.dataset, ctx.as_of)
    targets = ctx.dataset.targets if ctx.regency_wide else None
    return spending(cost, targets, ctx.lang), cost_per_survivor(cost, ctx.lang)


def programme_outcomes(ctx: Context) -> tuple[go.Figure, go.Figure]:
    """Outcomes per cohort and latest incomes, within the view's years."""
    ds, as_of = ctx.dataset, ctx.as_of
    first, last = ds.year_span(as_of)
    cohorts = metrics.outcomes_by_cohort(ds, as_of)
    latest = metrics.latest_incomes(ds, as_of)
    return (
        outcomes(cohorts[cohorts["year"].between(first, last)], ctx.lang),
        incomes(latest[latest["rehab_year"].between(first, last)], ctx.lang),
    )


# --------------------------------------------------------------------------- charts


_MILLION = 1_000_000


def _rupiah(values: Iterable[SupportsFloat | None], lang: str) -> list[str]:
    return [i18n.money(v, lang, compact=False) for v in values]


def activity_timeline(activities: pd.DataFrame, lang: str) -> go.Figure:
    """Each activity as a dot on its kind's line at its start date, sized by participants."""
    if activities.empty:
        return figures.empty_figure(i18n.t("fig.timeline.empty", lang), lang)
    fig = go.Figure()
    biggest = max(int(activities["participants"].max()), 1)
    # Each column once as a list, then the rows of each kind by position: a boolean selection of
    # the whole frame per kind, then `itertuples`, were most of this chart's cost.
    fields = ["name", "topic", "starts_on", "ends_on", "district", "participants", "completed"]
    columns = {c: activities[c].tolist() for c in fields}
    kinds = activities["kind"].to_numpy()
    for kind in [k for k in schema.ACTIVITY_KINDS if k in set(kinds)]:
        at = np.flatnonzero(kinds == kind)
        label = i18n.value_label(kind, lang)
        hover = [
            "<br>".join(
                [
                    f"<b>{name}</b>",
                    "" if i18n.is_missing(topic) else str(topic),
                    f"{figures.short_date(start, lang)} – {figures.short_date(end, lang)} · {district}",
                    (
                        f"{i18n.t('col.participants', lang)}: {i18n.number(people, lang)} · "
                        f"{i18n.t('col.completed', lang)}: {i18n.number(completed, lang)}"
                    ),
                ]
            )
            for name, topic, start, end, district, people, completed in (
                tuple(columns[c][i] for c in fields) for i in at
            )
        ]
        # Area, not diameter, grows with the number of participants.
        sizes = [8 + 26 * (int(columns["participants"][i]) / biggest) ** 0.5 for i in at]
        fig.add_scatter(
            x=[columns["starts_on"][i].date().isoformat() for i in at],
            y=[label] * len(at),
            mode="markers",
            name=label,
            marker={
                "color": figures.colour(kind),
                "size": sizes,
                "opacity": 0.85,
                "line": {"width": 1, "color": "white"},
            },
            **figures.rich_hover(hover),
        )
    title = i18n.t(
        "fig.timeline.title",
        lang,
        n=i18n.number(len(activities), lang),
        participants=i18n.number(activities["participants"].sum(), lang),
        year=int(activities["starts_on"].dt.year.min()),
    )
    return figures.base_layout(
        fig,
        title,
        lang,
        height=140 + 44 * len(fig.data),
        legend=False,
        xaxes={"type": "date", "tickformat": "%Y", "dtick": "M12", "showgrid": True},
        yaxes={"type": "category", "rangemode": None},
    )


def spending(cost: pd.DataFrame, targets: pd.DataFrame | None, lang: str) -> go.Figure:
    """Activity budgets plus aid per year (stacked), with the yearly budget from the Target tab when given."""
    spent = cost.dropna(subset=["spent"])
    if spent.empty:
        return figures.empty_figure(i18n.t("fig.spending.empty", lang), lang)
    years = figures.as_years(cost["year"])
    fig = go.Figure()
    for key, column in (("activity_budget", "budget"), ("aid", "aid")):
        name = i18n.t(f"fig.{key}", lang)
        fig.add_bar(
            x=years,
            y=figures.as_floats(cost[column], _MILLION),
            name=name,
            marker_color=figures.MEASURE[column],
            **figures.hover_of(name, years, _rupiah(cost[column], lang)),
        )
    if targets is not None and len(targets):
        planned = targets.set_index("year")["budget"].reindex(years)
        if planned.notna().any():
            name = i18n.t("fig.planned_budget", lang)
            fig.add_scatter(
                x=years,
                y=figures.as_floats(planned, _MILLION),
                name=name,
                mode="markers",
                marker={
                    **figures.LEVEL_MARKER,
                    "color": figures.MEASURE["planned"],
                    "line": {"width": 3, "color": figures.MEASURE["planned"]},
                },
                **figures.hover_of(name, years, _rupiah(planned, lang)),
            )
    last = spent.iloc[-1]
    title = i18n.t("fig.spending.title", lang, year=int(last["year"]), spent=i18n.money(last["spent"], lang))
    return figures.yearly_layout(
        fig, title, lang, years, y_title=i18n.t("fig.million", lang), layout={"barmode": "stack"}
    )


def cost_per_survivor(cost: pd.DataFrame, lang: str) -> go.Figure:
    """Budgets plus aid per survivor rehabilitated, per year."""
    known = cost.dropna(subset=["cost_per_rehabilitated"])
    if known.empty:
        return figures.empty_figure(i18n.t("fig.cost.empty", lang), lang)
    years = figures.as_years(known["year"])
    values = known["cost_per_rehabilitated"]
    name = i18n.t("fig.cost", lang)
    people = i18n.t("col.rehabilitated", lang).lower()
    details = [
        f"{money} · {i18n.number(r, lang)} {people}"
        for money, r in zip(_rupiah(values, lang), known["rehabilitated"])
    ]
    fig = go.Figure()
    fig.add_bar(
        x=years,
        y=figures.as_floats(values, _MILLION),
        name=name,
        marker_color=figures.MEASURE["cost"],
        text=[i18n.money(v, lang) for v in values],
        textposition="outside",
        cliponaxis=False,
        **figures.hover_of(name, years, details),
    )
    last = known.iloc[-1]
    title = i18n.t(
        "fig.cost.title", lang, year=int(last["year"]), cost=i18n.money(last["cost_per_rehabilitated"], lang)
    )
    return figures.yearly_layout(
        fig, title, lang, years, height=360, y_title=i18n.t("fig.million", lang), legend=False
    )


def outcomes(cohorts: pd.DataFrame, lang: str) -> go.Figure:
    """Per rehabilitation year: share with a running business, share living with family (latest visit)."""
    if cohorts.empty or int(cohorts["followed_up"].sum()) == 0:
        return figures.empty_figure(i18n.t("fig.outcomes.empty", lang), lang)
    years = figures.as_years(cohorts["year"])
    followed = i18n.t("fig.followed_up", lang)
    fig = go.Figure()
    for key, base in (("business_running", "followed_up"), ("with_family", "with_family_known")):
        name = i18n.t(f"fig.{key}", lang)
        shares = cohorts[f"{key}_share"]
        details = [
            f"{i18n.percent(s, lang)} ({i18n.number(n, lang)}/{i18n.number(b, lang)} {followed})"
            for s, n, b in zip(shares, cohorts[key], cohorts[base])
        ]
        fig.add_bar(
            x=years,
            y=figures.as_floats(shares),
            name=name,
            marker_color=figures.MEASURE[key],
            **figures.hover_of(name, years, details),
        )
    overall = int(cohorts["business_running"].sum()) / int(cohorts["followed_up"].sum())
    title = i18n.t("fig.outcomes.title", lang, share=i18n.percent(overall, lang))
    return figures.yearly_layout(
        fig,
        title,
        lang,
        years,
        x_title=i18n.t("fig.cohort", lang),
        y_title=i18n.t("fig.share", lang),
        yaxes={"tickformat": ".0%", "range": [0, 1.05]},
        layout={"barmode": "group"},
    )


def incomes(latest: pd.DataFrame, lang: str) -> go.Figure:
    """Distribution of the latest monthly income per cohort year (box plots, in thousand rupiah)."""
    if latest.empty:
        return figures.empty_figure(i18n.t("fig.income.empty", lang), lang)
    name = i18n.t("fig.income", lang)
    years = sorted(int(y) for y in latest["rehab_year"].dropna().unique())
    fig = go.Figure()
    for year in years:
        values = latest.loc[latest["rehab_year"] == year, "monthly_income"]
        fig.add_box(
            x=[year] * len(values),
            y=figures.as_floats(values, 1000),
            name=str(year),
            showlegend=False,
            marker_color=figures.MEASURE["income"],
            boxpoints="outliers",
            **figures.hover_of(name, [year] * len(values), _rupiah(values, lang)),
        )
    title = i18n.t("fig.income.title", lang, median=i18n.money(latest["monthly_income"].median(), lang))
    return figures.yearly_layout(
        fig,
        title,
        lang,
        years,
        x_title=i18n.t("fig.cohort", lang),
        y_title=i18n.t("fig.thousand_month", lang),
        legend=False,
    )


def checkpoint_record(table: pd.DataFrame, lang: str) -> go.Figure:
    """Per checkpoint (3, 6, 12 months): done on time, done late, missed (`metrics.missed_checkpoints`)."""
    total = int(table[["done", "done_late", "missed"]].to_numpy().sum()) if len(table) else 0
    if total == 0:
        return figures.empty_figure(i18n.t("fig.checkpoints.empty", lang), lang)
    labels = [i18n.t("fig.months", lang, n=int(m)) for m in table["checkpoint"]]
    fig = go.Figure()
    for state in ("done", "done_late", "missed"):
        name = i18n.t(f"value.state.{state}", lang)
        counts = figures.as_ints(table[state])
        fig.add_bar(
            y=labels,
            x=counts,
            orientation="h",
            name=name,
            marker_color=figures.colour(state),
            text=[i18n.number(c, lang) if c else "" for c in counts],
            textposition="inside",
            **figures.hover_of(name, labels, figures.count_texts(counts, lang)),
        )
    figures.relayout(fig, {"barmode": "stack"})
    figures.relayout(fig, yaxes={"type": "category", "autorange": "reversed", "rangemode": None})
    missed = int(table["missed"].sum())
    title = i18n.t(
        "fig.checkpoints.title",
        lang,
        missed=i18n.number(missed, lang),
        total=i18n.number(total, lang),
        share=i18n.percent(missed / total, lang),
    )
    return figures.base_layout(fig, title, lang, height=280, x_title=i18n.t("fig.checkpoints", lang))
