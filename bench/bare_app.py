"""The bare page of `make bench-app`: one `st.metric`, timed like app.py (ui/runlog.py).

Served like the app (`streamlit run bench/bare_app.py` with the same options), it is
the yardstick for rerun time and time to first figure: what Streamlit itself costs
for a page that does nothing.
"""

import streamlit as st

from ui import runlog

started = runlog.start()
st.metric("Korban teridentifikasi", "2.000", "+120", border=True)
runlog.record("bare", started)
