"""County scale: an index for every sortable column, sort keys copied from referenced rows (kept by triggers), and
trigram text indexes for searching (kept by triggers); see shuangjian_desktop/store/derived.py.

Columns are added with plain ALTER TABLE (no table rebuild, so nothing else on the tables is lost), then the
derived tables and triggers are made and filled from the rows already there.

Revision ID: 0006_scale
Revises: 0005_audit_actions
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shuangjian_desktop.store import derived

revision: str = "0006_scale"
down_revision: str | None = "0005_audit_actions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_COLUMNS = (
    ("institution", "place_sort", 120),
    ("ticket", "institution_sort", 400),
    ("ticket", "handler_sort", 400),
    ("inspection", "institution_sort", 400),
    ("notice", "institution_sort", 400),
    ("teacher", "school_sort", 400),
    ("assignment", "person_sort", 400),
    ("assignment", "target_sort", 400),
)
NEW_INDEXES = (
    ("institution", ("area", "mode", "profit_status", "legal_rep", "phone", "students", "prepaid_balance_cents",
                     "risk_grade", "place_sort")),
    ("ticket", ("subject", "institution_sort", "handler_sort")),
    ("inspection", ("method", "key_hours", "result", "institution_sort")),
    ("notice", ("kind", "served_on", "institution_sort")),
    ("person", ("phone", "unit", "title")),
    ("teacher", ("subject", "pledge_signed", "moonlighting", "school_sort")),
    ("assignment", ("starts_on", "ends_on", "letter_signed_on", "person_sort", "target_sort")),
    ("audit_log", ("action", "summary")),
)  # fmt: skip


COMPOSITE_INDEXES = (
    ("institution", ("status", "sort_name")),
    ("institution", ("category", "sort_name")),
    ("ticket", ("status", "received_at")),
    ("ticket", ("source", "received_at")),
    ("ticket", ("category", "received_at")),
    ("inspection", ("method", "started_at")),
    ("inspection", ("result", "started_at")),
    ("notice", ("status", "doc_number")),
    ("notice", ("kind", "doc_number")),
    ("teacher", ("pledge_signed", "sort_name")),
    ("teacher", ("moonlighting", "sort_name")),
    ("teacher", ("school_id", "sort_name")),
)
"""A filter in a ledger's default order reads straight out of one of these."""


def upgrade() -> None:
    for table, column, length in NEW_COLUMNS:
        op.add_column(table, sa.Column(column, sa.String(length=length), nullable=True))
    for table, columns in NEW_INDEXES:
        for column in columns:
            op.create_index(f"ix_{table}_{column}", table, [column], unique=False)
    for table, columns in COMPOSITE_INDEXES:
        op.create_index(f"ix_{table}_{'_'.join(columns)}", table, list(columns), unique=False)
    derived.install(op.get_bind())  # SQLite: FTS5 tables and triggers; PostgreSQL: GIN indexes and plpgsql triggers


def downgrade() -> None:
    derived.drop_all(op.get_bind())
    for table, columns in COMPOSITE_INDEXES:
        op.drop_index(f"ix_{table}_{'_'.join(columns)}", table_name=table)
    for table, columns in NEW_INDEXES:
        for column in columns:
            op.drop_index(f"ix_{table}_{column}", table_name=table)
    for table, column, _length in NEW_COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
