"""The demo workbook: synthetic, deterministic, and faithful to the published 2017/2018 figures.

The cohort figures are recomputed here from the raw rows with a small reader of
our own (serials, day-first text dates, the schema's category aliases), so the
test checks the workbook against CONTRACT.md rather than against the generator.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from sheets import demo, kecamatan, schema
from sheets.issues import RULES
from sheets.raw import RawWorkbook
from sheets.schema import normalise

TODAY = dt.date(2026, 11, 28)
# CONTRACT.md, "The article the demo data must reproduce".
ARTICLE_2017 = ("Karangampel", "Sliyeg", "Lohbener", "Bongas", "Cantigi", "Haurgeulis", "Anjatan")
REHABILITATING = {"Bimbingan Sosial", "Pelatihan Keterampilan"}

_EPOCH = dt.date(1899, 12, 30)
_MONTH_PREFIXES = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "aug": 8,
    "sep": 9,
    "okt": 10,
    "oct": 10,
    "nov": 11,
    "nop": 11,
    "des": 12,
    "dec": 12,
}


@pytest.fixture(scope="module")
def raw() -> RawWorkbook:
    return demo.build_demo(TODAY)


# --------------------------------------------------------------------------- a small independent reader


def read_date(value: object) -> dt.date | None:
    """Serials and the day-first text formats of CONTRACT.md; None when empty or impossible."""
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)):
        return _EPOCH + dt.timedelta(days=int(value))
    text = str(value).strip().lower()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", text):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return dt.date(year, int(m[2]), int(m[1]))
        if m := re.fullmatch(r"(\d{1,2}) ([a-z]+)\.? (\d{4})", text):
            return dt.date(int(m[3]), _MONTH_PREFIXES[m[2][:3]], int(m[1]))
    except (ValueError, KeyError):
        return None
    raise AssertionError(f"the demo holds a date this test cannot read: {value!r}")


def category(tab: schema.Tab, key: str, value: object) -> str | None:
    """The canonical value of a category cell, through the schema's aliases; None when unknown."""
    text = normalise(value)
    if key == "district":
        text = re.sub(r"^(kecamatan|kec) ", "", text)
    return tab.column(key).category_lookup().get(text)


def records(raw: RawWorkbook, name: str) -> list[dict[str, object]]:
    """The tab's data rows as dicts keyed by header, the header being the row holding the first header."""
    tab = schema.TABS[name]
    rows = raw.tabs[name].rows
    start = next(i for i, row in enumerate(rows) if tab.columns[0].header in row)
    headers = rows[start]
    return [dict(zip(headers, row)) for row in rows[start + 1 :] if any(c not in (None, "") for c in row)]


def survivors(raw: RawWorkbook, today: dt.date) -> dict[str, dict[str, object]]:
    """Known survivors (first row per ID, identified on or before `today`, with a valid kecamatan)."""
    out: dict[str, dict[str, object]] = {}
    seen: set[str] = set()
    for row in records(raw, "Korban"):
        sid = str(row["ID Korban"]).strip()
        if sid in seen:
            continue
        seen.add(sid)
        identified = read_date(row["Tanggal Identifikasi"])
        district = category(schema.KORBAN, "district", row["Kecamatan"])
        if identified and identified <= today and district:
            out[sid] = {**row, "identified": identified, "district": district}
    return out


def rehabilitation_dates(raw: RawWorkbook, today: dt.date) -> dict[str, dt.date]:
    """Survivor ID -> end of the first completed Bimbingan Sosial / Pelatihan Keterampilan."""
    ends = {}
    for row in records(raw, "Kegiatan"):
        if category(schema.KEGIATAN, "kind", row["Jenis Kegiatan"]) in REHABILITATING:
            ends[row["ID Kegiatan"]] = read_date(row["Tanggal Selesai"])
    known = survivors(raw, today)
    first: dict[str, dt.date] = {}
    for row in records(raw, "Peserta"):
        sid, end = str(row["ID Korban"]).strip(), ends.get(row["ID Kegiatan"])
        status = category(schema.PESERTA, "status", row["Status"])
        if sid in known and end and end <= today and status == "Selesai":
            first[sid] = min(first.get(sid, end), end)
    return first


