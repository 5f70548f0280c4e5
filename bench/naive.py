"""The naive baseline: the data layer as a first version would be written.

`json.load` the answer, turn every row into a dict, then walk the rows one by one:
parse each cell with `datetime.strptime` and friends, raise on a bad value and
collect the exceptions as issues, check keys and references with sets, and compute
the headline figures with loops over dicts. It follows the same contract (headers
and aliases, the parsers' formats, required/unique/reference rules, exclusion,
cross-tab rules, the same figures) so that it does the same work as `sheets/`;
nothing in it is slowed down on purpose. It is not the product and is never
imported by it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from rapidfuzz import fuzz, process

from sheets import kecamatan, schema
from sheets.issues import RULES
from sheets.schema import Column, Tab

EPOCH = dt.date(1899, 12, 30)
MONTHS = {
    "januari": 1,
    "jan": 1,
    "january": 1,
    "februari": 2,
    "feb": 2,
    "pebruari": 2,
    "february": 2,
    "maret": 3,
    "mar": 3,
    "march": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "jun": 6,
    "june": 6,
    "juli": 7,
    "jul": 7,
    "july": 7,
    "agustus": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "aug": 8,
    "august": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "oct": 10,
    "october": 10,
    "november": 11,
    "nov": 11,
    "nop": 11,
    "desember": 12,
    "des": 12,
    "dec": 12,
    "december": 12,
}
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d", "%d %m %Y")
SHORT_YEAR_FORMATS = ("%d/%m/%y", "%d-%m-%y", "%d.%m.%y", "%d %m %y")
YES = {"ya", "y", "yes", "true", "benar", "iya", "1", "v", "ok", "sudah"}
NO = {"tidak", "t", "tdk", "no", "n", "false", "salah", "0", "gak", "nggak", "belum", "x"}
MULTIPLIERS = (("juta", 1e6), ("jt", 1e6), ("ribu", 1e3), ("rb", 1e3), ("miliar", 1e9), ("k", 1e3))


class CellError(ValueError):
    """A cell that breaks a rule: its issue code and the detail for the message."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def norm(text: object) -> str:
    return re.sub(r"[\W_]+", " ", str(text).casefold()).strip()


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


# --------------------------------------------------------------------------- one cell at a time


def parse_date(value: object, column: Column, today: dt.date) -> dt.date | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError("invalid-date")
    if isinstance(value, str) and re.fullmatch(r"\d+(\.\d+)?", value.strip()):
        value = float(value)
    if isinstance(value, (int, float)):
        if 1900 <= value <= 2100:
            raise CellError(
                "invalid-date", " (hanya tahun? tulis tanggal lengkap / a year alone? write the full date)"
            )
        try:
            day = EPOCH + dt.timedelta(days=int(value))
        except (OverflowError, ValueError):
            raise CellError("invalid-date", " (di luar 1900-2100 / outside 1900-2100)") from None
        if not dt.date(1900, 1, 1) <= day <= dt.date(2100, 12, 31):
            raise CellError("invalid-date", " (di luar 1900-2100 / outside 1900-2100)")
        return day
    text = str(value).strip().lower()
    text = re.sub(r"[a-z]+\.?", lambda m: str(MONTHS.get(m.group().rstrip("."), m.group())), text)
    text = re.sub(r"\s+", " ", text.replace(",", " ")).strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    for fmt in SHORT_YEAR_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError("invalid-date")


def parse_money(value: object, column: Column, today: dt.date) -> float | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError("invalid-money")
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).lower().replace("rp", "").replace("idr", "").strip().rstrip("-").rstrip(",.").strip()
    multiplier = 1.0
    for word, factor in MULTIPLIERS:
        if text.endswith(word):
            text, multiplier = text[: -len(word)].strip(), factor
            break
    text = text.replace(" ", "")
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        text = text.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        return float(text) * multiplier
    except ValueError:
        raise CellError("invalid-money") from None


def parse_whole(value: object, column: Column, today: dt.date) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError("invalid-number")
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError("invalid-number")
        return int(value)
    if isinstance(value, int):
        return value
    text = re.sub(r"\s*(tahun|thn|th|orang|org|hari|hr|peserta)\.?$", "", str(value).strip().lower())
    try:
        return int(text.replace(".", ""))
    except ValueError:
        raise CellError("invalid-number") from None


def parse_yes_no(value: object, column: Column, today: dt.date) -> bool | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError("invalid-yes-no")


LOOKUPS: dict[int, dict[str, str]] = {}  # built once per column, not per cell


