"""`python -m sheets`: validate a workbook, print its headline figures, write the demo.

Exit codes: 0 no errors, 1 the data has errors (validate and summary), 2 a usage or
source problem (missing file, unreadable format, unreachable spreadsheet). Output
never ends in a traceback: a terminal, file or pipe that cannot show a character
gets a replacement (and `--json` stays valid JSON, escaped), and a reader that stops
early (`| head -1`) ends the output quietly with the command's own exit code.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import sys
from collections.abc import Sequence

from sheets.cli_common import UsageError, load_source
from sheets.cli_common import emit as _emit
from sheets.cli_common import is_utf8 as _is_utf8
from sheets.cli_common import to_json as _json
from sheets.cli_common import today_of as _today
from sheets.raw import RawWorkbook

EXIT_OK, EXIT_DATA_ERRORS, EXIT_USAGE = 0, 1, 2


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
    parser.add_argument(
        "--office",
        default=None,
        metavar="CODE",
        help="the office whose sheet it is, by Kemendagri code (its kecamatan list and name; default: the "
        "listed office --sheet names, else [province] office)",
    )
    parser.add_argument(
        "--as-of",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="fix 'today' for every date rule and figure (default: today)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sheets", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check a workbook against the contract")
    _add_source(validate)
    validate.add_argument(
        "--identity",
        metavar="SOURCE",
        help="also check the restricted identity spreadsheet (file, folder, or Google Sheets "
        "URL|ID) against the source; its problems are reported masked",
    )
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
    from sheets.cli_digest import add_digest_arguments
    from sheets.cli_history import add_history_arguments, add_publication_arguments
    from sheets.cli_opendata import add_opendata_arguments
    from sheets.cli_public import add_public_arguments
    from sheets.cli_sync import add_sync_arguments

    add_public_arguments(sub, _add_source)
    add_sync_arguments(sub)
    add_opendata_arguments(sub, _add_source)
    add_digest_arguments(sub, _add_source)
    add_history_arguments(sub, _add_source)
    add_publication_arguments(sub, _add_source)
    return parser


def load_identity(ref: str) -> RawWorkbook:
    """The identity spreadsheet named by `--identity`: a local file or folder, else a Google Sheets URL or ID."""
    from sheets.sources import SourceError, read_workbook

    if os.path.exists(ref) or not _is_sheet_reference(ref):
        try:
            return read_workbook(ref)
        except SourceError as error:
            raise UsageError(str(error)) from error
    from sheets.cli_google import config_for_sheet
    from sheets.gsheets import SheetsError, read_identity

    try:
        return read_identity(dataclasses.replace(config_for_sheet(ref), identity_spreadsheet=ref))
    except SheetsError as error:
        raise UsageError(f"{error.message_id} / {error.message_en}") from error


def _is_sheet_reference(ref: str) -> bool:
    """A Google Sheets URL, or a bare spreadsheet ID (long, with no file extension or folder in it)."""
    text = ref.strip()
    return "docs.google.com/spreadsheets/" in text or (
        len(text) >= 25 and all(ch.isalnum() or ch in "-_" for ch in text)
    )


def cmd_validate(args: argparse.Namespace) -> int:
    from sheets.cli_common import validate_source

    today = _today(args)
    report = validate_source(args, load_source(args), today)
    identity = None
    if getattr(args, "identity", None):
        from sheets.privacy import mask_identity_issues
        from sheets.validate import validate_identity

        checked = validate_identity(load_identity(args.identity), report, today)
        # Names and whole NIKs never reach a terminal, a log or a CI artefact: masked like the app.
        identity = dataclasses.replace(checked, issues=mask_identity_issues(checked.issues))
    if args.json:
        out = report.to_json()
        if identity is not None:
            out["identity"] = identity.to_json()
        _emit(_json(out))
    else:
        _emit(format_report(report) + ("" if identity is None else "\n\n" + format_identity(identity)))
    has_errors = report.has_errors or (identity is not None and identity.has_errors)
    return EXIT_DATA_ERRORS if has_errors else EXIT_OK


def format_identity(report) -> str:
    """The identity spreadsheet's problems, masked (a NIK keeps its last four digits; no name, no other value)."""
    lines = [f"Spreadsheet identitas / identity spreadsheet: {report.source} (disamarkan / masked)"]
    for name, count in report.counts.items():
        lines.append(f"== {name}: {_accounting(count)}")
        lines += _issue_lines(report.issues[report.issues["tab"] == name])
    others = report.issues[~report.issues["tab"].isin(list(report.counts))]
    lines += _issue_lines(others)
    counts = report.issues["severity"].value_counts()
    lines.append(
        f"Kesalahan/errors: {counts.get('error', 0)}, peringatan/warnings: {counts.get('warning', 0)}, "
        f"info: {counts.get('info', 0)}"
    )
    return "\n".join(lines)


def format_report(report) -> str:
    """A readable validation report grouped by tab (Indonesian, then English)."""
    lines = [f"Sumber / source: {report.source}"]
    about_source = report.issues[~report.issues["tab"].isin(list(report.counts))]
    lines += _issue_lines(about_source)
    for name, count in report.counts.items():
        lines.append("")
        lines.append(f"== {name}: {_accounting(count)}")
        lines += _issue_lines(report.issues[report.issues["tab"] == name])
    counts = report.issues["severity"].value_counts()
    lines.append("")
    lines.append(
        f"Kesalahan/errors: {counts.get('error', 0)}, peringatan/warnings: {counts.get('warning', 0)}, "
        f"info: {counts.get('info', 0)}"
    )
    return "\n".join(lines)


