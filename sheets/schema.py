"""The spreadsheet contract (CONTRACT.md v1), declared once.

Every other part of the project reads this module: header matching, parsing,
validation, the demo generator, the setup command, UI labels and the README's
column reference. Change the contract here and nowhere else.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from sheets import kecamatan

Kind = Literal["text", "id", "date", "category", "whole", "money", "yesno"]
# How the developer docs (`sheets.docs`) name each kind.
KIND_LABELS: dict[str, str] = {
    "text": "text",
    "id": "text (ID)",
    "date": "date",
    "category": "category",
    "whole": "whole number",
    "money": "money (Rp)",
    "yesno": "yes/no",
}
# The rule a cell breaks when it is not a value of its column's kind (text is never one); a kind's
# parser is `sheets.validate.PARSERS`, its workbook format `sheets.workbook.NUMBER_FORMATS`
# (tests/sheets/test_schema_kinds.py fails when a kind lacks one of them).
KIND_INVALID: dict[str, str | None] = {
    "text": None,
    "id": None,
    "date": "invalid-date",
    "category": "unknown-category",
    "whole": "invalid-number",
    "money": "invalid-money",
    "yesno": "invalid-yes-no",
}
YES_NO = ("Ya", "Tidak")  # what a yes/no dropdown offers (every spelling in `parse` is read)
# The chart colours a category value may keep in every chart, by name: Okabe & Ito's palette
# (safe for colour-blind readers) plus a grey for "other"; `ui.figures` holds their values.
Colour = Literal["black", "orange", "sky", "green", "yellow", "blue", "vermillion", "purple", "other"]

MAIN = "main"
IDENTITY = "identity"


# Every Unicode format character (category Cf, Unicode 14): soft hyphens, word joiners,
# zero-width spaces and joiners, left-to-right marks, byte-order marks. They paste in from
# Word, PDFs and chat apps: invisible, yet they make `KPO-0001` and `KPO\u2060-0001` two
# IDs. Literal ranges work in Python's `re` and in Arrow's RE2 alike; a test checks the
# class against `unicodedata`.
INVISIBLE = (
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
_INVISIBLE = re.compile(INVISIBLE)


def visible(text: str) -> str:
    """`text` NFKC-normalised (full-width letters, ligatures) with every invisible format character removed."""
    return unicodedata.normalize("NFKC", _INVISIBLE.sub("", text))


def normalise(text: object) -> str:
    """Lower-case `text`, fold Unicode, and reduce punctuation and runs of spaces to one space.

    Used for headers and category values, so `No. KTP`, ` no  ktp ` and `NO_KTP`
    all become `no ktp`; invisible format characters are dropped first.
    """
    folded = visible(str(text)).casefold()
    return re.sub(r"[\W_]+", " ", folded).strip()


def tab_key(title: object) -> str:
    """A tab title as the contract matches it: case, punctuation and every space ignored (`Kor ban` = `Korban`)."""
    return normalise(title).replace(" ", "")


@dataclass(frozen=True)
class Column:
    """One column of a tab: its header, how to read it, and what it may hold."""

    key: str
    header: str
    kind: Kind
    label_en: str
    help_id: str
    help_en: str
    required: bool = False
    unique: bool = False
    aliases: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()
    # alias -> canonical value, for categories (matched after `normalise`)
    value_aliases: tuple[tuple[str, str], ...] = ()
    suggestions: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    not_future: bool = False
    # Private: names or locates a person, or is free text that may (a name typed in it). Never in a
    # public view or export; the leakage test (tests/ui/test_leakage.py) searches them all.
    pii: bool = False
    # references another tab's key column: (tab name, column key)
    references: tuple[str, str] | None = None
    # category value -> the colour it keeps in every chart (values without one get one by their place)
    colours: tuple[tuple[str, Colour], ...] = ()
    example: str = ""

    def choices(self) -> tuple[str, ...]:
        """What a dropdown offers in this column (a template's, a set-up sheet's): a category's allowed
        values, Ya/Tidak for yes/no, nothing for the other kinds."""
        if self.kind == "category":
            return self.allowed
        return YES_NO if self.kind == "yesno" else ()

    def header_keys(self) -> frozenset[str]:
        """Every normalised header text that names this column."""
        return frozenset(normalise(h) for h in (self.header, self.key, *self.aliases))

    def category_lookup(self) -> dict[str, str]:
        """Normalised spelling -> canonical value, for category columns."""
        lookup = {normalise(v): v for v in self.allowed}
        lookup.update({normalise(a): v for a, v in self.value_aliases})
        return lookup

    def label(self, lang: str) -> str:
        """The header in Indonesian (as in the sheet) or its English label."""
        return self.header if lang == "id" else self.label_en


def value_label_key(value: str) -> str:
    """The catalog id of a category value's name in the reader's language (`sheets.messages`).

    The contract's values are Indonesian: the Indonesian catalog gives each value itself.
    """
    return f"category.{value}"


def value_colours() -> dict[str, Colour]:
    """Every category value with a colour of its own (`Column.colours`) -> that colour."""
    return {
        value: colour for tab in TABS.values() for column in tab.columns for value, colour in column.colours
    }


@dataclass(frozen=True)
class Tab:
    """One tab of a spreadsheet: its columns, key and the spreadsheet it lives in."""

    name: str
    label_en: str
    help_id: str
    help_en: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    spreadsheet: str = MAIN
    _by_key: dict[str, Column] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_key.update({c.key: c for c in self.columns})

    def column(self, key: str) -> Column:
        return self._by_key[key]

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    @property
    def referenced_tabs(self) -> tuple[str, ...]:
        """The tabs this tab's columns reference (`Column.references`), each once, in column order."""
        return tuple(dict.fromkeys(c.references[0] for c in self.columns if c.references is not None))


