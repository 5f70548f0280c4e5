"""Profil: who the known survivors are, and whether each group is reached equally."""

import streamlit as st

from present import profile
from sheets import metrics
from ui import memo
from ui.page import chart, open_page

ctx = open_page("profile")
ds = ctx.dataset

if memo.metric(ctx, metrics.known) == 0:
    st.info(
        ctx.t("empty.filter") if not ds.filters.is_empty else ctx.t("overview.no_survivors"),
        icon=":material/info:",
    )
    st.stop()

# (breakdown column, section title) in reading order, two per row
SECTIONS = (
    ("sex", "profile.sex"),
    ("child", "profile.child"),
    ("age_group", "profile.age"),
    ("exploitation", "profile.exploitation"),
    ("exploited_abroad", "profile.abroad"),
    ("destination", "profile.destination"),
    ("referral_source", "profile.referral"),
)
for start in range(0, len(SECTIONS), 2):
    for column, (breakdown, title) in zip(st.columns(2), SECTIONS[start : start + 2]):
        with column:
            st.subheader(ctx.t(title))
            chart(memo.per_view(ctx, profile.profile_category, breakdown), key=breakdown)

st.subheader(ctx.t("profile.trend"))
split = st.segmented_control(
    ctx.t("profile.trend_by"),
    [key for key, _ in SECTIONS],
    key="trend_by",
    default="sex",
    required=True,
    format_func=lambda key: ctx.t(dict(SECTIONS)[key]),
)
chart(memo.per_view(ctx, profile.profile_trend, split), key="trend")
