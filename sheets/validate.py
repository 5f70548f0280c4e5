"""Validation: raw rows in, typed tables of usable rows and one issues table out.

`validate(raw, today)` never raises on bad data. Per tab it finds the header,
parses every contract column (whole columns at once), applies the rules of
CONTRACT.md, and decides per row: used, excluded (an error in a required column,
a key or a reference) or blank. An error in an optional column only blanks that
cell. Cross-row and cross-tab rules are small functions listed in `TAB_RULES`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from sheets import parse
from sheets.issues import ISSUE_COLUMNS, RULES, concat_issues, issue_frame
from sheets.parse import lookup
from sheets.raw import RawTab, RawWorkbook, column_letter
from sheets.schema import IDENTITAS, MAIN_TABS, TABS, Column, Tab


@dataclass(frozen=True)
class TabCount:
    """`rows_read = rows_used + rows_excluded + rows_blank` for one tab."""

    rows_read: int = 0
    rows_used: int = 0
    rows_excluded: int = 0
    rows_blank: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"rows_read": self.rows_read, "rows_used": self.rows_used,
                "rows_excluded": self.rows_excluded, "rows_blank": self.rows_blank}


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

    def table(self, name: str) -> pd.DataFrame:
        """The used rows of tab `name`: typed columns by key, plus `_row` (the sheet row)."""
        return self.tables[name]

    @property
    def has_errors(self) -> bool:
        return bool(self.issues["severity"].eq("error").any())

    def accounting(self) -> pd.DataFrame:
        """One row per tab with rows read, used, excluded and blank."""
        rows = [{"tab": name, **count.as_dict()} for name, count in self.counts.items()]
        return pd.DataFrame(rows, columns=["tab", "rows_read", "rows_used", "rows_excluded", "rows_blank"])

    def to_json(self) -> dict:
        """The CLI's `validate --json` object."""
        issues = self.issues.astype(object).where(self.issues.notna(), None)
        return {
            "source": self.source,
            "tabs": {name: count.as_dict() for name, count in self.counts.items()},
            "issues": issues[ISSUE_COLUMNS].to_dict(orient="records"),
        }


# --------------------------------------------------------------------------- one tab


