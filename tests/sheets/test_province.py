"""The province roll-up: every office from its last good read, gaps first, and its public table.

The office table reads a real history store filled by the real sync worker from the fake Sheets
API (an office failing keeps its last good read; an office never read is listed as such). The
public province table is attacked together with every office's own public release by
tests/attacker.py, which knows nothing of Pulih's suppression.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sheets import metrics
from sheets.demo_province import build_office
from sheets.metrics import Dataset
from sheets.offices import Office, districts_of, offices_of
from sheets.province import build_province_release, office_table, province_totals, read_offices
from sheets.raw import RawTab, RawWorkbook
from sheets.release import TOTAL
from sheets.settings import Settings
from sheets.validate import validate
from tests import attacker
from tests.fakes import sheets_api as fake
from tests.fakes.province import write_offices
from tests.sheets.test_sync import TODAY, Province
from tests.sheets.test_validate import KEGIATAN_HEAD, KORBAN_HEAD, PEMANTAUAN_HEAD, PESERTA_HEAD, TARGET_HEAD

AS_OF = dt.date(2026, 10, 31)


# --------------------------------------------------------------------------- the office table, from the store


def configured(tmp_path: Path, offices: list[tuple[str, str]]) -> tuple[Office, ...]:
    """The offices as a deployment lists them (`tests.fakes.province`: a kecamatan CSV each)."""
    path = write_offices(tmp_path, offices)
    return offices_of(Settings.build({}, {"PULIH_OFFICES_FILE": str(path)}))


def test_the_office_table_reads_the_store_and_puts_the_gaps_first(tmp_path):
    province = Province(f"sqlite:///{tmp_path / 'h.sqlite'}", count=3)
    listed = [(o.code, o.name) for o in province.offices] + [("32.79", "Kota Banjar")]
    province.offices = list(configured(tmp_path, listed))
    never = province.offices[-1]  # listed, but its spreadsheet was never shared
    province.api.add_spreadsheet(never.spreadsheet, {"Korban": [["x"]]}, title="Banjar")
    province.api.fail(fake.not_shared(), times=None, spreadsheet=never.spreadsheet)
    assert [r.ok for r in province.worker().sync_once()] == [True] * 3 + [False]
    first_read = province.now()
    failing = province.offices[2]
    province.api.fail(fake.quota(), times=None, spreadsheet=failing.spreadsheet)
    province.clock.sleep(600)
    province.worker().sync_once()

    reads = read_offices(province.history, province.offices, TODAY, now=province.now())
    table = office_table(reads, TODAY).set_index("code")
    # Never read: first, said, and no figure.
    assert table.index[0] == never.code and table.loc[never.code, "never_read"]
    assert table.loc[never.code, ["known", "rehabilitated", "errors"]].isna().all()
    # The failing office: its last good read, flagged stale, with the time of that read.
    assert (
        table.loc[failing.code, "stale"] and not table.drop(index=[failing.code, never.code])["stale"].any()
    )
    assert first_read - dt.timedelta(minutes=1) <= table.loc[failing.code, "read_at"] <= first_read
    # Each office's figures are those of its own spreadsheet, validated with its own kecamatan list.
    for office in province.offices[:3]:
        report = validate(
            build_office(office.code, office.name, TODAY), TODAY, districts=districts_of(office)
        )
        ds = Dataset.from_report(report)
        pace = metrics.pace(ds, TODAY)
        row = table.loc[office.code]
        assert (row["known"], row["rehabilitated"]) == (
            metrics.known(ds, TODAY),
            metrics.rehabilitated(ds, TODAY),
        )
        assert (row["per_year"], row["needed_per_year"]) == (pace.per_year, pace.needed_per_year)
        assert row["rows_excluded"] == int(report.accounting()["rows_excluded"].sum()) > 0
        assert row["errors"] == int(report.issues["severity"].eq("error").sum()) > 0
        # No kecamatan error of its own making: the office's codes (32.0x.yy) are its list's.
        assert not report.issues["value"].astype(str).str.fullmatch(r"32\.\d\d\.\d\d").any()
    # Gaps first: among offices with a target, the smallest share of the needed pace reached on top.
    reached = list(table["pace_reached"].dropna())
    assert reached == sorted(reached) and len(reached) == 3
    totals = province_totals(table.reset_index())
    assert totals["offices"] == 4 and totals["offices_with_data"] == 3 and totals["never_read"] == 1
    assert totals["known"] == int(table["known"].sum()) and totals["stale"] == 1


# --------------------------------------------------------------------------- the public table


def workbook(survivors: list[tuple[str, int, bool]], prefix: str) -> RawWorkbook:
    """A small office: (kecamatan, year identified, rehabilitated?) per survivor; one training a year."""
    korban = [KORBAN_HEAD]
    peserta = [PESERTA_HEAD]
    years = sorted({year for _, year, _ in survivors})
    kegiatan = [KEGIATAN_HEAD] + [
        [f"{prefix}-K{y}", "Pelatihan", "Pelatihan Keterampilan", None, f"01/09/{y}", f"05/09/{y}"]
        + [None, survivors[0][0], None, None, None]
        for y in years
    ]
    for number, (district, year, rehabilitated) in enumerate(survivors, start=1):
        sid = f"{prefix}-{number:04d}"
        korban.append([sid, f"01/03/{year}", "P", None, 25, district] + [None] * 6)
        if rehabilitated:
            peserta.append([f"{prefix}-K{year}", sid, "Selesai", 5, None, None])
    tabs = {
        "Korban": korban,
        "Kegiatan": kegiatan,
        "Peserta": peserta,
        "Pemantauan": [PEMANTAUAN_HEAD],
        "Target": [TARGET_HEAD, [2030, 20, None, None]],
    }
    return RawWorkbook(prefix, {name: RawTab(name, rows) for name, rows in tabs.items()})


def office_data(
    tmp_path: Path, code: str, counts: dict[str, list[tuple[int, int]]]
) -> tuple[Office, Dataset]:
    """Office `code` with its own three kecamatan; `counts`: kecamatan -> (known, rehabilitated) per year."""
    names = list(counts)
    csv = tmp_path / f"kec-{code}.csv"
    csv.write_text(
        "code,name\n" + "".join(f"{code}.{i:02d},{n}\n" for i, n in enumerate(names, 1)), encoding="utf-8"
    )
    office = Office(code, f"Kantor {code}", f"sheet-{code}", kecamatan_file=str(csv))
    survivors = []
    for district, per_year in counts.items():
        for year, (known, rehab) in zip(range(2023, 2027), per_year):
            survivors += [(district, year, i < rehab) for i in range(known)]
    report = validate(workbook(survivors, code.replace(".", "")), AS_OF, districts=districts_of(office))
    assert not report.has_errors, report.issues
    return office, Dataset.from_report(report)


def attack_province(published) -> list[str]:
    """The attacker holding the province table and every office's public page, solving them as one."""
    as_json = published.to_json()
    m = attacker.Model(published.k)
    waiting: list[str] = []
    for code, office_release in published.offices.items():
        m, more = attacker.model_of(office_release.to_json(), m, prefix=f"{code}.")
        waiting += more
    parts: dict[str, list[str]] = {"known": [], "rehabilitated": []}
    for row in as_json["offices"]:
        for column, names in parts.items():
            name = m.cell(f"province.{row['code']}.{column}", row[column])
            m.same(name, f"{row['code']}.head.{column}")
            names.append(name)
        if isinstance(row["coverage"], float) and not all(isinstance(row[c], int) for c in parts):
            m.findings.append(f"province.{row['code']}: coverage over a hidden count")
    totals = {c: m.cell(f"province.total.{c}", as_json["total"][c]) for c in parts}
    for column, names in parts.items():
        m.total(totals[column], names)
    waiting.append(m.cell("province.total.waiting", None))
    m.total(totals["known"], [totals["rehabilitated"], waiting[-1]])
    return attacker._findings(m, waiting)


