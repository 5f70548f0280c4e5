"""Phones (390x844) in a real Chromium: the public page and the overview read without the sidebar
in the way, with chart titles whole and clear of the chart toolbar, and nothing wider than the screen.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.ui.test_browser import SHOTS, check_page, finished, screenshot
from ui import access

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

# Each chart's title, toolbar (modebar) and whole chart, as drawn.
BOXES = """() => [...document.querySelectorAll('.js-plotly-plot')].map(plot => {
    const box = el => { if (!el) return null; const r = el.getBoundingClientRect();
                        return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
    return {title: plot.querySelector('.gtitle')?.textContent ?? '', titleBox: box(plot.querySelector('.gtitle')),
            modebar: box(plot.querySelector('.modebar')), plot: box(plot)};
})"""


def overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


@pytest.mark.parametrize("key", ["public", "overview"])
def test_a_phone_shows_the_page_not_the_sidebar_and_whole_chart_titles(
    browser: Browser, app_url: str, key: str
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        spec = access.PAGE_BY_KEY[key]
        page.goto(app_url + "/" if spec is access.PAGES[0] else f"{app_url}/{spec.url_path}")
        finished(page)
        check_page(page, key, "id")
        page.wait_for_timeout(1500)  # every chart drawn at the phone's width
        sidebar = page.get_by_test_id("stSidebar").bounding_box()
        assert sidebar is None or sidebar["x"] + sidebar["width"] <= 1, sidebar  # collapsed: off the screen
        width = page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
        assert width[0] <= width[1], width  # nothing runs off to the right
        charts = page.evaluate(BOXES)
        assert len(charts) >= 2
        for chart in charts:
            title, plot = chart["titleBox"], chart["plot"]
            assert title is not None and chart["title"], chart
            assert title["left"] >= plot["left"] and title["right"] <= plot["right"] + 1, chart  # not cut
            assert chart["modebar"] is None or not overlap(title, chart["modebar"]), chart
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SHOTS / f"phone-{key}.png")
        screenshot(page, f"phone-{key}-full")
    finally:
        context.close()
