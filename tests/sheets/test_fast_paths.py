"""The data layer's fast paths give exactly what the plain pandas spelling gives."""

from __future__ import annotations

import datetime as dt
import re
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheets import frames, metrics, parse, schema
from sheets.issues import issue_frame
from sheets.validate import _issue_frame

TODAY = dt.date(2026, 11, 28)

# Cells of every type a source gives, with the values Python confuses (True == 1 == 1.0).
MIXED = [
    True,
    1,
    1.0,
    False,
    0,
    0.0,
    "1",
    "0",
    "Ya",
    "tidak",
    None,
    float("nan"),
    "",
    "  ",
    "\u00a0",
    43199,
    43199.0,
    "43199",
    "9 April 2018",
    "09/04/2018",
    "9\u3000April\x0b2018",
    "Senin,\u00a09 April 2018",
    dt.date(2018, 4, 9),
    dt.datetime(2018, 4, 9, 10, 30),
    pd.Timestamp("2018-04-09"),
    2018,
    "Rp 1.500.000",
    "750 ribu",
    "2,5 jt",
    "25\x0btahun",
    -3,
    1e20,
    "Cikedong",
    "Kec.\u3000Cikedung",
    "32.12.04",
    "P",
    "wanita",
    "kpo-0001",
    " KPO\t 0001 ",
    12.5,
    "x",
]


def cells(values: list) -> pd.Series:
    return pd.Series(np.array(values, dtype=object))


def assert_same(a, b):
    if isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, check_names=False)
    else:
        for field in a.__dataclass_fields__:
            assert_same(getattr(a, field), getattr(b, field))


def spread(distinct: parse.Distinct, result):
    if isinstance(result, pd.Series):
        return distinct.spread(result)
    return type(result)(**{f: distinct.spread(getattr(result, f)) for f in result.__dataclass_fields__})


@pytest.mark.parametrize(
    "parser",
    [
        lambda s: parse.parse_dates(s, TODAY),
        parse.parse_money,
        parse.parse_whole,
        parse.parse_yes_no,
        parse.parse_text,
        lambda s: parse.parse_text(s, is_id=True),
        lambda s: parse.parse_category(s, schema.KORBAN.column("district")),
        lambda s: parse.parse_category(s, schema.KORBAN.column("sex")),
        parse.is_empty,
    ],
)
def test_parsing_distinct_values_then_spreading_equals_parsing_every_cell(parser):
    column = cells(MIXED * 3)
    distinct = parse.Distinct.of(column)
    assert len(distinct.values) < len(column)
    assert_same(spread(distinct, parser(distinct.values)), parser(column))


def test_distinct_keeps_checkboxes_apart_from_numbers():
    distinct = parse.Distinct.of(cells([True, 1, 1.0, False, 0, None, float("nan"), True]))
    values = distinct.values.tolist()
    shown = [values[c] for c in distinct.codes]
    assert [type(v) for v in shown] == [bool, int, int, bool, int, type(None), type(None), bool]
    assert shown[:5] == [True, 1, 1, False, 0]


def test_distinct_copes_with_unhashable_cells():
    distinct = parse.Distinct.of(cells([[1], "a", [1]]))
    assert [distinct.values[c] for c in distinct.codes] == [[1], "a", [1]]


def test_whitespace_run_is_exactly_pythons_backslash_s():
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    python = re.findall(r"\s", everything)
    ours = re.findall(parse._WHITESPACE_RUN[:-1], everything)  # the class without its "+"
    assert ours == python


TEXT = pd.Series(["KPO-1", "KPO-2", None, "KPO-3", "KPO-2", "", "kpo-9"], dtype="string")


