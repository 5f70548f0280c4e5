"""The province roll-up: every office's last good read side by side, for leadership and, suppressed, the public.

Each office's figures come from its own last good read in the history store (`sheets.sync`
`latest_good_read`, never Google), validated with that office's kecamatan list
(`sheets.offices.districts_of`), exactly as an app server in store mode shows that office. An
office whose latest read failed keeps its last good figures with their "data as of"; an office
never read is listed with nothing but that fact.

**What leadership sees** (`office_table`): per office, known and rehabilitated survivors, coverage,
the pace of the last three complete years and the pace its own target needs (`metrics.pace`, the
one definition of pace), rows left out of the figures and open errors, when the data was last
read well and whether it is stale. Gaps first: offices never read, then those furthest behind the
pace their target needs (the smallest share of it reached), then the rest by coverage.

**What the public sees** (`build_province_release`): each office's own public release
(`sheets.release`, the same cells its public page publishes) and a province table of offices
with a province total. The total ties the offices together: office A's hidden count is the
total minus the other offices. So the province cells are suppressed in one system with every
office's cells, whose statuses are fixed as each office published them (`Cell.fixed`): only the
province cells may be hidden. An office whose headline counts are both shown joins that system
by them alone: the total can tell nothing about its other cells that its headline does not
(shown cells cut every tie), which keeps the system small.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from sheets import metrics, office_figures, release
from sheets.disclosure import SHOWN, Cell, Relation, System, display
from sheets.frames import is_missing
from sheets.metrics import Dataset
from sheets.offices import Office, OfficesError, districts_of
from sheets.sync import StoredRead
from sheets.validate import Report, validate

PROVINCE = "province"

# --------------------------------------------------------------------------- each office's read


@dataclass(frozen=True)
class OfficeRead:
    """One office as the province sees it: its last good read (if any), validated, and how fresh."""

    office: Office
    stored: StoredRead
    report: Report | None = None
    dataset: Dataset | None = None
    problem: OfficesError | None = None  # why its data cannot be used although read (a broken kecamatan file)
    # The province table's figures as the sync worker kept them (`sheets.office_figures`), instead of
    # `report` and `dataset` (`office_summaries`).
    figures: Mapping[str, Any] | None = None

    @property
    def has_data(self) -> bool:
        return self.dataset is not None or self.figures is not None

    @property
    def never_read(self) -> bool:
        return not self.stored.has_read


def office_read(office: Office, stored: StoredRead, today: dt.date) -> OfficeRead:
    """Validate an office's stored read with its own kecamatan list; never raises on its data."""
    if stored.raw is None:
        return OfficeRead(office, stored)
    try:
        districts = districts_of(office)
    except OfficesError as error:
        return OfficeRead(office, stored, problem=error)
    report = validate(stored.raw, today, districts=districts)
    return OfficeRead(office, stored, report, Dataset.from_report(report))


# --------------------------------------------------------------------------- what leadership sees

OFFICE_COLUMNS = [
    "code",
    "name",
    "known",
    "rehabilitated",
    "coverage",
    "waiting",
    "per_year",
    "needed_per_year",
    "target_year",
    "on_track",
    "pace_reached",
    "rows_excluded",
    "errors",
    "read_at",
    "stale",
    "never_read",
]


def office_row(read: OfficeRead, as_of: dt.date) -> dict[str, Any]:
    """One office's line of the province table (figures None when it has no usable data)."""
    office = read.office
    row: dict[str, Any] = dict.fromkeys(OFFICE_COLUMNS)
    row.update(
        code=office.code,
        name=office.name,
        read_at=read.stored.as_of,
        stale=read.stored.stale,
        never_read=read.never_read,
    )
    if read.figures is not None:
        row.update({name: read.figures.get(name) for name in office_figures.FIELDS})
    elif read.dataset is not None and read.report is not None:
        row.update(office_figures.figures_of(read.report, read.dataset, as_of))
    return row


