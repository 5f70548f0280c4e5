"""Tables as users see them (pure): contract labels for headers and translated values.

Each function takes a metrics or report frame and returns a new frame whose
columns are already the labels to show, so no raw key (`survivor_id`) reaches a
user, on screen or in a download (downloads are written by `sheets.privacy`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from present import i18n
from sheets import messages
from sheets.issues import RULES, SEVERITIES

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Pixels a 16-character masked NIK (`************1234`) needs in the grid's font, with cell padding.
NIK_WIDTH = 160


def _dates(values: pd.Series) -> pd.Series:
    """Timestamps as plain dates (no midnight time shown)."""
    return pd.to_datetime(values).dt.date


def _labelled(frame: pd.DataFrame, columns: Sequence[tuple[str, str | None]], lang: str) -> pd.DataFrame:
    """Keep `columns` (key, contract tab or None) in that order, renamed to their labels."""
    keys = [key for key, _ in columns]
    return frame[keys].rename(columns={key: i18n.column_label(key, lang, tab) for key, tab in columns})


def percent_points(shares: pd.Series) -> pd.Series:
    """Shares (0-1) as whole percentages (0-100), the way a progress column shows them."""
    return (shares.astype("Float64") * 100).round(0)


def money_text(values: pd.Series, lang: str) -> pd.Series:
    """Rupiah amounts as text in `lang`'s grouping (7.500.000 / 7,500,000); missing stays missing.

    A number column would follow the browser's locale, not the page's language. The text is
    padded on the left to one width, so the grid's text sort (`localeCompare`, where a space
    comes before a digit) still orders the amounts by size; shown right-aligned, the padding
    is invisible.
    """
    text = values.map(lambda v: None if i18n.is_missing(v) else i18n.number(v, lang)).astype("string")
    width = int(text.str.len().max()) if text.notna().any() else 0
    return text.str.rjust(width)


def districts(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per kecamatan: code, known, rehabilitated, waiting, coverage (in %) and activities held."""
    frame = frame.assign(coverage=percent_points(frame["coverage"]))
    return _labelled(
        frame,
        [
            ("district", "Korban"),
            ("code", None),
            ("known", None),
            ("rehabilitated", None),
            ("waiting", None),
            ("coverage", None),
            ("activities", None),
        ],
        lang,
    )


def activities(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per activity: when, where, what kind, participants, completion and aid given."""
    frame = summary.assign(
        kind=summary["kind"].map(lambda v: i18n.value_label(v, lang)),
        completion=percent_points(summary["completion"]),
        aid_value=money_text(summary["aid_value"], lang),
        budget=money_text(summary["budget"], lang),
        starts_on=_dates(summary["starts_on"]),
        ends_on=_dates(summary["ends_on"]),
    )
    # What answers "who took part, did they finish" comes before the descriptive columns.
    return _labelled(
        frame,
        [
            ("activity_id", "Kegiatan"),
            ("name", "Kegiatan"),
            ("starts_on", "Kegiatan"),
            ("participants", None),
            ("completed", None),
            ("completion", None),
            ("aid_value", None),
            ("budget", "Kegiatan"),
            ("kind", "Kegiatan"),
            ("district", "Kegiatan"),
            ("topic", "Kegiatan"),
            ("ends_on", "Kegiatan"),
        ],
        lang,
    )


def worklist(work: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The follow-up worklist: who, which checkpoint, due when, how late, last visit, officer."""
    frame = work.assign(
        checkpoint=work["checkpoint"].map(lambda m: i18n.t("fig.months", lang, n=int(m))),
        state=work["state"].map(lambda s: i18n.t(f"value.state.{s}", lang)),
        due_on=_dates(work["due_on"]),
        last_visit=_dates(work["last_visit"]),
        officer=work["officer"].astype("string"),
    )
    return _labelled(
        frame,
        [
            ("survivor_id", "Korban"),
            ("district", "Korban"),
            ("checkpoint", None),
            ("due_on", None),
            ("state", None),
            ("days_late", None),
            ("last_visit", None),
            ("officer", "Pemantauan"),
        ],
        lang,
    )


def with_identity(shown: pd.DataFrame, work: pd.DataFrame, people: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The worklist with name, masked NIK and phone inserted after the survivor's ID (staff screens only)."""
    joined = work[["survivor_id"]].merge(people, on="survivor_id", how="left")
    out = shown.copy()
    for offset, key in enumerate(("full_name", "nik", "phone"), start=1):
        out.insert(offset, i18n.column_label(key, lang, "Identitas"), joined[key].to_numpy())
    return out


def issues(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The issues table for people: tab, row, column, value, rule, severity, message in `lang`, link."""
    rendered = messages.render_issues(frame, lang)  # the message and its fix, from the catalogs
    shown = rendered.assign(
        tab=frame["tab"].map(lambda tab: i18n.tab_label(tab, lang)),
        severity=frame["severity"].map(lambda s: i18n.t(f"value.severity.{s}", lang)),
        code_rule=frame["code"],
        link=frame["link"].replace("", None),
    )
    # The cell's address (with its link, so it is never scrolled out of sight), then the message
    # staff read; the rest is for filtering. "How to fix" ends the row: the downloads carry it,
    # the page shows it per rule instead.
    return _labelled(
        shown,
        [
            ("tab", None),
            ("row", None),
            ("link", None),
            ("column", None),
            ("message", None),
            ("value", None),
            ("severity", None),
            ("code_rule", None),
            ("fix", None),
        ],
        lang,
    )


def issue_counts(frame: pd.DataFrame, tabs: Sequence[str], lang: str) -> pd.DataFrame:
    """Problems per tab (rows) and severity (columns), with totals."""
    table = (
        frame.groupby(["tab", "severity"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=list(tabs), columns=list(SEVERITIES), fill_value=0)
    )
    table["total"] = table.sum(axis=1)
    table.index = [i18n.tab_label(tab, lang) for tab in table.index]
    table.index.name = i18n.t("col.tab", lang)
    table = table.rename(
        columns={s: i18n.t(f"value.severity.{s}", lang) for s in SEVERITIES}
        | {"total": i18n.t("col.total", lang)}
    )
    return table.reset_index()


def rule_counts(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Problems per rule with its severity and a short "how to fix", most frequent first."""
    counts = frame.groupby("code").size().sort_values(ascending=False, kind="stable")
    rules = [RULES[code] for code in counts.index]
    return pd.DataFrame(
        {
            i18n.t("col.code_rule", lang): list(counts.index),
            i18n.t("col.severity", lang): [i18n.t(f"value.severity.{r.severity}", lang) for r in rules],
            i18n.t("col.count", lang): counts.to_list(),
            i18n.t("col.fix", lang): [r.fix(lang) for r in rules],
        }
    )


def accounting(table: pd.DataFrame, present: dict[str, bool], lang: str) -> pd.DataFrame:
    """Rows read, used, excluded and blank per tab (`Report.accounting()`), and whether the tab exists."""
    frame = table.assign(
        present=table["tab"].map(lambda tab: present.get(tab, False)),
        tab=table["tab"].map(lambda tab: i18n.tab_label(tab, lang)),
    )
    return _labelled(
        frame,
        [
            ("tab", None),
            ("present", None),
            ("rows_read", None),
            ("rows_used", None),
            ("rows_excluded", None),
            ("rows_blank", None),
        ],
        lang,
    )


def is_structure(frame: pd.DataFrame) -> pd.Series:
    """Which issues are about a tab or column (the sheet's structure), not a cell."""
    return frame["code"].map(lambda code: RULES[code].structure).astype(bool)