def check_order(tabs: tuple[Tab, ...]) -> tuple[Tab, ...]:
    """`tabs` so that each comes after the tabs it references (otherwise in declaration order).

    Validation checks them in this order: a tab's references and rules read the tabs
    they reference, already checked. A reference outside `tabs` is no constraint.
    """
    names = {t.name for t in tabs}
    done: list[Tab] = []
    waiting = list(tabs)
    while waiting:
        ready = next(
            (
                t
                for t in waiting
                if all(r in {d.name for d in done} or r not in names for r in t.referenced_tabs)
            ),
            None,
        )
        if ready is None:
            raise ValueError(f"tabs reference each other in a circle: {[t.name for t in waiting]}")
        done.append(ready)
        waiting.remove(ready)
    return tuple(done)


# --------------------------------------------------------------------------- values

SEX = ("Perempuan", "Laki-laki")
SEX_ALIASES = (
    ("P", "Perempuan"),
    ("Wanita", "Perempuan"),
    ("F", "Perempuan"),
    ("Female", "Perempuan"),
    ("Cewek", "Perempuan"),
    ("L", "Laki-laki"),
    ("Pria", "Laki-laki"),
    ("M", "Laki-laki"),
    ("Male", "Laki-laki"),
    ("Laki laki", "Laki-laki"),
    ("Lakilaki", "Laki-laki"),
)
SEX_COLOURS: tuple[tuple[str, Colour], ...] = (("Perempuan", "purple"), ("Laki-laki", "blue"))
REFERRAL = (
    "Kepolisian",
    "BP3MI/BP2MI",
    "UPTD PPA/P2TP2A",
    "Kementerian/KBRI",
    "LSM",
    "Keluarga/Masyarakat",
    "Datang Sendiri",
    "Lainnya",
)
REFERRAL_ALIASES = (
    ("Polisi", "Kepolisian"),
    ("Polres", "Kepolisian"),
    ("Polri", "Kepolisian"),
    ("BP3MI", "BP3MI/BP2MI"),
    ("BP2MI", "BP3MI/BP2MI"),
    ("UPTD PPA", "UPTD PPA/P2TP2A"),
    ("P2TP2A", "UPTD PPA/P2TP2A"),
    ("KBRI", "Kementerian/KBRI"),
    ("Kementerian", "Kementerian/KBRI"),
    ("Kemlu", "Kementerian/KBRI"),
    ("Kemensos", "Kementerian/KBRI"),
    ("NGO", "LSM"),
    ("Keluarga", "Keluarga/Masyarakat"),
    ("Masyarakat", "Keluarga/Masyarakat"),
    ("Sendiri", "Datang Sendiri"),
    ("Lain-lain", "Lainnya"),
    ("Lain", "Lainnya"),
)
EXPLOITATION = (
    "Kerja Paksa",
    "Eksploitasi Seksual",
    "Pekerja Rumah Tangga Paksa",
    "Perkawinan Paksa",
    "Pekerja Anak",
    "Lainnya",
    "Tidak Diketahui",
)
EXPLOITATION_ALIASES = (
    ("PRT Paksa", "Pekerja Rumah Tangga Paksa"),
    ("PRT", "Pekerja Rumah Tangga Paksa"),
    ("Kawin Paksa", "Perkawinan Paksa"),
    ("Eksploitasi Seks", "Eksploitasi Seksual"),
    ("Lain-lain", "Lainnya"),
    ("Tidak Tahu", "Tidak Diketahui"),
    ("-", "Tidak Diketahui"),
)
LOCATION = ("Dalam Negeri", "Luar Negeri")
LOCATION_ALIASES = (("DN", "Dalam Negeri"), ("LN", "Luar Negeri"), ("Domestik", "Dalam Negeri"))
LOCATION_COLOURS: tuple[tuple[str, Colour], ...] = (("Dalam Negeri", "green"), ("Luar Negeri", "orange"))
DESTINATIONS = (
    "Arab Saudi",
    "Malaysia",
    "Taiwan",
    "Hong Kong",
    "Singapura",
    "Uni Emirat Arab",
    "Kamboja",
    "Brunei",
    "Korea Selatan",
    "Qatar",
    "Kuwait",
    "Oman",
    "Yordania",
)
ACTIVITY_KINDS = (
    "Bimbingan Sosial",
    "Pelatihan Keterampilan",
    "Bantuan Usaha",
    "Pendampingan Psikososial",
    "Reunifikasi Keluarga",
    "Lainnya",
)
ACTIVITY_ALIASES = (
    ("Bimsos", "Bimbingan Sosial"),
    ("Pelatihan", "Pelatihan Keterampilan"),
    ("UEP", "Bantuan Usaha"),
    ("Pendampingan", "Pendampingan Psikososial"),
    ("Reunifikasi", "Reunifikasi Keluarga"),
    ("Lain-lain", "Lainnya"),
)
ACTIVITY_COLOURS: tuple[tuple[str, Colour], ...] = (
    ("Bimbingan Sosial", "blue"),
    ("Pelatihan Keterampilan", "green"),
    ("Bantuan Usaha", "orange"),
    ("Pendampingan Psikososial", "purple"),
    ("Reunifikasi Keluarga", "sky"),
    ("Lainnya", "other"),
)
# Kinds whose completion counts as rehabilitation (CONTRACT.md, Definitions).
REHABILITATING_KINDS = ("Bimbingan Sosial", "Pelatihan Keterampilan")
FUNDING = ("APBD Kabupaten", "APBD Provinsi", "APBN", "Swasta/CSR", "Lainnya")
FUNDING_ALIASES = (
    ("APBD Kab", "APBD Kabupaten"),
    ("APBD II", "APBD Kabupaten"),
    ("APBD Prov", "APBD Provinsi"),
    ("APBD I", "APBD Provinsi"),
    ("CSR", "Swasta/CSR"),
    ("Swasta", "Swasta/CSR"),
    ("Lain-lain", "Lainnya"),
)
STATUS = ("Terdaftar", "Selesai", "Tidak Selesai")
STATUS_ALIASES = (
    ("Lulus", "Selesai"),
    ("Daftar", "Terdaftar"),
    ("Batal", "Tidak Selesai"),
    ("Drop Out", "Tidak Selesai"),
    ("DO", "Tidak Selesai"),
)
BUSINESS = ("Berjalan", "Berhenti", "Belum Mulai")
BUSINESS_ALIASES = (
    ("Jalan", "Berjalan"),
    ("Aktif", "Berjalan"),
    ("Tutup", "Berhenti"),
    ("Belum", "Belum Mulai"),
)
BUSINESS_COLOURS: tuple[tuple[str, Colour], ...] = (
    ("Berjalan", "green"),
    ("Berhenti", "vermillion"),
    ("Belum Mulai", "orange"),
)


