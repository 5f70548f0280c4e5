"""The live path as the app uses it: read Google Sheets, fall back to the last good read.

`load_live` never raises a `SheetsError`: the page gets fresh data, stale data with
the reason Google could not be reached, or no data with the reason and the fix.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass

from babel.dates import format_date

from sheets import snapshot
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

    @property
    def has_data(self) -> bool:
        """True when there are rows to show (fresh or stale)."""
        return self.raw is not None


def load_live(config: SheetsConfig, *, now: dt.datetime | None = None,
              transport: Transport | None = None) -> LiveResult:
    """Read the main spreadsheet; on failure serve the snapshot (stale) or no data, always with the reason."""
    try:
        raw = read_spreadsheet(config, transport=transport)
    except SheetsError as error:
        log.warning("Google Sheets read failed: %s (%s)", error.code, error.detail)
        kept = snapshot.load(config.snapshot_dir, config.spreadsheet_id)
        if kept is None:
            return LiveResult(None, stale=False, error=error, read_at=None, source_label="Google Sheets")
        return LiveResult(kept, stale=True, error=error, read_at=kept.read_at,
                          source_label=f"{kept.source} (snapshot)")
    if now is not None:
        raw = dataclasses.replace(raw, read_at=now)
    try:
        snapshot.save(raw, config.snapshot_dir)
    except OSError as exc:
        # A read-only or full disk costs the fallback, not today's figures.
        log.warning("could not save the Google Sheets snapshot: %s", exc)
    return LiveResult(raw, stale=False, error=None, read_at=raw.read_at, source_label=raw.source)


def format_moment(moment: dt.datetime, lang: str) -> str:
    """`28 November 2026 10:15 WIB` (month in `lang`), in Indramayu's time zone."""
    local = (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone(WIB)
    day = format_date(local.date(), "d MMMM y", locale="id" if lang == "id" else "en")
    return f"{day} {local:%H:%M} WIB"


def stale_banner(result: LiveResult, lang: str = "id") -> str:
    """The warning shown over stale figures: how old they are and why; '' when the data is fresh."""
    if not result.stale or result.read_at is None:
        return ""
    reason = result.error.message(lang) if result.error else ""
    when = format_moment(result.read_at, lang)
    if lang == "id":
        return f"Data per {when}, Google Sheets tidak dapat dihubungi: {reason}"
    return f"Data as of {when}, Google Sheets unreachable: {reason}"


def no_data_message(result: LiveResult, lang: str = "id") -> str:
    """What to show when there is neither a live read nor a snapshot: why, and how to fix it."""
    reason = result.error.message(lang) if result.error else ""
    if lang == "id":
        return ("Belum ada data: Google Sheets tidak dapat dihubungi dan belum ada salinan data terakhir "
                f"di komputer ini. {reason} Setelah diperbaiki, muat ulang halaman; sementara itu, data "
                "dapat dibuka dari berkas (.xlsx, .ods atau CSV).")
    return ("No data yet: Google Sheets cannot be reached and this computer has no saved copy of the last "
            f"good data. {reason} Once that is fixed, reload the page; meanwhile, the data can be opened "
            "from a file (.xlsx, .ods or CSV).")
