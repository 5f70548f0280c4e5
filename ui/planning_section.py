"""The overview's planning sections (Streamlit shell): the "what if" control, registered vs reported.

The figures are `sheets.planning`'s, the words `ui.planning`'s; this module only places them.
Leadership, staff and admin only (the overview's roles): exact counts, never the public.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from present import i18n
from present import planning as words
from sheets import metrics
from sheets import planning as figures
from ui import access, memo

if TYPE_CHECKING:
    from present.context import Context

RATE_KEY = "what_if_rate"


def what_if(ctx: Context) -> None:
    """A slider of rehabilitations per year, and what that rate means: the year reached and the budget.

    Not for a view of past years (no plan is made from a past day).
    """
    if ctx.role not in access.LEADERSHIP or ctx.past_view:
        return
    base = memo.metric(ctx, metrics.pace)
    if base.waiting <= 0:
        return  # the pace sentence already says everyone is reached
    least, most, start = figures.suggested_rates(base)
    st.subheader(ctx.t("plan.title"))
    rate = st.slider(
        ctx.t("plan.rate"),
        min_value=least,
        max_value=most,
        value=start,
        step=1,
        key=RATE_KEY,
        help=ctx.t("plan.rate_help"),
    )
    plan = memo.metric(ctx, figures.plan, int(rate))
    st.markdown(words.what_if_sentence(plan, ctx.lang))
    st.caption(ctx.t("plan.note"))


def prepare(ctx: Context) -> None:
    """Compute what `what_if` shows at its starting rate, drawing nothing (`ui.prefetch`)."""
    if ctx.role not in access.LEADERSHIP or ctx.past_view:
        return
    base = memo.metric(ctx, metrics.pace)
    if base.waiting > 0:
        memo.metric(ctx, figures.plan, figures.suggested_rates(base)[2])


def reported(ctx: Context) -> None:
    """Survivors registered in `Korban` against those reported by other official sources, per year."""
    if ctx.role not in access.LEADERSHIP or not ctx.regency_wide:
        return  # Korban Terlapor is a regency-wide count: no kecamatan or sex share of it exists
    frame = memo.metric(ctx, figures.registered_and_reported)
    st.subheader(ctx.t("plan.reported_heading"))
    if frame.empty:
        st.caption(words.reported_sentence(frame, ctx.lang))
        return
    from ui.page import chart  # the page helpers import the data loader: only when drawn

    chart(words.reported_figure(frame, ctx.lang), key="reported")
    st.markdown(words.reported_sentence(frame, ctx.lang))


def public_reported(report) -> None:
    """The public page's registered vs reported table: the release's suppressed cells only (`<k`, `*`).

    `report` is the page's `ui.public.PublicReport`; years without a reported count are left out,
    and so is the whole section when no year has one (a publication made before it was published).
    """
    table = words.reported_public_table(report.by_year, report.lang)
    if table.empty:
        return
    lang = report.lang
    st.subheader(i18n.t("plan.reported_heading", lang))
    st.dataframe(table, hide_index=True, key="public_reported")
    st.caption(i18n.t("public.reported_note", lang, k=report.k, small=report.k - 1))
