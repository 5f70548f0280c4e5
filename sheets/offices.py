"""The offices of one deployment: a regency or city's Dinas Sosial each, with its own spreadsheet.

A province deployment lists its offices in `[province] offices` of `secrets.toml`, or in a TOML
file `[province] offices_file` (or `PULIH_OFFICES_FILE`) names:

    [[offices]]
    code = "32.12"                      # Kemendagri code of the regency or city
    name = "Kabupaten Indramayu"
    spreadsheet = "https://docs.google.com/spreadsheets/d/.../edit"
    identity_spreadsheet = "..."        # optional, read only for staff, never synced
    kecamatan = "/etc/pulih/kecamatan-32.09.csv"   # optional for 32.12 (shipped)

A single-office deployment lists nothing: its one office is `[sheets] spreadsheet`, Kabupaten
Indramayu (`single_office`). Each office keeps its own spreadsheet under the same contract, so
survivor IDs are unique within an office (the validation of its Korban tab) and the history
store keeps each office's reads under its own source.

Each office has its own kecamatan list: Indramayu's is shipped (`sheets.kecamatan`); any other
office names a CSV with a header `code,name` (and optionally `villages`), one kecamatan a row,
its code the office's code and two more digits (`32.09.01`). `read_kecamatan` checks every row
and reports each bad one by file, row (the header is row 1), column and value.

Nothing here talks to Google; `OfficesError` carries every problem found, not only the first.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sheets import kecamatan as shipped
from sheets.messages import Message
from sheets.schema import normalise
from sheets.settings import Settings, SettingsError

INDRAMAYU = "32.12"
INDRAMAYU_NAME = "Kabupaten Indramayu"
OFFICE_CODE = re.compile(r"\d{2}\.\d{2}")
FIELDS = ("code", "name", "spreadsheet", "identity_spreadsheet", "kecamatan")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the offices or a kecamatan file: where (a setting or file name as it is,
    or a catalogued place such as "office 2" or "row 5, column code") and what (`offices.*`)."""

    where: str | Message
    said: Message

    @classmethod
    def of(cls, where: str | Message, msgid: str, **params: Any) -> Problem:
        return cls(where, Message.of(f"offices.{msgid}", **params))

    def place(self, lang: str) -> str:
        return self.where if isinstance(self.where, str) else self.where.text(lang)

    def message(self, lang: str) -> str:
        return f"{self.place(lang)}: {self.said.text(lang)}"


class OfficesError(SettingsError):
    """The office list (or a kecamatan file) cannot be used; `problems` lists every reason."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(None)

    def message(self, lang: str) -> str:
        return "; ".join(p.message(lang) for p in self.problems)

    def __reduce__(self) -> tuple[type, tuple[tuple[Problem, ...]]]:  # type: ignore[override]
        return type(self), (self.problems,)


@dataclass(frozen=True)
class Kecamatan:
    """One kecamatan of an office: its Kemendagri code and name."""

    code: str
    name: str
    villages: int | None = None


@dataclass(frozen=True)
class Office:
    """One office: its code, name, spreadsheets and kecamatan list (`kecamatan()`)."""

    code: str
    name: str
    spreadsheet: str
    identity_spreadsheet: str | None = None
    kecamatan_file: str | None = None

    def kecamatan(self) -> tuple[Kecamatan, ...]:
        """The office's kecamatan: its CSV when named, else the shipped list (Indramayu only)."""
        if self.kecamatan_file:
            return read_kecamatan(self.kecamatan_file, self.code)
        return tuple(Kecamatan(c, n, v) for c, n, v in shipped.KECAMATAN)


def single_office(settings: Settings) -> Office | None:
    """The one office of a deployment without an office list: `[sheets] spreadsheet`, Indramayu."""
    if not settings.sheets.spreadsheet:
        return None
    return Office(
        INDRAMAYU, INDRAMAYU_NAME, settings.sheets.spreadsheet, settings.sheets.identity_spreadsheet
    )


