"""The public release as open data: tidy CSV tables in the Open Data Jabar layout, with metadata.

Every table is read off one published release (`sheets.release.Release.to_json`, the cells the
public page and its exports show), never recomputed from rows: the suppression holds over
everything published together only if every copy of a figure is the same cell, hidden in
the same places. A hidden cell stays hidden here: its number column is empty and the
`keterangan` column carries the marker the page shows (`<10`, `*`).

Each table has one indicator, in the column order Open Data Jabar uses:

    kode_provinsi, nama_provinsi, kode_kabupaten_kota, nama_kabupaten_kota,
    [kode_kecamatan, nama_kecamatan,] <indikator>, satuan, tahun, keterangan

and a metadata file (`<table>.metadata.json`) with what Satu Data Indonesia asks for: title,
definition, unit, source, period, contact (and the region codes, the columns, the suppression).

Region codes: the province (32) and the regency or city (3212 for Indramayu: the release's
`office_code` 32.12) as BPS writes them, which in Jawa Barat are the Kemendagri codes without
their dot; the kecamatan by their Kemendagri code (`32.12.01`, `sheets.kecamatan` or the
office's own list). BPS's own kecamatan codes are not in the office's reference
and are not derived from Kemendagri's, so they are not given rather than guessed.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sheets import kecamatan
from sheets.release import OFFICE, OFFICE_CODE, office_region

PROVINCE = ("32", "JAWA BARAT")
PROVINCES = {"32": "JAWA BARAT"}  # the provinces whose offices Pulih serves, by Kemendagri code
UNIT_PEOPLE = "ORANG"
REGION_COLUMNS = ("kode_provinsi", "nama_provinsi", "kode_kabupaten_kota", "nama_kabupaten_kota")
DISTRICT_COLUMNS = ("kode_kecamatan", "nama_kecamatan")
TAIL_COLUMNS = ("satuan", "tahun", "keterangan")
CONTACT_DIVISION = "Bidang Rehabilitasi Sosial"  # the data steward within the office, by default


def region_of(published: Mapping[str, Any]) -> tuple[tuple[str, str], tuple[str, str], str]:
    """The province and the regency or city of a published release as the tables write them, and the
    office's Kemendagri code: `(("32", "JAWA BARAT"), ("3209", "KABUPATEN CIREBON"), "32.09")`."""
    code = str(published.get("office_code") or OFFICE_CODE)
    office = str(published.get("office") or OFFICE)
    province = code.split(".")[0]
    return (
        (province, PROVINCES.get(province, "")),
        (code.replace(".", ""), office_region(office).upper()),
        code,
    )


@dataclass(frozen=True)
class Spec:
    """One open-data table: which published cells it holds, and how the portal names and describes them."""

    name: str  # file name without extension
    level: str  # "kecamatan" or "tahun"
    source: str  # the release table's column it reads (`by_district` / `by_year`)
    indicator: str  # the indicator column
    unit: str
    title: str
    definition: str


