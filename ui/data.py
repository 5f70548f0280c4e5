"""Where the figures come from: one cached read, validated once and shared by every session.

The source is derived from the settings (`source_spec`, `ui.config.settings`): a
Google spreadsheet when `[sheets] spreadsheet` is set in `.streamlit/secrets.toml`
(or `PULIH_SHEETS_SPREADSHEET` in the environment), else a local workbook or CSV
folder named by `PULIH_WORKBOOK`, else the embedded demo workbook.

The read is cached with `st.cache_resource`, not `st.cache_data`: every session
gets the same Report and Dataset objects instead of an unpickled copy each, so
fifty viewers cost one read and one copy in memory. Nothing may mutate them.
A failed read is cached too (for the same TTL), so a broken source is not asked
again by every rerun of every viewer.

The TTL (`[sheets] ttl_s`) follows the settings: `st.cache_resource(ttl=...)` takes
a constant fixed at import, so the cache itself has no TTL and `load` expires it:
the server's read gate knows when the last read started, and once that is
`cache.ttl_s` old the next `load` forgets the cached reads (`clear`) and reads
again. Every cache built on a read is keyed by it (`read_at`) and cleared with it.

A good read is recorded in the history store once, but not before the figures are on the
page: the store's first opening in a server (SQLAlchemy's import, a new store's schema) took
0.2 to 0.4 s of a first visit's wait for its first tile. The read carries its `Recording`,
written by the first that needs it: `history` (anyone about to read the store), the
attribute `recorded` or `history_problem`, or `finish_recordings` at the end of the run
that read (app.py), so every read is recorded in the run that made it.

Reading again before the TTL is for the signed-in roles only, never the public, and
rationed (`reload`): at most one read per `reload_interval_s` for the whole server,
however many people press the button how often (Google allows 60 reads a minute per
service account).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from present import i18n
from sheets.metrics import Dataset, Filters
from sheets.raw import RawWorkbook
from sheets.sources import SourceError, read_workbook
from sheets.validate import Report, validate
from ui import access, config

# The environment variables of the source (tests set them; `sheets.settings` reads them).
ENV_WORKBOOK = "PULIH_WORKBOOK"
ENV_SPREADSHEET = "PULIH_SHEETS_SPREADSHEET"
ENV_IDENTITY = "PULIH_IDENTITY_WORKBOOK"

__all__ = [
    "Loaded",
    "SourceError",
    "SourceSpec",
    "clear",
    "filtered",
    "load",
    "load_raw",
    "source_spec",
    "today",
]


def ttl_seconds() -> int:
    """How long one read is shared by every viewer: `[sheets] ttl_s`, PULIH_CACHE_TTL, or 60 s."""
    return config.settings().cache.ttl_s


def reload_interval_s() -> int:
    """The least time between two reads a reload may cause: `[sheets] reload_interval_s`, the env, or 30 s."""
    return config.settings().cache.reload_interval_s


class ReadGate:
    """When the source was last read, for everyone: a reload is honoured only `interval` seconds after it."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._last: float | None = None

    def note_read(self) -> None:
        """A read is starting (cache miss: the TTL ran out, or a reload was honoured)."""
        with self._lock:
            self._last = self.clock()

    def expire(self, ttl: float, forget: Callable[[], None]) -> None:
        """`forget()` the cached read once the last read started `ttl` seconds ago (once, for everyone)."""
        with self._lock:
            due = self._last is not None and self.clock() - self._last >= ttl
            if due:
                self._last = None  # the next read notes its own start
        if due:  # outside the lock: `forget` takes the identity cache's lock, which a read may hold
            forget()

    def try_reload(self, interval: float, forget: Callable[[], None]) -> float:
        """`forget()` the cached read and return 0 when allowed; else the seconds still to wait."""
        with self._lock:
            now = self.clock()
            wait = 0.0 if self._last is None else self._last + interval - now
            if wait > 0:
                return wait
            self._last = now  # presses until the read starts are refused too
        # Outside the lock, as in `expire`: `forget` takes the identity cache's lock, which a read
        # holding it may be waiting to pass this gate with (two locks taken in opposite orders).
        forget()
        return 0.0


