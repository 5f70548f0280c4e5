"""The public page's building blocks: headline tiles, the notes every view carries, and the slide show.

The slide show is a fragment that reruns by itself every `public.SLIDE_SECONDS`: each run reads the
cached loader again (so a new read shows up without a reload) and moves to the next slide.
"""

from __future__ import annotations

import time

import streamlit as st

from ui import i18n, public
from ui.page import chart, load_or_stop
from ui.privacy import public_report

SLIDE, SHOWN_AT = "public_slide", "public_slide_shown_at"


def headline(report: public.PublicReport) -> None:
    """The headline numbers as large tiles (`<10` / `*` when hidden)."""
    tiles = report.kpis()
    for column, tile in zip(st.columns(len(tiles)), tiles):
        column.metric(tile.label, tile.value, help=tile.help, border=True)


def notes(report: public.PublicReport) -> None:
    """Office, source, read time, "as of" date, the release rhythm and the suppression footnote."""
    st.caption(f"{public.OFFICE} · {report.source_line()} · {report.release_line()}")
    st.caption(report.footnote())


def _go(step: int, total: int) -> None:
    st.session_state[SLIDE] = (st.session_state.get(SLIDE, 0) + step) % total
    st.session_state[SHOWN_AT] = time.monotonic()


@st.fragment(run_every=public.SLIDE_SECONDS)
def slideshow(lang: str, k: int) -> None:
    """One slide at a time: the headline numbers, then each chart; it advances and refreshes by itself."""
    report = public_report(load_or_stop(lang), lang, k)
    charts = report.charts()
    total = len(charts) + 1
    index, st.session_state[SHOWN_AT] = public.next_slide(
        st.session_state.get(SLIDE, 0), total, st.session_state.get(SHOWN_AT), time.monotonic())
    st.session_state[SLIDE] = index
    if index == 0:
        st.header(i18n.t("public.title", lang))
        headline(report)
    else:
        shown = charts[index - 1]
        st.header(shown.heading)
        chart(public.for_slide(shown), key=f"slide_{shown.key}")
        st.caption(shown.caption)
    back, forward, where = st.columns([1, 1, 5], vertical_alignment="center")
    back.button(i18n.t("public.previous", lang), icon=":material/arrow_back:", on_click=_go,
                args=(-1, total))
    forward.button(i18n.t("public.next", lang), icon=":material/arrow_forward:", on_click=_go,
                   args=(1, total))
    where.caption(i18n.t("public.slide_of", lang, n=index + 1, total=total))
    notes(report)
