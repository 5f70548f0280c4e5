"""Every test runs on a fixed "today", never the calendar (sheets.clock reads PULIH_TODAY).

Set in the environment at import, so the command-line and `streamlit run` subprocesses the
tests start see the same day as the tests themselves. A test about the clock passes its own
environment to `sheets.clock`.
"""

import os

FIXED_TODAY = "2026-11-28"
os.environ.setdefault("PULIH_TODAY", FIXED_TODAY)
