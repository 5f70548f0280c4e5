"""Everything published together is suppressed as one system, and an independent attacker learns nothing.

The engine (`sheets.disclosure`) on small hand-made systems; the public release (`sheets.release`) on
the attacks that broke the earlier, table-by-table suppression (each a named regression); and the
audit: `tests.attacker`, which reads only the public JSON, run over hypothesis-generated regencies at
k = 5 and 10 and several "as of" dates.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheets import kecamatan, metrics
from sheets.demo import build_demo
from sheets.disclosure import DERIVED, PRIMARY, SECONDARY, SHOWN, Cell, Range, Relation, System, check_k
from sheets.metrics import Dataset
from sheets.release import build_release, next_release, release_as_of, revisions
from sheets.validate import validate
from tests import attacker
from tests.sheets.test_metrics import activity, dataset, survivor, workbook
from tests.ui import ROOT

TRAINING = "Pelatihan Keterampilan"


def system(values: dict, relations: list[tuple], k: int = 10, unpublished: tuple = ()) -> System:
    cells = {key: Cell(v, published=key not in unpublished) for key, v in values.items()}
    return System(cells, [Relation(t, tuple(p)) for t, p in relations], k)


# --------------------------------------------------------------------------- the engine


@pytest.mark.parametrize("k", [0, 1, 4, "x", True, 2.5])
def test_the_threshold_is_a_whole_number_of_at_least_five(k):
    with pytest.raises(ValueError):
        check_k(k)


@pytest.mark.parametrize(
    ("low", "high", "safe"),
    [
        (0, 3, True),  # could be nobody
        (3, 11, True),  # could be k: not necessarily a small count
        (20, 29, True),  # spans k values
        (1, 9, False),  # placed inside 1..k-1: a small count, found
        (1, 1, False),  # pinned
        (3, 9, False),
        (20, 28, False),
    ],
)
def test_the_protection_interval(low, high, safe):
    assert Range(low, high).protects(10) is safe


@pytest.mark.parametrize(
    ("low", "high", "says_no_more"),
    [
        ((1, 9, True)),
        ((0, 12, True)),
        ((1, 8, False)),
        ((2, 9, False)),
        ((5, 5, False)),
    ],
)
def test_a_marked_small_count_is_told_nothing_beyond_its_marker(low, high, says_no_more):
    assert Range(low, high).is_all_small(10) is says_no_more


def test_small_counts_are_hidden_and_zero_is_shown():
    s = system({"a": 0, "b": 1, "c": 9, "d": 10}, [])
    assert s.protect() == {"a": SHOWN, "b": PRIMARY, "c": PRIMARY, "d": SHOWN}


def test_a_single_hidden_cell_of_a_total_gets_a_complement():
    s = system({"T": 93, "a": 3, "b": 40, "c": 50}, [("T", ["a", "b", "c"])])
    status = s.protect()
    assert status["a"] == PRIMARY and status["T"] == SHOWN
    assert status["b"] == SECONDARY  # the cheapest cell that protects it
    assert not s.leaks(status)
    assert s.range_of(status, "a", own_marker=False).protects(10)
    assert s.range_of(status, "a").is_all_small(10)


def test_two_small_counts_that_sum_to_a_small_total_are_pinned_by_their_bounds():
    """ "<10" + "<10" = 2 can only be 1 + 1: the bounds, not a single unknown, give them away."""
    s = system({"T": 52, "a": 1, "b": 1, "c": 50}, [("T", ["a", "b", "c"])])
    status = s.initial()
    assert set(s.leaks(status)) == {"a", "b"}
    assert s.range_of(status, "a") == Range(1, 1)
    status = s.protect()
    assert not s.leaks(status)
    assert not s.range_of(status, "a").is_exact and not s.range_of(status, "b").is_exact


def test_an_unpublished_small_difference_is_protected():
    # known 25 and rehabilitated 20 would tell that 5 are waiting
    s = system(
        {"known": 25, "rehab": 20, "waiting": 5}, [("known", ["rehab", "waiting"])], unpublished=("waiting",)
    )
    status = s.protect()
    assert status["waiting"] == DERIVED
    assert SECONDARY in (status["known"], status["rehab"])
    assert not s.leaks(status)


def test_a_complement_known_exactly_is_shown_again():
    """Hiding a cell the attacker can compute exactly protects nothing: it is published instead."""
    s = system({"a": 5, "b": 40, "T": 45, "c": 30, "U": 70}, [("T", ["a", "b"]), ("U", ["b", "c"])])
    status = s.protect()
    assert not s.pinned(status)
    assert not s.leaks(status)


def test_a_grid_with_margins_hides_a_rectangle():
    cells = {
        ("r1", "c1"): 2,
        ("r1", "c2"): 30,
        ("r2", "c1"): 40,
        ("r2", "c2"): 50,
        ("r1", "T"): 32,
        ("r2", "T"): 90,
        ("T", "c1"): 42,
        ("T", "c2"): 80,
        ("T", "T"): 122,
    }
    relations = [
        (("r1", "T"), [("r1", "c1"), ("r1", "c2")]),
        (("r2", "T"), [("r2", "c1"), ("r2", "c2")]),
        (("T", "c1"), [("r1", "c1"), ("r2", "c1")]),
        (("T", "c2"), [("r1", "c2"), ("r2", "c2")]),
        (("T", "T"), [("r1", "T"), ("r2", "T")]),
    ]
    s = system(cells, relations)
    status = s.protect()
    assert status[("r1", "c1")] == PRIMARY
    hidden = {c for c, v in status.items() if v != SHOWN}
    assert len(hidden) >= 4  # a rectangle, at least
    assert not s.leaks(status) and not s.pinned(status)


def test_relations_that_do_not_hold_are_refused():
    with pytest.raises(ValueError):
        system({"T": 10, "a": 3, "b": 4}, [("T", ["a", "b"])])


# --------------------------------------------------------------------------- the release: named attacks

AS_OF = dt.date(2026, 11, 30)


def regency(
    counts: dict[str, tuple[int, int]], identified="01/02/2017", trained="01/05/2017", visits=()
) -> Dataset:
    """Survivors per kecamatan: (known, rehabilitated), all identified and trained on the dates given."""
    survivors, participants = [], []
    n = 0
    for district, (total, done) in counts.items():
        for i in range(total):
            n += 1
            survivors.append(survivor(f"S{n:04d}", identified, district))
            if i < done:
                participants.append(["T", f"S{n:04d}", "Selesai", 1, None, None])
    return dataset(workbook(survivors, [activity("T", TRAINING, trained, trained)], participants, visits))


def published(release) -> dict:
    return json.loads(json.dumps(release.to_json()))


def test_attack_bounds_two_kecamatan_of_one_survivor_each_stay_hidden():
    """Regression: '<10' and '<10' with a published total pinned both to 1 (a kecamatan with one survivor)."""
    ds = regency({"Sliyeg": (1, 0), "Patrol": (1, 0), "Bongas": (40, 30), "Cantigi": (35, 30)})
    rel = build_release(ds, AS_OF, 10)
    frame = rel.by_district.frame
    assert frame.loc["Sliyeg", "known"] is None and frame.loc["Patrol", "known"] is None
    assert attacker.attack(published(rel)) == []


def test_attack_tables_one_at_a_time_headline_and_years_agree():
    """Regression (k = 5, as of 2018-12-31): 'this year' 5 shown, 2018 hidden, total 9: 2017 was 4."""
    survivors = [survivor(f"S{i:02d}", "01/02/2017") for i in range(30)]
    done = [["T17", f"S{i:02d}", "Selesai", 1, None, None] for i in range(4)]
    done += [["T18", f"S{i:02d}", "Selesai", 1, None, None] for i in range(4, 9)]
    ds = dataset(
        workbook(
            survivors,
            [
                activity("T17", TRAINING, "01/05/2017", "01/05/2017"),
                activity("T18", TRAINING, "01/05/2018", "01/05/2018"),
            ],
            done,
        )
    )
    rel = build_release(ds, dt.date(2018, 12, 31), 5)
    report = published(rel)
    year_2018 = next(r for r in report["tables"]["by_year"]["rows"] if r["year"] == 2018)
    assert report["headline"]["this_year"]["rehabilitated"] == year_2018["rehabilitated"]
    assert (
        report["tables"]["by_year"]["rows"][-1]["rehabilitated_cumulative"]
        == report["headline"]["rehabilitated"]
    )
    assert attacker.attack(report) == []


def test_attack_charts_show_what_the_tiles_hide_is_closed():
    """Regression: the headline hid 'rehabilitated' (5 waiting) while the chart and exports showed 60 and 55."""
    ds = regency({"Sliyeg": (30, 28), "Bongas": (30, 27)})
    rel = build_release(ds, AS_OF, 10)
    head = rel.headline
    last = rel.by_year.frame.iloc[-1]
    assert (head["known"], head["rehabilitated"]) == (
        last["known_cumulative"],
        last["rehabilitated_cumulative"],
    )
    assert head["known"] is None or head["rehabilitated"] is None  # 60 - 55 = 5 waiting
    assert attacker.attack(published(rel)) == []


def test_attack_shares_business_running_of_ten_is_hidden():
    """Regression: 'business running 90 %' of 12 rehabilitated could only be 9 of 10: one stopped."""
    visits = [
        [f"S{i:04d}", "03/08/2018", "Berjalan" if i != 10 else "Berhenti", None, "Ya", None, None]
        for i in range(1, 11)
    ]
    ds = regency({"Sliyeg": (40, 12)}, visits=visits)
    head = build_release(ds, AS_OF, 10).headline
    assert head["business_running_share"] is None and head["text"]["business_running_share"] == "*"
    visits = [
        [f"S{i:04d}", "03/08/2018", "Berjalan" if i > 12 else "Berhenti", None, "Ya", None, None]
        for i in range(1, 31)
    ]
    ds = regency({"Sliyeg": (40, 30)}, visits=visits)
    assert build_release(ds, AS_OF, 10).headline["business_running_share"] == pytest.approx(18 / 30)


@pytest.mark.parametrize(
    ("today", "as_of", "following"),
    [
        (dt.date(2026, 12, 1), dt.date(2026, 11, 30), dt.date(2027, 1, 1)),
        (dt.date(2026, 12, 31), dt.date(2026, 11, 30), dt.date(2027, 1, 1)),
        (dt.date(2027, 1, 1), dt.date(2026, 12, 31), dt.date(2027, 2, 1)),
        (dt.date(2026, 3, 1), dt.date(2026, 2, 28), dt.date(2026, 4, 1)),
    ],
)
def test_attack_day_to_day_public_figures_move_once_a_month(today, as_of, following):
    assert release_as_of(today) == as_of
    assert next_release(today) == following


def test_attack_day_to_day_a_survivor_identified_today_changes_no_public_figure():
    """Regression: comparing two days' public pages located a survivor identified today."""
    today = dt.date(2026, 12, 1)
    survivors = [survivor(f"S{i:04d}", "01/02/2017", "Sliyeg" if i < 40 else "Bongas") for i in range(70)]
    before = published(build_release(dataset(workbook(survivors, [], []), today), release_as_of(today), 10))
    survivors.append(survivor("NEW", today.strftime("%d/%m/%Y"), "Patrol"))
    after = published(build_release(dataset(workbook(survivors, [], []), today), release_as_of(today), 10))
    assert after == before


