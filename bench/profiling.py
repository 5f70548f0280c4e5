"""What `python -m bench.app --profile` shares with the page script it profiles (same process).

`bench/profiled_page.py` runs `page` inside `profiler` when one is set; the harness sets both.
"""

from __future__ import annotations

from typing import Any

page = ""  # the page file to run
profiler: Any = None  # a pyinstrument Profiler for the next run, or None
