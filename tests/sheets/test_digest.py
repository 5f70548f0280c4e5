"""`python -m sheets digest`: the monthly digest reaches a real SMTP server, and its PDF says what the data says.

A real SMTP server (aiosmtpd) listens on 127.0.0.1 and asks for a login; the command runs as
cron would run it (a subprocess, the secrets file in its working directory, a history store of
its own). The test opens the attached PDF and checks its figures against the command line's
own `summary` and `validate` of the same workbooks, and that no identifying string is in it.
"""

from __future__ import annotations

import datetime as dt
import email
import email.message
import email.policy
import io
import json
import os
import re
import socket
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from pypdf import PdfReader

from sheets import digest
from sheets.demo import build_demo
from sheets.raw import RawTab, RawWorkbook
from sheets.workbook import write_xlsx
from tests.conftest import FIXED_TODAY

ROOT = Path(__file__).resolve().parents[2]
USER, PASSWORD, SENDER = "pulih-digest", "rahasia-smtp", "pulih@dinsos.example.go.id"
TO = ["kadis@dinsos.example.go.id", "sekdis@dinsos.example.go.id"]
REMOVED = 3  # Korban rows taken off the end of the sheet between the two reads
BROKEN_AGE = "tiga puluh"  # typed into an age cell: a new issue


class Inbox:
    """What the SMTP server received: each message with its envelope and who logged in."""

    def __init__(self) -> None:
        self.received: list[dict] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received.append(
            {
                "from": envelope.mail_from,
                "to": list(envelope.rcpt_tos),
                "data": envelope.original_content or envelope.content,
                "login": session.auth_data if session.authenticated else None,
            }
        )
        return "250 OK"


def _authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, auth_data=auth_data.login if ok else None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def smtp():
    inbox = Inbox()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=_free_port(), authenticator=_authenticate, auth_require_tls=False
    )  # a loopback test server: no certificate to make
    controller.start()
    yield controller, inbox
    controller.stop()


