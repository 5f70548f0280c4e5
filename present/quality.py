"""Kualitas data: accounting per tab, issue counts and the issue list as shown (pure).

Each function takes the page context (`present.context.Context`: the filtered dataset, the
"as of" date, the language, the report) or the report, plus the section's own choices, and
returns what the page renders. The page calls them through `ui.memo`, so every session that
opens the same view shares one result; nothing here calls Streamlit.
"""

from __future__ import annotations

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
        figures.issues_by_tab(issues, tabs, lang),
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