SHIPPED_DISTRICTS: tuple[tuple[str, str], ...] = tuple((code, name) for code, name, _ in kecamatan.KECAMATAN)


def _kecamatan_aliases(
    districts: Sequence[tuple[str, str]] = SHIPPED_DISTRICTS,
) -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = []
    for code, name in districts:
        pairs += [(code, name), (code.replace(".", ""), name)]
    return tuple(pairs)


_KEC_HELP_ID = "Nama kecamatan (31 kecamatan di Indramayu) atau kodenya 32.12.xx; awalan 'Kec.' boleh."
_KEC_HELP_EN = "Kecamatan name (31 in Indramayu) or its code 32.12.xx; a 'Kec.' prefix is fine."


def _district(help_id: str = _KEC_HELP_ID, help_en: str = _KEC_HELP_EN) -> Column:
    return Column(
        "district",
        "Kecamatan",
        "category",
        "Kecamatan (district)",
        help_id,
        help_en,
        required=True,
        aliases=("Kec", "Kec.", "Kecamatan Asal", "Nama Kecamatan"),
        allowed=kecamatan.NAMES,
        value_aliases=_kecamatan_aliases(),
        example="Cikedung",
    )


def _survivor_id(help_id: str, help_en: str, *, references: bool = True, unique: bool = False) -> Column:
    """The survivor's ID: the key of Korban, a reference to it everywhere else (one header, one set of aliases)."""
    return Column(
        "survivor_id",
        "ID Korban",
        "id",
        "Survivor ID",
        help_id,
        help_en,
        required=True,
        unique=unique,
        aliases=("ID", "Kode Korban", "No ID Korban", "ID Penerima Manfaat"),
        pii=True,
        references=("Korban", "survivor_id") if references else None,
        example="KPO-0001",
    )


