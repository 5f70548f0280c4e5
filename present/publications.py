"""Frozen publications of the public figures: publishing one, listing them, and what changed since (pure).

A publication freezes the suppressed release of one recorded read under a label, with its
exports in both languages, so the public page, the PowerPoint and the PDF of `2026-11` are
the same next year whatever the sheet says by then. Each one is suppressed against the
previous publication (`sheets.release.build_release(previous=...)`), so the difference of
two publications reveals no hidden count. Nothing here calls Streamlit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from present import exports, i18n, public
from sheets import release as releases
from sheets.history import History, Publication
from sheets.metrics import Dataset

LANGS = ("id", "en")


def publish(
    history: History,
    read_id: int,
    dataset: Dataset,
    as_of: dt.date,
    k: int,
    label: str,
    who: str,
    source_labels: Mapping[str, str],
    office: str = releases.OFFICE,
    office_code: str = releases.OFFICE_CODE,
) -> tuple[Publication, str | None]:
    """Suppress, render every export in both languages and freeze them under `label`, as `office`'s
    figures (`releases.office_title`, its Kemendagri code).

    Returns the publication and, when chart images could not be drawn, why (the HTML is kept).
    """
    frozen = releases.build_release(
        dataset, as_of, k, history.latest_cells(read_id), office=office, office_code=office_code
    )
    files: dict[str, tuple[str, str, bytes]] = {}
    problem = None
    for lang in LANGS:
        report = public.present(frozen, lang, source_labels, None)
        made, problem = exports.prepare_downloads(report, lang)
        for item in made:
            files[f"{item.kind}-{lang}"] = (item.file_name, item.mime, item.data)
    return history.publish(label, read_id, frozen, who, files), problem


def report_of(
    found: Publication, lang: str, source_labels: Mapping[str, str], office: str = public.OFFICE
) -> public.PublicReport:
    """A publication as the public page shows it: exactly the figures that were frozen, named as they were
    frozen (`office` only for publications frozen before they named their office)."""
    frozen = releases.Release.from_json(found.release)
    return public.present(frozen, lang, source_labels, None, office=found.release.get("office") or office)


def files_of(found: Publication, lang: str) -> list[exports.Download]:
    """The frozen exports of a publication in `lang` (the bytes made when it was published)."""
    out = []
    for kind in ("pptx", "pdf", "html", "zip"):
        stored = found.files.get(f"{kind}-{lang}")
        if stored is not None:
            name, mime, data = stored
            out.append(exports.Download(kind, data, name, mime))
    return out


def publications_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every publication: label, the date its figures describe, when and by whom."""
    return pd.DataFrame(
        {
            i18n.t("publications.col.label", lang): list(frame["label"]),
            i18n.t("publications.col.as_of", lang): [i18n.date(d, lang) for d in frame["as_of"]],
            i18n.t("publications.col.created", lang): [i18n.moment(t, lang) for t in frame["created_at"]],
            i18n.t("publications.col.by", lang): list(frame["created_by"]),
        }
    )


def revisions_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The published figures that today's data gives differently ("2023: published 25, now 27")."""

    def row_label(table: str, row: str) -> str:
        return i18n.t("publications.headline", lang) if table == "headline" else row

    return pd.DataFrame(
        {
            i18n.t("publications.col.where", lang): [
                row_label(t, r) for t, r in zip(frame["table"], frame["row"])
            ],
            i18n.t("publications.col.figure", lang): [
                i18n.t(
                    f"publications.figure.{c}"
                    + ("_year" if t == "by_year" and c in ("known", "rehabilitated") else ""),
                    lang,
                )
                for t, c in zip(frame["table"], frame["column"])
            ],
            i18n.t("publications.col.published", lang): [i18n.number(v, lang) for v in frame["published"]],
            i18n.t("publications.col.now", lang): [i18n.number(v, lang) for v in frame["now"]],
        }
    )


def revisions(found: Publication, dataset: Dataset) -> pd.DataFrame:
    """What today's data would publish differently for `found`'s date (exact: staff and leadership only)."""
    return releases.revisions(found.release, dataset)
