"""The worklist's visit form (Streamlit shell): record a follow-up visit for one survivor of the list.

The checks and the row are `sheets.visits`' (the reader's own validation); this module only asks
and answers. With write-back on a Google spreadsheet the row is appended and the cached read
forgotten, so the worklist and figures show it on the next run; otherwise the row is offered as
tab-separated text to paste into `Pemantauan`. Staff and admin only (the worklist's roles).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from present import i18n
from present.markup import plain
from sheets import schema, visits
from sheets.messages import render_issues
from ui import access, data

if TYPE_CHECKING:
    from present.context import Context

FORM_KEY = "visit_form"
YES, NO = "Ya", "Tidak"


def can_write(spec: data.SourceSpec) -> bool:
    """Whether a visit goes straight into the spreadsheet (Google Sheets with write-back on)."""
    return spec.kind == "sheets" and bool(data.sheets_config(spec).write_back)


def issue_lines(issues: pd.DataFrame, lang: str) -> list[str]:
    """Each issue as staff read it on the quality page: tab, row, column, value, then the message."""
    shown = render_issues(issues, lang)
    return [
        i18n.t("visit.issue", lang, tab=tab, row=int(row), column=column, value=value, message=message)
        for tab, row, column, value, message in zip(
            shown["tab"], shown["row"], shown["column"], shown["value"].astype(str), shown["message"]
        )
    ]


def visit_form(ctx: Context, work: pd.DataFrame) -> None:
    """The form under the worklist: one survivor of `work`, the visit's cells, then write or copy."""
    if ctx.role not in access.STAFF or work.empty:
        return
    lang = ctx.lang
    spec = data.source_spec()
    writes = can_write(spec)
    st.subheader(ctx.t("visit.heading"))
    st.caption(ctx.t("visit.note_write" if writes else "visit.note_copy"))
    officers = work.drop_duplicates("survivor_id").set_index("survivor_id")["officer"]
    label = lambda key: i18n.column_label(key, lang, "Pemantauan")
    with st.form(FORM_KEY):
        survivor = st.selectbox(label("survivor_id"), list(officers.index), key="visit_survivor")
        left, right = st.columns(2)
        visited_on = left.date_input(
            label("visited_on"), value=ctx.bounds.today, format="DD/MM/YYYY", key="visit_date"
        )
        status = right.selectbox(
            label("business_status"), schema.PEMANTAUAN.column("business_status").allowed, key="visit_status"
        )
        income = left.text_input(label("monthly_income"), key="visit_income", placeholder="1,5 jt")
        family = right.radio(
            label("with_family"),
            ["", YES, NO],
            horizontal=True,
            key="visit_family",
            format_func=lambda v: v or "–",
        )
        officer = st.text_input(
            label("officer"), key="visit_officer", placeholder=ctx.t("visit.officer_placeholder")
        )
        sent = st.form_submit_button(ctx.t("visit.submit"), icon=":material/add_task:")
    if not sent:
        return
    current = officers.get(survivor)
    cells = {
        "survivor_id": survivor,
        "visited_on": visited_on,
        "business_status": status,
        "monthly_income": income or None,
        "with_family": family or None,
        "officer": officer or (None if current == ctx.t("follow_up.no_officer") else current),
    }
    checked = visits.check(ctx.report, cells, data.today())
    if not checked.ok:
        errors = checked.issues[checked.issues["severity"] == "error"]
        st.error(
            "\n\n".join([ctx.t("visit.refused"), *map(plain, issue_lines(errors, lang))]),
            icon=":material/error:",
        )
        return
    if not writes:
        st.info(ctx.t("visit.copy", row=checked.row), icon=":material/content_copy:")
        st.code(checked.as_tsv(), language=None)
        return
    from sheets.gsheets import SheetsError

    try:
        row = visits.append(data.sheets_config(spec), ctx.report, checked)
    except SheetsError as error:
        st.error(plain(error.message(lang)), icon=":material/error:")
        return
    data.clear()  # the worklist and every figure read the sheet again on the next run
    st.success(ctx.t("visit.written", row=row, survivor=survivor), icon=":material/done:")


def visit_list(ctx: Context, work: pd.DataFrame, people: object | None) -> None:
    """A printable visit list (PDF) for one officer of the worklist; names only with the identity sheet.

    `people` is the page's `data.Identity` (None without the identity spreadsheet): its names and
    NIKs go in masked as on screen (`sheets.privacy.identity_for_worklist`), never more.
    """
    if ctx.role not in access.STAFF or work.empty:
        return
    from present import visit_list as pdf
    from present.follow_up import officer_choices
    from sheets import privacy
    from ui import private_download

    officers = officer_choices(work["officer"].unique(), ctx.t("follow_up.no_officer"))
    left, right = st.columns([2, 1])
    officer = left.selectbox(ctx.t("visit.list_officer"), officers, key="visit_list_officer")
    mine = work[work["officer"] == officer]
    masked = privacy.identity_for_worklist(people.table) if people is not None else None  # type: ignore[attr-defined]
    with right:
        private_download.offer(
            ctx.t("visit.list_download"),
            lambda: pdf.visit_list_pdf(mine, officer, ctx.as_of, ctx.lang, masked),
            f"kunjungan-{ctx.as_of.isoformat()}.pdf",
            pdf.PDF_MIME,
            key="visit_list_pdf",
        )
