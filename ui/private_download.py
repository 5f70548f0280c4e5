"""Staff downloads that never become an address: the file travels over this session's own connection.

`st.download_button` keeps a file in Streamlit's media store and the browser fetches it
from `/media/<id>`; that address needs no cookie and its id is derived from the file's
content, so whoever learns it (a shared computer's download history, a proxy log) could
fetch a staff file while it is kept. Here the button only asks: the file is built in
the run the click starts and handed to this browser inside the page's own messages
(the WebSocket of this session, which the login and the role checks govern), where a
few lines of JavaScript save it from memory (a `blob:` address only this page can open).
Nothing is stored on the server, and there is no address to fetch.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable

import streamlit as st

# Saves each file once (a nonce per click), from memory, under its name.
_SAVE_JS = """
const saved = new Set();
export default function ({ data }) {
  if (!data || saved.has(data.nonce)) return;
  saved.add(data.nonce);
  const bytes = Uint8Array.from(atob(data.content), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: data.mime }));
  const link = document.createElement("a");
  link.href = url;
  link.download = data.name;
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
"""
_save = st.components.v2.component("pulih_private_download", js=_SAVE_JS)


def offer(label: str, build: Callable[[], bytes], file_name: str, mime: str, key: str) -> None:
    """A download button whose file is built when clicked and saved without ever having a URL."""
    if st.button(label, key=key, icon=":material/download:"):
        _save(
            data={
                "name": file_name,
                "mime": mime,
                "content": base64.b64encode(build()).decode("ascii"),
                "nonce": uuid.uuid4().hex,
            },
            key=f"{key}_file",
            height="content",
        )
