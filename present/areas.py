"""Wilayah: every kecamatan as a metrics frame, a chart and a table (pure).

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
from sheets import metrics


def areas(ctx: Context) -> tuple[pd.DataFrame, go.Figure, pd.DataFrame]:
    """Every kecamatan: the metrics frame, its chart and its table."""
    frame = metrics.by_district(ctx.dataset, ctx.as_of)
    return frame, figures.districts(frame, ctx.lang), tables.districts(frame, ctx.lang)
