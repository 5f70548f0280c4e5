"""Province benchmark: `python -m bench.province [--offices 27] [--sqlite] [--repeat 3]` (`make bench-province`).

A province deployment as the README's "Province deployment" section runs it, on this machine:
the fake Sheets API v4 (tests/fakes/sheets_api.py, served on 127.0.0.1 in this process) holds
one spreadsheet per office, each the regency payload of bench/payload.py (2,000 survivors,
its 2% of bad cells; 27 offices: 54,000 survivors); a throw-away PostgreSQL cluster
(tests/postgres.py; `--sqlite` for a file) is the history store; `python -m sheets sync
--once` reads every office into it; the app (`streamlit run app.py`) runs in store mode as
local staff (`PULIH_LOCAL_ROLE`, on 127.0.0.1), so it reads only the store. Headless Chromium
measures, in one run:

1. the sync: wall time of one full `sync --once` of every office (the quota set high, so that
   pacing never waits: "quota pacing aside"), then of a second one where no sheet changed, and
   the requests the fake saw (one values request per office, metadata at most once each);
2. the time to the first KPI on screen: the province page against one office's overview, each
   on a fresh server (cold: the session whose run reads the store) and warm (median of
   `--repeat` fresh sessions);
3. the province page's rerun after a view change, the data cached: its chart switched (coverage
   or pace: the page's own view change; the office filters do not apply to it), and beside it the
   sidebar's language switched (every text, chart and table redrawn), script
   time from the run log and the time until the browser shows the run ended, against the bare
   page's rerun (bench/bare_app.py), as `python -m bench.app` measures them; and the script time
   of a rerun that changes nothing (Streamlit's `r`);
4. the Google requests the app servers made (none expected: they read the store).

Targets (the province issue): a full sync of 27 offices within 60 s of wall time; the
province page's first KPI within 1.5x the single office's; its rerun within 3x the bare page's.
It prints the figures, a verdict per target and, last, one JSON line. bench/README.md says
more.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench import payload
from bench.app import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    _ms,
    finished,
    first_kpi,
    measure_bare,
    median,
    new_context,
    streamlit_server,
    timed,
)
from present import i18n
from sheets.demo_province import JAWA_BARAT, spreadsheet_id
from sheets.gwire import range_title
from tests.fakes.process import free_port
from tests.fakes.province import write_offices
from tests.fakes.sheets_api import FakeSheetsApi, serve
from ui import access

HOME_OFFICE = "32.12"
SYNC_TARGET_S = 60.0
FIRST_KPI_TARGET = 1.5  # the province page's first KPI over one office's overview, at most
RERUN_TARGET = 3.0  # the province page's rerun over the bare page's, at most
QUOTA = 100_000  # requests a minute: pacing never waits in the bench (the "quota pacing aside")


def province_api(offices: list[tuple[str, str]]) -> tuple[FakeSheetsApi, int]:
    """The fake Sheets API with one regency-sized spreadsheet per office; (api, survivors in all)."""
    answer, metadata = payload.batch_get("regency")
    rows = {range_title(vr["range"]): vr["values"] for vr in answer["valueRanges"]}
    titles = [p["properties"]["title"] for p in metadata["sheets"]]
    ids = [p["properties"]["sheetId"] for p in metadata["sheets"]]
    api = FakeSheetsApi()
    for code, name in offices:
        book = api.add_spreadsheet(
            spreadsheet_id(code),
            {title: [list(r) for r in rows.get(title, [])] for title in titles},
            title=f"Data Rehabilitasi {name} (bench)",
            sheet_ids=ids,
        )
        for tab in book.tabs:  # the fake's default grid is 1,000 rows by 26 columns
            tab.row_count = max(len(tab.rows), 1)
            tab.column_count = max((len(r) for r in tab.rows), default=1)
    return api, payload.survivors_for("regency") * len(offices)


@contextlib.contextmanager
def history_store(use_sqlite: bool, folder: Path) -> Iterator[str]:
    if use_sqlite:
        yield f"sqlite:///{folder / 'history.sqlite'}"
        return
    from tests import postgres

    with postgres.cluster() as running:
        yield running.database()


def sync_once(env: dict[str, str], folder: Path) -> tuple[float, list[dict]]:
    """`python -m sheets sync --once --json` as an operator runs it; (wall seconds, one entry per office)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "sheets", "sync", "--once", "--json"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    spent = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"sync --once failed ({done.returncode}): {done.stderr[-2000:]}")
    return spent, json.loads(done.stdout)["offices"]


async def first_kpis(browser, url: str, repeat: int) -> dict[str, float]:
    """Cold (the first session after a start) and warm (median of `repeat` fresh sessions) first KPI."""
    context = await new_context(browser)
    page = await context.new_page()
    cold = await first_kpi(page, url)
    await finished(page)
    await context.close()
    warm = []
    for _ in range(repeat):
        context = await new_context(browser)
        page = await context.new_page()
        warm.append(await first_kpi(page, url))
        await finished(page)
        await context.close()
    return {"cold": round(cold["kpi"], 2), "warm": round(median(w["kpi"] for w in warm), 2)}


