"""A real Chromium against `streamlit run app.py`: every page renders, in both languages.

Full-page screenshots land in `screenshots/` (git-ignored) for people to look at.
"""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from present import i18n
from tests.ui import ROOT
from ui import access, preload

pytestmark = pytest.mark.browser

SHOTS = ROOT / "screenshots"
# What each page must show beyond "no exception": KPI tiles and/or charts.
EXPECT = {
    "public": ("metric", "chart"),
    "overview": ("metric", "chart"),
    "areas": ("chart",),
    "profile": ("chart",),
    "programme": ("metric", "chart"),
    "follow_up": (),
    "quality": ("chart",),
    "publications": (),
    "history": (),
}


def open_and_wait(page: Page, url: str) -> None:
    """Load `url` and wait until the script has finished and the charts have drawn."""
    page.goto(url)
    finished(page)


def finished(page: Page) -> None:
    """Wait for the current script run to end (Streamlit marks the app root)."""
    expect(page.locator("[data-testid='stApp'][data-test-script-state='notRunning']")).to_be_attached(
        timeout=30_000
    )
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=10_000)


def screenshot(page: Page, name: str) -> None:
    """Save the whole page: Streamlit scrolls inside its main area, so grow the window to fit it first."""
    SHOTS.mkdir(exist_ok=True)
    height = page.evaluate("""Math.max(...['stMain', 'stSidebarContent'].map(
        id => document.querySelector(`[data-testid=${id}]`)?.scrollHeight ?? 0))""")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height + 40)})
    page.wait_for_timeout(700)  # charts redraw at the new size
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)
    page.set_viewport_size(size)


def url_of(app_url: str, spec: access.PageSpec) -> str:
    """The default (first) page lives at the root; the others at their url_path."""
    return app_url + "/" if spec is access.PAGES[0] else f"{app_url}/{spec.url_path}"


def check_page(page: Page, key: str, lang: str) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)
    # The first run's hidden code preload (ui.preload) is gone once the page is drawn.
    expect(page.locator(f".st-key-{preload.KEY}")).to_have_count(0)
    expect(page.get_by_role("heading", name=i18n.t(f"page.{key}", lang), exact=True)).to_be_visible()
    if "metric" in EXPECT[key]:
        expect(page.get_by_test_id("stMetricValue").first).to_be_visible()
    if "chart" in EXPECT[key]:
        expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=15_000)
        page.wait_for_timeout(500)  # plotly animates its first draw


FIRST_TILE = """(() => {
  new MutationObserver((_, observer) => {
    const tiles = document.querySelectorAll('[data-testid="stMetricValue"]');
    if ([...tiles].some((t) => t.getClientRects().length > 0 && t.textContent.trim() !== "")) {
      window.__firstTile = performance.now();
      observer.disconnect();
    }
  }).observe(document, {subtree: true, childList: true, characterData: true});
})();"""


def test_a_first_visit_shows_its_tiles_without_waiting_for_the_chart_code(page: Page, app_url: str) -> None:
    """Plotly's code takes the browser's main thread most of a second to load: a first visit's tiles
    are on screen before that code has even arrived (ui/preload.py preloads the tile's code only)."""
    page.add_init_script(FIRST_TILE)
    open_and_wait(page, app_url + "/")
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=15_000)
    tile, chart_code = page.evaluate("""() => [window.__firstTile ?? null, performance
        .getEntriesByType('resource').filter((e) => /PlotlyChart[^/]*[.]js$/.test(e.name))
        .map((e) => e.responseEnd)]""")
    assert tile is not None and chart_code, (tile, chart_code)
    assert tile < min(chart_code), (tile, chart_code)


# Per chart, the margins plotly laid it out with that differ from those it was given by more than
# the pixel its automatic margins allow (plotly.js `didMarginChange`): each one is a second draw.
MARGINS_MOVED = """() => [...document.querySelectorAll('.js-plotly-plot')].map((g) => {
  const given = g.layout.margin, laid = g._fullLayout._size;
  return ['l', 'r', 't', 'b'].filter((k) => Math.abs(laid[k] - given[k]) > 1)
    .map((k) => `${(g.layout.title.text || '').slice(0, 30)} ${k}: ${given[k]} -> ${laid[k]}`);
}).flat()"""


