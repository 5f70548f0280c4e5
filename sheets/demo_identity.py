"""A synthetic restricted identity spreadsheet (`Identitas`) for the demo.

Invented people only: names are random pairs from short lists of common given
names, NIKs are built from each demo survivor's sex, birth date and kecamatan code
(so the NIK rules can be seen working), phone numbers are random. It lets staff
preview the worklist with names and masked NIKs without any real identity data.
"""

from __future__ import annotations

import random

import pandas as pd

from sheets import kecamatan
from sheets.raw import RawTab, RawWorkbook
from sheets.schema import IDENTITAS

SEED = 20180409
_WOMEN = (
    "Siti",
    "Dewi",
    "Sri",
    "Nur",
    "Ani",
    "Rina",
    "Wati",
    "Yanti",
    "Eka",
    "Lia",
    "Tini",
    "Euis",
    "Imas",
    "Neneng",
    "Ratna",
    "Sari",
    "Tuti",
    "Yuli",
    "Dian",
    "Fitri",
)
_MEN = ("Asep", "Dedi", "Budi", "Agus", "Ujang", "Iwan", "Rudi", "Eko", "Hendra", "Wawan", "Yayan", "Tatang")
_FAMILY = (
    "Rahayu",
    "Lestari",
    "Wulandari",
    "Susanti",
    "Handayani",
    "Kurniasih",
    "Maryani",
    "Suryani",
    "Hidayat",
    "Saputra",
    "Setiawan",
    "Permana",
    "Nugraha",
    "Kusnadi",
    "Sutisna",
    "Rohmat",
)


def build_demo_identity(korban: pd.DataFrame) -> RawWorkbook:
    """The `Identitas` tab for the demo survivors in `korban` (the used Korban rows of the demo)."""
    rng = random.Random(SEED)
    rows: list[list[object]] = [list(IDENTITAS.headers)]
    for survivor in korban.sort_values("survivor_id").itertuples(index=False):
        woman = str(survivor.sex) == "Perempuan"
        name = f"{rng.choice(_WOMEN if woman else _MEN)} {rng.choice(_FAMILY)}"
        rows.append(
            [
                survivor.survivor_id,
                name,
                _nik(survivor, woman, rng),
                None,
                f"08{rng.choice('1235789')}{rng.randrange(10**8, 10**9)}",
            ]
        )
    return RawWorkbook("demo (identitas sintetis)", {IDENTITAS.name: RawTab(IDENTITAS.name, rows)})


def _nik(survivor, woman: bool, rng: random.Random) -> str | None:
    """A NIK shaped like a real one: 32 12 <kecamatan> DDMMYY (day + 40 for women) and a serial."""
    born = survivor.birth_date
    if pd.isna(born):
        return None
    district = kecamatan.CODE_BY_NAME[survivor.district].rsplit(".", 1)[1]
    day = born.day + (40 if woman else 0)
    return f"3212{district}{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randrange(1, 9999):04d}"
