"""The sync worker: every office's spreadsheet read on a schedule into the history store.

    python -m sheets sync [--once]

One process reads every office (`sheets.offices`) in turn: one `values:batchGet` per
spreadsheet per read, the tab list only when its copy is older than `[sync] metadata_ttl_s`,
with the bounded retries of `sheets.gsheets`. Each good read is validated and recorded in the
history store (`sheets.history`: lost rows, the change log, trends), and every read, good or
failed, is logged in `sync_reads`, so the app knows each office's "data as of" and why its
latest read failed.

Quota: Google allows 60 read requests a minute per service account (TESTING.md section 3).
Reads are spread over `[sync] interval_s` (27 offices every 300 s: one every 11 s), and a
sliding window (`QuotaPacer`) holds every request, retries included, until it fits in
`[sync] quota_per_minute`: the budget is never exceeded, whatever fails how often.

An office that fails (not shared, quota, a tab gone) is logged and skipped until its next
turn; the others go on. The app servers in store mode (`[sync] read_from_store`) read only
the store (`latest_good_read`): the office's last good read, with its own "data as of" and,
when the latest read failed, the reason. Identity spreadsheets are never synced: identity data
never enters the store.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from sheets import clock, messages, office_figures
from sheets.gsheets import (
    METADATA_TTL_S,
    SheetsConfig,
    SheetsError,
    Transport,
    read_spreadsheet,
    spreadsheet_id,
)
from sheets.gwire import edit_url
from sheets.history import History, HistoryError
from sheets.live import format_moment, tab_gone, tabs_with_rows
from sheets.offices import Office, districts_of, offices_of
from sheets.raw import RawWorkbook
from sheets.settings import DEFAULT_SYNC_INTERVAL_S, Settings, SheetsSettings
from sheets.store import reads, seen, sources, sync_reads

log = logging.getLogger(__name__)

WINDOW_S = 60.0  # Google's quota is per minute
REQUESTS_PER_READ = 2  # a tab list (when due) and one values:batchGet
LATE_AFTER_INTERVALS = 3  # the app calls an office's data late after this many missed turns ...
LATE_MIN_S = 15 * 60  # ... and never sooner than this


# --------------------------------------------------------------------------- the quota


class QuotaPacer:
    """A sliding window of request times: `take` waits until one more request fits in `per_minute`."""

    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        window_s: float = WINDOW_S,
    ) -> None:
        if per_minute < 1:
            raise ValueError("a quota of at least one request a minute")
        self.per_minute, self.clock, self.sleep, self.window_s = per_minute, clock, sleep, window_s
        self._sent: collections.deque[float] = collections.deque()

    def _free(self) -> int:
        now = self.clock()
        while self._sent and self._sent[0] <= now - self.window_s:
            self._sent.popleft()
        return self.per_minute - len(self._sent)

    def ready(self, count: int = 1) -> None:
        """Wait until `count` requests fit (without taking them): a read never waits half-way."""
        count = min(count, self.per_minute)
        while self._free() < count:
            oldest_to_go = self._sent[len(self._sent) - (self.per_minute - count) - 1]
            self.sleep(max(1e-3, oldest_to_go + self.window_s - self.clock()))

    def take(self) -> None:
        """Wait until one request fits, and count it as sent."""
        self.ready(1)
        self._sent.append(self.clock())


# --------------------------------------------------------------------------- one read


@dataclass(frozen=True)
class SyncRead:
    """One read of one office by the worker, good or failed."""

    office: str
    source: str
    ok: bool
    started_at: dt.datetime
    finished_at: dt.datetime
    requests: int
    read_id: int | None = None
    changed: bool = False
    error: SheetsError | None = None


def source_of(spreadsheet: str) -> str:
    """The history store's name of a spreadsheet's reads (`sheets.history.source_name` of its reads)."""
    try:
        return f"sheets:{edit_url(spreadsheet_id(spreadsheet))}"
    except SheetsError:  # not a reference: no read can be of it (the live read says why)
        return f"sheets:{spreadsheet}"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Worker:
    """Reads every office into one history store, within one quota; `sync_once` or `run`."""

    def __init__(
        self,
        offices: Sequence[Office],
        sheets: SheetsSettings,
        history: History,
        *,
        quota_per_minute: int = 60,
        interval_s: float = 300.0,
        metadata_ttl_s: float = METADATA_TTL_S,
        keep_days: int | None = None,
        transport: Transport | None = None,
        now: Callable[[], dt.datetime] = _utc_now,
        today: Callable[[], dt.date] | None = None,
    ) -> None:
        self.offices = tuple(offices)
        self.history = history
        self.interval_s, self.metadata_ttl_s, self.keep_days = interval_s, metadata_ttl_s, keep_days
        self.transport = transport or Transport()
        self.pacer = QuotaPacer(quota_per_minute, self.transport.clock, self.transport.sleep)
        self.now = now
        self.today = today or (lambda: clock.today())
        # Configuration faults (a key file that cannot be read, a bad reference) stop the worker here.
        self.configs = {
            o.code: SheetsConfig.from_settings(
                dataclasses.replace(sheets, spreadsheet=o.spreadsheet, identity_spreadsheet=None)
            )
            for o in self.offices
        }
        self._had_rows: dict[str, tuple[str, ...]] = {}

    @classmethod
    def from_settings(cls, settings: Settings, history: History | None = None, **kwargs: Any) -> Worker:
        """The worker of these settings: their offices, `[sheets]` connection, `[sync]` pace, history store."""
        from sheets import store

        offices = offices_of(settings)
        if not offices:
            raise SheetsError.of("not-configured")
        history = history or History(store.url_of(settings.database))
        return cls(
            offices,
            settings.sheets,
            history,
            quota_per_minute=settings.sync.quota_per_minute,
            interval_s=settings.sync.interval_s,
            metadata_ttl_s=settings.sync.metadata_ttl_s,
            keep_days=settings.database.keep_days,
            today=lambda: clock.today_of(settings.office),
            **kwargs,
        )

    # ----------------------------------------------------------------------- scheduling

    def sync_once(self, *, spread: bool = False) -> list[SyncRead]:
        """Read every office once (spread over `interval_s` when `spread`, else as fast as the quota allows)."""
        start = self.transport.clock()
        gap = self.interval_s / len(self.offices) if spread and self.offices else 0.0
        done = []
        for number, office in enumerate(self.offices):
            wait = start + number * gap - self.transport.clock()
            if wait > 0:
                self.transport.sleep(wait)
            done.append(self.read_office(office))
        self.prune_log()
        return done

    def run(self, cycles: int | None = None) -> None:
        """Read every office every `interval_s`, for `cycles` rounds (None: until interrupted)."""
        count = 0
        while cycles is None or count < cycles:
            start = self.transport.clock()
            results = self.sync_once(spread=True)
            failed = [r.office for r in results if not r.ok]
            log.info(
                "sync: %d offices read, %d failed%s",
                len(results),
                len(failed),
                f" ({', '.join(failed)})" if failed else "",
            )
            count += 1
            wait = start + self.interval_s - self.transport.clock()
            if wait > 0 and (cycles is None or count < cycles):
                self.transport.sleep(wait)

    # ----------------------------------------------------------------------- one office

    def read_office(self, office: Office) -> SyncRead:
        """Read, validate and record one office; a failure is logged and returned, never raised."""
        from sheets import metrics
        from sheets.validate import validate

        config = self.configs[office.code]
        source = source_of(office.spreadsheet)
        sent = [0]

        def before_request() -> None:
            self.pacer.take()
            sent[0] += 1

        transport = dataclasses.replace(self.transport, before_request=before_request)
        self.pacer.ready(REQUESTS_PER_READ)  # room for the whole read, so pacing never eats its deadline
        started = self.now()
        try:
            expected = self._expected(office.code, source)
            raw = read_spreadsheet(
                config, transport=transport, expect=expected, metadata_ttl_s=self.metadata_ttl_s
            )
            gone = [name for name in expected if raw.find(name) is None]
            if gone:
                raise tab_gone(gone)
            raw = dataclasses.replace(raw, read_at=started)
            done = self.history.seen_again(raw, now=self.now())  # unchanged: nothing to validate again
            today = self.today()
            districts = districts_of(office)
            key = office_figures.figures_key(districts)
            figures = None  # the province table's figures of this read as of today, once computed
            if done is None:
                report = validate(raw, today, districts=districts)
                figures = office_figures.figures_of(report, metrics.Dataset.from_report(report), today)
                summary = {
                    "as_of": today.isoformat(),
                    "office": office.code,
                    "known": figures["known"],
                    "rehabilitated": figures["rehabilitated"],
                }
                done = self.history.record_kept(
                    raw, report, summary, keep_days=self.keep_days, now=self.now()
                )
            # The province table's figures of this read as of today: with the read's validation, or
            # once a day for a read that did not change (the pace counts the days left). The read is
            # recorded already: figures that cannot be kept only cost the province page a validation.
            try:
                with self.history.engine.begin() as db:
                    if not office_figures.has(db, done.read_id, today, key):
                        if figures is None:
                            report = validate(raw, today, districts=districts)
                            dataset = metrics.Dataset.from_report(report)
                            figures = office_figures.figures_of(report, dataset, today)
                        office_figures.keep(db, done.read_id, today, key, figures)
            except (sa.exc.SQLAlchemyError, OSError) as problem:
                log.warning("sync: office %s's figures could not be kept: %s", office.code, problem)
            self._had_rows[office.code] = tabs_with_rows(raw)
            result = SyncRead(
                office.code, source, True, started, self.now(), sent[0], done.read_id, done.changed
            )
        except SheetsError as error:
            log.warning("sync: office %s failed: %s (%s)", office.code, error.code, error.detail)
            result = SyncRead(office.code, source, False, started, self.now(), sent[0], error=error)
        except Exception as error:
            log.exception("sync: office %s could not be recorded", office.code)
            failure = SheetsError.of(
                "sync-failed",
                detail=f"{type(error).__name__}: {error}",
                reason=f"{type(error).__name__}: {error}",
            )
            result = SyncRead(office.code, source, False, started, self.now(), sent[0], error=failure)
        self._log(result)
        return result

    def _expected(self, office: str, source: str) -> tuple[str, ...]:
        """Contract tabs that had rows in the office's last good read (from the store after a restart)."""
        if office not in self._had_rows:
            latest = latest_read_id(self.history, source)
            self._had_rows[office] = tabs_with_rows(self.history.raw_of(latest)) if latest is not None else ()
        return self._had_rows[office]

    def _log(self, result: SyncRead) -> None:
        error = result.error
        try:
            with self.history.engine.begin() as db:
                db.execute(
                    sync_reads.insert().values(
                        office=result.office,
                        source=result.source,
                        started_at=result.started_at,
                        finished_at=result.finished_at,
                        ok=result.ok,
                        read_id=result.read_id,
                        changed=result.changed,
                        requests=result.requests,
                        error_code=error.code if error else None,
                        error_params=json.dumps(error.params, ensure_ascii=False, default=str)
                        if error
                        else None,
                        detail=error.detail[:2000] if error else None,
                    )
                )
        except (sa.exc.SQLAlchemyError, OSError) as problem:
            log.error("sync: the read of office %s could not be logged: %s", result.office, problem)

    def prune_log(self) -> None:
        """Forget log lines older than `keep_days`, never an office's latest good read."""
        if not self.keep_days:
            return
        cutoff = self.now() - dt.timedelta(days=self.keep_days)
        try:
            with self.history.engine.begin() as db:
                latest_ok = (
                    sa.select(sa.func.max(sync_reads.c.id))
                    .where(sync_reads.c.ok)
                    .group_by(sync_reads.c.office)
                )
                db.execute(
                    sync_reads.delete().where(
                        (sync_reads.c.started_at < cutoff) & sync_reads.c.id.not_in(latest_ok)
                    )
                )
        except (sa.exc.SQLAlchemyError, OSError) as problem:
            log.error("sync: the log could not be pruned: %s", problem)