class TabCheck:
    """The working state of one tab while it is validated."""

    def __init__(self, tab: Tab, raw: RawTab | None, workbook: RawWorkbook, today: dt.date) -> None:
        self.tab = tab
        self.today = today
        self.issues: list[pd.DataFrame] = []
        self.present = raw is not None
        self.link_base = (f"{workbook.url}#gid={raw.sheet_id}&range="
                          if raw is not None and workbook.url and raw.sheet_id is not None else "")
        self.positions: dict[str, int] = {}
        self.raw = pd.DataFrame()
        self.values = pd.DataFrame()
        self.structure_broken = False
        if raw is None:
            self.add_tab_issue("missing-tab", detail=tab.name)
            self._empty()
            return
        rows = _trim_trailing_blank(raw.rows)
        header = parse.locate_header(rows, tab)
        if header.row_index is None:
            self.add_tab_issue("header-not-found")
            self.structure_broken = True
            self.first_row = 1
            self.raw = parse.data_frame(rows, 0, 1)
            self._setup_rows()
            self._empty_values()
            return
        self.positions = header.columns
        self.first_row = header.sheet_row + 1
        width = max([len(r) for r in rows[: header.row_index + 1]] + [1])
        self.raw = parse.data_frame(rows, header.row_index + 1, width)
        self._setup_rows()
        for position, text in header.unknown:
            self.issues.append(issue_frame("unknown-column", tab.name, [header.sheet_row], text,
                                           [text], links=[self._link(header.sheet_row, position)]))
        for position, key in header.duplicates:
            column = tab.column(key)
            self.issues.append(issue_frame("duplicate-column", tab.name, [header.sheet_row], column.header,
                                           [column.header], links=[self._link(header.sheet_row, position)]))
        self._parse_columns()

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
            blank = pd.concat([parse.is_empty(self.raw[c]) for c in self.raw.columns], axis=1).all(axis=1)
        else:
            blank = pd.Series(True, index=index)
        self.blank = blank
        self.excluded = pd.Series(self.structure_broken, index=index) & ~blank

    def _parse_columns(self) -> None:
        values = {}
        for column in self.tab.columns:
            if column.key not in self.positions:
                code = "missing-column" if column.required else "missing-optional-column"
                self.issues.append(issue_frame(code, self.tab.name, [self.first_row - 1], column.header))
                if column.required:
                    self.structure_broken = True
                    self.excluded |= ~self.blank
                values[column.key] = _empty_typed(column, self.raw.index)
                continue
            values[column.key] = self._parse(column)
        self.values = pd.DataFrame(values, index=self.raw.index)
        self._check_required_and_ranges()

    def _cells(self, column: Column) -> pd.Series:
        return self.raw[self.positions[column.key]]

    def _parse(self, column: Column) -> pd.Series:
        cells = self._cells(column)
        live = ~self.blank
        if column.kind in ("text", "id"):
            return parse.parse_text(cells, is_id=column.kind == "id")
        if column.kind == "date":
            result = parse.parse_dates(cells, self.today)
            out_of_range = result.out_of_range & live
            year_hint = result.year_only.map({True: " (hanya tahun? tulis tanggal lengkap / a year alone? "
                                                    "write the full date)", False: ""})
            self.flag("invalid-date", result.invalid & ~out_of_range & live, column, details=year_hint)
            self.flag("invalid-date", out_of_range, column, details=" (di luar 1900-2100 / outside 1900-2100)")
            years = result.values.dt.year.astype("Int64").astype("string")
            self.flag("two-digit-year", result.two_digit & live, column, details=years, exclude=False)
            return result.values
        if column.kind == "category":
            result = parse.parse_category(cells, column)
            hints = result.suggestions.map(lambda s: f" (maksud Anda / did you mean: '{s}'?)" if s else "")
            self.flag("unknown-category", result.unknown & live, column, details=hints)
            return result.values
        parser = {"money": parse.parse_money, "whole": parse.parse_whole, "yesno": parse.parse_yes_no}
        code = {"money": "invalid-money", "whole": "invalid-number", "yesno": "invalid-yes-no"}
        result = parser[column.kind](cells)
        self.flag(code[column.kind], result.invalid & live, column)
        return result.values

    def _check_required_and_ranges(self) -> None:
        live = ~self.blank
        for column in self.tab.columns:
            if column.key not in self.positions:
                continue
            values = self.values[column.key]
            if column.required:
                raw_empty = parse.is_empty(self._cells(column))
                self.flag("missing-value", raw_empty & live, column)
            if column.min is not None or column.max is not None:
                low = -np.inf if column.min is None else column.min
                high = np.inf if column.max is None else column.max
                outside = values.notna() & ((values < low) | (values > high)).fillna(False)
                span = f"{_num(column.min)}-{_num(column.max)}" if column.max is not None else f">= {_num(low)}"
                self.flag("out-of-range", outside & live, column, details=span)
            if column.not_future:
                future = (values > pd.Timestamp(self.today)).fillna(False)
                self.flag("future-date", future & live, column,
                          shown=values.dt.strftime("%d/%m/%Y"))
            if column.unique:
                self._check_unique(column)

    def _check_unique(self, column: Column) -> None:
        keys = self.values[column.key].where(~self.blank)
        present = keys.notna()
        later = keys.duplicated(keep="first") & present
        if later.any():
            first_row = self.rows[present].groupby(keys[present]).transform("first")
            self.flag("duplicate-key", later, column, details=first_row[later].astype(str))

    # -- issues

    def _link(self, row: int, position: int | None) -> str:
        if not self.link_base:
            return ""
        return f"{self.link_base}{column_letter(position) if position is not None else 'A'}{row}"

    def add_tab_issue(self, code: str, detail: str = "") -> None:
        self.issues.append(issue_frame(code, self.tab.name, [pd.NA], "", [""], details=detail))

    def flag(
        self,
        code: str,
        mask: pd.Series,
        column: Column,
        *,
        details: pd.Series | str = "",
        exclude: bool | None = None,
        shown: pd.Series | None = None,
    ) -> None:
        """Record `code` for the rows in `mask`; exclude the row, or blank the cell of an optional column.

        `exclude=None` applies CONTRACT.md's rule: errors in a required column or a
        key exclude the row; errors in an optional column blank that cell only.
        Warnings and infos never change the figures.
        """
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        severity = RULES[code].severity
        if exclude is None:
            exclude = severity == "error" and (column.required or column.unique or column.references is not None)
        blank_cell = severity == "error" and not exclude
        position = self.positions.get(column.key)
        rows = self.rows[mask]
        raw_values = self._cells(column)[mask] if position is not None else pd.Series("", index=rows.index)
        if shown is not None:
            raw_values = shown[mask]
        if isinstance(details, pd.Series):
            details = details[mask]
        links = ([self._link(r, position) for r in rows] if self.link_base else None)
        self.issues.append(issue_frame(code, self.tab.name, rows, column.header, raw_values,
                                       details=details, links=links, blanked=blank_cell))
        if exclude:
            self.excluded |= mask
        elif blank_cell and column.key in self.values.columns:
            # Parse errors are already missing; rule errors found later blank the cell here.
            self.values.loc[mask, column.key] = None

    # -- results

    def used(self) -> pd.Series:
        return ~self.blank & ~self.excluded

    def key_rows(self, key: str) -> pd.DataFrame:
        """First non-blank row per key value: the row references resolve to, with its exclusion."""
        keys = self.values[key].where(~self.blank)
        first = ~keys.duplicated(keep="first") & keys.notna()
        return pd.DataFrame({"row": self.rows[first].to_numpy(), "excluded": self.excluded[first].to_numpy()},
                            index=pd.Index(keys[first].to_numpy(), name=key))

    def count(self) -> TabCount:
        read = len(self.raw)
        blank = int(self.blank.sum())
        excluded = int((self.excluded & ~self.blank).sum())
        return TabCount(read, read - blank - excluded, excluded, blank)

    def table(self) -> pd.DataFrame:
        used = self.used()
        frame = self.values[used].copy()
        frame.insert(0, "_row", self.rows[used].to_numpy())
        return frame.reset_index(drop=True)


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _empty_typed(column: Column, index: pd.Index) -> pd.Series:
    dtype = {"date": "datetime64[s]", "money": "Float64", "whole": "Int64", "yesno": "boolean"}
    return pd.Series(pd.NA if column.kind != "date" else pd.NaT, index=index,
                     dtype=dtype.get(column.kind, "string"))


