"""The shared sidebar: language, where the data came from, "as of" date and global filters."""

from __future__ import annotations

import datetime as dt
import math

import streamlit as st

from present import i18n
from present.context import Bounds
from present.markup import plain
from sheets.schema import ACTIVITY_KINDS, SEX
from ui import access, config, data, sessions, state


def language_switch() -> str:
    """The language control (rendered first: every other label depends on it)."""
    lang = state.current_lang()
    if st.session_state.get(state.LANG) not in i18n.LANGS:
        st.session_state[state.LANG] = lang  # first run: the URL's language, else Indonesian
    st.sidebar.segmented_control(
        i18n.t("side.language", lang),
        i18n.LANGS,
        key=state.LANG,
        required=True,
        format_func=i18n.LANG_NAMES.get,
        width="stretch",
    )
    return state.current_lang()


RELOADED_AT = "reloaded_at"  # session_state: when this session's last reload was honoured (gate clock)


def source_box(spec: data.SourceSpec, loaded: data.Loaded, role: str, lang: str) -> None:
    """Source name, time of the read and, for signed-in roles, the rationed reload button."""
    st.sidebar.caption(i18n.t("side.source", lang, source=plain(spec.label(lang))))  # a file name
    if loaded.read_at is not None:
        key = "side.read_at_stale" if loaded.stale else "side.read_at"
        st.sidebar.caption(i18n.t(key, lang, moment=i18n.moment(loaded.read_at, lang)))
    if role == "publik":  # the public sees the shared read and cannot cause another
        return
    interval = data.reload_interval_s()
    if not st.sidebar.button(
        i18n.t("side.refresh", lang),
        icon=":material/refresh:",
        help=i18n.t("side.refresh_help", lang, seconds=interval),
    ):
        return
    now = data.gate().clock()
    mine = st.session_state.get(RELOADED_AT)
    wait = mine + interval - now if mine is not None else 0.0
    if wait <= 0:  # this session may; then the whole server may (someone else may just have read)
        wait = data.reload()
    if wait > 0:
        st.sidebar.info(i18n.t("side.refresh_wait", lang, seconds=math.ceil(wait)), icon=":material/timer:")
        return
    st.session_state[RELOADED_AT] = now
    st.rerun()


def office_box(lang: str) -> None:
    """Which office is shown: a selector among the offices this viewer may see when there are several
    (store mode), else its name when the deployment lists offices; the choice is kept in the address."""
    settings = config.settings()
    if not settings.province.configured:
        return  # a single-office deployment: the tagline names the office
    office = access.current_office()
    visible = access.offices_visible(access.current_roles()) if access.switching() else ()
    if len(visible) > 1:
        names = {o.code: o.name for o in access.current_offices()}
        st.sidebar.selectbox(
            i18n.t("side.office", lang),
            visible,
            key=access.OFFICE_KEY,
            format_func=lambda code: f"{names[code]} ({code})",
            help=i18n.t("side.office_help", lang),
        )
        if st.query_params.get(access.OFFICE_KEY) != office.code:
            st.query_params[access.OFFICE_KEY] = office.code
    else:
        st.sidebar.caption(i18n.t("side.office_shown", lang, office=plain(f"{office.name} ({office.code})")))


