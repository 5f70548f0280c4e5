"""Every user-visible string, per language, and locale-aware number and date formats.

Strings are keyed by id (`t("kpi.known", lang)`) and live in the gettext catalogs
`sheets/locale/<lang>/LC_MESSAGES/pulih.po` with the data layer's messages
(`sheets.messages`); column labels come from the contract (`sheets.schema`), so a
header shown in the app is the header staff type. Category values are the
contract's Indonesian values; `value_label` gives their names in the reader's
language (catalog ids `category.<value>`). Numbers and dates follow Babel's
`id_ID` and `en` locales.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from typing import SupportsFloat

import pandas as pd
from babel.dates import format_date, format_datetime
from babel.numbers import format_compact_decimal, format_decimal, format_percent

from sheets import clock, messages
from sheets.schema import TABS, value_label_key

# The languages are those with a catalog (`sheets/locale/<lang>/LC_MESSAGES/pulih.po`), Indonesian first.
LANGS = messages.langs()
DEFAULT_LANG = messages.DEFAULT_LANG
LANG_NAMES = {lang: messages.template("lang.name", lang) for lang in LANGS}
_LOCALE = {"id": "id_ID", "en": "en"}  # Babel's locale per language (a new language: its own code)
# Indramayu keeps Western Indonesian Time all year (no daylight saving).
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")


def t(key: str, lang: str, **fields: object) -> str:
    """The string `key` in `lang`, with `fields` filled in (from the catalogs: `sheets.messages`)."""
    text = messages.template(key, lang)
    return text.format(**fields) if fields else text


def is_missing(value: object) -> bool:
    """True for None, NaN, NA and NaT (pandas' many spellings of "no value")."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def value_label(value: object, lang: str, column: str = "") -> str:
    """A category value as shown to users: English name in English, "not recorded" when missing."""
    if is_missing(value):
        return t("empty.value", lang)
    if column == "child":
        # by_category gives the flag as text ("True"/"False"), the Dataset as a boolean.
        return t(f"value.child.{str(value).lower()}", lang)
    text = str(value)
    key = value_label_key(text)
    return messages.template(key, lang) if messages.has(key) else text


def tab_label(tab: str, lang: str) -> str:
    """A tab's name as in the sheet, with its English meaning in English."""
    if lang == "en" and tab in TABS:
        return f"{tab} ({TABS[tab].label_en})"
    return tab


def column_label(key: str, lang: str, tab: str | None = None) -> str:
    """A column's label: the contract header (or English label) for contract columns, else our own."""
    if tab is not None and tab in TABS:
        try:
            return TABS[tab].column(key).label(lang)
        except KeyError:
            pass
    return t(f"col.{key}", lang)


# --------------------------------------------------------------------------- formats

# Babel takes microseconds per value, and a chart's hover texts format thousands of values that
# are mostly the same few (counts, round amounts, a few hundred dates): each distinct value is
# formatted once. Keys are normalised first (an int, a float, a date), so 1 and 1.0 never mix.
_FORMATTED = 1 << 16


@functools.lru_cache(maxsize=_FORMATTED)
def _decimal(value: float, pattern: str | None, locale: str) -> str:
    return format_decimal(value, format=pattern, locale=locale)


@functools.lru_cache(maxsize=_FORMATTED)
def _percent(value: float, pattern: str, locale: str) -> str:
    return format_percent(value, format=pattern, locale=locale)


@functools.lru_cache(maxsize=_FORMATTED)
def _compact(value: float, locale: str) -> str:
    return format_compact_decimal(value, fraction_digits=1, locale=locale)


@functools.lru_cache(maxsize=_FORMATTED)
def _date(value: dt.date, fmt: str, locale: str) -> str:
    return format_date(value, fmt, locale=locale)


def number(value: SupportsFloat | None, lang: str) -> str:
    """A whole number with the locale's grouping: 1.234 / 1,234; a dash when missing."""
    if value is None or is_missing(value):
        return "–"
    return _decimal(round(float(value)), None, _LOCALE.get(lang, lang))


def decimal(value: SupportsFloat | None, lang: str, digits: int = 1) -> str:
    """A number with up to `digits` decimals: 26,3 / 26.3."""
    if value is None or is_missing(value):
        return "–"
    pattern = "#,##0." + "#" * digits if digits else "#,##0"
    return _decimal(float(value), pattern, _LOCALE.get(lang, lang))


def percent(value: SupportsFloat | None, lang: str, digits: int = 0) -> str:
    """A share from 0 to 1 as a percentage: 19% (a dash when unknown)."""
    if value is None or is_missing(value):
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return _percent(float(value), pattern, _LOCALE.get(lang, lang))


def money(value: SupportsFloat | None, lang: str, compact: bool = True) -> str:
    """Rupiah: compact (Rp 1,5 jt / Rp 1.5M) for charts and titles, or in full (Rp 1.500.000)."""
    if value is None or is_missing(value):
        return "–"
    amount = float(value)
    # A non-breaking space keeps "Rp" and the amount on one line (Babel does the same before "jt").
    if compact and abs(amount) >= 1000:
        return "Rp\u00a0" + _compact(amount, _LOCALE.get(lang, lang))
    return "Rp\u00a0" + _decimal(round(amount), None, _LOCALE.get(lang, lang))


def date(value: dt.date | pd.Timestamp | None, lang: str, fmt: str = "d MMMM y") -> str:
    """A date the way people write it: 9 April 2018."""
    if is_missing(value):
        return "–"
    if isinstance(value, dt.datetime):  # pd.Timestamp too
        value = value.date()
    return _date(value, fmt, _LOCALE.get(lang, lang))


def moment(value: dt.datetime | None, lang: str) -> str:
    """A moment in Indramayu's time: 28 Nov 2026 09.10 WIB."""
    if value is None:
        return "–"
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    pattern = f"d MMM y{'' if lang == 'id' else ','} {clock.TIME_PATTERN[lang]}"
    return format_datetime(value.astimezone(WIB), pattern, locale=_LOCALE.get(lang, lang)) + " WIB"


def plot_separators(lang: str) -> str:
    """Plotly's `layout.separators` (decimal mark, then thousands) for `lang`."""
    return ",." if lang == "id" else ".,"
