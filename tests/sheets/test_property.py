"""Arbitrary sheets never crash the pipeline and never lose a row (hypothesis)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheets.messages import with_messages
from sheets.metrics import Dataset, summary
from sheets.parse import SPREADSHEET_ERRORS
from sheets.raw import RawTab, RawWorkbook, fill_merged
from sheets.schema import MAIN_TABS, tab_key
from sheets.validate import _data_rows, validate

TODAY = dt.date(2026, 11, 28)
READ_AT = dt.datetime(2026, 11, 28, 3, 0, tzinfo=dt.UTC)

cells = st.one_of(
    st.none(),
    st.just(""),
    st.just("\u00a0"),
    st.text(max_size=12),
    st.text(min_size=2000, max_size=5000),  # a huge pasted string
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 1, 1)),
    st.sampled_from(
        [
            '=HYPERLINK("http://x","y")',
            "=1/0",
            "#REF!",
            "31/02/2018",
            "9 April 2018",
            "Rp 1.500.000",
            "Cikedong",
            "Selesai",
            "Ya",
            "KPO-0001",
            "KEG-1",
            "43199",
            "05/03/21",
            "1,5 M",
            "1.50",
            "12,000",
            "KPO\u2060-0001",
            "Err:502",
            "05/03/1998",
        ]
    ),
    st.sampled_from(SPREADSHEET_ERRORS),
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
    rows = draw(
        st.lists(
            st.one_of(st.just([]), st.lists(cells, max_size=width + 2)),  # blank and ragged rows
            max_size=25,
        )
    )
    return [*titles, list(header), *rows]


@st.composite
def merges(draw, rows):
    """Merged ranges inside (or just below) the grid, as a workbook or the API lists them."""
    height, width = len(rows) + 2, max(map(len, rows), default=0) + 2
    out = []
    for _ in range(draw(st.integers(0, 3))):
        r0, c0 = draw(st.integers(0, height - 1)), draw(st.integers(0, width - 1))
        r1, c1 = draw(st.integers(r0, min(r0 + 4, height))), draw(st.integers(c0, min(c0 + 2, width)))
        if (r1, c1) != (r0, c0):
            out.append((r0, c0, r1, c1))
    return tuple(out)


@st.composite
def workbooks(draw):
    tabs = {}
    for tab in MAIN_TABS:
        # Sometimes a tab is missing; sometimes two tabs match it (a hidden copy, another spelling).
        for copy in range(draw(st.sampled_from([0, 1, 1, 1, 2]))):
            name = draw(
                st.sampled_from([tab.name, tab.name.lower(), f" {tab.name.upper()} ", " ".join(tab.name)])
            )
            if name in tabs:
                continue
            rows = draw(tab_rows(tab))
            spans = draw(merges(rows))
            tabs[name] = RawTab(
                name, fill_merged(rows, spans), hidden=copy > 0 and draw(st.booleans()), merges=spans
            )
    return RawWorkbook("hypothesis", tabs, read_at=READ_AT)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(workbooks())
def test_random_sheets_never_raise_and_account_for_every_row(raw):
    report = validate(raw, TODAY)
    for tab in MAIN_TABS:
        count = report.counts[tab.name]
        assert count.rows_read == count.rows_used + count.rows_excluded + count.rows_blank, tab.name
        assert min(count.rows_used, count.rows_excluded, count.rows_blank) >= 0
        assert len(report.table(tab.name)) == count.rows_used
        # Across tabs: every data row of every tab that matches this one is inside rows_read.
        matching = [t for title, t in raw.tabs.items() if tab_key(title) == tab_key(tab.name)]
        assert count.rows_read == sum(_data_rows(t, tab)[0] for t in matching), tab.name
        duplicates = report.issues[
            (report.issues["tab"] == tab.name) & (report.issues["code"] == "duplicate-tab")
        ]
        assert len(duplicates) == max(len(matching) - 1, 0)
    assert set(report.issues["severity"]) <= {"error", "warning", "info"}
    rendered = with_messages(report.issues)
    assert rendered["message_id"].notna().all() and rendered["message_en"].notna().all()
    # An error value is never read as an empty cell, nor silently dropped.
    errors = report.issues[report.issues["code"] == "formula-error"]
    assert (
        errors["value"]
        .str.strip()
        .str.upper()
        .isin([e.upper() for e in SPREADSHEET_ERRORS] + ["ERR:502"])
        .all()
    )
    ds = Dataset.from_report(report)
    figures = summary(ds, TODAY)
    assert 0 <= figures["rehabilitated"] <= figures["known"]
    assert len(figures["by_district"]) == 31
    # Per-year figures add up to the totals (years before the axis in their own bucket).
    assert sum(figures["known_by_year"].values()) == figures["known"]
    assert sum(figures["rehabilitated_by_year"].values()) == figures["rehabilitated"]
    money, ended = figures["money"], pd.Timestamp(TODAY)
    budgets = ds.activities.loc[(ds.activities["ends_on"] <= ended).fillna(False), "budget"].sum()
    aid = ds.participants.loc[(ds.participants["ends_on"] <= ended).fillna(False), "aid_value"].sum()
    for key, total in (("budget", budgets), ("aid", aid)):
        assert sum(y[key] or 0 for y in money["by_year"].values()) == pytest.approx(float(total), rel=1e-9)
        assert money[key] == pytest.approx(float(total), rel=1e-9)
