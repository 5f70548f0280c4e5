"""The public release: every figure the public page, its slides and its exports publish, suppressed together.

One release is one system of cells (`sheets.disclosure`): the headline (known, rehabilitated,
rehabilitated this year), the yearly table (new identifications and rehabilitations, their
running totals, the target, and the survivors reported by other official sources) and the
kecamatan table (known and rehabilitated in all 31, with the regency total). A quantity that appears in several places is one cell (the headline's
known survivors are the kecamatan total and the last running total), so it is shown or hidden
everywhere at once. The waiting list (known minus rehabilitated: per kecamatan, per year, in
all) is never published, yet it follows from the published cells and holds people, so it is
protected too. Shares (coverage, business running) are published only where neither their
part nor its complement is small; coverage then follows from two published counts and adds
nothing an attacker could use.

Public figures change at release points, not by the minute (`release_as_of`): a public page
compared with the same page a day later must not locate one new survivor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeGuard

import numpy as np
import pandas as pd

from sheets import disclosure, kecamatan, metrics
from sheets.disclosure import DERIVED, PRIMARY, SECONDARY, SHOWN, Cell, Relation, System, check_k, display
from sheets.frames import is_missing
from sheets.metrics import Dataset

# The release day is a setting, checked where the settings are (which import nothing of this module).
from sheets.settings import DEFAULT_RELEASE_DAY, check_release_day

DEFAULT_K = disclosure.DEFAULT_K
OFFICE = "Dinas Sosial Kabupaten Indramayu"  # whose figures, when no office list says otherwise
OFFICE_CODE = "32.12"  # its Kemendagri code


def office_title(name: str) -> str:
    """How the public materials name an office: its Dinas Sosial (`Kabupaten Cirebon` -> `Dinas Sosial
    Kabupaten Cirebon`)."""
    return f"Dinas Sosial {name}"


def office_region(title: str) -> str:
    """The regency or city an office title names (`Dinas Sosial Kabupaten Cirebon` -> `Kabupaten Cirebon`)."""
    return title.removeprefix("Dinas Sosial ").strip()


TOTAL = "Total"

# Tiers: complementary cells come from the lowest first; the headline is hidden last.
KECAMATAN_TIER, YEAR_TIER, RUNNING_TIER, THIS_YEAR_TIER, HEADLINE_TIER = 1, 2, 3, 8, 9

__all__ = [
    "DERIVED",
    "PRIMARY",
    "SECONDARY",
    "SHOWN",
    "PublicTable",
    "Release",
    "build_release",
    "check_k",
    "check_release_day",
    "release_as_of",
]


def release_point(today: dt.date, day: int = DEFAULT_RELEASE_DAY) -> dt.date:
    """The latest release date on or before `today` (the `day`-th of a month)."""
    day = check_release_day(day)
    if today.day >= day:
        return today.replace(day=day)
    previous = today.replace(day=1) - dt.timedelta(days=1)
    return previous.replace(day=day)


def release_as_of(today: dt.date, day: int = DEFAULT_RELEASE_DAY) -> dt.date:
    """The date the current public release describes: the day before the latest release point.

    With the default release day (the 1st), that is the last day of the previous month.
    """
    return release_point(today, day) - dt.timedelta(days=1)


def next_release(today: dt.date, day: int = DEFAULT_RELEASE_DAY) -> dt.date:
    """When the public figures change next."""
    point = release_point(today, day)
    following = (point.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following.replace(day=check_release_day(day))


@dataclass(frozen=True)
class PublicTable:
    """A table fit for publication: numbers (None where hidden), display texts and statuses."""

    frame: pd.DataFrame  # numbers, None where hidden
    text: pd.DataFrame  # the same cells as published ("<10", "*")
    status: pd.DataFrame  # SHOWN / PRIMARY / SECONDARY per cell
    k: int


@dataclass(frozen=True)
class Release:
    """Everything the public may see of one dataset on one date, suppressed as one system."""

    as_of: dt.date
    k: int
    headline: dict[str, Any]
    by_year: PublicTable
    by_district: PublicTable
    status: Mapping[Hashable, str] = field(repr=False)
    # Every cell's true value and status (published or not): what the next publication is suppressed
    # against. Never public.
    cells: Mapping[Hashable, tuple[int, str]] = field(default_factory=dict, repr=False)
    # Each kecamatan's Kemendagri code (the office's own list; Indramayu's when not given).
    codes: Mapping[str, str] = field(default_factory=lambda: dict(kecamatan.CODE_BY_NAME), repr=False)
    office: str = OFFICE  # whose figures (`office_title`), as every export and the JSON name them
    office_code: str = OFFICE_CODE

    def cells_json(self) -> list[list]:
        """`cells` as JSON holds them (keys as lists), for the history store."""
        return [[list(_parts(key)), int(value), status] for key, (value, status) in self.cells.items()]

    @staticmethod
    def cells_from_json(items: list[list]) -> dict[Hashable, tuple[int, str]]:
        """The `cells` that `cells_json` wrote."""
        return {tuple(key): (int(value), status) for key, value, status in items}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Release:
        """A release as it was published (`to_json`), for re-rendering a frozen publication exactly."""
        k = int(data["k"])
        as_of = dt.date.fromisoformat(data["as_of"])
        year_columns = ["known", "rehabilitated", "known_cumulative", "rehabilitated_cumulative"]
        by_year = _from_rows(
            [r["year"] for r in data["tables"]["by_year"]["rows"]],
            data["tables"]["by_year"]["rows"],
            year_columns,
            k,
            "year",
        )
        by_year = with_share(by_year, "rehabilitated_cumulative", "known_cumulative", "coverage")
        targets = [r["target"] for r in data["tables"]["by_year"]["rows"]]
        by_year.frame["target"] = targets
        by_year.text["target"] = ["" if t is None else str(t) for t in targets]
        by_year.status["target"] = SHOWN
        reported = [
            r.get("reported") for r in data["tables"]["by_year"]["rows"]
        ]  # absent before it was published
        by_year.frame["reported"] = [v if isinstance(v, int) else None for v in reported]
        by_year.text["reported"] = ["" if v is None else str(v) for v in reported]
        by_year.status["reported"] = [
            SHOWN if v is None or isinstance(v, int) else (PRIMARY if v == f"<{k}" else SECONDARY)
            for v in reported
        ]
        districts = data["tables"]["by_district"]
        by_district = _from_rows(
            [r["district"] for r in districts["rows"]] + [TOTAL],
            [*districts["rows"], districts["total"]],
            ["known", "rehabilitated"],
            k,
            "district",
        )
        by_district = with_share(by_district, "rehabilitated", "known", "coverage")
        head = data["headline"]
        this_year = head["this_year"]
        headline: dict[str, Any] = {
            "k": k,
            "text": {},
            "this_year_target": this_year["target"],
            "target_year": head.get("target_year"),
        }
        for name, cell in (
            ("known", head["known"]),
            ("rehabilitated", head["rehabilitated"]),
            ("this_year", this_year["rehabilitated"]),
        ):
            headline[name] = cell if isinstance(cell, int) else None
            headline["text"][name] = str(cell)
        for name in ("coverage", "business_running_share"):
            share = head[name]
            headline[name] = share if isinstance(share, float) else None
            headline["text"][name] = f"{share:.0%}" if isinstance(share, float) else (share or "")
        codes = {r["district"]: r["code"] for r in districts["rows"] if r.get("code")}
        return cls(
            as_of=as_of,
            k=k,
            headline=headline,
            by_year=by_year,
            by_district=by_district,
            status={},
            codes=codes or dict(kecamatan.CODE_BY_NAME),
            office=str(
                data.get("office") or OFFICE
            ),  # releases frozen before offices were named: Indramayu's
            office_code=str(data.get("office_code") or OFFICE_CODE),
        )

    @property
    def hidden(self) -> dict[str, int]:
        """How many published counts are hidden: small counts (`<k`), and other hidden counts (`*`)."""
        marks = [self.headline["text"][name] for name in ("known", "rehabilitated")]
        marks += list(self.by_year.text.drop(columns=["coverage", "target"]).iloc[:-1].to_numpy().ravel())
        last = (
            ("known", "rehabilitated", "reported")
            if "reported" in self.by_year.text
            else ("known", "rehabilitated")
        )
        marks += [self.by_year.text.iloc[-1][c] for c in last] if len(self.by_year.text) else []
        marks += list(self.by_district.text.drop(index=TOTAL)[["known", "rehabilitated"]].to_numpy().ravel())
        return {"primary": marks.count(f"<{self.k}"), "secondary": marks.count("*")}

    def to_json(self) -> dict[str, Any]:
        """Exactly the cells the public page and its exports publish, for anyone to audit."""
        year_columns = [
            "year",
            "known",
            "rehabilitated",
            "known_cumulative",
            "rehabilitated_cumulative",
            "coverage",
            "target",
            "reported",
        ]
        district_columns = ["district", "code", "known", "rehabilitated", "coverage"]
        years = [
            {"year": int(y), **{c: _published(self.by_year, y, c) for c in year_columns[1:]}}
            for y in self.by_year.frame.index
        ]
        rows = self.by_district.frame.index
        districts = [
            {
                "district": d,
                "code": self.codes.get(d),
                **{c: _published(self.by_district, d, c) for c in district_columns[2:]},
            }
            for d in rows
            if d != TOTAL
        ]
        total = {c: _published(self.by_district, TOTAL, c) for c in district_columns[2:]}
        head = self.headline
        return {
            "office": self.office,
            "office_code": self.office_code,
            "as_of": self.as_of.isoformat(),
            "k": self.k,
            "markers": {
                f"<{self.k}": f"a count from 1 to {self.k - 1}",
                "*": "a hidden count of any size, so that no small count can be worked out",
            },
            "headline": {
                "known": _json_cell(head["known"], head["text"]["known"]),
                "rehabilitated": _json_cell(head["rehabilitated"], head["text"]["rehabilitated"]),
                "coverage": _json_share(head["coverage"], head["text"]["coverage"]),
                "this_year": {
                    "year": self.as_of.year,
                    "rehabilitated": _json_cell(head["this_year"], head["text"]["this_year"]),
                    "target": head["this_year_target"],
                },
                "business_running_share": _json_share(
                    head["business_running_share"], head["text"]["business_running_share"]
                ),
                "target_year": head.get("target_year"),
            },
            "tables": {
                "by_year": {"columns": year_columns, "rows": years},
                "by_district": {"columns": district_columns, "rows": districts, "total": total},
            },
            "relations": [
                (
                    "headline.known = by_district.total.known = sum(by_district.rows.known) "
                    "= by_year[last].known_cumulative"
                ),
                (
                    "headline.rehabilitated = by_district.total.rehabilitated = sum(by_district.rows.rehabilitated)"
                    " = by_year[last].rehabilitated_cumulative"
                ),
                (
                    "by_year[y].known_cumulative = by_year[y-1].known_cumulative + by_year[y].known "
                    "(the same for rehabilitated; before the first year: survivors identified before it, "
                    "0 unless the first year is 2000)"
                ),
                "headline.this_year.rehabilitated = by_year[as_of year].rehabilitated",
                "known - rehabilitated (waiting, never published) is a count of people in every row",
                "coverage = rehabilitated / known (published only when both are)",
                (
                    "by_year[y].reported: survivors reported to the office by other official sources that year "
                    "(office totals; null when not given), tied to no other figure"
                ),
            ],
            "hidden": self.hidden,
        }


def _from_rows(
    index: list, rows: list[Mapping[str, Any]], columns: list[str], k: int, name: str
) -> PublicTable:
    """A public table again from its published cells (numbers, `<k`, `*`)."""
    frame = pd.DataFrame(index=pd.Index(index, name=name), columns=columns, dtype="object")
    text, state = frame.copy(), frame.copy()
    for label, row in zip(index, rows):
        for col in columns:
            cell = row[col]
            shown = isinstance(cell, int)
            frame.loc[label, col] = cell if shown else None
            text.loc[label, col] = str(cell)
            state.loc[label, col] = SHOWN if shown else (PRIMARY if cell == f"<{k}" else SECONDARY)
    return PublicTable(frame, text, state, k)


def _parts(key: Hashable) -> tuple[Hashable, ...]:
    """A release cell's key as the tuple it is: ('known',), ('year', 2018, 'known'), ('district', name, col)."""
    assert isinstance(key, tuple), key
    return key


