"""Exports for presenters: PowerPoint, PDF, an offline HTML report and PNG charts (pure: no `st.` calls).

Every export reads one `present.public.PublicReport`, so it carries exactly the
suppressed figures the public page shows, with the office name, the source and
the date. Chart images come from kaleido driving the machine's Chromium (Debian's
`/usr/bin/chromium`); one kaleido server is started lazily per process and used
from a single worker thread, because its queue is not safe for concurrent callers.
"""

from __future__ import annotations

import html
import io
import os
import shutil
import zipfile
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

import plotly.graph_objects as go

from present import i18n
from present.public import Chart, PublicReport
from sheets import pdf as pdf_fonts

PNG_SIZE = (1400, 720)  # pixels before scaling: a 16:9-ish chart for a slide
PNG_SIZE_TALL = {"districts": (1500, 950)}  # 31 kecamatan need the height
PNG_SCALE = 2
RENDER_TIMEOUT_S = 90  # the first image also starts Chromium
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


class ChartImagesUnavailable(RuntimeError):
    """Chart images cannot be made on this machine (no Chromium, or kaleido failed); the message says why."""


# --------------------------------------------------------------------------- PNG charts

_renderer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pulih-kaleido")
_server_started = False


def browser_path() -> str | None:
    """The Chromium kaleido will drive: BROWSER_PATH when set, else the first on PATH; None when absent."""
    forced = os.environ.get("BROWSER_PATH")
    if forced:
        return forced if os.access(forced, os.X_OK) else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _render(figure: go.Figure, width: int, height: int) -> bytes:
    """Runs on the renderer thread only."""
    global _server_started
    import kaleido  # here: importing it is slow, and the page only needs it for downloads

    if not _server_started:
        # MathJax would come from a CDN and fail offline; the server keeps Chromium open (~0.2 s an image).
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        _server_started = True
    return kaleido.calc_fig_sync(
        figure, opts={"format": "png", "width": width, "height": height, "scale": PNG_SCALE}
    )


def _for_print(chart: Chart, width: int, height: int, credit: str) -> go.Figure:
    """A copy of the chart sized for a slide, in type for a projector, with its source under the title.

    A PNG is often pasted on its own, so it carries the office, the source and the date itself.
    """
    figure = go.Figure(chart.figure)  # a copy: the report's figures are shared by every viewer
    figure.update_layout(
        width=width,
        height=height,
        font={"size": 18},
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 60, "r": 50, "t": 150, "b": 60},
        title={
            "font": {"size": 26},
            "x": 0.02,
            "subtitle": {"text": credit, "font": {"size": 15, "color": "#555555"}},
        },
    )
    return figure


def chart_pngs(public: PublicReport, lang: str | None = None) -> dict[str, bytes]:
    """Every chart of the report as PNG bytes, keyed by chart key; ChartImagesUnavailable when impossible."""
    if browser_path() is None:
        raise ChartImagesUnavailable("Chromium not found (apt-get install -y chromium)")
    lang = lang or public.lang
    credit = f"{public.office} · {public.source_line(lang)}"
    images = {}
    for chart in public.charts(lang):
        width, height = PNG_SIZE_TALL.get(chart.key, PNG_SIZE)
        job = _renderer.submit(_render, _for_print(chart, width, height, credit), width, height)
        try:
            images[chart.key] = job.result(timeout=RENDER_TIMEOUT_S)
        except FutureTimeout:
            raise ChartImagesUnavailable(f"kaleido gave no image within {RENDER_TIMEOUT_S} s") from None
        except Exception as error:  # kaleido or Chromium failed: the page says so instead of crashing
            raise ChartImagesUnavailable(f"{type(error).__name__}: {error}") from error
    return images


def to_zip(public: PublicReport, lang: str | None = None, pngs: dict[str, bytes] | None = None) -> bytes:
    """The PNG charts in a ZIP, numbered in presentation order, with a text file naming source and date."""
    lang = lang or public.lang
    pngs = pngs if pngs is not None else chart_pngs(public, lang)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, chart in enumerate(public.charts(lang), start=1):
            archive.writestr(f"{n:02d}-{chart.key}.png", pngs[chart.key])
        archive.writestr(
            "SUMBER.txt" if lang == "id" else "SOURCE.txt",
            "\n".join([public.office, public.source_line(lang), public.footnote(lang), ""]),
        )
    return buffer.getvalue()


def file_name(public: PublicReport, extension: str) -> str:
    """A download's file name: `pulih-paparan-2026-11-28.pptx`."""
    return f"pulih-paparan-{public.as_of.isoformat()}.{extension}"


# --------------------------------------------------------------------------- PowerPoint