def _activity_id(help_id: str, help_en: str, *, references: bool = True, unique: bool = False) -> Column:
    """The activity's ID: the key of Kegiatan, a reference to it in Peserta."""
    return Column(
        "activity_id",
        "ID Kegiatan",
        "id",
        "Activity ID",
        help_id,
        help_en,
        required=True,
        unique=unique,
        aliases=("Kode Kegiatan", "No Kegiatan"),
        references=("Kegiatan", "activity_id") if references else None,
        example="KEG-2018-01",
    )


def _notes(help_id: str, help_en: str) -> Column:
    """Staff notes, in every tab that has them."""
    return Column(
        "notes",
        "Catatan",
        "text",
        "Notes",
        help_id,
        help_en,
        pii=True,
        aliases=("Keterangan", "Ket", "Ket."),
        example="",
    )


# --------------------------------------------------------------------------- tabs

KORBAN = Tab(
    "Korban",
    "Survivors",
    "Satu baris per korban yang diketahui (tanpa nama: hanya ID Korban).",
    "One row per known survivor (pseudonymised: an ID, never a name).",
    key=("survivor_id",),
    columns=(
        _survivor_id(
            "Kode unik korban, mis. KPO-0001. Jangan pernah menulis nama di sini.",
            "A unique code such as KPO-0001. Never write a name here.",
            references=False,
            unique=True,
        ),
        Column(
            "identified_on",
            "Tanggal Identifikasi",
            "date",
            "Date identified",
            "Tanggal korban pertama kali diidentifikasi/dirujuk. Tidak boleh di masa depan.",
            "The date the survivor was first identified or referred. Not in the future.",
            required=True,
            not_future=True,
            aliases=(
                "Tgl Identifikasi",
                "Tanggal Identifikasi Korban",
                "Tanggal Rujukan",
                "Tgl. Identifikasi",
            ),
            example="09/04/2018",
        ),
        Column(
            "sex",
            "Jenis Kelamin",
            "category",
            "Sex",
            "Perempuan atau Laki-laki (P/L juga boleh).",
            "Perempuan (female) or Laki-laki (male); P/L also work.",
            required=True,
            aliases=("JK", "L/P", "P/L", "Kelamin", "Gender"),
            allowed=SEX,
            value_aliases=SEX_ALIASES,
            colours=SEX_COLOURS,
            example="Perempuan",
        ),
        Column(
            "birth_date",
            "Tanggal Lahir",
            "date",
            "Date of birth",
            "Tanggal lahir, bila diketahui. Usia saat identifikasi harus 0-100 tahun.",
            "Date of birth if known. Age at identification must be 0-100.",
            not_future=True,
            pii=True,
            aliases=("Tgl Lahir", "Tgl. Lahir", "TTL"),
            example="17/08/1995",
        ),
        Column(
            "age",
            "Usia",
            "whole",
            "Age",
            "Usia (tahun) saat identifikasi, bila tanggal lahir tidak diketahui.",
            "Age in years at identification, when the birth date is unknown.",
            min=0,
            max=100,
            aliases=("Umur", "Usia (tahun)", "Umur (th)", "Usia Saat Identifikasi"),
            example="23",
        ),
        _district(),
        Column(
            "village",
            "Desa/Kelurahan",
            "text",
            "Village",
            "Desa atau kelurahan tempat tinggal. Tidak pernah ditampilkan ke publik.",
            "Home village. Never shown to the public.",
            pii=True,
            aliases=("Desa", "Kelurahan", "Desa Kelurahan", "Desa/Kel"),
            example="Mundakjaya",
        ),
        Column(
            "referral_source",
            "Sumber Rujukan",
            "category",
            "Referral source",
            "Siapa yang merujuk korban ke Dinas Sosial.",
            "Who referred the survivor to the office.",
            aliases=("Rujukan", "Dirujuk Oleh", "Sumber"),
            allowed=REFERRAL,
            value_aliases=REFERRAL_ALIASES,
            example="BP3MI/BP2MI",
        ),
        Column(
            "exploitation",
            "Jenis Eksploitasi",
            "category",
            "Type of exploitation",
            "Bentuk eksploitasi yang dialami.",
            "The form of exploitation suffered.",
            aliases=("Eksploitasi", "Bentuk Eksploitasi", "Jenis TPPO"),
            allowed=EXPLOITATION,
            value_aliases=EXPLOITATION_ALIASES,
            example="Kerja Paksa",
        ),
        Column(
            "exploited_abroad",
            "Lokasi Eksploitasi",
            "category",
            "Where exploited",
            "Dalam Negeri atau Luar Negeri.",
            "Inside Indonesia (Dalam Negeri) or abroad (Luar Negeri).",
            aliases=("Lokasi", "DN/LN"),
            allowed=LOCATION,
            value_aliases=LOCATION_ALIASES,
            colours=LOCATION_COLOURS,
            example="Luar Negeri",
        ),
        Column(
            "destination",
            "Negara Tujuan",
            "text",
            "Destination country",
            "Negara tempat korban dieksploitasi (hanya untuk Luar Negeri).",
            "Country where the survivor was exploited (abroad only).",
            aliases=("Negara", "Negara Penempatan", "Tujuan"),
            suggestions=DESTINATIONS,
            pii=True,
            example="Malaysia",
        ),
        _notes(
            "Catatan staf. Hanya untuk staf, tidak pernah diekspor ke publik.",
            "Staff notes. Staff only, never exported publicly.",
        ),
    ),
)

