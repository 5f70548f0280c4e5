"""`python -m sheets digest`: the monthly one-page digest for leadership, as a PDF by e-mail.

    python -m sheets digest SOURCE --to ADDRESS [--to ADDRESS ...] [--pdf FILE] [--lang id|en]

The read is recorded in the history store first (as `history record` does), so the digest's
lost rows and issues are those of this read; then it is compared with the read of about a
month ago (`sheets.digest`). The e-mail goes through `[email]` of the secrets file. `--pdf`
also (or only, without `--to`) writes the PDF to a file.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

EXIT_OK = 0


def add_digest_arguments(subparsers: Any, add_source) -> None:
    """Add the `digest` subcommand; `add_source` adds the shared source options (SOURCE, --demo, ...)."""
    parser = subparsers.add_parser("digest", help="e-mail leadership the monthly one-page digest (PDF)")
    add_source(parser)
    parser.add_argument(
        "--to", action="append", default=[], metavar="ADDRESS", help="a recipient (repeat for several)"
    )
    parser.add_argument("--pdf", default=None, metavar="FILE", help="also write the PDF to FILE")
    parser.add_argument(
        "--lang", default="id", choices=("id", "en"), help="the digest's language (default id)"
    )
    parser.set_defaults(handler=run_digest)


def _warn(text: str) -> None:
    try:
        print(f"pulih: {text}", file=sys.stderr)
    except BrokenPipeError:
        pass


def run_digest(args: argparse.Namespace) -> int:
    from sheets import digest as digests
    from sheets import messages, metrics
    from sheets.cli_common import UsageError, load_source, office_naming, source_office, validate_source
    from sheets.cli_common import emit as _emit
    from sheets.cli_common import to_json as _json
    from sheets.cli_common import today_of as _today
    from sheets.history import HistoryError
    from sheets.offices import districts_of
    from sheets.settings import Settings, SettingsError

    if not args.to and not args.pdf:
        raise UsageError("sebutkan --to ALAMAT atau --pdf BERKAS / give --to ADDRESS or --pdf FILE")
    if any("@" not in address for address in args.to):
        bad = next(a for a in args.to if "@" not in a)
        raise UsageError(f"bukan alamat e-mail / not an e-mail address: {bad!r}")
    settings = Settings.from_files()
    try:
        keep_days = settings.database.keep_days  # the history's retention, applied when recording
        if args.to:
            settings.email.check()  # before reading anything: a missing [email] costs no read
    except SettingsError as error:
        raise UsageError(str(error)) from error
    today = _today(args)
    raw = load_source(args)
    report = validate_source(args, raw, today)
    history = None
    try:
        from sheets.cli_history import _history

        history = _history(bool(args.demo))
        figures = metrics.summary(metrics.Dataset.from_report(report), today)
        # Recorded as `history record` records it, retention ([database] keep_days) included.
        history.record_kept(
            raw,
            report,
            {
                "as_of": today.isoformat(),
                "known": figures["known"],
                "rehabilitated": figures["rehabilitated"],
            },
            keep_days=keep_days,
        )
    except (UsageError, HistoryError) as error:
        history = None
        _warn(
            f"riwayat tidak tersedia, ringkasan tanpa perbandingan / no history, the digest compares nothing: "
            f"{error}"
        )
    made = digests.build(
        report,
        today,
        history,
        office=office_naming(args)[0],
        districts=districts_of(source_office(args)),
    )
    kind = "demo" if args.demo else "sheets" if args.sheet else "file"
    source = messages.text("source.demo" if kind == "demo" else f"public.source.{kind}", args.lang)
    pdf = digests.to_pdf(made, args.lang, source)
    if args.pdf:
        try:
            with open(args.pdf, "wb") as handle:
                handle.write(pdf)
        except OSError as error:
            raise UsageError(f"tidak dapat menulis / cannot write {args.pdf}: {error}") from error
    if args.to:
        message = digests.to_message(made, pdf, settings.email.sender, args.to, args.lang)
        try:
            digests.send(message, settings.email)
        except digests.DigestError as error:
            raise UsageError(f"e-mail tidak terkirim / the e-mail was not sent: {error}") from error
    if args.json:
        _emit(
            _json(
                {
                    "as_of": made.now.as_of.isoformat(),
                    "sent_to": args.to,
                    "pdf": args.pdf,
                    "compared_with": made.since.as_of.isoformat() if made.since else None,
                }
            )
        )
    else:
        _emit(
            f"Ringkasan per {made.now.as_of.isoformat()}: "
            + (f"terkirim ke / sent to {len(args.to)} alamat/addresses" if args.to else "")
            + (f"; ditulis / written: {args.pdf}" if args.pdf else "")
        )
    return EXIT_OK
