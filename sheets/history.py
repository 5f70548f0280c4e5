"""A history of every read: rows lost from the sheet caught and restorable, changes per record, trends.

A spreadsheet forgets: a deleted row or a column sorted on its own is simply gone from the next
read. `History.record` keeps each successful read of the main spreadsheet (every cell, so a past
read can be validated again with today's rules; each distinct row stored once), with its
accounting, issues and headline figures. A read whose cells are those of the latest read only
adds a "seen at" time. Each new read is compared with the latest one, record by record (the key
of each contract tab: survivor, activity, participation pair, visit by survivor and date,
target year):

- a record that was there and is gone becomes a *lost row* (its cells as last seen, its row
  number and when), open until it is back or a staff member lets it go;
- a record whose cells changed joins the change log (which values it had in each read);
- many cells of one column changing at once while the keys stay (the signature of sorting one
  column on its own) is an *alert*; a tab whose header can no longer be read is one too, rather
  than every row of it lost.

Identity data is never recorded. Writes are one transaction per read, and two processes
recording the same spreadsheet take turns (a row lock on PostgreSQL, the write lock on SQLite),
so nothing is recorded twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import marshal
import math
import threading
import zlib
from collections import Counter, OrderedDict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, cast, overload

import orjson
import pandas as pd
import pyarrow as pa
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sheets import parse, schema, store
from sheets.raw import RawTab, RawWorkbook
from sheets.store import alerts, changes, lost, reads, rows, seen, sources

MASS_SHARE = 0.3  # a column whose cells changed in this share of the records read in both ...
MASS_MIN = 10  # ... and in at least this many, at once, is an alert
CHUNK = 500  # hashes per IN (...) query


@dataclass
class _Latest:
    """The read this process recorded last for a source, unpacked: the next read is compared with it.

    Trusted only while it is the store's latest read of that source and its stored blobs are these
    bytes (`matches`): then unpacking them again would give exactly these values.
    """

    read_id: int
    tabs_blob: bytes
    records_blob: bytes
    tabs: list[dict]
    records: dict
    keyed: dict[str, _Keyed] | None = None  # by contract tab, once a comparison built it

    def matches(self, latest: Any) -> bool:
        return (
            latest.id == self.read_id
            and bytes(latest.tabs) == self.tabs_blob
            and bytes(latest.records) == self.records_blob
        )


class _LatestReads:
    """The read recorded last of each source (by store and source), for this process's next comparison.

    In the module, like `_MEMO`: the app opens a new `History` for every read. At most `limit`
    sources (the sync worker records every office's), the least recently recorded forgotten.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._reads: OrderedDict[tuple[str, int], _Latest] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, place: tuple[str, int], latest: Any) -> _Latest | None:
        """The kept read when it is still the store's `latest` one (`_Latest.matches`), else None."""
        with self._lock:
            kept = self._reads.get(place)
        return kept if kept is not None and latest is not None and kept.matches(latest) else None

    def keep(self, place: tuple[str, int], read: _Latest) -> None:
        with self._lock:
            self._reads.pop(place, None)
            self._reads[place] = read
            while len(self._reads) > self.limit:
                self._reads.popitem(last=False)


_LATEST = _LatestReads(32)


def _insert_for(dialect: str) -> Any:
    """The dialect's INSERT with ON CONFLICT (`sqlalchemy.dialects.<name>.insert`).

    Imported when first used: PostgreSQL's dialect costs a tenth of a second to import, on
    the critical path of a server's first read, and an office on the embedded SQLite file never
    needs it.
    """
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert
    from sqlalchemy.dialects import sqlite

    return sqlite.insert


class HistoryError(RuntimeError):
    """The history store cannot be used (unreachable, unwritable, full): the dashboard goes on without it."""


# --------------------------------------------------------------------------- cells and hashes


def encode_cell(cell: object) -> object:
    """A cell as JSON holds it, without loss (dates tagged, so a past read validates as it did)."""
    if cell is None or isinstance(cell, (str, bool, int)):
        return cell
    if isinstance(cell, float):
        return cell if math.isfinite(cell) else {"float": str(cell)}
    if isinstance(cell, dt.datetime):
        return {"datetime": cell.isoformat()}
    if isinstance(cell, dt.date):
        return {"date": cell.isoformat()}
    return str(cell)


def decode_cell(cell: object) -> object:
    """The cell `encode_cell` was given."""
    if isinstance(cell, dict):
        if "date" in cell:
            return dt.date.fromisoformat(cell["date"])
        if "datetime" in cell:
            return dt.datetime.fromisoformat(cell["datetime"])
        if "float" in cell:
            return float(cell["float"])
    return cell


def _row_json(cells: Sequence[object]) -> str:
    cells = trimmed(cells)
    try:  # text and numbers (nearly every row) need no conversion
        return json.dumps(cells, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError):
        return json.dumps([encode_cell(c) for c in cells], ensure_ascii=False, separators=(",", ":"))


ROW_HASH_CHARS = 32  # a row hash: 16 bytes of BLAKE2b, in hex


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def trimmed(cells: Sequence[object]) -> list[object]:
    """A row without its trailing empty cells."""
    cells = list(cells)
    while cells and cells[-1] in (None, ""):  # a ragged row and its padded twin are one row
        cells.pop()
    return cells


ROW_MEMO = 100_000  # rows whose hashes a process keeps (the latest hashed version of each tab)


def _row_keys(rows: Iterable[Any]) -> list[bytes] | None:
    """Each row's cells as exact bytes (`marshal`, format 2: no back-references, so the same cells always
    give the same bytes, and 1, 1.0 and True stay apart, as they do not in a tuple); None when a cell
    has no such form (a date or time from a file): then the tab is hashed the slow way."""
    dumps = marshal.dumps
    try:
        return [dumps(row, 2) for row in rows]
    except ValueError:
        return None


def _tab_digest(tab: RawTab, keys: list[bytes] | None) -> str:
    """One hash of a tab's whole text: equal digests, equal rows (the row hashes can be reused)."""
    if keys is not None:  # marshal's bytes are self-delimiting: the joined rows are one exact text
        # SHA-256: machines have it in hardware, twice BLAKE2b's speed here ("m:" digests, BLAKE2b's,
        # were kept before: they never equal these, so such a tab is hashed row by row once).
        return "s:" + hashlib.sha256(b"".join(keys)).hexdigest()
    return "r:" + _hash(repr([list(row) for row in tab.rows]))


class _RowHashes:
    """Row hashes of the tabs this process hashed last, by each row's exact bytes (`_row_keys`).

    A changed tab is nearly all rows that were there before: only its new rows need their text and
    hash. Holds the latest version of each tab (by source and title), the least recently hashed
    tabs forgotten beyond `limit` rows. The hash of a row depends on its cells only, so a memo can
    never give a row a wrong hash; it only saves time.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._tabs: OrderedDict[tuple[str, str], dict[bytes, str]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def hashes(self, place: tuple[str, str], tab: RawTab, keys: list[bytes] | None) -> list[str]:
        """The tab's row hashes (`_tab_row_hashes`), computed only for rows not hashed before."""
        if keys is None:
            return _tab_row_hashes(tab)
        with self._lock:
            known = self._tabs.get(place, {})
        found = list(map(known.get, keys))
        if None in found:
            rows = tab.rows
            for i in [i for i, h in enumerate(found) if h is None]:
                found[i] = _hash(repr(trimmed(rows[i])))
        hashes = cast(list[str], found)  # every None was filled in above
        self.keep(place, keys, hashes)
        return hashes

    def keep(self, place: tuple[str, str], keys: list[bytes], hashes: Sequence[str]) -> None:
        """Remember a tab's row hashes (its previous version forgotten)."""
        if len(keys) > self.limit:
            return
        with self._lock:
            old = self._tabs.pop(place, None)
            self._size -= len(old) if old is not None else 0
            self._tabs[place] = dict(zip(keys, hashes))
            self._size += len(self._tabs[place])
            while self._size > self.limit:
                _, dropped = self._tabs.popitem(last=False)
                self._size -= len(dropped)


_MEMO = _RowHashes(ROW_MEMO)


def _tab_row_hashes(tab: RawTab) -> list[str]:
    """A tab's rows as hashes of their cells (Python's own exact text of them: cheap, and the same
    cells always give the same text)."""
    return [_hash(repr(trimmed(row))) for row in tab.rows]


def _row_hashes(raw: RawWorkbook) -> dict[str, list[str]]:
    """Every tab's row hashes (`_tab_row_hashes`, through the process's memo)."""
    name = source_name(raw)
    return {title: _MEMO.hashes((name, title), tab, _row_keys(tab.rows)) for title, tab in raw.tabs.items()}


def content_hash(raw: RawWorkbook, hashes: Mapping[str, list[str]] | None = None) -> str:
    """The read's cells and tab structure, as one hash (the time of the read left out)."""
    hashes = hashes if hashes is not None else _row_hashes(raw)
    digest = hashlib.sha256()
    for title, tab in raw.tabs.items():
        digest.update(json.dumps([title, tab.hidden, list(tab.merges)], ensure_ascii=False).encode())
        digest.update("".join(hashes[title]).encode("ascii"))
    return digest.hexdigest()


def source_name(raw: RawWorkbook) -> str:
    """Which spreadsheet or file a read is of: `sheets:<url>`, `file:<path>` or `demo`."""
    if raw.url:
        return f"sheets:{raw.url}"
    return "demo" if raw.source == "demo" else f"file:{raw.source}"


_ZSTD = b"PZ\x01"  # a packed blob: these 3 bytes, the JSON's length (8 bytes, little-endian), a zstd frame


def _pack(value: object) -> bytes:
    """JSON (orjson: a tenth of the standard library's time on these lists), compressed with zstd (level
    1, through pyarrow: a quarter of zlib level 1's time, smaller). Reads packed with zlib are still read."""
    text = orjson.dumps(value, default=str)
    return (
        _ZSTD
        + len(text).to_bytes(8, "little")
        + pa.Codec("zstd", compression_level=1).compress(text, asbytes=True)
    )


def _pack_tabs(tabs: list[dict]) -> bytes:
    """A read's tabs, each one's row hashes written as one string (one JSON value, not thousands)."""
    return _pack([{**tab, "rows": "".join(tab["rows"])} for tab in tabs])


def _unpack_tabs(blob: bytes) -> list[dict]:
    """`_pack_tabs` undone; a read packed before kept each tab's row hashes as a list."""
    tabs = _unpack(blob)
    for tab in tabs:
        joined = tab["rows"]
        if isinstance(joined, str):
            tab["rows"] = [joined[i : i + ROW_HASH_CHARS] for i in range(0, len(joined), ROW_HASH_CHARS)]
    return tabs


def _unpack(blob: bytes) -> Any:
    blob = bytes(blob)
    if blob.startswith(_ZSTD):
        size = int.from_bytes(blob[3:11], "little")
        text = pa.Codec("zstd").decompress(blob[11:], decompressed_size=size, asbytes=True)
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:  # written by the standard library's encoder (a NaN in it)
            return json.loads(text.decode("utf-8"))
    return json.loads(zlib.decompress(blob).decode("utf-8"))  # recorded before zstd


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@overload
def _aware(moment: dt.datetime) -> dt.datetime: ...


@overload
def _aware(moment: None) -> None: ...


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands times back without their zone; every time stored here is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=dt.UTC)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class LostRow:
    """A record that was in an earlier read and is not in the latest one."""

    id: int
    tab: str
    key: str
    row_number: int
    cells: tuple[object, ...]  # as last seen
    header: tuple[object, ...]  # the header row it stood under
    last_seen_at: dt.datetime
    lost_at: dt.datetime

    def values(self) -> dict[str, object]:
        """The row's cells by contract header (the layout to paste back)."""
        tab = schema.TABS[self.tab]
        found = parse.locate_header([list(self.header)], tab)
        out: dict[str, object] = {}
        for column in tab.columns:
            position = found.columns.get(column.key)
            out[column.header] = (
                self.cells[position] if position is not None and position < len(self.cells) else None
            )
        return out


