"""Validation: raw rows in, typed tables of usable rows and one issues table out.

`validate(raw, today)` never raises on bad data. Per tab it finds the header,
parses every contract column (whole columns at once), applies the rules of
CONTRACT.md, and decides per row: used, excluded (an error in a required column,
a key or a reference) or blank. An error in an optional column only blanks that
cell. References between tabs and the order tabs are checked in come from the
schema (`Column.references`, `schema.check_order`); the other cross-row and
cross-tab rules are small functions listed in `TAB_RULES`. The main workbook's tabs
and the identity spreadsheet go through the same `check_tab`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import pandas as pd

from sheets import clock, frames, messages, parse
from sheets.frames import lookup
from sheets.issues import ISSUE_COLUMNS, RENDERED_COLUMNS, RULES, issue_columns, issues_table, show_value
from sheets.raw import Merge, RawTab, RawWorkbook, Rows, a1_range, column_letter
from sheets.schema import (
    IDENTITAS,
    KIND_INVALID,
    SHIPPED_DISTRICTS,
    TABS,
    Column,
    Tab,
    check_order,
    main_tabs,
)


@dataclass(frozen=True)
class TabCount:
    """`rows_read = rows_used + rows_excluded + rows_blank` for one tab."""

    rows_read: int = 0
    rows_used: int = 0
    rows_excluded: int = 0
    rows_blank: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "rows_read": self.rows_read,
            "rows_used": self.rows_used,
            "rows_excluded": self.rows_excluded,
            "rows_blank": self.rows_blank,
        }


@dataclass
class Report:
    """The outcome of one validation: usable rows per tab, the issues, the accounting."""

    source: str
    today: dt.date
    tables: dict[str, pd.DataFrame]
    issues: pd.DataFrame
    counts: dict[str, TabCount]
    present: dict[str, bool]
    url: str | None = None
    read_at: dt.datetime | None = None
    # Per keyed tab: every key present (used or excluded) -> its first row and whether it is excluded,
    # so a later check (the identity spreadsheet) resolves references exactly as validation did.
    keys: dict[str, pd.DataFrame] = field(default_factory=dict)
    # Per tab: the title of the tab read, its header's row, and every non-blank row with its key
    # (the history's records).
    titles: dict[str, str | None] = field(default_factory=dict)
    headers: dict[str, int | None] = field(default_factory=dict)
    records: dict[str, pd.DataFrame] = field(default_factory=dict)
    # Per tab: each contract column's place in the tab as read (0-based), so a row written back
    # (a visit recorded in the app) lands in the tab's own column order.
    positions: dict[str, dict[str, int]] = field(default_factory=dict)
    # The kecamatan (code, name) the Kecamatan columns were checked against: the office's own list.
    districts: tuple[tuple[str, str], ...] = SHIPPED_DISTRICTS

    def table(self, name: str) -> pd.DataFrame:
        """The used rows of tab `name`: typed columns by key, plus `_row` (the sheet row)."""
        return self.tables[name]

    @property
    def has_errors(self) -> bool:
        return bool(self.issues["severity"].eq("error").any())

    def unusable_tabs(self) -> list[str]:
        """Tabs whose figures cannot be trusted at all: missing, no header, or a required column missing."""
        broken = self.issues["code"].isin(["missing-tab", "header-not-found", "missing-column"])
        return [name for name in self.counts if name in set(self.issues.loc[broken, "tab"])]

    def accounting(self) -> pd.DataFrame:
        """One row per tab with rows read, used, excluded and blank."""
        rows = [{"tab": name, **count.as_dict()} for name, count in self.counts.items()]
        return pd.DataFrame(rows, columns=["tab", "rows_read", "rows_used", "rows_excluded", "rows_blank"])

    def to_json(self) -> dict:
        """The CLI's `validate --json` object."""
        rendered = messages.with_messages(self.issues)[RENDERED_COLUMNS]  # the messages at the edge
        issues = rendered.astype(object).where(rendered.notna(), None)
        return {
            "source": self.source,
            "tabs": {name: count.as_dict() for name, count in self.counts.items()},
            "issues": issues.to_dict(orient="records"),
        }


class CheckedTab(Protocol):
    """A checked tab as another tab's references and rules see it (`TabCheck`, or a report's keys)."""

    tab: Tab
    present: bool
    structure_broken: bool

    def key_rows(self, key: str) -> pd.DataFrame: ...

    def table(self) -> pd.DataFrame: ...


# --------------------------------------------------------------------------- one tab


