"""The Riwayat page's lost-rows section: the rows gone from the sheet, their download, restore and let go.

Streamlit widgets (the page's shell); the tables and checks it shows come from `present.history` (pure).
"""

from __future__ import annotations

import streamlit as st

from present import history, i18n, tables
from present.context import Context
from present.markup import plain
from sheets import privacy
from sheets.history import History, LostRow
from sheets.raw import RawWorkbook
from ui import data, private_download


def who(ctx: Context, spec: data.SourceSpec) -> str:
    """Who a recorded decision is by: the login's address, else the role on this source (demo, local mode)."""
    from ui import access

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