def cli(*args: str, cwd: Path, store: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PULIH_DATABASE_URL": f"sqlite:///{store}"}
    return subprocess.run(
        [sys.executable, "-m", "sheets", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )


def _secrets(folder: Path, port: int, password: str = PASSWORD) -> None:
    (folder / ".streamlit").mkdir(exist_ok=True)
    (folder / ".streamlit" / "secrets.toml").write_text(
        f'[email]\nhost = "127.0.0.1"\nport = {port}\nuser = "{USER}"\npassword = "{password}"\n'
        f'sender = "{SENDER}"\nstarttls = false\n',
        encoding="utf-8",
    )


def workbooks(folder: Path) -> tuple[Path, Path]:
    """Last month's sheet (the demo) and this month's: rows removed, one error fixed, one made."""
    today = dt.date.fromisoformat(FIXED_TODAY)
    before = build_demo(today)
    korban = before.find("Korban")
    rows = [list(r) for r in korban.rows]
    fixed = next(i for i, r in enumerate(rows) if "31/02/2021" in r)
    rows[fixed][rows[fixed].index("31/02/2021")] = "28/02/2021"
    header = next(i for i, r in enumerate(rows) if "ID Korban" in r)
    age = rows[header].index("Usia")
    rows[header + 5][age] = BROKEN_AGE
    after = replace(before, tabs={**before.tabs, korban.title: RawTab(korban.title, rows[:-REMOVED])})
    paths = folder / "bulan-lalu.xlsx", folder / "bulan-ini.xlsx"
    write_xlsx(before, paths[0])
    write_xlsx(after, paths[1])
    return paths


def _figures(path: Path, folder: Path, store: Path) -> tuple[dict, list[dict]]:
    summary = json.loads(cli("summary", str(path), "--json", cwd=folder, store=store).stdout)
    issues = json.loads(cli("validate", str(path), "--json", cwd=folder, store=store).stdout)["issues"]
    return summary, issues


def _number(text: str) -> int:
    return int(text.replace(".", "").replace("−", "-").replace("+", ""))


@pytest.fixture(scope="module")
def sent(smtp, tmp_path_factory):
    controller, inbox = smtp
    folder = tmp_path_factory.mktemp("digest")
    store = folder / "history.sqlite"
    _secrets(folder, controller.port)
    last_month, this_month = workbooks(folder)
    # One workbook, as the office keeps it: last month's read recorded, then this month's version of it.
    sheet = folder / "Data Rehabilitasi.xlsx"
    sheet.write_bytes(last_month.read_bytes())
    out = cli("history", "record", str(sheet), cwd=folder, store=store)
    assert out.returncode == 0, out.stderr
    sheet.write_bytes(this_month.read_bytes())
    out = cli("digest", str(sheet), *[a for to in TO for a in ("--to", to)], cwd=folder, store=store)
    assert out.returncode == 0, out.stderr
    assert len(inbox.received) == 1
    message = email.message_from_bytes(inbox.received[0]["data"], policy=email.policy.default)
    attachments = [
        part for part in message.iter_attachments() if part.get_content_type() == "application/pdf"
    ]
    assert len(attachments) == 1
    pdf = PdfReader(io.BytesIO(attachments[0].get_content()))
    return {
        "envelope": inbox.received[0],
        "message": message,
        "pdf": pdf,
        "text": "\n".join(page.extract_text() for page in pdf.pages),
        "now": _figures(this_month, folder, store),
        "then": _figures(last_month, folder, store),
        "raws": (last_month, this_month),
    }


def test_the_mail_reaches_every_recipient_from_the_sender_after_logging_in(sent) -> None:
    envelope, message = sent["envelope"], sent["message"]
    assert envelope["from"] == SENDER and envelope["to"] == TO
    assert envelope["login"] == USER.encode()
    assert (
        message["Subject"]
        == f"Ringkasan bulanan Pulih per {digest.date(dt.date.fromisoformat(FIXED_TODAY), 'id')}"
    )
    assert message["To"] == ", ".join(TO)


def test_the_attachment_is_one_page_in_indonesian(sent) -> None:
    assert len(sent["pdf"].pages) == 1
    text = sent["text"]
    for heading in (
        "Ringkasan Bulanan Rehabilitasi Korban TPPO",
        "Laju dibanding target",
        "Kecamatan tertinggal",
        "Kunjungan pemantauan",
        "Kualitas data",
    ):
        assert heading in text


def _row(text: str, label: str) -> list[str]:
    """The cells after `label` on its line of the headline table: now, then, change."""
    line = next(line for line in text.splitlines() if line.startswith(label + " "))
    return line[len(label) :].split()


def test_the_headline_figures_and_their_change_are_the_datasets(sent) -> None:
    text = sent["text"]
    (now, now_issues), (then, then_issues) = sent["now"], sent["then"]
    for label, key in (
        ("Korban diketahui", "known"),
        ("Sudah direhabilitasi", "rehabilitated"),
        ("Menunggu rehabilitasi", "waiting"),
        ("Perlu kunjungan pemantauan", "follow_up_due"),
    ):
        shown_now, shown_then, delta = _row(text, label)
        assert (_number(shown_now), _number(shown_then)) == (now[key], then[key]), label
        assert (_number(delta) if delta != "0" else 0) == now[key] - then[key], label
    errors = [sum(i["severity"] == "error" for i in found) for found in (now_issues, then_issues)]
    assert [_number(x) for x in _row(text, "Kesalahan data")[:2]] == errors
    # The sheet lost the rows taken off its end; the data-quality change is the issue lists' difference.
    assert f"sejak bacaan pembanding: {REMOVED} " in text
    key = lambda i: (i["tab"], i["row"], i["column"], i["code"], i["value"])  # rows kept their place
    new = {key(i) for i in now_issues} - {key(i) for i in then_issues}
    fixed = {key(i) for i in then_issues} - {key(i) for i in now_issues}
    assert len(new) >= 1 and len(fixed) >= 1  # the case makes one of each
    assert f"{len(new)} masalah data baru, {len(fixed)} diperbaiki" in text


def test_pace_and_kecamatan_behind_follow_the_data(sent) -> None:
    text = sent["text"].replace("\n", " ")
    now = sent["now"][0]
    pace = now["pace"]
    assert f"Laju {pace['years'][0]}-{pace['years'][-1]}: " in text
    assert f"diperlukan {pace['needed_per_year']} per tahun" in text
    coverage = now["rehabilitated"] / now["known"]
    behind = sorted(
        (d for d in now["by_district"] if d["known"] and d["rehabilitated"] / d["known"] < coverage),
        key=lambda d: (-(d["known"] - d["rehabilitated"]), -d["known"], d["district"]),
    )[: digest.BEHIND_SHOWN]
    lines = sent["text"].splitlines()
    start = lines.index(next(line for line in lines if line.startswith("Kecamatan Diketahui")))
    shown = [line.rsplit(" ", 4) for line in lines[start + 1 : start + 1 + len(behind)]]
    assert [(s[0], _number(s[1]), _number(s[2])) for s in shown] == [
        (d["district"], d["known"], d["rehabilitated"]) for d in behind
    ]


def test_the_visits_sentence_agrees_with_the_table(sent) -> None:
    text = sent["text"].replace("\n", " ")
    overdue = _number(_row(sent["text"], "Kunjungan terlambat (lebih dari 30 hari)")[0])
    due = sent["now"][0]["follow_up_due"]
    assert 0 < overdue <= due
    assert f"{overdue} korban terlambat dikunjungi, dari {due} korban" in text


def test_no_identifying_string_in_the_mail(sent) -> None:
    from sheets.sources import read_workbook
    from tests.ui.test_leakage import private_strings

    today = dt.date.fromisoformat(FIXED_TODAY)
    private = set()
    for path in sent["raws"]:
        private |= private_strings(read_workbook(path), today)
    assert len(private) > 100 and any(s.startswith("KPO-") for s in private)
    body = sent["message"].get_body(("plain",)).get_content()
    for text in (sent["text"], body, str(sent["message"]["Subject"])):
        folded = text.casefold()
        assert not [s for s in private if s.casefold() in folded]
        assert not re.search(r"KPO-\d", text) and BROKEN_AGE not in text


def test_a_refused_login_is_one_line_and_exit_2(smtp, tmp_path) -> None:
    controller, inbox = smtp
    _secrets(tmp_path, controller.port, password="salah")
    before = len(inbox.received)
    out = cli("digest", "--demo", "--to", TO[0], cwd=tmp_path, store=tmp_path / "h.sqlite")
    assert out.returncode == 2 and "not sent" in out.stderr and "Traceback" not in out.stderr
    assert PASSWORD not in out.stderr and "salah" not in out.stderr
    assert len(inbox.received) == before


def test_without_an_smtp_host_it_says_which_setting_is_missing(tmp_path) -> None:
    out = cli("digest", "--demo", "--to", TO[0], cwd=tmp_path, store=tmp_path / "h.sqlite")
    assert out.returncode == 2 and "[email] host" in out.stderr and "Traceback" not in out.stderr
    out = cli("digest", "--demo", "--to", "not-an-address", cwd=tmp_path, store=tmp_path / "h.sqlite")
    assert out.returncode == 2 and "not-an-address" in out.stderr


def _reads(*days_ago: int, now: dt.datetime) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "read_id": range(1, len(days_ago) + 1),
            "recorded_at": [now - dt.timedelta(days=d) for d in days_ago],
        }
    )


