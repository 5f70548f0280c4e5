"""Arbitrary sheets never crash the pipeline and never lose a row (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheets.metrics import Dataset, summary
from sheets.raw import RawTab, RawWorkbook
from sheets.schema import MAIN_TABS
from sheets.validate import validate

TODAY = dt.date(2026, 11, 28)

cells = st.one_of(
    st.none(),
    st.just(""),
    st.just("\u00a0"),
    st.text(max_size=12),
    st.text(min_size=2000, max_size=5000),  # a huge pasted string
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 1, 1)),
    st.sampled_from(["=HYPERLINK(\"http://x\",\"y\")", "=1/0", "#REF!", "31/02/2018", "9 April 2018",
                     "Rp 1.500.000", "Cikedong", "Selesai", "Ya", "KPO-0001", "KEG-1", "43199", "05/03/21"]),
)


@st.composite
def tab_rows(draw, tab):
    headers = [c.header for c in tab.columns]
    kept = draw(st.lists(st.sampled_from(headers), unique=True, max_size=len(headers)))
    extra = draw(st.lists(st.text(max_size=8), max_size=2))
    header = draw(st.permutations(kept + extra))
    header = [h.upper() if draw(st.booleans()) else h for h in header]
    titles = draw(st.lists(st.lists(cells, max_size=3), max_size=3))
    width = len(header)
    rows = draw(st.lists(
        st.one_of(st.just([]), st.lists(cells, max_size=width + 2)),  # blank and ragged rows
        max_size=25))
    return [*titles, list(header), *rows]


@st.composite
def workbooks(draw):
    tabs = {}
    for tab in MAIN_TABS:
        if draw(st.integers(0, 5)):  # sometimes a tab is missing
            name = draw(st.sampled_from([tab.name, tab.name.lower(), f" {tab.name.upper()} "]))
            tabs[name] = RawTab(name, draw(tab_rows(tab)))
    return RawWorkbook("hypothesis", tabs)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(workbooks())
def test_random_sheets_never_raise_and_account_for_every_row(raw):
    report = validate(raw, TODAY)
    for name, count in report.counts.items():
        assert count.rows_read == count.rows_used + count.rows_excluded + count.rows_blank, name
        assert min(count.rows_used, count.rows_excluded, count.rows_blank) >= 0
        assert len(report.table(name)) == count.rows_used
    assert set(report.issues["severity"]) <= {"error", "warning", "info"}
    assert report.issues["message_id"].notna().all() and report.issues["message_en"].notna().all()
    figures = summary(Dataset.from_report(report), TODAY)
    assert 0 <= figures["rehabilitated"] <= figures["known"]
    assert len(figures["by_district"]) == 31
