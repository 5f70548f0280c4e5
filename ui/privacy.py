"""The Streamlit side of what the public may see: the threshold and release day from the settings, and
the shared public report.

Suppression itself lives in `sheets.disclosure` and `sheets.release`; `ui.public` builds the report
from them.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from sheets import release
from sheets.history import History, Publication
from sheets.metrics import Dataset
from ui import config, data, public, publications


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
             k: int, _previous: list | None, previous_label: str | None) -> release.Release:
    # Keyed by the read (spec, read_at), not by the dataset object, which is not hashable; one
    # suppression serves both languages. Suppressed against the latest publication (`previous_label`):
    # the live figures minus a published one must not reveal a hidden count either.
    return release.build_release(_dataset, as_of, k, _previous)


@st.cache_resource(max_entries=16, show_spinner=False)
def _report(_dataset: Dataset, spec: data.SourceSpec, read_at: dt.datetime | None, as_of: dt.date, k: int,
            lang: str, next_release: dt.date, _previous: list | None,
            previous_label: str | None) -> public.PublicReport:
    return public.present(_release(_dataset, spec, read_at, as_of, k, _previous, previous_label), lang,
                          public.source_labels(spec.kind), read_at, next_release)


@st.cache_resource(max_entries=16, show_spinner=False)
def _published(_found: Publication, url: str, label: str, lang: str, kind: str) -> public.PublicReport:
    # A publication never changes: its report is kept for as long as the server runs.
    return publications.report_of(_found, lang, public.source_labels(kind))


def _store() -> History | None:
    try:
        return History(data.history_url(data.source_spec()))
    except Exception:  # noqa: BLE001 - no store: the live release, as before publications existed
        return None


def publication_shown(requested: str | None) -> tuple[Publication | None, bool]:
    """The publication the public page shows, and whether a requested label was not found.

    `requested` (the address's `terbitan`) wins; else the latest publication, unless an admin set
    `[privacy] public_live` (then the live monthly release: None).
    """
    store = _store()
    if store is None:
        return None, bool(requested)
    if requested:
        found = store.publication(requested)
        if found is not None:
            return found, False
    if config.settings().privacy.public_live:
        return None, bool(requested)
    return store.publication(), bool(requested)


def public_report(loaded: data.Loaded, lang: str, k: int,
                  shown: Publication | None = None) -> public.PublicReport:
    """What the public page shows: `shown` (a publication, exactly as frozen), else this read as of the
    current release, shared by every viewer until the next read.

    Live figures ignore the sidebar's date and filters (see `ui.public` for why), describe the day
    before the latest release point, not this minute, and are suppressed against the latest publication.
    """
    spec = data.source_spec()
    if shown is not None:
        return _published(shown, data.history_url(spec), shown.label, lang, spec.kind)
    store = _store()
    latest = store.publication() if store is not None else None
    previous = release.Release.cells_from_json(latest.cells) if latest is not None else None
    today, day = data.today(), release_day()
    return _report(loaded.dataset, spec, loaded.read_at, release.release_as_of(today, day), k,
                   lang, release.next_release(today, day), previous, latest.label if latest else None)