def _trim_trailing_blank(rows: list[list[object]]) -> list[list[object]]:
    end = len(rows)
    while end and all(c is None or (isinstance(c, str) and not c.strip()) for c in rows[end - 1]):
        end -= 1
    return rows[:end]


# --------------------------------------------------------------------------- rules across rows and tabs


def check_reference(check: TabCheck, column_key: str, target: TabCheck, target_key: str) -> None:
    """A referenced key must exist in the other tab; a row pointing at an excluded row is excluded too."""
    column = check.tab.column(column_key)
    values = check.values[column_key]
    live = ~check.blank & values.notna()
    if not target.present or target.structure_broken:
        check.flag("excluded-reference", live, column, details=target.tab.name, exclude=True)
        return
    keys = target.key_rows(target_key)
    known = values.isin(keys.index)
    check.flag("unknown-reference", live & ~known, column, details=target.tab.name)
    target_excluded = lookup(values, keys["excluded"]).fillna(False).astype(bool)
    rows = lookup(values, keys["row"]).astype("Int64").astype("string").fillna("")
    check.flag("excluded-reference", live & known & target_excluded & ~check.excluded, column,
               details=target.tab.name + " (baris/row " + rows + ")", exclude=True)


def korban_rules(check: TabCheck, _: dict[str, TabCheck]) -> None:
    """Birth date against identification, age against birth date, destination with Dalam Negeri, duplicates."""
    v = check.values
    live = ~check.blank
    tab = check.tab
    identified = v["identified_on"]
    born = v["birth_date"]
    after = (born > identified).fillna(False) & live
    check.flag("born-after-identified", after, tab.column("birth_date"),
               details=identified.dt.strftime("%d/%m/%Y"), shown=born.dt.strftime("%d/%m/%Y"))
    age_from_birth = _age(born, identified)
    silly = ((age_from_birth < 0) | (age_from_birth > 100)).fillna(False) & live & ~after
    check.flag("age-out-of-range", silly, tab.column("birth_date"),
               details=age_from_birth.astype("string"), shown=born.dt.strftime("%d/%m/%Y"))
    age_from_birth = _age(v["birth_date"], identified)  # after blanking
    differs = ((v["age"] - age_from_birth).abs() > 1).fillna(False) & live
    check.flag("age-mismatch", differs, tab.column("age"), details=age_from_birth.astype("string"))
    domestic = v["exploited_abroad"].eq("Dalam Negeri").fillna(False) & v["destination"].notna()
    domestic &= ~v["destination"].str.casefold().isin(["indonesia", "-", "dalam negeri"]).fillna(False)
    check.flag("destination-with-domestic", domestic & live, tab.column("destination"))
    _possible_duplicates(check)


