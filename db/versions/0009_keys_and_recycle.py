"""Keys read word by word and 最近删除.

- Pinyin sort keys for the places (their sort names feed the institutions' place sort and the assignments' target
  sort, whose triggers are made anew), for an institution's legal representative and a person's unit and title;
  natural sort keys for document numbers. Columns are added with plain ALTER TABLE (no table rebuild).
- deleted_record: a deleted record kept whole, so that it can be put back; searched by its own text index.
- The keys already stored were made character by character: a database holding rows is marked for the start-up
  refresh (services/base/rekey.py, in batches, in the background); a new, empty one is marked current.

Revision ID: 0009_keys_and_recycle
Revises: 0008_risk_and_funds
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shuangjian_desktop.store import derived

revision: str = "0009_keys_and_recycle"
down_revision: str | None = "0008_risk_and_funds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PLACES = ("township", "community", "compound")
SORTS = (
    ("institution", "legal_rep_sort"),
    ("person", "unit_sort"),
    ("person", "title_sort"),
    ("notice", "doc_sort"),
    ("status_change", "doc_sort"),
)
COMPOSITE_INDEXES = (("notice", ("status", "doc_sort")), ("notice", ("kind", "doc_sort")))
LEDGERS = ("township", "institution", "person", "school", "teacher", "ticket", "notice", "status_change")


def upgrade() -> None:
    bind = op.get_bind()
    for table in PLACES:
        op.add_column(table, sa.Column("sort_name", sa.String(length=400), nullable=False, server_default=""))
    for table, column in SORTS:
        op.add_column(table, sa.Column(column, sa.String(length=400), nullable=True))
        op.create_index(f"ix_{table}_{column}", table, [column], unique=False)
    for table, columns in COMPOSITE_INDEXES:
        op.create_index(f"ix_{table}_{'_'.join(columns)}", table, list(columns), unique=False)
    op.create_table(
        "deleted_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.Column("rows", sa.Text(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_by", sa.String(length=50), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deleted_record")),
    )
    op.create_index("ix_deleted_record_entity_deleted_at", "deleted_record", ["entity", "deleted_at"], unique=False)
    op.create_index(op.f("ix_deleted_record_entity_id"), "deleted_record", ["entity_id"], unique=False)
    op.create_index(op.f("ix_deleted_record_deleted_at"), "deleted_record", ["deleted_at"], unique=False)
    if bind.dialect.name == "sqlite":
        derived.remake_place_sorts(bind)
        derived.install(bind)
        empty = not any(bind.exec_driver_sql(f"SELECT 1 FROM {table} LIMIT 1").first() for table in LEDGERS)
        derived.set_keys_version(bind, derived.KEYS_VERSION if empty else 1)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql("DROP TRIGGER IF EXISTS sj_deleted_record_fts_ai")
        bind.exec_driver_sql("DROP TRIGGER IF EXISTS sj_deleted_record_fts_ad")
        bind.exec_driver_sql("DROP TRIGGER IF EXISTS sj_deleted_record_fts_au")
        bind.exec_driver_sql("DROP TABLE IF EXISTS deleted_record_fts_vocab")
        bind.exec_driver_sql("DROP TABLE IF EXISTS deleted_record_fts")
    op.drop_table("deleted_record")
    for table, columns in COMPOSITE_INDEXES:
        op.drop_index(f"ix_{table}_{'_'.join(columns)}", table_name=table)
    for table, column in SORTS:
        op.drop_index(f"ix_{table}_{column}", table_name=table)
        op.drop_column(table, column)
    for table in PLACES:
        op.drop_column(table, "sort_name")
