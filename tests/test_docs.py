"""Conventions become tests: the README documents what the code declares."""

from pathlib import Path

from sheets.docs import BEGIN, END, column_reference

ROOT = Path(__file__).resolve().parents[1]


def test_readme_column_reference_is_generated_from_the_schema():
    readme = (ROOT / "README.md").read_text()
    start, end = readme.index(BEGIN), readme.index(END) + len(END)
    assert readme[start:end] == column_reference(), "run `python -m sheets.docs` and paste it into README.md"


def test_readme_quick_start_has_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "make run" in quick and "make test" in quick


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
