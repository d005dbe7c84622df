"""Supervision that counts right: institutions' registration dates, inspections of schools (the schools' negative
list), the inspectors' own written findings kept apart, special campaigns with their partner departments, joint
inspections, the county's vacations, and a ticket's finding that a teacher moonlighted.

``inspection.institution_id`` becomes nullable (an inspection is of an institution or of a school). On SQLite that
is done by editing the table's stored definition, SQLite's documented way of dropping a NOT NULL constraint
(https://sqlite.org/lang_altertable.html, "the following simpler procedure"), not by rebuilding the table: a rebuild
drops the old table, and with foreign keys on (they cannot be switched off inside the migration's transaction)
dropping it would delete every aspect, violation and inspector row through ON DELETE CASCADE and refuse because of
the notices that refer to it. The integrity check after the edit must pass, or the upgrade is rolled back.

Revision ID: 0007_supervision
Revises: 0006_scale
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shuangjian_desktop.store import derived

revision: str = "0007_supervision"
down_revision: str | None = "0006_scale"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEPARTMENTS = (
    "市场监管局",
    "公安局",
    "消防救援大队",
    "民政局",
    "文化和旅游局",
    "卫生健康局",
    "人力资源和社会保障局",
    "网信办",
    "科技局",
    "乡镇（街道）",
)
"""The partner departments a county starts with (中办发〔2021〕40号 and the 聊城 plan name them); it adds its own."""

_NOT_NULL = re.compile(r"(\binstitution_id\s+INTEGER)\s+NOT\s+NULL", re.IGNORECASE)


def _edit_inspection_sqlite(conn: sa.Connection) -> None:
    """Drop NOT NULL from institution_id and add the foreign keys of the two new columns (all NULL so far) to the
    stored definition, then check the file."""
    sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'inspection'").scalar()
    changed, count = _NOT_NULL.subn(r"\1", sql, count=1)
    if count != 1 or not changed.rstrip().endswith(")"):
        raise RuntimeError("inspection: unexpected table definition")
    keys = "".join(
        f", \n\tCONSTRAINT fk_inspection_{column}_{table} FOREIGN KEY({column}) REFERENCES {table} (id)"
        " ON DELETE RESTRICT"
        for column, table in (("school_id", "school"), ("campaign_id", "campaign"))
    )
    changed = changed.rstrip()[:-1].rstrip() + keys + "\n)"
    version = conn.exec_driver_sql("PRAGMA schema_version").scalar()
    conn.exec_driver_sql("PRAGMA writable_schema = ON")
    conn.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'inspection'", (changed,))
    conn.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    conn.exec_driver_sql("PRAGMA writable_schema = OFF")
    problems = conn.exec_driver_sql("PRAGMA integrity_check").scalars().all()
    if problems != ["ok"]:
        raise RuntimeError(f"integrity check after editing inspection: {problems[:3]}")
    if conn.exec_driver_sql("PRAGMA foreign_key_check(inspection)").first() is not None:
        raise RuntimeError("foreign key check after editing inspection")


def upgrade() -> None:
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    op.create_table(
        "partner_department",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_department")),
        sa.UniqueConstraint("name", name=op.f("uq_partner_department_name")),
    )
    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "vacation",
                "holiday",
                "term_start",
                "other",
                name="campaign_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("lead", sa.String(length=100), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_campaign_period_in_order")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign")),
        sa.UniqueConstraint("name", name=op.f("uq_campaign_name")),
    )
    op.create_index(op.f("ix_campaign_kind"), "campaign", ["kind"], unique=False)
    op.create_index(op.f("ix_campaign_starts_on"), "campaign", ["starts_on"], unique=False)
    op.create_index(op.f("ix_campaign_ends_on"), "campaign", ["ends_on"], unique=False)
    op.create_table(
        "campaign_department",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_campaign_department_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["partner_department.id"],
            name=op.f("fk_campaign_department_department_id_partner_department"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_department")),
        sa.UniqueConstraint("campaign_id", "department_id", name=op.f("uq_campaign_department_campaign_id")),
    )
    op.create_index(op.f("ix_campaign_department_campaign_id"), "campaign_department", ["campaign_id"], unique=False)
    op.create_index(
        op.f("ix_campaign_department_department_id"), "campaign_department", ["department_id"], unique=False
    )
    op.create_table(
        "vacation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("last_day >= first_day", name=op.f("ck_vacation_period_in_order")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vacation")),
        sa.UniqueConstraint("name", "first_day", name=op.f("uq_vacation_name")),
    )
    op.create_index(op.f("ix_vacation_first_day"), "vacation", ["first_day"], unique=False)
    op.create_index(op.f("ix_vacation_last_day"), "vacation", ["last_day"], unique=False)
    op.create_table(
        "inspection_department",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
            name=op.f("fk_inspection_department_inspection_id_inspection"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["partner_department.id"],
            name=op.f("fk_inspection_department_department_id_partner_department"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_department")),
        sa.UniqueConstraint("inspection_id", "department_id", name=op.f("uq_inspection_department_inspection_id")),
    )
    op.create_index(
        op.f("ix_inspection_department_inspection_id"), "inspection_department", ["inspection_id"], unique=False
    )
    op.create_index(
        op.f("ix_inspection_department_department_id"), "inspection_department", ["department_id"], unique=False
    )

    # Plain ALTER TABLE ADD COLUMN: no table is rebuilt.
    op.add_column("institution", sa.Column("registered_on", sa.Date(), nullable=True))
    op.create_index(op.f("ix_institution_registered_on"), "institution", ["registered_on"], unique=False)
    op.add_column("ticket", sa.Column("moonlighting_found", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("inspection", sa.Column("written_findings", sa.Text(), nullable=True))
    if sqlite:
        conn.exec_driver_sql("ALTER TABLE inspection ADD COLUMN school_id INTEGER")
        conn.exec_driver_sql("ALTER TABLE inspection ADD COLUMN campaign_id INTEGER")
        _edit_inspection_sqlite(conn)
    else:
        op.add_column("inspection", sa.Column("school_id", sa.Integer(), nullable=True))
        op.add_column("inspection", sa.Column("campaign_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_inspection_school_id_school"), "inspection", "school", ["school_id"], ["id"], ondelete="RESTRICT"
        )
        op.create_foreign_key(
            op.f("fk_inspection_campaign_id_campaign"),
            "inspection",
            "campaign",
            ["campaign_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        op.alter_column("inspection", "institution_id", existing_type=sa.Integer(), nullable=True)
    op.create_index(op.f("ix_inspection_school_id"), "inspection", ["school_id"], unique=False)
    op.create_index(op.f("ix_inspection_campaign_id"), "inspection", ["campaign_id"], unique=False)

    # What the inspectors wrote themselves: the findings that are not the program's wording of what was ticked
    # (a rule restated, or the note of an aspect found wanting).
    position = "instr(inspection.findings, a.note)" if sqlite else "strpos(inspection.findings, a.note)"
    conn.execute(
        sa.text(
            "UPDATE inspection SET written_findings = findings WHERE findings IS NOT NULL AND findings != ''"
            " AND findings NOT LIKE '违反负面清单第%' AND NOT EXISTS (SELECT 1 FROM inspection_aspect a"
            " WHERE a.inspection_id = inspection.id AND NOT a.passed AND a.note IS NOT NULL AND a.note != ''"
            f" AND {position} > 0)"
        )
    )
    # 发现节假日违规培训 counts the holiday rule only (第18条); 第19条 is about online lessons.
    conn.exec_driver_sql(
        "UPDATE inspection SET holiday_training_found = EXISTS (SELECT 1 FROM inspection_violation v"
        " WHERE v.inspection_id = inspection.id AND v.rule_code IN ('I18', 'S13'))"
    )
    departments = sa.table(
        "partner_department",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("position", sa.Integer),
        sa.column("active", sa.Boolean),
    )
    op.bulk_insert(
        departments, [{"id": i, "name": n, "position": i, "active": True} for i, n in enumerate(DEPARTMENTS, start=1)]
    )
    if sqlite:
        for name in derived.CHANGED_IN_0007:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        derived.install(conn)


def downgrade() -> None:
    raise NotImplementedError("0007_supervision cannot be undone: restore the backup made before the upgrade")
