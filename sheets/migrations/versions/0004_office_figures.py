"""Each office's province-table figures as of one day, kept by the sync worker.

The province page shows every office's figures at once; validating 27 offices' reads again in
the app took most of its first view. The worker, which validates each read anyway, keeps the
figures it computed (once a day for a read that did not change).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "office_figures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("read_id", sa.Integer, sa.ForeignKey("reads.id", ondelete="CASCADE"), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("figures", sa.Text, nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("read_id", "as_of", "key", name="office_figures_once"),
    )


def downgrade() -> None:
    op.drop_table("office_figures")
