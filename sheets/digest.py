"""The monthly digest for leadership: one page of figures as a PDF, sent by e-mail (aggregates only).

`build` takes the read the digest is about (already recorded in the history store) and the
history, and gathers: the headline figures now and at the comparison read, the pace against
the target (`sheets.metrics.pace`, i.e. `pace_from`, the one definition of the needed pace),
the kecamatan behind, the overdue visits, the data-quality change (issues new and fixed) and
the rows lost from the sheet since then. `to_pdf` draws it on one A4 page, `to_message` wraps
it in an e-mail and `send` hands that to the SMTP server of `[email]`.

The comparison read ("the last digest"): the last read the history recorded on or before the
same day one month earlier; when the history is younger than that, its first read. Its
figures are computed again from its cells with today's rules (`History.raw_of`), as of the
date it was read, so a rule changed since does not show as a change in the data. A digest
needs no record of earlier digests: a digest sent twice in one month compares with the same read.

Nothing here names a person: figures per regency and per kecamatan, counts of issues and of
rows, never a row's cells. Texts come from the message catalogs (`digest.*`), Indonesian by default.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any, cast

import pandas as pd
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from sheets import messages, metrics
from sheets import pdf as pdf_fonts
from sheets.metrics import Dataset, Pace
from sheets.release import OFFICE  # whose digest, when no office list says otherwise
from sheets.settings import EmailSettings

BEHIND_SHOWN = 5  # kecamatan listed as behind, most waiting first
_LOCALE = {"id": "id_ID", "en": "en"}


class DigestError(RuntimeError):
    """The digest cannot be sent (no SMTP host, the server refused): one line saying why."""


@dataclass(frozen=True)
class Figures:
    """The headline figures of one read, as of one date (leadership level: exact counts)."""

    as_of: dt.date
    known: int
    rehabilitated: int
    waiting: int
    coverage: float | None
    this_year: int  # rehabilitated in as_of's year
    this_year_target: int | None
    follow_up_due: int  # survivors with a visit due or overdue
    overdue: int  # ... of whom the visit is overdue (more than 30 days late)
    errors: int
    warnings: int


@dataclass(frozen=True)
class Digest:
    """Everything one digest says."""

    now: Figures
    since: Figures | None  # the comparison read's figures; None: no earlier read
    since_read_at: dt.datetime | None
    pace: Pace
    behind: pd.DataFrame  # district, known, rehabilitated, waiting, coverage
    new_issues: int | None  # None: no history to compare with
    fixed_issues: int | None
    lost_since: int | None  # rows lost from the sheet since the comparison read, still missing
    lost_open: int | None  # every row lost and still missing
    unusable: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())  # message ids of caveats (history unavailable, ...)
    office: str = OFFICE  # whose digest (`sheets.release.office_title`)


def figures_of(report: Any, as_of: dt.date) -> Figures:
    """The headline figures of a validated read as of `as_of`."""
    ds = Dataset.from_report(report)
    known, rehab = metrics.known(ds, as_of), metrics.rehabilitated(ds, as_of)
    work = metrics.follow_up_worklist(ds, as_of)
    years = metrics.by_year(ds, as_of).set_index("year")
    row: Any = years.loc[as_of.year] if as_of.year in years.index else None
    this_year = int(row["rehabilitated"]) if row is not None else 0
    target = row["target"] if row is not None else None
    severity = report.issues["severity"].value_counts()
    return Figures(
        as_of=as_of,
        known=known,
        rehabilitated=rehab,
        waiting=known - rehab,
        coverage=metrics.share(rehab, known),
        this_year=this_year,
        this_year_target=None if target is None or pd.isna(target) else int(target),
        follow_up_due=int(work["survivor_id"].nunique()),
        overdue=int(work.loc[work["state"] == "overdue", "survivor_id"].nunique()),
        errors=int(severity.get("error", 0)),
        warnings=int(severity.get("warning", 0)),
    )


def behind(ds: Dataset, as_of: dt.date, shown: int = BEHIND_SHOWN) -> pd.DataFrame:
    """The kecamatan behind: coverage below the regency's, those with most survivors waiting first."""
    frame = metrics.by_district(ds, as_of)
    regency = metrics.coverage(ds, as_of)
    late = frame[
        (frame["waiting"] > 0) & ((frame["coverage"].fillna(0) < regency) if regency is not None else True)
    ]
    late = late.sort_values(["waiting", "known", "district"], ascending=[False, False, True]).head(shown)
    return late[["district", "known", "rehabilitated", "waiting", "coverage"]].reset_index(drop=True)


