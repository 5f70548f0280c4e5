"""`python -m sheets sync`: the sync worker from the command line.

    python -m sheets sync            read every office every [sync] interval_s, until stopped
    python -m sheets sync --once     read every office once (as fast as the quota allows), then stop
    python -m sheets sync --health   exit 0 when every office was read recently (a health check)

The offices are `[province] offices` (or the file `[province] offices_file` / PULIH_OFFICES_FILE
names), else the one `[sheets] spreadsheet`; the store is `[database] url` / PULIH_DATABASE_URL.
Exit codes: 0 every office read, 1 some office failed (its last good read stays in use), 2 a
configuration problem (no office, a bad office list or kecamatan file, an unreachable store).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import signal
import sys
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_sync_arguments(subparsers: Any) -> None:
    """Add `sync` to an argparse subparsers object."""
    parser = subparsers.add_parser("sync", help="read every office's spreadsheet into the history store")
    parser.add_argument("--once", action="store_true", help="read every office once, then stop")
    parser.add_argument(
        "--health",
        action="store_true",
        help="exit 0 when every office was read (good or failed) within three intervals",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object (with --once)")
    parser.set_defaults(handler=run_sync)


def _worker():
    from sheets.cli_common import UsageError
    from sheets.gsheets import SheetsError
    from sheets.history import HistoryError
    from sheets.settings import Settings, SettingsError
    from sheets.sync import Worker

    settings = Settings.from_files()
    try:
        return settings, Worker.from_settings(settings)
    except SheetsError as error:
        raise UsageError(f"{error.message_id} / {error.message_en}") from error
    except SettingsError as error:
        raise UsageError(str(error)) from error
    except HistoryError as error:
        raise UsageError(
            f"penyimpanan riwayat tidak dapat dibuka / the history store cannot be opened: {error}"
        ) from error


def run_sync(args: argparse.Namespace) -> int:
    from sheets.cli_common import emit as _emit
    from sheets.cli_common import to_json as _json

    _settings, worker = _worker()
    if args.health:
        return _health(worker)
    if args.once:
        results = worker.sync_once()
        if args.json:
            _emit(
                _json(
                    {
                        "offices": [
                            {
                                "office": r.office,
                                "ok": r.ok,
                                "read_id": r.read_id,
                                "changed": r.changed,
                                "requests": r.requests,
                                "error": r.error.code if r.error else None,
                            }
                            for r in results
                        ]
                    }
                )
            )
        else:
            _emit(
                "\n".join(
                    f"{r.office}: "
                    + (
                        f"dibaca / read ({'berubah / changed' if r.changed else 'tetap / unchanged'}, "
                        f"{r.requests} req)"
                        if r.ok
                        else f"GAGAL / FAILED: {r.error.message_id} / {r.error.message_en}"
                    )
                    for r in results
                )
            )
        return EXIT_OK if all(r.ok for r in results) else EXIT_FAILED
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(EXIT_OK))  # `docker stop`, `systemctl stop`
    from sheets.sync import log

    log.info(
        "sync: %d offices every %g s, at most %d requests a minute",
        len(worker.offices),
        worker.interval_s,
        worker.pacer.per_minute,
    )
    try:
        worker.run()
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def _health(worker) -> int:
    """0 when every office has a log line (good or failed) newer than the app's "late" limit."""
    import sqlalchemy as sa

    from sheets.store import sync_reads
    from sheets.sync import LATE_AFTER_INTERVALS, LATE_MIN_S, source_of

    limit = dt.datetime.now(dt.UTC) - dt.timedelta(
        seconds=max(LATE_MIN_S, LATE_AFTER_INTERVALS * worker.interval_s)
    )
    with worker.history.engine.connect() as db:
        latest = dict(
            db.execute(
                sa.select(sync_reads.c.source, sa.func.max(sync_reads.c.finished_at)).group_by(
                    sync_reads.c.source
                )
            ).all()
        )
    late = []
    for office in worker.offices:
        when = latest.get(source_of(office.spreadsheet))
        if when is not None and when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        if when is None or when < limit:
            late.append(office.code)
    if late:
        print(f"pulih: belum dibaca / not read recently: {', '.join(late)}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK
