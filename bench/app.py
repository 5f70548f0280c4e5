"""App benchmark: `python -m bench.app [--scales regency,province] [--k 10,30]` (`make bench-app`).

The real app, served as `make run` serves it (`streamlit run app.py`), reads the
synthetic spreadsheet of bench/payload.py from the fake Sheets API v4
(tests/fakes/sheets_api.py) served on 127.0.0.1 in this process, so every request
the app makes is counted. The viewers, all logged in as staff (who see every page)
with one login through oidc-provider-mock, are headless Chromium pages and, where
tens of them are needed at once, clients of Streamlit's websocket protocol. Nothing
leaves 127.0.0.1.

Per scale, in one run:

1. requests under concurrency: on a fresh server (cold cache), K sessions open the
   overview at the same moment; the fake counts values and metadata requests;
2. rerun time after a filter change (a kecamatan picked in the sidebar) on each page,
   with the shared read cached: the script's own time from the run log that app.py
   writes when PULIH_RUN_LOG is set (ui/runlog.py), and the time until the browser
   shows the run finished, next to the bare page (bench/bare_app.py: one `st.metric`);
3. time to first figure: navigation start to the first KPI tile on screen, on a cold
   cache (the session that triggers the read) and a warm one, next to the bare page;
4. memory: the server's resident set with one session and with 30.

It prints a table, whether each target holds and, last, one JSON line
`{"scales": {scale: {...}}}`. bench/README.md explains the choices.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import psutil

from bench import payload
from present import i18n
from sheets import kecamatan
from sheets.gwire import range_title
from tests.fakes.process import free_port, streamlit_process
from tests.fakes.sheets_api import FakeSheetsApi, serve
from ui import access

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]
SCALES = ("regency", "province")
STAFF_EMAIL = "bench@dinsos.example.go.id"
ROLE = "staf"  # staff see every page
# One TTL window per server: every measurement on a server happens within it.
TTL_S = 600
TARGETS = {"regency": 3.0, "province": 6.0}  # rerun time over the bare page's, at most
FIRST_KPI_TARGETS = {"regency": 2.0}  # the cold first KPI over the bare page's first KPI, at most
MAX_MB_PER_SESSION = 2.0
QUIET_MS = 300  # no change to the page for this long: a run too short to show as running has been drawn


# --------------------------------------------------------------------------- the fake spreadsheet


def fake_api(scale: str) -> tuple[FakeSheetsApi, str, int]:
    """A fake Sheets API holding `scale`'s synthetic spreadsheet; returns (api, spreadsheet id, survivors)."""
    answer, metadata = payload.batch_get(scale)
    api = FakeSheetsApi()
    sheet_id = metadata["spreadsheetId"]
    rows = {range_title(vr["range"]): vr["values"] for vr in answer["valueRanges"]}
    tabs = {p["properties"]["title"]: rows.get(p["properties"]["title"], []) for p in metadata["sheets"]}
    book = api.add_spreadsheet(
        sheet_id,
        tabs,
        title=metadata["properties"]["title"],
        sheet_ids=[p["properties"]["sheetId"] for p in metadata["sheets"]],
    )
    for tab in book.tabs:  # the fake's default grid is 1,000 rows by 26 columns
        tab.row_count = max(len(tab.rows), 1)
        tab.column_count = max((len(r) for r in tab.rows), default=1)
    return api, sheet_id, payload.survivors_for(scale)


# --------------------------------------------------------------------------- servers


@contextlib.contextmanager
def oidc_provider() -> Iterator[str]:
    """oidc-provider-mock on 127.0.0.1 (as tests/ui/test_login.py serves it); yields its URL."""
    import warnings

    from werkzeug.serving import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args: object, **kwargs: object) -> None:
            """No line per request on the benchmark's output."""

    with warnings.catch_warnings():
        import authlib.deprecate  # noqa: F401 - installs an "always" filter for Authlib's notices...

        warnings.simplefilter("ignore")  # ... which this one, placed in front, overrides
        import oidc_provider_mock

        # A role needs a verified address (ui/access.py): without the flag the bench would measure
        # the public page under every page's name.
        claims = {"email": STAFF_EMAIL, "email_verified": True}
        users = [oidc_provider_mock.User(sub=STAFF_EMAIL, claims=claims)]
        app = oidc_provider_mock.app(user_claims=users)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def write_secrets(folder: Path, port: int, provider: str) -> Path:
    """[auth] pointing at the mock and [roles] making the bench's account staff."""
    path = folder / "secrets.toml"
    path.write_text(f"""
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "bench-cookie-secret-{os.urandom(16).hex()}"
client_id = "pulih-bench"
client_secret = "pulih-bench-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[roles]
{ROLE} = ["{STAFF_EMAIL}"]
""")
    return path


