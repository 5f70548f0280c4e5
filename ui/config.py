"""The app's settings: `sheets.settings.Settings` built from `st.secrets` and the environment.

Every Streamlit-side reader asks `settings()`; nothing else in `ui/` reads `st.secrets`
or a `PULIH_*` variable. The object is rebuilt only when its inputs change: the call
reads `st.secrets` (Streamlit reloads the file when it is edited) and the environment,
and returns the same `Settings` as last time when both are unchanged, so a page that
asks twenty times costs one build. Nothing here is frozen at import: an edited
`secrets.toml` (or a test's `monkeypatch.setenv`) is seen by the next call.
"""

from __future__ import annotations

import os
import threading
from typing import Any

import streamlit as st

from sheets.offices import Office, OfficesError, deployment_offices
from sheets.settings import Settings

_lock = threading.Lock()
_last: tuple[object, Settings] | None = None
_offices: tuple[Settings, tuple[Office, ...] | OfficesError] | None = None


def secrets() -> dict[str, Any]:
    """`.streamlit/secrets.toml` as a plain dict; empty when there is no secrets file."""
    try:
        return st.secrets.to_dict()
    except Exception:  # noqa: BLE001 - no secrets.toml at all is the normal case for the demo
        return {}


def _key(values: dict[str, Any]) -> object:
    # repr is enough to tell two parsed TOML documents apart (str, numbers, bools, dates, lists, tables).
    return repr(values), tuple(sorted(os.environ.items()))


def settings() -> Settings:
    """This run's settings (see the module docstring)."""
    global _last
    values = secrets()
    key = _key(values)
    with _lock:
        if _last is None or _last[0] != key:
            _last = (key, Settings.build(values, os.environ))
        return _last[1]


def offices() -> tuple[Office, ...]:
    """The deployment's offices (`sheets.offices.deployment_offices`), checked once per settings;
    OfficesError (every problem, in Indonesian and English) when they cannot be used."""
    global _offices
    current = settings()
    with _lock:
        if _offices is None or _offices[0] is not current:
            try:
                found: tuple[Office, ...] | OfficesError = deployment_offices(current)
            except OfficesError as error:
                found = error
            _offices = (current, found)
        result = _offices[1]
    if isinstance(result, OfficesError):
        raise result
    return result
