"""Opt-in timing of script runs, for `make bench-app`: off unless PULIH_RUN_LOG names a file.

When it does, every run appends one JSON line: the page, the wall time from the top
of the script to the end of the page (`time.perf_counter`), and the CPU time the
run's thread spent (`time.thread_time`; lower than the wall time when other
sessions' runs share the interpreter).
"""

from __future__ import annotations

import json
import threading
import time

from sheets.settings import Settings

ENV_RUN_LOG = "PULIH_RUN_LOG"
_lock = threading.Lock()


def start() -> tuple[float, float]:
    """The moment a run starts (wall, thread CPU)."""
    return time.perf_counter(), time.thread_time()


def record(page: str, started: tuple[float, float]) -> None:
    """Append this run's line to the run log, when one is configured."""
    # An environment-only setting: read without st.secrets, so bench/bare_app.py's baseline stays bare.
    path = Settings.build({}).run_log
    if path is None:
        return
    wall, cpu = started
    line = json.dumps(
        {
            "page": page,
            "seconds": round(time.perf_counter() - wall, 6),
            "cpu_seconds": round(time.thread_time() - cpu, 6),
            "at": time.time(),
        }
    )
    with _lock, open(path, "a", encoding="utf-8") as log:
        log.write(line + "\n")