def deployment_offices(settings: Settings) -> tuple[Office, ...]:
    """The offices the app can show, never empty: the checked list (kecamatan files not read), else the one office.

    The one office of a deployment without a list is Kabupaten Indramayu: `[sheets]`'s spreadsheet,
    or none for the demo and a local workbook. OfficesError as `offices_of` (an unlisted
    `[province] office` / PULIH_OFFICE included).
    """
    found = offices_of(settings, check_kecamatan=False)
    if found:
        return found
    return (
        Office(INDRAMAYU, INDRAMAYU_NAME, settings.source.spreadsheet, settings.sheets.identity_spreadsheet),
    )


def home_office(settings: Settings, offices: Sequence[Office]) -> Office:
    """The office an app server shows by default: `[province] office` / PULIH_OFFICE, else the first."""
    wanted = settings.province.office.strip()
    return next((o for o in offices if o.code == wanted), offices[0])


def current_office(settings: Settings) -> Office | None:
    """The office this app server shows (`home_office` of the checked list); None without a list; OfficesError."""
    offices = offices_of(settings, check_kecamatan=False)
    return home_office(settings, offices) if offices else None


def office_for(settings: Settings, code: str | None = None, spreadsheet: str | None = None) -> Office | None:
    """The office a command means: `code` (a Kemendagri code; OfficesError when it is not listed),
    else the listed office whose spreadsheet `spreadsheet` is, else the home office (`current_office`);
    None in a deployment without an office list (Kabupaten Indramayu, the shipped kecamatan list)."""
    offices = offices_of(settings, check_kecamatan=False)
    if code is not None:
        found = next((o for o in offices if o.code == code.strip()), None)
        if found is None:
            known = ", ".join(o.code for o in offices) or "-"
            raise OfficesError([Problem.of("--office", "unlisted_code", code=repr(code), known=known)])
        return found
    if spreadsheet:
        wanted = _sheet_key(spreadsheet)
        found = next((o for o in offices if _sheet_key(o.spreadsheet) == wanted), None)
        if found is not None:
            return found
    return home_office(settings, offices) if offices else None


def districts_of(office: Office | None) -> tuple[tuple[str, str], ...] | None:
    """The (code, name) of each kecamatan validation and figures use for `office`'s data; OfficesError.

    None for Indramayu's shipped list (an office without a CSV, and a single-office deployment).
    """
    if office is None or not office.kecamatan_file:
        return None
    return tuple((k.code, k.name) for k in office.kecamatan())


def offices_of(settings: Settings, *, check_kecamatan: bool = True) -> tuple[Office, ...]:
    """Every configured office, checked (codes, names, spreadsheets, kecamatan files); OfficesError otherwise.

    Without an office list, the one office of `[sheets]` (none when no spreadsheet is set).
    """
    province = settings.province
    if not province.configured:
        one = single_office(settings)
        return (one,) if one is not None else ()
    if province.problems:
        raise OfficesError([Problem(province.where, said) for said in province.problems])
    offices, problems = parse_offices(province.offices, province.where)
    if province.office and not any(o.code == province.office for o in offices):
        problems.append(
            Problem.of("[province] office / PULIH_OFFICE", "unlisted_home", code=repr(province.office))
        )
    if check_kecamatan:
        for office in offices:
            try:
                office.kecamatan()
            except OfficesError as error:
                problems += error.problems
    if problems:
        raise OfficesError(problems)
    return tuple(offices)


