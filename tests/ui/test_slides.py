"""The public slide show in a real Chromium against `streamlit run app.py`: a presenter's keys, clean
changes, one screen per slide at projector sizes.

Screenshots of every slide at 1366x768 and 1920x1080, and of one at 390x844, land in `screenshots/`.
"""

from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from present import i18n
from tests.ui.test_browser import SHOTS, finished

pytestmark = pytest.mark.browser

TOTAL = 5  # the headline tiles, then four charts
SLIDE = '[class*="st-key-pulih_slide_"]'  # the block holding the slide on screen

# Every state the page is ever in (each DOM change, before it is painted): the slide headings, KPI
# tiles and chart titles on screen. A stale element Streamlit keeps from the previous run counts:
# it is still visible.
RECORDER = """
(() => {
  const shots = window.__slides = [];
  const shown = (el) => el.getClientRects().length > 0;
  const take = () => {
    const main = document.querySelector('[data-testid="stMain"]');
    if (!main) return;
    shots.push({
      headings: [...main.querySelectorAll("h2")].filter(shown).map((h) => h.textContent.trim()),
      tiles: [...main.querySelectorAll('[data-testid="stMetricValue"]')].filter(shown).length,
      titles: [...main.querySelectorAll(".js-plotly-plot .gtitle")].filter(shown).map((t) => t.textContent),
    });
  };
  new MutationObserver(take).observe(document, {subtree: true, childList: true, characterData: true});
})();
"""


# How tall the page is against the window, and where the slide's block ends.
FIT = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const box = document.querySelector('[class*="st-key-pulih_slide_"]')?.getBoundingClientRect();
    return {scroll: main.scrollHeight, view: main.clientHeight, bottom: box ? box.bottom : null,
            page: document.documentElement.scrollHeight, inner: innerHeight};
}"""


def counter(n: int) -> str:
    return i18n.t("public.slide_of", "id", n=n, total=TOTAL)


def open_slides(page: Page, url: str) -> None:
    page.goto(f"{url}/?slides=true")
    finished(page)
    expect(page.get_by_text(counter(1), exact=True)).to_be_visible()
    expect(page.get_by_test_id("stMetricValue").first).to_be_visible()


def settled(page: Page, n: int) -> None:
    """Slide `n` is up: its counter shows, the run has ended and its chart (if any) is drawn."""
    expect(page.get_by_text(counter(n), exact=True)).to_be_visible(timeout=20_000)
    finished(page)
    if n > 1:
        expect(page.locator(f"{SLIDE} .js-plotly-plot .main-svg").first).to_be_visible(timeout=15_000)
    page.wait_for_timeout(300)  # plotly's first draw


@pytest.fixture
def slide_page(browser, app_url):
    """A fresh 1366x768 window (a common projector) with the state recorder installed."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.add_init_script(RECORDER)
    page = context.new_page()
    open_slides(page, app_url)
    yield page
    context.close()


def test_a_presenters_keys_step_the_slides_as_the_buttons_do(slide_page: Page) -> None:
    """What a clicker sends: Right/Page Down/Space forward, Left/Page Up/Shift+Space back."""
    page = slide_page
    for key, expected in [
        ("ArrowRight", 2),
        ("PageDown", 3),
        ("Space", 4),
        ("ArrowRight", 5),
        ("ArrowRight", 1),  # after the last, the first
        ("ArrowLeft", 5),
        ("PageUp", 4),
        ("Shift+Space", 3),
    ]:
        page.keyboard.press(key)
        settled(page, expected)
    # The mouse leaves the focus on the button: Space then still steps once, not twice.
    page.get_by_role("button", name=i18n.t("public.next", "id")).click()
    settled(page, 4)
    page.keyboard.press("Space")
    settled(page, 5)
    page.wait_for_timeout(1000)
    expect(page.get_by_text(counter(5), exact=True)).to_be_visible()


def test_keys_work_right_after_the_slide_switch_is_clicked(browser, app_url) -> None:
    """The switch keeps the focus after the click: the clicker must still step (and Space must not
    switch slide mode off again)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(app_url)
        finished(page)
        page.get_by_text(i18n.t("public.slides", "id"), exact=True).click()
        settled(page, 1)
        page.keyboard.press("Space")
        settled(page, 2)
        page.keyboard.press("PageDown")
        settled(page, 3)
        assert "slides=true" in page.url
    finally:
        context.close()


def test_a_slide_change_leaves_nothing_of_the_previous_slide_on_screen(slide_page: Page) -> None:
    """At no moment of a change is the new heading shown next to the old slide's tiles or chart."""
    page = slide_page
    content: dict[str, tuple[int, frozenset[str]]] = {}
    for n in range(1, TOTAL + 2):  # every slide, then back to the first
        if n > 1:
            page.get_by_role("button", name=i18n.t("public.next", "id")).click()
        settled(page, (n - 1) % TOTAL + 1)
        now = page.evaluate("window.__slides[window.__slides.length - 1]")
        assert len(now["headings"]) == 1, now  # exactly one slide heading once the change is done
        content[now["headings"][0]] = (now["tiles"], frozenset(now["titles"]))
    assert len(content) == TOTAL and all(tiles or titles for tiles, titles in content.values())
    shots = page.evaluate("window.__slides")
    for shot in shots:
        assert len(shot["headings"]) <= 1, shot  # never two slide headings at once
        if shot["headings"]:
            tiles, titles = content[shot["headings"][0]]
            assert set(shot["titles"]) <= titles, shot  # no chart title of another slide
            assert shot["tiles"] <= tiles, shot  # no headline tile under a chart's heading


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_slide_fits_the_screen(browser, app_url, size: tuple[int, int]) -> None:
    """A projector shows the whole slide: no scrolling inside the page, nothing below the window."""
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        open_slides(page, app_url)
        SHOTS.mkdir(exist_ok=True)
        for n in range(1, TOTAL + 1):
            if n > 1:
                page.get_by_role("button", name=i18n.t("public.next", "id")).click()
            settled(page, n)
            with contextlib.suppress(PlaywrightTimeout):  # a chart may still be resizing to its box
                page.wait_for_function(
                    f"(() => {{ const f = ({FIT})(); return f.scroll <= f.view + 2 && f.page <= f.inner + 2 "
                    "&& (f.bottom === null || f.bottom <= f.inner); })",
                    timeout=5_000,
                )
            page.screenshot(path=SHOTS / f"slide-{width}x{height}-{n}.png")
            fit = page.evaluate(FIT)
            assert fit["scroll"] <= fit["view"] + 2, (n, fit)
            assert fit["page"] <= fit["inner"] + 2, (n, fit)
            assert fit["bottom"] is None or fit["bottom"] <= fit["inner"], (n, fit)
            if n > 1:  # the chart is drawn at the height the screen leaves it, not cut
                chart = page.locator(f"{SLIDE} .js-plotly-plot").first.bounding_box()
                assert chart["height"] >= 250 and chart["y"] + chart["height"] <= height, (n, chart)
    finally:
        context.close()


def test_a_slide_on_a_phone(browser, app_url) -> None:
    """390x844: the slide may scroll, but its chart title is not cut (screenshot for people to look at)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        open_slides(page, app_url)
        page.get_by_role("button", name=i18n.t("public.next", "id")).click()
        settled(page, 2)
        title = page.locator(f"{SLIDE} .js-plotly-plot .gtitle").first.bounding_box()
        assert title["x"] >= 0 and title["x"] + title["width"] <= 390
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SHOTS / "slide-390x844-2.png", full_page=True)
        assert re.search(r"\bdari 5\b", page.get_by_test_id("stMain").inner_text())
    finally:
        context.close()
