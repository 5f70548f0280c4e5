"""A synthetic demo workbook that reproduces the regency's published figures.

Everyone in it is invented: survivors are `KPO-0001`-style IDs, villages are
made-up names, officers are "Petugas <first name>". The workbook has the raw shape
a live Google Sheet returns (`RawWorkbook`, dates as day serials with some typed
as text, money as numbers or as staff type it), and reproduces CONTRACT.md's last
section: 70 survivors rehabilitated in 2017 (10 from each of `KECAMATAN_2017`),
20 from Cikedung in 2018 (9-10 April, olahan kue kering), 90 through 2018, then
plausible synthetic years up to `today`, plus `DELIBERATE_PROBLEMS` outside those
cohorts so the data-quality pages have something to show.

Every random draw comes from a generator seeded with `SEED` and a label (the year,
the survivor's ID, ...), so a year's data never changes when a later year is added
and the whole workbook depends only on `today`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from sheets import clock, kecamatan, schema
from sheets.raw import Cell, RawTab, RawWorkbook

SEED = 20180409

# The published figures (CONTRACT.md, "The article the demo data must reproduce").
ANCHOR_2017 = 70
ANCHOR_2018 = 20
KECAMATAN_2017 = ("Karangampel", "Sliyeg", "Lohbener", "Bongas", "Cantigi", "Haurgeulis", "Anjatan")
KECAMATAN_2018 = "Cikedung"
ACTIVITY_2018 = "KEG-2018-01"
NAME_2018 = "Bimbingan Sosial dan Pelatihan Usaha Ekonomi Produktif (UEP)"
TOPIC_2018 = "Olahan kue kering"
VENUE_2018 = "RSBM Tunas Mandiri, Desa Mundakjaya"
AID_2018 = "Paket peralatan kue"
STARTS_2018 = dt.date(2018, 4, 9)
ENDS_2018 = dt.date(2018, 4, 10)

KORBAN_TITLE = "DATA KORBAN TPPO - DINAS SOSIAL KAB. INDRAMAYU"
FIRST_YEAR = 2015
# The deliberate problems sit in 2021-2023, so the demo needs a later "as of" date.
EARLIEST_TODAY = dt.date(2024, 1, 1)

# (tab, what is wrong, the rule code validation must report)
DELIBERATE_PROBLEMS: tuple[tuple[str, str, str], ...] = (
    (
        "Korban",
        (
            "Kecamatan 'Cikedong' (typo for Cikedung) on a survivor identified 2021-2023 who takes "
            "part in nothing; the row is excluded"
        ),
        "unknown-category",
    ),
    (
        "Korban",
        "Tanggal Identifikasi '31/02/2021' (there is no 31 February); the row is excluded",
        "invalid-date",
    ),
    (
        "Korban",
        (
            "a survivor identified in 2023 typed with the ID of the row above it; the later row is "
            "excluded (and its own ID is missing from the sequence)"
        ),
        "duplicate-key",
    ),
    (
        "Korban",
        "Tanggal Identifikasi of a 2021 survivor typed with a two-digit year (dd/mm/21)",
        "two-digit-year",
    ),
    (
        "Korban",
        "Negara Tujuan given for a 2022 survivor whose Lokasi Eksploitasi is Dalam Negeri",
        "destination-with-domestic",
    ),
    ("Korban", "Usia 10 years more than the 2023 survivor's Tanggal Lahir gives", "age-mismatch"),
    (
        "Kegiatan",
        (
            "a 2022 Pendampingan Psikososial whose Tanggal Selesai (16/08/2022) is before its "
            "Tanggal Mulai (14/09/2022); it has no participants"
        ),
        "end-before-start",
    ),
    (
        "Kegiatan",
        "Anggaran 'Rp 25.OOO.OOO' (letter O for zero) on a 2021 Bantuan Usaha; only that cell is ignored",
        "invalid-money",
    ),
    (
        "Peserta",
        "a participation of the unknown survivor 'KPO-9999' in the first 2023 training; the row is excluded",
        "unknown-reference",
    ),
)

# Realistic oddities that must parse without any issue.
HARMLESS_QUIRKS: tuple[str, ...] = (
    "Korban: a title row and a blank row above the header",
    "Peserta: a blank row between two activities",
    "dates typed as text: 09/04/2018, 2018-04-09, 9 April 2018, 9 Apr 2018, 9-4-2018, 9.4.2018",
    "money typed as text: Rp 1.500.000, 1.500.000,00, 750 ribu, 2,5 jt, Rp1,5 juta",
    "Jenis Kelamin 'Perempuan' followed by a non-breaking space (pasted from a document)",
    (
        "category aliases: P/L, BP2MI, Polres, KBRI, P2TP2A, PRT Paksa, LN, Kec. <name>, 32.12.xx, Bimsos, "
        "APBD Kab, CSR, Lulus"
    ),
    "yes/no typed as Y/T or in lower case",
    "an ID Korban with a trailing space",
)

_EPOCH = dt.date(1899, 12, 30)
_REHAB_KINDS = schema.REHABILITATING_KINDS

# New identifications per year (the cohorts included); later years use the default.
_IDENTIFIED = {
    2015: 52,
    2016: 78,
    2017: 66,
    2018: 58,
    2019: 57,
    2020: 29,
    2021: 33,
    2022: 51,
    2023: 55,
    2024: 53,
    2025: 50,
}
_IDENTIFIED_LATER = 48
# Survivors rehabilitated per year from 2019 (the pandemic years are thin).
_REHABILITATED = {2019: 28, 2020: 9, 2021: 12, 2022: 22, 2023: 25, 2024: 27, 2025: 26}
_REHABILITATED_LATER = 27

# Home kecamatan weights; the zero-weight ones have no survivor and no activity at all.
_DISTRICT_WEIGHTS = {
    "Juntinyuat": 8,
    "Sliyeg": 7,
    "Karangampel": 7,
    "Kertasemaya": 6,
    "Krangkeng": 6,
    "Jatibarang": 5,
    "Lohbener": 5,
    "Bongas": 5,
    "Cantigi": 4,
    "Haurgeulis": 5,
    "Anjatan": 5,
    "Cikedung": 4,
    "Kroya": 4,
    "Gabuswetan": 4,
    "Lelea": 4,
    "Widasari": 4,
    "Balongan": 3,
    "Indramayu": 3,
    "Sindang": 3,
    "Arahan": 3,
    "Losarang": 4,
    "Kandanghaur": 5,
    "Sukra": 3,
    "Patrol": 3,
    "Bangodua": 2,
    "Gantar": 0,
    "Terisi": 0,
    "Sukagumiwang": 0,
    "Kedokan Bunder": 0,
    "Pasekan": 0,
    "Tukdana": 0,
}
assert set(_DISTRICT_WEIGHTS) == set(kecamatan.NAMES)
QUIET_KECAMATAN = tuple(k for k, w in _DISTRICT_WEIGHTS.items() if w == 0)

_REFERRAL_WEIGHTS = {
    "BP3MI/BP2MI": 35,
    "Kepolisian": 15,
    "UPTD PPA/P2TP2A": 12,
    "Kementerian/KBRI": 15,
    "LSM": 10,
    "Keluarga/Masyarakat": 8,
    "Datang Sendiri": 4,
    "Lainnya": 1,
}
_REFERRAL_SPELLINGS = {
    "BP3MI/BP2MI": ("BP2MI", "BP3MI"),
    "Kepolisian": ("Polres",),
    "UPTD PPA/P2TP2A": ("P2TP2A",),
    "Kementerian/KBRI": ("KBRI",),
}
_DESTINATIONS_WOMEN = {
    "Arab Saudi": 28,
    "Malaysia": 24,
    "Taiwan": 10,
    "Hong Kong": 9,
    "Singapura": 7,
    "Uni Emirat Arab": 7,
    "Kuwait": 3,
    "Qatar": 3,
    "Oman": 3,
    "Yordania": 2,
    "Brunei": 3,
    "Kamboja": 1,
}
_DESTINATIONS_MEN = {
    "Malaysia": 30,
    "Taiwan": 25,
    "Korea Selatan": 12,
    "Kamboja": 8,
    "Arab Saudi": 8,
    "Brunei": 5,
    "Singapura": 5,
    "Uni Emirat Arab": 4,
    "Qatar": 3,
}
_KORBAN_NOTES = (
    "Dipulangkan melalui BP3MI Jawa Barat",
    "Perlu pendampingan psikologis lanjutan",
    "Gaji tidak dibayar selama bekerja",
    "Dokumen ditahan majikan",
    "Berangkat melalui calo tanpa dokumen resmi",
    "Dirujuk bersama korban lain dari desa yang sama",
)

_TRAININGS = (  # (Materi, Bantuan Diterima, value in Rp)
    ("Olahan kue kering", "Paket peralatan kue", 1_500_000),
    ("Menjahit", "Mesin jahit portabel", 2_500_000),
    ("Tata rias pengantin", "Paket alat rias", 2_000_000),
    ("Olahan mangga (dodol dan manisan)", "Paket alat olahan buah", 1_250_000),
    ("Batik tulis Paoman", "Paket alat membatik", 1_750_000),
    ("Olahan ikan (abon dan kerupuk)", "Paket alat olahan ikan", 1_500_000),
    ("Budidaya jamur tiram", "Bibit dan rak jamur", 1_000_000),
    ("Tata boga rumahan", "Paket peralatan masak", 2_000_000),
)
_GUIDANCE_TOPICS = (
    "Pemulihan trauma dan motivasi",
    "Motivasi usaha dan literasi keuangan",
    "Pencegahan TPPO dan migrasi aman",
)
_FRUIT_TOPICS = (
    "Olahan buah: dodol dan manisan mangga",
    "Olahan buah: sirup dan selai mangga",
    "Olahan buah: keripik dan manisan buah",
)
_STARTS_2017 = (
    dt.date(2017, 3, 14),
    dt.date(2017, 4, 18),
    dt.date(2017, 5, 16),
    dt.date(2017, 7, 18),
    dt.date(2017, 8, 8),
    dt.date(2017, 9, 12),
    dt.date(2017, 10, 17),
)
_OFFICERS = ("Petugas Rina", "Petugas Dedi", "Petugas Yuni", "Petugas Asep", "Petugas Wati", "Petugas Tono")
_VISIT_NOTES = (
    "Usaha dijual di warung sekitar rumah",
    "Menerima pesanan dari tetangga",
    "Modal habis untuk kebutuhan keluarga",
    "Berencana berangkat lagi ke luar negeri",
    "Perlu tambahan modal",
    "Usaha dijalankan bersama suami",
)

_MONTHS = (
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
_MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sept", "Okt", "Nop", "Des")
_VILLAGE_PREFIXES = (
    "Suka",
    "Kerta",
    "Karang",
    "Tegal",
    "Sindang",
    "Mekar",
    "Jati",
    "Sumber",
    "Tanjung",
    "Ranca",
    "Bojong",
    "Cangkring",
    "Kali",
    "Wana",
    "Sida",
    "Pring",
    "Mulya",
    "Dukuh",
)
_VILLAGE_SUFFIXES = (
    "mulya",
    "jaya",
    "sari",
    "asih",
    "wangi",
    "rahayu",
    "harja",
    "anyar",
    "makmur",
    "kerta",
    "laksana",
    "mukti",
    "kulon",
    "wetan",
    "lor",
    "kidul",
    "tengah",
    "raja",
)


# --------------------------------------------------------------------------- records


@dataclass
class _Survivor:
    identified_on: dt.date
    district: str
    village: str
    sex: str
    birth_date: dt.date
    age: int
    show_birth: bool
    show_age: bool
    referral: str | None
    exploitation: str | None
    location: str | None
    destination: str | None
    notes: str
    cohort: int | None = None
    # Its row carries a problem that excludes it, so it must take part in nothing.
    reserved: bool = False
    survivor_id: str = ""
    # column key -> the cell as staff typed it (problems and quirks)
    typed: dict[str, Cell] = field(default_factory=dict)


@dataclass
class _Participation:
    survivor_id: str
    status: str
    days: int | None = None
    aid: str = ""
    aid_value: int | None = None
    cohort: int | None = None


@dataclass
class _Activity:
    name: str
    kind: str
    topic: str
    starts_on: dt.date
    ends_on: dt.date
    venue: str
    district: str
    funding: str
    budget: int | None
    participants: list[_Participation] = field(default_factory=list)
    cohort: int | None = None
    activity_id: str = ""
    capacity_margin: int = 0
    typed: dict[str, Cell] = field(default_factory=dict)

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


@dataclass
class _Visit:
    survivor_id: str
    visited_on: dt.date
    business: str
    income: int | None
    with_family: str | None
    officer: str
    notes: str


# --------------------------------------------------------------------------- public API


def build_demo(today: dt.date | None = None) -> RawWorkbook:
    """The synthetic demo workbook as staff would have it on `today` (default: the current date)."""
    today = today or clock.today()
    if today < EARLIEST_TODAY:
        raise ValueError(f"the demo describes {EARLIEST_TODAY.year} onwards; got today={today}")
    villages = _villages()
    survivors = _survivors(today.year, villages)
    _mark_korban_problems(survivors, villages)
    activities = _activities(today.year, survivors, villages)
    activities = _as_of(activities, today)
    known = [s for s in survivors if s.identified_on <= today]
    activities.append(_planned_activity(today, known, activities))
    rehabilitated = _rehabilitation_dates(activities, today)
    visits = _visits(rehabilitated, today)
    tabs: dict[str, list[list[Cell]]] = {
        "Korban": [[KORBAN_TITLE], [], list(schema.KORBAN.headers), *(_korban_row(s) for s in known)],
        "Kegiatan": [list(schema.KEGIATAN.headers), *(_kegiatan_row(a) for a in activities)],
        "Peserta": [list(schema.PESERTA.headers), *_peserta_rows(activities)],
        "Pemantauan": [list(schema.PEMANTAUAN.headers), *(_pemantauan_row(v) for v in visits)],
        "Target": [list(schema.TARGET.headers), *_target_rows(survivors, today)],
    }
    return RawWorkbook(
        source="demo",
        tabs={name: RawTab(name, rows) for name, rows in tabs.items()},
        read_at=dt.datetime.combine(today, dt.time(0), tzinfo=dt.UTC),
    )


def to_serial(day: dt.date) -> int:
    """A date as a Google Sheets / Excel day serial (days since 1899-12-30)."""
    return (day - _EPOCH).days


# --------------------------------------------------------------------------- helpers


def _rng(*labels: object) -> random.Random:
    # A string seed is hashed with SHA-512 by `random`, so it is stable across runs and
    # independent of PYTHONHASHSEED.
    return random.Random(":".join(str(x) for x in (SEED, *labels)))


def _pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _monday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def _date_cell(day: dt.date, rng: random.Random, text_share: float) -> Cell:
    """Mostly a day serial, as Sheets returns a date cell; sometimes the text staff typed."""
    if rng.random() >= text_share:
        return to_serial(day)
    style = rng.randrange(6)
    if style == 0:
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    if style == 1:
        return day.isoformat()
    if style == 2:
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    if style == 3:
        return f"{day.day} {_MONTHS_SHORT[day.month - 1]} {day.year}"
    if style == 4:
        return f"{day.day}-{day.month}-{day.year}"
    return f"{day.day}.{day.month}.{day.year}"


def _dots(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _money_cell(amount: int | None, rng: random.Random, text_share: float = 0.3) -> Cell:
    """Mostly a number; sometimes text as staff type rupiah."""
    if amount is None:
        return None
    if rng.random() >= text_share:
        return amount
    style = rng.randrange(4)
    if style == 0:
        return f"Rp {_dots(amount)}"
    if style == 1:
        return f"{_dots(amount)},00"
    if amount >= 1_000_000 and amount % 100_000 == 0:
        millions = f"{amount / 1_000_000:g}".replace(".", ",")
        return f"{millions} jt" if style == 2 else f"Rp{millions} juta"
    if amount < 1_000_000 and amount % 1_000 == 0:
        return f"{amount // 1_000} ribu"
    return f"Rp {_dots(amount)}"


def _row(tab: schema.Tab, cells: dict[str, Cell]) -> list[Cell]:
    """Cells in the tab's header order, shaped like the Sheets API: '' inside, trailing blanks cut."""
    row = [cells.get(c.key) for c in tab.columns]
    while row and row[-1] in (None, ""):
        row.pop()
    return ["" if c is None else c for c in row]