def parse_offices(entries: Sequence[Mapping[str, Any]], where: str) -> tuple[list[Office], list[Problem]]:
    """The offices in `entries` (raw TOML tables) and what is wrong with them."""
    offices: list[Office] = []
    problems: list[Problem] = []
    seen_codes: dict[str, int] = {}
    seen_sheets: dict[str, int] = {}
    if not entries:
        problems.append(Problem.of(where, "empty_list"))
    for number, entry in enumerate(entries, start=1):
        place = Message.of("offices.where_office", where=where, number=number)
        text = {k: str(entry.get(k) or "").strip() for k in FIELDS}
        unknown = sorted(set(entry) - set(FIELDS))
        if unknown:
            problems.append(
                Problem.of(place, "unknown_keys", keys=", ".join(unknown), known=", ".join(FIELDS))
            )
        bad = False
        if not OFFICE_CODE.fullmatch(text["code"]):
            problems.append(Problem.of(place, "bad_code", code=repr(text["code"])))
            bad = True
        elif text["code"] in seen_codes:
            problems.append(
                Problem.of(place, "code_used", code=text["code"], office=seen_codes[text["code"]])
            )
            bad = True
        for name in ("name", "spreadsheet"):
            if not text[name]:
                problems.append(Problem.of(place, "required", name=name))
                bad = True
        if text["spreadsheet"]:
            sheet = _sheet_key(text["spreadsheet"])
            if sheet in seen_sheets:
                problems.append(Problem.of(place, "same_spreadsheet", office=seen_sheets[sheet]))
                bad = True
            seen_sheets.setdefault(sheet, number)
        if text["code"] and text["code"] != INDRAMAYU and not text["kecamatan"] and not bad:
            problems.append(Problem.of(place, "kecamatan_needed", code=text["code"]))
            bad = True
        seen_codes.setdefault(text["code"], number)
        if not bad:
            offices.append(
                Office(
                    text["code"],
                    text["name"],
                    text["spreadsheet"],
                    text["identity_spreadsheet"] or None,
                    text["kecamatan"] or None,
                )
            )
    return offices, problems


def _sheet_key(reference: str) -> str:
    """The spreadsheet id in a URL or the id itself (as `sheets.gsheets.spreadsheet_id`, without gspread)."""
    found = re.search(r"/spreadsheets/(?:u/\d+/)?d/([A-Za-z0-9_-]+)", reference)
    return found.group(1) if found else reference


_KEC_CODE = re.compile(r"(\d{2}\.\d{2})\.(\d{2})")


def read_kecamatan(path: str | Path, office_code: str) -> tuple[Kecamatan, ...]:
    """The kecamatan in a CSV (`code,name[,villages]`), each row checked; OfficesError naming every bad row."""
    path = Path(path).expanduser()
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise OfficesError([Problem.of(name, "kecamatan_unreadable", reason=str(exc))]) from exc
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise OfficesError([Problem.of(name, "kecamatan_empty")])
    header = [normalise(h) for h in rows[0]]
    missing = [c for c in ("code", "name") if c not in header]
    if missing:
        where = Message.of("offices.where_row", file=name, row=1)
        raise OfficesError([Problem.of(where, "kecamatan_columns", columns=", ".join(missing))])
    at: dict[str, int] = {c: header.index(c) for c in ("code", "name", "villages") if c in header}
    found: list[Kecamatan] = []
    problems: list[Problem] = []
    codes: dict[str, int] = {}
    names: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line between blocks is not a kecamatan

        def cell(column: str, row: list[str] = row) -> str:
            index = at.get(column)
            return row[index].strip() if index is not None and index < len(row) else ""

        def bad(column: str, value: str, why: str, number: int = number, **params: object) -> None:
            where = Message.of("offices.where_cell", file=name, row=number, column=column)
            problems.append(
                Problem.of(where, "kecamatan_cell", value=repr(value), why_key=f"offices.{why}", **params)
            )

        code, kec_name, villages = cell("code"), cell("name"), cell("villages")
        ok = True
        matched = _KEC_CODE.fullmatch(code)
        if not matched:
            bad("code", code, "kecamatan_bad_code", office=office_code)
            ok = False
        elif matched.group(1) != office_code:
            bad("code", code, "kecamatan_other_office", office=office_code)
            ok = False
        elif code in codes:
            bad("code", code, "kecamatan_code_again", first=codes[code])
            ok = False
        if not kec_name:
            bad("name", kec_name, "kecamatan_name_required")
            ok = False
        elif normalise(kec_name) in names:
            bad("name", kec_name, "kecamatan_name_again", first=names[normalise(kec_name)])
            ok = False
        count = None
        if villages:
            if villages.isdigit() and int(villages) > 0:
                count = int(villages)
            else:
                bad("villages", villages, "kecamatan_villages")
                ok = False
        codes.setdefault(code, number)
        names.setdefault(normalise(kec_name), number)
        if ok:
            found.append(Kecamatan(code, kec_name, count))
    if not found and not problems:
        problems.append(Problem.of(name, "kecamatan_none"))
    if problems:
        raise OfficesError(problems)
    return tuple(found)
