"""The public presentation page with Streamlit's AppTest: through app.py, on its own, slides, language, k."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from present import exports, i18n, public
from sheets import release
from tests.ui import ROOT
from ui import access, config, data, slides

TIMEOUT = 90
PAGE = ROOT / "app_pages" / "public.py"


@pytest.fixture(autouse=True)
def demo_source(monkeypatch):
    monkeypatch.delenv(data.ENV_WORKBOOK, raising=False)
    monkeypatch.delenv(data.ENV_SPREADSHEET, raising=False)


def run(path=ROOT / "app.py", **query: str) -> AppTest:
    at = AppTest.from_file(str(path), default_timeout=TIMEOUT)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def styles(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def check_public_page(at: AppTest, lang: str) -> None:
    assert at.title[0].value == i18n.t("page.public", lang)
    labels = [m.label for m in at.metric]
    assert labels[:3] == [i18n.t(f"kpi.{key}", lang) for key in ("known", "rehabilitated", "coverage")]
    assert all(m.value for m in at.metric)
    assert "stMetricValue" in styles(at) and "font-size: 3.4rem" in styles(at)  # big figures
    text = captions(at)
    assert public.OFFICE in text
    # The source, when it was read and the date the figures describe ...
    as_of = release.release_as_of(data.today())
    line = i18n.t(
        "public.source_line",
        lang,
        source=i18n.t("source.demo", lang),
        moment="@",
        date=i18n.date(as_of, lang),
    )
    assert all(part in text for part in line.split("@"))
    # ... as of the last release (not this minute), saying when the next one comes
    assert (
        i18n.t(
            "public.release",
            lang,
            date=i18n.date(as_of, lang),
            next=i18n.date(release.next_release(data.today()), lang),
        )
        in text
    )
    assert i18n.t("public.footnote", lang, k=10, last=9) in text  # ... and how suppression shows
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(specs) == len(public.CHART_KEYS)


def test_the_public_page_is_the_default_page_for_everyone() -> None:
    assert access.PAGES[0].key == "public" and access.PAGES[0].roles == access.ALL_ROLES
    check_public_page(run(), "id")


def test_the_public_page_on_its_own() -> None:
    at = AppTest.from_file(str(PAGE), default_timeout=TIMEOUT)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    check_public_page(at, "en")


def test_the_public_sees_only_the_presentation(monkeypatch) -> None:
    monkeypatch.setattr(access, "current_role", lambda: "publik")
    at = run()
    check_public_page(at, "id")
    with pytest.raises(ValueError):
        at.switch_page("app_pages/overview.py")


def test_the_sidebar_date_and_filters_do_not_change_public_figures() -> None:
    """Two public views must not be subtracted from each other: always regency-wide, as of today."""
    plain = [m.value for m in run().metric]
    filtered = run(asof="2018-12-31", kec="Cikedung")
    assert [m.value for m in filtered.metric] == plain
    assert i18n.t("public.scope", "id") in captions(filtered)


def test_language_switch_changes_labels() -> None:
    at = run()
    at.sidebar.segmented_control(key="lang").set_value("en").run()
    assert not at.exception
    check_public_page(at, "en")
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert all(spec["layout"]["separators"] == ".," for spec in specs)
    assert any(t.get("name") == i18n.t("fig.rehabilitated", "en") for spec in specs for t in spec["data"])


def drawn_charts(at) -> list:
    """The charts with something to draw."""
    return [c for c in at.get("plotly_chart") if json.loads(c.proto.spec).get("data")]


def test_slide_mode_shows_one_slide_at_a_time_and_advances() -> None:
    at = run()
    at.toggle(key="slides").set_value(True).run()
    assert not at.exception
    assert "stSidebar" in styles(at)  # the sidebar and header are hidden
    assert at.header[0].value == i18n.t("public.title", "id")
    assert len(at.metric) == 5 and not drawn_charts(at)  # (a hidden empty one loads plotly's code)
    assert i18n.t("public.slide_of", "id", n=1, total=5) in captions(at)
    assert public.OFFICE in captions(at)  # source and date on every slide
    next(b for b in at.button if b.label == i18n.t("public.next", "id")).click().run()
    assert at.header[0].value == i18n.t("public.chart.progress", "id")
    assert len(drawn_charts(at)) == 1 and i18n.t("public.footnote", "id", k=10, last=9) in captions(at)
    # The timer: once a slide has been up for SLIDE_SECONDS, the next run shows the next slide.
    at.session_state[slides.SHOWN_AT] = 0.0
    at.run()
    assert at.header[0].value == i18n.t("public.chart.pace", "id")
    at.toggle(key="slides").set_value(False).run()
    assert at.title[0].value == i18n.t("page.public", "id")


def test_a_kiosk_address_opens_in_slide_mode() -> None:
    at = run(slides="true")
    assert at.header[0].value == i18n.t("public.title", "id")


@pytest.mark.parametrize(
    "shown_at, expected",
    [
        (None, (2, 100.0)),  # first run: this slide, from now
        (97.0, (2, 97.0)),  # up for 3 s: a rerun (a click, a new read) keeps it
        (86.0, (3, 100.0)),  # up for 14 s: the timer's run moves on (it fires a little early)
    ],
)
def test_next_slide(shown_at, expected) -> None:
    assert public.next_slide(2, 5, shown_at, 100.0, seconds=15) == expected
    assert public.next_slide(4, 5, 0.0, 100.0, seconds=15) == (0, 100.0)  # after the last, the first


@pytest.mark.parametrize(
    "secrets, k",
    [({}, 10), ({"privacy": {}}, 10), ({"privacy": {"k": 7}}, 7), ({"privacy": {"k": "12"}}, 12)],
)
def test_threshold_reads_secrets(monkeypatch, secrets, k) -> None:
    from ui import public_release

    monkeypatch.setattr(config, "secrets", lambda: secrets)
    assert public_release.threshold() == k


@pytest.mark.parametrize("value", [4, 0, "sepuluh", 7.5, True])
def test_threshold_refuses_what_would_publish_small_counts(monkeypatch, value) -> None:
    from ui import public_release

    monkeypatch.setattr(config, "secrets", lambda: {"privacy": {"k": value}})
    with pytest.raises(ValueError):
        public_release.threshold()


@pytest.mark.parametrize("k", [5, 12])
def test_threshold_from_secrets(k) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.secrets["privacy"] = {"k": k}
    at.run()
    assert not at.exception
    assert i18n.t("public.footnote", "id", k=k, last=k - 1) in captions(at)


@pytest.mark.parametrize(
    "setting", [{"k": 3}, {"k": "sepuluh"}, {"release_day": 31}, {"release_day": "awal"}]
)
def test_a_bad_privacy_setting_shows_nothing_but_the_reason(setting) -> None:
    at = AppTest.from_file(str(PAGE), default_timeout=TIMEOUT)
    at.secrets["privacy"] = setting
    at.run()
    assert not at.exception
    assert "[privacy]" in at.error[0].value and str(next(iter(setting.values()))) in at.error[0].value
    assert not at.metric and not at.get("plotly_chart")


def test_a_release_day_moves_the_public_date() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.secrets["privacy"] = {"release_day": 15}
    at.run()
    assert not at.exception
    as_of = release.release_as_of(data.today(), 15)
    assert i18n.date(as_of, "id") in captions(at)


def test_downloads_are_prepared_on_request() -> None:
    at = run()
    # Nothing is built until asked: reruns stay fast. The open-data ZIP is made on click (its data is a callable).
    opendata = i18n.t("public.download.opendata", "id")
    assert [b.label for b in at.get("download_button")] == [opendata]
    next(b for b in at.button if b.label == i18n.t("public.prepare", "id")).click().run()
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    if exports.browser_path() is None:
        assert labels == [opendata, i18n.t("public.download.html", "id")] and at.warning
    else:
        assert labels == [
            opendata,
            *(i18n.t(f"public.download.{kind}", "id") for kind in ("pptx", "pdf", "html", "zip")),
        ]


def test_without_chromium_the_page_says_so_and_offers_html(monkeypatch) -> None:
    monkeypatch.setattr(exports, "browser_path", lambda: None)
    at = run()
    next(b for b in at.button if b.label == i18n.t("public.prepare", "id")).click().run()
    assert not at.exception
    assert [b.label for b in at.get("download_button")] == [
        i18n.t("public.download.opendata", "id"),
        i18n.t("public.download.html", "id"),
    ]
    assert "Chromium" in at.warning[0].value


def test_the_public_page_gives_the_needed_pace_of_the_staff_overview() -> None:
    from sheets import metrics
    from sheets.demo import build_demo
    from sheets.validate import validate

    today = data.today()
    ds = metrics.Dataset.from_report(validate(build_demo(today), today))
    as_of = release.release_as_of(today)
    report = public.build_public(ds, as_of, 10, "id", "demo", None)
    assert report.pace() == metrics.pace(ds, as_of)  # one definition, from published numbers
    sentence = report.pace_sentence()
    assert f"diperlukan {metrics.pace(ds, as_of).needed_per_year} per tahun" in sentence
    at = run(PAGE)
    assert sentence in captions(at)
    pace_slide = next(s for s in report.slides() if s.key == "pace")  # one line on a projector
    assert (
        pace_slide.caption == report.pace_short()
        and f"{metrics.pace(ds, as_of).needed_per_year}" in pace_slide.caption
    )
    # with a yearly count hidden (k above it), no sentence: it would be worked out from hidden numbers
    hidden = public.build_public(ds, as_of, 30, "id", "demo", None)
    assert hidden.pace() is None and hidden.pace_sentence() == ""
