"""Notices a legal reviewer signs: receipt fields (time, place, manner, witness, proxy), the contact person and
phone printed on the notice, the county's reconsideration body and court, and notice_event (each step on the day
it took effect) filled from the notices already issued.

Revision ID: 0004_notice_documents
Revises: 0003_audit_chain
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_notice_documents"
down_revision: str | None = "0003_audit_chain"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUS = sa.Enum(
    "issued",
    "served",
    "rectifying",
    "passed",
    "failed",
    "escalated",
    name="notice_status",
    native_enum=False,
    create_constraint=True,
    length=32,
)


def upgrade() -> None:
    with op.batch_alter_table("notice") as batch:
        batch.add_column(sa.Column("served_time", sa.Time(), nullable=True))
        batch.add_column(sa.Column("service_place", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("service_manner", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("witness", sa.String(length=50), nullable=True))
        batch.add_column(sa.Column("proxy", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("contact", sa.String(length=50), nullable=True))
        batch.add_column(sa.Column("contact_phone", sa.String(length=30), nullable=True))
    with op.batch_alter_table("bureau_profile") as batch:
        batch.add_column(sa.Column("reconsideration_body", sa.String(length=100), nullable=False, server_default=""))
        batch.add_column(sa.Column("litigation_court", sa.String(length=100), nullable=False, server_default=""))
    with op.batch_alter_table("bureau_profile") as batch:
        batch.alter_column("reconsideration_body", server_default=None)
        batch.alter_column("litigation_court", server_default=None)
    op.create_table(
        "notice_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("status", STATUS, nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("username", sa.String(length=50), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["notice_id"], ["notice.id"], name="fk_notice_event_notice_id_notice", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_notice_event"),
    )
    op.create_index("ix_notice_event_notice_id", "notice_event", ["notice_id"])
    op.create_index("ix_notice_event_effective_on", "notice_event", ["effective_on"])
    # (SQLite's two-argument MAX is PostgreSQL's GREATEST; date() is a function on both)
    latest = "GREATEST" if op.get_bind().dialect.name == "postgresql" else "MAX"
    # The history of notices issued before this revision, from what they hold: issued and served on their days;
    # a later status on the day of the re-inspection, else of the escalation notice, else of the last change.
    op.execute(
        "INSERT INTO notice_event (notice_id, step, status, effective_on, username) "
        "SELECT id, 'issue', 'issued', issued_on, '' FROM notice"
    )
    op.execute(
        "INSERT INTO notice_event (notice_id, step, status, effective_on, username) "
        "SELECT id, 'serve', 'served', served_on, '' FROM notice WHERE served_on IS NOT NULL"
    )
    op.execute(
        "INSERT INTO notice_event (notice_id, step, status, effective_on, username) "
        "SELECT n.id, CASE n.status WHEN 'rectifying' THEN 'rectifying' WHEN 'passed' THEN 'pass' "
        "WHEN 'failed' THEN 'fail' ELSE 'fail' END, "
        "CASE n.status WHEN 'escalated' THEN 'failed' ELSE n.status END, "
        f"{latest}(COALESCE(n.served_on, n.issued_on), "
        "COALESCE(date(r.started_at), date(e.issued_on), date(n.updated_at), n.issued_on)), '' "
        "FROM notice n LEFT JOIN inspection r ON r.id = n.reinspection_id LEFT JOIN notice e ON e.id = n.escalated_to_id "
        "WHERE n.status IN ('rectifying', 'passed', 'failed', 'escalated')"
    )
    op.execute(
        "INSERT INTO notice_event (notice_id, step, status, effective_on, username) "
        "SELECT n.id, 'escalate', 'escalated', COALESCE(e.issued_on, date(n.updated_at)), '' "
        "FROM notice n LEFT JOIN notice e ON e.id = n.escalated_to_id WHERE n.status = 'escalated'"
    )


def downgrade() -> None:
    op.drop_index("ix_notice_event_effective_on", table_name="notice_event")
    op.drop_index("ix_notice_event_notice_id", table_name="notice_event")
    op.drop_table("notice_event")
    with op.batch_alter_table("bureau_profile") as batch:
        batch.drop_column("litigation_court")
        batch.drop_column("reconsideration_body")
    with op.batch_alter_table("notice") as batch:
        for column in (
            "contact_phone",
            "contact",
            "proxy",
            "witness",
            "service_manner",
            "service_place",
            "served_time",
        ):
            batch.drop_column(column)
