"""Cell suppression over everything published together, checked against an attacker who solves it all.

A release is one system of cells (counts of people, and plans such as targets) tied by exact
linear relations: a total is the sum of its parts, a running total is the previous one plus the
year's count, known = rehabilitated + waiting. Some cells are never published but follow from
the others (the waiting list); they hold people all the same.

**The attacker** knows every published number and every relation, that counts are non-negative
whole numbers, and what the markers say: `<k` is a count from 1 to k-1; `*` is a hidden count
of any size (a complementary cell, or a small count whose `<k` would say too much). For a cell,
the attacker's *range* is the least and greatest value it takes over every whole-number solution
of that system, computed exactly with HiGHS: one model of the whole release whose bounds follow
the statuses, solved as a linear program and, where that optimum is not whole numbers, as an
integer program.

**The rule** (the protection interval, over everything published together). For every small
count (1 to k-1) that is not shown, hidden or never published:

- its range with its own marker set aside reaches 0 or k, or spans at least k values: the rest
  of the release neither pins it nor places it inside 1..k-1;
- when it is shown as `<k`, its range with every marker is all of 1..k-1: the release says
  nothing about it beyond "a small count".

And no hidden cell is pinned to one value (hiding it would then protect nothing).

**The defence** (`protect`): small counts are marked `<k` (primary suppression); then, while a
small count leaks, the cheapest change among the cells it shares a relation with (else their
neighbours) is made: a neighbouring `<k` becomes `*` (no number is lost), else a shown count is
hidden as `*` (the lowest tier first: kecamatan before years before running totals before the
headline; then the smallest non-zero value). Complementary cells the attacker pins anyway are
shown again, and a last pass shows again (or marks `<k` again) everything the release can do
without, the most valuable first.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np

Key = Hashable

SHOWN, PRIMARY, SECONDARY, DERIVED = "shown", "primary", "secondary", "derived"
HIDDEN = frozenset({PRIMARY, SECONDARY})
DEFAULT_K = 10
MIN_K = 5
DEMOTE_TIER = 0  # turning `<k` into `*` hides no number: cheaper than hiding any shown cell
YEAR_TIER = 2  # a fix found at this tier or below ends the search for a cheaper one
HEADLINE_TIER = 8  # cells of this tier or above are on the public page's tiles


def check_k(k: object) -> int:
    """The threshold as an int, refusing anything below the floor of 5 or not a whole number."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) and not str(k).strip().isdigit():
        raise ValueError(f"the suppression threshold must be a whole number, got {k!r}")
    value = int(k) if isinstance(k, (int, np.integer)) else int(str(k).strip())
    if value < MIN_K:
        raise ValueError(f"the suppression threshold must be at least {MIN_K}, got {value}")
    return value


@dataclass(frozen=True)
class Cell:
    """One quantity of a release: its value and how it may be published.

    `published=False` marks a cell that follows from others but is never shown (the waiting
    list). `people=False` marks a plan or a structural constant, never suppressed. `tier` orders
    the cost of hiding it: complementary cells come from the lowest tier first; tiers from
    `HEADLINE_TIER` up are the public page's tiles. `fixed` is the status of a cell already
    published (an earlier release): it is protected like any other, but never changed.
    """

    value: int
    published: bool = True
    people: bool = True
    tier: int = 1
    fixed: str | None = None  # a status decided elsewhere (an earlier publication's cell): never changed