NOW = dt.datetime(2026, 3, 31, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "days_ago, chosen",
    [
        ((90, 40, 20, 0), 2),  # the last read on or before 28 February (a month before 31 March)
        ((31, 0), 1),  # 28 February 09:00 exactly is on the boundary: chosen
        ((30, 2, 0), 1),  # the history is younger than a month: its first read
        ((0,), None),  # only the read the digest is about: nothing to compare with
        ((), None),
    ],
)
def test_the_comparison_read_is_the_one_of_a_month_ago(days_ago, chosen) -> None:
    # 31 March minus one month is 28 February (no 31st): 31 days before 31 March.
    found = digest.comparison_read(_reads(*days_ago, now=NOW), NOW)
    assert (None if found is None else int(found["read_id"])) == chosen


def test_the_digest_in_english_and_without_history(tmp_path) -> None:
    from sheets.validate import validate

    today = dt.date.fromisoformat(FIXED_TODAY)
    made = digest.build(validate(build_demo(today), today), today, None)
    text = PdfReader(io.BytesIO(digest.to_pdf(made, "en", "Demo"))).pages[0].extract_text()
    assert "Monthly Digest" in text and "history of reads is unavailable" in text


# --------------------------------------------------------------------------- retention


def _version(n: int) -> RawWorkbook:
    """The demo with the age of survivor row n changed: a read whose cells differ from the others'."""
    today = dt.date.fromisoformat(FIXED_TODAY)
    raw = build_demo(today)
    korban = raw.find("Korban")
    rows = [list(r) for r in korban.rows]
    header = next(i for i, r in enumerate(rows) if "ID Korban" in r)
    rows[header + 1 + n][rows[header].index("Usia")] = 20 + n
    return replace(raw, tabs={**raw.tabs, korban.title: RawTab(korban.title, rows)})


