"""Each office's figures for the province table, computed once where the read is validated and kept.

The province page puts every office's figures side by side (known, rehabilitated, pace, rows not
counted, errors). Computing them means validating each office's read; the sync worker validates
every read it records anyway, so it keeps these figures in the history store (`office_figures`)
for the day it computed them, and again once a day for a read that did not change. The app then
shows the province table from one query instead of validating 27 reads, and validates only an
office whose figures for today are missing (`sheets.province.office_summaries`).

The figures of a read depend on the day (the pace counts the years left), on the office's kecamatan
list and on the rules: `figures_key` names the last two, `VERSION` changes with the rules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from sheets import metrics
from sheets.store import office_figures

VERSION = 1  # bump when a rule or a figure's definition changes: older figures are then ignored
FIELDS = (
    "known",
    "rehabilitated",
    "coverage",
    "waiting",
    "per_year",
    "needed_per_year",
    "target_year",
    "on_track",
    "pace_reached",
    "rows_excluded",
    "errors",
)


def figures_of(report: Any, dataset: metrics.Dataset, as_of: dt.date) -> dict[str, Any]:
    """The province table's figures of one validated read as of `as_of` (plain JSON values, `FIELDS`)."""
    known, rehab = metrics.known(dataset, as_of), metrics.rehabilitated(dataset, as_of)
    pace = metrics.pace(dataset, as_of)
    needed = pace.needed_per_year
    return {
        "known": int(known),
        "rehabilitated": int(rehab),
        "coverage": metrics.share(rehab, known),
        "waiting": int(known - rehab),
        "per_year": float(pace.per_year),
        "needed_per_year": int(needed) if needed is not None else None,
        "target_year": int(pace.target_year) if pace.target_year is not None else None,
        "on_track": bool(pace.on_track) if needed is not None else None,
        # The share of the needed pace reached: comparable between small and large offices.
        "pace_reached": float(pace.per_year / needed) if needed else None,
        "rows_excluded": int(report.accounting()["rows_excluded"].sum()),
        "errors": int(report.issues["severity"].eq("error").sum()),
    }


def figures_key(districts: Sequence[tuple[str, str]] | None) -> str:
    """What the figures depend on besides the read and the day: the rules' version, the kecamatan list."""
    text = json.dumps([VERSION, [list(d) for d in districts] if districts is not None else None])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def keep(db: sa.Connection, read_id: int, as_of: dt.date, key: str, figures: Mapping[str, Any]) -> None:
    """Store the figures of read `read_id` as of `as_of` (once: a second call changes nothing)."""
    found = db.execute(
        sa.select(office_figures.c.id).where(
            (office_figures.c.read_id == read_id)
            & (office_figures.c.as_of == as_of)
            & (office_figures.c.key == key)
        )
    ).first()
    if found is None:
        db.execute(
            office_figures.insert().values(
                read_id=read_id,
                as_of=as_of,
                key=key,
                figures=json.dumps(dict(figures)),
                computed_at=dt.datetime.now(dt.UTC),
            )
        )


def has(db: sa.Connection, read_id: int, as_of: dt.date, key: str) -> bool:
    return found(db, [read_id], as_of, key).get(read_id) is not None


def found(db: sa.Connection, read_ids: Sequence[int], as_of: dt.date, key: str) -> dict[int, dict[str, Any]]:
    """The kept figures of each of `read_ids` as of `as_of` under `key` (reads without them left out)."""
    if not read_ids:
        return {}
    rows = db.execute(
        sa.select(office_figures.c.read_id, office_figures.c.figures).where(
            office_figures.c.read_id.in_(list(read_ids))
            & (office_figures.c.as_of == as_of)
            & (office_figures.c.key == key)
        )
    ).all()
    return {int(r.read_id): json.loads(r.figures) for r in rows}
