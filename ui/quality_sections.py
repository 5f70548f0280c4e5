"""The data quality page's sections that read beyond the report: the trend from the history store,
the identity spreadsheet's own problems, and the admin's copy of the issues into the spreadsheet."""

from __future__ import annotations

import streamlit as st

from present import i18n, quality, tables
from present.context import Context
from present.markup import plain
from sheets.issues import SEVERITIES
from ui import access, data, identity, memo
from ui.page import chart


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
        chart(quality.quality_trend(trend, ctx.lang), key="quality_trend")


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


def issue_filters(ctx: Context, tabs: list[str]) -> tuple[list[str], list[str], list[str]]:
    """The tab, severity and rule chosen for the issue list (each offers only what was found)."""
    lang = ctx.lang
    found_tabs, found_severities, found_rules = memo.per_read(ctx, quality.issue_choices)
    one, two, three = st.columns(3)
    chosen_tabs = one.multiselect(
        ctx.t("quality.filter_tab"),
        [t for t in tabs if t in found_tabs],
        key="quality_tabs",
        placeholder=ctx.t("side.all"),
        format_func=lambda tab: i18n.tab_label(tab, lang),
    )
    chosen_severities = two.multiselect(
        ctx.t("quality.filter_severity"),
        [s for s in SEVERITIES if s in found_severities],
        key="quality_severities",
        placeholder=ctx.t("side.all"),
        format_func=lambda s: ctx.t(f"value.severity.{s}"),
    )
    chosen_rules = three.multiselect(
        ctx.t("quality.filter_rule"), found_rules, key="quality_rules", placeholder=ctx.t("side.all")
    )
    return chosen_tabs, chosen_severities, chosen_rules
