"""Table operations on pandas columns, through Arrow where pandas is slow.

pandas 3 keeps text in Arrow arrays, but several of its lookups (`isin`,
`get_indexer`, `reindex`, `factorize`) still go through Python objects one value at
a time. These helpers give the same answers as the pandas calls they name, using
Arrow's compute kernels when both sides hold Arrow-backed text. Parsing
(`sheets.parse`), validation and the metrics all use them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, cast, overload

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.pandas_compat  # loaded by `pa.array(..., from_pandas=True)` on first use: at start, not in a read
from pandas.api.extensions import take


def is_arrow_text(dtype: object) -> bool:
    """Whether `dtype` is pandas' Arrow-backed string dtype."""
    return isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"


def arrow_array(values: pd.Series | pd.Index) -> pa.Array:
    """The Arrow array behind Arrow-backed text, in one chunk (no copy when it already is)."""
    return _one_chunk(pa.array(values.array))


def _one_chunk(data: pa.Array | pa.ChunkedArray) -> pa.Array:
    return data.combine_chunks() if isinstance(data, pa.ChunkedArray) else data


def is_missing(value: object) -> bool:
    """`pd.isna` for one cell of any type: None, NaN, NA and NaT (a cell holding a list holds something)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, (float, np.floating)):
        return bool(np.isnan(value))
    if isinstance(value, (np.datetime64, np.timedelta64)):
        return bool(np.isnat(value))
    return False


def arrow_text(text: pa.Array, index: pd.Index | None = None, name: Hashable = None) -> pd.Series:
    """Arrow text (string or large_string) as a pandas text column, without a copy."""
    # pandas-stubs types ArrowStringArray's argument as string arrays only; large_string is what pandas uses.
    return pd.Series(pd.arrays.ArrowStringArray(text), index=index, name=name)  # type: ignore[arg-type]


@overload
def lookup(keys: pd.Series, mapping: pd.Series) -> pd.Series: ...


@overload
def lookup(keys: pd.Series, mapping: pd.DataFrame) -> pd.DataFrame: ...


def lookup(keys: pd.Series, mapping: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """`keys.map(mapping)` that keeps `mapping`'s dtype and works when `mapping` is empty.

    (pandas' `Series.map` with an empty Series casts through float64 and fails on dates.)
    A DataFrame `mapping` looks every column up at once, finding the keys only once.
    """
    at = positions(keys, mapping.index) if is_unique(mapping.index) else None
    if isinstance(mapping, pd.DataFrame):
        return pd.DataFrame(
            {name: _looked_up(keys, mapping[name], at) for name in mapping.columns}, index=keys.index
        )
    return _looked_up(keys, mapping, at)


def _looked_up(keys: pd.Series, mapping: pd.Series, at: np.ndarray | None) -> pd.Series:
    if at is not None:
        # What reindexing by label gives (-1: missing, the dtype widened as reindex widens it), but
        # the labels were found by `positions` and the values are taken by position, no index built.
        values = take(mapping.array, at, allow_fill=True)
    else:
        values = mapping.reindex(keys.to_numpy()).array  # raises, as pandas does for duplicate labels
    out = pd.Series(values, index=keys.index, name=mapping.name)
    if mapping.dtype.kind == "M" or isinstance(mapping.dtype, pd.StringDtype):
        out = out.astype(mapping.dtype)
    return out


def is_unique(index: pd.Index) -> bool:
    """`index.is_unique`, counted by Arrow for text (pandas hashes every label as a Python object)."""
    if is_arrow_text(index.dtype):
        labels = arrow_array(index)
        return bool(pc.count_distinct(labels, mode="all").as_py() == len(labels))
    return bool(index.is_unique)


def positions(values: pd.Series | pd.Index, keys: pd.Index) -> np.ndarray:
    """Where each of `values` stands in `keys` (unique), -1 where absent: `keys.get_indexer(values)`.

    pandas 3 keeps text in Arrow arrays but `isin`, `get_indexer` and `reindex`
    look text keys up through Python objects, about 1 µs per value against a
    large key set; Arrow's own hash lookup is a hundred times faster.
    """
    if is_arrow_text(values.dtype) and is_arrow_text(keys.dtype):
        found = pc.index_in(arrow_array(values), value_set=arrow_array(keys))
        return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.intp)
    return keys.get_indexer(pd.Index(values, copy=False))


def factorize(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes per value (-1 where missing) and the distinct values: `pd.factorize`, by Arrow for text."""
    if is_arrow_text(values.dtype):
        encoded = pc.dictionary_encode(arrow_array(values))  # pandas' own path is 4x slower
        assert isinstance(encoded, pa.DictionaryArray)
        codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.intp)
        return codes, arrow_text(encoded.dictionary)
    codes, uniques = pd.factorize(values)
    return codes, pd.Series(uniques)