@dataclass
class Server:
    """A running `streamlit run` (the app, or the bare page) and its run log."""

    url: str
    process: subprocess.Popen
    run_log: Path
    _seen: int = 0

    @property
    def rss_mb(self) -> float:
        return psutil.Process(self.process.pid).memory_info().rss / 2**20

    async def settled_rss_mb(self) -> float:
        """The resident set once the server is idle: the median of five samples over a second."""
        await asyncio.sleep(1)
        samples = []
        for _ in range(5):
            samples.append(self.rss_mb)
            await asyncio.sleep(0.2)
        return statistics.median(samples)

    def runs(self) -> list[dict]:
        """Run-log lines written since the last call."""
        if not self.run_log.exists():
            return []
        text = self.run_log.read_text()
        # Complete lines only: the app may be writing the last one right now.
        lines = text[: text.rfind("\n") + 1].splitlines()
        new, self._seen = lines[self._seen :], len(lines)
        return [json.loads(line) for line in new if line.strip()]


@contextlib.contextmanager
def streamlit_server(
    folder: Path, port: int, secrets: Path | None, *, script: str = "app", env: dict[str, str] | None = None
) -> Iterator[Server]:
    """Start the app (`streamlit run app.py`) or the bare page on `port`; yields once healthy."""
    folder.mkdir(parents=True, exist_ok=True)
    run_log = folder / f"runs-{time.monotonic_ns()}.jsonl"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PULIH_")}
    environ.update({"PULIH_RUN_LOG": str(run_log), "PULIH_CACHE_TTL": str(TTL_S), **(env or {})})
    environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    options = [
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]
    if secrets is not None:
        options += ["--secrets.files", str(secrets)]
    command = (
        [sys.executable, "-m", "streamlit", "run", "app.py", *options]
        if script == "app"
        else [sys.executable, "-m", "streamlit", "run", "bench/bare_app.py", *options]
    )
    log_path = folder / f"server-{script}-{port}.log"
    url = f"http://127.0.0.1:{port}"
    with streamlit_process(command, url, log_path, environ) as process:
        yield Server(url, process, run_log)


# --------------------------------------------------------------------------- the browser side

# Installed in every page before Streamlit's own scripts: stamps (ms since navigation start)
# when the first KPI tile and the first chart are on screen, and when each script run ends
# (the app's root leaves the running state).
PROBE = """
(() => {
  const bench = window.__bench = {kpi: null, chart: null, done: []};
  const visible = (el) => el && el.getClientRects().length > 0 && el.textContent.trim() !== "";
  const firsts = new MutationObserver(() => {
    const now = performance.now();
    // Visible ones only: a session's first run sends a hidden tile and chart ahead (ui/preload.py).
    const kpis = document.querySelectorAll('[data-testid="stMetricValue"]');
    if (bench.kpi === null && [...kpis].some(visible)) bench.kpi = now;
    const charts = document.querySelectorAll('.js-plotly-plot .main-svg');
    if (bench.chart === null && [...charts].some((c) => c.getClientRects().length > 0)) bench.chart = now;
    if (bench.kpi !== null && bench.chart !== null) firsts.disconnect();
  });
  firsts.observe(document, {subtree: true, childList: true, characterData: true});
  // A run too short to show as running leaves the state attribute alone: its last change to the
  // page (React applies a rerun in one commit) is then when the browser had shown it.
  bench.last = 0;
  new MutationObserver(() => { bench.last = performance.now(); })
    .observe(document, {subtree: true, childList: true, characterData: true});
  new MutationObserver((records) => {
    const app = records[records.length - 1].target;
    if (app.getAttribute("data-test-script-state") === "notRunning"
        && records.some((r) => r.oldValue !== "notRunning")) bench.done.push(performance.now());
  }).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                        attributeFilter: ["data-test-script-state"]});
})();
"""