# --------------------------------------------------------------------------- survivors


def _villages() -> dict[str, list[str]]:
    """Invented village names per kecamatan (as many as the real kecamatan has)."""
    rng = _rng("villages")
    names = [p + s for p in _VILLAGE_PREFIXES for s in _VILLAGE_SUFFIXES]
    rng.shuffle(names)
    out: dict[str, list[str]] = {}
    for _, district, count in kecamatan.KECAMATAN:
        out[district], names = names[:count], names[count:]
    # The venue of the 2018 activity is in Desa Mundakjaya.
    out[KECAMATAN_2018][0] = "Mundakjaya"
    return out


def _new_survivor(
    rng: random.Random,
    identified_on: dt.date,
    district: str,
    villages: dict[str, list[str]],
    people: set[tuple],
) -> _Survivor:
    sex = "Perempuan" if rng.random() < 0.86 else "Laki-laki"
    age = rng.randint(15, 17) if rng.random() < 0.11 else min(50, max(18, round(rng.triangular(18, 50, 25))))
    village = rng.choice(villages[district])
    latest = _years_before(identified_on, age)
    earliest = _years_before(identified_on, age + 1) + dt.timedelta(days=1)
    birth = _between(rng, earliest, latest)
    # Same sex, birth date and village would rightly be flagged as a possible duplicate person.
    while (sex, birth, village) in people:
        birth = _between(rng, earliest, latest)
    people.add((sex, birth, village))
    show_birth = rng.random() < 0.65
    show_age = rng.random() < (0.45 if show_birth else 0.85)

    location = (
        None
        if rng.random() < 0.04
        else ("Luar Negeri" if rng.random() < (0.82 if sex == "Perempuan" else 0.7) else "Dalam Negeri")
    )
    destination = None
    if location == "Luar Negeri":
        weights = dict(_DESTINATIONS_WOMEN if sex == "Perempuan" else _DESTINATIONS_MEN)
        if identified_on.year >= 2022:  # online-scam compounds became a destination
            weights["Kamboja"] += 10
        destination = _pick(rng, weights)
    if age < 18:
        exploitation_weights = {
            "Pekerja Anak": 35,
            "Eksploitasi Seksual": 35,
            "Perkawinan Paksa": 10,
            "Pekerja Rumah Tangga Paksa": 10,
            "Tidak Diketahui": 10,
        }
    elif sex == "Laki-laki":
        exploitation_weights = {"Kerja Paksa": 80, "Lainnya": 10, "Tidak Diketahui": 10}
    elif location == "Dalam Negeri":
        exploitation_weights = {
            "Eksploitasi Seksual": 50,
            "Pekerja Rumah Tangga Paksa": 20,
            "Kerja Paksa": 15,
            "Tidak Diketahui": 15,
        }
    else:
        exploitation_weights = {
            "Pekerja Rumah Tangga Paksa": 50,
            "Kerja Paksa": 15,
            "Eksploitasi Seksual": 15,
            "Perkawinan Paksa": 6,
            "Lainnya": 4,
            "Tidak Diketahui": 10,
        }
    exploitation = None if rng.random() < 0.05 else _pick(rng, exploitation_weights)
    referral = None if rng.random() < 0.05 else _pick(rng, _REFERRAL_WEIGHTS)
    notes = rng.choice(_KORBAN_NOTES) if rng.random() < 0.08 else ""
    return _Survivor(
        identified_on,
        district,
        village,
        sex,
        birth,
        _age(birth, identified_on),
        show_birth,
        show_age,
        referral,
        exploitation,
        location,
        destination,
        notes,
    )