def office_table(reads: Sequence[OfficeRead], as_of: dt.date) -> pd.DataFrame:
    """Every office, gaps first (see the module docstring), one row each (`OFFICE_COLUMNS`)."""
    frame = pd.DataFrame([office_row(r, as_of) for r in reads], columns=OFFICE_COLUMNS)
    no_data = frame["known"].isna()
    reached = pd.to_numeric(frame["pace_reached"], errors="coerce")
    coverage = pd.to_numeric(frame["coverage"], errors="coerce")
    order = pd.DataFrame(
        {
            "group": [0 if n else (1 if pd.notna(p) else 2) for n, p in zip(no_data, reached)],
            "reached": reached.fillna(float("inf")),
            "coverage": coverage.fillna(float("inf")),
            "code": frame["code"],
        }
    )
    ranked = order.sort_values(["group", "reached", "coverage", "code"], kind="stable").index
    return frame.loc[ranked].reset_index(drop=True)


def province_totals(table: pd.DataFrame) -> dict[str, Any]:
    """The province as the sum of the offices with data (the pace needed: each office's own, added)."""
    with_data = table[table["known"].notna()]
    known = int(with_data["known"].sum())
    rehab = int(with_data["rehabilitated"].sum())
    needed = pd.to_numeric(with_data["needed_per_year"], errors="coerce")
    return {
        "offices": len(table),
        "offices_with_data": len(with_data),
        "known": known,
        "rehabilitated": rehab,
        "coverage": metrics.share(rehab, known),
        "waiting": known - rehab,
        "per_year": float(pd.to_numeric(with_data["per_year"], errors="coerce").sum()),
        "needed_per_year": int(needed.sum()) if needed.notna().any() else None,
        "behind": int(with_data["on_track"].eq(False).sum()),
        "rows_excluded": int(with_data["rows_excluded"].sum()),
        "errors": int(with_data["errors"].sum()),
        "stale": int(table["stale"].sum()),
        "never_read": int(table["never_read"].sum()),
    }


# --------------------------------------------------------------------------- what the public sees


@dataclass(frozen=True)
class ProvinceRelease:
    """The public province table (offices and the province total) and each office's own public release."""

    as_of: dt.date
    k: int
    offices: Mapping[str, release.Release]  # by office code: what each office's public page publishes
    names: Mapping[str, str]
    table: release.PublicTable  # rows: office codes, then release.TOTAL; known, rehabilitated, coverage
    missing: tuple[str, ...]  # codes of offices without data (not in the total)

    def to_json(self) -> dict[str, Any]:
        """Exactly the cells of the province table, for anyone to audit."""

        def cell(row: Hashable, column: str) -> object:
            value: Any = self.table.frame.at[row, column]
            text = self.table.text.at[row, column]
            if value is None or is_missing(value):
                return (text or None) if column == "coverage" else text
            return round(float(value), 2) if column == "coverage" else int(value)

        rows = [
            {
                "code": code,
                "name": self.names[code],
                **{c: cell(code, c) for c in ("known", "rehabilitated", "coverage")},
            }
            for code in self.table.frame.index
            if code != release.TOTAL
        ]
        return {
            "as_of": self.as_of.isoformat(),
            "k": self.k,
            "offices": rows,
            "total": {c: cell(release.TOTAL, c) for c in ("known", "rehabilitated", "coverage")},
            "without_data": [{"code": c, "name": self.names[c]} for c in self.missing],
            "relations": [
                "total.known = sum(offices.known); total.rehabilitated = sum(offices.rehabilitated)",
                "offices[code].known and .rehabilitated = that office's own public headline",
                "known - rehabilitated (waiting, never published) is a count of people in every row",
            ],
        }


HEAD = (("known",), ("rehabilitated",), ("waiting",))