def _published(table: PublicTable, row: Hashable, column: str) -> object:
    value = table.frame.at[row, column]
    text = table.text.at[row, column]
    if column == "coverage":
        return _json_share(value, text)
    if column == "target":
        return int(value) if _is_number(value) else None
    if column == "reported" and text == "":
        return None  # not given for that year
    return _json_cell(value, text)


def _is_number(value: object) -> TypeGuard[int | float | np.integer | np.floating]:
    """Whether a published table's cell holds a number (hidden ones hold None)."""
    return isinstance(value, (int, float, np.integer, np.floating)) and not is_missing(value)


def _json_cell(value: object, text: object) -> object:
    # A published number, or the text shown instead (`<10`, `*`).
    return int(value) if _is_number(value) else text


def _json_share(value: object, text: object) -> object:
    if not _is_number(value):
        return text or None
    return round(float(value), 2)


# --------------------------------------------------------------------------- the system


def _year_cells(frame: pd.DataFrame) -> tuple[dict, list[Relation], dict]:
    """Cells and relations of the yearly table; `place` maps (year, column) to the cell's key."""
    cells: dict[Hashable, Cell] = {}
    relations: list[Relation] = []
    place: dict[tuple, Hashable] = {}
    years = [int(y) for y in frame["year"]]
    if not years:
        return cells, relations, place
    first = frame.iloc[0]
    before = {
        "known": int(first["known_cumulative"] - first["known"]),
        "rehabilitated": int(first["rehabilitated_cumulative"] - first["rehabilitated"]),
    }
    # Nobody before the first year unless older records exist: then the public cannot know how many.
    known_before = before["known"] > 0 or before["rehabilitated"] > 0
    for col, value in (*before.items(), ("waiting", before["known"] - before["rehabilitated"])):
        cells[("year", "before", f"{col}_cumulative")] = (
            Cell(value, published=False) if known_before else Cell(0, published=True, people=False)
        )
    relations.append(
        Relation(
            ("year", "before", "known_cumulative"),
            (("year", "before", "rehabilitated_cumulative"), ("year", "before", "waiting_cumulative")),
        )
    )
    last = years[-1]
    previous: int | str = "before"
    for row in frame.to_dict("records"):
        y = int(row["year"])
        keys: dict[str, tuple[Hashable, ...]] = {}
        for col in ("known", "rehabilitated"):
            keys[col] = ("year", y, col)
            cells[keys[col]] = Cell(int(row[col]), tier=YEAR_TIER)
        known_c, rehabilitated_c = int(row["known_cumulative"]), int(row["rehabilitated_cumulative"])
        for col, value in (
            ("known_cumulative", known_c),
            ("rehabilitated_cumulative", rehabilitated_c),
            ("waiting_cumulative", known_c - rehabilitated_c),
        ):
            headline = {
                "known_cumulative": ("known",),
                "rehabilitated_cumulative": ("rehabilitated",),
                "waiting_cumulative": ("waiting",),
            }[col]
            keys[col] = headline if y == last else ("year", y, col)
            if y != last:
                cells[keys[col]] = Cell(int(value), published=col != "waiting_cumulative", tier=RUNNING_TIER)
        for col in ("known", "rehabilitated"):
            relations.append(
                Relation(
                    keys[f"{col}_cumulative"],
                    (
                        ("year", previous, f"{col}_cumulative")
                        if previous == "before"
                        else place[(previous, f"{col}_cumulative")],
                        keys[col],
                    ),
                )
            )
        relations.append(
            Relation(keys["known_cumulative"], (keys["rehabilitated_cumulative"], keys["waiting_cumulative"]))
        )
        for col, key in keys.items():
            place[(y, col)] = key
        previous = y
    return cells, relations, place


