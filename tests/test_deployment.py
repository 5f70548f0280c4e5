"""The deployment files: compose.yaml, the Dockerfile and the example offices, read back and checked.

Docker itself is not run here (this machine has no Docker daemon): the compose file is parsed as
YAML and its services, health checks, secrets and commands checked against the code they run.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from sheets.cli import build_parser
from sheets.offices import offices_of
from sheets.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def test_the_three_services_each_have_a_health_check(compose):
    services = compose["services"]
    assert set(services) == {"db", "sync", "app"}
    for name, service in services.items():
        check = service.get("healthcheck", {}).get("test")
        assert check and check[0] in ("CMD", "CMD-SHELL"), f"{name} needs a health check"
        assert service.get("restart") == "unless-stopped"
    assert "pg_isready" in services["db"]["healthcheck"]["test"][1]
    assert "/_stcore/health" in " ".join(services["app"]["healthcheck"]["test"])


def test_the_worker_and_its_health_check_are_commands_the_code_has(compose):
    sync = compose["services"]["sync"]
    for command in (sync["command"], sync["healthcheck"]["test"][1:]):
        assert command[:3] == ["python", "-m", "sheets"]
        args = build_parser().parse_args(command[3:])  # raises SystemExit for an unknown command or flag
        assert args.command == "sync"
    assert "--health" in sync["healthcheck"]["test"]


def test_the_app_reads_only_the_store_and_waits_for_the_database(compose):
    app, sync = compose["services"]["app"], compose["services"]["sync"]
    assert Settings.build(
        {}, {k: str(v) for k, v in app["environment"].items() if not str(v).startswith("$")}
    ).sync.read_from_store
    for service in (app, sync):
        assert service["depends_on"]["db"]["condition"] == "service_healthy"
    # Only loopback: TLS goes in front (README: province deployment).
    assert all(str(p).startswith("127.0.0.1:") for p in app["ports"])


def test_secrets_are_files_mounted_at_run_time_never_values_in_the_compose_file(compose):
    declared = compose["secrets"]
    assert all(set(s) == {"file"} and s["file"].startswith("./deploy/") for s in declared.values())
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8")
    for secret in declared.values():
        assert "/" + secret["file"].removeprefix("./") in ignored, f"{secret['file']} must never be committed"
    home_secrets = "/var/lib/pulih/.streamlit/secrets.toml"  # where Streamlit and `python -m sheets` look
    for name in ("sync", "app"):
        targets = [s["target"] for s in compose["services"][name]["secrets"] if isinstance(s, dict)]
        assert targets == [home_secrets]
    assert compose["services"]["db"]["environment"]["POSTGRES_PASSWORD_FILE"].startswith("/run/secrets/")
    text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    assert not re.search(r"(PASSWORD|SECRET|private_key)\s*[:=]\s*['\"]?\w{6,}", text.replace("_FILE", ""))


def test_the_image_holds_the_code_and_no_secret():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    copied = {line.split()[1] for line in dockerfile.splitlines() if line.startswith("COPY ")}
    assert {"app.py", "app_pages", "sheets", "ui", "requirements.txt"} <= copied
    assert "secrets" not in " ".join(copied)
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".streamlit/secrets.toml", "deploy/secrets.toml", "deploy/db_password"} <= set(ignored)
    assert re.search(r"^USER pulih$", dockerfile, re.MULTILINE), "the app does not run as root"
    cmd = re.search(r"^CMD (\[.*?\])$", dockerfile, re.MULTILINE | re.DOTALL).group(1)
    assert "streamlit" in cmd and "app.py" in cmd
    assert "/_stcore/health" in dockerfile  # the image's own health check


def test_the_example_offices_file_is_a_valid_office_list():
    settings = Settings.build({}, {"PULIH_OFFICES_FILE": str(ROOT / "deploy" / "offices.example.toml")})
    (office,) = offices_of(settings)
    assert office.code == "32.12" and "spreadsheets/d/" in office.spreadsheet


def test_the_readme_documents_the_systemd_units_with_the_same_commands(compose):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Province deployment\n", 1)[1].split("\n## ", 1)[0]
    starts = [
        shlex.split(line.split("=", 1)[1]) for line in section.splitlines() if line.startswith("ExecStart=")
    ]
    assert any(cmd[-3:] == ["-m", "sheets", "sync"] for cmd in starts)
    assert any("streamlit" in cmd and "app.py" in cmd for cmd in starts)
    for word in ("PP 71/2019", "UU 27/2022", "TLS", "pg_dump", "quota_per_minute"):
        assert word in section


def test_make_run_province_starts_the_fake_the_worker_and_the_app():
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "tests.fakes.province", "--offices", "2", "--sqlite", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "32.01: dibaca / read" in done.stdout and "32.02: dibaca / read" in done.stdout
    assert "App (store mode):" in done.stdout
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "run-province:" in makefile and "tests.fakes.province" in makefile


def test_make_run_province_stops_its_worker_and_app_when_terminated():
    """SIGTERM (kill, docker stop) stops the demo as Ctrl-C does: no app left holding the port."""
    import signal
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    from tests.fakes.process import free_port

    port = free_port()
    runner = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.province", "--offices", "1", "--sqlite", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert runner.stdout is not None
        for line in runner.stdout:  # wait until the app is up
            if line.startswith("App (store mode):"):
                break
        urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=10).close()
        runner.send_signal(signal.SIGTERM)
        assert runner.wait(timeout=60) == 0
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).close()
            except (urllib.error.URLError, OSError):
                break  # nothing answers on the port any more
            time.sleep(0.5)
        else:
            raise AssertionError(f"the app still answers on port {port} after the demo was terminated")
    finally:
        runner.kill()


def test_a_server_already_on_the_port_is_refused_not_taken_for_the_new_one(tmp_path):
    """A stale app on the demo's port made `make run-province` report the old server as its own."""
    import http.server
    import sys
    import threading

    import pytest

    from tests.fakes.process import streamlit_process

    class Health(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    old = http.server.HTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=old.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{old.server_address[1]}"
        never = [sys.executable, "-c", "raise SystemExit('must not start')"]
        refused = pytest.raises(RuntimeError, match="already answers")
        with refused, streamlit_process(never, url, tmp_path / "app.log", {}):
            pass
    finally:
        old.shutdown()