@pytest.mark.parametrize(
    "keys",
    [
        pd.Index(["KPO-3", "KPO-2", "KPO-1"], dtype="string"),
        pd.Index([], dtype="string"),
        pd.Index(["KPO-3", "KPO-2"], dtype=object),
    ],
)
def test_positions_and_isin_match_pandas(keys):
    assert frames.positions(TEXT, keys).tolist() == keys.get_indexer(TEXT).tolist()
    pd.testing.assert_series_equal(frames.isin(TEXT, pd.Series(keys)), TEXT.isin(keys))


def test_lookup_matches_reindex_and_keeps_dtypes():
    mapping = pd.DataFrame(
        {
            "when": pd.to_datetime(["2018-04-09", "2019-01-01", "2020-02-02"]).astype("datetime64[s]"),
            "count": [1, 2, 3],
            "name": pd.Series(["a", "b", None], dtype="string"),
            "ok": [True, False, True],
        },
        index=pd.Index(["KPO-1", "KPO-2", "KPO-3"], dtype="string"),
    )
    looked_up = frames.lookup(TEXT, mapping)
    for name in mapping.columns:
        column = mapping[name]
        # What lookup did before it found keys through Arrow: reindex by label.
        expected = pd.Series(column.reindex(TEXT.to_numpy()).array, index=TEXT.index, name=name)
        if column.dtype.kind == "M" or isinstance(column.dtype, pd.StringDtype):
            expected = expected.astype(column.dtype)
        pd.testing.assert_series_equal(frames.lookup(TEXT, column), expected)
        pd.testing.assert_series_equal(looked_up[name], expected)
    assert looked_up["count"].dtype == "float64"  # a key is missing, as with reindex
    with pytest.raises(ValueError):
        frames.lookup(TEXT, pd.Series([1, 2], index=pd.Index(["a", "a"], dtype="string")))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))),
            st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))),
        ),
        max_size=40,
    )
)
def test_whole_years_counts_birthdays_as_the_calendar_does(pairs):
    def as_column(days):
        return pd.Series(pd.to_datetime(pd.Series(days, dtype=object)), dtype="datetime64[s]")

    pairs += [(dt.date(2000, 2, 29), dt.date(2001, 2, 28)), (dt.date(2000, 2, 29), dt.date(2001, 3, 1))]
    born, on = as_column([b for b, _ in pairs]), as_column([o for _, o in pairs])
    expected = [
        pd.NA if b is None or o is None else o.year - b.year - ((o.month, o.day) < (b.month, b.day))
        for b, o in pairs
    ]
    years = frames.whole_years(born, on)
    assert years.dtype == "Int64"
    assert [pd.NA if pd.isna(y) else int(y) for y in years] == expected
    # The calendar fields through pandas (any other date dtype) agree.
    assert frames.whole_years(born.astype("datetime64[ms]"), on).tolist() == years.tolist()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.datetimes(dt.datetime(1950, 1, 1), dt.datetime(2090, 12, 31)), min_size=1, max_size=30),
    st.sampled_from(metrics.CHECKPOINT_MONTHS),
)
def test_checkpoint_months_are_added_as_date_offset_adds_them(moments, months):
    moments += [dt.datetime(2018, 1, 31), dt.datetime(2019, 11, 30, 18, 5), dt.datetime(2019, 8, 31)]
    days = pd.Series(moments, dtype="datetime64[s]")
    expected = (days + pd.DateOffset(months=months)).astype("datetime64[s]")
    assert metrics._add_months(days.to_numpy(), months).tolist() == expected.to_numpy().tolist()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, 900), min_size=1, max_size=8),  # each survivor's rehabilitation day
    st.lists(st.tuples(st.integers(0, 7), st.integers(0, 1400), st.integers(0, 86_399)), max_size=40),
    st.integers(0, 1500),  # the day of the view
)
def test_checkpoints_agree_with_counting_each_visit(rehab_days, visit_specs, today_day):
    start = dt.datetime(2017, 1, 31)  # a month's last day: the checkpoints fall on shorter months' ends
    ids = [f"KPO-{i}" for i in range(len(rehab_days))]
    survivors = pd.DataFrame(
        {
            "survivor_id": pd.array(ids, dtype="string"),
            "district": pd.array(["Cikedung"] * len(ids), dtype="string"),
            "sex": pd.array(["Perempuan"] * len(ids), dtype="string"),
            "identified_on": pd.Series([start] * len(ids), dtype="datetime64[s]"),
            "rehab_on": pd.Series([start + dt.timedelta(days=d) for d in rehab_days], dtype="datetime64[s]"),
        }
    )
    visits = pd.DataFrame(
        {
            "survivor_id": pd.array(
                [f"KPO-{who}" for who, _, _ in visit_specs], dtype="string"
            ),  # some unknown
            "visited_on": pd.Series(
                [start + dt.timedelta(days=d, seconds=s) for _, d, s in visit_specs], dtype="datetime64[s]"
            ),
            "officer": pd.array([f"Petugas {i}" for i in range(len(visit_specs))], dtype="string"),
        }
    )
    empty = pd.DataFrame()
    ds = metrics.Dataset(survivors, empty, empty, visits, empty)
    today = (start + dt.timedelta(days=today_day)).date()
    got = metrics.checkpoints(ds, today)

    expected = []
    for months in metrics.CHECKPOINT_MONTHS:
        for sid, rehab_on in zip(ids, survivors["rehab_on"]):
            if rehab_on.date() > today:
                continue
            due = rehab_on + pd.DateOffset(months=months)
            seen = [
                (when, officer)
                for who, when, officer in zip(visits["survivor_id"], visits["visited_on"], visits["officer"])
                if who == sid and when <= pd.Timestamp(today)
            ]
            offsets = [(when - due).days for when, _ in seen]
            late = (pd.Timestamp(today) - due).days
            if any(abs(o) <= metrics.WINDOW_DAYS for o in offsets):
                state = "done"
            elif any(metrics.WINDOW_DAYS < o <= metrics.OVERDUE_DAYS for o in offsets):
                state = "done_late"
            else:
                state = (
                    "upcoming"
                    if late < -30
                    else "due"
                    if late <= 30
                    else "overdue"
                    if late <= 180
                    else "missed"
                )
            latest = max((when for when, _ in seen), default=None)
            officer = [o for when, o in seen if when == latest][-1] if seen else None
            expected.append((sid, months, due, state, late, latest, officer))
    assert [
        (
            r.survivor_id,
            r.checkpoint,
            r.due_on,
            r.state,
            r.days_late,
            None if pd.isna(r.last_visit) else r.last_visit,
            None if pd.isna(r.officer) else r.officer,
        )
        for r in got.itertuples()
    ] == expected


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(1995, 2030)),
            st.one_of(st.none(), st.integers(0, 10**10), st.floats(0, 1e9, allow_nan=False)),
        ),
        max_size=40,
    )
)
def test_sums_and_counts_per_year_match_group_by(rows):
    years = pd.Series([y for y, _ in rows], dtype="Int64")
    amounts = pd.Series([a for _, a in rows], dtype="Float64")
    first, last = 2000, 2026
    expected = amounts.groupby(years).sum(min_count=1).reindex(range(first, last + 1)).astype("float64")
    got = metrics._sum_per_year(amounts, years.to_numpy(dtype="float64", na_value=np.nan), first, last)
    assert got.tolist() == pytest.approx(expected.tolist(), nan_ok=True, rel=0, abs=0)
    counts = years.value_counts().reindex(range(first, last + 1), fill_value=0)
    assert metrics._per_year(metrics._numbers(years), first, last).tolist() == counts.tolist()
    districts = pd.Series([None if y is None else f"K{y % 7}" for y, _ in rows], dtype="string")
    labels = pd.Index([f"K{i}" for i in range(5)], dtype="string")
    assert (
        metrics._count_by(districts, labels).tolist()
        == districts.value_counts().reindex(labels, fill_value=0).tolist()
    )


