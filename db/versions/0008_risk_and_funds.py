"""Supervision (issue 16): the monthly patrol plan, risk grading with its history, disposal case files, prepaid-fund
supervision accounts with balance snapshots and checked charges, and the public white and black lists.

Institutions already marked blacklisted get a blacklist entry (reason: marked before lists were kept), so that
``institution.blacklisted`` and the list agree from the start. The sort keys of the new tables are kept by triggers
(store/derived.py).

Revision ID: 0008_risk_and_funds
Revises: 0007_supervision
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shuangjian_desktop.store import derived

revision: str = "0008_risk_and_funds"
down_revision: str | None = "0007_supervision"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "fund_snapshot",
    "risk_state",
    "risk_assessment",
    "patrol_target",
    "list_entry",
    "fund_charge",
    "fund_account",
    "disposal_plan",
    "patrol_plan",
)
"""In the order they are dropped (referring tables first)."""
LEGACY_BLACKLIST = (
    "INSERT INTO list_entry (kind, institution_id, listed_on, reason, doc_number, listed_by, created_at, updated_at)"
    " SELECT 'black', id, date(updated_at), '升级前已在机构台账中标注为黑名单（原因和文号请补录）', NULL, '升级',"
    " datetime('now', 'localtime'), datetime('now', 'localtime') FROM institution WHERE blacklisted = 1"
)


def upgrade() -> None:
    op.create_table(
        "patrol_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("made_by", sa.String(length=50), nullable=False),
        sa.Column("frequency", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_plan")),
        sa.UniqueConstraint("month", name=op.f("uq_patrol_plan_month")),
    )
    op.create_table(
        "disposal_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column(
            "grade",
            sa.Enum("A", "B", "C", "D", name="disposal_grade", native_enum=False, create_constraint=True, length=32),
            nullable=True,
        ),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("measures", sa.Text(), nullable=False),
        sa.Column("responsible", sa.String(length=50), nullable=False),
        sa.Column("responsible_phone", sa.String(length=30), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("institution_sort", sa.String(length=400), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("due_on IS NULL OR due_on >= opened_on", name=op.f("ck_disposal_plan_dates_in_order")),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institution.id"],
            name=op.f("fk_disposal_plan_institution_id_institution"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disposal_plan")),
    )
    with op.batch_alter_table("disposal_plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disposal_plan_closed_on"), ["closed_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_disposal_plan_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_disposal_plan_grade"), ["grade"], unique=False)
        batch_op.create_index(batch_op.f("ix_disposal_plan_institution_id"), ["institution_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_disposal_plan_institution_sort"), ["institution_sort"], unique=False)
        batch_op.create_index(batch_op.f("ix_disposal_plan_opened_on"), ["opened_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_disposal_plan_responsible"), ["responsible"], unique=False)

    op.create_table(
        "fund_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("bank", sa.String(length=100), nullable=False),
        sa.Column("account_no", sa.String(length=40), nullable=False),
        sa.Column("account_name", sa.String(length=120), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=True),
        sa.Column("minimum_balance_cents", sa.Integer(), nullable=False),
        sa.Column("balance_cents", sa.Integer(), nullable=True),
        sa.Column("balance_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("institution_sort", sa.String(length=400), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("minimum_balance_cents >= 0", name=op.f("ck_fund_account_minimum_not_negative")),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institution.id"],
            name=op.f("fk_fund_account_institution_id_institution"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_account")),
        sa.UniqueConstraint("account_no", name=op.f("uq_fund_account_account_no")),
        sa.UniqueConstraint("institution_id", name=op.f("uq_fund_account_institution_id")),
    )
    with op.batch_alter_table("fund_account", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fund_account_balance_cents"), ["balance_cents"], unique=False)
        batch_op.create_index(batch_op.f("ix_fund_account_balance_on"), ["balance_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_fund_account_institution_sort"), ["institution_sort"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_fund_account_minimum_balance_cents"), ["minimum_balance_cents"], unique=False
        )

    op.create_table(
        "fund_charge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("charged_on", sa.Date(), nullable=False),
        sa.Column("contract_no", sa.String(length=60), nullable=True),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=True),
        sa.Column("lessons", sa.Integer(), nullable=True),
        sa.Column("breach", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("institution_sort", sa.String(length=400), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institution.id"],
            name=op.f("fk_fund_charge_institution_id_institution"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_charge")),
    )
    with op.batch_alter_table("fund_charge", schema=None) as batch_op:
        batch_op.create_index("ix_fund_charge_breach_charged_on", ["breach", "charged_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_fund_charge_charged_on"), ["charged_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_fund_charge_institution_id"), ["institution_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_fund_charge_institution_sort"), ["institution_sort"], unique=False)

    op.create_table(
        "list_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("black", "white", name="list_kind", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("listed_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("doc_number", sa.String(length=60), nullable=True),
        sa.Column("listed_by", sa.String(length=50), nullable=False),
        sa.Column("removed_on", sa.Date(), nullable=True),
        sa.Column("removal_reason", sa.Text(), nullable=True),
        sa.Column("removal_doc_number", sa.String(length=60), nullable=True),
        sa.Column("removed_by", sa.String(length=50), nullable=True),
        sa.Column("institution_sort", sa.String(length=400), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("removed_on IS NULL OR removed_on >= listed_on", name=op.f("ck_list_entry_dates_in_order")),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institution.id"],
            name=op.f("fk_list_entry_institution_id_institution"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_entry")),
    )
    with op.batch_alter_table("list_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_list_entry_institution_id"), ["institution_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_list_entry_institution_sort"), ["institution_sort"], unique=False)
        batch_op.create_index(batch_op.f("ix_list_entry_kind"), ["kind"], unique=False)
        batch_op.create_index("ix_list_entry_kind_listed_on", ["kind", "listed_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_list_entry_listed_on"), ["listed_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_list_entry_removed_on"), ["removed_on"], unique=False)
        batch_op.create_index(
            "ux_list_entry_open",
            ["kind", "institution_id"],
            unique=True,
            sqlite_where=sa.text("removed_on IS NULL"),
            postgresql_where=sa.text("removed_on IS NULL"),
        )

    op.create_table(
        "patrol_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("inspector_id", sa.Integer(), nullable=True),
        sa.Column(
            "grade",
            sa.Enum("A", "B", "C", "D", name="target_grade", native_enum=False, create_constraint=True, length=32),
            nullable=True,
        ),
        sa.Column("planned", sa.Integer(), nullable=False),
        sa.Column("planned_key", sa.Integer(), nullable=False),
        sa.Column("inspector_sort", sa.String(length=400), nullable=False),
        sa.Column("institution_sort", sa.String(length=400), nullable=False),
        sa.CheckConstraint(
            "planned >= 0 AND planned_key >= 0 AND planned_key <= planned",
            name=op.f("ck_patrol_target_visits_in_range"),
        ),
        sa.ForeignKeyConstraint(
            ["inspector_id"], ["person.id"], name=op.f("fk_patrol_target_inspector_id_person"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institution.id"],
            name=op.f("fk_patrol_target_institution_id_institution"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["patrol_plan.id"], name=op.f("fk_patrol_target_plan_id_patrol_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patrol_target")),
        sa.UniqueConstraint("plan_id", "institution_id", name=op.f("uq_patrol_target_plan_id")),
    )
    with op.batch_alter_table("patrol_target", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patrol_target_inspector_id"), ["inspector_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_patrol_target_institution_id"), ["institution_id"], unique=False)
        batch_op.create_index("ix_patrol_target_plan_id_inspector_id", ["plan_id", "inspector_id"], unique=False)
        batch_op.create_index(
            "ix_patrol_target_plan_id_order", ["plan_id", "inspector_sort", "institution_sort", "id"], unique=False
        )

    op.create_table(
        "risk_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("assessed_at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column(
            "grade",
            sa.Enum("A", "B", "C", "D", name="assessed_grade", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column(
            "previous_grade",
            sa.Enum("A", "B", "C", "D", name="previous_grade", native_enum=False, create_constraint=True, length=32),
            nullable=True,
        ),
        sa.Column(
            "computed_grade",
            sa.Enum(
                "A",
                "B",
                "C",
                "D",
                name="assessment_computed_grade",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("username", sa.String(length=50), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institution.id"],
            name=op.f("fk_risk_assessment_institution_id_institution"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_assessment")),
    )
    with op.batch_alter_table("risk_assessment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_assessment_assessed_at"), ["assessed_at"], unique=False)
        batch_op.create_index("ix_risk_assessment_institution_id_id", ["institution_id", "id"], unique=False)

    op.create_table(
        "risk_state",
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column(
            "computed_grade",
            sa.Enum("A", "B", "C", "D", name="computed_grade", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("factors", sa.String(length=200), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("assessed_at", sa.DateTime(), nullable=False),
        sa.Column(
            "override_grade",
            sa.Enum("A", "B", "C", "D", name="override_grade", native_enum=False, create_constraint=True, length=32),
            nullable=True,
        ),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("override_by", sa.String(length=50), nullable=True),
        sa.Column("override_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institution.id"],
            name=op.f("fk_risk_state_institution_id_institution"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("institution_id", name=op.f("pk_risk_state")),
    )
    with op.batch_alter_table("risk_state", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_state_assessed_at"), ["assessed_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_risk_state_computed_grade"), ["computed_grade"], unique=False)
        batch_op.create_index(batch_op.f("ix_risk_state_override_grade"), ["override_grade"], unique=False)
        batch_op.create_index(batch_op.f("ix_risk_state_score"), ["score"], unique=False)

    op.create_table(
        "fund_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("balance_cents", sa.Integer(), nullable=False),
        sa.Column("income_cents", sa.Integer(), nullable=True),
        sa.Column("spent_cents", sa.Integer(), nullable=True),
        sa.Column("change_cents", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("recorded_by", sa.String(length=50), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["fund_account.id"],
            name=op.f("fk_fund_snapshot_account_id_fund_account"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_snapshot")),
        sa.UniqueConstraint("account_id", "taken_on", name=op.f("uq_fund_snapshot_account_id")),
    )
    with op.batch_alter_table("fund_snapshot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fund_snapshot_taken_on"), ["taken_on"], unique=False)

    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(LEGACY_BLACKLIST)
    else:  # PostgreSQL spells the local time and true its own way
        conn.exec_driver_sql(
            LEGACY_BLACKLIST.replace("datetime('now', 'localtime')", "LOCALTIMESTAMP(0)").replace(
                "blacklisted = 1", "blacklisted"
            )
        )
    if conn.dialect.name == "sqlite":
        derived.install(conn)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS sj_institution_sort_sv_au")
        for table in ("disposal_plan", "fund_account", "fund_charge", "list_entry"):
            op.execute(f"DROP TRIGGER IF EXISTS sj_{table}_sort_ai")
            op.execute(f"DROP TRIGGER IF EXISTS sj_{table}_sort_fk_au")
    for table in TABLES:
        op.drop_table(table)
