"""The same program on a PostgreSQL server: a version on every ledger table's rows (a change made from a stale
copy is refused, store/versions.py), and an attachment's bytes may live in the database (a server keeps them there;
a database file keeps them as files beside it). On PostgreSQL the text indexes and sort-key triggers are made anew
from today's declarations (earlier migrations made what their tables then allowed) and every key sequence is set
after the highest key (a migration that inserted rows with their keys, as 0007's partner departments, leaves it
behind).

Revision ID: 0010_server
Revises: 0009_keys_and_recycle
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_server"
down_revision: str | None = "0009_keys_and_recycle"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


VERSIONED = (
    "app_user",
    "assignment",
    "campaign",
    "disposal_plan",
    "fund_account",
    "fund_charge",
    "inspection",
    "institution",
    "list_entry",
    "notice",
    "patrol_plan",
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
        sa.PrimaryKeyConstraint("stored_name", name=op.f("pk_attachment_content")),
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        from shuangjian_desktop.store import derived_pg
        from shuangjian_desktop.store.copying import reset_sequences

        derived_pg.reinstall(bind)
        reset_sequences(bind)


def downgrade() -> None:
    op.drop_table("attachment_content")
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
