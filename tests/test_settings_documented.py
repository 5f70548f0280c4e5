"""Every setting is documented (as datasette's tests do for its settings): in the README's "Settings"
table, with its secrets key and environment variable, and in `.streamlit/secrets.example.toml`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sheets.settings import SETTINGS, Setting

ROOT = Path(__file__).resolve().parents[1]
SECTION = re.compile(r"^#?\s*\[([\w.]+)\]\s*$")
KEY = re.compile(r"^#?\s*(\w+)\s*=")


def example_keys() -> set[tuple[str, str | None]]:
    """(section, key) for every key in secrets.example.toml, commented out or not, and (section, None)."""
    found: set[tuple[str, str | None]] = set()
    section = ""
    for line in (ROOT / ".streamlit" / "secrets.example.toml").read_text(encoding="utf-8").splitlines():
        if header := SECTION.match(line.strip()):
            section = header.group(1)
            found.add((section, None))
        elif section and (key := KEY.match(line.strip())):
            found.add((section, key.group(1)))
    return found


def readme_settings() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "\n## Settings\n" in readme, "README.md needs a '## Settings' section"
    return readme.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("setting", [s for s in SETTINGS if s.section], ids=lambda s: s.path)
def test_secrets_key_is_in_the_example_secrets(setting: Setting):
    assert (setting.section, setting.key) in example_keys(), (
        f"add {setting.secrets_key} (commented, with its default) to .streamlit/secrets.example.toml"
    )


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.path)
def test_setting_is_in_the_readme_table(setting: Setting):
    table = readme_settings()
    rows = [line for line in table.splitlines() if line.startswith("|")]
    if setting.secrets_key:
        assert any(f"`{setting.secrets_key}`" in row for row in rows), (
            f"document `{setting.secrets_key}` in README.md's Settings table (python -m sheets.settings)"
        )
    if setting.env:
        assert any(f"`{setting.env}`" in row for row in rows), (
            f"document `{setting.env}` in README.md's Settings table (python -m sheets.settings)"
        )
    row = next(r for r in rows if f"`{setting.secrets_key or setting.env}`" in r)
    if setting.env and setting.secrets_key:
        assert f"`{setting.env}`" in row, f"{setting.secrets_key} and {setting.env} belong on one row"


def test_the_check_itself_sees_a_missing_setting():
    assert ("sheets", "not_a_setting") not in example_keys()
    assert "`PULIH_NOT_A_SETTING`" not in readme_settings()
