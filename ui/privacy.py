"""The Streamlit side of what the public may see: the threshold from secrets, and the shared public report.

Suppression itself lives in `sheets.privacy`; `ui.public` builds the report from it.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from sheets import privacy
from sheets.metrics import Dataset
from ui import data, public


def threshold() -> int:
    """The threshold k: `[privacy] k` in secrets.toml, else 10; ValueError when below 5 or not whole."""
    section = data.secrets().get("privacy") or {}
    value = section.get("k", privacy.DEFAULT_K) if isinstance(section, dict) else section
    if isinstance(value, bool) or not str(value).strip().isdigit():
        raise ValueError(f"k must be a whole number, got {value!r}")
    return privacy.check_k(int(value))


@st.cache_resource(ttl=data.TTL_SECONDS, max_entries=16, show_spinner=False)
def _report(_dataset: Dataset, spec: data.SourceSpec, read_at: dt.datetime | None, as_of: dt.date, k: int,
            lang: str) -> public.PublicReport:
    # Keyed by the read (spec, read_at), not by the dataset object, which is not hashable.
    return public.build_public(_dataset, as_of, k, lang, public.source_labels(spec.kind), read_at)


def public_report(loaded: data.Loaded, lang: str, k: int) -> public.PublicReport:
    """The public report of this read as of today, shared by every viewer until the next read.

    Public figures ignore the sidebar's date and filters (see `ui.public` for why).
    """
    return _report(loaded.dataset, data.source_spec(), loaded.read_at, data.today(), k, lang)