def _district_cells(frame: pd.DataFrame) -> tuple[dict, list[Relation], dict]:
    cells: dict[Hashable, Cell] = {}
    relations: list[Relation] = []
    place: dict[tuple, Hashable] = {}
    names = list(frame["district"])
    for row in frame.to_dict("records"):
        d = row["district"]
        for col, value in (
            ("known", row["known"]),
            ("rehabilitated", row["rehabilitated"]),
            ("waiting", row["waiting"]),
        ):
            place[(d, col)] = ("district", d, col)
            cells[place[(d, col)]] = Cell(int(value), published=col != "waiting", tier=KECAMATAN_TIER)
        relations.append(Relation(place[(d, "known")], (place[(d, "rehabilitated")], place[(d, "waiting")])))
    for col, total in (("known", ("known",)), ("rehabilitated", ("rehabilitated",))):
        place[(TOTAL, col)] = total
        relations.append(Relation(total, tuple(place[(d, col)] for d in names)))
    # The waiting total (known - rehabilitated) follows from these; stating it again as a sum of the
    # kecamatan would only tie every kecamatan's unknowns into one group.
    place[(TOTAL, "waiting")] = ("waiting",)
    return cells, relations, place


def build_system(
    ds: Dataset, as_of: dt.date, k: int
) -> tuple[System, dict, dict, pd.DataFrame, pd.DataFrame]:
    """The release's cells and relations as of `as_of`, with where each table cell lives."""
    known, rehab = metrics.known(ds, as_of), metrics.rehabilitated(ds, as_of)
    cells: dict[Hashable, Cell] = {
        ("known",): Cell(known, tier=HEADLINE_TIER),
        ("rehabilitated",): Cell(rehab, tier=HEADLINE_TIER),
        ("waiting",): Cell(known - rehab, published=False, tier=HEADLINE_TIER),
    }
    relations = [Relation(("known",), (("rehabilitated",), ("waiting",)))]
    years = metrics.by_year(ds, as_of)
    y_cells, y_relations, y_place = _year_cells(years)
    districts = metrics.by_district(ds, as_of).sort_values("district").reset_index(drop=True)
    d_cells, d_relations, d_place = _district_cells(districts)
    cells.update(y_cells)
    cells.update(d_cells)
    # Korban Terlapor: office totals from other sources, counts of people tied to no other cell (a
    # small one is still `<k`); only the years whose Target row gives one.
    reported: Any = years[years["reported_known"].notna()]
    for row in reported.itertuples(index=False):
        y_place[(int(row.year), "reported")] = ("year", int(row.year), "reported")
        cells[("year", int(row.year), "reported")] = Cell(int(row.reported_known), tier=YEAR_TIER)
    this_year = y_place.get((as_of.year, "rehabilitated"))
    if this_year is not None:
        cells[this_year] = Cell(cells[this_year].value, tier=THIS_YEAR_TIER)
    system = System(cells, [*relations, *y_relations, *d_relations], k)
    return system, y_place, d_place, years, districts


