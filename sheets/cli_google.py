"""The Google Sheets commands of `python -m sheets`: `setup` and `publish-issues`.

`sheets.cli` adds them with `add_google_arguments` and runs `args.handler(args)`;
both read the key and options from the PULIH_* environment variables
(`SheetsConfig.from_env`), the spreadsheet from the command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from sheets import clock
from sheets.gsheets import SheetsConfig, SheetsError, read_spreadsheet

EXIT_OK, EXIT_FAILED = 0, 2


def config_for_sheet(ref: str) -> SheetsConfig:
    """The configuration for spreadsheet `ref` (URL or ID): the PULIH_* environment, `ref` winning."""
    return SheetsConfig.from_env(spreadsheet=ref)


def add_google_arguments(subparsers: Any) -> None:
    """Add the `setup` and `publish-issues` subcommands to an argparse subparsers object."""
    setup = subparsers.add_parser(
        "setup", help="make a Google Sheets spreadsheet ready for staff (tabs, headers, dropdowns, formats)"
    )
    setup.add_argument("--spreadsheet", required=True, metavar="URL|ID", help="the main spreadsheet")
    setup.add_argument("--dry-run", action="store_true", help="only list what would change")
    setup.set_defaults(handler=run_setup)
    publish = subparsers.add_parser(
        "publish-issues", help="validate a spreadsheet and write its issues into its 'Masalah Data' tab"
    )
    publish.add_argument("--sheet", required=True, metavar="URL|ID", help="the main spreadsheet")
    publish.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="fix 'today' for the date rules")
    publish.set_defaults(handler=run_publish)


def _fail(error: SheetsError) -> int:
    print(f"pulih: {error.message_id}\n       {error.message_en}", file=sys.stderr)
    return EXIT_FAILED


def run_setup(args: argparse.Namespace) -> int:
    """`setup`: plan (and unless --dry-run apply) the changes; print each one."""
    # Imported here: setup needs pandas, and `python -m sheets --help` should stay quick.
    from sheets.setup_sheet import apply_setup

    try:
        changes = apply_setup(config_for_sheet(args.spreadsheet), dry_run=args.dry_run)
    except SheetsError as error:
        return _fail(error)
    if not changes:
        print("Spreadsheet sudah siap; tidak ada yang diubah. / The spreadsheet is ready; nothing changed.")
        return EXIT_OK
    verb = "Akan diubah / would change" if args.dry_run else "Diubah / changed"
    print(f"{verb} ({len(changes)}):")
    for change in changes:
        print(f"  - {change}")
    return EXIT_OK


def run_publish(args: argparse.Namespace) -> int:
    """`publish-issues`: read and validate the spreadsheet, then write the issues into `Masalah Data`."""
    from sheets.offices import OfficesError, districts_of, office_for
    from sheets.settings import Settings
    from sheets.setup_sheet import publish_issues
    from sheets.validate import validate

    try:
        today = dt.date.fromisoformat(args.as_of) if args.as_of else clock.today()
    except ValueError:  # a bad --as-of, PULIH_TODAY or time zone
        print(f"pulih: tanggal harus YYYY-MM-DD / date must be YYYY-MM-DD: {args.as_of!r}", file=sys.stderr)
        return EXIT_FAILED
    try:
        # Checked as its office's sheet: the listed office whose spreadsheet it is, with its kecamatan list.
        districts = districts_of(office_for(Settings.from_files(), None, args.sheet))
    except OfficesError as error:
        print(f"pulih: {error}", file=sys.stderr)
        return EXIT_FAILED
    try:
        config = config_for_sheet(args.sheet)
        report = validate(read_spreadsheet(config), today, districts=districts)
        written = publish_issues(config, report.issues)
    except SheetsError as error:
        return _fail(error)
    print(
        f"{written} masalah ditulis ke tab 'Masalah Data' / "
        f"{written} issues written to the 'Masalah Data' tab."
    )
    return EXIT_OK
