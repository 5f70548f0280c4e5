"""What every `python -m sheets` command shares: the source named on the command line, "today", output.

Its own module so that the command modules (`sheets.cli`, `sheets.cli_public`, `sheets.cli_history`)
import it, not each other: `sheets.cli` lists the commands, the others only add theirs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from typing import Any

from sheets import clock
from sheets.raw import RawWorkbook


class UsageError(Exception):
    """A problem with the command line or the source: exit 2 with a one-line reason."""


def load_source(args: argparse.Namespace) -> RawWorkbook:
    """The workbook named on the command line (exactly one of SOURCE, --demo, --sheet)."""
    given = [x for x in (args.source, args.demo or None, args.sheet) if x]
    if len(given) != 1:
        raise UsageError(
            "sebutkan tepat satu sumber: BERKAS, --demo atau --sheet / "
            "give exactly one source: FILE, --demo or --sheet"
        )
    if args.demo:
        from sheets.demo import build_demo

        # The demo describes the real present; --as-of then looks at it from any date.
        try:
            return build_demo(today_of(argparse.Namespace()))
        except ValueError as error:  # a fixed PULIH_TODAY before the years the demo describes
            raise UsageError(str(error)) from error
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


def source_office(args: argparse.Namespace) -> Any:
    """The office whose sheet the command reads (`sheets.offices.office_for`): `--office CODE`, else the
    listed office `--sheet` names, else the home office; None without an office list, and for `--demo`
    (the demo is Kabupaten Indramayu's, checked with the shipped kecamatan list)."""
    from sheets.offices import OfficesError, office_for
    from sheets.settings import Settings

    if getattr(args, "demo", False) and not getattr(args, "office", None):
        return None
    try:
        return office_for(Settings.from_files(), getattr(args, "office", None), getattr(args, "sheet", None))
    except OfficesError as error:
        raise UsageError(str(error)) from error


def validate_source(args: argparse.Namespace, raw: RawWorkbook, today: dt.date) -> Any:
    """`raw` validated as its office's sheet: that office's kecamatan list (`source_office`)."""
    from sheets.offices import OfficesError, districts_of
    from sheets.validate import validate

    try:
        districts = districts_of(source_office(args))
    except OfficesError as error:  # the office's kecamatan file cannot be read
        raise UsageError(str(error)) from error
    return validate(raw, today, districts=districts)


def office_naming(args: argparse.Namespace) -> tuple[str, str]:
    """How public figures name the command's office: `build_release`'s `office` and `office_code`."""
    from sheets import release

    office = source_office(args)
    if office is None:
        return release.OFFICE, release.OFFICE_CODE
    return release.office_title(office.name), office.code


def today_of(args: argparse.Namespace) -> dt.date:
    """`--as-of`, else today in the office's time zone (sheets.clock), as the app sees it."""
    if getattr(args, "as_of", None):
        return args.as_of
    try:
        return clock.today()
    except clock.ClockError as error:
        raise UsageError(str(error)) from error


def emit(text: str) -> None:
    """Print `text`; a reader that went away (a closed pipe) ends the output, not the command."""
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would flush again at exit and fail once more: point stdout at nothing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def to_json(data: Any) -> str:
    # Non-ASCII as \u escapes where stdout cannot encode it (cp1252 when redirected on Windows):
    # the same JSON either way.
    return json.dumps(data, ensure_ascii=not is_utf8(sys.stdout), indent=1, default=str)


def is_utf8(stream: Any) -> bool:
    return (getattr(stream, "encoding", "") or "").lower().replace("-", "").replace("_", "") in (
        "utf8",
        "utf8sig",
    )