def rehabilitation_years(raw: RawWorkbook, today: dt.date) -> dict[str, int]:
    """Survivor ID -> the year of rehabilitation."""
    return {sid: day.year for sid, day in rehabilitation_dates(raw, today).items()}


# --------------------------------------------------------------------------- the published figures


@pytest.mark.parametrize("today", [dt.date(2024, 3, 1), TODAY, dt.date(2031, 12, 31)])
def test_the_2017_and_2018_cohorts_match_the_article(today):
    raw = demo.build_demo(today)
    years = rehabilitation_years(raw, today)
    per_year = Counter(years.values())
    assert per_year[2017] == 70 == demo.ANCHOR_2017
    assert per_year[2018] == 20 == demo.ANCHOR_2018
    assert sum(n for year, n in per_year.items() if year <= 2018) == 90

    known = survivors(raw, today)
    districts_2017 = Counter(known[sid]["district"] for sid, year in years.items() if year == 2017)
    assert districts_2017 == {district: 10 for district in ARTICLE_2017}
    assert demo.KECAMATAN_2017 == ARTICLE_2017
    assert {known[sid]["district"] for sid, year in years.items() if year == 2018} == {"Cikedung"}
    # Identified before their training, in 2016-2017 for the first cohort.
    assert {known[sid]["identified"].year for sid, y in years.items() if y == 2017} <= {2016, 2017}


def test_the_2018_cikedung_activity_has_the_articles_facts(raw):
    activities = [
        row
        for row in records(raw, "Kegiatan")
        if row["Materi"] == "Olahan kue kering"
        and row["Kecamatan"] == "Cikedung"
        and read_date(row["Tanggal Mulai"]).year == 2018
    ]
    assert len(activities) == 1
    activity = activities[0]
    assert activity["Nama Kegiatan"] == "Bimbingan Sosial dan Pelatihan Usaha Ekonomi Produktif (UEP)"
    assert activity["Jenis Kegiatan"] == "Pelatihan Keterampilan"
    assert activity["Tempat"] == "RSBM Tunas Mandiri, Desa Mundakjaya"
    starts, ends = read_date(activity["Tanggal Mulai"]), read_date(activity["Tanggal Selesai"])
    assert (starts, ends) == (dt.date(2018, 4, 9), dt.date(2018, 4, 10))
    assert (starts.strftime("%A"), ends.strftime("%A")) == ("Monday", "Tuesday")

    participants = [row for row in records(raw, "Peserta") if row["ID Kegiatan"] == activity["ID Kegiatan"]]
    assert len(participants) == 20
    assert {row["Status"] for row in participants} == {"Selesai"}
    assert {row["Bantuan Diterima"] for row in participants} == {"Paket peralatan kue"}
    assert all(row.get("Nilai Bantuan (Rp)") not in (None, "") for row in participants)


def test_the_2017_cohort_was_trained_in_fruit_processing(raw):
    activities = {row["ID Kegiatan"]: row for row in records(raw, "Kegiatan")}
    rehabilitated_on = rehabilitation_dates(raw, TODAY)
    topics = set()
    for row in records(raw, "Peserta"):
        sid, activity = str(row["ID Korban"]).strip(), activities[row["ID Kegiatan"]]
        day = rehabilitated_on.get(sid)
        if day and day.year == 2017 and read_date(activity["Tanggal Selesai"]) == day:
            topics.add(activity["Materi"])
    assert topics and all("buah" in topic.lower() for topic in topics)


def test_later_years_are_tens_per_year_and_far_fewer_than_known(raw):
    per_year = Counter(rehabilitation_years(raw, TODAY).values())
    for year in range(2019, TODAY.year):
        assert 5 <= per_year[year] <= 60, year
    assert per_year[2020] < per_year[2019] and per_year[2021] < per_year[2019]  # the pandemic
    known = survivors(raw, TODAY)
    assert sum(per_year.values()) < 0.6 * len(known)


# --------------------------------------------------------------------------- shape and realism


def test_the_demo_is_deterministic_and_a_later_date_only_adds_rows():
    assert demo.build_demo(TODAY) == demo.build_demo(TODAY)
    earlier, later = demo.build_demo(dt.date(2024, 6, 30)), demo.build_demo(TODAY)
    korban_before, korban_after = earlier.tabs["Korban"].rows, later.tabs["Korban"].rows
    assert korban_after[: len(korban_before)] == korban_before
    assert len(korban_after) > len(korban_before)


