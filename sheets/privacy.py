"""What the public may see: small-count suppression and safe downloads.

One implementation, used by every public view and export. A count from 1 to k-1
(default k = 10, never below 5) is hidden (`<10`). Secondary suppression then
hides more cells until no hidden count can be recovered from a published total,
from the difference of two published figures, or from a share. The public tables
built here carry aggregates only, at regency or kecamatan level, never a person.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Hashable, Iterable

import pandas as pd

from sheets import metrics
from sheets.metrics import Dataset

DEFAULT_K = 10
MIN_K = 5

SHOWN, PRIMARY, SECONDARY = "shown", "primary", "secondary"
# Derived cells are never published, yet a small one reveals people just the same
# (known 25 and rehabilitated 20 tell the public that 5 are waiting).
DERIVED = "derived"

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def check_k(k: int) -> int:
    """The threshold, refusing values below the floor of 5."""
    if int(k) < MIN_K:
        raise ValueError(f"the suppression threshold must be at least {MIN_K}, got {k}")
    return int(k)


def suppress(
    values: dict[Hashable, int],
    relations: Iterable[tuple[Hashable, list[Hashable]]],
    k: int = DEFAULT_K,
    derived: Iterable[Hashable] = (),
) -> dict[Hashable, str]:
    """Decide, for every cell, whether it is shown or hidden (primary or secondary).

    `relations` are additive: `(total, parts)` means `values[total] == sum(values[p] for p in parts)`.
    `derived` cells are never published but follow from the others (known - rehabilitated
    = waiting); a small one must be protected all the same. The public can solve any
    relation with a single unknown, repeatedly; while that reveals a hidden cell,
    another published cell of such a relation is hidden (the smallest non-zero part
    first, the total last).
    """
    k = check_k(k)
    derived = set(derived)
    relations = [(total, list(parts)) for total, parts in relations]
    status = {key: PRIMARY if 0 < int(value) < k else SHOWN for key, value in values.items()}
    while True:
        leaked = {c for c in _recoverable(status, relations, derived) if status[c] != SHOWN}
        if not leaked:
            break
        if not _hide_one_more(values, status, relations, derived, leaked):
            break  # every cell around the leak is already hidden
    for key in derived:
        if status[key] == SHOWN:
            status[key] = DERIVED
    return status


def _recoverable(status: dict, relations: list, derived: set) -> set:
    """Cells the public can know: those published, and any single unknown of a relation, repeatedly."""
    known = {c for c, s in status.items() if s == SHOWN and c not in derived}
    changed = True
    while changed:
        changed = False
        for total, parts in relations:
            unknown = [c for c in (total, *parts) if c not in known]
            if len(unknown) == 1:
                known.add(unknown[0])
                changed = True
    return known


def _hide_one_more(values: dict, status: dict, relations: list, derived: set, leaked: set) -> bool:
    for total, parts in relations:
        if not leaked & {total, *parts}:
            continue
        candidates = [c for c in parts if status[c] == SHOWN and c not in derived]
        candidates.sort(key=lambda c: (values[c] == 0, values[c]))
        if not candidates and status[total] == SHOWN and total not in derived:
            candidates = [total]
        if candidates:
            status[candidates[0]] = SECONDARY
            return True
    return False


def display(value: object, status: str, k: int = DEFAULT_K) -> str:
    """A published cell: the number, `<k` for a small count, `*` for a cell hidden to protect one."""
    if status == PRIMARY:
        return f"<{k}"
    if status == SECONDARY:
        return "*"
    return "" if value is None else str(value)


# --------------------------------------------------------------------------- public tables


@dataclass(frozen=True)
class PublicTable:
    """A table fit for publication: numbers (None where hidden), display texts and statuses."""

    frame: pd.DataFrame  # numeric columns, None where hidden
    text: pd.DataFrame  # the same cells as display strings ("<10", "*")
    status: pd.DataFrame  # SHOWN / PRIMARY / SECONDARY per cell
    k: int


def _build(rows: list[Hashable], columns: list[str], numbers: dict[tuple, int],
           status: dict[tuple, str], k: int, index_name: str) -> PublicTable:
    frame = pd.DataFrame(index=pd.Index(rows, name=index_name), columns=columns, dtype="object")
    text = frame.copy()
    state = frame.copy()
    for (row, col), value in numbers.items():
        if col not in columns or row not in frame.index:  # helper cells (e.g. the year before) stay unpublished
            continue
        s = status[(row, col)]
        frame.loc[row, col] = int(value) if s == SHOWN else None
        text.loc[row, col] = display(value, s, k)
        state.loc[row, col] = s
    return PublicTable(frame, text, state, k)


def _with_share(table: PublicTable, numerator: str, denominator: str, name: str) -> PublicTable:
    """Add a share column; a share built on a hidden count is hidden too."""
    frame, text, status = table.frame.copy(), table.text.copy(), table.status.copy()
    num = pd.to_numeric(frame[numerator], errors="coerce")
    den = pd.to_numeric(frame[denominator], errors="coerce")
    hidden = (status[numerator] != SHOWN) | (status[denominator] != SHOWN)
    share = (num / den.where(den > 0)).where(~hidden)
    frame[name] = share.astype("object").where(share.notna(), None)
    text[name] = [("*" if h else "") if pd.isna(v) else f"{v:.0%}" for v, h in zip(share, hidden)]
    status[name] = [SECONDARY if h else SHOWN for h in hidden]
    return PublicTable(frame, text, status, table.k)


def public_by_district(ds: Dataset, as_of: dt.date, k: int = DEFAULT_K) -> PublicTable:
    """Known, rehabilitated and coverage per kecamatan (all 31) with the regency total, suppressed."""
    src = metrics.by_district(ds, as_of).set_index("district")
    rows = list(src.index) + ["Total"]
    numbers: dict[tuple, int] = {}
    for d in src.index:
        numbers[(d, "known")] = int(src.loc[d, "known"])
        numbers[(d, "rehabilitated")] = int(src.loc[d, "rehabilitated"])
        numbers[(d, "waiting")] = int(src.loc[d, "waiting"])
    for col in ("known", "rehabilitated", "waiting"):
        numbers[("Total", col)] = sum(numbers[(d, col)] for d in src.index)
    relations = [((row, "known"), [(row, "rehabilitated"), (row, "waiting")]) for row in rows]
    relations += [(("Total", col), [(d, col) for d in src.index]) for col in ("known", "rehabilitated", "waiting")]
    derived = [(row, "waiting") for row in rows]
    status = suppress(numbers, relations, k, derived=derived)
    table = _build(rows, ["known", "rehabilitated"], numbers, status, k, "district")
    return _with_share(table, "rehabilitated", "known", "coverage")


def public_by_year(ds: Dataset, as_of: dt.date, k: int = DEFAULT_K) -> PublicTable:
    """Per year: new identifications, rehabilitations and their running totals, with the target; suppressed.

    Running totals are tied to the yearly counts (this year's total minus last
    year's is this year's count), so a small yearly count hides a running total too.
    """
    src = metrics.by_year(ds, as_of).set_index("year")
    years = list(src.index)
    numbers: dict[tuple, int] = {}
    relations: list[tuple[Hashable, list[Hashable]]] = []
    for col, cum in (("known", "known_cumulative"), ("rehabilitated", "rehabilitated_cumulative")):
        base = int(src[cum].iloc[0] - src[col].iloc[0]) if years else 0
        numbers[(years[0] - 1 if years else 0, cum)] = base
        previous = (years[0] - 1 if years else 0, cum)
        for y in years:
            numbers[(y, col)] = int(src.loc[y, col])
            numbers[(y, cum)] = int(src.loc[y, cum])
            relations.append(((y, cum), [previous, (y, col)]))
            previous = (y, cum)
    status = suppress(numbers, relations, k)
    table = _build(years, ["known", "rehabilitated", "known_cumulative", "rehabilitated_cumulative"],
                   numbers, status, k, "year")
    table = _with_share(table, "rehabilitated_cumulative", "known_cumulative", "coverage")
    # Targets are plans, not people: always published.
    table.frame["target"] = src["target"].astype("object").where(src["target"].notna(), None)
    table.text["target"] = src["target"].astype("string").fillna("")
    table.status["target"] = SHOWN
    return table


def public_breakdown(ds: Dataset, as_of: dt.date, column: str, k: int = DEFAULT_K) -> PublicTable:
    """Known and rehabilitated per value of a survivor attribute (sex, age group, ...), with the total."""
    src = metrics.by_category(ds, as_of, column)
    labels = [("(tidak diisi)" if pd.isna(v) else str(v)) for v in src[column]]
    rows = labels + ["Total"]
    numbers: dict[tuple, int] = {}
    for label, (_, r) in zip(labels, src.iterrows()):
        numbers[(label, "known")] = int(r["known"])
        numbers[(label, "rehabilitated")] = int(r["rehabilitated"])
        numbers[(label, "waiting")] = int(r["known"] - r["rehabilitated"])
    for col in ("known", "rehabilitated", "waiting"):
        numbers[("Total", col)] = sum(numbers[(lab, col)] for lab in labels)
    relations = [((row, "known"), [(row, "rehabilitated"), (row, "waiting")]) for row in rows]
    relations += [(("Total", col), [(lab, col) for lab in labels]) for col in ("known", "rehabilitated", "waiting")]
    status = suppress(numbers, relations, k, derived=[(row, "waiting") for row in rows])
    table = _build(rows, ["known", "rehabilitated"], numbers, status, k, column)
    return _with_share(table, "rehabilitated", "known", "coverage")


def public_headline(ds: Dataset, as_of: dt.date, k: int = DEFAULT_K) -> dict[str, object]:
    """The regency's headline figures, each suppressed when small (a share with them)."""
    known = metrics.known(ds, as_of)
    rehab = metrics.rehabilitated(ds, as_of)
    this_year = metrics.rehabilitated_by_year(ds, as_of).get(as_of.year, 0)
    numbers = {"known": known, "rehabilitated": rehab, "waiting": known - rehab, "this_year": this_year}
    status = suppress(numbers, [("known", ["rehabilitated", "waiting"])], k)
    out: dict[str, object] = {key: (value if status[key] == SHOWN else None) for key, value in numbers.items()}
    out["text"] = {key: display(value, status[key], k) for key, value in numbers.items()}
    out["coverage"] = (rehab / known) if known and status["rehabilitated"] == SHOWN and status["known"] == SHOWN \
        else None
    share = metrics.business_running_share(ds, as_of)
    # The share's own denominator (rehabilitated survivors with a visit) must reach k: visits to
    # survivors not yet rehabilitated do not protect a share of two out of three.
    rehab_ids = ds.survivors.loc[metrics.rehabilitated_mask(ds, as_of), "survivor_id"]
    followed = int(metrics.latest_visits(ds, as_of)["survivor_id"].isin(rehab_ids).sum())
    out["business_running_share"] = share if followed >= k else None
    out["k"] = k
    return out