def _by_year_with_pandas(ds: metrics.Dataset, as_of: dt.date) -> pd.DataFrame:
    """`metrics.by_year` as it was first written, column by column in pandas: the reference."""
    first, last = ds.year_span(as_of)
    years = pd.RangeIndex(first, last + 1, name="year")
    k = metrics.known_mask(ds, as_of)
    r = metrics.rehabilitated_mask(ds, as_of)
    identified = ds.survivors.loc[k, "identified_year"].dropna().astype("int64")
    rehabilitated = ds.survivors.loc[r, "rehab_year"].dropna().astype("int64")
    frame = pd.DataFrame(
        {
            "known": identified.value_counts().reindex(years, fill_value=0),
            "rehabilitated": rehabilitated.value_counts().reindex(years, fill_value=0),
        },
        index=years,
    )
    frame["known_cumulative"] = frame["known"].cumsum() + int((identified < first).sum())
    frame["rehabilitated_cumulative"] = frame["rehabilitated"].cumsum() + int((rehabilitated < first).sum())
    frame["coverage"] = (
        frame["rehabilitated_cumulative"] / frame["known_cumulative"].where(frame["known_cumulative"] > 0)
    ).astype("Float64")
    targets = ds.targets.set_index("year")
    frame["target"] = targets["target"].reindex(years).astype("Int64")
    frame["reported_known"] = targets["reported_known"].reindex(years).astype("Int64")
    return frame.reset_index()


