"""Keep the garbage collector's full passes short: the imported libraries are moved out of its sight.

Streamlit runs a full collection (`gc.collect(2)`) after every script run (its
`runner.postScriptGC` option), while the browser still waits for the run's last
message: the collection holds the interpreter lock the server's event loop needs to
send it. A full pass visits every object the collector tracks, and nearly all of them
(some 230,000 in this server: functions, dicts, tuples) belong to the modules
imported by the app (pandas, plotly, pyarrow, Babel, Streamlit itself), which live
as long as the process. On the 2-core bench machine that pass took 110 to 190 ms,
most of what a viewer waited for after a filter change on a page whose script took
40 ms (bench/README.md, "Third round").

`after_run` moves everything alive into the permanent generation (`gc.freeze()`)
whenever a run imported modules (the first runs of a page, an export's library), after
a collection so that no garbage is frozen with them. Later collections, Streamlit's
included, visit only what was created since: the views, reads and sessions, which
are still collected as before. What freezing costs: an object frozen while alive and
dropped later in a reference cycle is never reclaimed; module-level objects are
never dropped, and a freeze happens only when the set of modules grows, so this is
bounded by what the few first runs held.
"""

from __future__ import annotations

import gc
import sys
import threading

_lock = threading.Lock()
_modules_frozen = 0


def after_run() -> bool:
    """Freeze what is alive when modules were imported since the last freeze; whether it froze."""
    global _modules_frozen
    if len(sys.modules) == _modules_frozen:  # the common case: one comparison
        return False
    with _lock:
        if len(sys.modules) == _modules_frozen:
            return False
        gc.collect()
        gc.freeze()
        _modules_frozen = len(sys.modules)
    return True
