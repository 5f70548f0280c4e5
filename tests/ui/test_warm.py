"""A new server imports what a first visit needs before anyone visits (ui/warm.py, app.py's st.App)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from tests.ui import ROOT
from tests.ui.conftest import running_app

# The packages a first visit must not be left to import: the libraries and the app's own.
HEAVY = {"pandas", "numpy", "pyarrow", "plotly", "babel", "gspread", "google", "present", "ui", "sheets"}

# A fresh interpreter (this one has imported everything already): warmed or not, then the
# router's first run (the default page, as a visitor opens it) and the overview's first run.
FIRST_RUNS = """
import json, sys
from streamlit.testing.v1 import AppTest
if sys.argv[1] == "warm":
    from ui import warm
    warm.warm_up()
at = AppTest.from_file("app.py", default_timeout=60)
before = set(sys.modules)
at.run()
at.switch_page("app_pages/overview.py").run()
assert not at.exception, at.exception
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def imported_by_first_runs(mode: str) -> set[str]:
    """The modules of `HEAVY` packages the first runs imported, in a fresh process (`mode`: warm or cold)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PULIH_")}  # the demo workbook
    done = subprocess.run(
        [sys.executable, "-c", FIRST_RUNS, mode],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    imported = json.loads(done.stdout.strip().splitlines()[-1])
    return {name for name in imported if name.split(".")[0] in HEAVY}


def test_after_the_warm_up_a_first_visit_imports_nothing_of_the_app_and_little_of_its_libraries() -> None:
    cold = imported_by_first_runs("cold")
    assert {"pandas", "present.figures", "present.overview", "sheets.demo"} <= cold  # what it spares
    warm = imported_by_first_runs("warm")
    # Plotly and pandas load some submodules when first used (a kind of trace, a conversion): what
    # is left of them is a small part; the app's own modules and the other libraries are all there.
    assert {name.split(".")[0] for name in warm} <= {"pandas", "plotly"}, sorted(warm)
    libraries = [name for name in cold if name.split(".")[0] in ("pandas", "plotly")]
    assert len(warm) < len(libraries) / 10, sorted(warm)


def test_streamlit_run_app_py_warms_up_as_the_server_starts(tmp_path) -> None:
    """`streamlit run app.py` (make run, Streamlit Community Cloud) serves app.py's st.App: its
    lifespan warms the app while nobody has visited yet."""
    runs = tmp_path / "runs.jsonl"
    with running_app(tmp_path, PULIH_RUN_LOG=str(runs)):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not runs.exists():
            time.sleep(0.1)
        assert runs.exists(), "no warm-up line in the run log within 60 s of the start"
        lines = [json.loads(line) for line in runs.read_text(encoding="utf-8").splitlines()]
    assert [line["page"] for line in lines] == ["(warm-up)"]  # before any visit, and once
