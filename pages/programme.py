"""Program & hasil: activities held, participation, money spent, and how survivors are doing after."""

import streamlit as st

from sheets import metrics
from ui import figures, i18n, tables
from ui.page import chart, open_page, percent_column

ctx = open_page("programme")
ds, as_of, lang = ctx.dataset, ctx.as_of, ctx.lang
first, last = ds.year_span(as_of)


def info(key: str, **fields: object) -> None:
    st.info(ctx.t(key, **fields), icon=":material/info:")


def label(key: str, tab: str | None = None) -> str:
    return i18n.column_label(key, lang, tab)


def missing(tab: str) -> bool:
    """True (and says so) when the tab a section needs is absent or has no usable rows."""
    if ctx.report.present.get(tab) and len(ctx.report.table(tab)):
        return False
    info("empty.tab", tab=tab)
    return True


share = metrics.business_running_share(ds, as_of)
due = metrics.follow_up_due(ds, as_of)
left, right, _ = st.columns([1, 1, 2])
left.metric(ctx.t("programme.business_share"), i18n.percent(share, lang),
            help=ctx.t("programme.business_share_help"), border=True)
right.metric(ctx.t("programme.follow_up_due"), i18n.number(due, lang),
             help=ctx.t("programme.follow_up_due_help"), border=True)

st.header(ctx.t("programme.timeline"), divider="gray")
if not missing("Kegiatan"):
    # activity_summary fails when there is no participation at all (reported to the data layer).
    summary = metrics.activity_summary(ds, as_of) if len(ds.participants) else None
    if summary is not None:
        summary = summary[summary["starts_on"].dt.year.between(first, last)]
    if summary is None or summary.empty:
        info("programme.no_activities")
    else:
        chart(figures.activity_timeline(summary, lang), key="timeline")
        st.subheader(ctx.t("programme.activities"))
        shown = tables.activities(summary, lang)
        st.dataframe(shown, hide_index=True, column_config={
            label("completion"): percent_column(label("completion"), width="medium"),
            label("starts_on", "Kegiatan"): st.column_config.DateColumn(format="DD/MM/YYYY"),
            label("ends_on", "Kegiatan"): st.column_config.DateColumn(format="DD/MM/YYYY"),
            label("aid_value"): st.column_config.NumberColumn(format="localized"),
            label("budget", "Kegiatan"): st.column_config.NumberColumn(format="localized"),
        })

st.header(ctx.t("programme.money"), divider="gray")
cost = metrics.cost_by_year(ds, as_of)
if not missing("Kegiatan"):
    left, right = st.columns(2)
    with left:
        chart(figures.spending(cost, ds.targets if ctx.regency_wide else None, lang), key="spending")
    with right:
        chart(figures.cost_per_survivor(cost, lang), key="cost")

st.header(ctx.t("programme.outcomes"), divider="gray")
if not missing("Pemantauan"):
    if share is None:  # no rehabilitated survivor has been visited (outcomes_by_cohort needs one)
        info("fig.outcomes.empty")
    else:
        cohorts = metrics.outcomes_by_cohort(ds, as_of)
        incomes = metrics.latest_incomes(ds, as_of)
        left, right = st.columns(2)
        with left:
            chart(figures.outcomes(cohorts[cohorts["year"].between(first, last)], lang), key="outcomes")
        with right:
            chart(figures.incomes(incomes[incomes["rehab_year"].between(first, last)], lang), key="incomes")

st.subheader(ctx.t("programme.missed"))
st.caption(ctx.t("programme.missed_note"))
chart(figures.checkpoint_record(metrics.missed_checkpoints(ds, as_of), lang), key="checkpoints")
