"""History-store benchmark: `python -m bench.history [--days 730] [--scale regency] [--postgres]` (`make bench-history`).

It builds a store holding `--days` of hourly reads of one synthetic spreadsheet (bench/payload.py,
the regency scale by default): every day one read changes a few records (an edit, a row typed,
now and then a row deleted), the 23 others find the sheet unchanged. Then it measures, each a
median of `--repeat` runs, against a baseline measured in the same run:

- the baseline: a cold page load's data work (decode the API answer, validate, join, headline
  figures: what the app does with a fresh read);
- recording a changed read and an unchanged one (the target: under 10% of the baseline);
- what the history page asks the store with that much history (every read, the open lost rows
  and alerts, the quality trend, issues new and fixed this month, one record's change log; the
  target: under a second in all).

`--postgres` runs it against a throw-away PostgreSQL cluster (Debian's server, as the tests
start it) instead of an SQLite file. The last line of output is one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import random
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import sqlalchemy as sa

from bench import payload
from sheets import store
from sheets.gwire import from_batch_get
from sheets.history import History
from sheets.metrics import Dataset, summary
from sheets.raw import RawTab, RawWorkbook
from sheets.validate import validate

START = dt.datetime(2024, 12, 1, tzinfo=dt.UTC)


def _answer(scale: str) -> tuple[bytes, dict, str]:
    """The API's answer for the payload (its bytes, the metadata, the sheet's address)."""
    values, metadata = payload.batch_get(scale)
    url = f"https://docs.google.com/spreadsheets/d/{metadata['spreadsheetId']}/edit"
    return json.dumps(values).encode(), metadata, url


def _answer_of(raw: RawWorkbook, scale: str) -> tuple[bytes, dict, str]:
    """The API's answer for the sheet as `raw` holds it (after the filled days' edits)."""
    values, metadata = payload.batch_get(scale)
    for answer in values["valueRanges"]:
        answer["values"] = [list(row) for row in raw.tabs[answer["range"].split("!")[0]].rows]
    url = f"https://docs.google.com/spreadsheets/d/{metadata['spreadsheetId']}/edit"
    return json.dumps(values).encode(), metadata, url


def _workbook(scale: str) -> RawWorkbook:
    body, metadata, url = _answer(scale)
    raw = from_batch_get(body, metadata, url=url)
    # Plain lists: the edits below change rows in place.
    return replace(
        raw,
        tabs={t: RawTab(tab.title, [list(r) for r in tab.rows], tab.sheet_id) for t, tab in raw.tabs.items()},
    )


def _edit(raw: RawWorkbook, rng: random.Random, day: int) -> RawWorkbook:
    """One day's work: a few cells changed, a row typed, now and then a row deleted."""
    tabs = {}
    for title, tab in raw.tabs.items():
        rows = [list(r) for r in tab.rows]
        if title == "Pemantauan" and len(rows) > 2:
            rows.append(list(rows[rng.randrange(1, len(rows))]))  # a visit typed (a copy, dated as one)
        if len(rows) > 10:
            for _ in range(3):
                row = rows[rng.randrange(1, len(rows))]
                if len(row) > 4:
                    row[4] = f"{row[4]} " if isinstance(row[4], str) else row[4]
            if day % 17 == 0:
                del rows[rng.randrange(1, len(rows))]
        tabs[title] = RawTab(tab.title, rows, tab.sheet_id)
    return replace(raw, tabs=tabs)


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fill(history: History, raw: RawWorkbook, days: int, reads_per_day: int) -> RawWorkbook:
    """`days` of history: one changed read a day through `record`, the unchanged ones in bulk."""
    rng = random.Random(7)
    today = payload.TODAY
    for day in range(days):
        raw = _edit(raw, rng, day)
        at = START + dt.timedelta(days=day)
        done = history.record(raw, validate(raw, today), {"known": 0}, now=at)
        with history.engine.begin() as db:
            db.execute(
                store.seen.insert(),
                [
                    {"read_id": done.read_id, "seen_at": at + dt.timedelta(hours=h)}
                    for h in range(1, reads_per_day)
                ],
            )
    return raw