def _table(
    rows: list,
    columns: list[str],
    place: Mapping[tuple, Hashable],
    system: System,
    status: Mapping[Hashable, str],
    index_name: str,
) -> PublicTable:
    frame = pd.DataFrame(index=pd.Index(rows, name=index_name), columns=columns, dtype="object")
    text, state = frame.copy(), frame.copy()
    for row in rows:
        for col in columns:
            key = place[(row, col)]
            value, s = system.cells[key].value, status[key]
            frame.loc[row, col] = value if s == SHOWN else None
            text.loc[row, col] = display(value, s, system.k)
            state.loc[row, col] = s
    return PublicTable(frame, text, state, system.k)


def with_share(table: PublicTable, numerator: str, denominator: str, name: str) -> PublicTable:
    """A share column: published only where both counts are (then it tells nothing more)."""
    frame, text, status = table.frame.copy(), table.text.copy(), table.status.copy()
    shown = (status[numerator] == SHOWN) & (status[denominator] == SHOWN)
    num = pd.to_numeric(frame[numerator], errors="coerce")
    den = pd.to_numeric(frame[denominator], errors="coerce")
    share = (num / den.where(den > 0)).where(shown)
    frame[name] = share.astype("object").where(share.notna(), None)
    text[name] = ["" if s and pd.isna(v) else ("*" if not s else f"{v:.0%}") for v, s in zip(share, shown)]
    status[name] = [SHOWN if s else SECONDARY for s in shown]
    return PublicTable(frame, text, status, table.k)


