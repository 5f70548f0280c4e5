"""A session's first run sends a hidden tile and chart at once, so the browser fetches their code early.

The browser fetches the code that draws each kind of element the first time one arrives. On a
first visit the tiles and charts arrived only after the app's imports and the read, and then
waited for their code: the metric's and plotly's, fetched from this server while the read kept it
busy, and plotly's taking 0.7 s of the browser's main thread to load on the bench machine, which
held back the tiles that arrived meanwhile (bench/README.md, "Third round"). Sent first, hidden,
they have the browser fetch and load that code while the server imports and reads. Nothing is
shown, and app.py removes them in the same run (`remove`, also before a stop ahead of the read:
nothing sent after `st.stop()` reaches the page); later runs send nothing.

This module imports only Streamlit, plotly and pandas: app.py calls it before its other imports.
"""

from __future__ import annotations

from typing import Any

# Before any plotly figure is serialised: plotly checks for pandas with `sys.modules.get`, so when the
# first runs of several sessions start at once, one serialising while another is still importing
# pandas found it half-initialised ("partially initialized module 'pandas' has no attribute
# 'Series'"). Imported here, every thread waits until pandas is whole (the import lock).
import pandas  # noqa: F401
import plotly.graph_objects as go
import streamlit as st

KEY = "pulih-code-preload"
_SENT = "_code_preloaded"
_HIDDEN = f"<style>.st-key-{KEY} {{ display: none !important; }}</style>"


def send() -> Any:
    """On a session's first run: the hidden tile and chart, in a placeholder to empty; else None."""
    if st.session_state.get(_SENT):
        return None
    st.session_state[_SENT] = True
    holder = st.empty()
    with holder.container(key=KEY):
        st.html(_HIDDEN)  # before the elements it hides: nothing flashes
        st.metric("Pulih", "", label_visibility="collapsed")
        st.plotly_chart(go.Figure(), key="preload_chart")
    return holder


def remove(held: Any) -> None:
    """Take away what `send` sent (nothing when it sent nothing)."""
    if held is not None:
        held.empty()
