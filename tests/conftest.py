"""Every test runs on a fixed "today", never the calendar (sheets.clock reads PULIH_TODAY), and in its own data directory.

Set in the environment at import, so the command-line and `streamlit run` subprocesses the
tests start see the same day as the tests themselves. A test about the clock passes its own
environment to `sheets.clock`.
"""

import atexit
import os
import shutil
import tempfile

FIXED_TODAY = "2026-11-28"
os.environ.setdefault("PULIH_TODAY", FIXED_TODAY)
# The app records every read in its history store, in the data directory: the tests' own, never
# the developer's (`streamlit run` subprocesses inherit it).
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="pulih-test-data-")
atexit.register(shutil.rmtree, os.environ["XDG_DATA_HOME"], ignore_errors=True)
os.environ.pop("PULIH_DATABASE_URL", None)
# No background prefetch of kecamatan views (ui/prefetch.py) in the tests' runs and servers: its
# CPU would compete with the timing-sensitive browser tests on a small machine. It only ever
# adds entries the pages would compute themselves; tests/ui/test_prefetch.py turns it on and
# checks exactly that, and `make bench-app` measures the app with it (the default).
os.environ["PULIH_PREFETCH"] = "0"

import pytest

from tests import postgres


@pytest.fixture(scope="session")
def pg_cluster():
    """One throw-away PostgreSQL cluster for the session (Debian's server, started by the tests)."""
    with postgres.cluster() as running:
        yield running


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh, empty history store: an SQLite file, then a database on the real PostgreSQL server."""
    from sheets import store

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    else:
        url = store.database_url(environ={store.ENV_URL: request.getfixturevalue("pg_cluster").database()})
    yield url
    store.forget()
