"""Riwayat: rows that were in the sheet and are gone, suspicious mass changes, a record's changes, issues since."""

import datetime as dt

import streamlit as st

from present import history, i18n
from present.markup import plain
from ui import data, history_sections
from ui.page import open_page

ctx = open_page("history")
lang = ctx.lang
spec = data.source_spec()
try:
    store = data.history(spec)
    lost, alerts, reads = store.lost_rows(), store.open_alerts(), store.reads()
except Exception as error:  # noqa: BLE001 - any store failure: say so, never a crash
    st.warning(ctx.t("history.unavailable", reason=plain(str(error))), icon=":material/history:")
    st.stop()
who = history_sections.who(ctx, spec)

# --------------------------------------------------------------------------- alerts
history_sections.alerts(ctx, store, alerts, who)

# --------------------------------------------------------------------------- lost rows
latest = int(reads["read_id"].iloc[-1]) if len(reads) else None  # the read whose header rows count
history_sections.lost_rows(ctx, store, lost, spec, who, latest)

# --------------------------------------------------------------------------- one record's changes
st.header(ctx.t("history.changelog"), divider="gray")
st.caption(ctx.t("history.changelog_intro"))
left, right = st.columns([1, 2])
tab = left.selectbox(
    ctx.t("history.col.tab"),
    list(ctx.report.records),
    format_func=lambda t: i18n.tab_label(t, lang),
    key="history_tab",
)
key = right.text_input(ctx.t("history.col.key"), key="history_key", placeholder=ctx.t("history.key_hint"))
if key.strip():
    log = store.changelog(tab, key.strip().upper())
    if log.empty:
        st.info(ctx.t("history.no_changes", record=plain(key.strip())), icon=":material/info:")
    else:
        header = (
            history.header_row(store.raw_of(latest), tab, ctx.report.headers.get(tab))
            if latest is not None
            else None
        ) or ()
        st.dataframe(
            history.changelog_table(log, header, lang),
            hide_index=True,
            column_config={ctx.t("history.col.cells"): st.column_config.TextColumn(width="large")},
        )

# --------------------------------------------------------------------------- issues since
st.header(ctx.t("history.issues_since"), divider="gray")
since = st.date_input(
    ctx.t("history.since"),
    value=history.since_choice(ctx.bounds.today),
    max_value=ctx.bounds.today,
    format="DD/MM/YYYY",
    key="history_since",
)
moment = dt.datetime.combine(since, dt.time.max, tzinfo=dt.UTC)
first = reads["recorded_at"].min() if len(reads) else None
if first is None or first > moment:  # nothing to compare with: every issue would look new
    st.info(ctx.t("history.no_baseline", first=i18n.moment(first, lang)), icon=":material/info:")
else:
    new, fixed = store.issues_between(moment)
    left, right = st.columns(2)
    left.metric(ctx.t("history.new_issues"), i18n.number(len(new), lang), border=True)
    right.metric(ctx.t("history.fixed_issues"), i18n.number(len(fixed), lang), border=True)
    with left.expander(ctx.t("history.new_issues")):
        st.dataframe(history.issues_table(new, lang), hide_index=True)
    with right.expander(ctx.t("history.fixed_issues")):
        st.dataframe(history.issues_table(fixed, lang), hide_index=True)

st.caption(
    ctx.t(
        "history.reads",
        n=i18n.number(len(reads), lang),
        seen=i18n.number(int(reads["seen"].sum()) + len(reads), lang),
    )
)