KEGIATAN = Tab(
    "Kegiatan",
    "Activities",
    "Satu baris per kegiatan rehabilitasi.",
    "One row per rehabilitation activity.",
    key=("activity_id",),
    columns=(
        _activity_id(
            "Kode unik kegiatan, mis. KEG-2018-01.",
            "A unique code such as KEG-2018-01.",
            references=False,
            unique=True,
        ),
        Column(
            "name",
            "Nama Kegiatan",
            "text",
            "Activity name",
            "Nama kegiatan.",
            "The activity's name.",
            required=True,
            pii=True,
            aliases=("Kegiatan", "Judul Kegiatan"),
            example="Bimbingan Sosial dan Pelatihan UEP",
        ),
        Column(
            "kind",
            "Jenis Kegiatan",
            "category",
            "Kind of activity",
            "Bimbingan Sosial dan Pelatihan Keterampilan dihitung sebagai rehabilitasi.",
            "Social guidance and skills training count as rehabilitation.",
            required=True,
            aliases=("Jenis", "Tipe Kegiatan"),
            allowed=ACTIVITY_KINDS,
            colours=ACTIVITY_COLOURS,
            value_aliases=ACTIVITY_ALIASES,
            example="Pelatihan Keterampilan",
        ),
        Column(
            "topic",
            "Materi",
            "text",
            "Topic",
            "Materi pelatihan.",
            "What was taught.",
            pii=True,
            aliases=("Materi Pelatihan", "Keterampilan"),
            example="Olahan kue kering",
        ),
        Column(
            "starts_on",
            "Tanggal Mulai",
            "date",
            "Start date",
            "Hari pertama kegiatan (boleh di masa depan untuk kegiatan yang direncanakan).",
            "First day (may be in the future for planned activities).",
            required=True,
            aliases=("Tgl Mulai", "Mulai", "Tanggal Awal"),
            example="09/04/2018",
        ),
        Column(
            "ends_on",
            "Tanggal Selesai",
            "date",
            "End date",
            "Hari terakhir kegiatan; tidak boleh sebelum Tanggal Mulai.",
            "Last day; not before the start date.",
            required=True,
            aliases=("Tgl Selesai", "Selesai", "Tanggal Akhir"),
            example="10/04/2018",
        ),
        Column(
            "venue",
            "Tempat",
            "text",
            "Venue",
            "Tempat kegiatan.",
            "Where it took place.",
            pii=True,
            aliases=("Lokasi Kegiatan", "Tempat Kegiatan"),
            example="RSBM Tunas Mandiri, Desa Mundakjaya",
        ),
        _district("Kecamatan tempat kegiatan.", "Kecamatan where the activity took place."),
        Column(
            "funding",
            "Sumber Dana",
            "category",
            "Funding source",
            "Sumber anggaran kegiatan.",
            "Where the budget came from.",
            aliases=("Dana", "Sumber Anggaran"),
            allowed=FUNDING,
            value_aliases=FUNDING_ALIASES,
            example="APBD Kabupaten",
        ),
        Column(
            "budget",
            "Anggaran (Rp)",
            "money",
            "Budget (Rp)",
            "Anggaran kegiatan dalam rupiah, mis. 'Rp 25.000.000' atau '25 juta'.",
            "Budget in rupiah, e.g. 'Rp 25.000.000' or '25 juta'.",
            min=0,
            aliases=("Anggaran", "Biaya", "Biaya (Rp)", "Anggaran Rp"),
            example="Rp 25.000.000",
        ),
        Column(
            "capacity",
            "Kuota",
            "whole",
            "Capacity",
            "Jumlah peserta yang direncanakan.",
            "Planned number of participants.",
            min=0,
            aliases=("Kuota Peserta", "Jumlah Kuota", "Target Peserta"),
            example="20",
        ),
    ),
)

