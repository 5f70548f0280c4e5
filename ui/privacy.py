"""The Streamlit side of what the public may see: the threshold and release day from the settings, and
the shared public report.

Suppression itself lives in `sheets.disclosure` and `sheets.release`; `ui.public` builds the report
from them.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from sheets import release
from sheets.metrics import Dataset
from ui import config, data, public


def threshold() -> int:
    """The threshold k: `[privacy] k` in secrets.toml, else 10; SettingsError (a ValueError) when below 5
    or not whole."""
    return config.settings().privacy.k


def release_day() -> int:
    """The day of the month new public figures appear: `[privacy] release_day`, else the 1st."""
    return config.settings().privacy.release_day


# Keyed by the read (`read_at`), so an expired read's entries are never served; `max_entries` bounds them.
@st.cache_resource(max_entries=8, show_spinner=False)
def _release(_dataset: Dataset, spec: data.SourceSpec, read_at: dt.datetime | None, as_of: dt.date,
             k: int) -> release.Release:
    # Keyed by the read (spec, read_at), not by the dataset object, which is not hashable; one
    # suppression serves both languages.
    return release.build_release(_dataset, as_of, k)


@st.cache_resource(max_entries=16, show_spinner=False)
def _report(_dataset: Dataset, spec: data.SourceSpec, read_at: dt.datetime | None, as_of: dt.date, k: int,
            lang: str, next_release: dt.date) -> public.PublicReport:
    return public.present(_release(_dataset, spec, read_at, as_of, k), lang, public.source_labels(spec.kind),
                          read_at, next_release)


def public_report(loaded: data.Loaded, lang: str, k: int) -> public.PublicReport:
    """The public report of this read as of the current release, shared by every viewer until the next read.

    Public figures ignore the sidebar's date and filters (see `ui.public` for why), and describe the
    day before the latest release point, not this minute.
    """
    today, day = data.today(), release_day()
    return _report(loaded.dataset, data.source_spec(), loaded.read_at, release.release_as_of(today, day), k,
                   lang, release.next_release(today, day))
