"""Serve the fake Google Sheets API on 127.0.0.1: try the live path without a Google account.

    python -m tests.fakes.serve --demo [--port 8765]

prints the base URL and the spreadsheet id; then, in another terminal,

    PULIH_SHEETS_API_URL=<base URL> PULIH_SHEETS_SPREADSHEET=<id> make run

With --demo the spreadsheet holds the demo workbook (`sheets.demo.build_demo`);
without it, or when the demo generator is missing, the five tabs hold only the
contract's headers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import threading
from typing import Any

from sheets import schema
from tests.fakes.sheets_api import FakeSheetsApi, serve

SPREADSHEET_ID = "pulih-demo"


def _cell(value: Any) -> Any:
    """A demo cell as the fake stores it (dates stay dates: the fake sends them as serials)."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        return value.item()
    return value


def tabs_of(raw: Any) -> dict[str, list[list[Any]]]:
    """Tab title -> rows of a `RawWorkbook`, as the fake stores them."""
    return {title: [[_cell(v) for v in row] for row in tab.rows] for title, tab in raw.tabs.items()}


def demo_tabs(use_demo: bool, today: dt.date | None = None) -> dict[str, list[list[Any]]]:
    """Tab title -> rows: the demo workbook as of `today` when wanted (and present), else the headers."""
    if use_demo:
        try:
            from sheets.demo import build_demo
        except ImportError:
            build_demo = None
        if build_demo is not None:
            return tabs_of(build_demo(today or dt.date.today()))
    return {tab.name: [list(tab.headers)] for tab in schema.MAIN_TABS}


def main(argv: list[str] | None = None) -> None:
    """Start the fake and serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m tests.fakes.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--demo", action="store_true", help="preload the demo workbook")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free port)")
    parser.add_argument("--id", default=SPREADSHEET_ID, help=f"spreadsheet id (default: {SPREADSHEET_ID})")
    args = parser.parse_args(argv)
    api = FakeSheetsApi()
    api.add_spreadsheet(args.id, demo_tabs(args.demo), title="Data Rehabilitasi (fake)")
    base_url, shutdown = serve(api, port=args.port)
    print(f"Fake Google Sheets API: {base_url}")
    print(f"Spreadsheet id:         {args.id}")
    print(f"Try: PULIH_SHEETS_API_URL={base_url} PULIH_SHEETS_SPREADSHEET={args.id} make run")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        shutdown()


if __name__ == "__main__":
    main()