def parse_category(value: object, column: Column, today: dt.date) -> str | None:
    if is_blank(value):
        return None
    lookup = LOOKUPS.get(id(column))
    if lookup is None:
        lookup = LOOKUPS[id(column)] = column.category_lookup()
    key = norm(value)
    if column.key == "district":
        key = re.sub(r"^(kecamatan|kec) ", "", key)
    if key in lookup:
        return lookup[key]
    best = process.extractOne(key, list(lookup), scorer=fuzz.WRatio, score_cutoff=60)
    hint = f" (maksud Anda / did you mean: '{lookup[best[0]]}'?)" if best else ""
    raise CellError("unknown-category", hint)


def parse_text(value: object, column: Column, today: dt.date) -> str | None:
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if column.kind == "id":
        text = re.sub(r"\s+", " ", text).upper()
    return text


PARSERS = {
    "date": parse_date,
    "money": parse_money,
    "whole": parse_whole,
    "yesno": parse_yes_no,
    "category": parse_category,
    "text": parse_text,
    "id": parse_text,
}


# --------------------------------------------------------------------------- one tab


def issue(
    code: str, tab: str, row: int | None, column: str, value: object, detail: str = "", link: str = ""
) -> dict:
    rule = RULES[code]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    shown = "" if value is None else str(value)
    return {
        "tab": tab,
        "row": row,
        "column": column,
        "value": shown,
        "code": code,
        "severity": rule.severity,
        "message_id": rule.message("id", value=shown, column=column, detail=detail),
        "message_en": rule.message("en", value=shown, column=column, detail=detail),
        "link": link,
    }


def find_header(rows: list[list], tab: Tab) -> tuple[int, dict[str, int]] | None:
    names = {}
    for column in tab.columns:
        for text in column.header_keys():
            names.setdefault(text, column.key)
    required = {c.key for c in tab.required}
    for index, row in enumerate(rows[:5]):
        found: dict[str, int] = {}
        for position, cell in enumerate(row):
            key = names.get(norm(cell)) if cell not in (None, "") else None
            if key and key not in found:
                found[key] = position
        if 2 * len(required & set(found)) >= len(required):
            return index, found
    return None


def check_tab(tab: Tab, rows: list[list], today: dt.date, link_base: str, issues: list[dict]) -> dict:
    """Parse and check one tab row by row; returns its rows (dicts) with an `_excluded` flag."""
    header = find_header(rows, tab)
    if header is None:
        issues.append(issue("header-not-found", tab.name, None, "", ""))
        return {"rows": [], "read": 0, "blank": 0}
    header_index, positions = header
    records = []
    for offset, row in enumerate(rows[header_index + 1 :]):
        record = {"_row": header_index + 2 + offset}
        for key, position in positions.items():
            record[key] = row[position] if position < len(row) else None
        record["_blank"] = all(is_blank(cell) for cell in row)
        records.append(record)

    seen: dict[str, dict] = {c.key: {} for c in tab.columns if c.unique}
    checked = []
    blank = 0
    for record in records:
        if record["_blank"]:
            blank += 1
            continue
        row = record["_row"]
        clean = {"_row": row, "_excluded": False}
        for column in tab.columns:
            raw = record.get(column.key)
            letter = chr(65 + positions[column.key]) if column.key in positions else "A"
            link = f"{link_base}{letter}{row}" if link_base else ""
            try:
                value = PARSERS[column.kind](raw, column, today)
                if value is None and column.required:
                    raise CellError("missing-value")
                if value is not None and column.min is not None and value < column.min:
                    raise CellError("out-of-range", f">= {column.min:g}")
                if value is not None and column.max is not None and value > column.max:
                    raise CellError("out-of-range", f"{column.min:g}-{column.max:g}")
                if value is not None and column.not_future and value > today:
                    raw = value.strftime("%d/%m/%Y")
                    raise CellError("future-date")
                if column.unique and value is not None:
                    if value in seen[column.key]:
                        raise CellError("duplicate-key", str(seen[column.key][value]))
                    seen[column.key][value] = row
            except CellError as error:
                issues.append(issue(error.code, tab.name, row, column.header, raw, error.detail, link))
                value = None
                if column.required or column.unique or column.references:
                    clean["_excluded"] = True
            clean[column.key] = value
        checked.append(clean)
    return {"rows": checked, "read": len(records), "blank": blank}


def check_references(tab: Tab, rows: list[dict], key: str, target: dict, issues: list[dict]) -> None:
    """Every referenced key must exist in the other tab; rows pointing at excluded rows are excluded."""
    first: dict[str, dict] = {}
    for row in target["rows"]:
        if row.get(key) is not None:
            first.setdefault(row[key], row)
    column = tab.column(key)
    for row in rows:
        value = row.get(key)
        if value is None:
            continue
        try:
            if value not in first:
                raise CellError("unknown-reference", target["name"])
            if first[value]["_excluded"] and not row["_excluded"]:
                raise CellError("excluded-reference", f"{target['name']} (baris/row {first[value]['_row']})")
        except CellError as error:
            issues.append(issue(error.code, tab.name, row["_row"], column.header, value, error.detail))
            row["_excluded"] = True