class TabCheck:
    """The working state of one tab while it is validated.

    Built in named steps: choose the tab among those matching (`_choose`), then a
    missing tab (`_missing_tab`), a tab without a header (`_headerless`) or the full
    check (`_check`: header, columns read, unknown and duplicate headers, parse and
    rule issues, merged cells). Cross-row and cross-tab rules run later (`TAB_RULES`).
    """

    def __init__(
        self,
        tab: Tab,
        raw: RawTab | list[RawTab] | None,
        workbook: RawWorkbook,
        today: dt.date,
        read_on: dt.date | None = None,
    ) -> None:
        self.tab = tab
        self.today = today
        # The day the data is read: two-digit years pivot on it, never on `today` (the "as of" date).
        self.read_on = read_on or today
        self.issues: list[dict[str, list[Any]]] = []  # `issue_columns`: one table at the end
        chosen = self._choose([raw] if isinstance(raw, RawTab) else list(raw or []))
        self._init_state(chosen, workbook)
        if chosen is None:
            self._missing_tab()
        else:
            self._check(chosen)

    def _init_state(self, raw: RawTab | None, workbook: RawWorkbook) -> None:
        """The state every step fills in, before any of them runs."""
        self.present = raw is not None
        self.title = raw.title if raw is not None else None
        self.header_row: int | None = None
        self.first_row = 1
        self.link_base = workbook.link_base(raw) if raw is not None else ""
        self.positions: dict[str, int] = {}
        self.raw = pd.DataFrame()
        self.values = pd.DataFrame()
        self.structure_broken = False
        self._near_headers: dict[str, str] = {}  # contract header -> the unknown header that is a typo of it
        # Per sheet column, computed once: its distinct cells and which cells are empty.
        self._distinct: dict[int, parse.Distinct] = {}
        self._empty_at: dict[int, np.ndarray] = {}
        self._first_of: dict[str, np.ndarray] = {}
        # Per contract column, the rows whose cell has an error: rules across columns skip them.
        self._bad: dict[str, np.ndarray] = {}

    def _missing_tab(self) -> None:
        self.add_tab_issue("missing-tab", detail=self.tab.name)
        self._empty()

    def _headerless(self, rows: Rows) -> None:
        """A tab without a recognisable header: every non-blank row is excluded, no column is read."""
        self.add_tab_issue("header-not-found", **_closest_header(rows, self.tab))
        self.structure_broken = True
        self.first_row = 1
        self.raw = parse.data_frame(rows, 0, 1)
        self._setup_rows()
        self._empty_values()

    def _check(self, raw: RawTab) -> None:
        """The tab's own checks, from finding its header to the issues of every cell."""
        rows = _trim_trailing_blank(raw.rows)
        header = parse.locate_header(rows, self.tab)
        if header.row_index is None:
            self._headerless(rows)
            return
        parsed = self._read_body(rows, header)  # first: which cells are empty comes out of the same pass
        self._setup_rows()
        self._flag_unknown_columns(header)
        self._flag_duplicate_columns(header)
        self._parse_columns(parsed)
        self._flag_merges(raw.merges, header.row_index)

    def _read_body(self, rows: Rows, header: parse.HeaderMatch) -> dict[str, _Read]:
        """The rows below the header as a frame, and every contract column present read from it."""
        assert header.row_index is not None
        self.positions = header.columns
        self.header_row = header.sheet_row
        self.first_row = header.sheet_row + 1
        width = max([len(r) for r in rows[: header.row_index + 1]] + [1])
        self.raw = parse.data_frame(rows, header.row_index + 1, width)
        return self._read_columns()

    def _flag_unknown_columns(self, header: parse.HeaderMatch) -> None:
        """One issue per header the contract does not know, with the column it is likely a typo of."""
        taken = set(header.columns)
        for position, text in header.unknown:
            near = parse.suggest_header(text, self.tab, taken)
            if near:
                self._near_headers.setdefault(near, text)
            self.issues.append(
                issue_columns(
                    "unknown-column",
                    self.tab.name,
                    [header.sheet_row],
                    text,
                    [text],
                    params={"detail_key": "detail.did-you-mean-header", "near": near} if near else None,
                    links=[self._link(header.sheet_row, position)],
                )
            )

    def _flag_duplicate_columns(self, header: parse.HeaderMatch) -> None:
        """One issue per contract column named a second time (the first one is read)."""
        for position, key in header.duplicates:
            column = self.tab.column(key)
            self.issues.append(
                issue_columns(
                    "duplicate-column",
                    self.tab.name,
                    [header.sheet_row],
                    column.header,
                    [column.header],
                    links=[self._link(header.sheet_row, position)],
                )
            )

    def _choose(self, candidates: list[RawTab]) -> RawTab | None:
        """The one tab to read among those matching this contract tab; the others are errors, counted.

        A visible tab beats a hidden one; then one with the header row, then the one
        with more data rows, then the first. Every row of an ignored tab stays in
        `rows_read` (as excluded, or blank), so the accounting never hides it.
        """
        self.shadow = TabCount()
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        sizes = {id(t): _data_rows(t, self.tab) for t in candidates}
        ranked = sorted(
            range(len(candidates)),
            key=lambda i: (
                candidates[i].hidden,
                not sizes[id(candidates[i])][2],
                -sizes[id(candidates[i])][0],
                i,
            ),
        )
        chosen = candidates[ranked[0]]
        read, blank, _ = sizes[id(chosen)]
        for i in ranked[1:]:
            other = candidates[i]
            o_read, o_blank, _ = sizes[id(other)]
            self.shadow = TabCount(
                self.shadow.rows_read + o_read,
                0,
                self.shadow.rows_excluded + o_read - o_blank,
                self.shadow.rows_blank + o_blank,
            )
            why = "hidden" if other.hidden and not chosen.hidden else "larger"
            self.issues.append(
                issue_columns(
                    "duplicate-tab",
                    self.tab.name,
                    [pd.NA],
                    "",
                    [other.title],
                    params={
                        "detail_key": f"detail.duplicate-tab-{why}",
                        "chosen": chosen.title,
                        "other": other.title,
                        "rows": read - blank,
                        "lost": o_read - o_blank,
                    },
                )
            )
        return chosen

    # -- set-up

    def _empty(self) -> None:
        self.first_row = 1
        self.raw = pd.DataFrame()
        self._setup_rows()
        self._empty_values()

    def _empty_values(self) -> None:
        self.values = pd.DataFrame(index=self.raw.index)
        for column in self.tab.columns:
            self.values[column.key] = _empty_typed(column, self.raw.index)

    def _setup_rows(self) -> None:
        index = self.raw.index
        self.rows = pd.Series(np.arange(len(index)) + self.first_row, index=index, dtype="int64")
        if len(self.raw.columns):
            empty = [self._empty_cells(c) for c in range(self.raw.shape[1])]  # columns 0..n-1
            blank = pd.Series(np.logical_and.reduce(empty), index=index)
        else:
            blank = pd.Series(True, index=index)
        self.blank = blank
        self.excluded = pd.Series(self.structure_broken, index=index) & ~blank

    def _distinct_cells(self, position: int) -> parse.Distinct:
        if position not in self._distinct:
            self._distinct[position] = parse.Distinct.of(self.raw[position])
        return self._distinct[position]

    def _empty_cells(self, position: int) -> np.ndarray:
        """Per row, whether sheet column `position` holds nothing there (`parse.is_empty`)."""
        if position not in self._empty_at:
            distinct = self._distinct_cells(position)
            self._empty_at[position] = distinct.mask(parse.is_empty(distinct.values))
        return self._empty_at[position]

    def _read_columns(self) -> dict[str, _Read]:
        """Parse every contract column present; its issues are flagged later, once blank rows are known."""
        return {column.key: self._read(column) for column in self.tab.columns if column.key in self.positions}

    def _parse_columns(self, parsed: dict[str, _Read]) -> None:
        values = {}
        for column in self.tab.columns:
            if column.key not in self.positions:
                code = "missing-column" if column.required else "missing-optional-column"
                near = self._near_headers.get(column.header)
                self.issues.append(
                    issue_columns(
                        code,
                        self.tab.name,
                        [self.first_row - 1],
                        column.header,
                        params={"detail_key": "detail.similar-column", "near": near} if near else None,
                    )
                )
                if column.required:
                    self.structure_broken = True
                    self.excluded |= ~self.blank
                values[column.key] = _empty_typed(column, self.raw.index)
                continue
            values[column.key] = parsed[column.key].values
            self._flag_parse(column, parsed[column.key])
        self.values = pd.DataFrame(values, index=self.raw.index)
        self._check_required_and_ranges()
        self._distinct.clear()  # a code per cell and column: memory the rules do not need

    def _cells(self, column: Column) -> pd.Series:
        return self.raw[self.positions[column.key]]

    def _read(self, column: Column) -> _Read:
        position = self.positions[column.key]
        if column.kind == "id":
            # Keys are (nearly) all different: parsing them directly beats finding the distinct ones.
            cells = self._cells(column)
            errors, formulas = parse.formula_cells(cells)
            values = parse.parse_text(cells, is_id=True).mask(errors | formulas)
            # The same test as parse.is_empty: an error cell holds something, it is not blank.
            self._empty_at[position] = (values.isna() & ~errors & ~formulas).to_numpy()
            return _Read(values, errors=errors.to_numpy(), formulas=formulas.to_numpy())
        distinct = self._distinct_cells(position)
        errors, formulas = parse.formula_cells(distinct.values)
        # An error value or a formula is not a value of the column: parse the rest only.
        cells = distinct.values.mask(errors | formulas) if (errors | formulas).any() else distinct.values
        bad_cells = distinct.mask(errors), distinct.mask(formulas)
        if column.kind == "text":
            return _Read(distinct.spread(parse.parse_text(cells)), errors=bad_cells[0], formulas=bad_cells[1])
        result = PARSERS[column.kind](cells, column, self.read_on)
        return _Read(
            distinct.spread(result.values), distinct, result, errors=bad_cells[0], formulas=bad_cells[1]
        )

    def _flag_parse(self, column: Column, read: _Read) -> None:
        """The parse issues of one column (the results are per distinct cell: spread them to the rows).

        Masks stay NumPy arrays and a message's parameters are worked out only when some
        cell needs them: most columns have no issue of most kinds.
        """
        live = ~self.blank.to_numpy(dtype=bool)
        if read.errors is not None:
            self.flag("formula-error", read.errors & live, column)
            self.flag("formula-not-calculated", read.formulas & live, column)
        distinct, result = read.distinct, read.result
        code = KIND_INVALID[column.kind]
        if result is None or distinct is None or code is None:
            return
        if isinstance(result, parse.DateResult):
            out_of_range = distinct.mask(result.out_of_range) & live
            invalid = distinct.mask(result.invalid) & ~out_of_range & live
            if invalid.any():
                year_hint = result.year_only.map({True: "detail.year-only", False: ""})
                self.flag(
                    code, invalid, column, params={"detail_key": distinct.spread(year_hint, where=invalid)}
                )
            self.flag(code, out_of_range, column, params={"detail_key": "detail.outside-years"})
            two_digit = distinct.mask(result.two_digit) & live
            if two_digit.any():
                years = result.values.dt.year.astype("Int64").astype("string")
                self.flag(
                    "two-digit-year",
                    two_digit,
                    column,
                    params={"detail": distinct.spread(years, where=two_digit)},
                    exclude=False,
                )
        elif isinstance(result, parse.CategoryResult):
            unknown = distinct.mask(result.unknown) & live
            if unknown.any():
                hints = result.suggestions.map(lambda s: "detail.did-you-mean" if s else "")
                self.flag(
                    code,
                    unknown,
                    column,
                    params={
                        "detail_key": distinct.spread(hints, where=unknown),
                        "suggestion": distinct.spread(result.suggestions.fillna(""), where=unknown),
                    },
                )
        elif column.kind == "money":
            assert (
                result.ambiguous is not None
            )  # money is read in two ways: its result says which cells fit both
            unclear = live & distinct.mask(result.ambiguous)
            self.flag(code, unclear, column, params={"detail_key": "detail.ambiguous-money"})
            self.flag(code, distinct.mask(result.invalid) & ~unclear & live, column)
        else:
            self.flag(code, distinct.mask(result.invalid) & live, column)

    def _check_required_and_ranges(self) -> None:
        # Masks as NumPy arrays: `flag` builds a Series only for a rule that finds something.
        live = ~self.blank.to_numpy(dtype=bool)
        for column in self.tab.columns:
            if column.key not in self.positions:
                continue
            values = self.values[column.key]
            if column.required:
                raw_empty = self._empty_cells(self.positions[column.key])
                self.flag("missing-value", raw_empty & live, column)
            if column.min is not None or column.max is not None:
                low = -np.inf if column.min is None else column.min
                high = np.inf if column.max is None else column.max
                outside = _outside(values, low, high)
                span = (
                    f"{_num(column.min)}-{_num(column.max)}" if column.max is not None else f">= {_num(low)}"
                )
                self.flag("out-of-range", outside & live, column, params={"detail": span})
            if column.not_future:
                future = (values > pd.Timestamp(self.today)).fillna(False).to_numpy(dtype=bool) & live
                if future.any():
                    self.flag("future-date", future, column, shown=_dmy(values[future]))
            if column.unique:
                self._check_unique(column)

    def _check_unique(self, column: Column) -> None:
        later, first_rows = self._repeats(self._first_of_key(column.key))
        if later.any():
            self.flag("duplicate-key", later, column, params={"detail": first_rows.astype(str)})

    def _first_of_key(self, key: str) -> np.ndarray:
        """Per row, the position of the first non-blank row with its `key` (-1 for blank rows and no key).

        Kept: the duplicate check and every reference to this tab need it, and a key
        column is never blanked (its errors exclude the row instead).
        """
        if key not in self._first_of:
            self._first_of[key] = frames.first_of_group([self.values[key]], ~self.blank.to_numpy())
        return self._first_of[key]

    def repeats(self, keys: list[pd.Series], where: pd.Series) -> tuple[pd.Series, pd.Series]:
        """Rows in `where` whose keys an earlier such row has, and for those the earlier row's sheet row.

        What `duplicated(keep="first")` and `groupby(keys).transform("first")` give,
        from one factorisation (pandas would hash text keys as Python objects twice).
        """
        return self._repeats(frames.first_of_group(keys, where.to_numpy(dtype=bool)))

    def _repeats(self, first: np.ndarray) -> tuple[pd.Series, pd.Series]:
        later = (first >= 0) & (first != np.arange(len(first)))
        first_rows = pd.Series(self.rows.to_numpy()[first[later]], index=self.rows.index[later])
        return pd.Series(later, index=self.rows.index), first_rows

    # -- issues

    def _link(self, row: int, position: int | None) -> str:
        return f"{self._link_prefix(position)}{row}" if self.link_base else ""

    def _link_prefix(self, position: int | None) -> str:
        return f"{self.link_base}{column_letter(position) if position is not None else 'A'}"

    def add_tab_issue(self, code: str, **params: object) -> None:
        self.issues.append(issue_columns(code, self.tab.name, [pd.NA], "", [""], params=params))

    def _flag_merges(self, merges: tuple[Merge, ...], header_index: int) -> None:
        """One warning per merged range that reaches the data rows (a merged title above the header is fine)."""
        by_position = {position: key for key, position in self.positions.items()}
        for merge in merges:
            r0, c0, r1, _ = merge
            if r1 <= header_index:
                continue
            first = max(r0, header_index + 1)  # 0-based raw row of the first data row it covers
            at = first - header_index - 1
            value = self.raw.iat[at, c0] if at < len(self.raw) and c0 < self.raw.shape[1] else None
            key = by_position.get(c0)
            column = self.tab.column(key).header if key else column_letter(c0)
            self.issues.append(
                issue_columns(
                    "merged-cells",
                    self.tab.name,
                    [first + 1],
                    column,
                    [value],
                    params={"detail": a1_range(merge)},
                    links=[self._link(r0 + 1, c0)],
                )
            )

    def flag(
        self,
        code: str,
        mask: pd.Series | np.ndarray,
        column: Column,
        *,
        params: dict[str, pd.Series | str] | None = None,
        exclude: bool | None = None,
        shown: pd.Series | None = None,
    ) -> None:
        """Record `code` for the rows in `mask`; exclude the row, or blank the cell of an optional column.

        `exclude=None` applies CONTRACT.md's rule: errors in a required column or a
        key exclude the row; errors in an optional column blank that cell only.
        Warnings and infos never change the figures. The issue's value is always the
        raw cell as typed; `shown` is what the message says instead (a formatted date).
        """
        if isinstance(mask, np.ndarray) and mask.dtype == bool:  # per row, in the order of the rows
            at, index = mask, self.raw.index  # no Series until some row is flagged (most calls: none)
        else:
            if isinstance(mask, np.ndarray):
                mask = pd.Series(mask, index=self.raw.index)
            at = mask.to_numpy() if mask.dtype == bool else mask.fillna(False).to_numpy(dtype=bool)
            index = mask.index
        if not at.any():  # most rules find nothing: leave before any pandas work
            return
        mask = pd.Series(at, index=index)
        severity = RULES[code].severity
        if exclude is None:
            exclude = severity == "error" and (
                column.required or column.unique or column.references is not None
            )
        blank_cell = severity == "error" and not exclude
        position = self.positions.get(column.key)
        if index.equals(self.rows.index):  # per row (always, in practice): pick by position, no alignment
            flagged = index[at]
            rows = pd.Series(self.rows.to_numpy()[at], index=flagged, name=self.rows.name)
            if position is not None:
                cells = self._cells(column)
                raw_values = pd.Series(
                    cells.to_numpy()[at], index=flagged, name=cells.name, dtype=cells.dtype
                )
            else:
                raw_values = pd.Series("", index=flagged)
        else:
            rows = self.rows[mask]
            raw_values = (
                self._cells(column)[mask] if position is not None else pd.Series("", index=rows.index)
            )
        # `shown` and `params` may hold only the flagged rows (`Distinct.spread(..., where=)`): formatting
        # or spreading every row costs more.
        if shown is not None:
            shown = shown.reindex(rows.index)
        params = {
            name: given.reindex(rows.index) if isinstance(given, pd.Series) else given
            for name, given in (params or {}).items()
        }
        links = None
        if self.link_base:
            prefix = self._link_prefix(position)  # the links of one column differ only in the row
            links = [f"{prefix}{row}" for row in rows.tolist()]
        self.issues.append(
            _issue_columns(
                code, self.tab.name, rows, column.header, raw_values, params, links, blank_cell, shown
            )
        )
        if severity == "error":
            bad = self._bad.get(column.key)
            self._bad[column.key] = mask.to_numpy() if bad is None else bad | mask.to_numpy()
        if exclude:
            self.excluded |= mask
        elif blank_cell and column.key in self.values.columns:
            # Parse errors are already missing; rule errors found later blank the cell here.
            self.values[column.key] = self.values[column.key].mask(at)  # missing, in the column's dtype

    # -- results

    def used(self) -> pd.Series:
        return ~self.blank & ~self.excluded

    def clean(self, *keys: str) -> pd.Series:
        """Live rows where none of these columns' cells has an error (rules across columns use only those)."""
        ok = ~self.blank.to_numpy()
        for key in keys:
            if key in self._bad:
                ok = ok & ~self._bad[key]
        return pd.Series(ok, index=self.blank.index)

    def key_rows(self, key: str) -> pd.DataFrame:
        """First non-blank row per key value: the row references resolve to, with its exclusion."""
        keys = self.values[key]
        first_of = self._first_of_key(key)
        first = pd.Series(first_of == np.arange(len(first_of)), index=keys.index)  # the first row of each key
        # `.array` keeps Arrow text as it is (through NumPy it would become Python strings and back).
        return pd.DataFrame(
            {"row": self.rows[first].to_numpy(), "excluded": self.excluded[first].to_numpy()},
            index=pd.Index(keys[first].array, name=key),
        )

    def records(self) -> pd.DataFrame:
        """Every non-blank row whose key is complete: its sheet row and its key as one text.

        The key is the tab's (`Tab.key`) parsed values joined by `|` (dates as YYYY-MM-DD), so a
        record is recognised from one read to the next however its cells were typed.
        """
        if not self.tab.key or not all(k in self.values for k in self.tab.key):
            return pd.DataFrame({"row": pd.Series(dtype="int64"), "key": pd.Series(dtype="string")})
        complete = ~self.blank.to_numpy(dtype=bool)
        for name in self.tab.key:
            complete &= self.values[name].notna().to_numpy(dtype=bool)
        at = np.flatnonzero(complete)
        parts = []
        for name in self.tab.key:
            values = self.values[name]
            if values.dtype.kind == "M":  # as YYYY-MM-DD, which `strftime` gives too (at C speed)
                parts.append(pd.array(np.datetime_as_string(values.to_numpy()[at], unit="D"), dtype="string"))
            else:
                parts.append(values.array.take(at).astype("string"))
        return pd.DataFrame({"row": self.rows.to_numpy()[at], "key": frames.join_text(parts, "|")})

    def count(self) -> TabCount:
        read = len(self.raw)
        blank = int(self.blank.sum())
        excluded = int((self.excluded & ~self.blank).sum())
        shadow = self.shadow  # the rows of tabs that also matched and were not used
        return TabCount(
            read + shadow.rows_read,
            read - blank - excluded,
            excluded + shadow.rows_excluded,
            blank + shadow.rows_blank,
        )

    def table(self) -> pd.DataFrame:
        used = self.used()
        frame = self.values[used]  # selecting rows copies already
        frame.insert(0, "_row", self.rows[used].to_numpy())
        return frame.reset_index(drop=True)


