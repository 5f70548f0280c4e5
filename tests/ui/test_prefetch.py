"""Each kecamatan's view of the main pages is ready before it is picked (ui/prefetch.py).

The pages run in AppTest as a viewer would open them: the whole regency first, then a kecamatan
picked in the sidebar. What the pick's run computes is counted with `ui.memo.computed`.
"""

from __future__ import annotations

import threading
import time

import pytest
from streamlit.testing.v1 import AppTest

from present.context import Bounds, Context, View
from sheets.metrics import Filters
from tests.ui import ROOT
from ui import access, data, foreground, memo, page_views, prefetch

TIMEOUT = 60
PAGES = {
    "overview": "app_pages/overview.py",
    "profile": "app_pages/profile.py",
    "programme": "app_pages/programme.py",
}
PICKED = "Haurgeulis"


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    """A fresh read for each test, as leadership sees it (the overview's "what if" included)."""
    monkeypatch.setattr(access, "current_role", lambda: "pimpinan")
    data.clear()
    yield
    prefetch.wait_done(TIMEOUT)
    data.clear()


def opened(page: str) -> AppTest:
    """app.py, then `page` for the whole regency."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    at.switch_page(PAGES[page]).run()
    assert not at.exception, at.exception
    return at


def pick(at: AppTest, name: str = PICKED) -> AppTest:
    at.session_state["districts"] = [name]
    at.run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> list:
    """What the page shows: tiles, charts (their specs) and text, in order."""
    return (
        [(m.label, m.value) for m in at.metric]
        + [c.proto.spec for c in at.get("plotly_chart")]
        + [m.value for m in (*at.markdown, *at.caption)]
    )


@pytest.mark.parametrize("page", PAGES)
def test_a_kecamatan_picked_after_the_prefetch_is_computed_already(monkeypatch, page: str) -> None:
    monkeypatch.setenv("PULIH_PREFETCH", "1")
    at = opened(page)
    assert prefetch.wait_done(TIMEOUT), "the prefetch did not finish"
    before = memo.computed()
    pick(at)
    assert memo.computed() == before, (
        f"the {page} page computed its kecamatan view although it was prefetched"
    )


@pytest.mark.parametrize("page", PAGES)
def test_without_the_prefetch_the_pick_computes_its_view_and_shows_the_same(monkeypatch, page: str) -> None:
    monkeypatch.setenv("PULIH_PREFETCH", "1")
    prefetched = opened(page)
    assert prefetch.wait_done(TIMEOUT)
    with_prefetch = shown(pick(prefetched))

    data.clear()
    monkeypatch.setenv("PULIH_PREFETCH", "0")
    at = opened(page)
    before = memo.computed()
    without = shown(pick(at))
    assert memo.computed() > before  # the check above can fail: a new view is computed when asked
    assert with_prefetch == without
    assert any(PICKED in str(item) for item in without)  # the kecamatan's view, not the regency's


def test_the_prefetch_waits_for_the_runs_going_on(monkeypatch) -> None:
    monkeypatch.setenv("PULIH_PREFETCH", "1")
    loaded = data.load(data.source_spec(), data.today())
    ctx = Context(
        View("id", data.today(), Filters()),
        loaded.report,
        loaded.dataset,
        Bounds(2015, data.today(), districts=("Anjatan", "Bongas", "Cikedung")),
        "pimpinan",
        ("test", data.today(), None),
    )
    warmed: list[tuple[str, ...]] = []
    monkeypatch.setattr(
        page_views, "VIEWS", {"overview": lambda view: warmed.append(view.view.filters.districts)}
    )
    with foreground.run():
        assert prefetch.nearby(ctx, "overview")
        time.sleep(0.3)
        assert warmed == []  # nothing while a run is going on
    assert prefetch.wait_done(TIMEOUT)
    assert warmed == [("Anjatan",), ("Bongas",), ("Cikedung",)]
    assert not prefetch.nearby(ctx, "overview")  # once per read, view and role


def test_a_filtered_view_and_a_turned_off_prefetch_queue_nothing(monkeypatch) -> None:
    loaded = data.load(data.source_spec(), data.today())
    bounds = Bounds(2015, data.today(), districts=("Anjatan",))
    base = Context(
        View("id", data.today(), Filters()), loaded.report, loaded.dataset, bounds, "staf", ("t", 1, 2)
    )
    monkeypatch.setenv("PULIH_PREFETCH", "1")
    filtered = Context(
        View("id", data.today(), Filters(sexes=("P",))),
        loaded.report,
        loaded.dataset,
        bounds,
        "staf",
        ("t", 1, 2),
    )
    assert not prefetch.nearby(filtered, "overview")
    monkeypatch.setenv("PULIH_PREFETCH", "0")
    assert not prefetch.nearby(base, "overview")


def test_a_reload_stops_the_prefetch_and_it_never_reads(monkeypatch) -> None:
    monkeypatch.setenv("PULIH_PREFETCH", "1")
    loaded = data.load(data.source_spec(), data.today())
    reads = []
    monkeypatch.setattr(data, "read", lambda *a: reads.append(a))
    release = threading.Event()
    warmed = []

    def slow(view) -> None:
        warmed.append(view)
        release.wait(TIMEOUT)

    monkeypatch.setattr(page_views, "VIEWS", {"overview": slow})
    ctx = Context(
        View("id", data.today(), Filters()),
        loaded.report,
        loaded.dataset,
        Bounds(2015, data.today(), districts=("Anjatan", "Bongas", "Cikedung")),
        "staf",
        (data.source_spec(), data.today(), loaded.read_at),
    )
    assert prefetch.nearby(ctx, "overview")
    deadline = time.monotonic() + TIMEOUT
    while not warmed and time.monotonic() < deadline:
        time.sleep(0.01)
    data.clear()  # a reload: every read and what was built on it is forgotten
    release.set()
    assert prefetch.wait_done(TIMEOUT)
    assert len(warmed) == 1  # the job stopped with its read
    assert reads == []  # and the prefetch never read the source
