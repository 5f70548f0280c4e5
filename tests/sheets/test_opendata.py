"""`python -m sheets opendata`: the public release as Open Data Jabar tables, run as staff would run it.

The tables are read back with the csv module and compared cell by cell with what
`python -m sheets public --json` publishes: the same cells, hidden in the same places.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REGION = ["kode_provinsi", "nama_provinsi", "kode_kabupaten_kota", "nama_kabupaten_kota"]
TAIL = ["satuan", "tahun", "keterangan"]
METADATA = ("judul", "definisi", "satuan", "sumber", "periode", "kontak")
# The release column each table carries, by the table's indicator column and level.
PER_YEAR = {
    "jumlah_korban_teridentifikasi": "known",
    "jumlah_korban_direhabilitasi": "rehabilitated",
    "jumlah_kumulatif_korban_teridentifikasi": "known_cumulative",
    "jumlah_kumulatif_korban_direhabilitasi": "rehabilitated_cumulative",
    "target_rehabilitasi": "target",
}
PER_DISTRICT = {"jumlah_korban_teridentifikasi": "known", "jumlah_korban_direhabilitasi": "rehabilitated"}


def cli(*args: str, cwd: Path = ROOT, **extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **extra}
    return subprocess.run(
        [sys.executable, "-m", "sheets", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        check=False,
    )


def read_tables(folder: Path) -> dict[str, tuple[list[str], list[dict[str, str]], dict]]:
    """Every table in `folder`: its header, its rows and its metadata file."""
    found = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            header = list(reader.fieldnames or [])
        meta = json.loads((folder / f"{path.stem}.metadata.json").read_text(encoding="utf-8"))
        found[path.stem] = (header, rows, meta)
    return found


def published(cell: str, marker: str) -> object:
    """A CSV cell as the public JSON writes it: a number, or the marker when hidden."""
    return int(cell) if cell != "" else marker


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("opendata")
    # A secrets file in the working directory, as staff keep one: its contact goes in every metadata file.
    (folder / ".streamlit").mkdir()
    (folder / ".streamlit" / "secrets.toml").write_text('[office]\ncontact = "rehsos@example.go.id"\n')
    out = cli("opendata", "--demo", "--out", str(folder / "tables"), cwd=folder)
    assert out.returncode == 0, out.stderr
    public = cli("public", "--demo", "--json")
    assert public.returncode == 0, public.stderr
    return read_tables(folder / "tables"), json.loads(public.stdout)


def test_every_table_has_the_open_data_jabar_columns_and_codes(written) -> None:
    tables, public = written
    assert len(tables) == 7
    for name, (header, rows, _) in tables.items():
        assert header[:4] == REGION and header[-3:] == TAIL, name
        by_district = "kode_kecamatan" in header
        assert len(header) == (10 if by_district else 8), name
        if by_district:
            assert header[4:6] == ["kode_kecamatan", "nama_kecamatan"]
            assert len(rows) == 31
            codes = {d["district"].upper(): d["code"] for d in public["tables"]["by_district"]["rows"]}
            assert {r["nama_kecamatan"]: r["kode_kecamatan"] for r in rows} == codes
            assert all(r["kode_kecamatan"].startswith("32.12.") for r in rows)
            assert {r["tahun"] for r in rows} == {public["as_of"][:4]}
        for row in rows:
            assert (row["kode_provinsi"], row["nama_provinsi"]) == ("32", "JAWA BARAT")
            assert (row["kode_kabupaten_kota"], row["nama_kabupaten_kota"]) == ("3212", "KABUPATEN INDRAMAYU")
            assert row["satuan"] == "ORANG"


def test_the_tables_hold_exactly_the_published_cells(written) -> None:
    tables, public = written
    years = {str(r["year"]): r for r in public["tables"]["by_year"]["rows"]}
    districts = {r["district"].upper(): r for r in public["tables"]["by_district"]["rows"]}
    hidden = 0
    for name, (header, rows, _) in tables.items():
        indicator = header[-4]
        for row in rows:
            if "nama_kecamatan" in row:
                expected = districts[row["nama_kecamatan"]][PER_DISTRICT[indicator]]
            else:
                expected = years[row["tahun"]][PER_YEAR[indicator]]
            assert published(row[indicator], row["keterangan"]) == expected, (name, row)
            hidden += row[indicator] == ""
        if indicator == "target_rehabilitasi":  # a year without a plan has no row, not a zero
            assert {r["tahun"] for r in rows} == {y for y, r in years.items() if r["target"] is not None}
        else:
            assert len(rows) == (31 if "kode_kecamatan" in header else len(years)), name
    assert hidden > 0  # the demo has small counts: they stay hidden in the tables


def test_each_table_has_the_metadata_satu_data_asks_for(written) -> None:
    tables, public = written
    for name, (header, _, meta) in tables.items():
        for key in METADATA:
            assert meta.get(key), (name, key)
        assert meta["kontak"] == "rehsos@example.go.id"
        assert meta["tanggal_data"] == public["as_of"]
        assert meta["nama_berkas"] == f"{name}.csv"
        assert set(meta["kolom"]) == set(header)
        assert "BPS 3212" in meta["kode_wilayah"]["kode_kabupaten_kota"]


def test_a_frozen_publication_is_written_as_it_was_published(tmp_path) -> None:
    label = "opendata-test"
    # A store of its own: a publication in the tests' shared store would change the public page of later tests.
    store = {"PULIH_DATABASE_URL": f"sqlite:///{tmp_path / 'history.sqlite'}"}
    out = cli("publish", "--demo", "--label", label, "--as-of", "2025-12-31", **store)
    assert out.returncode == 0, out.stderr
    frozen = json.loads(cli("publication", label, "--demo", "--json", **store).stdout)["release"]
    out = cli("opendata", "--demo", "--publication", label, "--out", str(tmp_path / "tables"), **store)
    assert out.returncode == 0, out.stderr
    tables = read_tables(tmp_path / "tables")
    _, rows, meta = tables["jumlah_korban_tppo_direhabilitasi_per_tahun"]
    assert meta["tanggal_data"] == "2025-12-31"
    assert [published(r["jumlah_korban_direhabilitasi"], r["keterangan"]) for r in rows] == [
        r["rehabilitated"] for r in frozen["tables"]["by_year"]["rows"]
    ]
    # The public page builds its ZIP from the report's release, re-read from the publication: the same tables.
    from sheets import opendata
    from sheets.release import Release

    assert opendata.tables(Release.from_json(frozen).to_json()) == opendata.tables(frozen)


def test_problems_are_one_line_and_exit_2(tmp_path) -> None:
    out = cli("opendata", "--demo", "--publication", "no-such-label", "--out", str(tmp_path / "x"))
    assert out.returncode == 2 and "no-such-label" in out.stderr and "Traceback" not in out.stderr
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    out = cli("opendata", "--demo", "--out", str(blocker))
    assert out.returncode == 2 and "cannot write" in out.stderr and "Traceback" not in out.stderr
    out = cli("opendata", "--demo", "--k", "3", "--out", str(tmp_path / "y"))
    assert out.returncode == 2 and "Traceback" not in out.stderr