DIGEST = (("digest",), ("--pdf", "digest.pdf"))
RECORD = (("history", "record"), ())


@pytest.mark.parametrize(
    ("command", "keep_days", "kept"),
    [
        (DIGEST, 200, ["100 days", "now"]),  # the 400-day-old read forgotten
        (RECORD, 200, ["100 days", "now"]),  # ... exactly as `history record` (and the app) forget it
        (DIGEST, 0, ["400 days", "100 days", "now"]),  # 0: keep everything
        (DIGEST, 50, ["now"]),
    ],
)
def test_the_digest_applies_the_historys_retention_as_every_recorder_does(
    tmp_path, command, keep_days, kept
) -> None:
    from sheets.history import History
    from sheets.sources import read_workbook
    from sheets.validate import validate

    today = dt.date.fromisoformat(FIXED_TODAY)
    store = tmp_path / "history.sqlite"
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        f"[database]\nkeep_days = {keep_days}\n", encoding="utf-8"
    )
    sheet = tmp_path / "Data Rehabilitasi.xlsx"
    history = History(f"sqlite:///{store}")
    now = dt.datetime.now(dt.UTC)
    ages = {"400 days": 400, "100 days": 100}
    for n, age in enumerate(ages.values()):  # earlier reads of the same workbook, recorded back then
        write_xlsx(_version(n), sheet)
        raw = read_workbook(str(sheet))
        history.record(raw, validate(raw, today), now=now - dt.timedelta(days=age))
    write_xlsx(_version(len(ages)), sheet)
    out = cli(*command[0], str(sheet), *command[1], cwd=tmp_path, store=store)
    assert out.returncode == 0, out.stderr
    if command == DIGEST:
        assert (tmp_path / "digest.pdf").read_bytes().startswith(b"%PDF")
    recorded = History(f"sqlite:///{store}").reads()["recorded_at"]
    age_of = {label: now - dt.timedelta(days=days) for label, days in ages.items()}
    found = []
    for at in pd.to_datetime(recorded, utc=True):
        label = next((k for k, v in age_of.items() if abs(at - v) < dt.timedelta(minutes=1)), "now")
        found.append(label)
    assert found == kept


