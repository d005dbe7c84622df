"""The registers behind every view: paging, search and filters agree with SQL; forms follow the import's rules;
deletes that would orphan records are refused; coverage and home-page figures match direct counts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.enums import AssignmentKind, Status
from shuangjian_desktop.domain.errors import DomainError, RecordRejected
from shuangjian_desktop.services.assignments.coverage import coverage_gaps
from shuangjian_desktop.services.registers import Query
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import Assignment, Institution, StatusChange, Ticket
from tests.sheets import credit_code


@pytest.mark.parametrize(
    "name",
    [
        "institutions",
        "status_changes",
        "assignments",
        "people",
        "schools",
        "teachers",
        "tickets",
        "inspections",
        "notices",
    ],
)
def test_pages_cover_every_row_once_in_order(demo_workspace: Workspace, name: str) -> None:
    register = getattr(demo_workspace.registers, name)
    query = Query()
    total = register.count(query)
    paged = [row.id for offset in range(0, total, 50) for row in register.page(query, offset, 50)]
    assert len(paged) == total == len(set(paged))
    assert paged == register.ids(query)
    for column in register.columns:
        if column.key in register._sort_columns():
            for descending in (False, True):
                q = Query(sort=column.key, descending=descending)
                assert [r.id for r in register.page(q, 0, total)] == register.ids(q)


def test_search_and_filters_narrow_in_sql(demo_workspace: Workspace) -> None:
    register = demo_workspace.registers.institutions
    everything = register.count(Query())
    deregistered = Query(filters={"status": Status.DEREGISTERED.value})
    with demo_workspace.store.read() as uow:
        gone = uow.session.scalar(
            select(func.count()).select_from(Institution).where(Institution.status == Status.DEREGISTERED)
        )
    assert gone and register.count(deregistered) == gone == len(register.ids(deregistered))
    with demo_workspace.store.read() as uow:
        name = uow.session.scalar(select(Institution.name).order_by(Institution.id))
    hits = register.ids(Query(text=name[3:5]))
    assert hits and len(hits) < everything
    assert register.count(Query(text="完全不存在的名字")) == 0
    assert register.ids(Query(text="示范县  " + name[3:5])) == hits  # terms are ANDed, spaces folded


def test_a_new_institution_through_the_form_and_the_rules_it_meets(demo_workspace: Workspace) -> None:
    register = demo_workspace.registers.institutions
    raw = {
        "name": "示范县新开培训学校",
        "credit_code": credit_code(77).lower(),
        "category": "非学科类",
        "area": "科技",
        "mode": "线下",
        "profit_status": "营利性",
        "status": "正常办学",
        "township": "城关镇",
        "community": "滨江社区",
        "students": "１２",
        "fund_supervised": "是",
        "blacklisted": "否",
    }
    new_id = register.save(None, raw, "李晓燕")
    with demo_workspace.store.read() as uow:
        inst = uow.session.get(Institution, new_id)
        assert (inst.credit_code, inst.students, inst.community.name) == (credit_code(77), 12, "滨江社区")
    with pytest.raises(RecordRejected) as rejected:
        register.save(None, {**raw, "name": "另一家"}, "李晓燕")
    assert "已被“示范县新开培训学校”使用" in str(rejected.value)
    with pytest.raises(RecordRejected) as rejected:
        register.save(None, {**raw, "credit_code": "", "area": "", "students": "-3"}, "李晓燕")
    message = str(rejected.value)
    assert "在训学生数：不能小于0" in message
    register.delete(new_id, "李晓燕")
    assert register.count(Query(text="新开")) == 0


def test_deleting_a_referenced_institution_is_refused(demo_workspace: Workspace) -> None:
    register = demo_workspace.registers.institutions
    with demo_workspace.store.read() as uow:
        used = uow.session.scalar(select(Assignment.institution_id).where(Assignment.institution_id.is_not(None)))
    with pytest.raises(DomainError, match="不能删除"):
        register.delete(used, "李晓燕")


def test_a_status_change_moves_the_institution(demo_workspace: Workspace) -> None:
    register = demo_workspace.registers.status_changes
    with demo_workspace.store.read() as uow:
        inst = uow.session.scalar(
            select(Institution).where(Institution.status == Status.OPERATING, Institution.credit_code.is_not(None))
        )
    register.save(
        None,
        {
            "credit_code": inst.credit_code,
            "kind": "停业整顿",
            "effective_on": "2026/11/1",
            "doc_number": "示教体审〔2026〕99号",
        },
        "李晓燕",
    )
    with demo_workspace.store.read() as uow:
        assert uow.session.get(Institution, inst.id).status is Status.SUSPENDED
        assert (
            uow.session.scalar(
                select(func.count()).select_from(StatusChange).where(StatusChange.institution_id == inst.id)
            )
            >= 1
        )


def test_assignments_edit_and_the_people_behind_them(demo_workspace: Workspace) -> None:
    register = demo_workspace.registers.assignments
    query = Query(filters={"kind": AssignmentKind.STAFF_INSTITUTION.value})
    first = register.ids(query)[:3]
    people = register.people_of(first)
    assert 1 <= len(people) <= 3 and len(set(people)) == len(people)
    values = register.load(first[0])
    values["letter_signed_on"] = "2026-11-02"
    register.save(first[0], values, "李晓燕")
    with demo_workspace.store.read() as uow:
        assert uow.session.get(Assignment, first[0]).letter_signed_on == dt.date(2026, 11, 2)
    with pytest.raises(RecordRejected, match="人员台账中没有"):
        register.save(None, {**values, "person_name": "查无此人", "person_phone": ""}, "李晓燕")


def test_coverage_gaps_follow_the_settings(demo_workspace: Workspace) -> None:
    default = coverage_gaps(demo_workspace.store, opts.Settings())
    kinds = [g.kind for g in default]
    assert kinds.count("no_inspector") == 1 and kinds.count("letter_unsigned") == 3
    assert kinds.count("inspector_load") == 1 and "staff_overload" not in kinds
    strict = opts.Settings(values={opts.STAFF_MAX_INSTITUTIONS.key: 1, opts.INSPECTOR_MIN_INSTITUTIONS.key: 8})
    strict_kinds = [g.kind for g in coverage_gaps(demo_workspace.store, strict)]
    assert strict_kinds.count("staff_overload") == 10  # the ten staff holding two institutions
    assert strict_kinds.count("inspector_load") == 6


def test_home_page_figures_equal_direct_counts(demo_workspace: Workspace) -> None:
    board = demo_workspace.dashboard()
    tiles = {t.label: t.value for t in board.tiles}
    with demo_workspace.store.read() as uow:
        s = uow.session
        assert tiles["机构"] == s.scalar(select(func.count()).select_from(Institution))
        assert tiles["转型注销"] == s.scalar(select(func.count()).select_from(StatusChange))
        open_tickets = s.scalar(
            select(func.count()).select_from(Ticket).where(Ticket.closed_at.is_(None), Ticket.status != "returned")
        )
    assert tiles["未办结工单"] == open_tickets - s_replied(demo_workspace)
    attention = board.attention.all()
    assert board.attention.count() == len(attention)
    ledgers = [
        a for a in attention if not a.target.startswith("supervision")
    ]  # supervision's: tests/services/supervision
    assert len(ledgers) == len(coverage_gaps(demo_workspace.store, opts.Settings())) + sum(
        1 for a in ledgers if a.severity == "danger"
    )


def s_replied(workspace: Workspace) -> int:
    """Tickets replied to or followed up but not yet closed: open, but not 'unfinished' on the home page."""
    with workspace.store.read() as uow:
        return (
            uow.session.scalar(
                select(func.count()).select_from(Ticket).where(Ticket.status.in_(("replied", "followed_up")))
            )
            or 0
        )


def test_exporting_a_view_can_be_cancelled_and_then_writes_nothing(demo_workspace: Workspace, tmp_path) -> None:
    from shuangjian_desktop.services.importing import Cancelled

    register = demo_workspace.registers.people
    target = tmp_path / "人员.xlsx"
    with pytest.raises(Cancelled):
        register.export(Query(), target, user="李晓燕", cancelled=lambda: True)
    assert not target.exists()
    seen = []
    assert register.export(Query(), target, user="李晓燕", progress=lambda *a: seen.append(a)) == register.count(
        Query()
    )
    assert target.is_file() and seen