BIG = {"Alpha": [(6, 4), (7, 5), (5, 2), (4, 0)], "Beta": [(8, 6), (6, 3), (9, 4), (3, 0)]}
BIG["Gamma"] = [(5, 5), (4, 2), (6, 1), (2, 0)]


@pytest.fixture
def offices(tmp_path):
    small = office_data(tmp_path, "32.10", {"Satu": [(1, 1), (2, 1), (0, 0), (1, 0)], "Dua": [(0, 0)] * 4})
    return [
        small,  # four survivors: its own page shows "<10"
        office_data(tmp_path, "32.11", BIG),
        office_data(tmp_path, "32.13", {f"{n}x": v for n, v in BIG.items()}),
    ]


def test_a_small_office_cannot_be_found_as_the_province_total_minus_the_others(offices):
    published = build_province_release(offices, AS_OF)
    small = published.offices["32.10"]
    assert small.headline["text"]["known"] in ("<10", "*")  # hidden on its own page
    text = published.table.text
    assert text.loc["32.11", "known"].isdigit() and text.loc["32.13", "known"].isdigit()
    assert not text.loc[TOTAL, "known"].isdigit(), "the total would give the small office away"
    assert attack_province(published) == []
    # The attacker is not blind: the same tables with the true total shown give the small office away.
    true_total = sum(int(ds.survivors.shape[0]) for _, ds in offices)
    published.table.frame.loc[TOTAL, "known"] = true_total
    published.table.text.loc[TOTAL, "known"] = str(true_total)
    assert any("32.10.head.known" in finding for finding in attack_province(published))


def test_with_no_small_office_the_province_total_is_published(offices):
    published = build_province_release(offices[1:], AS_OF)
    frame = published.table.frame
    assert frame.loc[TOTAL, "known"] == frame.loc["32.11", "known"] + frame.loc["32.13", "known"]
    assert (
        frame.loc[TOTAL, "rehabilitated"]
        == frame.loc["32.11", "rehabilitated"] + frame.loc["32.13", "rehabilitated"]
    )
    assert published.to_json()["total"]["coverage"] == pytest.approx(
        frame.loc[TOTAL, "rehabilitated"] / frame.loc[TOTAL, "known"], abs=0.005
    )
    assert attack_province(published) == []


def test_each_office_publishes_in_the_province_what_its_own_public_page_does(offices):
    from sheets.release import build_release

    published = build_province_release(
        [*offices, (Office("32.79", "Kota Banjar", "sheet-banjar"), None)], AS_OF
    )
    for office, ds in offices:
        own = build_release(ds, AS_OF).to_json()
        assert published.offices[office.code].to_json() == own
        row = next(r for r in published.to_json()["offices"] if r["code"] == office.code)
        assert (row["known"], row["rehabilitated"]) == (
            own["headline"]["known"],
            own["headline"]["rehabilitated"],
        )
    assert published.to_json()["without_data"] == [{"code": "32.79", "name": "Kota Banjar"}]
