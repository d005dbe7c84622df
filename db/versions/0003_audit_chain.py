"""The audit trail becomes tamper-evident: every row carries a hash chained to the row before it.

Existing rows are chained in id order (the append-only trigger is lifted for that one pass and put back).

Revision ID: 0003_audit_chain
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shuangjian_desktop.store.audit_chain import GENESIS, row_hash

revision: str = "0003_audit_chain"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NO_UPDATE = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能修改'); END"
)
NO_DELETE = (
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能删除'); END"
)


PG_NO_UPDATE = "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
PG_NO_DELETE = "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"


def _server() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("chain", sa.String(length=64), nullable=True))
    bind = op.get_bind()
    table = sa.table(
        "audit_log",
        sa.column("id", sa.Integer),
        sa.column("at", sa.DateTime),
        sa.column("username", sa.String),
        sa.column("action", sa.String),
        sa.column("entity", sa.String),
        sa.column("entity_id", sa.Integer),
        sa.column("summary", sa.String),
        sa.column("changes", sa.Text),
        sa.column("chain", sa.String),
    )
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update" + (" ON audit_log" if _server() else ""))
    previous, after = GENESIS, 0
    while True:
        rows = list(
            bind.execute(sa.select(table).where(table.c.id > after).order_by(table.c.id).limit(5000)).mappings()
        )
        if not rows:
            break
        updates = []
        for row in rows:
            previous = row_hash(previous, row)
            updates.append({"row_id": row["id"], "value": previous})
        bind.execute(
            table.update().where(table.c.id == sa.bindparam("row_id")).values(chain=sa.bindparam("value")), updates
        )
        after = rows[-1]["id"]
    op.execute(PG_NO_UPDATE if _server() else NO_UPDATE)


def downgrade() -> None:
    on = " ON audit_log" if _server() else ""
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update" + on)
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete" + on)
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("chain")
    op.execute(PG_NO_UPDATE if _server() else NO_UPDATE)
    op.execute(PG_NO_DELETE if _server() else NO_DELETE)