def _age(born: pd.Series, on: pd.Series) -> pd.Series:
    """Whole years between two date columns (NA where either is missing)."""
    years = on.dt.year - born.dt.year
    before_birthday = (on.dt.month < born.dt.month) | ((on.dt.month == born.dt.month) & (on.dt.day < born.dt.day))
    return (years - before_birthday.astype("Int64")).astype("Int64")


def _possible_duplicates(check: TabCheck) -> None:
    v = check.values
    keys = v[["sex", "birth_date", "village"]].copy()
    keys["village"] = keys["village"].str.casefold()
    complete = keys.notna().all(axis=1) & check.used()
    if not complete.any():
        return
    subset = keys[complete]
    later = subset.duplicated(keep="first")
    if not later.any():
        return
    first_rows = check.rows[complete].groupby([subset[c] for c in subset.columns]).transform("first")
    mask = pd.Series(False, index=v.index)
    mask[later[later].index] = True
    details = pd.Series("", index=v.index)
    details[first_rows.index] = first_rows.astype(str)
    check.flag("possible-duplicate-person", mask, check.tab.column("survivor_id"), details=details, exclude=False)


def kegiatan_rules(check: TabCheck, _: dict[str, TabCheck]) -> None:
    """An activity cannot end before it starts."""
    v = check.values
    backwards = (v["ends_on"] < v["starts_on"]).fillna(False) & ~check.blank
    check.flag("end-before-start", backwards, check.tab.column("ends_on"), exclude=True,
               shown=v["ends_on"].dt.strftime("%d/%m/%Y"), details=v["starts_on"].dt.strftime("%d/%m/%Y"))


def peserta_rules(check: TabCheck, done: dict[str, TabCheck]) -> None:
    """References, one row per survivor per activity, days attended, joined before identified, capacity."""
    kegiatan, korban = done["Kegiatan"], done["Korban"]
    check_reference(check, "activity_id", kegiatan, "activity_id")
    check_reference(check, "survivor_id", korban, "survivor_id")
    v = check.values
    live = ~check.blank
    pair = v[["activity_id", "survivor_id"]]
    complete = pair.notna().all(axis=1) & live
    later = pair[complete].duplicated(keep="first").reindex(v.index, fill_value=False)
    if later.any():
        firsts = check.rows[complete].groupby([pair.loc[complete, c] for c in pair.columns]).transform("first")
        check.flag("duplicate-key", later, check.tab.column("survivor_id"),
                   details=firsts.reindex(v.index).astype("Int64").astype("string"), exclude=True)

    activities = kegiatan.table().drop_duplicates("activity_id").set_index("activity_id")
    starts = lookup(v["activity_id"], activities["starts_on"])
    ends = lookup(v["activity_id"], activities["ends_on"])
    length = ((ends - starts).dt.days + 1).astype("Int64")
    too_long = (v["days_attended"] > length).fillna(False) & live
    check.flag("attended-too-long", too_long, check.tab.column("days_attended"), details=length.astype("string"))

    survivors = korban.table().drop_duplicates("survivor_id").set_index("survivor_id")
    identified = lookup(v["survivor_id"], survivors["identified_on"])
    early = (ends < identified).fillna(False) & check.used()
    check.flag("joined-before-identified", early, check.tab.column("survivor_id"),
               shown=v["activity_id"], details=identified.dt.strftime("%d/%m/%Y"))

    counts = v.loc[check.used(), "activity_id"].value_counts()
    kv = kegiatan.values
    participants = lookup(kv["activity_id"], counts).fillna(0).astype("int64")
    over = (participants > kv["capacity"]).fillna(False) & kegiatan.used()
    kegiatan.flag("over-capacity", over, kegiatan.tab.column("capacity"), details=participants.astype(str))


