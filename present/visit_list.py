"""A printable visit list for one officer (pure: worklist rows in, PDF bytes out; staff only).

Names and masked NIKs appear only when the identity spreadsheet is configured and passed in
(`people`: `sheets.privacy.identity_for_worklist`, the NIK already masked to its last four
digits); without it the list holds survivor IDs only, as the main spreadsheet does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from present import i18n
from sheets import pdf as pdf_fonts

PDF_MIME = "application/pdf"


def visit_list_pdf(
    work: pd.DataFrame, officer: str, as_of: dt.date, lang: str, people: pd.DataFrame | None = None
) -> bytes:
    """An A4 list of the officer's due and overdue checkpoints, most overdue first, with room for notes."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(orientation="landscape", format="A4")
    family, clean = pdf_fonts.use_fonts(pdf)
    title = i18n.t("visit.list_title", lang, officer=officer)
    pdf.set_title(clean(title))
    pdf.set_creator("Pulih")
    pdf.add_page()
    pdf.set_font(family, "B", 16)
    pdf.multi_cell(0, 8, clean(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    pdf.multi_cell(
        0,
        6,
        clean(i18n.t("visit.list_intro", lang, date=i18n.date(as_of, lang), n=i18n.number(len(work), lang))),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    rows = work.reset_index(drop=True)
    columns: list[tuple[str, str | None]] = [("survivor_id", "Korban")]
    if people is not None:
        rows = rows.merge(people[["survivor_id", "full_name", "nik"]], on="survivor_id", how="left")
        columns += [("full_name", "Identitas"), ("nik", "Identitas")]
    columns += [
        ("district", "Korban"),
        ("checkpoint", None),
        ("due_on", None),
        ("state", None),
        ("last_visit", None),
    ]
    headers = [i18n.column_label(key, lang, tab) for key, tab in columns] + [i18n.t("visit.list_notes", lang)]

    def text(row: pd.Series, key: str) -> str:
        value: Any = row.get(key)
        if i18n.is_missing(value):
            return "–"
        if key == "checkpoint":
            return i18n.t("fig.months", lang, n=int(value))
        if key == "state":
            return i18n.t(f"value.state.{value}", lang)
        if key in ("due_on", "last_visit"):
            return i18n.date(value, lang, "d MMM y")
        return str(value)

    pdf.set_font(family, "", 9)
    with pdf.table(headings_style=FontFace(emphasis="BOLD"), line_height=6, text_align="LEFT") as table:
        heading = table.row()
        for label in headers:
            heading.cell(clean(label))
        for _, row in rows.iterrows():
            line = table.row()
            for key, _tab in columns:
                line.cell(clean(text(row, key)))
            line.cell("")
    return bytes(pdf.output())
