"""An in-memory Google Sheets API v4 that real gspread (and google-auth) talk to over `requests`.

It answers with the documented JSON wire shapes (TESTING.md section 3): metadata with
`properties.title` and `sheets[].properties`; `values:batchGet` with ragged rows
(trailing blank cells and rows left out, dates as day serials since 1899-12-30 under
UNFORMATTED_VALUE + SERIAL_NUMBER); `values:append`; `:batchUpdate` for what the setup command sends;
values update and clear; errors as `{"error": {"code", "message", "status"}}`. It
counts requests by kind and lets a test inject faults.

Two ways in:
- in-process: `session(api)` (or `adapters(api)` for `gsheets.build_session`) mounts it on
  `https://sheets.googleapis.com/` and the token endpoint, and a refusing adapter on every
  other `http://` and `https://` URL, so no test can reach the network;
- over HTTP: `serve(api)` runs the same handler on 127.0.0.1 for browser tests and
  `python -m tests.fakes.serve`.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import json
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

GOOGLE_API = "https://sheets.googleapis.com"
TOKEN_HOST = "https://oauth2.googleapis.com"
SERIAL_EPOCH = dt.date(1899, 12, 30)
WRITE_SCOPE = "https://www.googleapis.com/auth/spreadsheets"
# Internal header from `handle` to `serve`: send this answer slowly ("<seconds>/<pieces>").
TRICKLE_HEADER = "X-Fake-Trickle"
INF = float("inf")


# --------------------------------------------------------------------------- faults


@dataclass(frozen=True)
class Fault:
    """One injected failure: an HTTP answer (`status`, `body`, `headers`) or an exception to raise."""

    status: int = 0
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    raises: type[Exception] | None = None
    # With no status: the true answer, sent over `trickle_s` seconds in `pieces` parts (HTTP only).
    trickle_s: float = 0.0
    pieces: int = 1


def error_body(code: int, message: str, status: str, details: list[dict] | None = None) -> bytes:
    """Google's JSON error envelope."""
    error: dict[str, Any] = {"code": code, "message": message, "status": status}
    if details:
        error["details"] = details
    return json.dumps({"error": error}).encode()


def quota(retry_after: str | float | None = None) -> Fault:
    """429 RESOURCE_EXHAUSTED, with a Retry-After header when given."""
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    return Fault(
        429,
        error_body(
            429,
            "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' "
            "of service 'sheets.googleapis.com' for consumer 'project_number:123456'.",
            "RESOURCE_EXHAUSTED",
        ),
        headers,
    )


def plain_text_quota() -> Fault:
    """A 429 whose body is not JSON (gspread turns it into APIError code -1)."""
    return Fault(429, b"Too Many Requests", {"Content-Type": "text/plain"})


def server_error(status: int = 500) -> Fault:
    """500 INTERNAL or 503 UNAVAILABLE."""
    if status == 503:
        return Fault(503, error_body(503, "The service is currently unavailable.", "UNAVAILABLE"))
    return Fault(status, error_body(status, "Internal error encountered.", "INTERNAL"))


def timeout() -> Fault:
    """The server never answers in time (requests raises ReadTimeout)."""
    return Fault(raises=requests.ReadTimeout)


def trickle(seconds: float, pieces: int = 12) -> Fault:
    """The right answer, but sent slowly: `pieces` parts spread over `seconds` (only over `serve`)."""
    return Fault(trickle_s=seconds, pieces=pieces)


def disconnect() -> Fault:
    """No network: the connection cannot be made."""
    return Fault(raises=requests.ConnectionError)


def malformed() -> Fault:
    """A 200 whose body is not JSON."""
    return Fault(200, b'{"spreadsheetId": "x", "valueRanges": [', {"Content-Type": "application/json"})


def not_shared() -> Fault:
    """403: the spreadsheet is not shared with the caller."""
    return Fault(403, error_body(403, "The caller does not have permission", "PERMISSION_DENIED"))


def api_disabled() -> Fault:
    """403: the Sheets API is not enabled in the service account's project."""
    message = (
        "Google Sheets API has not been used in project 123456 before or it is disabled. Enable it by "
        "visiting https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project="
        "123456 then retry. If you enabled this API recently, wait a few minutes for the action to "
        "propagate to our systems and retry."
    )
    details = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "SERVICE_DISABLED",
            "domain": "googleapis.com",
            "metadata": {"service": "sheets.googleapis.com", "consumer": "projects/123456"},
        }
    ]
    return Fault(403, error_body(403, message, "PERMISSION_DENIED", details))


def unauthenticated() -> Fault:
    """401: the request's credentials are not valid."""
    return Fault(401, error_body(401, "Request had invalid authentication credentials.", "UNAUTHENTICATED"))