# --------------------------------------------------------------------------- safe downloads


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading `'` (CSV/XLSX injection)."""
    out = frame.copy()
    for col in out.columns:
        values = out[col]
        if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
            text = values.astype("string")
            risky = text.str.startswith(FORMULA_PREFIXES).fillna(False)
            out[col] = values.astype(object).where(~risky, "'" + text)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV that Excel opens correctly (UTF-8 with a byte-order mark), formulas neutralised."""
    buffer = io.StringIO()
    # CRLF line ends (as Excel writes them) also make the writer quote cells holding a bare CR.
    neutralise_formulas(frame).to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "Data") -> bytes:
    """An .xlsx with formulas neutralised, written by openpyxl."""
    buffer = io.BytesIO()
    safe = neutralise_formulas(frame)
    for col in safe.columns:  # openpyxl cannot write timezone-aware or pandas NA values
        if safe[col].dtype.kind == "M":
            safe[col] = safe[col].dt.tz_localize(None) if getattr(safe[col].dt, "tz", None) else safe[col]
    safe = safe.astype(object).where(safe.notna(), None)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


# --------------------------------------------------------------------------- identity data


def mask_nik(nik: object) -> str:
    """A NIK with every digit but the last four hidden (`************1234`); '' when there is none."""
    if nik is None or (isinstance(nik, float) and nik != nik) or nik is pd.NA:
        return ""
    text = "".join(ch for ch in str(nik) if not ch.isspace())
    return "*" * max(len(text) - 4, 0) + text[-4:]


