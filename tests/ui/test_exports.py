"""Exports for presenters (present/exports.py) and the public report they share (present/public.py), no Streamlit."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import subprocess
import sys
import zipfile

import pytest
from pptx import Presentation
from pypdf import PdfReader

from present import exports, i18n, public
from sheets import pdf as pdf_fonts
from sheets.demo import build_demo
from sheets.metrics import Dataset
from sheets.validate import validate
from tests.ui import ROOT
from tests.ui.conftest import require_chromium

TODAY = dt.date(2026, 11, 28)
READ_AT = dt.datetime(2026, 11, 28, 2, 10, tzinfo=dt.UTC)


@pytest.fixture
def chromium() -> None:
    """Chart images need Debian's Chromium (skipped on a machine without it; CI installs it and fails without)."""
    require_chromium("chart images")


@pytest.fixture(scope="module")
def report() -> public.PublicReport:
    dataset = Dataset.from_report(validate(build_demo(TODAY), TODAY))
    return public.build_public(dataset, TODAY, 10, "id", public.source_labels("demo"), READ_AT)


@pytest.fixture(scope="module")
def pngs(report) -> dict[str, dict[str, bytes]]:
    require_chromium("chart images")
    return {lang: exports.chart_pngs(report, lang) for lang in ("id", "en")}


def test_pure_modules_do_not_import_streamlit() -> None:
    code = "import sys, present.public, present.exports; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stderr


def test_the_report_holds_suppressed_tables_and_states_its_source(report) -> None:
    assert report.k == 10 and report.as_of == TODAY
    assert report.by_district.text.loc["Juntinyuat", "rehabilitated"] == "<10"
    assert report.by_district.frame.loc["Juntinyuat", "rehabilitated"] is None
    assert report.source_line("id") == (
        "Sumber: Data demo (fiktif) · dibaca 28 Nov 2026 09.10 WIB · data per 28 November 2026"
    )
    assert report.source_line("en").endswith("data as of 28 November 2026")
    assert [k.value for k in report.kpis("en")] == ["620", "266", "43%", "27", "55%"]
    assert [c.key for c in report.charts("en")] == list(public.CHART_KEYS)
    assert report.charts("en")[0].heading == "Progress to 100%"


def test_public_order_hides_nothing_in_the_order(report) -> None:
    """Kecamatan are ordered by published numbers only: hidden ones, then zeros, by name."""
    from present import figures

    order = figures.public_order(report.by_district)
    frame = report.by_district.frame
    assert len(order) == 31 and "Total" not in order
    hidden = [d for d in order if frame.loc[d, "known"] is None]
    zeros = [d for d in order if frame.loc[d, "known"] == 0]
    assert order[-len(zeros) - len(hidden) :] == sorted(hidden) + sorted(zeros)


def test_outcome_hidden_when_too_few_followed_up(report) -> None:
    head = {**report.headline, "business_running_share": None}
    few = dataclasses.replace(report, release=dataclasses.replace(report.release, headline=head), _charts={})
    chart = few.charts("id")[-1]
    assert not chart.figure.data
    assert chart.figure.layout.title.text == i18n.t("fig.public.outcome.hidden", "id", k=10)
    assert few.kpis("id")[-1].value == "*"


@pytest.mark.usefixtures("chromium")
def test_chart_pngs_are_png_images(report, pngs) -> None:
    assert set(pngs["id"]) == set(public.CHART_KEYS)
    for image in pngs["id"].values():
        assert image.startswith(b"\x89PNG\r\n\x1a\n") and len(image) > 20_000


@pytest.mark.usefixtures("chromium")
def test_pptx_has_a_title_slide_the_numbers_and_one_slide_per_chart(report, pngs) -> None:
    for lang in ("id", "en"):
        deck = Presentation(io.BytesIO(exports.to_pptx(report, lang, pngs[lang])))
        slides = list(deck.slides)
        assert len(slides) == 2 + len(public.CHART_KEYS)
        titles = [s.shapes.title.text for s in slides]
        assert titles == [
            i18n.t("public.title", lang),
            i18n.t("public.chart.headline", lang),
            *(i18n.t(f"public.chart.{key}", lang) for key in public.CHART_KEYS),
        ]
        cover = "\n".join(s.text_frame.text for s in slides[0].shapes if s.has_text_frame)
        assert public.OFFICE in cover and report.source_line(lang) in cover
        for slide in slides[2:]:
            pictures = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
            assert len(pictures) == 1
            text = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
            assert report.footnote(lang) in text and report.source_line(lang) in text
        for slide in slides:  # nothing spills off the 16:9 slide
            for shape in slide.shapes:
                assert 0 <= shape.left and shape.left + shape.width <= deck.slide_width, shape.name
                assert 0 <= shape.top and shape.top + shape.height <= deck.slide_height, shape.name


