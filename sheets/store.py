"""The history store: where every read, lost row, publication and sync read is kept (SQLAlchemy 2, Alembic).

Embedded by default: an SQLite file in the app's data directory (`$XDG_DATA_HOME/pulih`, else
`~/.local/share/pulih`), one for real data and one for the demo, with no set-up. A shared
PostgreSQL server when `[database] url` (secrets) or `PULIH_DATABASE_URL` names one
(`postgresql://user@host/db`); the same code and the same migrations run on both. The schema is
created and upgraded by Alembic (`sheets/migrations/`) when a store is opened.

Identity data never enters the store: `sheets.history` refuses a workbook holding the
identity tab.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from sheets.settings import DatabaseSettings, Settings

ENV_URL = "PULIH_DATABASE_URL"
ENV_KEEP_DAYS = "PULIH_HISTORY_KEEP_DAYS"
MIGRATIONS = Path(__file__).with_name("migrations")

metadata = sa.MetaData()

sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(400), nullable=False, unique=True),  # e.g. sheets:<id>, file:<path>, demo
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

# One row of a tab, stored once however many reads hold it (keyed by the hash of its cells).
rows = sa.Table(
    "rows",
    metadata,
    sa.Column("hash", sa.String(32), primary_key=True),
    sa.Column("cells", sa.Text, nullable=False),  # JSON list of cells
)

reads = sa.Table(
    "reads",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column(
        "tabs", sa.LargeBinary, nullable=False
    ),  # packed JSON (zstd; zlib before): every tab's title, id and row hashes
    sa.Column("records", sa.LargeBinary, nullable=False),  # packed JSON: per contract tab, key -> row
    sa.Column("issues", sa.LargeBinary, nullable=False),  # packed JSON: the issues as validated then
    sa.Column("summary", sa.Text, nullable=False),  # JSON: accounting, issue counts, headline figures
    sa.Index("reads_by_source", "source_id", "id"),
    sa.Index("reads_by_hash", "source_id", "content_hash"),
)

# Each later read that found the sheet unchanged.
seen = sa.Table(
    "seen",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("read_id", sa.Integer, sa.ForeignKey("reads.id", ondelete="CASCADE"), nullable=False),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("seen_by_read", "read_id"),
)

# What changed from one read to the next, per record: the change log.
changes = sa.Table(
    "changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False),
    sa.Column("read_id", sa.Integer, sa.ForeignKey("reads.id", ondelete="CASCADE"), nullable=False),
    sa.Column("tab", sa.String(40), nullable=False),
    sa.Column("key", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),  # added, changed, removed
    sa.Column("row_before", sa.String(32)),
    sa.Column("row_after", sa.String(32)),
    sa.Column("row_number", sa.Integer),
    sa.Index("changes_by_key", "source_id", "tab", "key"),
)

# A record present in an earlier read and absent from a later one, until it is back or let go.
lost = sa.Table(
    "lost",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False),
    sa.Column("tab", sa.String(40), nullable=False),
    sa.Column("key", sa.String(200), nullable=False),
    sa.Column("row_hash", sa.String(32), nullable=False),  # its cells as last seen
    sa.Column("header_hash", sa.String(32), nullable=False),  # the header row it stood under
    sa.Column("row_number", sa.Integer, nullable=False),
    sa.Column("last_seen_read", sa.Integer, sa.ForeignKey("reads.id"), nullable=False),
    sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("lost_read", sa.Integer, sa.ForeignKey("reads.id"), nullable=False),
    sa.Column("lost_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("resolved_at", sa.DateTime(timezone=True)),
    sa.Column("resolution", sa.String(20)),  # back, removed (deliberately, by resolved_by)
    sa.Column("resolved_by", sa.String(200)),
    sa.Index("lost_open", "source_id", "resolved_at"),
)

# A suspicious change of many cells at once (the signature of sorting one column on its own).
alerts = sa.Table(
    "alerts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False),
    sa.Column("read_id", sa.Integer, sa.ForeignKey("reads.id"), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),  # mass-change, unreadable
    sa.Column("tab", sa.String(40), nullable=False),
    sa.Column("column", sa.String(100), nullable=False),
    sa.Column("changed", sa.Integer, nullable=False),
    sa.Column("of_rows", sa.Integer, nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ended_at", sa.DateTime(timezone=True)),
    sa.Column("ended_by", sa.String(200)),
)

publications = sa.Table(
    "publications",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("label", sa.String(100), nullable=False),
    sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False),
    sa.Column("read_id", sa.Integer, sa.ForeignKey("reads.id"), nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("k", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("release", sa.Text, nullable=False),  # JSON: exactly what the public sees
    sa.Column("cells", sa.Text, nullable=False),  # JSON: every cell's value and status (never public)
    sa.UniqueConstraint("source_id", "label", name="publications_source_label"),  # a label once per office
)

publication_files = sa.Table(
    "publication_files",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "publication_id", sa.Integer, sa.ForeignKey("publications.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("file_name", sa.String(200), nullable=False),
    sa.Column("mime", sa.String(120), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

# Each office's province-table figures of one read as of one day (`sheets.office_figures`), computed by
# the sync worker when it validates the read; `key` is the rules' version and the office's kecamatan list.
office_figures = sa.Table(
    "office_figures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("read_id", sa.Integer, sa.ForeignKey("reads.id", ondelete="CASCADE"), nullable=False),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("key", sa.String(64), nullable=False),
    sa.Column("figures", sa.Text, nullable=False),  # JSON: `sheets.office_figures.FIELDS`
    sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("read_id", "as_of", "key", name="office_figures_once"),
)

# Every read the sync worker made of an office's spreadsheet (`sheets.sync`), good or failed: what the
# app in store mode shows as "data as of", and why the latest read failed. No foreign key to `reads`:
# a pruned read leaves its log line.
sync_reads = sa.Table(
    "sync_reads",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("office", sa.String(20), nullable=False),  # Kemendagri code, e.g. 32.12
    sa.Column("source", sa.String(400), nullable=False),  # as sources.name: sheets:<url>
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ok", sa.Boolean, nullable=False),
    sa.Column("read_id", sa.Integer),  # the recorded read (reads.id) when ok
    sa.Column("changed", sa.Boolean, nullable=False),
    sa.Column("requests", sa.Integer, nullable=False),  # requests to Google, retries included
    sa.Column("error_code", sa.String(40)),  # a SheetsError code (sheets.<code> in the catalogs)
    sa.Column("error_params", sa.Text),  # JSON: the fields of its sentence
    sa.Column("detail", sa.Text),
    sa.Index("sync_reads_by_office", "office", "id"),
    sa.Index("sync_reads_by_source", "source", "id"),
)


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The app's data directory: `$XDG_DATA_HOME/pulih`, else `~/.local/share/pulih`."""
    return Settings.build({}, environ).paths.data_dir