def test_the_demo_keeps_its_headline_and_hides_few_cells():
    today = dt.date(2026, 12, 1)
    ds = Dataset.from_report(validate(build_demo(today), today))
    rel = build_release(ds, release_as_of(today), 10)
    head = rel.headline
    assert head["known"] == metrics.known(ds, rel.as_of)  # the headline is shown, not hidden
    assert head["rehabilitated"] == metrics.rehabilitated(ds, rel.as_of)
    assert head["coverage"] is not None
    assert rel.hidden["secondary"] <= 10
    assert attacker.attack(published(rel)) == []


def test_reported_survivors_are_published_suppressed_and_tied_to_nothing():
    """Korban Terlapor per year: 0 and 25 shown, 4 shown as <10, a year without one left empty."""
    survivors = [
        survivor(f"S{n:04d}", "01/02/2023" if n > 30 else "01/02/2024", "Bongas") for n in range(1, 41)
    ]
    ds = dataset(
        workbook(
            survivors,
            [activity("T", TRAINING, "01/05/2024", "01/05/2024")],
            [["T", f"S{n:04d}", "Selesai", 1, None, None] for n in range(1, 21)],
            (),
            [[2024, 30, 25, None], [2025, 30, 4, None], [2026, 30, 0, None], [2023, 30, None, None]],
        )
    )
    rel = build_release(ds, AS_OF, 10)
    report = published(rel)
    reported = {row["year"]: row["reported"] for row in report["tables"]["by_year"]["rows"]}
    assert {y: reported[y] for y in (2023, 2024, 2025, 2026)} == {2023: None, 2024: 25, 2025: "<10", 2026: 0}
    assert rel.hidden["primary"] >= 1 and rel.by_year.text.loc[2025, "reported"] == "<10"
    assert attacker.attack(report) == []
    report["tables"]["by_year"]["rows"][-2]["reported"] = 4  # the audit can fail: a small count shown
    assert any("reported = 4" in f for f in attacker.attack(report))


