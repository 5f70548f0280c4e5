"""Terbitan: the public figures frozen under a label, what today's data says differently, and publishing."""

from urllib.parse import quote

import streamlit as st

from present import i18n, public, publications
from present.markup import plain
from ui import data, history_sections
from ui.page import file_buttons, load_or_stop, open_page
from ui.public_release import office_name

ctx = open_page("publications")
lang = ctx.lang
spec = data.source_spec()
loaded = load_or_stop(lang)
labels = public.source_labels(spec.kind)
try:
    store = data.history(spec)
    listed = store.publications()
except Exception as error:  # noqa: BLE001 - any store failure: say so, never a crash
    st.warning(ctx.t("history.unavailable", reason=plain(str(error))), icon=":material/history:")
    st.stop()

if ctx.role == "admin" and history_sections.publish_form(ctx, spec, loaded, store, labels):
    listed = store.publications()

st.header(ctx.t("publications.list"), divider="gray")
if listed.empty:
    st.info(ctx.t("publications.none"), icon=":material/info:")
    st.stop()
st.dataframe(publications.publications_table(listed, lang), hide_index=True)
chosen = st.selectbox(ctx.t("publications.choose"), list(reversed(listed["label"])), key="publication_label")
found = store.publication(chosen)
if found is None:
    st.stop()
shown = publications.report_of(found, lang, labels, office_name())
for column, tile in zip(st.columns(len(shown.kpis())), shown.kpis()):
    column.metric(tile.label, tile.value, help=tile.help, border=True)
st.caption(
    ctx.t(
        "publications.frozen",
        label=plain(found.label),
        date=i18n.date(found.as_of, lang),
        moment=i18n.moment(found.created_at, lang),
        hash=found.content_hash[:12],
    )
)
st.markdown(f"[{ctx.t('publications.public_link')}](/paparan?terbitan={quote(found.label)})")

files = publications.files_of(found, lang)
if files:
    file_buttons(files, lang, "frozen_")

st.subheader(ctx.t("publications.revisions"))
changed = publications.revisions(found, loaded.dataset)
if changed.empty:
    st.success(ctx.t("publications.no_revisions"), icon=":material/check_circle:")
else:
    st.warning(ctx.t("publications.revised", n=i18n.number(len(changed), lang)), icon=":material/edit_note:")
    st.dataframe(publications.revisions_table(changed, lang), hide_index=True)