# --------------------------------------------------------------------------- store


@dataclass
class FakeTab:
    """One tab: its rows (ragged, None for blank) and the grid state setup cares about."""

    title: str
    sheet_id: int
    rows: list[list[Any]] = field(default_factory=list)
    row_count: int = 1000
    column_count: int = 26
    frozen_rows: int = 0
    protected: list[dict[str, Any]] = field(default_factory=list)
    # (grid range, rule or None) in the order applied; the last one covering a cell wins.
    validations: list[tuple[dict[str, Any], dict[str, Any] | None]] = field(default_factory=list)
    formats: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    notes: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden: bool = False
    # Merged ranges as the API lists them (GridRanges: sheetId, start/end row and column, end exclusive).
    merges: list[dict[str, Any]] = field(default_factory=list)

    def get(self, r: int, c: int) -> Any:
        """The stored value at 0-based (r, c)."""
        return self.rows[r][c] if r < len(self.rows) and c < len(self.rows[r]) else None

    def set(self, r: int, c: int, value: Any) -> None:
        """Store `value` at 0-based (r, c)."""
        while len(self.rows) <= r:
            self.rows.append([])
        row = self.rows[r]
        row.extend([None] * (c + 1 - len(row)))
        row[c] = value

    def values(self) -> list[list[Any]]:
        """The rows as the API would send them: trailing blanks dropped."""
        return _trim([[None if v == "" else v for v in row] for row in self.rows])

    def rule_at(self, r: int, c: int) -> dict[str, Any] | None:
        """The data-validation rule of a cell."""
        rule = None
        for rng, candidate in self.validations:
            if _covers(rng, r, c):
                rule = candidate
        return rule

    def format_at(self, r: int, c: int) -> dict[str, Any] | None:
        """The number format of a cell."""
        found = None
        for rng, number_format in self.formats:
            if _covers(rng, r, c):
                found = number_format
        return found


@dataclass
class FakeSpreadsheet:
    """A spreadsheet: an id, a title and its tabs in order."""

    id: str
    title: str
    tabs: list[FakeTab] = field(default_factory=list)
    next_protected_id: int = 1

    def tab(self, title: str) -> FakeTab | None:
        """The tab titled exactly `title` (as the API matches A1 ranges)."""
        return next((t for t in self.tabs if t.title == title), None)

    def by_id(self, sheet_id: int) -> FakeTab | None:
        """The tab with this sheetId."""
        return next((t for t in self.tabs if t.sheet_id == sheet_id), None)


@dataclass(frozen=True)
class Call:
    """One request as the fake saw it."""

    method: str
    path: str
    params: dict[str, list[str]]
    kind: str
    timeout: Any
    authorization: str | None
    body: Any
    spreadsheet: str | None = None  # the spreadsheet id in the path (None: the token endpoint)
    at: float | None = None  # the fake's `clock` when the request arrived (None without a clock)


class ApiError(Exception):
    """An error answer the handler returns as Google's JSON envelope."""

    def __init__(self, code: int, message: str, status: str) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


