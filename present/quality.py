"""Kualitas data: accounting per tab, issue counts and the issue list as shown (pure).

Each function takes the page context (`present.context.Context`: the filtered dataset, the
"as of" date, the language, the report) or the report, plus the section's own choices, and
returns what the page renders. The page calls them through `ui.memo`, so every session that
opens the same view shares one result; nothing here calls Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from present import figures, i18n, tables
from present.markup import plain
from sheets import messages
from sheets.issues import RULES
from sheets.validate import Report


def issue_choices(report: Report) -> tuple[set[str], set[str], list[str]]:
    """The tabs, severities and rules that have issues (what the quality page's filters offer)."""
    issues = report.issues
    return set(issues["tab"]), set(issues["severity"]), sorted(issues["code"].unique())


def structure_issues(report: Report) -> pd.DataFrame:
    """Issues about a tab or column rather than a cell."""
    return report.issues[tables.is_structure(report.issues)]


def structure_problems(report: Report, lang: str) -> tuple[str, str, int]:
    """The issues about a tab or column as Markdown: the errors, then each of their rules' fix ('' when
    there is none), the other notes, and how many notes there are."""
    structure = messages.render_issues(structure_issues(report), lang)
    broken = structure[structure["severity"] == "error"]
    notes = structure[structure["severity"] != "error"]
    errors = ""
    if len(broken):
        fixes = "\n".join(f"- {RULES[code].fix(lang)}" for code in dict.fromkeys(broken["code"]))
        errors = f"{_bullets(broken, lang)}\n\n{fixes}"
    return errors, _bullets(notes, lang), len(notes)


def _bullets(issues: pd.DataFrame, lang: str) -> str:
    # Tab names and messages quote the sheet (headers, values): shown as typed, never as Markdown.
    return "\n".join(
        f"- **{plain(i18n.tab_label(tab, lang))}**: {plain(text)}"
        for tab, text in zip(issues["tab"], issues["message"])
    )


def accounting(report: Report, lang: str) -> pd.DataFrame:
    """Rows read, used, excluded and blank per tab."""
    return tables.accounting(report.accounting(), report.present, lang)


def issue_counts(report: Report, lang: str) -> tuple[go.Figure, pd.DataFrame, pd.DataFrame]:
    """Problems per tab (chart and table) and per rule; only when there are issues."""
    issues, tabs = report.issues, list(report.counts)
    return (
        issues_by_tab(issues, tabs, lang),
        tables.issue_counts(issues, tabs, lang),
        tables.rule_counts(issues, lang),
    )


def issue_list(
    report: Report, lang: str, tabs: tuple[str, ...], severities: tuple[str, ...], rules: tuple[str, ...]
) -> tuple[pd.DataFrame, bool]:
    """The issues narrowed to the chosen tabs, severities and rules, as shown; and whether any has a link."""
    selected = report.issues
    for column, chosen in (("tab", tabs), ("severity", severities), ("code", rules)):
        if chosen:
            selected = selected[selected[column].isin(chosen)]
    return tables.issues(selected, lang), bool(selected["link"].fillna("").ne("").any())


# --------------------------------------------------------------------------- charts


def issues_by_tab(issues: pd.DataFrame, tabs: Sequence[str], lang: str) -> go.Figure:
    """Problems per tab (in sheet order, top down), stacked by severity."""
    if issues.empty:
        return figures.empty_figure(i18n.t("fig.issues.empty", lang), lang)
    labels = [i18n.tab_label(tab, lang) for tab in tabs]
    fig = go.Figure()
    for severity in ("error", "warning", "info"):
        counts = issues.loc[issues["severity"] == severity, "tab"].value_counts()
        counts = counts.reindex(list(tabs), fill_value=0)
        if not counts.any():
            continue
        name = i18n.t(f"value.severity.{severity}", lang)
        fig.add_bar(
            y=labels,
            x=figures.as_ints(counts),
            orientation="h",
            name=name,
            marker_color=figures.colour(severity),
            **figures.hover_of(name, labels, figures.count_texts(counts, lang)),
        )
    figures.relayout(fig, {"barmode": "stack"})
    figures.relayout(fig, yaxes={"type": "category", "autorange": "reversed", "rangemode": None})
    title = i18n.t(
        "fig.issues.title",
        lang,
        n=i18n.number(len(issues), lang),
        errors=i18n.number(issues["severity"].eq("error").sum(), lang),
        warnings=i18n.number(issues["severity"].eq("warning").sum(), lang),
    )
    figures.base_layout(fig, title, lang, height=140 + 36 * len(tabs), x_title=i18n.t("fig.issues", lang))
    figures.relayout(fig, xaxes={"tickformat": "d", "rangemode": "tozero"})
    return fig


def quality_trend(trend: pd.DataFrame, lang: str) -> go.Figure:
    """Errors per tab in each recorded read (`sheets.history.History.quality_trend`): is quality improving?"""
    if trend.empty:
        return figures.empty_figure(i18n.t("history.trend_empty", lang), lang)
    fig = go.Figure()
    for colour, (tab, part) in zip(figures.CYCLE * 3, trend.groupby("tab", sort=False)):
        label = i18n.tab_label(str(tab), lang)
        fig.add_scatter(
            x=list(part["read_at"]),
            y=list(part["errors"]),
            name=label,
            mode="lines+markers",
            line={"color": colour, "width": 3, "shape": "hv"},
            **figures.hover_of(
                label,
                [i18n.moment(t, lang) for t in part["read_at"]],
                figures.count_texts(part["errors"], lang),
            ),
        )
    last = trend[trend["read_at"] == trend["read_at"].max()]
    figures.base_layout(
        fig,
        i18n.t("history.trend_title", lang, n=i18n.number(int(last["errors"].sum()), lang)),
        lang,
        height=360,
        y_title=i18n.t("history.errors", lang),
    )
    return figures.relayout(fig, xaxes={"tickformat": "%d/%m/%Y"})