def test_the_demo_has_every_main_tab_with_the_contract_headers(raw):
    assert list(raw.tabs) == [t.name for t in schema.MAIN_TABS]
    for tab in schema.MAIN_TABS:
        assert list(tab.headers) in raw.tabs[tab.name].rows[:5]
    # A title and a blank line above the Korban header, as staff keep it.
    korban = raw.tabs["Korban"].rows
    assert korban[0] == [demo.KORBAN_TITLE] and korban[1] == [] and korban[2] == list(schema.KORBAN.headers)


def test_several_hundred_survivors_mostly_women_some_children(raw):
    rows = records(raw, "Korban")
    assert 300 <= len(rows) <= 900
    sexes = Counter(category(schema.KORBAN, "sex", row["Jenis Kelamin"]) for row in rows)
    assert sexes["Perempuan"] > 0.75 * len(rows) and sexes["Laki-laki"] > 0
    ages = [row["Usia"] for row in rows if isinstance(row.get("Usia"), int)]
    assert any(age < 18 for age in ages) and all(15 <= age <= 100 for age in ages)
    abroad = Counter(row.get("Lokasi Eksploitasi") for row in rows)
    assert abroad["Luar Negeri"] > abroad["Dalam Negeri"] > 0
    destinations = {row.get("Negara Tujuan") for row in rows}
    assert {"Arab Saudi", "Malaysia", "Taiwan", "Hong Kong"} <= destinations


def test_some_kecamatan_have_no_survivor_and_no_activity(raw):
    used = {category(schema.KORBAN, "district", row["Kecamatan"]) for row in records(raw, "Korban")}
    used |= {category(schema.KEGIATAN, "district", row["Kecamatan"]) for row in records(raw, "Kegiatan")}
    quiet = set(kecamatan.NAMES) - used
    assert len(quiet) >= 3
    assert quiet == set(demo.QUIET_KECAMATAN)


def test_no_names_nik_or_identity_columns(raw):
    identity_headers = set().union(
        *(c.header_keys() for c in schema.IDENTITAS.columns if c.key != "survivor_id")
    )
    for name, tab in raw.tabs.items():
        for row in tab.rows[:5]:
            assert not identity_headers & {normalise(cell) for cell in row}, name
        for row in tab.rows:
            for cell in row:
                assert not re.fullmatch(r"\d{16}", str(cell)), (name, cell)
    assert raw.find("Identitas") is None


def test_dates_and_money_come_in_the_formats_staff_type(raw):
    cells = [row["Tanggal Identifikasi"] for row in records(raw, "Korban")]
    assert sum(isinstance(c, int) for c in cells) > 0.8 * len(cells)
    texts = {c for c in cells if isinstance(c, str)}
    assert any(re.fullmatch(r"\d{2}/\d{2}/\d{4}", t) for t in texts)
    assert any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", t) for t in texts)
    assert any(re.fullmatch(r"\d{1,2} [A-Za-z]+ \d{4}", t) for t in texts)
    money = [row.get("Nilai Bantuan (Rp)") for row in records(raw, "Peserta")]
    money += [row.get("Pendapatan per Bulan (Rp)") for row in records(raw, "Pemantauan")]
    assert any(isinstance(m, int) for m in money)
    assert any(isinstance(m, str) and m.startswith("Rp") for m in money)
    assert any(isinstance(m, str) and ("ribu" in m or "jt" in m or "juta" in m) for m in money)


def test_statuses_support_activities_and_one_planned_activity(raw):
    activities = records(raw, "Kegiatan")
    kinds = {category(schema.KEGIATAN, "kind", row["Jenis Kegiatan"]) for row in activities}
    assert {
        "Bantuan Usaha",
        "Pendampingan Psikososial",
        "Pelatihan Keterampilan",
        "Bimbingan Sosial",
    } <= kinds
    statuses = Counter(category(schema.PESERTA, "status", row["Status"]) for row in records(raw, "Peserta"))
    assert statuses["Selesai"] > statuses["Tidak Selesai"] > 0 and statuses["Terdaftar"] > 0
    planned = [row for row in activities if read_date(row["Tanggal Mulai"]) > TODAY]
    assert len(planned) == 1
    registered = [row for row in records(raw, "Peserta") if row["ID Kegiatan"] == planned[0]["ID Kegiatan"]]
    assert registered and {row["Status"] for row in registered} == {"Terdaftar"}


