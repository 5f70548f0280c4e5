"""The page script `python -m bench.app --profile` runs in AppTest: one page file, inside the profiler.

The profiler starts here, in the script's own thread (AppTest runs scripts in a thread of their
own, and pyinstrument profiles the thread it starts in), so no Streamlit code is patched.
"""

import runpy

from bench import profiling

if profiling.profiler is None or profiling.profiler.is_running:
    runpy.run_path(profiling.page, run_name="__main__")
else:
    with profiling.profiler:  # also stops it when the page ends in st.stop()
        runpy.run_path(profiling.page, run_name="__main__")