class FakeSheetsApi:
    """The in-memory Sheets API: spreadsheets, a request log, injectable faults."""

    def __init__(self) -> None:
        self.spreadsheets: dict[str, FakeSpreadsheet] = {}
        self.calls: list[Call] = []
        self._faults: list[
            list[Any]
        ] = []  # [fault, remaining or None (forever), kind or None, sheet or None]
        # When set (e.g. a FakeClock), each Call notes its time: tests check a per-minute quota with it.
        self.clock: Callable[[], float] | None = None
        self._lock = threading.RLock()
        # Authentication: off unless a test asks for bearer tokens from the fake token endpoint.
        self.require_token = False
        self.token_error: str | None = None
        self.token_scopes: list[str] = []
        self._tokens: dict[str, str] = {}  # token -> scope

    # ---- setting up

    def add_spreadsheet(
        self,
        spreadsheet_id: str,
        tabs: Mapping[str, list[list[Any]]] | None = None,
        *,
        title: str = "Data Rehabilitasi",
        sheet_ids: Iterable[int] | None = None,
    ) -> FakeSpreadsheet:
        """Create a spreadsheet of `tabs` (title -> rows); sheetIds 0, 101, 102 ... unless given."""
        tabs = tabs or {}
        ids = list(sheet_ids) if sheet_ids is not None else [0, *range(101, 100 + len(tabs))][: len(tabs)]
        book = FakeSpreadsheet(spreadsheet_id, title)
        for (name, rows), sheet_id in zip(tabs.items(), ids, strict=True):
            book.tabs.append(FakeTab(name, sheet_id, [list(r) for r in rows]))
        self.spreadsheets[spreadsheet_id] = book
        return book

    def rename_tab(self, spreadsheet_id: str, old: str, new: str) -> None:
        """Rename a tab, as a staff member would."""
        tab = self.spreadsheets[spreadsheet_id].tab(old)
        assert tab is not None, old
        tab.title = new

    def fail(
        self, fault: Fault, *, times: int | None = 1, kind: str | None = None, spreadsheet: str | None = None
    ) -> None:
        """Answer the next `times` requests (None: all) of `kind` (None: any Sheets request) with `fault`,
        only those for `spreadsheet` when given."""
        with self._lock:
            self._faults.append([fault, times, kind, spreadsheet])

    def count(self, kind: str | None = None, spreadsheet: str | None = None) -> int:
        """How many requests of `kind` ('metadata', 'values', 'write', 'token'; None: all) arrived
        (for `spreadsheet` only, when given)."""
        return sum(
            1
            for c in self.calls
            if (kind is None or c.kind == kind) and (spreadsheet is None or c.spreadsheet == spreadsheet)
        )

    # ---- serving

    def handle(
        self, method: str, url: str, headers: Mapping[str, str], body: bytes | str | None, timeout: Any = None
    ) -> tuple[int, dict[str, str], bytes]:
        """Answer one request: (status, headers, body); raises for faults that are exceptions."""
        parts = urlsplit(url)
        params = parse_qs(parts.query, keep_blank_values=True)
        raw_body = body.encode() if isinstance(body, str) else (body or b"")
        with self._lock:
            kind = _kind(method, parts.netloc, parts.path)
            parsed: Any = raw_body.decode("utf-8", "replace")
            if raw_body and kind != "token":
                try:
                    parsed = json.loads(raw_body)
                except ValueError:
                    pass
            found = re.fullmatch(r"/v4/spreadsheets/([^/:]+).*", parts.path) if kind != "token" else None
            sheet = unquote(found.group(1)) if found else None
            self.calls.append(
                Call(
                    method.upper(),
                    parts.path,
                    params,
                    kind,
                    timeout,
                    _header(headers, "Authorization"),
                    parsed,
                    sheet,
                    self.clock() if self.clock is not None else None,
                )
            )
            fault = self._take_fault(kind, sheet)
            pacing = {}
            if fault is not None and fault.trickle_s:
                pacing = {TRICKLE_HEADER: f"{fault.trickle_s}/{fault.pieces}"}
                fault = None
            if fault is not None:
                if fault.raises is not None:
                    raise fault.raises(f"injected fault for {method} {url}")
                return fault.status, {"Content-Type": "application/json", **fault.headers}, fault.body
            try:
                if kind == "token":
                    return self._token(raw_body)
                self._check_auth(headers, kind)
                answer = self._route(method.upper(), parts.path, params, parsed)
            except ApiError as exc:
                body = error_body(exc.code, exc.message, exc.status)
                return exc.code, {"Content-Type": "application/json"}, body
            return (
                200,
                {"Content-Type": "application/json; charset=UTF-8", **pacing},
                json.dumps(answer).encode(),
            )

    def _take_fault(self, kind: str, sheet: str | None = None) -> Fault | None:
        for entry in self._faults:
            fault, remaining, wanted, only = entry
            if wanted is None and kind == "token" or wanted not in (None, kind) or only not in (None, sheet):
                continue
            if remaining is not None:
                if remaining <= 0:
                    continue
                entry[1] -= 1
            return fault
        return None

    def _token(self, body: bytes) -> tuple[int, dict[str, str], bytes]:
        form = parse_qs(body.decode())
        if self.token_error:
            answer = {"error": self.token_error, "error_description": "Invalid JWT Signature."}
            return 400, {"Content-Type": "application/json"}, json.dumps(answer).encode()
        assertion = form.get("assertion", [""])[0]
        payload = assertion.split(".")[1] if assertion.count(".") == 2 else ""
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)) or b"{}")
        scope = str(claims.get("scope", ""))
        self.token_scopes.append(scope)
        token = f"fake-token-{len(self._tokens) + 1}"
        self._tokens[token] = scope
        answer = {"access_token": token, "expires_in": 3600, "token_type": "Bearer"}
        return 200, {"Content-Type": "application/json"}, json.dumps(answer).encode()

    def _check_auth(self, headers: Mapping[str, str], kind: str) -> None:
        if not self.require_token:
            return
        value = _header(headers, "Authorization") or ""
        scope = self._tokens.get(value.removeprefix("Bearer "))
        if scope is None:
            raise ApiError(401, "Request is missing required authentication credential.", "UNAUTHENTICATED")
        if kind == "write" and WRITE_SCOPE not in scope.split():
            raise ApiError(403, "Request had insufficient authentication scopes.", "PERMISSION_DENIED")

    def _route(self, method: str, path: str, params: dict[str, list[str]], body: Any) -> Any:
        found = re.fullmatch(r"/v4/spreadsheets/([^/:]+)(.*)", path)
        if not found:
            raise ApiError(404, f"Unknown path {path}", "NOT_FOUND")
        book = self.spreadsheets.get(unquote(found.group(1)))
        if book is None:
            raise ApiError(404, "Requested entity was not found.", "NOT_FOUND")
        rest = found.group(2)
        if rest == "" and method == "GET":
            return self._metadata(book, params)
        if rest == ":batchUpdate" and method == "POST":
            return self._batch_update(book, body)
        if rest == "/values:batchGet" and method == "GET":
            ranges = params.get("ranges", [])
            value_ranges = [self._value_range(book, r, params) for r in ranges]
            return {"spreadsheetId": book.id, "valueRanges": value_ranges}
        values = re.fullmatch(r"/values/([^:]+)(:clear|:append)?", rest)
        if values:
            a1 = unquote(values.group(1))
            if values.group(2) == ":clear" and method == "POST":
                return self._clear(book, a1)
            if values.group(2) == ":append" and method == "POST":
                return self._append(book, a1, params, body)
            if method == "GET":
                return self._value_range(book, a1, params)
            if method == "PUT":
                return self._update(book, a1, params, body)
        raise ApiError(400, f"Unsupported by the fake: {method} {path}", "INVALID_ARGUMENT")

    # ---- metadata

    def _metadata(self, book: FakeSpreadsheet, params: dict[str, list[str]]) -> dict[str, Any]:
        with_data = params.get("includeGridData", ["false"])[0] == "true"
        ranges = [_parse_a1(book, r) for r in params.get("ranges", [])]
        sheets = []
        for index, tab in enumerate(book.tabs):
            mine = [r for r in ranges if r[0] is tab]
            if ranges and not mine:
                continue
            grid = {"rowCount": tab.row_count, "columnCount": tab.column_count}
            if tab.frozen_rows:
                grid["frozenRowCount"] = tab.frozen_rows
            props = {
                "sheetId": tab.sheet_id,
                "title": tab.title,
                "index": index,
                "sheetType": "GRID",
                "gridProperties": grid,
            }
            if tab.hidden:  # the API leaves `hidden` out when it is false
                props["hidden"] = True
            sheet: dict[str, Any] = {"properties": props}
            if tab.merges:
                sheet["merges"] = copy.deepcopy(tab.merges)
            if tab.protected:
                sheet["protectedRanges"] = copy.deepcopy(tab.protected)
            if with_data:
                sheet["data"] = [
                    _grid_data(tab, r0, c0, r1, c1)
                    for _, r0, c0, r1, c1 in (mine or [(tab, 0, 0, None, None)])
                ]
            sheets.append(sheet)
        return {
            "spreadsheetId": book.id,
            "properties": {"title": book.title, "locale": "in_ID", "timeZone": "Asia/Jakarta"},
            "sheets": sheets,
            "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{book.id}/edit",
        }

    # ---- values

    def _value_range(self, book: FakeSpreadsheet, a1: str, params: dict[str, list[str]]) -> dict[str, Any]:
        tab, r0, c0, r1, c1 = _parse_a1(book, a1)
        r_end = min(r1 if r1 is not None else tab.row_count, tab.row_count)
        c_end = min(c1 if c1 is not None else tab.column_count, tab.column_count)
        render = params.get("valueRenderOption", ["FORMATTED_VALUE"])[0]
        dates = params.get("dateTimeRenderOption", ["SERIAL_NUMBER"])[0]
        rows = [[_render(tab.get(r, c), render, dates) for c in range(c0, c_end)] for r in range(r0, r_end)]
        span = f"{_col(c0)}{r0 + 1}:{_col(c_end - 1)}{r_end}"
        answer: dict[str, Any] = {"range": f"{_a1_title(tab.title)}!{span}", "majorDimension": "ROWS"}
        values = _trim(rows, blank="")
        if values:
            answer["values"] = values
        return answer

    def _update(
        self, book: FakeSpreadsheet, a1: str, params: dict[str, list[str]], body: Any
    ) -> dict[str, Any]:
        if params.get("valueInputOption", [""])[0] not in ("RAW", "USER_ENTERED"):
            raise ApiError(400, "'valueInputOption' is required but not specified", "INVALID_ARGUMENT")
        tab, r0, c0, _, _ = _parse_a1(book, a1)
        values = body.get("values", []) if isinstance(body, dict) else []
        for i, row in enumerate(values):
            for j, value in enumerate(row):
                _check_grid(tab, r0 + i, c0 + j)
                tab.set(r0 + i, c0 + j, value)
        width = max((len(r) for r in values), default=0)
        return {
            "spreadsheetId": book.id,
            "updatedRange": a1,
            "updatedRows": len(values),
            "updatedColumns": width,
            "updatedCells": sum(len(r) for r in values),
        }

    def _append(
        self, book: FakeSpreadsheet, a1: str, params: dict[str, list[str]], body: Any
    ) -> dict[str, Any]:
        """`values:append`: the rows go below the last row holding a value (INSERT_ROWS grows the grid)."""
        if params.get("valueInputOption", [""])[0] not in ("RAW", "USER_ENTERED"):
            raise ApiError(400, "'valueInputOption' is required but not specified", "INVALID_ARGUMENT")
        tab, _, c0, _, _ = _parse_a1(book, a1)
        values = body.get("values", []) if isinstance(body, dict) else []
        start = len(tab.values())
        if params.get("insertDataOption", ["OVERWRITE"])[0] == "INSERT_ROWS":
            tab.row_count = max(tab.row_count, start + len(values))
        for i, row in enumerate(values):
            for j, value in enumerate(row):
                _check_grid(tab, start + i, c0 + j)
                tab.set(start + i, c0 + j, value)
        width = max((len(r) for r in values), default=0)
        span = f"{_a1_title(tab.title)}!{_col(c0)}{start + 1}:{_col(c0 + max(width, 1) - 1)}{start + len(values)}"
        return {
            "spreadsheetId": book.id,
            "tableRange": f"{_a1_title(tab.title)}!A1:{_col(c0 + width)}{start}",
            "updates": {
                "spreadsheetId": book.id,
                "updatedRange": span,
                "updatedRows": len(values),
                "updatedColumns": width,
                "updatedCells": sum(len(r) for r in values),
            },
        }

    def _clear(self, book: FakeSpreadsheet, a1: str) -> dict[str, Any]:
        tab, r0, c0, r1, c1 = _parse_a1(book, a1)
        for r in range(r0, min(r1 if r1 is not None else len(tab.rows), len(tab.rows))):
            row = tab.rows[r]
            for c in range(c0, min(c1 if c1 is not None else len(row), len(row))):
                row[c] = None
        return {"spreadsheetId": book.id, "clearedRange": a1}

    # ---- batchUpdate

    def _batch_update(self, book: FakeSpreadsheet, body: Any) -> dict[str, Any]:
        requests_ = body.get("requests") if isinstance(body, dict) else None
        if not isinstance(requests_, list) or not requests_:
            raise ApiError(400, "Must specify at least one request.", "INVALID_ARGUMENT")
        # Google applies a batch all or nothing: work on a copy, keep it only if every request succeeds.
        draft = copy.deepcopy(book)
        replies = []
        for index, request in enumerate(requests_):
            if not isinstance(request, dict) or len(request) != 1:
                raise ApiError(
                    400, f"Invalid requests[{index}]: exactly one kind expected", "INVALID_ARGUMENT"
                )
            ((name, spec),) = request.items()
            handler = _BATCH.get(name)
            if handler is None:
                raise ApiError(
                    400, f"Invalid requests[{index}]: {name} is not supported by the fake", "INVALID_ARGUMENT"
                )
            replies.append(handler(draft, spec) or {})
        self.spreadsheets[book.id] = draft
        return {"spreadsheetId": book.id, "replies": replies}