def run(days: int, reads_per_day: int, scale: str, repeat: int, url: str) -> dict:
    history = History(url)
    raw = _workbook(scale)
    today = payload.TODAY

    def cold() -> None:  # what a cold page load does with the API's answer (of the sheet as it is now)
        fresh = from_batch_get(body, metadata, url=url_of_sheet)
        summary(Dataset.from_report(validate(fresh, today)), today)

    started = time.perf_counter()
    raw = fill(history, raw, days, reads_per_day)
    filled = time.perf_counter() - started
    body, metadata, url_of_sheet = _answer_of(raw, scale)
    rng = random.Random(11)
    # The baseline and the recordings take turns, after the fill: a machine that gets busier
    # during the (long) fill slows them alike. Each recording gets its own read's validation.
    timed: dict[str, list[float]] = {"baseline": [], "changed": [], "same": []}
    for turn in range(repeat):
        timed["baseline"].append(_median(cold, 1))
        edited = _edit(raw, rng, 1)
        edited_report = validate(edited, today)
        at = START + dt.timedelta(days=days + 1 + turn)
        timed["changed"].append(_median(functools.partial(history.record, edited, edited_report, now=at), 1))
        timed["same"].append(_median(functools.partial(history.record, edited, edited_report), 1))
    baseline, changed, same = (statistics.median(timed[k]) for k in ("baseline", "changed", "same"))
    report = validate(raw, today)
    key = str(report.records["Korban"]["key"].iloc[5])
    month_ago = START + dt.timedelta(days=days - 30)
    queries = {
        "reads": lambda: history.reads(),
        "lost_rows": lambda: history.lost_rows(),
        "open_alerts": lambda: history.open_alerts(),
        "quality_trend": lambda: history.quality_trend(),
        "issues_between": lambda: history.issues_between(month_ago),
        "changelog": lambda: history.changelog("Korban", key),
    }
    timings = {name: _median(fn, repeat) for name, fn in queries.items()}
    with history.engine.connect() as db:
        counts = {
            t: db.execute(sa.select(sa.func.count()).select_from(getattr(store, t))).scalar()
            for t in ("reads", "seen", "rows", "changes", "lost")
        }
    return {
        "scale": scale,
        "days": days,
        "reads": days * reads_per_day,
        "store": store.redacted(url).split(":")[0],
        "baseline_s": baseline,
        "fill_s": filled,
        "record_changed_s": changed,
        "record_unchanged_s": same,
        "record_changed_ratio": changed / baseline,
        "record_unchanged_ratio": same / baseline,
        "history_page_s": sum(timings.values()),
        "queries_s": timings,
        "stored": counts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--reads-per-day", type=int, default=24)
    parser.add_argument("--scale", default="regency", choices=("regency", "province"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--postgres", action="store_true", help="a throw-away PostgreSQL cluster instead of SQLite"
    )
    args = parser.parse_args()
    if args.postgres:
        from tests import postgres

        with postgres.cluster() as cluster:
            result = run(
                args.days,
                args.reads_per_day,
                args.scale,
                args.repeat,
                store.database_url(environ={store.ENV_URL: cluster.database()}),
            )
    else:
        with tempfile.TemporaryDirectory() as folder:
            result = run(
                args.days,
                args.reads_per_day,
                args.scale,
                args.repeat,
                f"sqlite:///{Path(folder) / 'history.sqlite'}",
            )
    print(
        f"{result['reads']} reads over {result['days']} days ({result['scale']}, {result['store']}); "
        f"stored: {result['stored']}"
    )
    print(f"baseline (cold page load's data work): {result['baseline_s']:.3f} s")
    print(
        f"record a changed read:   {result['record_changed_s']:.3f} s = {result['record_changed_ratio']:.1%} "
        "of the baseline (target < 10%)"
    )
    print(
        f"record an unchanged one: {result['record_unchanged_s']:.3f} s = "
        f"{result['record_unchanged_ratio']:.1%} of the baseline"
    )
    print(
        f"history page queries: {result['history_page_s']:.3f} s in all (target < 1 s): "
        + ", ".join(f"{k} {v:.3f}" for k, v in result["queries_s"].items())
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
