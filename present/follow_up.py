"""Tindak lanjut: the worklist of visits due, narrowed as the page asks (pure).

Each function takes the page context (`present.context.Context`: the filtered dataset, the
"as of" date, the language, the report) or the report, plus the section's own choices, and
returns what the page renders. The page calls them through `ui.memo`, so every session that
opens the same view shares one result; nothing here calls Streamlit.
"""

from __future__ import annotations

from present import tables
from present.context import Context
from sheets import metrics


def worklist(ctx: Context, districts: tuple[str, ...] = (), officers: tuple[str, ...] = ()) -> dict:
    """The follow-up worklist, narrowed to `districts` and `officers` when given, and the choices offered."""
    work = metrics.follow_up_worklist(ctx.dataset, ctx.as_of)
    work = work.assign(officer=work["officer"].fillna(ctx.t("follow_up.no_officer")))
    choices = {
        "districts": sorted(work["district"].unique()),
        "officers": sorted(work["officer"].unique()),
        "any": not work.empty,
    }
    if districts:
        work = work[work["district"].isin(districts)]
    if officers:
        work = work[work["officer"].isin(officers)]
    return {
        **choices,
        "rows": work,
        "survivors": int(work["survivor_id"].nunique()),
        "table": tables.worklist(work, ctx.lang),
    }
