"""Planning figures: "what if we rehabilitated N a year?", and registered against reported survivors.

Built on the one definition of the pace (`sheets.metrics.pace_from`), never beside it: a
chosen rate is a pace whose rehabilitations per year are that rate, with the identification
rate measured as the pace measures it (the mean of the last complete years). The year the
waiting list empties at that rate is the pace's own projection; the survivors to reach by
then are the pace's own "needed total" with that year as the target year (those waiting now
plus those expected to be identified until its end at the recent rate).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from sheets import metrics
from sheets.metrics import Dataset, Pace, pace_from


@dataclass(frozen=True)
class WhatIf:
    """The figures of one chosen rate: when everyone is reached, and what that costs."""

    rate: int  # rehabilitations per year chosen
    base: Pace  # the recent pace the scenario starts from
    reached_year: int | None  # the year the waiting list empties at `rate`; None: never
    to_reach: int | None  # survivors to rehabilitate by the end of `reached_year`
    cost_per_survivor: float | None  # the recent cost per rehabilitated survivor; None: unknown
    meets_target: bool | None  # reached by the end of the target year; None: no target ahead

    @property
    def is_done(self) -> bool:
        """Nobody is waiting: there is nothing left to plan for."""
        return self.base.waiting <= 0

    @property
    def never_closes(self) -> bool:
        """The chosen rate does not exceed the identification rate: the list never empties."""
        return not self.is_done and self.reached_year is None

    @property
    def budget_per_year(self) -> float | None:
        """What `rate` rehabilitations a year cost at the recent cost per survivor."""
        return None if self.cost_per_survivor is None else self.rate * self.cost_per_survivor

    @property
    def budget_total(self) -> float | None:
        """What reaching everyone (`to_reach`) costs at the recent cost per survivor."""
        if self.cost_per_survivor is None or self.to_reach is None:
            return None
        return self.to_reach * self.cost_per_survivor


def at_rate(base: Pace, rate: float, target_year: int | None) -> Pace:
    """`base` with `rate` rehabilitations a year (same day, waiting list and identification rate)."""
    span = len(base.years)
    # The identification rate is a mean of whole counts over `span` years: their sum is exact.
    identified = round(base.identified_per_year * span)
    return pace_from(
        base.as_of,
        base.waiting,
        {y: rate for y in base.years},
        {base.years[-1]: identified},
        target_year,
        span,
    )


def recent_cost(cost: pd.DataFrame, years: tuple[int, ...]) -> float | None:
    """Spending per rehabilitated survivor over `years` (`metrics.cost_by_year`'s frame).

    Only years whose spending is recorded count (a year with neither budgets nor aid has an
    unknown cost, not a cost of zero), and only when someone was rehabilitated in them.
    """
    rows = cost[cost["year"].isin(years) & cost["spent"].notna()]
    rehabilitated = int(rows["rehabilitated"].sum())
    if rows.empty or rehabilitated <= 0:
        return None
    return float(rows["spent"].sum()) / rehabilitated


def what_if(base: Pace, rate: int, cost_per_survivor: float | None) -> WhatIf:
    """The year everyone is reached at `rate` a year, how many that is, and whether the target is met."""
    if base.waiting <= 0:
        return WhatIf(rate, base, base.as_of.year, 0, cost_per_survivor, True)
    reached = at_rate(base, rate, base.target_year).projected_year
    to_reach = None if reached is None else at_rate(base, rate, reached).needed_total
    meets = None
    if base.target_year is not None and dt.date(base.target_year, 12, 31) > base.as_of:
        meets = reached is not None and reached <= base.target_year
    return WhatIf(rate, base, reached, to_reach, cost_per_survivor, meets)


def plan(ds: Dataset, as_of: dt.date, rate: int) -> WhatIf:
    """`what_if` for `ds` on `as_of`: the recent pace and the recent cost of the same years."""
    base = metrics.pace(ds, as_of)
    return what_if(base, rate, recent_cost(metrics.cost_by_year(ds, as_of), base.years))


def suggested_rates(base: Pace) -> tuple[int, int, int]:
    """The control's range and starting point: (least, most, start) rehabilitations a year.

    It starts at the pace the target needs (else the recent pace) and reaches well beyond
    both and beyond the identification rate, so every case can be tried.
    """
    start = base.needed_per_year if base.needed_per_year is not None else math.ceil(base.per_year)
    most = max(10, 2 * math.ceil(max(base.per_year, base.identified_per_year, start)), base.waiting // 2)
    return 0, int(most), int(max(0, min(start, most)))


def registered_and_reported(ds: Dataset, as_of: dt.date) -> pd.DataFrame:
    """Per year where `Korban Terlapor` is given: survivors registered (identified that year) and reported.

    Reported survivors are the office's count from other official sources (the Target tab);
    the gap is how many of them the registry does not hold (negative: it holds more).
    """
    yearly = metrics.by_year(ds, as_of)
    given = yearly[yearly["reported_known"].notna()]
    frame = pd.DataFrame(
        {
            "year": given["year"].astype("int64"),
            "registered": given["known"].astype("int64"),
            "reported": given["reported_known"].astype("int64"),
        }
    )
    frame["gap"] = frame["reported"] - frame["registered"]
    return frame.reset_index(drop=True)