def latest_read_id(history: History, source: str) -> int | None:
    """The id of the latest recorded read of `source`, None when there is none."""
    with history.engine.connect() as db:
        return db.execute(
            sa.select(sa.func.max(reads.c.id))
            .join(sources, sources.c.id == reads.c.source_id)
            .where(sources.c.name == source)
        ).scalar()


# --------------------------------------------------------------------------- the app in store mode


@dataclass(frozen=True)
class StoredRead:
    """What the store holds of one office for the app: its last good read, how fresh, and any failure."""

    raw: RawWorkbook | None
    as_of: dt.datetime | None  # when the worker last read it successfully
    error: SheetsError | None = None  # why the latest read failed (None: it did not)
    late: bool = False  # no read, good or failed, for too long: is the worker running?
    read_id: int | None = None  # which read of the store it is (its cells left out: `with_raw=False`)

    @property
    def has_read(self) -> bool:
        return self.raw is not None or self.read_id is not None

    @property
    def stale(self) -> bool:
        return self.has_read and (self.error is not None or self.late)

    def banner(self, lang: str) -> str:
        """The warning over stale figures: their "data as of" and why; '' when fresh."""
        if not self.stale or self.as_of is None:
            return ""
        when = format_moment(self.as_of, lang)
        if self.error is not None:
            return messages.text("sync.stale", lang, when=when, reason=self.error.message(lang))
        return messages.text("sync.late", lang, when=when)

    def no_data(self, lang: str) -> str:
        """Why there is nothing to show yet, and what to do."""
        reason = self.error.message(lang) if self.error is not None else ""
        return messages.text("sync.no-data", lang, reason=reason)


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    return moment.replace(tzinfo=dt.UTC) if moment is not None and moment.tzinfo is None else moment