def _outside(values: pd.Series, low: float, high: float) -> np.ndarray:
    """Per row, whether a value is below `low` or above `high` (a missing value is neither)."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        numbers = values.to_numpy(dtype="float64", na_value=np.nan)
        with np.errstate(invalid="ignore"):
            return ~np.isnan(numbers) & ((numbers < low) | (numbers > high))
    return (values.notna() & ((values < low) | (values > high)).fillna(False)).to_numpy(dtype=bool)


ParseResult = parse.DateResult | parse.CategoryResult | parse.NumberResult

# The parser of each column kind read per distinct cell (`TabCheck._read`; text and IDs are cleaned,
# never invalid): the kind's cells, its column and the day of the read in, the values and what did
# not parse out. Its rule is `schema.KIND_INVALID`.
PARSERS: dict[str, Callable[[pd.Series, Column, dt.date], ParseResult]] = {
    "date": lambda cells, column, read_on: parse.parse_dates(cells, read_on),
    "category": lambda cells, column, read_on: parse.parse_category(cells, column),
    "whole": lambda cells, column, read_on: parse.parse_whole(cells),
    "money": lambda cells, column, read_on: parse.parse_money(cells),
    "yesno": lambda cells, column, read_on: parse.parse_yes_no(cells),
}


@dataclass
class _Read:
    """One contract column as parsed: its typed values, and for the issues, the parser's result."""

    values: pd.Series
    distinct: parse.Distinct | None = None
    result: ParseResult | None = None  # per distinct cell
    errors: np.ndarray | None = None  # per row: a spreadsheet error value (#N/A)
    formulas: np.ndarray | None = None  # per row: a formula saved without its value