def age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def cross_rules(tabs: dict[str, dict], issues: list[dict]) -> None:
    korban, kegiatan, peserta = tabs["Korban"], tabs["Kegiatan"], tabs["Peserta"]
    people: dict[tuple, int] = {}
    for row in korban["rows"]:
        try:
            born, identified = row["birth_date"], row["identified_on"]
            if born and identified and born > identified:
                row["birth_date"] = None
                raise CellError("born-after-identified", identified.strftime("%d/%m/%Y"))
            if born and identified and not 0 <= age(born, identified) <= 100:
                row["birth_date"] = None
                raise CellError("age-out-of-range", str(age(born, identified)))
        except CellError as error:
            issues.append(
                issue(
                    error.code,
                    "Korban",
                    row["_row"],
                    "Tanggal Lahir",
                    born.strftime("%d/%m/%Y"),
                    error.detail,
                )
            )
        if (
            row["birth_date"]
            and identified
            and row["age"] is not None
            and abs(row["age"] - age(row["birth_date"], identified)) > 1
        ):
            issues.append(
                issue(
                    "age-mismatch",
                    "Korban",
                    row["_row"],
                    "Usia",
                    row["age"],
                    str(age(row["birth_date"], identified)),
                )
            )
        if (
            row["exploited_abroad"] == "Dalam Negeri"
            and row["destination"]
            and row["destination"].casefold() not in ("indonesia", "-", "dalam negeri")
        ):
            issues.append(
                issue("destination-with-domestic", "Korban", row["_row"], "Negara Tujuan", row["destination"])
            )
        if not row["_excluded"] and row["sex"] and row["birth_date"] and row["village"]:
            person = (row["sex"], row["birth_date"], row["village"].casefold())
            if person in people:
                issues.append(
                    issue(
                        "possible-duplicate-person",
                        "Korban",
                        row["_row"],
                        "ID Korban",
                        row["survivor_id"],
                        str(people[person]),
                    )
                )
            else:
                people[person] = row["_row"]
    for row in kegiatan["rows"]:
        if row["starts_on"] and row["ends_on"] and row["ends_on"] < row["starts_on"]:
            issues.append(
                issue(
                    "end-before-start",
                    "Kegiatan",
                    row["_row"],
                    "Tanggal Selesai",
                    row["ends_on"].strftime("%d/%m/%Y"),
                    row["starts_on"].strftime("%d/%m/%Y"),
                )
            )
            row["_excluded"] = True
    check_references(schema.PESERTA, peserta["rows"], "activity_id", {**kegiatan, "name": "Kegiatan"}, issues)
    check_references(schema.PESERTA, peserta["rows"], "survivor_id", {**korban, "name": "Korban"}, issues)
    check_references(
        schema.PEMANTAUAN, tabs["Pemantauan"]["rows"], "survivor_id", {**korban, "name": "Korban"}, issues
    )
    activities = {r["activity_id"]: r for r in kegiatan["rows"] if not r["_excluded"]}
    survivors = {r["survivor_id"]: r for r in korban["rows"] if not r["_excluded"]}
    pairs: dict[tuple, int] = {}
    taking_part: dict[str, int] = {}
    for row in peserta["rows"]:
        pair = (row["activity_id"], row["survivor_id"])
        if None not in pair and not row["_excluded"]:
            if pair in pairs:
                issues.append(
                    issue(
                        "duplicate-key",
                        "Peserta",
                        row["_row"],
                        "ID Korban",
                        row["survivor_id"],
                        str(pairs[pair]),
                    )
                )
                row["_excluded"] = True
                continue
            pairs[pair] = row["_row"]
        activity = activities.get(row["activity_id"])
        if activity and row["days_attended"] is not None:
            length = (activity["ends_on"] - activity["starts_on"]).days + 1
            if row["days_attended"] > length:
                issues.append(
                    issue(
                        "attended-too-long",
                        "Peserta",
                        row["_row"],
                        "Hari Hadir",
                        row["days_attended"],
                        str(length),
                    )
                )
                row["days_attended"] = None
        survivor = survivors.get(row["survivor_id"])
        if activity and survivor and not row["_excluded"] and activity["ends_on"] < survivor["identified_on"]:
            issues.append(
                issue(
                    "joined-before-identified",
                    "Peserta",
                    row["_row"],
                    "ID Korban",
                    row["activity_id"],
                    survivor["identified_on"].strftime("%d/%m/%Y"),
                )
            )
        if not row["_excluded"]:
            taking_part[row["activity_id"]] = taking_part.get(row["activity_id"], 0) + 1
    for row in kegiatan["rows"]:
        count = taking_part.get(row["activity_id"], 0)
        if not row["_excluded"] and row["capacity"] is not None and count > row["capacity"]:
            issues.append(
                issue("over-capacity", "Kegiatan", row["_row"], "Kuota", row["capacity"], str(count))
            )


