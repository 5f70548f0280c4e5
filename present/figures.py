"""Pure figure builders: a metrics frame in, a plotly Figure out (no `st.` calls).

Every figure's title states its finding ("90 of 480 known survivors
rehabilitated (19%)"); labels and hover text follow `lang`. Colours come from the
Okabe-Ito palette (safe for colour-blind readers) and each measure or category
keeps one colour in every chart. Values are passed as plain lists, so the
figure's JSON reads the same numbers the tables show.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import textwrap
import zlib
from collections.abc import Iterable, Sequence
from typing import SupportsFloat, SupportsInt

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from present import i18n
from sheets import metrics, schema
from sheets.metrics import AGE_BANDS, Pace
from sheets.release import PublicTable

# Okabe & Ito (2008), "Color Universal Design".
BLACK, ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILLION, PURPLE = (
    "#000000",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
)
OTHER, MISSING = "#6E6E6E", "#BBBBBB"
_CYCLE = (BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, BLACK, YELLOW)

# One colour per measure, in every chart.
MEASURE = {
    "known": SKY,
    "rehabilitated": GREEN,
    "waiting": ORANGE,
    "target": BLACK,
    "projection": GREEN,
    "needed": VERMILLION,
    "budget": BLUE,
    "aid": ORANGE,
    "planned": BLACK,
    "cost": PURPLE,
    "business_running": GREEN,
    "with_family": BLUE,
    "income": GREEN,
}
# The schema's colour names (`schema.Colour`) as values.
PALETTE = {
    "black": BLACK,
    "orange": ORANGE,
    "sky": SKY,
    "green": GREEN,
    "yellow": YELLOW,
    "blue": BLUE,
    "vermillion": VERMILLION,
    "purple": PURPLE,
    "other": OTHER,
}
# One colour per category value, in every chart: the contract's values as the schema gives them
# (`Column.colours`), then the values the app itself adds (flags, follow-up states, severities).
VALUE = {
    **{value: PALETTE[name] for value, name in schema.value_colours().items()},
    "True": VERMILLION,
    "False": BLUE,
    "done": GREEN,
    "done_late": ORANGE,
    "missed": VERMILLION,
    "due": YELLOW,
    "overdue": VERMILLION,
    "error": VERMILLION,
    "warning": ORANGE,
    "info": SKY,
}
_AGE_LABELS = tuple(label for _, _, label in AGE_BANDS)
# Where a value's colour comes from when it has none of its own: its place in the contract's list.
_ORDERED = {
    "exploitation": schema.EXPLOITATION,
    "referral_source": schema.REFERRAL,
    "destination": schema.DESTINATIONS,
    "age_group": _AGE_LABELS,
}
# Breakdowns shown in their natural order rather than by size.
CATEGORY_ORDER = {
    "age_group": _AGE_LABELS,
    "child": ("True", "False"),
    "sex": schema.SEX,
    "exploited_abroad": schema.LOCATION,
}
MAX_PROJECTION_YEARS = 40  # beyond this a projection says more about the axis than about the pace
_MILLION = 1_000_000


def colour(value: object, column: str = "") -> str:
    """A category value's colour: its own, else by its place in the contract's list, else stable by name."""
    if i18n.is_missing(value):
        return MISSING
    text = str(value)
    if text in VALUE:
        return VALUE[text]
    ordered = _ORDERED.get(column, ())
    index = ordered.index(text) if text in ordered else zlib.crc32(text.encode())
    return _CYCLE[index % len(_CYCLE)]


# --------------------------------------------------------------------------- shared layout


def _merge(into: dict, updates: dict) -> dict:
    """`updates` merged into `into` as `update_layout` merges: nested dicts key by key, else replaced."""
    for key, value in updates.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value
    return into


def _relayout(
    fig: go.Figure, layout: dict | None = None, *, xaxes: dict | None = None, yaxes: dict | None = None
) -> go.Figure:
    """`fig.update_layout(layout)`, then `update_xaxes(xaxes)`/`update_yaxes(yaxes)` on every axis, at once.

    Same result, a tenth of the time: plotly runs each `update_*` call through its change-tracking
    machinery (about 5 ms each, most of a figure's cost), while a whole layout set in one assignment
    is validated once. The template is left out and set anew (the same default).
    """
    current = fig.layout.to_plotly_json()
    current.pop("template", None)
    merged = _merge(current, copy.deepcopy(layout or {}))
    for prefix, updates in (("xaxis", xaxes), ("yaxis", yaxes)):
        if updates:
            names = [
                k for k in merged if k == prefix or (k.startswith(prefix) and k[len(prefix) :].isdigit())
            ]
            for name in names or [prefix]:
                merged[name] = _merge(merged.get(name) or {}, copy.deepcopy(updates))
    fig.layout = merged
    return fig


def _layout(
    fig: go.Figure,
    title: str,
    lang: str,
    *,
    height: int = 380,
    x_title: str = "",
    y_title: str = "",
    legend: bool = True,
) -> go.Figure:
    return _relayout(
        fig,
        {
            "title": {
                "text": title,
                "x": 0,
                "xanchor": "left",
                "y": 0.98,
                "yanchor": "top",
                "font": {"size": 16},
            },
            "separators": i18n.plot_separators(lang),
            "height": height,
            "showlegend": legend,
            "margin": {"l": 8, "r": 8, "t": 86 if legend else 56, "b": 8},
            "legend": {
                "orientation": "h",
                "x": 0,
                "xanchor": "left",
                "y": 1.0,
                "yanchor": "bottom",
                "title": None,
                "traceorder": "normal",
            },
            "hoverlabel": {"align": "left"},
            "bargap": 0.25,
        },
        xaxes={"title": x_title or None, "automargin": True},
        yaxes={"title": y_title or None, "automargin": True, "rangemode": "tozero"},
    )


def _yearly_layout(
    fig: go.Figure,
    title: str,
    lang: str,
    years: Sequence[int],
    *,
    height: int = 380,
    y_title: str = "",
    legend: bool = True,
    x_title: str = "",
) -> go.Figure:
    """A chart with years along the bottom: whole-year ticks, never 2017.5."""
    _layout(
        fig,
        title,
        lang,
        height=height,
        x_title=x_title or i18n.t("fig.year", lang),
        y_title=y_title,
        legend=legend,
    )
    span = max(years) - min(years) + 1 if len(years) else 0
    _relayout(fig, xaxes={"tickformat": "d", "dtick": 1 if span <= 8 else 2 if span <= 24 else 5})
    return fig


def _empty(title: str, lang: str) -> go.Figure:
    """A figure with nothing to plot: the title says so (pages show an st.info instead)."""
    fig = go.Figure()
    _relayout(fig, xaxes={"visible": False})
    _relayout(fig, yaxes={"visible": False})
    return _layout(fig, title, lang, height=200, legend=False)


def _ints(values: Iterable[SupportsInt | None]) -> list[int | None]:
    return [None if v is None or i18n.is_missing(v) else int(v) for v in values]


def _years(values: Iterable[SupportsInt]) -> list[int]:
    """A year column (never missing) as whole numbers."""
    return [int(v) for v in values]


def _floats(values: Iterable[SupportsFloat | None], scale: float = 1.0) -> list[float | None]:
    return [None if v is None or i18n.is_missing(v) else float(v) / scale for v in values]


def _hover(name: str, xs: Iterable[object], texts: Iterable[str]) -> dict[str, object]:
    """Trace arguments for a hover box: the series name, then "x: value" formatted for the language."""
    return {
        "customdata": [f"{x}: {text}" for x, text in zip(xs, texts)],
        "hovertemplate": f"{name}<br>%{{customdata}}<extra></extra>",
    }


def _rich_hover(lines: list[str]) -> dict[str, object]:
    """Trace arguments for a hover box of ready-made lines, one box per point."""
    return {"customdata": lines, "hovertemplate": "%{customdata}<extra></extra>"}


def _counts(values: Iterable[SupportsFloat | None], lang: str) -> list[str]:
    return [i18n.number(v, lang) for v in values]


def _short_date(value: object, lang: str) -> str:
    return i18n.date(value, lang, "d MMM y")


def _rupiah(values: Iterable[SupportsFloat | None], lang: str) -> list[str]:
    return [i18n.money(v, lang, compact=False) for v in values]


_LEVEL_MARKER = {"symbol": "line-ew-open", "size": 28}  # a short bar across: a level, not an amount


# --------------------------------------------------------------------------- progress


def cumulative_progress(yearly: pd.DataFrame, pace: Pace | None, lang: str) -> go.Figure:
    """Known vs rehabilitated survivors (running totals) per year; ahead, both at the recent pace and the pace needed.

    The year Y stands for 31 December of Y; the current year's point sits at the "as of" day,
    so the lines ahead rise exactly as the pace sentence says (`sheets.metrics.pace_from`).
    `pace=None` (a view of past years) draws no line ahead.
    """
    if yearly.empty or int(yearly["known_cumulative"].iloc[-1]) == 0:
        return _empty(i18n.t("fig.cumulative.empty", lang), lang)
    years = _years(yearly["year"])
    known = _ints(yearly["known_cumulative"])
    rehab = _ints(yearly["rehabilitated_cumulative"])
    # Running totals are never missing (the frame is not empty: see above).
    known_total = int(yearly["known_cumulative"].iloc[-1])
    rehab_total = int(yearly["rehabilitated_cumulative"].iloc[-1])
    xs: list[float] = [float(y) for y in years]
    labels = [str(y) for y in years]
    if pace is not None and years[-1] == pace.as_of.year:
        xs[-1] = metrics.year_fraction(pace.as_of)
        labels[-1] = _short_date(pace.as_of, lang)
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
            line={"color": MEASURE[measure], "width": 3},
            **_hover(name, labels, _counts(values, lang)),
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
    return _yearly_layout(fig, title, lang, axis, height=420, y_title=i18n.t("fig.survivors", lang))


def _lines_ahead(
    fig: go.Figure, pace: Pace, now: float, known_total: int, rehab_total: int, lang: str
) -> None:
    """Known and rehabilitated at the recent rates (dotted) until they meet, and the pace the target needs."""
    if pace.net_per_year > 0:
        end = now + min(pace.waiting / pace.net_per_year, MAX_PROJECTION_YEARS)
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
            line={"color": MEASURE[measure], "dash": "dot", "width": 3},
            **_hover(
                name, [_axis_label(now, lang), _axis_label(end, lang)], _counts([round(y) for y in ys], lang)
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
            line={"color": MEASURE["needed"], "dash": "dashdot", "width": 2},
            **_hover(
                name, [_axis_label(now, lang), str(pace.target_year)], _counts([rehab_total, goal], lang)
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
        return _empty(i18n.t("fig.cumulative.empty", lang), lang)
    years = _years(yearly["year"])
    done = _ints(yearly["rehabilitated"])
    targets = _ints(yearly["target"]) if with_targets else [None] * len(years)
    name = i18n.t("fig.rehabilitated", lang)
    fig = go.Figure()
    # Above the bars: inside, a two-digit count does not fit a narrow bar and would be hidden.
    fig.add_bar(
        x=years,
        y=done,
        name=name,
        marker_color=MEASURE["rehabilitated"],
        text=_counts(done, lang),
        textposition="outside",
        cliponaxis=False,
        **_hover(name, years, _counts(done, lang)),
    )
    if any(v is not None for v in targets):
        target = i18n.t("fig.target", lang)
        fig.add_scatter(
            x=years,
            y=targets,
            name=target,
            mode="markers",
            marker={
                **_LEVEL_MARKER,
                "color": MEASURE["target"],
                "line": {"width": 3, "color": MEASURE["target"]},
            },
            **_hover(target, years, _counts(targets, lang)),
        )
    year, n, goal = years[-1], i18n.number(done[-1], lang), targets[-1]
    if goal is None:
        title = i18n.t("fig.yearly.title", lang, year=year, n=n)
    else:
        title = i18n.t("fig.yearly.title_target", lang, year=year, n=n, target=i18n.number(goal, lang))
    _yearly_layout(fig, title, lang, years, height=360, y_title=i18n.t("fig.survivors", lang))
    _relayout(fig, {"uniformtext": {"minsize": 10, "mode": "hide"}})  # no squeezed labels on short bars
    return fig


# --------------------------------------------------------------------------- areas and profile


def _overlay_bars(
    fig: go.Figure,
    labels: list[str],
    known: list[int | None],
    rehab: list[int | None],
    hover: list[str],
    lang: str,
) -> None:
    """Known as a wide pale bar with rehabilitated inside it: the gap is the empty part."""
    for key, values, width in (("known", known, 0.8), ("rehabilitated", rehab, 0.45)):
        fig.add_bar(
            y=labels,
            x=values,
            orientation="h",
            name=i18n.t(f"fig.{key}", lang),
            width=width,
            marker={"color": MEASURE[key]},
            **_rich_hover(hover),
        )
    _relayout(
        fig,
        {"barmode": "overlay"},
        yaxes={"type": "category", "rangemode": None},
        xaxes={"rangemode": "tozero"},
    )


def _lines(title: str, pairs: Iterable[tuple[str, str]], lang: str) -> str:
    """One hover box: a bold title, then "label: value" lines with labels in `lang`."""
    return "<br>".join([f"<b>{title}</b>", *(f"{i18n.t(key, lang)}: {value}" for key, value in pairs)])


def districts(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Known vs rehabilitated in every kecamatan of `frame` (all 31, zeros included), biggest gap on top."""
    rows = frame.iloc[::-1]  # plotly draws the first category at the bottom
    n, pct = i18n.number, i18n.percent
    hover = [
        _lines(
            str(d),
            [
                ("col.known", n(k, lang)),
                ("col.rehabilitated", n(r, lang)),
                ("col.waiting", n(w, lang)),
                ("col.coverage", pct(c, lang)),
                ("col.activities", n(a, lang)),
            ],
            lang,
        )
        for d, k, r, w, c, a in rows[
            ["district", "known", "rehabilitated", "waiting", "coverage", "activities"]
        ].itertuples(index=False)
    ]
    fig = go.Figure()
    _overlay_bars(
        fig,
        [str(d) for d in rows["district"]],
        _ints(rows["known"]),
        _ints(rows["rehabilitated"]),
        hover,
        lang,
    )
    if len(frame) and int(frame["waiting"].iloc[0]) > 0:
        title = i18n.t(
            "fig.districts.title",
            lang,
            district=frame["district"].iloc[0],
            waiting=n(frame["waiting"].iloc[0], lang),
        )
    else:
        title = i18n.t("fig.districts.title_none", lang)
    return _layout(fig, title, lang, height=130 + 24 * len(frame), x_title=i18n.t("fig.survivors", lang))


def _in_natural_order(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Rows in the breakdown's natural order (age bands, sex ...), missing last; else as given (by size)."""
    order = CATEGORY_ORDER.get(column)
    if not order:
        return frame
    rank = {v: i for i, v in enumerate(order)}
    keys = frame[column].map(lambda v: len(rank) + 1 if i18n.is_missing(v) else rank.get(str(v), len(rank)))
    return frame.iloc[keys.argsort(kind="stable")]


def category(frame: pd.DataFrame, column: str, lang: str) -> go.Figure:
    """Known vs rehabilitated per value of one breakdown (`sheets.metrics.by_category`)."""
    if frame.empty or int(frame["known"].sum()) == 0:
        return _empty(i18n.t("fig.category.empty", lang), lang)
    rows = _in_natural_order(frame, column).iloc[::-1]
    labels = [i18n.value_label(v, lang, column) for v in rows[column]]
    total = int(frame["known"].sum())
    n, pct = i18n.number, i18n.percent
    hover = [
        _lines(
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
    _overlay_bars(fig, labels, _ints(rows["known"]), _ints(rows["rehabilitated"]), hover, lang)
    # The finding is about a recorded value: "not recorded" being largest says little about survivors.
    recorded = frame[frame[column].notna()]
    top = (recorded if len(recorded) else frame).sort_values("known", ascending=False, kind="stable").iloc[0]
    title = i18n.t(
        "fig.category.title",
        lang,
        value=i18n.value_label(top[column], lang, column),
        share=pct(int(top["known"]) / total, lang),
    )
    return _layout(
        fig, title, lang, height=max(240, 120 + 34 * len(frame)), x_title=i18n.t("fig.survivors", lang)
    )


def identification_trend(long: pd.DataFrame, column: str, lang: str) -> go.Figure:
    """Survivors identified per year, stacked by the values of `column` (`metrics.identified_by_year`)."""
    if long.empty or int(long["count"].sum()) == 0:
        return _empty(i18n.t("fig.category.empty", lang), lang)
    per_year = long.groupby("year")["count"].sum()
    years = [int(y) for y in per_year.index]
    values = list(dict.fromkeys(long["value"].tolist()))
    order = CATEGORY_ORDER.get(column)
    if order:
        values.sort(key=lambda v: order.index(str(v)) if str(v) in order else len(order))
    fig = go.Figure()
    for value in values:
        part = long[long["value"].isna()] if i18n.is_missing(value) else long[long["value"] == value]
        counts = _ints(part.groupby("year")["count"].sum().reindex(per_year.index, fill_value=0))
        label = i18n.value_label(value, lang, column)
        fig.add_bar(
            x=years,
            y=counts,
            name=label,
            marker_color=colour(value, column),
            **_hover(label, years, _counts(counts, lang)),
        )
    _relayout(fig, {"barmode": "stack"})
    title = i18n.t("fig.trend.title", lang, year=int(per_year.idxmax()), n=i18n.number(per_year.max(), lang))
    return _yearly_layout(fig, title, lang, years, height=400, y_title=i18n.t("fig.identified", lang))


# --------------------------------------------------------------------------- programme


def activity_timeline(activities: pd.DataFrame, lang: str) -> go.Figure:
    """Each activity as a dot on its kind's line at its start date, sized by participants."""
    if activities.empty:
        return _empty(i18n.t("fig.timeline.empty", lang), lang)
    fig = go.Figure()
    biggest = max(int(activities["participants"].max()), 1)
    for kind in [k for k in schema.ACTIVITY_KINDS if k in set(activities["kind"])]:
        rows = activities[activities["kind"] == kind]
        label = i18n.value_label(kind, lang)
        hover = [
            "<br>".join(
                [
                    f"<b>{name}</b>",
                    "" if i18n.is_missing(topic) else str(topic),
                    f"{_short_date(start, lang)} – {_short_date(end, lang)} · {district}",
                    (
                        f"{i18n.t('col.participants', lang)}: {i18n.number(people, lang)} · "
                        f"{i18n.t('col.completed', lang)}: {i18n.number(completed, lang)}"
                    ),
                ]
            )
            for name, topic, start, end, district, people, completed in rows[
                ["name", "topic", "starts_on", "ends_on", "district", "participants", "completed"]
            ].itertuples(index=False)
        ]
        # Area, not diameter, grows with the number of participants.
        sizes = [8 + 26 * (int(p) / biggest) ** 0.5 for p in rows["participants"]]
        fig.add_scatter(
            x=[d.isoformat() for d in rows["starts_on"].dt.date],
            y=[label] * len(rows),
            mode="markers",
            name=label,
            marker={
                "color": colour(kind),
                "size": sizes,
                "opacity": 0.85,
                "line": {"width": 1, "color": "white"},
            },
            **_rich_hover(hover),
        )
    title = i18n.t(
        "fig.timeline.title",
        lang,
        n=i18n.number(len(activities), lang),
        participants=i18n.number(activities["participants"].sum(), lang),
        year=int(activities["starts_on"].dt.year.min()),
    )
    _layout(fig, title, lang, height=140 + 44 * len(fig.data), legend=False)
    _relayout(fig, xaxes={"type": "date", "tickformat": "%Y", "dtick": "M12", "showgrid": True})
    _relayout(fig, yaxes={"type": "category", "rangemode": None})
    return fig


def spending(cost: pd.DataFrame, targets: pd.DataFrame | None, lang: str) -> go.Figure:
    """Activity budgets plus aid per year (stacked), with the yearly budget from the Target tab when given."""
    spent = cost.dropna(subset=["spent"])
    if spent.empty:
        return _empty(i18n.t("fig.spending.empty", lang), lang)
    years = _years(cost["year"])
    fig = go.Figure()
    for key, column in (("activity_budget", "budget"), ("aid", "aid")):
        name = i18n.t(f"fig.{key}", lang)
        fig.add_bar(
            x=years,
            y=_floats(cost[column], _MILLION),
            name=name,
            marker_color=MEASURE[column],
            **_hover(name, years, _rupiah(cost[column], lang)),
        )
    if targets is not None and len(targets):
        planned = targets.set_index("year")["budget"].reindex(years)
        if planned.notna().any():
            name = i18n.t("fig.planned_budget", lang)
            fig.add_scatter(
                x=years,
                y=_floats(planned, _MILLION),
                name=name,
                mode="markers",
                marker={
                    **_LEVEL_MARKER,
                    "color": MEASURE["planned"],
                    "line": {"width": 3, "color": MEASURE["planned"]},
                },
                **_hover(name, years, _rupiah(planned, lang)),
            )
    _relayout(fig, {"barmode": "stack"})
    last = spent.iloc[-1]
    title = i18n.t("fig.spending.title", lang, year=int(last["year"]), spent=i18n.money(last["spent"], lang))
    return _yearly_layout(fig, title, lang, years, y_title=i18n.t("fig.million", lang))


def cost_per_survivor(cost: pd.DataFrame, lang: str) -> go.Figure:
    """Budgets plus aid per survivor rehabilitated, per year."""
    known = cost.dropna(subset=["cost_per_rehabilitated"])
    if known.empty:
        return _empty(i18n.t("fig.cost.empty", lang), lang)
    years = _years(known["year"])
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
        y=_floats(values, _MILLION),
        name=name,
        marker_color=MEASURE["cost"],
        text=[i18n.money(v, lang) for v in values],
        textposition="outside",
        cliponaxis=False,
        **_hover(name, years, details),
    )
    last = known.iloc[-1]
    title = i18n.t(
        "fig.cost.title", lang, year=int(last["year"]), cost=i18n.money(last["cost_per_rehabilitated"], lang)
    )
    return _yearly_layout(
        fig, title, lang, years, height=360, y_title=i18n.t("fig.million", lang), legend=False
    )


def outcomes(cohorts: pd.DataFrame, lang: str) -> go.Figure:
    """Per rehabilitation year: share with a running business, share living with family (latest visit)."""
    if cohorts.empty or int(cohorts["followed_up"].sum()) == 0:
        return _empty(i18n.t("fig.outcomes.empty", lang), lang)
    years = _years(cohorts["year"])
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
            x=years, y=_floats(shares), name=name, marker_color=MEASURE[key], **_hover(name, years, details)
        )
    _relayout(fig, {"barmode": "group"})
    overall = int(cohorts["business_running"].sum()) / int(cohorts["followed_up"].sum())
    title = i18n.t("fig.outcomes.title", lang, share=i18n.percent(overall, lang))
    _yearly_layout(
        fig, title, lang, years, x_title=i18n.t("fig.cohort", lang), y_title=i18n.t("fig.share", lang)
    )
    _relayout(fig, yaxes={"tickformat": ".0%", "range": [0, 1.05]})
    return fig


def incomes(latest: pd.DataFrame, lang: str) -> go.Figure:
    """Distribution of the latest monthly income per cohort year (box plots, in thousand rupiah)."""
    if latest.empty:
        return _empty(i18n.t("fig.income.empty", lang), lang)
    name = i18n.t("fig.income", lang)
    years = sorted(int(y) for y in latest["rehab_year"].dropna().unique())
    fig = go.Figure()
    for year in years:
        values = latest.loc[latest["rehab_year"] == year, "monthly_income"]
        fig.add_box(
            x=[year] * len(values),
            y=_floats(values, 1000),
            name=str(year),
            showlegend=False,
            marker_color=MEASURE["income"],
            boxpoints="outliers",
            **_hover(name, [year] * len(values), _rupiah(values, lang)),
        )
    title = i18n.t("fig.income.title", lang, median=i18n.money(latest["monthly_income"].median(), lang))
    return _yearly_layout(
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
        return _empty(i18n.t("fig.checkpoints.empty", lang), lang)
    labels = [i18n.t("fig.months", lang, n=int(m)) for m in table["checkpoint"]]
    fig = go.Figure()
    for state in ("done", "done_late", "missed"):
        name = i18n.t(f"value.state.{state}", lang)
        counts = _ints(table[state])
        fig.add_bar(
            y=labels,
            x=counts,
            orientation="h",
            name=name,
            marker_color=colour(state),
            text=[i18n.number(c, lang) if c else "" for c in counts],
            textposition="inside",
            **_hover(name, labels, _counts(counts, lang)),
        )
    _relayout(fig, {"barmode": "stack"})
    _relayout(fig, yaxes={"type": "category", "autorange": "reversed", "rangemode": None})
    missed = int(table["missed"].sum())
    title = i18n.t(
        "fig.checkpoints.title",
        lang,
        missed=i18n.number(missed, lang),
        total=i18n.number(total, lang),
        share=i18n.percent(missed / total, lang),
    )
    return _layout(fig, title, lang, height=280, x_title=i18n.t("fig.checkpoints", lang))


# --------------------------------------------------------------------------- data quality


def issues_by_tab(issues: pd.DataFrame, tabs: Sequence[str], lang: str) -> go.Figure:
    """Problems per tab (in sheet order, top down), stacked by severity."""
    if issues.empty:
        return _empty(i18n.t("fig.issues.empty", lang), lang)
    labels = [i18n.tab_label(tab, lang) for tab in tabs]
    fig = go.Figure()
    for severity in ("error", "warning", "info"):
        counts = issues.loc[issues["severity"] == severity, "tab"].value_counts()
        counts = counts.reindex(list(tabs), fill_value=0)
        if not counts.any():
            continue
        name = i18n.t(f"value.severity.{severity}", lang)
        fig.add_bar(
            y=labels,
            x=_ints(counts),
            orientation="h",
            name=name,
            marker_color=colour(severity),
            **_hover(name, labels, _counts(counts, lang)),
        )
    _relayout(fig, {"barmode": "stack"})
    _relayout(fig, yaxes={"type": "category", "autorange": "reversed", "rangemode": None})
    title = i18n.t(
        "fig.issues.title",
        lang,
        n=i18n.number(len(issues), lang),
        errors=i18n.number(issues["severity"].eq("error").sum(), lang),
        warnings=i18n.number(issues["severity"].eq("warning").sum(), lang),
    )
    _layout(fig, title, lang, height=140 + 36 * len(tabs), x_title=i18n.t("fig.issues", lang))
    _relayout(fig, xaxes={"tickformat": "d", "rangemode": "tozero"})
    return fig


# --------------------------------------------------------------------------- public presentation
# Built from `sheets.release` public tables only. A hidden count is None in the chart's data (a
# gap, never a number) and its "<10"/"*" text in labels. Every trace says in `meta` what its
# numbers are, so the leakage test knows which arrays hold counts of people.
COUNT, SHARE, PLAN = "count", "share", "plan"
TOTAL_ROW = "Total"


def published(table: PublicTable, row: object, column: str, lang: str) -> str:
    """One public cell as shown: the number (or share) in the locale, else its `<10` / `*` marker."""
    value = table.frame.loc[row, column]
    if i18n.is_missing(value):
        return str(table.text.loc[row, column]) or "–"
    return i18n.percent(value, lang) if column == "coverage" else i18n.number(value, lang)


def _hidden_marks(
    fig: go.Figure, table: PublicTable, column: str, positions: Sequence[object], horizontal: bool = False
) -> None:
    """The marker text of every hidden cell of `column`, written at the foot of its bar or point."""
    for row, at in zip(table.frame.index, positions):
        if i18n.is_missing(table.frame.loc[row, column]) and table.text.loc[row, column]:
            xy = (
                {"x": 0, "y": at, "xanchor": "left"} if horizontal else {"x": at, "y": 0, "yanchor": "bottom"}
            )
            fig.add_annotation(
                **xy,
                text=str(table.text.loc[row, column]),
                showarrow=False,
                font={"color": OTHER, "size": 18},
            )


def public_progress(by_year: PublicTable, headline: dict, lang: str) -> go.Figure:
    """Known and rehabilitated survivors (running totals) per year, from the public yearly table."""
    if by_year.frame.empty:
        return _empty(i18n.t("fig.cumulative.empty", lang), lang)
    years = [int(y) for y in by_year.frame.index]
    fig = go.Figure()
    for key, measure in (("known_cumulative", "known"), ("rehabilitated_cumulative", "rehabilitated")):
        name = i18n.t(f"fig.{key}", lang)
        texts = [published(by_year, y, key, lang) for y in years]
        fig.add_scatter(
            x=years,
            y=_ints(by_year.frame[key]),
            name=name,
            mode="lines+markers",
            meta=COUNT,
            line={"color": MEASURE[measure], "width": 4},
            marker={"size": 9},
            **_hover(name, years, texts),
        )
        _hidden_marks(fig, by_year, key, years)
    text = headline["text"]
    share = "*" if headline["coverage"] is None else i18n.percent(headline["coverage"], lang)
    title = i18n.t(
        "fig.cumulative.title",
        lang,
        rehab=headline_count(headline, "rehabilitated", lang),
        known=headline_count(headline, "known", lang),
        share=share,
    )
    if text["known"] == "0":
        title = i18n.t("fig.cumulative.empty", lang)
    return _yearly_layout(fig, title, lang, years, height=420, y_title=i18n.t("fig.survivors", lang))


def headline_count(headline: dict, key: str, lang: str) -> str:
    """A headline count of `sheets.release.Release.headline` as shown: the number or its marker."""
    value = headline[key]
    return headline["text"][key] if value is None else i18n.number(value, lang)


def public_pace(by_year: PublicTable, lang: str) -> go.Figure:
    """Survivors rehabilitated each year (bars; hidden years show their marker) against the target."""
    if by_year.frame.empty:
        return _empty(i18n.t("fig.cumulative.empty", lang), lang)
    years = [int(y) for y in by_year.frame.index]
    texts = [published(by_year, y, "rehabilitated", lang) for y in years]
    done = _ints(by_year.frame["rehabilitated"])
    name = i18n.t("fig.rehabilitated", lang)
    fig = go.Figure()
    fig.add_bar(
        x=years,
        y=done,
        name=name,
        meta=COUNT,
        marker_color=MEASURE["rehabilitated"],
        text=[t if v is not None else "" for t, v in zip(texts, done)],
        textposition="outside",
        cliponaxis=False,
        **_hover(name, years, texts),
    )
    _hidden_marks(fig, by_year, "rehabilitated", years)
    targets = _ints(by_year.frame["target"])
    if any(v is not None for v in targets):
        target = i18n.t("fig.target", lang)
        fig.add_scatter(
            x=years,
            y=targets,
            name=target,
            mode="markers",
            meta=PLAN,
            marker={
                **_LEVEL_MARKER,
                "color": MEASURE["target"],
                "line": {"width": 3, "color": MEASURE["target"]},
            },
            **_hover(target, years, _counts(targets, lang)),
        )
    year, goal = years[-1], targets[-1]
    if goal is None:
        title = i18n.t("fig.yearly.title", lang, year=year, n=texts[-1])
    else:
        title = i18n.t(
            "fig.yearly.title_target", lang, year=year, n=texts[-1], target=i18n.number(goal, lang)
        )
    _yearly_layout(fig, title, lang, years, height=420, y_title=i18n.t("fig.survivors", lang))
    _relayout(fig, xaxes={"dtick": 1})  # every bar gets its year: a hidden year must be easy to tell apart
    return fig


def public_order(by_district: PublicTable) -> list[str]:
    """Kecamatan by known survivors (published numbers only), hidden ones then zeros by name.

    The public table's own order follows the unpublished waiting counts; re-sorting on what is
    shown keeps the order from hinting at a hidden cell.
    """
    frame = by_district.frame.drop(index=TOTAL_ROW, errors="ignore")

    def key(name: str) -> tuple:
        known = frame.loc[name, "known"]
        if i18n.is_missing(known):
            return (1, 0, name)
        return (0 if known else 2, -int(known), name)

    return sorted(frame.index, key=key)


def public_districts(by_district: PublicTable, lang: str, panels: int = 1) -> go.Figure:
    """Known vs rehabilitated in all 31 kecamatan, each labelled "rehabilitated / known (coverage)".

    `panels` > 1 splits the list, in order, over that many side-by-side panels on one shared
    scale (a slide shows all 31 at a projector's height).
    """
    order = public_order(by_district)
    per = max(1, -(-len(order) // max(1, panels)))
    chunks = [order[i : i + per] for i in range(0, len(order), per)] or [[]]
    fig = make_subplots(rows=1, cols=len(chunks), horizontal_spacing=0.1) if len(chunks) > 1 else go.Figure()
    longest = max([v for v in _ints(by_district.frame.loc[order, "known"]) if v is not None], default=10)
    labels: list[dict] = []
    for panel, chunk in enumerate(chunks, start=1):
        where = {"row": 1, "col": panel} if len(chunks) > 1 else {}
        rows = chunk[::-1]  # plotly draws the first category at the bottom
        known = _ints(by_district.frame.loc[rows, "known"])
        rehab = _ints(by_district.frame.loc[rows, "rehabilitated"])
        cell = {
            col: [published(by_district, r, col, lang) for r in rows] for col in ("known", "rehabilitated")
        }
        coverage = [
            by_district.text.loc[r, "coverage"] and published(by_district, r, "coverage", lang) for r in rows
        ]
        hover = [
            _lines(r, [("col.known", k), ("col.rehabilitated", h), ("col.coverage", c or "–")], lang)
            for r, k, h, c in zip(rows, cell["known"], cell["rehabilitated"], coverage)
        ]
        for key, values, width in (("known", known, 0.8), ("rehabilitated", rehab, 0.45)):
            fig.add_bar(
                y=rows,
                x=values,
                orientation="h",
                name=i18n.t(f"fig.{key}", lang),
                width=width,
                meta=COUNT,
                marker={"color": MEASURE[key]},
                showlegend=panel == 1,
                **_rich_hover(hover),
                **where,
            )
        axes = {"xref": f"x{panel}", "yref": f"y{panel}"} if panel > 1 else {}
        for row, k, label, share in zip(rows, known, cell["rehabilitated"], coverage):
            text = f"{label} / {published(by_district, row, 'known', lang)}" + (
                f" ({share})" if share else ""
            )
            labels.append(
                {
                    "x": k or 0,
                    "y": row,
                    "text": text,
                    "xanchor": "left",
                    "xshift": 4,
                    "showarrow": False,
                    "font": {"color": OTHER if k is None else BLACK},
                    **axes,
                }
            )
    # All 31 labels in one assignment (one `add_annotation` each took most of the figure's second).
    _relayout(
        fig,
        {"barmode": "overlay", "annotations": list(fig.layout.annotations) + labels},
        yaxes={"type": "category", "rangemode": None},
    )
    share = (
        published(by_district, TOTAL_ROW, "coverage", lang) if TOTAL_ROW in by_district.frame.index else "–"
    )
    title = i18n.t("fig.public.districts.title", lang, share=share or "*")
    _layout(fig, title, lang, height=130 + 24 * len(chunks[0]), x_title=i18n.t("fig.survivors", lang))
    # Room on the right for the longest label after the longest bar; one scale for every panel.
    _relayout(fig, xaxes={"range": [0, longest * 1.3]})
    return fig


def public_outcome(share: float | None, k: int, lang: str) -> go.Figure:
    """The share of followed-up rehabilitated survivors whose business runs, as a gauge (or why not)."""
    if share is None:
        return _empty(i18n.t("fig.public.outcome.hidden", lang, k=k), lang)
    fig = go.Figure(
        go.Indicator(
            mode="gauge+number",
            value=round(share * 100),
            meta=SHARE,
            number={"suffix": "%", "font": {"size": 64, "color": MEASURE["business_running"]}},
            gauge={
                "axis": {"range": [0, 100], "ticksuffix": "%"},
                "bar": {"color": MEASURE["business_running"]},
                "bgcolor": "#EEEEEE",
                "borderwidth": 0,
            },
        )
    )
    title = i18n.t("fig.outcomes.title", lang, share=i18n.percent(share, lang))
    _layout(fig, title, lang, height=360, legend=False)
    _relayout(fig, {"margin": {"l": 40, "r": 40, "t": 80, "b": 20}})
    return fig


# --------------------------------------------------------------------------- history


def quality_trend(trend: pd.DataFrame, lang: str) -> go.Figure:
    """Errors per tab in each recorded read (`sheets.history.History.quality_trend`): is quality improving?"""
    if trend.empty:
        return _empty(i18n.t("history.trend_empty", lang), lang)
    fig = go.Figure()
    for colour, (tab, part) in zip(_CYCLE * 3, trend.groupby("tab", sort=False)):
        label = i18n.tab_label(str(tab), lang)
        fig.add_scatter(
            x=list(part["read_at"]),
            y=list(part["errors"]),
            name=label,
            mode="lines+markers",
            line={"color": colour, "width": 3, "shape": "hv"},
            **_hover(label, [i18n.moment(t, lang) for t in part["read_at"]], _counts(part["errors"], lang)),
        )
    last = trend[trend["read_at"] == trend["read_at"].max()]
    _layout(
        fig,
        i18n.t("history.trend_title", lang, n=i18n.number(int(last["errors"].sum()), lang)),
        lang,
        height=360,
        y_title=i18n.t("history.errors", lang),
    )
    return _relayout(fig, xaxes={"tickformat": "%d/%m/%Y"})


# Fitting a figure to a phone (390 px wide: about 350 px of chart). Plotly neither wraps a title
# nor keeps it clear of its toolbar (the modebar, top right), so the title is wrapped here and
# starts below the toolbar's band, and the legend's rows as a phone would wrap them are reserved.
PHONE_CHART_PX = 340
TITLE_CHARS = 40  # a 16 px title line on a phone
_MODEBAR_PX = 30  # the toolbar's band at the top of every chart
_TITLE_LINE_PX = 21
_LEGEND_ROW_PX = 19


def _legend_rows(names: list[str], width: int = PHONE_CHART_PX) -> int:
    """How many rows a horizontal legend of `names` takes on a phone (12 px text, symbol and gap)."""
    rows, used = 1, 0.0
    for name in names:
        item = 48 + 6.5 * len(name)
        if used and used + item > width:
            rows, used = rows + 1, 0
        used += item
    return rows


def for_screen(figure: go.Figure) -> go.Figure:
    """A copy of `figure` that reads on a phone as on a desktop: the title wrapped and below the
    toolbar, the legend below the title with room for its rows, bar labels that fit or are left
    out (never overlapping).

    The copy is built from the traces and the layout without its template, then given the
    default one, as `_relayout` does: copying the template (`go.Figure(figure)`) validated every
    one of its properties again, and two `update_layout` calls went through plotly's change
    tracking, most of a chart's cost on every rerun.
    """
    layout = figure.layout
    title = layout.title.text or ""
    lines = textwrap.wrap(title, TITLE_CHARS, break_long_words=False) if title else []
    shown = (
        [t.name for t in figure.data if t.showlegend is not False and t.name]
        if layout.showlegend is not False
        else []
    )
    has_legend = len(shown) > (0 if layout.showlegend else 1)
    head = _MODEBAR_PX + len(lines) * _TITLE_LINE_PX + 10  # toolbar and title
    top = head + (_legend_rows(shown) * _LEGEND_ROW_PX + 6 if has_legend else 4)
    old_top = layout.margin.t if layout.margin.t is not None else 80
    height = (layout.height or 450) + max(0, top - old_top)  # the plot keeps its size
    updates: dict = {
        # Plotly lifts a title of several lines by half a line for each line after the first.
        "title": {
            "text": "<br>".join(lines),
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": _MODEBAR_PX + 6 + (len(lines) - 1) * _TITLE_LINE_PX // 2},
        },
        "margin": {"t": top},
        "height": height,
        "uniformtext": {"minsize": 10, "mode": "hide"},
    }
    if has_legend:  # under the title, growing downwards: a legend that wraps never covers the title
        updates["legend"] = {"yref": "container", "y": 1 - head / height, "yanchor": "top"}
    current = layout.to_plotly_json()
    template = current.pop("template", None)
    fig = go.Figure(data=figure.data, layout=_merge(copy.deepcopy(current), updates))
    if template is not None and fig.layout.template.to_plotly_json() != template:
        fig.layout.template = template  # not the default: keep it (validated, as the copy did)
    return fig


def _for_screen_by_copy(figure: go.Figure) -> go.Figure:
    """`for_screen` as it was first written (a whole copy, then `update_layout`): what tests compare with."""
    fig = go.Figure(figure)
    layout = fig.layout
    title = layout.title.text or ""
    lines = textwrap.wrap(title, TITLE_CHARS, break_long_words=False) if title else []
    shown = (
        [t.name for t in fig.data if t.showlegend is not False and t.name]
        if layout.showlegend is not False
        else []
    )
    has_legend = len(shown) > (0 if layout.showlegend else 1)
    head = _MODEBAR_PX + len(lines) * _TITLE_LINE_PX + 10  # toolbar and title
    top = head + (_legend_rows(shown) * _LEGEND_ROW_PX + 6 if has_legend else 4)
    old_top = layout.margin.t if layout.margin.t is not None else 80
    height = (layout.height or 450) + max(0, top - old_top)  # the plot keeps its size
    fig.update_layout(
        # Plotly lifts a title of several lines by half a line for each line after the first.
        title={
            "text": "<br>".join(lines),
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": _MODEBAR_PX + 6 + (len(lines) - 1) * _TITLE_LINE_PX // 2},
        },
        margin={"t": top},
        height=height,
        uniformtext={"minsize": 10, "mode": "hide"},
    )
    if has_legend:  # under the title, growing downwards: a legend that wraps never covers the title
        fig.update_layout(legend={"yref": "container", "y": 1 - head / height, "yanchor": "top"})
    return fig