def _issue_frame(
    code: str,
    tab: str,
    rows: pd.Series,
    column: str,
    values: pd.Series,
    params: dict[str, pd.Series | str],
    links: list[str] | None,
    blanked: bool,
    shown: pd.Series | None = None,
) -> pd.DataFrame:
    """`issue_frame` for many cells, each distinct parameter set encoded once (`_issue_columns` as a table)."""
    return issues_table([_issue_columns(code, tab, rows, column, values, params, links, blanked, shown)])


def _issue_columns(
    code: str,
    tab: str,
    rows: pd.Series,
    column: str,
    values: pd.Series,
    params: dict[str, pd.Series | str],
    links: list[str] | None,
    blanked: bool,
    shown: pd.Series | None = None,
) -> dict[str, list]:
    """`issue_columns` for many cells, each distinct parameter set encoded once.

    The parameters depend on what the message shows and the details only, and encoding
    them is Python work per issue: 40,000 empty or 'Cikedong' cells need a handful,
    then every issue gets its own row, raw value and link.
    """
    if len(rows) < 100:
        return issue_columns(code, tab, rows, column, values, params, links, blanked, shown=shown)
    said = values if shown is None else shown
    group = np.zeros(len(rows), np.int64)
    for part in (said, *params.values()):
        if isinstance(part, pd.Series):
            codes = _message_codes(part)
            group = np.asarray(pd.factorize(group * (int(codes.max()) + 1) + codes)[0])
    _, first = np.unique(group, return_index=True)  # groups are numbered in order of first appearance

    def firsts(part):
        return part.iloc[first] if isinstance(part, pd.Series) else part

    once = issue_columns(
        code,
        tab,
        rows.iloc[first],
        column,
        values.iloc[first],
        {name: firsts(given) for name, given in params.items()},
        blanked=blanked,
        shown=firsts(shown),
    )
    groups = group.tolist()
    out = {name: [once[name][g] for g in groups] for name in ISSUE_COLUMNS}
    out["row"] = rows.tolist()
    if shown is not None:  # the issues were grouped by what they show; each keeps its own cell
        out["value"] = [show_value(v) for v in values.tolist()]
    out["link"] = [""] * len(rows) if links is None else list(links)
    return out


