"""What the public presentation shows, built once from `sheets.release` (pure: no `st.` calls).

`build_public` suppresses the figures once, as one system (`sheets.release.build_release`);
the page, its slide mode and every export (`present.exports`) read the same `PublicReport`, so
nothing shown or downloaded can differ from what was suppressed. Public figures are
regency-wide and as of the current release (the end of the previous month by default): an
arbitrary "as of" date, a filtered subset or figures that change by the minute would let
two public views be subtracted from each other to reveal a small count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from present import figures, i18n, sentences
from sheets import metrics
from sheets import release as releases
from sheets.metrics import Dataset, Pace
from sheets.release import (
    PublicTable,
    Release,
)

OFFICE = releases.OFFICE  # the single-office default: Dinas Sosial Kabupaten Indramayu


office_title = releases.office_title  # `Kabupaten Cirebon` -> `Dinas Sosial Kabupaten Cirebon`


CHART_KEYS = ("progress", "pace", "districts", "outcomes")
SLIDE_SECONDS = 15


@dataclass(frozen=True)
class Chart:
    """One chart of the presentation: a heading, the figure (its title states the finding), a caption."""

    key: str
    heading: str
    caption: str
    figure: go.Figure


@dataclass(frozen=True)
class Slide:
    """One slide: its heading and caption, and its figure ready for a projector (None: the headline tiles)."""

    key: str
    heading: str
    caption: str
    figure: go.Figure | None


@dataclass(frozen=True)
class Kpi:
    """One headline number as published (`<10` / `*` when hidden)."""

    key: str
    label: str
    value: str
    help: str


@dataclass(frozen=True)
class PublicReport:
    """Everything the public may see of one read: suppressed tables, headline and figures."""

    release: Release
    lang: str
    source_labels: Mapping[str, str]  # per language (a plain label stands for every language)
    read_at: dt.datetime | None
    next_release: dt.date | None = None  # when the public figures change next (None: a fixed date)
    office: str = OFFICE  # whose figures: `office_title` of the configured office
    _charts: dict[str, tuple[Chart, ...]] = field(default_factory=dict, repr=False, compare=False)
    _slides: dict[str, tuple[Slide, ...]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def as_of(self) -> dt.date:
        return self.release.as_of

    @property
    def k(self) -> int:
        return self.release.k

    @property
    def headline(self) -> dict:
        return self.release.headline

    @property
    def by_year(self) -> PublicTable:
        return self.release.by_year

    @property
    def by_district(self) -> PublicTable:
        return self.release.by_district

    def charts(self, lang: str | None = None) -> tuple[Chart, ...]:
        """The charts in `lang` (default: the report's), built from the public tables only."""
        lang = lang or self.lang
        if lang not in self._charts:
            self._charts[lang] = _charts(self, lang)
        return self._charts[lang]

    def slides(self, lang: str | None = None) -> tuple[Slide, ...]:
        """The slide show in `lang`: the headline tiles, then each chart restyled for a projector.

        Built once per report and language (the report is shared by every viewer until the next
        read), so a slide change only sends what is already made.
        """
        lang = lang or self.lang
        if lang not in self._slides:
            headline = Slide("headline", i18n.t("public.title", lang), "", None)
            # A slide's caption fits one line or two: the pace slide says the needed pace in short.
            charts = tuple(
                Slide(
                    c.key,
                    c.heading,
                    self.pace_short(lang) if c.key == "pace" else c.caption,
                    _slide_figure(self, c, lang),
                )
                for c in self.charts(lang)
            )
            self._slides[lang] = (headline, *charts)
        return self._slides[lang]

    def kpis(self, lang: str | None = None) -> list[Kpi]:
        """Known, rehabilitated, coverage, this year (vs target) and business running, as published."""
        lang = lang or self.lang
        head = self.headline
        coverage = "*" if head["coverage"] is None else i18n.percent(head["coverage"], lang)
        if head["text"]["known"] == "0":
            coverage = "–"
        business = head["business_running_share"]
        year = self.as_of.year
        target = head["this_year_target"]
        year_label = i18n.t("kpi.this_year", lang, year=year)
        if target is not None:
            year_label = i18n.t(
                "public.kpi.this_year_target", lang, year=year, target=i18n.number(target, lang)
            )
        return [
            Kpi(
                "known",
                i18n.t("kpi.known", lang),
                figures.headline_count(head, "known", lang),
                i18n.t("kpi.known_help", lang),
            ),
            Kpi(
                "rehabilitated",
                i18n.t("kpi.rehabilitated", lang),
                figures.headline_count(head, "rehabilitated", lang),
                i18n.t("kpi.rehabilitated_help", lang),
            ),
            Kpi("coverage", i18n.t("kpi.coverage", lang), coverage, i18n.t("kpi.coverage_help", lang)),
            Kpi(
                "this_year",
                year_label,
                figures.headline_count(head, "this_year", lang),
                i18n.t("kpi.this_year_help", lang, year=year),
            ),
            Kpi(
                "business",
                i18n.t("programme.business_share", lang),
                "*" if business is None else i18n.percent(business, lang),
                i18n.t("public.business_help", lang, k=self.k, last=self.k - 1),
            ),
        ]

    def pace(self) -> Pace | None:
        """The needed pace from published numbers only (None when one of them is hidden).

        The same definition as the staff pages (`sheets.metrics.pace_from`); every input is a
        number the page already shows, so the sentence reveals nothing the tables do not.
        """
        head, table = self.headline, self.by_year
        if head["known"] is None or head["rehabilitated"] is None:
            return None
        last = metrics.last_complete_year(self.as_of)
        years = range(last - 2, last + 1)
        counts: dict[str, dict[int, int]] = {"known": {}, "rehabilitated": {}}
        for column, found in counts.items():
            for year in years:
                if year not in table.frame.index:
                    continue  # before the first year of the table: none
                value: Any = table.frame.at[year, column]
                if value is None or pd.isna(value):
                    return None  # hidden
                found[year] = int(value)
        return metrics.pace_from(
            self.as_of,
            head["known"] - head["rehabilitated"],
            counts["rehabilitated"],
            counts["known"],
            head.get("target_year"),
        )

    def pace_sentence(self, lang: str | None = None) -> str:
        """The pace sentence of the staff overview, from published numbers; empty when one is hidden."""
        pace = self.pace()
        return "" if pace is None else sentences.pace_sentence(pace, lang or self.lang)

    def pace_short(self, lang: str | None = None) -> str:
        """The needed pace in one line (the slide's caption); the chart's own caption without a target."""
        lang = lang or self.lang
        pace = self.pace()
        if pace is None or pace.waiting <= 0 or pace.needed_per_year is None or pace.target_year is None:
            return i18n.t("public.caption.pace", lang)
        return i18n.t(
            "public.pace_short",
            lang,
            per_year=i18n.decimal(pace.per_year, lang),
            needed=i18n.number(pace.needed_per_year, lang),
            target_year=pace.target_year,
        )

    def source_line(self, lang: str | None = None) -> str:
        """Where the figures come from, when they were read, and the date they describe."""
        lang = lang or self.lang
        source = self.source_labels.get(lang) or next(iter(self.source_labels.values()), "")
        if self.read_at is None:  # a frozen publication: its date, no time of a read
            return i18n.t("public.source_line_frozen", lang, source=source, date=i18n.date(self.as_of, lang))
        return i18n.t(
            "public.source_line",
            lang,
            source=source,
            moment=i18n.moment(self.read_at, lang),
            date=i18n.date(self.as_of, lang),
        )

    def footnote(self, lang: str | None = None) -> str:
        """How suppression shows: `<k`, `*` and gaps in the charts."""
        return i18n.t("public.footnote", lang or self.lang, k=self.k, last=self.k - 1)

    def release_line(self, lang: str | None = None) -> str:
        """Which date the figures describe and when they change next (why they do not move daily)."""
        lang = lang or self.lang
        if self.next_release is None:
            return i18n.t("public.release_fixed", lang, date=i18n.date(self.as_of, lang))
        return i18n.t(
            "public.release", lang, date=i18n.date(self.as_of, lang), next=i18n.date(self.next_release, lang)
        )


def build_public(
    dataset: Dataset,
    as_of: dt.date,
    k: int,
    lang: str,
    source_label: str | Mapping[str, str],
    read_at: dt.datetime | None,
    next_release: dt.date | None = None,
    office: str = OFFICE,
    office_code: str = releases.OFFICE_CODE,
) -> PublicReport:
    """Suppress the public figures of `dataset` (unfiltered) as of `as_of` with threshold `k`, as one release.

    `source_label` names the source for the public, one text or one per language;
    `next_release` is when the figures change next (the page says so).
    """
    return present(
        releases.build_release(dataset, as_of, k, office=office, office_code=office_code),
        lang,
        source_label,
        read_at,
        next_release,
    )


def present(
    release: Release,
    lang: str,
    source_label: str | Mapping[str, str],
    read_at: dt.datetime | None,
    next_release: dt.date | None = None,
    office: str | None = None,
) -> PublicReport:
    """The report of an already suppressed release, in `lang` (its charts built now); `office` (default:
    the release's own) names whose figures they are."""
    labels = dict(source_label) if isinstance(source_label, Mapping) else {lang: source_label}
    report = PublicReport(
        release=release,
        lang=lang,
        source_labels=labels,
        read_at=read_at,
        next_release=next_release,
        office=office or release.office,
    )
    report.charts(lang)  # built now, so the first viewer of a cached report does not pay for it
    return report


def _charts(public: PublicReport, lang: str) -> tuple[Chart, ...]:
    built = {
        "progress": figures.public_progress(public.by_year, public.headline, lang),
        "pace": figures.public_pace(public.by_year, lang),
        "districts": figures.public_districts(public.by_district, lang),
        "outcomes": figures.public_outcome(public.headline["business_running_share"], public.k, lang),
    }
    captions = {key: i18n.t(f"public.caption.{key}", lang) for key in CHART_KEYS}
    captions["pace"] = " ".join(filter(None, [captions["pace"], public.pace_sentence(lang)]))
    return tuple(
        Chart(key, i18n.t(f"public.chart.{key}", lang), captions[key], built[key]) for key in CHART_KEYS
    )


def source_labels(kind: str) -> dict[str, str]:
    """The source as the public sees it, per language: never a file name or a spreadsheet address."""
    key = "source.demo" if kind == "demo" else f"public.source.{kind}"
    return {lang: i18n.t(key, lang) for lang in i18n.LANGS}


def _slide_figure(report: PublicReport, chart: Chart, lang: str) -> go.Figure:
    """A copy of the chart with type for a projector and no fixed height: the slide gives it the height
    the screen has left (`SLIDE_CSS`). The kecamatan list is split over two panels, so all 31 fit."""
    tall = chart.key == "districts"
    figure = figures.public_districts(report.by_district, lang, panels=2) if tall else go.Figure(chart.figure)
    size = 14 if tall else 18
    figure.update_layout(
        height=None,
        autosize=True,
        font={"size": size},
        title={"font": {"size": 24}},
        legend={"font": {"size": size}},
    )
    # Explicit sizes: Streamlit's chart theme would otherwise keep its small axis type.
    figure.update_xaxes(tickfont={"size": size}, title={"font": {"size": size}})
    figure.update_yaxes(tickfont={"size": size}, title={"font": {"size": size}})
    return figure


# Large type for a projector; slide mode also hides Streamlit's chrome. Labels wrap instead of
# being cut to "Korban diketa…".
CSS = """<style>
[data-testid="stMetricValue"] { font-size: 3.4rem; font-weight: 700; line-height: 1.15; }
[data-testid="stMetricLabel"] p { font-size: 1.15rem; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; }
.stMainBlockContainer h1 { font-size: 2.8rem; }
.stMainBlockContainer h2 { font-size: 2.1rem; }
</style>"""

# Slide mode: no Streamlit chrome, and one slide per screen whatever its size: the chart box takes
# the height the screen has left after the heading, caption, buttons and notes (`ui.slides`).
SLIDE_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], .st-key-slide_keys, .st-key-slide_warm {
  display: none !important; }