def to_pptx(public: PublicReport, lang: str | None = None, pngs: dict[str, bytes] | None = None) -> bytes:
    """A 16:9 deck: title slide (office, source, date), the headline numbers, then one slide per chart."""
    from pptx import Presentation
    from pptx.util import Emu, Inches, Pt

    lang = lang or public.lang
    pngs = pngs if pngs is not None else chart_pngs(public, lang)
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    width = deck.slide_width

    def text_box(slide, left, top, box_width, height, text, size, bold=False, colour=None):
        frame = slide.shapes.add_textbox(left, top, box_width, height).text_frame
        frame.word_wrap = True
        run = frame.paragraphs[0].add_run()
        run.text = text
        run.font.size, run.font.bold = Pt(size), bold
        if colour is not None:
            run.font.color.rgb = colour
        return frame

    def titled(title: str):
        slide = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only"
        shape = slide.shapes.title
        shape.left, shape.top = Inches(0.5), Inches(0.3)
        shape.width, shape.height = width - Inches(1), Inches(0.9)
        shape.text = title
        shape.text_frame.paragraphs[0].runs[0].font.size = Pt(32)
        text_box(
            slide,
            Inches(0.5),
            Inches(6.75),
            width - Inches(1),
            Inches(0.6),
            f"{public.office} · {public.source_line(lang)}\n{public.footnote(lang)}",
            9,
        )
        return slide

    cover = deck.slides.add_slide(deck.slide_layouts[0])
    cover.shapes.title.text = i18n.t("public.title", lang)
    cover.shapes.title.width = width - Inches(1)
    cover.shapes.title.left = Inches(0.5)
    subtitle = cover.placeholders[1]
    subtitle.left, subtitle.width = Inches(0.5), width - Inches(1)
    subtitle.text = f"{public.office}\n{public.source_line(lang)}"

    kpis = public.kpis(lang)
    slide = titled(i18n.t("public.chart.headline", lang))
    column = Emu(int((width - Inches(1)) / len(kpis)))
    for n, kpi in enumerate(kpis):
        left = Inches(0.5) + column * n
        text_box(slide, left, Inches(2.4), column, Inches(1.4), kpi.value, 44, bold=True)
        text_box(slide, left, Inches(3.8), column, Inches(1.2), kpi.label, 16)

    for chart in public.charts(lang):
        slide = titled(chart.heading)
        pic_width, pic_height = PNG_SIZE_TALL.get(chart.key, PNG_SIZE)
        box_width, box_height = width - Inches(1), Inches(4.9)
        scale = min(box_width / pic_width, box_height / pic_height)
        shown_width, shown_height = int(pic_width * scale), int(pic_height * scale)
        slide.shapes.add_picture(
            io.BytesIO(pngs[chart.key]),
            int((width - shown_width) / 2),
            Inches(1.25),
            shown_width,
            shown_height,
        )
        text_box(slide, Inches(0.5), Inches(6.2), width - Inches(1), Inches(0.5), chart.caption, 14)

    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- PDF


def to_pdf(public: PublicReport, lang: str | None = None, pngs: dict[str, bytes] | None = None) -> bytes:
    """A landscape A4 report: title page with the headline numbers, then one page per chart."""
    from fpdf import FPDF

    lang = lang or public.lang
    pngs = pngs if pngs is not None else chart_pngs(public, lang)
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_auto_page_break(False)
    family, clean = pdf_fonts.use_fonts(pdf)
    title = i18n.t("public.title", lang)
    pdf.set_title(clean(f"{title} - {public.office}"))
    pdf.set_author(public.office)
    pdf.set_creator("Pulih")
    usable = pdf.w - 2 * pdf.l_margin

    def write(text: str, size: float, style: str = "", height: float | None = None, colour=(31, 42, 46)):
        pdf.set_font(family, style, size)
        pdf.set_text_color(*colour)
        pdf.multi_cell(usable, height or size * 0.5, clean(text), align="L", new_x="LMARGIN", new_y="NEXT")

    def footer() -> None:
        pdf.set_y(pdf.h - 22)
        write(f"{public.office} · {public.source_line(lang)}", 8, colour=(90, 90, 90))
        write(public.footnote(lang), 8, colour=(90, 90, 90))

    pdf.add_page()
    write(public.office, 14, "B")
    pdf.ln(4)
    write(title, 28, "B", height=13)
    pdf.ln(2)
    write(public.source_line(lang), 11)
    pdf.ln(4)
    write(i18n.t("public.intro", lang), 11)
    pdf.ln(10)
    kpis = public.kpis(lang)
    column = usable / len(kpis)
    top = pdf.get_y()
    for n, kpi in enumerate(kpis):
        pdf.set_xy(pdf.l_margin + n * column, top)
        pdf.set_font(family, "B", _fitting_size(pdf, family, "B", clean(kpi.value), column - 4, 30, lines=1))
        pdf.cell(column - 4, 16, clean(kpi.value))
        pdf.set_xy(pdf.l_margin + n * column, top + 17)
        pdf.set_font(family, "", _fitting_size(pdf, family, "", clean(kpi.label), column - 4, 11, lines=2))
        # Left-aligned (fpdf2 justifies by default: "Direhabilitasi      2026"), broken at spaces only.
        pdf.multi_cell(column - 4, 5, clean(kpi.label), align="L")
    footer()

    for chart in public.charts(lang):
        pdf.add_page()
        write(chart.heading, 20, "B", height=10)
        pdf.ln(2)
        pdf.image(
            io.BytesIO(pngs[chart.key]),
            x=pdf.l_margin,
            y=pdf.get_y(),
            w=usable,
            h=135,
            keep_aspect_ratio=True,
        )
        pdf.set_y(pdf.get_y() + 137)
        write(chart.caption, 11)
        footer()
    return bytes(pdf.output())


