"""Safe downloads and identity data: formulas neutralised in staff downloads, NIKs masked.

What the public may see is decided elsewhere: `sheets.release` builds the public figures and
`sheets.disclosure` suppresses them as one system.
"""

from __future__ import annotations

import csv
import io

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
    """An .xlsx with formulas neutralised, written by openpyxl."""
    buffer = io.BytesIO()
    safe = neutralise_formulas(frame)
    for col in safe.columns:  # openpyxl cannot write timezone-aware or pandas NA values
        if safe[col].dtype.kind == "M":
            safe[col] = safe[col].dt.tz_localize(None) if getattr(safe[col].dt, "tz", None) else safe[col]
    safe = safe.astype(object).where(safe.notna(), None)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


# --------------------------------------------------------------------------- identity data


def mask_nik(nik: object) -> str:
    """A NIK with every digit but the last four hidden (`************1234`); '' when there is none."""
    if nik is None or (isinstance(nik, float) and nik != nik) or nik is pd.NA:
        return ""
    text = "".join(ch for ch in str(nik) if not ch.isspace())
    return "*" * max(len(text) - 4, 0) + text[-4:]


def identity_for_worklist(identity: pd.DataFrame) -> pd.DataFrame:
    """Name, masked NIK and phone per survivor: the only identity fields staff see, in the worklist only."""
    return pd.DataFrame({
        "survivor_id": identity["survivor_id"],
        "full_name": identity["full_name"],
        "nik": identity["nik"].map(mask_nik).astype("string").replace("", pd.NA),
        "phone": identity["phone"],
    }).drop_duplicates("survivor_id")


def mask_identity_issues(issues: pd.DataFrame) -> pd.DataFrame:
    """Issues of the identity tab with their raw values hidden (a NIK keeps its last four digits)."""
    from sheets.schema import IDENTITAS  # local: privacy's public tables do not need the schema

    is_identity = issues["tab"].eq(IDENTITAS.name)
    if not is_identity.any():
        return issues
    out = issues.copy()
    nik = is_identity & issues["column"].eq(IDENTITAS.column("nik").header)
    out.loc[nik, "value"] = issues.loc[nik, "value"].map(mask_nik)
    # A survivor ID (a pseudonymous code every staff page shows) stays, in the value and the message:
    # "'KPO-9999' does not exist" says what to fix. Anything else typed there (a name) is hidden.
    code = issues["value"].astype("string").str.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._/-]*").fillna(False) & \
        issues["value"].astype("string").str.contains(r"\d").fillna(False)
    is_id = is_identity & issues["column"].eq(IDENTITAS.column("survivor_id").header) & code
    others = is_identity & ~nik & ~is_id
    out.loc[others, "value"] = "•••"
    quoting = is_identity & ~is_id
    for message in ("message_id", "message_en"):
        out.loc[quoting, message] = out.loc[quoting, message].str.replace(r"'[^']*'", "'•••'", regex=True)
    return out
