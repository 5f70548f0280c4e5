"""A session's first run sends a hidden tile at once, so the browser fetches its code early.

The browser fetches the code that draws each kind of element the first time one arrives. On a
first visit the tiles arrived only after the app's imports and the read, and then waited for
their code, fetched from this server while the read kept it busy (bench/README.md, "Third
round"). Sent first, hidden, the tile has the browser fetch that code while the server imports
and reads. Nothing is shown, and app.py removes it in the same run (`remove`, also before a stop
ahead of the read: nothing sent after `st.stop()` reaches the page); later runs send nothing.

Plotly's code is not preloaded: loading it takes the browser's main thread 0.7 s on the bench
machine, and preloaded it was still loading when the tiles arrived, which then waited for it
(the fourth round). Fetched when the first chart arrives, it loads after the tiles are shown.

This module imports only Streamlit (and pandas, once the tile is sent): app.py calls it before
its other imports.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

KEY = "pulih-code-preload"
_SENT = "_code_preloaded"
_HIDDEN = f"<style>.st-key-{KEY} {{ display: none !important; }}</style>"


def send() -> Any:
    """On a session's first run: the hidden tile, in a placeholder to empty; else None."""
    if st.session_state.get(_SENT):
        return None
    st.session_state[_SENT] = True
    holder = st.empty()
    with holder.container(key=KEY):
        st.html(_HIDDEN)  # before the elements it hides: nothing flashes
        st.metric("Pulih", "", label_visibility="collapsed")
    # Before any plotly figure is serialised: plotly checks for pandas with `sys.modules.get`, so
    # when the first runs of several sessions start at once, one serialising while another was
    # still importing pandas found it half-initialised ("partially initialized module 'pandas' has
    # no attribute 'Series'"). Imported here, every first run waits until pandas is whole (the
    # import lock) before it goes on.
    import pandas  # noqa: F401

    return holder


def remove(held: Any) -> None:
    """Take away what `send` sent (nothing when it sent nothing)."""
    if held is not None:
        held.empty()