_gate = ReadGate()


def gate() -> ReadGate:
    """The server's one read gate."""
    return _gate


@dataclass(frozen=True)
class SourceSpec:
    """What to read: `demo`, `file` (a workbook/CSV folder) or `sheets` (a spreadsheet id or URL)."""

    kind: str
    location: str = ""

    def label(self, lang: str) -> str:
        """How the sidebar names the source."""
        if self.kind == "demo":
            return i18n.t("source.demo", lang)
        if self.kind == "sheets":
            return "Google Sheets"
        return Path(self.location).name or self.location


class Recording:
    """One good read's entry in the history store: written once, by the first that asks (thread-safe)."""

    def __init__(self, write: Callable[[], tuple[Any, str]]) -> None:
        self._write = write
        self._lock = threading.Lock()
        self._result: tuple[Any, str] | None = None
        with _pending_lock:
            _pending.append(self)

    @property
    def done(self) -> bool:
        return self._result is not None

    def result(self) -> tuple[Any, str]:
        """(what recording did, "") or (None, why not); writes it on the first call."""
        if self._result is None:
            with self._lock:
                if self._result is None:
                    self._result = self._write()
                    with _pending_lock:
                        _pending.remove(self)
        return self._result


_pending: list[Recording] = []  # recordings not written yet, oldest first
_pending_lock = threading.Lock()


def recording_pending() -> bool:
    """Whether a read is still to be recorded in the history store (only in the run that read)."""
    return bool(_pending)


def finish_recordings() -> None:
    """Write every recording still pending (the end of a run, and before the store is read)."""
    with _pending_lock:
        waiting = list(_pending)
    for recording in waiting:
        recording.result()


@dataclass(frozen=True)
class Loaded:
    """One read: the report and dataset (None when nothing could be read), and how fresh they are."""

    report: Report | None
    dataset: Dataset | None
    read_at: dt.datetime | None = None
    stale: bool = False  # served from the last good snapshot because the live read failed
    # The stale-data banner, or why there is no data, in a language: said by the data layer's own
    # renderer (an error's `message`, `sheets.live.stale_banner`, ...) when the page shows it.
    said: Callable[[str], str] | None = None
    snapshot_problem: str = ""  # why this good read could not be kept on disk (shown to staff)
    recording: Recording | None = None  # its entry in the history store (None: a read not recorded)

    @property
    def recorded(self) -> Any:
        """What recording it did (`sheets.history.Recorded`), None when not recorded; written if pending."""
        return self.recording.result()[0] if self.recording is not None else None

    @property
    def history_problem(self) -> str:
        """Why this good read could not be recorded in the history (shown to staff); written if pending."""
        return self.recording.result()[1] if self.recording is not None else ""

    @property
    def has_data(self) -> bool:
        return self.report is not None

    def problem(self, lang: str) -> str:
        return self.said(lang) if self.said is not None else ""


def source_spec() -> SourceSpec:
    """The configured source: Google Sheets, else a local file/folder, else the demo."""
    if access.switching():  # store mode, several offices: the office this session shows
        return SourceSpec("sheets", access.current_office().spreadsheet)
    source = config.settings().source
    return SourceSpec(source.kind, source.location)


def sheets_config(spec: SourceSpec):
    """The Google Sheets configuration of `spec`'s office: secrets.toml when it has a [sheets] spreadsheet,
    else the environment; another listed office's own spreadsheets (identity, write-back) in store mode."""
    from sheets.gsheets import SheetsConfig  # gspread is only imported when a spreadsheet is configured

    settings = config.settings()
    other = (
        settings.office_sheets.get(spec.location) if spec.location != settings.source.spreadsheet else None
    )
    return SheetsConfig.from_settings(other or settings.sheets)


