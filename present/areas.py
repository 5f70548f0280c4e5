"""Wilayah: every kecamatan as a metrics frame, a chart and a table (pure).

Each function takes the page context (`present.context.Context`: the filtered dataset, the
"as of" date, the language, the report) or the report, plus the section's own choices, and
returns what the page renders. The page calls them through `ui.memo`, so every session that
opens the same view shares one result; nothing here calls Streamlit.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from present import figures, i18n, tables
from present.context import Context
from sheets import metrics


def areas(ctx: Context) -> tuple[pd.DataFrame, go.Figure, pd.DataFrame]:
    """Every kecamatan: the metrics frame, its chart and its table."""
    frame = metrics.by_district(ctx.dataset, ctx.as_of)
    return frame, districts(frame, ctx.lang), tables.districts(frame, ctx.lang)


# --------------------------------------------------------------------------- charts


def districts(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Known vs rehabilitated in every kecamatan of `frame` (all 31, zeros included), biggest gap on top."""
    rows = frame.iloc[::-1]  # plotly draws the first category at the bottom
    n, pct = i18n.number, i18n.percent
    hover = [
        figures.hover_lines(
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
    figures.overlay_bars(
        fig,
        [str(d) for d in rows["district"]],
        figures.as_ints(rows["known"]),
        figures.as_ints(rows["rehabilitated"]),
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
    return figures.base_layout(
        fig, title, lang, height=130 + 24 * len(frame), x_title=i18n.t("fig.survivors", lang)
    )