def test_a_mistyped_retention_stops_the_digest_before_reading(tmp_path) -> None:
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        '[database]\nkeep_days = "lama"\n', encoding="utf-8"
    )
    out = cli("digest", "--demo", "--pdf", "d.pdf", cwd=tmp_path, store=tmp_path / "h.sqlite")
    assert out.returncode == 2 and "keep_days" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "d.pdf").exists()


# --------------------------------------------------------------------------- TLS with a certificate


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 made here (its own CA): (cert PEM path, key PEM path)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pulih-test-smtp")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_path, key_path = folder / "smtp.pem", folder / "smtp.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


@pytest.fixture(params=["starttls", "ssl"])
def tls_smtp(request, certificate):
    """aiosmtpd on 127.0.0.1 speaking TLS with the certificate: STARTTLS required, or TLS from the start."""
    import ssl

    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(*map(str, certificate))
    inbox = Inbox()
    if request.param == "starttls":
        controller = Controller(
            inbox, hostname="127.0.0.1", port=_free_port(), tls_context=server_tls, require_starttls=True
        )
    else:
        controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), ssl_context=server_tls)
    controller.start()
    yield request.param, controller, inbox
    controller.stop()


def _tls_settings(mode: str, port: int, ca_file: Path | None):
    from sheets.settings import Settings

    section = {"host": "127.0.0.1", "port": port, "sender": SENDER, mode: True}
    if ca_file is not None:
        section["ca_file"] = str(ca_file)
    return Settings.build({"email": section}, {}).email


def _small_message():
    message = email.message.EmailMessage()
    message["Subject"], message["From"], message["To"] = "Ringkasan bulanan", SENDER, TO[0]
    message.set_content("Terlampir.")
    message.add_attachment(b"%PDF-1.4 test", maintype="application", subtype="pdf", filename="r.pdf")
    return message


def test_the_digest_goes_over_tls_to_a_server_whose_ca_is_given(tls_smtp, certificate) -> None:
    mode, controller, inbox = tls_smtp
    settings = _tls_settings(mode, controller.port, certificate[0])
    assert (settings.ssl, settings.starttls) == (mode == "ssl", mode == "starttls")
    digest.send(_small_message(), settings, timeout=10)
    (received,) = inbox.received
    assert received["to"] == [TO[0]] and received["from"] == SENDER
    got = email.message_from_bytes(received["data"], policy=email.policy.default)
    assert [p.get_filename() for p in got.iter_attachments()] == ["r.pdf"]


def test_a_certificate_the_client_does_not_trust_sends_nothing_and_says_so(tls_smtp) -> None:
    mode, controller, inbox = tls_smtp
    settings = _tls_settings(mode, controller.port, None)  # the system's CAs never signed it
    with pytest.raises(digest.DigestError) as refused:
        digest.send(_small_message(), settings, timeout=10)
    said = str(refused.value)
    assert "tidak dipercaya" in said and "not trusted" in said and "[email] ca_file" in said
    assert "nothing was sent" in said and "self-signed" in said  # OpenSSL's own reason, in the line
    assert inbox.received == []


def test_the_command_names_an_untrusted_certificate_in_one_line(tls_smtp, tmp_path) -> None:
    mode, controller, inbox = tls_smtp
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        f'[email]\nhost = "127.0.0.1"\nport = {controller.port}\nsender = "{SENDER}"\n{mode} = true\n',
        encoding="utf-8",
    )
    out = cli("digest", "--demo", "--to", TO[0], cwd=tmp_path, store=tmp_path / "h.sqlite")
    assert out.returncode == 2 and "not trusted" in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and inbox.received == []


def test_a_missing_ca_file_is_named() -> None:
    from sheets.settings import Settings, SettingsError

    settings = Settings.build({"email": {"host": "h", "sender": SENDER, "ca_file": "/nowhere/ca.pem"}}, {})
    with pytest.raises(SettingsError, match="ca_file"):
        settings.email.check()
