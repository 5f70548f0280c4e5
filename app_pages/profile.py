"""Profil: who the known survivors are, and whether each group is reached equally."""

import streamlit as st

from present import profile
from sheets import metrics
from ui import memo
from ui.page import chart, one_at_a_time, open_page

ctx = open_page("profile")
ds = ctx.dataset

if memo.metric(ctx, metrics.known) == 0:
    st.info(
        ctx.t("empty.filter") if not ds.filters.is_empty else ctx.t("overview.no_survivors"),
        icon=":material/info:",
    )
    st.stop()

# (breakdown column, title) in the order they are offered. One breakdown at a time, its groups beside
# its identifications per year: eight charts at once took most of the page's time on every filter
# change and a long scroll on a phone. The choice is in the address (`?rincian=child`), to share.
SECTIONS = (
    ("sex", "profile.sex"),
    ("child", "profile.child"),
    ("age_group", "profile.age"),
    ("exploitation", "profile.exploitation"),
    ("exploited_abroad", "profile.abroad"),
    ("destination", "profile.destination"),
    ("referral_source", "profile.referral"),
)
titles = dict(SECTIONS)
breakdown = one_at_a_time(
    ctx.t("profile.breakdown"), "rincian", {k: ctx.t(v) for k, v in titles.items()}, profile.FIRST_BREAKDOWN
)
groups, trend = st.columns(2)
with groups:
    st.subheader(ctx.t(titles[breakdown]))
    chart(memo.per_view(ctx, profile.profile_category, breakdown), key="groups")
with trend:
    st.subheader(ctx.t("profile.trend"))
    chart(memo.per_view(ctx, profile.profile_trend, breakdown), key="trend")
