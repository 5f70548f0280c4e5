"""The history store: sources, rows, reads, seen, changes, lost rows, alerts, publications.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(400), nullable=False, unique=True),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "rows",
        sa.Column("hash", sa.String(32), primary_key=True),
        sa.Column("cells", sa.Text, nullable=False),
    )
    op.create_table(
        "reads",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("read_at", TZ, nullable=False),
        sa.Column("recorded_at", TZ, nullable=False),
        sa.Column("tabs", sa.LargeBinary, nullable=False),
        sa.Column("records", sa.LargeBinary, nullable=False),
        sa.Column("issues", sa.LargeBinary, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
    )
    op.create_index("reads_by_source", "reads", ["source_id", "id"])
    op.create_index("reads_by_hash", "reads", ["source_id", "content_hash"])
    op.create_table(
        "seen",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("read_id", sa.Integer, sa.ForeignKey("reads.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seen_at", TZ, nullable=False),
    )
    op.create_index("seen_by_read", "seen", ["read_id"])
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False),
        sa.Column("read_id", sa.Integer, sa.ForeignKey("reads.id", ondelete="CASCADE"), nullable=False),
        sa.Column("tab", sa.String(40), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("row_before", sa.String(32)),
        sa.Column("row_after", sa.String(32)),
        sa.Column("row_number", sa.Integer),
    )
    op.create_index("changes_by_key", "changes", ["source_id", "tab", "key"])
    op.create_table(
        "lost",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False),
        sa.Column("tab", sa.String(40), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("row_hash", sa.String(32), nullable=False),
        sa.Column("header_hash", sa.String(32), nullable=False),
        sa.Column("row_number", sa.Integer, nullable=False),
        sa.Column("last_seen_read", sa.Integer, sa.ForeignKey("reads.id"), nullable=False),
        sa.Column("last_seen_at", TZ, nullable=False),
        sa.Column("lost_read", sa.Integer, sa.ForeignKey("reads.id"), nullable=False),
        sa.Column("lost_at", TZ, nullable=False),
        sa.Column("resolved_at", TZ),
        sa.Column("resolution", sa.String(20)),
        sa.Column("resolved_by", sa.String(200)),
    )
    op.create_index("lost_open", "lost", ["source_id", "resolved_at"])
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False),
        sa.Column("read_id", sa.Integer, sa.ForeignKey("reads.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("tab", sa.String(40), nullable=False),
        sa.Column("column", sa.String(100), nullable=False),
        sa.Column("changed", sa.Integer, nullable=False),
        sa.Column("of_rows", sa.Integer, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("detected_at", TZ, nullable=False),
        sa.Column("ended_at", TZ),
        sa.Column("ended_by", sa.String(200)),
    )
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("label", sa.String(100), nullable=False, unique=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id"), nullable=False),
        sa.Column("read_id", sa.Integer, sa.ForeignKey("reads.id"), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("k", sa.Integer, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("release", sa.Text, nullable=False),
        sa.Column("cells", sa.Text, nullable=False),
    )
    op.create_table(
        "publication_files",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "publication_id", sa.Integer, sa.ForeignKey("publications.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("mime", sa.String(120), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "publication_files",
        "publications",
        "alerts",
        "lost",
        "changes",
        "seen",
        "reads",
        "rows",
        "sources",
    ):
        op.drop_table(table)
