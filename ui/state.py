"""The view a visitor chose (language, "as of" date, global filters), kept in the URL.

The values live in `st.session_state` under the sidebar widgets' keys. On a
session's first run they are read from the query parameters; after every run the
query parameters are rewritten from them, so a copied address reopens the same
view. Query values are the contract's Indonesian values (never translated labels),
so a shared link works in either language. `parse_query` and `to_query` are pure; the
`View` and `Bounds` they use are `present.context`'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import streamlit as st

from present import i18n
from present.context import CUSTOM, TODAY, Bounds, View
from sheets import kecamatan
from sheets.metrics import Filters
from sheets.schema import ACTIVITY_KINDS, SEX

# session_state keys (also the sidebar widgets' keys)
LANG, AS_OF_CHOICE, AS_OF_DATE, YEARS, DISTRICTS, SEXES, KINDS = (
    "lang",
    "as_of_choice",
    "as_of_date",
    "years",
    "districts",
    "sexes",
    "kinds",
)
_INITIALISED = "_view_from_url"
_FIRST_PARAMS = "_first_query_params"

# query parameter names
Q_LANG, Q_AS_OF, Q_YEARS, Q_DISTRICTS, Q_SEXES, Q_KINDS = "lang", "asof", "years", "kec", "sex", "kind"
_CHOICES = {
    Q_DISTRICTS: (DISTRICTS, kecamatan.NAMES),
    Q_SEXES: (SEXES, SEX),
    Q_KINDS: (KINDS, ACTIVITY_KINDS),
}


def defaults(bounds: Bounds) -> dict[str, object]:
    """The view when nothing is chosen: Indonesian, today, every year, no filter."""
    return {
        LANG: i18n.DEFAULT_LANG,
        AS_OF_CHOICE: TODAY,
        AS_OF_DATE: bounds.today,
        YEARS: bounds.full_years,
        DISTRICTS: [],
        SEXES: [],
        KINDS: [],
    }


def parse_query(params: Mapping[str, Sequence[str]], bounds: Bounds) -> dict[str, object]:
    """session_state values from query parameters; unknown or malformed values are ignored."""
    values = defaults(bounds)
    lang = _last(params, Q_LANG)
    if lang in i18n.LANGS:
        values[LANG] = lang
    as_of = _date(_last(params, Q_AS_OF))
    if as_of is not None and dt.date(bounds.first_year, 1, 1) <= as_of <= bounds.today:
        year_end = str(as_of.year) if (as_of.month, as_of.day) == (12, 31) else ""
        values[AS_OF_CHOICE] = year_end if year_end in bounds.as_of_options() else CUSTOM
        values[AS_OF_DATE] = as_of
    years = _years(_last(params, Q_YEARS), bounds)
    if years is not None:
        values[YEARS] = years
    for name, (key, allowed) in _CHOICES.items():
        if name == Q_DISTRICTS:
            allowed = bounds.districts  # the office's own kecamatan
        wanted = list(params.get(name, ()))
        values[key] = [v for v in allowed if v in wanted]  # contract order, no duplicates
    return values


def to_query(values: Mapping[str, object], bounds: Bounds) -> dict[str, list[str]]:
    """Query parameters for `values`, leaving out what equals the default (short, clean links)."""
    query: dict[str, list[str]] = {}
    if values.get(LANG, i18n.DEFAULT_LANG) != i18n.DEFAULT_LANG:
        query[Q_LANG] = [str(values[LANG])]
    as_of = as_of_date(values, bounds)
    if as_of != bounds.today:
        query[Q_AS_OF] = [as_of.isoformat()]
    years = tuple(values.get(YEARS, bounds.full_years))
    if years != bounds.full_years:
        query[Q_YEARS] = [f"{years[0]}-{years[1]}"]
    for name, (key, _) in _CHOICES.items():
        chosen = list(values.get(key, []))
        if chosen:
            query[name] = chosen
    return query


def as_of_date(values: Mapping[str, object], bounds: Bounds) -> dt.date:
    """The "as of" date the choice stands for: today, 31 December of a year, or the custom date."""
    choice = str(values.get(AS_OF_CHOICE, TODAY))
    if choice == TODAY:
        return bounds.today
    if choice == CUSTOM:
        chosen = values.get(AS_OF_DATE) or bounds.today
        return min(chosen, bounds.today) if isinstance(chosen, dt.date) else bounds.today
    return dt.date(int(choice), 12, 31)


def view_from(values: Mapping[str, object], bounds: Bounds) -> View:
    """The View that session values describe."""
    years = tuple(int(y) for y in values.get(YEARS, bounds.full_years))
    lang = values.get(LANG)
    return View(
        lang=lang if lang in i18n.LANGS else i18n.DEFAULT_LANG,
        as_of=as_of_date(values, bounds),
        filters=Filters(
            years=None if years == bounds.full_years else (years[0], years[1]),
            districts=tuple(values.get(DISTRICTS, ())),
            sexes=tuple(values.get(SEXES, ())),
            activity_kinds=tuple(values.get(KINDS, ())),
        ),
    )


# --------------------------------------------------------------------------- Streamlit side


def init_from_url(bounds: Bounds) -> None:
    """On a session's first run, take the view from the query parameters (later runs keep the session's)."""
    if st.session_state.get(_INITIALISED):
        return
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    for key, value in parse_query(params, bounds).items():
        if key not in st.session_state:
            st.session_state[key] = value
    st.session_state[_FIRST_PARAMS] = params
    st.session_state[_INITIALISED] = True


def first_param(name: str, allowed: Sequence[str], default: str) -> str:
    """A page's own query parameter as the session's first address had it (`default` if absent or unknown).

    Streamlit keeps only the parameters a run writes back when a page is opened by its
    path, so a page reads its own choice from the first run's address, not from
    `st.query_params`, and writes it back on every run (`keep_param`).
    """
    value = _last(st.session_state.get(_FIRST_PARAMS) or {}, name)
    return value if value in allowed else default


def keep_param(name: str, value: str, default: str) -> None:
    """Put a page's own choice in the address (left out when it is the default: short links)."""
    if value == default:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


