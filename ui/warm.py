"""The server's start: what a first visit imports, imported before anyone visits.

`streamlit run app.py` finds app.py's `st.App` and serves it (the same Starlette server a
script without one gets); its lifespan starts `warm_up` in a thread as the server begins to
listen. Without it a new process spent its first visitor's first second importing pandas,
plotly, Babel, gspread and the app's own modules between the request and the first figure
(bench/README.md, "Fifth round"). A visit that arrives during the warm-up waits, on Python's
import lock, for the module being imported: nothing is imported twice.

Only imports: the read itself waits for a visitor, as before.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import threading
from collections.abc import AsyncIterator
from typing import Any

_LOGGER = logging.getLogger(__name__)

# What the router, the default page and the overview import before their first figure
# (tests/ui/test_warm.py runs both on a warmed interpreter: nothing of these packages is left).
MODULES = (
    "pandas",
    "plotly.graph_objects",
    "plotly.graph_objs.bar",  # plotly imports each kind of trace when the first one is made
    "plotly.graph_objs.indicator",
    "plotly.graph_objs.scatter",
    "plotly.io",
    "plotly.offline",  # st.plotly_chart's own imports
    "plotly.tools",
    "present.exports",
    "present.history",
    "present.i18n",
    "present.kpi",
    "present.markup",
    "present.overview",
    "present.public",
    "present.publications",
    "ui.access",
    "ui.data",
    "ui.history_sections",  # the history store (SQLAlchemy): written at the end of the run that read
    "ui.memo",
    "ui.opendata_download",
    "ui.page",
    "ui.page_views",  # the prefetch's pages (ui/prefetch.py): at the end of a first regency-wide run
    "ui.planning_section",
    "ui.prefetch",
    "ui.preload",
    "ui.public_release",
    "ui.sidebar",
    "ui.slides",
    "ui.state",
)

# The data layer's modules, named inside the `sheets` package: validation, and the reader of each
# kind of source ([sheets], a workbook, the demo) and of store mode.
VALIDATION = "validate"
READERS = {"sheets": "live", "file": "sources", "demo": "demo"}
STORE_READER = "sync"


def source_modules() -> tuple[str, ...]:
    """Validation and the reader of the configured source (`ui.data.read`'s branch for it)."""
    from ui import config

    settings = config.settings()
    if settings.source.kind == "sheets" and settings.sync.read_from_store:
        reader = STORE_READER
    else:
        reader = READERS.get(settings.source.kind, "")
    return tuple(f"sheets.{name}" for name in (VALIDATION, reader) if name)


def warm_up() -> None:
    """Import `MODULES` and the source's reader, then freeze what they hold out of the collector's
    sight (`ui.gc_freeze`). A failure is logged and left to the first visit, which says what is wrong."""
    from ui import runlog

    started = runlog.start()
    try:
        for name in MODULES:
            importlib.import_module(name)
        for name in source_modules():
            importlib.import_module(name)
        from ui import gc_freeze

        gc_freeze.after_run()
    except Exception:  # a broken setting or module must not stop the server
        _LOGGER.exception("the warm-up stopped; the first visit imports the rest")
    runlog.record("(warm-up)", started)


@contextlib.asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """st.App's lifespan: the warm-up in its own thread, so the server answers at once."""
    threading.Thread(target=warm_up, name="pulih-warm-up", daemon=True).start()
    yield None