.stMainBlockContainer { padding: 0.8rem 3rem 0.5rem 3rem; max-width: 100%; }
[data-testid="stMetricValue"] { font-size: 5rem; }
[data-testid="stMetricLabel"] p { font-size: 1.5rem; }
.stMainBlockContainer h2 { font-size: 2.4rem; padding: 0 0 0.25rem 0; }
[data-testid="stCaptionContainer"] { font-size: 1.05rem; }
.st-key-slide_notes [data-testid="stCaptionContainer"] { font-size: 0.8rem; line-height: 1.35; }
.st-key-slide_chart { height: max(16rem, calc(100vh - 20rem)) !important; flex: 0 0 auto !important; }
.st-key-slide_tiles { min-height: max(12rem, calc(100vh - 22rem)); justify-content: center; }
@media (max-width: 640px) {  /* a phone: the slide scrolls, type and margins shrink */
  .stMainBlockContainer { padding: 0.5rem 1rem; }
  .stMainBlockContainer h2 { font-size: 1.6rem; }
  [data-testid="stMetricValue"] { font-size: 3rem; }
  .st-key-slide_chart { height: 28rem !important; }
  .st-key-slide_chart .gtitle { font-size: 14px !important; }
}
</style>"""


def next_slide(
    index: int, total: int, shown_at: float | None, now: float, seconds: float = SLIDE_SECONDS
) -> tuple[int, float]:
    """The slide to show now and since when: the next one once the current has been up for `seconds`.

    Reruns of the whole page (a click, a new read) come between the timer's; they keep the slide.
    """
    if shown_at is None:
        return index % total, now
    if now - shown_at >= seconds * 0.9:  # the timer fires a little early or late
        return (index + 1) % total, now
    return index % total, shown_at
