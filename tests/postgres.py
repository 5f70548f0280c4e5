"""A throw-away PostgreSQL server for the tests: Debian's `postgresql`, one cluster per test session.

PostgreSQL refuses to run as root, and the tests run as root in CI: the cluster is created and
started as the `postgres` system user (`runuser`), in a temporary directory that user may write,
listening on 127.0.0.1 on a free port. `make test` installs the package when it is missing; a
machine without it fails these tests with the fix, never skips them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.process import free_port

USER = "pulih"


def binaries() -> Path:
    """The newest installed PostgreSQL's bin directory (/usr/lib/postgresql/<version>/bin)."""
    root = Path("/usr/lib/postgresql")
    found = (
        sorted(
            (p for p in root.glob("*/bin") if (p / "pg_ctl").exists()),
            key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        )
        if root.exists()
        else []
    )
    if not found:
        pytest.fail(
            "these tests need Debian's PostgreSQL: run `make test` (it installs it) or "
            "`apt-get install -y postgresql`"
        )
    return found[-1]


def _as_postgres(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


class Cluster:
    """A running cluster: `database()` makes a fresh empty database and gives its URL."""

    def __init__(self, directory: Path, port: int, bin_dir: Path) -> None:
        self.directory, self.port, self.bin = directory, port, bin_dir

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def url(self, name: str) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{name}"

    def database(self) -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        subprocess.run(
            [str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", USER, name],
            check=True,
            capture_output=True,
        )
        return self.url(name)

    def stop(self) -> None:
        _as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"])

    def start(self) -> None:
        _as_postgres(
            [
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.directory / "log"),
                "-o",
                f"-p {self.port} -k {self.directory} -h 127.0.0.1",
                "-w",
                "start",
            ]
        )


@contextlib.contextmanager
def cluster() -> Iterator[Cluster]:
    """Create and start a cluster (about 2 s); stop and remove it afterwards."""
    bin_dir = binaries()
    directory = Path(tempfile.mkdtemp(prefix="pulih-pg-"))
    directory.chmod(0o777)  # the postgres user writes here
    running = Cluster(directory, free_port(), bin_dir)
    try:
        _as_postgres(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(running.data),
                "-U",
                USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--no-instructions",
            ]
        )
        running.start()
        yield running
    finally:
        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
            running.stop()
        shutil.rmtree(directory, ignore_errors=True)
