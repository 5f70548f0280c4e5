"""Tindak lanjut: the worklist of visits due, narrowed as the page asks (pure).

Each function takes the page context (`present.context.Context`: the filtered dataset, the
"as of" date, the language, the report) or the report, plus the section's own choices, and
returns what the page renders. The page calls them through `ui.memo`, so every session that
opens the same view shares one result; nothing here calls Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable

from present import tables
from present.context import Context
from sheets import metrics


def officer_choices(officers: Iterable[str], no_officer: str) -> list[str]:
    """The officers to pick from: named ones alphabetically (ignoring case), then `no_officer` last.

    `no_officer` is the label of survivors with no visit yet ("(belum ada)"); a plain sort put it
    first, since "(" sorts before every letter.
    """
    named = sorted({o for o in officers if o != no_officer}, key=lambda o: (o.casefold(), o))
    return [*named, no_officer] if no_officer in set(officers) else named


def worklist(ctx: Context, districts: tuple[str, ...] = (), officers: tuple[str, ...] = ()) -> dict:
    """The follow-up worklist, narrowed to `districts` and `officers` when given, and the choices offered."""
    work = metrics.follow_up_worklist(ctx.dataset, ctx.as_of)
    no_officer = ctx.t("follow_up.no_officer")
    work = work.assign(officer=work["officer"].fillna(no_officer))
    choices = {
        "districts": sorted(work["district"].unique()),
        "officers": officer_choices(work["officer"].unique(), no_officer),
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