SPECS: tuple[Spec, ...] = (
    Spec(
        "jumlah_korban_tppo_teridentifikasi_berdasarkan_kecamatan",
        "kecamatan",
        "known",
        "jumlah_korban_teridentifikasi",
        UNIT_PEOPLE,
        "Jumlah Korban TPPO yang Teridentifikasi Berdasarkan Kecamatan di Kabupaten Indramayu",
        "Korban tindak pidana perdagangan orang (TPPO) yang tercatat di Dinas Sosial Kabupaten Indramayu, "
        "menurut kecamatan domisili, kumulatif sampai tanggal data.",
    ),
    Spec(
        "jumlah_korban_tppo_direhabilitasi_berdasarkan_kecamatan",
        "kecamatan",
        "rehabilitated",
        "jumlah_korban_direhabilitasi",
        UNIT_PEOPLE,
        "Jumlah Korban TPPO yang Telah Direhabilitasi Berdasarkan Kecamatan di Kabupaten Indramayu",
        "Korban TPPO yang telah menyelesaikan rehabilitasi sosial dari Dinas Sosial, menurut kecamatan "
        "domisili, kumulatif sampai tanggal data.",
    ),
    Spec(
        "jumlah_korban_tppo_teridentifikasi_per_tahun",
        "tahun",
        "known",
        "jumlah_korban_teridentifikasi",
        UNIT_PEOPLE,
        "Jumlah Korban TPPO yang Baru Teridentifikasi per Tahun di Kabupaten Indramayu",
        "Korban TPPO yang pertama kali tercatat di Dinas Sosial pada tahun tersebut.",
    ),
    Spec(
        "jumlah_korban_tppo_direhabilitasi_per_tahun",
        "tahun",
        "rehabilitated",
        "jumlah_korban_direhabilitasi",
        UNIT_PEOPLE,
        "Jumlah Korban TPPO yang Direhabilitasi per Tahun di Kabupaten Indramayu",
        "Korban TPPO yang rehabilitasi sosialnya selesai pada tahun tersebut.",
    ),
    Spec(
        "jumlah_kumulatif_korban_tppo_teridentifikasi_per_tahun",
        "tahun",
        "known_cumulative",
        "jumlah_kumulatif_korban_teridentifikasi",
        UNIT_PEOPLE,
        "Jumlah Kumulatif Korban TPPO yang Teridentifikasi sampai Akhir Tahun di Kabupaten Indramayu",
        "Seluruh korban TPPO yang tercatat di Dinas Sosial sampai akhir tahun tersebut (tahun berjalan: "
        "sampai tanggal data).",
    ),
    Spec(
        "jumlah_kumulatif_korban_tppo_direhabilitasi_per_tahun",
        "tahun",
        "rehabilitated_cumulative",
        "jumlah_kumulatif_korban_direhabilitasi",
        UNIT_PEOPLE,
        "Jumlah Kumulatif Korban TPPO yang Telah Direhabilitasi sampai Akhir Tahun di Kabupaten Indramayu",
        "Seluruh korban TPPO yang telah direhabilitasi sampai akhir tahun tersebut (tahun berjalan: sampai "
        "tanggal data).",
    ),
    Spec(
        "target_rehabilitasi_korban_tppo_per_tahun",
        "tahun",
        "target",
        "target_rehabilitasi",
        UNIT_PEOPLE,
        "Target Rehabilitasi Korban TPPO per Tahun di Kabupaten Indramayu",
        "Jumlah korban TPPO yang direncanakan direhabilitasi pada tahun tersebut (rencana, bukan capaian).",
    ),
)


