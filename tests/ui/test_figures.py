"""The pure figure builders and the pace sentence: data in, figure (or text) out, in both languages."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from present import areas, figures, i18n, overview, profile, programme, quality, sentences
from sheets import kecamatan, metrics
from sheets.demo import build_demo
from sheets.metrics import Dataset, Filters, Pace
from sheets.validate import validate

AS_OF = dt.date(2018, 12, 31)
TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def report():
    return validate(build_demo(TODAY), TODAY)


@pytest.fixture(scope="module")
def demo(report) -> Dataset:
    return Dataset.from_report(report)


def trace(fig, name: str):
    found = [t for t in fig.data if t.name == name]
    assert len(found) == 1, [t.name for t in fig.data]
    return found[0]


def title(fig) -> str:
    return fig.layout.title.text


def by_x(t) -> dict:
    return dict(zip(t.x, t.y))


# --------------------------------------------------------------------------- progress


def test_cumulative_progress_shows_running_totals_and_finding(demo: Dataset) -> None:
    yearly = metrics.by_year(demo, AS_OF)
    fig = overview.cumulative_progress(yearly, metrics.pace(demo, AS_OF), "en")
    rehab = by_x(trace(fig, "Rehabilitated (cumulative)"))
    assert rehab[2017] == 70 and rehab[2018] == 90
    assert by_x(trace(fig, "Known (cumulative)"))[2018] == metrics.known(demo, AS_OF)
    known = metrics.known(demo, AS_OF)
    assert title(fig) == f"90 of {known} known survivors rehabilitated ({i18n.percent(90 / known, 'en')})"
    assert fig.layout.separators == ".,"


def slope(t) -> float:
    return (t.y[-1] - t.y[0]) / (t.x[-1] - t.x[0])


def test_cumulative_lines_ahead_rise_as_the_pace_sentence_says(demo: Dataset) -> None:
    pace = metrics.pace(demo, TODAY)
    fig = overview.cumulative_progress(metrics.by_year(demo, TODAY), pace, "id")
    rehab, known = metrics.rehabilitated(demo, TODAY), metrics.known(demo, TODAY)
    now = metrics.year_fraction(TODAY)
    assert 2025 < now < 2026  # 28 November 2026 sits just before the end of 2026
    needed = trace(fig, i18n.t("fig.needed", "id"))
    assert (needed.x[0], needed.y[0]) == (now, rehab)
    assert (needed.x[-1], needed.y[-1]) == (pace.target_year, known + pace.expected_new)
    # the line rises by the figure the sentence gives (rounded up), not by waiting / whole years
    assert pace.needed_per_year - 1 < slope(needed) <= pace.needed_per_year
    assert f"diperlukan {pace.needed_per_year} per tahun" in sentences.pace_sentence(pace, "id")
    done = trace(fig, i18n.t("fig.projection", "id"))
    assert done.line.dash == "dot" and done.y[0] == rehab and slope(done) == pytest.approx(pace.per_year)
    ahead = trace(fig, i18n.t("fig.projection_known", "id"))
    assert ahead.y[0] == known and slope(ahead) == pytest.approx(pace.identified_per_year)
    assert title(fig).startswith(f"{rehab} dari {known} korban")


def test_cumulative_projections_meet_in_the_year_the_list_empties(demo: Dataset) -> None:
    yearly = metrics.by_year(demo, TODAY)
    rehab, known = metrics.rehabilitated(demo, TODAY), metrics.known(demo, TODAY)
    shrinking = metrics.pace_from(
        TODAY, known - rehab, {y: 120 for y in range(2023, 2026)}, {y: 20 for y in range(2023, 2026)}, 2030
    )
    fig = overview.cumulative_progress(yearly, shrinking, "en")
    done, ahead = (
        trace(fig, "Rehabilitated, at the recent pace"),
        trace(fig, "Known, if identifications go on"),
    )
    assert done.x[-1] == ahead.x[-1] and done.y[-1] == pytest.approx(ahead.y[-1])
    assert shrinking.projected_year - 1 < done.x[-1] <= shrinking.projected_year


def test_cumulative_of_past_years_draws_nothing_ahead(demo: Dataset) -> None:
    fig = overview.cumulative_progress(metrics.by_year(demo, AS_OF), None, "en")
    assert [t.name for t in fig.data] == ["Known (cumulative)", "Rehabilitated (cumulative)"]


def test_yearly_rehabilitated_bars_and_targets(demo: Dataset) -> None:
    fig = overview.yearly_rehabilitated(metrics.by_year(demo, AS_OF), "en")
    bars = by_x(trace(fig, "Rehabilitated"))
    assert bars[2017] == 70 and bars[2018] == 20
    assert bars == metrics.rehabilitated_by_year(demo, AS_OF)
    assert by_x(trace(fig, "Target"))[2018] == 20
    assert title(fig) == "2018: 20 rehabilitated against a target of 20"
    assert fig.layout.xaxis.title.text == "Year"


def test_yearly_without_targets_for_a_filtered_view(demo: Dataset) -> None:
    fig = overview.yearly_rehabilitated(metrics.by_year(demo, AS_OF), "en", with_targets=False)
    assert [t.name for t in fig.data] == ["Rehabilitated"] and title(fig) == "2018: 20 rehabilitated"


def test_yearly_title_without_target(demo: Dataset) -> None:
    yearly = metrics.by_year(demo, AS_OF).assign(target=pd.array([None] * 4, dtype="Int64"))
    fig = overview.yearly_rehabilitated(yearly, "id")
    assert title(fig) == "2018: 20 direhabilitasi"
    assert [t.name for t in fig.data] == ["Sudah direhabilitasi"]


def test_empty_inputs_give_a_titled_empty_figure() -> None:
    empty = pd.DataFrame(
        columns=[
            "year",
            "known",
            "rehabilitated",
            "known_cumulative",
            "rehabilitated_cumulative",
            "coverage",
            "target",
        ]
    )
    fig = overview.cumulative_progress(empty, None, "en")
    assert not fig.data and title(fig) == "No survivor recorded yet"


# --------------------------------------------------------------------------- areas and profile


def test_districts_lists_all_31_with_the_biggest_gap_on_top(demo: Dataset) -> None:
    frame = metrics.by_district(demo, TODAY)
    fig = areas.districts(frame, "id")
    known = trace(fig, "Korban diketahui")
    assert set(known.y) == set(kecamatan.NAMES) and len(known.y) == 31
    assert known.y[-1] == frame["district"].iloc[0]  # plotly's last category is drawn on top
    assert 0 in known.x  # kecamatan without survivors are still listed
    top = frame.iloc[0]
    assert title(fig) == f"Paling banyak menunggu: {top['district']} ({top['waiting']} korban)"


def test_districts_filtered_keeps_only_the_chosen(demo: Dataset) -> None:
    frame = metrics.by_district(demo.filtered(Filters(districts=("Cikedung",))), AS_OF)
    fig = areas.districts(frame, "en")
    assert list(trace(fig, "Rehabilitated").x) == [20]
    assert title(fig).startswith("Most survivors waiting: Cikedung")


@pytest.mark.parametrize("column", metrics.BREAKDOWNS)
def test_category_translates_values_and_states_the_top_one(demo: Dataset, column: str) -> None:
    frame = metrics.by_category(demo, TODAY, column)
    fig = profile.category(frame, column, "en")
    known = trace(fig, "Known survivors")
    assert sum(known.x) == metrics.known(demo, TODAY)
    labels = set(known.y)
    assert not {"Perempuan", "Luar Negeri", "Kerja Paksa", "Kepolisian", "True", "<NA>"} & labels
    assert title(fig).endswith("of known survivors")
    assert "Not recorded" not in title(fig)


def test_category_sex_in_indonesian(demo: Dataset) -> None:
    frame = metrics.by_category(demo, TODAY, "sex")
    fig = profile.category(frame, "sex", "id")
    women = int(frame.set_index("sex").loc["Perempuan", "known"])
    share = i18n.percent(women / frame["known"].sum(), "id")
    assert title(fig) == f"Perempuan: {share} dari korban diketahui"
    assert list(trace(fig, "Korban diketahui").y) == ["Laki-laki", "Perempuan"]  # contract order, top down


def test_age_groups_keep_band_order(demo: Dataset) -> None:
    fig = profile.category(metrics.by_category(demo, TODAY, "age_group"), "age_group", "id")
    bands = [b for b in reversed(trace(fig, "Korban diketahui").y) if b != "Tidak diisi"]
    assert bands == sorted(bands, key=[label for _, _, label in metrics.AGE_BANDS].index)


def test_identification_trend_stacks_to_known_per_year(demo: Dataset) -> None:
    long = metrics.identified_by_year(demo, TODAY, "sex")
    fig = profile.identification_trend(long, "sex", "en")
    assert {t.name for t in fig.data} == {"Female", "Male"}
    totals: dict[int, int] = {}
    for t in fig.data:
        for x, y in zip(t.x, t.y):
            totals[x] = totals.get(x, 0) + y
    assert totals == metrics.known_by_year(demo, TODAY)
    assert trace(fig, "Female").marker.color == figures.colour("Perempuan")
    assert title(fig).startswith("Identified per year: most in ")


def test_one_colour_per_category_everywhere() -> None:
    assert figures.colour("Perempuan") != figures.colour("Laki-laki")
    assert figures.colour("Kamboja", "destination") == figures.colour("Kamboja", "destination")
    assert figures.colour(None) == figures.MISSING
    palette = {
        figures.BLACK,
        figures.ORANGE,
        figures.SKY,
        figures.GREEN,
        figures.YELLOW,
        figures.BLUE,
        figures.VERMILLION,
        figures.PURPLE,
        figures.OTHER,
    }
    assert set(figures.VALUE.values()) <= palette and set(figures.MEASURE.values()) <= palette


# --------------------------------------------------------------------------- programme


def test_activity_timeline_one_dot_per_activity(demo: Dataset) -> None:
    summary = metrics.activity_summary(demo, AS_OF)
    fig = programme.activity_timeline(summary, "en")
    assert sum(len(t.x) for t in fig.data) == len(summary)
    assert "Skills training" in {t.name for t in fig.data}
    first = int(summary["starts_on"].dt.year.min())
    people = int(summary["participants"].sum())
    assert title(fig) == f"{len(summary)} activities, {people} participants since {first}"


def test_spending_stacks_budget_and_aid_in_millions(demo: Dataset) -> None:
    cost = metrics.cost_by_year(demo, TODAY)
    fig = programme.spending(cost, demo.targets, "id")
    row = cost.set_index("year").loc[2018]
    assert by_x(trace(fig, "Anggaran kegiatan"))[2018] == pytest.approx(row["budget"] / 1e6)
    assert by_x(trace(fig, "Nilai bantuan"))[2018] == pytest.approx(row["aid"] / 1e6)
    planned = by_x(trace(fig, "Pagu tahunan (tab Target)"))
    assert planned[2018] == pytest.approx(120)
    assert title(fig).startswith(f"Belanja {TODAY.year}: Rp\u00a0")
    assert len(programme.spending(cost, None, "id").data) == 2  # no yearly budget for a filtered view


def test_cost_per_survivor_title_in_both_languages(demo: Dataset) -> None:
    cost = metrics.cost_by_year(demo, AS_OF)
    per = cost.set_index("year").loc[2018, "cost_per_rehabilitated"]
    assert title(programme.cost_per_survivor(cost, "en")) == (
        f"Cost per rehabilitated survivor in 2018: {i18n.money(per, 'en')}"
    )
    indonesian = title(programme.cost_per_survivor(cost, "id"))
    assert indonesian.startswith("Biaya per korban direhabilitasi 2018: Rp\u00a0")
    assert i18n.money(per, "id").endswith("jt")


def test_outcomes_shares_per_cohort(demo: Dataset) -> None:
    cohorts = metrics.outcomes_by_cohort(demo, TODAY)
    fig = programme.outcomes(cohorts, "en")
    running = by_x(trace(fig, "Business running"))
    expected = float(cohorts.set_index("year").loc[2017, "business_running_share"])
    assert running[2017] == pytest.approx(expected)
    overall = metrics.business_running_share(demo, TODAY)
    assert title(fig) == f"Business still running for {i18n.percent(overall, 'en')} of survivors followed up"
    assert fig.layout.yaxis.tickformat == ".0%"


def test_incomes_box_per_cohort(demo: Dataset) -> None:
    latest = metrics.latest_incomes(demo, TODAY)
    fig = programme.incomes(latest, "id")
    assert sum(len(t.y) for t in fig.data) == len(latest)
    assert title(fig) == f"Median pendapatan per bulan: {i18n.money(latest['monthly_income'].median(), 'id')}"


def test_checkpoint_record_counts_missed(demo: Dataset) -> None:
    table = metrics.missed_checkpoints(demo, TODAY)
    fig = programme.checkpoint_record(table, "en")
    missed = trace(fig, "Missed")
    assert list(missed.x) == [int(v) for v in table["missed"]]
    assert list(missed.y) == ["3 months", "6 months", "12 months"]
    total = int(table[["done", "done_late", "missed"]].to_numpy().sum())
    assert title(fig).startswith(f"{int(table['missed'].sum())} of {total} checkpoints missed")


def test_issues_by_tab(report) -> None:
    tabs = list(report.counts)
    fig = quality.issues_by_tab(report.issues, tabs, "id")
    errors = trace(fig, "Kesalahan")
    assert dict(zip(errors.y, errors.x))["Korban"] == int(
        ((report.issues["tab"] == "Korban") & (report.issues["severity"] == "error")).sum()
    )
    assert list(errors.y) == tabs
    n = len(report.issues)
    assert title(fig).startswith(f"{n} masalah: ")
    english = quality.issues_by_tab(report.issues, tabs, "en")
    assert "Korban (Survivors)" in trace(english, "Error").y


@pytest.mark.parametrize(
    "builder, frame",
    [
        (programme.activity_timeline, pd.DataFrame(columns=["kind", "participants"])),
        (
            programme.spending,
            pd.DataFrame({"year": [2020], "budget": [None], "aid": [None], "spent": [None]}),
        ),
        (programme.cost_per_survivor, pd.DataFrame({"year": [2020], "cost_per_rehabilitated": [None]})),
        (programme.outcomes, pd.DataFrame(columns=["year", "followed_up"])),
        (programme.incomes, pd.DataFrame(columns=["rehab_year", "monthly_income"])),
        (programme.checkpoint_record, pd.DataFrame(columns=["checkpoint", "done", "done_late", "missed"])),
    ],
)
def test_builders_accept_empty_frames(builder, frame) -> None:
    args = (frame, pd.DataFrame(columns=["year", "budget"])) if builder is programme.spending else (frame,)
    fig = builder(*args, "en")
    assert not fig.data and title(fig)


# --------------------------------------------------------------------------- pace sentence


def pace(
    waiting: int = 354, rehab: int = 26, ident: int = 52, target: int | None = 2028, as_of: dt.date = TODAY
) -> Pace:
    last = metrics.last_complete_year(as_of)
    years = range(last - 2, last + 1)
    return metrics.pace_from(as_of, waiting, {y: rehab for y in years}, {y: ident for y in years}, target)


def test_pace_sentence_in_english_for_a_growing_list() -> None:
    assert sentences.pace_sentence(pace(), "en") == (
        "Over the last 3 years (2023–2025), 26 survivors a year were rehabilitated and 52 newly identified, "
        "so the waiting list (354 survivors) grows by about 26 a year: at this pace it never empties. "
        "To reach everyone by the end of 2028 (the 354 waiting plus about 109 expected to be identified by "
        "then, in the 2.1 years left), 222 per year are needed."
    )


def test_pace_sentence_in_indonesian_for_a_shrinking_list() -> None:
    assert sentences.pace_sentence(pace(waiting=100, rehab=60, ident=20, target=2030), "id") == (
        "Dalam 3 tahun terakhir (2023–2025) rata-rata 60 korban direhabilitasi dan 20 korban baru "
        "teridentifikasi per tahun, sehingga daftar tunggu (100 korban) berkurang sekitar 40 per tahun dan "
        "habis pada 2029. Agar semua terjangkau pada akhir 2030 (100 yang menunggu ditambah sekitar 82 yang "
        "diperkirakan teridentifikasi sampai saat itu, dalam 4,1 tahun tersisa), diperlukan 45 per tahun; "
        "laju saat ini sudah cukup."
    )


def test_pace_sentence_variants() -> None:
    assert (
        sentences.pace_sentence(pace(waiting=0), "en") == "Every survivor known today has been rehabilitated."
    )
    stalled = sentences.pace_sentence(pace(rehab=0), "en")
    assert stalled.startswith(
        "No survivor was rehabilitated in the last 3 years (2023–2025), while 52 a year"
    )
    assert stalled.endswith("222 per year are needed.")
    steady = sentences.pace_sentence(pace(rehab=30, ident=30), "en")
    assert "does not shrink: at this pace it never empties" in steady
    passed = sentences.pace_sentence(pace(target=2025), "en")
    assert passed.endswith("The last target year (2025) has passed with 354 survivors still waiting.")
    assert sentences.pace_sentence(pace(target=None), "id").endswith("Tab Target belum berisi tahun target.")
    late = sentences.pace_sentence(pace(waiting=30, target=2026, as_of=dt.date(2026, 12, 20)), "en")
    assert late.endswith(
        "To reach everyone by the end of 2026, 32 survivors (the 30 waiting plus about 2 "
        "expected to be identified) must be rehabilitated in the 11 days left."
    )
    one = sentences.pace_sentence(pace(waiting=1, rehab=0, ident=0, target=2030), "en")
    assert one.endswith("1 per year is needed.")


def test_period_sentence_for_past_years(demo: Dataset) -> None:
    view = demo.filtered(Filters(years=(2017, 2018)))
    text = sentences.period_sentence(metrics.by_year(view, AS_OF), "en")
    assert text.startswith("In 2017–2018, 90 survivors were rehabilitated and ")
    assert text.endswith("were still waiting.")


def test_pace_sentence_on_the_demo(demo: Dataset) -> None:
    p = metrics.pace(demo, TODAY)
    text = sentences.pace_sentence(p, "en")
    assert p.projected_year is None and "grows by about" in text  # 52 a year found, 26 rehabilitated
    assert f"{p.needed_per_year} per year are needed" in text and str(p.target_year) in text


def _page_figures(demo: Dataset) -> list:
    """A figure of every kind the pages draw (with a legend, with a long title, with annotations)."""
    from present import profile

    ctx = type("Ctx", (), {"dataset": demo, "as_of": TODAY, "lang": "id"})()
    yearly = metrics.by_year(demo, AS_OF)
    pace = metrics.pace(demo, AS_OF)
    return [
        overview.cumulative_progress(yearly, pace, "en"),
        overview.yearly_rehabilitated(yearly, "id"),
        areas.districts(metrics.by_district(demo, AS_OF), "en"),
        *(profile.profile_category(ctx, b) for b in ("sex", "age_group", "destination")),
        profile.profile_trend(ctx, "sex"),
        programme.spending(metrics.cost_by_year(demo, AS_OF), None, "en"),
    ]


def test_fitting_a_figure_to_the_screen_gives_what_the_whole_copy_gave(demo: Dataset) -> None:
    import json

    import plotly.io

    for fig in _page_figures(demo):
        before = fig.to_json()
        ours, copied = (
            json.loads(plotly.io.to_json(f(fig))) for f in (figures.for_screen, figures._for_screen_by_copy)
        )
        assert ours == copied  # the same figure for plotly.js (the keys may come in another order)
        assert fig.to_json() == before  # the shared figure itself is left as it was
