"""A synthetic province on this machine: `make run-province` (no Google account, nothing leaves it).

    python -m tests.fakes.province [--offices 5] [--port 8501] [--sqlite] [--check]

Starts the fake Sheets API with one synthetic spreadsheet per office (`sheets.demo_province`:
Jawa Barat's codes, the demo varied per office), a throw-away PostgreSQL cluster (tests/postgres.py;
`--sqlite` for an SQLite file instead), the sync worker (`python -m sheets sync`, every 60 s) and
the app in store mode as local staff, showing the first office (`PULIH_OFFICE` chooses another).
The kecamatan CSVs of the synthetic offices are written beside the offices file, coded with each
office's code (the names are the demo's). `--check` starts everything, waits for the first sync
and the app's health, prints what it saw, and stops (a smoke test).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import urllib.request
from pathlib import Path

from sheets import kecamatan
from sheets.demo_province import JAWA_BARAT, build_office, spreadsheet_id
from tests.fakes.process import ROOT, free_port, streamlit_process
from tests.fakes.serve import tabs_of
from tests.fakes.sheets_api import FakeSheetsApi, serve


def write_offices(directory: Path, offices: list[tuple[str, str]]) -> Path:
    """The offices file and each synthetic office's kecamatan CSV; returns the offices file."""
    lines = []
    for code, name in offices:
        lines.append(
            f'[[offices]]\ncode = "{code}"\nname = "{name}"\nspreadsheet = "{spreadsheet_id(code)}"\n'
        )
        if code != "32.12":
            csv = directory / f"kecamatan-{code}.csv"
            csv.write_text(
                "code,name,villages\n"
                + "".join(
                    f"{code}.{kec_code.rsplit('.', 1)[1]},{kec_name},{villages}\n"
                    for kec_code, kec_name, villages in kecamatan.KECAMATAN
                ),
                encoding="utf-8",
            )
            lines.append(f'kecamatan = "{csv}"\n')
        lines.append("\n")
    path = directory / "offices.toml"
    path.write_text("".join(lines), encoding="utf-8")
    return path


@contextlib.contextmanager
def database(use_sqlite: bool, directory: Path):
    if use_sqlite:
        yield f"sqlite:///{directory / 'history.sqlite'}"
        return
    from tests import postgres

    with postgres.cluster() as running:
        yield running.database()


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.fakes.province", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--offices", type=int, default=5, help="how many synthetic offices (1-27, default 5)")
    parser.add_argument("--port", type=int, default=8501, help="the app's port on 127.0.0.1 (default 8501)")
    parser.add_argument(
        "--sqlite", action="store_true", help="an SQLite file instead of a throw-away PostgreSQL"
    )
    parser.add_argument(
        "--check", action="store_true", help="start, wait for the first sync and the app, stop"
    )
    args = parser.parse_args(argv)
    # `kill`, `docker stop` and systemd send SIGTERM: stop as on Ctrl-C, the worker and the app with it
    # (left running, the app would keep the port and the next start would find the old server).
    signal.signal(signal.SIGTERM, _interrupted)
    today = (
        dt.date.fromisoformat(os.environ["PULIH_TODAY"]) if os.environ.get("PULIH_TODAY") else dt.date.today()
    )
    offices = list(JAWA_BARAT[: max(1, min(27, args.offices))])
    offices.sort(key=lambda o: o[0] != "32.12")  # Indramayu first when listed
    api = FakeSheetsApi()
    for code, name in offices:
        api.add_spreadsheet(
            spreadsheet_id(code),
            tabs_of(build_office(code, name, today)),
            title=f"Data Rehabilitasi {name} (fake)",
        )
    base_url, shutdown = serve(api)
    directory = Path(tempfile.mkdtemp(prefix="pulih-province-"))
    directory.chmod(0o755)
    home = directory / "home"
    (home / ".streamlit").mkdir(parents=True)
    (home / ".streamlit" / "secrets.toml").write_text("[sync]\ninterval_s = 60\n", encoding="utf-8")
    offices_file = write_offices(directory, offices)
    try:
        with database(args.sqlite, directory) as url:
            env = {
                **os.environ,
                "PYTHONPATH": str(ROOT),
                "PULIH_SHEETS_API_URL": base_url,
                "PULIH_OFFICES_FILE": str(offices_file),
                "PULIH_DATABASE_URL": url,
            }
            env.pop("PULIH_SHEETS_SPREADSHEET", None)
            env.pop("PULIH_WORKBOOK", None)
            worker_env = {**env, "HOME": str(home)}
            first = subprocess.run(
                [sys.executable, "-m", "sheets", "sync", "--once"],
                cwd=directory,
                env=worker_env,
                capture_output=True,
                text=True,
            )
            print(first.stdout, end="")
            if first.returncode == 2:
                print(first.stderr, file=sys.stderr)
                return 2
            with (directory / "sync.log").open("w") as log:
                worker = subprocess.Popen(
                    [sys.executable, "-m", "sheets", "sync"],
                    cwd=directory,
                    env=worker_env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
                try:
                    app_env = {
                        **env,
                        "PULIH_READ_FROM_STORE": "1",
                        "PULIH_LOCAL_ROLE": "staf",
                        "PULIH_OFFICE": os.environ.get("PULIH_OFFICE", offices[0][0]),
                    }
                    port = args.port if not args.check else free_port()
                    command = [
                        sys.executable,
                        "-m",
                        "streamlit",
                        "run",
                        "app.py",
                        "--server.address",
                        "127.0.0.1",
                        "--server.port",
                        str(port),
                        "--server.headless",
                        "true",
                        "--browser.gatherUsageStats",
                        "false",
                    ]
                    app_url = f"http://127.0.0.1:{port}"
                    with streamlit_process(command, app_url, directory / "app.log", app_env, deadline_s=60):
                        print(f"Fake Google Sheets API: {base_url} ({len(offices)} offices)")
                        print(f"History store:          {url}")
                        print(f"Offices file:           {offices_file}")
                        print(f"Sync worker log:        {directory / 'sync.log'}")
                        print(f"App (store mode):       {app_url}  (office {app_env['PULIH_OFFICE']})")
                        if args.check:
                            with urllib.request.urlopen(f"{app_url}/", timeout=10) as answer:
                                assert answer.status == 200
                            print(f"values:batchGet requests so far: {api.count('values')} (the worker's)")
                            return 0
                        threading.Event().wait()
                finally:
                    worker.terminate()
                    worker.wait(timeout=10)
    except KeyboardInterrupt:
        return 0
    finally:
        shutdown()
        shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
