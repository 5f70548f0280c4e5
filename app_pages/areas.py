"""Wilayah: known vs rehabilitated in every kecamatan, the gaps, and where nothing has been held yet."""

import streamlit as st

from present import areas, i18n
from present.markup import plain
from ui import memo
from ui.page import chart, open_page, percent_column

ctx = open_page("areas")
frame, districts_chart, shown = memo.per_view(ctx, areas.areas)

if frame.empty or (int(frame["known"].sum()) == 0 and not ctx.dataset.filters.is_empty):
    st.info(ctx.t("empty.filter"), icon=":material/info:")
    st.stop()

never = frame[frame["activities"] == 0]
waiting_never = never[never["waiting"] > 0]
if len(never):
    names = ", ".join(map(plain, sorted(never["district"])))
    st.warning(ctx.t("areas.no_activity", n=len(never), names=names), icon=":material/location_off:")
    if len(waiting_never):
        names = [
            f"{plain(d)} ({i18n.number(w, ctx.lang)})"
            for d, w in zip(waiting_never["district"], waiting_never["waiting"])
        ]
        st.markdown(ctx.t("areas.waiting_no_activity", names=", ".join(names)))
else:
    st.success(ctx.t("areas.all_active"), icon=":material/check_circle:")

left, right = st.columns([2, 3])
with left:
    chart(districts_chart, key="districts")
with right:
    keys = ("code", "known", "waiting", "activities")
    narrow = {i18n.column_label(key, ctx.lang): st.column_config.Column(width="small") for key in keys}
    coverage = i18n.column_label("coverage", ctx.lang)
    st.dataframe(
        shown,
        hide_index=True,
        height=35 * (len(shown) + 1) + 3,
        column_config={**narrow, coverage: percent_column(coverage)},
    )
