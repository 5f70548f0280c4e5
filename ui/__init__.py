"""The dashboard's shared UI code: strings, data loading, view state, figures and tables.

`i18n`, `figures`, `sentences`, `tables` and `kpi` are pure (no `st.` calls) so they
are unit-tested directly; `data`, `state`, `sidebar`, `access` and `page` talk to Streamlit.
"""
