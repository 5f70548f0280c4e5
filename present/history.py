"""What the Riwayat (history) page and the overview's alert show, built from the history store (pure).

Data in (`sheets.history` results), tables, sentences and figures out; nothing here calls
Streamlit. The store itself is opened by the page (`app_pages/history.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd

from present import i18n
from sheets import schema
from sheets.history import Alert, LostRow, trimmed
from sheets.raw import RawWorkbook


def alert_sentence(lost: Sequence[LostRow], alerts: Sequence[Alert], lang: str) -> str:
    """The overview's alert: rows gone from the sheet and suspicious changes ("" when there are none)."""
    parts = []
    if lost:
        tabs = ", ".join(dict.fromkeys(i18n.tab_label(r.tab, lang) for r in lost))
        parts.append(i18n.t("history.alert_lost", lang, n=i18n.number(len(lost), lang), tabs=tabs))
    if alerts:
        parts.append(i18n.t("history.alert_changes", lang, n=i18n.number(len(alerts), lang)))
    return " ".join(parts)


def lost_table(lost: Sequence[LostRow], lang: str) -> pd.DataFrame:
    """One line per lost row: tab, key, its row number, when it was last seen and when it was missed."""
    return pd.DataFrame(
        {
            i18n.t("history.col.tab", lang): [i18n.tab_label(r.tab, lang) for r in lost],
            i18n.t("history.col.key", lang): [r.key for r in lost],
            i18n.t("history.col.row", lang): [r.row_number for r in lost],
            i18n.t("history.col.last_seen", lang): [i18n.moment(r.last_seen_at, lang) for r in lost],
            i18n.t("history.col.lost_at", lang): [i18n.moment(r.lost_at, lang) for r in lost],
        },
        columns=[i18n.t(f"history.col.{c}", lang) for c in ("tab", "key", "row", "last_seen", "lost_at")],
    )


def lost_label(row: LostRow, lang: str) -> str:
    """How one lost row is named in a choice: tab, key and row number."""
    return i18n.t(
        "history.lost_label", lang, tab=i18n.tab_label(row.tab, lang), record=row.key, row=row.row_number
    )


def contract_layout(lost: Sequence[LostRow], tab: str) -> pd.DataFrame:
    """The lost rows of one tab under the contract's headers, as last seen: the layout to paste back."""
    headers = [c.header for c in schema.TABS[tab].columns]
    return pd.DataFrame([r.values() for r in lost if r.tab == tab], columns=headers)


def restorable(lost: Sequence[LostRow], tab: str, header_now: Sequence[object] | None) -> bool:
    """True when the tab's lost rows can go back cell for cell: all were seen under today's header row."""
    rows = [r for r in lost if r.tab == tab]
    if not rows or header_now is None:
        return False
    now = trimmed(header_now)
    return all(trimmed(r.header) == now for r in rows)


def header_row(raw: RawWorkbook, tab: str, sheet_row: int | None) -> tuple[object, ...] | None:
    """The header row of `tab` in a read (`sheet_row`: 1-based, as `Report.headers` gives it)."""
    found = raw.find(tab)
    if found is None or sheet_row is None or not 0 < sheet_row <= len(found.rows):
        return None
    return tuple(found.rows[sheet_row - 1])


def alerts_table(alerts: Sequence[Alert], lang: str) -> pd.DataFrame:
    """One line per open alert: what happened, where, how much, and when it was noticed."""
    return pd.DataFrame(
        {
            i18n.t("history.col.alert", lang): [i18n.t(f"history.kind.{a.kind}", lang) for a in alerts],
            i18n.t("history.col.tab", lang): [i18n.tab_label(a.tab, lang) for a in alerts],
            i18n.t("history.col.column", lang): [a.column for a in alerts],
            i18n.t("history.col.changed", lang): [
                i18n.t(
                    "history.changed_of",
                    lang,
                    n=i18n.number(a.changed, lang),
                    of=i18n.number(a.of_rows, lang),
                )
                for a in alerts
            ],
            i18n.t("history.col.detected", lang): [i18n.moment(a.detected_at, lang) for a in alerts],
        },
        columns=[i18n.t(f"history.col.{c}", lang) for c in ("alert", "tab", "column", "changed", "detected")],
    )


def changelog_table(log: pd.DataFrame, header: Sequence[object], lang: str) -> pd.DataFrame:
    """A record's history: for each read where it appeared, changed, went or came back, which cells moved."""
    names = [str(h) if h not in (None, "") else f"#{i + 1}" for i, h in enumerate(header)]
    lines = []
    entry: Any
    for entry in log.itertuples(index=False):
        before, after = list(entry.before or []), list(entry.after or [])
        width = max(len(before), len(after))
        before += [None] * (width - len(before))
        after += [None] * (width - len(after))
        moved = [
            f"{names[i] if i < len(names) else f'#{i + 1}'}: {_cell(b)} → {_cell(a)}"
            for i, (b, a) in enumerate(zip(before, after))
            if b != a
        ]
        if entry.change == "added":
            moved = [
                f"{names[i] if i < len(names) else f'#{i + 1}'}: {_cell(a)}"
                for i, a in enumerate(after)
                if a not in (None, "")
            ]
        lines.append(
            {
                i18n.t("history.col.read_at", lang): i18n.moment(entry.read_at, lang),
                i18n.t("history.col.change", lang): i18n.t(f"history.change.{entry.change}", lang),
                i18n.t("history.col.row", lang): entry.row,
                i18n.t("history.col.cells", lang): "; ".join(moved),
            }
        )
    return pd.DataFrame(
        lines, columns=[i18n.t(f"history.col.{c}", lang) for c in ("read_at", "change", "row", "cells")]
    )


def _cell(value: object) -> str:
    return "–" if value in (None, "") else str(value)


def issues_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Issues new or fixed since a date: tab, row, column, rule, value."""
    return pd.DataFrame(
        {
            i18n.t("history.col.tab", lang): [i18n.tab_label(t, lang) for t in frame["tab"]],
            i18n.t("history.col.row", lang): list(frame["row"]),
            i18n.t("history.col.column", lang): list(frame["column"]),
            i18n.t("history.col.rule", lang): list(frame["code"]),
            i18n.t("history.col.value", lang): [_cell(v) for v in frame["value"]],
        }
    )


def since_choice(today: dt.date) -> dt.date:
    """The default "since" of the issues comparison: the first day of the previous month."""
    first = today.replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1)