def only_loopback(route) -> object:
    host = urlparse(route.request.url).hostname
    return route.continue_() if host in ("127.0.0.1", "localhost") else route.abort()


async def new_context(browser, storage_state: dict | None = None):
    context = await browser.new_context(viewport={"width": 1440, "height": 1000}, storage_state=storage_state)
    await context.route("**/*", only_loopback)
    await context.add_init_script(PROBE)
    return context


async def finished(page, timeout_ms: float = 120_000) -> None:
    """Wait until the current script run has ended and no skeleton is left."""
    await page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=timeout_ms
    )
    no_skeleton = "!document.querySelector('[data-testid=\"stSkeleton\"]')"
    await page.wait_for_function(no_skeleton, timeout=timeout_ms)


async def first_kpi(page, url: str, timeout_ms: float = 180_000) -> dict[str, float | None]:
    """Open `url` and wait for its first KPI tile; seconds from navigation start to the tile (and chart)."""
    await page.goto(url, wait_until="commit", timeout=timeout_ms)
    await page.wait_for_function("window.__bench && window.__bench.kpi !== null", timeout=timeout_ms)
    stamps = await page.evaluate("({kpi: window.__bench.kpi, chart: window.__bench.chart})")
    return {k: (v / 1000 if v is not None else None) for k, v in stamps.items()}


async def log_in(browser, url: str) -> dict:
    """Log in once through the mock provider; the storage state (the auth cookie) serves every context."""
    context = await new_context(browser)
    page = await context.new_page()
    await page.goto(url)
    await finished(page)
    await page.get_by_role("button", name=i18n.t("access.login", "id")).click()
    await page.locator("input[placeholder=sub]").fill(STAFF_EMAIL)
    await page.get_by_role("button", name="Authorize").click()
    await page.wait_for_url(f"{url}/**")
    await finished(page)
    staff_only = i18n.t(f"page.{access.visible_pages(ROLE)[-1].key}", "id")
    if not await page.get_by_test_id("stSidebarNav").get_by_text(staff_only, exact=True).count():
        raise RuntimeError(
            f"the login did not make the bench's account {ROLE}: no {staff_only!r} in the menu"
        )
    state = await context.storage_state()
    await context.close()
    if not any(c["name"].startswith("_streamlit_user") for c in state["cookies"]):
        raise RuntimeError("login through the mock provider left no auth cookie")
    return state


async def wait_run(server: Server, page_key: str, timeout_s: float = 120) -> dict:
    """The run-log line of the next finished run of `page_key`."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = [run for run in server.runs() if run["page"] == page_key]
        if found:
            return found[-1]
        await asyncio.sleep(0.01)
    raise TimeoutError(f"no run of {page_key} within {timeout_s} s")


async def timed(page, server: Server, page_key: str, action) -> tuple[float, float]:
    """Run `action` (which makes the script rerun); (script seconds, seconds until the browser saw it end)."""
    await finished(page)
    server.runs()  # forget what came before
    t0 = await page.evaluate("performance.now()")
    await action()
    run = await wait_run(server, page_key)
    ended = await page.wait_for_function(
        f"""() => {{
        const b = window.__bench, done = b.done.find((t) => t > {t0});
        if (done) return done;
        return b.last > {t0} && performance.now() - b.last > {QUIET_MS} ? b.last : null;
    }}""",
        timeout=120_000,
    )
    ended = await ended.json_value()
    await finished(page)
    return run["seconds"], (ended - t0) / 1000


@dataclass
class Reruns:
    """Script and browser seconds of the reruns of one page."""

    filtered: list[tuple[float, float]] = field(default_factory=list)  # a kecamatan picked (a new view)
    cleared: list[tuple[float, float]] = field(default_factory=list)  # back to every kecamatan (seen before)


async def page_reruns(page, server: Server, spec: access.PageSpec, districts: list[str]) -> Reruns:
    """Open `spec` from the sidebar, then pick each of `districts` in the sidebar and remove it again."""
    title = i18n.t(f"page.{spec.key}", "id")
    nav = page.get_by_test_id("stSidebarNav").get_by_role("link").filter(has_text=title)
    await timed(page, server, spec.key, lambda: nav.first.click())
    sidebar = page.get_by_test_id("stSidebar")
    box = sidebar.get_by_test_id("stMultiSelect").filter(has_text=i18n.t("side.districts", "id"))
    field_ = box.get_by_role("combobox")
    result = Reruns()
    for name in districts:
        await field_.click()
        await field_.fill(name)
        await page.get_by_role("option", name=name, exact=True).wait_for()
        result.filtered.append(await timed(page, server, spec.key, lambda: page.keyboard.press("Enter")))
        await page.keyboard.press("Escape")
        remove = box.get_by_role("button", name=f"Remove {name}")
        result.cleared.append(await timed(page, server, spec.key, remove.click))
    return result


async def bare_reruns(page, server: Server, times: int) -> list[tuple[float, float]]:
    """Rerun the bare page `times` times with Streamlit's 'r' shortcut."""
    return [await timed(page, server, "bare", lambda: page.keyboard.press("r")) for _ in range(times)]