def _add_sheet(book: FakeSpreadsheet, spec: dict[str, Any]) -> dict[str, Any]:
    props = spec.get("properties", {})
    title = props.get("title")
    if not title:
        raise ApiError(400, "addSheet needs a title in the fake", "INVALID_ARGUMENT")
    if any(t.title.casefold() == title.casefold() for t in book.tabs):
        raise ApiError(
            400,
            f'Invalid requests[0].addSheet: A sheet with the name "{title}" already exists. '
            "Please enter another name.",
            "INVALID_ARGUMENT",
        )
    sheet_id = props.get("sheetId", max((t.sheet_id for t in book.tabs), default=0) + 1)
    if book.by_id(sheet_id) is not None:
        raise ApiError(
            400,
            f"Invalid requests[0].addSheet: A sheet with the id {sheet_id} already exists.",
            "INVALID_ARGUMENT",
        )
    grid = props.get("gridProperties", {})
    tab = FakeTab(
        title,
        sheet_id,
        row_count=grid.get("rowCount", 1000),
        column_count=grid.get("columnCount", 26),
        frozen_rows=grid.get("frozenRowCount", 0),
    )
    book.tabs.insert(props.get("index", len(book.tabs)), tab)
    return {
        "addSheet": {
            "properties": {
                "sheetId": sheet_id,
                "title": title,
                "index": book.tabs.index(tab),
                "sheetType": "GRID",
                "gridProperties": {"rowCount": tab.row_count, "columnCount": tab.column_count},
            }
        }
    }


