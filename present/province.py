"""Provinsi: every office side by side, gaps first, with each office's freshness and data quality (pure).

Built from `sheets.province`: the office table (`office_table`, each office's last good read),
the province totals, and the suppressed public province table. Nothing here calls Streamlit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from present import figures, i18n, kpi, tables
from present.markup import plain
from sheets.province import OfficeRead, ProvinceRelease, office_table, province_totals
from sheets.release import TOTAL
from sheets.settings import SettingsError


@dataclass(frozen=True)
class ProvinceView:
    """What the province page shows, in one language."""

    tiles: list[kpi.Kpi]
    warnings: list[str]  # offices never read, stale or unusable: one sentence each
    coverage: go.Figure
    pace: go.Figure
    table: pd.DataFrame  # every office, gaps first, labelled for the reader
    sentence: str


def freshness(read: OfficeRead, lang: str) -> str:
    """An office's "data as of" note: '' when current; the time and reason when stale; never read."""
    stored = read.stored
    if read.never_read:
        return stored.no_data(lang)
    if read.problem is not None:
        return read.problem.message(lang)
    return stored.banner(lang)


def store_problem(error: Exception | None, lang: str) -> str:
    """Why the province page has no office to show, in `lang`, as Markdown: the office list's problems
    (catalogued), or what the history store's driver said (technical, the same in every language)."""
    if error is None:
        return i18n.t("province.no_offices", lang)
    reason = error.message(lang) if isinstance(error, SettingsError) else f"{type(error).__name__}: {error}"
    return i18n.t("province.store_problem", lang, reason=plain(reason))


def status_label(row: pd.Series, lang: str) -> str:
    """On track, behind, no target, or no data: the pace column's word."""
    if i18n.is_missing(row["known"]):
        return i18n.t("province.status.no_data", lang)
    if i18n.is_missing(row["needed_per_year"]):
        return i18n.t("province.status.no_target", lang)
    return i18n.t("province.status.on_track" if row["on_track"] else "province.status.behind", lang)


def _tiles(totals: dict, lang: str) -> list[kpi.Kpi]:
    n, t = i18n.number, i18n.t

    def tile(key: str, value: str, raw: float | None, help_key: str, **label: str) -> kpi.Kpi:
        return kpi.Kpi(
            key, t(f"province.tile.{key}", lang, **label), value, None, t(help_key, lang), raw, "off", "off"
        )

    # "27 of 27" as the value ran out of a tile at 1366 px ("27 dar…"): the whole goes in the label.
    return [
        tile(
            "offices",
            n(totals["offices_with_data"], lang),
            totals["offices_with_data"],
            "province.tile.offices_help",
            of=n(totals["offices"], lang),
        ),
        tile("known", n(totals["known"], lang), totals["known"], "province.tile.known_help"),
        tile(
            "rehabilitated",
            n(totals["rehabilitated"], lang),
            totals["rehabilitated"],
            "province.tile.rehabilitated_help",
        ),
        tile(
            "coverage",
            i18n.percent(totals["coverage"], lang),
            totals["coverage"],
            "province.tile.coverage_help",
        ),
        tile("behind", n(totals["behind"], lang), totals["behind"], "province.tile.behind_help"),
    ]


def sentence(totals: dict, lang: str) -> str:
    """The province's pace in one sentence: rehabilitated a year now against the pace the targets need."""
    if totals["needed_per_year"] is None:
        return i18n.t("province.pace_no_target", lang, now=i18n.decimal(totals["per_year"], lang))
    return i18n.t(
        "province.pace",
        lang,
        now=i18n.decimal(totals["per_year"], lang),
        needed=i18n.number(totals["needed_per_year"], lang),
        behind=i18n.number(totals["behind"], lang),
    )


def _decimals(values: pd.Series, lang: str) -> pd.Series:
    """One-decimal numbers as text in `lang` (17,3 / 17.3), padded so the grid's text sort orders them."""
    text = values.map(lambda v: None if i18n.is_missing(v) else i18n.decimal(v, lang)).astype("string")
    width = int(text.str.len().max()) if text.notna().any() else 0
    return text.str.rjust(width)


def office_rows(table: pd.DataFrame, reads: Sequence[OfficeRead], lang: str) -> pd.DataFrame:
    """The office table as the reader sees it: labelled columns, gaps first, a note where data is old."""
    notes = {r.office.code: freshness(r, lang) for r in reads}

    def t(key: str) -> str:
        return i18n.t(f"province.col.{key}", lang)

    def count(values: pd.Series) -> pd.Series:
        return values.astype("Int64")

    return pd.DataFrame(
        {
            t("office"): table["name"],
            t("code"): table["code"],
            i18n.t("col.known", lang): count(table["known"]),
            i18n.t("col.rehabilitated", lang): count(table["rehabilitated"]),
            i18n.t("col.coverage", lang): tables.percent_points(table["coverage"]),
            t("per_year"): _decimals(table["per_year"], lang),
            t("needed"): count(table["needed_per_year"]),
            t("status"): [status_label(row, lang) for _, row in table.iterrows()],
            t("excluded"): count(table["rows_excluded"]),
            t("errors"): count(table["errors"]),
            t("read_at"): ["–" if i18n.is_missing(v) else i18n.moment(v, lang) for v in table["read_at"]],
            t("note"): [notes.get(code, "") for code in table["code"]],
        }
    )