# --------------------------------------------------------------------------- sessions without a browser


class Session:
    """One viewer speaking Streamlit's websocket protocol, as the browser's frontend does.

    Chromium on a small machine needs seconds of CPU per page it loads, so the tens of
    sessions of the concurrency and memory measurements are websocket clients: each one
    is a full server-side session (the same AppSession a browser gets), logged in with
    the same cookie, running the overview once and staying connected.
    """

    def __init__(self, url: str, cookies: dict[str, str]) -> None:
        self.url, self.cookies = url, cookies
        self.elements: dict[str, int] = {}
        self._socket = None

    async def open(self, url_path: str) -> float:
        """Connect, run the page at `url_path` and wait for its end; the seconds it took."""
        import websockets
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        started = time.perf_counter()
        # The health check first, as the frontend does: it sets the XSRF cookie the socket must echo.
        headers = {"Cookie": self._cookie_header()}
        request = urllib.request.Request(self.url + "/_stcore/health", headers=headers)
        response = await asyncio.to_thread(urllib.request.urlopen, request, timeout=30)
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        response.read()
        xsrf = self.cookies.get("_streamlit_xsrf", "")
        self._socket = await websockets.connect(
            self.url.replace("http://", "ws://") + "/_stcore/stream",
            subprotocols=["streamlit", xsrf],
            origin=self.url,
            additional_headers={"Cookie": self._cookie_header()},
            max_size=None,
            # 29 sessions opening at once on a busy 2-core machine: websockets' 10 s default is too short.
            open_timeout=120,
            ping_interval=None,  # nor may a late keepalive pong end a session
        )
        back = BackMsg()
        back.rerun_script.query_string = ""
        back.rerun_script.page_name = url_path
        back.rerun_script.context_info.timezone = "Asia/Jakarta"
        back.rerun_script.context_info.locale = "id-ID"
        back.rerun_script.context_info.url = self.url + "/" + url_path
        await self._socket.send(back.SerializeToString())
        while True:
            message = ForwardMsg()
            message.ParseFromString(await self._socket.recv())
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element.WhichOneof("type")
                self.elements[element] = self.elements.get(element, 0) + 1
            if kind == "script_finished":
                return time.perf_counter() - started

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()

    def _cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())


async def open_sessions(url: str, state: dict, url_path: str, k: int) -> list[Session]:
    """`k` sessions opening `url_path` at the same moment; each must show the page's KPI tiles."""
    jar = {c["name"]: c["value"] for c in state["cookies"] if c["name"].startswith("_streamlit_user")}
    sessions = [Session(url, dict(jar)) for _ in range(k)]
    await asyncio.gather(*(session.open(url_path) for session in sessions))
    for session in sessions:
        if session.elements.get("exception") or not session.elements.get("metric"):
            raise RuntimeError(f"a websocket session did not see the page's figures: {session.elements}")
    return sessions


# --------------------------------------------------------------------------- one scale


def median(values) -> float:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")


