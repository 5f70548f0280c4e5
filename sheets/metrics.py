"""The figures, exactly as CONTRACT.md defines them, computed from the used rows only.

`Dataset.from_report(report)` joins the tabs once (each survivor with the date
of their rehabilitation); every figure is then a cheap function of a dataset and
an "as of" date: rows dated after it do not exist yet. Coverage and shares are
fractions from 0 to 1 (None when the denominator is zero).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, SupportsFloat

import numpy as np
import pandas as pd
from pandas.api.typing import NAType

from sheets.frames import factorize, is_missing, isin, lookup, positions, whole_years
from sheets.schema import REHABILITATING_KINDS, SHIPPED_DISTRICTS
from sheets.validate import Report

CHECKPOINT_MONTHS = (3, 6, 12)
WINDOW_DAYS = 30  # a checkpoint is due from 30 days before to 30 days after
OVERDUE_DAYS = 180  # ... overdue until 180 days after, missed later
AGE_BANDS = (
    (0, 14, "0-14"),
    (15, 17, "15-17"),
    (18, 24, "18-24"),
    (25, 34, "25-34"),
    (35, 44, "35-44"),
    (45, 200, "45+"),
)
CHILD_AGE = 18
AXIS_START = 2000


@dataclass(frozen=True)
class Filters:
    """The dashboard's global filters; empty tuples mean "all"."""

    years: tuple[int, int] | None = None
    districts: tuple[str, ...] = ()
    sexes: tuple[str, ...] = ()
    activity_kinds: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return self.years is None and not (self.districts or self.sexes or self.activity_kinds)

    @property
    def subsets_survivors(self) -> bool:
        """True when the view holds only some survivors (kecamatan or sex), not all of them."""
        return bool(self.districts or self.sexes)

    def as_of(self, day: dt.date) -> dt.date:
        """The day a view's figures describe: `day`, or the end of the years chosen when they end earlier.

        A year filter is a period: every figure of the page (tiles, running totals, the pace)
        is then taken at its end, and yearly charts show its years.
        """
        if self.years is None:
            return day
        return min(day, dt.date(self.years[1], 12, 31))