@pytest.fixture(scope="module")
def demo_dataset() -> metrics.Dataset:
    from sheets.demo import build_demo
    from sheets.validate import validate

    return metrics.Dataset.from_report(validate(build_demo(TODAY), TODAY))


@pytest.mark.parametrize(
    "filters",
    [
        metrics.Filters(),
        metrics.Filters(districts=("Sukra",)),
        metrics.Filters(districts=("Haurgeulis", "Kroya")),
        metrics.Filters(sexes=("Laki-laki",)),
        metrics.Filters(years=(2015, 2018)),
        metrics.Filters(districts=("Tidak Ada",)),  # nobody: every count zero, coverage unknown
    ],
)
@pytest.mark.parametrize("day", [TODAY, dt.date(2018, 12, 31), dt.date(2009, 1, 1)])
@pytest.mark.parametrize("targets", ["as given", "gaps and blanks", "none"])
def test_the_yearly_table_matches_the_pandas_spelling(demo_dataset, filters, day, targets):
    from dataclasses import replace

    ds = demo_dataset
    if targets == "gaps and blanks":  # years without a row, a row without a target
        given = ds.targets.iloc[::2].reset_index(drop=True)
        given.loc[0, "target"] = pd.NA
        ds = replace(ds, targets=given)
    elif targets == "none":
        ds = replace(ds, targets=ds.targets.iloc[0:0])
    view = ds.filtered(filters)
    as_of = filters.as_of(day)
    pd.testing.assert_frame_equal(
        metrics.by_year(view, as_of), _by_year_with_pandas(view, as_of), check_exact=True
    )


def test_first_of_group_matches_duplicated_and_groupby_first():
    rng = np.random.default_rng(7)
    a = pd.Series(rng.choice(["x", "y", "z", None], 500), dtype="string")
    b = pd.Series(rng.integers(0, 4, 500)).astype("Int64").mask(rng.random(500) < 0.1)
    where = rng.random(500) < 0.9
    first = frames.first_of_group([a, b], where)
    frame = pd.DataFrame({"a": a, "b": b})[where & a.notna().to_numpy() & b.notna().to_numpy()]
    expected_later = frame.duplicated(keep="first")
    positions = pd.Series(frame.index, index=frame.index)
    expected_first = positions.groupby([frame["a"], frame["b"]]).transform("first")
    taking_part = first >= 0
    assert np.flatnonzero(taking_part).tolist() == frame.index.tolist()
    assert (first[taking_part] != np.flatnonzero(taking_part)).tolist() == expected_later.tolist()
    assert first[taking_part].tolist() == expected_first.tolist()


