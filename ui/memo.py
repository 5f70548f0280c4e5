"""What a view shows, computed once and shared by every session that opens it.

A page's tables and figures depend only on the read (source, day, time of the read),
the view (language, "as of" date, filters) and the page's own choices (a breakdown,
a tab). The functions here key a computation on exactly that with
`st.cache_resource`: every session that opens the same view gets the same objects,
without a copy or a pickle, and a rerun that leaves the view as it was (another
widget, the language switched back, the page opened again) costs a dictionary
lookup instead of groupbys and plotly figures. Nothing may mutate what they return.

What keeps this correct: the function computed receives only what its key holds.
`per_view(ctx, fn, *extra)` calls `fn(ctx, *extra)` (the page context: read, view,
dataset, report), `per_read(ctx, fn, *extra)` calls `fn(ctx.report, *extra)`, and
`metric(ctx, fn, *args)` calls `fn(ctx.dataset, ctx.as_of, *args)`. The functions are
module-level ones (the page modules of `present`, `sheets.metrics`), named in the key by their module
and qualified name; they must read nothing else that varies.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import streamlit as st

from present.context import Context
from sheets.validate import Report
from ui import data

T = TypeVar("T")
# A figure or table per page section, view and read: the prefetch (ui/prefetch.py) adds about 280
# per read and language (31 kecamatan, three pages), viewers' own views the rest; `data.clear` (with
# every expired or reloaded read) empties them.
MAX_ENTRIES = 1024


_count_lock = threading.Lock()
_count = 0  # how many results were computed (not found): `computed`


@st.cache_resource(max_entries=MAX_ENTRIES, show_spinner=False)
def _computed(read: tuple, scope: tuple, name: str, extra: tuple, _compute: Callable[[], Any]) -> Any:
    # `_compute` is left out of the key (Streamlit skips arguments starting with "_"): the
    # other arguments determine its result.
    global _count
    with _count_lock:
        _count += 1
    return _compute()


def computed() -> int:
    """How many results this process has computed so far (a rerun that finds them all adds none)."""
    return _count


def _name(fn: Callable[..., Any]) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def per_view(ctx: Context, fn: Callable[..., T], *extra: Hashable) -> T:
    """`fn(ctx, *extra)`, once per read, view (language, date, filters), `fn` and `extra`, for everyone."""
    return _computed(ctx.read, (ctx.view,), _name(fn), extra, lambda: fn(ctx, *extra))


def per_read(ctx: Context, fn: Callable[..., T], *extra: Hashable) -> T:
    """`fn(ctx.report, *extra)`, once per read, `fn` and `extra` (the language, when it matters)."""
    report: Report = ctx.report
    return _computed(ctx.read, (), _name(fn), extra, lambda: fn(report, *extra))


def metric(ctx: Context, fn: Callable[..., T], *args: Hashable) -> T:
    """`fn(ctx.dataset, ctx.as_of, *args)` of `sheets.metrics`, once per read, filters, date and `args`.

    Keyed without the language: switching it recomputes no figure of the data layer.
    """
    return _computed(
        ctx.read, (ctx.view.filters, ctx.as_of), _name(fn), args, lambda: fn(ctx.dataset, ctx.as_of, *args)
    )


def clear() -> None:
    """Forget every shared result (after a reload they belong to a read no page asks for again)."""
    _computed.clear()


data.forget_with_reads(__name__, clear)  # a reload or an expired read empties these too
