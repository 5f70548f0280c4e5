"""What every page does first (role check, view, data) and the few render helpers pages share.

A page file is `ctx = open_page("key")` followed by composition. It also runs on
its own (without app.py): the view then comes from the URL or session_state.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from present import figures, i18n, tables
from present.context import Bounds, Context, describe_view
from present.markup import plain
from sheets import privacy
from sheets.offices import OfficesError
from ui import access, config, data, private_download, state

# Every page: a tile's label wraps instead of ending in "…" ("Sudah direhabilit…" at 1366 px).
SHARED_CSS = """<style>
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; }
</style>"""

_CHART_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def load_or_stop(lang: str, role: str | None = None) -> data.Loaded:
    """The cached read of the configured source; a readable error (and a stop) when there is no data.

    Only staff and admin read why and how to fix it (it names the service account's e-mail
    address and the spreadsheet); everyone else reads a plain outage sentence.
    """
    loaded = data.load(data.source_spec(), data.today())
    if not loaded.has_data:
        role = access.current_role() if role is None else role
        detail = (
            f"{plain(loaded.problem(lang))}\n\n{i18n.t('source.error_fix', lang)}"
            if role in access.STAFF
            else i18n.t("source.outage", lang)
        )
        st.error(f"**{i18n.t('source.error', lang)}**\n\n{detail}", icon=":material/error:")
        st.stop()
    return loaded


def freshness_banner(loaded: data.Loaded, role: str, lang: str) -> None:
    """The visible warning over figures served from the last good read; for staff, a snapshot not kept.

    Staff read the cause and the fix; everyone else when the figures are from and that the source
    cannot be read, nothing an operator needs (e-mail addresses, IDs, tab names).
    """
    if loaded.has_data and loaded.stale:
        text = (
            f"{plain(loaded.problem(lang))} {i18n.t('source.stale_fix', lang)}"
            if role in access.STAFF
            else i18n.t("source.stale_plain", lang, moment=i18n.moment(loaded.read_at, lang))
        )
        st.warning(text, icon=":material/cloud_off:")  # the cause names tabs and files: plain text
    if loaded.snapshot_problem and role in access.STAFF:
        st.warning(
            i18n.t("source.snapshot_failed", lang, reason=plain(loaded.snapshot_problem)),
            icon=":material/save:",
        )


def history_banner(loaded: data.Loaded, role: str, lang: str) -> None:
    """For staff: why this good read could not be recorded in the history store (its write is done here)."""
    if role in access.STAFF and loaded.history_problem:
        st.warning(
            i18n.t("history.not_recorded", lang, reason=plain(loaded.history_problem)),
            icon=":material/history:",
        )


def when_recorded(draw: Callable[[], None]) -> Callable[[], None]:
    """Draw what depends on the read's history entry here: now when it is written, else later.

    In the run that read, the entry is written once the figures are on the page (`ui.data`):
    `draw` then fills a slot kept here when the returned function is called, at the end of the
    page. Every other run draws at once, so nothing on the page blinks from one rerun to the next.
    """
    if not data.recording_pending():
        draw()
        return lambda: None
    slot = st.empty()

    def later() -> None:
        with slot.container():
            draw()

    return later


def offices_or_stop(lang: str, before_stop: Callable[[], None] = lambda: None) -> None:
    """Stop with every problem of the office list (an unlisted `[province] office` / PULIH_OFFICE
    included), in the chosen language, instead of showing any office's data or another office's.

    `before_stop` runs first: nothing a run sends after `st.stop()` reaches the page.
    """
    try:
        access.current_offices()
    except OfficesError as error:
        before_stop()
        listed = "\n".join(f"- {plain(p.message(lang))}" for p in error.problems)
        st.error(
            f"**{i18n.t('offices.error', lang)}**\n\n{listed}\n\n{i18n.t('offices.error_fix', lang)}",
            icon=":material/error:",
        )
        st.stop()


def roles_banner(lang: str) -> None:
    """What in `[roles]` gives nobody a role (a table of an unlisted office, an unknown role), said."""
    offices = [o.code for o in access.current_offices()]
    problems = access.role_problems(config.settings().access.roles, offices)
    if problems:
        listed = "\n".join(f"- {plain(p.text(lang))}" for p in problems)
        st.warning(f"{i18n.t('roles.problems', lang)}\n\n{listed}", icon=":material/badge:")


def office_refused_banner(lang: str) -> None:
    """When the address asked for an office this viewer may not see (or none such): which one is shown."""
    refused = st.session_state.get(access.REFUSED_KEY)
    if (
        not isinstance(refused, access.OfficeChoice)
        or st.session_state.get(access.OFFICE_KEY) != refused.code
    ):
        return  # nothing refused, or the viewer has since chosen another office
    office = access.current_office()
    st.warning(
        i18n.t(
            f"office.{refused.problem}",
            lang,
            requested=plain(repr(refused.refused)),
            office=plain(f"{office.name} ({office.code})"),
        ),
        icon=":material/domain_disabled:",
    )


def local_mode_banner(lang: str) -> None:
    """On every page while local staff mode grants a role: who sees what, and that only here."""
    mode = access.current_local_mode()
    if mode.role:
        st.info(
            i18n.t("access.local_banner", lang, role=i18n.t(f"access.role.{mode.role}", lang)),
            icon=":material/computer:",
        )


def bounds_of(loaded: data.Loaded) -> Bounds:
    """The years the widgets offer: from the first year with data to today."""
    today = data.today()
    return Bounds(
        first_year=loaded.dataset.year_span(today)[0],
        today=today,
        districts=tuple(name for _, name in loaded.dataset.districts),
    )


# The page and context this thread's run opened, for app.py to hand to `ui.prefetch` when the run ends.
_opened = threading.local()


def opened() -> tuple[str, Context] | None:
    """The page and context this thread's run opened with `open_page` (forgotten as it is read)."""
    found = getattr(_opened, "page", None)
    _opened.page = None
    return found