def _tab_for(book: FakeSpreadsheet, sheet_id: Any) -> FakeTab:
    tab = book.by_id(sheet_id if sheet_id is not None else 0)
    if tab is None:
        raise ApiError(400, f"No grid with id: {sheet_id}", "INVALID_ARGUMENT")
    return tab


def _update_sheet_properties(book: FakeSpreadsheet, spec: dict[str, Any]) -> None:
    props = spec.get("properties", {})
    tab = _tab_for(book, props.get("sheetId"))
    grid = props.get("gridProperties", {})
    for name in filter(None, spec.get("fields", "").split(",")):
        name = name.strip()
        if name == "title":
            tab.title = props["title"]
        elif name in ("gridProperties.frozenRowCount", "gridProperties"):
            tab.frozen_rows = grid.get("frozenRowCount", 0)
        if name in ("gridProperties.rowCount", "gridProperties") and "rowCount" in grid:
            tab.row_count = grid["rowCount"]
        if name in ("gridProperties.columnCount", "gridProperties") and "columnCount" in grid:
            tab.column_count = grid["columnCount"]


def _append_dimension(book: FakeSpreadsheet, spec: dict[str, Any]) -> None:
    tab = _tab_for(book, spec.get("sheetId"))
    if spec.get("dimension") == "ROWS":
        tab.row_count += int(spec["length"])
    else:
        tab.column_count += int(spec["length"])


