"""The public page's building blocks: headline tiles, the notes every view carries, and the slide show.

The slide show is a fragment that reruns by itself every `public.SLIDE_SECONDS`: each run reads the
cached loader again (so a new read shows up without a reload) and moves to the next slide. Its
slides are made once per report (`PublicReport.slides`); a change of slide removes the previous
slide's whole block before the new one is drawn (`_slide_box`), so no heading or chart of the old
slide is left on screen next to the new one. A presenter's clicker (arrow keys, Page Down/Up, Space and
Shift+Space) presses the slide show's own buttons (`keys`).
"""

from __future__ import annotations

import time

import plotly.graph_objects as go
import streamlit as st

from present import i18n, public
from ui.page import load_or_stop
from ui.public_release import public_report, publication_shown

SLIDE, SHOWN_AT = "public_slide", "public_slide_shown_at"
DRAWN, SLOT = "public_slide_drawn", "public_slide_slot"  # what was drawn last, and in which place
NEXT, PREVIOUS = "slide_next", "slide_previous"  # the buttons' keys: the key listener clicks them
_CHART_CONFIG = {"displayModeBar": False, "displaylogo": False}

# Keys a presenter's clicker sends, mapped onto the slide show's buttons (so a key does exactly what
# the button does). Keys typed into a field, with a modifier or held down (auto-repeat) are left alone;
# a focused switch or button is no field (the slide switch keeps the focus after its click, and Space
# would otherwise switch slide mode off again).
_KEYS_JS = f"""
const FORWARD = new Set(["ArrowRight", "PageDown"]);
const BACK = new Set(["ArrowLeft", "PageUp"]);
const NOT_TYPING = new Set(["checkbox", "radio", "button", "submit"]);
const typing = (el) => !!el && (el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT"
  || (el.tagName === "INPUT" && !NOT_TYPING.has(el.type)));
export default function ({{ parentElement }}) {{
  const doc = parentElement.ownerDocument || document;
  const onKey = (event) => {{
    if (event.defaultPrevented || event.repeat || event.altKey || event.ctrlKey || event.metaKey) return;
    if (typing(event.target)) return;
    const space = event.key === " " || event.key === "Spacebar";
    const step = FORWARD.has(event.key) || (space && !event.shiftKey) ? "{NEXT}"
      : BACK.has(event.key) || (space && event.shiftKey) ? "{PREVIOUS}" : null;
    const button = step && doc.querySelector(`.st-key-${{step}} button`);
    if (!button || button.disabled) return;
    event.preventDefault();  // no page scroll, no second press of a focused button or switch
    button.click();
  }};
  doc.addEventListener("keydown", onKey, true);  // before a focused switch reacts to Space
  return () => doc.removeEventListener("keydown", onKey, true);
}}
"""
_keys = st.components.v2.component("pulih_slide_keys", js=_KEYS_JS)


def headline(report: public.PublicReport) -> None:
    """The headline numbers as large tiles (`<10` / `*` when hidden)."""
    tiles = report.kpis()
    for column, tile in zip(st.columns(len(tiles)), tiles):
        column.metric(tile.label, tile.value, help=tile.help, border=True)


def notes(report: public.PublicReport) -> None:
    """Office, source, read time, "as of" date, the release rhythm and the suppression footnote."""
    st.caption(f"{report.office} · {report.source_line()} · {report.release_line()}")
    st.caption(report.footnote())


def _go(step: int, total: int) -> None:
    st.session_state[SLIDE] = (st.session_state.get(SLIDE, 0) + step) % total
    st.session_state[SHOWN_AT] = time.monotonic()


def keys() -> None:
    """Listen for the presenter's keys (outside the fragment: mounted once, it outlives slide changes).

    Also loads the chart library while the headline slide is up: the browser fetches plotly's
    code with the first chart, which made the first change of slide take seconds.
    """
    _keys(key="slide_keys", height="content")
    with st.container(key="slide_warm"):
        st.plotly_chart(go.Figure(), config=_CHART_CONFIG, key="chart_slide_warm")


def _slide_box(drawn: tuple, key: str):
    """The block the slide is drawn into, with the previous slide gone before anything of this one shows.

    Streamlit gives a new block at the place of an old one the old one's children (they stay on
    screen until each is replaced: the new heading over the old chart), and it merges an
    `st.empty()` with what is written into it before sending. So the slide show has two places
    and a new slide takes the other one: that one is emptied first (it holds the old slide) and
    the new slide starts in a place that held nothing. The same slide again (a timer tick after a
    click, the same figures) stays where it is and is updated in place, without a redraw.
    """
    slot = st.session_state.get(SLOT, 0)
    if st.session_state.get(DRAWN) == drawn:
        places = [st.container(key=key) if i == slot else st.empty() for i in (0, 1)]
        return places[slot]
    slot = 1 - slot
    st.session_state[SLOT], st.session_state[DRAWN] = slot, drawn
    places = [st.empty(), st.empty()]  # in page order: the old slide's place is emptied now
    return places[slot].container(key=key)


@st.fragment(run_every=public.SLIDE_SECONDS)
def slideshow(lang: str, k: int, requested: str | None = None) -> None:
    """One slide at a time: the headline numbers, then each chart; it advances and refreshes by itself.

    `requested` is the address's publication label (`?terbitan=`), as on the page itself.
    """
    report = public_report(load_or_stop(lang), lang, k, publication_shown(requested)[0])
    shows = report.slides(lang)
    total = len(shows)
    index, st.session_state[SHOWN_AT] = public.next_slide(
        st.session_state.get(SLIDE, 0), total, st.session_state.get(SHOWN_AT), time.monotonic()
    )
    st.session_state[SLIDE] = index
    shown = shows[index]
    drawn = (report.as_of, report.read_at, lang, shown.key)
    box = _slide_box(drawn, f"pulih_slide_{shown.key}")
    with box:
        st.header(shown.heading)
        if shown.figure is None:
            with st.container(key="slide_tiles"):
                headline(report)
        else:
            with st.container(key="slide_chart"):
                st.plotly_chart(
                    shown.figure, config=_CHART_CONFIG, height="stretch", key=f"chart_slide_{shown.key}"
                )
        if shown.caption:
            st.caption(shown.caption)
        with st.container(horizontal=True, vertical_alignment="center", key="slide_nav"):
            st.button(
                i18n.t("public.previous", lang),
                icon=":material/arrow_back:",
                on_click=_go,
                args=(-1, total),
                key=PREVIOUS,
            )
            st.button(
                i18n.t("public.next", lang),
                icon=":material/arrow_forward:",
                on_click=_go,
                args=(1, total),
                key=NEXT,
            )
            st.caption(i18n.t("public.slide_of", lang, n=index + 1, total=total))
        with st.container(key="slide_notes", gap=None):
            notes(report)
