"""The access log of identity data: who viewed it, when, on which page (never what they saw).

One JSON line per view, appended to `[privacy] access_log` in secrets.toml, or
PULIH_ACCESS_LOG, or `~/.cache/pulih/identity-access.log` (`ui.config.settings`). The file holds the
viewer's e-mail (or the demo preview role) and nothing about any survivor.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import streamlit as st

from ui import config

ENV_ACCESS_LOG = "PULIH_ACCESS_LOG"


def log_path() -> Path:
    """Where the access log is written."""
    return config.settings().privacy.access_log


def record_identity_view(page_key: str, role: str) -> None:
    """Append one line: when, who (e-mail, or the demo's preview role), their role and the page."""
    user = st.user
    who = user.get("email") if user.get("is_logged_in") else f"(pratinjau demo: {role})"
    line = json.dumps(
        {
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "who": who,
            "role": role,
            "page": page_key,
        },
        ensure_ascii=False,
    )
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND keeps concurrent sessions' lines whole; 0600 keeps the log to the app's own user.
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
