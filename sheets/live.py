"""The live path as the app uses it: read Google Sheets, fall back to the last good read.

`load_live` never raises a `SheetsError`: the page gets fresh data, stale data with
the reason Google could not be reached, or no data with the reason and the fix.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass

from babel.dates import format_datetime

from sheets import clock, messages, schema, snapshot
from sheets.gsheets import SheetsConfig, SheetsError, Transport, read_spreadsheet
from sheets.raw import RawWorkbook

log = logging.getLogger(__name__)

# Indramayu keeps Western Indonesian Time all year (no daylight saving).
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")


@dataclass(frozen=True)
class LiveResult:
    """What a live load produced: the rows (fresh or from the snapshot) or nothing, and why."""

    raw: RawWorkbook | None
    stale: bool
    error: SheetsError | None
    read_at: dt.datetime | None
    source_label: str
    # Why the good read just made could not be kept as the snapshot (directory not writable...).
    snapshot_problem: str = ""

    @property
    def has_data(self) -> bool:
        """True when there are rows to show (fresh or stale)."""
        return self.raw is not None


def load_live(
    config: SheetsConfig, *, now: dt.datetime | None = None, transport: Transport | None = None
) -> LiveResult:
    """Read the main spreadsheet; on failure serve the snapshot (stale) or no data, always with the reason.

    A read that lacks a contract tab which had rows in the last good read (renamed or
    deleted) is a failure too: its zeros are not figures. The last good read is served
    under a banner naming the tab, and the snapshot is left as it was.
    """
    sheet_id = config.spreadsheet_id
    expected = _tabs_with_rows(config)
    try:
        raw = read_spreadsheet(config, transport=transport, expect=expected)
    except SheetsError as error:
        return _fallback(config, error)
    gone = [name for name in expected if raw.find(name) is None]
    if gone:
        return _fallback(config, tab_gone(gone))
    if now is not None:
        raw = dataclasses.replace(raw, read_at=now)
    _had_rows[(config.snapshot_dir, sheet_id)] = tabs_with_rows(raw)
    problem = ""
    try:
        snapshot.save(raw, config.snapshot_dir)
    except OSError as exc:
        # A read-only or full disk costs the fallback, not today's figures; staff are told (LiveResult).
        log.warning("could not save the Google Sheets snapshot: %s", exc)
        problem = f"{snapshot.path_for(config.snapshot_dir, sheet_id).parent}: {exc.strerror or exc}"
    return LiveResult(
        raw, stale=False, error=None, read_at=raw.read_at, source_label=raw.source, snapshot_problem=problem
    )


def _fallback(config: SheetsConfig, error: SheetsError) -> LiveResult:
    """The last good read (stale) when there is one, else no data; either way with the reason."""
    log.warning("Google Sheets read failed: %s (%s)", error.code, error.detail)
    kept = snapshot.load(config.snapshot_dir, config.spreadsheet_id)
    if kept is None:
        return LiveResult(None, stale=False, error=error, read_at=None, source_label="Google Sheets")
    return LiveResult(
        kept, stale=True, error=error, read_at=kept.read_at, source_label=f"{kept.source} (snapshot)"
    )


# Contract tabs with rows in the last good read, per (snapshot dir, spreadsheet): kept in
# memory after each good read, taken from the snapshot on disk after a restart.
_had_rows: dict[tuple[object, str], tuple[str, ...]] = {}


def forget_last_reads() -> None:
    """Forget which tabs had rows (as after a restart: the snapshots on disk tell again)."""
    _had_rows.clear()


def _tabs_with_rows(config: SheetsConfig) -> tuple[str, ...]:
    key = (config.snapshot_dir, config.spreadsheet_id)
    if key not in _had_rows:
        kept = snapshot.load(config.snapshot_dir, config.spreadsheet_id)
        _had_rows[key] = tabs_with_rows(kept) if kept is not None else ()
    return _had_rows[key]


def tabs_with_rows(raw: RawWorkbook) -> tuple[str, ...]:
    """The contract tabs of `raw` holding at least one filled row below their first filled row."""
    names = []
    for tab in schema.MAIN_TABS:
        found = raw.find(tab.name)
        filled = 0
        for row in found.rows if found is not None else ():
            filled += any(cell not in (None, "") for cell in row)
            if filled > 1:
                names.append(tab.name)
                break
    return tuple(names)


def tab_gone(names: list[str]) -> SheetsError:
    """Contract tabs that had rows and are missing now (renamed or deleted): an outage, named."""
    tabs = ", ".join(f"'{name}'" for name in names)
    return SheetsError(
        "tab-gone", {"tabs": tabs}, detail=f"missing since the last good read: {', '.join(names)}"
    )


def format_moment(moment: dt.datetime, lang: str) -> str:
    """`28 November 2026 10.15 WIB` (`10:15` in English: `clock.TIME_PATTERN`), in Indramayu's time zone."""
    local = (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone(WIB)
    locale = "id" if lang == "id" else "en"
    return f"{format_datetime(local, 'd MMMM y ' + clock.TIME_PATTERN[locale], locale=locale)} WIB"


def stale_banner(result: LiveResult, lang: str = "id") -> str:
    """The warning shown over stale figures: how old they are and why; '' when the data is fresh."""
    if not result.stale or result.read_at is None:
        return ""
    reason = result.error.message(lang) if result.error else ""
    when = format_moment(result.read_at, lang)
    answered = (
        result.error is not None and result.error.code == "tab-gone"
    )  # Google answered, the tab is gone
    return messages.text("live.stale-answered" if answered else "live.stale", lang, when=when, reason=reason)


def no_data_message(result: LiveResult, lang: str = "id") -> str:
    """What to show when there is neither a live read nor a snapshot: why, and how to fix it."""
    reason = result.error.message(lang) if result.error else ""
    return messages.text("live.no-data", lang, reason=reason)
