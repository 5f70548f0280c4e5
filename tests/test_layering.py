"""The data and presentation layers stay UI-free, and dependencies point one way (pages -> ui -> present -> sheets)."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports_streamlit(package: str) -> str:
    """'True' or 'False': whether importing every module of `package` (in a fresh interpreter) imports streamlit."""
    code = (
        f"import sys, pkgutil, importlib, {package}\n"
        f"names = [m.name for m in pkgutil.iter_modules({package}.__path__) if m.name != '__main__']\n"
        "assert names, 'no modules found'\n"
        f"for name in names: importlib.import_module('{package}.' + name)\n"
        "print('streamlit' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.strip() or out.stderr


def test_importing_the_data_layer_does_not_import_streamlit():
    assert _imports_streamlit("sheets") == "False"


def test_importing_the_presentation_layer_does_not_import_streamlit():
    assert _imports_streamlit("present") == "False"


def test_the_check_sees_a_module_that_imports_streamlit():
    assert _imports_streamlit("ui") == "True"  # the shell does: the check can fail


def test_the_presentation_layer_imports_nothing_of_the_shell():
    # Arrows point one way: `ui` places what `present` builds, never the other way round (also
    # inside a function, where the subprocess check above would not see it).
    shell = re.compile(r"^\s*(from|import)\s+(ui|streamlit)\b", re.MULTILINE)
    offenders = [p.name for p in ROOT.glob("present/*.py") if shell.search(p.read_text())]
    assert offenders == []


def test_only_one_module_imports_gspread():
    importers = [
        p.relative_to(ROOT).as_posix()
        for p in ROOT.glob("sheets/*.py")
        if "import gspread" in p.read_text() or "from gspread" in p.read_text()
    ]
    assert importers == ["sheets/gsheets.py"]


def test_reading_google_answers_and_snapshots_needs_no_gspread():
    # Google's wire format (sheets.gwire) and the last good read on disk (sheets.snapshot)
    # are plain data: only the client that fetches them (sheets.gsheets) loads gspread.
    code = (
        "import sys, sheets.gwire, sheets.snapshot\n"
        "print('gspread' in sys.modules, 'sheets.gsheets' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"], out.stderr


def test_pages_do_not_talk_to_google_directly():
    for page in ROOT.glob("app_pages/*.py"):
        text = page.read_text()
        assert "gspread" not in text, page