def latest_good_read(
    history: History,
    spreadsheet: str,
    *,
    interval_s: float = 300.0,
    now: dt.datetime | None = None,
    with_raw: bool = True,
) -> StoredRead:
    """The office's last good read from the store (never Google), with its "data as of" and latest failure;
    without its cells when `with_raw` is false (its `read_id` says which read it is)."""
    source = source_of(spreadsheet)
    now = now or _utc_now()
    with history.engine.connect() as db:
        last = db.execute(
            sa.select(sync_reads)
            .where(sync_reads.c.source == source)
            .order_by(sync_reads.c.id.desc())
            .limit(1)
        ).first()
        good = db.execute(
            sa.select(sync_reads)
            .where((sync_reads.c.source == source) & sync_reads.c.ok)
            .order_by(sync_reads.c.id.desc())
            .limit(1)
        ).first()
        read_id = good.read_id if good is not None else None
        as_of = _aware(good.finished_at) if good is not None else None
        if read_id is None:  # reads recorded before the worker (the app's own, or `history record`)
            read_id = db.execute(
                sa.select(sa.func.max(reads.c.id))
                .join(sources, sources.c.id == reads.c.source_id)
                .where(sources.c.name == source)
            ).scalar()
            if read_id is not None:
                as_of = _aware(
                    db.execute(
                        sa.select(sa.func.max(seen.c.seen_at)).where(seen.c.read_id == read_id)
                    ).scalar()
                ) or _aware(db.execute(sa.select(reads.c.recorded_at).where(reads.c.id == read_id)).scalar())
    error = None
    if last is not None and not last.ok:
        error = SheetsError(
            last.error_code or "sync-failed", json.loads(last.error_params or "{}"), last.detail or ""
        )
    if read_id is None:
        return StoredRead(None, None, error)
    raw = None
    if with_raw:
        stored = history.raw_of(read_id)
        raw = dataclasses.replace(stored, read_at=as_of or stored.read_at)
    latest_try = _aware(last.finished_at) if last is not None else as_of
    late = latest_try is not None and (now - latest_try).total_seconds() > max(
        LATE_MIN_S, LATE_AFTER_INTERVALS * interval_s
    )
    return StoredRead(raw, as_of, error, late, read_id)


def interval_of(settings: Settings) -> float:
    """The worker's `[sync] interval_s`, which says when data is late; the default when it is mistyped
    (that only changes when data is called late, and the worker itself reports the setting)."""
    try:
        return settings.sync.interval_s
    except ValueError:
        return float(DEFAULT_SYNC_INTERVAL_S)


def stored_read(settings: Settings, spreadsheet: str | None = None) -> StoredRead:
    """What an app server in store mode shows of one office (`spreadsheet`, default
    `settings.source.spreadsheet`: the server's own); never raises.

    The store that cannot be opened or read is said as the reason there is no data.
    """
    from sheets import store

    interval = interval_of(settings)
    spreadsheet = spreadsheet or settings.source.spreadsheet
    try:
        history = History(store.url_of(settings.database), source=source_of(spreadsheet))
        return latest_good_read(history, spreadsheet, interval_s=interval)
    except (HistoryError, SheetsError, sa.exc.SQLAlchemyError, OSError) as error:
        log.warning("the history store cannot be read: %s", error)
        reason = error.message_en if isinstance(error, SheetsError) else f"{type(error).__name__}: {error}"
        return StoredRead(None, None, SheetsError.of("sync-failed", detail=reason, reason=reason))
