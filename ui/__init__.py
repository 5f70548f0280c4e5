"""The dashboard's shared UI code: strings, data loading, view state, figures and tables.

`i18n`, `figures`, `sentences`, `tables`, `kpi`, `public` (the suppressed public report)
and `exports` (its PowerPoint, PDF, HTML and PNG files) are pure (no `st.` calls) so they
are unit-tested directly; `data`, `state`, `sidebar`, `access`, `page`, `privacy` and
`slides` talk to Streamlit.
"""