def test_issue_messages_formatted_once_per_distinct_value_are_the_same():
    from sheets.messages import render_issues

    values = cells(([True, 1, 1.0, None, float("nan"), "Cikedong", 43199.0, ""] * 40)[:300])
    details = pd.Series(["", "Cikedung", "12"] * 100)
    rows = pd.Series(np.arange(300) + 2)
    links = [f"https://x/edit#gid=1&range=C{r}" for r in rows]
    for detail in (details, "Korban"):
        expected = issue_frame(
            "unknown-category",
            "Korban",
            rows,
            "Kecamatan",
            values,
            params={"detail": detail},
            links=links,
            blanked=True,
        )
        ours = _issue_frame(
            "unknown-category", "Korban", rows, "Kecamatan", values, {"detail": detail}, links, True
        )
        pd.testing.assert_frame_equal(ours, expected)
        for lang in ("id", "en"):  # and they read the same
            pd.testing.assert_frame_equal(render_issues(ours, lang), render_issues(expected, lang))
    expected = issue_frame("missing-value", "Korban", rows, "Kecamatan", values)
    pd.testing.assert_frame_equal(
        _issue_frame("missing-value", "Korban", rows, "Kecamatan", values, {}, None, False), expected
    )


@pytest.mark.parametrize(
    "values",
    [
        ["KPO-0001", "KPO-0002", None, "kpo-0003"],  # plain: cleaning is skipped
        ["KPO 1", " KPO-2", "a  b", "x\ty", "é", "KPO-3 ", "\u00a0", "", None, "z\u3000z"],
        [None, None],
    ],
)
@pytest.mark.parametrize("is_id", [False, True])
def test_text_parsing_matches_the_plain_pandas_spelling(values, is_id):
    column = cells(values)
    expected = column.astype("string").str.replace(parse._SPACES, " ", regex=True).str.strip()
    if is_id:
        expected = expected.str.replace(r"\s+", " ", regex=True).str.upper()
    expected = expected.mask(expected.eq("")).astype("string")
    pd.testing.assert_series_equal(parse.parse_text(column, is_id=is_id), expected)


CATEGORY_TEXT = [
    "Cikedung",
    "Kec. Cikedung",
    "kecamatan\u00a0 cikedung",
    "KEC.CIKEDUNG",
    "Cikedong",
    " L ",
    "p",
    "Perempuan",
    "wanita",
    "\u200bLaki-laki",
    "Ｌ",
    "Cikédung",
    "x\x1cL",
    "",
    "  ",
    "\u00a0",
    None,
    float("nan"),
    pd.NA,
    "Kec.",
    "kec",
]


@pytest.mark.parametrize("key", ["district", "sex", "exploitation"])
@pytest.mark.parametrize("values", [CATEGORY_TEXT, MIXED, [None, None], []])
def test_small_category_columns_read_as_the_vectorised_reading(key, values):
    column = schema.KORBAN.column(key)
    cells_ = cells(values)
    lookup = column.category_lookup()
    small = parse._small_category(cells_, column, lookup)
    if any(not isinstance(x, str) and not parse._no_cell(x) for x in values):
        assert small is None  # numbers and dates take the vectorised reading
        return
    assert small is not None
    assert_same(small, parse._parse_category_vectorised(cells_, column, lookup))


ASCII_EDGES = "".join(map(chr, range(128)))


