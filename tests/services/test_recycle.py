"""最近删除: a deleted record leaves every listing, count and search, is kept whole (with the rows that belong to
it), and comes back as it was, on record in the audit trail; what it refers to and its unique values are checked."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from shuangjian_desktop.domain.access import NotPermitted
from shuangjian_desktop.domain.enums import AuditAction
from shuangjian_desktop.services.registers import Query
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import Assignment, AuditEntry, DeletedRecord, Person, PersonRoleRow, Ticket
from shuangjian_desktop.store.recycle import CannotRestore
from tests.sheets import credit_code

CLERK = "李晓燕"
NEW = {
    "name": "示范县翡翠舞蹈培训学校",
    "credit_code": credit_code(88),
    "category": "非学科类",
    "area": "文化艺术",
    "mode": "线下",
    "profit_status": "营利性",
    "status": "正常办学",
    "township": "城关镇",
    "community": "滨江社区",
}


def _kept_id(ws: Workspace) -> int:
    with ws.store.read() as uow:
        return uow.session.scalar(select(func.max(DeletedRecord.id)))


def test_a_deleted_institution_leaves_every_list_and_comes_back(demo_workspace: Workspace) -> None:
    ws = demo_workspace
    institutions, recycle = ws.registers.institutions, ws.registers.recycle
    new_id = institutions.save(None, NEW, CLERK)
    before = institutions.count()
    assert institutions.ids(Query(text="fcwd")) == [new_id]
    institutions.delete(new_id, CLERK)
    assert institutions.count() == before - 1
    assert institutions.ids(Query(text="fcwd")) == [] and institutions.ids(Query(text="翡翠")) == []
    assert ws.tiles()[0].value == before - 1  # the home page's count
    assert recycle.count() == 1 and recycle.ids(Query(text="翡翠")) == [_kept_id(ws)]
    row = recycle.rows([_kept_id(ws)])[0]
    assert row.values[1:] == ("机构台账", NEW["name"], CLERK)
    register_name, restored = recycle.restore(_kept_id(ws), CLERK)
    assert (register_name, restored) == ("institutions", new_id)
    assert institutions.ids(Query(text="fcwd")) == [new_id] and institutions.count() == before
    assert institutions.load(new_id)["credit_code"] == NEW["credit_code"]
    assert recycle.count() == 0
    with ws.store.read() as uow:
        actions = uow.session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "institution", AuditEntry.entity_id == new_id)
        ).all()
    assert actions == [AuditAction.INSERT, AuditAction.DELETE, AuditAction.UNDELETE]


def test_the_rows_that_belong_to_a_record_come_back_with_it(demo_workspace: Workspace) -> None:
    ws = demo_workspace
    people = ws.registers.people
    person_id = people.save(
        None, {"name": "单田芳", "phone": "13900001234", "unit": "示范县教育局", "roles": "局机关工作人员"}, CLERK
    )
    with ws.store.read() as uow:
        roles = uow.session.scalars(select(PersonRoleRow.role).where(PersonRoleRow.person_id == person_id)).all()
    assert roles
    assert people.ids(Query(text="stf")) == [person_id]  # 单 read as a surname
    people.delete(person_id, CLERK)
    with ws.store.read() as uow:
        assert not uow.session.scalar(select(func.count()).where(PersonRoleRow.person_id == person_id))
    ws.registers.recycle.restore(_kept_id(ws), CLERK)
    with ws.store.read() as uow:
        assert (
            uow.session.scalars(select(PersonRoleRow.role).where(PersonRoleRow.person_id == person_id)).all() == roles
        )
    assert people.ids(Query(text="stf")) == [person_id]


def test_a_ticket_comes_back_with_its_steps(demo_workspace: Workspace) -> None:
    ws = demo_workspace
    tickets = ws.registers.tickets
    ticket_id = tickets.save(
        None,
        {
            "source": "12345热线",
            "received_at": "2026-11-02 09:30",
            "request_kind": "投诉举报",
            "category": "超时培训",
            "subject": "反映晚上培训",
        },
        CLERK,
    )
    steps_before = len(ws.tickets.history(ticket_id))
    tickets.delete(ticket_id, CLERK)
    assert tickets.ids(Query(text="反映晚上培训")) == []
    ws.registers.recycle.restore(_kept_id(ws), CLERK)
    assert len(ws.tickets.history(ticket_id)) == steps_before
    assert tickets.ids(Query(text="反映晚上培训")) == [ticket_id]


def test_a_record_whose_reference_is_gone_is_not_put_back(demo_workspace: Workspace) -> None:
    ws = demo_workspace
    people, assignments = ws.registers.people, ws.registers.assignments
    person_id = people.save(None, {"name": "仇英", "phone": "13900004321", "roles": "局机关工作人员"}, CLERK)
    with ws.store.read() as uow:
        target = uow.session.scalar(select(func.min(Assignment.institution_id)))
        target_name = ws.registers.institutions.load(target)["name"]
    assignment_id = assignments.save(
        None,
        {"kind": "局机关工作人员包机构", "person_name": "仇英", "target": target_name,
         "starts_on": "2026-01-01"},
        CLERK,
    )  # fmt: skip
    assignments.delete(assignment_id, CLERK)
    kept_assignment = _kept_id(ws)
    people.delete(person_id, CLERK)
    with pytest.raises(CannotRestore, match="人员已被删除"):
        ws.registers.recycle.restore(kept_assignment, CLERK)
    ws.registers.recycle.restore(_kept_id(ws), CLERK)  # the person first
    ws.registers.recycle.restore(kept_assignment, CLERK)
    with ws.store.read() as uow:
        assert uow.session.get(Assignment, assignment_id).person_id == person_id


def test_a_unique_value_taken_since_and_an_id_taken_since(demo_workspace: Workspace) -> None:
    ws = demo_workspace
    institutions = ws.registers.institutions
    first = institutions.save(None, NEW, CLERK)
    institutions.delete(first, CLERK)
    kept = _kept_id(ws)
    again = institutions.save(None, {**NEW, "name": "示范县另一家培训学校"}, CLERK)
    if ws.on_server:
        assert again > first  # a server's keys come from its sequence: never reused
    else:
        assert again == first  # the freed id was taken by the new record
    with pytest.raises(CannotRestore, match="统一社会信用代码"):
        ws.registers.recycle.restore(kept, CLERK)
    institutions.save(again, {**NEW, "name": "示范县另一家培训学校", "credit_code": credit_code(89)}, CLERK)
    _name, restored = ws.registers.recycle.restore(kept, CLERK)
    assert restored != again and institutions.load(restored)["name"] == NEW["name"]


def test_only_who_may_change_the_ledger_puts_a_record_back(demo_workspace: Workspace) -> None:
    ws = demo_workspace
    new_id = ws.registers.institutions.save(None, NEW, CLERK)
    ws.registers.institutions.delete(new_id, CLERK)
    with pytest.raises(NotPermitted):
        ws.registers.recycle.restore(_kept_id(ws), "周建华")
    assert ws.registers.recycle.count() == 1
    with ws.store.read() as uow:
        assert uow.session.get(Person, 1) is not None
        assert uow.session.scalar(select(func.count()).select_from(Ticket)) > 0


def test_stored_keys_are_made_afresh_in_batches(demo_workspace: Workspace) -> None:
    """An older database's keys (made character by character) are made anew, a batch at a time; a cancelled run
    leaves the database marked stale and the next run finishes it, rewriting only what is still old."""
    from shuangjian_desktop.services.keys_refresh import keys_stale, refresh_keys
    from shuangjian_desktop.store import derived

    ws = demo_workspace
    institutions = ws.registers.institutions
    with ws.store.engine.begin() as conn:
        derived.set_keys_version(conn, 1)
        conn.exec_driver_sql("UPDATE institution SET search_key = 'old', sort_name = 'old', legal_rep_sort = NULL")
        conn.exec_driver_sql("UPDATE community SET sort_name = ''")
        conn.exec_driver_sql("UPDATE notice SET doc_sort = NULL")
    assert keys_stale(ws.store) and institutions.ids(Query(text="kpyy")) == []
    calls = []
    rewritten, finished = refresh_keys(ws.store, lambda done, total: calls.append(done), lambda: len(calls) >= 1)
    assert not finished and keys_stale(ws.store)
    rewritten, finished = refresh_keys(ws.store, lambda done, total: calls.append((done, total)))
    assert finished and not keys_stale(ws.store) and rewritten > 0
    assert calls[-1][0] == calls[-1][1]  # every row read
    found = institutions.ids(Query(text="kpyy"))
    assert [institutions.load(i)["name"] for i in found] == ["示范县鲲鹏音乐培训学校有限公司"]
    names = [institutions.rows([i])[0].values[0] for i in institutions.ids(Query(sort="name"))]
    from shuangjian_desktop.domain.pinyin import sort_key

    assert names == sorted(names, key=sort_key)
    with ws.store.read() as uow:
        places = uow.session.execute(select(func.count()).where(Assignment.target_sort.is_(None))).scalar()
    assert places == 0
    assert refresh_keys(ws.store) == (0, True)  # nothing left to rewrite
