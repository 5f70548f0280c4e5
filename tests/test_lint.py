"""Lint and format: ruff, configured in pyproject.toml ([tool.ruff]), finds nothing to report or reformat.

Run `.venv/bin/ruff check --fix . && .venv/bin/ruff format .` to mend what these tests report.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_no_lint_error():
    out = ruff("check", "--no-cache", ".")
    assert out.returncode == 0, out.stdout + out.stderr


def test_every_file_is_formatted_as_ruff_formats_it():
    out = ruff("format", "--check", "--no-cache", ".")
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_lint_check_can_fail(tmp_path):
    """The project's configuration reports an unused import (so a clean run above means something)."""
    (tmp_path / "bad.py").write_text("import os\n")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "--config",
            str(ROOT / "pyproject.toml"),
            "bad.py",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 1 and "F401" in out.stdout, out.stdout + out.stderr
