"""The Riwayat page's lost-rows section: the rows gone from the sheet, their download, restore and let go.

Streamlit widgets (the page's shell); the tables and checks it shows come from `present.history` (pure).
"""

from __future__ import annotations

import streamlit as st

from present import history, i18n, publications, tables
from present.context import Context
from present.markup import plain
from sheets import privacy, release
from sheets.history import History, LostRow, PublicationExists
from sheets.raw import RawWorkbook
from ui import access, data, page, private_download
from ui.public_release import office_naming, release_day, threshold


def who(ctx: Context, spec: data.SourceSpec) -> str:
    """Who a recorded decision is by: the login's address, else the role on this source (demo, local mode)."""
    login, _ = access.current_login()
    return login.email if login is not None and login.email else f"{ctx.role} ({spec.label(ctx.lang)})"


def lost_rows(
    ctx: Context, store: History, lost: list[LostRow], spec: data.SourceSpec, who: str, latest: int | None
) -> None:
    """Each lost row with its last-seen time; per tab a download in the contract's layout and, for admins
    with write-back, a restore (`latest`: the latest read, whose header rows the restore must match);
    marking rows as removed on purpose."""
    lang = ctx.lang
    st.header(ctx.t("history.lost"), divider="gray")
    if not lost:
        st.success(ctx.t("history.no_lost"), icon=":material/check_circle:")
        return
    st.error(ctx.t("history.lost_intro", n=i18n.number(len(lost), lang)), icon=":material/delete_sweep:")
    st.dataframe(history.lost_table(lost, lang), hide_index=True)
    write_back = spec.kind == "sheets" and ctx.role == "admin" and data.sheets_config(spec).write_back
    latest_raw = store.raw_of(latest) if write_back and latest is not None else None  # once for every tab
    for tab in dict.fromkeys(r.tab for r in lost):
        rows = [r for r in lost if r.tab == tab]
        layout = history.contract_layout(lost, tab)
        name = f"baris-hilang-{tab.lower()}-{ctx.bounds.today.isoformat()}"
        left, right = st.columns([1, 2], vertical_alignment="center")
        with left:
            private_download.offer(
                ctx.t("history.download", tab=i18n.tab_label(tab, lang), n=len(rows)),
                lambda layout=layout, tab=tab: privacy.to_xlsx_bytes(layout, tab),
                f"{name}.xlsx",
                tables.XLSX_MIME,
                f"lost_{tab}",
            )
        if write_back:
            with right:
                _restore(ctx, lost, rows, tab, spec, latest_raw)
    st.caption(ctx.t("history.paste_back"))
    labels = {r.id: history.lost_label(r, lang) for r in lost}
    chosen = st.multiselect(
        ctx.t("history.let_go"),
        list(labels),
        format_func=labels.get,
        key="history_let_go",
        placeholder=ctx.t("history.choose"),
    )
    if st.button(ctx.t("history.let_go_button"), disabled=not chosen, icon=":material/delete:"):
        for lost_id in chosen:
            store.let_go(lost_id, who)
        st.rerun()


def _restore(
    ctx: Context,
    lost: list[LostRow],
    rows: list[LostRow],
    tab: str,
    spec: data.SourceSpec,
    latest_raw: RawWorkbook | None,
) -> None:
    """Admins with write-back: append the tab's lost rows in one click, when today's header is theirs."""
    from sheets.gsheets import SheetsError
    from sheets.setup_sheet import restore_rows

    header_now = (
        None if latest_raw is None else history.header_row(latest_raw, tab, ctx.report.headers.get(tab))
    )
    if not history.restorable(lost, tab, header_now):
        st.caption(ctx.t("history.restore_by_hand"))
        return
    label = i18n.tab_label(tab, ctx.lang)
    if not st.button(
        ctx.t("history.restore", tab=label, n=len(rows)), key=f"restore_{tab}", icon=":material/restore:"
    ):
        return
    try:
        written = restore_rows(data.sheets_config(spec), tab, [r.cells for r in rows])
    except SheetsError as error:
        st.error(plain(error.message(ctx.lang)), icon=":material/error:")
    else:
        st.success(ctx.t("history.restored", n=written, tab=label), icon=":material/done:")


