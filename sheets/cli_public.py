"""`python -m sheets public`: exactly what the public page and its exports publish, for anyone to audit.

    python -m sheets public SOURCE --json [--as-of DATE] [--k K] [--release-day N]

Without `--as-of` the figures are those of the current release (the day before the latest
release point, the end of the previous month by default), as the public page shows them;
with it, the figures as of that date (and "today" for the date rules, as `summary` does).
Hidden cells appear as published: `<k` for a small count, `*` for a cell hidden to protect one.
"""

from __future__ import annotations

import argparse
from typing import Any

EXIT_OK = 0


def add_public_arguments(subparsers: Any, add_source) -> None:
    """Add the `public` subcommand; `add_source` adds the shared source options (SOURCE, --demo, ...)."""
    parser = subparsers.add_parser(
        "public", help="print the suppressed public figures (what the public sees)"
    )
    add_source(parser)
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
    parser.set_defaults(handler=run_public)


def run_public(args: argparse.Namespace) -> int:
    from sheets import release
    from sheets.cli_common import emit, to_json

    published, today, day = public_release(args)
    output = published.to_json()
    if args.as_of is None:
        output["release"] = {
            "day": day,
            "as_of": published.as_of.isoformat(),
            "next": release.next_release(today, day).isoformat(),
        }
    emit(to_json(output) if args.json else format_public(output))
    return EXIT_OK


def public_release(args: argparse.Namespace):
    """The release `public` prints (and `opendata` writes): SOURCE's figures as of `--as-of`, else the
    current release, with `--k` and `--release-day`; with the date rules' today and the release day."""
    from sheets import release
    from sheets.cli_common import UsageError, load_source, office_naming, today_of, validate_source
    from sheets.metrics import Dataset
    from sheets.settings import DEFAULT_RELEASE_DAY

    try:
        k = release.check_k(args.k if args.k is not None else release.DEFAULT_K)
        day = release.check_release_day(
            args.release_day if args.release_day is not None else DEFAULT_RELEASE_DAY
        )
    except ValueError as error:
        raise UsageError(f"{error}") from error
    today = today_of(args)
    as_of = args.as_of or release.release_as_of(today, day)
    report = validate_source(args, load_source(args), today)
    office, code = office_naming(args)
    dataset = Dataset.from_report(report)
    return release.build_release(dataset, as_of, k, office=office, office_code=code), today, day


def format_public(output: dict[str, Any]) -> str:
    """The public figures as text (Indonesian, then English labels)."""
    head = output["headline"]
    this_year = head["this_year"]
    lines = [
        f"{output['office']} · angka publik per / public figures as of {output['as_of']} (k = {output['k']})",
        f"  Korban diketahui / known survivors:    {head['known']}",
        f"  Sudah direhabilitasi / rehabilitated:  {head['rehabilitated']} ({_share(head['coverage'])})",
        f"  Direhabilitasi {this_year['year']} / in {this_year['year']}:      {this_year['rehabilitated']}"
        + (f" (target {this_year['target']})" if this_year["target"] is not None else ""),
        f"  Usaha berjalan / business running:     {_share(head['business_running_share'])}",
        "",
        "  tahun/year  diketahui/known  direhab./rehab.  kumulatif/cumulative",
    ]
    for row in output["tables"]["by_year"]["rows"]:
        lines.append(
            f"  {row['year']:<10}  {row['known']!s:>15}  {row['rehabilitated']!s:>15}  "
            f"{row['known_cumulative']!s:>9} / {row['rehabilitated_cumulative']!s}"
        )
    lines += ["", "  kecamatan               diketahui/known  direhab./rehab.  cakupan/coverage"]
    for row in [
        *output["tables"]["by_district"]["rows"],
        {"district": "Total", **output["tables"]["by_district"]["total"]},
    ]:
        lines.append(
            f"  {row['district']:<22}  {row['known']!s:>15}  {row['rehabilitated']!s:>15}  "
            f"{_share(row['coverage']):>8}"
        )
    hidden = output["hidden"]
    lines += [
        "",
        (
            f"  Disembunyikan / hidden: {hidden['primary']} angka kecil / small counts (<{output['k']}), "
            f"{hidden['secondary']} pelindung / protecting (*)"
        ),
    ]
    return "\n".join(lines)


def _share(value: object) -> str:
    if value is None:
        return "-"
    return value if isinstance(value, str) else f"{value:.0%}"
