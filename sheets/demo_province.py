"""Synthetic offices for a province demo and its tests: the demo workbook, varied per office.

Jawa Barat has 27 regencies and cities (Kemendagri codes 32.01-32.18 and 32.71-32.79). Each
synthetic office's spreadsheet is the demo workbook (`sheets.demo.build_demo`) with a share of
its survivors left out, chosen by a generator seeded with the office's code: every office has
its own figures, and the same office always the same ones. Survivor IDs repeat across offices
(`KPO-0001` in each): they are unique within an office, as the contract asks, not across them.
Kecamatan names stay Indramayu's (the demo's), coded with the office's own code (`32.09.04`, as the
kecamatan CSV `tests.fakes.province` writes for it), so each synthetic office validates as the demo
against its own list.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import re

from sheets import demo, schema
from sheets.raw import RawTab, RawWorkbook

# (code, name) of Jawa Barat's 27 regencies and cities.
JAWA_BARAT: tuple[tuple[str, str], ...] = (
    ("32.01", "Kabupaten Bogor"),
    ("32.02", "Kabupaten Sukabumi"),
    ("32.03", "Kabupaten Cianjur"),
    ("32.04", "Kabupaten Bandung"),
    ("32.05", "Kabupaten Garut"),
    ("32.06", "Kabupaten Tasikmalaya"),
    ("32.07", "Kabupaten Ciamis"),
    ("32.08", "Kabupaten Kuningan"),
    ("32.09", "Kabupaten Cirebon"),
    ("32.10", "Kabupaten Majalengka"),
    ("32.11", "Kabupaten Sumedang"),
    ("32.12", "Kabupaten Indramayu"),
    ("32.13", "Kabupaten Subang"),
    ("32.14", "Kabupaten Purwakarta"),
    ("32.15", "Kabupaten Karawang"),
    ("32.16", "Kabupaten Bekasi"),
    ("32.17", "Kabupaten Bandung Barat"),
    ("32.18", "Kabupaten Pangandaran"),
    ("32.71", "Kota Bogor"),
    ("32.72", "Kota Sukabumi"),
    ("32.73", "Kota Bandung"),
    ("32.74", "Kota Cirebon"),
    ("32.75", "Kota Bekasi"),
    ("32.76", "Kota Depok"),
    ("32.77", "Kota Cimahi"),
    ("32.78", "Kota Tasikmalaya"),
    ("32.79", "Kota Banjar"),
)
SURVIVOR_HEADER = schema.KORBAN.column("survivor_id").header
_SHIPPED_CODE = re.compile(r"32\.12(\.\d{2})")


def _recoded(cell: object, code: str) -> object:
    """A kecamatan code of the demo (`32.12.04`) as the same kecamatan of office `code` (`32.09.04`)."""
    if isinstance(cell, str):
        found = _SHIPPED_CODE.fullmatch(cell.strip())
        if found:
            return code + found.group(1)
    return cell


@functools.lru_cache(maxsize=4)
def _base(today: dt.date) -> RawWorkbook:
    return demo.build_demo(today)


def build_office(code: str, name: str, today: dt.date) -> RawWorkbook:
    """The synthetic spreadsheet of office `code` on `today` (Indramayu, 32.12, is the demo itself)."""
    base = _base(today)
    if code == "32.12":
        return base
    rng = random.Random(f"{demo.SEED}:office:{code}")
    share = rng.uniform(0.1, 0.6)  # the share of the demo's survivors this office does not have
    korban = base.tabs["Korban"].rows
    top = next(i for i, row in enumerate(korban) if SURVIVOR_HEADER in row)
    at = korban[top].index(SURVIVOR_HEADER)
    ids = [str(row[at]) for row in korban[top + 1 :] if len(row) > at and row[at]]
    left_out = {sid for sid in ids if rng.random() < share}
    tabs = {}
    for title, tab in base.tabs.items():
        rows = [[_recoded(c, code) for c in r] for r in tab.rows]
        if title == "Korban":
            rows[0] = [f"DATA KORBAN TPPO - DINAS SOSIAL {name.upper()}"]
        header = next((i for i, row in enumerate(rows) if SURVIVOR_HEADER in row), None)
        if header is not None:
            column = rows[header].index(SURVIVOR_HEADER)
            rows = rows[: header + 1] + [
                r for r in rows[header + 1 :] if not (len(r) > column and str(r[column]) in left_out)
            ]
        tabs[title] = RawTab(title, rows, tab.sheet_id, tab.hidden, tab.merges)
    return RawWorkbook(source="demo", tabs=tabs, read_at=base.read_at)


def spreadsheet_id(code: str) -> str:
    """The synthetic office's spreadsheet id on the fake Sheets API: `pulih-32-09`."""
    return "pulih-" + code.replace(".", "-")
