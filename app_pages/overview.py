"""Ringkasan: how many survivors are rehabilitated, the pace, and how many rows the errors left out."""

import streamlit as st

from present import i18n, kpi, overview
from ui import memo, planning_section
from ui.page import chart, link_to, open_page, when_recorded

ctx = open_page("overview")
ds, as_of, lang = ctx.dataset, ctx.as_of, ctx.lang


def lost_rows_alert() -> None:
    from ui.history_sections import history_alert  # the history store's code: after the figures

    history_alert(ctx)


lost_rows_later = when_recorded(lost_rows_alert)  # staff: rows gone from the sheet, first
tiles = memo.per_view(ctx, overview.overview_tiles)
for column, tile in zip(st.columns(len(tiles)), tiles):
    column.metric(
        tile.label,
        tile.value,
        tile.delta,
        delta_color=tile.delta_color,
        delta_arrow=tile.delta_arrow,
        help=tile.help,
        border=True,
    )
st.caption(kpi.compared_with(as_of, lang))

known, rehab = (next(tile.raw for tile in tiles if tile.key == key) for key in ("known", "rehabilitated"))
if not known:
    st.info(
        ctx.t("overview.no_survivors") if ds.filters.is_empty else ctx.t("empty.filter"),
        icon=":material/info:",
    )
else:
    progress = ctx.t(
        "overview.progress", share=i18n.percent(rehab / known, lang), waiting=i18n.number(known - rehab, lang)
    )
    st.progress(min(rehab / known, 1.0), text=progress)
    cumulative, per_year, pace = memo.per_view(ctx, overview.overview_charts)
    left, right = st.columns([3, 2])
    with left:
        chart(cumulative, key="cumulative")
    with right:
        chart(per_year, key="per_year")
    st.markdown(f"**{ctx.t('overview.pace')}.** {pace}")
    planning_section.what_if(ctx)
    planning_section.reported(ctx)

excluded = memo.per_read(ctx, overview.rows_excluded)
if excluded:
    st.warning(ctx.t("overview.excluded", n=i18n.number(excluded, lang)), icon=":material/warning:")
else:
    st.caption(ctx.t("overview.excluded_none"))
link_to("quality", ctx.t("overview.quality_link"), ctx.role, icon=":material/fact_check:")
lost_rows_later()