async def measure_scale(
    browser,
    state: dict,
    scale: str,
    ks: list[int],
    folder: Path,
    port: int,
    secrets: Path,
    bare: dict,
    repeat: int,
    log,
    pages: list[str] | None = None,
) -> dict:
    """Every measurement of one scale (see the module docstring); reruns of `pages` only when given."""
    started = time.perf_counter()
    api, sheet, survivors = fake_api(scale)
    base_url, shutdown = serve(api)
    cells = sum(len(row) for book in api.spreadsheets.values() for tab in book.tabs for row in tab.rows)
    log(
        f"# {scale}: {survivors:,} survivors, {cells:,} filled cells in the fake spreadsheet "
        f"(ready in {time.perf_counter() - started:.1f} s)"
    )
    env = {"PULIH_SHEETS_API_URL": base_url, "PULIH_SHEETS_SPREADSHEET": sheet}
    overview = f"/{access.PAGE_BY_KEY['overview'].url_path}"
    result: dict = {"survivors": survivors}
    try:
        # 1. Requests under concurrency: K sessions on a cold cache, all at once.
        for k in ks:
            calls = len(api.calls)
            snapshots = folder / f"{scale}-k{k}-snapshots"
            with streamlit_server(
                folder / f"{scale}-k{k}", port, secrets, env={**env, "PULIH_SNAPSHOT_DIR": str(snapshots)}
            ) as server:
                t = time.perf_counter()
                sessions = await open_sessions(server.url, state, overview.strip("/"), k)
                spent = time.perf_counter() - t
                runs = [run for run in server.runs() if run["page"] == "overview"]
                for session in sessions:
                    await session.close()
            if len(runs) != k:
                raise RuntimeError(f"{k} sessions but {len(runs)} overview runs in the run log")
            kinds = [c.kind for c in api.calls[calls:]]
            result[f"values_requests_k{k}"] = kinds.count("values")
            result[f"metadata_requests_k{k}"] = kinds.count("metadata")
            result[f"all_k{k}_s"] = round(spent, 2)
            log(
                f"  K={k} sessions at once on a cold cache: {kinds.count('values')} values and "
                f"{kinds.count('metadata')} metadata requests; every overview done within {spent:.1f} s"
            )

        # 2-4. One server: cold then warm first figure, memory, reruns.
        calls = len(api.calls)
        snapshots = str(folder / f"{scale}-snapshots")
        with streamlit_server(
            folder / f"{scale}-main", port, secrets, env={**env, "PULIH_SNAPSHOT_DIR": snapshots}
        ) as server:
            rss_k0 = await server.settled_rss_mb()
            first = await new_context(browser, state)
            page = await first.new_page()
            cold = await first_kpi(page, server.url + overview)
            await finished(page)
            log(f"  cold: first KPI after {cold['kpi']:.2f} s")

            warm = []
            for _ in range(repeat):
                context = await new_context(browser, state)
                warm.append(await first_kpi(await context.new_page(), server.url + overview))
                await finished(context.pages[0])
                await context.close()
            log(f"  warm: first KPI after {median(w['kpi'] for w in warm):.2f} s (median of {repeat})")

            # Memory once the read and the overview's view are cached and the warm sessions are gone:
            # then each further session costs only itself.
            rss_k1 = await server.settled_rss_mb()
            others = await open_sessions(server.url, state, overview.strip("/"), 29)
            rss_k30 = await server.settled_rss_mb()
            for session in others:
                await session.close()
            log(
                f"  server RSS: {rss_k0:.0f} MB before the read, {rss_k1:.0f} MB with 1 session, "
                f"{rss_k30:.0f} MB with 30 ({(rss_k30 - rss_k1) / 29:.2f} MB per extra session)"
            )

            names = list(kecamatan.NAMES)
            reruns: dict[str, Reruns] = {}
            for i, spec in enumerate(access.visible_pages(ROLE)):
                if pages and spec.key not in pages:
                    continue
                districts = names[(i * repeat) % len(names) :][:repeat]
                reruns[spec.key] = await page_reruns(page, server, spec, districts)
                ran = reruns[spec.key]
                script, shown = median(s for s, _ in ran.filtered), median(b for _, b in ran.filtered)
                log(
                    f"  {spec.key}: rerun after a filter change {script * 1000:.0f} ms (script), "
                    f"{shown * 1000:.0f} ms (browser)"
                )
            await first.close()
        kinds = [c.kind for c in api.calls[calls:]]
        result.update(
            {
                "requests_main": {"values": kinds.count("values"), "metadata": kinds.count("metadata")},
                "first_figure_s": {
                    "cold": round(cold["kpi"], 2),
                    "warm": round(median(w["kpi"] for w in warm), 2),
                    "bare": bare["first_kpi"],
                },
                "first_chart_s": {
                    "cold": _round(cold["chart"]),
                    "warm": _round(median(w["chart"] for w in warm)),
                },
                "rss_mb": {"k1": round(rss_k1, 1), "k30": round(rss_k30, 1)},
                "rss_mb_before_read": round(rss_k0, 1),
                "rss_mb_per_session": round((rss_k30 - rss_k1) / 29, 2),
                "reruns": {
                    key: {
                        "filtered_script_ms": _ms(median(s for s, _ in r.filtered)),
                        "filtered_browser_ms": _ms(median(b for _, b in r.filtered)),
                        "cleared_script_ms": _ms(median(s for s, _ in r.cleared)),
                        "cleared_browser_ms": _ms(median(b for _, b in r.cleared)),
                    }
                    for key, r in reruns.items()
                },
            }
        )
    finally:
        shutdown()
    return result


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _round(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(value, 2)


async def measure_bare(browser, folder: Path, port: int, repeat: int, log) -> dict:
    """The bare page: first KPI in a fresh session, and reruns."""
    with streamlit_server(folder / "bare", port, None, script="bare") as server:
        stamps = []
        for _ in range(repeat):
            context = await new_context(browser)
            stamps.append(await first_kpi(await context.new_page(), server.url))
            await context.close()
        context = await new_context(browser)
        page = await context.new_page()
        await first_kpi(page, server.url)
        await finished(page)
        runs = await bare_reruns(page, server, max(repeat, 5))
        await context.close()
    bare = {
        "first_kpi": round(median(s["kpi"] for s in stamps), 2),
        "script_ms": _ms(median(s for s, _ in runs)),
        "browser_ms": _ms(median(b for _, b in runs)),
    }
    log(
        f"# bare page: first KPI after {bare['first_kpi']:.2f} s; rerun {bare['script_ms']} ms (script), "
        f"{bare['browser_ms']} ms (browser)"
    )
    return bare


# --------------------------------------------------------------------------- profiles


def profile(scales: list[str], folder: Path, log=print) -> None:
    """Profile each page's rerun after a filter change with pyinstrument; one text file per scale and page.

    This runs each page file in-process with Streamlit's AppTest against the fake spreadsheet
    (a page also runs without app.py: `ui.page`), through `bench/profiled_page.py`, which runs
    the page inside the profiler `bench.profiling` holds (the script runs in AppTest's own
    thread, where the profiler must start). AppTest cannot log in (TESTING.md section 5), so
    this harness, and only it, answers the role question with "staf" in its own process; the
    served app is never changed.
    """
    from pyinstrument import Profiler
    from streamlit.testing.v1 import AppTest

    from bench import profiling

    access.current_role = lambda: ROLE  # this process only: see the docstring
    folder.mkdir(parents=True, exist_ok=True)
    names = iter(kecamatan.NAMES)
    for scale in scales:
        api, sheet, _survivors = fake_api(scale)
        base_url, shutdown = serve(api)
        os.environ.update(
            {
                "PULIH_SHEETS_API_URL": base_url,
                "PULIH_SHEETS_SPREADSHEET": sheet,
                "PULIH_SNAPSHOT_DIR": str(folder / f"{scale}-snapshots"),
            }
        )
        try:
            for spec in access.visible_pages(ROLE):
                profiling.page = str(ROOT / spec.path)
                app = AppTest.from_file(str(ROOT / "bench" / "profiled_page.py"), default_timeout=600)
                app.run()  # the first run reads and warms the shared caches, as app.py's first run did
                app.session_state["districts"] = [next(names)]
                profiling.profiler = Profiler(interval=0.001)
                app.run()
                if app.exception:
                    raise RuntimeError(f"{spec.key} failed: {app.exception}")
                path = folder / f"{scale}-{spec.key}.txt"
                path.write_text(profiling.profiler.output_text(unicode=False, color=False))
                profiling.profiler = None
                log(f"wrote {path}")
        finally:
            shutdown()


# --------------------------------------------------------------------------- the whole run


async def measure(
    scales: list[str], ks: list[int], repeat: int, folder: Path, log=print, pages: list[str] | None = None
) -> dict:
    """Log in once, measure the bare page, then every scale; the figures per scale."""
    from playwright.async_api import async_playwright

    port = free_port()
    with oidc_provider() as provider:
        secrets = write_secrets(folder, port, provider)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                # The login runs against the app on its demo data (same port, same cookie secret), so
                # that no request to the fake spreadsheet happens before the measurements.
                with streamlit_server(folder / "login", port, secrets) as server:
                    state = await log_in(browser, server.url)
                bare = await measure_bare(browser, folder, port, repeat, log)
                results = {}
                for scale in scales:
                    results[scale] = await measure_scale(
                        browser, state, scale, ks, folder, port, secrets, bare, repeat, log, pages
                    )
                    results[scale]["_bare"] = bare
            finally:
                await browser.close()
    return results


def figures(results: dict) -> dict:
    """The JSON line's figures per scale (the machine-readable summary)."""
    out = {}
    for scale, r in results.items():
        bare = r["_bare"]
        out[scale] = {
            **{k: v for k, v in r.items() if k.startswith(("values_requests_k", "metadata_requests_k"))},
            "rerun_over_bare": {
                key: round(v["filtered_browser_ms"] / bare["browser_ms"], 2) for key, v in r["reruns"].items()
            },
            "first_figure_s": r["first_figure_s"],
            "first_kpi_over_bare": {
                kind: round(r["first_figure_s"][kind] / bare["first_kpi"], 2) for kind in ("cold", "warm")
            },
            "rss_mb": r["rss_mb"],
            "rss_mb_before_read": r["rss_mb_before_read"],
            "rss_mb_per_session": r["rss_mb_per_session"],
            "rerun_ms": {
                **{
                    key: {"script": v["filtered_script_ms"], "browser": v["filtered_browser_ms"]}
                    for key, v in r["reruns"].items()
                },
                "bare": {"script": bare["script_ms"], "browser": bare["browser_ms"]},
            },
        }
    return out


def table(results: dict) -> str:
    """The human-readable table."""
    lines = []
    for scale, r in results.items():
        bare = r["_bare"]
        ks = sorted(int(k.removeprefix("values_requests_k")) for k in r if k.startswith("values_requests_k"))
        lines.append(f"\n{scale} ({r['survivors']:,} survivors)")
        lines.append(
            "  requests (cold cache, K sessions at once): "
            + "; ".join(
                f"K={k}: {r[f'values_requests_k{k}']} values, {r[f'metadata_requests_k{k}']} metadata"
                for k in ks
            )
            + f"; one server through every measurement below: {r['requests_main']['values']} "
            f"values, {r['requests_main']['metadata']} metadata"
        )
        first = r["first_figure_s"]
        lines.append(
            f"  first KPI (s from navigation start): cold {first['cold']:.2f} "
            f"({first['cold'] / first['bare']:.2f}x bare), warm {first['warm']:.2f} "
            f"({first['warm'] / first['bare']:.2f}x bare), bare page {first['bare']:.2f}"
        )
        rss = r["rss_mb"]
        lines.append(
            f"  server memory: {r['rss_mb_before_read']:.0f} MB before the read, {rss['k1']:.0f} MB "
            f"with 1 session, {rss['k30']:.0f} MB with 30 ({r['rss_mb_per_session']:.2f} MB per "
            f"extra session)"
        )
        lines.append(f"  {'page':<10} {'filter change':>27} {'back to all':>27}")
        lines.append(
            f"  {'':<10} {'script ms':>9} {'browser ms':>10} {'x bare':>6} "
            f"{'script ms':>9} {'browser ms':>10} {'x bare':>6}"
        )
        for key, v in r["reruns"].items():
            lines.append(
                f"  {key:<10} {v['filtered_script_ms']:>9.1f} {v['filtered_browser_ms']:>10.1f} "
                f"{v['filtered_browser_ms'] / bare['browser_ms']:>6.2f} "
                f"{v['cleared_script_ms']:>9.1f} {v['cleared_browser_ms']:>10.1f} "
                f"{v['cleared_browser_ms'] / bare['browser_ms']:>6.2f}"
            )
        lines.append(f"  {'bare':<10} {bare['script_ms']:>9.1f} {bare['browser_ms']:>10.1f} {1:>6.2f}")
    return "\n".join(lines)


def verdict(results: dict) -> str:
    """Whether each target holds, scale by scale."""
    lines = []
    for scale, r in results.items():
        ks = [k for k in r if k.startswith("values_requests_k")]
        one_read = all(r[k] == 1 for k in ks) and all(r[k.replace("values", "metadata")] <= 1 for k in ks)
        lines.append(
            f"target {'met' if one_read else 'MISSED'} ({scale}): one values request and at most "
            f"one metadata request whatever K"
        )
        read_mb = r["rss_mb"]["k1"] - r["rss_mb_before_read"]
        per_session = r["rss_mb_per_session"]
        small = per_session <= MAX_MB_PER_SESSION and per_session <= 0.1 * max(read_mb, 0)
        lines.append(
            f"target {'met' if small else 'MISSED'} ({scale}): {per_session:.2f} MB per extra "
            f"session (at most {MAX_MB_PER_SESSION:g} MB, and a tenth of the {read_mb:.0f} MB the "
            f"shared read added: the report is not copied per session)"
        )
        limit = TARGETS.get(scale)
        if limit is not None:
            bare = r["_bare"]["browser_ms"]
            worst = max(r["reruns"].items(), key=lambda item: item[1]["filtered_browser_ms"])
            ratio = worst[1]["filtered_browser_ms"] / bare
            lines.append(
                f"target {'met' if ratio <= limit else 'MISSED'} ({scale}): rerun after a filter "
                f"change within {limit:g}x the bare page (worst: {worst[0]}, {ratio:.2f}x)"
            )
        limit = FIRST_KPI_TARGETS.get(scale)
        if limit is not None:
            first = r["first_figure_s"]
            ratio = first["cold"] / first["bare"]
            lines.append(
                f"target {'met' if ratio <= limit else 'MISSED'} ({scale}): cold first KPI within "
                f"{limit:g}x the bare page's first KPI ({first['cold']:.2f} s against "
                f"{first['bare']:.2f} s, {ratio:.2f}x)"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.app", description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default=",".join(SCALES), help="comma-separated, from: regency, province")
    parser.add_argument("--k", default="10,30", help="sessions opened at once on a cold cache")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="filter changes per page, warm sessions and bare-page loads (median)",
    )
    parser.add_argument(
        "--pages",
        default="",
        help="comma-separated page keys (overview, programme, ...): time the reruns of these only",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="keep server logs and run logs here (default: a temporary folder, removed)",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        default=None,
        help="instead of measuring, profile each page's rerun after a filter change into "
        "this folder (pyinstrument, in-process)",
    )
    args = parser.parse_args(argv)
    if args.profile is not None:
        profile([s for s in args.scales.split(",") if s], args.profile)
        return
    if not Path(CHROMIUM).exists():
        sys.exit(f"the app benchmark drives Debian's Chromium at {CHROMIUM} (apt-get install -y chromium)")
    scales = [s for s in args.scales.split(",") if s]
    ks = [int(k) for k in args.k.split(",") if k]
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if args.keep is not None:
            folder = args.keep
            folder.mkdir(parents=True, exist_ok=True)
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pulih-bench-app-")))
        pages = [p for p in args.pages.split(",") if p] or None
        results = asyncio.run(
            measure(scales, ks, args.repeat, folder, log=lambda m: print(m, flush=True), pages=pages)
        )
    print(table(results))
    print()
    print(verdict(results))
    print(f"(whole run: {time.perf_counter() - started:.0f} s)")
    print(json.dumps({"scales": figures(results)}))


if __name__ == "__main__":
    main()