def _with_reported(
    table: PublicTable, place: Mapping[tuple, Hashable], system: System, status: Mapping[Hashable, str]
) -> PublicTable:
    """The reported column: the cell as suppressed where the year gives one, else nothing ('')."""
    frame, text, state = table.frame.copy(), table.text.copy(), table.status.copy()
    cells: list[tuple[int | None, str, str]] = []
    for y in frame.index:
        key = place.get((int(y), "reported"))
        if key is None:
            cells.append((None, "", SHOWN))
            continue
        value, s = system.cells[key].value, status[key]
        cells.append((value if s == SHOWN else None, display(value, s, system.k), s))
    values, texts, states = (list(column) for column in zip(*cells)) if cells else ([], [], [])
    frame["reported"], text["reported"], state["reported"] = values, texts, states
    return PublicTable(frame, text, state, table.k)


def _business_share(ds: Dataset, as_of: dt.date, k: int) -> float | None:
    """Business running among followed-up rehabilitated survivors: only when no part of it is small."""
    rehab_ids = ds.survivors.loc[metrics.rehabilitated_mask(ds, as_of), "survivor_id"]
    latest = metrics.latest_visits(ds, as_of)
    latest = latest[latest["survivor_id"].isin(rehab_ids)]
    followed = len(latest)
    running = int(latest["business_status"].eq("Berjalan").sum())
    if followed < k or 0 < running < k or 0 < followed - running < k:
        return None
    return running / followed


