"""Google Sheets, live: the only module that talks to Google (and imports gspread).

A read costs at most two requests: the spreadsheet's metadata (tab titles and ids,
cached in-process for `METADATA_TTL_S`) and one `values:batchGet` for every data
tab at once (TESTING.md section 3: a service account has 60 reads a minute). Every
request has a timeout; failures worth retrying (quota, server errors, timeouts,
dropped connections) are retried a bounded number of times within a deadline, and
every failure ends as a `SheetsError` whose one sentence, in Indonesian and in
English, says what to do.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import hashlib
import json
import random
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import google.auth.exceptions
import gspread
import requests
from google.auth.transport.requests import AuthorizedSession, Request
from google.oauth2 import service_account
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient
from gspread.urls import SPREADSHEET_VALUES_BATCH_URL
from requests.adapters import BaseAdapter, HTTPAdapter

from sheets import messages, schema
from sheets.gwire import (
    Metadata,
    PayloadError,
    edit_url,
    find_spreadsheet_id,
    from_batch_get,
    metadata_answer,
    parse_metadata,
    quote_title,
)
from sheets.raw import RawWorkbook
from sheets.schema import normalise, tab_key
from sheets.settings import Settings, SheetsSettings

GOOGLE_API = "https://sheets.googleapis.com"
SCOPE_READONLY = "https://www.googleapis.com/auth/spreadsheets.readonly"
SCOPE_READWRITE = "https://www.googleapis.com/auth/spreadsheets"
# Tab titles and ids change rarely; values change all the time. Caching the first for
# much longer than the UI caches the second halves the requests a reload costs.
METADATA_TTL_S = 15 * 60
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 16.0
# A request is never given less than this, even when the deadline is nearly spent.
MIN_TIMEOUT_S = 1.0
# Answers are read in pieces this big, checking the answer's deadline and size between them.
READ_PIECE_BYTES = 64 * 1024
VALUE_PARAMS = {
    "valueRenderOption": "UNFORMATTED_VALUE",
    "dateTimeRenderOption": "SERIAL_NUMBER",
    "majorDimension": "ROWS",
}
# `hidden` and `merges` too: a hidden copy of a tab, and cells merged over several rows,
# change what the values mean (sheets.gwire.from_batch_get).
METADATA_FIELDS = "properties.title,sheets.properties(sheetId,title,index,hidden),sheets.merges"

T = TypeVar("T")
# What a request can raise; ValueError covers a body that is not JSON.
_FAILURES = (APIError, requests.RequestException, google.auth.exceptions.GoogleAuthError, ValueError)


# --------------------------------------------------------------------------- errors

# Each code's sentence is the catalog entry `sheets.<code>` (`sheets.messages`).


class SheetsError(Exception):
    """A failure talking to Google Sheets: a stable code and the fields of its sentence (`sheets.<code>`).

    The sentence is rendered in the reader's language when shown (`message`), from the
    catalogs (`sheets.messages`); `message_id` and `message_en` are the two of today.
    """

    def __init__(self, code: str, params: Mapping[str, object] | None = None, detail: str = "") -> None:
        self.code = code
        self.params = dict(params or {})
        # What Google or the network said, for logs; never needed to act on the error.
        self.detail = detail
        super().__init__(self.message("en"))

    @classmethod
    def of(cls, code: str, detail: str = "", **values: object) -> SheetsError:
        """The catalogued error `code`, its sentence's fields filled in with `values`."""
        return cls(code, values, detail)

    def message(self, lang: str) -> str:
        """The message in `lang` ('id', 'en', or any language with a catalog)."""
        return messages.text(f"sheets.{self.code}", lang, **self.params)

    @property
    def message_id(self) -> str:
        return self.message("id")

    @property
    def message_en(self) -> str:
        return self.message("en")

    def __reduce__(self) -> tuple[type[SheetsError], tuple[str, dict[str, object], str]]:
        # Picklable with every field, so a result holding the error survives st.cache_data.
        return type(self), (self.code, self.params, self.detail)


# --------------------------------------------------------------------------- configuration


def spreadsheet_id(url_or_id: str) -> str:
    """The spreadsheet id in a Google Sheets URL, or `url_or_id` itself when it already is one."""
    found = find_spreadsheet_id(url_or_id)
    if found is None:
        raise SheetsError.of("bad-reference", ref=str(url_or_id).strip())
    return found


