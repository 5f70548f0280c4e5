"""What the main pages compute for a view, drawing nothing: `ui.prefetch` readies each kecamatan with it.

Each function asks `ui.memo` for the entries its page's run asks for at the page's first
section (the overview, the profile's first breakdown, the programme's activities), and fits
their figures to the screen as `ui.page.chart` would (`screen_copy`). It must stay the page's
own calls: tests/ui/test_prefetch.py picks a kecamatan after a prefetch and fails when the
page's run computes anything the prefetch did not.
"""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go

from present import overview, profile, programme
from present.context import Context
from sheets import metrics
from ui import access, memo, planning_section
from ui.page import has_rows, screen_copy

PROFILE_FIRST = profile.FIRST_BREAKDOWN
Warm = Callable[[Context], None]


def _screen(*results: object) -> None:
    for result in results:
        for item in result if isinstance(result, tuple) else (result,):
            if isinstance(item, go.Figure):
                screen_copy(item)


def overview_view(ctx: Context) -> None:
    memo.per_view(ctx, overview.overview_tiles)
    _screen(memo.per_view(ctx, overview.overview_charts))
    planning_section.prepare(ctx)


def profile_view(ctx: Context) -> None:
    if memo.metric(ctx, metrics.known):
        _screen(
            memo.per_view(ctx, profile.profile_category, PROFILE_FIRST),
            memo.per_view(ctx, profile.profile_trend, PROFILE_FIRST),
        )


def programme_view(ctx: Context) -> None:
    memo.per_view(ctx, programme.programme_follow_up)
    if has_rows(ctx, "Kegiatan"):
        timeline = memo.per_view(ctx, programme.programme_timeline)
        if timeline is not None:
            _screen(timeline)


VIEWS: dict[str, Warm] = {"overview": overview_view, "profile": profile_view, "programme": programme_view}


def for_role(role: str, first: str) -> list[Warm]:
    """The functions of the pages `role` may open, `first`'s (the page opened) ahead of the others."""
    keys = [p.key for p in access.visible_pages(role) if p.key in VIEWS]
    return [VIEWS[k] for k in sorted(keys, key=lambda k: k != first)]
