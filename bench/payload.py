"""Synthetic `values:batchGet` answers of the main spreadsheet, at three scales.

The JSON is what the Sheets API sends for the contract's five tabs when read with
UNFORMATTED_VALUE + SERIAL_NUMBER (TESTING.md section 3): `valueRanges[]` of ragged
rows (trailing empty cells left out, `""` for an empty cell between filled ones, `[]`
for an empty row), dates mostly as day serials since 1899-12-30 and sometimes as
text staff typed ('9 April 2018', '09/04/2018'), money as numbers and as
Indonesian text ('Rp 1.500.000', '750 ribu'), checkboxes as booleans. About 2% of
the cells that can be wrong are: bad dates, unknown categories ('Cikedong'), missing
required values, duplicate IDs, unknown references, unreadable numbers.

Everything is drawn from one seeded generator, so a scale always gives the same
bytes. Sizes follow the number of survivors; the `ceiling` scale is the largest
one whose tabs together stay within Google's 10 million cells per spreadsheet.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sheets import kecamatan, schema

SEED = 20180409
# Bump when the generator changes, so cached payloads of an older shape are not reused.
VERSION = 1
TODAY = dt.date(2025, 6, 30)  # "as of" date of every run: nothing generated lies after it
EPOCH = dt.date(1899, 12, 30)
CELL_LIMIT = 10_000_000  # Google Sheets: cells per spreadsheet
FIRST_YEAR, LAST_TARGET_YEAR = 2010, 2030
DIRTY = 0.02

SURVIVORS = {"regency": 2_000, "province": 50_000}
SCALES = ("regency", "province", "ceiling")

TAB_WIDTH = {tab.name: len(tab.columns) for tab in schema.MAIN_TABS}
TITLE_ROWS = {"Korban": 1}  # staff put a title above the header; the reader skips it

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nop", "Des")


def serial(day: dt.date) -> int:
    """A date as a Sheets day serial."""
    return (day - EPOCH).days


TODAY_SERIAL = serial(TODAY)
START_SERIAL = serial(dt.date(FIRST_YEAR, 1, 1))


# --------------------------------------------------------------------------- sizes


def tab_rows(survivors: int) -> dict[str, int]:
    """Data rows per tab for a registry of `survivors` (excluding header and title rows)."""
    return {
        "Korban": survivors,
        "Kegiatan": max(10, survivors // 25),  # about 20-25 participants per activity
        "Peserta": survivors * 6 // 5,
        "Pemantauan": survivors * 6 // 5,
        "Target": LAST_TARGET_YEAR - FIRST_YEAR + 1,
    }


def grid_cells(survivors: int) -> int:
    """Cells of the five tabs as Google counts them: rows (title and header included) times columns."""
    rows = tab_rows(survivors)
    return sum((rows[t] + 1 + TITLE_ROWS.get(t, 0)) * TAB_WIDTH[t] for t in rows)


def survivors_for(scale: str) -> int:
    """Survivors at a scale; `ceiling` is the most whose workbook stays within 10 million cells."""
    if scale in SURVIVORS:
        return SURVIVORS[scale]
    if scale != "ceiling":
        raise ValueError(f"unknown scale {scale!r}; choose from {', '.join(SCALES)}")
    low, high = 1, CELL_LIMIT
    while low < high:  # grid_cells grows with survivors: bisect for the largest that fits
        mid = (low + high + 1) // 2
        low, high = (mid, high) if grid_cells(mid) <= CELL_LIMIT else (low, mid - 1)
    return low


# --------------------------------------------------------------------------- values


def _date_cells(serials: np.ndarray, rng: np.random.Generator) -> list[object]:
    """Mostly serials; some typed as text the ways staff type dates."""
    out: list[object] = serials.tolist()
    style = rng.random(len(serials))
    for i in np.flatnonzero(style < 0.12):
        day = EPOCH + dt.timedelta(days=int(serials[i]))
        s = style[i]
        if s < 0.05:
            out[i] = f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"
        elif s < 0.09:
            out[i] = f"{day.day:02d}/{day.month:02d}/{day.year}"
        elif s < 0.11:
            out[i] = day.isoformat()
        else:
            out[i] = f"{day.day} {MONTHS_SHORT[day.month - 1]} {day.year}"
    return out


def _thousands(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _money_cells(amounts: np.ndarray, rng: np.random.Generator) -> list[object]:
    """Mostly numbers; some as 'Rp 1.500.000', '1.500.000', '750 ribu' or '2,5 juta'."""
    out: list[object] = amounts.tolist()
    style = rng.random(len(amounts))
    for i in np.flatnonzero(style < 0.35):
        amount, s = int(amounts[i]), style[i]
        if s < 0.15:
            out[i] = f"Rp {_thousands(amount)}"
        elif s < 0.25:
            out[i] = _thousands(amount)
        elif amount % 1_000_000 == 0 or amount >= 10_000_000:
            out[i] = f"{amount / 1e6:g} juta".replace(".", ",")
        elif amount % 1000 == 0:
            out[i] = f"{amount // 1000} ribu"
    return out


def _pick(
    values: tuple[str, ...], n: int, rng: np.random.Generator, p: list[float] | None = None
) -> list[str]:
    return np.asarray(values, dtype=object)[rng.choice(len(values), size=n, p=p)].tolist()


def _blank_some(cells: list[object], share: float, rng: np.random.Generator) -> None:
    for i in np.flatnonzero(rng.random(len(cells)) < share):
        cells[i] = ""


# --------------------------------------------------------------------------- dirt

# What a wrong cell looks like, per kind of column (a category's typos are per column).
_BAD_DATES = ("31/02/2018", "2018-13-01", "kemarin", "00/00/0000", "12/2019", "2O18-04-09", "tgl 5")
_BAD_MONEY = ("gratis", "Rp 1,5,0", "sekitar 1 juta", "?", "1.5.00")
_BAD_WHOLE = ("dua", "2,5", "-3", "banyak")
_BAD_YES_NO = ("mungkin", "?", "kadang")
_TYPOS = {
    "district": ("Cikedong", "Kec. Haurgelis", "Indramayu Kota", "Jatibarang Baru", "Losarangg"),
    "sex": ("Perempuann", "Wanitaa", "X"),
    "referral_source": ("Polsek", "Dinsos", "Kades"),
    "exploitation": ("Kerja Paksaa", "ABK", "Penipuan"),
    "exploited_abroad": ("LN?", "Luar"),
    "kind": ("Seminar", "Bimtek"),
    "funding": ("Hibah", "APBDes"),
    "status": ("Lulus?", "Proses"),
    "business_status": ("Macet", "Tutup sementara"),
}


def _dirty(tab: schema.Tab, cols: dict[str, list[object]], rng: np.random.Generator) -> None:
    """Spoil about 2% of the cells of every column that can be wrong, the ways staff get them wrong."""
    n = len(next(iter(cols.values())))
    for column in tab.columns:
        cells = cols[column.key]
        for i in np.flatnonzero(rng.random(n) < DIRTY):
            what = rng.random()
            if column.required and what < 0.25:
                cells[i] = ""  # a required value left empty
                continue
            if column.unique and column.kind in ("id", "whole"):
                cells[i] = cells[int(rng.integers(0, max(i, 1)))]  # an earlier row's key again
            elif column.references is not None:
                prefix = "KPO" if column.key == "survivor_id" else "KEG"
                cells[i] = f"{prefix}-9{int(rng.integers(0, 99_999)):05d}"  # refers to nothing
            elif column.kind == "date":
                if column.not_future and what < 0.45:
                    cells[i] = TODAY_SERIAL + int(rng.integers(30, 400))  # in the future
                else:
                    cells[i] = _BAD_DATES[int(rng.integers(0, len(_BAD_DATES)))]
            elif column.kind == "category":
                typos = _TYPOS[column.key]
                cells[i] = typos[int(rng.integers(0, len(typos)))]
            elif column.kind == "money":
                cells[i] = _BAD_MONEY[int(rng.integers(0, len(_BAD_MONEY)))]
            elif column.kind == "whole":
                cells[i] = _BAD_WHOLE[int(rng.integers(0, len(_BAD_WHOLE)))]
            elif column.kind == "yesno":
                cells[i] = _BAD_YES_NO[int(rng.integers(0, len(_BAD_YES_NO)))]
            # free text cannot be wrong (only missing, handled above)


# --------------------------------------------------------------------------- tabs


@dataclass
class _Survivors:
    ids: list[str]
    identified: np.ndarray  # serials, sorted ascending (IDs are issued in that order)


def _korban(n: int, rng: np.random.Generator) -> tuple[dict[str, list[object]], _Survivors]:
    identified = np.sort(rng.integers(START_SERIAL, TODAY_SERIAL + 1, size=n))
    ids = [f"KPO-{i:06d}" for i in range(1, n + 1)]
    age = rng.integers(14, 46, size=n)
    born = identified - age * 365 - rng.integers(0, 365, size=n)
    has_birth = rng.random(n) < 0.7
    has_both = rng.random(n) < 0.3  # some rows carry both, most only one of them
    birth_cells = _date_cells(born, rng)
    ages: list[object] = age.tolist()
    for i in np.flatnonzero(~has_birth):
        birth_cells[i] = ""
    for i in np.flatnonzero(has_birth & ~has_both):
        ages[i] = ""
    district = _pick(kecamatan.NAMES, n, rng)
    for i in np.flatnonzero(rng.random(n) < 0.05):
        district[i] = f"Kec. {district[i]}" if rng.random() < 0.6 else kecamatan.CODE_BY_NAME[district[i]]
    abroad = rng.random(n) < 0.75
    destination = _pick(schema.DESTINATIONS, n, rng)
    for i in np.flatnonzero(~abroad):
        destination[i] = ""
    notes = [""] * n
    for i in np.flatnonzero(rng.random(n) < 0.03):
        notes[i] = "Perlu pendampingan lanjutan"
    villages = tuple(f"Desa {name} {k}" for name in kecamatan.NAMES for k in range(1, 4))
    village = _pick(villages, n, rng)
    _blank_some(village, 0.2, rng)
    cols: dict[str, list[object]] = {
        "survivor_id": ids[:],
        "identified_on": _date_cells(identified, rng),
        "sex": _pick(("Perempuan", "Laki-laki", "P", "L"), n, rng, [0.6, 0.3, 0.07, 0.03]),
        "birth_date": birth_cells,
        "age": ages,
        "district": district,
        "village": village,
        "referral_source": _pick(schema.REFERRAL, n, rng),
        "exploitation": _pick(schema.EXPLOITATION, n, rng),
        "exploited_abroad": ["Luar Negeri" if a else "Dalam Negeri" for a in abroad],
        "destination": destination,
        "notes": notes,
    }
    return cols, _Survivors(ids, identified)


def _kegiatan(n: int, rng: np.random.Generator) -> tuple[dict[str, list[object]], np.ndarray, np.ndarray]:
    starts = np.sort(rng.integers(START_SERIAL, TODAY_SERIAL + 60, size=n))
    ends = starts + rng.integers(0, 5, size=n)
    years = [(EPOCH + dt.timedelta(days=int(s))).year for s in starts]
    kinds = _pick(schema.ACTIVITY_KINDS, n, rng, [0.35, 0.35, 0.1, 0.1, 0.05, 0.05])
    topics = ("Olahan kue kering", "Menjahit", "Tata rias", "Budidaya ikan", "Pengolahan buah", "Konseling")
    budget = rng.integers(10, 200, size=n) * 500_000
    cols: dict[str, list[object]] = {
        "activity_id": [f"KEG-{y}-{i:05d}" for i, y in enumerate(years, start=1)],
        "name": [f"{k} angkatan {i}" for i, k in enumerate(kinds, start=1)],
        "kind": kinds,
        "topic": _pick(topics, n, rng),
        "starts_on": _date_cells(starts, rng),
        "ends_on": _date_cells(ends, rng),
        "venue": _pick(("RSBM Tunas Mandiri, Desa Mundakjaya", "Aula Dinas Sosial", "Balai Desa"), n, rng),
        "district": _pick(kecamatan.NAMES, n, rng),
        "funding": _pick(schema.FUNDING, n, rng),
        "budget": _money_cells(budget, rng),
        "capacity": rng.integers(15, 40, size=n).tolist(),
    }
    return cols, starts, ends


def _peserta(
    n: int,
    survivors: _Survivors,
    activity_ids: list[str],
    starts: np.ndarray,
    ends: np.ndarray,
    rng: np.random.Generator,
) -> tuple[dict[str, list[object]], np.ndarray, np.ndarray]:
    activity = rng.integers(0, len(activity_ids), size=n)
    # A participant was identified before the activity started (mostly: the dirt adds exceptions).
    known_by_then = np.searchsorted(survivors.identified, starts[activity], side="right")
    who = (rng.random(n) * np.maximum(known_by_then, 1)).astype(np.int64)
    status = _pick(("Selesai", "Terdaftar", "Tidak Selesai", "Lulus"), n, rng, [0.68, 0.15, 0.15, 0.02])
    length = ends[activity] - starts[activity] + 1
    attended = np.minimum(rng.integers(1, 6, size=n), length).tolist()
    aid = _pick(("Paket peralatan kue", "Mesin jahit", "Modal usaha", ""), n, rng)
    aid_value = rng.integers(6, 60, size=n) * 50_000
    cols: dict[str, list[object]] = {
        "activity_id": np.asarray(activity_ids, dtype=object)[activity].tolist(),
        "survivor_id": np.asarray(survivors.ids, dtype=object)[who].tolist(),
        "status": status,
        "days_attended": attended,
        "aid": aid,
        "aid_value": _money_cells(aid_value, rng),
    }
    return cols, who, ends[activity]


def _pemantauan(
    n: int, who: np.ndarray, ended: np.ndarray, survivors: _Survivors, rng: np.random.Generator
) -> dict[str, list[object]]:
    pick = rng.integers(0, len(who), size=n)
    visited = ended[pick] + rng.choice((90, 180, 365), size=n) + rng.integers(-20, 21, size=n)
    late = visited > TODAY_SERIAL
    visited[late] = TODAY_SERIAL - rng.integers(0, 60, size=int(late.sum()))
    income = rng.integers(0, 60, size=n) * 50_000
    family: list[object] = (rng.random(n) < 0.8).tolist()
    for i in np.flatnonzero(rng.random(n) < 0.2):
        family[i] = "Ya" if family[i] else "Tidak"
    notes = [""] * n
    for i in np.flatnonzero(rng.random(n) < 0.02):
        notes[i] = "Usaha perlu modal tambahan"
    return {
        "survivor_id": np.asarray(survivors.ids, dtype=object)[who[pick]].tolist(),
        "visited_on": _date_cells(visited, rng),
        "business_status": _pick(schema.BUSINESS, n, rng, [0.6, 0.25, 0.15]),
        "monthly_income": _money_cells(income, rng),
        "with_family": family,
        "officer": _pick(tuple(f"Petugas {c}" for c in "ABCDEFGH"), n, rng),
        "notes": notes,
    }


def _target() -> dict[str, list[object]]:
    years = list(range(FIRST_YEAR, LAST_TARGET_YEAR + 1))
    return {
        "year": years,
        "target": [20 + 5 * (y - FIRST_YEAR) for y in years],
        "reported_known": [100 + 10 * (y - FIRST_YEAR) for y in years],
        "budget": [f"Rp {_thousands(150_000_000 + 10_000_000 * (y - FIRST_YEAR))}" for y in years],
    }


def _values(tab: schema.Tab, cols: dict[str, list[object]], rng: np.random.Generator) -> list[list[object]]:
    """Header and rows as the API sends them: trailing empty cells left out, a few empty rows."""
    header = [c.header for c in tab.columns]
    rows = [list(r) for r in zip(*(cols[c.key] for c in tab.columns))]
    for row in rows:
        while row and row[-1] == "":
            row.pop()
    for i in np.flatnonzero(rng.random(len(rows)) < 0.001):
        rows[i] = []  # a blank line left between records
    title = [["Data Korban TPPO - Dinas Sosial Kab. Indramayu"]] * TITLE_ROWS.get(tab.name, 0)
    return [*title, header, *rows]


def batch_get(scale: str, seed: int = SEED, survivors: int | None = None) -> tuple[dict, dict]:
    """The `values:batchGet` answer and the spreadsheet's metadata answer for `scale` (or `survivors`)."""
    rng = np.random.default_rng(seed)
    rows = tab_rows(survivors if survivors is not None else survivors_for(scale))
    korban, survivors = _korban(rows["Korban"], rng)
    kegiatan, starts, ends = _kegiatan(rows["Kegiatan"], rng)
    peserta, who, ended = _peserta(rows["Peserta"], survivors, kegiatan["activity_id"], starts, ends, rng)
    pemantauan = _pemantauan(rows["Pemantauan"], who, ended, survivors, rng)
    cols = {
        "Korban": korban,
        "Kegiatan": kegiatan,
        "Peserta": peserta,
        "Pemantauan": pemantauan,
        "Target": _target(),
    }
    ranges, sheets = [], []
    for index, tab in enumerate(schema.MAIN_TABS):
        _dirty(tab, cols[tab.name], rng)
        values = _values(tab, cols[tab.name], rng)
        last = f"{_letter(len(tab.columns) - 1)}{len(values)}"
        ranges.append({"range": f"{tab.name}!A1:{last}", "majorDimension": "ROWS", "values": values})
        sheets.append(
            {
                "properties": {
                    "sheetId": 101 + index,
                    "title": tab.name,
                    "index": index,
                    "gridProperties": {"rowCount": len(values), "columnCount": len(tab.columns)},
                }
            }
        )
    sheets.append(
        {
            "properties": {
                "sheetId": 0,
                "title": schema.INSTRUCTIONS_TAB,
                "index": len(sheets),
                "gridProperties": {"rowCount": 50, "columnCount": 5},
            }
        }
    )
    spreadsheet_id = f"bench-{scale}"
    payload = {"spreadsheetId": spreadsheet_id, "valueRanges": ranges}
    metadata = {
        "spreadsheetId": spreadsheet_id,
        "properties": {"title": f"Data Rehabilitasi ({scale})"},
        "sheets": sheets,
    }
    return payload, metadata