def test_follow_up_visits_are_past_and_leave_recent_checkpoints_open(raw):
    visits = records(raw, "Pemantauan")
    visit_days: dict[str, list[dt.date]] = {}
    for row in visits:
        day = read_date(row["Tanggal Pemantauan"])
        assert day <= TODAY
        assert re.fullmatch(r"Petugas [A-Z][a-z]+", row["Petugas"])
        visit_days.setdefault(row["ID Korban"], []).append(day)
    assert {row["Status Usaha"] for row in visits} == set(schema.BUSINESS)

    rehabilitated_on = rehabilitation_dates(raw, TODAY)
    assert sum(sid in visit_days for sid in rehabilitated_on) > 0.7 * len(rehabilitated_on)
    # A 3-month checkpoint falling due around today, with no visit yet: a worklist entry.
    open_checkpoints = [
        sid
        for sid, day in rehabilitated_on.items()
        if -30 <= (TODAY - (day + dt.timedelta(days=91))).days <= 180
        and not any(abs((v - (day + dt.timedelta(days=91))).days) <= 30 for v in visit_days.get(sid, []))
    ]
    assert open_checkpoints


def test_one_target_row_per_year_to_two_years_ahead(raw):
    rows = records(raw, "Target")
    assert [row["Tahun"] for row in rows] == list(range(2017, TODAY.year + 3))
    targets = {row["Tahun"]: row["Target Rehabilitasi"] for row in rows}
    assert (targets[2017], targets[2018]) == (70, 20)
    assert all(30 <= targets[year] <= 60 for year in range(2019, TODAY.year + 3) if year != 2021)


def test_deliberate_problems_are_documented_with_known_codes():
    assert 6 <= len(demo.DELIBERATE_PROBLEMS) <= 10
    for tab, description, code in demo.DELIBERATE_PROBLEMS:
        assert tab in schema.TABS and description and code in RULES


def test_demo_refuses_a_date_before_its_problem_years():
    with pytest.raises(ValueError):
        demo.build_demo(dt.date(2020, 1, 1))


# --------------------------------------------------------------------------- through the real pipeline


def test_validation_reports_every_deliberate_problem_and_nothing_else(raw):
    from sheets.validate import validate

    issues = validate(raw, TODAY).issues
    codes = set(issues["code"])
    for tab, description, code in demo.DELIBERATE_PROBLEMS:
        assert code in set(issues.loc[issues["tab"] == tab, "code"]), (tab, code, description)
    # No accidental problem: errors and warnings are exactly the deliberate ones.
    serious = set(issues.loc[issues["severity"] != "info", "code"])
    assert serious == {code for _, _, code in demo.DELIBERATE_PROBLEMS}
    assert len(issues.loc[issues["severity"] != "info"]) == len(demo.DELIBERATE_PROBLEMS)
    assert codes  # the data-quality page has something to show

    # None of them touches the 2017/2018 cohorts.
    cohort = {sid for sid, year in rehabilitation_years(raw, TODAY).items() if year <= 2018}
    cohort_rows = {
        i for i, row in enumerate(raw.tabs["Korban"].rows, start=1) if row and str(row[0]).strip() in cohort
    }
    korban_rows = set(issues.loc[issues["tab"] == "Korban", "row"].dropna().astype(int))
    assert not korban_rows & cohort_rows


def test_the_pipeline_counts_the_article_figures(raw):
    from sheets import metrics
    from sheets.validate import validate

    data = metrics.Dataset.from_report(validate(raw, TODAY))
    per_year = metrics.rehabilitated_by_year(data, TODAY)
    assert (per_year[2017], per_year[2018]) == (70, 20)
    assert sum(n for year, n in per_year.items() if year <= 2018) == 90
    assert metrics.follow_up_due(data, TODAY) > 0
    assert 0 < metrics.coverage(data, TODAY) < 0.6