def pemantauan_rules(check: TabCheck, done: dict[str, TabCheck]) -> None:
    """Every visit belongs to a known survivor."""
    check_reference(check, "survivor_id", done["Korban"], "survivor_id")


def identitas_rules(check: TabCheck, done: dict[str, TabCheck]) -> None:
    """NIK structure, NIK against sex and birth date, the same NIK twice, phone format."""
    check_reference(check, "survivor_id", done["Korban"], "survivor_id")
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
    full_year = np.where(year2 + 2000 > check.today.year, 1900 + year2, 2000 + year2)
    born = pd.to_datetime(pd.DataFrame({"year": full_year, "month": month, "day": born_day}, index=v.index),
                          errors="coerce")
    structure_ok = digits & province.between(11, 94) & born.notna()
    reason = pd.Series("16 digit / 16 digits", index=v.index).where(~digits, "kode provinsi / province code")
    reason = reason.where(~(digits & province.between(11, 94)), "tanggal lahir / birth date")
    check.flag("invalid-nik", given & ~structure_ok, check.tab.column("nik"), details=reason)
    ok = given & structure_ok
    nik = nik.where(ok)

    survivors = done["Korban"].table().drop_duplicates("survivor_id").set_index("survivor_id")
    sex = lookup(v["survivor_id"], survivors["sex"])
    birth = lookup(v["survivor_id"], survivors["birth_date"])
    sex_wrong = ok & sex.notna() & (female != sex.eq("Perempuan")).fillna(False)
    check.flag("nik-mismatch", sex_wrong, check.tab.column("nik"), details="jenis kelamin / sex")
    birth_wrong = ok & birth.notna() & (born.dt.normalize() != birth).fillna(False) & ~sex_wrong
    check.flag("nik-mismatch", birth_wrong, check.tab.column("nik"), details="tanggal lahir / birth date")

    later = nik.duplicated(keep="first") & nik.notna()
    if later.any():
        first_id = v["survivor_id"].groupby(nik).transform("first")
        check.flag("duplicate-nik", later, check.tab.column("nik"),
                   details=first_id[later].astype(str) + " & " + v["survivor_id"][later].astype(str), exclude=False)

    phone = v["phone"].str.replace(r"[\s\-().]", "", regex=True)
    bad_phone = phone.notna() & ~phone.str.fullmatch(r"(?:\+62|62|0)8\d{7,11}").fillna(False) & live
    check.flag("invalid-phone", bad_phone, check.tab.column("phone"))


TAB_RULES: dict[str, Callable[[TabCheck, dict[str, TabCheck]], None]] = {
    "Korban": korban_rules,
    "Kegiatan": kegiatan_rules,
    "Peserta": peserta_rules,
    "Pemantauan": pemantauan_rules,
    "Identitas": identitas_rules,
}
# Order matters: a tab's rules may read the tabs it references (already checked).
ORDER = ("Korban", "Kegiatan", "Target", "Peserta", "Pemantauan")


# --------------------------------------------------------------------------- entry point


def validate(raw: RawWorkbook, today: dt.date | None = None, identity: RawWorkbook | None = None) -> Report:
    """Parse and check every tab of `raw` (and of the optional identity spreadsheet) as of `today`."""
    today = today or dt.date.today()
    done: dict[str, TabCheck] = {}
    for name in ORDER:
        check = TabCheck(TABS[name], raw.find(name), raw, today)
        rule = TAB_RULES.get(name)
        if rule is not None and check.present and not check.structure_broken:
            rule(check, done)
        done[name] = check
    if identity is not None:
        check = TabCheck(IDENTITAS, identity.find(IDENTITAS.name), identity, today)
        if check.present and not check.structure_broken:
            identitas_rules(check, done)
        done[IDENTITAS.name] = check

    names = [t.name for t in MAIN_TABS] + ([IDENTITAS.name] if identity is not None else [])
    issues = concat_issues([frame for name in names for frame in done[name].issues])
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
    )


def _sort_issues(issues: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    order = {name: i for i, name in enumerate(names)}
    keys = issues["tab"].map(order)
    sorted_index = pd.DataFrame({"t": keys, "r": issues["row"].fillna(0)}).sort_values(["t", "r"], kind="stable").index
    return issues.loc[sorted_index].reset_index(drop=True)
