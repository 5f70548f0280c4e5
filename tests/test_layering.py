"""The data layer stays UI-free, and dependencies point one way (pages -> sheets)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_importing_the_data_layer_does_not_import_streamlit():
    code = ("import sys, pkgutil, importlib, sheets\n"
            "for m in pkgutil.iter_modules(sheets.__path__):\n"
            "    if m.name != '__main__': importlib.import_module('sheets.' + m.name)\n"
            "print('streamlit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stderr


def test_only_one_module_imports_gspread():
    importers = [p.relative_to(ROOT).as_posix() for p in ROOT.glob("sheets/*.py")
                 if "import gspread" in p.read_text() or "from gspread" in p.read_text()]
    assert importers == ["sheets/gsheets.py"]


def test_reading_google_answers_and_snapshots_needs_no_gspread():
    # Google's wire format (sheets.gwire) and the last good read on disk (sheets.snapshot)
    # are plain data: only the client that fetches them (sheets.gsheets) loads gspread.
    code = ("import sys, sheets.gwire, sheets.snapshot\n"
            "print('gspread' in sys.modules, 'sheets.gsheets' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"], out.stderr


def test_pages_do_not_talk_to_google_directly():
    for page in ROOT.glob("app_pages/*.py"):
        text = page.read_text()
        assert "gspread" not in text, page
