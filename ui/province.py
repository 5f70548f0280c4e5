"""The Streamlit side of the province page: every office's last good read, shared by every session.

Everything comes from the history store only, never Google, once per TTL for the whole server, and
is forgotten with this server's own read (`ui.data.clear`): the office table from the figures the
sync worker kept (`sheets.province.office_summaries`: one query an office), the public province
table, further down the page, from every office's read validated here (`sheets.province.read_offices`).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import streamlit as st

from present import province
from sheets import release
from sheets.history import History, HistoryError
from sheets.offices import OfficesError, offices_of
from sheets.province import (
    OfficeRead,
    ProvinceRelease,
    build_province_release,
    office_summaries,
    read_offices,
)
from sheets.sync import interval_of
from ui import config, data

# What the store answered: every office's read, or none and why (the office list's problems, or the
# store's own error, which `present.province.store_problem` says in the reader's language).
Answer = tuple[tuple[OfficeRead, ...], Exception | None]


@st.cache_resource(max_entries=4, show_spinner="Membaca data semua kantor… / Reading every office…")
def _reads(today: dt.date) -> Answer:
    from sheets import store

    settings = config.settings()
    try:
        offices = offices_of(settings)
        history = History(store.url_of(settings.database))
        return tuple(read_offices(history, offices, today, interval_s=interval_of(settings))), None
    except (OfficesError, HistoryError, sa.exc.SQLAlchemyError, OSError) as error:
        return (), error


@st.cache_resource(max_entries=4, show_spinner=False)
def _summaries(today: dt.date) -> Answer:
    from sheets import store

    settings = config.settings()
    try:
        offices = offices_of(settings)
        history = History(store.url_of(settings.database))
        found = office_summaries(history, offices, today, interval_s=interval_of(settings))
        return tuple(found), None
    except (OfficesError, HistoryError, sa.exc.SQLAlchemyError, OSError) as error:
        return (), error


def office_table_reads(today: dt.date) -> Answer:
    """What the province table shows of every office as of `today`: the figures the sync worker kept
    (no validation here), an office without them validated (`sheets.province.office_summaries`)."""
    return _summaries(today)


@st.cache_resource(max_entries=8, show_spinner=False)
def _view(today: dt.date, lang: str) -> province.ProvinceView | None:
    reads, _ = _summaries(today)
    return province.present(reads, today, lang) if reads else None


def province_view(today: dt.date, lang: str) -> province.ProvinceView | None:
    """What the province page shows of every office as of `today` in `lang` (None without reads): built
    once per read, language and day for every session, as the reads are (27 offices' figures, two
    charts and the table)."""
    return _view(today, lang)


@st.cache_resource(max_entries=4, show_spinner=False)
def _public(today: dt.date, as_of: dt.date, k: int) -> ProvinceRelease:
    reads, _ = _reads(today)
    return build_province_release([(r.office, r.dataset) for r in reads], as_of, k)


def public_release(today: dt.date) -> ProvinceRelease:
    """The province's public table and every office's public release as of the current release point."""
    privacy = config.settings().privacy
    return _public(today, release.release_as_of(today, privacy.release_day), privacy.k)


def _forget() -> None:
    _reads.clear()
    _summaries.clear()
    _view.clear()
    _public.clear()


data.forget_with_reads(__name__, _forget)  # an expired or reloaded read forgets these too