def publish_form(
    ctx: Context, spec: data.SourceSpec, loaded: data.Loaded, store: History, labels: dict[str, str]
) -> bool:
    """The admin's form that freezes today's public figures under a label; True when it published."""
    lang = ctx.lang
    st.header(ctx.t("publications.publish"), divider="gray")
    st.caption(ctx.t("publications.publish_intro"))
    today = ctx.bounds.today
    default_day = release.release_as_of(today, release_day())
    left, right = st.columns(2)
    label = left.text_input(
        ctx.t("publications.col.label"),
        value=default_day.strftime("%Y-%m"),
        key="publish_label",
        max_chars=80,
    )
    as_of = right.date_input(
        ctx.t("publications.col.as_of"),
        value=default_day,
        max_value=today,
        format="DD/MM/YYYY",
        key="publish_as_of",
    )
    if st.button(ctx.t("publications.publish_button"), icon=":material/publish:", disabled=not label.strip()):
        if loaded.recorded is None:
            st.error(
                ctx.t("publications.not_recorded", reason=plain(loaded.history_problem or "–")),
                icon=":material/error:",
            )
        else:
            who_ = who(ctx, spec)
            with st.spinner(ctx.t("publications.publishing")):
                try:
                    made, problem = publications.publish(
                        store,
                        loaded.recorded.read_id,
                        loaded.dataset,
                        as_of,
                        threshold(),
                        label,
                        who_,
                        labels,
                        *office_naming(),
                    )
                except PublicationExists:
                    st.error(
                        ctx.t("publications.exists", label=plain(label.strip())), icon=":material/error:"
                    )
                else:
                    st.success(
                        ctx.t("publications.published", label=plain(made.label)), icon=":material/done:"
                    )
                    if problem:
                        st.warning(
                            i18n.t("public.images_unavailable", lang, reason=plain(problem)),
                            icon=":material/image_not_supported:",
                        )
                    return True
    return False


def history_alert(ctx: Context) -> None:
    """For staff: a prominent alert when rows are gone from the sheet or a mass change was seen."""
    if ctx.role not in access.STAFF:
        return
    try:
        store = data.history()
        sentence = history.alert_sentence(store.lost_rows(), store.open_alerts(), ctx.lang)
    except Exception:  # noqa: BLE001 - the loader already shows staff why the store is unusable
        return
    if sentence:
        st.error(sentence, icon=":material/delete_sweep:")
        page.link_to("history", ctx.t("history.alert_link"), ctx.role, icon=":material/history:")


def alerts(ctx: Context, store: History, open_alerts: list, who: str) -> None:
    """The open mass-change alerts, and ending chosen ones (recorded with who ended them)."""
    lang = ctx.lang
    st.header(ctx.t("history.alerts"), divider="gray")
    if not open_alerts:
        st.caption(ctx.t("history.no_alerts"))
    else:
        st.warning(ctx.t("history.alerts_intro"), icon=":material/warning:")
        st.dataframe(history.alerts_table(open_alerts, lang), hide_index=True)
        labels = {
            a.id: f"{ctx.t(f'history.kind.{a.kind}')} · {i18n.tab_label(a.tab, lang)} {a.column}".strip()
            for a in open_alerts
        }
        chosen = st.multiselect(
            ctx.t("history.end_alerts"),
            list(labels),
            format_func=labels.get,
            key="history_end_alerts",
            placeholder=ctx.t("history.choose"),
        )
        if st.button(ctx.t("history.end_alerts_button"), disabled=not chosen, icon=":material/done_all:"):
            for alert_id in chosen:
                store.end_alert(alert_id, who)
            st.rerun()