def _fitting_size(
    pdf, family: str, style: str, text: str, width: float, size: float, lines: int, smallest: float = 7
) -> float:
    """The largest font size up to `size` at which no word of `text` is wider than `width` and the
    whole fits in about `lines` lines (a tile's label is never broken inside a word)."""
    words = text.split() or [""]
    while size > smallest:
        pdf.set_font(family, style, size)
        longest = max(pdf.get_string_width(word) for word in words)
        # Each line loses up to a word's width to wrapping; 0.9 leaves that room on average.
        if longest <= width and pdf.get_string_width(text) <= width * (lines if lines == 1 else lines * 0.9):
            break
        size -= 0.5
    return size


# --------------------------------------------------------------------------- HTML

_HTML_STYLE = """
body { font-family: "DejaVu Sans", system-ui, sans-serif; color: #1F2A2E; margin: 2rem auto;
       max-width: 1200px; padding: 0 1rem; }
.office { font-weight: bold; margin: 0; } h1 { font-size: 2.4rem; margin: .3rem 0; }
.source, footer { color: #555; font-size: .9rem; }
.kpis { display: flex; flex-wrap: wrap; gap: 1rem; margin: 1.5rem 0; }
.kpi { flex: 1 1 10rem; border: 1px solid #ddd; border-radius: .5rem; padding: 1rem; }
.kpi .value { font-size: 2.6rem; font-weight: bold; } .kpi .label { font-size: 1rem; }
section { margin: 2rem 0; } .caption { color: #444; }
"""


def to_html(public: PublicReport, lang: str | None = None) -> str:
    """One self-contained HTML file (plotly.js embedded once) that works offline; every text escaped."""
    lang = lang or public.lang
    esc = html.escape
    title = i18n.t("public.title", lang)
    kpis = "".join(
        f'<div class="kpi"><div class="value">{esc(k.value)}</div>'
        f'<div class="label">{esc(k.label)}</div></div>'
        for k in public.kpis(lang)
    )
    sections = []
    for n, chart in enumerate(public.charts(lang)):
        # plotly.js once, inline, in the first chart: no network needed to open the file.
        div = chart.figure.to_html(
            full_html=False,
            include_plotlyjs=n == 0,
            include_mathjax=False,
            div_id=f"pulih-{chart.key}",
            config={"displaylogo": False, "responsive": True},
        )
        sections.append(
            f"<section><h2>{esc(chart.heading)}</h2>{div}"
            f'<p class="caption">{esc(chart.caption)}</p></section>'
        )
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} · {esc(public.office)}</title><style>{_HTML_STYLE}</style></head><body>"
        f'<header><p class="office">{esc(public.office)}</p><h1>{esc(title)}</h1>'
        f'<p class="source">{esc(public.source_line(lang))}</p></header>'
        f'<div class="kpis">{kpis}</div>{"".join(sections)}'
        f"<footer><p>{esc(public.footnote(lang))}</p><p>{esc(public.source_line(lang))}</p></footer>"
        "</body></html>\n"
    )


# --------------------------------------------------------------------------- all at once


@dataclass(frozen=True)
class Download:
    """One file ready for a download button."""

    kind: str  # pptx, pdf, html, zip (the i18n label is "public.download.<kind>")
    data: bytes
    file_name: str
    mime: str


def prepare_downloads(public: PublicReport, lang: str | None = None) -> tuple[list[Download], str | None]:
    """Every export of the report, charts rendered once; without chart images, the HTML and the reason."""
    lang = lang or public.lang
    files = [Download("html", to_html(public, lang).encode("utf-8"), file_name(public, "html"), "text/html")]
    try:
        pngs = chart_pngs(public, lang)
    except ChartImagesUnavailable as error:
        return files, str(error)
    files = [
        Download("pptx", to_pptx(public, lang, pngs), file_name(public, "pptx"), PPTX_MIME),
        Download("pdf", to_pdf(public, lang, pngs), file_name(public, "pdf"), "application/pdf"),
        *files,
        Download("zip", to_zip(public, lang, pngs), file_name(public, "zip"), "application/zip"),
    ]
    return files, None