def view_controls(bounds: Bounds, lang: str) -> None:
    """The "as of" date and the global filters; their values stay in session_state and the URL."""
    side = st.sidebar
    options = bounds.as_of_options()
    if st.session_state.get(state.AS_OF_CHOICE) not in options:
        st.session_state[state.AS_OF_CHOICE] = state.TODAY
    side.selectbox(
        i18n.t("side.as_of", lang),
        options,
        key=state.AS_OF_CHOICE,
        help=i18n.t("side.as_of_help", lang),
        format_func=lambda o: _as_of_label(o, bounds, lang),
    )
    if st.session_state[state.AS_OF_CHOICE] == state.CUSTOM:
        if state.AS_OF_DATE not in st.session_state:
            st.session_state[state.AS_OF_DATE] = bounds.today
        side.date_input(
            i18n.t("side.as_of.date", lang),
            key=state.AS_OF_DATE,
            format="DD/MM/YYYY",
            min_value=dt.date(bounds.first_year, 1, 1),
            max_value=bounds.today,
        )

    side.subheader(i18n.t("side.filters", lang), divider="gray")
    if bounds.first_year < bounds.today.year:
        side.slider(
            i18n.t("side.years", lang),
            min_value=bounds.first_year,
            max_value=bounds.today.year,
            key=state.YEARS,
            step=1,
            help=i18n.t("side.years_help", lang),
        )
    all_label = i18n.t("side.all", lang)
    side.multiselect(
        i18n.t("side.districts", lang), bounds.districts, key=state.DISTRICTS, placeholder=all_label
    )
    side.multiselect(
        i18n.t("side.sexes", lang),
        SEX,
        key=state.SEXES,
        placeholder=all_label,
        format_func=lambda v: i18n.value_label(v, lang),
    )
    side.multiselect(
        i18n.t("side.kinds", lang),
        ACTIVITY_KINDS,
        key=state.KINDS,
        placeholder=all_label,
        format_func=lambda v: i18n.value_label(v, lang),
    )
    side.button(
        i18n.t("side.reset", lang),
        on_click=state.reset_filters,
        args=(bounds,),
        icon=":material/filter_alt_off:",
        type="tertiary",
    )
    side.caption(i18n.t("side.share", lang))


def _as_of_label(option: str, bounds: Bounds, lang: str) -> str:
    if option == state.TODAY:
        return i18n.t("side.as_of.today", lang, date=i18n.date(bounds.today, lang, "d MMM y"))
    if option == state.CUSTOM:
        return i18n.t("side.as_of.custom", lang)
    return i18n.t("side.as_of.year_end", lang, year=option)


def role_box(role: str, lang: str) -> None:
    """Who is looking: log in/out with the configured OIDC provider, or the demo's role preview."""
    side = st.sidebar
    settings = config.settings()
    if settings.access.login_configured:
        provider = settings.access.provider
        login, problem = access.current_login()
        if login is not None:
            side.caption(
                i18n.t(
                    "access.signed_in",
                    lang,
                    email=plain(login.email or "?"),
                    role=i18n.t(f"access.role.{role}", lang),
                )
            )
            if problem:
                side.warning(
                    i18n.t(f"access.login_{problem}", lang, hours=f"{settings.privacy.session_hours:g}"),
                    icon=":material/person_off:",
                )
            elif role == "publik":
                side.info(i18n.t("access.no_role", lang), icon=":material/person_off:")
            if problem in ("ended", "expired"):
                side.button(
                    i18n.t("access.login_again", lang),
                    on_click=st.login,
                    args=(provider,) if provider else (),
                    icon=":material/login:",
                    type="primary",
                )
            side.button(
                i18n.t("access.logout", lang), on_click=_log_out, args=(login,), icon=":material/logout:"
            )
        else:
            side.button(
                i18n.t("access.login", lang),
                on_click=st.login,
                args=(provider,) if provider else (),
                icon=":material/login:",
                type="primary",
            )
    elif access.current_local_mode().role:
        side.caption(i18n.t("access.local_side", lang, role=i18n.t(f"access.role.{role}", lang)))
    elif settings.source.kind == "demo":
        if st.session_state.get(access.PREVIEW_ROLE) not in access.ROLES:
            st.session_state[access.PREVIEW_ROLE] = access.DEMO_DEFAULT_ROLE
        side.selectbox(
            i18n.t("access.preview", lang),
            access.ROLES,
            key=access.PREVIEW_ROLE,
            format_func=lambda r: i18n.t(f"access.role.{r}", lang),
            help=i18n.t("access.preview_help", lang),
        )
    else:
        side.caption(i18n.t("access.public_only", lang))
    local_problem(lang)


def local_problem(lang: str) -> None:
    """Why a configured local staff mode is off (a request from elsewhere is only logged: it is not theirs)."""
    mode = access.current_local_mode()
    if mode.problem in ("invalid", "login", "not_loopback"):
        st.sidebar.warning(
            i18n.t(f"access.local_{mode.problem}", lang, value=plain(config.settings().access.local_role)),
            icon=":material/computer:",
        )


def _log_out(login: access.Login) -> None:
    """End this login on the server (a copy of its cookie stops working), then in this browser."""
    if login.issued_at is not None:
        sessions.end(login.account, login.issued_at)
    st.logout()
