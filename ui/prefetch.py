"""The views a viewer opens next, computed while the server is idle: each kecamatan of the main pages.

Leadership and staff open a page for the whole regency, then pick a kecamatan in the
sidebar. Each kecamatan is a new view, whose figures the pick's rerun would compute (at the
regency scale 20 to 40 ms of a page's script, and the browser waits about half as long again
for every millisecond of it: bench/README.md, "Sixth round"). After a run of a regency-wide
view (no filter at all), `nearby` queues the main pages the role may open (`ui.page_views`:
the overview, the profile and the programme, the page opened first) for each of the office's
kecamatan alone. A background thread computes them one by one through the very `ui.memo`
entries those pages' runs ask for, so that a pick finds them ready. Other filter changes (a
sex, some years, two kecamatan, another breakdown) are computed when asked, as before.

What keeps this harmless:
- nothing is drawn and no Streamlit call is made but the caches' own (`ui.memo`,
  `data.filtered`), from the dataset of the run that asked: this thread never reads a source;
- it computes only while no script run is going on in this server (`ui.foreground`, which
  app.py holds around each run), so a viewer's run never shares the interpreter with it;
- a view is queued once per read, language, day and role, and forgotten with the reads
  (`data.clear`), which also stops a job under way;
- `[sheets] prefetch = false` (or `PULIH_PREFETCH=0`) turns it off.

At 2,000 survivors the overview's 31 kecamatan take about 0.7 s of CPU; the entries live in
`ui.memo`'s bounded cache like any viewer's.
"""

from __future__ import annotations

import collections
import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Iterator

from present.context import Context, View
from ui import config, data, foreground, gc_freeze

_LOG = logging.getLogger(__name__)
# At most this many queued pages (each of some 31 views): a job is small, and older ones go first.
MAX_JOBS = 16

Warm = Callable[[Context], None]

_lock = threading.Condition()
_queued: set[tuple] = set()
_jobs: collections.deque[tuple[Context, list[Warm]]] = collections.deque(maxlen=MAX_JOBS)
_worker: threading.Thread | None = None
_busy = False  # the worker is on a job
_generation = 0  # bumped by `forget`: a job of an older generation stops


def kecamatan_views(ctx: Context) -> Iterator[Context]:
    """The contexts of `ctx`'s page for each kecamatan alone (same read, language and day), one by one.

    Each one's dataset is `data.filtered`'s entry for its filters, as the pick's rerun asks for
    it, filtered from `ctx`'s dataset (a regency-wide view's is the read's own).
    """
    for name in ctx.bounds.districts:
        filters = dataclasses.replace(ctx.view.filters, districts=(name,))
        view = View(lang=ctx.view.lang, as_of=ctx.view.as_of, filters=filters)
        dataset = data.filtered(*ctx.read, filters, _dataset=ctx.dataset)
        yield dataclasses.replace(ctx, view=view, dataset=dataset)


def nearby(ctx: Context, page: str) -> bool:
    """Queue the main pages for each kecamatan of this regency-wide view of `page`; whether it was queued.

    Only from a view without filters (its dataset is then the whole read's), once per read,
    language, day and role.
    """
    if not ctx.view.filters.is_empty or not ctx.bounds.districts or not config.settings().cache.prefetch:
        return False
    key = (ctx.read, ctx.view, ctx.role)
    if key in _queued:  # the common case, every rerun of a regency-wide view: a set lookup
        return False
    from ui import page_views  # the pages' modules: loaded with the first regency-wide view

    warms = page_views.for_role(ctx.role, page)
    with _lock:
        if key in _queued or not warms:
            return False
        _queued.add(key)
        _jobs.append((ctx, warms))
        _start_worker()
    return True


def forget() -> None:
    """Drop every queued job and what was queued (the reads are gone: `data.clear`)."""
    global _generation
    with _lock:
        _generation += 1
        _jobs.clear()
        _queued.clear()


def wait_done(timeout_s: float | None = None) -> bool:
    """Wait until every queued job is done; whether it was within `timeout_s` (for tests)."""
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    with _lock:
        while _jobs or _busy:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return False
            _lock.wait(left if left is not None else 0.1)
    return True


def _start_worker() -> None:
    """Start the worker unless it is running (called under `_lock`, which the worker leaves by)."""
    global _worker
    if _worker is None:
        _worker = threading.Thread(target=_work, name="pulih-prefetch", daemon=True)
        _worker.start()


def _warm_all(origin: Context, warms: list[Warm], generation: int) -> None:
    """Each page's function for each kecamatan, one step at a time between the viewers' runs."""

    def outdated() -> bool:
        return generation != _generation

    for warm in warms:
        views = kecamatan_views(origin)
        while foreground.idle(give_up=outdated):
            view = next(views, None)  # its dataset is filtered here, between runs too
            if view is None:
                break
            warm(view)
        if outdated():
            return


def _work() -> None:
    global _busy, _worker
    while True:
        with _lock:
            if not _jobs:  # a job queued after this starts a new worker: `_worker` is None by then
                _busy = False
                _worker = None
                _lock.notify_all()
                return
            origin, warms = _jobs.popleft()
            _busy = True
            generation = _generation
        try:
            _warm_all(origin, warms, generation)
        except Exception:  # noqa: BLE001 - a failed prefetch leaves the pages to compute their views
            _LOG.exception("prefetch of %s failed", origin.view)
        gc_freeze.after_run()  # modules this job imported are frozen here, not in a viewer's run


data.forget_with_reads(__name__, forget)