# --------------------------------------------------------------------------- the audit


@st.composite
def regencies(draw):
    """A regency of valid rows: survivors in a few kecamatan (often small groups), trained over the years."""
    districts = draw(st.lists(st.sampled_from(kecamatan.NAMES), min_size=1, max_size=7, unique=True))
    years = list(range(2015, 2027))
    activities = [activity(f"T{y}", TRAINING, f"01/10/{y}", f"02/10/{y}", budget=None) for y in years]
    survivors, participants, visits = [], [], []
    n = 0
    for district in districts:
        size = draw(st.one_of(st.integers(0, 12), st.integers(0, 45)))
        for _ in range(size):
            n += 1
            sid = f"S{n:04d}"
            year = draw(st.sampled_from(years))
            survivors.append(survivor(sid, f"15/0{draw(st.integers(1, 9))}/{year}", district))
            if draw(st.integers(0, 2)):  # two in three are trained, in that year or later
                trained = draw(st.sampled_from([y for y in years if y >= year]))
                participants.append([f"T{trained}", sid, "Selesai", 2, None, None])
                if draw(st.booleans()) and trained < 2026:
                    status = draw(st.sampled_from(["Berjalan", "Berhenti", "Belum Mulai"]))
                    visits.append([sid, f"05/03/{trained + 1}", status, None, "Ya", None, None])
    # Korban Terlapor for some years, small counts included.
    targets = [[y, 10, draw(st.one_of(st.none(), st.integers(0, 15))), None] for y in years]
    return dataset(workbook(survivors, activities, participants, visits, targets))


