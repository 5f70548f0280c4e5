"""`python -m sheets`: validate a workbook, print its headline figures, write the demo.

Exit codes: 0 no errors, 1 the data has errors (validate), 2 a usage or source
problem (missing file, unreadable format, unreachable spreadsheet).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Sequence

from sheets.raw import RawWorkbook

EXIT_OK, EXIT_DATA_ERRORS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A problem with the command line or the source: exit 2 with a one-line reason."""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"tanggal harus YYYY-MM-DD / date must be YYYY-MM-DD: {text!r}")


def _add_source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", nargs="?", help="workbook (.xlsx/.ods), CSV file or folder of CSVs")
    parser.add_argument("--demo", action="store_true", help="use the embedded demo workbook")
    parser.add_argument("--sheet", metavar="URL|ID", help="read a Google Sheets spreadsheet")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD",
                        help="fix 'today' for every date rule and figure (default: today)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sheets", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    _add_source(sub.add_parser("validate", help="check a workbook against the contract"))
    _add_source(sub.add_parser("summary", help="print the headline figures"))
    demo = sub.add_parser("demo", help="write the demo workbook as .xlsx")
    demo.add_argument("--out", required=True, help="path of the .xlsx to write")
    template = sub.add_parser("template", help="write an empty workbook with the contract's headers")
    template.add_argument("--out", required=True, help="path of the .xlsx to write")
    try:
        from sheets.cli_google import add_google_arguments
    except ImportError:  # the Google Sheets commands need gspread; the rest works without it
        pass
    else:
        add_google_arguments(sub)
    from sheets.cli_public import add_public_arguments
    add_public_arguments(sub, _add_source)
    return parser


def office_today() -> dt.date:
    """Today in the office's time zone (Indramayu: WIB)."""
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date()


def load_source(args: argparse.Namespace) -> RawWorkbook:
    """The workbook named on the command line (exactly one of SOURCE, --demo, --sheet)."""
    given = [x for x in (args.source, args.demo or None, args.sheet) if x]
    if len(given) != 1:
        raise UsageError("sebutkan tepat satu sumber: BERKAS, --demo atau --sheet / "
                         "give exactly one source: FILE, --demo or --sheet")
    if args.demo:
        from sheets.demo import build_demo
        # The demo describes the real present; --as-of then looks at it from any date.
        return build_demo()
    if args.sheet:
        from sheets.cli_google import config_for_sheet
        from sheets.gsheets import SheetsError, read_spreadsheet
        try:
            return read_spreadsheet(config_for_sheet(args.sheet))
        except SheetsError as error:
            raise UsageError(f"{error.message_id} / {error.message_en}") from error
    from sheets.sources import SourceError, read_workbook
    try:
        return read_workbook(args.source)
    except SourceError as error:
        raise UsageError(str(error)) from error


def cmd_validate(args: argparse.Namespace) -> int:
    from sheets.validate import validate
    today = args.as_of or dt.date.today()
    report = validate(load_source(args), today)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1, default=str))
    else:
        print(format_report(report))
    return EXIT_DATA_ERRORS if report.has_errors else EXIT_OK


def format_report(report) -> str:
    """A readable validation report grouped by tab (Indonesian, then English)."""
    lines = [f"Sumber / source: {report.source}"]
    for name, count in report.counts.items():
        lines.append("")
        lines.append(f"== {name}: dibaca/read {count.rows_read}, dipakai/used {count.rows_used}, "
                     f"dikecualikan/excluded {count.rows_excluded}, kosong/blank {count.rows_blank}")
        issues = report.issues[report.issues["tab"] == name]
        for issue in issues.itertuples(index=False):
            where = f"baris/row {issue.row}" if issue.row is not None and str(issue.row) != "<NA>" else "tab"
            column = f", {issue.column}" if issue.column else ""
            lines.append(f"  [{issue.severity}] {where}{column}: {issue.message_id}")
            lines.append(f"  {' ' * (len(issue.severity) + 2)} {issue.message_en}  ({issue.code})")
    counts = report.issues["severity"].value_counts()
    lines.append("")
    lines.append(f"Kesalahan/errors: {counts.get('error', 0)}, peringatan/warnings: {counts.get('warning', 0)}, "
                 f"info: {counts.get('info', 0)}")
    return "\n".join(lines)


def cmd_summary(args: argparse.Namespace) -> int:
    from sheets.metrics import Dataset, summary
    from sheets.validate import validate
    today = args.as_of or dt.date.today()
    report = validate(load_source(args), today)
    figures = summary(Dataset.from_report(report), today)
    figures["source"] = report.source
    figures["rows_excluded"] = sum(c.rows_excluded for c in report.counts.values())
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return EXIT_OK
    cov = "-" if figures["coverage"] is None else f"{figures['coverage']:.1%}"
    print(f"Per / as of {figures['as_of']} ({report.source})")
    print(f"  Korban diketahui / known survivors:      {figures['known']}")
    print(f"  Sudah direhabilitasi / rehabilitated:    {figures['rehabilitated']} ({cov})")
    print(f"  Menunggu / still waiting:                {figures['waiting']}")
    print(f"  Perlu kunjungan / follow-up due:         {figures['follow_up_due']}")
    per_year = list(figures["rehabilitated_by_year"].items())
    first = next((i for i, (_, n) in enumerate(per_year) if n), len(per_year))
    print("  Rehabilitasi per tahun / per year:       " + ", ".join(f"{y}: {n}" for y, n in per_year[first:]))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from sheets.demo import build_demo
    from sheets.workbook import write_xlsx
    write_xlsx(build_demo(), args.out)
    print(f"Ditulis / written: {args.out}")
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from sheets.workbook import write_template
    write_template(args.out)
    print(f"Ditulis / written: {args.out}")
    return EXIT_OK


COMMANDS = {"validate": cmd_validate, "summary": cmd_summary, "demo": cmd_demo, "template": cmd_template}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = COMMANDS.get(args.command) or getattr(args, "handler", None)
    try:
        return handler(args)
    except UsageError as error:
        print(f"pulih: {error}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
