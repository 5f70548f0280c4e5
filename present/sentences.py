"""Plain sentences that say what the figures mean (pure: data in, text out)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from present import i18n
from sheets.metrics import Pace


def pace_sentence(pace: Pace, lang: str) -> str:
    """Whether the waiting list shrinks or grows at the recent pace, when it empties, and what the target needs.

    Variants: nothing waiting; no rehabilitation in the measured years; a waiting list
    that shrinks (and empties in a year), grows or stands still; a target year ahead
    (the pace it needs, or the number still needed when less than a year is left), passed
    or missing. The figures are those of `sheets.metrics.pace_from`, the one definition.
    """
    if pace.waiting <= 0:
        return i18n.t("pace.done", lang)
    span, first, last = len(pace.years), pace.years[0], pace.years[-1]
    fields = {
        "span": span,
        "first": first,
        "last": last,
        "waiting": i18n.number(pace.waiting, lang),
        "per_year": i18n.decimal(pace.per_year, lang),
        "identified": i18n.decimal(pace.identified_per_year, lang),
        "net": i18n.decimal(abs(pace.net_per_year), lang),
    }
    if pace.per_year <= 0:
        head = i18n.t("pace.stalled", lang, **fields)
    else:
        head = i18n.t("pace.rates", lang, **fields)
        if pace.net_per_year > 0 and pace.projected_year is not None:
            head += i18n.t("pace.shrinks", lang, **fields, year=pace.projected_year)
        elif pace.net_per_year < 0:
            head += i18n.t("pace.grows", lang, **fields)
        else:
            head += i18n.t("pace.steady", lang, **fields)
    return head + _target_clause(pace, lang)


def _target_clause(pace: Pace, lang: str) -> str:
    if pace.target_year is None:
        return i18n.t("pace.no_target", lang)
    if pace.needed_per_year is None or pace.years_left is None or pace.expected_new is None:
        return i18n.t(
            "pace.target_passed", lang, target_year=pace.target_year, waiting=i18n.number(pace.waiting, lang)
        )
    fields = {
        "target_year": pace.target_year,
        "waiting": i18n.number(pace.waiting, lang),
        "expected": i18n.number(pace.expected_new, lang),
        "total": i18n.number(pace.needed_total or 0, lang),
        "years_left": i18n.decimal(pace.years_left, lang),
        "needed": i18n.number(pace.needed_per_year, lang),
    }
    if pace.years_left < 1:
        text = i18n.t(
            "pace.needed_days", lang, **fields, days=(dt.date(pace.target_year, 12, 31) - pace.as_of).days
        )
    else:
        text = i18n.t("pace.needed_one" if pace.needed_per_year == 1 else "pace.needed", lang, **fields)
    return text + (i18n.t("pace.enough", lang) if pace.on_track else "") + "."


def period_sentence(yearly: pd.DataFrame, lang: str) -> str:
    """For a view of past years: what happened in them, and how many were waiting at the end.

    No projection: a view that ends in the past says what was, not what the pace then foretold.
    """
    first, last = int(yearly["year"].iloc[0]), int(yearly["year"].iloc[-1])
    end = yearly.iloc[-1]
    return i18n.t(
        "pace.period",
        lang,
        first=first,
        last=last,
        rehab=i18n.number(int(yearly["rehabilitated"].sum()), lang),
        identified=i18n.number(int(yearly["known"].sum()), lang),
        waiting=i18n.number(int(end["known_cumulative"] - end["rehabilitated_cumulative"]), lang),
    )