AUDIT_DATES = (dt.date(2026, 11, 30), dt.date(2020, 12, 31), dt.date(2018, 6, 30))


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(regencies(), st.sampled_from([5, 10]), st.sampled_from(AUDIT_DATES))
def test_audit_no_hidden_count_is_recovered_on_random_regencies(ds, k, as_of):
    report = published(build_release(ds, as_of, k))
    assert attacker.attack(report) == []


@pytest.mark.parametrize("k", [5, 10])
@pytest.mark.parametrize("as_of", AUDIT_DATES)
def test_audit_the_demo_release_through_the_command_line(k, as_of):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sheets",
            "public",
            "--demo",
            "--json",
            "--k",
            str(k),
            "--as-of",
            as_of.isoformat(),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    report = json.loads(result.stdout)
    assert report["as_of"] == as_of.isoformat() and report["k"] == k
    assert attacker.attack(report) == []


def test_the_attacker_finds_what_table_by_table_suppression_leaks():
    """The audit can fail: the old per-table answer (one hidden kecamatan of 3 beside a total) is caught."""
    report = published(build_release(regency({"Sliyeg": (3, 0), "Bongas": (40, 30)}), AS_OF, 10))
    rows = report["tables"]["by_district"]["rows"]
    for row in rows:  # publish every kecamatan but the small one, as a per-cell rule would
        if row["district"] == "Bongas":
            row["known"], row["rehabilitated"] = 40, 30
    report["headline"]["known"] = report["tables"]["by_district"]["total"]["known"] = 43
    findings = attacker.attack(report)
    assert any("Sliyeg.known" in f and "pinned to 3" in f for f in findings), findings


# --------------------------------------------------------------------------- successive publications


@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    regencies(),
    st.sampled_from([5, 10]),
    st.sampled_from(
        [(dt.date(2026, 9, 30), dt.date(2026, 11, 30)), (dt.date(2019, 12, 31), dt.date(2020, 12, 31))]
    ),
)
def test_audit_two_successive_publications_reveal_no_hidden_count(ds, k, dates):
    """The next publication is suppressed against the last: their difference locates nobody."""
    first = build_release(ds, dates[0], k)
    second = build_release(ds, dates[1], k, previous=first.cells)
    assert attacker.attack_pair(published(first), published(second)) == []


def test_attack_two_publications_a_new_survivor_in_a_small_kecamatan_stays_hidden():
    """Regression: two releases a month apart showed Patrol 17 then 18: one survivor identified there."""
    survivors = [survivor(f"S{i:04d}", "01/02/2017", "Sliyeg" if i < 40 else "Patrol") for i in range(57)]
    survivors.append(survivor("NEW", "05/11/2026", "Patrol"))
    ds = dataset(workbook(survivors, [], []))
    october = build_release(ds, dt.date(2026, 10, 31), 10)
    naive = build_release(ds, dt.date(2026, 11, 30), 10)
    assert attacker.attack_pair(published(october), published(naive))  # suppressed alone, it leaks
    november = build_release(ds, dt.date(2026, 11, 30), 10, previous=october.cells)
    assert november.by_district.frame.loc["Patrol", "known"] is None
    assert attacker.attack_pair(published(october), published(november)) == []


def test_revisions_name_the_published_figures_the_data_now_gives_differently():
    survivors = [survivor(f"S{i:04d}", "01/02/2023", "Sliyeg" if i < 40 else "Bongas") for i in range(70)]
    before = dataset(workbook(survivors, [], []))
    published = json.loads(json.dumps(build_release(before, dt.date(2026, 10, 31), 10).to_json()))
    survivors += [survivor(f"L{i}", "03/04/2023", "Bongas") for i in range(2)]  # found late, typed in now
    after = dataset(workbook(survivors, [], []))
    found = revisions(published, after)
    changed = {(t, r, c): (p, n) for t, r, c, p, n in found.itertuples(index=False)}
    assert changed[("by_year", "2023", "known")] == (70, 72)
    assert changed[("headline", "", "known")] == (70, 72)
    assert changed[("by_district", "Bongas", "known")] == (30, 32)
    assert ("by_district", "Sliyeg", "known") not in changed
    assert revisions(published, before).empty
