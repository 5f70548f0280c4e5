"""Program & hasil: activities held, participation, money spent, and how survivors are doing after."""

import streamlit as st

from present import i18n, programme
from ui import memo
from ui.page import chart, chart_row, has_rows, one_at_a_time, open_page, percent_column

ctx = open_page("programme")
lang = ctx.lang


def info(key: str, **fields: object) -> None:
    st.info(ctx.t(key, **fields), icon=":material/info:")


def label(key: str, tab: str | None = None) -> str:
    return i18n.column_label(key, lang, tab)


def missing(tab: str) -> bool:
    """True (and says so) when the tab a section needs is absent or has no usable rows."""
    if has_rows(ctx, tab):
        return False
    info("empty.tab", tab=tab)
    return True


share, due = memo.per_view(ctx, programme.programme_follow_up)
left, right, _ = st.columns([1, 1, 2])
left.metric(
    ctx.t("programme.business_share"),
    i18n.percent(share, lang),
    help=ctx.t("programme.business_share_help"),
    border=True,
)
right.metric(
    ctx.t("programme.follow_up_due"),
    i18n.number(due, lang),
    help=ctx.t("programme.follow_up_due_help"),
    border=True,
)

# One section at a time, as the profile page shows one breakdown: the six charts at once were most of
# a filter change's wait (each one computed, sent and drawn again) and a long scroll on a phone. The
# choice is in the address (`?bagian=dana`), to share.
SECTIONS = {"kegiatan": "programme.timeline", "dana": "programme.money", "hasil": "programme.outcomes"}
section = one_at_a_time(
    ctx.t("programme.section"), "bagian", {k: ctx.t(v) for k, v in SECTIONS.items()}, "kegiatan"
)
st.header(ctx.t(SECTIONS[section]), divider="gray")

if section == "kegiatan" and not missing("Kegiatan"):
    timeline = memo.per_view(ctx, programme.programme_timeline)
    if timeline is None:
        info("programme.no_activities")
    else:
        timeline_chart, shown = timeline
        chart(timeline_chart, key="timeline")
        st.subheader(ctx.t("programme.activities"))
        st.dataframe(
            shown,
            hide_index=True,
            column_config={
                label("completion"): percent_column(label("completion"), width="medium"),
                label("starts_on", "Kegiatan"): st.column_config.DateColumn(format="DD/MM/YYYY"),
                label("ends_on", "Kegiatan"): st.column_config.DateColumn(format="DD/MM/YYYY"),
                # Text in the page's language (tables.money_text), not the browser's locale.
                label("aid_value"): st.column_config.TextColumn(alignment="right"),
                label("budget", "Kegiatan"): st.column_config.TextColumn(alignment="right"),
            },
        )

if section == "dana" and not missing("Kegiatan"):
    if ctx.view.filters.subsets_survivors:
        st.caption(ctx.t("programme.money_apportioned"))
    spending_chart, cost_chart = memo.per_view(ctx, programme.programme_money)
    chart_row((spending_chart, "spending"), (cost_chart, "cost"))

if section == "hasil" and not missing("Pemantauan"):
    if share is None:  # no rehabilitated survivor has been visited (outcomes_by_cohort needs one)
        info("fig.outcomes.empty")
    else:
        outcomes_chart, incomes_chart = memo.per_view(ctx, programme.programme_outcomes)
        chart_row((outcomes_chart, "outcomes"), (incomes_chart, "incomes"))
    st.subheader(ctx.t("programme.missed"))
    st.caption(ctx.t("programme.missed_note"))
    chart(memo.per_view(ctx, programme.programme_missed), key="checkpoints")
