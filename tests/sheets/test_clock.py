"""One notion of today: the office's date, whatever the server's clock zone (never the calendar here)."""

from __future__ import annotations

import datetime as dt

import pytest

from sheets import clock

UTC = dt.UTC


@pytest.mark.parametrize(
    ("now", "secrets", "environ", "expected"),
    [
        # 17:30 UTC is already the next day in Indramayu (UTC+7): the CLI and the app used to differ here.
        (dt.datetime(2026, 11, 27, 17, 30, tzinfo=UTC), {}, {}, dt.date(2026, 11, 28)),
        (dt.datetime(2026, 11, 27, 16, 59, tzinfo=UTC), {}, {}, dt.date(2026, 11, 27)),
        (
            dt.datetime(2026, 11, 27, 17, 30, tzinfo=UTC),
            {"office": {"timezone": "UTC"}},
            {},
            dt.date(2026, 11, 27),
        ),
        (
            dt.datetime(2026, 11, 27, 16, 30, tzinfo=UTC),
            {"office": {"timezone": "Asia/Jayapura"}},
            {},
            dt.date(2026, 11, 28),
        ),  # UTC+9
        # The environment wins over the secrets; PULIH_TODAY fixes the date outright.
        (
            dt.datetime(2026, 11, 27, 17, 30, tzinfo=UTC),
            {"office": {"timezone": "UTC"}},
            {"PULIH_TIMEZONE": "Asia/Jakarta"},
            dt.date(2026, 11, 28),
        ),
        (
            dt.datetime(2026, 11, 27, 17, 30, tzinfo=UTC),
            {},
            {"PULIH_TODAY": "2018-12-31"},
            dt.date(2018, 12, 31),
        ),
    ],
)
def test_today_is_the_office_date(now, secrets, environ, expected):
    assert clock.today(secrets, environ, now=now) == expected


def test_cli_reads_the_office_time_zone_from_secrets_toml(tmp_path, monkeypatch):
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('[office]\ntimezone = "Asia/Makassar"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(clock.Path, "home", lambda: tmp_path / "nobody")
    assert clock.timezone_name(environ={}) == "Asia/Makassar"
    assert clock.timezone_name({}, environ={}) == clock.DEFAULT_TIMEZONE  # the app passes its own secrets


@pytest.mark.parametrize(
    ("environ", "secrets"),
    [
        ({"PULIH_TIMEZONE": "Asia/Atlantis"}, {}),
        ({}, {"office": {"timezone": "WIB"}}),
        ({"PULIH_TODAY": "28/11/2026"}, {}),
    ],
)
def test_a_bad_setting_is_a_clock_error_naming_it(environ, secrets):
    with pytest.raises(clock.ClockError) as error:
        clock.today(secrets, environ, now=dt.datetime(2026, 1, 1, tzinfo=UTC))
    assert " / " in str(error.value)


def test_read_day_is_the_office_date_of_the_read():
    read_at = dt.datetime(2026, 12, 31, 18, 0, tzinfo=UTC)  # already 1 January 2027 in Jakarta
    assert clock.read_day(read_at, environ={}) == dt.date(2027, 1, 1)
    assert clock.read_day(read_at, environ={"PULIH_TODAY": "2026-11-28"}) == dt.date(2026, 11, 28)