@dataclass(frozen=True)
class Dataset:
    """The used rows of every tab, joined once: the input of every figure."""

    survivors: pd.DataFrame  # one row per survivor, with rehab_on, age_at_id, age_group, child
    activities: pd.DataFrame
    participants: pd.DataFrame  # with the activity's kind, ends_on and the survivor's district
    visits: pd.DataFrame
    targets: pd.DataFrame
    filters: Filters = field(default_factory=Filters)
    # The office's kecamatan, (code, name) each: what `by_district` lists (the report's own list).
    districts: tuple[tuple[str, str], ...] = SHIPPED_DISTRICTS
    # What several figures of a page ask for, per day, worked out once: the known and rehabilitated
    # masks and the follow-up checkpoints. A view is a new Dataset (`dataclasses.replace` leaves this
    # out), with its own. What is kept here is never changed by its readers.
    _per_day: dict[tuple[str, dt.date], Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def from_report(cls, report: Report) -> Dataset:
        """Join the report's used rows into the frames that the figures need."""
        survivors = report.table("Korban").copy()
        activities = report.table("Kegiatan").copy()
        participants = report.table("Peserta").copy()
        visits = report.table("Pemantauan").copy()
        targets = report.table("Target").sort_values("year").reset_index(drop=True)

        act = activities.set_index("activity_id")
        # Column by column: pandas sets several columns from a frame at a time much more slowly.
        for name, column in lookup(
            participants["activity_id"], act[["kind", "ends_on", "starts_on"]]
        ).items():
            participants[name] = column
        who = survivors.set_index("survivor_id")
        for name, column in lookup(participants["survivor_id"], who[["district", "sex"]]).items():
            participants[name] = column
        # Each participant's share of the activity's budget: what a view of some survivors costs.
        seats = participants["activity_id"].value_counts()
        participants["budget_share"] = lookup(participants["activity_id"], act["budget"]).astype(
            "Float64"
        ) / lookup(participants["activity_id"], seats).astype("Float64")
        visits["district"] = lookup(visits["survivor_id"], who["district"])

        age = whole_years(survivors["birth_date"], survivors["identified_on"])
        survivors["age_at_id"] = age.fillna(survivors["age"]).astype("Int64")
        survivors["age_group"] = _age_band(survivors["age_at_id"])
        survivors["child"] = (survivors["age_at_id"] < CHILD_AGE).astype("boolean")
        survivors["identified_year"] = _years(survivors["identified_on"])
        return cls(
            survivors, activities, participants, visits, targets, districts=report.districts
        )._with_rehabilitation()

    def _with_rehabilitation(self) -> Dataset:
        survivors = self.survivors.copy()
        done = self.participants
        rehabilitating = isin(done["kind"], pd.Index(self._rehab_kinds(), dtype=done["kind"].dtype))
        qualifying = (done["status"].eq("Selesai") & rehabilitating).fillna(False)
        # Each survivor's earliest qualifying end: a minimum per ID gathered by position (a group-by's
        # minimum without its overhead), then looked up for every survivor.
        ends = done["ends_on"].to_numpy(dtype="datetime64[s]")
        take = qualifying.to_numpy(dtype=bool) & ~np.isnat(ends)
        codes, ids = factorize(done["survivor_id"][take])
        first = np.full(len(ids), np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(first, codes[codes >= 0], ends[take].view(np.int64)[codes >= 0])
        first_end = pd.Series(first.view("datetime64[s]"), index=pd.Index(ids))
        rehab_on = lookup(survivors["survivor_id"], first_end).astype("datetime64[s]")
        survivors["rehab_on"] = rehab_on
        survivors["rehab_year"] = _years(rehab_on)
        return replace(self, survivors=survivors)

    def _rehab_kinds(self) -> tuple[str, ...]:
        kinds = self.filters.activity_kinds
        return tuple(k for k in REHABILITATING_KINDS if not kinds or k in kinds)

    def filtered(self, filters: Filters) -> Dataset:
        """The same data seen through the dashboard's filters (kecamatan, sex, activity kind, years).

        Kecamatan and sex choose survivors; their participations, visits and the activities they
        attended follow. Years only choose the period (`Filters.as_of`, `year_span`).
        """
        if filters.is_empty and self.filters.is_empty:
            return self
        survivors, participants, visits, activities = (
            self.survivors,
            self.participants,
            self.visits,
            self.activities,
        )
        held_here = activities["district"].isin(filters.districts) if filters.districts else None
        if filters.districts:
            survivors = survivors[survivors["district"].isin(filters.districts)]
        if filters.sexes:
            survivors = survivors[survivors["sex"].isin(filters.sexes)]
        if filters.activity_kinds:
            activities = activities[activities["kind"].isin(filters.activity_kinds)]
            participants = participants[participants["kind"].isin(filters.activity_kinds)]
        ids = survivors["survivor_id"]
        participants = participants[isin(participants["survivor_id"], ids)]
        visits = visits[isin(visits["survivor_id"], ids)]
        if filters.subsets_survivors:
            # The activities the view's survivors took part in (wherever held), and every
            # activity held in the chosen kecamatan.
            attended = isin(activities["activity_id"], participants["activity_id"])
            activities = activities[
                attended
                if held_here is None
                else attended | held_here.reindex(activities.index, fill_value=False)
            ]
        return replace(
            self,
            survivors=survivors,
            participants=participants,
            visits=visits,
            activities=activities,
            filters=filters,
        )._with_rehabilitation()

    def year_span(self, as_of: dt.date) -> tuple[int, int]:
        """First and last year with any record up to `as_of` (the axis of yearly charts)."""
        years = np.concatenate(
            [_year_numbers(self.survivors["identified_on"]), _year_numbers(self.activities["ends_on"])]
        )
        years = years[years <= as_of.year]  # NaN (no date) is not
        # Yearly axes start no earlier than 2000 (the contract's first target year); a stray
        # older date (a two-digit year read as 19yy) is still counted, in the first year's total.
        first = max(int(years.min()), AXIS_START) if len(years) else as_of.year
        if self.filters.years:
            return max(first, self.filters.years[0]), min(as_of.year, self.filters.years[1])
        return first, as_of.year


_AGE_HIGHS = np.array([high for _, high, _ in AGE_BANDS], dtype="float64")
_AGE_LABELS = pd.array([label for _, _, label in AGE_BANDS], dtype="string")


def _age_band(age: pd.Series) -> pd.Series:
    """Each age's band label (`AGE_BANDS`, the highs inclusive); NA when missing or outside them all."""
    years = age.to_numpy(dtype="float64", na_value=np.nan)
    band = np.searchsorted(_AGE_HIGHS, years, side="left")  # the first band whose high it does not pass
    band[~((years >= AGE_BANDS[0][0]) & (years <= _AGE_HIGHS[-1]))] = -1  # NaN compares False: missing
    return pd.Series(_AGE_LABELS.take(band, allow_fill=True), index=age.index, name=age.name)


def _ts(as_of: dt.date) -> pd.Timestamp:
    return pd.Timestamp(as_of)


def _year_numbers(dates: pd.Series) -> np.ndarray:
    """Each date's year as a float (NaN where there is no date): `dates.dt.year` without pandas' overhead."""
    if not (isinstance(dates.dtype, np.dtype) and dates.dtype.kind == "M"):
        return dates.dt.year.to_numpy(dtype="float64", na_value=np.nan)
    days = dates.to_numpy()
    years = (days.astype("datetime64[Y]").astype(np.int64) + 1970).astype("float64")
    years[np.isnat(days)] = np.nan
    return years


def _years(dates: pd.Series) -> pd.Series:
    """`dates.dt.year` as whole numbers (Int64, NA where there is no date)."""
    return pd.Series(pd.array(_year_numbers(dates), dtype="Int64"), index=dates.index, name=dates.name)


def _numbers(values: pd.Series) -> np.ndarray:
    """A column of whole numbers (years) as floats, NaN where missing."""
    return values.to_numpy(dtype="float64", na_value=np.nan)


def _per_year(years: np.ndarray, first: int, last: int) -> np.ndarray:
    """How many of `years` (floats, NaN: none) fall in each year from `first` to `last`."""
    inside = years[(years >= first) & (years <= last)].astype(np.int64) - first
    return np.bincount(inside, minlength=max(last - first + 1, 0))


def _sum_per_year(values: pd.Series, years: np.ndarray, first: int, last: int) -> np.ndarray:
    """The sum of `values` in each year from `first` to `last`, NaN for a year with none (`min_count=1`)."""
    amounts = _numbers(values)
    inside = ~np.isnan(amounts) & (years >= first) & (years <= last)
    at, amounts = years[inside].astype(np.int64) - first, amounts[inside]
    size = max(last - first + 1, 0)
    if not (np.all(amounts == np.round(amounts)) and np.abs(amounts).sum() < 2**53):
        # Shares of budgets are fractions: pandas' compensated sum, so a view's figures do not
        # depend on the order the rows were added in. (Whole rupiah add up exactly in any order.)
        per = pd.Series(amounts).groupby(at).sum()
        return per.reindex(range(size)).to_numpy(dtype="float64")
    sums = np.bincount(at, weights=amounts, minlength=size).astype("float64")  # (int when empty)
    sums[np.bincount(at, minlength=size) == 0] = np.nan
    return sums


def _count_by(values: pd.Series, labels: pd.Index) -> np.ndarray:
    """How many of `values` equal each of `labels` (unique): `value_counts().reindex(labels, fill_value=0)`."""
    at = positions(values, labels)
    return np.bincount(at[at >= 0], minlength=len(labels))


# --------------------------------------------------------------------------- counts


def known_mask(ds: Dataset, as_of: dt.date) -> pd.Series:
    """Survivors identified on or before `as_of` (the same object on every call: do not change it)."""
    mask = ds._per_day.get(("known", as_of))
    if mask is None:
        mask = ds._per_day[("known", as_of)] = (ds.survivors["identified_on"] <= _ts(as_of)).fillna(False)
    return mask


def rehabilitated_mask(ds: Dataset, as_of: dt.date) -> pd.Series:
    """Known survivors whose first qualifying activity ended on or before `as_of` (kept as `known_mask`)."""
    mask = ds._per_day.get(("rehabilitated", as_of))
    if mask is None:
        rehabilitated = (ds.survivors["rehab_on"] <= _ts(as_of)).fillna(False)
        mask = ds._per_day[("rehabilitated", as_of)] = known_mask(ds, as_of) & rehabilitated
    return mask


def known(ds: Dataset, as_of: dt.date) -> int:
    """Known survivors on `as_of`."""
    return int(known_mask(ds, as_of).sum())


def rehabilitated(ds: Dataset, as_of: dt.date) -> int:
    """Rehabilitated survivors on `as_of`."""
    return int(rehabilitated_mask(ds, as_of).sum())


def share(part: float, whole: float) -> float | None:
    """part / whole, or None when there is nothing to divide by."""
    return None if not whole else float(part) / float(whole)


def coverage(ds: Dataset, as_of: dt.date) -> float | None:
    """Rehabilitated / known on `as_of`."""
    return share(rehabilitated(ds, as_of), known(ds, as_of))


def by_year(ds: Dataset, as_of: dt.date) -> pd.DataFrame:
    """Per year: new identifications, rehabilitations, their running totals, coverage and the target."""
    first, last = ds.year_span(as_of)
    k = known_mask(ds, as_of).to_numpy(dtype=bool)
    r = rehabilitated_mask(ds, as_of).to_numpy(dtype=bool)
    identified, rehabilitated = (
        _numbers(ds.survivors["identified_year"])[k],
        _numbers(ds.survivors["rehab_year"])[r],
    )
    known_n, rehab_n = _per_year(identified, first, last), _per_year(rehabilitated, first, last)
    # Arrays, then one frame: a page asks for this table several times per view, and each pandas
    # column operation on a table of a dozen rows costs more than the counting.
    known_cum = np.cumsum(known_n) + int((identified < first).sum())
    rehab_cum = np.cumsum(rehab_n) + int((rehabilitated < first).sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage = rehab_cum / known_cum
    years = np.arange(first, last + 1, dtype=np.int64)
    return pd.DataFrame(
        {
            "year": years,
            "known": known_n,
            "rehabilitated": rehab_n,
            "known_cumulative": known_cum,
            "rehabilitated_cumulative": rehab_cum,
            "coverage": pd.arrays.FloatingArray(coverage, known_cum <= 0),
            "target": _per_target_year(ds.targets, "target", years),
            "reported_known": _per_target_year(ds.targets, "reported_known", years),
        }
    )


def _per_target_year(
    targets: pd.DataFrame, column: str, years: np.ndarray
) -> pd.api.extensions.ExtensionArray:
    """The Target tab's `column` for each of `years` (Int64, NA for a year it does not give)."""
    given = dict(zip(targets["year"].tolist(), targets[column].tolist()))
    values = (given.get(int(year)) for year in years)
    return pd.array([None if v is None or pd.isna(v) else int(v) for v in values], dtype="Int64")


def known_by_year(ds: Dataset, as_of: dt.date, *, yearly: pd.DataFrame | None = None) -> dict[int, int]:
    """Year -> survivors newly identified that year (`yearly`: `by_year(ds, as_of)` if known)."""
    frame = by_year(ds, as_of) if yearly is None else yearly
    return {int(y): int(n) for y, n in zip(frame["year"], frame["known"])}


def rehabilitated_by_year(
    ds: Dataset, as_of: dt.date, *, yearly: pd.DataFrame | None = None
) -> dict[int, int]:
    """Year -> survivors whose rehabilitation year it is (`yearly`: `by_year(ds, as_of)` if known)."""
    frame = by_year(ds, as_of) if yearly is None else yearly
    return {int(y): int(n) for y, n in zip(frame["year"], frame["rehabilitated"])}


def by_district(ds: Dataset, as_of: dt.date) -> pd.DataFrame:
    """Every kecamatan of the office (Indramayu's 31): code, known, rehabilitated, waiting, coverage,
    activities held; sorted by gap (most waiting first, then most known, then by name)."""
    names = np.array([name for _, name in ds.districts], dtype=object)
    labels = pd.Index(names, dtype="string")
    known_n = _count_by(ds.survivors.loc[known_mask(ds, as_of), "district"], labels)
    rehabilitated_n = _count_by(ds.survivors.loc[rehabilitated_mask(ds, as_of), "district"], labels)
    held = ds.activities[(ds.activities["starts_on"] <= _ts(as_of)).fillna(False)]
    waiting = known_n - rehabilitated_n
    shown = np.isin(names, list(ds.filters.districts)) if ds.filters.districts else np.ones(len(names), bool)
    by_name = np.argsort(np.argsort(names, kind="stable"), kind="stable")  # each name's place in name order
    order = np.flatnonzero(shown)[np.lexsort((by_name[shown], -known_n[shown], -waiting[shown]))]
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage = np.where(known_n > 0, rehabilitated_n / known_n, np.nan)  # NaN: nothing to divide by
    return pd.DataFrame(
        {
            "district": names[order],
            "code": np.array([code for code, _ in ds.districts], dtype=object)[order],
            "known": known_n[order],
            "rehabilitated": rehabilitated_n[order],
            "waiting": waiting[order],
            "coverage": pd.array(coverage[order], dtype="Float64"),
            "activities": _count_by(held["district"], labels)[order],
        }
    )


BREAKDOWNS = (
    "sex",
    "age_group",
    "child",
    "exploitation",
    "exploited_abroad",
    "destination",
    "referral_source",
)


def by_category(ds: Dataset, as_of: dt.date, column: str) -> pd.DataFrame:
    """Known, rehabilitated and coverage per value of `column` (one of BREAKDOWNS); missing values as NA."""
    k = known_mask(ds, as_of)
    r = rehabilitated_mask(ds, as_of)
    values = ds.survivors[column].astype("string")
    known_n = values[k].value_counts(dropna=False)
    rehab_n = values[r].value_counts(dropna=False).reindex(known_n.index, fill_value=0)
    frame = pd.DataFrame({"known": known_n.astype("int64"), "rehabilitated": rehab_n.astype("int64")})
    frame["coverage"] = (frame["rehabilitated"] / frame["known"]).astype("Float64")
    frame.index.name = column
    return frame.reset_index().sort_values("known", ascending=False, kind="stable").reset_index(drop=True)


def identified_by_year(ds: Dataset, as_of: dt.date, column: str) -> pd.DataFrame:
    """Identifications per year split by `column` (a long table: year, value, count)."""
    k = known_mask(ds, as_of)
    s = ds.survivors[k]
    counts = s.groupby([s["identified_year"], s[column].astype("string")], dropna=False).size()
    return counts.rename("count").reset_index().rename(columns={"identified_year": "year", column: "value"})


# --------------------------------------------------------------------------- pace


@dataclass(frozen=True)
class Pace:
    """How fast the waiting list moves, when it would be empty, and the pace the target needs.

    One definition for the sentence, the chart and the public page: the rates are the means
    of the last complete years; the time left runs from the "as of" day to 31 December of
    the target year (the rest of the current year counts for what it is, not for a year);
    the survivors to reach by then are those waiting now plus those expected to be
    identified until then at the recent rate.
    """

    as_of: dt.date
    years: tuple[int, ...]  # the complete years the rates are measured over
    per_year: float  # mean rehabilitated per year over `years`
    identified_per_year: float  # mean newly identified per year over `years`
    waiting: int  # known on `as_of` and not yet rehabilitated
    projected_year: int | None  # when the waiting list reaches zero at these rates; None: never
    target_year: int | None  # the last year in Target
    years_left: float | None  # from `as_of` to the end of target_year (None: no target or passed)
    expected_new: int | None  # identifications expected until then at the recent rate
    needed_per_year: int | None  # (waiting + expected_new) / years_left, rounded up

    @property
    def net_per_year(self) -> float:
        """How much the waiting list shrinks per year (negative: it grows)."""
        return self.per_year - self.identified_per_year

    @property
    def needed_total(self) -> int | None:
        """Survivors to rehabilitate from `as_of` to the end of the target year."""
        return None if self.expected_new is None else self.waiting + self.expected_new

    @property
    def on_track(self) -> bool:
        return self.needed_per_year is not None and self.per_year >= self.needed_per_year


def last_complete_year(as_of: dt.date) -> int:
    """The latest calendar year that has fully passed by `as_of`."""
    return as_of.year if (as_of.month, as_of.day) == (12, 31) else as_of.year - 1


def year_fraction(day: dt.date) -> float:
    """`day` as a point on a yearly axis where the year Y stands for 31 December of Y."""
    start, end = dt.date(day.year - 1, 12, 31), dt.date(day.year, 12, 31)
    return day.year - 1 + (day - start).days / (end - start).days


def pace_from(
    as_of: dt.date,
    waiting: int,
    rehabilitated_in: Mapping[int, float],
    identified_in: Mapping[int, int],
    target_year: int | None,
    span: int = 3,
) -> Pace:
    """The pace from plain counts (also for the public page, from published numbers only).

    `rehabilitated_in` / `identified_in` map a year to its count; years missing count 0.
    """
    last = last_complete_year(as_of)
    years = tuple(range(last - span + 1, last + 1))
    per_year = sum(int(rehabilitated_in.get(y, 0)) for y in years) / span
    identified = sum(int(identified_in.get(y, 0)) for y in years) / span
    net = per_year - identified
    if waiting <= 0:
        projected: int | None = as_of.year
    elif net > 0:
        projected = math.floor(year_fraction(as_of) + waiting / net - 1e-9) + 1
    else:
        projected = None
    years_left = expected = needed = None
    if target_year is not None and dt.date(target_year, 12, 31) > as_of:
        years_left = target_year - year_fraction(as_of)  # on the chart's axis: the lines agree
        expected = round(identified * years_left)
        needed = math.ceil((max(waiting, 0) + expected) / years_left - 1e-9)
    return Pace(
        as_of, years, per_year, identified, waiting, projected, target_year, years_left, expected, needed
    )


def pace(ds: Dataset, as_of: dt.date, span: int = 3) -> Pace:
    """The pace of the last `span` complete years, the year the waiting list empties and the pace needed."""
    last = last_complete_year(as_of)
    first = last - span + 1
    s = ds.survivors
    r = rehabilitated_mask(ds, as_of)
    k = known_mask(ds, as_of)
    rehab = _per_year(_numbers(s["rehab_year"])[r.to_numpy(dtype=bool)], first, last)
    ident = _per_year(_numbers(s["identified_year"])[k.to_numpy(dtype=bool)], first, last)
    target_year = int(ds.targets["year"].max()) if len(ds.targets) else None
    return pace_from(
        as_of,
        int(k.sum()) - int(r.sum()),
        {first + i: int(n) for i, n in enumerate(rehab) if n},
        {first + i: int(n) for i, n in enumerate(ident) if n},
        target_year,
        span,
    )


# --------------------------------------------------------------------------- outcomes


def latest_visits(ds: Dataset, as_of: dt.date) -> pd.DataFrame:
    """Each survivor's latest follow-up visit on or before `as_of`."""
    visits = ds.visits
    visited = visits["visited_on"].to_numpy(dtype="datetime64[s]")
    shown = np.flatnonzero(~np.isnat(visited) & (visited <= np.datetime64(as_of, "s")))
    # In order of day and then sheet row, the last visit of each survivor (a missing ID is one too).
    order = shown[np.lexsort((visits["_row"].to_numpy()[shown], visited[shown]))]
    codes, _ = factorize(visits["survivor_id"])
    _, last_reversed = np.unique(codes[order][::-1], return_index=True)
    return visits.take(order[np.sort(len(order) - 1 - last_reversed)])


def business_running_share(ds: Dataset, as_of: dt.date) -> float | None:
    """Among rehabilitated survivors with a follow-up, the share whose latest one says Berjalan."""
    rehab_ids = ds.survivors.loc[rehabilitated_mask(ds, as_of), "survivor_id"]
    latest = latest_visits(ds, as_of)
    latest = latest[isin(latest["survivor_id"], rehab_ids)]
    return share(int(latest["business_status"].eq("Berjalan").sum()), len(latest))


def outcomes_by_cohort(ds: Dataset, as_of: dt.date) -> pd.DataFrame:
    """Per rehabilitation year: survivors, followed up, business running, living with family, median income."""
    r = rehabilitated_mask(ds, as_of)
    cohort = ds.survivors.loc[r, ["survivor_id", "rehab_year"]]
    latest = latest_visits(ds, as_of).merge(cohort, on="survivor_id", how="inner")
    groups = latest.groupby("rehab_year")
    frame = pd.DataFrame({"survivors": cohort["rehab_year"].value_counts().sort_index()})
    frame["followed_up"] = groups.size().reindex(frame.index, fill_value=0)
    frame["business_running"] = (
        groups["business_status"]
        .apply(lambda s: int(s.eq("Berjalan").sum()))
        .reindex(frame.index, fill_value=0)
    )
    frame["with_family"] = (
        groups["with_family"].apply(lambda s: int(s.fillna(False).sum())).reindex(frame.index, fill_value=0)
    )
    frame["with_family_known"] = groups["with_family"].count().reindex(frame.index, fill_value=0)
    frame["median_income"] = groups["monthly_income"].median().reindex(frame.index).astype("Float64")
    frame["business_running_share"] = (
        frame["business_running"] / frame["followed_up"].where(frame["followed_up"] > 0)
    ).astype("Float64")
    frame["with_family_share"] = (
        frame["with_family"] / frame["with_family_known"].where(frame["with_family_known"] > 0)
    ).astype("Float64")
    frame.index.name = "year"
    return frame.reset_index().astype({"year": "int64"})


def latest_incomes(ds: Dataset, as_of: dt.date) -> pd.DataFrame:
    """Latest reported monthly income per rehabilitated survivor, with their cohort year."""
    r = rehabilitated_mask(ds, as_of)
    cohort = ds.survivors.loc[r, ["survivor_id", "rehab_year"]]
    latest = latest_visits(ds, as_of).merge(cohort, on="survivor_id")
    return latest.loc[latest["monthly_income"].notna(), ["rehab_year", "monthly_income", "business_status"]]


# --------------------------------------------------------------------------- follow-up


def checkpoints(ds: Dataset, as_of: dt.date) -> pd.DataFrame:
    """`_checkpoints`, worked out once per view and day (the same frame on every call: do not change it)."""
    found = ds._per_day.get(("checkpoints", as_of))
    if found is None:
        found = ds._per_day[("checkpoints", as_of)] = _checkpoints(ds, as_of)
    return found


def _checkpoints(ds: Dataset, as_of: dt.date) -> pd.DataFrame:
    """Every 3-, 6- and 12-month checkpoint of every rehabilitated survivor, with its state on `as_of`.

    States: `done` (a visit within 30 days either side), `done_late` (a visit
    later, up to 180 days after), `upcoming`, `due` (from 30 days before to 30
    days after), `overdue` (30 to 180 days after) and `missed` (later). Days are
    whole days as `Timedelta.days` counts them. Computed on arrays: the app asks for
    it on every view of the overview and the worklist.
    """
    rehabilitated = np.flatnonzero(rehabilitated_mask(ds, as_of).to_numpy(dtype=bool))
    n, repeats = len(rehabilitated), len(CHECKPOINT_MONTHS)
    if not n:
        return pd.DataFrame(columns=list(CHECKPOINT_COLUMNS))
    survivors = ds.survivors
    rows = np.tile(rehabilitated, repeats)  # every survivor once per checkpoint, checkpoint by checkpoint
    rehab_on = survivors["rehab_on"].to_numpy(dtype="datetime64[s]")[rehabilitated]
    due = np.concatenate([_add_months(rehab_on, months) for months in CHECKPOINT_MONTHS])
    day, seconds = 86_400, due.view(np.int64)
    today = np.datetime64(as_of, "s").view(np.int64)
    days = np.floor_divide(today - seconds, day)

    # Each shown visit under its survivor's place among the rehabilitated (-1: none of them), the
    # visits sorted by survivor and then by time: one survivor's visits in a window are one slice.
    visits = ds.visits
    visited = visits["visited_on"].to_numpy(dtype="datetime64[s]").view(np.int64)
    whose = positions(visits["survivor_id"], pd.Index(survivors["survivor_id"].array.take(rehabilitated)))
    shown = (whose >= 0) & ~np.isnat(visited.view("datetime64[s]")) & (visited <= today)
    order = np.flatnonzero(shown)[np.lexsort((visited[shown], whose[shown]))]
    whose, visited, officer = whose[order], visited[order], visits["officer"].array.take(order)
    # One number per visit and per checkpoint, ordered by survivor first and then by the second:
    # `span` is more than the seconds between any two of them with the windows added.
    base = min(visited.min(initial=seconds.min()), seconds.min()) - OVERDUE_DAYS * day
    span = max(visited.max(initial=seconds.max()), seconds.max()) - base + 2 * OVERDUE_DAYS * day
    keys = whose.astype(np.int64) * span + (visited - base)
    at = np.tile(np.arange(n, dtype=np.int64), repeats) * span + (seconds - base)

    def any_visit(first_day: int, last_day: int) -> np.ndarray:
        # Whether a visit lies from `first_day` to `last_day` whole days after the due date.
        low = np.searchsorted(keys, at + first_day * day, side="left")
        return np.searchsorted(keys, at + (last_day + 1) * day, side="left") > low

    state = np.select([days < -WINDOW_DAYS, days <= WINDOW_DAYS, days <= OVERDUE_DAYS], [0, 1, 2], default=3)
    state = np.where(
        any_visit(-WINDOW_DAYS, WINDOW_DAYS), 5, np.where(any_visit(WINDOW_DAYS + 1, OVERDUE_DAYS), 4, state)
    )

    # Each survivor's latest visit: the last of their slice (of visits at one time, the last row).
    each = np.arange(n)
    last = np.searchsorted(whose, each, side="right") - 1
    found = last >= 0
    found[found] = whose[last[found]] == each[found]
    last = np.tile(np.where(found, last, -1), repeats)
    last_visit = np.full(len(last), np.iinfo(np.int64).min, dtype=np.int64)  # NaT
    last_visit[last >= 0] = visited[last[last >= 0]]

    return pd.DataFrame(
        {
            **{name: survivors[name].array.take(rows) for name in ("survivor_id", "district", "sex")},
            "rehab_on": np.tile(rehab_on, repeats),
            "checkpoint": np.repeat(np.array(CHECKPOINT_MONTHS, dtype=np.int64), n),
            "due_on": due,
            "state": _CHECKPOINT_STATES.take(state),
            "days_late": days,
            "last_visit": last_visit.view("datetime64[s]"),
            "officer": officer.take(last, allow_fill=True).astype("string"),
        },
        columns=list(CHECKPOINT_COLUMNS),
    )


CHECKPOINT_COLUMNS = (
    "survivor_id",
    "district",
    "sex",
    "rehab_on",
    "checkpoint",
    "due_on",
    "state",
    "days_late",
    "last_visit",
    "officer",
)
# A checkpoint's state by its code in `checkpoints`.
_CHECKPOINT_STATES = pd.array(["upcoming", "due", "overdue", "missed", "done_late", "done"], dtype="string")


def _add_months(days: np.ndarray, months: int) -> np.ndarray:
    """`days + pd.DateOffset(months=months)` for datetime64[s]: the same day of the month, or its last day."""
    whole_days = days.astype("datetime64[D]")
    month = whole_days.astype("datetime64[M]")
    day_of_month = whole_days - month.astype("datetime64[D]")
    target = month + np.timedelta64(months, "M")
    length = (target + np.timedelta64(1, "M")).astype("datetime64[D]") - target.astype("datetime64[D]")
    shifted = target.astype("datetime64[D]") + np.minimum(day_of_month, length - np.timedelta64(1, "D"))
    return (shifted + (days - whole_days)).astype("datetime64[s]")  # the time of day kept, as DateOffset does


def _open(cps: pd.DataFrame) -> pd.Series:
    """The checkpoints due or overdue and not done: the follow-up worklist's."""
    return cps["state"].isin(["due", "overdue"])


def follow_up_worklist(ds: Dataset, as_of: dt.date) -> pd.DataFrame:
    """Checkpoints due or overdue and not done, most overdue first."""
    cps = checkpoints(ds, as_of)
    work = cps[_open(cps)]
    return work.sort_values(["days_late", "survivor_id"], ascending=[False, True]).reset_index(drop=True)


def follow_up_due(ds: Dataset, as_of: dt.date) -> int:
    """Survivors with a checkpoint due or overdue and not done (the worklist's survivors, unsorted)."""
    cps = checkpoints(ds, as_of)
    return int(cps.loc[_open(cps), "survivor_id"].nunique())


def missed_checkpoints(ds: Dataset, as_of: dt.date) -> pd.DataFrame:
    """Per checkpoint (3/6/12 months): how many were done, done late or missed (follow-up kept up)."""
    cps = checkpoints(ds, as_of)
    closed = cps[cps["state"].isin(["done", "done_late", "missed"])]
    table = closed.groupby(["checkpoint", "state"]).size().unstack(fill_value=0)
    for state in ("done", "done_late", "missed"):
        if state not in table:
            table[state] = 0
    return table[["done", "done_late", "missed"]].reset_index()


# --------------------------------------------------------------------------- money


def cost_by_year(ds: Dataset, as_of: dt.date, *, yearly: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per year: activity budgets plus aid values, survivors rehabilitated, and the cost per survivor.

    `yearly`: `by_year(ds, as_of)` when the caller has it already.
    """
    first, last = ds.year_span(as_of)
    budgets, budget_years = _budgets(ds, as_of)
    aid, aid_years = _aid(ds, as_of)
    per_year = rehabilitated_by_year(ds, as_of, yearly=yearly)
    rehab = np.array([per_year.get(y, 0) for y in range(first, last + 1)], dtype=np.int64)
    budget = _sum_per_year(budgets, budget_years, first, last)
    aid_sum = _sum_per_year(aid, aid_years, first, last)
    # A year with neither budgets nor aid recorded has an unknown cost, not a cost of zero.
    spent = np.where(
        np.isnan(budget) & np.isnan(aid_sum), np.nan, np.nan_to_num(budget) + np.nan_to_num(aid_sum)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        per_survivor = np.where(rehab > 0, spent / rehab, np.nan)
    return pd.DataFrame(
        {
            "year": np.arange(first, last + 1, dtype=np.int64),
            "budget": budget,
            "aid": aid_sum,
            "rehabilitated": rehab,
            "spent": spent,
            "cost_per_rehabilitated": pd.array(per_survivor, dtype="Float64"),
        }
    )


def _budgets(ds: Dataset, as_of: dt.date) -> tuple[pd.Series, np.ndarray]:
    """The budgets spent by `as_of` and the year each was spent in (floats).

    For all survivors, every activity's budget. For a view of some survivors (a kecamatan
    or a sex), each activity counts with the share of its participants that are in the
    view, wherever it was held; an activity without participants then counts nothing.
    """
    if ds.filters.subsets_survivors:
        frame, amount = ds.participants, "budget_share"
    else:
        frame, amount = ds.activities, "budget"
    ended = (frame["ends_on"] <= _ts(as_of)).fillna(False).to_numpy(dtype=bool)
    return frame[amount][ended], _year_numbers(frame["ends_on"])[ended]


def _aid(ds: Dataset, as_of: dt.date) -> tuple[pd.Series, np.ndarray]:
    """The aid given in activities that ended by `as_of`, and the year each ended in (floats)."""
    ended = (ds.participants["ends_on"] <= _ts(as_of)).fillna(False).to_numpy(dtype=bool)
    return ds.participants["aid_value"][ended], _year_numbers(ds.participants["ends_on"])[ended]


def activity_summary(ds: Dataset, as_of: dt.date) -> pd.DataFrame:
    """Per activity (started on or before `as_of`): dates, kind, participants, completed, aid given."""
    acts = ds.activities[(ds.activities["starts_on"] <= _ts(as_of)).fillna(False)]
    parts = ds.participants
    grouped = parts.groupby("activity_id")
    frame = acts[
        ["activity_id", "name", "kind", "topic", "district", "starts_on", "ends_on", "budget", "capacity"]
    ].set_index("activity_id")
    frame["participants"] = grouped.size().reindex(frame.index, fill_value=0)
    # One vectorised sum per activity, not a Python call per group (thousands of activities).
    completed = parts["status"].eq("Selesai").fillna(False).groupby(parts["activity_id"]).sum()
    frame["completed"] = completed.reindex(frame.index, fill_value=0).astype("int64")
    frame["aid_value"] = grouped["aid_value"].sum().reindex(frame.index, fill_value=0)
    frame["completion"] = (
        frame["completed"] / frame["participants"].where(frame["participants"] > 0)
    ).astype("Float64")
    return frame.reset_index().sort_values("starts_on").reset_index(drop=True)


# --------------------------------------------------------------------------- summary


# An amount of rupiah as a sum or a table gives it: a number, or missing.
Amount = SupportsFloat | NAType | None


def _money(value: Amount) -> float | None:
    return None if value is None or isinstance(value, NAType) or is_missing(value) else float(value)


def money_summary(ds: Dataset, as_of: dt.date, *, yearly: pd.DataFrame | None = None) -> dict:
    """Budgets, aid and cost per rehabilitated survivor per year and in total, as the dashboard shows them.

    Years before the chart's axis are one bucket (`"<2000"`), so the years add up to the totals.
    `yearly`: `by_year(ds, as_of)` when the caller has it already.
    """
    cost = cost_by_year(ds, as_of, yearly=yearly)
    first = int(cost["year"].iloc[0])
    budgets, year_of = _budgets(ds, as_of)
    aid_values, aid_years = _aid(ds, as_of)
    early_budget = budgets[year_of < first].sum(min_count=1)
    early_aid = aid_values[aid_years < first].sum(min_count=1)
    early_rehab = int((ds.survivors.loc[rehabilitated_mask(ds, as_of), "rehab_year"] < first).sum())
    planned = ds.targets.set_index("year")["budget"] if len(ds.targets) else pd.Series(dtype="Float64")

    def year(budget: Amount, aid: Amount, rehab: int, plan: Amount) -> dict:
        spent = (
            None if is_missing(budget) and is_missing(aid) else (_money(budget) or 0.0) + (_money(aid) or 0.0)
        )
        return {
            "budget": _money(budget),
            "aid": _money(aid),
            "spent": spent,
            "rehabilitated": int(rehab),
            "cost_per_rehabilitated": spent / rehab if spent is not None and rehab else None,
            "planned_budget": _money(plan),
        }

    per_year: dict[str, dict] = {}
    if not (is_missing(early_budget) and is_missing(early_aid)) or early_rehab:
        per_year[f"<{first}"] = year(
            early_budget, early_aid, early_rehab, planned[planned.index < first].sum(min_count=1)
        )
    for y, spent_budget, aid_value, rehab in zip(
        cost["year"].tolist(), cost["budget"].tolist(), cost["aid"].tolist(), cost["rehabilitated"].tolist()
    ):
        per_year[str(int(y))] = year(spent_budget, aid_value, rehab, planned.get(y))
    budget = sum(v["budget"] or 0.0 for v in per_year.values())
    aid = sum(v["aid"] or 0.0 for v in per_year.values())
    spent = budget + aid
    total_rehab = sum(v["rehabilitated"] for v in per_year.values())
    return {
        "budget": budget,
        "aid": aid,
        "spent": spent,
        "cost_per_rehabilitated": spent / total_rehab if total_rehab else None,
        "by_year": per_year,
    }


def _with_earlier(per_year: dict[int, int], total: int, first_key: str) -> dict[str, int]:
    """Year -> count as JSON keys, with the years before the axis as one bucket when there are any."""
    out = {str(k): v for k, v in per_year.items()}
    earlier = total - sum(per_year.values())
    return {first_key: earlier, **out} if earlier else out


def summary(ds: Dataset, as_of: dt.date) -> dict:
    """The headline figures (the CLI's `summary --json`); every per-year dict adds up to its total."""
    p = pace(ds, as_of)
    districts = by_district(ds, as_of)
    first_key = f"<{ds.year_span(as_of)[0]}"
    known_n, rehabilitated_n = known(ds, as_of), rehabilitated(ds, as_of)
    yearly = by_year(ds, as_of)  # once: three of the figures below are read from it
    return {
        "as_of": as_of.isoformat(),
        "known": known_n,
        "rehabilitated": rehabilitated_n,
        "coverage": coverage(ds, as_of),
        "waiting": p.waiting,
        "rehabilitated_by_year": _with_earlier(
            rehabilitated_by_year(ds, as_of, yearly=yearly), rehabilitated_n, first_key
        ),
        "known_by_year": _with_earlier(known_by_year(ds, as_of, yearly=yearly), known_n, first_key),
        "money": money_summary(ds, as_of, yearly=yearly),
        "by_district": [
            {"district": d, "code": c, "known": int(k), "rehabilitated": int(r)}
            for d, c, k, r in districts[["district", "code", "known", "rehabilitated"]].itertuples(
                index=False
            )
        ],
        "business_running_share": business_running_share(ds, as_of),
        "follow_up_due": follow_up_due(ds, as_of),
        "pace": {
            "years": list(p.years),
            "per_year": p.per_year,
            "identified_per_year": p.identified_per_year,
            "projected_year": p.projected_year,
            "target_year": p.target_year,
            "years_left": p.years_left,
            "expected_new": p.expected_new,
            "needed_per_year": p.needed_per_year,
        },
    }
