"""Where the figures come from: one cached read, validated once and shared by every session.

The source is derived from configuration (`source_spec`): the embedded demo
workbook by default, a local workbook or CSV folder when `PULIH_WORKBOOK` names
one. `load_raw` is the only function that knows how to read a source, so a new
source (the live Google Sheet) is one more branch there and one more spec kind.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from sheets.metrics import Dataset, Filters
from sheets.raw import RawWorkbook
from sheets.sources import SourceError, read_workbook
from sheets.validate import Report, validate
from ui import i18n

ENV_WORKBOOK = "PULIH_WORKBOOK"
TTL_SECONDS = 60

__all__ = ["Loaded", "SourceError", "SourceSpec", "clear", "filtered", "load", "load_raw", "source_spec",
           "today"]


@dataclass(frozen=True)
class SourceSpec:
    """What to read: `demo`, or `file` with a workbook/CSV-folder path in `location`."""

    kind: str
    location: str = ""

    def label(self, lang: str) -> str:
        """How the sidebar names the source."""
        if self.kind == "demo":
            return i18n.t("source.demo", lang)
        return Path(self.location).name or self.location


@dataclass(frozen=True)
class Loaded:
    """One validated read: the report (issues, accounting) and the joined dataset."""

    report: Report
    dataset: Dataset


def source_spec(environ: Mapping[str, str] = os.environ) -> SourceSpec:
    """The source named by configuration: a local file/folder in PULIH_WORKBOOK, else the demo."""
    location = environ.get(ENV_WORKBOOK, "").strip()
    return SourceSpec("file", location) if location else SourceSpec("demo")


def today() -> dt.date:
    """Today's date in Indramayu (WIB), whatever the server's clock zone."""
    return dt.datetime.now(i18n.WIB).date()


def load_raw(spec: SourceSpec, as_of_today: dt.date) -> RawWorkbook:
    """Read the raw rows of `spec`; raises SourceError with a one-line reason when it cannot."""
    if spec.kind == "demo":
        from sheets.demo import build_demo  # the demo generator is only needed without a real source

        # The demo is "read" when it is built; its own timestamp is fixed for reproducibility.
        return dataclasses.replace(build_demo(as_of_today), read_at=dt.datetime.now(dt.timezone.utc))
    if spec.kind == "file":
        return read_workbook(spec.location)
    raise ValueError(f"unknown source kind {spec.kind!r}")


@st.cache_data(ttl=TTL_SECONDS, max_entries=4, show_spinner="Membaca data… / Reading data…")
def load(spec: SourceSpec, as_of_today: dt.date) -> Loaded:
    """Read and validate `spec` once per minute for all sessions (the date keys the demo and date rules)."""
    raw = load_raw(spec, as_of_today)
    report = validate(raw, as_of_today)
    return Loaded(report, Dataset.from_report(report))


@st.cache_data(ttl=TTL_SECONDS, max_entries=64, show_spinner=False)
def filtered(spec: SourceSpec, as_of_today: dt.date, read_at: dt.datetime | None,
             filters: Filters) -> Dataset:
    """The dataset seen through `filters`, cached per filter choice (`read_at` ties it to one read)."""
    return load(spec, as_of_today).dataset.filtered(filters)


def clear() -> None:
    """Forget every cached read, so the next run reads the source again."""
    load.clear()
    filtered.clear()