@dataclass(frozen=True)
class SheetsConfig:
    """Where the data lives and how to reach it."""

    spreadsheet: str
    identity_spreadsheet: str | None = None
    # The service account's JSON key; kept out of repr so it never lands in a log.
    service_account_info: Mapping[str, Any] | None = field(default=None, repr=False, hash=False)
    # None means Google's own API; anything else (a local fake) replaces it.
    api_url: str | None = None
    write_back: bool = False
    # None means `snapshot.default_dir()`.
    snapshot_dir: Path | None = None
    # Each answer must arrive whole within `timeout_s` (not only each piece of it), and a whole
    # read (tab list and values, retries included) within `deadline_s`.
    timeout_s: float = 10.0
    deadline_s: float = 30.0
    # Larger answers are refused rather than held in memory.
    max_answer_mb: float = 64.0
    max_attempts: int = 4

    def __post_init__(self) -> None:
        spreadsheet_id(self.spreadsheet)
        if self.identity_spreadsheet:
            spreadsheet_id(self.identity_spreadsheet)

    @property
    def spreadsheet_id(self) -> str:
        """The main spreadsheet's id."""
        return spreadsheet_id(self.spreadsheet)

    @property
    def service_account_email(self) -> str | None:
        """The e-mail address the spreadsheets must be shared with."""
        return (self.service_account_info or {}).get("client_email")

    @classmethod
    def from_settings(cls, settings: SheetsSettings) -> SheetsConfig:
        """The client's config from the settings' `[sheets]` section (`sheets.settings`).

        Raises SheetsError when no spreadsheet is configured or the key file cannot be read,
        SettingsError when a number in `[sheets]` cannot be used.
        """
        if not settings.spreadsheet:
            raise SheetsError.of("not-configured")
        settings.check()
        key = settings.service_account_info
        if key is None and settings.service_account_file:
            key = _read_key_file(settings.service_account_file)
        return cls(
            settings.spreadsheet,
            identity_spreadsheet=settings.identity_spreadsheet,
            service_account_info=key,
            api_url=settings.api_url,
            write_back=settings.write_back,
            snapshot_dir=settings.snapshot_dir,
            timeout_s=settings.timeout_s,
            deadline_s=settings.deadline_s,
            max_answer_mb=settings.max_answer_mb,
            max_attempts=settings.max_attempts,
        )

    @classmethod
    def from_mapping(cls, secrets: Mapping[str, Any]) -> SheetsConfig:
        """Read the `[sheets]` and `[gcp_service_account]` sections of Streamlit secrets (or any mapping)."""
        section = secrets.get("sheets") or {}
        if not section.get("spreadsheet"):
            raise SheetsError.of("not-configured")
        return cls.from_settings(Settings.build(secrets).sheets)

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, *, spreadsheet: str | None = None
    ) -> SheetsConfig:
        """Read the PULIH_* environment variables; `spreadsheet`, when given, wins over the environment."""
        sheets = Settings.build({}, environ).sheets
        if spreadsheet:
            sheets = dataclasses.replace(sheets, spreadsheet=spreadsheet)
        return cls.from_settings(sheets)