def _message_codes(values: pd.Series) -> np.ndarray:
    """Equal codes for values that a message shows alike (`issues._show`)."""
    if values.dtype != object:
        codes, _ = frames.factorize(values)  # one dtype: every missing value shows the same
        return np.where(codes < 0, codes.max(initial=0) + 1, codes)
    distinct = parse.Distinct.of(values)  # keeps True apart from 1; 1 and 1.0 both show as '1'
    codes = distinct.codes.astype(np.int64)
    # Missing values all became None there, but NaN shows as 'nan': give those a code each.
    odd = [i for i in np.flatnonzero(codes == len(distinct.values) - 1) if values.iat[int(i)] is not None]
    codes[odd] = len(distinct.values) + np.arange(len(odd))
    return codes


def _dmy(dates: pd.Series) -> pd.Series:
    """Dates as staff write them (09/04/2018), for messages."""
    return dates.dt.strftime("%d/%m/%Y")


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _empty_typed(column: Column, index: pd.Index) -> pd.Series:
    dtype = {"date": "datetime64[s]", "money": "Float64", "whole": "Int64", "yesno": "boolean"}
    return pd.Series(
        pd.NA if column.kind != "date" else pd.NaT, index=index, dtype=dtype.get(column.kind, "string")
    )


def _closest_header(rows: Rows, tab: Tab) -> dict[str, object]:
    """The details of `header-not-found`: which row comes closest and which required headers it lacks."""
    closest = parse.closest_header_row(rows, tab)
    if closest is None:
        return {}
    index, missing = closest
    return {"detail_key": "detail.closest-header", "row": index + 1, "missing": ", ".join(missing)}


