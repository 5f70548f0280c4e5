"""The Streamlit side of what the public may see: the threshold and release day from the settings, and
the shared public report.

Suppression itself lives in `sheets.disclosure` and `sheets.release`; `present.public` builds the report
from them.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from present import public, publications
from sheets import release
from sheets.history import History, Publication
from sheets.metrics import Dataset
from ui import access, config, data

# Where an office's publications are: the store's URL and the office's source (None: a store of one office).
Where = tuple[str, str | None]


def threshold() -> int:
    """The threshold k: `[privacy] k` in secrets.toml, else 10; SettingsError (a ValueError) when below 5
    or not whole."""
    return config.settings().privacy.k


def release_day() -> int:
    """The day of the month new public figures appear: `[privacy] release_day`, else the 1st."""
    return config.settings().privacy.release_day


# Keyed by the read (`read_at`), so an expired read's entries are never served; `max_entries` bounds them.
@st.cache_resource(max_entries=8, show_spinner=False)
def _release(
    _dataset: Dataset,
    spec: data.SourceSpec,
    read_at: dt.datetime | None,
    as_of: dt.date,
    k: int,
    where: Where,
    previous_label: str | None,
    office: tuple[str, str] = (release.OFFICE, release.OFFICE_CODE),
) -> release.Release:
    # Keyed by the read (spec, read_at), not by the dataset object, which is not hashable; one
    # suppression serves both languages. Suppressed against the latest publication (`previous_label`):
    # the live figures minus a published one must not reveal a hidden count either.
    previous = _publication(where, previous_label) if previous_label else None
    return release.build_release(
        _dataset,
        as_of,
        k,
        release.Release.cells_from_json(previous.cells) if previous else None,
        office=office[0],
        office_code=office[1],
    )


@st.cache_resource(max_entries=16, show_spinner=False)
def _report(
    _dataset: Dataset,
    spec: data.SourceSpec,
    read_at: dt.datetime | None,
    as_of: dt.date,
    k: int,
    lang: str,
    next_release: dt.date,
    where: Where,
    previous_label: str | None,
    office: tuple[str, str] = (release.OFFICE, release.OFFICE_CODE),
) -> public.PublicReport:
    return public.present(
        _release(_dataset, spec, read_at, as_of, k, where, previous_label, office),
        lang,
        public.source_labels(spec.kind),
        read_at,
        next_release,
    )


@st.cache_resource(max_entries=8, show_spinner=False)
def _publication(where: Where, label: str) -> Publication | None:
    # A publication never changes: read once (with its files) and kept while the server runs. Keyed by
    # the office's source too: in a store several offices share, each publishes its own `2026-11`.
    url, source = where
    return History(url, source=source).publication(label)


@st.cache_resource(max_entries=16, show_spinner=False)
def _published(
    where: Where, label: str, lang: str, kind: str, office: str = public.OFFICE
) -> public.PublicReport:
    found = _publication(where, label)
    assert found is not None, "only published labels are shown"
    return publications.report_of(found, lang, public.source_labels(kind), office)


def _labels() -> tuple[Where, list[str]] | None:
    """The store's address and office, and that office's publications' labels, oldest first (one small
    query, no files); None without a usable store (the live release, as before publications existed)."""
    try:
        store = data.history()
        return (store.url, store.source), list(store.publications()["label"])
    except Exception:  # noqa: BLE001 - any store failure
        return None


def publication_shown(requested: str | None) -> tuple[Publication | None, bool]:
    """The publication the public page shows, and whether a requested label was not found.

    `requested` (the address's `terbitan`) wins; else the latest publication, unless an admin set
    `[privacy] public_live` (then the live monthly release: None).
    """
    requested = (requested or "").strip()
    found = _labels()
    if found is None:
        return None, bool(requested)
    where, labels = found
    if requested in labels:
        return _publication(where, requested), False
    if config.settings().privacy.public_live or not labels:
        return None, bool(requested)
    return _publication(where, labels[-1]), bool(requested)


def office_name() -> str:
    """How public materials name the office this session shows: `Dinas Sosial Kabupaten Indramayu`."""
    return public.office_title(access.current_office().name)


def office_naming() -> tuple[str, str]:
    """The office this session shows as a release names it: its title and its Kemendagri code."""
    return office_name(), access.current_office().code


def public_report(
    loaded: data.Loaded, lang: str, k: int, shown: Publication | None = None
) -> public.PublicReport:
    """What the public page shows: `shown` (a publication, exactly as frozen), else this read as of the
    current release, shared by every viewer until the next read.

    Live figures ignore the sidebar's date and filters (see `present.public` for why), describe the day
    before the latest release point, not this minute, and are suppressed against the latest publication.
    """
    spec = data.source_spec()
    office = office_naming()
    found = _labels()
    where: Where = found[0] if found else (data.history_url(spec), None)
    if shown is not None:
        return _published(where, shown.label, lang, spec.kind, office[0])
    latest = found[1][-1] if found and found[1] else None
    today, day = data.today(), release_day()
    return _report(
        loaded.dataset,
        spec,
        loaded.read_at,
        release.release_as_of(today, day),
        k,
        lang,
        release.next_release(today, day),
        where,
        latest,
        office,
    )
