"""Small-count suppression: no hidden count can be recovered; downloads cannot run formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from sheets import privacy
from sheets.privacy import PRIMARY, SECONDARY, SHOWN, suppress
from tests.sheets.test_metrics import activity, dataset, survivor, workbook


def test_small_counts_are_hidden_and_zero_is_shown():
    status = suppress({"a": 0, "b": 1, "c": 9, "d": 10}, [])
    assert status == {"a": SHOWN, "b": PRIMARY, "c": PRIMARY, "d": SHOWN}


@pytest.mark.parametrize("k", [0, 1, 4])
def test_threshold_never_below_five(k):
    with pytest.raises(ValueError):
        suppress({"a": 1}, [], k)


def solve(values, status, relations):
    """What an attacker recovers: every single unknown of a relation, repeatedly."""
    known = {c: v for c, v in values.items() if status[c] == SHOWN}
    changed = True
    while changed:
        changed = False
        for total, parts in relations:
            unknown = [c for c in (total, *parts) if c not in known]
            if len(unknown) == 1:
                u = unknown[0]
                known[u] = (sum(known[p] for p in parts if p != u) if u == total
                            else known[total] - sum(known[p] for p in parts if p != u))
                changed = True
    return known


def test_a_hidden_cell_cannot_be_recovered_from_the_total():
    values = {"a": 3, "b": 40, "c": 50, "T": 93}
    relations = [("T", ["a", "b", "c"])]
    status = suppress(values, relations)
    assert status["a"] == PRIMARY
    assert status["b"] == SECONDARY  # the next smallest
    assert "a" not in solve(values, status, relations)


def test_a_hidden_cell_cannot_be_recovered_from_a_difference():
    # known 25 and rehabilitated 20 would tell that 5 are waiting
    values = {"known": 25, "rehab": 20, "waiting": 5}
    relations = [("known", ["rehab", "waiting"])]
    status = suppress(values, relations, derived=["waiting"])
    assert status["rehab"] != SHOWN or status["known"] != SHOWN
    assert "waiting" not in solve(values, status, relations)


def test_chains_of_relations_are_followed():
    # a table with row and column totals: hiding one cell forces a rectangle of hidden cells
    grid = {("r1", "c1"): 2, ("r1", "c2"): 30, ("r2", "c1"): 40, ("r2", "c2"): 50}
    values = dict(grid)
    values.update({("r1", "T"): 32, ("r2", "T"): 90, ("T", "c1"): 42, ("T", "c2"): 80, ("T", "T"): 122})
    relations = [(("r1", "T"), [("r1", "c1"), ("r1", "c2")]), (("r2", "T"), [("r2", "c1"), ("r2", "c2")]),
                 (("T", "c1"), [("r1", "c1"), ("r2", "c1")]), (("T", "c2"), [("r1", "c2"), ("r2", "c2")]),
                 (("T", "T"), [("r1", "T"), ("r2", "T")])]
    status = suppress(values, relations)
    recovered = solve(values, status, relations)
    assert ("r1", "c1") not in recovered
    assert all(recovered[c] == values[c] for c in recovered)  # the attacker's model is exact


@pytest.fixture(scope="module")
def small_regency():
    """Kecamatan with 12/3, 30/25, 40/35 known/rehabilitated and one of 2/0."""
    survivors, participants = [], []
    n = 0
    for district, total, done in (("Sliyeg", 12, 3), ("Bongas", 30, 25), ("Cantigi", 40, 35), ("Patrol", 2, 0)):
        for i in range(total):
            n += 1
            sid = f"S{n:03d}"
            survivors.append(survivor(sid, "01/02/2017", district, sex="P" if i % 3 else "L"))
            if i < done:
                participants.append(["T", sid, "Selesai", 1, None, None])
    return dataset(workbook(survivors, [activity("T", "Pelatihan Keterampilan", "01/05/2017", "01/05/2017")],
                            participants))


AS_OF = dt.date(2026, 11, 28)


def test_public_districts_hide_small_counts_and_their_shares(small_regency):
    table = privacy.public_by_district(small_regency, AS_OF)
    text = table.text
    assert len(table.frame) == 32  # 31 kecamatan and the total
    assert text.loc["Sliyeg", "rehabilitated"] == "<10"
    assert text.loc["Sliyeg", "coverage"] == "*"  # a share of a hidden count is hidden
    assert text.loc["Patrol", "known"] == "<10"
    assert text.loc["Bongas", "known"] == "30"
    # 30 - 25 = 5 waiting and 40 - 35 = 5 waiting would be differences of published figures
    assert "*" in (text.loc["Bongas", "rehabilitated"], text.loc["Bongas", "known"])
    assert "*" in (text.loc["Cantigi", "rehabilitated"], text.loc["Cantigi", "known"])


def test_public_numbers_never_hold_a_small_count(small_regency):
    tables = [privacy.public_by_district(small_regency, AS_OF), privacy.public_by_year(small_regency, AS_OF),
              privacy.public_breakdown(small_regency, AS_OF, "sex")]
    for table in tables:
        for col in table.frame.columns:
            if col in ("coverage", "target"):
                continue
            numbers = pd.to_numeric(table.frame[col], errors="coerce").dropna()
            assert not numbers.between(1, table.k - 1).any(), (col, numbers.tolist())


def test_hidden_district_counts_cannot_be_recovered(small_regency):
    table = privacy.public_by_district(small_regency, AS_OF)
    shown = table.frame
    for column in ("known", "rehabilitated"):
        hidden = shown[column].isna().sum()
        assert hidden != 1, f"a single hidden cell in {column} is recoverable from the total"
    for district, row in shown.iterrows():
        if pd.notna(row["known"]) and pd.notna(row["rehabilitated"]):
            assert not 1 <= row["known"] - row["rehabilitated"] < table.k, district


def test_recovering_a_count_from_a_percentage_is_impossible(small_regency):
    table = privacy.public_by_district(small_regency, AS_OF)
    for district in table.frame.index:
        if table.status.loc[district, "rehabilitated"] != SHOWN:
            assert table.frame.loc[district, "coverage"] is None


def test_running_totals_do_not_reveal_a_small_year():
    ds = dataset(workbook(
        [survivor(f"S{i:02d}", "01/02/2017") for i in range(40)],
        [activity("T17", "Pelatihan Keterampilan", "01/05/2017", "01/05/2017"),
         activity("T18", "Pelatihan Keterampilan", "01/05/2018", "01/05/2018"),
         activity("T19", "Pelatihan Keterampilan", "01/05/2019", "01/05/2019")],
        [["T17", f"S{i:02d}", "Selesai", 1, None, None] for i in range(20)]
        + [["T18", f"S{i:02d}", "Selesai", 1, None, None] for i in range(20, 24)]
        + [["T19", f"S{i:02d}", "Selesai", 1, None, None] for i in range(24, 40)]))
    table = privacy.public_by_year(ds, dt.date(2019, 12, 31)).frame
    assert table.loc[2018, "rehabilitated"] is None
    cum = table["rehabilitated_cumulative"]
    assert cum.loc[2017] is None or cum.loc[2018] is None  # 24 - 20 would reveal the 4


def test_headline_hides_a_small_regency():
    ds = dataset(workbook([survivor("A", "01/02/2017")], [], []))
    head = privacy.public_headline(ds, AS_OF)
    assert head["known"] is None and head["text"]["known"] == "<10"
    assert head["coverage"] is None


def test_business_share_needs_k_followed_up_rehabilitated_survivors():
    """Visits to survivors not yet rehabilitated must not unlock a share of two out of three."""
    survivors = [survivor(f"S{i:02d}", "01/02/2017") for i in range(20)]
    done = [["T", f"S{i:02d}", "Selesai", 1, None, None] for i in range(3)]
    visits = [[f"S{i:02d}", "03/08/2018", "Berjalan" if i != 2 else "Berhenti", None, "Ya", None, None]
              for i in range(12)]
    ds = dataset(workbook(survivors, [activity("T", "Pelatihan Keterampilan", "01/05/2017", "01/05/2017")],
                          done, visits))
    head = privacy.public_headline(ds, AS_OF)
    assert head["business_running_share"] is None  # 3 rehabilitated with a visit, though 12 were visited


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\",\"klik\")", "+62812", "-1+1", "@SUM(A1)", "\tx", "\rx"])
def test_formulas_are_neutralised_in_downloads(value):
    frame = pd.DataFrame({"nilai": [value, "aman"], "n": [1, 2]})
    csv_bytes = privacy.to_csv_bytes(frame)
    assert csv_bytes.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"), newline="")))
    assert rows[1][0] == "'" + value
    assert rows[2][0] == "aman"
    book = openpyxl.load_workbook(io.BytesIO(privacy.to_xlsx_bytes(frame)))
    cell = book.active["A2"].value
    assert cell.startswith("'") and cell[1:] == value
    assert book.active["A3"].value == "aman"
    assert book.active["B2"].value == 1
