"""Plain sentences that say what the figures mean (pure: data in, text out)."""

from __future__ import annotations

from sheets.metrics import Pace
from ui import i18n


def pace_sentence(pace: Pace, lang: str) -> str:
    """When all known survivors will be rehabilitated at the recent pace, and the pace the target needs.

    Variants: nothing waiting; no rehabilitation in the measured years; a target
    year still ahead (pace needed), already passed, or missing.
    """
    if pace.waiting <= 0:
        return i18n.t("pace.done", lang)
    span = len(pace.years)
    if pace.per_year > 0 and pace.projected_year is not None:
        head = i18n.t("pace.projection", lang, span=span, per_year=i18n.decimal(pace.per_year, lang),
                      year=pace.projected_year)
    else:
        head = i18n.t("pace.stalled", lang, span=span, first=pace.years[0], last=pace.years[-1],
                      waiting=i18n.number(pace.waiting, lang))
    return head + _target_clause(pace, lang)


def _target_clause(pace: Pace, lang: str) -> str:
    if pace.target_year is None:
        return i18n.t("pace.no_target", lang)
    if pace.needed_per_year is None:  # the last target year is not after the last complete year
        return i18n.t("pace.target_passed", lang, target_year=pace.target_year,
                      waiting=i18n.number(pace.waiting, lang))
    fields = {"target_year": pace.target_year, "needed": i18n.number(pace.needed_per_year, lang)}
    if pace.projected_year is not None and pace.per_year > 0 and pace.projected_year <= pace.target_year:
        return i18n.t("pace.on_track", lang, **fields)
    return i18n.t("pace.needed_one" if pace.needed_per_year == 1 else "pace.needed", lang, **fields)
