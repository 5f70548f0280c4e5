"""Whether a script run is going on in this server: app.py holds `run` around each one.

Background work that shares the interpreter with the viewers' runs (`ui.prefetch`) waits for
`idle` between its steps, so that a viewer's run never shares the interpreter lock with it.
Standard library only: app.py enters `run` before anything else is imported.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator

POLL_S = 0.005  # how often a waiting step looks whether the runs have ended

_lock = threading.Condition()
_running = 0


@contextlib.contextmanager
def run() -> Iterator[None]:
    """Hold this around a script run (also one that ends in `st.stop` or a rerun)."""
    global _running
    with _lock:
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            _lock.notify_all()


def running() -> int:
    """How many script runs are going on now."""
    return _running


def idle(give_up: Callable[[], bool] = lambda: False) -> bool:
    """Block until no script run is going on; False when `give_up()` turns true first."""
    with _lock:
        while _running and not give_up():
            _lock.wait(POLL_S)
        return not give_up()