def open_page(key: str) -> Context:
    """Check the role, read the view and the data, and write the page's title and intro."""
    lang = state.current_lang()
    role = access.current_role()
    if not access.can_see(key, role):
        st.warning(i18n.t("access.denied", lang), icon=":material/lock:")
        st.stop()
    loaded = load_or_stop(lang, role)
    bounds = bounds_of(loaded)
    view = state.current_view(bounds)
    read = (data.source_spec(), bounds.today, loaded.read_at)
    dataset = data.filtered(*read, view.filters)
    ctx = Context(view, loaded.report, dataset, bounds, role, read)
    _opened.page = (key, ctx)
    st.title(i18n.t(f"page.{key}", lang))
    st.caption(" · ".join([ctx.t(f"{key}.intro"), describe_view(view, bounds)]))
    if access.PAGE_BY_KEY[key].roles != access.ALL_ROLES:
        # Exact counts, small ones included: the public presentation is the page to show outside.
        st.caption(f":material/lock: {ctx.t('access.not_public')}")
    return ctx


def has_rows(ctx: Context, tab: str) -> bool:
    """True when the read holds the tab `tab` with at least one usable row."""
    return bool(ctx.report.present.get(tab) and len(ctx.report.table(tab)))


def one_at_a_time(label: str, param: str, shown: dict[str, str], default: str) -> str:
    """Which part of a page to show, chosen in a row of buttons: one of `shown` (choice -> its words).

    The choice is kept in the address (`?param=choice`, left out for `default`), so that a link
    opens the same part of the page.
    """
    chosen = st.segmented_control(
        label,
        list(shown),
        key=param,
        default=state.first_param(param, list(shown), default),
        required=True,
        format_func=shown.__getitem__,
    )
    state.keep_param(param, chosen, default)
    return chosen


def chart(figure: go.Figure, key: str | None = None) -> None:
    """Render a figure at full width with a quiet toolbar, fitted to the screen (`present.figures.for_screen`)."""
    st.plotly_chart(screen_copy(figure), config=_CHART_CONFIG, key=f"chart_{key}" if key else None)


# The screen copy of each figure still alive: the figures of `ui.memo` are the same objects from
# one rerun (and session) to the next, so a rerun that leaves a chart's view as it was fits it
# again for nothing. Entries go with their figure (a weak reference's callback).
_SCREEN: dict[int, tuple[weakref.ref, go.Figure]] = {}


def screen_copy(figure: go.Figure) -> go.Figure:
    """`figure` fitted to the screen (`present.figures.for_screen`), once for as long as it lives."""
    key = id(figure)
    hit = _SCREEN.get(key)
    if hit is not None and hit[0]() is figure:
        return hit[1]
    screen = figures.for_screen(figure)

    def forget(ref: weakref.ref, key: int = key) -> None:
        if _SCREEN.get(key, (None,))[0] is ref:
            _SCREEN.pop(key, None)

    _SCREEN[key] = (weakref.ref(figure, forget), screen)
    return screen


def chart_row(*charts: tuple[go.Figure, str]) -> None:
    """Charts side by side, each with its widget key (`chart`)."""
    for column, (figure, key) in zip(st.columns(len(charts)), charts):
        with column:
            chart(figure, key=key)


def percent_column(label: str, width: str = "small") -> st.column_config.ProgressColumn:
    """A 0-100 % column drawn as a bar (tables.percent_points gives the values)."""
    return st.column_config.ProgressColumn(label, min_value=0, max_value=100, format="%d%%", width=width)


def link_to(page_key: str, label: str, role: str, icon: str | None = None) -> None:
    """A link to another page of the app, only for a `role` that may open it (nothing otherwise).

    A plain link when this page runs without app.py's navigation.
    """
    if not access.can_see(page_key, role):
        return  # a link to a page that answers "access denied" is a dead end
    target = access.PAGE_BY_KEY[page_key]
    try:
        st.page_link(target.path, label=label, icon=icon)
    except StreamlitPageNotFoundError:
        st.markdown(f"[{label}](/{target.url_path})")


def csv_download(frame: pd.DataFrame, label: str, file_name: str, key: str) -> None:
    """A CSV download: UTF-8 with BOM (Excel shows Indonesian text), formulas neutralised.

    Staff files only (`ui.private_download`: no `/media` address). The file is written
    when the button is clicked, not on every run (a long issue list took seconds to
    write as .xlsx, on every rerun of the page).
    """
    private_download.offer(label, lambda: privacy.to_csv_bytes(frame), file_name, "text/csv", key)


def xlsx_download(frame: pd.DataFrame, label: str, file_name: str, sheet: str, key: str) -> None:
    """An .xlsx download of `frame` on one sheet, formulas neutralised (written when clicked; staff only)."""
    private_download.offer(
        label, lambda: privacy.to_xlsx_bytes(frame, sheet), file_name, tables.XLSX_MIME, key
    )


def file_buttons(files: Sequence[Any], lang: str, key_prefix: str, columns: int | None = None) -> None:
    """One download button per prepared file (`present.exports.File`), side by side in `columns` columns."""
    for column, item in zip(st.columns(columns or max(1, len(files))), files):
        column.download_button(
            i18n.t(f"public.download.{item.kind}", lang),
            item.data,
            mime=item.mime,
            file_name=item.file_name,
            icon=":material/download:",
            on_click="ignore",
            key=f"{key_prefix}{item.kind}",
        )