def _data_rows(raw: RawTab, tab: Tab) -> tuple[int, int, bool]:
    """Rows read and blank rows of a tab as validation would count them, and whether its header is found."""
    rows = _trim_trailing_blank(raw.rows)
    header = parse.locate_header(rows, tab)
    body = rows[(header.row_index + 1) if header.row_index is not None else 0 :]
    blank = sum(1 for row in body if all(c is None or (isinstance(c, str) and not c.strip()) for c in row))
    return len(body), blank, header.row_index is not None


def _trim_trailing_blank(rows: Rows) -> Rows:
    end = len(rows)
    while end and all(c is None or (isinstance(c, str) and not c.strip()) for c in rows[end - 1]):
        end -= 1
    return rows[:end]


# --------------------------------------------------------------------------- rules across rows and tabs


def check_reference(check: TabCheck, column_key: str, target: CheckedTab, target_key: str) -> None:
    """A referenced key must exist in the other tab; a row pointing at an excluded row is excluded too."""
    column = check.tab.column(column_key)
    values = check.values[column_key]
    live = ~check.blank & values.notna()
    if not target.present or target.structure_broken:
        check.flag("excluded-reference", live, column, params={"detail": target.tab.name}, exclude=True)
        return
    keys = target.key_rows(target_key)
    at = frames.positions(values, keys.index)  # -1: not a key of the other tab
    known = pd.Series(at >= 0, index=values.index)
    check.flag("unknown-reference", live & ~known, column, params={"detail": target.tab.name})
    # A sentinel after the last key answers for position -1.
    target_excluded = np.append(keys["excluded"].to_numpy(dtype=bool), False)[at]
    broken = live & known & target_excluded & ~check.excluded
    rows = pd.Series(np.append(keys["row"].to_numpy(), 0)[at], index=values.index)[broken].astype(str)
    check.flag(
        "excluded-reference",
        broken,
        column,
        params={"detail_key": "detail.tab-row", "tab": target.tab.name, "row": rows},
        exclude=True,
    )


def korban_rules(check: TabCheck, _: Mapping[str, CheckedTab]) -> None:
    """Birth date against identification, age against birth date, destination with Dalam Negeri, duplicates."""
    v = check.values
    live = ~check.blank
    tab = check.tab
    identified = v["identified_on"]
    born = v["birth_date"]
    # A side already in error (a future or unreadable date) is not compared with anything.
    both = check.clean("identified_on", "birth_date")
    after = (born > identified).fillna(False) & both
    check.flag(
        "born-after-identified",
        after,
        tab.column("birth_date"),
        params={"detail": _dmy(identified[after])},
        shown=_dmy(born[after]),
    )
    age_from_birth = frames.whole_years(born, identified)
    silly = ((age_from_birth < 0) | (age_from_birth > 100)).fillna(False) & both & ~after
    check.flag(
        "age-out-of-range",
        silly,
        tab.column("birth_date"),
        params={"detail": age_from_birth[silly].astype("string")},
        shown=_dmy(born[silly]),
    )
    age_from_birth = frames.whole_years(v["birth_date"], identified)  # after blanking
    differs = ((v["age"] - age_from_birth).abs() > 1).fillna(False) & check.clean(
        "identified_on", "birth_date", "age"
    )
    check.flag(
        "age-mismatch",
        differs,
        tab.column("age"),
        params={"detail": age_from_birth[differs].astype("string")},
    )
    domestic = v["exploited_abroad"].eq("Dalam Negeri").fillna(False) & v["destination"].notna()
    domestic &= ~_casefold(v["destination"]).isin(["indonesia", "-", "dalam negeri"]).fillna(False)
    check.flag("destination-with-domestic", domestic & live, tab.column("destination"))
    _possible_duplicates(check)