@pytest.mark.parametrize(
    "values",
    [
        ["9 April 2018", " SENIN,  9\tAPR 2018 ", "Rp 1.500.000,-", "\x0b750\x1cRibu\x1f", "a\r\nb", ""],
        [f"x{c}y{c}" for c in ASCII_EDGES] + [f"{c}Z" for c in ASCII_EDGES],
        ["9\u3000April 2018", "Ｒｐ１", "\u200b12", "É"],  # not ASCII: the vectorised reading
        [],
    ],
)
def test_lowering_small_ascii_text_matches_the_vectorised_reading(values):
    column = cells(values)
    pd.testing.assert_series_equal(parse._lower(column), parse._lower_vectorised(column))


DATE_TEXT = [
    "9 april 2018",
    "senin, 9 april 2018",
    "jumat 9 agt. 18",
    "09/04/2018",
    "9-4-18",
    "9.4.2018 10:30",
    "2018-04-09",
    "2018/4/9 t10",
    "april 9, 2018",
    "9 cikedong 2018",
    "31/02/2018",
    "9 april",
    "0/0/0",
    "99/99/99",
    "minggu,",
    "",
    "x",
]


@pytest.mark.parametrize("texts", [DATE_TEXT, [], ["9\u0660 april 2018"]])
def test_small_ascii_date_text_reads_as_the_vectorised_reading(texts):
    text = pd.Series(texts, dtype="string", index=pd.RangeIndex(len(texts)) + 3)
    small, short = parse._dates_from_small_ascii(text, TODAY)
    if not all(t.isascii() for t in texts):
        assert small is None
        return
    rest = text.str.replace(rf"^{parse._WEEKDAYS}[, ]+", "", regex=True)
    expected, expected_short = parse._dates_from_text(rest, TODAY)
    pd.testing.assert_series_equal(small, expected)
    pd.testing.assert_series_equal(short, expected_short)


NUMBER_TEXT = [
    "Rp 1.500.000",
    "rp1.500.000,-",
    "RP. 1,500,000.00",
    "IDR 2.500",
    "1.500.000,00",
    "1,5 juta",
    "Rp1,5jt",
    "750 ribu",
    "750rb.",
    "2,5 M",
    "1.5 t",
    "12,000",
    "12,000 rb",
    "1.50",
    "100.5",
    "1000.5",
    "-250.000",
    "- 5",
    "5 rupiah",
    "5rp",
    "25 tahun",
    "25 thn.",
    "3 orang",
    "12 hari",
    "7 peserta",
    "1.2.3",
    "1,2,3",
    "1.234,5",
    "1,234.5",
    "12 kambing",
    "0001",
    "1234567890123456789",
    "9" * 40,
    "abc",
    "",
    " ",
    "\x0b12\x1c",
    "1\n000",
]


@pytest.mark.parametrize(
    ("fast", "vectorised"),
    [
        (parse.parse_money, parse._parse_money_vectorised),
        (parse.parse_whole, parse._parse_whole_vectorised),
    ],
    ids=["money", "whole"],
)
@pytest.mark.parametrize(
    "values",
    [
        NUMBER_TEXT,
        NUMBER_TEXT + [12, 1.5, 1500.25, 2.0, -3, 10**20, 1e20, float("inf"), np.float64(7.5), None],
        [np.float64("nan"), 2**53 + 1, 5],
        MIXED,
        ["Ｒｐ１", "1\u00a0000", "12"],  # not ASCII: the vectorised reading
        [None, None],
        [],
    ],
)
def test_numbers_read_one_cell_at_a_time_match_the_vectorised_reading(fast, vectorised, values):
    column = cells(values)
    assert_same(fast(column), vectorised(column))


def test_the_one_cell_at_a_time_reading_is_taken_for_ascii_text_and_numbers():
    # Else the test above compares the vectorised reading with itself.
    column = cells(NUMBER_TEXT[:30] + [12, 1.5, None])
    assert parse._small_numbers(column, parse._money_cell) is not None
    assert parse._small_numbers(column, parse._whole_cell) is not None
    assert parse._small_numbers(cells(["Ｒｐ１"]), parse._money_cell) is None
    assert parse._small_numbers(cells([True, 1]), parse._whole_cell) is None


