"""One notion of "today": the date in the office's time zone, for the CLI, the app and the demo alike.

The office is in Indramayu, so the default zone is Asia/Jakarta (WIB): a server
whose clock runs on UTC would otherwise start the new day seven hours late, and the
command line and the app would disagree about what is "known" around midnight.

Where the zone comes from, first found wins:

1. the environment variable `PULIH_TIMEZONE` (an IANA name such as `Asia/Makassar`);
2. `[office] timezone` in the Streamlit secrets (the app passes its secrets; the
   command line reads `.streamlit/secrets.toml` in the working directory and in the
   home directory, where Streamlit looks for it);
3. `Asia/Jakarta`.

These are read through `sheets.settings` (`office.timezone`, `office.today`).

`PULIH_TODAY=YYYY-MM-DD` fixes the date itself, for tests and demonstrations: every
test fixes its "today" this way or passes one explicitly, never the calendar.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path  # noqa: F401 - tests move `Path.home` through this module
from typing import Any
from zoneinfo import ZoneInfo

from sheets.settings import DEFAULT_TIMEZONE, ClockError, OfficeSettings, Settings, read_secrets_files

__all__ = [
    "DEFAULT_TIMEZONE",
    "ENV_TIMEZONE",
    "ENV_TODAY",
    "TIME_PATTERN",
    "ClockError",
    "local_date",
    "office_zone",
    "read_day",
    "timezone_name",
    "today",
    "today_of",
]
# How a time of day is written, one way everywhere (sidebar, banners, exports): Babel's `id`
# locale writes 05.01, English 05:01 (24-hour, as the office reads times).
TIME_PATTERN = {"id": "HH.mm", "en": "HH:mm"}
ENV_TIMEZONE = "PULIH_TIMEZONE"
ENV_TODAY = "PULIH_TODAY"


def _settings(secrets: Mapping[str, Any] | None, environ: Mapping[str, str] | None) -> Settings:
    """The app passes its secrets; the command line has no st.secrets and reads the files Streamlit would."""
    return Settings.build(read_secrets_files() if secrets is None else secrets, environ)


def timezone_name(secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The configured zone's name (see the module docstring for the order)."""
    return _settings(secrets, environ).office.timezone


def office_zone(
    secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> ZoneInfo:
    """The office's time zone; ClockError naming the setting when it is not a known zone."""
    return _settings(secrets, environ).office.zone


def today(
    secrets: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    now: dt.datetime | None = None,
) -> dt.date:
    """Today's date in the office (`PULIH_TODAY` when set); `now` (aware) replaces the clock in tests."""
    env = os.environ if environ is None else environ
    fixed = Settings.build({}, env).office  # no secrets file is read when the date is fixed
    return today_of(fixed if fixed.today is not None else _settings(secrets, env).office, now=now)


def today_of(office: OfficeSettings, *, now: dt.datetime | None = None) -> dt.date:
    """Today's date by these settings (`office.today` when fixed); ClockError for an unusable setting."""
    fixed = office.today
    if fixed is not None:
        return fixed
    moment = now if now is not None else dt.datetime.now(dt.UTC)
    return moment.astimezone(office.zone).date()


def local_date(
    moment: dt.datetime, secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> dt.date:
    """The office's date at `moment` (a naive moment is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(office_zone(secrets, environ)).date()


def read_day(read_at: dt.datetime | None, environ: Mapping[str, str] | None = None) -> dt.date:
    """The office's date on which data read at `read_at` was read (`PULIH_TODAY` when set).

    Two-digit years pivot on this day, not on the "as of" date a figure is computed for.
    """
    env = os.environ if environ is None else environ
    if read_at is None or env.get(ENV_TODAY, "").strip():
        return today(environ=env)
    return local_date(read_at, environ=env)