def _issue_lines(issues) -> list[str]:
    from sheets.messages import with_messages

    lines = []
    for issue in with_messages(issues).itertuples(index=False):
        where = f"baris/row {issue.row}" if issue.row is not None and str(issue.row) != "<NA>" else "tab"
        column = f", {issue.column}" if issue.column else ""
        lines.append(f"  [{issue.severity}] {where}{column}: {issue.message_id}")
        lines.append(f"  {' ' * (len(issue.severity) + 2)} {issue.message_en}  ({issue.code})")
    return lines


def _accounting(count) -> str:
    return (
        f"dibaca/read {count.rows_read}, dipakai/used {count.rows_used}, "
        f"dikecualikan/excluded {count.rows_excluded}, kosong/blank {count.rows_blank}"
    )


# Figures that count survivors: meaningless (not zero) when the Korban tab cannot be read.
_SURVIVOR_FIGURES = (
    "known",
    "rehabilitated",
    "coverage",
    "waiting",
    "business_running_share",
    "follow_up_due",
)


def cmd_summary(args: argparse.Namespace) -> int:
    from sheets.cli_common import validate_source
    from sheets.metrics import Dataset, summary

    today = _today(args)
    report = validate_source(args, load_source(args), today)
    figures = summary(Dataset.from_report(report), today)
    unusable = report.unusable_tabs()
    if "Korban" in unusable:
        figures.update({key: None for key in _SURVIVOR_FIGURES})
        figures["known_by_year"] = figures["rehabilitated_by_year"] = {}
    excluded = sum(c.rows_excluded for c in report.counts.values())
    figures.update(
        {
            "source": report.source,
            "tabs": {name: count.as_dict() for name, count in report.counts.items()},
            "rows_excluded": excluded,
            "unusable_tabs": unusable,
            "errors": int(report.issues["severity"].eq("error").sum()),
        }
    )
    code = EXIT_DATA_ERRORS if report.has_errors else EXIT_OK
    _emit(_json(figures) if args.json else format_summary(figures, report))
    return code


def format_summary(figures: dict, report) -> str:
    """The headline figures, then what they rest on: each tab's accounting and what was not counted."""

    def shown(key: str) -> str:
        return "tidak tersedia / not available" if figures[key] is None else str(figures[key])

    cov = "" if figures["coverage"] is None else f" ({figures['coverage']:.1%})"
    lines = [f"Per / as of {figures['as_of']} ({report.source})"]
    if "Korban" in figures["unusable_tabs"]:
        lines.append(
            "  Tab Korban tidak dapat dipakai: angka korban tidak tersedia; jalankan `validate` / "
            "the Korban tab cannot be used: no survivor figures; run `validate`"
        )
    lines += [
        f"  Korban diketahui / known survivors:      {shown('known')}",
        f"  Sudah direhabilitasi / rehabilitated:    {shown('rehabilitated')}{cov}",
        f"  Menunggu / still waiting:                {shown('waiting')}",
        f"  Perlu kunjungan / follow-up due:         {shown('follow_up_due')}",
    ]
    per_year = list(figures["rehabilitated_by_year"].items())
    first = next((i for i, (_, n) in enumerate(per_year) if n), len(per_year))
    lines.append(
        "  Rehabilitasi per tahun / per year:       " + ", ".join(f"{y}: {n}" for y, n in per_year[first:])
    )
    money = figures["money"]
    per_survivor = money["cost_per_rehabilitated"]
    lines.append(
        f"  Anggaran + bantuan / budget + aid:       {_rupiah(money['spent'])}"
        + (
            f" ({_rupiah(per_survivor)} per korban direhabilitasi / per survivor rehabilitated)"
            if per_survivor is not None
            else ""
        )
    )
    lines.append("")
    lines.append("Baris / rows:")
    lines += [f"  {name}: {_accounting(count)}" for name, count in report.counts.items()]
    if figures["rows_excluded"]:
        lines.append(
            f"{figures['rows_excluded']} baris tidak dihitung; jalankan `validate` untuk alasannya / "
            f"{figures['rows_excluded']} rows are not counted; run `validate` for why"
        )
    for name in figures["unusable_tabs"]:
        if name != "Korban":
            lines.append(
                f"Tab {name} tidak dapat dipakai; jalankan `validate` / tab {name} cannot be used; "
                "run `validate`"
            )
    return "\n".join(lines)


def _rupiah(amount: float) -> str:
    return "Rp " + f"{amount:,.0f}".replace(",", ".")


def cmd_demo(args: argparse.Namespace) -> int:
    from sheets.demo import build_demo
    from sheets.workbook import write_xlsx

    write_xlsx(build_demo(_today(args)), args.out)
    _emit(f"Ditulis / written: {args.out}")
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from sheets.workbook import write_template

    write_template(args.out)
    _emit(f"Ditulis / written: {args.out}")
    return EXIT_OK


COMMANDS = {"validate": cmd_validate, "summary": cmd_summary, "demo": cmd_demo, "template": cmd_template}


def _tolerant_streams() -> None:
    """Let stdout and stderr replace what their encoding cannot show instead of raising mid-report."""
    for stream in (sys.stdout, sys.stderr):
        if not _is_utf8(stream) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = COMMANDS.get(args.command) or getattr(args, "handler", None)
    assert handler is not None, args.command  # the command is required, and each one has its handler
    try:
        return handler(args)
    except UsageError as error:
        try:
            print(f"pulih: {error}", file=sys.stderr)
        except BrokenPipeError:
            pass
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