@pytest.mark.usefixtures("chromium")
def test_pdf_is_a_pdf_with_the_office_source_and_charts(report, pngs) -> None:
    raw = exports.to_pdf(report, "id", pngs["id"])
    assert raw.startswith(b"%PDF")
    pdf = PdfReader(io.BytesIO(raw))
    assert len(pdf.pages) == 1 + len(public.CHART_KEYS)
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert public.OFFICE in text and "28 November 2026" in text and "<10" in text
    assert all(page.images for page in pdf.pages[1:])
    assert pdf.metadata.author == public.OFFICE


@pytest.mark.usefixtures("chromium")
def test_pdf_without_dejavu_falls_back_to_a_core_font(report, pngs, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(pdf_fonts, "DEJAVU", tmp_path)
    raw = exports.to_pdf(report, "en", pngs["en"])
    text = PdfReader(io.BytesIO(raw)).pages[0].extract_text()
    assert public.OFFICE in text and "Source: Demo data (synthetic)" in text


def test_transliteration_keeps_latin_1() -> None:
    assert pdf_fonts.transliterate("1–9 “<10” … ≥ Ṡ «é»") == '1-9 "<10" ...  S «é»'


def test_html_is_one_offline_file_with_plotly_once(report) -> None:
    html = exports.to_html(report, "en")
    assert html.startswith("<!DOCTYPE html>")
    assert html.count("* plotly.js v") == 1  # the library, inline, once
    assert '<script src="http' not in html and "cdn.plot.ly/plotly" not in html
    assert html.count("Plotly.newPlot(") == len(public.CHART_KEYS)
    assert public.OFFICE in html and "data as of 28 November 2026" in html
    assert "Counts from 1 to 9 are shown as “&lt;10”" in html


def test_html_escapes_every_text(report) -> None:
    hostile = dataclasses.replace(report, source_labels={"id": '<script>alert(1)</script> & "x"'}, _charts={})
    html = exports.to_html(hostile, "id")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;" in html


@pytest.mark.usefixtures("chromium")
def test_zip_holds_numbered_pngs_and_the_source(report, pngs) -> None:
    with zipfile.ZipFile(io.BytesIO(exports.to_zip(report, "id", pngs["id"]))) as archive:
        names = archive.namelist()
        assert names == [f"{n:02d}-{key}.png" for n, key in enumerate(public.CHART_KEYS, 1)] + ["SUMBER.txt"]
        assert public.OFFICE in archive.read("SUMBER.txt").decode("utf-8")


def test_without_chromium_images_fail_clearly_and_html_still_comes(report, monkeypatch) -> None:
    monkeypatch.setattr(exports, "browser_path", lambda: None)
    with pytest.raises(exports.ChartImagesUnavailable, match="Chromium not found"):
        exports.chart_pngs(report)
    files, problem = exports.prepare_downloads(report)
    assert [f.kind for f in files] == ["html"] and "Chromium" in problem
    assert files[0].file_name == "pulih-paparan-2026-11-28.html"


def test_a_failing_renderer_becomes_a_clear_error(report, monkeypatch) -> None:
    def broken(*_):
        raise RuntimeError("the browser closed")

    monkeypatch.setattr(exports, "browser_path", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(exports, "_render", broken)
    with pytest.raises(exports.ChartImagesUnavailable, match="the browser closed"):
        exports.chart_pngs(report)


def test_browser_path_honours_browser_path(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "nowhere"))
    assert exports.browser_path() is None
    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(browser))
    assert exports.browser_path() == str(browser)


def blank_pngs(report) -> dict[str, bytes]:
    """A small white PNG per chart: the first page's layout does not depend on the images."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(buffer, "PNG")
    return {chart.key: buffer.getvalue() for chart in report.charts("id")}


def assert_labels_whole(page_text: str, labels: list[str]) -> None:
    """Each label reads as typed: words whole, one space or a line break between them (no stretched gaps)."""
    import re

    for label in labels:
        pattern = r"[ \n]".join(re.escape(word) for word in label.split())
        assert re.search(rf"(?<!\S){pattern}(?!\S)", page_text), (label, page_text)


class _ManyTiles:
    """The demo report with eight tiles whose labels hold long words: a narrow column for each."""

    def __init__(self, report) -> None:
        self._report = report

    def __getattr__(self, name):
        return getattr(self._report, name)

    def kpis(self, lang=None):
        tile = self._report.kpis(lang)[3]
        return [
            dataclasses.replace(tile, label=f"Direhabilitasi berkesinambungan {n} (pendampingan)")
            for n in range(8)
        ]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_pdf_tile_labels_are_never_split_inside_a_word_or_stretched(report, lang) -> None:
    raw = exports.to_pdf(report, lang, blank_pngs(report))
    assert_labels_whole(
        PdfReader(io.BytesIO(raw)).pages[0].extract_text(), [k.label for k in report.kpis(lang)]
    )
    crowded = _ManyTiles(report)
    raw = exports.to_pdf(crowded, lang, blank_pngs(report))
    assert_labels_whole(
        PdfReader(io.BytesIO(raw)).pages[0].extract_text(), [k.label for k in crowded.kpis(lang)]
    )
