"""Kualitas data: rows per tab, every problem found with how to fix it, and downloads of the list."""

import streamlit as st

from present import i18n, quality
from sheets.schema import ISSUES_TAB
from ui import memo
from ui.page import chart, csv_download, open_page, xlsx_download
from ui.quality_sections import identity_issues, issue_filters, publish_issues_button, quality_trend

ctx = open_page("quality")
lang, report = ctx.lang, ctx.report
issues = report.issues
tabs = list(report.counts)

broken, notes, n_notes = memo.per_read(ctx, quality.structure_problems, lang)
if broken:
    st.error(
        f"**{ctx.t('quality.structure')}.** {ctx.t('quality.structure_intro')}\n\n{broken}",
        icon=":material/table_chart:",
    )
if n_notes:
    with st.expander(f"{ctx.t('quality.structure_notes')} ({n_notes})"):
        st.markdown(notes)

st.subheader(ctx.t("quality.accounting"))
st.caption(ctx.t("quality.accounting_note"))
st.dataframe(memo.per_read(ctx, quality.accounting, lang), hide_index=True)
quality_trend(ctx)

identity_issues(ctx)  # staff: the identity spreadsheet's own problems, masked

if issues.empty:
    st.success(ctx.t("quality.none"), icon=":material/check_circle:")
    st.stop()

st.subheader(ctx.t("quality.counts"))
by_tab_chart, per_tab, per_rule = memo.per_read(ctx, quality.issue_counts, lang)
left, right = st.columns([2, 3])
with left:
    chart(by_tab_chart, key="issues_by_tab")
with right:
    st.dataframe(per_tab, hide_index=True)
st.markdown(f"**{ctx.t('quality.by_rule')}**")
st.dataframe(
    per_rule, hide_index=True, column_config={ctx.t("col.fix"): st.column_config.TextColumn(width="large")}
)

st.subheader(ctx.t("quality.issues"))
chosen_tabs, chosen_severities, chosen_rules = issue_filters(ctx, tabs)

# The same choices give the same table to every viewer: built once, not once per rerun and session.
shown, has_links = memo.per_read(
    ctx, quality.issue_list, lang, tuple(chosen_tabs), tuple(chosen_severities), tuple(chosen_rules)
)
if shown.empty:
    st.info(ctx.t("quality.none_filter"), icon=":material/info:")
    st.stop()

link = i18n.column_label("link", lang)
config = {
    i18n.column_label("message", lang): st.column_config.TextColumn(width="large"),
    link: None,  # hidden for local files: their issues carry no link
    ctx.t("col.fix"): None,
}  # shown per rule above; in the downloads on every row
if has_links:
    config[link] = st.column_config.LinkColumn(link, display_text=ctx.t("col.link_text"))
st.dataframe(shown, hide_index=True, column_config=config, placeholder="–")

name = f"masalah-data-{report.today.isoformat()}"
left, right, _ = st.columns([1, 1, 4])
with left:
    csv_download(shown, ctx.t("quality.download_csv"), f"{name}.csv", key="issues_csv")
with right:
    xlsx_download(shown, ctx.t("quality.download_xlsx"), f"{name}.xlsx", sheet=ISSUES_TAB, key="issues_xlsx")
publish_issues_button(ctx)  # admins with write-back: the same list into the spreadsheet