PREVIOUS = "previous"  # the first part of an earlier publication's cell keys in a combined system
CHANGE = "change"  # ... and of the change of a kecamatan count since that publication


def _relations_of(cells: Mapping[Hashable, tuple[int, str]]) -> list[Relation]:
    """The relations of a release, rebuilt from its cells (an earlier publication's, from the store)."""
    keys = [_parts(key) for key in cells]
    # A year's cells are ('year', 2018, col); the cells before the first year are ('year', 'before', col).
    years = sorted(k[1] for k in keys if k[0] == "year" and k[2] == "known" and isinstance(k[1], int))
    value = {key: v for key, (v, _) in cells.items()}
    rows = []
    for y in years:
        last = y == years[-1]
        rows.append(
            {
                "year": y,
                "known": value[("year", y, "known")],
                "rehabilitated": value[("year", y, "rehabilitated")],
                "known_cumulative": value[("known",) if last else ("year", y, "known_cumulative")],
                "rehabilitated_cumulative": value[
                    ("rehabilitated",) if last else ("year", y, "rehabilitated_cumulative")
                ],
            }
        )
    frame = pd.DataFrame(
        rows, columns=["year", "known", "rehabilitated", "known_cumulative", "rehabilitated_cumulative"]
    )
    names = sorted(k[1] for k in keys if k[0] == "district" and k[2] == "known" and isinstance(k[1], str))
    districts = pd.DataFrame(
        {
            "district": names,
            "known": [value[("district", d, "known")] for d in names],
            "rehabilitated": [value[("district", d, "rehabilitated")] for d in names],
            "waiting": [value[("district", d, "waiting")] for d in names],
        }
    )
    return [
        Relation(("known",), (("rehabilitated",), ("waiting",))),
        *_year_cells(frame)[1],
        *_district_cells(districts)[1],
    ]