async def measure(args: argparse.Namespace, folder: Path, log=print) -> dict:
    from playwright.async_api import async_playwright

    home = next(o for o in JAWA_BARAT if o[0] == HOME_OFFICE)  # Indramayu, then the others in code order
    offices = [home, *(o for o in JAWA_BARAT if o != home)][: args.offices]
    started = time.perf_counter()
    api, survivors = province_api(offices)
    base_url, shutdown = serve(api)
    log(
        f"# {len(offices)} offices, {survivors:,} survivors in the fake spreadsheets "
        f"(ready in {time.perf_counter() - started:.1f} s)"
    )
    home_dir = folder / "home"
    (home_dir / ".streamlit").mkdir(parents=True, exist_ok=True)
    (home_dir / ".streamlit" / "secrets.toml").write_text(
        f"[sync]\nquota_per_minute = {QUOTA}\n", encoding="utf-8"
    )
    offices_file = write_offices(folder, offices)
    result: dict = {"offices": len(offices), "survivors": survivors}
    try:
        with history_store(args.sqlite, folder) as url:
            base = {k: v for k, v in os.environ.items() if not k.startswith("PULIH_")}
            store_env = {
                "PULIH_SHEETS_API_URL": base_url,
                "PULIH_OFFICES_FILE": str(offices_file),
                "PULIH_DATABASE_URL": url,
            }
            worker_env = {**base, **store_env, "HOME": str(home_dir), "PYTHONPATH": str(ROOT)}

            # 1. The sync worker: every office read once, then once more with nothing changed.
            spent, read = sync_once(worker_env, folder)
            kinds = [c.kind for c in api.calls]
            changed = sum(1 for o in read if o["ok"] and o["changed"])
            log(
                f"  sync --once: {spent:.1f} s for {len(read)} offices ({changed} changed); "
                f"{kinds.count('values')} values and {kinds.count('metadata')} metadata requests"
            )
            calls = len(api.calls)
            again, _ = sync_once(worker_env, folder)
            log(f"  sync --once again, no sheet changed: {again:.1f} s")
            result["sync"] = {
                "wall_s": round(spent, 1),
                "unchanged_wall_s": round(again, 1),
                "offices_read": sum(1 for o in read if o["ok"]),
                "values_requests": kinds.count("values"),
                "metadata_requests": kinds.count("metadata"),
                "second_values_requests": [c.kind for c in api.calls[calls:]].count("values"),
            }

            app_env = {**store_env, "PULIH_READ_FROM_STORE": "1", "PULIH_LOCAL_ROLE": "staf"}
            app_env["PULIH_OFFICE"] = HOME_OFFICE
            port = free_port()
            overview = access.PAGE_BY_KEY["overview"].url_path
            province = access.PAGE_BY_KEY["province"].url_path
            calls = len(api.calls)
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    bare = await measure_bare(browser, folder, port, args.repeat, log)
                    # 2. One office's overview, then the province page, each on a fresh server.
                    with streamlit_server(folder / "office", port, None, env=app_env) as server:
                        single = await first_kpis(browser, f"{server.url}/{overview}", args.repeat)
                        # The same language switch on one office's overview: what the sidebar and a page
                        # of four charts cost to redraw, for comparison.
                        context = await new_context(browser)
                        page = await context.new_page()
                        await first_kpi(page, f"{server.url}/{overview}")
                        await finished(page)
                        office_switch = await language_switches(page, server, max(args.repeat, 3), "overview")
                        await context.close()
                    log(
                        f"  one office's overview: first KPI cold {single['cold']:.2f} s, warm {single['warm']:.2f} s"
                    )
                    with streamlit_server(folder / "province", port, None, env=app_env) as server:
                        whole = await first_kpis(browser, f"{server.url}/{province}", args.repeat)
                        log(
                            f"  province page: first KPI cold {whole['cold']:.2f} s, warm {whole['warm']:.2f} s"
                        )
                        # 3. Its rerun, the data cached (Streamlit's `r`, as the bare page is rerun).
                        context = await new_context(browser)
                        page = await context.new_page()
                        await first_kpi(page, f"{server.url}/{province}")
                        await finished(page)
                        charts = await chart_switches(page, server, max(args.repeat, 3))
                        runs = await language_switches(page, server, max(args.repeat, 3))
                        same = await reruns_of(page, server, max(args.repeat, 5))
                        await context.close()
                finally:
                    await browser.close()
            app_calls = len(api.calls) - calls
            rerun = {
                "script_ms": _ms(median(s for s, _ in charts)),
                "browser_ms": _ms(median(b for _, b in charts)),
                "language_script_ms": _ms(median(s for s, _ in runs)),
                "language_browser_ms": _ms(median(b for _, b in runs)),
                "unchanged_script_ms": _ms(median(s for s, _ in same)),
                "unchanged_browser_ms": _ms(median(b for _, b in same)),
                "office_overview_switch_browser_ms": _ms(median(b for _, b in office_switch)),
            }
            log(
                f"  province page rerun after its chart is switched (its own view change): "
                f"{rerun['script_ms']} ms (script), {rerun['browser_ms']} ms (browser); "
                f"after a language switch (every text, chart and table redrawn): "
                f"{rerun['language_script_ms']} ms (script), {rerun['language_browser_ms']} ms (browser); "
                f"a rerun that changes nothing: {rerun['unchanged_script_ms']} ms (script), "
                f"{rerun['unchanged_browser_ms']} ms (browser); the same switch on one office's overview: "
                f"{rerun['office_overview_switch_browser_ms']} ms (browser)"
            )
            result.update(
                {
                    "bare": bare,
                    "first_kpi_s": {"office": single, "province": whole},
                    "first_kpi_over_office": {
                        k: round(whole[k] / single[k], 2) if single[k] else None for k in ("cold", "warm")
                    },
                    "province_rerun_ms": rerun,
                    "rerun_over_bare": round(rerun["browser_ms"] / bare["browser_ms"], 2),
                    "app_sheets_requests": app_calls,
                }
            )
    finally:
        shutdown()
    return result


