"""Fixtures for the UI tests: the repository root, and a real `streamlit run` for the browser tests."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import pytest

from tests.fakes.process import free_port, streamlit_process

CHROMIUM = Path("/usr/bin/chromium")


def require_chromium(what: str = "browser tests") -> None:
    """Fail with the fix when Debian's Chromium is missing: `make test` installs it, so a skip would hide it."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{what} need Debian's Chromium at /usr/bin/chromium: run `make test` (it installs it) "
            "or `apt-get install -y chromium`"
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium (never a downloaded browser); skip when it is not installed."""
    require_chromium()
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": ["--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A desktop-sized window, so the wide layout shows as staff see it."""
    return {**browser_context_args, "viewport": {"width": 1440, "height": 1000}}


@contextlib.contextmanager
def running_app(
    log_dir: Path,
    port: int | None = None,
    extra_args: tuple[str, ...] = (),
    address: str = "127.0.0.1",
    **env: str,
):
    """`make run`'s server (`streamlit run app.py`) on a free port; yields its URL once healthy.

    `address` is `server.address` (where it listens); the URL is always on 127.0.0.1.
    """
    port = port or free_port()
    environ = {k: v for k, v in os.environ.items() if k not in ("PULIH_WORKBOOK", "PULIH_LOCAL_ROLE")}
    environ.update(env)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        *extra_args,
    ]
    url = f"http://127.0.0.1:{port}"
    with streamlit_process(command, url, log_dir / f"server-{port}.log", environ, deadline_s=30):
        yield url


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """One server on the demo data for the browser tests of this session."""
    require_chromium()
    with running_app(tmp_path_factory.mktemp("streamlit")) as url:
        yield url