def build_province_release(
    offices: Sequence[tuple[Office, Dataset | None]],
    as_of: dt.date,
    k: int = release.DEFAULT_K,
    previous: Mapping[str, Mapping[Hashable, tuple[int, str]]] | None = None,
) -> ProvinceRelease:
    """Each office's public release and the province table, suppressed together (module docstring).

    `previous` holds, per office code, the cells of that office's latest publication (as
    `release.build_release` takes them).
    """
    k = release.check_k(k)
    previous = previous or {}
    releases: dict[str, release.Release] = {}
    cells: dict[Hashable, Cell] = {}
    relations: list[Relation] = []
    copies: dict[Hashable, tuple[Hashable, ...]] = {}
    names = {office.code: office.name for office, _ in offices}
    with_data = [(office, ds) for office, ds in offices if ds is not None]
    for office, ds in with_data:
        done = release.protected(ds, as_of, k, previous.get(office.code))
        releases[office.code] = release.release_of(done, ds)
        system, status = done.system, done.status

        def mine(key: Hashable, code: str = office.code) -> tuple:
            assert isinstance(key, tuple), key  # a release cell's key: ('known',), ('district', name, col)
            return (code, *key)

        headline_shown = all(status[key] == SHOWN for key in HEAD[:2])
        keys = HEAD if headline_shown else tuple(system.cells)
        for key in keys:
            c = system.cells[key]
            cells[mine(key)] = Cell(
                c.value, published=c.published, people=c.people, tier=c.tier, fixed=status[key]
            )
        if headline_shown:
            relations.append(Relation(mine(HEAD[0]), (mine(HEAD[1]), mine(HEAD[2]))))
        else:
            relations += [Relation(mine(r.total), tuple(mine(p) for p in r.parts)) for r in system.relations]
            copies.update({mine(key): tuple(mine(c) for c in found) for key, found in system.copies.items()})
    total = {column: (PROVINCE, column) for column in ("known", "rehabilitated", "waiting")}
    for column, key in total.items():
        value = sum(cells[(o.code, column)].value for o, _ in with_data)
        cells[key] = Cell(value, published=column != "waiting", tier=release.HEADLINE_TIER)
        relations.append(Relation(key, tuple((o.code, column) for o, _ in with_data)))
    relations.append(Relation(total["known"], (total["rehabilitated"], total["waiting"])))
    status = System(cells, relations, k, copies).protect()

    rows = [o.code for o, _ in with_data] + [release.TOTAL]
    frame = pd.DataFrame(
        index=pd.Index(rows, name="office"), columns=["known", "rehabilitated"], dtype="object"
    )
    text, state = frame.copy(), frame.copy()
    for row in rows:
        for column in ("known", "rehabilitated"):
            key = total[column] if row == release.TOTAL else (row, column)
            value, s = cells[key].value, status[key]
            frame.loc[row, column] = value if s == SHOWN else None
            text.loc[row, column] = display(value, s, k)
            state.loc[row, column] = s
    table = release.with_share(
        release.PublicTable(frame, text, state, k), "rehabilitated", "known", "coverage"
    )
    missing = tuple(o.code for o, ds in offices if ds is None)
    return ProvinceRelease(as_of, k, releases, names, table, missing)


def office_summaries(
    history: Any,
    offices: Sequence[Office],
    today: dt.date,
    *,
    interval_s: float = 300.0,
    now: dt.datetime | None = None,
) -> list[OfficeRead]:
    """Every office as the province table shows it: the figures the sync worker kept for its last good
    read as of `today` (one query, no validation), else that read validated here (`read_offices`)."""
    from sheets.sync import latest_good_read

    found = []
    for office in offices:
        stored = latest_good_read(history, office.spreadsheet, interval_s=interval_s, now=now, with_raw=False)
        figures = None
        if stored.read_id is not None:
            try:
                key = office_figures.figures_key(districts_of(office))
            except OfficesError:
                key = None  # its kecamatan file is broken: `office_read` says so
            if key is not None:
                with history.engine.connect() as db:
                    figures = office_figures.found(db, [stored.read_id], today, key).get(stored.read_id)
        if figures is not None:
            found.append(OfficeRead(office, stored, figures=figures))
        else:  # no figures for today (an older worker, or a read of before midnight): validate it here
            full = latest_good_read(history, office.spreadsheet, interval_s=interval_s, now=now)
            found.append(office_read(office, full, today))
    return found


def read_offices(
    history: Any,
    offices: Sequence[Office],
    today: dt.date,
    *,
    interval_s: float = 300.0,
    now: dt.datetime | None = None,
) -> list[OfficeRead]:
    """Every office's last good read from the history store (never Google), validated with its own list."""
    from sheets.sync import latest_good_read

    return [
        office_read(o, latest_good_read(history, o.spreadsheet, interval_s=interval_s, now=now), today)
        for o in offices
    ]