def comparison_read(reads: pd.DataFrame, now: dt.datetime) -> Any | None:
    """The read to compare with: the last recorded on or before a month before `now`, else the first
    read; None when the history holds only the latest read (nothing to compare with)."""
    if reads.empty:
        return None
    target = _month_before(now)
    earlier = reads[reads["recorded_at"] <= target]
    if len(earlier):
        return earlier.iloc[-1]
    return reads.iloc[0] if len(reads) > 1 else None


def _month_before(moment: dt.datetime) -> dt.datetime:
    year, month = (moment.year, moment.month - 1) if moment.month > 1 else (moment.year - 1, 12)
    last_day = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def build(
    report: Any,
    today: dt.date,
    history: Any | None,
    current_read_id: int | None = None,
    now: dt.datetime | None = None,
    *,
    office: str = OFFICE,
    districts: Any = None,
) -> Digest:
    """The digest of `report` (a validated read) as of `today`, compared through `history` (a
    `sheets.history.History` holding that read as its latest, or None without a history store).

    `office` names whose digest it is; `districts` is that office's kecamatan list (None: Indramayu's),
    with which the comparison read is validated again as `report` was."""
    from sheets import clock
    from sheets.validate import validate

    ds = Dataset.from_report(report)
    current = figures_of(report, today)
    notes: list[str] = []
    since = since_at = new = fixed = lost_since = lost_open = None
    if history is None:
        notes.append("digest.note.no_history")
    else:
        moment = now or dt.datetime.now(dt.UTC)
        reads = history.reads()
        base = comparison_read(reads, moment)
        lost = history.lost_rows()
        lost_open = len(lost)
        if base is None:
            notes.append("digest.note.first")
        else:
            since_at = base["read_at"]
            summary = base["summary"] or {}
            day = (
                dt.date.fromisoformat(summary["as_of"])
                if summary.get("as_of")
                else clock.local_date(base["recorded_at"])
            )
            since = figures_of(validate(history.raw_of(int(base["read_id"])), day, districts=districts), day)
            added, gone = history.issues_between(base["recorded_at"])
            new, fixed = len(added), len(gone)
            lost_since = sum(1 for row in lost if row.lost_at > base["recorded_at"])
    return Digest(
        now=current,
        since=since,
        since_read_at=since_at,
        pace=metrics.pace(ds, today),
        behind=behind(ds, today),
        new_issues=new,
        fixed_issues=fixed,
        lost_since=lost_since,
        lost_open=lost_open,
        unusable=tuple(report.unusable_tabs()),
        notes=tuple(notes),
        office=office,
    )


# --------------------------------------------------------------------------- formats


def _t(msgid: str, lang: str, **params: Any) -> str:
    return messages.text(msgid, lang, **params)


def number(value: float | None, lang: str, digits: int = 0) -> str:
    """A count or rate in the language's format (`1.234` in Indonesian); `–` when missing."""
    if value is None:
        return "–"
    pattern = "#,##0" if digits == 0 else "#,##0." + "0" * digits
    return format_decimal(value, format=pattern, locale=_LOCALE.get(lang, "en"))


def percent(value: float | None, lang: str) -> str:
    return "–" if value is None else format_percent(value, format="#,##0%", locale=_LOCALE.get(lang, "en"))


def change(now: float | None, then: float | None, lang: str, share: bool = False) -> str:
    """The change from `then` to `now`, signed (`+12`, `−3`, `0`; points for a share)."""
    if now is None or then is None:
        return "–"
    diff = now - then
    if share:
        points = round(diff * 100)
        if points == 0:
            return "0"
        return ("+" if points > 0 else "−") + number(abs(points), lang) + " " + _t("digest.points", lang)
    return ("+" if diff > 0 else "−" if diff < 0 else "") + number(abs(diff), lang)


def date(value: dt.date, lang: str, fmt: str = "d MMMM y") -> str:
    return format_date(value, fmt, locale=_LOCALE.get(lang, "en"))


def rows(digest: Digest, lang: str) -> list[tuple[str, str, str, str]]:
    """The headline table: label, now, then, change."""
    now, then = digest.now, digest.since

    def line(key: str, attr: str, share: bool = False) -> tuple[str, str, str, str]:
        value = getattr(now, attr)
        old = getattr(then, attr) if then is not None else None
        shown = percent if share else number
        return (
            _t(f"digest.row.{key}", lang),
            shown(value, lang),
            shown(old, lang) if then is not None else "–",
            change(value, old, lang, share),
        )

    this_year = _t("digest.row.this_year", lang, year=now.as_of.year)
    if now.this_year_target is not None:
        this_year = _t(
            "digest.row.this_year_target",
            lang,
            year=now.as_of.year,
            target=number(now.this_year_target, lang),
        )
    same_year = then is not None and then.as_of.year == now.as_of.year  # else "this year" is another year
    this_row = (
        this_year,
        number(now.this_year, lang),
        number(then.this_year, lang) if same_year and then else "–",
        change(now.this_year, then.this_year, lang) if same_year and then else "–",
    )
    return [
        line("known", "known"),
        line("rehabilitated", "rehabilitated"),
        line("coverage", "coverage", True),
        line("waiting", "waiting"),
        this_row,
        line("follow_up_due", "follow_up_due"),
        line("overdue", "overdue"),
        line("errors", "errors"),
        line("warnings", "warnings"),
    ]


