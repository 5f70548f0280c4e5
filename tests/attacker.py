"""An attacker who reads only the machine-readable public report and solves everything in it at once.

It knows nothing of Pulih's code: it reads `python -m sheets public --json` (what the page and its
exports publish), writes down what the tables mean (a total is the sum of its rows, a running
total grows by the year's count, the headline repeats the totals, known minus rehabilitated is a
waiting list of people), and asks an integer program (HiGHS through scipy, built here from
scratch) what every hidden or unpublished count can be. It knows that `<k` means 1..k-1 and that
`*` is a hidden count of any size.

It reports a finding when a shown count is small, a published share rests on a hidden count, a
quantity is published twice with two values, a hidden cell is pinned to one value, a `<k` cell is
placed inside 1..k-1 by the rest of the release (its own marker set aside) or narrowed to less than
all of 1..k-1 (every marker used), or a `*` cell or an unpublished waiting list is placed inside
1..k-1 (found to be a small count).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

AXIS_START = 2000  # a yearly table that starts later than this has nobody before its first year


@dataclass
class Model:
    """Variables (named cells), what is known of each, and exact linear equations between them."""

    k: int
    names: list[str] = field(default_factory=list)
    shown: dict[str, int] = field(default_factory=dict)
    marker: dict[str, str] = field(default_factory=dict)  # "<k" or "*" for hidden cells
    equations: list[dict[str, int]] = field(default_factory=list)  # sum(coef * var) == 0
    copies: dict[str, set[str]] = field(default_factory=dict)  # one quantity published in several places
    findings: list[str] = field(default_factory=list)

    def cell(self, name: str, value: object) -> str:
        """A published cell: a number, `<k`, `*` or None (nothing published: unknown, non-negative)."""
        if name not in self.names:
            self.names.append(name)
        if isinstance(value, bool):
            raise TypeError(f"{name}: a count cannot be {value!r}")
        if isinstance(value, int):
            if 0 < value < self.k:
                self.findings.append(f"shown small count {name} = {value}")
            if name in self.shown and self.shown[name] != value:
                self.findings.append(f"{name} published as {self.shown[name]} and {value}")
            self.shown[name] = value
        elif value == f"<{self.k}" or value == "*":
            if name in self.marker and self.marker[name] != value:
                self.findings.append(f"{name} marked {self.marker[name]} and {value}")
            self.marker[name] = value
        elif value is not None:
            raise ValueError(f"{name}: unexpected published value {value!r}")
        return name

    def same(self, a: str, b: str) -> None:
        """`a` and `b` are one quantity published twice (its marker, set aside, is set aside in both)."""
        self.equations.append({a: 1, b: -1})
        joined = self.copies.get(a, {a}) | self.copies.get(b, {b})
        for name in joined:
            self.copies[name] = joined

    def total(self, total: str, parts: list[str]) -> None:
        equation = {total: 1}
        for part in parts:
            equation[part] = equation.get(part, 0) - 1
        self.equations.append(equation)

    def range(self, name: str, *, own_marker: bool) -> tuple[int, int]:
        """Minimum and maximum of `name` over every integer solution the attacker cannot rule out."""
        index = {n: i for i, n in enumerate(self.names)}
        n = len(self.names)
        big = 10 * (max(self.shown.values(), default=0) + self.k) + 100
        size = n
        low, high = np.zeros(size), np.full(size, float(big))
        for v, value in self.shown.items():
            low[index[v]] = high[index[v]] = value
        own = self.copies.get(name, {name})
        for v, m in self.marker.items():
            if m != "*" and (own_marker or v not in own):
                low[index[v]], high[index[v]] = 1, self.k - 1
        rows = []
        for equation in self.equations:
            row = np.zeros(size)
            for v, coef in equation.items():
                row[index[v]] += coef
            rows.append((row, 0.0, 0.0))
        matrix = np.array([r for r, _, _ in rows]) if rows else np.zeros((0, size))
        constraint = LinearConstraint(matrix, [lo for _, lo, _ in rows], [hi for _, _, hi in rows])
        ends = []
        for sign in (1, -1):
            objective = np.zeros(size)
            objective[index[name]] = sign
            result = milp(
                objective,
                integrality=np.ones(size),
                bounds=Bounds(low, high),
                constraints=[constraint] if rows else [],
            )
            if result.status != 0:
                raise AssertionError(f"the published figures contradict each other ({result.message})")
            ends.append(round(sign * result.fun))
        return ends[0], ends[1]


def inside_small(low: int, high: int, k: int) -> bool:
    """The range places the cell among the small counts, 1..k-1."""
    return 1 <= low and high <= k - 1


def model_of(report: Mapping[str, Any], m: Model | None = None, prefix: str = "") -> tuple[Model, list[str]]:
    """The attacker's model of a public report, and the unpublished waiting lists it can reason about.

    `m` and `prefix` add a second report to the same model (its cells named `<prefix>...`).
    """
    m = m or Model(int(report["k"]))

    def cell(name: str, value: object) -> str:
        return m.cell(prefix + name, value)

    head = report["headline"]
    known, rehab = cell("head.known", head["known"]), cell("head.rehabilitated", head["rehabilitated"])
    waiting = [cell("head.waiting", None)]
    m.total(known, [rehab, waiting[0]])

    years = report["tables"]["by_year"]["rows"]
    if years:
        first = years[0]["year"]
        before = {
            c: cell(f"year.before.{c}", 0 if first > AXIS_START else None) for c in ("known", "rehabilitated")
        }
        previous = before
        for row in years:
            y = row["year"]
            cum = {}
            # Survivors reported by other sources: a count of people, published alone (no equation).
            cell(f"year.{y}.reported", row.get("reported"))
            for c in ("known", "rehabilitated"):
                count = cell(f"year.{y}.{c}", row[c])
                cum[c] = cell(f"year.{y}.{c}_cumulative", row[f"{c}_cumulative"])
                m.total(cum[c], [previous[c], count])
            w = cell(f"year.{y}.waiting_cumulative", None)
            waiting.append(w)
            m.total(cum["known"], [cum["rehabilitated"], w])
            previous = cum
        m.same(previous["known"], known)
        m.same(previous["rehabilitated"], rehab)
        this_year = head["this_year"]
        if any(r["year"] == this_year["year"] for r in years):
            m.same(
                cell("head.this_year", this_year["rehabilitated"]),
                prefix + f"year.{this_year['year']}.rehabilitated",
            )

    districts = report["tables"]["by_district"]
    parts: dict[str, list[str]] = {"known": [], "rehabilitated": []}
    for row in districts["rows"]:
        d = row["district"]
        cells = {c: cell(f"district.{d}.{c}", row[c]) for c in ("known", "rehabilitated")}
        w = cell(f"district.{d}.waiting", None)
        waiting.append(w)
        m.total(cells["known"], [cells["rehabilitated"], w])
        for c, column in parts.items():
            column.append(cells[c])
    for c, headline in (("known", known), ("rehabilitated", rehab)):
        total = cell(f"district.total.{c}", districts["total"][c])
        m.total(total, parts[c])
        m.same(total, headline)

    # A share must rest on two published counts (then it adds nothing).
    shares = [(f"district.{r['district']}", r) for r in districts["rows"]] + [
        ("district.total", districts["total"])
    ]
    shares += [
        (
            f"year.{r['year']}",
            {**r, "known": r["known_cumulative"], "rehabilitated": r["rehabilitated_cumulative"]},
        )
        for r in years
    ]
    shares.append(("head", head))
    for name, row in shares:
        if isinstance(row["coverage"], float) and not all(
            isinstance(row[c], int) for c in ("known", "rehabilitated")
        ):
            m.findings.append(f"{prefix}{name}: coverage {row['coverage']} published over a hidden count")
    return m, waiting


def attack(report: Mapping[str, Any]) -> list[str]:
    """Everything the attacker learns from one release that it promises it cannot."""
    m, waiting = model_of(report)
    return _findings(m, waiting)


def attack_pair(earlier: Mapping[str, Any], later: Mapping[str, Any]) -> list[str]:
    """What the attacker learns holding two successive releases: each, and their difference.

    A kecamatan count now is its count then plus the survivors identified (or rehabilitated)
    there in between, a non-negative number never published: found small, it locates people.
    The same cell published twice is one count: setting its marker aside sets aside both.
    """
    m, waiting = model_of(earlier, prefix="old.")
    m, more = model_of(later, m, prefix="new.")
    waiting += more
    for row in later["tables"]["by_district"]["rows"]:
        for column in ("known", "rehabilitated"):
            name = f"district.{row['district']}.{column}"
            change = m.cell(f"change.{name}", None)
            m.total(f"new.{name}", [f"old.{name}", change])
            waiting.append(change)
    for name in list(m.names):
        if name.startswith("new.") and "old." + name[4:] in m.names:
            joined = m.copies.get(name, {name}) | m.copies.get("old." + name[4:], {"old." + name[4:]})
            for each in joined:
                m.copies[each] = joined
    return _findings(m, waiting)


def _findings(m: Model, waiting: list[str]) -> list[str]:
    findings = list(m.findings)
    k = m.k
    for name, marker in m.marker.items():
        low, high = m.range(name, own_marker=True)
        if low == high:
            findings.append(f"{name} ({marker}) pinned to {low}")
        elif marker == "*" and inside_small(low, high, k):
            findings.append(f"{name} (*) found to be a small count, {low}..{high}")
        elif marker != "*":
            if (low, high) != (1, k - 1):
                findings.append(f"{name} (<{k}) narrowed to {low}..{high}")
            low, high = m.range(name, own_marker=False)
            if inside_small(low, high, k):
                findings.append(
                    f"{name} (<{k}) placed inside 1..{k - 1} ({low}..{high}) by the rest of the release"
                )
    for name in waiting:
        if name in m.shown:
            continue
        low, high = m.range(name, own_marker=True)
        if inside_small(low, high, k):
            findings.append(f"{name} (unpublished) found to be a small count, {low}..{high}")
    return findings
