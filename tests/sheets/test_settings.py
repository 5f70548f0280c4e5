"""One settings object: built purely from secrets and the environment, with the documented precedence."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from sheets import settings as settings_module
from sheets.settings import ENV_WINS, SETTINGS, SHEETS_SECTION, Settings, SettingsError

# For every setting with both a secrets key and an environment variable: a value for each place,
# and what Settings shows for it. A new setting needs its line here (test_every_setting_has_samples).
SAMPLES: dict[str, tuple[object, str, object, object]] = {
    # path: (secrets value, environment value, Settings value from secrets, from the environment)
    "source.spreadsheet": ("sheet-from-secrets", "sheet-from-env", "sheet-from-secrets", "sheet-from-env"),
    "sheets.identity_spreadsheet": ("id-secrets", "id-env", "id-secrets", "id-env"),
    "sheets.api_url": (
        "http://127.0.0.1:1",
        "http://127.0.0.1:2",
        "http://127.0.0.1:1",
        "http://127.0.0.1:2",
    ),
    "sheets.write_back": (True, "0", True, False),
    "sheets.snapshot_dir": ("/tmp/a", "/tmp/b", Path("/tmp/a"), Path("/tmp/b")),
    "cache.ttl_s": (90, "120", 90, 120),
    "cache.reload_interval_s": (45, "50", 45, 50),
    "cache.prefetch": (False, "1", False, True),
    "privacy.access_log": ("/tmp/a.log", "/tmp/b.log", Path("/tmp/a.log"), Path("/tmp/b.log")),
    "privacy.session_store": ("/tmp/a.json", "/tmp/b.json", Path("/tmp/a.json"), Path("/tmp/b.json")),
    "access.local_role": ("pimpinan", "Staf", "pimpinan", "staf"),
    "office.timezone": ("Asia/Makassar", "Asia/Jayapura", "Asia/Makassar", "Asia/Jayapura"),
    "database.url": ("sqlite:///a.db", "sqlite:///b.db", "sqlite:///a.db", "sqlite:///b.db"),
    "database.keep_days": (30, "90", 30, 90),
    "province.offices_file": ("/tmp/a.toml", "/tmp/b.toml", "/tmp/a.toml", "/tmp/b.toml"),
    "province.office": ("32.12", "32.09", "32.12", "32.09"),
    "sync.read_from_store": (True, "0", True, False),
}
BOTH = [s for s in SETTINGS if s.section and s.key and s.env]


def value_at(built: Settings, path: str) -> object:
    found: object = built
    for part in path.split("."):
        found = getattr(found, part)
    return found


def secrets_with(section: str, key: str, value: object) -> dict:
    secrets: dict = {section: {key: value}}
    if section == "sheets" and key != "spreadsheet":
        secrets["sheets"]["spreadsheet"] = "sheet-from-secrets"  # the section counts when it names one
    return secrets


def test_building_is_pure(tmp_path):
    secrets = {
        "sheets": {"spreadsheet": "abc", "ttl_s": 30},
        "privacy": {"k": 7},
        "roles": {"staf": ["@example.go.id"]},
        "office": {"timezone": "Asia/Makassar"},
    }
    env = {"PULIH_WORKBOOK": "x.xlsx", "PULIH_TODAY": "2026-11-28", "XDG_CACHE_HOME": str(tmp_path)}
    first, second = Settings.build(secrets, env), Settings.build(dict(secrets), dict(env))
    assert first == second
    assert Settings.build(secrets, env) != Settings.build(secrets, {**env, "PULIH_TODAY": "2026-11-29"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.cache.ttl_s = 5  # type: ignore[misc]
    assert first.privacy.access_log == tmp_path / "pulih" / "identity-access.log"
    assert first.office.today == dt.date(2026, 11, 28)


def test_every_setting_resolves_and_every_field_is_a_setting():
    built = Settings.build({}, {})
    paths = {s.path for s in SETTINGS}
    for path in paths:
        value_at(built, path)  # raises AttributeError for a setting that is not in Settings
    derived = {
        "sheets.spreadsheet",
        "sheets.from_secrets",
        "sheets.problems",
        "database.data_dir",
        "access.provider",
        "province.where",
        "province.problems",
        "office_sheets",  # each listed office's [sheets], from `[province] offices`
    }
    for section in dataclasses.fields(Settings):
        value = getattr(built, section.name)
        if not dataclasses.is_dataclass(value):
            assert section.name in paths | derived
            continue
        for inner in dataclasses.fields(value):
            name = inner.name.removeprefix("raw_")
            assert f"{section.name}.{name}" in paths | derived, (
                f"{section.name}.{inner.name} is not in SETTINGS"
            )


def test_every_setting_in_both_places_has_samples():
    assert {s.path for s in BOTH} == set(SAMPLES)


@pytest.mark.parametrize("setting", BOTH, ids=lambda s: s.path)
def test_the_documented_place_wins(setting):
    secret_value, env_value, from_secrets, from_env = SAMPLES[setting.path]
    secrets = secrets_with(setting.section, setting.key, secret_value)
    env = {setting.env: env_value}
    assert value_at(Settings.build(secrets, {}), setting.path) == from_secrets
    assert value_at(Settings.build({}, env), setting.path) == from_env
    both = value_at(Settings.build(secrets, env), setting.path)
    assert both == (from_env if setting.wins == ENV_WINS else from_secrets), setting.wins


@pytest.mark.parametrize("setting", [s for s in BOTH if s.wins == SHEETS_SECTION], ids=lambda s: s.path)
def test_the_sheets_section_comes_from_the_environment_without_a_spreadsheet_in_secrets(setting):
    secret_value, env_value, _, from_env = SAMPLES[setting.path]
    secrets = {"sheets": {setting.key: secret_value}}  # no spreadsheet: the section is not used
    assert value_at(Settings.build(secrets, {setting.env: env_value}), setting.path) == from_env


@pytest.mark.parametrize(
    ("secrets", "env", "path", "named"),
    [
        ({"privacy": {"k": 4}}, {}, "privacy.k", "[privacy] k"),
        ({"privacy": {"release_day": 31}}, {}, "privacy.release_day", "[privacy] release_day"),
        ({}, {"PULIH_HISTORY_KEEP_DAYS": "lama"}, "database.keep_days", "PULIH_HISTORY_KEEP_DAYS"),
        ({}, {"PULIH_TIMEZONE": "Asia/Atlantis"}, "office.zone", "Asia/Atlantis"),
        ({}, {"PULIH_TODAY": "28/11/2026"}, "office.today", "PULIH_TODAY"),
    ],
)
def test_an_unusable_value_is_a_bilingual_error_naming_the_setting_where_it_is_used(
    secrets, env, path, named
):
    built = Settings.build(secrets, env)  # building never fails: the pages that do not need it still work
    with pytest.raises(SettingsError) as caught:
        value_at(built, path)
    assert named in caught.value.message_id and named in caught.value.message_en
    assert caught.value.message_id != caught.value.message_en


def test_an_unusable_sheets_number_stops_the_live_read_with_its_name():
    from sheets.gsheets import SheetsConfig

    built = Settings.build({"sheets": {"spreadsheet": "abc", "timeout_s": "sepuluh"}}, {})
    with pytest.raises(SettingsError) as caught:
        SheetsConfig.from_settings(built.sheets)
    assert "[sheets] timeout_s" in caught.value.message_en and "sepuluh" in caught.value.message_id


def test_the_command_line_reads_the_files_streamlit_would(tmp_path, monkeypatch):
    (tmp_path / "work" / ".streamlit").mkdir(parents=True)
    (tmp_path / "home" / ".streamlit").mkdir(parents=True)
    (tmp_path / "work" / ".streamlit" / "secrets.toml").write_text('[database]\nurl = "sqlite:///here.db"\n')
    (tmp_path / "home" / ".streamlit" / "secrets.toml").write_text(
        '[database]\nurl = "sqlite:///home.db"\nkeep_days = 9\n[office]\ntimezone = "Asia/Makassar"\n'
    )
    monkeypatch.chdir(tmp_path / "work")
    monkeypatch.setattr(settings_module.Path, "home", lambda: tmp_path / "home")
    built = Settings.from_files({})
    assert (built.database.url, built.database.keep_days) == (
        "sqlite:///here.db",
        9,
    )  # the project's file wins
    assert built.office.timezone == "Asia/Makassar"


def test_a_setting_problem_is_a_catalog_code_said_whole_in_each_language():
    """The error carries a message id and its fields, not sentences: each language says all of it."""
    import pickle

    with pytest.raises(SettingsError) as caught:
        Settings.build({"privacy": {"k": 3}}, {}).privacy.k  # noqa: B018
    error = caught.value
    assert error.said is not None and error.said.msgid == "settings.bad"
    assert (
        error.message("id")
        == "Pengaturan [privacy] k tidak dapat dipakai: 3 (harus bilangan bulat 5 atau lebih)"
    )
    assert (
        error.message("en") == "The setting [privacy] k cannot be used: 3 (must be a whole number, 5 or more)"
    )
    again = pickle.loads(pickle.dumps(error))  # a cached result may hold one
    assert again.message("en") == error.message("en")
