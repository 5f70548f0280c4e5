"""The public page's open-data download: the release's tables as CSV with metadata, in one ZIP.

The tables are read off the report's own release (`sheets.opendata.tables`), the cells the
page shows, so the download can hide nothing differently from the page. The ZIP is made only
when someone clicks (Streamlit runs the callable then), so a rerun of the page builds nothing.
"""

from __future__ import annotations

import functools
import json

import streamlit as st

from present import i18n
from present.public import PublicReport
from sheets import opendata
from ui import config


@functools.lru_cache(maxsize=8)
def _zip(published: str, contact: str) -> bytes:
    # Keyed by the published cells themselves: one ZIP per release, shared by every viewer.
    return opendata.to_zip(opendata.tables(json.loads(published), contact=contact))


def zip_of(report: PublicReport, contact: str = "") -> bytes:
    """The open-data ZIP of what `report` publishes."""
    return _zip(json.dumps(report.release.to_json(), sort_keys=True, default=str), contact)


def button(report: PublicReport, lang: str) -> None:
    """A download button for the open-data ZIP of what `report` publishes (made on click)."""
    contact = config.settings().office.contact
    st.download_button(
        i18n.t("public.download.opendata", lang),
        lambda: zip_of(report, contact),
        file_name=opendata.file_name({"as_of": report.as_of.isoformat()}),
        mime="application/zip",
        icon=":material/table_view:",
        on_click="ignore",
        help=i18n.t("public.download.opendata_help", lang),
        key="dl_opendata",
    )