@pytest.mark.parametrize("query", ["", "?kec=Cikedung"])
def test_the_overview_charts_are_drawn_once_when_they_arrive(page: Page, app_url: str, query: str) -> None:
    """Streamlit mounts a chart anew whenever its figure changes (every filter change), and plotly
    draws it a second time when its labels need more room than its margins: the overview's yearly
    charts are given the room their labels take on a desktop screen, so their margins never make
    plotly draw them again (Streamlit's own second draw as a chart mounts aside: bench/README.md)."""
    open_and_wait(page, f"{url_of(app_url, access.PAGE_BY_KEY['overview'])}{query}")
    expect(page.locator(".js-plotly-plot").nth(1)).to_be_visible(timeout=15_000)
    finished(page)
    assert page.locator(".js-plotly-plot").count() >= 2
    assert page.evaluate(MARGINS_MOVED) == []


@pytest.mark.parametrize("spec", access.PAGES, ids=lambda spec: spec.key)
def test_every_page_renders_in_indonesian(page: Page, app_url: str, spec: access.PageSpec) -> None:
    open_and_wait(page, url_of(app_url, spec))
    check_page(page, spec.key, "id")
    screenshot(page, f"id-{spec.key}")


def test_language_switch_and_english_pages(page: Page, app_url: str) -> None:
    open_and_wait(page, app_url)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("radio", name=i18n.LANG_NAMES["en"]).click()
    expect(
        page.get_by_role("heading", name=i18n.t(f"page.{access.PAGES[0].key}", "en"), exact=True)
    ).to_be_visible()
    finished(page)
    assert "lang=en" in page.url  # the choice is in the address, so a shared link keeps it
    for spec in access.PAGES:
        title = i18n.t(f"page.{spec.key}", "en")
        sidebar.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
        expect(page.get_by_role("heading", name=i18n.t(f"page.{spec.key}", "en"), exact=True)).to_be_visible()
        finished(page)
        check_page(page, spec.key, "en")
        assert "lang=en" in page.url
        screenshot(page, f"en-{spec.key}")


def test_filtered_link_reopens_the_same_view(page: Page, app_url: str) -> None:
    overview = access.PAGE_BY_KEY["overview"].url_path
    open_and_wait(page, f"{app_url}/{overview}?asof=2018-12-31&kec=Cikedung")
    check_page(page, "overview", "id")
    values = page.get_by_test_id("stMetricValue").all_inner_texts()
    assert values[1] == "20"  # Cikedung's 2018 cohort: 20 rehabilitated by the end of 2018
    screenshot(page, "id-overview-cikedung-2018")


def test_the_profile_breakdown_is_in_the_address(page: Page, app_url: str) -> None:
    profile = access.PAGE_BY_KEY["profile"].url_path
    open_and_wait(page, f"{app_url}/{profile}?asof=2018-12-31&rincian=destination")
    check_page(page, "profile", "id")
    expect(page.locator(".js-plotly-plot")).to_have_count(2)  # the breakdown's groups and its trend
    drawn = " ".join(page.locator(".js-plotly-plot").all_text_contents())
    assert "Arab Saudi" in drawn and "Malaysia" in drawn  # the demo's destinations, opened by the address
    page.get_by_test_id("stMain").get_by_role("radio", name=i18n.t("profile.child", "id"), exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]rincian=child\b"))  # the new choice is the address to share
    finished(page)
    expect(page.get_by_role("heading", name=i18n.t("profile.child", "id"), exact=True)).to_be_visible()
    screenshot(page, "id-profile-child")


@pytest.mark.parametrize("spec", access.PAGES, ids=lambda spec: spec.key)
def test_every_address_works_on_the_first_visit_after_a_start(
    browser, tmp_path, spec: access.PageSpec
) -> None:
    """A shared address (`/paparan`, `/kualitas-data` ...) opened in a fresh browser right after
    `streamlit run app.py` starts shows its page, and no "Page not found" dialog."""
    from tests.ui.conftest import running_app

    with running_app(tmp_path) as url:
        context = browser.new_context()
        page = context.new_page()
        try:
            open_and_wait(page, f"{url}/{spec.url_path}")
            expect(
                page.get_by_role("heading", name=i18n.t(f"page.{spec.key}", "id"), exact=True)
            ).to_be_visible()
            page.wait_for_timeout(1000)  # the dialog, when there is one, comes after the first run
            expect(page.get_by_text("Page not found")).to_have_count(0)
            expect(page.get_by_role("dialog")).to_have_count(0)
            expect(page.get_by_test_id("stException")).to_have_count(0)
            assert urlparse(page.url).path.rstrip("/") in ("", f"/{spec.url_path}")
        finally:
            context.close()


