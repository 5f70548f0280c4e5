"""Pulih's data layer: read, parse, validate and measure the office's spreadsheets.

UI-free: nothing in this package imports streamlit (a test checks it).
"""