@dataclass(frozen=True)
class Table:
    """One open-data table: its spec, its rows (header order as `columns`) and its metadata."""

    spec: Spec
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    metadata: Mapping[str, Any]

    def to_csv(self) -> str:
        """The table as CSV text (UTF-8, comma-separated, a header row; empty where a cell is hidden)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(["" if cell is None else cell for cell in row] for row in self.rows)
        return out.getvalue()


def _cell(value: object) -> tuple[int | None, str]:
    """A published count as (number, marker): (12, ''), (None, '<10'), (None, '*')."""
    if isinstance(value, bool):
        raise TypeError(f"a published count cannot be {value!r}")
    if isinstance(value, int):
        return value, ""
    return None, "" if value is None else str(value)


def _period(spec: Spec, as_of: str, years: Sequence[int]) -> str:
    if spec.level == "kecamatan":
        return f"kumulatif sampai {as_of}"
    if not years:
        return f"tahunan, sampai {as_of}"
    if spec.source == "target":
        return f"tahunan {years[0]}-{years[-1]}"
    return f"tahunan {years[0]}-{years[-1]} ({years[-1]} sampai {as_of})"


def tables(published: Mapping[str, Any], contact: str = "", source: str = "") -> list[Table]:
    """The open-data tables of one published release (`Release.to_json()` or a frozen publication's).

    `contact` is the data steward to name in the metadata (default: the office's rehabilitation
    division); `source` how the public knows the data's origin (default: the office's register).
    """
    as_of = str(published["as_of"])
    k = int(published["k"])
    years = [int(r["year"]) for r in published["tables"]["by_year"]["rows"]]
    office = str(published.get("office") or OFFICE)
    province, regency, office_code = region_of(published)
    column_help = {
        **_COLUMN_HELP,
        "kode_kabupaten_kota": f"kode kabupaten/kota (BPS; Kemendagri {office_code})",
    }
    out = []
    for spec in SPECS:
        if spec.level == "kecamatan":
            columns: tuple[str, ...] = (*REGION_COLUMNS, *DISTRICT_COLUMNS, spec.indicator, *TAIL_COLUMNS)
            rows: list[tuple[object, ...]] = []
            for row in sorted(
                published["tables"]["by_district"]["rows"],
                key=lambda r: r.get("code") or kecamatan.CODE_BY_NAME.get(r["district"], ""),
            ):
                value, marker = _cell(row[spec.source])
                code = row.get("code") or kecamatan.CODE_BY_NAME[row["district"]]
                rows.append(
                    (
                        *province,
                        *regency,
                        code,
                        str(row["district"]).upper(),
                        value,
                        spec.unit,
                        int(as_of[:4]),
                        marker,
                    )
                )
        else:
            columns = (*REGION_COLUMNS, spec.indicator, *TAIL_COLUMNS)
            rows = []
            for row in published["tables"]["by_year"]["rows"]:
                if spec.source == "target" and row.get("target") is None:
                    continue  # no plan that year: no row, not a zero
                value, marker = _cell(row[spec.source])
                rows.append((*province, *regency, value, spec.unit, int(row["year"]), marker))
        shown_years = [int(str(r[columns.index("tahun")])) for r in rows] if spec.level == "tahun" else years
        metadata = {
            "judul": spec.title,
            "definisi": spec.definition,
            "satuan": spec.unit,
            "sumber": source or f"{office}, register rehabilitasi korban TPPO (aplikasi Pulih)",
            "produsen_data": office,
            "periode": _period(spec, as_of, shown_years),
            "tanggal_data": as_of,
            "frekuensi_pemutakhiran": "bulanan",
            "tingkat_penyajian": "kecamatan" if spec.level == "kecamatan" else "kabupaten/kota",
            "kontak": contact or f"{office}, {CONTACT_DIVISION}",
            "kode_wilayah": {
                "kode_provinsi": f"BPS {province[0]} (Kemendagri {province[0]})",
                "kode_kabupaten_kota": f"BPS {regency[0]} (Kemendagri {office_code})",
                **(
                    {
                        "kode_kecamatan": f"Kemendagri (Permendagri, {office_code}.xx); kode kecamatan BPS tidak "
                        "tersedia dalam referensi dinas dan tidak dicantumkan"
                    }
                    if spec.level == "kecamatan"
                    else {}
                ),
            },
            "kolom": {
                column: column_help.get(column, spec.definition if column == spec.indicator else "")
                for column in columns
            },
            "perlindungan_data": "Target adalah rencana, bukan jumlah orang: selalu ditampilkan."
            if spec.source == "target"
            else (
                f"Angka 1 sampai {k - 1} tidak ditampilkan: kolom {spec.indicator} kosong dan "
                f"keterangan berisi <{k}. Angka lain yang disembunyikan agar angka kecil tidak "
                "dapat dihitung dari tabel lain diberi keterangan *. Semua tabel berasal dari "
                "satu rilis publik yang sama dengan halaman publik."
            ),
            "nama_berkas": f"{spec.name}.csv",
        }
        out.append(Table(spec, columns, tuple(rows), metadata))
    return out


_COLUMN_HELP = {
    "kode_provinsi": "kode provinsi (BPS; sama dengan kode Kemendagri)",
    "nama_provinsi": "nama provinsi",
    "kode_kabupaten_kota": "kode kabupaten/kota (BPS; Kemendagri 32.12)",
    "nama_kabupaten_kota": "nama kabupaten/kota",
    "kode_kecamatan": "kode kecamatan (Kemendagri)",
    "nama_kecamatan": "nama kecamatan",
    "satuan": "satuan indikator",
    "tahun": "tahun data (tabel kecamatan: tahun tanggal data)",
    "keterangan": "kosong, atau tanda angka yang disembunyikan (<k: angka kecil, *: disembunyikan untuk "
    "melindungi angka kecil)",
}


def to_zip(found: Sequence[Table]) -> bytes:
    """Every table's CSV and metadata in one ZIP (the public page's download)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in found:
            archive.writestr(f"{table.spec.name}.csv", table.to_csv())
            archive.writestr(f"{table.spec.name}.metadata.json", _metadata_json(table))
    return buffer.getvalue()


def write(found: Sequence[Table], out_dir: str | Path) -> list[Path]:
    """Write every table's CSV and metadata into `out_dir` (made when missing); the paths written."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in found:
        for path, text in (
            (folder / f"{table.spec.name}.csv", table.to_csv()),
            (folder / f"{table.spec.name}.metadata.json", _metadata_json(table)),
        ):
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def _metadata_json(table: Table) -> str:
    return json.dumps(table.metadata, ensure_ascii=False, indent=1) + "\n"


def file_name(published: Mapping[str, Any]) -> str:
    """The ZIP's file name: `pulih-data-terbuka-2026-11-30.zip`."""
    return f"pulih-data-terbuka-{published['as_of']}.zip"