PESERTA = Tab(
    "Peserta",
    "Participants",
    "Satu baris per korban per kegiatan.",
    "One row per survivor per activity.",
    key=("activity_id", "survivor_id"),
    columns=(
        _activity_id("Harus ada di tab Kegiatan.", "Must exist in the Kegiatan tab."),
        _survivor_id("Harus ada di tab Korban.", "Must exist in the Korban tab."),
        Column(
            "status",
            "Status",
            "category",
            "Status",
            "Terdaftar, Selesai atau Tidak Selesai.",
            "Registered, completed or not completed.",
            required=True,
            aliases=("Status Peserta", "Keterangan Status"),
            allowed=STATUS,
            value_aliases=STATUS_ALIASES,
            example="Selesai",
        ),
        Column(
            "days_attended",
            "Hari Hadir",
            "whole",
            "Days attended",
            "Jumlah hari hadir, paling banyak lama kegiatan.",
            "Days present, at most the activity's length.",
            min=0,
            aliases=("Jumlah Hadir", "Kehadiran", "Hadir (hari)"),
            example="2",
        ),
        Column(
            "aid",
            "Bantuan Diterima",
            "text",
            "Aid received",
            "Bantuan yang diterima, mis. 'Paket peralatan kue'.",
            "Aid given, e.g. a starter kit.",
            pii=True,
            aliases=("Bantuan", "Jenis Bantuan"),
            example="Paket peralatan kue",
        ),
        Column(
            "aid_value",
            "Nilai Bantuan (Rp)",
            "money",
            "Aid value (Rp)",
            "Nilai bantuan dalam rupiah.",
            "Value of the aid in rupiah.",
            min=0,
            aliases=("Nilai Bantuan", "Nilai Bantuan Rp"),
            example="1.500.000",
        ),
    ),
)