def _casefold(text: pd.Series) -> pd.Series:
    # Arrow has no casefold, so pandas folds cell by cell in Python: fold each distinct value once.
    return frames.per_distinct(text, lambda distinct: distinct.str.casefold())


def _possible_duplicates(check: TabCheck) -> None:
    v = check.values
    keys = [v["sex"], v["birth_date"], _casefold(v["village"])]
    later, first_rows = check.repeats(keys, where=check.used())
    if later.any():
        check.flag(
            "possible-duplicate-person",
            later,
            check.tab.column("survivor_id"),
            params={"detail": first_rows.astype(str)},
            exclude=False,
        )


def kegiatan_rules(check: TabCheck, _: Mapping[str, CheckedTab]) -> None:
    """An activity cannot end before it starts."""
    v = check.values
    backwards = (v["ends_on"] < v["starts_on"]).fillna(False) & check.clean("starts_on", "ends_on")
    check.flag(
        "end-before-start",
        backwards,
        check.tab.column("ends_on"),
        exclude=True,
        shown=_dmy(v["ends_on"][backwards]),
        params={"detail": _dmy(v["starts_on"][backwards])},
    )


def _same_read(done: Mapping[str, CheckedTab], name: str) -> TabCheck:
    """The check of tab `name` in the same read: the main workbook's rules see every part of it."""
    found = done[name]
    assert isinstance(found, TabCheck), f"{name} was not checked in this read"
    return found


def peserta_rules(check: TabCheck, done: Mapping[str, CheckedTab]) -> None:
    """References, one row per survivor per activity, days attended, joined before identified, capacity."""
    kegiatan, korban = _same_read(done, "Kegiatan"), _same_read(done, "Korban")
    v = check.values
    live = ~check.blank
    later, first_rows = check.repeats([v["activity_id"], v["survivor_id"]], where=live)
    if later.any():
        check.flag(
            "duplicate-key",
            later,
            check.tab.column("survivor_id"),
            params={"detail": first_rows.astype(str)},
            exclude=True,
        )

    activities = kegiatan.table().drop_duplicates("activity_id").set_index("activity_id")
    dates = lookup(v["activity_id"], activities[["starts_on", "ends_on"]])
    starts, ends = dates["starts_on"], dates["ends_on"]
    length = ((ends - starts).dt.days + 1).astype("Int64")
    too_long = (v["days_attended"] > length).fillna(False) & check.clean("days_attended")
    check.flag(
        "attended-too-long",
        too_long,
        check.tab.column("days_attended"),
        params={"detail": length[too_long].astype("string")},
    )

    # Only two columns of Korban's used rows are needed (its whole table is a large copy).
    survivors = korban.values.loc[korban.used(), ["survivor_id", "identified_on"]]
    survivors = survivors.drop_duplicates("survivor_id").set_index("survivor_id")
    identified = lookup(v["survivor_id"], survivors["identified_on"])
    early = (ends < identified).fillna(False) & check.used()
    check.flag(
        "joined-before-identified",
        early,
        check.tab.column("survivor_id"),
        shown=v["activity_id"],
        params={"detail": _dmy(identified[early])},
    )

    counts = v.loc[check.used(), "activity_id"].value_counts()
    kv = kegiatan.values
    participants = lookup(kv["activity_id"], counts).fillna(0).astype("int64")
    over = (participants > kv["capacity"]).fillna(False) & kegiatan.used()
    kegiatan.flag(
        "over-capacity", over, kegiatan.tab.column("capacity"), params={"detail": participants.astype(str)}
    )


def identitas_rules(check: TabCheck, done: Mapping[str, CheckedTab]) -> None:
    """NIK structure, NIK against sex and birth date, the same NIK twice, phone format."""
    v = check.values
    live = ~check.blank
    nik = v["nik"].str.replace(r"[\s.\-']", "", regex=True)
    given = nik.notna() & live
    digits = nik.str.fullmatch(r"\d{16}").fillna(False)

    def digits_at(start: int, end: int) -> pd.Series:
        return pd.to_numeric(nik.str[start:end], errors="coerce").astype("float64")

    province, day, month, year2 = digits_at(0, 2), digits_at(6, 8), digits_at(8, 10), digits_at(10, 12)
    female = day > 40
    born_day = day.where(~female, day - 40)
    full_year = np.where(year2 + 2000 > check.read_on.year, 1900 + year2, 2000 + year2)
    born = pd.to_datetime(
        pd.DataFrame({"year": full_year, "month": month, "day": born_day}, index=v.index), errors="coerce"
    )
    structure_ok = digits & province.between(11, 94) & born.notna()
    reason = pd.Series("detail.nik-digits", index=v.index).where(~digits, "detail.nik-province")
    reason = reason.where(~(digits & province.between(11, 94)), "detail.birth-date")
    check.flag("invalid-nik", given & ~structure_ok, check.tab.column("nik"), params={"detail_key": reason})
    ok = given & structure_ok
    nik = nik.where(ok)

    survivors = done["Korban"].table().drop_duplicates("survivor_id").set_index("survivor_id")
    sex = lookup(v["survivor_id"], survivors["sex"])
    birth = lookup(v["survivor_id"], survivors["birth_date"])
    sex_wrong = ok & sex.notna() & (female != sex.eq("Perempuan")).fillna(False)
    check.flag("nik-mismatch", sex_wrong, check.tab.column("nik"), params={"detail_key": "detail.sex"})
    birth_wrong = ok & birth.notna() & (born.dt.normalize() != birth).fillna(False) & ~sex_wrong
    check.flag(
        "nik-mismatch", birth_wrong, check.tab.column("nik"), params={"detail_key": "detail.birth-date"}
    )

    later = nik.duplicated(keep="first") & nik.notna()
    if later.any():
        first_id = v["survivor_id"].groupby(nik).transform("first")
        check.flag(
            "duplicate-nik",
            later,
            check.tab.column("nik"),
            params={"detail": first_id[later].astype(str) + " & " + v["survivor_id"][later].astype(str)},
            exclude=False,
        )

    phone = v["phone"].str.replace(r"[\s\-().]", "", regex=True)
    bad_phone = phone.notna() & ~phone.str.fullmatch(r"(?:\+62|62|0)8\d{7,11}").fillna(False) & live
    check.flag("invalid-phone", bad_phone, check.tab.column("phone"))


