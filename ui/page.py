"""What every page does first (role check, view, data) and the few render helpers pages share.

A page file is `ctx = open_page("key")` followed by composition. It also runs on
its own (without app.py): the view then comes from the URL or session_state.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from present import figures, i18n, tables
from present.context import Bounds, Context, describe_view
from present.markup import plain
from sheets import privacy
from sheets.offices import OfficesError
from ui import access, config, data, identity, private_download, state

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
    if loaded.history_problem and role in access.STAFF:
        st.warning(
            i18n.t("history.not_recorded", lang, reason=plain(loaded.history_problem)),
            icon=":material/history:",
        )


def offices_or_stop(lang: str) -> None:
    """Stop with every problem of the office list (an unlisted `[province] office` / PULIH_OFFICE
    included), in the chosen language, instead of showing any office's data or another office's."""
    try:
        access.current_offices()
    except OfficesError as error:
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
        listed = "\n".join(f"- {plain(p[0] if lang == 'id' else p[1])}" for p in problems)
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
    return Bounds(first_year=loaded.dataset.year_span(today)[0], today=today)


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
    st.title(i18n.t(f"page.{key}", lang))
    st.caption(" · ".join([ctx.t(f"{key}.intro"), describe_view(view, bounds)]))
    if access.PAGE_BY_KEY[key].roles != access.ALL_ROLES:
        # Exact counts, small ones included: the public presentation is the page to show outside.
        st.caption(f":material/lock: {ctx.t('access.not_public')}")
    return ctx


def history_alert(ctx: Context) -> None:
    """For staff: a prominent alert when rows are gone from the sheet or a mass change was seen."""
    if ctx.role not in access.STAFF:
        return
    from present import history

    try:
        store = data.history()
        sentence = history.alert_sentence(store.lost_rows(), store.open_alerts(), ctx.lang)
    except Exception:  # noqa: BLE001 - the loader already shows staff why the store is unusable
        return
    if sentence:
        st.error(sentence, icon=":material/delete_sweep:")
        link_to("history", ctx.t("history.alert_link"), ctx.role, icon=":material/history:")


def quality_trend(ctx: Context) -> None:
    """Errors per tab in each recorded read (is data quality improving?), from the history store."""
    st.subheader(ctx.t("history.trend"))
    try:
        store = data.history()
        reads = store.reads()
        trend = store.quality_trend(reads=reads)
    except Exception:  # noqa: BLE001 - the loader already shows staff why the store is unusable
        st.caption(ctx.t("history.trend_later"))
        return
    if len(reads) < 2:
        st.caption(ctx.t("history.trend_later"))
    else:
        chart(figures.quality_trend(trend, ctx.lang), key="quality_trend")


def chart(figure: go.Figure, key: str | None = None) -> None:
    """Render a figure at full width with a quiet toolbar, fitted to the screen (`present.figures.for_screen`)."""
    st.plotly_chart(figures.for_screen(figure), config=_CHART_CONFIG, key=f"chart_{key}" if key else None)


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


def publish_issues_button(ctx: Context) -> None:
    """Admin only, write-back enabled: copy the issues into the spreadsheet's `Masalah Data` tab."""
    spec = data.source_spec()
    if ctx.role != "admin" or spec.kind != "sheets" or not data.sheets_config(spec).write_back:
        return
    if st.button(ctx.t("quality.publish"), help=ctx.t("quality.publish_help"), icon=":material/publish:"):
        from sheets.gsheets import SheetsError
        from sheets.setup_sheet import publish_issues

        try:
            written = publish_issues(data.sheets_config(spec), ctx.report.issues)
        except SheetsError as error:
            st.error(plain(error.message(ctx.lang)), icon=":material/error:")  # quotes Google's answer
        else:
            st.success(ctx.t("quality.published", n=i18n.number(written, ctx.lang)), icon=":material/done:")


def identity_issues(ctx: Context) -> None:
    """Staff only: the identity spreadsheet's own problems (invalid or duplicate NIK, unknown ID), masked.

    Checked in memory, never in the shared caches (`ui.identity`), and shown masked
    (`sheets.privacy.mask_identity_issues`: a NIK's last four digits at most, never a name).
    """
    people = identity.current(data.source_spec(), ctx.bounds.today) if ctx.role in access.STAFF else None
    if people is None:
        return
    lang = ctx.lang
    st.subheader(ctx.t("quality.identity"))
    st.caption(ctx.t("quality.identity_note"))
    if people.issues.empty:
        st.success(ctx.t("quality.identity_none"), icon=":material/check_circle:")
        return
    st.warning(
        ctx.t("quality.identity_count", n=i18n.number(len(people.issues), lang)), icon=":material/badge:"
    )
    link = i18n.column_label("link", lang)
    has_link = bool(people.issues["link"].fillna("").ne("").any())  # cells of a live identity sheet
    st.dataframe(
        tables.issues(people.issues, lang),
        hide_index=True,
        placeholder="–",
        key="identity_issues",
        column_config={
            i18n.column_label("message", lang): st.column_config.TextColumn(width="large"),
            link: st.column_config.LinkColumn(link, display_text=ctx.t("col.link_text"))
            if has_link
            else None,
            ctx.t("col.fix"): st.column_config.TextColumn(width="large"),
        },
    )
