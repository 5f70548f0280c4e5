"""The figures, as CONTRACT.md defines them, on small workbooks whose answers can be counted by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from sheets import kecamatan
from sheets.metrics import (
    Dataset,
    Filters,
    business_running_share,
    by_category,
    by_district,
    by_year,
    checkpoints,
    cost_by_year,
    coverage,
    follow_up_due,
    follow_up_worklist,
    known,
    pace,
    rehabilitated,
    rehabilitated_by_year,
    summary,
)
from tests.sheets.test_validate import (
    KEGIATAN_HEAD,
    KORBAN_HEAD,
    PEMANTAUAN_HEAD,
    PESERTA_HEAD,
    TARGET_HEAD,
    run,
)


def survivor(sid, identified, district="Cikedung", sex="P", birth=None, age=None, abroad="Luar Negeri"):
    return [sid, identified, sex, birth, age, district, None, None, "Kerja Paksa", abroad, None, None]


def activity(aid, kind, start, end, district="Cikedung", budget=None):
    return [aid, f"Kegiatan {aid}", kind, None, start, end, None, district, None, budget, None]


def workbook(survivors, activities, participants, visits=(), targets=()):
    return {
        "Korban": [KORBAN_HEAD, *survivors],
        "Kegiatan": [KEGIATAN_HEAD, *activities],
        "Peserta": [PESERTA_HEAD, *participants],
        "Pemantauan": [PEMANTAUAN_HEAD, *visits],
        "Target": [TARGET_HEAD, *targets],
    }


def dataset(tabs, today=dt.date(2026, 11, 28)):
    report = run(tabs, today)
    assert not report.has_errors, report.issues
    return Dataset.from_report(report)


@pytest.fixture
def ds():
    return dataset(
        workbook(
            survivors=[
                survivor("A", "01/02/2017", "Sliyeg", birth="01/01/2005"),  # a child at identification
                survivor("B", "01/02/2017", "Sliyeg", sex="L", age=30),
                survivor("C", "01/02/2018", "Cikedung", age=40),
                survivor("D", "01/02/2018", "Cikedung"),
                survivor("E", "01/06/2019", "Bongas"),
            ],
            activities=[
                activity(
                    "T17", "Pelatihan Keterampilan", "01/05/2017", "03/05/2017", "Sliyeg", "Rp 10.000.000"
                ),
                activity("B18", "Bimbingan Sosial", "09/04/2018", "10/04/2018", budget="5 juta"),
                activity("U18", "Bantuan Usaha", "01/03/2018", "01/03/2018"),  # aid, not rehabilitation
                activity("T19", "Pelatihan Keterampilan", "01/12/2019", "02/12/2019", "Bongas"),
            ],
            participants=[
                ["T17", "A", "Selesai", 3, None, "1.000.000"],
                ["T17", "B", "Tidak Selesai", 1, None, None],
                ["B18", "B", "Selesai", 2, None, None],  # B's first qualifying completion is 2018
                ["T19", "A", "Selesai", 2, None, None],  # A already counted in 2017
                ["U18", "C", "Selesai", 1, "Modal", "2.000.000"],  # does not rehabilitate
                ["B18", "D", "Terdaftar", None, None, None],  # registered only
                ["T19", "E", "Selesai", 2, None, None],
            ],
            visits=[
                ["A", "03/08/2017", "Berjalan", "500 ribu", "Ya", "Petugas Rina", None],
                ["A", "03/11/2017", "Berhenti", None, "Ya", "Petugas Rina", None],  # latest for A
                ["B", "10/07/2018", "Berjalan", "1 jt", "Tidak", "Petugas Dodi", None],
            ],
            targets=[
                [2017, 10, None, None],
                [2018, 5, None, None],
                [2019, 5, None, None],
                [2030, 5, None, None],
            ],
        )
    )


def test_known_and_rehabilitated_follow_the_definitions(ds):
    today = dt.date(2026, 11, 28)
    assert known(ds, today) == 5
    assert rehabilitated(ds, today) == 3  # A (2017), B (2018), E (2019); C only got aid, D only registered
    assert coverage(ds, today) == pytest.approx(3 / 5)
    assert rehabilitated_by_year(ds, today) == {
        2017: 1,
        2018: 1,
        2019: 1,
        **{y: 0 for y in range(2020, 2027)},
    }


def test_figures_as_of_a_past_date_ignore_later_rows(ds):
    end_2017 = dt.date(2017, 12, 31)
    assert known(ds, end_2017) == 2
    assert rehabilitated(ds, end_2017) == 1
    assert rehabilitated(ds, dt.date(2018, 4, 9)) == 1  # the activity ends on the 10th
    assert rehabilitated(ds, dt.date(2018, 4, 10)) == 2


def test_by_year_cumulates_and_carries_targets(ds):
    frame = by_year(ds, dt.date(2019, 12, 31))
    assert frame["year"].tolist() == [2017, 2018, 2019]
    assert frame["known"].tolist() == [2, 2, 1]
    assert frame["known_cumulative"].tolist() == [2, 4, 5]
    assert frame["rehabilitated_cumulative"].tolist() == [1, 2, 3]
    assert frame["target"].tolist() == [10, 5, 5]
    assert frame["coverage"].tolist() == pytest.approx([0.5, 0.5, 0.6])


def test_by_district_lists_all_31_sorted_by_gap(ds):
    frame = by_district(ds, dt.date(2026, 11, 28))
    assert len(frame) == 31
    assert set(frame["district"]) == set(kecamatan.NAMES)
    assert frame.iloc[0]["district"] == "Cikedung"  # 2 known, 0 rehabilitated
    row = frame.set_index("district").loc["Sliyeg"]
    assert (row["known"], row["rehabilitated"], row["coverage"]) == (2, 2, 1.0)
    assert frame.set_index("district").loc["Patrol", "known"] == 0


def test_breakdowns_by_sex_and_age(ds):
    today = dt.date(2026, 11, 28)
    sex = by_category(ds, today, "sex").set_index("sex")
    assert sex.loc["Perempuan", "known"] == 4 and sex.loc["Laki-laki", "rehabilitated"] == 1
    age = by_category(ds, today, "age_group").set_index("age_group")
    assert age.loc["0-14", "known"] == 1  # born 2005, identified 2017: 12
    assert age.loc["25-34", "known"] == 1 and age.loc["35-44", "known"] == 1
    child = by_category(ds, today, "child").set_index("child")
    assert child.loc["True", "known"] == 1


def test_pace_and_projection(ds):
    p = pace(ds, dt.date(2019, 12, 31))
    assert p.years == (2017, 2018, 2019)
    assert p.per_year == pytest.approx(1.0)
    assert p.identified_per_year == pytest.approx(5 / 3)  # more identified than rehabilitated
    assert p.waiting == 2
    assert p.projected_year is None  # the list grows: it never empties at this pace
    assert p.target_year == 2030
    # 2 waiting + 18 expected (5/3 a year for 11 years), over the 11 years left
    assert (p.expected_new, p.needed_per_year) == (18, 2)


# as_of, waiting, rehabilitated per year, identified per year (2023-2025 or 2024-2026), target
#   -> projected year, years left, expected new, needed per year
PACE_CASES = [
    # the demo's situation: the list grows, 2028 is 2.09 years away on 28 November 2026
    (dt.date(2026, 11, 28), 354, 26, 52, 2028, None, 2.09, 109, 222),
    # the same list on 30 December: 2 years and a day left, and the rates are still 2023-2025
    (dt.date(2026, 12, 30), 354, 26, 52, 2028, None, 2.00, 104, 229),
    # 31 December: the year is complete, it joins the rates (2024-2026)
    (dt.date(2026, 12, 31), 354, 30, 30, 2028, None, 2.00, 60, 207),
    # a shrinking list: 60 a year rehabilitated, 20 identified, 100 waiting -> empty 2.5 years on (Dec 2028)
    (dt.date(2026, 6, 30), 100, 60, 20, 2030, 2028, 4.50, 90, 43),
    # shrinking exactly to the end of a year: 30 net a year, 60 waiting on 31 Dec 2025 -> end of 2027
    (dt.date(2025, 12, 31), 60, 40, 10, 2030, 2027, 5.00, 50, 22),
    # the target is this year: less than a year left, the rate is over what is left
    (dt.date(2026, 11, 28), 10, 5, 0, 2026, 2028, 0.09, 0, 111),
    # the target year has passed (or ends today): nothing is needed per year, the sentence says so
    (dt.date(2026, 12, 31), 10, 5, 0, 2026, 2028, None, None, None),
    (dt.date(2026, 3, 1), 10, 5, 0, 2025, 2028, None, None, None),
    # no target at all
    (dt.date(2026, 3, 1), 10, 5, 5, None, None, None, None, None),
    # nothing waiting: done this year
    (dt.date(2026, 3, 1), 0, 5, 0, 2028, 2026, 2.84, 0, 0),
]


@pytest.mark.parametrize("as_of,waiting,rehab,ident,target,projected,left,expected,needed", PACE_CASES)
def test_pace_from_counts(as_of, waiting, rehab, ident, target, projected, left, expected, needed):
    from sheets.metrics import last_complete_year, pace_from

    last = last_complete_year(as_of)
    years = range(last - 2, last + 1)
    p = pace_from(as_of, waiting, {y: rehab for y in years}, {y: ident for y in years}, target)
    assert p.years == tuple(years)
    assert p.projected_year == projected
    assert (None if p.years_left is None else round(p.years_left, 2)) == left
    assert (p.expected_new, p.needed_per_year) == (expected, needed)
    if needed:  # the needed pace closes the gap in the time left, and no less
        assert needed * p.years_left >= waiting + expected > (needed - 1) * p.years_left


def test_needed_pace_counts_this_years_remainder_not_a_whole_year():
    from sheets.metrics import pace_from

    rates = {2023: 26, 2024: 26, 2025: 26}
    november = pace_from(dt.date(2026, 11, 28), 355, rates, {}, 2028)
    january = pace_from(dt.date(2026, 1, 2), 355, rates, {}, 2028)
    # 355 over 3 years would be 119: with 2026 almost over, 2.09 years are left
    assert november.needed_per_year == 170 and january.needed_per_year == 119


def test_pace_uses_complete_years_only(ds):
    assert pace(ds, dt.date(2019, 6, 30)).years == (2016, 2017, 2018)


def test_business_running_share_uses_the_latest_visit(ds):
    # A's latest says Berhenti, B's says Berjalan; E has no visit and is not in the denominator.
    assert business_running_share(ds, dt.date(2026, 11, 28)) == pytest.approx(0.5)
    # Before A's second visit, A's latest said Berjalan (B was not rehabilitated yet).
    assert business_running_share(ds, dt.date(2017, 9, 1)) == pytest.approx(1.0)


def test_checkpoints_done_due_overdue_missed(ds):
    # E was rehabilitated on 2 Dec 2019: checkpoints 2 Mar, 2 Jun and 2 Dec 2020; no visits.
    cps = checkpoints(ds, dt.date(2020, 3, 20)).set_index(["survivor_id", "checkpoint"])
    assert cps.loc[("E", 3), "state"] == "due"
    assert cps.loc[("E", 6), "state"] == "upcoming"
    # A's 3-month checkpoint (3 Aug 2017) was visited on the day.
    assert cps.loc[("A", 3), "state"] == "done"
    assert cps.loc[("A", 6), "state"] == "done"  # 3 Nov 2017
    assert cps.loc[("A", 12), "state"] == "missed"
    later = checkpoints(ds, dt.date(2020, 5, 1)).set_index(["survivor_id", "checkpoint"])
    assert later.loc[("E", 3), "state"] == "overdue"


def test_follow_up_worklist_most_overdue_first(ds):
    # On 10 May 2020, E's 3-month visit (2 Mar) is overdue and the 6-month one (2 Jun) is due.
    work = follow_up_worklist(ds, dt.date(2020, 5, 10))
    assert work[["survivor_id", "checkpoint"]].values.tolist() == [["E", 3], ["E", 6]]
    assert work["days_late"].tolist() == [69, -23]
    assert follow_up_due(ds, dt.date(2020, 5, 10)) == 1
    assert follow_up_due(ds, dt.date(2020, 1, 1)) == 0


def test_cost_per_rehabilitated_survivor(ds):
    cost = cost_by_year(ds, dt.date(2019, 12, 31)).set_index("year")
    assert cost.loc[2017, "spent"] == 11_000_000  # budget 10 jt + aid 1 jt
    assert cost.loc[2017, "cost_per_rehabilitated"] == 11_000_000
    assert cost.loc[2018, "spent"] == 7_000_000  # Bimbingan 5 jt + aid in Bantuan Usaha 2 jt
    assert cost.loc[2018, "cost_per_rehabilitated"] == 7_000_000
    assert (
        cost.loc[2019, "cost_per_rehabilitated"] is None
        or str(cost.loc[2019, "cost_per_rehabilitated"]) == "<NA>"
    )


def test_filters_change_the_figures(ds):
    today = dt.date(2026, 11, 28)
    cikedung = ds.filtered(Filters(districts=("Cikedung",)))
    assert (known(cikedung, today), rehabilitated(cikedung, today)) == (2, 0)
    women = ds.filtered(Filters(sexes=("Perempuan",)))
    assert (known(women, today), rehabilitated(women, today)) == (4, 2)
    guidance = ds.filtered(Filters(activity_kinds=("Bimbingan Sosial",)))
    assert rehabilitated(guidance, today) == 1  # only B
    assert len(by_district(cikedung, today)) == 1


def test_summary_has_the_cli_keys(ds):
    figures = summary(ds, dt.date(2026, 11, 28))
    for key in (
        "known",
        "rehabilitated",
        "coverage",
        "rehabilitated_by_year",
        "known_by_year",
        "by_district",
        "business_running_share",
        "follow_up_due",
    ):
        assert key in figures
    assert len(figures["by_district"]) == 31


def test_excluded_rows_do_not_count():
    tabs = workbook(
        survivors=[survivor("A", "01/02/2017"), survivor("B", "01/02/2017", district="Cikedong")],
        activities=[activity("T", "Pelatihan Keterampilan", "01/05/2017", "03/05/2017", budget="dua juta")],
        participants=[["T", "A", "Selesai", 3, None, None], ["T", "B", "Selesai", 3, None, None]],
    )
    report = run(tabs)
    data = Dataset.from_report(report)
    # B is excluded (unknown kecamatan); the budget typo only blanks the budget.
    assert (known(data, dt.date(2020, 1, 1)), rehabilitated(data, dt.date(2020, 1, 1))) == (1, 1)


# --------------------------------------------------------------------------- issue 9: per-year figures add up


def test_years_before_the_axis_are_a_bucket_so_years_add_up_to_the_totals():
    ds = dataset(
        workbook(
            survivors=[
                survivor("OLD", "05/03/1998"),
                survivor("A", "01/02/2017"),
                survivor("B", "01/02/2018"),
            ],
            activities=[
                activity("T98", "Pelatihan Keterampilan", "01/06/1998", "02/06/1998", budget="1,5 M"),
                activity("T18", "Bimbingan Sosial", "09/04/2018", "10/04/2018", budget="Rp 2 jt"),
            ],
            participants=[
                ["T98", "OLD", "Selesai", 2, None, "500 rb"],
                ["T18", "A", "Selesai", 2, None, None],
            ],
            targets=[[2018, 20, None, "Rp 1 M"]],
        )
    )
    figures = summary(ds, dt.date(2026, 11, 28))
    assert figures["known_by_year"]["<2000"] == 1 and figures["rehabilitated_by_year"]["<2000"] == 1
    assert sum(figures["known_by_year"].values()) == figures["known"] == 3
    assert sum(figures["rehabilitated_by_year"].values()) == figures["rehabilitated"] == 2
    money = figures["money"]
    assert money["by_year"]["<2000"]["budget"] == 1_500_000_000  # 1,5 miliar, not 1,5 juta
    assert money["by_year"]["<2000"]["aid"] == 500_000
    assert money["by_year"]["2018"]["budget"] == 2_000_000
    assert money["by_year"]["2018"]["planned_budget"] == 1_000_000_000
    assert money["budget"] == sum(y["budget"] or 0 for y in money["by_year"].values()) == 1_502_000_000
    assert money["spent"] == 1_502_500_000
    assert money["cost_per_rehabilitated"] == pytest.approx(1_502_500_000 / 2)
    assert money["by_year"]["2018"]["cost_per_rehabilitated"] == 2_000_000
