"""The same program on a PostgreSQL server: a version on every ledger table's rows (a change made from a stale
copy is refused, store/versions.py), and an attachment's bytes may live in the database (a server keeps them there;
a database file keeps them as files beside it).

Revision ID: 0007_server
Revises: 0006_scale
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_server"
down_revision: str | None = "0006_scale"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


VERSIONED = (
    "app_user",
    "assignment",
    "inspection",
    "institution",
    "notice",
    "person",
    "school",
    "status_change",
    "teacher",
    "ticket",
)
"""Every table whose model is a ledger record (store/base.py Timestamps)."""


def upgrade() -> None:
    for table in VERSIONED:  # a plain ADD COLUMN on both engines: no table is rebuilt
        op.add_column(table, sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False))
    op.create_table(
        "attachment_content",
        sa.Column("stored_name", sa.String(length=80), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["stored_name"],
            ["attachment.stored_name"],
            name=op.f("fk_attachment_content_stored_name_attachment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("stored_name", name=op.f("pk_attachment_content")),
    )


def downgrade() -> None:
    op.drop_table("attachment_content")
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
