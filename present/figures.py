"""What every chart shares: the palette, the layout, hover text, the phone fit, and the public charts.

Each page's own charts live in its module (`present/overview.py` draws the running totals,
`present/programme.py` the money); they build on these primitives. Every figure's title states its finding ("90 of 480 known survivors
rehabilitated (19%)"); labels and hover text follow `lang`. Colours come from the
Okabe-Ito palette (safe for colour-blind readers) and each measure or category
keeps one colour in every chart. Values are passed as plain lists, so the
figure's JSON reads the same numbers the tables show.
"""

from __future__ import annotations

import copy
import functools
import math
import textwrap
import zlib
from collections.abc import Iterable, Sequence
from typing import Any, SupportsFloat, SupportsInt

import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from present import i18n
from sheets import schema
from sheets.metrics import AGE_BANDS
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
CYCLE = (BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, BLACK, YELLOW)

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


def colour(value: object, column: str = "") -> str:
    """A category value's colour: its own, else by its place in the contract's list, else stable by name."""
    if i18n.is_missing(value):
        return MISSING
    text = str(value)
    if text in VALUE:
        return VALUE[text]
    ordered = _ORDERED.get(column, ())
    index = ordered.index(text) if text in ordered else zlib.crc32(text.encode())
    return CYCLE[index % len(CYCLE)]


# --------------------------------------------------------------------------- shared layout


def _merge(into: dict, updates: dict) -> dict:
    """`updates` merged into `into` as `update_layout` merges: nested dicts key by key, else replaced."""
    for key, value in updates.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value
    return into