# --------------------------------------------------------------------------- the figures


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def summary(tabs: dict[str, dict], today: dt.date) -> dict:
    survivors = [r for r in tabs["Korban"]["rows"] if not r["_excluded"]]
    activities = {r["activity_id"]: r for r in tabs["Kegiatan"]["rows"] if not r["_excluded"]}
    rehab_on: dict[str, dt.date] = {}
    for row in tabs["Peserta"]["rows"]:
        activity = activities.get(row["activity_id"])
        if row["_excluded"] or activity is None or row["status"] != "Selesai":
            continue
        if activity["kind"] in schema.REHABILITATING_KINDS:
            ends = activity["ends_on"]
            if row["survivor_id"] not in rehab_on or ends < rehab_on[row["survivor_id"]]:
                rehab_on[row["survivor_id"]] = ends
    known = [s for s in survivors if s["identified_on"] <= today]
    rehabilitated = [s for s in known if s["survivor_id"] in rehab_on and rehab_on[s["survivor_id"]] <= today]
    known_by_year: dict[int, int] = {}
    rehab_by_year: dict[int, int] = {}
    by_district = {name: {"known": 0, "rehabilitated": 0} for name in kecamatan.NAMES}
    for s in known:
        known_by_year[s["identified_on"].year] = known_by_year.get(s["identified_on"].year, 0) + 1
        by_district[s["district"]]["known"] += 1
    for s in rehabilitated:
        year = rehab_on[s["survivor_id"]].year
        rehab_by_year[year] = rehab_by_year.get(year, 0) + 1
        by_district[s["district"]]["rehabilitated"] += 1
    latest: dict[str, dict] = {}
    visits: dict[str, list[dt.date]] = {}
    for visit in tabs["Pemantauan"]["rows"]:
        if visit["_excluded"] or visit["visited_on"] > today:
            continue
        visits.setdefault(visit["survivor_id"], []).append(visit["visited_on"])
        current = latest.get(visit["survivor_id"])
        if current is None or (visit["visited_on"], visit["_row"]) >= (
            current["visited_on"],
            current["_row"],
        ):
            latest[visit["survivor_id"]] = visit
    followed = [latest[s["survivor_id"]] for s in rehabilitated if s["survivor_id"] in latest]
    running = sum(1 for v in followed if v["business_status"] == "Berjalan")
    due = set()
    for s in rehabilitated:
        for months in (3, 6, 12):
            checkpoint = add_months(rehab_on[s["survivor_id"]], months)
            late = (today - checkpoint).days
            done = any(abs((v - checkpoint).days) <= 30 for v in visits.get(s["survivor_id"], []))
            if -30 <= late <= 180 and not done:
                due.add(s["survivor_id"])
    return {
        "known": len(known),
        "rehabilitated": len(rehabilitated),
        "coverage": len(rehabilitated) / len(known) if known else None,
        "known_by_year": known_by_year,
        "rehabilitated_by_year": rehab_by_year,
        "by_district": by_district,
        "business_running_share": running / len(followed) if followed else None,
        "follow_up_due": len(due),
    }


def run(values_path: Path, metadata: dict, today: dt.date) -> dict:
    """Read the batchGet JSON at `values_path`, check every tab, compute the figures; counts for the table."""
    with open(values_path, encoding="utf-8") as f:
        payload = json.load(f)
    sheet_ids = {s["properties"]["title"]: s["properties"].get("sheetId", 0) for s in metadata["sheets"]}
    issues: list[dict] = []
    tabs: dict[str, dict] = {}
    for value_range in payload["valueRanges"]:
        title = value_range["range"].rsplit("!", 1)[0].strip("'")
        tab = schema.TABS[title]
        link_base = (
            f"https://docs.google.com/spreadsheets/d/{metadata.get('spreadsheetId', 'x')}/edit"
            f"#gid={sheet_ids.get(title)}&range="
        )
        tabs[title] = check_tab(tab, value_range.get("values", []), today, link_base, issues)
    cross_rules(tabs, issues)
    figures = summary(tabs, today)
    used = sum(1 for t in tabs.values() for r in t["rows"] if not r["_excluded"])
    return {
        "issues": len(issues),
        "rows_used": used,
        "known": figures["known"],
        "rehabilitated": figures["rehabilitated"],
    }