def _add_protected_range(book: FakeSpreadsheet, spec: dict[str, Any]) -> dict[str, Any]:
    protected = copy.deepcopy(spec.get("protectedRange", {}))
    tab = _tab_for(book, protected.get("range", {}).get("sheetId"))
    protected["protectedRangeId"] = book.next_protected_id
    book.next_protected_id += 1
    tab.protected.append(protected)
    return {"addProtectedRange": {"protectedRange": protected}}


def _set_data_validation(book: FakeSpreadsheet, spec: dict[str, Any]) -> None:
    rng = spec.get("range", {})
    tab = _tab_for(book, rng.get("sheetId"))
    rule = spec.get("rule")
    condition = (rule or {}).get("condition", {})
    if condition.get("type") == "ONE_OF_LIST" and not condition.get("values"):
        raise ApiError(
            400, "Invalid requests[0].setDataValidation: ONE_OF_LIST needs values", "INVALID_ARGUMENT"
        )
    tab.validations.append((copy.deepcopy(rng), copy.deepcopy(rule)))


def _repeat_cell(book: FakeSpreadsheet, spec: dict[str, Any]) -> None:
    rng = spec.get("range", {})
    tab = _tab_for(book, rng.get("sheetId"))
    fields = spec.get("fields", "")
    if fields != "userEnteredFormat.numberFormat":
        raise ApiError(400, f"repeatCell fields {fields!r} not supported by the fake", "INVALID_ARGUMENT")
    tab.formats.append((copy.deepcopy(rng), copy.deepcopy(spec["cell"]["userEnteredFormat"]["numberFormat"])))


def _update_cells(book: FakeSpreadsheet, spec: dict[str, Any]) -> None:
    fields = {f.strip() for f in spec.get("fields", "").split(",") if f.strip()}
    if not fields or not fields <= {"userEnteredValue", "note", "*"}:
        raise ApiError(400, f"updateCells fields {fields} not supported by the fake", "INVALID_ARGUMENT")
    every = "*" in fields
    rows = spec.get("rows", [])
    if "start" in spec:
        start = spec["start"]
        tab = _tab_for(book, start.get("sheetId"))
        r0, c0 = start.get("rowIndex", 0), start.get("columnIndex", 0)
    else:
        rng = spec.get("range", {})
        tab = _tab_for(book, rng.get("sheetId"))
        r0, c0 = rng.get("startRowIndex", 0), rng.get("startColumnIndex", 0)
        if not rows:
            # A range with no rows clears the named fields everywhere in it.
            for r in range(r0, min(rng.get("endRowIndex", tab.row_count), tab.row_count)):
                for c in range(c0, min(rng.get("endColumnIndex", tab.column_count), tab.column_count)):
                    in_grid = r < len(tab.rows) and c < len(tab.rows[r])
                    if (every or "userEnteredValue" in fields) and in_grid:
                        tab.rows[r][c] = None
                    if every or "note" in fields:
                        tab.notes.pop((r, c), None)
            return
    for i, row in enumerate(rows):
        for j, cell in enumerate(row.get("values", [])):
            r, c = r0 + i, c0 + j
            _check_grid(tab, r, c)
            if every or "userEnteredValue" in fields:
                tab.set(r, c, _entered(cell.get("userEnteredValue")))
            if (every or "note" in fields) and cell.get("note"):
                tab.notes[(r, c)] = cell["note"]
            elif every or "note" in fields:
                tab.notes.pop((r, c), None)


