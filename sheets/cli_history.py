"""`python -m sheets history ...`: the history store from the command line.

    python -m sheets history record SOURCE [--as-of DATE]   record one read
    python -m sheets history lost [--json] [--demo] [--office CODE]   rows present in an earlier read, absent from the latest
    python -m sheets publish SOURCE --label LABEL [--json]            freeze the public figures under a label
    python -m sheets publication LABEL [--json] [--office CODE]       a frozen publication's public figures

The store is `PULIH_DATABASE_URL` when set (PostgreSQL or SQLite), else the embedded SQLite file
in the app's data directory (the demo's own file for `--demo`). In a store several offices share
(`[province] offices`), `--office` names whose rows and publications are meant (a Kemendagri code
such as 32.12); each office publishes its own labels.
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
    lost.add_argument("--office", default=None, metavar="CODE", help=OFFICE_HELP)
    lost.set_defaults(handler=run_lost)


OFFICE_HELP = "the office whose reads are meant, by Kemendagri code (e.g. 32.12), in a store offices share"


def _history(demo: bool, office: str | None = None):
    from sheets import store
    from sheets.cli_common import UsageError
    from sheets.history import History, HistoryError
    from sheets.settings import Settings

    settings = Settings.from_files()
    source = _office_source(office) if office else None
    try:
        # The store the app uses: PULIH_DATABASE_URL, else `[database] url` of the secrets files.
        return History(store.url_of(settings.database, demo=demo), source=source)
    except HistoryError as error:
        raise UsageError(
            f"penyimpanan riwayat tidak dapat dibuka / the history store cannot be opened: {error}"
        ) from error


def run_record(args: argparse.Namespace) -> int:
    from sheets import metrics
    from sheets.cli_common import UsageError, emit, load_source, to_json, today_of, validate_source
    from sheets.history import HistoryError
    from sheets.settings import Settings

    today = today_of(args)
    raw = load_source(args)
    report = validate_source(args, raw, today)
    figures = metrics.summary(metrics.Dataset.from_report(report), today)
    history = _history(bool(args.demo))
    try:
        done = history.record_kept(
            raw,
            report,
            {
                "as_of": today.isoformat(),
                "known": figures["known"],
                "rehabilitated": figures["rehabilitated"],
            },
            keep_days=Settings.from_files().database.keep_days,  # PULIH_HISTORY_KEEP_DAYS, else [database]
        )
    except HistoryError as error:
        raise UsageError(f"riwayat tidak dapat ditulis / the history cannot be written: {error}") from error
    output = {
        "read_id": done.read_id,
        "changed": done.changed,
        "lost": len(done.lost),
        "back": done.back,
        "alerts": [
            {
                "kind": a.kind,
                "tab": a.tab,
                "column": a.column,
                "changed": a.changed,
                "of_rows": a.of_rows,
                "detail": a.detail,
            }
            for a in done.alerts
        ],
    }
    if args.json:
        emit(to_json(output))
    else:
        state = "baru / new" if done.changed else "tidak berubah / unchanged"
        lines = [
            (
                f"Bacaan {done.read_id} dicatat ({state}); baris hilang / rows lost: {len(done.lost)}, "
                f"kembali / back: {done.back}"
            )
        ]
        lines += [
            f"  ! {a.tab} / {a.column}: {a.changed} dari/of {a.of_rows} ({a.detail})" for a in done.alerts
        ]
        emit("\n".join(lines))
    return EXIT_OK


def _office_source(code: str) -> str:
    """The history store's name of office `code`'s reads; UsageError for a code not in the office list."""
    from sheets.cli_common import UsageError, source_office
    from sheets.sync import source_of

    found = source_office(argparse.Namespace(office=code))
    if found is None:  # no office list: nothing to choose from
        raise UsageError(
            f"tidak ada daftar kantor / no office list ([province] offices) for --office {code!r}"
        )
    return source_of(found.spreadsheet)


def run_lost(args: argparse.Namespace) -> int:
    from sheets.cli_common import emit, to_json

    found = _history(bool(args.demo), args.office).lost_rows()
    rows = [
        {
            "tab": r.tab,
            "key": r.key,
            "row": r.row_number,
            "last_seen": _iso(r.last_seen_at),
            "lost_at": _iso(r.lost_at),
            "values": {k: _plain(v) for k, v in r.values().items()},
        }
        for r in found
    ]
    if args.json:
        emit(to_json({"lost": rows}))
    elif not rows:
        emit("Tidak ada baris yang hilang / no rows lost.")
    else:
        emit(
            "\n".join(
                [f"{len(rows)} baris hilang / rows lost:"]
                + [
                    f"  {r['tab']} {r['key']} (baris/row {r['row']}, terakhir terlihat/last seen {r['last_seen']})"
                    for r in rows
                ]
            )
        )
    return EXIT_LOST if rows else EXIT_OK


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def add_publication_arguments(subparsers: Any, add_source) -> None:
    """Add `publish` (freeze the public figures under a label) and `publication` (show a frozen one)."""
    publish = subparsers.add_parser("publish", help="freeze the public figures under a label (e.g. 2026-11)")
    add_source(publish)
    publish.add_argument(
        "--label", required=True, help="the publication's name, e.g. 2026-11 or a consultation"
    )
    publish.add_argument(
        "--k", default=None, metavar="K", help="suppression threshold (default 10, at least 5)"
    )
    publish.add_argument("--by", default=None, help="who publishes (default: the system user)")
    publish.set_defaults(handler=run_publish)
    shown = subparsers.add_parser("publication", help="print a frozen publication's public figures")
    shown.add_argument("label", help="the publication's label")
    shown.add_argument("--json", action="store_true", help="print one JSON object")
    shown.add_argument("--demo", action="store_true", help="the demo's own store")
    shown.add_argument("--office", default=None, metavar="CODE", help=OFFICE_HELP)
    shown.set_defaults(handler=run_publication)


def _publication_json(found) -> dict:
    return {
        "label": found.label,
        "as_of": found.as_of.isoformat(),
        "k": found.k,
        "created_at": _iso(found.created_at),
        "created_by": found.created_by,
        "content_hash": found.content_hash,
        "release": found.release,
    }


def run_publish(args: argparse.Namespace) -> int:
    import getpass

    from sheets import metrics, release
    from sheets.cli_common import (
        UsageError,
        emit,
        load_source,
        office_naming,
        to_json,
        today_of,
        validate_source,
    )
    from sheets.cli_public import format_public
    from sheets.history import HistoryError, PublicationExists

    try:
        k = release.check_k(args.k if args.k is not None else release.DEFAULT_K)
    except ValueError as error:
        raise UsageError(str(error)) from error
    today = today_of(argparse.Namespace())  # the rules run on today; --as-of only picks the figures' date
    as_of = args.as_of or release.release_as_of(today)
    raw = load_source(args)
    report = validate_source(args, raw, today)
    dataset = metrics.Dataset.from_report(report)
    office, code = office_naming(args)
    history = _history(bool(args.demo))
    try:
        read = history.record(raw, report)
        frozen = history.publish(
            args.label,
            read.read_id,
            release.build_release(
                dataset, as_of, k, history.latest_cells(read.read_id), office=office, office_code=code
            ),
            args.by or getpass.getuser(),
        )
    except PublicationExists as error:
        raise UsageError(f"label sudah dipakai / label already published: {args.label}") from error
    except HistoryError as error:
        raise UsageError(f"riwayat tidak dapat ditulis / the history cannot be written: {error}") from error
    emit(
        to_json(_publication_json(frozen))
        if args.json
        else f"Diterbitkan / published: {frozen.label}\n" + format_public(frozen.release)
    )
    return EXIT_OK


def find_publication(demo: bool, label: str, office: str | None):
    """The publication `label` of `office` (a Kemendagri code); UsageError when there is none, or when
    no office is given and several offices sharing the store published that label."""
    from sheets.cli_common import UsageError

    history = _history(demo, office)
    if office is None:
        listed = history.publications()
        if listed.loc[listed["label"] == label.strip(), "source"].nunique() > 1:
            raise UsageError(
                f"label {label!r} diterbitkan oleh beberapa kantor, sebutkan --office KODE / "
                f"published by several offices, give --office CODE"
            )
    found = history.publication(label)
    if found is None:
        raise UsageError(f"tidak ada terbitan / no publication labelled {label!r}")
    return found


def run_publication(args: argparse.Namespace) -> int:
    from sheets.cli_common import emit, to_json
    from sheets.cli_public import format_public

    found = find_publication(bool(args.demo), args.label, args.office)
    emit(
        to_json(_publication_json(found))
        if args.json
        else f"Terbitan / publication {found.label} ({_iso(found.created_at)}, {found.created_by})\n"
        + format_public(found.release)
    )
    return EXIT_OK
