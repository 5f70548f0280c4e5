"""Terbitan: the public figures frozen under a label, what today's data says differently, and publishing."""

from urllib.parse import quote

import streamlit as st

from present import i18n, public, publications
from present.markup import plain
from sheets import release
from sheets.history import PublicationExists
from ui import data, history_sections
from ui.page import load_or_stop, open_page
from ui.privacy import office_name, release_day, threshold

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

if ctx.role == "admin":
    st.header(ctx.t("publications.publish"), divider="gray")
    st.caption(ctx.t("publications.publish_intro"))
    today = ctx.bounds.today
    default_day = release.release_as_of(today, release_day())
    left, right = st.columns(2)
    label = left.text_input(
        ctx.t("publications.col.label"),
        value=default_day.strftime("%Y-%m"),
        key="publish_label",
        max_chars=80,
    )
    as_of = right.date_input(
        ctx.t("publications.col.as_of"),
        value=default_day,
        max_value=today,
        format="DD/MM/YYYY",
        key="publish_as_of",
    )
    if st.button(ctx.t("publications.publish_button"), icon=":material/publish:", disabled=not label.strip()):
        if loaded.recorded is None:
            st.error(
                ctx.t("publications.not_recorded", reason=plain(loaded.history_problem or "–")),
                icon=":material/error:",
            )
        else:
            who = history_sections.who(ctx, spec)
            with st.spinner(ctx.t("publications.publishing")):
                try:
                    made, problem = publications.publish(
                        store, loaded.recorded.read_id, loaded.dataset, as_of, threshold(), label, who, labels
                    )
                except PublicationExists:
                    st.error(
                        ctx.t("publications.exists", label=plain(label.strip())), icon=":material/error:"
                    )
                else:
                    st.success(
                        ctx.t("publications.published", label=plain(made.label)), icon=":material/done:"
                    )
                    if problem:
                        st.warning(
                            i18n.t("public.images_unavailable", lang, reason=plain(problem)),
                            icon=":material/image_not_supported:",
                        )
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
    for column, item in zip(st.columns(len(files)), files):
        column.download_button(
            i18n.t(f"public.download.{item.kind}", lang),
            item.data,
            mime=item.mime,
            file_name=item.file_name,
            icon=":material/download:",
            on_click="ignore",
            key=f"frozen_{item.kind}",
        )

st.subheader(ctx.t("publications.revisions"))
changed = publications.revisions(found, loaded.dataset)
if changed.empty:
    st.success(ctx.t("publications.no_revisions"), icon=":material/check_circle:")
else:
    st.warning(ctx.t("publications.revised", n=i18n.number(len(changed), lang)), icon=":material/edit_note:")
    st.dataframe(publications.revisions_table(changed, lang), hide_index=True)
