"""The Streamlit shell: settings from `st.secrets`, the cached reads, login and roles, view state, the sidebar.

What a page shows is built by `present` (pure, no Streamlit); this package reads and caches
the data (`config`, `data`, `identity`, `memo`), decides who may see what (`access`, `sessions`,
`audit`), keeps the view in the URL (`state`), and places what `present` returns with the
widgets every page shares (`page`, `sidebar`, `slides`, `history_sections`, `private_download`,
`privacy`: the public report's caches).
"""
