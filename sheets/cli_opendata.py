"""`python -m sheets opendata`: the public release as open-data tables (CSV and metadata) in a folder.

    python -m sheets opendata SOURCE --out DIR [--as-of DATE] [--k K] [--release-day N]
    python -m sheets opendata --publication LABEL --out DIR [--demo] [--office CODE]

The tables hold exactly the cells `python -m sheets public SOURCE --json` prints (the current
release, or the figures as of `--as-of`); with `--publication`, those of a frozen publication
from the history store, as the public page shows it.
"""

from __future__ import annotations

import argparse
from typing import Any

EXIT_OK = 0


def add_opendata_arguments(subparsers: Any, add_source) -> None:
    """Add the `opendata` subcommand; `add_source` adds the shared source options (SOURCE, --demo, ...)."""
    parser = subparsers.add_parser(
        "opendata", help="write the public figures as open-data CSV tables with metadata"
    )
    add_source(parser)
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write the tables into")
    parser.add_argument(
        "--k",
        default=None,
        metavar="K",
        help="suppression threshold: counts from 1 to K-1 are hidden (default 10, at least 5)",
    )
    parser.add_argument(
        "--release-day",
        default=None,
        metavar="N",
        help="day of the month public figures are released (default 1)",
    )
    parser.add_argument(
        "--publication",
        default=None,
        metavar="LABEL",
        help="a frozen publication from the history store instead of SOURCE",
    )
    parser.set_defaults(handler=run_opendata)


def run_opendata(args: argparse.Namespace) -> int:
    from sheets import opendata
    from sheets.cli_common import UsageError
    from sheets.cli_common import emit as _emit
    from sheets.cli_common import to_json as _json
    from sheets.settings import Settings

    if args.publication:
        from sheets.cli_history import find_publication

        published = find_publication(bool(args.demo), args.publication, args.office).release
    else:
        from sheets.cli_public import public_release

        published = public_release(args)[0].to_json()
    found_tables = opendata.tables(published, contact=Settings.from_files().office.contact)
    try:
        written = opendata.write(found_tables, args.out)
    except OSError as error:
        raise UsageError(f"tidak dapat menulis / cannot write {args.out}: {error}") from error
    if args.json:
        _emit(_json({"as_of": published["as_of"], "k": published["k"], "files": [str(p) for p in written]}))
    else:
        _emit(
            f"Ditulis / written: {len(found_tables)} tabel/tables (per {published['as_of']}, k = {published['k']}) "
            f"-> {args.out}"
        )
    return EXIT_OK
