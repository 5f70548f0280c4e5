"""A Streamlit script that fails, to see what a visitor is shown of an unexpected error (test_browser.py)."""

import streamlit as st

st.title("Pulih")
raise RuntimeError("secret detail: /srv/pulih/service-account.json KPO-0042")