_PIECES = st.sampled_from(
    ["1", "0", "5", "9", "12", "000", ".", ",", "-", ",-", " ", "rp", "Rp.", "idr", "jt", "ribu", "rb", "m"]
    + ["t", "k", "juta", "tahun", "th.", "orang", "hari", "x", "\t", "\x1c", "\u00a0"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=7).map("".join), max_size=12))
def test_any_number_text_reads_one_cell_at_a_time_as_vectorised(texts):
    column = cells(texts)
    assert_same(parse.parse_money(column), parse._parse_money_vectorised(column))
    assert_same(parse.parse_whole(column), parse._parse_whole_vectorised(column))


SERIALS = [43199, 43199.0, 43199.75, "43199", "43199.5", 1900, 2018, 2100, 2101, 1899.5, 0, -5, 1e6, -1e6]
SERIALS += [
    1999999,
    2_000_000,
    -1999999.5,
    1e20,
    float("inf"),
    np.float64(43000),
    np.float64("nan"),
    "0043199",
]
SERIALS += ["1" * 20, 2**53 + 1, None]


@pytest.mark.parametrize(
    "values",
    [
        DATE_TEXT,
        [t.upper() for t in DATE_TEXT] + ["Senin, 09/04/2018", " 9  APRIL\t2018 ", "\x0b9/4/18\x1c"],
        SERIALS,
        DATE_TEXT + SERIALS,
        ["31/12/99", "1/1/00", "29/02/2019", "29/02/2020", "0/1/2018", "1/13/2018", "1/1/0000", "9/4/1899"],
        ["9\u0660 april 2018", "1/1/2018"],  # not ASCII: the vectorised reading
        [dt.date(2018, 4, 9), "1/1/2018"],  # a date cell: the vectorised reading
        MIXED,
        [None, None],
        [],
    ],
)
@pytest.mark.parametrize("read_on", [TODAY, dt.date(2030, 1, 1)])
def test_dates_read_one_cell_at_a_time_match_the_vectorised_reading(values, read_on):
    column = cells(values)
    assert_same(parse.parse_dates(column, read_on), parse._parse_dates_vectorised(column, read_on))


def test_the_one_cell_at_a_time_date_reading_is_taken_for_serials_and_ascii_text():
    assert parse._small_dates(cells(DATE_TEXT + SERIALS[:-3]), TODAY) is not None
    assert parse._small_dates(cells([dt.date(2018, 4, 9)]), TODAY) is None


YES_NO = [
    "Ya",
    " TIDAK ",
    "y",
    "T",
    "yes",
    "No",
    "true",
    "FALSE",
    "benar",
    "salah",
    "iya",
    "1",
    "0",
    "v",
    "x",
]
YES_NO += [
    "ok",
    "sudah",
    "belum",
    "gak",
    "nggak",
    "tdk",
    "maybe",
    "",
    " ",
    "ya\tya",
    "\x0bya\x1c",
    True,
    False,
]
YES_NO += [
    np.bool_(True),
    1,
    0,
    2,
    1.0,
    0.0,
    2.5,
    float("inf"),
    float("nan"),
    np.float64(1),
    np.int64(0),
    None,
]


@pytest.mark.parametrize("values", [YES_NO, ["✓", "ya"], [dt.date(2018, 4, 9), "ya"], MIXED, [None], []])
def test_yes_no_read_one_cell_at_a_time_matches_the_vectorised_reading(values):
    column = cells(values)
    assert_same(parse.parse_yes_no(column), parse._parse_yes_no_vectorised(column))


def test_the_one_cell_at_a_time_yes_no_reading_is_taken_for_checkboxes_numbers_and_ascii_text():
    assert parse._small_yes_no(cells(YES_NO)) is not None
    assert parse._small_yes_no(cells(["✓"])) is None
