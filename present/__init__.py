"""What the pages show, as plain data: figures, tables, KPI tiles, sentences, the public report, exports.

Pure: nothing here imports streamlit (tests/test_layering.py), so every piece is built and
tested without a running app. One module per page, named by its key in `ui.access.PAGES`
(`overview`, `areas`, `profile`, `programme`, `follow_up`, `quality`, `public`,
`publications`, `history`), beside the primitives they share: `context` (the view and the
page context), `i18n` (labels, numbers, dates), `markup` (escaping typed text), `figures`
(plotly builders and the palette), `tables`, `kpi`, `sentences` and `exports` (the public
downloads). The Streamlit shell (`ui/`) caches and places what these return.
"""
