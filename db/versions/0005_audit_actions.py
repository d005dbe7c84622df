"""The audit trail also records exports, prints, looks at personal data and undone deletions: the allowed actions
of audit_log grow (SQLite rebuilds the table for a new CHECK; the append-only triggers are put back, the rows and
their hash chain are copied unchanged; PostgreSQL changes the CHECK in place).

Revision ID: 0005_audit_actions
Revises: 0004_notice_documents
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005_audit_actions"
down_revision: str | None = "0004_notice_documents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ("insert", "update", "delete")
NEW = (*OLD, "undelete", "export", "print", "reveal")
TRIGGERS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能修改'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能删除'); END",
)


def _allow(actions: Sequence[str]) -> None:
    if op.get_bind().dialect.name == "postgresql":  # a CHECK is changed in place; the triggers stay
        op.drop_constraint(op.f("ck_audit_log_audit_action"), "audit_log", type_="check")
        op.create_check_constraint(
            "audit_action", "audit_log", "action IN (" + ", ".join(f"'{a}'" for a in actions) + ")"
        )
        return
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    with op.batch_alter_table("audit_log", recreate="always") as batch:
        batch.drop_constraint(op.f("ck_audit_log_audit_action"), type_="check")
        batch.create_check_constraint("audit_action", "action IN (" + ", ".join(f"'{a}'" for a in actions) + ")")
    for trigger in TRIGGERS:
        op.execute(trigger)


def upgrade() -> None:
    _allow(NEW)


def downgrade() -> None:
    _allow(OLD)