def _survivors(last_year: int, villages: dict[str, list[str]]) -> list[_Survivor]:
    """Everyone identified from FIRST_YEAR to the end of `last_year`, sorted, with IDs."""
    people: set[tuple] = set()
    cohort: list[_Survivor] = []
    rng = _rng("cohort", 2017)
    for district, starts_on in zip(KECAMATAN_2017, _STARTS_2017):
        for _ in range(ANCHOR_2017 // len(KECAMATAN_2017)):
            day = _between(rng, dt.date(2016, 1, 4), starts_on - dt.timedelta(days=14))
            cohort.append(_new_survivor(rng, day, district, villages, people))
            cohort[-1].cohort = 2017
    rng = _rng("cohort", 2018)
    for _ in range(ANCHOR_2018):
        day = _between(rng, dt.date(2016, 3, 1), STARTS_2018 - dt.timedelta(days=14))
        cohort.append(_new_survivor(rng, day, KECAMATAN_2018, villages, people))
        cohort[-1].cohort = 2018

    survivors = list(cohort)
    already = Counter(s.identified_on.year for s in cohort)
    for year in range(FIRST_YEAR, last_year + 1):
        rng = _rng("korban", year)
        for _ in range(max(0, _IDENTIFIED.get(year, _IDENTIFIED_LATER) - already[year])):
            day = _between(rng, dt.date(year, 1, 2), dt.date(year, 12, 22))
            district = _pick(rng, _DISTRICT_WEIGHTS)
            survivors.append(_new_survivor(rng, day, district, villages, people))
    # A stable sort: IDs follow identification order, so a later "today" only appends rows.
    survivors.sort(key=lambda s: s.identified_on)
    for number, survivor in enumerate(survivors, start=1):
        survivor.survivor_id = f"KPO-{number:04d}"
    return survivors


def _mark_korban_problems(survivors: list[_Survivor], villages: dict[str, list[str]]) -> None:
    """Put the Korban tab's deliberate problems and quirks on survivors outside the cohorts."""
    rng = _rng("problems")
    taken: set[str] = set()

    def candidates(years: tuple[int, ...], test=lambda s: True) -> list[_Survivor]:
        return [
            s
            for s in survivors
            if s.identified_on.year in years and s.cohort is None and s.survivor_id not in taken and test(s)
        ]

    def take(pool: list[_Survivor]) -> _Survivor:
        survivor = rng.choice(pool)
        taken.add(survivor.survivor_id)
        return survivor

    # Cikedong: an excluded row, so this survivor must never take part in anything.
    pool = candidates((2021, 2022, 2023), lambda s: s.district == "Cikedung") or candidates((2022,))
    survivor = take(pool)
    survivor.reserved = True
    survivor.typed["district"] = "Cikedong"

    # 31 February: the survivor registered closest to the end of February 2021.
    survivor = min(candidates((2021,)), key=lambda s: abs((s.identified_on - dt.date(2021, 2, 28)).days))
    taken.add(survivor.survivor_id)
    survivor.reserved = True
    survivor.typed["identified_on"] = "31/02/2021"

    # A new survivor typed with the previous row's ID (copy-paste): the later row is the excluded one.
    index = {s.survivor_id: i for i, s in enumerate(survivors)}
    pool = candidates((2023,), lambda s: survivors[index[s.survivor_id] - 1].survivor_id not in taken)
    survivor = take(pool)
    above = survivors[index[survivor.survivor_id] - 1]
    taken.add(above.survivor_id)
    survivor.reserved = True
    survivor.typed["survivor_id"] = above.survivor_id

    survivor = take(candidates((2021,)))
    survivor.typed["identified_on"] = survivor.identified_on.strftime("%d/%m/%y")

    survivor = take(candidates((2022,), lambda s: s.destination is not None))
    survivor.location = "Dalam Negeri"

    survivor = take(candidates((2023,)))
    survivor.show_birth = survivor.show_age = True
    survivor.typed["age"] = survivor.age + 10

    # Harmless quirks (must parse cleanly).
    for survivor in rng.sample(candidates((2019, 2020), lambda s: s.sex == "Perempuan"), 3):
        taken.add(survivor.survivor_id)
        survivor.typed["sex"] = "Perempuan\u00a0"
    survivor = take(candidates((2019,)))
    survivor.typed["survivor_id"] = survivor.survivor_id + " "


# --------------------------------------------------------------------------- activities


def _venue(rng: random.Random, district: str, villages: dict[str, list[str]]) -> str:
    if district == KECAMATAN_2018:
        return VENUE_2018
    if district == "Indramayu":
        return "Aula Dinas Sosial Kab. Indramayu"
    style = rng.randrange(3)
    if style == 0:
        return f"Aula Kecamatan {district}"
    if style == 1:
        return f"Balai Desa {rng.choice(villages[district])}"
    return f"Gedung PKK Kecamatan {district}"


def _funding(rng: random.Random) -> str:
    return _pick(rng, {"APBD Kabupaten": 55, "APBD Provinsi": 20, "APBN": 15, "Swasta/CSR": 10})


def _budget(rng: random.Random, low: int, high: int) -> int:
    return rng.randint(low * 2, high * 2) * 500_000


def _cohort_activities(survivors: list[_Survivor]) -> list[_Activity]:
    """The 2017 fruit-processing trainings (one per kecamatan) and the 2018 Cikedung training."""
    rng = _rng("cohort-activities")
    activities = []
    for number, (district, starts_on) in enumerate(zip(KECAMATAN_2017, _STARTS_2017)):
        activity = _Activity(
            "Pelatihan Keterampilan Olahan Buah bagi Korban Trafficking",
            "Pelatihan Keterampilan",
            _FRUIT_TOPICS[number % len(_FRUIT_TOPICS)],
            starts_on,
            starts_on + dt.timedelta(days=2),
            f"Aula Kecamatan {district}",
            district,
            "APBD Kabupaten",
            _budget(rng, 30, 40),
            cohort=2017,
        )
        members = [s for s in survivors if s.cohort == 2017 and s.district == district]
        activity.participants = [
            _Participation(s.survivor_id, "Selesai", activity.days, "Paket alat olahan buah", 750_000, 2017)
            for s in members
        ]
        activities.append(activity)

    activity = _Activity(
        NAME_2018,
        "Pelatihan Keterampilan",
        TOPIC_2018,
        STARTS_2018,
        ENDS_2018,
        VENUE_2018,
        KECAMATAN_2018,
        "APBD Kabupaten",
        60_000_000,
        cohort=2018,
    )
    # Staff typed these two dates as text, as in the news release.
    activity.typed["starts_on"] = "9 April 2018"
    activity.typed["budget"] = "Rp 60.000.000"
    activity.participants = [
        _Participation(s.survivor_id, "Selesai", 2, AID_2018, 1_500_000, 2018)
        for s in survivors
        if s.cohort == 2018
    ]
    activities.append(activity)
    return activities


def _support_participants(rng: random.Random, activity: _Activity, pool: list[_Survivor], size: int) -> None:
    for survivor in rng.sample(pool, min(size, len(pool))):
        activity.participants.append(_Participation(survivor.survivor_id, "Selesai", activity.days))


def _early_support(survivors: list[_Survivor], villages: dict[str, list[str]]) -> list[_Activity]:
    """Before 2019 only the cohorts were rehabilitated; other survivors got support that does not count."""
    rng = _rng("early-support")
    activities = []
    for starts_on, district in ((dt.date(2016, 11, 15), "Juntinyuat"), (dt.date(2018, 8, 14), "Indramayu")):
        activity = _Activity(
            "Pendampingan Psikososial Korban TPPO",
            "Pendampingan Psikososial",
            "Konseling kelompok",
            starts_on,
            starts_on,
            _venue(rng, district, villages),
            district,
            "APBD Kabupaten",
            _budget(rng, 5, 10),
        )
        first, last = starts_on - dt.timedelta(days=400), starts_on - dt.timedelta(days=10)
        pool = [
            s for s in survivors if s.cohort is None and not s.reserved and first <= s.identified_on <= last
        ]
        _support_participants(rng, activity, pool, rng.randint(6, 10))
        activities.append(activity)
    # Business capital for part of the 2017 cohort a year after their training.
    starts_on = dt.date(2018, 10, 23)
    activity = _Activity(
        "Bantuan Usaha Ekonomi Produktif",
        "Bantuan Usaha",
        "Modal usaha",
        starts_on,
        starts_on,
        "Aula Dinas Sosial Kab. Indramayu",
        "Indramayu",
        "APBD Provinsi",
        _budget(rng, 5, 8),
    )
    for survivor in rng.sample([s for s in survivors if s.cohort == 2017], 8):
        activity.participants.append(
            _Participation(survivor.survivor_id, "Selesai", 1, "Bantuan modal usaha", 3_000_000)
        )
    activities.append(activity)
    return activities


def _year_activities(
    year: int,
    survivors: list[_Survivor],
    villages: dict[str, list[str]],
    rehabilitated_on: dict[str, dt.date],
    capital_given: set[str],
) -> list[_Activity]:
    """One year's rehabilitation and support activities, with participants drawn from the backlog."""
    rng = _rng("kegiatan", year)
    total = _REHABILITATED.get(year, _REHABILITATED_LATER)
    count = 1 if total <= 12 else 2 if total <= 24 else 3
    sizes = [total // count + (1 if i < total % count else 0) for i in range(count)]
    months = range(8, 12) if year in (2020, 2021) else range(3, 12)
    activities: list[_Activity] = []
    for month, size in zip(sorted(rng.sample(months, count)), sizes):
        is_training = rng.random() < 0.7
        days = rng.randint(2, 5) if is_training else rng.randint(2, 3)
        starts_on = _monday_on_or_after(dt.date(year, month, rng.randint(1, 20)))
        starts_on += dt.timedelta(days=rng.randint(0, 5 - days))
        district = _pick(rng, _DISTRICT_WEIGHTS)
        if is_training:
            topic, aid, aid_value = rng.choice(_TRAININGS)
            name = f"Pelatihan Keterampilan {topic.split(' (')[0]} bagi Korban TPPO"
            kind = "Pelatihan Keterampilan"
        else:
            topic, aid, aid_value = rng.choice(_GUIDANCE_TOPICS), "", None
            name, kind = "Bimbingan Sosial Korban TPPO", "Bimbingan Sosial"
        activity = _Activity(
            name,
            kind,
            topic,
            starts_on,
            starts_on + dt.timedelta(days=days - 1),
            _venue(rng, district, villages),
            district,
            _funding(rng),
            _budget(rng, 20, 80),
            capacity_margin=rng.randint(0, 4),
        )
        nearby = {district, *rng.sample(list(kecamatan.NAMES), 2)}
        pool = [
            s
            for s in survivors
            if s.survivor_id not in rehabilitated_on
            and not s.reserved
            and s.identified_on <= starts_on - dt.timedelta(days=10)
        ]
        rng.shuffle(pool)
        # Survivors living near the venue first, then anyone still waiting.
        pool.sort(key=lambda s: s.district not in nearby)
        dropouts = rng.randint(0, 2)
        for position, survivor in enumerate(pool[: size + dropouts]):
            if position < size:
                attended = activity.days - (1 if activity.days >= 3 and rng.random() < 0.1 else 0)
                activity.participants.append(
                    _Participation(survivor.survivor_id, "Selesai", attended, aid, aid_value)
                )
                rehabilitated_on[survivor.survivor_id] = activity.ends_on
            else:
                activity.participants.append(
                    _Participation(survivor.survivor_id, "Tidak Selesai", rng.randint(0, activity.days - 1))
                )
        activities.append(activity)

    # Business capital for survivors trained at least a month earlier.
    starts_on = _monday_on_or_after(dt.date(year, rng.randint(5, 11), rng.randint(1, 20)))
    activity = _Activity(
        "Bantuan Usaha Ekonomi Produktif",
        "Bantuan Usaha",
        "Modal usaha",
        starts_on,
        starts_on,
        "Aula Dinas Sosial Kab. Indramayu",
        "Indramayu",
        _funding(rng),
        _budget(rng, 10, 30),
        capacity_margin=rng.randint(0, 3),
    )
    trained = [
        s
        for s, day in rehabilitated_on.items()
        if day <= starts_on - dt.timedelta(days=30) and s not in capital_given
    ]
    for survivor_id in rng.sample(sorted(trained), min(len(trained), rng.randint(5, 10))):
        capital_given.add(survivor_id)
        value = rng.randint(4, 10) * 500_000
        activity.participants.append(_Participation(survivor_id, "Selesai", 1, "Bantuan modal usaha", value))
    if year == 2021:
        activity.typed["budget"] = "Rp 25.OOO.OOO"
    activities.append(activity)

    # Psychosocial support and family reunification for recently identified survivors.
    for kind, name, chance, low, high in (
        ("Pendampingan Psikososial", "Pendampingan Psikososial Korban TPPO", 0.6, 5, 10),
        ("Reunifikasi Keluarga", "Reunifikasi Keluarga Korban TPPO", 0.3, 3, 6),
    ):
        if rng.random() >= chance:
            continue
        starts_on = _monday_on_or_after(dt.date(year, rng.randint(2, 11), rng.randint(1, 20)))
        district = _pick(rng, _DISTRICT_WEIGHTS)
        activity = _Activity(
            name,
            kind,
            "Konseling kelompok" if kind != "Reunifikasi Keluarga" else "",
            starts_on,
            starts_on,
            _venue(rng, district, villages),
            district,
            _funding(rng),
            _budget(rng, 3, 10),
            capacity_margin=rng.randint(0, 3),
        )
        first, last = starts_on - dt.timedelta(days=365), starts_on - dt.timedelta(days=10)
        pool = [
            s for s in survivors if s.cohort is None and not s.reserved and first <= s.identified_on <= last
        ]
        _support_participants(rng, activity, pool, rng.randint(low, high))
        activities.append(activity)

    if year == 2022:
        # Typed with the month wrong: ends before it starts. Nobody was entered for it yet.
        activity = _Activity(
            "Pendampingan Psikososial Korban TPPO",
            "Pendampingan Psikososial",
            "Konseling individu",
            dt.date(2022, 9, 14),
            dt.date(2022, 8, 16),
            "Aula Dinas Sosial Kab. Indramayu",
            "Indramayu",
            "APBD Kabupaten",
            7_500_000,
        )
        activities.append(activity)
    if year == 2023:
        first_training = min((a for a in activities if a.kind in _REHAB_KINDS), key=lambda a: a.starts_on)
        first_training.participants.append(_Participation("KPO-9999", "Selesai", first_training.days))
    return activities


def _activities(
    last_year: int, survivors: list[_Survivor], villages: dict[str, list[str]]
) -> list[_Activity]:
    """Every activity from 2016 to the end of `last_year`, numbered KEG-<year>-<nn> by start date."""
    activities = _cohort_activities(survivors) + _early_support(survivors, villages)
    rehabilitated_on = {p.survivor_id: a.ends_on for a in activities if a.cohort for p in a.participants}
    capital_given = {p.survivor_id for a in activities if a.kind == "Bantuan Usaha" for p in a.participants}
    for year in range(2019, last_year + 1):
        activities += _year_activities(year, survivors, villages, rehabilitated_on, capital_given)
    activities.sort(key=lambda a: a.starts_on)
    numbers: Counter[int] = Counter()
    for activity in activities:
        numbers[activity.starts_on.year] += 1
        activity.activity_id = f"KEG-{activity.starts_on.year}-{numbers[activity.starts_on.year]:02d}"
    assert next(a for a in activities if a.cohort == 2018).activity_id == ACTIVITY_2018
    return activities


def _as_of(activities: list[_Activity], today: dt.date) -> list[_Activity]:
    """Activities as the sheet holds them on `today`: later ones not entered, running ones not finished."""
    kept = []
    for activity in activities:
        if activity.starts_on > today:
            continue
        if activity.ends_on >= today:
            for participation in activity.participants:
                participation.status, participation.days = "Terdaftar", None
                participation.aid, participation.aid_value = "", None
        kept.append(activity)
    return kept


def _planned_activity(today: dt.date, known: list[_Survivor], activities: list[_Activity]) -> _Activity:
    """The one activity already entered for the coming weeks, its participants only registered."""
    rng = _rng("planned", today.isoformat())
    starts_on = _monday_on_or_after(today + dt.timedelta(days=35)) + dt.timedelta(days=1)
    activity = _Activity(
        "Pelatihan Keterampilan Menjahit bagi Korban TPPO",
        "Pelatihan Keterampilan",
        "Menjahit",
        starts_on,
        starts_on + dt.timedelta(days=2),
        "Aula Dinas Sosial Kab. Indramayu",
        "Indramayu",
        "APBD Kabupaten",
        45_000_000,
        capacity_margin=3,
    )
    year_ids = [a.activity_id for a in activities if a.starts_on.year == starts_on.year]
    number = 1 + max((int(i.rsplit("-", 1)[1]) for i in year_ids), default=0)
    activity.activity_id = f"KEG-{starts_on.year}-{number:02d}"
    done = _rehabilitation_dates(activities, today)
    busy = {p.survivor_id for a in activities if a.ends_on >= today for p in a.participants}
    pool = [s for s in known if not s.reserved and s.survivor_id not in done and s.survivor_id not in busy]
    for survivor in rng.sample(pool, min(12, len(pool))):
        activity.participants.append(_Participation(survivor.survivor_id, "Terdaftar"))
    return activity


def _rehabilitation_dates(activities: list[_Activity], today: dt.date) -> dict[str, dt.date]:
    """Survivor ID -> end of the first completed Bimbingan Sosial / Pelatihan Keterampilan."""
    out: dict[str, dt.date] = {}
    for activity in activities:
        if activity.kind not in _REHAB_KINDS or activity.ends_on > today:
            continue
        for participation in activity.participants:
            if participation.status == "Selesai" and participation.survivor_id != "KPO-9999":
                sid = participation.survivor_id
                out[sid] = min(out.get(sid, activity.ends_on), activity.ends_on)
    return out


# --------------------------------------------------------------------------- follow-up visits


def _visits(rehabilitated: dict[str, dt.date], today: dt.date) -> list[_Visit]:
    """Visits near 3, 6 and 12 months after rehabilitation; some missed, recent ones often not yet made."""
    visits = []
    for sid, rehabilitated_on in rehabilitated.items():
        rng = _rng("business", sid)
        officer = rng.choice(_OFFICERS)
        state = None
        early = rehabilitated_on.year <= 2018  # follow-up was patchy in the first years
        for months in (3, 6, 12):
            checkpoint = _add_months(rehabilitated_on, months)
            draw = _rng("visit", sid, months)
            missed, jitter = draw.random(), draw.randint(-18, 18)
            visited_on = checkpoint + dt.timedelta(days=jitter)
            recent = checkpoint >= today - dt.timedelta(days=200)
            if missed < (0.5 if recent else 0.35 if early else 0.12) or visited_on > today:
                continue
            state = _next_business(rng, state)
            income = None
            if state == "Berjalan":
                income = rng.randint(6, 50) * 50_000
            elif rng.random() < 0.5:
                income = 0
            with_family = None if rng.random() < 0.05 else "Ya" if rng.random() < 0.85 else "Tidak"
            notes = rng.choice(_VISIT_NOTES) if rng.random() < 0.15 else ""
            visits.append(_Visit(sid, visited_on, state, income, with_family, officer, notes))
    visits.sort(key=lambda v: (v.visited_on, v.survivor_id))
    return visits


def _next_business(rng: random.Random, state: str | None) -> str:
    if state is None:
        return _pick(rng, {"Berjalan": 55, "Belum Mulai": 30, "Berhenti": 15})
    if state == "Berjalan":
        return _pick(rng, {"Berjalan": 80, "Berhenti": 20})
    if state == "Belum Mulai":
        return _pick(rng, {"Berjalan": 50, "Belum Mulai": 30, "Berhenti": 20})
    return _pick(rng, {"Berhenti": 75, "Berjalan": 25})


# --------------------------------------------------------------------------- rows


def _korban_row(s: _Survivor) -> list[Cell]:
    rng = _rng("korban-cells", s.survivor_id)
    plain = s.cohort is not None  # the anchor cohorts carry canonical spellings only
    cells: dict[str, Cell] = {
        "survivor_id": s.survivor_id,
        "identified_on": _date_cell(s.identified_on, rng, 0.08),
        "sex": s.sex if plain or rng.random() >= 0.04 else s.sex[0],
        "birth_date": _date_cell(s.birth_date, rng, 0.1) if s.show_birth else None,
        "age": s.age if s.show_age else None,
        "district": s.district,
        "village": s.village,
        "referral_source": s.referral,
        "exploitation": s.exploitation,
        "exploited_abroad": s.location,
        "destination": s.destination,
        "notes": s.notes,
    }
    if not plain:
        spelling = rng.random()
        if spelling < 0.03:
            cells["district"] = f"Kec. {s.district}"
        elif spelling < 0.04:
            cells["district"] = kecamatan.CODE_BY_NAME[s.district]
        if s.referral in _REFERRAL_SPELLINGS and rng.random() < 0.15:
            cells["referral_source"] = rng.choice(_REFERRAL_SPELLINGS[s.referral])
        if s.exploitation == "Pekerja Rumah Tangga Paksa" and rng.random() < 0.15:
            cells["exploitation"] = "PRT Paksa"
        if s.location == "Luar Negeri" and rng.random() < 0.03:
            cells["exploited_abroad"] = "LN"
    cells.update(s.typed)
    return _row(schema.KORBAN, cells)


def _kegiatan_row(a: _Activity) -> list[Cell]:
    rng = _rng("kegiatan-cells", a.activity_id)
    capacity = len(a.participants) + a.capacity_margin
    if a.cohort:
        capacity = len(a.participants)
    cells: dict[str, Cell] = {
        "activity_id": a.activity_id,
        "name": a.name,
        "kind": a.kind,
        "topic": a.topic,
        "starts_on": _date_cell(a.starts_on, rng, 0.1),
        "ends_on": _date_cell(a.ends_on, rng, 0.1),
        "venue": a.venue,
        "district": a.district,
        "funding": a.funding,
        "budget": _money_cell(a.budget, rng, 0.4),
        "capacity": capacity or None,
    }
    if not a.cohort:
        if a.kind == "Bimbingan Sosial" and rng.random() < 0.3:
            cells["kind"] = "Bimsos"
        if a.funding == "APBD Kabupaten" and rng.random() < 0.15:
            cells["funding"] = "APBD Kab"
        elif a.funding == "Swasta/CSR" and rng.random() < 0.3:
            cells["funding"] = "CSR"
    cells.update(a.typed)
    return _row(schema.KEGIATAN, cells)


def _peserta_rows(activities: list[_Activity]) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for activity in activities:
        # Someone left an empty line when starting the 2021 activities.
        if activity.activity_id == "KEG-2021-01":
            rows.append([])
        for p in activity.participants:
            rng = _rng("peserta-cells", activity.activity_id, p.survivor_id)
            status = p.status
            if p.cohort is None and status == "Selesai" and rng.random() < 0.04:
                status = "Lulus"
            rows.append(
                _row(
                    schema.PESERTA,
                    {
                        "activity_id": activity.activity_id,
                        "survivor_id": p.survivor_id,
                        "status": status,
                        "days_attended": p.days,
                        "aid": p.aid,
                        "aid_value": _money_cell(p.aid_value, rng, 0.25),
                    },
                )
            )
    return rows


def _pemantauan_row(v: _Visit) -> list[Cell]:
    rng = _rng("pemantauan-cells", v.survivor_id, v.visited_on.isoformat())
    with_family = v.with_family
    if with_family and rng.random() < 0.08:
        with_family = rng.choice((with_family[0], with_family.lower()))
    return _row(
        schema.PEMANTAUAN,
        {
            "survivor_id": v.survivor_id,
            "visited_on": _date_cell(v.visited_on, rng, 0.08),
            "business_status": v.business,
            "monthly_income": _money_cell(v.income, rng, 0.35) if v.income else v.income,
            "with_family": with_family,
            "officer": v.officer,
            "notes": v.notes,
        },
    )


_TARGETS = {2017: 70, 2018: 20, 2019: 30, 2020: 40, 2021: 20, 2022: 30, 2023: 35, 2024: 40, 2025: 40}


def _target_rows(survivors: list[_Survivor], today: dt.date) -> list[list[Cell]]:
    """One row per year from 2017 to two years ahead; reported counts only for years begun."""
    identified = Counter(s.identified_on.year for s in survivors)
    rows = []
    for year in range(2017, today.year + 3):
        rng = _rng("target", year)
        target = _TARGETS.get(year, min(60, 45 + 5 * (year - 2026)))
        reported = round(identified[year] * rng.uniform(1.4, 2.2)) if year <= today.year else None
        budget = {2017: 350_000_000, 2018: 120_000_000}.get(year) or rng.randint(16, 40) * 10_000_000
        rows.append(
            _row(
                schema.TARGET,
                {
                    "year": year,
                    "target": target,
                    "reported_known": reported,
                    "budget": _money_cell(budget, rng, 0.4),
                },
            )
        )
    return rows
