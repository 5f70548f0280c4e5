"""The "what if" figures as a table of cases, each worked out by hand from the pace's definition.

On the chart's axis the year Y stands for 31 December of Y, so on 31 December 2026 the axis is at
2026.0 and a waiting list that shrinks by 20 a year from 100 is empty at 2031.0: in 2031. On
1 July 2026 the axis is at 2025 + 182/365 = 2025.4986.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from sheets import planning
from sheets.metrics import last_complete_year, pace_from
from tests.sheets.test_metrics import activity, dataset, survivor, workbook

END_2026 = dt.date(2026, 12, 31)  # years measured: 2024-2026
MID_2026 = dt.date(2026, 7, 1)  # years measured: 2023-2025


def base(as_of, waiting, identified_per_year, target=2030, rehab_per_year=25):
    last = last_complete_year(as_of)
    years = range(last - 2, last + 1)
    return pace_from(
        as_of, waiting, {y: rehab_per_year for y in years}, {y: identified_per_year for y in years}, target
    )


@pytest.mark.parametrize(
    ("as_of", "waiting", "identified", "rate", "reached", "to_reach", "meets"),
    [
        # 100 waiting, 10 identified a year: at 30 the list shrinks by 20 a year, 5 years: 2031.
        # By the end of 2031 (5 years) 50 more are identified: 150 to reach. Too late for 2030.
        (END_2026, 100, 10, 30, 2031, 150, False),
        # At 60: 50 a year, 2 years, 2028; 20 more identified by then: 120.
        (END_2026, 100, 10, 60, 2028, 120, True),
        # At 45: 35 a year, 100/35 = 2.86 years, within 2029; 3 years of 10 identified: 130.
        (END_2026, 100, 10, 45, 2029, 130, True),
        # At the identification rate the list stands still; below it, it grows: never, no year.
        (END_2026, 100, 10, 10, None, None, False),
        (END_2026, 100, 10, 5, None, None, False),
        (END_2026, 100, 0, 0, None, None, False),
        # Nobody waiting: reached now, nothing to do.
        (END_2026, 0, 10, 30, 2026, 0, True),
        # Mid-year: 100 at 50 a year from 2025.4986 is empty at 2027.4986, in 2028; none identified.
        (MID_2026, 100, 0, 50, 2028, 100, True),
        # ... and with 12 identified a year at 62: the same year, plus round(12 x 2.5014) = 30.
        (MID_2026, 100, 12, 62, 2028, 130, True),
    ],
)
def test_what_if_cases(as_of, waiting, identified, rate, reached, to_reach, meets):
    plan = planning.what_if(base(as_of, waiting, identified), rate, 2_000_000.0)
    assert plan.reached_year == reached
    assert plan.to_reach == to_reach
    assert plan.never_closes is (reached is None)
    assert plan.meets_target is meets
    assert plan.budget_per_year == rate * 2_000_000.0
    assert plan.budget_total == (None if to_reach is None else to_reach * 2_000_000.0)


def test_the_chosen_rate_reaches_everyone_by_its_year_and_the_needed_pace_agrees():
    """At the pace the target needs, the list is reached by the target year (the one definition)."""
    start = base(END_2026, 355, 20, target=2028)
    assert start.needed_per_year == math.ceil((355 + 40) / 2)  # 198
    plan = planning.what_if(start, start.needed_per_year, None)
    assert plan.reached_year == 2028 and plan.meets_target
    assert planning.what_if(start, start.needed_per_year - 1, None).meets_target is False


def test_no_target_ahead_says_nothing_about_meeting_it():
    assert planning.what_if(base(END_2026, 100, 10, target=None), 30, None).meets_target is None
    assert planning.what_if(base(END_2026, 100, 10, target=2025), 30, None).meets_target is None


def test_unknown_cost_gives_no_budget():
    plan = planning.what_if(base(END_2026, 100, 10), 30, None)
    assert (plan.budget_per_year, plan.budget_total) == (None, None)
    assert plan.to_reach == 150


@pytest.mark.parametrize(
    ("spent", "rehabilitated", "cost"),
    [
        ([None, 10e6, 20e6], [5, 10, 5], 30e6 / 15),  # a year without any spending recorded is left out
        ([4e6, 0.0, 2e6], [2, 0, 1], 6e6 / 3),  # recorded zero spending counts as zero
        ([None, None, None], [5, 10, 5], None),  # no budget at all: unknown, never zero
        ([1e6, 1e6, 1e6], [0, 0, 0], None),  # nobody rehabilitated: no cost per survivor
    ],
)
def test_recent_cost_per_rehabilitated_survivor(spent, rehabilitated, cost):
    frame = pd.DataFrame(
        {"year": [2022, 2023, 2024, 2025], "spent": [9e9, *spent], "rehabilitated": [1, *rehabilitated]}
    )
    assert planning.recent_cost(frame, (2023, 2024, 2025)) == cost


def test_the_plan_of_a_dataset_uses_its_pace_and_its_cost():
    """Two rehabilitated in 2025 for Rp 8 juta; two identified in 2024-2026 (B, C), both still waiting."""
    ds = dataset(
        workbook(
            survivors=[
                survivor("A", "01/02/2023"),
                survivor("B", "01/02/2024"),
                survivor("C", "01/02/2025"),
                survivor("D", "01/02/2022"),
            ],
            activities=[
                activity("T25", "Pelatihan Keterampilan", "01/05/2025", "03/05/2025", budget="8 juta")
            ],
            participants=[["T25", "A", "Selesai", 3, None, None], ["T25", "D", "Selesai", 3, None, None]],
            targets=[[2027, 10, None, None]],
        ),
        today=END_2026,
    )
    plan = planning.plan(ds, END_2026, 3)
    assert plan.base.waiting == 2 and plan.base.identified_per_year == pytest.approx(2 / 3)
    assert plan.cost_per_survivor == 4_000_000.0
    # 3 a year against 2/3 identified: 2 / (7/3) = 0.857 years, within 2027; 1 identified by then.
    assert (plan.reached_year, plan.to_reach, plan.budget_total) == (2027, 3, 12_000_000.0)


def test_registered_and_reported_by_year():
    ds = dataset(
        workbook(
            survivors=[survivor("A", "01/02/2024"), survivor("B", "01/03/2024"), survivor("C", "01/02/2025")],
            activities=[],
            participants=[],
            targets=[[2024, 5, 12, None], [2025, 5, None, None], [2026, 5, 0, None]],
        )
    )
    frame = planning.registered_and_reported(ds, dt.date(2026, 11, 28))
    assert frame.to_dict("list") == {
        "year": [2024, 2026],
        "registered": [2, 0],
        "reported": [12, 0],
        "gap": [10, 0],
    }


@pytest.mark.parametrize(
    ("per_year", "identified", "needed", "start"), [(25, 10, 40, 40), (25, 10, None, 25)]
)
def test_the_control_starts_at_the_needed_pace_else_the_recent_one(per_year, identified, needed, start):
    target = 2030 if needed else None
    pace = base(END_2026, 150, identified, target=target, rehab_per_year=per_year)
    least, most, first = planning.suggested_rates(pace)
    assert least == 0 and first == (pace.needed_per_year or start) and most > max(first, identified)
