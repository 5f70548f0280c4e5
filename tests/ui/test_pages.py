"""Every page through the real router (app.py + st.navigation) with Streamlit's AppTest, on the demo.

AppTest on Streamlit 1.67 runs st.navigation pages (`switch_page` resolves them by
file), so these tests drive the sidebar and the pages exactly as app.py composes
them; one test also runs each page file on its own.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from present import i18n, sentences
from sheets import metrics
from sheets.demo import DELIBERATE_PROBLEMS, build_demo
from sheets.metrics import Dataset, Filters
from sheets.validate import Report, validate
from tests.ui import ROOT
from ui import access, data

AS_OF = dt.date(2018, 12, 31)
TIMEOUT = 60


@pytest.fixture(scope="module")
def report() -> Report:
    """The demo report exactly as the app loads it (same 'today')."""
    today = data.today()
    return validate(build_demo(today), today)


@pytest.fixture(scope="module")
def demo(report: Report) -> Dataset:
    return Dataset.from_report(report)


@pytest.fixture(autouse=True)
def demo_source(monkeypatch):
    """The demo, whatever the developer's environment says."""
    monkeypatch.delenv(data.ENV_WORKBOOK, raising=False)


OVERVIEW = "app_pages/overview.py"  # the default page is the public presentation; these tests look at staff's


def downloaded(at: AppTest, label: str) -> tuple[str, bytes]:
    """Click a staff download button: the file name and bytes this browser is handed to save."""
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    (handed,) = [e for e in at.get("bidi_component") if e.proto.component_name == "pulih_private_download"]
    payload = json.loads(handed.proto.json)
    return payload["name"], base64.b64decode(payload["content"])


def run_app(page: str | None = OVERVIEW, **query: str | list[str]) -> AppTest:
    """Run app.py with `query` in the URL, then switch to `page` (under pages/; default: the overview)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    if page:
        at.switch_page(page).run()
    return at


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def plotly_specs(at: AppTest) -> list[dict]:
    """The figure JSON of every plotly chart on the page."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def trace(specs: list[dict], name: str, kind: str) -> dict:
    """The one trace called `name` of type `kind` among `specs`."""
    found = [t for spec in specs for t in spec["data"] if t.get("name") == name and t.get("type") == kind]
    assert len(found) == 1, [t.get("name") for spec in specs for t in spec["data"]]
    return found[0]


def by_year(t: dict) -> dict[int, int]:
    return {int(x): y for x, y in zip(t["x"], t["y"])}


VIEWS = {
    "today": {},
    "end-2018": {"asof": AS_OF.isoformat()},
    "years-sex": {"years": "2017-2020", "sex": "Laki-laki", "lang": "en"},
    # Business aid alone rehabilitates nobody: every figure that needs a rehabilitation is empty.
    "kind-only": {"kind": "Bantuan Usaha", "asof": "2021-06-30"},
}


@pytest.mark.parametrize("spec", access.PAGES, ids=lambda spec: spec.key)
@pytest.mark.parametrize("view", VIEWS, ids=str)
def test_every_page_runs_on_the_demo(spec: access.PageSpec, view: str) -> None:
    at = run_app(spec.path, **VIEWS[view])
    assert not at.exception, at.exception
    assert at.title[0].value == i18n.t(f"page.{spec.key}", VIEWS[view].get("lang", "id"))


def test_overview_kpis_are_the_data_layers_figures(demo: Dataset) -> None:
    at = run_app(asof=AS_OF.isoformat())
    values = metric_values(at)
    known, rehab = metrics.known(demo, AS_OF), metrics.rehabilitated(demo, AS_OF)
    assert values[i18n.t("kpi.known", "id")] == i18n.number(known, "id")
    assert values[i18n.t("kpi.rehabilitated", "id")] == i18n.number(rehab, "id")
    assert values[i18n.t("kpi.coverage", "id")] == i18n.percent(metrics.coverage(demo, AS_OF), "id")
    assert values[i18n.t("kpi.waiting", "id")] == i18n.number(known - rehab, "id")
    year = metrics.rehabilitated_by_year(demo, AS_OF)[2018]
    target = int(demo.targets.set_index("year").loc[2018, "target"])
    assert values[i18n.t("kpi.this_year_target", "id", year=2018)] == f"{year} / {target}"
    # CONTRACT.md's published anchors: 70 in 2017, 20 in 2018, 90 in total.
    assert values[i18n.t("kpi.rehabilitated", "id")] == "90"
    assert values[i18n.t("kpi.this_year_target", "id", year=2018)].startswith("20 /")