# The rules across rows and tabs beyond references, per tab; each reads the tabs it references (`check_order`).
TAB_RULES: dict[str, Callable[[TabCheck, Mapping[str, CheckedTab]], None]] = {
    "Korban": korban_rules,
    "Kegiatan": kegiatan_rules,
    "Peserta": peserta_rules,
    "Identitas": identitas_rules,
}


def check_references(check: TabCheck, done: Mapping[str, CheckedTab]) -> None:
    """Every reference the schema declares (`Column.references`), checked against the tab it names."""
    for column in check.tab.columns:
        if column.references is not None:
            tab, key = column.references
            check_reference(check, column.key, done[tab], key)


def check_tab(
    tab: Tab, workbook: RawWorkbook, today: dt.date, read_on: dt.date, done: Mapping[str, CheckedTab]
) -> TabCheck:
    """One tab, start to end: its own checks, then its references and rules against the tabs in `done`."""
    check = TabCheck(tab, workbook.find_all(tab.name), workbook, today, read_on)
    if check.present and not check.structure_broken:
        check_references(check, done)
        rule = TAB_RULES.get(tab.name)
        if rule is not None:
            rule(check, done)
    return check


# --------------------------------------------------------------------------- entry point


def validate(
    raw: RawWorkbook,
    today: dt.date | None = None,
    identity: RawWorkbook | None = None,
    *,
    read_on: dt.date | None = None,
    districts: tuple[tuple[str, str], ...] | None = None,
) -> Report:
    """Parse and check every tab of `raw` (and of the optional identity spreadsheet) as of `today`.

    `today` (default: the office's today, `sheets.clock`) is the "as of" date of every
    date rule; `read_on` (default: the office's date when `raw` was read) is the day
    two-digit years pivot on. `districts` is the office's kecamatan list, (code, name) each
    (`sheets.offices.districts_of`); None: Indramayu's shipped one.
    """
    today = today or clock.today()
    read_on = read_on or clock.read_day(raw.read_at)
    tabs = main_tabs(districts)
    done: dict[str, TabCheck] = {}
    for tab in check_order(tabs):  # a tab's references and rules read the tabs it references
        done[tab.name] = check_tab(tab, raw, today, read_on, done)
    if identity is not None:
        done[IDENTITAS.name] = check_tab(IDENTITAS, identity, today, read_on, done)

    names = [t.name for t in tabs] + ([IDENTITAS.name] if identity is not None else [])
    notices = [
        issue_columns(n.code, n.tab, [pd.NA], "", [n.value], params={"detail": n.detail}) for n in raw.notices
    ]
    issues = issues_table(notices + [part for name in names for part in done[name].issues])
    issues = _sort_issues(issues, names)
    return Report(
        source=raw.source,
        today=today,
        tables={name: done[name].table() for name in names},
        issues=issues,
        counts={name: done[name].count() for name in names},
        present={name: done[name].present for name in names},
        url=raw.url,
        read_at=raw.read_at,
        keys={"Korban": done["Korban"].key_rows("survivor_id")},
        titles={name: done[name].title for name in names},
        headers={name: done[name].header_row for name in names},
        records={name: done[name].records() for name in names if name != IDENTITAS.name},
        positions={name: dict(done[name].positions) for name in names if name != IDENTITAS.name},
        districts=tuple(districts) if districts is not None else SHIPPED_DISTRICTS,
    )


class CheckedKeys:
    """An already validated tab, as the rules of another tab see it (its keys and used rows)."""

    def __init__(self, report: Report, name: str, key: str) -> None:
        self.tab = TABS[name]
        self.present = report.present.get(name, False)
        self.structure_broken = False
        self._keys = report.keys.get(name)
        self._table = report.table(name)
        self._key = key

    def key_rows(self, key: str) -> pd.DataFrame:
        if self._keys is not None:
            return self._keys
        used = self._table.drop_duplicates(key)
        return pd.DataFrame(
            {"row": used["_row"].to_numpy(), "excluded": False}, index=pd.Index(used[key].array, name=key)
        )

    def table(self) -> pd.DataFrame:
        return self._table


def validate_identity(identity: RawWorkbook, report: Report, today: dt.date | None = None) -> Report:
    """Check the restricted identity spreadsheet against an already validated main workbook.

    The identity data is validated on its own (only for staff, only in memory), so the
    main report that every viewer shares never holds it.
    """
    today = today or report.today
    check = check_tab(
        IDENTITAS,
        identity,
        today,
        clock.read_day(identity.read_at),
        {"Korban": CheckedKeys(report, "Korban", "survivor_id")},
    )
    name = IDENTITAS.name
    return Report(
        source=identity.source,
        today=today,
        tables={name: check.table()},
        issues=_sort_issues(issues_table(check.issues), [name]),
        counts={name: check.count()},
        present={name: check.present},
        url=identity.url,
        read_at=identity.read_at,
    )


def _sort_issues(issues: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    order = {name: i for i, name in enumerate(names)}
    codes, tabs = frames.factorize(issues["tab"])  # a few tab names: map those, not every issue
    tab_order = np.array([order.get(t, -1) for t in tabs], dtype=np.int64)[codes]  # -1: about the source
    rows = issues["row"].fillna(0).to_numpy(dtype=np.int64)
    return issues.take(np.lexsort((rows, tab_order))).reset_index(drop=True)  # lexsort is stable