def _with_previous(system: System, previous: Mapping[Hashable, tuple[int, str]]) -> System:
    """The release's system joined to an earlier publication's cells and relations, as the public holds both.

    The earlier cells keep the statuses they were published with (never changed, still
    protected). Each kecamatan count is the earlier one plus its change since: survivors
    identified or rehabilitated there in between, a count of people that locates them, protected
    like a waiting list (the headline's change is their sum, implied by the totals).
    """

    def earlier(key: Hashable) -> tuple[Hashable, ...]:
        return (PREVIOUS, *_parts(key))

    cells = dict(system.cells)
    relations = list(system.relations)
    for key, (value, status) in previous.items():
        cells[earlier(key)] = Cell(int(value), published=status != DERIVED, fixed=status)
    relations += [
        Relation(earlier(r.total), tuple(earlier(p) for p in r.parts)) for r in _relations_of(previous)
    ]
    copies: dict[Hashable, tuple[Hashable, ...]] = {}
    for key in previous:
        parts = _parts(key)
        if key in system.cells and parts[0] == "district" and parts[2] in ("known", "rehabilitated"):
            cells[(CHANGE, *parts)] = Cell(system.cells[key].value - int(previous[key][0]), published=False)
            relations.append(Relation(key, (earlier(key), (CHANGE, *parts))))
        if key in system.cells:  # the same count as published then and now: one marker, said twice
            copies[key], copies[earlier(key)] = (earlier(key),), (key,)
    return System(cells, relations, system.k, copies)


def build_release(
    ds: Dataset,
    as_of: dt.date,
    k: int = DEFAULT_K,
    previous: Mapping[Hashable, tuple[int, str]] | None = None,
    *,
    office: str = OFFICE,
    office_code: str = OFFICE_CODE,
) -> Release:
    """Suppress the public figures of `ds` (unfiltered) as of `as_of` with threshold `k`, as one system.

    `previous` is an earlier publication's cells (`Release.cells`): what was published then
    counts as published now, so the difference of the two never reveals a hidden count nor a
    small number of new survivors in a kecamatan. `office` (`office_title`) and `office_code` say
    whose figures they are.
    """
    return replace(release_of(protected(ds, as_of, k, previous), ds), office=office, office_code=office_code)


@dataclass(frozen=True)
class Protected:
    """One office's release system as suppressed: its cells, their statuses, and where each table cell lives."""

    as_of: dt.date
    system: System
    status: Mapping[Hashable, str]
    y_place: Mapping[tuple, Hashable]
    d_place: Mapping[tuple, Hashable]
    years: pd.DataFrame
    districts: pd.DataFrame


def protected(
    ds: Dataset,
    as_of: dt.date,
    k: int = DEFAULT_K,
    previous: Mapping[Hashable, tuple[int, str]] | None = None,
) -> Protected:
    """The release system of `ds` as of `as_of` (joined to `previous`), suppressed (`System.protect`)."""
    k = check_k(k)
    system, y_place, d_place, years, districts = build_system(ds, as_of, k)
    if previous:
        system = _with_previous(system, previous)
    return Protected(as_of, system, system.protect(), y_place, d_place, years, districts)