def test_overview_charts_show_the_yearly_anchors(demo: Dataset) -> None:
    at = run_app(asof=AS_OF.isoformat())
    specs = plotly_specs(at)
    per_year = by_year(trace(specs, i18n.t("fig.rehabilitated", "id"), "bar"))
    expected = metrics.rehabilitated_by_year(demo, AS_OF)
    assert per_year == expected
    assert per_year[2017] == 70 and per_year[2018] == 20
    cumulative = by_year(trace(specs, i18n.t("fig.rehabilitated_cumulative", "id"), "scatter"))
    assert cumulative[2018] == 90
    assert any("90" in spec["layout"]["title"]["text"] for spec in specs)


def test_overview_shows_pace_sentence_and_excluded_rows(demo: Dataset, report: Report) -> None:
    at = run_app()
    sentence = sentences.pace_sentence(metrics.pace(demo, data.today()), "id")
    assert any(sentence in m.value for m in at.markdown)
    excluded = int(report.accounting()["rows_excluded"].sum())
    assert excluded > 0
    assert [w.value for w in at.warning] == [i18n.t("overview.excluded", "id", n=excluded)]


def test_kecamatan_filter_changes_the_figures(demo: Dataset) -> None:
    at = run_app(asof=AS_OF.isoformat())
    before = metric_values(at)[i18n.t("kpi.rehabilitated", "id")]
    at.sidebar.multiselect(key="districts").set_value(["Cikedung"]).run()
    assert not at.exception
    after = metric_values(at)[i18n.t("kpi.rehabilitated", "id")]
    cikedung = demo.filtered(Filters(districts=("Cikedung",)))
    assert after == i18n.number(metrics.rehabilitated(cikedung, AS_OF), "id") == "20"
    assert after != before
    specs = plotly_specs(at)
    per_year = by_year(trace(specs, i18n.t("fig.rehabilitated", "id"), "bar"))
    assert per_year[2017] == 0 and per_year[2018] == 20
    # The Target tab's targets are for the whole regency, so a kecamatan's view leaves them out.
    assert not [t for spec in specs for t in spec["data"] if t.get("name") == i18n.t("fig.target", "id")]
    assert i18n.t("kpi.this_year", "id", year=2018) in metric_values(at)
    assert at.query_params["kec"] == "Cikedung"  # the filter is in the address, ready to share


def test_filters_from_the_url_apply_on_every_page(demo: Dataset) -> None:
    at = run_app("app_pages/areas.py", asof=AS_OF.isoformat(), kec=["Cikedung", "Lelea"], sex="Perempuan")
    assert not at.exception
    shown = at.dataframe[0].value
    assert sorted(shown[i18n.column_label("district", "id", "Korban")]) == ["Cikedung", "Lelea"]
    ds = demo.filtered(Filters(districts=("Cikedung", "Lelea"), sexes=("Perempuan",)))
    assert int(shown[i18n.t("col.known", "id")].sum()) == metrics.known(ds, AS_OF)
    assert "Cikedung" in at.caption[0].value  # the page says what it is filtered by