_BATCH: dict[str, Callable[[FakeSpreadsheet, dict[str, Any]], Any]] = {
    "addSheet": _add_sheet,
    "updateSheetProperties": _update_sheet_properties,
    "appendDimension": _append_dimension,
    "addProtectedRange": _add_protected_range,
    "setDataValidation": _set_data_validation,
    "repeatCell": _repeat_cell,
    "updateCells": _update_cells,
}


# --------------------------------------------------------------------------- wire helpers


def _kind(method: str, host: str, path: str) -> str:
    if host.startswith("oauth2."):
        return "token"
    if method.upper() != "GET":
        return "write"
    return "values" if "/values" in path else "metadata"


def _header(headers: Mapping[str, str], name: str) -> str | None:
    return next((v for k, v in headers.items() if k.lower() == name.lower()), None)


def _covers(rng: Mapping[str, Any], r: int, c: int) -> bool:
    return rng.get("startRowIndex", 0) <= r < rng.get("endRowIndex", INF) and rng.get(
        "startColumnIndex", 0
    ) <= c < rng.get("endColumnIndex", INF)


def _check_grid(tab: FakeTab, r: int, c: int) -> None:
    if r >= tab.row_count or c >= tab.column_count:
        raise ApiError(
            400,
            f"Range ('{tab.title}'!{_col(c)}{r + 1}) exceeds grid limits. Max rows: "
            f"{tab.row_count}, max columns: {tab.column_count}",
            "INVALID_ARGUMENT",
        )


def _entered(value: Mapping[str, Any] | None) -> Any:
    if not value:
        return None
    for key in ("stringValue", "numberValue", "boolValue", "formulaValue"):
        if key in value:
            return value[key]
    return None


def _trim(rows: list[list[Any]], blank: Any = None) -> list[list[Any]]:
    """Drop trailing blank cells of each row and trailing blank rows, as the API does."""
    out = []
    for row in rows:
        row = list(row)
        while row and row[-1] in (None, ""):
            row.pop()
        out.append([blank if v is None else v for v in row])
    while out and not out[-1]:
        out.pop()
    return out


def _serial(value: dt.date) -> float | int:
    if isinstance(value, dt.datetime):
        delta = value - dt.datetime.combine(SERIAL_EPOCH, dt.time())
        return delta.days + delta.seconds / 86400
    return (value - SERIAL_EPOCH).days


def _render(value: Any, render: str, dates: str) -> Any:
    """A stored value as the API sends it under the given render options."""
    if value is None or value == "":
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        if render == "UNFORMATTED_VALUE" and dates == "SERIAL_NUMBER":
            return _serial(value)
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return value if render != "FORMATTED_VALUE" else str(value).upper()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (int, float)) and render == "FORMATTED_VALUE":
        return str(value)
    return value


def _grid_data(tab: FakeTab, r0: int, c0: int, r1: int | None, c1: int | None) -> dict[str, Any]:
    r_end = min(r1 if r1 is not None else tab.row_count, tab.row_count)
    c_end = min(c1 if c1 is not None else tab.column_count, tab.column_count)
    row_data = []
    for r in range(r0, r_end):
        cells = []
        for c in range(c0, c_end):
            cell: dict[str, Any] = {}
            value = tab.get(r, c)
            if value not in (None, ""):
                key = (
                    "boolValue"
                    if isinstance(value, bool)
                    else "numberValue"
                    if isinstance(value, (int, float))
                    else "stringValue"
                )
                shown = _serial(value) if isinstance(value, dt.date) else value
                cell["userEnteredValue"] = {"numberValue" if isinstance(value, dt.date) else key: shown}
            if (rule := tab.rule_at(r, c)) is not None:
                cell["dataValidation"] = copy.deepcopy(rule)
            if (number_format := tab.format_at(r, c)) is not None:
                cell["userEnteredFormat"] = {"numberFormat": copy.deepcopy(number_format)}
            if (r, c) in tab.notes:
                cell["note"] = tab.notes[(r, c)]
            cells.append(cell)
        while cells and not cells[-1]:
            cells.pop()
        row_data.append({"values": cells} if cells else {})
    while row_data and not row_data[-1]:
        row_data.pop()
    data: dict[str, Any] = {"rowData": row_data}
    if r0:
        data["startRow"] = r0
    if c0:
        data["startColumn"] = c0
    return data