async def language_switches(page, server, times: int, key: str = "province") -> list[tuple[float, float]]:
    """Switch the sidebar's language to English and back `times` times: a view change that redraws every
    text, chart and table of the page (the province page has no filter of its own)."""
    control = page.get_by_test_id("stSidebar").get_by_role("radio")
    found = []
    for _ in range(times):
        for name in (i18n.LANG_NAMES["en"], i18n.LANG_NAMES["id"]):
            found.append(await timed(page, server, key, control.filter(has_text=name).click))
    return found


async def chart_switches(page, server, times: int) -> list[tuple[float, float]]:
    """Switch the province page's chart (coverage, pace) and back `times` times: the page's own view
    change, as a filter change is on the office pages (`?grafik=`, app_pages/province.py)."""
    main = page.get_by_test_id("stMain")
    found = []
    for _ in range(times):
        for key in ("province.chart.pace", "province.chart.coverage"):
            choice = main.get_by_role("radio", name=i18n.t(key, "id"), exact=True)
            found.append(await timed(page, server, "province", choice.click))
    return found


async def reruns_of(page, server, times: int) -> list[tuple[float, float]]:
    """Rerun the province page `times` times with Streamlit's `r` (nothing changes on screen)."""
    return [await timed(page, server, "province", lambda: page.keyboard.press("r")) for _ in range(times)]


def verdict(result: dict) -> str:
    sync, ratio = result["sync"], result["first_kpi_over_office"]
    lines = [
        _line(
            sync["wall_s"] <= SYNC_TARGET_S,
            f"a full sync of {result['offices']} offices within {SYNC_TARGET_S:.0f} s of wall time "
            f"({sync['wall_s']} s; {sync['values_requests']} values requests, "
            f"{sync['metadata_requests']} metadata)",
        ),
        _line(
            max(ratio.values()) <= FIRST_KPI_TARGET,
            f"province page first KPI within {FIRST_KPI_TARGET}x one office's "
            f"(cold {ratio['cold']}x, warm {ratio['warm']}x)",
        ),
        _line(
            result["rerun_over_bare"] <= RERUN_TARGET,
            f"province page rerun within {RERUN_TARGET:.0f}x the bare page's ({result['rerun_over_bare']}x: "
            f"{result['province_rerun_ms']['browser_ms']} ms against {result['bare']['browser_ms']} ms)",
        ),
        _line(
            result["app_sheets_requests"] == 0,
            f"app servers in store mode make no Sheets request ({result['app_sheets_requests']})",
        ),
    ]
    return "\n".join(lines)


def _line(met: bool, text: str) -> str:
    return f"target {'met' if met else 'MISSED'}: {text}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.province", description=__doc__.split("\n")[0])
    parser.add_argument("--offices", type=int, default=27, help="how many offices (1-27, default 27)")
    parser.add_argument(
        "--sqlite", action="store_true", help="an SQLite file instead of a throw-away PostgreSQL"
    )
    parser.add_argument("--repeat", type=int, default=3, help="warm sessions and reruns (median)")
    parser.add_argument(
        "--keep", type=Path, default=None, help="keep logs here (default: a temporary folder)"
    )
    args = parser.parse_args(argv)
    args.offices = max(1, min(len(JAWA_BARAT), args.offices))
    if not Path(CHROMIUM).exists():
        sys.exit(
            f"the province benchmark drives Debian's Chromium at {CHROMIUM} (apt-get install -y chromium)"
        )
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if args.keep is not None:
            folder = args.keep
            folder.mkdir(parents=True, exist_ok=True)
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pulih-bench-province-")))
        result = asyncio.run(measure(args, folder, log=lambda m: print(m, flush=True)))
    print()
    print(verdict(result))
    print(f"(whole run: {time.perf_counter() - started:.0f} s)")
    print(json.dumps({"province": result}))


if __name__ == "__main__":
    main()