def pace_lines(pace: Pace, lang: str) -> list[str]:
    """The pace against the target, in sentences (the same definition as the overview's)."""
    out = [
        _t(
            "digest.pace.rate",
            lang,
            per_year=number(pace.per_year, lang, 1),
            first=pace.years[0],
            last=pace.years[-1],
            identified=number(pace.identified_per_year, lang, 1),
        )
    ]
    if pace.waiting <= 0:
        out.append(_t("digest.pace.everyone", lang))
    elif pace.needed_per_year is not None and pace.target_year is not None:
        key = "digest.pace.on_track" if pace.on_track else "digest.pace.behind"
        out.append(
            _t(
                key,
                lang,
                needed=number(pace.needed_per_year, lang),
                target_year=pace.target_year,
                total=number(pace.needed_total, lang),
            )
        )
    elif pace.target_year is not None:
        out.append(_t("digest.pace.target_passed", lang, target_year=pace.target_year))
    if pace.waiting > 0:
        out.append(
            _t("digest.pace.projected", lang, year=pace.projected_year)
            if pace.projected_year is not None
            else _t("digest.pace.never", lang)
        )
    return out


def quality_lines(digest: Digest, lang: str) -> list[str]:
    """Issues new and fixed since the comparison read, and the rows lost from the sheet."""
    if digest.new_issues is None:
        out = []
    else:
        out = [
            _t(
                "digest.quality.issues",
                lang,
                new=number(digest.new_issues, lang),
                fixed=number(digest.fixed_issues, lang),
            )
        ]
    if digest.lost_since is not None:
        out.append(
            _t(
                "digest.quality.lost",
                lang,
                since=number(digest.lost_since, lang),
                open=number(digest.lost_open, lang),
            )
        )
    elif digest.lost_open is not None:
        out.append(_t("digest.quality.lost_open", lang, open=number(digest.lost_open, lang)))
    out += [_t("digest.quality.unusable", lang, tab=tab) for tab in digest.unusable]
    return out


def subject(digest: Digest, lang: str) -> str:
    return _t("digest.subject", lang, date=date(digest.now.as_of, lang))


def file_name(digest: Digest) -> str:
    """`pulih-ringkasan-2026-11-28.pdf`."""
    return f"pulih-ringkasan-{digest.now.as_of.isoformat()}.pdf"


def compared_line(digest: Digest, lang: str) -> str:
    if digest.since is None:
        return _t(digest.notes[0] if digest.notes else "digest.note.first", lang)
    return _t(
        "digest.compared", lang, date=date(digest.now.as_of, lang), since=date(digest.since.as_of, lang)
    )


# --------------------------------------------------------------------------- the PDF


