"""`python -m sheets history ...`: the history store from the command line.

    python -m sheets history record SOURCE [--as-of DATE]   record one read
    python -m sheets history lost [--json] [--demo]         rows present in an earlier read, absent from the latest

The store is `PULIH_DATABASE_URL` when set (PostgreSQL or SQLite), else the embedded SQLite file
in the app's data directory (the demo's own file for `--demo`).
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

EXIT_OK, EXIT_LOST = 0, 1


def add_history_arguments(subparsers: Any, add_source) -> None:
    """Add `history record` and `history lost` to an argparse subparsers object."""
    parser = subparsers.add_parser("history", help="record reads and list rows lost from the sheet")
    commands = parser.add_subparsers(dest="history_command", required=True)
    record = commands.add_parser("record", help="record one read in the history store")
    add_source(record)
    record.set_defaults(handler=run_record)
    lost = commands.add_parser("lost", help="rows present in an earlier read and absent from the latest")
    lost.add_argument("--json", action="store_true", help="print one JSON object")
    lost.add_argument("--demo", action="store_true", help="the demo's own store")
    lost.set_defaults(handler=run_lost)


def _history(demo: bool):
    from sheets import store
    from sheets.cli import UsageError
    from sheets.history import History, HistoryError

    try:
        return History(store.database_url(demo=demo))
    except HistoryError as error:
        raise UsageError(f"penyimpanan riwayat tidak dapat dibuka / the history store cannot be opened: "
                         f"{error}") from error


def run_record(args: argparse.Namespace) -> int:
    from sheets import metrics
    from sheets.cli import UsageError, _emit, _json, _today, load_source
    from sheets.history import HistoryError
    from sheets.validate import validate

    today = _today(args)
    raw = load_source(args)
    report = validate(raw, today)
    figures = metrics.summary(metrics.Dataset.from_report(report), today)
    history = _history(bool(args.demo))
    try:
        done = history.record(raw, report, {"as_of": today.isoformat(), "known": figures["known"],
                                            "rehabilitated": figures["rehabilitated"]})
    except HistoryError as error:
        raise UsageError(f"riwayat tidak dapat ditulis / the history cannot be written: {error}") from error
    output = {"read_id": done.read_id, "changed": done.changed, "lost": len(done.lost), "back": done.back,
              "alerts": [{"kind": a.kind, "tab": a.tab, "column": a.column, "changed": a.changed,
                          "of_rows": a.of_rows, "detail": a.detail} for a in done.alerts]}
    if args.json:
        _emit(_json(output))
    else:
        state = "baru / new" if done.changed else "tidak berubah / unchanged"
        lines = [f"Bacaan {done.read_id} dicatat ({state}); baris hilang / rows lost: {len(done.lost)}, "
                 f"kembali / back: {done.back}"]
        lines += [f"  ! {a.tab} / {a.column}: {a.changed} dari/of {a.of_rows} ({a.detail})" for a in done.alerts]
        _emit("\n".join(lines))
    return EXIT_OK


def run_lost(args: argparse.Namespace) -> int:
    from sheets.cli import _emit, _json

    found = _history(bool(args.demo)).lost_rows()
    rows = [{"tab": r.tab, "key": r.key, "row": r.row_number, "last_seen": _iso(r.last_seen_at),
             "lost_at": _iso(r.lost_at), "values": {k: _plain(v) for k, v in r.values().items()}} for r in found]
    if args.json:
        _emit(_json({"lost": rows}))
    elif not rows:
        _emit("Tidak ada baris yang hilang / no rows lost.")
    else:
        _emit("\n".join([f"{len(rows)} baris hilang / rows lost:"] + [
            f"  {r['tab']} {r['key']} (baris/row {r['row']}, terakhir terlihat/last seen {r['last_seen']})"
            for r in rows]))
    return EXIT_LOST if rows else EXIT_OK


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value
