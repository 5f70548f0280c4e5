"""Thirty viewers opening a freshly started server at the same moment each get the whole page.

Their first runs import the app side by side in the server's script threads; a race there once
showed every one but the first an error box (plotly found pandas half-imported by another
session: ui/preload.py). Each session here is a client of Streamlit's websocket protocol, a full
server-side session like a browser tab (`bench.app.Session`).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from bench.app import Session, fake_api
from tests.fakes.sheets_api import serve
from tests.ui.conftest import running_app
from ui import access

SESSIONS = 30


def test_thirty_sessions_opening_a_fresh_server_at_once_each_see_the_overview(tmp_path) -> None:
    async def open_all(url: str) -> list[Session]:
        sessions = [Session(url, {}) for _ in range(SESSIONS)]
        await asyncio.gather(*(s.open(access.PAGE_BY_KEY["overview"].url_path) for s in sessions))
        for session in sessions:
            await session.close()
        return sessions

    # The live Sheets path against the fake API (the bench's regency spreadsheet), in local staff
    # mode: no login, every page open.
    api, sheet, _ = fake_api("regency")
    base, shutdown = serve(api)
    try:
        # The sessions run in a thread of their own: the browser tests' Playwright may have an
        # event loop running in this one.
        with (
            running_app(
                tmp_path,
                PULIH_LOCAL_ROLE="staf",
                PULIH_SHEETS_API_URL=base,
                PULIH_SHEETS_SPREADSHEET=sheet,
                PULIH_SNAPSHOT_DIR=str(tmp_path / "snapshots"),
            ) as url,
            ThreadPoolExecutor(1) as thread,
        ):
            sessions = thread.submit(asyncio.run, open_all(url)).result()
    finally:
        shutdown()
    for session in sessions:
        assert not session.elements.get("exception"), session.elements
        assert session.elements.get("metric", 0) >= 5, session.elements  # the preload's and the page's tiles
        assert session.elements.get("plotly_chart", 0) >= 2, session.elements