def _letter(index: int) -> str:
    return chr(65 + index)  # the contract's tabs are narrower than 26 columns


@dataclass(frozen=True)
class Payload:
    """A payload written to disk: the batchGet JSON, the metadata JSON, and its size."""

    scale: str
    values_path: Path
    metadata_path: Path
    survivors: int
    cells: int  # grid cells of the five tabs (rows x columns, header and title rows included)
    json_bytes: int


def write(scale: str, directory: Path) -> Payload:
    """Write `scale`'s payload under `directory` once; later calls reuse the files."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = directory / f"batchget-{scale}-v{VERSION}-{SEED}"
    values_path, metadata_path = stem.with_suffix(".json"), stem.with_suffix(".meta.json")
    info_path = stem.with_suffix(".info.json")
    if not (values_path.exists() and metadata_path.exists() and info_path.exists()):
        payload, metadata = batch_get(scale)
        cells = sum(
            TAB_WIDTH[name] * len(vr["values"]) for name, vr in zip(TAB_WIDTH, payload["valueRanges"])
        )
        # Compact, as the API sends it with prettyPrint=false (the default indents with spaces).
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        tmp = values_path.with_suffix(".tmp")
        tmp.write_bytes(text)
        tmp.replace(values_path)
        metadata_path.write_text(json.dumps(metadata))
        info_path.write_text(json.dumps({"survivors": survivors_for(scale), "cells": cells}))
    info = json.loads(info_path.read_text())
    return Payload(
        scale, values_path, metadata_path, info["survivors"], info["cells"], values_path.stat().st_size
    )