def test_language_switch_changes_labels() -> None:
    at = run_app()
    assert i18n.t("kpi.known", "id") in metric_values(at)
    at.sidebar.segmented_control(key="lang").set_value("en").run()
    assert not at.exception
    assert i18n.t("kpi.known", "en") in metric_values(at)
    assert at.title[0].value == "Overview"
    assert at.query_params["lang"] == "en"
    specs = plotly_specs(at)
    assert trace(specs, "Rehabilitated", "bar")
    assert all(spec["layout"]["separators"] == ".," for spec in specs)
    at.switch_page("app_pages/quality.py").run()
    assert at.title[0].value == "Data quality"
    headers = list(at.dataframe[-1].value.columns)
    assert i18n.t("col.message", "en") in headers and "message_en" not in headers


def test_areas_lists_all_31_kecamatan_with_labels() -> None:
    at = run_app("app_pages/areas.py")
    table = at.dataframe[0].value
    assert len(table) == 31
    assert list(table.columns)[:3] == ["Kecamatan", "Kode", "Diketahui"]
    assert not {"district", "known", "survivor_id"} & set(table.columns)
    chart = plotly_specs(at)[0]
    assert len(set(chart["data"][0]["y"])) == 31


def test_quality_page_lists_the_deliberate_problems() -> None:
    at = run_app("app_pages/quality.py")
    issues = at.dataframe[-1].value
    rule = i18n.t("col.code_rule", "id")
    assert {code for _, _, code in DELIBERATE_PROBLEMS} <= set(issues[rule])
    assert not {"message_id", "code", "severity"} & set(issues.columns)
    name, content = downloaded(at, "Unduh CSV")
    assert name == f"masalah-data-{data.today().isoformat()}.csv" and content.startswith(b"\xef\xbb\xbf")
    assert len(list(csv.reader(content.decode("utf-8-sig").splitlines()))) == len(issues) + 1
    name, content = downloaded(at, "Unduh Excel")
    assert name.endswith(".xlsx") and content[:2] == b"PK"  # a zip: the .xlsx container


def test_quality_filters_narrow_the_list() -> None:
    at = run_app("app_pages/quality.py")
    at.multiselect(key="quality_severities").set_value(["warning"]).run()
    issues = at.dataframe[-1].value
    assert set(issues[i18n.t("col.severity", "id")]) == {"Peringatan"}


def test_worklist_for_staff_lists_overdue_first(demo: Dataset) -> None:
    at = run_app("app_pages/follow_up.py")
    table = at.dataframe[0].value
    expected = metrics.follow_up_worklist(demo, data.today())
    assert len(table) == len(expected)
    late = list(table[i18n.t("col.days_late", "id")])
    assert late == sorted(late, reverse=True)
    name, content = downloaded(at, i18n.t("follow_up.download", "id"))
    assert name.startswith("tindak-lanjut-")
    assert len(content.decode("utf-8-sig").splitlines()) == len(table) + 1


def test_worklist_hidden_from_the_public(monkeypatch) -> None:
    monkeypatch.setattr(access, "current_role", lambda: "publik")
    at = run_app(page=None)
    with pytest.raises(ValueError):
        at.switch_page("app_pages/follow_up.py")  # not in the navigation for this role
    direct = AppTest.from_file(str(ROOT / "app_pages" / "follow_up.py"), default_timeout=TIMEOUT).run()
    assert not direct.exception
    assert direct.warning[0].value == i18n.t("access.denied", "id")
    assert not direct.dataframe


@pytest.mark.parametrize("spec", access.PAGES, ids=lambda spec: spec.key)
def test_each_page_runs_on_its_own(spec: access.PageSpec) -> None:
    at = AppTest.from_file(str(ROOT / spec.path), default_timeout=TIMEOUT)
    at.session_state["lang"] = "en"
    at.query_params["asof"] = AS_OF.isoformat()
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == i18n.t(f"page.{spec.key}", "en")


def test_empty_filter_result_is_a_friendly_message() -> None:
    for spec in access.PAGES:
        at = run_app(spec.path, asof="2016-12-31", kec="Gantar")  # nobody known in Gantar by then
        assert not at.exception, (spec.key, at.exception)
    at = run_app(asof="2016-12-31", kec="Gantar")
    assert at.info[0].value == i18n.t("empty.filter", "id")


