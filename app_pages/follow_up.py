"""Tindak lanjut (staff only): follow-up visits due or overdue, most overdue first, downloadable."""

import streamlit as st

from present import follow_up, i18n, tables
from sheets import privacy
from ui import access, audit, data, identity, memo, visit_form
from ui.page import csv_download, open_page

ctx = open_page("follow_up")  # stops here for roles other than staff and admin
everything = memo.per_view(ctx, follow_up.worklist)
if not everything["any"]:
    st.success(ctx.t("follow_up.empty"), icon=":material/check_circle:")
    st.stop()

left, right = st.columns(2)
districts = left.multiselect(
    i18n.column_label("district", ctx.lang, "Korban"),
    everything["districts"],
    key="follow_up_districts",
    placeholder=ctx.t("side.all"),
)
chosen = right.multiselect(
    ctx.t("follow_up.officer"),
    everything["officers"],
    key="follow_up_officers",
    placeholder=ctx.t("side.all"),
)
narrowed = (
    memo.per_view(ctx, follow_up.worklist, tuple(districts), tuple(chosen))
    if districts or chosen
    else everything
)
work, shown = narrowed["rows"], narrowed["table"]
if work.empty:
    st.info(ctx.t("follow_up.empty_filter"), icon=":material/info:")
    st.stop()

st.markdown(
    ctx.t(
        "follow_up.count",
        visits=i18n.number(len(work), ctx.lang),
        survivors=i18n.number(narrowed["survivors"], ctx.lang),
    )
)
# Names are shown here and nowhere else, to staff only, never downloaded; each view is logged.
people = identity.current(data.source_spec(), ctx.bounds.today) if ctx.role in access.STAFF else None
on_screen = shown
if people is not None:
    on_screen = tables.with_identity(shown, work, privacy.identity_for_worklist(people.table), ctx.lang)
    audit.record_identity_view("follow_up", ctx.role)
    st.caption(ctx.t("follow_up.identity_note"))
date_columns = [i18n.column_label(key, ctx.lang) for key in ("due_on", "last_visit")]
columns = {c: st.column_config.DateColumn(format="DD/MM/YYYY") for c in date_columns}
if people is not None:
    # Wide enough for `************1234`: sized from its first rows (often without a NIK), the grid
    # cut the masked NIK to its asterisks, hiding the four digits staff match a person by.
    columns[i18n.column_label("nik", ctx.lang, "Identitas")] = st.column_config.TextColumn(
        width=tables.NIK_WIDTH
    )
st.dataframe(
    on_screen,
    hide_index=True,
    height=min(35 * (len(shown) + 1) + 3, 760),
    placeholder="–",
    column_config=columns,
)
csv_download(
    shown, ctx.t("follow_up.download"), f"tindak-lanjut-{ctx.as_of.isoformat()}.csv", key="worklist_csv"
)
visit_form.visit_list(ctx, work, people)
visit_form.visit_form(ctx, work)