def today() -> dt.date:
    """Today's date in the office ([office] timezone, PULIH_TIMEZONE; Asia/Jakarta), as the CLI and demo see it."""
    from sheets import clock

    try:
        return clock.today_of(config.settings().office)
    except clock.ClockError:  # a mistyped setting must not take every page down: the default zone's today
        return clock.today({}, {})


def load_raw(spec: SourceSpec, as_of_today: dt.date) -> RawWorkbook:
    """Read the raw rows of a local `spec`; raises SourceError with a one-line reason when it cannot."""
    if spec.kind == "demo":
        from sheets.demo import build_demo  # the demo generator is only needed without a real source

        # The demo is "read" when it is built; its own timestamp is fixed for reproducibility.
        return dataclasses.replace(build_demo(as_of_today), read_at=dt.datetime.now(dt.UTC))
    if spec.kind == "file":
        return read_workbook(spec.location)
    raise ValueError(f"unknown source kind {spec.kind!r}")


def history_url(spec: SourceSpec, database: Any = None) -> str:
    """The history store of `spec`'s reads (`[database] url`, PULIH_DATABASE_URL; the demo's own file)."""
    from sheets import store

    return store.url_of(database or config.settings().database, demo=spec.kind == "demo")


def history(spec: SourceSpec | None = None):
    """The history store of `spec`'s reads (default: the configured source); HistoryError when it cannot open.

    A read still to be recorded is recorded first: whoever reads the store sees the current read.
    """
    finish_recordings()
    return _store(spec)


def _store(spec: SourceSpec | None = None, database: Any = None):
    from sheets.history import History

    spec = spec or source_spec()
    if spec.kind == "sheets":  # a store several offices share shows this office's reads only
        from sheets.sync import source_of

        return History(history_url(spec, database), source=source_of(spec.location))
    return History(history_url(spec, database))


def office_districts() -> tuple[tuple[str, str], ...] | None:
    """The kecamatan list of the office this session shows (None: Indramayu's shipped one); OfficesError."""
    from sheets.offices import current_office, districts_of

    settings = config.settings()
    if not settings.province.configured:
        return None
    # In store mode with several offices each session shows its own choice, not the server's office.
    return districts_of(access.current_office() if access.switching() else current_office(settings))


def _validated(
    raw: RawWorkbook, as_of_today: dt.date, spec: SourceSpec | None = None, **freshness: Any
) -> Loaded:
    from sheets.offices import OfficesError

    try:
        districts = office_districts()
    except OfficesError as error:  # the office's kecamatan CSV is broken: say so, never guess Indramayu's
        return Loaded(None, None, said=error.message)
    report = validate(raw, as_of_today, districts=districts)
    dataset = Dataset.from_report(report)
    recording = None
    if spec is not None and not freshness.get("stale"):  # a snapshot served again is not a new read
        # The store is the one configured now, even if it is written after the settings change.
        database = config.settings().database
        recording = Recording(functools.partial(record, spec, raw, report, dataset, as_of_today, database))
    return Loaded(report, dataset, read_at=raw.read_at, recording=recording, **freshness)


def record(
    spec: SourceSpec,
    raw: RawWorkbook,
    report: Report,
    dataset: Dataset,
    as_of_today: dt.date,
    database: Any = None,
) -> tuple[Any, str]:
    """Keep one good read in the history store: (what it did, "") or (None, why not).

    `database` is the `[database]` settings of when the read was made (default: the current ones).
    Never raises: a store that cannot be written costs the office its history of this read,
    not the dashboard (staff see the reason).
    """
    database = database or config.settings().database
    from sheets import metrics

    try:
        figures = {
            "as_of": as_of_today.isoformat(),
            "known": metrics.known(dataset, as_of_today),
            "rehabilitated": metrics.rehabilitated(dataset, as_of_today),
        }
        # A new read forgets those past the retention ([database] keep_days), as every recorder does.
        done = _store(spec, database).record_kept(raw, report, figures, keep_days=database.keep_days)
        return done, ""
    except Exception as error:  # noqa: BLE001 - any store, driver or disk failure becomes the notice
        return None, str(error) or type(error).__name__


