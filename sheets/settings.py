"""Every setting of Pulih in one frozen object, built once from `secrets.toml` and the environment.

`Settings.build(secrets, environ)` is pure: the same secrets mapping (the parsed
`.streamlit/secrets.toml`) and the same environment give an equal `Settings`. The app
builds it from `st.secrets` (`ui.config.settings`), the command line from the files
Streamlit would read (`read_secrets_files`) and the environment (`Settings.from_files`).

`SETTINGS` lists each setting once: where it lives in `Settings`, its secrets key, its
environment variable, its default, what it means, and which of the two wins when both
are set. The README's "Settings" table and `.streamlit/secrets.example.toml` document
each of them (tests/test_settings_documented.py fails when one is missing).

A value that cannot be used fails where it is used, as before, with a catalogued message
naming the setting (`SettingsError.said`: a `sheets.messages.Message`, `settings.*` in the
catalogs, rendered in the reader's language where it is shown): a mistyped `k`
stops the public page, not the staff's; a mistyped time zone falls back where the
app chooses to. A few numeric settings fall back to their default instead (the cache
lifetime, the reload interval, the login lifetime), as they always did.

This module imports nothing of the UI, nor streamlit, nor gspread (tests/test_layering.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sheets.messages import Message
from sheets.schema import normalise

DEFAULT_TTL_S = 60
DEFAULT_RELOAD_INTERVAL_S = 30
MIN_CACHE_S = 5  # the cache lifetime and the reload interval are never shorter
DEFAULT_K = 10  # sheets.release.DEFAULT_K (not imported here: that pulls in numpy)
DEFAULT_RELEASE_DAY = 1
DEFAULT_SESSION_HOURS = 12.0
MIN_SESSION_HOURS = 0.25
DEFAULT_TIMEZONE = "Asia/Jakarta"
DEFAULT_KEEP_DAYS = 730
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_DEADLINE_S = 30.0
DEFAULT_MAX_ATTEMPTS = 4
DEFAULT_MAX_ANSWER_MB = 64.0
DEFAULT_QUOTA_PER_MINUTE = 60  # Google's read quota per service account (TESTING.md section 3)
DEFAULT_SYNC_INTERVAL_S = 300
DEFAULT_METADATA_TTL_S = 900  # sheets.gsheets.METADATA_TTL_S
MIN_SYNC_INTERVAL_S = 10

# Who wins when a setting is in both places.
SECRETS_WIN = "secrets"
ENV_WINS = "env"
# The [sheets] connection settings come from secrets.toml as a whole when it names a
# spreadsheet, else from the PULIH_SHEETS_* environment as a whole.
SHEETS_SECTION = "sheets-section"


def check_release_day(day: object) -> int:
    """The day of the month a new public release appears (1-28); ValueError otherwise."""
    if isinstance(day, bool) or not str(day).strip().isdigit() or not 1 <= int(str(day).strip()) <= 28:
        raise ValueError(f"the release day must be a day of the month from 1 to 28, got {day!r}")
    return int(str(day).strip())


class SettingsError(ValueError):
    """A setting that cannot be used: a catalogued sentence naming it (`said`), rendered when shown."""

    def __init__(self, said: Message | None) -> None:
        self.said = said
        super().__init__(f"{self.message('id')} / {self.message('en')}")

    def message(self, lang: str) -> str:
        """The sentence in `lang` ('id', 'en', or any language with a catalog)."""
        return self.said.text(lang) if self.said is not None else ""

    @property
    def message_id(self) -> str:
        return self.message("id")

    @property
    def message_en(self) -> str:
        return self.message("en")

    def __reduce__(self) -> tuple[type, tuple[Message | None]]:
        return type(self), (self.said,)  # picklable (a cached result may hold one)


class ClockError(SettingsError):
    """A time zone or fixed date that cannot be used (`sheets.clock`)."""


@dataclass(frozen=True)
class Setting:
    """One setting: where it is in `Settings`, where it is configured, and what it means."""

    path: str  # attribute path in Settings, e.g. "cache.ttl_s"
    section: str | None  # secrets.toml section, e.g. "sheets"; None: environment only
    key: str | None  # key in the section; None: the whole section
    env: str | None  # environment variable; None: secrets.toml only
    default: str  # as the README shows it
    meaning: str
    wins: str = SECRETS_WIN

    @property
    def secrets_key(self) -> str | None:
        """How the README writes the secrets key: `[sheets] ttl_s`, or `[roles]` for a whole section."""
        if self.section is None:
            return None
        return f"[{self.section}] {self.key}" if self.key else f"[{self.section}]"


SETTINGS: tuple[Setting, ...] = (
    # What to read
    Setting(
        "source.spreadsheet",
        "sheets",
        "spreadsheet",
        "PULIH_SHEETS_SPREADSHEET",
        "(none)",
        "The main Google spreadsheet, its URL or ID; set, it is the source.",
    ),
    Setting(
        "source.workbook",
        None,
        None,
        "PULIH_WORKBOOK",
        "(none)",
        "A local workbook or folder of CSV files, read when no spreadsheet is set; else the demo.",
    ),
    Setting(
        "source.identity_workbook",
        None,
        None,
        "PULIH_IDENTITY_WORKBOOK",
        "(none)",
        "The local identity workbook beside PULIH_WORKBOOK (staff only).",
    ),
    # How to reach Google
    Setting(
        "sheets.identity_spreadsheet",
        "sheets",
        "identity_spreadsheet",
        "PULIH_SHEETS_IDENTITY",
        "(none)",
        "The restricted identity spreadsheet, read only for staff.",
        SHEETS_SECTION,
    ),
    Setting(
        "sheets.service_account_info",
        "gcp_service_account",
        None,
        None,
        "(none)",
        "The service account's JSON key, field by field.",
    ),
    Setting(
        "sheets.service_account_file",
        None,
        None,
        "PULIH_SERVICE_ACCOUNT_FILE",
        "(none)",
        "The service account's JSON key file, when the spreadsheet comes from the environment.",
    ),
    Setting(
        "sheets.api_url",
        "sheets",
        "api_url",
        "PULIH_SHEETS_API_URL",
        "Google's API",
        "Another Sheets API (the local fake, for trying the live path without Google).",
    ),
    Setting(
        "sheets.write_back",
        "sheets",
        "write_back",
        "PULIH_WRITE_BACK",
        "false",
        "Let the app write to the spreadsheet: staff's follow-up visits, admins' issue tab and restored "
        "rows (the service account must be editor).",
        SHEETS_SECTION,
    ),
    Setting(
        "sheets.snapshot_dir",
        "sheets",
        "snapshot_dir",
        "PULIH_SNAPSHOT_DIR",
        "~/.cache/pulih",
        "Where the last good read is kept on this machine.",
        SHEETS_SECTION,
    ),
    Setting(
        "sheets.timeout_s",
        "sheets",
        "timeout_s",
        None,
        "10",
        "Seconds each answer from Google must arrive whole within.",
    ),
    Setting(
        "sheets.deadline_s",
        "sheets",
        "deadline_s",
        None,
        "30",
        "Seconds a whole read (tab list and values, retries included) must finish within.",
    ),
    Setting(
        "sheets.max_attempts",
        "sheets",
        "max_attempts",
        None,
        "4",
        "How many times a failing request is tried before the read gives up.",
    ),
    Setting(
        "sheets.max_answer_mb",
        "sheets",
        "max_answer_mb",
        None,
        "64",
        "Larger answers from Google are refused (MB).",
    ),
    # The shared read
    Setting(
        "cache.ttl_s",
        "sheets",
        "ttl_s",
        "PULIH_CACHE_TTL",
        "60",
        "Seconds one read is shared by every viewer (minimum 5).",
    ),
    Setting(
        "cache.reload_interval_s",
        "sheets",
        "reload_interval_s",
        "PULIH_RELOAD_INTERVAL_S",
        "30",
        "Seconds between two reads a staff reload may cause, for the whole server (minimum 5).",
    ),
    Setting(
        "cache.prefetch",
        "sheets",
        "prefetch",
        "PULIH_PREFETCH",
        "true",
        "After a page is opened for the whole regency, compute each kecamatan's view of the main pages "
        "while the server is idle, so that picking one is quick.",
        ENV_WINS,
    ),
    # What the public may see, and who saw what
    Setting(
        "privacy.k", "privacy", "k", None, "10", "Public counts from 1 to k-1 are shown as <k (5 or more)."
    ),
    Setting(
        "privacy.release_day",
        "privacy",
        "release_day",
        None,
        "1",
        "The day of the month (1-28) new public figures appear.",
    ),
    Setting(
        "privacy.public_live",
        "privacy",
        "public_live",
        None,
        "false",
        "The public page shows the monthly live release even when publications exist (else the latest).",
    ),
    Setting(
        "privacy.access_log",
        "privacy",
        "access_log",
        "PULIH_ACCESS_LOG",
        "~/.cache/pulih/identity-access.log",
        "Where each view of identity data is recorded.",
    ),
    Setting(
        "privacy.session_store",
        "privacy",
        "session_store",
        "PULIH_SESSION_STORE",
        "~/.cache/pulih/logouts.json",
        "Where logouts are recorded, so a copied login cookie stops working at logout.",
    ),
    Setting(
        "privacy.session_hours",
        "privacy",
        "session_hours",
        None,
        "12",
        "Hours a login carries its role before asking for a new one.",
    ),
    # Who gets which role
    Setting(
        "access.login_configured",
        "auth",
        "client_id",
        None,
        "(no login)",
        "Login with Streamlit's OIDC; without it, real data shows only the public page.",
    ),
    Setting(
        "access.roles",
        "roles",
        None,
        None,
        "(nobody)",
        "Roles (admin, staf, pimpinan) by e-mail address or @domain: flat for every office, "
        '[roles."32.12"] for one office.',
    ),
    Setting(
        "access.local_role",
        "access",
        "local_role",
        "PULIH_LOCAL_ROLE",
        "(off)",
        "Local staff mode: whoever opens the app on this computer gets this role.",
        ENV_WINS,
    ),
    # The office's calendar
    Setting(
        "office.timezone",
        "office",
        "timezone",
        "PULIH_TIMEZONE",
        DEFAULT_TIMEZONE,
        'The office\'s time zone: what "today" is for the app, the command line and the demo.',
        ENV_WINS,
    ),
    Setting(
        "office.contact",
        "office",
        "contact",
        None,
        "the office's rehabilitation division",
        "Who the open-data tables' metadata names as the contact (e-mail, telephone or a unit).",
    ),
    Setting(
        "office.today",
        None,
        None,
        "PULIH_TODAY",
        "(the calendar)",
        "Fixes today's date (YYYY-MM-DD), for tests and demonstrations.",
    ),
    # The monthly digest's e-mail (`python -m sheets digest`)
    Setting(
        "email.host", "email", "host", None, "(none)", "The SMTP server the monthly digest is sent through."
    ),
    Setting("email.port", "email", "port", None, "587 (465 with ssl)", "The SMTP server's port."),
    Setting(
        "email.user",
        "email",
        "user",
        None,
        "(no login)",
        "The SMTP account; without it the digest is sent without logging in.",
    ),
    Setting("email.password", "email", "password", None, "(none)", "The SMTP account's password."),
    Setting("email.sender", "email", "sender", None, "(none)", "The digest's From address."),
    Setting(
        "email.starttls",
        "email",
        "starttls",
        None,
        "true",
        "Switch the connection to TLS (STARTTLS) before logging in.",
    ),
    Setting(
        "email.ssl",
        "email",
        "ssl",
        None,
        "false",
        "Speak TLS from the start (SMTPS, usually port 465) instead of STARTTLS.",
    ),
    Setting(
        "email.ca_file",
        "email",
        "ca_file",
        None,
        "(the system's CAs)",
        "A CA certificate file (PEM) the SMTP server's certificate must be signed by, for a server "
        "with the office's own CA or a self-signed certificate.",
    ),
    # The history store
    Setting(
        "database.url",
        "database",
        "url",
        "PULIH_DATABASE_URL",
        "SQLite in ~/.local/share/pulih",
        "The history store: a PostgreSQL URL when several app processes share it.",
        ENV_WINS,
    ),
    Setting(
        "database.keep_days",
        "database",
        "keep_days",
        "PULIH_HISTORY_KEEP_DAYS",
        "730",
        "Days a read is kept in the history (0: forever).",
        ENV_WINS,
    ),
    # Many offices, one deployment (the sync worker: `python -m sheets sync`)
    Setting(
        "province.offices",
        "province",
        "offices",
        None,
        "(one office: [sheets])",
        "The offices (code, name, spreadsheet, identity_spreadsheet, kecamatan CSV), inline.",
    ),
    Setting(
        "province.offices_file",
        "province",
        "offices_file",
        "PULIH_OFFICES_FILE",
        "(none)",
        "A TOML file listing the offices ([[offices]] tables), instead of them inline.",
        ENV_WINS,
    ),
    Setting(
        "province.office",
        "province",
        "office",
        "PULIH_OFFICE",
        "(the first office)",
        "The office (Kemendagri code, e.g. 32.12) this app server shows (first, in store mode); it must be listed.",
        ENV_WINS,
    ),
    Setting(
        "sync.read_from_store",
        "sync",
        "read_from_store",
        "PULIH_READ_FROM_STORE",
        "false",
        "The app reads the latest good read from the history store, never Google (the sync worker reads).",
        ENV_WINS,
    ),
    Setting(
        "sync.interval_s",
        "sync",
        "interval_s",
        None,
        "300",
        "Seconds between two reads of one office's spreadsheet by the sync worker (minimum 10).",
    ),
    Setting(
        "sync.quota_per_minute",
        "sync",
        "quota_per_minute",
        None,
        "60",
        "Requests to Google per minute the sync worker never exceeds (per service account).",
    ),
    Setting(
        "sync.metadata_ttl_s",
        "sync",
        "metadata_ttl_s",
        None,
        "900",
        "Seconds the sync worker keeps a spreadsheet's tab list before asking for it again.",
    ),
    # This machine
    Setting(
        "paths.cache_dir",
        None,
        None,
        "XDG_CACHE_HOME",
        "~/.cache",
        "The base of Pulih's cache folder (snapshots, access log, logouts).",
    ),
    Setting(
        "paths.data_dir",
        None,
        None,
        "XDG_DATA_HOME",
        "~/.local/share",
        "The base of Pulih's data folder (the embedded history store).",
    ),
    Setting(
        "run_log",
        None,
        None,
        "PULIH_RUN_LOG",
        "(off)",
        "Append the timing of every script run to this file (`make bench-app`).",
    ),
)
SETTING_BY_PATH: dict[str, Setting] = {s.path: s for s in SETTINGS}


# --------------------------------------------------------------------------- sections


def _bad(setting_path: str, value: object, want: str, **params: object) -> SettingsError:
    """The error for an unusable value, naming the setting as it is configured; `want` is the
    catalog id of what it should be (`settings.want.*`, its fields in `params`)."""
    setting = SETTING_BY_PATH[setting_path]
    names = " / ".join(n for n in (setting.secrets_key, setting.env) if n)
    return SettingsError(
        Message.of("settings.bad", names=names, value=repr(value), want_key=f"settings.want.{want}", **params)
    )


@dataclass(frozen=True)
class SourceSettings:
    """What to read: a spreadsheet, else a local workbook, else the demo."""

    spreadsheet: str = ""
    workbook: str = ""
    identity_workbook: str = ""

    @property
    def kind(self) -> str:
        """`sheets`, `file` or `demo`."""
        return "sheets" if self.spreadsheet else "file" if self.workbook else "demo"

    @property
    def location(self) -> str:
        return self.spreadsheet or self.workbook


@dataclass(frozen=True)
class SheetsSettings:
    """How to reach Google Sheets (`sheets.gsheets.SheetsConfig.from_settings` turns it into a client's config).

    Numbers are kept as configured; `problems` holds why one cannot be used, raised when the
    config is made (the live read shows it), so a typo does not stop the pages that need no read.
    """

    spreadsheet: str = ""
    identity_spreadsheet: str | None = None
    from_secrets: bool = False  # which of the two places the section came from
    # The service account's JSON key; kept out of repr so it never lands in a log.
    service_account_info: Mapping[str, Any] | None = field(default=None, repr=False, hash=False)
    service_account_file: str | None = None
    api_url: str | None = None
    write_back: bool = False
    snapshot_dir: Path | None = None  # None: `cache_dir` (sheets.snapshot.default_dir)
    timeout_s: float = DEFAULT_TIMEOUT_S
    deadline_s: float = DEFAULT_DEADLINE_S
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    max_answer_mb: float = DEFAULT_MAX_ANSWER_MB
    problems: tuple[Message, ...] = ()

    def check(self) -> None:
        """SettingsError for the first number that cannot be used."""
        if self.problems:
            raise SettingsError(self.problems[0])


@dataclass(frozen=True)
class CacheSettings:
    """How long one read is shared, and how often staff may force another."""

    ttl_s: int = DEFAULT_TTL_S
    reload_interval_s: int = DEFAULT_RELOAD_INTERVAL_S
    prefetch: bool = True  # each kecamatan's view, computed while idle (ui/prefetch.py)


@dataclass(frozen=True)
class PrivacySettings:
    """The public threshold and release day (checked when read), the access log, logins' lifetime."""

    raw_k: object = DEFAULT_K
    raw_release_day: object = DEFAULT_RELEASE_DAY
    public_live: bool = False  # the live monthly release on the public page, not the latest publication
    access_log: Path = Path()
    session_store: Path = Path()
    session_hours: float = DEFAULT_SESSION_HOURS

    @property
    def k(self) -> int:
        """The threshold k; SettingsError when below 5 or not whole (never publish small counts)."""
        from sheets.disclosure import check_k  # numpy; only when the public figures are made

        try:
            return check_k(self.raw_k)
        except ValueError:
            raise _bad(
                "privacy.k",
                self.raw_k,
                "k",
            ) from None

    @property
    def release_day(self) -> int:
        """The day of the month new public figures appear; SettingsError outside 1-28."""
        try:
            return check_release_day(self.raw_release_day)
        except ValueError:
            raise _bad(
                "privacy.release_day",
                self.raw_release_day,
                "release_day",
            ) from None


@dataclass(frozen=True)
class AccessSettings:
    """Who gets which role: login presence, role lists, local staff mode."""

    login_configured: bool = False
    roles: Mapping[str, Any] = field(default_factory=dict, hash=False)
    local_role: str = ""  # casefolded; '' when unset (ui.access.local_mode decides whether it holds)
    provider: str | None = None  # the named provider (`[auth.google]`); None when [auth] itself holds it


@dataclass(frozen=True)
class OfficeSettings:
    """The office's calendar: its time zone and, for tests, a fixed today."""

    timezone: str = DEFAULT_TIMEZONE
    raw_today: str = ""
    contact: str = ""  # the open-data metadata's contact; '' means the office's rehabilitation division

    @property
    def zone(self) -> ZoneInfo:
        """The time zone; ClockError naming the setting when it is not a known zone."""
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ClockError(Message.of("settings.timezone", value=repr(self.timezone))) from exc

    @property
    def today(self) -> dt.date | None:
        """The fixed date (`PULIH_TODAY`), None when the calendar decides; ClockError when not YYYY-MM-DD."""
        if not self.raw_today:
            return None
        try:
            return dt.date.fromisoformat(self.raw_today)
        except ValueError as exc:
            raise ClockError(Message.of("settings.today", value=repr(self.raw_today))) from exc


@dataclass(frozen=True)
class DatabaseSettings:
    """The history store (`sheets.store.database_url` adds the driver and the embedded default)."""

    url: str = ""  # '' means the embedded SQLite file in `data_dir`
    data_dir: Path = Path()
    raw_keep_days: object = None

    @property
    def keep_days(self) -> int | None:
        """Days a read is kept; None keeps every read; SettingsError when not a whole number >= 0."""
        value = self.raw_keep_days
        if value in (None, ""):
            return DEFAULT_KEEP_DAYS
        try:
            days = int(str(value))
        except ValueError:
            raise _bad(
                "database.keep_days",
                value,
                "keep_days",
            ) from None
        if days < 0:
            raise _bad(
                "database.keep_days",
                days,
                "keep_days_min",
            )
        return days or None


@dataclass(frozen=True)
class ProvinceSettings:
    """The offices as configured (checked by `sheets.offices.offices_of`), and which one this app shows.

    `offices` are the raw tables (inline `[province] offices`, or the `[[offices]]` of
    `offices_file`); `where` names the place they came from, for messages; `problems` holds
    why the file could not be read (raised by `sheets.offices.offices_of`).
    """

    offices: tuple[Mapping[str, Any], ...] = field(default=(), hash=False)
    offices_file: str = ""
    office: str = ""
    where: str = ""
    problems: tuple[Message, ...] = ()

    @property
    def configured(self) -> bool:
        """True when an office list is configured (else the one office is `[sheets]`'s)."""
        return bool(self.offices or self.problems)

    def selected(self) -> Mapping[str, Any] | None:
        """The raw entry of the office this app shows: the one whose code is `office`, else the first.

        None for a code not in the list: `sheets.offices.offices_of` says so (the app shows that
        configuration error instead of any data).
        """
        if not self.offices:
            return None
        wanted = self.office.strip()
        return (
            next((e for e in self.offices if str(e.get("code", "")).strip() == wanted), None)
            if wanted
            else self.offices[0]
        )


@dataclass(frozen=True)
class SyncSettings:
    """The sync worker's pace, and whether the app reads the store instead of Google."""

    read_from_store: bool = False
    raw_interval_s: object = DEFAULT_SYNC_INTERVAL_S
    raw_quota_per_minute: object = DEFAULT_QUOTA_PER_MINUTE
    raw_metadata_ttl_s: object = DEFAULT_METADATA_TTL_S

    def _number(self, path: str, value: object, least: float, kind: type) -> Any:
        try:
            number = kind(value)
        except (TypeError, ValueError):
            number = None
        if (
            number is None
            or number < least
            or (kind is int and isinstance(value, float) and not value.is_integer())
        ):
            raise _bad(path, value, "at_least", least=f"{least:g}")
        return number

    @property
    def interval_s(self) -> float:
        """Seconds between two reads of one office; SettingsError below `MIN_SYNC_INTERVAL_S`."""
        return self._number("sync.interval_s", self.raw_interval_s, MIN_SYNC_INTERVAL_S, float)

    @property
    def quota_per_minute(self) -> int:
        """Requests a minute to Google, never exceeded; SettingsError when not a whole number >= 1."""
        return self._number("sync.quota_per_minute", self.raw_quota_per_minute, 1, int)

    @property
    def metadata_ttl_s(self) -> float:
        """Seconds a tab list is kept; SettingsError when negative."""
        return self._number("sync.metadata_ttl_s", self.raw_metadata_ttl_s, 0, float)


@dataclass(frozen=True)
class EmailSettings:
    """The SMTP server the monthly digest is sent through (`[email]`); checked when a digest is sent."""

    host: str = ""
    raw_port: object = None
    user: str = ""
    password: str = field(default="", repr=False)  # never in a log
    sender: str = ""
    starttls: bool = True
    ssl: bool = False
    ca_file: str = ""  # trust this CA (PEM) for the server's certificate; empty: the system's CAs

    @property
    def port(self) -> int:
        """The port: `[email] port`, else 465 with ssl and 587 without; SettingsError when not a port."""
        if self.raw_port in (None, ""):
            return 465 if self.ssl else 587
        try:
            port = int(str(self.raw_port))
        except ValueError:
            port = 0
        if not 0 < port < 65536:
            raise _bad("email.port", self.raw_port, "port")
        return port

    def check(self) -> None:
        """SettingsError for the first setting a digest cannot be sent without."""
        if not self.host:
            raise _bad("email.host", self.host, "smtp_host")
        if not self.sender:
            raise _bad("email.sender", self.sender, "sender")
        if self.ssl and self.starttls:
            raise _bad(
                "email.starttls",
                self.starttls,
                "starttls_or_ssl",
            )
        if self.ca_file and not Path(self.ca_file).expanduser().is_file():
            raise _bad("email.ca_file", self.ca_file, "ca_file")
        self.port  # noqa: B018 - raises for an unusable port


@dataclass(frozen=True)
class PathSettings:
    """Pulih's folders on this machine."""

    cache_dir: Path = Path()  # $XDG_CACHE_HOME/pulih, else ~/.cache/pulih
    data_dir: Path = Path()  # $XDG_DATA_HOME/pulih, else ~/.local/share/pulih


# --------------------------------------------------------------------------- building


def _section(secrets: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    found = secrets.get(name) or {}
    return found if isinstance(found, Mapping) else {}


def _first(*values: object) -> object:
    """The first value that is set (not None, '', 0 or False), else None: how each reader always chose."""
    return next((v for v in values if v), None)


def _flag(value: object) -> bool:
    if isinstance(value, str):
        return normalise(value) in {"1", "true", "yes", "ya", "on"}
    return bool(value)


def _path(value: object) -> Path | None:
    return Path(str(value)).expanduser() if value else None


def _whole_seconds(value: object, default: int) -> int:
    try:
        return max(MIN_CACHE_S, int(value)) if value else default  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return default  # a mistyped lifetime keeps the default, as it always did


def _sheets(
    secrets: Mapping[str, Any], env: Mapping[str, str], office: Mapping[str, Any] | None = None
) -> SheetsSettings:
    """The `[sheets]` section, else the environment; `office` (an offices entry) names the spreadsheets."""
    section = dict(_section(secrets, "sheets"))
    if office is not None:
        found = (
            _sheets(
                {**secrets, "sheets": {**section, "spreadsheet": str(office["spreadsheet"]).strip()}}, env
            )
            if section or secrets.get("gcp_service_account")
            else _sheets({}, {**env, "PULIH_SHEETS_SPREADSHEET": str(office["spreadsheet"]).strip()})
        )
        identity = str(office.get("identity_spreadsheet") or "").strip() or None
        return dataclasses.replace(found, identity_spreadsheet=identity)
    if section.get("spreadsheet"):
        key = secrets.get("gcp_service_account")
        numbers: dict[str, Any] = {}
        problems: list[Message] = []
        for name, kind, want in (
            ("timeout_s", float, "seconds"),
            ("deadline_s", float, "seconds"),
            ("max_attempts", int, "whole"),
            ("max_answer_mb", float, "megabytes"),
        ):
            if section.get(name) is not None:
                try:
                    numbers[name] = kind(section[name])
                except (TypeError, ValueError):
                    error = _bad(f"sheets.{name}", section[name], want)
                    assert error.said is not None
                    problems.append(error.said)
        return SheetsSettings(
            spreadsheet=str(section["spreadsheet"]),
            identity_spreadsheet=str(section["identity_spreadsheet"])
            if section.get("identity_spreadsheet")
            else None,
            from_secrets=True,
            service_account_info=dict(key) if isinstance(key, Mapping) and key else None,
            # The environment variable also points a secrets-configured app at a local fake.
            api_url=str(_first(section.get("api_url"), env.get("PULIH_SHEETS_API_URL")) or "") or None,
            write_back=_flag(section.get("write_back", False)),
            snapshot_dir=_path(section.get("snapshot_dir")),
            problems=tuple(problems),
            **numbers,
        )
    return SheetsSettings(
        spreadsheet=env.get("PULIH_SHEETS_SPREADSHEET", "").strip(),
        identity_spreadsheet=env.get("PULIH_SHEETS_IDENTITY") or None,
        service_account_file=env.get("PULIH_SERVICE_ACCOUNT_FILE") or None,
        api_url=env.get("PULIH_SHEETS_API_URL") or None,
        write_back=_flag(env.get("PULIH_WRITE_BACK", "")),
        snapshot_dir=_path(env.get("PULIH_SNAPSHOT_DIR")),
    )


def _said(error: SettingsError) -> tuple[Message, ...]:
    return (error.said,) if error.said is not None else ()


def _province(secrets: Mapping[str, Any], env: Mapping[str, str]) -> ProvinceSettings:
    """The offices inline in `[province] offices`, or in the TOML file `offices_file` names (env wins)."""
    section = _section(secrets, "province")
    office = env.get("PULIH_OFFICE", "").strip() or str(section.get("office") or "").strip()
    named = env.get("PULIH_OFFICES_FILE", "").strip() or str(section.get("offices_file") or "").strip()
    if named:
        path = Path(named).expanduser()
        try:
            with open(path, "rb") as handle:
                found = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            error = _bad("province.offices_file", named, "unreadable", reason=str(exc))
            return ProvinceSettings(offices_file=named, office=office, where=str(path), problems=_said(error))
        entries, where = found.get("offices"), str(path)
    else:
        entries, where = section.get("offices"), "[province] offices"
    if entries is None:
        return ProvinceSettings(offices_file=named, office=office)
    if not isinstance(entries, list) or not all(isinstance(e, Mapping) for e in entries):
        error = _bad("province.offices", entries if not named else named, "office_tables")
        return ProvinceSettings(offices_file=named, office=office, where=where, problems=_said(error))
    return ProvinceSettings(
        offices=tuple(dict(e) for e in entries), offices_file=named, office=office, where=where
    )


def _login_configured(secrets: Mapping[str, Any]) -> bool:
    """True when `[auth]` names an OIDC provider Streamlit can use (directly or as a named provider)."""
    auth = _section(secrets, "auth")
    return bool(
        auth.get("client_id") or any(isinstance(v, Mapping) and v.get("client_id") for v in auth.values())
    )


def _provider(secrets: Mapping[str, Any]) -> str | None:
    auth = _section(secrets, "auth")
    if auth.get("client_id"):
        return None
    return next(
        (name for name, value in auth.items() if isinstance(value, Mapping) and value.get("client_id")), None
    )


def _session_hours(value: object) -> float:
    try:
        return max(MIN_SESSION_HOURS, float(value or DEFAULT_SESSION_HOURS))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return DEFAULT_SESSION_HOURS


def _email(section: Mapping[str, Any]) -> EmailSettings:
    ssl = _flag(section.get("ssl", False))
    return EmailSettings(
        host=str(section.get("host") or "").strip(),
        raw_port=section.get("port"),
        user=str(section.get("user") or "").strip(),
        password=str(section.get("password") or ""),
        sender=str(section.get("sender") or "").strip(),
        # STARTTLS unless switched off, or unless the connection is TLS from the start.
        starttls=_flag(section.get("starttls", not ssl)),
        ssl=ssl,
        ca_file=str(section.get("ca_file") or "").strip(),
    )


@dataclass(frozen=True)
class Settings:
    """Every setting, built once (`build`); see `SETTINGS` for each one's key, variable and default."""

    source: SourceSettings = SourceSettings()
    sheets: SheetsSettings = SheetsSettings()
    cache: CacheSettings = CacheSettings()
    privacy: PrivacySettings = PrivacySettings()
    access: AccessSettings = AccessSettings()
    office: OfficeSettings = OfficeSettings()
    database: DatabaseSettings = DatabaseSettings()
    province: ProvinceSettings = ProvinceSettings()
    sync: SyncSettings = SyncSettings()
    email: EmailSettings = EmailSettings()
    paths: PathSettings = PathSettings()
    run_log: Path | None = None
    # How each listed office's spreadsheets are reached, by its spreadsheet (an app server in store
    # mode shows any of them per session: its identity spreadsheet and write-back follow the office).
    office_sheets: Mapping[str, SheetsSettings] = field(default_factory=dict, hash=False)

    @classmethod
    def build(
        cls, secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
    ) -> Settings:
        """The settings of these secrets (a parsed secrets.toml) and this environment; pure, never raises."""
        secrets = secrets or {}
        env = os.environ if environ is None else environ
        home = Path.home()
        cache_base = Path(env.get("XDG_CACHE_HOME") or home / ".cache") / "pulih"
        data_base = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share") / "pulih"
        sheets, privacy = _section(secrets, "sheets"), _section(secrets, "privacy")
        database, office, access = (
            _section(secrets, "database"),
            _section(secrets, "office"),
            _section(secrets, "access"),
        )
        spreadsheet = str(
            _first(sheets.get("spreadsheet"), env.get("PULIH_SHEETS_SPREADSHEET")) or ""
        ).strip()
        province = _province(secrets, env)
        sheets_settings = _sheets(secrets, env)
        chosen = province.selected()
        if not spreadsheet and chosen is not None and str(chosen.get("spreadsheet") or "").strip():
            # No [sheets] spreadsheet: this app shows the chosen office, reached as [sheets] says.
            spreadsheet = str(chosen["spreadsheet"]).strip()
            sheets_settings = _sheets(secrets, env, office=chosen)
        sync = _section(secrets, "sync")
        roles = secrets.get("roles")
        return cls(
            source=SourceSettings(
                spreadsheet=spreadsheet,
                workbook=env.get("PULIH_WORKBOOK", "").strip(),
                identity_workbook=env.get("PULIH_IDENTITY_WORKBOOK", "").strip(),
            ),
            sheets=sheets_settings,
            cache=CacheSettings(
                ttl_s=_whole_seconds(_first(sheets.get("ttl_s"), env.get("PULIH_CACHE_TTL")), DEFAULT_TTL_S),
                reload_interval_s=_whole_seconds(
                    _first(sheets.get("reload_interval_s"), env.get("PULIH_RELOAD_INTERVAL_S")),
                    DEFAULT_RELOAD_INTERVAL_S,
                ),
                prefetch=_flag(env.get("PULIH_PREFETCH", "").strip() or sheets.get("prefetch", True)),
            ),
            privacy=PrivacySettings(
                raw_k=privacy.get("k", DEFAULT_K),
                raw_release_day=privacy.get("release_day", DEFAULT_RELEASE_DAY),
                public_live=_flag(privacy.get("public_live", False)),
                access_log=_path(_first(privacy.get("access_log"), env.get("PULIH_ACCESS_LOG")))
                or cache_base / "identity-access.log",
                session_store=_path(_first(privacy.get("session_store"), env.get("PULIH_SESSION_STORE")))
                or cache_base / "logouts.json",
                session_hours=_session_hours(privacy.get("session_hours")),
            ),
            access=AccessSettings(
                login_configured=_login_configured(secrets),
                roles=dict(roles) if isinstance(roles, Mapping) else {},
                local_role=(
                    env.get("PULIH_LOCAL_ROLE", "").strip() or str(access.get("local_role") or "").strip()
                ).casefold(),
                provider=_provider(secrets),
            ),
            office=OfficeSettings(
                timezone=env.get("PULIH_TIMEZONE", "").strip()
                or str(office.get("timezone") or "").strip()
                or DEFAULT_TIMEZONE,
                raw_today=env.get("PULIH_TODAY", "").strip(),
                contact=str(office.get("contact") or "").strip(),
            ),
            database=DatabaseSettings(
                url=env.get("PULIH_DATABASE_URL", "").strip() or str(database.get("url") or "").strip(),
                data_dir=data_base,
                raw_keep_days=env.get("PULIH_HISTORY_KEEP_DAYS", "").strip() or database.get("keep_days"),
            ),
            province=province,
            sync=SyncSettings(
                read_from_store=_flag(
                    env.get("PULIH_READ_FROM_STORE", "").strip() or sync.get("read_from_store", False)
                ),
                raw_interval_s=sync.get("interval_s", DEFAULT_SYNC_INTERVAL_S),
                raw_quota_per_minute=sync.get("quota_per_minute", DEFAULT_QUOTA_PER_MINUTE),
                raw_metadata_ttl_s=sync.get("metadata_ttl_s", DEFAULT_METADATA_TTL_S),
            ),
            email=_email(_section(secrets, "email")),
            paths=PathSettings(cache_dir=cache_base, data_dir=data_base),
            run_log=_path(env.get("PULIH_RUN_LOG")),
            office_sheets={
                str(e["spreadsheet"]).strip(): _sheets(secrets, env, office=e)
                for e in province.offices
                if str(e.get("spreadsheet") or "").strip()
            },
        )

    @classmethod
    def from_files(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The command line's settings: the secrets files Streamlit would read, and the environment."""
        return cls.build(read_secrets_files(), environ)


def secrets_files() -> tuple[Path, ...]:
    """Where Streamlit looks for secrets.toml, the one that wins first: the working directory, then home."""
    return (Path.cwd() / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml")


def read_secrets_files(paths: tuple[Path, ...] | None = None) -> dict[str, Any]:
    """The secrets files merged per section (an earlier file's key wins); unreadable files are skipped."""
    merged: dict[str, Any] = {}
    for path in reversed(secrets_files() if paths is None else paths):
        try:
            with open(path, "rb") as handle:
                found = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError):
            continue
        for name, value in found.items():
            if isinstance(value, dict) and isinstance(merged.get(name), dict):
                merged[name] = {**merged[name], **value}
            else:
                merged[name] = value
    return merged


def settings_table() -> str:
    """The README's "Settings" table (`python -m sheets.settings`)."""
    lines = ["| Secrets key | Environment variable | Default | Meaning |", "|---|---|---|---|"]
    for s in SETTINGS:
        key = f"`{s.secrets_key}`" if s.secrets_key else "-"
        env = f"`{s.env}`" if s.env else "-"
        if s.env and s.secrets_key:
            env += (
                " (wins)"
                if s.wins == ENV_WINS
                else " (if no `[sheets] spreadsheet`)"
                if s.wins == SHEETS_SECTION
                else ""
            )
        lines.append(f"| {key} | {env} | {s.default} | {s.meaning} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(settings_table(), end="")
