"""Provinsi: every regency/city office side by side, gaps first, with freshness and data quality."""

import streamlit as st

from present import i18n, markup, province
from ui import access, data, state
from ui.page import chart, percent_column
from ui.province import office_table_reads, province_view, public_release

lang = state.current_lang()
role = access.current_role()
if not access.can_see("province", role) or not access.current_province_scope():
    st.warning(i18n.t("access.denied", lang), icon=":material/lock:")
    st.stop()
today = data.today()
st.title(i18n.t("page.province", lang))
st.caption(
    " · ".join([i18n.t("province.intro", lang), i18n.t("view.as_of", lang, date=i18n.date(today, lang))])
)
st.caption(f":material/lock: {i18n.t('access.not_public', lang)}")

reads, problem_id, problem_en = office_table_reads(today)
if not reads:
    reason = markup.plain(problem_id if lang == "id" else problem_en)
    st.error(i18n.t("province.store_problem", lang, reason=reason), icon=":material/database:")
    st.stop()
view = province_view(today, lang)
assert view is not None  # there are reads
for column, tile in zip(st.columns(len(view.tiles)), view.tiles):
    column.metric(tile.label, tile.value, help=tile.help, border=True)
for warning in view.warnings:
    st.warning(warning, icon=":material/schedule:")
st.markdown(view.sentence)

left, right = st.columns(2)
with left:
    chart(view.coverage, key="province_coverage")
with right:
    chart(view.pace, key="province_pace")

st.subheader(i18n.t("province.offices", lang))
st.caption(i18n.t("province.offices_note", lang))
coverage = i18n.t("col.coverage", lang)
st.dataframe(
    view.table,
    hide_index=True,
    placeholder="–",
    key="province_offices",
    column_config={
        coverage: percent_column(coverage),
        i18n.t("province.col.note", lang): st.column_config.TextColumn(width="large"),
    },
)

st.subheader(i18n.t("province.public", lang))
published = public_release(today)
st.caption(province.public_note(published, lang))
st.dataframe(province.public_rows(published, lang), hide_index=True, key="province_public")
