"""Every change writes its audit row in the same transaction; the audit table refuses UPDATE and DELETE;
the constraints the models declare are real."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.enums import AssignmentKind, AuditAction, Category, ProfitStatus, Status
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.audit import PENDING_KEY
from shuangjian_desktop.store.models import Assignment, AuditEntry, Institution, Person

CODE = "91510199MA62C1Y00G"


def _institution(**kwargs: object) -> Institution:
    values = {
        "name": "示范县启明培训学校有限公司",
        "credit_code": CODE,
        "category": Category.SUBJECT,
        "profit_status": ProfitStatus.FOR_PROFIT,
        "status": Status.OPERATING,
    }
    values.update(kwargs)
    return Institution(**values)


def test_insert_update_delete_are_audited_with_old_and_new(workspace: Workspace) -> None:
    store = workspace.store
    with store.write("张三", Action.EDIT_LEDGERS) as uow:
        uow.session.add(_institution())
        uow.commit()
    with store.write("李四", Action.EDIT_LEDGERS) as uow:
        inst = uow.session.scalar(select(Institution))
        inst.students = 120
        inst.status = Status.SUSPENDED
        uow.commit()
    with store.write("王五", Action.EDIT_LEDGERS) as uow:
        uow.session.delete(uow.session.scalar(select(Institution)))
        uow.commit()
    with store.read() as uow:
        entries = list(uow.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert [(e.username, e.action) for e in entries] == [
        ("张三", AuditAction.INSERT),
        ("李四", AuditAction.UPDATE),
        ("王五", AuditAction.DELETE),
    ]
    assert all(e.entity == "institution" and e.entity_id == entries[0].entity_id for e in entries)
    changes = json.loads(entries[1].changes)
    assert changes == {"students": [0, 120], "status": ["operating", "suspended"]}
    assert json.loads(entries[0].changes)["credit_code"] == [None, CODE]
    assert json.loads(entries[2].changes)["name"][0] == "示范县启明培训学校有限公司"


def test_a_rolled_back_change_leaves_no_audit_row(workspace: Workspace) -> None:
    with workspace.store.write("张三", Action.EDIT_LEDGERS) as uow:
        uow.session.add(_institution())
        uow.session.flush()  # the change is noted here; the row joins the chain when the transaction commits
        assert len(uow.session.info[PENDING_KEY]) == 1
        assert uow.session.scalar(select(func.count()).select_from(Institution)) == 1
        # no commit: leaving the block rolls back the change, and its note goes with it
    with workspace.store.read() as uow:
        assert uow.session.scalar(select(func.count()).select_from(AuditEntry)) == 0
        assert uow.session.scalar(select(func.count()).select_from(Institution)) == 0


def test_the_audit_table_refuses_update_and_delete(workspace: Workspace) -> None:
    with workspace.store.write("张三", Action.EDIT_LEDGERS) as uow:
        uow.session.add(_institution())
        uow.commit()
    for statement in ("UPDATE audit_log SET username = 'x'", "DELETE FROM audit_log"):
        with workspace.store.write("张三", Action.EDIT_LEDGERS) as uow, pytest.raises(IntegrityError, match="只能追加"):
            uow.session.execute(text(statement))
    with workspace.store.read() as uow:
        assert uow.session.scalar(select(AuditEntry.username)) == "张三"


def test_a_write_needs_a_user(workspace: Workspace) -> None:
    with pytest.raises(ValueError):
        workspace.store.write("", Action.EDIT_LEDGERS)


@pytest.mark.parametrize(
    ("change", "constraint"),
    [
        (lambda s: s.add_all([_institution(), _institution(name="另一家")]), "(?i)unique"),
        (lambda s: s.add(_institution(students=-1)), "students_not_negative"),
        (lambda s: s.add(_institution(community_id=999)), "(?i)foreign key"),
        (
            lambda s: s.execute(
                text(
                    "INSERT INTO institution (name, category, mode, profit_status, status, students, "
                    "prepaid_balance_cents, fund_supervised, blacklisted, search_key, sort_name, created_at, "
                    "updated_at) VALUES ('x', 'tutoring', 'offline', 'for_profit', 'operating', 0, 0, FALSE, FALSE, "
                    "'', '', "
                    "'2026-01-01', '2026-01-01')"
                )
            ),
            "(?i)check",
        ),
    ],
)
def test_constraints_are_enforced(workspace: Workspace, change: object, constraint: str) -> None:
    with workspace.store.write("张三", Action.EDIT_LEDGERS) as uow, pytest.raises(IntegrityError, match=constraint):
        change(uow.session)  # type: ignore[operator]
        uow.session.flush()


def test_an_assignment_target_must_match_its_kind(workspace: Workspace) -> None:
    with workspace.store.write("张三", Action.EDIT_LEDGERS) as uow:
        inst = _institution()
        person = Person(name="王晓燕", phone="13990011223")
        uow.session.add_all([inst, person])
        uow.session.flush()
        uow.session.add(
            Assignment(
                kind=AssignmentKind.COMMUNITY_PATROL, person=person, institution=inst, starts_on=dt.date(2026, 1, 1)
            )
        )
        with pytest.raises(IntegrityError, match="target_matches_kind"):
            uow.session.flush()