def _read_key_file(path: str) -> dict[str, Any]:
    try:
        info = json.loads(Path(path).expanduser().read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SheetsError.of("invalid-key", detail=f"{path}: {exc}") from exc
    if not isinstance(info, dict):
        raise SheetsError.of("invalid-key", detail=f"{path}: not a JSON object")
    return info


# --------------------------------------------------------------------------- transport

# requests' adapter arguments, as `HTTPAdapter.send` takes them.
Timeout = float | tuple[float, float] | tuple[float, None] | None
CertFiles = bytes | str | tuple[bytes | str, bytes | str] | None


class AnswerTooLarge(requests.RequestException):
    """An answer larger than the configured `max_answer_mb`."""


class _BoundedAdapter(HTTPAdapter):
    """Reads each answer whole within the request's timeout, and refuses one larger than `max_bytes`.

    requests' timeout bounds each wait on the socket, not the answer: a server sending
    a few bytes every few seconds would hold the read (and every viewer waiting for
    it) for minutes. Here the body is read piece by piece; once the request's timeout
    has passed since it was sent, the read stops with a `requests.ReadTimeout`.
    """

    def __init__(self, max_bytes: int) -> None:
        super().__init__()
        self.max_bytes = max_bytes

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Timeout = None,
        verify: bool | str = True,
        cert: CertFiles = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        started = time.monotonic()
        response = super().send(
            request, stream=True, timeout=timeout, verify=verify, cert=cert, proxies=proxies
        )
        if stream:  # the caller reads the body itself
            return response
        parts = timeout if isinstance(timeout, tuple) else (timeout,)
        # (connect, read) or one number; None: no bound
        budget = None if None in parts else sum(p for p in parts if p is not None)
        body = bytearray()
        try:
            while piece := response.raw.read1(READ_PIECE_BYTES, decode_content=True):
                body += piece
                if len(body) > self.max_bytes:
                    raise AnswerTooLarge(
                        f"answer over {self.max_bytes} bytes", request=request, response=response
                    )
                if budget is not None and time.monotonic() - started > budget:
                    raise requests.ReadTimeout(f"answer not complete within {budget} s", request=request)
        except BaseException:
            response.close()
            raise
        response.raw.release_conn()
        # The body as requests keeps a body it read itself, so callers (gspread) see a plain response.
        response._content = bytes(body)
        response._content_consumed = True  # type: ignore[attr-defined]  # requests' own flag, not in its stubs
        return response


class _RedirectAdapter(_BoundedAdapter):
    """Sends requests meant for Google's Sheets API to another base URL (a local fake)."""

    def __init__(self, base_url: str, max_bytes: int) -> None:
        super().__init__(max_bytes)
        self._base = base_url.rstrip("/")

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Timeout = None,
        verify: bool | str = True,
        cert: CertFiles = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        request.url = self._base + str(request.url)[len(GOOGLE_API) :]
        # Proxies were chosen for Google's host; the new host (usually 127.0.0.1) decides afresh.
        return super().send(
            request,
            stream=stream,
            timeout=timeout,
            verify=verify,
            cert=cert,
            proxies=requests.utils.get_environ_proxies(request.url),
        )


def _credentials(config: SheetsConfig, *, write: bool) -> service_account.Credentials:
    scope = SCOPE_READWRITE if write else SCOPE_READONLY
    try:
        return service_account.Credentials.from_service_account_info(
            dict(config.service_account_info or {}), scopes=[scope]
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise SheetsError.of("invalid-key", detail=f"{type(exc).__name__}: {exc}") from exc


def build_session(
    config: SheetsConfig, adapters: Mapping[str, BaseAdapter] | None = None, *, write: bool | None = None
) -> requests.Session:
    """A session signed with the service account (read-only unless writing); unsigned for a keyless `api_url`.

    `adapters` (prefix -> adapter) are mounted on it and on the session that fetches
    tokens; tests mount the fake API this way.
    """
    extra = dict(adapters or {})
    needs_write = config.write_back if write is None else write
    session: requests.Session
    if config.service_account_info:
        token_session = requests.Session()
        for prefix, adapter in extra.items():
            token_session.mount(prefix, adapter)
        credentials = _credentials(config, write=needs_write)
        session = AuthorizedSession(
            credentials, auth_request=Request(token_session), refresh_timeout=config.timeout_s
        )
    elif config.api_url:
        session = requests.Session()
    else:
        raise SheetsError.of("not-configured")
    max_bytes = int(config.max_answer_mb * 2**20)
    session.mount(
        GOOGLE_API + "/",
        _RedirectAdapter(config.api_url, max_bytes) if config.api_url else _BoundedAdapter(max_bytes),
    )
    for prefix, adapter in extra.items():
        session.mount(prefix, adapter)
    return session


_sessions: dict[tuple[str | None, str, bool], requests.Session] = {}
_sessions_lock = threading.Lock()


def _shared_session(config: SheetsConfig, *, write: bool) -> requests.Session:
    """The process's one session for this endpoint, key and scope, so the hour-long access token is reused."""
    key_digest = hashlib.sha256(
        json.dumps(dict(config.service_account_info or {}), sort_keys=True, default=str).encode()
    ).hexdigest()
    key = (config.api_url, key_digest, write)
    with _sessions_lock:
        if key not in _sessions:
            _sessions[key] = build_session(config, write=write)
        return _sessions[key]


@dataclass
class Transport:
    """How requests go out: the session, and the sleep, clock and jitter that retries use.

    The session defaults to one built from the configuration; tests replace all four
    so nothing waits and nothing leaves the machine.
    """

    session: requests.Session | None = None
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    jitter: Callable[[], float] = random.random
    # Called before every request, retries included (the sync worker paces its quota here).
    before_request: Callable[[], None] | None = None


class SheetsClient:
    """gspread's HTTP client for one configuration, with timeouts, bounded retries and clear errors."""

    def __init__(
        self, config: SheetsConfig, transport: Transport | None = None, *, write: bool | None = None
    ) -> None:
        self.config = config
        self.transport = transport or Transport()
        # When set (a clock value), every call ends by then: one deadline for a whole read.
        self.ends_at: float | None = None
        self.write = config.write_back if write is None else write
        session = self.transport.session or _shared_session(config, write=self.write)
        # Plain HTTPClient, not BackOffHTTPClient: that one retries forever (TESTING.md section 3).
        # gspread annotates `auth` as required; with a session of ours it is never used.
        self._http: HTTPClient = gspread.Client(auth=None, session=session).http_client  # type: ignore[arg-type]

    def metadata(self, sheet_id: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """`GET spreadsheets/{id}`: properties and tabs (and grid data when `params` ask for it)."""
        data = self.call(
            sheet_id,
            lambda http: http.fetch_sheet_metadata(
                sheet_id, params=dict(params or {"includeGridData": "false", "fields": METADATA_FIELDS})
            ),
        )
        if not isinstance(data, dict):
            raise SheetsError.of("bad-response", detail="metadata is not a JSON object")
        return data

    def values_batch_get_bytes(self, sheet_id: str, ranges: Sequence[str]) -> bytes:
        """One `values:batchGet` for all `ranges` (as `values_batch_get`), its JSON body undecoded.

        The body goes to `sheets.gwire.from_batch_get`, which decodes it several times faster
        than `Response.json()` (garbage collector paused, rows straight into one array).
        """
        params: dict[str, str | int | bool | float | list[str] | None] = {
            **VALUE_PARAMS,
            "ranges": list(ranges),
        }
        return self.call(
            sheet_id,
            lambda http: http.request("get", SPREADSHEET_VALUES_BATCH_URL % sheet_id, params=params).content,
        )

    def values_batch_get(self, sheet_id: str, ranges: Sequence[str]) -> list[dict[str, Any]]:
        """One `values:batchGet` for all `ranges`, unformatted values and dates as serial numbers."""
        data = self.call(
            sheet_id, lambda http: http.values_batch_get(sheet_id, list(ranges), dict(VALUE_PARAMS))
        )
        value_ranges = data.get("valueRanges", []) if isinstance(data, dict) else None
        if (
            not isinstance(value_ranges, list)
            or len(value_ranges) != len(ranges)
            or not all(isinstance(v, dict) for v in value_ranges)
        ):
            raise SheetsError.of("bad-response", detail=f"valueRanges does not match {len(ranges)} ranges")
        return value_ranges

    def batch_update(self, sheet_id: str, requests_: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        """One `spreadsheets:batchUpdate` carrying all `requests_` (applied by Google all or nothing)."""
        return self.call(sheet_id, lambda http: http.batch_update(sheet_id, {"requests": list(requests_)}))

    def values_clear(self, sheet_id: str, a1_range: str) -> dict[str, Any]:
        """Clear the values (not the formats) in `a1_range`."""
        return self.call(sheet_id, lambda http: http.values_clear(sheet_id, a1_range))

    def values_update(self, sheet_id: str, a1_range: str, values: list[list[Any]]) -> dict[str, Any]:
        """Write `values` from the top-left of `a1_range`, as typed text (RAW: no formulas, no parsing)."""
        return self.call(
            sheet_id,
            lambda http: http.values_update(
                sheet_id, a1_range, params={"valueInputOption": "RAW"}, body={"values": values}
            ),
        )

    def values_append(self, sheet_id: str, a1_range: str, values: list[list[Any]]) -> dict[str, Any]:
        """Add `values` as new rows below the table in `a1_range` (RAW: as typed; no existing cell changes)."""
        return self.call(
            sheet_id,
            lambda http: http.values_append(
                sheet_id,
                a1_range,
                params={"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"},
                body={"values": values},
            ),
        )

    def call(self, sheet_id: str, request: Callable[[HTTPClient], T]) -> T:
        """Run `request`, retrying what is worth retrying within `max_attempts` and `deadline_s`."""
        config, transport = self.config, self.transport
        ends = transport.clock() + config.deadline_s
        if self.ends_at is not None:
            ends = min(ends, self.ends_at)
        attempt = 0
        while True:
            attempt += 1
            remaining = ends - transport.clock()
            if transport.before_request is not None:
                transport.before_request()
                remaining = ends - transport.clock()
            self._http.set_timeout(max(MIN_TIMEOUT_S, min(config.timeout_s, remaining)))
            try:
                return request(self._http)
            except _FAILURES as exc:
                delay = self._retry_delay(exc, attempt)
                if delay is None or attempt >= config.max_attempts or transport.clock() + delay > ends:
                    raise as_sheets_error(exc, config, sheet_id, attempts=attempt, write=self.write) from exc
                transport.sleep(delay)

    def _retry_delay(self, exc: Exception, attempt: int) -> float | None:
        """Seconds to wait before trying again, or None when trying again cannot help."""
        if isinstance(exc, APIError):
            if exc.response.status_code not in RETRY_STATUSES:
                return None
            after = _retry_after(exc.response.headers.get("Retry-After"))
            if after is not None:
                return after
        elif isinstance(exc, google.auth.exceptions.RefreshError):
            # A refused key stays refused; only Google's own hiccups are worth another try.
            if not getattr(exc, "retryable", False):
                return None
        elif not isinstance(
            exc, (requests.ConnectionError, requests.Timeout, google.auth.exceptions.TransportError)
        ):
            return None
        ceiling = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** (attempt - 1))
        # "Equal jitter": at least half the ceiling, so retries from many sessions spread out.
        return ceiling / 2 + self.transport.jitter() * ceiling / 2


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _is_api_disabled(error: Mapping[str, Any]) -> bool:
    message = str(error.get("message", ""))
    reasons = {str(d.get("reason")) for d in error.get("details") or [] if isinstance(d, dict)}
    return (
        "SERVICE_DISABLED" in reasons
        or "has not been used in project" in message
        or "it is disabled" in message
    )


def as_sheets_error(
    exc: BaseException, config: SheetsConfig, sheet_id: str, *, attempts: int = 1, write: bool | None = None
) -> SheetsError:
    """Translate what gspread, google-auth or requests raised into a `SheetsError` saying what to do."""
    editor = config.write_back if write is None else write
    detail = f"{type(exc).__name__}: {exc}" + (f" (after {attempts} attempts)" if attempts > 1 else "")
    if isinstance(exc, APIError):
        status = exc.response.status_code
        error = exc.error if isinstance(exc.error, Mapping) else {}
        message = str(error.get("message", ""))
        if status == 403 and _is_api_disabled(error):
            return SheetsError.of("api-disabled", detail)
        if status == 403:
            email = config.service_account_email
            return SheetsError.of(
                "not-shared",
                detail,
                email=email or "the service account's client_email",
                role_key="share-role.editor" if editor else "share-role.viewer",
            )
        if status == 401:
            return SheetsError.of("invalid-key", detail)
        if status == 404:
            return SheetsError.of("not-found", detail, id=sheet_id)
        if status == 429:
            return SheetsError.of("quota-exceeded", detail)
        if status == 408:
            return SheetsError.of("timeout", detail)
        if status >= 500:
            return SheetsError.of("server-error", detail, status=status)
        if status == 400 and "Unable to parse range" in message:
            return SheetsError.of("tab-missing", detail, tab=message.split(":", 1)[-1].strip())
        if exc.code == -1:
            # gspread could not read the error body: not JSON, so not Google's API answering.
            return SheetsError.of("bad-response", detail)
        return SheetsError.of("api-error", detail, status=status, reason=message or exc.response.reason)
    if isinstance(exc, google.auth.exceptions.RefreshError):
        return SheetsError.of("invalid-key", detail)
    if isinstance(exc, AnswerTooLarge):
        return SheetsError.of("too-large", detail, mb=f"{config.max_answer_mb:g}")
    if isinstance(exc, requests.Timeout):
        return SheetsError.of("timeout", detail)
    if isinstance(exc, (requests.ConnectionError, google.auth.exceptions.TransportError)):
        return SheetsError.of("network", detail)
    if isinstance(exc, (ValueError, requests.RequestException)):
        return SheetsError.of("bad-response", detail)
    return SheetsError.of("api-error", detail, status="-", reason=str(exc))


def open_client(
    config: SheetsConfig, transport: Transport | None = None, *, write: bool | None = None
) -> SheetsClient:
    """A client for `config` (write scope when `write`, else as `config.write_back` says)."""
    return SheetsClient(config, transport, write=write)


# --------------------------------------------------------------------------- metadata

_metadata_cache: dict[tuple[str | None, str], tuple[float, Metadata]] = {}
_metadata_lock = threading.Lock()


def forget_metadata() -> None:
    """Empty the in-process metadata cache (tests, and after the setup command adds tabs)."""
    with _metadata_lock:
        _metadata_cache.clear()


def _metadata(
    client: SheetsClient, sheet_id: str, *, refresh: bool, ttl_s: float = METADATA_TTL_S
) -> tuple[Metadata, bool]:
    """The spreadsheet's metadata and whether it was fetched just now (False: from the cache)."""
    key = (client.config.api_url, sheet_id)
    now = client.transport.clock()
    with _metadata_lock:
        cached = _metadata_cache.get(key)
    if cached and not refresh and now - cached[0] < ttl_s:
        return cached[1], False
    try:
        meta = parse_metadata(client.metadata(sheet_id))
    except PayloadError as exc:
        raise SheetsError.of("bad-response", detail=str(exc)) from exc
    with _metadata_lock:
        _metadata_cache[key] = (now, meta)
    return meta, True


# --------------------------------------------------------------------------- reading


def read_spreadsheet(
    config: SheetsConfig,
    tabs: Sequence[str] | None = None,
    *,
    refresh_metadata: bool = False,
    transport: Transport | None = None,
    expect: Sequence[str] = (),
    metadata_ttl_s: float = METADATA_TTL_S,
) -> RawWorkbook:
    """Read the main spreadsheet's data tabs (default: the contract's five) in one values request.

    `expect` names tabs that should be there (they had rows in the last good read): when
    the cached tab list lacks one, the list is fetched again at once instead of after
    `METADATA_TTL_S` (`metadata_ttl_s`), so a tab renamed back is read on the very next read.
    """
    wanted = tuple(tabs) if tabs is not None else tuple(t.name for t in schema.MAIN_TABS)
    return _read(
        config, config.spreadsheet_id, wanted, refresh_metadata, transport, tuple(expect), metadata_ttl_s
    )


def read_identity(
    config: SheetsConfig, *, refresh_metadata: bool = False, transport: Transport | None = None
) -> RawWorkbook:
    """Read the restricted identity spreadsheet's `Identitas` tab (never snapshotted)."""
    if not config.identity_spreadsheet:
        raise SheetsError.of("identity-not-configured")
    return _read(
        config,
        spreadsheet_id(config.identity_spreadsheet),
        (schema.IDENTITAS.name,),
        refresh_metadata,
        transport,
        (),
    )


def _read(
    config: SheetsConfig,
    sheet_id: str,
    wanted: tuple[str, ...],
    refresh: bool,
    transport: Transport | None,
    expect: tuple[str, ...],
    ttl_s: float = METADATA_TTL_S,
) -> RawWorkbook:
    client = SheetsClient(config, transport)
    client.ends_at = client.transport.clock() + config.deadline_s
    meta, fresh = _metadata(client, sheet_id, refresh=refresh, ttl_s=ttl_s)
    listed = {normalise(t.title) for t in meta.tabs}
    if not fresh and any(normalise(name) not in listed for name in expect):
        # An expected tab is not in the cached list: renamed, deleted, or back since. Look now.
        meta, fresh = _metadata(client, sheet_id, refresh=True)
    try:
        return _read_values(client, sheet_id, meta, wanted)
    except SheetsError as exc:
        if exc.code != "tab-missing" or fresh:
            raise
    # A tab was renamed or deleted since the metadata was cached: look again, once.
    meta, _ = _metadata(client, sheet_id, refresh=True)
    return _read_values(client, sheet_id, meta, wanted)


def _read_values(client: SheetsClient, sheet_id: str, meta: Metadata, wanted: tuple[str, ...]) -> RawWorkbook:
    # Every tab whose title matches a wanted one, duplicates included: validation names
    # both and chooses (a hidden `KORBAN ` copy must not silently replace `Korban`).
    keys = {tab_key(name) for name in wanted}
    chosen = [info for info in meta.tabs if tab_key(info.title) in keys]
    url = edit_url(sheet_id)
    if not chosen:
        return RawWorkbook(
            source=f"Google Sheets: {meta.title}",
            tabs={},
            url=url,
            other_tabs=tuple(t.title for t in meta.tabs),
        )
    body = client.values_batch_get_bytes(sheet_id, [quote_title(t.title) for t in chosen])
    try:
        raw = from_batch_get(body, metadata_answer(meta), url=url)
    except ValueError as exc:  # gwire.PayloadError, or a body that is not JSON at all
        raise SheetsError.of("bad-response", detail=f"values:batchGet: {type(exc).__name__}: {exc}") from exc
    if list(raw.tabs) != [t.title for t in chosen]:
        raise SheetsError.of(
            "bad-response",
            detail=f"valueRanges {list(raw.tabs)} do not match the {len(chosen)} ranges asked for",
        )
    return raw
