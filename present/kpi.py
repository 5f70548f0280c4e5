"""The overview's headline tiles (pure): each value with its change since the same day last year."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from present import i18n
from sheets import metrics
from sheets.metrics import Dataset


@dataclass(frozen=True)
class Kpi:
    """One tile: label, formatted value, formatted change vs last year, and the raw number behind it."""

    key: str
    label: str
    value: str
    delta: str | None
    help: str
    raw: float | None
    delta_color: str = "normal"  # "inverse" when a rise is bad news; "off" (grey) when nothing changed
    delta_arrow: str = "auto"  # "off" when nothing changed: "±0" is neither a rise nor a fall

    def unchanged_if(self, change: float | None) -> Kpi:
        """This tile with a neutral delta (grey, no arrow) when `change` is zero."""
        return dataclasses.replace(self, delta_color="off", delta_arrow="off") if change == 0 else self


def year_ago(day: dt.date) -> dt.date:
    """The same day one year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def rehabilitated_in_year(ds: Dataset, as_of: dt.date) -> int:
    """Survivors rehabilitated from 1 January of `as_of`'s year up to `as_of`."""
    return metrics.rehabilitated(ds, as_of) - metrics.rehabilitated(ds, dt.date(as_of.year - 1, 12, 31))


def target_for(ds: Dataset, year: int) -> int | None:
    """The Target tab's rehabilitation target for `year`, if any."""
    rows = ds.targets[ds.targets["year"] == year]
    return None if rows.empty or i18n.is_missing(rows["target"].iloc[0]) else int(rows["target"].iloc[0])


def _signed(value: float, text: str) -> str:
    return ("+" if value > 0 else "-" if value < 0 else "±") + text


def _count_delta(now: int, before: int, lang: str) -> str:
    return _signed(now - before, i18n.number(abs(now - before), lang))


def compared_with(as_of: dt.date, lang: str) -> str:
    """What the deltas compare with: the same day last year."""
    return i18n.t("kpi.compared", lang, date=i18n.date(year_ago(as_of), lang))


def headline(ds: Dataset, as_of: dt.date, lang: str, with_target: bool = True) -> list[Kpi]:
    """Known, rehabilitated, coverage, rehabilitated this year (vs target) and still waiting, as of `as_of`.

    `with_target=False` leaves the regency's target out (a filtered view is not what the target is about).
    """
    before = year_ago(as_of)
    known, known_before = metrics.known(ds, as_of), metrics.known(ds, before)
    rehab, rehab_before = metrics.rehabilitated(ds, as_of), metrics.rehabilitated(ds, before)
    cover, cover_before = metrics.share(rehab, known), metrics.share(rehab_before, known_before)
    this_year, last_year = rehabilitated_in_year(ds, as_of), rehabilitated_in_year(ds, before)
    waiting, waiting_before = known - rehab, known_before - rehab_before
    target = target_for(ds, as_of.year) if with_target else None

    cover_delta = points = None
    if cover is not None and cover_before is not None:
        points = round((cover - cover_before) * 100, 1)  # as shown: a change below 0.05 points reads ±0
        cover_delta = _signed(points, i18n.t("kpi.points", lang, value=i18n.decimal(abs(points), lang)))
    if target is None:
        year_label, year_value = i18n.t("kpi.this_year", lang, year=as_of.year), i18n.number(this_year, lang)
    else:
        year_label = i18n.t("kpi.this_year_target", lang, year=as_of.year)
        year_value = f"{i18n.number(this_year, lang)} / {i18n.number(target, lang)}"
    return [
        Kpi(
            "known",
            i18n.t("kpi.known", lang),
            i18n.number(known, lang),
            _count_delta(known, known_before, lang),
            i18n.t("kpi.known_help", lang),
            known,
        ).unchanged_if(known - known_before),
        Kpi(
            "rehabilitated",
            i18n.t("kpi.rehabilitated", lang),
            i18n.number(rehab, lang),
            _count_delta(rehab, rehab_before, lang),
            i18n.t("kpi.rehabilitated_help", lang),
            rehab,
        ).unchanged_if(rehab - rehab_before),
        Kpi(
            "coverage",
            i18n.t("kpi.coverage", lang),
            i18n.percent(cover, lang),
            cover_delta,
            i18n.t("kpi.coverage_help", lang),
            cover,
        ).unchanged_if(points),
        Kpi(
            "this_year",
            year_label,
            year_value,
            _count_delta(this_year, last_year, lang),
            i18n.t("kpi.this_year_help", lang, year=as_of.year),
            this_year,
        ).unchanged_if(this_year - last_year),
        Kpi(
            "waiting",
            i18n.t("kpi.waiting", lang),
            i18n.number(waiting, lang),
            _count_delta(waiting, waiting_before, lang),
            i18n.t("kpi.waiting_help", lang),
            waiting,
            delta_color="inverse",
        ).unchanged_if(waiting - waiting_before),
    ]
