"""Safe downloads and identity data: formulas neutralised in staff downloads, NIKs masked.

What the public may see is decided elsewhere: `sheets.release` builds the public figures and
`sheets.disclosure` suppresses them as one system.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# --------------------------------------------------------------------------- safe downloads


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading `'` (CSV/XLSX injection)."""
    out = frame.copy()
    for col in out.columns:
        values = out[col]
        if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
            text = values.astype("string")
            risky = text.str.startswith(FORMULA_PREFIXES).fillna(False)
            out[col] = values.astype(object).where(~risky, "'" + text)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV that Excel opens correctly (UTF-8 with a byte-order mark), formulas neutralised."""
    buffer = io.StringIO()
    # CRLF line ends (as Excel writes them) also make the writer quote cells holding a bare CR.
    neutralise_formulas(frame).to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "Data") -> bytes:
    """An .xlsx of `frame`: text cells stored as text, dates as dates, widths set, a filter on the header.

    Text is written as a string cell (`data_type` "s"), so `=HYPERLINK(...)` is shown as
    typed and never runs, without the CSV's guarding apostrophe inside the value.
    """
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()
    ws = book.active
    assert isinstance(ws, Worksheet)  # a new workbook has one sheet, active
    ws.title = sheet[:31]
    headers = [str(c) for c in frame.columns]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"
    widths = [len(h) for h in headers]
    for r, row in enumerate(frame.itertuples(index=False), start=2):
        for c, value in enumerate(row, start=1):
            if (
                value is None
                or value is pd.NA
                or value is pd.NaT
                or (isinstance(value, float) and math.isnan(value))
            ):
                continue
            if isinstance(value, pd.Timestamp):
                value = value.tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
            if hasattr(value, "item") and not isinstance(value, (str, bytes)):
                value = value.item()  # numpy scalars
            is_text = not isinstance(value, (int, float, dt.date, dt.datetime))  # bool is an int
            if is_text:
                value = ILLEGAL_CHARACTERS_RE.sub("", str(value))  # control characters Excel refuses
            cell = ws.cell(r, c, value)
            if is_text:
                cell.data_type = "s"  # never a formula, whatever it starts with
                shown = max((len(line) for line in value.splitlines()), default=0)
            elif isinstance(value, (dt.date, dt.datetime)):
                cell.number_format = (
                    "dd/mm/yyyy hh:mm"
                    if isinstance(value, dt.datetime) and (value.hour or value.minute)
                    else "dd/mm/yyyy"
                )
                shown = 16
            else:
                shown = len(f"{value:,}") if not isinstance(value, bool) else 5
            widths[c - 1] = max(widths[c - 1], shown)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(60, max(8, width + 2))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(max(len(headers), 1))}{max(len(frame) + 1, 1)}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- identity data


def mask_nik(nik: object) -> str:
    """A NIK with every digit but the last four hidden (`************1234`); '' when there is none."""
    if nik is None or (isinstance(nik, float) and math.isnan(nik)) or nik is pd.NA:
        return ""
    text = "".join(ch for ch in str(nik) if not ch.isspace())
    return "*" * max(len(text) - 4, 0) + text[-4:]


def _blank_as_missing(text: pd.Series) -> pd.Series:
    return text.mask(text.eq(""))


def identity_for_worklist(identity: pd.DataFrame) -> pd.DataFrame:
    """Name, masked NIK and phone per survivor: the only identity fields staff see, in the worklist only."""
    return pd.DataFrame(
        {
            "survivor_id": identity["survivor_id"],
            "full_name": identity["full_name"],
            "nik": _blank_as_missing(identity["nik"].map(mask_nik).astype("string")),
            "phone": identity["phone"],
        }
    ).drop_duplicates("survivor_id")


def mask_identity_issues(issues: pd.DataFrame) -> pd.DataFrame:
    """Issues of the identity tab with their raw values hidden (a NIK keeps its last four digits).

    Issues carry parameters, not sentences (`sheets.issues`), so the values are masked
    where they are kept: the `value` column and what a message shows instead of it.
    Every message rendered afterwards (`sheets.messages`) quotes the masked value.
    """
    from sheets.schema import IDENTITAS  # local: privacy's public tables do not need the schema

    is_identity = issues["tab"].eq(IDENTITAS.name)
    if not is_identity.any():
        return issues
    out = issues.copy()
    nik = is_identity & issues["column"].eq(IDENTITAS.column("nik").header)
    out.loc[nik, "value"] = issues.loc[nik, "value"].map(mask_nik)
    # A survivor ID (a pseudonymous code every staff page shows) stays, in the value and so in the message:
    # "'KPO-9999' does not exist" says what to fix. Anything else typed there (a name) is hidden.
    code = issues["value"].astype("string").str.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._/-]*").fillna(
        False
    ) & issues["value"].astype("string").str.contains(r"\d").fillna(False)
    is_id = is_identity & issues["column"].eq(IDENTITAS.column("survivor_id").header) & code
    others = is_identity & ~nik & ~is_id
    out.loc[others, "value"] = "•••"
    # What a message shows instead of the value (a formatted cell) is the cell too: masked alike.
    hidden = is_identity & ~is_id
    out.loc[hidden, "params"] = [
        _mask_shown(params, nik_column)
        for params, nik_column in zip(issues.loc[hidden, "params"], nik[hidden])
    ]
    return out


def _mask_shown(params: str, nik: bool) -> str:
    import json

    from sheets.messages import issue_params

    found = issue_params(params)
    if "shown" not in found:
        return params
    found["shown"] = mask_nik(found["shown"]) if nik else "•••"
    return json.dumps(found, ensure_ascii=False, sort_keys=True)