def test_missing_tabs_never_raise(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(access, "current_role", lambda: "staf")  # real data without login is public-only
    raw = build_demo(data.today())
    tab = raw.find("Korban")
    with open(tmp_path / "Data Rehabilitasi - Korban.csv", "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["" if c is None else c for c in row] for row in tab.rows])
    monkeypatch.setenv(data.ENV_WORKBOOK, str(tmp_path))
    for spec in access.PAGES:
        at = run_app(spec.path)
        assert not at.exception, (spec.key, at.exception)
    at = run_app("app_pages/quality.py")
    assert i18n.t("quality.structure", "id") in at.error[0].value
    at = run_app("app_pages/programme.py")
    assert any(i18n.t("empty.tab", "id", tab="Kegiatan") == box.value for box in at.info)


def test_unreadable_source_is_explained(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(access, "current_role", lambda: "staf")
    monkeypatch.setenv(data.ENV_WORKBOOK, str(tmp_path / "tidak-ada.xlsx"))
    at = run_app()
    assert not at.exception
    assert i18n.t("source.error", "id") in at.error[0].value
    assert at.sidebar.button  # the refresh button is still there


def test_as_of_quick_choice_and_refresh() -> None:
    at = run_app()
    at.sidebar.selectbox(key="as_of_choice").set_value("2018").run()
    assert metric_values(at)[i18n.t("kpi.rehabilitated", "id")] == "90"
    assert at.query_params["asof"] == "2018-12-31"
    refresh = [b for b in at.sidebar.button if b.label == i18n.t("side.refresh", "id")]
    refresh[0].click().run()
    assert not at.exception
    # AppTest's st.rerun() returns to the default page (a browser stays on its page): go back to it.
    at.switch_page(OVERVIEW).run()
    assert metric_values(at)[i18n.t("kpi.rehabilitated", "id")] == "90"  # the view survives a reload


def test_a_year_filter_is_one_period_for_every_figure_of_the_overview(demo: Dataset) -> None:
    at = run_app(years="2017-2018")
    end = dt.date(2018, 12, 31)
    known, rehab = metrics.known(demo, end), metrics.rehabilitated(demo, end)
    values = metric_values(at)
    # the tiles and the chart title below answer the same question: the end of 2018
    assert values[i18n.t("kpi.rehabilitated", "id")] == "90"
    assert values[i18n.t("kpi.known", "id")] == i18n.number(known, "id")
    share = i18n.percent(rehab / known, "id")
    assert values[i18n.t("kpi.coverage", "id")] == share
    titles = [spec["layout"]["title"]["text"] for spec in plotly_specs(at)]
    assert any(t.startswith(f"90 dari {known} korban") and share in t for t in titles), titles
    # a past period draws nothing ahead and says what happened in it
    names = {t.get("name") for spec in plotly_specs(at) for t in spec["data"]}
    assert i18n.t("fig.projection", "id") not in names and i18n.t("fig.needed", "id") not in names
    assert any(
        m.value.endswith(
            sentences.period_sentence(metrics.by_year(demo.filtered(Filters(years=(2017, 2018))), end), "id")
        )
        for m in at.markdown
    )
    # and the page says what the year filter means
    assert any(i18n.t("view.years", "id", first=2017, last=2018) in c.value for c in at.caption)


def test_costs_under_a_survivor_filter_are_apportioned_by_participants(demo: Dataset) -> None:
    today = data.today()
    overall = metrics.money_summary(demo, today)
    parts = [
        metrics.money_summary(demo.filtered(Filters(sexes=(sex,))), today)
        for sex in ("Laki-laki", "Perempuan")
    ]
    # every activity of the demo has participants: the shares add up to the whole budget
    assert sum(p["budget"] for p in parts) == pytest.approx(overall["budget"])
    men = parts[0]["cost_per_rehabilitated"]
    assert 0.5 * overall["cost_per_rehabilitated"] < men < 1.5 * overall["cost_per_rehabilitated"]
    at = run_app("app_pages/programme.py", sex="Laki-laki", bagian="dana")
    assert ctx_caption(at, i18n.t("programme.money_apportioned", "id"))
    cost = trace(plotly_specs(at), i18n.t("fig.cost", "id"), "bar")
    per_year = metrics.cost_by_year(demo.filtered(Filters(sexes=("Laki-laki",))), today)
    shown = per_year.dropna(subset=["cost_per_rehabilitated"])
    assert cost["y"] == pytest.approx(list(shown["cost_per_rehabilitated"].astype(float) / 1e6))
    assert not ctx_caption(
        run_app("app_pages/programme.py", bagian="dana"), i18n.t("programme.money_apportioned", "id")
    )


def ctx_caption(at: AppTest, text: str) -> bool:
    return any(c.value == text for c in at.caption)


def test_a_kecamatan_view_holds_the_activities_its_survivors_attended(demo: Dataset) -> None:
    # KPO-0044 (Sukra) took part in KEG-2016-01, held in Juntinyuat: the Sukra view counts it
    view = demo.filtered(Filters(districts=("Sukra",)))
    acts = set(view.activities["activity_id"])
    assert "KEG-2016-01" in acts
    assert set(demo.activities.loc[demo.activities["district"] == "Sukra", "activity_id"]) <= acts
    summary = metrics.activity_summary(view, data.today()).set_index("activity_id")
    in_view = view.participants[view.participants["activity_id"] == "KEG-2016-01"]
    assert summary.loc["KEG-2016-01", "participants"] == len(in_view) > 0  # the view's participants only


def test_an_unchanged_tile_shows_a_neutral_delta() -> None:
    # Business aid alone rehabilitates nobody: rehabilitated, coverage and this year did not change.
    at = run_app(kind="Bantuan Usaha", asof="2021-06-30")
    tiles = {m.label: m.proto for m in at.metric}
    unchanged = [label for label, tile in tiles.items() if tile.delta.startswith("±")]
    assert len(unchanged) >= 3, {label: tile.delta for label, tile in tiles.items()}
    for label in unchanged:  # no arrow, no colour: "±0" is neither good nor bad news
        assert (tiles[label].direction, tiles[label].color) == (tiles[label].NONE, tiles[label].GRAY), label
    changed = [tile for tile in tiles.values() if tile.delta and not tile.delta.startswith("±")]
    assert changed and all(tile.direction != tile.NONE for tile in changed)


@pytest.mark.parametrize(("lang", "grouped"), [("id", r"\d{1,3}(\.\d{3})*"), ("en", r"\d{1,3}(,\d{3})*")])
def test_money_in_tables_follows_the_page_language_not_the_browser(
    demo: Dataset, lang: str, grouped: str
) -> None:
    at = run_app("app_pages/programme.py", lang=lang)
    label = i18n.column_label("budget", lang, "Kegiatan")
    (frame, config) = next((d.value, json.loads(d.proto.columns)) for d in at.dataframe if label in d.value)
    # Not a number column: its "localized" format is the browser's locale (7,500,000 in the Indonesian UI).
    assert config[label].get("type_config", {}).get("type") != "number", config[label]
    amounts = frame[label].dropna().str.strip()
    assert len(amounts) and amounts.str.fullmatch(grouped).all(), list(amounts[:5])
    expected = metrics.activity_summary(demo, data.today())["budget"].dropna()
    assert sorted(int(a.replace(".", "").replace(",", "")) for a in amounts) == sorted(expected.astype(int))
    # Padded to one width, so sorting the text (the grid's localeCompare) orders by amount.
    assert sorted(frame[label].dropna()) == sorted(
        frame[label].dropna(), key=lambda a: int(a.strip().replace(".", "").replace(",", ""))
    )


@pytest.mark.parametrize("lang", ["id", "en"])
def test_issue_downloads_say_how_to_fix_each_problem_in_the_page_language(lang: str) -> None:
    import io

    import openpyxl

    from sheets.issues import RULES

    at = run_app("app_pages/quality.py", lang=lang)
    fix, rule = i18n.t("col.fix", lang), i18n.t("col.code_rule", lang)
    _, content = downloaded(at, i18n.t("quality.download_csv", lang))
    rows = list(csv.DictReader(content.decode("utf-8-sig").splitlines()))
    assert rows and all(row[fix] == RULES[row[rule]].fix(lang) for row in rows)
    _, content = downloaded(at, i18n.t("quality.download_xlsx", lang))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [c.value for c in sheet[1]]
    assert fix in header and sheet.cell(2, header.index(fix) + 1).value == rows[0][fix]
    assert sheet.auto_filter.ref  # a filter on the header row, as staff sort and narrow the list


def test_the_profile_page_shows_one_breakdown_at_a_time(demo: Dataset) -> None:
    def drawn(at: AppTest) -> str:
        specs = plotly_specs(at)
        assert len(specs) == 2  # the breakdown's groups and its identifications per year, nothing else
        return json.dumps(specs, ensure_ascii=False)

    at = run_app("app_pages/profile.py", asof=AS_OF.isoformat())
    countries = [c for c in metrics.by_category(demo, AS_OF, "destination")["destination"].dropna()]
    assert "Laki-laki" in drawn(at) and not any(c in drawn(at) for c in countries)  # by sex first
    at.segmented_control(key="rincian").set_value("destination").run()
    assert not at.exception
    assert all(c in drawn(at) for c in countries)
    # The choice is bound to the address: tests/ui/test_browser.py opens one with it.


def test_the_programme_page_shows_one_section_at_a_time(demo: Dataset) -> None:
    def titles(at: AppTest) -> list[str]:
        return [spec["layout"]["title"]["text"] for spec in plotly_specs(at)]

    def headers(at: AppTest) -> list[str]:
        return [h.value for h in at.header]

    at = run_app("app_pages/programme.py")
    # The activities first: their timeline and table, no money or outcome chart.
    assert headers(at) == [i18n.t("programme.timeline", "id")]
    assert len(titles(at)) == 1 and len(at.dataframe) == 1
    tiles = metric_values(at)  # the two tiles stay above every section
    assert set(tiles) == {i18n.t("programme.business_share", "id"), i18n.t("programme.follow_up_due", "id")}

    at.segmented_control(key="bagian").set_value("dana").run()
    assert not at.exception
    assert headers(at) == [i18n.t("programme.money", "id")]
    assert [t["name"] for spec in plotly_specs(at) for t in spec["data"]][:2] == [
        i18n.t("fig.activity_budget", "id"),
        i18n.t("fig.aid", "id"),
    ]
    assert metric_values(at) == tiles
    assert at.query_params["bagian"] == "dana"  # the address to share

    at.segmented_control(key="bagian").set_value("hasil").run()
    assert headers(at) == [i18n.t("programme.outcomes", "id")]
    assert len(titles(at)) == 3  # outcomes per cohort, incomes, and the checkpoint record
    assert any(s.value == i18n.t("programme.missed", "id") for s in at.subheader)

    # An address with a section opens it (and an unknown one the first).
    assert headers(run_app("app_pages/programme.py", bagian="hasil")) == [i18n.t("programme.outcomes", "id")]
    assert headers(run_app("app_pages/programme.py", bagian="x")) == [i18n.t("programme.timeline", "id")]


def test_the_first_runs_code_preload_leaves_nothing_on_the_page() -> None:
    at = run_app(None)
    assert at.session_state["_code_preloaded"]  # sent once, hidden, while the read ran...
    labels = [m.label for m in at.metric]
    assert "Pulih" not in labels and labels  # ... and replaced by the page's own tiles
    assert not [c for c in at.get("plotly_chart") if json.loads(c.proto.spec).get("data") == []]
    at.run()  # later runs send none
    assert "Pulih" not in [m.label for m in at.metric]