def relayout(
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


def base_layout(
    fig: go.Figure,
    title: str,
    lang: str,
    *,
    height: int = 380,
    x_title: str = "",
    y_title: str = "",
    legend: bool = True,
    xaxes: dict | None = None,
    yaxes: dict | None = None,
    layout: dict | None = None,
) -> go.Figure:
    """The common layout (title, legend, margins, axes) in one assignment.

    `layout`, `xaxes` and `yaxes` are merged over it as a `relayout` call after this one would
    merge them (a layout assignment validates the whole layout: each one saved is a few ms).
    """
    return relayout(
        fig,
        _merge(
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
            layout or {},
        ),
        xaxes=_merge({"title": x_title or None, "automargin": True}, xaxes or {}),
        yaxes=_merge({"title": y_title or None, "automargin": True, "rangemode": "tozero"}, yaxes or {}),
    )


def yearly_layout(
    fig: go.Figure,
    title: str,
    lang: str,
    years: Sequence[int],
    *,
    height: int = 380,
    y_title: str = "",
    legend: bool = True,
    x_title: str = "",
    yaxes: dict | None = None,
    layout: dict | None = None,
) -> go.Figure:
    """A chart with years along the bottom: whole-year ticks, never 2017.5 (one layout assignment;
    `yaxes` and `layout` as `base_layout` takes them)."""
    span = max(years) - min(years) + 1 if len(years) else 0
    return base_layout(
        fig,
        title,
        lang,
        height=height,
        x_title=x_title or i18n.t("fig.year", lang),
        y_title=y_title,
        legend=legend,
        xaxes={"tickformat": "d", "dtick": 1 if span <= 8 else 2 if span <= 24 else 5},
        yaxes=yaxes,
        layout=_merge({"margin": _yearly_margin(fig, bool(y_title), yaxes or {})}, layout or {}),
    )


def _yearly_margin(fig: go.Figure, y_title: bool, yaxes: dict) -> dict[str, int]:
    """Margins the axes of a yearly chart fit in: years below, counts on the left.

    Plotly's automatic margins (kept on) draw a chart a second time whenever its labels need more
    room than the margins it was given, and every chart is drawn anew when its figures change: a
    chart given room for its labels is drawn once. Wider labels (a prefix, a currency) still get
    their room, through a second draw. Calibrated in Chromium: the count axis takes 51 px plus
    6 px per character of its longest tick label, the year axis 63 px; each is given 3 px more,
    and the right side room for half of the last year's label.
    """
    values = [
        abs(v)
        for trace in fig.data
        for v in (getattr(trace, "y", None) or ())
        if isinstance(v, (int, float)) and math.isfinite(v)
    ]
    digits = len(str(int(max(values, default=0) * 1.1)))
    chars = digits if digits <= 4 else digits - 2  # 10000 and more: plotly writes "10k"
    chars += len(str(yaxes.get("tickprefix") or "")) + len(str(yaxes.get("ticksuffix") or ""))
    return {"l": (54 if y_title else 34) + 6 * chars, "b": 66, "r": 24}


def empty_figure(title: str, lang: str) -> go.Figure:
    """A figure with nothing to plot: the title says so (pages show an st.info instead)."""
    fig = go.Figure()
    relayout(fig, xaxes={"visible": False})
    relayout(fig, yaxes={"visible": False})
    return base_layout(fig, title, lang, height=200, legend=False)


def as_floats(values: Iterable[SupportsFloat | None], scale: float = 1.0) -> list[float | None]:
    return [None if v is None or i18n.is_missing(v) else float(v) / scale for v in values]


def as_ints(values: Iterable[SupportsInt | None]) -> list[int | None]:
    return [None if v is None or i18n.is_missing(v) else int(v) for v in values]


def as_years(values: Iterable[SupportsInt]) -> list[int]:
    """A year column (never missing) as whole numbers."""
    return [int(v) for v in values]


def hover_of(name: str, xs: Iterable[object], texts: Iterable[str]) -> dict[str, object]:
    """Trace arguments for a hover box: the series name, then "x: value" formatted for the language."""
    return {
        "customdata": [f"{x}: {text}" for x, text in zip(xs, texts)],
        "hovertemplate": f"{name}<br>%{{customdata}}<extra></extra>",
    }


def rich_hover(lines: list[str]) -> dict[str, object]:
    """Trace arguments for a hover box of ready-made lines, one box per point."""
    return {"customdata": lines, "hovertemplate": "%{customdata}<extra></extra>"}


def count_texts(values: Iterable[SupportsFloat | None], lang: str) -> list[str]:
    return [i18n.number(v, lang) for v in values]


def short_date(value: Any, lang: str) -> str:
    return i18n.date(value, lang, "d MMM y")


LEVEL_MARKER = {"symbol": "line-ew-open", "size": 28}  # a short bar across: a level, not an amount


# --------------------------------------------------------------------------- progress


# --------------------------------------------------------------------------- areas and profile


def overlay_bars(
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
            **rich_hover(hover),
        )
    relayout(
        fig,
        {"barmode": "overlay"},
        yaxes={"type": "category", "rangemode": None},
        xaxes={"rangemode": "tozero"},
    )


def hover_lines(title: str, pairs: Iterable[tuple[str, str]], lang: str) -> str:
    """One hover box: a bold title, then "label: value" lines with labels in `lang`."""
    return "<br>".join([f"<b>{title}</b>", *(f"{i18n.t(key, lang)}: {value}" for key, value in pairs)])


# --------------------------------------------------------------------------- programme


# --------------------------------------------------------------------------- data quality


# --------------------------------------------------------------------------- public presentation
# Built from `sheets.release` public tables only. A hidden count is None in the chart's data (a
# gap, never a number) and its "<10"/"*" text in labels. Every trace says in `meta` what its
# numbers are, so the leakage test knows which arrays hold counts of people.
COUNT, SHARE, PLAN = "count", "share", "plan"
TOTAL_ROW = "Total"


def published(table: PublicTable, row: Any, column: str, lang: str) -> str:
    """One public cell as shown: the number (or share) in the locale, else its `<10` / `*` marker."""
    value: Any = table.frame.at[row, column]
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
        return empty_figure(i18n.t("fig.cumulative.empty", lang), lang)
    years = [int(y) for y in by_year.frame.index]
    fig = go.Figure()
    for key, measure in (("known_cumulative", "known"), ("rehabilitated_cumulative", "rehabilitated")):
        name = i18n.t(f"fig.{key}", lang)
        texts = [published(by_year, y, key, lang) for y in years]
        fig.add_scatter(
            x=years,
            y=as_ints(by_year.frame[key]),
            name=name,
            mode="lines+markers",
            meta=COUNT,
            line={"color": MEASURE[measure], "width": 4},
            marker={"size": 9},
            **hover_of(name, years, texts),
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
    return yearly_layout(fig, title, lang, years, height=420, y_title=i18n.t("fig.survivors", lang))


def headline_count(headline: dict, key: str, lang: str) -> str:
    """A headline count of `sheets.release.Release.headline` as shown: the number or its marker."""
    value = headline[key]
    return headline["text"][key] if value is None else i18n.number(value, lang)


def public_pace(by_year: PublicTable, lang: str) -> go.Figure:
    """Survivors rehabilitated each year (bars; hidden years show their marker) against the target."""
    if by_year.frame.empty:
        return empty_figure(i18n.t("fig.cumulative.empty", lang), lang)
    years = [int(y) for y in by_year.frame.index]
    texts = [published(by_year, y, "rehabilitated", lang) for y in years]
    done = as_ints(by_year.frame["rehabilitated"])
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
        **hover_of(name, years, texts),
    )
    _hidden_marks(fig, by_year, "rehabilitated", years)
    targets = as_ints(by_year.frame["target"])
    if any(v is not None for v in targets):
        target = i18n.t("fig.target", lang)
        fig.add_scatter(
            x=years,
            y=targets,
            name=target,
            mode="markers",
            meta=PLAN,
            marker={
                **LEVEL_MARKER,
                "color": MEASURE["target"],
                "line": {"width": 3, "color": MEASURE["target"]},
            },
            **hover_of(target, years, count_texts(targets, lang)),
        )
    year, goal = years[-1], targets[-1]
    if goal is None:
        title = i18n.t("fig.yearly.title", lang, year=year, n=texts[-1])
    else:
        title = i18n.t(
            "fig.yearly.title_target", lang, year=year, n=texts[-1], target=i18n.number(goal, lang)
        )
    yearly_layout(fig, title, lang, years, height=420, y_title=i18n.t("fig.survivors", lang))
    relayout(fig, xaxes={"dtick": 1})  # every bar gets its year: a hidden year must be easy to tell apart
    return fig


def public_order(by_district: PublicTable) -> list[str]:
    """Kecamatan by known survivors (published numbers only), hidden ones then zeros by name.

    The public table's own order follows the unpublished waiting counts; re-sorting on what is
    shown keeps the order from hinting at a hidden cell.
    """
    frame = by_district.frame.drop(index=TOTAL_ROW, errors="ignore")

    def key(name: str) -> tuple:
        known: Any = frame.at[name, "known"]
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
    longest = max([v for v in as_ints(by_district.frame.loc[order, "known"]) if v is not None], default=10)
    labels: list[dict] = []
    for panel, chunk in enumerate(chunks, start=1):
        where = {"row": 1, "col": panel} if len(chunks) > 1 else {}
        rows = chunk[::-1]  # plotly draws the first category at the bottom
        known = as_ints(by_district.frame.loc[rows, "known"])
        rehab = as_ints(by_district.frame.loc[rows, "rehabilitated"])
        cell = {
            col: [published(by_district, r, col, lang) for r in rows] for col in ("known", "rehabilitated")
        }
        coverage = [
            published(by_district, r, "coverage", lang) if by_district.text.loc[r, "coverage"] else ""
            for r in rows
        ]
        hover = [
            hover_lines(r, [("col.known", k), ("col.rehabilitated", h), ("col.coverage", c or "–")], lang)
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
                **rich_hover(hover),
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
    relayout(
        fig,
        {"barmode": "overlay", "annotations": list(fig.layout.annotations) + labels},
        yaxes={"type": "category", "rangemode": None},
    )
    share = (
        published(by_district, TOTAL_ROW, "coverage", lang) if TOTAL_ROW in by_district.frame.index else "–"
    )
    title = i18n.t("fig.public.districts.title", lang, share=share or "*")
    base_layout(fig, title, lang, height=130 + 24 * len(chunks[0]), x_title=i18n.t("fig.survivors", lang))
    # Room on the right for the longest label after the longest bar; one scale for every panel.
    relayout(fig, xaxes={"range": [0, longest * 1.3]})
    return fig


def public_outcome(share: float | None, k: int, lang: str) -> go.Figure:
    """The share of followed-up rehabilitated survivors whose business runs, as a gauge (or why not)."""
    if share is None:
        return empty_figure(i18n.t("fig.public.outcome.hidden", lang, k=k), lang)
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
    base_layout(fig, title, lang, height=360, legend=False)
    relayout(fig, {"margin": {"l": 40, "r": 40, "t": 80, "b": 20}})
    return fig


# --------------------------------------------------------------------------- history


# Fitting a figure to a phone (390 px wide: about 350 px of chart). Plotly neither wraps a title
# nor keeps it clear of its toolbar (the modebar, top right), so the title is wrapped here and
# starts below the toolbar's band, and the legend's rows as a phone would wrap them are reserved.
PHONE_CHART_PX = 340
TITLE_CHARS = 40  # a 16 px title line on a phone
_MODEBAR_PX = 30  # the toolbar's band at the top of every chart
_TITLE_LINE_PX = 21
_LEGEND_ROW_PX = 19
# Below a horizontal legend's last row: less, and plotly's automatic margins push the plot down
# and draw it again (a second draw on every chart that arrives).
_LEGEND_PAD_PX = 30


def _legend_rows(names: list[str], width: int = PHONE_CHART_PX) -> int:
    """How many rows a horizontal legend of `names` takes on a phone (12 px text, symbol and gap)."""
    rows, used = 1, 0.0
    for name in names:
        item = 48 + 6.5 * len(name)
        if used and used + item > width:
            rows, used = rows + 1, 0
        used += item
    return rows


@functools.cache
def _default_template(name: str) -> dict:
    """The default template (plotly's `pio.templates.default`, `name`) as a figure's JSON has it:
    written out once, not for every figure fitted to the screen."""
    return go.Figure().layout.template.to_plotly_json()


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
    top = head + (_legend_rows(shown) * _LEGEND_ROW_PX + _LEGEND_PAD_PX if has_legend else 4)
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
    if template is not None and template != _default_template(pio.templates.default):
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
    top = head + (_legend_rows(shown) * _LEGEND_ROW_PX + _LEGEND_PAD_PX if has_legend else 4)
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
