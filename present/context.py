"""What a page run describes: the view a visitor chose, the range it may take, and the page context.

Plain data, no Streamlit: `ui.state` fills a `View` from the sidebar and the URL, `ui.page.open_page`
builds the `Context`, and every pure section of `present` takes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from present import i18n
from sheets import kecamatan
from sheets.metrics import Dataset, Filters
from sheets.validate import Report

TODAY, CUSTOM = "today", "custom"  # the "as of" choices besides a year's end (`ui.state` re-exports them)


@dataclass(frozen=True)
class View:
    """What every page shows: in which language, as of which date, through which filters."""

    lang: str
    as_of: dt.date
    filters: Filters


@dataclass(frozen=True)
class Bounds:
    """The range the widgets offer: the first year with data and today."""

    first_year: int
    today: dt.date
    # The office's kecamatan names (the filter's choices): its own list, Indramayu's by default.
    districts: tuple[str, ...] = kecamatan.NAMES

    @property
    def full_years(self) -> tuple[int, int]:
        return (self.first_year, self.today.year)

    def as_of_options(self) -> list[str]:
        """`today`, then the end of every complete year (newest first), then `custom`."""
        last = self.today.year if (self.today.month, self.today.day) == (12, 31) else self.today.year - 1
        years = [str(y) for y in range(last, self.first_year - 1, -1)]
        return [TODAY, *years, CUSTOM]


@dataclass(frozen=True)
class Context:
    """One page run: the chosen view, the validated report and the filtered dataset."""

    view: View
    report: Report
    dataset: Dataset
    bounds: Bounds
    role: str
    # Which read the report and dataset come from (source, day, time of the read): with the
    # view, the key of everything `ui.memo` shares between sessions.
    read: tuple

    @property
    def lang(self) -> str:
        return self.view.lang

    @property
    def as_of(self) -> dt.date:
        """The day every figure of the page describes: the chosen day, or the end of the chosen years."""
        return self.view.filters.as_of(self.view.as_of)

    @property
    def past_view(self) -> bool:
        """True when the chosen years end before the chosen day (no projection ahead, no target)."""
        return self.as_of < self.view.as_of

    @property
    def regency_wide(self) -> bool:
        """False when the view is a subset of survivors (the Target tab's targets are regency-wide)."""
        f = self.view.filters
        return not (f.districts or f.sexes or f.activity_kinds)

    def t(self, key: str, **fields: object) -> str:
        """The string `key` in this page's language."""
        return i18n.t(key, self.lang, **fields)


def describe_view(view: View, bounds: Bounds) -> str:
    """The date and filters in words, so a screenshot or shared link explains itself."""
    lang = view.lang
    f = view.filters
    text = i18n.t("view.as_of", lang, date=i18n.date(f.as_of(view.as_of), lang))
    parts = list(f.districts)
    parts += [i18n.value_label(v, lang) for v in (*f.sexes, *f.activity_kinds)]
    if parts:
        text += " · " + i18n.t("view.filtered", lang, filters=", ".join(parts))
    if f.years:  # what a year filter means, said where it applies
        text += " · " + i18n.t("view.years", lang, first=f.years[0], last=f.years[1])
    return text
