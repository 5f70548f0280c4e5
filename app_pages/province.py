"""Provinsi: every regency/city office side by side, gaps first, with freshness and data quality."""

import streamlit as st

from present import i18n, province
from ui import access, data, state
from ui.page import chart, one_at_a_time, percent_column
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

reads, problem = office_table_reads(today)
if not reads:
    st.error(province.store_problem(problem, lang), icon=":material/database:")
    st.stop()
view = province_view(today, lang)
assert view is not None  # there are reads
for column, tile in zip(st.columns(len(view.tiles)), view.tiles):
    column.metric(tile.label, tile.value, help=tile.help, border=True)
for warning in view.warnings:
    st.warning(warning, icon=":material/schedule:")
st.markdown(view.sentence)

# One chart at a time, as on the profile page: the two side by side took most of a rerun's time in the
# browser (27 offices each) and were too narrow to read. The choice is in the address (`?grafik=pace`).
CHARTS = {"coverage": "province.chart.coverage", "pace": "province.chart.pace"}
shown = one_at_a_time(
    i18n.t("province.chart", lang), "grafik", {k: i18n.t(v, lang) for k, v in CHARTS.items()}, "coverage"
)
chart(view.coverage if shown == "coverage" else view.pace, key="province_chart")  # one key: redrawn in place

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
