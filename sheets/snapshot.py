"""The last good read of the main spreadsheet, kept on disk for when Google cannot be reached.

One JSON file per spreadsheet, outside the repository (`$XDG_CACHE_HOME/pulih` or
`~/.cache/pulih`), written atomically so a crash or a full disk never leaves a
half-written file in place of a good one. A writer holds a shared lock on the
directory while its temporary file exists, so the temporary file of a writer that
crashed (its lock died with it) is recognised and removed by the next save. Loading
never raises on bad content: a missing, corrupt or partial file is simply no
snapshot. The restricted identity spreadsheet is never written here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib
import json
import math
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from sheets import schema
from sheets.gwire import find_spreadsheet_id
from sheets.raw import Cell, RawTab, RawWorkbook
from sheets.schema import normalise
from sheets.settings import Settings


def _advisory_locks() -> ModuleType | None:
    """`fcntl`, or None on Windows: no advisory locks there; orphans are recognised by their age instead."""
    try:
        return importlib.import_module("fcntl")
    except ImportError:
        return None


fcntl = _advisory_locks()

FORMAT = "pulih-sheets-snapshot"
VERSION = 1
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,200}")
TEMP_PREFIX, TEMP_SUFFIX = ".sheets-", ".tmp"
# Without locks, a temporary file this old cannot belong to a live writer (a save takes seconds).
ORPHAN_AGE_S = 3600


def default_dir() -> Path:
    """Where snapshots live unless configured: `$XDG_CACHE_HOME/pulih`, else `~/.cache/pulih`."""
    return Settings.build({}).paths.cache_dir


def path_for(directory: str | os.PathLike[str] | None, sheet_id: str) -> Path:
    """The snapshot file of spreadsheet `sheet_id` in `directory` (default: `default_dir()`)."""
    # Spreadsheet ids are already file-name safe; anything else is hashed rather than trusted.
    name = sheet_id if _SAFE_ID.fullmatch(sheet_id) else hashlib.sha256(sheet_id.encode()).hexdigest()
    return Path(directory if directory is not None else default_dir()) / f"sheets-{name}.json"


def save(raw: RawWorkbook, directory: str | os.PathLike[str] | None = None) -> Path:
    """Write `raw` (a Google Sheets read) as the snapshot of its spreadsheet; returns the file written."""
    if raw.url is None:
        raise ValueError("only a Google Sheets read (with a url) can be snapshotted")
    if any(normalise(title) == normalise(schema.IDENTITAS.name) for title in raw.tabs):
        raise ValueError("identity data is never snapshotted")
    sheet_id = find_spreadsheet_id(raw.url)  # the url a Google read was given (`gwire.edit_url`)
    if sheet_id is None:
        raise ValueError(f"not a Google Sheets url: {raw.url}")
    target = path_for(directory, sheet_id)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    payload = json.dumps(_to_json(raw, sheet_id), ensure_ascii=False, allow_nan=False).encode("utf-8")
    remove_orphans(target.parent)
    # Temp file in the same directory, so os.replace is a rename on one file system: readers
    # see the old file or the new one, never a mix. mkstemp makes it private (0600).
    with _lock(target.parent, exclusive=False):
        fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    _fsync_dir(target.parent)
    return target


def remove_orphans(directory: str | os.PathLike[str]) -> list[Path]:
    """Delete the temporary files no writer holds any more (a crash mid-save); returns them."""
    folder = Path(directory)
    with _lock(folder, exclusive=True) as held:
        if not held:  # a save is under way right now: its file is not an orphan
            return []
        removed = []
        for temp in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                if fcntl is None and dt.datetime.now().timestamp() - temp.stat().st_mtime < ORPHAN_AGE_S:
                    continue
                temp.unlink()
                removed.append(temp)
        return removed


@contextlib.contextmanager
def _lock(directory: Path, *, exclusive: bool) -> Iterator[bool]:
    """A lock on `directory`: shared while writing, exclusive (never waited for) to clean up.

    Yields whether it is held. The kernel drops it when its process dies, however it dies.
    """
    if fcntl is None:
        yield True
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB if exclusive else fcntl.LOCK_SH)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # closing releases the lock


def load(directory: str | os.PathLike[str] | None, sheet_id: str) -> RawWorkbook | None:
    """The snapshot of spreadsheet `sheet_id`, or None when there is none or it cannot be trusted."""
    try:
        data = json.loads(path_for(directory, sheet_id).read_bytes().decode("utf-8"))
        return _from_json(data, sheet_id)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable; some platforms cannot open a directory, which is fine."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _cell(value: Cell) -> str | int | float | bool | None:
    """A cell as JSON can hold it; the API only sends scalars, anything else becomes text."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _to_json(raw: RawWorkbook, sheet_id: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "spreadsheet_id": sheet_id,
        "source": raw.source,
        "url": raw.url,
        "read_at": raw.read_at.isoformat(),
        "other_tabs": list(raw.other_tabs),
        "tabs": [
            {
                "title": tab.title,
                "sheet_id": tab.sheet_id,
                "rows": [[_cell(c) for c in row] for row in tab.rows],
            }
            for tab in raw.tabs.values()
        ],
    }


def _is_cell(value: object) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _from_json(data: Any, sheet_id: str) -> RawWorkbook | None:
    """The workbook in a parsed snapshot, or None when any part of it is not as `save` writes it."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        return None
    if data.get("spreadsheet_id") != sheet_id or not isinstance(data.get("source"), str):
        return None
    if not isinstance(data.get("url"), str) or not isinstance(data.get("other_tabs"), list):
        return None
    read_at = dt.datetime.fromisoformat(data["read_at"])
    if read_at.tzinfo is None:
        return None
    tabs: dict[str, RawTab] = {}
    for tab in data["tabs"]:
        title, tab_id, rows = tab["title"], tab["sheet_id"], tab["rows"]
        if not isinstance(title, str) or not (tab_id is None or type(tab_id) is int):
            return None
        if not isinstance(rows, list) or not all(isinstance(r, list) and all(map(_is_cell, r)) for r in rows):
            return None
        tabs[title] = RawTab(title, rows, sheet_id=tab_id)
    if not all(isinstance(t, str) for t in data["other_tabs"]):
        return None
    return RawWorkbook(
        source=data["source"],
        tabs=tabs,
        url=data["url"],
        read_at=read_at,
        other_tabs=tuple(data["other_tabs"]),
    )
