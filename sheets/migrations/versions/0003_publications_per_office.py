"""A publication's label is unique within its office (its source), not across the store.

Two offices sharing a store both publish `2026-11`; before this revision the second one was
refused, and the public page of one office could show the other's figures.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# 0001 declared the label `unique=True` without a name: PostgreSQL named it `publications_label_key`;
# SQLite keeps it unnamed, so the batch (a copy of the table) gives it this name to drop it by.
_SQLITE_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
NEW = "publications_source_label"


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        with op.batch_alter_table(
            "publications", recreate="always", naming_convention=_SQLITE_NAMES
        ) as batch:
            batch.drop_constraint("uq_publications_label", type_="unique")
            batch.create_unique_constraint(NEW, ["source_id", "label"])
    else:
        op.drop_constraint("publications_label_key", "publications", type_="unique")
        op.create_unique_constraint(NEW, "publications", ["source_id", "label"])


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        with op.batch_alter_table("publications", recreate="always") as batch:
            batch.drop_constraint(NEW, type_="unique")
            batch.create_unique_constraint("uq_publications_label", ["label"])
    else:
        op.drop_constraint(NEW, "publications", type_="unique")
        op.create_unique_constraint("publications_label_key", "publications", ["label"])