def url_of(database: DatabaseSettings, *, demo: bool = False) -> str:
    """The store's URL from the settings: the configured one (with its driver), else the embedded SQLite file.

    The demo keeps its own embedded file, so its synthetic history never mixes with real reads.
    """
    if database.url:
        return _with_driver(database.url)
    name = "history-demo.sqlite" if demo else "history.sqlite"
    return f"sqlite:///{database.data_dir / name}"


def database_url(
    secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None, *, demo: bool = False
) -> str:
    """The store's URL: `PULIH_DATABASE_URL`, else `[database] url`, else the embedded SQLite file."""
    return url_of(Settings.build(secrets, environ).database, demo=demo)


def keep_days(
    secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> int | None:
    """How long reads are kept: `PULIH_HISTORY_KEEP_DAYS`, else `[database] keep_days`, else two years.

    0 keeps every read. The latest read of a source, reads a publication froze and reads a lost
    row or alert points at are always kept. A value that is not a whole number is an error.
    """
    return Settings.build(secrets, environ).database.keep_days


def _with_driver(url: str) -> str:
    """`postgresql://` means psycopg 3 here (SQLAlchemy would otherwise look for psycopg2)."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("postgres://"):
        return "postgresql+psycopg://" + url[len("postgres://") :]
    return url


def redacted(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return sa.engine.make_url(url).render_as_string(hide_password=True)


_engines: dict[str, Engine] = {}
_upgraded: set[str] = set()
_lock = threading.Lock()


def engine(url: str) -> Engine:
    """One engine per URL for the process, its schema brought up to date on first use."""
    with _lock:
        if url not in _engines:
            if url.startswith("sqlite:///"):
                Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
                made = sa.create_engine(url, connect_args={"timeout": 30})
                sa.event.listen(made, "connect", _sqlite_pragmas)
            else:
                made = sa.create_engine(url, pool_pre_ping=True)
            _engines[url] = made
        made = _engines[url]
        if url not in _upgraded:
            upgrade(made)
            _upgraded.add(url)
        return made


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the one writer
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def head_revision() -> str:
    """The newest migration's revision: each file is named after its revision (`0001_history.py`: "0001")."""
    return max(path.name.split("_", 1)[0] for path in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def at_head(made: Engine) -> bool:
    """Whether the store's schema is the newest revision already (False for a new or older store)."""
    try:
        with made.connect() as connection:
            found = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
    except sa.exc.SQLAlchemyError:  # no version table: a new store
        return False
    return found == [head_revision()]


def upgrade(made: Engine) -> None:
    """Create or migrate the schema to the newest revision (Alembic), in one transaction.

    A store already at the newest revision is left alone without loading Alembic, a tenth of
    a second on the critical path of a server's first read.
    """
    if at_head(made):
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with made.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A migration may copy a table (SQLite's way to change a constraint): with foreign keys
            # enforced, dropping the old copy would cascade to the rows that point at it (a
            # publication's files). SQLite ignores this pragma inside a transaction, so it comes first.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"the migration left rows pointing nowhere: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def forget() -> None:
    """Close every engine (tests, and a store that was moved)."""
    with _lock:
        for made in _engines.values():
            made.dispose()
        _engines.clear()
        _upgraded.clear()