@pytest.mark.parametrize(
    ("key", "labels"),
    [
        ("quality", (("Unduh CSV", ".csv"), ("Unduh Excel", ".xlsx"))),
        ("follow_up", ((i18n.t("follow_up.download", "id"), ".csv"),)),
    ],
)
def test_staff_downloads_have_no_address_anyone_could_fetch(
    page: Page, app_url: str, key: str, labels: tuple[tuple[str, str], ...]
) -> None:
    """A staff file is handed to this page only: no `/media/...` URL exists for a cookieless client."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    open_and_wait(page, f"{app_url}/{access.PAGE_BY_KEY[key].url_path}")
    for label, suffix in labels:
        with page.expect_download(timeout=30_000) as caught:
            page.get_by_role("button", name=label).click()
        download = caught.value
        assert download.suggested_filename.endswith(suffix)
        content = Path(download.path()).read_bytes()
        assert content.startswith(b"\xef\xbb\xbf" if suffix == ".csv" else b"PK") and len(content) > 100
        assert download.url.startswith("blob:")  # saved from the page's memory
    media = [url for url in fetched if urlparse(url).path.startswith("/media/")]
    for url in media:  # what a stranger would try (there should be none to try)
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(url, timeout=5)
    assert media == []


def test_an_unexpected_error_shows_the_visitor_no_details(page: Page, tmp_path) -> None:
    """With the repository's .streamlit/config.toml, a crash tells the visitor nothing about its cause."""
    import sys

    from tests.fakes.process import free_port, streamlit_process

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "tests/fakes/crashing_app.py",
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]
    with streamlit_process(command, url, tmp_path / "server.log", dict(os.environ), deadline_s=30):
        open_and_wait(page, url)
        expect(page.get_by_test_id("stException")).to_have_count(1)  # the error is there, said generically
        text = page.get_by_test_id("stException").inner_text()
        for detail in ("secret detail", "service-account.json", "KPO-0042", "RuntimeError", "crashing_app"):
            assert detail not in text
    assert "secret detail" in (tmp_path / "server.log").read_text()  # for whoever runs the server


def test_the_metrics_page_does_not_say_when_staff_open_names(page: Page, app_url: str) -> None:
    """`/_stcore/metrics` is public (Streamlit cannot switch it off): nothing about identity data there."""
    open_and_wait(page, f"{app_url}/{access.PAGE_BY_KEY['follow_up'].url_path}")
    expect(page.get_by_text(i18n.t("follow_up.identity_note", "id")[:40])).to_be_visible()  # names shown
    with urllib.request.urlopen(f"{app_url}/_stcore/metrics", timeout=10) as response:
        metrics = response.read().decode()
    assert "cache_lookups_total" in metrics  # the page still counts the shared caches
    assert "identity" not in metrics.lower()


def test_the_public_page_hands_out_the_open_data_zip(page: Page, app_url: str) -> None:
    """The open-data button (made on click) gives a ZIP of Open Data Jabar tables with their metadata."""
    import csv
    import io
    import zipfile

    open_and_wait(page, app_url + "/")
    with page.expect_download(timeout=30_000) as caught:
        page.get_by_role("button", name=i18n.t("public.download.opendata", "id")).click()
    download = caught.value
    assert download.suggested_filename.startswith(
        "pulih-data-terbuka-"
    ) and download.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes())) as archive:
        names = archive.namelist()
        tables = [n for n in names if n.endswith(".csv")]
        assert len(tables) == 7 and len(names) == 14
        rows = list(csv.reader(io.StringIO(archive.read(tables[0]).decode("utf-8"))))
    assert rows[0][:4] == ["kode_provinsi", "nama_provinsi", "kode_kabupaten_kota", "nama_kabupaten_kota"]
    expect(page.get_by_test_id("stException")).to_have_count(0)
