"""Ringkasan: how many survivors are rehabilitated, the pace, and how many rows the errors left out."""

import streamlit as st

from sheets import metrics
from ui import figures, i18n, kpi, sentences
from ui.page import chart, link_to, open_page

ctx = open_page("overview")
ds, as_of, lang = ctx.dataset, ctx.as_of, ctx.lang

tiles = kpi.headline(ds, as_of, lang, with_target=ctx.regency_wide)
for column, tile in zip(st.columns(len(tiles)), tiles):
    column.metric(tile.label, tile.value, tile.delta, delta_color=tile.delta_color, help=tile.help,
                  border=True)
st.caption(kpi.compared_with(as_of, lang))

known, rehab = (next(tile.raw for tile in tiles if tile.key == key) for key in ("known", "rehabilitated"))
if not known:
    st.info(ctx.t("overview.no_survivors") if ds.filters.is_empty else ctx.t("empty.filter"),
            icon=":material/info:")
else:
    progress = ctx.t("overview.progress", share=i18n.percent(rehab / known, lang),
                     waiting=i18n.number(known - rehab, lang))
    st.progress(min(rehab / known, 1.0), text=progress)
    yearly = metrics.by_year(ds, as_of)
    pace = metrics.pace(ds, as_of)
    left, right = st.columns([3, 2])
    with left:
        chart(figures.cumulative_progress(yearly, pace, lang), key="cumulative")
    with right:
        chart(figures.yearly_rehabilitated(yearly, lang, with_targets=ctx.regency_wide), key="per_year")
    st.markdown(f"**{ctx.t('overview.pace')}.** {sentences.pace_sentence(pace, lang)}")

excluded = int(ctx.report.accounting()["rows_excluded"].sum())
if excluded:
    st.warning(ctx.t("overview.excluded", n=i18n.number(excluded, lang)), icon=":material/warning:")
else:
    st.caption(ctx.t("overview.excluded_none"))
link_to("quality", ctx.t("overview.quality_link"), icon=":material/fact_check:")