def read(spec: SourceSpec, as_of_today: dt.date) -> Loaded:
    """Read and validate `spec` (uncached); a failure becomes a Loaded without data, never an exception."""
    _gate.note_read()
    if spec.kind == "sheets" and config.settings().sync.read_from_store:
        # Store mode: the sync worker reads Google; this server reads only its office's last good read.
        from sheets.sync import stored_read

        found = stored_read(config.settings(), spec.location)
        if found.raw is None:
            return Loaded(None, None, said=found.no_data)
        return _validated(
            found.raw,
            as_of_today,
            None,
            stale=found.stale,
            said=found.banner,
        )
    if spec.kind == "sheets":
        from sheets.live import load_live, no_data_message, stale_banner

        try:
            result = load_live(sheets_config(spec))
        except Exception as error:  # noqa: BLE001 - a configuration fault (bad key file, bad reference)
            said = getattr(error, "message", None)  # a SheetsError or SettingsError says it in each language
            return Loaded(None, None, said=said if callable(said) else _always(str(error)))
        if result.raw is None:
            return Loaded(None, None, said=functools.partial(no_data_message, result))
        # The banner over stale figures is the data layer's own sentence (time and reason).
        return _validated(
            result.raw,
            as_of_today,
            spec,
            stale=result.stale,
            snapshot_problem=result.snapshot_problem,
            said=functools.partial(stale_banner, result),
        )
    try:
        return _validated(load_raw(spec, as_of_today), as_of_today, spec)
    except SourceError as error:
        return Loaded(None, None, said=error.message)


def _always(text: str) -> Callable[[str], str]:
    """What a fault without a catalogued message said (its own text, the same in every language)."""
    return lambda lang: text


# One entry per office a server shows (27 in Jawa Barat), and a few dates around midnight.
@st.cache_resource(max_entries=64, show_spinner="Membaca data… / Reading data…")
def _load(spec: SourceSpec, as_of_today: dt.date) -> Loaded:
    return read(spec, as_of_today)


def load(spec: SourceSpec, as_of_today: dt.date) -> Loaded:
    """The shared read of `spec`: one per TTL for all sessions (the date keys the demo and date rules)."""
    _gate.expire(ttl_seconds(), clear)
    return _load(spec, as_of_today)


@st.cache_resource(max_entries=128, show_spinner=False)
def filtered(
    spec: SourceSpec,
    as_of_today: dt.date,
    read_at: dt.datetime | None,
    filters: Filters,
    _dataset: Dataset | None = None,
) -> Dataset:
    """The dataset seen through `filters`, shared per filter choice (`read_at` ties it to one read).

    `_dataset` (left out of the key) is that read's whole dataset, for a caller that holds it
    and must not read (`ui.prefetch`); else it is `load`'s.
    """
    dataset = _dataset if _dataset is not None else load(spec, as_of_today).dataset
    assert dataset is not None, "filtered() is only called when the read has data"
    return dataset.filtered(filters)


def reload() -> float:
    """Forget the cached reads if the last read is `reload_interval_s` old; else the seconds to wait.

    Never for the public (the sidebar offers it to no one else); `clear` is the unconditional form.
    """
    return _gate.try_reload(reload_interval_s(), clear)


# What else is built on a read and must be forgotten with it (`ui.memo`, `ui.identity`): each of
# those modules registers its own `clear` here when it is imported, so this module imports none of
# them (they import it) and the arrows point one way.
_built_on_reads: dict[str, Callable[[], None]] = {}


def forget_with_reads(name: str, forget: Callable[[], None]) -> None:
    """Have `clear` call `forget` too (once per `name`: a module imported again replaces its entry)."""
    _built_on_reads[name] = forget


def clear() -> None:
    """Forget the cached reads and everything built on them, so the next run reads the source again."""
    _load.clear()
    filtered.clear()
    for forget in list(_built_on_reads.values()):
        forget()