PEMANTAUAN = Tab(
    "Pemantauan",
    "Follow-up visits",
    "Kunjungan pemantauan setelah rehabilitasi (3, 6 dan 12 bulan).",
    "Follow-up visits after rehabilitation (3, 6 and 12 months).",
    columns=(
        _survivor_id("Harus ada di tab Korban.", "Must exist in the Korban tab."),
        Column(
            "visited_on",
            "Tanggal Pemantauan",
            "date",
            "Visit date",
            "Tanggal kunjungan; tidak boleh di masa depan.",
            "Date of the visit; not in the future.",
            required=True,
            not_future=True,
            aliases=("Tgl Pemantauan", "Tanggal Kunjungan", "Tgl Kunjungan"),
            example="10/07/2018",
        ),
        Column(
            "business_status",
            "Status Usaha",
            "category",
            "Business status",
            "Berjalan, Berhenti atau Belum Mulai.",
            "Running, stopped or not started.",
            required=True,
            aliases=("Usaha", "Kondisi Usaha"),
            allowed=BUSINESS,
            colours=BUSINESS_COLOURS,
            value_aliases=BUSINESS_ALIASES,
            example="Berjalan",
        ),
        Column(
            "monthly_income",
            "Pendapatan per Bulan (Rp)",
            "money",
            "Monthly income (Rp)",
            "Pendapatan usaha per bulan dalam rupiah, mis. '750 ribu'.",
            "Monthly income in rupiah, e.g. '750 ribu'.",
            min=0,
            aliases=("Pendapatan", "Pendapatan per Bulan", "Penghasilan", "Pendapatan/Bulan"),
            example="750 ribu",
        ),
        Column(
            "with_family",
            "Tinggal Bersama Keluarga",
            "yesno",
            "Living with family",
            "Ya atau Tidak.",
            "Yes (Ya) or no (Tidak).",
            aliases=("Bersama Keluarga", "Tinggal dengan Keluarga"),
            example="Ya",
        ),
        Column(
            "officer",
            "Petugas",
            "text",
            "Officer",
            "Nama petugas yang berkunjung.",
            "The visiting officer.",
            pii=True,
            aliases=("Nama Petugas", "Pendamping"),
            example="Petugas A",
        ),
        _notes("Catatan staf. Hanya untuk staf.", "Staff notes. Staff only."),
    ),
    key=("survivor_id", "visited_on"),  # one visit: a survivor on a day (the history's record key)
)

TARGET = Tab(
    "Target",
    "Targets",
    "Satu baris per tahun: target rehabilitasi dan anggaran.",
    "One row per year: rehabilitation target and budget.",
    key=("year",),
    columns=(
        Column(
            "year",
            "Tahun",
            "whole",
            "Year",
            "Tahun anggaran, mis. 2018.",
            "The year, e.g. 2018.",
            required=True,
            unique=True,
            min=2000,
            max=2100,
            aliases=("Tahun Anggaran", "Th"),
            example="2018",
        ),
        Column(
            "target",
            "Target Rehabilitasi",
            "whole",
            "Rehabilitation target",
            "Jumlah korban yang ditargetkan direhabilitasi tahun itu.",
            "Number of survivors to rehabilitate that year.",
            required=True,
            min=0,
            aliases=("Target", "Target Korban"),
            example="20",
        ),
        Column(
            "reported_known",
            "Korban Terlapor",
            "whole",
            "Survivors reported",
            "Korban yang diketahui dari sumber resmi lain tahun itu.",
            "Survivors known from other official sources that year.",
            min=0,
            aliases=("Jumlah Korban Terlapor", "Terlapor"),
            example="45",
        ),
        Column(
            "budget",
            "Anggaran (Rp)",
            "money",
            "Budget (Rp)",
            "Anggaran tahun itu.",
            "That year's budget.",
            min=0,
            aliases=("Anggaran", "Pagu", "Pagu Anggaran"),
            example="Rp 150.000.000",
        ),
    ),
)