def sync_url(bounds: Bounds) -> None:
    """Write the current view into the query parameters, touching only what changed."""
    wanted = to_query(_session_values(), bounds)
    for name in (Q_LANG, Q_AS_OF, Q_YEARS, Q_DISTRICTS, Q_SEXES, Q_KINDS):
        if name not in wanted:
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get_all(name) != wanted[name]:
            st.query_params[name] = wanted[name]


def current_lang() -> str:
    """The chosen language, readable before any data is loaded."""
    lang = st.session_state.get(LANG) or st.query_params.get(Q_LANG)
    return lang if lang in i18n.LANGS else i18n.DEFAULT_LANG


def current_view(bounds: Bounds) -> View:
    """The view of this run (from the sidebar, or from the URL when a page runs on its own)."""
    init_from_url(bounds)
    return view_from(_session_values(), bounds)


def reset_filters(bounds: Bounds) -> None:
    """Button callback: back to every year, kecamatan, sex and kind (language and date stay)."""
    base = defaults(bounds)
    for key in (YEARS, DISTRICTS, SEXES, KINDS):
        st.session_state[key] = base[key]


def _session_values() -> dict[str, object]:
    keys = (LANG, AS_OF_CHOICE, AS_OF_DATE, YEARS, DISTRICTS, SEXES, KINDS)
    return {k: st.session_state[k] for k in keys if k in st.session_state}


def _last(params: Mapping[str, Sequence[str]], name: str) -> str:
    values = params.get(name) or ()
    return values[-1] if values else ""


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _years(text: str, bounds: Bounds) -> tuple[int, int] | None:
    first, _, last = text.partition("-")
    if not (first.isdigit() and last.isdigit()):
        return None
    low, high = max(int(first), bounds.first_year), min(int(last), bounds.today.year)
    return (low, high) if low <= high else None