def release_of(done: Protected, ds: Dataset) -> Release:
    """The public tables of a suppressed system (`protected`)."""
    as_of, system, status = done.as_of, done.system, done.status
    y_place, d_place, years, districts, k = done.y_place, done.d_place, done.years, done.districts, system.k
    year_rows = [int(y) for y in years["year"]]
    by_year = _table(
        year_rows,
        ["known", "rehabilitated", "known_cumulative", "rehabilitated_cumulative"],
        y_place,
        system,
        status,
        "year",
    )
    by_year = with_share(by_year, "rehabilitated_cumulative", "known_cumulative", "coverage")
    # Targets are plans, not people: always published.
    targets = years.set_index("year")["target"]
    by_year.frame["target"] = [None if pd.isna(t) else int(t) for t in targets]
    by_year.text["target"] = ["" if pd.isna(t) else str(int(t)) for t in targets]
    by_year.status["target"] = SHOWN
    by_year = _with_reported(by_year, y_place, system, status)

    district_rows = [*districts["district"], TOTAL]
    by_district = _table(district_rows, ["known", "rehabilitated"], d_place, system, status, "district")
    by_district = with_share(by_district, "rehabilitated", "known", "coverage")

    headline_keys = {
        "known": ("known",),
        "rehabilitated": ("rehabilitated",),
        "this_year": y_place.get((as_of.year, "rehabilitated")),
    }
    head: dict[str, Any] = {"k": k, "text": {}}
    for name, key in headline_keys.items():
        if key is None:  # no yearly row for this year (an empty dataset)
            head[name], head["text"][name] = 0, "0"
            continue
        value, s = system.cells[key].value, status[key]
        head[name] = value if s == SHOWN else None
        head["text"][name] = display(value, s, k)
    head["coverage"] = (
        head["rehabilitated"] / head["known"] if head["known"] and head["rehabilitated"] is not None else None
    )
    head["text"]["coverage"] = (
        "" if head["known"] == 0 else ("*" if head["coverage"] is None else f"{head['coverage']:.0%}")
    )
    target = targets.get(as_of.year)
    head["this_year_target"] = None if target is None or pd.isna(target) else int(target)
    # The plan's last year (a plan, not people): what the public page's needed pace aims at.
    head["target_year"] = int(ds.targets["year"].max()) if len(ds.targets) else None
    share = _business_share(ds, as_of, k)
    head["business_running_share"] = share
    head["text"]["business_running_share"] = "*" if share is None else f"{share:.0%}"
    own = {key: s for key, s in status.items() if _parts(key)[0] not in (PREVIOUS, CHANGE)}
    published = {key: s for key, s in own.items() if system.cells[key].published and system.cells[key].people}
    cells = {key: (system.cells[key].value, s) for key, s in own.items()}
    return Release(
        as_of=as_of,
        k=k,
        headline=head,
        by_year=by_year,
        by_district=by_district,
        status=published,
        cells=cells,
        codes=dict(zip(districts["district"], districts["code"])),
    )


def revisions(published: Mapping[str, Any], ds: Dataset) -> pd.DataFrame:
    """The published figures that today's data would give differently ("2023: published 25, now 27").

    Compares every number a publication showed with the same cell computed now from `ds` as of
    the publication's date (exact values: this is for staff and leadership, never the public).
    """
    as_of = dt.date.fromisoformat(published["as_of"])
    system, y_place, d_place, _, _ = build_system(ds, as_of, int(published["k"]))
    now = {key: cell.value for key, cell in system.cells.items()}
    found = []
    head = published["headline"]
    for column, cell in (("known", head["known"]), ("rehabilitated", head["rehabilitated"])):
        if isinstance(cell, int) and now[(column,)] != cell:
            found.append(("headline", "", column, cell, now[(column,)]))
    for row in published["tables"]["by_year"]["rows"]:
        for column in ("known", "rehabilitated", "known_cumulative", "rehabilitated_cumulative"):
            key = y_place.get((row["year"], column))
            if isinstance(row[column], int) and key is not None and now[key] != row[column]:
                found.append(("by_year", str(row["year"]), column, row[column], now[key]))
    for row in published["tables"]["by_district"]["rows"]:
        for column in ("known", "rehabilitated"):
            key = d_place.get((row["district"], column))
            if isinstance(row[column], int) and key is not None and now[key] != row[column]:
                found.append(("by_district", row["district"], column, row[column], now[key]))
    return pd.DataFrame(found, columns=["table", "row", "column", "published", "now"])
