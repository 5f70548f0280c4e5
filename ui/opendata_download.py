"""The public page's open-data download: the release's tables as CSV with metadata, in one ZIP.

The tables are read off the report's own release (`sheets.opendata.tables`), the cells the
page shows, so the download can hide nothing differently from the page.
"""

from __future__ import annotations

import json

import streamlit as st

from sheets import opendata
from ui import config, i18n
from ui.public import PublicReport


@st.cache_data(max_entries=8, show_spinner=False)
def _zip(published: str, contact: str) -> bytes:
    # Keyed by the published cells themselves: one ZIP per release, shared by every viewer.
    return opendata.to_zip(opendata.tables(json.loads(published), contact=contact))


def button(report: PublicReport, lang: str) -> None:
    """A download button for the open-data ZIP of what `report` publishes."""
    published = report.release.to_json()
    data = _zip(json.dumps(published, sort_keys=True, default=str), config.settings().office.contact)
    st.download_button(i18n.t("public.download.opendata", lang), data, file_name=opendata.file_name(published),
                       mime="application/zip", icon=":material/table_view:", on_click="ignore",
                       help=i18n.t("public.download.opendata_help", lang), key="dl_opendata")