@dataclass(frozen=True)
class Alert:
    """Many cells of one column changed at once, or a tab that can no longer be read."""

    id: int
    kind: str  # mass-change, column-gone, unreadable
    tab: str
    column: str
    changed: int
    of_rows: int
    detail: str
    detected_at: dt.datetime


@dataclass(frozen=True)
class Recorded:
    """What recording one read did."""

    read_id: int
    changed: bool  # False: the cells were those of the latest read, only a "seen at" was added
    lost: tuple[LostRow, ...] = ()  # newly lost with this read
    back: int = 0  # lost rows that came back with it
    alerts: tuple[Alert, ...] = ()


@dataclass(frozen=True)
class Publication:
    """Public figures frozen under a label, with the read they came from."""

    label: str
    as_of: dt.date
    k: int
    created_at: dt.datetime
    created_by: str
    content_hash: str
    release: dict  # exactly what the public sees (`Release.to_json`)
    cells: list  # every cell's value and status (`Release.cells_json`): never public
    files: dict[str, tuple[str, str, bytes]]  # kind -> (file name, MIME type, bytes)


class PublicationExists(ValueError):
    """A label is published once: publications are frozen."""


# --------------------------------------------------------------------------- the store


class History:
    """The history of reads in one store (an SQLAlchemy URL, `sheets.store.database_url`).

    `source` (a `source_name`) is the one the reading methods show when given none: in a store
    several offices share, an office's pages must never fall back to another office's latest read.
    """

    def __init__(self, url: str, source: str | None = None) -> None:
        self.url = url
        self.source = source
        try:
            self.engine = store.engine(url)
        except Exception as error:
            raise HistoryError(f"{store.redacted(url)}: {error}") from error

    # ----------------------------------------------------------------------- recording

    def record(
        self,
        raw: RawWorkbook,
        report: Any,
        summary: Mapping[str, Any] | None = None,
        *,
        now: dt.datetime | None = None,
    ) -> Recorded:
        """Keep one successful read (`report` is its validation) and compare it with the latest one."""
        if raw.find(schema.IDENTITAS.name) is not None:
            raise ValueError("identity data is never recorded in the history")
        now = now or _now()
        # Each row's exact bytes, and from them one hash of each tab's whole text: a tab as it was in the
        # latest read keeps that read's row hashes, and in a tab that changed only rows this process has
        # not hashed before get their text and hash (`_RowHashes`).
        name = source_name(raw)
        row_keys = {title: _row_keys(tab.rows) for title, tab in raw.tabs.items()}
        tab_digests = {title: _tab_digest(tab, row_keys[title]) for title, tab in raw.tabs.items()}
        try:
            with self.engine.begin() as db:
                source = self._source(db, name, now)
                latest = db.execute(
                    sa.select(reads).where(reads.c.source_id == source).order_by(reads.c.id.desc()).limit(1)
                ).first()
                memo = _LATEST.get((self.url, source), latest)
                before = (
                    memo.tabs if memo is not None else _unpack_tabs(latest.tabs) if latest is not None else []
                )
                same = {
                    t["title"]: t["rows"] for t in before if t.get("digest") == tab_digests.get(t["title"])
                }
                hashes = {}
                for title, tab in raw.tabs.items():
                    keys = row_keys[title]
                    if title in same:
                        hashes[title] = same[title]
                        if keys is not None:
                            _MEMO.keep((name, title), keys, same[title])
                    else:
                        hashes[title] = _MEMO.hashes((name, title), tab, keys)
                digest = content_hash(raw, hashes)
                if latest is not None and latest.content_hash == digest:
                    db.execute(seen.insert().values(read_id=latest.id, seen_at=now))
                    return Recorded(latest.id, changed=False)
                stored: set[str] = set().union(*(t["rows"] for t in before))
                tabs, row_cells = self._store_rows(db, raw, hashes, stored, tab_digests)
                records = {
                    name: {
                        "title": report.titles.get(name),
                        "header": report.headers.get(name),
                        "keys": list(map(str, frame["key"].to_numpy(dtype=object).tolist())),
                        "rows": frame["row"].to_numpy(dtype="int64").tolist(),
                    }
                    for name, frame in report.records.items()
                }
                issues = _issue_columns(report, records)
                summary = {
                    "accounting": {n: c.as_dict() for n, c in report.counts.items()},
                    "issues": issue_counts(issues),
                    **dict(summary or {}),
                }
                tabs_blob, records_blob = _pack_tabs(tabs), _pack(records)
                read_id = db.execute(
                    reads.insert()
                    .values(
                        source_id=source,
                        content_hash=digest,
                        read_at=raw.read_at or now,
                        recorded_at=now,
                        tabs=tabs_blob,
                        records=records_blob,
                        issues=_pack(issues),
                        summary=json.dumps(summary, ensure_ascii=False, default=str),
                    )
                    .returning(reads.c.id)
                ).scalar_one()
                fresh = _Latest(read_id, tabs_blob, records_blob, tabs, records)
                if latest is None:
                    done = Recorded(read_id, changed=True)
                else:
                    done = self._compare(db, source, latest, memo, before, fresh, row_cells, report, now)
            _LATEST.keep((self.url, source), fresh)  # committed: the next read is compared with this one
            return done
        except (sa.exc.SQLAlchemyError, OSError) as error:
            raise HistoryError(f"{store.redacted(self.url)}: {error}") from error

    def record_kept(
        self,
        raw: RawWorkbook,
        report: Any,
        summary: Mapping[str, Any] | None = None,
        *,
        keep_days: int | None,
        now: dt.datetime | None = None,
    ) -> Recorded:
        """`record`, then the retention: a new read forgets those older than `keep_days` (`prune`).

        The one way every recorder keeps the history (the app, `history record`, `digest`, the sync
        worker), so each applies `[database] keep_days` alike; None or 0 keeps everything. A read
        with the cells of the latest one changes nothing, so it prunes nothing.
        """
        now = now or _now()
        done = self.record(raw, report, summary, now=now)
        if done.changed and keep_days:
            self.prune(keep_days, now=now)
        return done

    def seen_again(self, raw: RawWorkbook, *, now: dt.datetime | None = None) -> Recorded | None:
        """When `raw`'s cells are those of its source's latest read: add a "seen at" and say so; else None.

        Lets a reader that reads often (the sync worker) skip validating a sheet nobody changed.
        """
        digest = content_hash(raw)
        try:
            with self.engine.begin() as db:
                latest = db.execute(
                    sa.select(reads.c.id, reads.c.content_hash)
                    .join(sources, sources.c.id == reads.c.source_id)
                    .where(sources.c.name == source_name(raw))
                    .order_by(reads.c.id.desc())
                    .limit(1)
                ).first()
                if latest is None or latest.content_hash != digest:
                    return None
                db.execute(seen.insert().values(read_id=latest.id, seen_at=now or _now()))
                return Recorded(latest.id, changed=False)
        except (sa.exc.SQLAlchemyError, OSError) as error:
            raise HistoryError(f"{store.redacted(self.url)}: {error}") from error

    def _source(self, db: Connection, name: str, now: dt.datetime) -> int:
        """The source's id, locked for this transaction: two recorders of one sheet take turns."""
        dialect = db.dialect.name
        insert = _insert_for(dialect)
        db.execute(insert(sources).values(name=name, created_at=now).on_conflict_do_nothing())
        if dialect == "sqlite":  # a write takes SQLite's lock now, before the latest read is looked at
            db.execute(sources.update().where(sources.c.name == name).values(name=name))
        return db.execute(
            sa.select(sources.c.id).where(sources.c.name == name).with_for_update()
        ).scalar_one()

    def _store_rows(
        self,
        db: Connection,
        raw: RawWorkbook,
        hashes: Mapping[str, list[str]],
        stored: set[str],
        tab_digests: Mapping[str, str],
    ) -> tuple[list[dict], dict[str, str]]:
        """Every tab's rows as hashes, storing the rows not yet stored; the new read's rows that were
        not in the latest one (`stored`), by hash, as JSON text."""
        tabs: list[dict] = []
        fresh: dict[str, str] = {}
        for title, tab in raw.tabs.items():
            new = set(hashes[title]).difference(stored, fresh)  # set arithmetic: most rows were stored
            if new:
                at = dict(zip(hashes[title], range(len(tab.rows))))  # a repeated row: any copy will do
                for digest in sorted(new, key=at.__getitem__):
                    fresh[digest] = _row_json(tab.rows[at[digest]])
            tabs.append(
                {
                    "title": title,
                    "sheet_id": tab.sheet_id,
                    "hidden": tab.hidden,
                    "merges": [list(m) for m in tab.merges],
                    "rows": hashes[title],
                    "digest": tab_digests[title],
                }
            )
        wanted = list(fresh)
        known: set[str] = set()
        for start in range(0, len(wanted), CHUNK):
            known |= set(
                db.execute(
                    sa.select(rows.c.hash).where(rows.c.hash.in_(wanted[start : start + CHUNK]))
                ).scalars()
            )
        missing = [{"hash": h, "cells": fresh[h]} for h in wanted if h not in known]
        if missing:
            insert = _insert_for(db.dialect.name)
            for start in range(0, len(missing), CHUNK):
                db.execute(insert(rows).on_conflict_do_nothing(), missing[start : start + CHUNK])
        return tabs, fresh

    def _compare(
        self,
        db: Connection,
        source: int,
        latest: Any,
        memo: _Latest | None,
        before: list[dict],
        fresh: _Latest,
        row_cells: dict[str, str],
        report: Any,
        now: dt.datetime,
    ) -> Recorded:
        """Lost rows, rows back, the change log and alerts: the new read (`fresh`, its records keyed here
        for the next comparison) against the latest one (`memo` when this process recorded it)."""
        read_id, tabs, records = fresh.read_id, fresh.tabs, fresh.records
        before_tabs = {t["title"]: t["rows"] for t in before}  # the latest read's tabs, unpacked
        before_records = memo.records if memo is not None else _unpack(latest.records)
        before_keyed = memo.keyed if memo is not None and memo.keyed is not None else {}
        fresh.keyed = {}
        after_tabs = {t["title"]: t["rows"] for t in tabs}
        last_seen = db.execute(
            sa.select(sa.func.max(seen.c.seen_at)).where(seen.c.read_id == latest.id)
        ).scalar()
        last_seen = _aware(last_seen) or _aware(latest.recorded_at)
        unreadable: set[str] | None = None  # asked for only when a tab lost every record
        new_lost: list[LostRow] = []
        found_alerts: list[Alert] = []
        back = 0
        change_rows: list[dict] = []
        for name in (t.name for t in schema.MAIN_TABS):
            old = before_records.get(name) or {"title": None, "header": None, "keys": []}
            new = records.get(name) or {"title": None, "header": None, "keys": []}
            old_rows = before_tabs.get(old["title"], [])
            new_rows = after_tabs.get(new["title"], [])
            old_keys = before_keyed[name] if name in before_keyed else _keyed(*_record_columns(old), old_rows)
            new_keys = fresh.keyed[name] = _keyed(*_record_columns(new), new_rows)
            if old_keys.number and new["title"] is not None:
                found_alerts += self._columns_gone(
                    db,
                    source,
                    read_id,
                    name,
                    _at(old_rows, old["header"]),
                    _at(new_rows, new["header"]),
                    len(old_keys.number),
                    row_cells,
                    now,
                )
            if old_keys.number and not new_keys.number and new["title"] is not None and unreadable is None:
                unreadable = set(report.unusable_tabs()) if hasattr(report, "unusable_tabs") else set()
            if (
                old_keys.number
                and not new_keys.number
                and new["title"] is not None
                and name in (unreadable or ())
            ):
                found_alerts.append(
                    self._alert(
                        db,
                        source,
                        read_id,
                        "unreadable",
                        name,
                        "",
                        len(old_keys.number),
                        len(old_keys.number),
                        "the tab is there but its header or key column can no longer be read",
                        now,
                    )
                )
                continue
            header = _at(old_rows, old["header"])
            for key in old_keys.number.keys() - new_keys.number.keys():
                number, digest = old_keys.number[key], old_keys.digest[key]
                lost_id = db.execute(
                    lost.insert()
                    .values(
                        source_id=source,
                        tab=name,
                        key=key,
                        row_hash=digest,
                        header_hash=header,
                        row_number=number,
                        last_seen_read=latest.id,
                        last_seen_at=last_seen,
                        lost_read=read_id,
                        lost_at=now,
                    )
                    .returning(lost.c.id)
                ).scalar_one()
                new_lost.append(LostRow(lost_id, name, key, number, (), (), last_seen, now))
                change_rows.append(
                    {
                        "source_id": source,
                        "read_id": read_id,
                        "tab": name,
                        "key": key,
                        "kind": "removed",
                        "row_before": digest,
                        "row_after": None,
                        "row_number": number,
                    }
                )
            added = new_keys.number.keys() - old_keys.number.keys()
            for key in added:
                number, digest = new_keys.number[key], new_keys.digest[key]
                change_rows.append(
                    {
                        "source_id": source,
                        "read_id": read_id,
                        "tab": name,
                        "key": key,
                        "kind": "added",
                        "row_before": None,
                        "row_after": digest,
                        "row_number": number,
                    }
                )
            if added:
                open_ = lost.c.resolved_at.is_(None) & (lost.c.source_id == source) & (lost.c.tab == name)
                for start in range(0, len(added), CHUNK):
                    part = list(added)[start : start + CHUNK]
                    back += db.execute(
                        lost.update()
                        .where(open_ & lost.c.key.in_(part))
                        .values(resolved_at=now, resolution="back")
                    ).rowcount
            kept = old_keys.number.keys() & new_keys.number.keys()
            old_digest, new_digest = old_keys.digest, new_keys.digest
            both = [k for k in kept if old_digest[k] != new_digest[k]]
            for key in both:
                change_rows.append(
                    {
                        "source_id": source,
                        "read_id": read_id,
                        "tab": name,
                        "key": key,
                        "kind": "changed",
                        "row_before": old_digest[key],
                        "row_after": new_digest[key],
                        "row_number": new_keys.number[key],
                    }
                )
            common = len(kept)
            if len(both) >= MASS_MIN and len(both) >= MASS_SHARE * common:
                found_alerts += self._mass_changes(
                    db,
                    source,
                    read_id,
                    name,
                    _at(old_rows, old["header"]),
                    _at(new_rows, new["header"]),
                    old_keys,
                    new_keys,
                    both,
                    common,
                    row_cells,
                    now,
                )
        for start in range(0, len(change_rows), CHUNK):
            db.execute(changes.insert(), change_rows[start : start + CHUNK])
        filled = tuple(self._fill(db, new_lost)) if new_lost else ()
        return Recorded(read_id, changed=True, lost=filled, back=back, alerts=tuple(found_alerts))

    def _alert(
        self,
        db: Connection,
        source: int,
        read_id: int,
        kind: str,
        tab: str,
        column: str,
        changed: int,
        of_rows: int,
        detail: str,
        now: dt.datetime,
    ) -> Alert:
        alert_id = db.execute(
            alerts.insert()
            .values(
                source_id=source,
                read_id=read_id,
                kind=kind,
                tab=tab,
                column=column,
                changed=changed,
                of_rows=of_rows,
                detail=detail,
                detected_at=now,
            )
            .returning(alerts.c.id)
        ).scalar_one()
        return Alert(alert_id, kind, tab, column, changed, of_rows, detail, now)

    def _mass_changes(
        self,
        db: Connection,
        source: int,
        read_id: int,
        name: str,
        old_header_hash: str,
        new_header_hash: str,
        old_keys: _Keyed,
        new_keys: _Keyed,
        both: list[str],
        common: int,
        row_cells: dict[str, str],
        now: dt.datetime,
    ) -> list[Alert]:
        """Per contract column, how many of the records read in both changed; an alert where many did."""
        tab = schema.TABS[name]
        cells = self._texts(
            db,
            {old_keys.digest[k] for k in both}
            | {new_keys.digest[k] for k in both}
            | {old_header_hash, new_header_hash},
            row_cells,
        )
        old_at = parse.locate_header([json.loads(cells.get(old_header_hash, "[]"))], tab).columns
        new_at = parse.locate_header([json.loads(cells.get(new_header_hash, "[]"))], tab).columns
        pairs = [(json.loads(cells[old_keys.digest[k]]), json.loads(cells[new_keys.digest[k]])) for k in both]
        found = []
        for column in tab.columns:
            if column.key not in old_at or column.key not in new_at or column.key in tab.key:
                continue
            i, j = old_at[column.key], new_at[column.key]
            before, after = [], []
            for old_row, new_row in pairs:
                a = old_row[i] if i < len(old_row) else None
                b = new_row[j] if j < len(new_row) else None
                if a != b:
                    before.append(json.dumps(a))
                    after.append(json.dumps(b))
            if len(before) >= MASS_MIN and len(before) >= MASS_SHARE * common:
                # Sorting one column moves its values between rows: nearly all new values were there before.
                shuffled = sum((Counter(before) & Counter(after)).values()) >= 0.9 * len(before)
                detail = (
                    "the column's values were reordered among the rows (sorted on its own?)"
                    if shuffled
                    else "many values were replaced at once"
                )
                found.append(
                    self._alert(
                        db,
                        source,
                        read_id,
                        "mass-change",
                        name,
                        column.header,
                        len(before),
                        common,
                        detail,
                        now,
                    )
                )
        return found

    def _columns_gone(
        self,
        db: Connection,
        source: int,
        read_id: int,
        name: str,
        old_header_hash: str,
        new_header_hash: str,
        records: int,
        row_cells: dict[str, str],
        now: dt.datetime,
    ) -> list[Alert]:
        """Contract columns the previous read's header had and this one's has not (renamed or deleted)."""
        if not old_header_hash or not new_header_hash or old_header_hash == new_header_hash:
            return []  # no header now: the tab is unreadable, said once
        cells = self._texts(db, {old_header_hash, new_header_hash}, row_cells)
        tab = schema.TABS[name]
        before = parse.locate_header([json.loads(cells.get(old_header_hash, "[]"))], tab).columns
        after = parse.locate_header([json.loads(cells.get(new_header_hash, "[]"))], tab).columns
        return [
            self._alert(
                db,
                source,
                read_id,
                "column-gone",
                name,
                tab.column(key).header,
                records,
                records,
                "the column is no longer found under this header (renamed or deleted?)",
                now,
            )
            for key in before
            if key not in after
        ]

    def _texts(self, db: Connection, hashes: set[str], fresh: Mapping[str, str]) -> dict[str, str]:
        """Rows' JSON text by hash: this read's new rows from memory, the others from the store."""
        found = {h: fresh[h] for h in hashes if h in fresh}
        found.update(self._cells(db, [h for h in hashes if h and h not in fresh]))
        return found

    def _cells(self, db: Connection, hashes: Iterable[str]) -> Iterable[tuple[str, str]]:
        wanted = list(hashes)
        for start in range(0, len(wanted), CHUNK):
            yield from db.execute(
                sa.select(rows.c.hash, rows.c.cells).where(rows.c.hash.in_(wanted[start : start + CHUNK]))
            ).all()

    def _fill(self, db: Connection, found: Sequence[LostRow]) -> Iterable[LostRow]:
        """Lost rows with their cells and header, read back from the store."""
        ids = [row.id for row in found]
        yield from self._lost_rows(db, lost.c.id.in_(ids))

    def _lost_rows(self, db: Connection, where: Any) -> list[LostRow]:
        found = db.execute(sa.select(lost).where(where).order_by(lost.c.tab, lost.c.row_number)).all()
        cells = dict(self._cells(db, {r.row_hash for r in found} | {r.header_hash for r in found}))
        return [
            LostRow(
                r.id,
                r.tab,
                r.key,
                r.row_number,
                tuple(decode_cell(c) for c in json.loads(cells.get(r.row_hash, "[]"))),
                tuple(decode_cell(c) for c in json.loads(cells.get(r.header_hash, "[]"))),
                _aware(r.last_seen_at),
                _aware(r.lost_at),
            )
            for r in found
        ]

    # ----------------------------------------------------------------------- what staff see

    def _source_id(self, db: Connection, name: str | None) -> int | None:
        name = name if name is not None else self.source
        if name is None:
            return db.execute(sa.select(reads.c.source_id).order_by(reads.c.id.desc()).limit(1)).scalar()
        return db.execute(sa.select(sources.c.id).where(sources.c.name == name)).scalar()

    def lost_rows(self, source: str | None = None) -> list[LostRow]:
        """Rows lost and not back nor let go, per tab in row order (`source`: default the latest read's)."""
        with self.engine.connect() as db:
            sid = self._source_id(db, source)
            if sid is None:
                return []
            return self._lost_rows(db, (lost.c.source_id == sid) & lost.c.resolved_at.is_(None))

    def let_go(self, lost_id: int, who: str, now: dt.datetime | None = None) -> None:
        """A staff member says the row was removed deliberately: the alert ends, recorded with who."""
        with self.engine.begin() as db:
            db.execute(
                lost.update()
                .where((lost.c.id == lost_id) & lost.c.resolved_at.is_(None))
                .values(resolved_at=now or _now(), resolution="removed", resolved_by=who)
            )

    def open_alerts(self, source: str | None = None) -> list[Alert]:
        """Mass changes and unreadable tabs not yet acknowledged."""
        with self.engine.connect() as db:
            sid = self._source_id(db, source)
            found = db.execute(
                sa.select(alerts)
                .where((alerts.c.source_id == sid) & alerts.c.ended_at.is_(None))
                .order_by(alerts.c.id)
            ).all()
        return [
            Alert(a.id, a.kind, a.tab, a.column, a.changed, a.of_rows, a.detail, _aware(a.detected_at))
            for a in found
        ]

    def end_alert(self, alert_id: int, who: str, now: dt.datetime | None = None) -> None:
        """A staff member has looked at an alert (the sheet is as it should be, or was put right)."""
        with self.engine.begin() as db:
            db.execute(
                alerts.update().where(alerts.c.id == alert_id).values(ended_at=now or _now(), ended_by=who)
            )

    def changelog(self, tab: str, key: str, source: str | None = None) -> pd.DataFrame:
        """The values one record had in each read: when it appeared, changed, went and came back."""
        with self.engine.connect() as db:
            sid = self._source_id(db, source)
            found = db.execute(
                sa.select(
                    changes.c.kind,
                    changes.c.row_before,
                    changes.c.row_after,
                    changes.c.row_number,
                    reads.c.recorded_at,
                )
                .join(reads, reads.c.id == changes.c.read_id)
                .where((changes.c.source_id == sid) & (changes.c.tab == tab) & (changes.c.key == key))
                .order_by(changes.c.id)
            ).all()
            cells = dict(self._cells(db, {h for r in found for h in (r.row_before, r.row_after) if h}))
        return pd.DataFrame(
            [
                {
                    "read_at": _aware(r.recorded_at),
                    "change": r.kind,
                    "row": r.row_number,
                    "before": json.loads(cells[r.row_before]) if r.row_before else None,
                    "after": json.loads(cells[r.row_after]) if r.row_after else None,
                }
                for r in found
            ],
            columns=["read_at", "change", "row", "before", "after"],
        )

    def reads(self, source: str | None = None) -> pd.DataFrame:
        """Every recorded read: when, its content hash, how often it was seen again, its summary."""
        with self.engine.connect() as db:
            sid = self._source_id(db, source)
            seen_count = (
                sa.select(
                    seen.c.read_id,
                    sa.func.count().label("seen"),
                    sa.func.max(seen.c.seen_at).label("last_seen"),
                )
                .group_by(seen.c.read_id)
                .subquery()
            )
            found = db.execute(
                sa.select(
                    reads.c.id,
                    reads.c.read_at,
                    reads.c.recorded_at,
                    reads.c.content_hash,
                    reads.c.summary,
                    seen_count.c.seen,
                    seen_count.c.last_seen,
                )
                .outerjoin(seen_count, seen_count.c.read_id == reads.c.id)
                .where(reads.c.source_id == sid)
                .order_by(reads.c.id)
            ).all()
        return pd.DataFrame(
            [
                {
                    "read_id": r.id,
                    "read_at": _aware(r.read_at),
                    "recorded_at": _aware(r.recorded_at),
                    "content_hash": r.content_hash,
                    "seen": int(r.seen or 0),
                    "last_seen": _aware(r.last_seen) or _aware(r.recorded_at),
                    "summary": json.loads(r.summary),
                }
                for r in found
            ],
            columns=["read_id", "read_at", "recorded_at", "content_hash", "seen", "last_seen", "summary"],
        )

    def raw_of(self, read_id: int) -> RawWorkbook:
        """A past read's cells as a workbook again, to validate with today's rules."""
        with self.engine.connect() as db:
            row = db.execute(
                sa.select(reads, sources.c.name)
                .join(sources, sources.c.id == reads.c.source_id)
                .where(reads.c.id == read_id)
            ).one()
            tabs = _unpack_tabs(row.tabs)
            cells = dict(self._cells(db, {h for t in tabs for h in t["rows"]}))
        name = row.name
        url = name[len("sheets:") :] if name.startswith("sheets:") else None
        source = "demo" if name == "demo" else (url or name[len("file:") :])
        workbook = {
            t["title"]: RawTab(
                t["title"],
                [[decode_cell(c) for c in json.loads(cells[h])] for h in t["rows"]],
                t["sheet_id"],
                t["hidden"],
                tuple(tuple(m) for m in t["merges"]),
            )
            for t in tabs
        }
        return RawWorkbook(source, workbook, url=url, read_at=_aware(row.read_at))

    def issues_between(
        self, since: dt.datetime, source: str | None = None
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Issues new and fixed between the last read on or before `since` and the latest read."""
        with self.engine.connect() as db:
            sid = self._source_id(db, source)
            latest = db.execute(
                sa.select(reads).where(reads.c.source_id == sid).order_by(reads.c.id.desc()).limit(1)
            ).first()
            earlier = db.execute(
                sa.select(reads)
                .where((reads.c.source_id == sid) & (reads.c.recorded_at <= since))
                .order_by(reads.c.id.desc())
                .limit(1)
            ).first()
        empty = pd.DataFrame(columns=["tab", "key", "row", "column", "code", "severity", "value"])
        if latest is None:
            return empty, empty
        now = _issue_set(latest)
        before = _issue_set(earlier) if earlier is not None else {}
        new = [now[i] for i in now.keys() - before.keys()]
        fixed = [before[i] for i in before.keys() - now.keys()]
        return (
            pd.DataFrame(new, columns=empty.columns).sort_values(["tab", "row"], kind="stable"),
            pd.DataFrame(fixed, columns=empty.columns).sort_values(["tab", "row"], kind="stable"),
        )

    def quality_trend(self, source: str | None = None, reads: pd.DataFrame | None = None) -> pd.DataFrame:
        """Errors and warnings per tab in each read (the data quality trend); `reads`: `self.reads()` if known."""
        frame = self.reads(source) if reads is None else reads
        out = []
        for read in frame.itertuples(index=False):
            # pandas-stubs types an itertuples field as any scalar; `summary` holds the read's JSON object.
            for tab, counts in (read.summary.get("issues") or {}).items():  # type: ignore[union-attr]
                out.append(
                    {
                        "read_at": read.recorded_at,
                        "tab": tab,
                        "errors": counts.get("error", 0),
                        "warnings": counts.get("warning", 0),
                    }
                )
        return pd.DataFrame(out, columns=["read_at", "tab", "errors", "warnings"])

    def prune(self, keep_days: int, now: dt.datetime | None = None) -> int:
        """Forget reads older than `keep_days` (never the latest of a source, nor one a publication froze)."""
        from sheets.store import publications

        cutoff = (now or _now()) - dt.timedelta(days=keep_days)
        with self.engine.begin() as db:
            latest = sa.select(sa.func.max(reads.c.id)).group_by(reads.c.source_id)
            kept = sa.select(publications.c.read_id)
            used = sa.union(
                sa.select(lost.c.last_seen_read), sa.select(lost.c.lost_read), sa.select(alerts.c.read_id)
            )
            old = (
                db.execute(
                    sa.select(reads.c.id).where(
                        (reads.c.recorded_at < cutoff)
                        & reads.c.id.not_in(latest)
                        & reads.c.id.not_in(kept)
                        & reads.c.id.not_in(used)
                    )
                )
                .scalars()
                .all()
            )
            for start in range(0, len(old), CHUNK):
                part = old[start : start + CHUNK]
                db.execute(changes.delete().where(changes.c.read_id.in_(part)))
                db.execute(seen.delete().where(seen.c.read_id.in_(part)))
                db.execute(reads.delete().where(reads.c.id.in_(part)))
            return len(old)

    # ----------------------------------------------------------------------- publications

    def publish(
        self,
        label: str,
        read_id: int,
        release: Any,
        who: str,
        files: Mapping[str, tuple[str, str, bytes]] | None = None,
        now: dt.datetime | None = None,
    ) -> Publication:
        """Freeze `release` (a `sheets.release.Release` of read `read_id`) under `label`, with its exports.

        A label is published once per office (the read's source): two offices sharing a store each
        publish their own `2026-11`.
        """
        from sheets.store import publication_files, publications

        label = label.strip()
        if not label:
            raise ValueError("a publication needs a label")
        try:
            with self.engine.begin() as db:
                read = db.execute(
                    sa.select(reads.c.source_id, reads.c.content_hash).where(reads.c.id == read_id)
                ).one()
                taken = db.execute(
                    sa.select(publications.c.id).where(
                        publications.c.label == label, publications.c.source_id == read.source_id
                    )
                ).first()
                if taken is not None:
                    raise PublicationExists(f"label {label!r} is already published")
                publication_id = db.execute(
                    publications.insert()
                    .values(
                        label=label,
                        source_id=read.source_id,
                        read_id=read_id,
                        content_hash=read.content_hash,
                        as_of=release.as_of,
                        k=release.k,
                        created_at=now or _now(),
                        created_by=who,
                        release=json.dumps(release.to_json(), ensure_ascii=False),
                        cells=json.dumps(release.cells_json(), ensure_ascii=False),
                    )
                    .returning(publications.c.id)
                ).scalar_one()
                for kind, (name, mime, data) in (files or {}).items():
                    db.execute(
                        publication_files.insert().values(
                            publication_id=publication_id, kind=kind, file_name=name, mime=mime, data=data
                        )
                    )
                return self._publication(
                    db, db.execute(sa.select(publications).where(publications.c.id == publication_id)).one()
                )
        except sa.exc.IntegrityError as error:  # another process published the same label a moment before
            raise PublicationExists(f"label {label!r} is already published") from error

    def _publications_of(self, db: Connection, read_id: int | None = None) -> Any:
        """The `publications` rows one office may see: those of the source of `read_id`, else of
        `self.source`; every office's when neither is known (a store of one office)."""
        from sheets.store import publications

        if read_id is not None:
            sid = db.execute(sa.select(reads.c.source_id).where(reads.c.id == read_id)).scalar()
        else:
            if self.source is None:
                return sa.true()
            sid = db.execute(sa.select(sources.c.id).where(sources.c.name == self.source)).scalar()
        return publications.c.source_id == (sid if sid is not None else -1)

    def publication(self, label: str | None = None) -> Publication | None:
        """The publication called `label`, or the latest one, of this store's office (`self.source`)."""
        from sheets.store import publications

        with self.engine.connect() as db:
            query = sa.select(publications).where(self._publications_of(db))
            query = (
                (query.where(publications.c.label == label.strip()) if label is not None else query)
                .order_by(publications.c.id.desc())
                .limit(1)
            )
            row = db.execute(query).first()
            return self._publication(db, row) if row is not None else None

    def latest_cells(self, read_id: int | None = None) -> dict[Hashable, tuple[int, str]] | None:
        """The cells of the latest publication (`Release.cells_from_json`), which the next one must respect:
        that of the office `read_id` (the read about to be published) is of, else of this store's office."""
        from sheets.release import Release  # the suppression engine: only when publishing
        from sheets.store import publications

        with self.engine.connect() as db:
            cells = db.execute(
                sa.select(publications.c.cells)
                .where(self._publications_of(db, read_id))
                .order_by(publications.c.id.desc())
                .limit(1)
            ).scalar()
        return Release.cells_from_json(json.loads(cells)) if cells is not None else None

    def publications(self) -> pd.DataFrame:
        """Every publication of this store's office (`self.source`; every office's without one): its
        label, the date its figures describe, when and by whom, and whose (the source's name)."""
        from sheets.store import publications

        with self.engine.connect() as db:
            found = db.execute(
                sa.select(
                    publications.c.label,
                    publications.c.as_of,
                    publications.c.created_at,
                    publications.c.created_by,
                    sources.c.name.label("source"),
                )
                .join(sources, sources.c.id == publications.c.source_id)
                .where(self._publications_of(db))
                .order_by(publications.c.id)
            ).all()
        columns = ["label", "as_of", "created_at", "created_by", "source"]
        return pd.DataFrame(
            [
                {
                    "label": r.label,
                    "as_of": r.as_of,
                    "created_at": _aware(r.created_at),
                    "created_by": r.created_by,
                    "source": r.source,
                }
                for r in found
            ],
            columns=columns,
        )

    def _publication(self, db: Connection, row: Any) -> Publication:
        from sheets.store import publication_files

        files = {
            f.kind: (f.file_name, f.mime, f.data)
            for f in db.execute(
                sa.select(publication_files).where(publication_files.c.publication_id == row.id)
            ).all()
        }
        return Publication(
            row.label,
            row.as_of,
            row.k,
            _aware(row.created_at),
            row.created_by,
            row.content_hash,
            json.loads(row.release),
            json.loads(row.cells),
            files,
        )


class _Keyed(NamedTuple):
    """A tab's records by key: each one's row number and row hash (two plain dicts: no tuple per record)."""

    number: dict[str, int]
    digest: dict[str, str]


def _keyed(keys: list[str], numbers: list[int], tab_rows: list[str]) -> _Keyed:
    """Each record's row number and row hash by key (a key's last record wins; a row number beyond
    the tab's rows is left out)."""
    if numbers and (min(numbers) < 1 or max(numbers) > len(tab_rows)):
        inside = [(k, r) for k, r in zip(keys, numbers) if 0 < r <= len(tab_rows)]
        keys, numbers = [k for k, _ in inside], [r for _, r in inside]
    return _Keyed(dict(zip(keys, numbers)), dict(zip(keys, [tab_rows[r - 1] for r in numbers])))


def _at(tab_rows: list[str], row: int | None) -> str:
    """The hash of a tab's row number `row` (1-based); '' when there is none."""
    return tab_rows[row - 1] if row and 0 < row <= len(tab_rows) else ""


ISSUE_FIELDS = ("tab", "row", "key", "column", "code", "severity", "value")


def _plain(values: Any) -> list:
    """A column's values as Python objects, None where it has none (NA, NaN)."""
    return values.to_numpy(dtype=object, na_value=None).tolist()


def _issue_columns(report: Any, records: Mapping[str, Mapping[str, Any]]) -> dict[str, list]:
    """The issues of a read with the key of their row's record (rows move; keys stay), column by column
    (`ISSUE_FIELDS`; reads recorded before kept a dict per issue, `_issue_rows` reads both).

    Plain lists, not a merge of frames: this runs on every changed read and must stay cheap.
    """
    keys: dict[str, dict[int, str]] = {}
    for name, entry in records.items():  # the first record of a row wins
        keys[name] = dict(zip(reversed(entry["rows"]), reversed(entry["keys"])))
    issues = report.issues
    tabs = _plain(issues["tab"])
    rows = [None if r is None else int(r) for r in _plain(issues["row"])]
    nothing: dict[int, str] = {}
    return {
        "tab": tabs,
        "row": rows,
        "key": [None if r is None else keys.get(t, nothing).get(r) for t, r in zip(tabs, rows)],
        "column": _plain(issues["column"]),
        "code": _plain(issues["code"]),
        "severity": _plain(issues["severity"]),
        "value": [v if v is None or v.__class__ is str else str(v) for v in _plain(issues["value"])],
    }


def _issue_rows(stored: Any) -> list[dict]:
    """A read's issues as one dict per issue, from either way they were stored."""
    if isinstance(stored, list):  # recorded before issues were kept column by column
        return stored
    return [dict(zip(ISSUE_FIELDS, values)) for values in zip(*(stored[f] for f in ISSUE_FIELDS))]


def _record_columns(entry: Mapping[str, Any]) -> tuple[list[str], list[int]]:
    """A contract tab's record keys and their row numbers, from either way they were stored."""
    if "rows" in entry:
        return entry["keys"], entry["rows"]
    pairs = entry["keys"]  # recorded before records were kept column by column: [key, row] pairs
    return [k for k, _ in pairs], [r for _, r in pairs]


def _issue_set(read: Any) -> dict[tuple, dict]:
    return {
        (i["tab"], i["key"] or i["row"], i["column"], i["code"], i["value"]): i
        for i in _issue_rows(_unpack(read.issues))
    }


def issue_counts(issues: Mapping[str, list]) -> dict[str, dict[str, int]]:
    """Issues per tab and severity (what the quality trend draws), from `_issue_columns`."""
    found = Counter(zip(issues["tab"], issues["severity"]))  # counted in C; pairs with a None left out below
    counts: dict[str, dict[str, int]] = {}
    for (tab, severity), n in sorted((k, n) for k, n in found.items() if None not in k):
        counts.setdefault(str(tab), {})[str(severity)] = n
    return counts