def present(reads: Sequence[OfficeRead], as_of: dt.date, lang: str) -> ProvinceView:
    """Everything the province page shows of `reads` as of `as_of`, in `lang`."""
    table = office_table(reads, as_of)
    totals = province_totals(table)
    warnings = [
        f"**{plain(r.office.name)}** ({r.office.code}): {plain(note)}"
        for r in reads
        if (note := freshness(r, lang))
    ]
    return ProvinceView(
        tiles=_tiles(totals, lang),
        warnings=warnings,
        coverage=offices_coverage(table, lang),
        pace=offices_pace(table, lang),
        table=office_rows(table, reads, lang),
        sentence=sentence(totals, lang),
    )


def public_rows(published: ProvinceRelease, lang: str) -> pd.DataFrame:
    """The public province table as shown: each office's published counts (or `<10` / `*`), then the total."""
    table = published.table
    names = [
        i18n.t("province.total", lang) if code == TOTAL else published.names[code]
        for code in table.frame.index
    ]
    return pd.DataFrame(
        {
            i18n.t("province.col.office", lang): names,
            i18n.t("col.known", lang): [
                figures.published(table, r, "known", lang) for r in table.frame.index
            ],
            i18n.t("col.rehabilitated", lang): [
                figures.published(table, r, "rehabilitated", lang) for r in table.frame.index
            ],
            i18n.t("col.coverage", lang): [
                figures.published(table, r, "coverage", lang) for r in table.frame.index
            ],
        }
    )


def public_note(published: ProvinceRelease, lang: str) -> str:
    """What the public table covers: the date, the markers, and the offices without data."""
    text = i18n.t(
        "province.public_note",
        lang,
        date=i18n.date(published.as_of, lang),
        k=published.k,
        last=published.k - 1,
    )
    if published.missing:
        names = ", ".join(published.names[c] for c in published.missing)
        text += " " + i18n.t("province.public_missing", lang, offices=names)
    return text


# --------------------------------------------------------------------------- charts


def offices_coverage(table: pd.DataFrame, lang: str) -> go.Figure:
    """Known vs rehabilitated per office with data (`sheets.province.office_table`), gaps first on top."""
    rows = table[table["known"].notna()].iloc[::-1]
    n, pct = i18n.number, i18n.percent
    hover = [
        figures.hover_lines(
            str(name),
            [
                ("col.known", n(k, lang)),
                ("col.rehabilitated", n(r, lang)),
                ("col.coverage", pct(c, lang)),
            ],
            lang,
        )
        for name, k, r, c in rows[["name", "known", "rehabilitated", "coverage"]].itertuples(index=False)
    ]
    fig = go.Figure()
    figures.overlay_bars(
        fig,
        [str(v) for v in rows["name"]],
        figures.as_ints(rows["known"]),
        figures.as_ints(rows["rehabilitated"]),
        hover,
        lang,
    )
    title = i18n.t("fig.offices.coverage", lang)
    return figures.base_layout(
        fig, title, lang, height=130 + 26 * len(rows), x_title=i18n.t("fig.survivors", lang)
    )


def offices_pace(table: pd.DataFrame, lang: str) -> go.Figure:
    """Per office: survivors rehabilitated a year (last three complete years) against the pace its target needs."""
    rows = table[table["known"].notna()].iloc[::-1]
    labels = [str(v) for v in rows["name"]]
    fig = go.Figure()
    for key, column, colour_of in (
        ("fig.offices.pace_now", "per_year", figures.MEASURE["rehabilitated"]),
        ("fig.offices.pace_needed", "needed_per_year", figures.OTHER),
    ):
        name = i18n.t(key, lang)
        texts = [i18n.decimal(v, lang) if not i18n.is_missing(v) else "–" for v in rows[column]]
        fig.add_bar(
            y=labels,
            x=figures.as_floats(rows[column]),
            orientation="h",
            name=name,
            marker={"color": colour_of},
            **figures.hover_of(name, labels, texts),
        )
    figures.relayout(fig, {"barmode": "group"}, yaxes={"type": "category", "rangemode": None})
    title = i18n.t("fig.offices.pace", lang)
    return figures.base_layout(
        fig, title, lang, height=150 + 34 * len(rows), x_title=i18n.t("fig.offices.per_year", lang)
    )