IDENTITAS = Tab(
    "Identitas",
    "Identity",
    "Spreadsheet terbatas: nama dan NIK. Hanya untuk staf yang ditunjuk.",
    "Restricted spreadsheet: names and NIK. Named staff only.",
    key=("survivor_id",),
    spreadsheet=IDENTITY,
    columns=(
        _survivor_id("Harus ada di tab Korban.", "Must exist in the Korban tab.", unique=True),
        Column(
            "full_name",
            "Nama Lengkap",
            "text",
            "Full name",
            "Nama lengkap sesuai KTP.",
            "Full name as on the ID card.",
            required=True,
            pii=True,
            aliases=("Nama",),
            example="",
        ),
        Column(
            "nik",
            "NIK",
            "text",
            "NIK (national ID number)",
            "16 digit NIK.",
            "The 16-digit NIK.",
            pii=True,
            aliases=("No KTP", "No. KTP", "Nomor KTP", "Nomor Induk Kependudukan"),
            example="",
        ),
        Column(
            "address",
            "Alamat",
            "text",
            "Address",
            "Alamat lengkap.",
            "Full address.",
            pii=True,
            aliases=("Alamat Lengkap",),
            example="",
        ),
        Column(
            "phone",
            "Nomor HP",
            "text",
            "Mobile number",
            "Nomor HP, mis. 0812... atau +62812...",
            "Mobile number, e.g. 0812... or +62812...",
            pii=True,
            aliases=("No HP", "No. HP", "HP", "Telepon", "No Telp"),
            example="",
        ),
    ),
)

MAIN_TABS: tuple[Tab, ...] = (KORBAN, KEGIATAN, PESERTA, PEMANTAUAN, TARGET)
TABS: dict[str, Tab] = {t.name: t for t in (*MAIN_TABS, IDENTITAS)}


@functools.lru_cache(maxsize=64)
def main_tabs(districts: tuple[tuple[str, str], ...] | None = None) -> tuple[Tab, ...]:
    """The main tabs with `districts` ((code, name) per kecamatan) as every Kecamatan column's values.

    An office's own kecamatan list (`sheets.offices.Office.kecamatan`): names and Kemendagri codes
    are accepted, an unknown one suggests the nearest of them. None (or Indramayu's own list): the
    shipped tabs.
    """
    if districts is None or tuple(districts) == SHIPPED_DISTRICTS:
        return MAIN_TABS
    names = tuple(name for _, name in districts)
    codes = sorted({code.rsplit(".", 1)[0] for code, _ in districts})
    where = " / ".join(f"{c}.xx" for c in codes)

    def local(column: Column) -> Column:
        if column.key != "district":
            return column
        own = column.help_id == _KEC_HELP_ID  # Korban's generic help names Indramayu: say this office's
        return replace(
            column,
            allowed=names,
            value_aliases=_kecamatan_aliases(districts),
            help_id=(
                f"Nama kecamatan ({len(names)} kecamatan kantor ini) atau kodenya {where}; awalan 'Kec.' boleh."
                if own
                else column.help_id
            ),
            help_en=(
                f"Kecamatan name ({len(names)} in this office) or its code {where}; a 'Kec.' prefix is fine."
                if own
                else column.help_en
            ),
            example=names[0] if names else "",
        )

    return tuple(
        Tab(
            t.name, t.label_en, t.help_id, t.help_en, tuple(local(c) for c in t.columns), t.key, t.spreadsheet
        )
        for t in MAIN_TABS
    )


# Tabs the app itself writes (never read as data).
INSTRUCTIONS_TAB = "Petunjuk"
ISSUES_TAB = "Masalah Data"
