"""The 31 kecamatan (districts) of Kabupaten Indramayu with their Kemendagri codes.

Facts embedded from the office's reference list (Permendagri code `32.12.xx`),
so the app needs no file outside the package.
"""

from __future__ import annotations

# (code, name, number of desa/kelurahan)
KECAMATAN: tuple[tuple[str, str, int], ...] = (
    ("32.12.01", "Haurgeulis", 10),
    ("32.12.02", "Kroya", 9),
    ("32.12.03", "Gabuswetan", 10),
    ("32.12.04", "Cikedung", 7),
    ("32.12.05", "Lelea", 11),
    ("32.12.06", "Bangodua", 8),
    ("32.12.07", "Widasari", 10),
    ("32.12.08", "Kertasemaya", 13),
    ("32.12.09", "Krangkeng", 11),
    ("32.12.10", "Karangampel", 11),
    ("32.12.11", "Juntinyuat", 12),
    ("32.12.12", "Sliyeg", 14),
    ("32.12.13", "Jatibarang", 15),
    ("32.12.14", "Balongan", 10),
    ("32.12.15", "Indramayu", 18),
    ("32.12.16", "Sindang", 10),
    ("32.12.17", "Cantigi", 7),
    ("32.12.18", "Lohbener", 12),
    ("32.12.19", "Arahan", 8),
    ("32.12.20", "Losarang", 12),
    ("32.12.21", "Kandanghaur", 13),
    ("32.12.22", "Bongas", 8),
    ("32.12.23", "Anjatan", 13),
    ("32.12.24", "Sukra", 8),
    ("32.12.25", "Gantar", 7),
    ("32.12.26", "Terisi", 9),
    ("32.12.27", "Sukagumiwang", 7),
    ("32.12.28", "Kedokan Bunder", 7),
    ("32.12.29", "Pasekan", 6),
    ("32.12.30", "Tukdana", 13),
    ("32.12.31", "Patrol", 8),
)

NAMES: tuple[str, ...] = tuple(name for _, name, _ in KECAMATAN)
CODE_BY_NAME: dict[str, str] = {name: code for code, name, _ in KECAMATAN}