def _col(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _col_index(letters: str) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


def _a1_title(title: str) -> str:
    return title if re.fullmatch(r"[A-Za-z0-9_]+", title) else "'" + title.replace("'", "''") + "'"


_CELLS = re.compile(r"([A-Za-z]*)(\d*)(?::([A-Za-z]*)(\d*))?")


def _parse_a1(book: FakeSpreadsheet, a1: str) -> tuple[FakeTab, int, int, int | None, int | None]:
    """(tab, first row, first column, end row, end column): 0-based, ends exclusive, None unbounded."""
    text = a1.strip()
    if text.startswith("'"):
        i, title = 1, ""
        while True:
            j = text.find("'", i)
            if j < 0:
                raise ApiError(400, f"Unable to parse range: {a1}", "INVALID_ARGUMENT")
            title += text[i:j]
            if text[j + 1 : j + 2] == "'":
                title, i = title + "'", j + 2
                continue
            rest = text[j + 1 :]
            break
        if rest and not rest.startswith("!"):
            raise ApiError(400, f"Unable to parse range: {a1}", "INVALID_ARGUMENT")
        cells = rest[1:]
    elif "!" in text:
        title, cells = text.rsplit("!", 1)
    else:
        title, cells = text, ""
    tab = book.tab(title)
    found = _CELLS.fullmatch(cells)
    if tab is None or found is None:
        raise ApiError(400, f"Unable to parse range: {a1}", "INVALID_ARGUMENT")
    col0, row0, col1, row1 = found.groups()
    r0 = int(row0) - 1 if row0 else 0
    c0 = _col_index(col0) if col0 else 0
    if found.group(0) and ":" not in cells and row0 and col0:
        return tab, r0, c0, r0 + 1, c0 + 1
    r1 = int(row1) if row1 else None
    c1 = _col_index(col1) + 1 if col1 else None
    return tab, r0, c0, r1, c1


# --------------------------------------------------------------------------- mounting


class FakeAdapter(BaseAdapter):
    """A requests transport adapter that answers from a `FakeSheetsApi` in-process."""

    def __init__(self, api: FakeSheetsApi) -> None:
        super().__init__()
        self.api = api

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> requests.Response:
        status, headers, body = self.api.handle(
            str(request.method), str(request.url), request.headers, request.body, timeout=timeout
        )
        response = requests.Response()
        response.status_code = status
        response.reason = HTTPStatus(status).phrase
        response.headers = CaseInsensitiveDict(headers)
        response._content = body
        response.encoding = "utf-8"
        response.url = str(request.url)
        response.request = request
        return response

    def close(self) -> None:
        """Nothing to release."""


class RefusingAdapter(BaseAdapter):
    """Refuses every request: mounted on http:// and https:// so no test reaches the network."""

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        raise requests.ConnectionError(f"tests must not reach the network: {request.url}")

    def close(self) -> None:
        """Nothing to release."""


def adapters(api: FakeSheetsApi) -> dict[str, BaseAdapter]:
    """Prefix -> adapter: the fake for Google's Sheets and token hosts, a refusal for everything else."""
    refuse, fake = RefusingAdapter(), FakeAdapter(api)
    return {"http://": refuse, "https://": refuse, f"{GOOGLE_API}/": fake, f"{TOKEN_HOST}/": fake}


def session(api: FakeSheetsApi) -> requests.Session:
    """A plain session wired to the fake (requests adapters: the longest matching prefix wins)."""
    s = requests.Session()
    for prefix, adapter in adapters(api).items():
        s.mount(prefix, adapter)
    return s


def serve(api: FakeSheetsApi, host: str = "127.0.0.1", port: int = 0) -> tuple[str, Callable[[], None]]:
    """Serve the fake over HTTP on `host`; returns (base URL, shutdown)."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                status, headers, payload = api.handle(
                    self.command, GOOGLE_API + self.path, dict(self.headers), body
                )
            except requests.RequestException:
                # An exception fault (timeout, lost connection) becomes a dropped connection.
                self.close_connection = True
                return
            pacing = headers.pop(TRICKLE_HEADER, None)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if pacing is None:
                self.wfile.write(payload)
                return
            seconds, pieces = pacing.split("/")
            size = -(-len(payload) // int(pieces))
            try:
                for start in range(0, len(payload), size):
                    self.wfile.write(payload[start : start + size])
                    self.wfile.flush()
                    time.sleep(float(seconds) / int(pieces))
            except OSError:  # the client gave up waiting
                self.close_connection = True

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: tests and the demo server should not print every request."""

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="fake-sheets-api", daemon=True)
    thread.start()

    def shutdown() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return f"http://{host}:{server.server_address[1]}", shutdown


# --------------------------------------------------------------------------- test helpers


class FakeClock:
    """A monotonic clock and a sleep that only moves it, so retries never really wait."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        """Record the wait and move the clock on."""
        self.sleeps.append(seconds)
        self.now += seconds