def to_pdf(digest: Digest, lang: str = "id", source: str = "") -> bytes:
    """The digest on one A4 page: headline table, pace, kecamatan behind, data quality."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(orientation="portrait", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(16, 14, 16)
    family, clean = pdf_fonts.use_fonts(pdf)
    title = _t("digest.title", lang)
    pdf.set_title(clean(f"{title} - {digest.office}"))
    pdf.set_author(digest.office)
    pdf.set_creator("Pulih")
    pdf.add_page()
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    ink, grey = (31, 42, 46), (90, 90, 90)

    def write(text: str, size: float, style: str = "", colour=ink, after: float = 1) -> None:
        pdf.set_font(family, style, size)
        pdf.set_text_color(*colour)
        pdf.multi_cell(usable, size * 0.47, clean(text), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(after)

    def heading(text: str) -> None:
        pdf.ln(2)
        write(text, 12, "B", after=1.5)

    def table(header: Sequence[str], body: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
        pdf.set_font(family, "", 9)
        pdf.set_text_color(*ink)
        with pdf.table(
            col_widths=widths,
            text_align=("LEFT", *["RIGHT"] * (len(header) - 1)),
            line_height=5.2,
            headings_style=FontFace(emphasis="BOLD", fill_color=(232, 238, 240)),
            first_row_as_headings=True,
            width=usable,
        ) as grid:
            for line in (header, *body):
                row = grid.row()
                for cell in line:
                    row.cell(clean(cell))
        pdf.ln(1)

    write(digest.office, 10, "B", colour=grey)
    write(title, 18, "B", after=1)
    write(compared_line(digest, lang), 10, colour=grey, after=2)
    since = date(digest.since.as_of, lang, "d MMM y") if digest.since is not None else "–"
    table(
        (
            _t("digest.col.figure", lang),
            date(digest.now.as_of, lang, "d MMM y"),
            since,
            _t("digest.col.change", lang),
        ),
        rows(digest, lang),
        (40, 20, 20, 20),
    )

    heading(_t("digest.heading.pace", lang))
    for line in pace_lines(digest.pace, lang):
        write(line, 9.5)

    heading(_t("digest.heading.behind", lang))
    if digest.behind.empty:
        write(_t("digest.behind.none", lang), 9.5)
    else:
        write(_t("digest.behind.intro", lang, coverage=percent(digest.now.coverage, lang)), 9.5, after=1.5)
        table(
            (
                _t("digest.col.district", lang),
                _t("digest.col.known", lang),
                _t("digest.col.rehabilitated", lang),
                _t("digest.col.waiting", lang),
                _t("digest.col.coverage", lang),
            ),
            [
                (
                    str(r.district),
                    number(r.known, lang),
                    number(r.rehabilitated, lang),
                    number(r.waiting, lang),
                    percent(None if pd.isna(r.coverage) else float(r.coverage), lang),
                )
                for r in cast(Any, digest.behind).itertuples(index=False)
            ],
            (40, 15, 15, 15, 15),
        )

    heading(_t("digest.heading.visits", lang))
    write(
        _t(
            "digest.visits",
            lang,
            overdue=number(digest.now.overdue, lang),
            due=number(digest.now.follow_up_due, lang),
        ),
        9.5,
    )

    heading(_t("digest.heading.quality", lang))
    for line in quality_lines(digest, lang) or [compared_line(digest, lang)]:
        write(line, 9.5)

    pdf.set_y(pdf.h - 24)
    write(_t("digest.footer", lang, source=source or "–"), 7.5, colour=grey)
    write(_t("digest.privacy", lang), 7.5, colour=grey)
    if pdf.page_no() != 1:  # one page is the promise: a layout that overflows is a bug, not a second page
        raise AssertionError("the digest no longer fits on one page")
    return bytes(pdf.output())


# --------------------------------------------------------------------------- e-mail


def body(digest: Digest, lang: str = "id") -> str:
    """The e-mail's text: the headline figures and where the page is (the attachment)."""
    lines = [_t("digest.mail.greeting", lang), "", compared_line(digest, lang), ""]
    lines += [
        f"- {label}: {now}" + (f" ({delta})" if delta != "–" else "")
        for label, now, _, delta in rows(digest, lang)[:4]
    ]
    lines += ["", *pace_lines(digest.pace, lang), "", _t("digest.mail.attached", lang), "", digest.office]
    return "\n".join(lines) + "\n"


def to_message(digest: Digest, pdf: bytes, sender: str, to: Sequence[str], lang: str = "id") -> EmailMessage:
    """The e-mail: subject, a short text and the one-page PDF attached."""
    message = EmailMessage()
    message["Subject"] = subject(digest, lang)
    message["From"] = sender
    message["To"] = ", ".join(to)
    message.set_content(body(digest, lang))
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=file_name(digest))
    return message


def tls_context(settings: EmailSettings) -> ssl.SSLContext:
    """The client's TLS: the server's certificate checked (and its name) against `[email] ca_file`,
    else the system's CAs."""
    cafile = str(Path(settings.ca_file).expanduser()) if settings.ca_file else None
    return ssl.create_default_context(cafile=cafile)


def send(message: EmailMessage, settings: EmailSettings, timeout: float = 30) -> None:
    """Hand `message` to the SMTP server of `[email]`; DigestError with one line when it cannot.

    With `ssl` the connection is TLS from the start, with `starttls` it switches to TLS before
    logging in; either way nothing is sent unless the server's certificate is trusted.
    """
    settings.check()
    try:
        context = tls_context(settings) if settings.ssl or settings.starttls else None
        if settings.ssl:
            server: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=timeout, context=context
            )
        else:
            server = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
        with server:
            if settings.starttls:
                server.starttls(context=context)
            if settings.user:
                server.login(settings.user, settings.password)
            server.send_message(message)
    except ssl.SSLCertVerificationError as error:
        trusted = f"[email] ca_file {settings.ca_file}" if settings.ca_file else "the system's CAs"
        raise DigestError(
            f"{settings.host}:{settings.port}: sertifikat server SMTP tidak dipercaya / the SMTP server's "
            f"certificate is not trusted by {trusted} ({error.verify_message}); nothing was sent. Give "
            "the CA that signed it in [email] ca_file."
        ) from error
    except (OSError, smtplib.SMTPException) as error:
        raise DigestError(f"{settings.host}:{settings.port}: {type(error).__name__}: {error}") from error