def per_distinct(values: pd.Series, function: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`function(values)` for an elementwise `function`, computed once per distinct value."""
    codes, uniques = factorize(values)
    result = function(uniques)
    return pd.Series(result.array.take(codes, allow_fill=True), index=values.index, name=values.name)


def first_of_group(keys: list[pd.Series], where: np.ndarray) -> np.ndarray:
    """Per row in `where` with every key present, the position of the first such row with equal keys; else -1.

    What `duplicated(keep="first")` and `groupby(keys).transform("first")` need,
    from one factorisation per key instead of hashing text keys as Python objects.
    """
    codes = np.zeros(len(where), dtype=np.int64)
    for key in keys:
        key_codes, uniques = factorize(key)
        where = where & (key_codes >= 0)
        codes, _ = pd.factorize(codes * (len(uniques) + 1) + key_codes)  # the combination, kept small
    first = np.full(len(where), -1, dtype=np.int64)
    taking_part = np.flatnonzero(where)
    groups, first_index = np.unique(codes[taking_part], return_index=True)  # first occurrence of each group
    first[taking_part] = taking_part[first_index[np.searchsorted(groups, codes[taking_part])]]
    return first


def isin(values: pd.Series, keys: pd.Series | pd.Index) -> pd.Series:
    """`values.isin(keys)`, through Arrow when both hold text (see `positions`)."""
    if is_arrow_text(values.dtype) and is_arrow_text(keys.dtype):
        found = pc.is_in(arrow_array(values), value_set=arrow_array(keys))
        return pd.Series(np.asarray(found.fill_null(False), dtype=bool), index=values.index, name=values.name)
    return values.isin(keys)


def join_text(
    parts: Sequence[pd.api.extensions.ExtensionArray], separator: str
) -> pd.api.extensions.ExtensionArray:
    """`parts[0] + separator + parts[1] + ...` for text columns without missing values, through Arrow.

    As pandas' default `str` text (what a column of Python strings becomes), without making them.
    """
    # (pyarrow's stubs know neither an ExtensionArray's `__arrow_array__` nor a variadic join.)
    arrays: list[Any] = [_one_chunk(pa.array(cast(Any, part))).cast(pa.large_string()) for part in parts]
    join: Any = pc.binary_join_element_wise
    joined = arrays[0] if len(arrays) == 1 else join(*arrays, pa.scalar(separator, pa.large_string()))
    return pd.array(joined, dtype="str")


def whole_years(born: pd.Series, on: pd.Series) -> pd.Series:
    """Whole years between two date columns, e.g. age at identification (NA where either is missing)."""
    if isinstance(born.dtype, np.dtype) and born.dtype.kind == "M" and on.dtype == born.dtype:
        # Each date as the number YYYYMMDD: the difference's ten-thousands are the whole years,
        # a birthday not yet reached that year borrowing one (as the calendar reading below does).
        first, second = _calendar_number(born.to_numpy()), _calendar_number(on.to_numpy())
        missing = np.isnat(born.to_numpy()) | np.isnat(on.to_numpy())
        years = pd.array(np.floor_divide(second - first, 10_000), dtype="Int64")
        years[missing] = pd.NA
        return pd.Series(years, index=on.index, name=on.name if on.name == born.name else None)
    years = on.dt.year - born.dt.year
    before_birthday = (on.dt.month < born.dt.month) | (
        (on.dt.month == born.dt.month) & (on.dt.day < born.dt.day)
    )
    return (years - before_birthday.astype("Int64")).astype("Int64")


def _calendar_number(dates: np.ndarray) -> np.ndarray:
    """Each datetime64 as the whole number YYYYMMDD (anything for NaT: the caller masks it)."""
    days = dates.astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    years = months.astype("datetime64[Y]")
    year = years.astype(np.int64) + 1970
    month = (months - years.astype("datetime64[M]")).astype(np.int64) + 1
    day = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year * 10_000 + month * 100 + day
