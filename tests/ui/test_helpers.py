"""The pure UI helpers (strings, formats, tables, tiles, URL state, roles) and the UI's conventions."""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from present import i18n, kpi, tables
from present.context import Bounds
from sheets import messages, metrics, privacy
from sheets.demo import build_demo
from sheets.metrics import Dataset, Filters
from sheets.schema import ISSUES_TAB
from sheets.validate import validate
from tests.ui import ROOT
from ui import access, data, state

TODAY = dt.date(2026, 11, 28)
BOUNDS = Bounds(first_year=2015, today=TODAY)


@pytest.fixture(scope="module")
def report():
    return validate(build_demo(TODAY), TODAY)


@pytest.fixture(scope="module")
def demo(report) -> Dataset:
    return Dataset.from_report(report)


# --------------------------------------------------------------------------- formats


@pytest.mark.parametrize(
    "fn, value, lang, expected",
    [
        (i18n.number, 1234, "id", "1.234"),
        (i18n.number, 1234, "en", "1,234"),
        (i18n.number, None, "id", "–"),
        (i18n.percent, 0.1875, "id", "19%"),
        (i18n.percent, None, "en", "–"),
        (i18n.decimal, 26.25, "id", "26,2"),
        (i18n.money, 1_500_000, "id", "Rp\u00a01,5\u00a0jt"),  # non-breaking spaces: never split across lines
        (i18n.money, 1_500_000, "en", "Rp\u00a01.5M"),
        (i18n.date, dt.date(2018, 4, 9), "id", "9 April 2018"),
        (i18n.date, pd.Timestamp("2018-04-09"), "en", "9 April 2018"),
    ],
)
def test_formats(fn, value, lang, expected) -> None:
    assert fn(value, lang) == expected


def test_full_money_and_moment() -> None:
    assert i18n.money(1_500_000, "id", compact=False) == "Rp\u00a01.500.000"
    moment = dt.datetime(2026, 11, 28, 2, 10, tzinfo=dt.UTC)
    assert i18n.moment(moment, "id") == "28 Nov 2026 09.10 WIB"


def test_every_string_has_both_languages() -> None:
    def fields(text: str) -> set[str]:
        return set(re.findall(r"{(\w+)}", text))

    catalogs = messages.catalogs()
    assert set(i18n.LANGS) == set(catalogs) and i18n.LANGS[0] == "id"
    for key, indonesian in catalogs["id"].items():
        for lang, catalog in catalogs.items():
            assert indonesian.strip() and catalog[key].strip(), (key, lang)
            assert fields(indonesian) == fields(catalog[key]), (key, lang)


