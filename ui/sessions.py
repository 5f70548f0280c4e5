"""Logins that were logged out, remembered on the server, so a copied login cookie dies at logout.

Streamlit's login cookie is signed, not stored: `st.logout` only asks this browser to
forget it, and a copy made before (another profile, a stolen cookie) would keep its
role for the cookie's 30 days. Pulih therefore records, per account, the issue time
(`iat`, the identity provider's clock) of the newest login that was logged out, and
grants no role to a login of that account issued at or before it. A new login is
issued later, so it works; logging out also ends that account's older logins elsewhere.

The record is one small JSON file (`[privacy] session_store` in secrets.toml, or
PULIH_SESSION_STORE, default `~/.cache/pulih/logouts.json`, mode 0600; `ui.config.settings`), written
atomically and read again whenever it changes, so every session of the server (and a
restart) sees a logout at once. It holds a hash of each account (issuer and subject,
`access.Login.account`), never an e-mail address, and one time each.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from pathlib import Path

from ui import config

ENV_SESSION_STORE = "PULIH_SESSION_STORE"
log = logging.getLogger(__name__)
_lock = threading.Lock()
# path -> ((modification time, size), the record as last read)
_cache: dict[str, tuple[tuple[int, int], dict[str, float]]] = {}


def store_path() -> Path:
    """Where the logout record is kept."""
    return config.settings().privacy.session_store


def _read(path: Path) -> dict[str, float] | None:
    """The record; None when it is damaged (then no login gets a role: failing closed)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return {}
    version = (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(str(path))
    if cached and cached[0] == version:
        return cached[1]
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = None
    if not isinstance(record, dict) or not all(isinstance(v, (int, float)) for v in record.values()):
        log.error("the logout record %s is damaged: no login gets a role until it is fixed or deleted", path)
        return None
    _cache[str(path)] = (version, record)
    return record


def ended_up_to(key: str) -> float | None:
    """The issue time up to which the account's logins are logged out; None when it never logged out."""
    with _lock:
        record = _read(store_path())
    return float("inf") if record is None else record.get(key)


def end(key: str, issued_at: float) -> None:
    """Log out the account's login issued at `issued_at`, and every earlier one."""
    path = store_path()
    with _lock:
        record = _read(path)
        if record is None:  # damaged: every login is refused already; never overwrite what it held
            return
        record = {**record, key: max(float(issued_at), record.get(key, float("-inf")))}
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".logouts-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(record, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
