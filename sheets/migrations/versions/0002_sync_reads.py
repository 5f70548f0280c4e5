"""The sync worker's log: every read of every office, good or failed.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sync_reads",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("office", sa.String(20), nullable=False),
        sa.Column("source", sa.String(400), nullable=False),
        sa.Column("started_at", TZ, nullable=False),
        sa.Column("finished_at", TZ, nullable=False),
        sa.Column("ok", sa.Boolean, nullable=False),
        sa.Column("read_id", sa.Integer),
        sa.Column("changed", sa.Boolean, nullable=False),
        sa.Column("requests", sa.Integer, nullable=False),
        sa.Column("error_code", sa.String(40)),
        sa.Column("error_params", sa.Text),
        sa.Column("detail", sa.Text),
    )
    op.create_index("sync_reads_by_office", "sync_reads", ["office", "id"])
    op.create_index("sync_reads_by_source", "sync_reads", ["source", "id"])


def downgrade() -> None:
    op.drop_index("sync_reads_by_source", "sync_reads")
    op.drop_index("sync_reads_by_office", "sync_reads")
    op.drop_table("sync_reads")