def identity_for_worklist(identity: pd.DataFrame) -> pd.DataFrame:
    """Name, masked NIK and phone per survivor: the only identity fields staff see, in the worklist only."""
    return pd.DataFrame({
        "survivor_id": identity["survivor_id"],
        "full_name": identity["full_name"],
        "nik": identity["nik"].map(mask_nik).astype("string").replace("", pd.NA),
        "phone": identity["phone"],
    }).drop_duplicates("survivor_id")


def mask_identity_issues(issues: pd.DataFrame) -> pd.DataFrame:
    """Issues of the identity tab with their raw values hidden (a NIK keeps its last four digits)."""
    from sheets.schema import IDENTITAS  # local: privacy's public tables do not need the schema

    is_identity = issues["tab"].eq(IDENTITAS.name)
    if not is_identity.any():
        return issues
    out = issues.copy()
    nik = is_identity & issues["column"].eq(IDENTITAS.column("nik").header)
    out.loc[nik, "value"] = issues.loc[nik, "value"].map(mask_nik)
    others = is_identity & ~nik & issues["column"].ne(IDENTITAS.column("survivor_id").header)
    out.loc[others, "value"] = "•••"
    # Messages quote the value too; the identity tab's messages are rebuilt without it.
    out.loc[is_identity, "message_id"] = out.loc[is_identity, "message_id"].str.replace(
        r"'[^']*'", "'•••'", regex=True)
    out.loc[is_identity, "message_en"] = out.loc[is_identity, "message_en"].str.replace(
        r"'[^']*'", "'•••'", regex=True)
    return out