def test_every_string_key_used_in_the_code_exists() -> None:
    """String ids written literally in ui/ and app_pages/ (t("..."), ctx.t("...")) are all defined."""
    used = set()
    for path in [*ROOT.glob("ui/*.py"), *ROOT.glob("app_pages/*.py"), ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("t", "info")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                used.add(node.args[0].value)
    assert used and used <= set(messages.ids()), used - set(messages.ids())


def test_labels_come_from_the_contract() -> None:
    assert i18n.column_label("survivor_id", "id", "Korban") == "ID Korban"
    assert i18n.column_label("survivor_id", "en", "Korban") == "Survivor ID"
    assert i18n.column_label("known", "en") == "Known"
    assert i18n.value_label("Perempuan", "en") == "Female"
    assert i18n.value_label("Perempuan", "id") == "Perempuan"
    assert i18n.value_label(pd.NA, "id") == "Tidak diisi"
    assert i18n.value_label("True", "en", "child") == "Child (under 18)"
    assert i18n.tab_label("Korban", "en") == "Korban (Survivors)"


# --------------------------------------------------------------------------- tables


def test_tables_show_labels_never_keys(demo: Dataset, report) -> None:
    shown = [
        tables.districts(metrics.by_district(demo, TODAY), "id"),
        tables.activities(metrics.activity_summary(demo, TODAY), "en"),
        tables.worklist(metrics.follow_up_worklist(demo, TODAY), "id"),
        tables.issues(report.issues, "en"),
        tables.issue_counts(report.issues, list(report.counts), "id"),
        tables.rule_counts(report.issues, "en"),
        tables.accounting(report.accounting(), report.present, "id"),
    ]
    keys = {
        "survivor_id",
        "district",
        "known",
        "rehabilitated",
        "activity_id",
        "message_id",
        "message_en",
        "params",
        "rows_read",
        "code",
        "severity",
        "due_on",
        "days_late",
    }
    for frame in shown:
        assert not keys & set(frame.columns), frame.columns


def test_worklist_table(demo: Dataset) -> None:
    work = metrics.follow_up_worklist(demo, TODAY)
    shown = tables.worklist(work, "en")
    assert list(shown.columns) == [
        "Survivor ID",
        "Kecamatan (district)",
        "Checkpoint",
        "Due on",
        "State",
        "Days late",
        "Last visit",
        "Officer",
    ]
    assert set(shown["State"]) <= {"Due", "Overdue"}


def test_rule_counts_carry_the_fix(report) -> None:
    counts = tables.rule_counts(report.issues, "id")
    row = counts[counts["Aturan"] == "invalid-date"].iloc[0]
    assert row["Cara memperbaiki"].startswith("Tulis tanggal")
    assert int(counts["Jumlah"].sum()) == len(report.issues)


def test_issue_downloads_are_excel_friendly_and_safe(report) -> None:
    """The quality page's downloads (written by sheets.privacy) keep the labels and defuse formulas."""
    issues = pd.concat([report.issues, report.issues.head(1).assign(value='=HYPERLINK("x")')])
    shown = tables.issues(issues, "id")
    raw = privacy.to_csv_bytes(shown)
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert back.shape == shown.shape and list(back.columns) == list(shown.columns)
    assert back["Nilai"].iloc[-1].startswith("'=")
    book = openpyxl.load_workbook(io.BytesIO(privacy.to_xlsx_bytes(shown, ISSUES_TAB)))
    sheet = book[ISSUES_TAB]
    assert [c.value for c in sheet[1]] == list(shown.columns)
    assert sheet.max_row == len(shown) + 1


def test_structure_issues_are_told_apart(report) -> None:
    frame = pd.concat([report.issues, report.issues.head(1).assign(code="missing-tab", tab="Target")])
    assert tables.is_structure(frame).tolist() == [False] * len(report.issues) + [True]


# --------------------------------------------------------------------------- tiles


def test_headline_tiles(demo: Dataset) -> None:
    as_of = dt.date(2018, 12, 31)
    tiles = {tile.key: tile for tile in kpi.headline(demo, as_of, "en")}
    assert tiles["rehabilitated"].raw == 90 and tiles["rehabilitated"].delta == "+20"
    assert tiles["this_year"].value == "20 / 20" and tiles["this_year"].delta == "-50"
    assert tiles["waiting"].delta_color == "inverse"
    assert tiles["known"].raw == metrics.known(demo, as_of)
    assert kpi.compared_with(as_of, "en") == "Changes since 31 December 2017."
    plain = {tile.key: tile for tile in kpi.headline(demo, as_of, "en", with_target=False)}
    assert plain["this_year"].label == "Rehabilitated 2018" and plain["this_year"].value == "20"


def test_year_ago_on_leap_day() -> None:
    assert kpi.year_ago(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)


# --------------------------------------------------------------------------- URL state


def test_query_round_trip() -> None:
    values = {
        state.LANG: "en",
        state.AS_OF_CHOICE: "2018",
        state.YEARS: (2016, 2020),
        state.DISTRICTS: ["Cikedung"],
        state.SEXES: ["Perempuan"],
        state.KINDS: [],
    }
    query = state.to_query(values, BOUNDS)
    assert query == {
        "lang": ["en"],
        "asof": ["2018-12-31"],
        "years": ["2016-2020"],
        "kec": ["Cikedung"],
        "sex": ["Perempuan"],
    }
    parsed = state.parse_query(query, BOUNDS)
    assert {k: parsed[k] for k in values} == {**values, state.YEARS: (2016, 2020)}
    view = state.view_from(parsed, BOUNDS)
    assert view.as_of == dt.date(2018, 12, 31)
    assert view.filters == Filters(years=(2016, 2020), districts=("Cikedung",), sexes=("Perempuan",))


def test_defaults_make_a_clean_address() -> None:
    assert state.to_query(state.defaults(BOUNDS), BOUNDS) == {}
    view = state.view_from(state.defaults(BOUNDS), BOUNDS)
    assert view.lang == "id" and view.as_of == TODAY and view.filters.is_empty


def test_bad_query_values_are_ignored() -> None:
    parsed = state.parse_query(
        {
            "lang": ["fr"],
            "asof": ["31/02/2018"],
            "years": ["2020-2010"],
            "kec": ["Cikedong", "Lelea", "Lelea"],
            "sex": ["X"],
        },
        BOUNDS,
    )
    assert parsed[state.LANG] == "id" and parsed[state.AS_OF_CHOICE] == "today"
    assert parsed[state.YEARS] == (2015, 2026)
    assert parsed[state.DISTRICTS] == ["Lelea"] and parsed[state.SEXES] == []


def test_custom_as_of_date() -> None:
    parsed = state.parse_query({"asof": ["2019-06-30"]}, BOUNDS)
    assert parsed[state.AS_OF_CHOICE] == "custom"
    assert state.as_of_date(parsed, BOUNDS) == dt.date(2019, 6, 30)
    assert BOUNDS.as_of_options()[:3] == ["today", "2025", "2024"] and BOUNDS.as_of_options()[-1] == "custom"


# --------------------------------------------------------------------------- roles, source, conventions


def test_worklist_is_for_staff_only() -> None:
    assert access.current_role() in access.ROLES
    assert access.can_see("follow_up", "staf") and access.can_see("follow_up", "admin")
    assert not access.can_see("follow_up", "publik") and not access.can_see("follow_up", "pimpinan")
    public = {p.key for p in access.visible_pages("publik")}
    assert not public & {"overview", "areas", "profile", "programme", "follow_up", "quality"}
    assert {p.key for p in access.visible_pages("pimpinan")} >= {"overview", "areas", "profile", "programme"}
    assert not {p.key for p in access.visible_pages("pimpinan")} & {"follow_up", "quality"}


def test_no_legacy_pages_folder_and_every_page_registered() -> None:
    """A `pages/` folder next to app.py switches Streamlit to its legacy router until the first
    `st.navigation` call ("Page not found" on a first visit): the page files live in app_pages/."""
    assert not (ROOT / "pages").exists()
    for spec in access.ALL_PAGES:
        assert (ROOT / spec.path).is_file()
    assert {p.name for p in (ROOT / "app_pages").glob("*.py")} == {
        Path(p.path).name for p in access.ALL_PAGES
    }


def test_source_from_configuration(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv(data.ENV_WORKBOOK, raising=False)
    monkeypatch.delenv(data.ENV_SPREADSHEET, raising=False)
    assert data.source_spec() == data.SourceSpec("demo")
    monkeypatch.setenv(data.ENV_WORKBOOK, str(tmp_path / "data.xlsx"))
    spec = data.source_spec()
    assert spec == data.SourceSpec("file", str(tmp_path / "data.xlsx"))
    assert spec.label("id") == "data.xlsx"
    with pytest.raises(data.SourceError):
        data.load_raw(spec, TODAY)


def test_a_workbook_that_cannot_be_read_is_said_in_the_readers_language_only(tmp_path) -> None:
    """The reason travels as a catalogued message and is rendered for the page's language."""
    loaded = data.read(data.SourceSpec("file", str(tmp_path / "hilang.xlsx")), TODAY)
    assert not loaded.has_data
    assert loaded.problem("id") == f"Berkas tidak ditemukan: {tmp_path / 'hilang.xlsx'}"
    assert loaded.problem("en") == f"File not found: {tmp_path / 'hilang.xlsx'}"


def test_pure_modules_do_not_import_streamlit() -> None:
    code = (
        "import sys; import present.figures, present.sentences, present.i18n, present.tables, present.kpi, ui.access; "
        "print('streamlit' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_pages_only_compose() -> None:
    """Pages stay short and never reach past the data layer (no gspread, no sources)."""
    for path in (ROOT / "app_pages").glob("*.py"):
        text = path.read_text()
        assert len(text.splitlines()) <= 90, path.name
        assert "gspread" not in text and "sheets.sources" not in text and "groupby" not in text, path.name


def test_a_reload_forgets_the_cached_read_outside_the_gates_lock() -> None:
    """A reload's `forget` may need the gate itself (a read that is starting): never a deadlock."""
    import threading

    from ui import data

    gate = data.ReadGate(clock=lambda: 100.0)
    done = threading.Event()

    def forget() -> None:
        gate.note_read()  # what a read waiting on the identity cache's lock would do next
        done.set()

    worker = threading.Thread(target=lambda: gate.try_reload(30, forget), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert done.is_set(), "try_reload held its lock while forgetting: a read and a reload would deadlock"