@dataclass(frozen=True)
class Relation:
    """`total == sum(parts)`, exactly."""

    total: Key
    parts: tuple[Key, ...]

    @property
    def cells(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class Range:
    """The least and greatest value the attacker finds possible for one cell."""

    low: int
    high: int

    @property
    def is_exact(self) -> bool:
        return self.low == self.high

    def protects(self, k: int) -> bool:
        """The protection interval: the range reaches 0 or k, or spans at least k values."""
        return self.low <= 0 or self.low <= k <= self.high or self.high - self.low + 1 >= k

    def is_all_small(self, k: int) -> bool:
        """The range is 1..k-1 (or wider): no more than a `<k` marker says."""
        return self.low <= 1 and self.high >= k - 1


class System:
    """The cells and relations of one release, with the attacker's model over them."""

    def __init__(
        self,
        cells: Mapping[Key, Cell],
        relations: Iterable[Relation],
        k: int,
        copies: Mapping[Key, Iterable[Key]] | None = None,
    ) -> None:
        self.k = check_k(k)
        self.cells = dict(cells)
        # Cells that are one count published more than once (this release's and an earlier one's):
        # setting a cell's own marker aside sets aside its copies' too.
        self.copies = {key: tuple(found) for key, found in (copies or {}).items()}
        self.relations = [r for r in relations if len(r.parts)]
        for relation in self.relations:
            missing = [c for c in relation.cells if c not in self.cells]
            if missing:
                raise KeyError(f"relation {relation} names unknown cells {missing}")
            total = sum(self.cells[p].value for p in relation.parts)
            if total != self.cells[relation.total].value:
                raise ValueError(
                    f"relation does not hold: {relation.total} = {self.cells[relation.total].value}"
                    f" but its parts sum to {total}"
                )
        self.by_cell: dict[Key, list[int]] = {c: [] for c in self.cells}
        for index, relation in enumerate(self.relations):
            for c in set(relation.cells):
                self.by_cell[c].append(index)
        # Large enough to stand for "no upper limit": more than any count in the release.
        self.big = 2 * max([abs(c.value) for c in self.cells.values()] + [self.k]) + 10 * self.k
        self._model = _Model(self)
        self._memo: dict[tuple[Key, bool], tuple] = {}

    @property
    def solves(self) -> int:
        """Linear or integer programs solved so far."""
        return self._model.solves

    def is_small(self, key: Key) -> bool:
        """A count of people from 1 to k-1."""
        cell = self.cells[key]
        return cell.people and 0 < cell.value < self.k

    def initial(self) -> dict[Key, str]:
        """Primary suppression: small counts marked `<k`, unpublished cells derived, the rest shown."""
        status = {}
        for key, cell in self.cells.items():
            if cell.fixed is not None:
                status[key] = cell.fixed
            elif not cell.published:
                status[key] = DERIVED
            elif self.is_small(key):
                status[key] = PRIMARY
            else:
                status[key] = SHOWN
        return status

    # ----------------------------------------------------------------------- the attacker

    def range_of(self, status: Mapping[Key, str], target: Key, *, own_marker: bool = True) -> Range:
        """The attacker's range of `target`; `own_marker=False` sets the target's own marker aside."""
        return self._range(status, _Regions(self, status), target, own_marker)

    def leaks(self, status: Mapping[Key, str], *, first: bool = False) -> tuple[Key, ...]:
        """The small counts the attacker learns too much about (see the module docstring), most important first.

        `first=True` stops at the first one found.
        """
        regions = _Regions(self, status)
        found = []
        for cell in sorted(
            (c for c in status if self.is_small(c) and status[c] != SHOWN), key=self._importance
        ):
            if not self._safe(status, regions, cell):
                found.append(cell)
                if first:
                    break
        return tuple(found)

    def pinned(self, status: Mapping[Key, str]) -> tuple[Key, ...]:
        """Complementary cells (not small) the attacker knows exactly all the same: hiding them protects nothing."""
        regions = _Regions(self, status)
        found = [
            c
            for c, s in status.items()
            if s == SECONDARY
            and not self.is_small(c)
            and self.cells[c].fixed is None
            and self._range(status, regions, c, True, lambda r: not r.is_exact).is_exact
        ]
        return tuple(sorted(found, key=self._importance))

    def _importance(self, key: Key) -> tuple:
        return (-self.cells[key].tier, self.cells[key].value, str(key))

    def _safe(self, status: Mapping[Key, str], regions: _Regions, cell: Key) -> bool:
        k = self.k
        if not self._range(status, regions, cell, False, lambda r: r.protects(k)).protects(k):
            return False
        return status[cell] != PRIMARY or self._range(
            status, regions, cell, True, lambda r: r.is_all_small(k)
        ).is_all_small(k)

    def _range(
        self,
        status: Mapping[Key, str],
        regions: _Regions,
        target: Key,
        own_marker: bool,
        wanted: Callable[[Range], bool] | None = None,
    ) -> Range:
        """The range, from memory when nothing it depends on has changed.

        It depends only on its region: the unknown cells tied to the target by relations, and
        every cell of those relations. While their statuses stay as they were, the range is the
        same. While they only move towards less knowledge (hidden, marked `*`), it can only widen,
        so a remembered range that satisfied `wanted` (a test that holds on any wider range)
        still answers for it.
        """
        key = (target, own_marker)
        reach = regions.reach(target)
        memo = self._memo.get(key)
        if memo is not None:
            found, then = memo
            if all(status[c] == then.get(c) for c in reach) and len(then) == len(reach):
                return found
            if (
                wanted is not None
                and wanted(found)
                and all(c in then and _rank(status[c]) >= _rank(then[c]) for c in reach if c != target)
            ):
                return found
        found = self._model.range(
            status, target, () if own_marker else (target, *self.copies.get(target, ()))
        )
        self._memo[key] = (found, {c: status[c] for c in reach})
        return found

    # ----------------------------------------------------------------------- the defence

    def protect(self) -> dict[Key, str]:
        """A status per cell such that the attacker learns no small count, hiding as little as it can."""
        status = self.initial()
        while True:
            leaks = self.leaks(status, first=True)
            if not leaks:
                break
            change = self._change(leaks[0], status)
            if change is None:  # nothing left around this leak: hide every publishable count
                for key in self.cells:
                    if self._changeable(key, status):
                        status[key] = SECONDARY
                break
            status[change] = SECONDARY
        self._show_pinned(status)
        # Undo what is not needed, the most valuable first: shown numbers, then `<k` markers.
        undo = sorted(
            (c for c, s in status.items() if s == SECONDARY and self.cells[c].fixed is None),
            key=lambda c: (not self.is_small(c), self.cells[c].tier, self.cells[c].value, str(c)),
            reverse=True,
        )
        for key in undo:
            if status[key] != SECONDARY:
                continue
            status[key] = PRIMARY if self.is_small(key) else SHOWN
            if self.leaks(status, first=True):
                status[key] = SECONDARY
            else:
                self._show_pinned(status)
        return status

    def _show_pinned(self, status: dict[Key, str]) -> None:
        """Publish the complementary cells the attacker knows exactly anyway: that tells nothing new."""
        while True:
            pinned = self.pinned(status)
            if not pinned:
                return
            for cell in pinned:
                status[cell] = SHOWN

    def _changeable(self, key: Key, status: Mapping[Key, str]) -> bool:
        """A count this release may still hide (or mark `*`)."""
        cell = self.cells[key]
        return cell.people and cell.fixed is None and status[key] in (SHOWN, PRIMARY)

    def _cost(self, key: Key, status: Mapping[Key, str]) -> tuple:
        cell = self.cells[key]
        if status[key] == PRIMARY:
            return (DEMOTE_TIER, 0, cell.value, str(key))
        return (cell.tier, cell.value == 0, cell.value, str(key))

    def _change(self, leak: Key, status: dict[Key, str], tries: int = 6, depth: int = 3) -> Key | None:
        """The cheapest useful cell to hide (or to mark `*` instead of `<k`) around a leaking small count.

        Candidates are the cells sharing a relation with the leak, then (through the hidden cells
        among them) their neighbours: the cheapest few of each ring are tried. The cheapest that
        stops the leak is taken, else the cheapest that widens what the attacker finds possible.
        When no single cell does (a leak that needs two new hidden cells at once), the cheapest
        non-zero cell next to the leak is taken, and the next round builds on it.
        """
        before = self._ranges(status, leak)
        frontier, seen = {leak}, {leak}
        nearest: list[Key] = []
        fixing: list[Key] = []
        widening: list[Key] = []
        for _ in range(depth):
            candidates, reached = set(), set()
            for cell in frontier:
                for index in self.by_cell[cell]:
                    for other in self.relations[index].cells:
                        if other in seen:
                            continue
                        if self._changeable(other, status):
                            candidates.add(other)
                        if status[other] != SHOWN:
                            reached.add(other)
            ordered = sorted(candidates, key=lambda c: self._cost(c, status))
            nearest = nearest or ordered
            for candidate in ordered[:tries]:
                old = status[candidate]
                status[candidate] = SECONDARY
                try:
                    if self._safe(status, _Regions(self, status), leak):
                        fixing.append(candidate)
                    elif self._ranges(status, leak) != before:
                        widening.append(candidate)
                finally:
                    status[candidate] = old
            if (
                fixing
                and self._cost(min(fixing, key=lambda c: self._cost(c, status)), status)[0] <= YEAR_TIER
            ):
                break  # a cheap fix: no need to look further out
            seen |= reached | candidates
            frontier = reached
            if not frontier:
                break
        cost = lambda c: self._cost(c, status)
        best = min(fixing, key=cost) if fixing else min(widening, key=cost) if widening else None
        # A headline figure is hidden only when nothing cheaper can start a fix: rather a stepping
        # stone next to the leak (a running total), which the next round builds on.
        stones = [c for c in nearest if self.cells[c].value and (best is None or cost(c) < cost(best))]
        if best is not None and (self.cells[best].tier < HEADLINE_TIER or not stones):
            return best
        if stones:
            return min(stones, key=cost)
        return min(nearest, key=lambda c: (self.cells[c].value == 0, *cost(c))) if nearest else None

    def _ranges(self, status: Mapping[Key, str], cell: Key) -> tuple[Range, ...]:
        regions = _Regions(self, status)
        ranges = [self._range(status, regions, cell, False)]
        if status[cell] == PRIMARY:
            ranges.append(self._range(status, regions, cell, True))
        return tuple(ranges)


class _Regions:
    """The unknown cells of one status grouped by the relations that tie them (shown cells cut the ties).

    A cell's region is its group and every cell of a relation touching the group: all a range
    can depend on.
    """

    def __init__(self, system: System, status: Mapping[Key, str]) -> None:
        self.system = system
        parent: dict[Key, Key] = {c: c for c, s in status.items() if s != SHOWN}

        def root(c: Key) -> Key:
            while parent[c] != c:
                parent[c] = parent[parent[c]]
                c = parent[c]
            return c

        for relation in system.relations:
            unknown = [c for c in relation.cells if c in parent]
            for other in unknown[1:]:
                a, b = root(unknown[0]), root(other)
                if a != b:
                    parent[b] = a
        self.root = {c: root(c) for c in parent}
        self._reach: dict[Key, frozenset] = {}

    def reach(self, cell: Key) -> frozenset:
        group = self.root.get(cell)
        if group is None:
            return frozenset({cell})
        if group not in self._reach:
            members = [c for c, r in self.root.items() if r == group]
            touched = {i for c in members for i in self.system.by_cell[c]}
            self._reach[group] = frozenset(
                {*members, *(c for i in touched for c in self.system.relations[i].cells)}
            )
        return self._reach[group]


def _rank(status: str) -> int:
    """The attacker's knowledge a status leaves: shown, 1..k-1, or any value."""
    return {SHOWN: 0, PRIMARY: 1, SECONDARY: 2, DERIVED: 2}[status]


class _Model:
    """The whole release as one HiGHS model: a column per cell, a row per relation.

    A status is applied by changing column bounds (shown: its value; `<k`: 1..k-1; hidden or
    unpublished: from 0, or from its own value when an odd difference is negative); a range is
    two warm-started solves with the target as objective.
    """

    def __init__(self, system: System) -> None:
        self.system = system
        self.keys = list(system.cells)
        self.column = {key: i for i, key in enumerate(self.keys)}
        import highspy  # loaded with the first attacker, not with every page importing this module

        highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
        values = np.array([system.cells[c].value for c in self.keys], dtype=float)
        highs.addVars(len(self.keys), values, values)
        for relation in system.relations:
            terms: dict[int, float] = {}
            for cell, sign in ((relation.total, 1.0), *((p, -1.0) for p in relation.parts)):
                terms[self.column[cell]] = terms.get(self.column[cell], 0.0) + sign
            terms = {col: coef for col, coef in terms.items() if coef}
            highs.addRow(
                0.0,
                0.0,
                len(terms),
                np.array(list(terms), dtype=np.int32),
                np.array(list(terms.values()), dtype=float),
            )
        self.highs = highs
        self.applied: dict[Key, tuple[float, float]] = {c: (v, v) for c, v in zip(self.keys, values)}
        self.statuses: dict[Key, str] = {c: SHOWN for c in self.keys}
        self.relaxed: tuple[Key, ...] = ()
        self.solves = 0

    def _bounds(self, key: Key, status: str) -> tuple[float, float]:
        cell, k = self.system.cells[key], self.system.k
        if status == SHOWN:
            return float(cell.value), float(cell.value)
        if status == PRIMARY:
            return 1.0, float(k - 1)
        return float(min(0, cell.value)), float(self.system.big)

    def _apply(self, status: Mapping[Key, str], relaxed: tuple[Key, ...]) -> None:
        """Bring the column bounds to `status` (with `relaxed`'s markers set aside), changing only what differs."""
        changed = [key for key in self.keys if status[key] != self.statuses[key]]
        for key in {*changed, *relaxed, *self.relaxed}:
            self.statuses[key] = status[key]
            bounds = self._bounds(key, status[key])
            if key in relaxed:
                bounds = (float(min(0, self.system.cells[key].value)), float(self.system.big))
            if self.applied[key] != bounds:
                self.highs.changeColBounds(self.column[key], *bounds)
                self.applied[key] = bounds
        self.relaxed = relaxed

    def range(self, status: Mapping[Key, str], target: Key, relaxed: tuple[Key, ...] = ()) -> Range:
        """The target's least and greatest value, the markers of `relaxed` set aside."""
        self._apply(status, relaxed)
        col = self.column[target]
        ends = []
        for sign in (1.0, -1.0):
            self.highs.changeColCost(col, sign)
            ends.append(round(sign * self._optimum()))
        self.highs.changeColCost(col, 0.0)
        return Range(ends[0], ends[1])

    def _optimum(self) -> float:
        """The objective's optimum over whole numbers: the linear one when already whole, else by branching."""
        import highspy

        self.solves += 1
        self.highs.run()
        if self.highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"the attacker's model has no solution ({self.highs.getModelStatus()})")
        x = np.asarray(self.highs.getSolution().col_value)
        if np.abs(x - np.round(x)).max() <= 1e-6:
            return self.highs.getInfo().objective_function_value
        n = len(self.keys)
        integer, continuous = highspy.HighsVarType.kInteger, highspy.HighsVarType.kContinuous
        cols = np.arange(n, dtype=np.int32)
        self.highs.changeColsIntegrality(n, cols, np.array([integer] * n))
        try:
            self.highs.run()
            if self.highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                raise RuntimeError(
                    f"the attacker's model has no whole-number solution ({self.highs.getModelStatus()})"
                )
            return self.highs.getInfo().objective_function_value
        finally:
            self.highs.changeColsIntegrality(n, cols, np.array([continuous] * n))


def display(value: int | None, status: str, k: int) -> str:
    """A published cell: the number, `<k` for a small count, `*` for any other hidden count."""
    if status == PRIMARY:
        return f"<{k}"
    if status == SECONDARY:
        return "*"
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
