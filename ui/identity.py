"""The restricted identity data (names, NIK), for staff and admin only: read, checked, kept in memory.

Apart from `ui.data` because it is a different job with its own rules: it is never in a
shared `st.cache_*` (see `_IdentityKept`), never on disk, and read only when a staff page
asks. It is forgotten with the reads it belongs to (`data.forget_with_reads`).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass

from sheets.sources import SourceError, read_workbook
from ui import config, data
from ui.data import SourceSpec, load, sheets_config, ttl_seconds


@dataclass(frozen=True)
class Identity:
    """The restricted identity data, parsed and checked: only ever held in memory, only for staff."""

    table: object  # pandas DataFrame of the used Identitas rows
    issues: object  # its issues, raw values masked


def read_identity(spec: SourceSpec, as_of_today: dt.date) -> Identity | None:
    """Read and check the identity spreadsheet (uncached); None when none is configured or readable."""
    from sheets import privacy
    from sheets.validate import validate_identity

    loaded = load(spec, as_of_today)
    if not loaded.has_data:
        return None
    if spec.kind == "demo":
        from sheets.demo_identity import build_demo_identity

        raw = build_demo_identity(loaded.report.table("Korban"))
    elif spec.kind == "sheets":
        from sheets.gsheets import SheetsError
        from sheets.gsheets import read_identity as read_identity_sheet

        reach = sheets_config(spec)
        if not reach.identity_spreadsheet:
            return None
        try:
            raw = read_identity_sheet(reach)
        except SheetsError:
            return None  # the worklist still works without names
    else:
        location = config.settings().source.identity_workbook
        if not location:
            return None
        try:
            raw = read_workbook(location)
        except SourceError:
            return None
    report = validate_identity(raw, loaded.report, as_of_today)
    return Identity(report.table("Identitas"), privacy.mask_identity_issues(report.issues))


class _IdentityKept:
    """The identity data in memory (never on disk) for the TTL: call only for staff and admin.

    Deliberately not an `st.cache_*`: Streamlit lists those caches, with every hit and
    miss, on `/_stcore/metrics`, which anyone can open, so its counters would tell the
    public when staff open names. One entry (the current read), one lock.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: tuple[tuple[SourceSpec, dt.date], float, Identity | None] | None = None

    def __call__(self, spec: SourceSpec, as_of_today: dt.date) -> Identity | None:
        with self._lock:
            now = time.monotonic()
            kept = self._kept
            if kept is None or kept[0] != (spec, as_of_today) or now - kept[1] >= ttl_seconds():
                self._kept = ((spec, as_of_today), now, read_identity(spec, as_of_today))
            return self._kept[2]

    def clear(self) -> None:
        """Forget the identity data (with the reads it belongs to)."""
        with self._lock:
            self._kept = None


_kept = _IdentityKept()


def current(spec: SourceSpec, as_of_today: dt.date) -> Identity | None:
    """The identity data of `spec`'s current read, read at most once per TTL: call only for staff and admin."""
    return _kept(spec, as_of_today)


def clear() -> None:
    """Forget the identity data (also done with every expired or reloaded read)."""
    _kept.clear()


data.forget_with_reads(__name__, clear)
