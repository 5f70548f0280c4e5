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

`PULIH_TODAY=YYYY-MM-DD` fixes the date itself, for tests and demonstrations: every
test fixes its "today" this way or passes one explicitly, never the calendar.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Asia/Jakarta"
# How a time of day is written, one way everywhere (sidebar, banners, exports): Babel's `id`
# locale writes 05.01, English 05:01 (24-hour, as the office reads times).
TIME_PATTERN = {"id": "HH.mm", "en": "HH:mm"}
ENV_TIMEZONE = "PULIH_TIMEZONE"
ENV_TODAY = "PULIH_TODAY"


class ClockError(ValueError):
    """A time zone or fixed date that cannot be used: one line, Indonesian first, then English."""


def _secrets_files() -> tuple[Path, ...]:
    return (Path.cwd() / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml")


def _secrets_timezone() -> str | None:
    """`[office] timezone` from the secrets files Streamlit would read (the command line has no st.secrets)."""
    for path in _secrets_files():
        try:
            with open(path, "rb") as handle:
                found = tomllib.load(handle).get("office", {}).get("timezone")
        except (OSError, tomllib.TOMLDecodeError, AttributeError):
            continue
        if found:
            return str(found)
    return None


def timezone_name(secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The configured zone's name (see the module docstring for the order)."""
    env = os.environ if environ is None else environ
    if env.get(ENV_TIMEZONE, "").strip():
        return env[ENV_TIMEZONE].strip()
    if secrets is not None:
        office = secrets.get("office") or {}
        found = office.get("timezone") if isinstance(office, Mapping) else None
    else:
        found = _secrets_timezone()
    return str(found).strip() if found and str(found).strip() else DEFAULT_TIMEZONE


def office_zone(secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> ZoneInfo:
    """The office's time zone; ClockError naming the setting when it is not a known zone."""
    name = timezone_name(secrets, environ)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ClockError(f"Zona waktu tidak dikenal: {name!r} (mis. Asia/Jakarta) / "
                         f"Unknown time zone: {name!r} (e.g. Asia/Jakarta)") from exc


def today(secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None, *,
          now: dt.datetime | None = None) -> dt.date:
    """Today's date in the office (`PULIH_TODAY` when set); `now` (aware) replaces the clock in tests."""
    env = os.environ if environ is None else environ
    fixed = env.get(ENV_TODAY, "").strip()
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError as exc:
            raise ClockError(f"{ENV_TODAY} harus YYYY-MM-DD: {fixed!r} / {ENV_TODAY} must be YYYY-MM-DD: "
                             f"{fixed!r}") from exc
    moment = now if now is not None else dt.datetime.now(dt.timezone.utc)
    return moment.astimezone(office_zone(secrets, env)).date()


def local_date(moment: dt.datetime, secrets: Mapping[str, Any] | None = None,
               environ: Mapping[str, str] | None = None) -> dt.date:
    """The office's date at `moment` (a naive moment is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(office_zone(secrets, environ)).date()


def read_day(read_at: dt.datetime | None, environ: Mapping[str, str] | None = None) -> dt.date:
    """The office's date on which data read at `read_at` was read (`PULIH_TODAY` when set).

    Two-digit years pivot on this day, not on the "as of" date a figure is computed for.
    """
    env = os.environ if environ is None else environ
    if read_at is None or env.get(ENV_TODAY, "").strip():
        return today(environ=env)
    return local_date(read_at, environ=env)
