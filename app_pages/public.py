"""Paparan publik: headline figures in large type, a self-running slide mode, and downloads for presenters.

Everything here comes from one suppressed `present.public.PublicReport`: aggregates only, kecamatan at most,
counts from 1 to k-1 shown as "<10".
"""

import streamlit as st

from present import exports, i18n, markup, public, publications
from ui import access, opendata_download, planning_section, slides, state
from ui.page import chart, file_buttons, load_or_stop
from ui.public_release import public_report, publication_shown, release_day, threshold

FILES = "public_downloads"

lang = state.current_lang()
if not access.can_see("public", access.current_role()):
    st.warning(i18n.t("access.denied", lang), icon=":material/lock:")
    st.stop()
try:
    k = threshold()
    release_day()
except ValueError as error:
    st.error(i18n.t("public.bad_k", lang, reason=markup.plain(error)), icon=":material/error:")
    st.stop()

requested = st.query_params.get("terbitan")  # an earlier publication, by its address
frozen, missing = publication_shown(requested)
st.html(public.CSS)
if st.toggle(
    i18n.t("public.slides", lang),
    key="slides",
    bind="query-params",
    help=i18n.t("public.slides_help", lang, seconds=public.SLIDE_SECONDS),
):
    st.html(public.SLIDE_CSS)
    slides.keys()
    slides.slideshow(lang, k, requested)
    st.stop()

report = public_report(load_or_stop(lang), lang, k, frozen)
st.title(i18n.t("page.public", lang))
if missing:
    st.warning(
        i18n.t("public.no_publication", lang, label=markup.plain(requested)), icon=":material/search_off:"
    )
if frozen is not None:
    st.info(
        i18n.t(
            "public.publication",
            lang,
            label=markup.plain(frozen.label),
            date=i18n.date(frozen.as_of, lang),
            published=i18n.date(frozen.created_at, lang),
        ),
        icon=":material/verified:",
    )
st.caption(f"{report.office} · {report.source_line()}")
slides.headline(report)
st.caption(f"{report.release_line()} {i18n.t('public.scope', lang)}")
for row in (report.charts()[:2], report.charts()[2:]):
    for column, shown in zip(st.columns(len(row)), row):
        with column:
            st.subheader(shown.heading)
            chart(shown.figure, key=shown.key)
            st.caption(shown.caption)
slides.notes(report)
planning_section.public_reported(report)

st.subheader(i18n.t("public.downloads", lang), divider="gray")
st.caption(i18n.t("public.downloads_note", lang))
opendata_download.button(report, lang)  # open-data tables (CSV + metadata), the same cells as this page
if frozen is not None:  # the files frozen with the publication: the same bytes every time
    file_buttons(publications.files_of(frozen, lang), lang, "dl_", columns=4)
    st.stop()
made_for = (report.office, report.as_of, report.read_at, lang, k)
if st.button(i18n.t("public.prepare", lang), icon=":material/download:"):
    with st.spinner(i18n.t("public.prepare", lang) + "…"):
        st.session_state[FILES] = (made_for, *exports.prepare_downloads(report))
if st.session_state.get(FILES, (None,))[0] == made_for:
    _, files, problem = st.session_state[FILES]
    if problem:
        st.warning(
            i18n.t("public.images_unavailable", lang, reason=problem), icon=":material/image_not_supported:"
        )
    file_buttons(files, lang, "dl_", columns=4)
