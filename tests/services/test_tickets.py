"""Tickets: intake with a working-day deadline, the handler proposed from the 四包 ledger, every step an event,
reminders, the monthly figures, a holiday schedule that makes provisional deadlines definite, the reply letter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from shuangjian_desktop.domain.enums import AssignmentKind, Satisfaction, TicketEventKind, TicketStatus
from shuangjian_desktop.domain.errors import DomainError, RecordRejected
from shuangjian_desktop.domain.ticket_flow import Step, StepRefused
from shuangjian_desktop.domain.workdays import BUILTIN_YEARS
from shuangjian_desktop.services.registers import Query
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import Assignment, AuditEntry, Institution, Person, Ticket, TicketEvent

E = TicketEventKind
NEXT_YEAR = max(BUILTIN_YEARS) + 1


def intake(workspace: Workspace, **values: str) -> int:
    raw = {
        "source": "12345热线",
        "received_at": "2026-11-02 09:30",
        "caller_name": "张女士",
        "caller_phone": "13800001234",
        "confidential": "否",
        "request_kind": "投诉举报",
        "category": "违规学科类培训",
        "subject": "反映周末组织学科类培训",
        "content": "市民来电反映……",
    }
    raw.update(values)
    return workspace.registers.tickets.save(None, raw, "李晓燕")


def staffed_institution(workspace: Workspace) -> tuple[str, int, str]:
    with workspace.store.read() as uow:
        inst, person = uow.session.execute(
            select(Institution, Person)
            .join(Assignment, Assignment.institution_id == Institution.id)
            .join(Person, Assignment.person_id == Person.id)
            .where(Assignment.kind == AssignmentKind.STAFF_INSTITUTION)
            .order_by(Institution.id)
        ).first()
        return inst.name, person.id, person.name


def test_intake_numbers_computes_the_deadline_and_proposes_the_handler(demo_workspace: Workspace) -> None:
    name, person_id, person_name = staffed_institution(demo_workspace)
    ticket_id = intake(demo_workspace, institution=name)
    with demo_workspace.store.read() as uow:
        ticket = uow.session.get(Ticket, ticket_id)
        assert ticket.number == "RX-20261102-001" and ticket.status is TicketStatus.ACCEPTED
        assert ticket.time_limit_days == 15 and ticket.deadline == dt.date(2026, 11, 23)
        assert [e.kind for e in ticket.events] == [E.ACCEPTED]
    proposal = demo_workspace.tickets.proposal(ticket_id)
    assert (proposal.person_id, proposal.name) == (person_id, person_name) and "包保该机构" in proposal.reason
    second = intake(demo_workspace, request_kind="咨询", category="其他", subject="咨询资质")
    with demo_workspace.store.read() as uow:
        ticket = uow.session.get(Ticket, second)
        assert ticket.number == "RX-20261102-002" and ticket.deadline == dt.date(2026, 11, 5)


def test_an_address_goes_to_the_community_secretary(demo_workspace: Workspace) -> None:
    ticket_id = intake(
        demo_workspace,
        category="无证办学",
        subject="小区内无证培训",
        address="城关镇人民路9号",
        township="城关镇",
        community="人民路社区",
    )
    proposal = demo_workspace.tickets.proposal(ticket_id)
    assert proposal is not None and "社区书记" in proposal.reason


def test_bad_intake_is_refused_field_by_field(demo_workspace: Workspace) -> None:
    with pytest.raises(RecordRejected) as rejected:
        intake(demo_workspace, received_at="昨天", category="乱收费", subject="")
    text = str(rejected.value)
    assert "受理时间" in text and "问题类别" in text and "标题：不能为空" in text


def test_a_whole_life_with_return_extension_and_reopening(demo_workspace: Workspace) -> None:
    service = demo_workspace.tickets
    name, person_id, _ = staffed_institution(demo_workspace)
    ticket_id = intake(demo_workspace, institution=name)
    at = dt.datetime(2026, 11, 3, 9)

    def go(kind: TicketEventKind, hours: int, **kwargs: object) -> TicketStatus:
        return service.step(ticket_id, Step(kind, at + dt.timedelta(hours=hours), **kwargs), "李晓燕")

    assert go(E.DISPATCHED, 0, handler_id=person_id) is TicketStatus.DISPATCHED
    assert go(E.RETURNED, 1, note="不属于本人包保范围") is TicketStatus.RETURNED
    assert go(E.DISPATCHED, 2, handler_id=person_id) is TicketStatus.DISPATCHED
    with pytest.raises(StepRefused, match="不能“答复”"):
        go(E.REPLIED, 3, note="x")
    assert go(E.SIGNED, 3) is TicketStatus.SIGNED
    assert go(E.URGED, 4, note="请加快办理") is TicketStatus.SIGNED
    assert go(E.EXTENDED, 5, note="需联合执法", new_deadline=dt.date(2026, 11, 30)) is TicketStatus.SIGNED
    assert go(E.HANDLING, 6) is TicketStatus.HANDLING
    assert go(E.REPLIED, 7, note="经核查，已责令停止违规培训。") is TicketStatus.REPLIED
    assert go(E.FOLLOWED_UP, 8, satisfaction=Satisfaction.UNSATISFIED) is TicketStatus.FOLLOWED_UP
    with pytest.raises(StepRefused, match="重办"):
        go(E.CLOSED, 9)
    assert go(E.REOPENED, 9, note="来电人称仍在培训") is TicketStatus.HANDLING
    assert go(E.REPLIED, 10, note="复查后已停业整顿。") is TicketStatus.REPLIED
    assert go(E.FOLLOWED_UP, 11, satisfaction=Satisfaction.SATISFIED) is TicketStatus.FOLLOWED_UP
    assert go(E.CLOSED, 12) is TicketStatus.CLOSED
    history = service.history(ticket_id)
    assert [h.kind for h in history] == [
        "受理",
        "派单",
        "退单",
        "派单",
        "签收",
        "督办",
        "延期",
        "办理",
        "答复",
        "回访",
        "重办",
        "答复",
        "回访",
        "办结",
    ]
    with demo_workspace.store.read() as uow:
        ticket = uow.session.get(Ticket, ticket_id)
        assert ticket.deadline == dt.date(2026, 11, 30) and ticket.result == "复查后已停业整顿。"
        assert ticket.closed_at == at + dt.timedelta(hours=12)
        event_ids = uow.session.scalars(select(TicketEvent.id).where(TicketEvent.ticket_id == ticket_id)).all()
        audited = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "ticket_event", AuditEntry.entity_id.in_(event_ids))
        ).all()
        assert len(audited) == len(event_ids) == 14 and {a.username for a in audited} == {"李晓燕"}
    with pytest.raises(Exception, match="不能删除"):
        demo_workspace.registers.tickets.delete(ticket_id, "李晓燕")


def test_reminders_for_overdue_due_soon_and_unsigned(demo_workspace: Workspace) -> None:
    service = demo_workspace.tickets
    _name, person_id, _ = staffed_institution(demo_workspace)
    overdue = intake(demo_workspace, received_at="2026-10-09 10:00")
    due_soon = intake(demo_workspace, received_at="2026-11-02 10:00")
    unsigned = intake(demo_workspace, received_at="2026-11-16 10:00")
    service.step(unsigned, Step(E.DISPATCHED, dt.datetime(2026, 11, 16, 11), handler_id=person_id), "李晓燕")
    found = {(r.ticket_id, r.kind) for r in service.reminders(dt.date(2026, 11, 20))}
    assert (overdue, "overdue") in found
    assert (due_soon, "due_soon") in found  # deadline 2026-11-23, one working day after Friday 11-20
    assert (unsigned, "not_signed") in found
    assert (due_soon, "overdue") not in found


def test_figures_equal_counts_made_from_the_ledger(demo_workspace: Workspace) -> None:
    first, last = dt.date(2025, 12, 1), dt.date(2026, 11, 30)
    rows = demo_workspace.tickets.figures(first, last)
    with demo_workspace.store.read() as uow:
        tickets = uow.session.scalars(
            select(Ticket).where(
                Ticket.received_at >= dt.datetime(2025, 12, 1), Ticket.received_at < dt.datetime(2026, 12, 1)
            )
        ).all()
        on_time = [t for t in tickets if t.closed_at and (t.replied_at or t.closed_at).date() <= t.deadline]
    assert sum(r.received for r in rows) == len(tickets)
    assert sum(r.closed for r in rows) == len([t for t in tickets if t.closed_at])
    assert sum(r.closed_on_time for r in rows) == len(on_time)
    assert all(r.on_time_rate is None or 0 <= r.on_time_rate <= 1 for r in rows)


def test_a_schedule_entered_for_next_year_makes_its_deadlines_definite(demo_workspace: Workspace) -> None:
    ticket_id = intake(
        demo_workspace,
        received_at=f"{NEXT_YEAR - 1}-12-28 10:00",
        request_kind="求助",
        category="退费难",
        subject="退费",
    )
    with demo_workspace.store.read() as uow:
        before = uow.session.get(Ticket, ticket_id)
        assert before.deadline_provisional
        provisional_deadline = before.deadline
    text = f"{NEXT_YEAR}-01-01 放假 元旦\n{NEXT_YEAR}-01-04~{NEXT_YEAR}-01-08 放假 假设的长假\n"
    days, moved = demo_workspace.enter_schedule(NEXT_YEAR, text, "admin")
    assert days == 6 and moved >= 1
    with demo_workspace.store.read() as uow:
        after = uow.session.get(Ticket, ticket_id)
        assert not after.deadline_provisional and after.deadline > provisional_deadline
    assert any(y.year == NEXT_YEAR for y in demo_workspace.covered_years())
    with pytest.raises(RecordRejected, match="第1行"):
        demo_workspace.enter_schedule(NEXT_YEAR, f"{NEXT_YEAR}-01-01 随便 元旦", "admin")


def test_the_reply_letter_never_names_a_confidential_caller(demo_workspace: Workspace, tmp_path: Path) -> None:
    named = intake(demo_workspace, caller_name="蒋女士")
    secret = intake(demo_workspace, caller_name="王先生", confidential="是")
    for ticket_id in (named, secret):
        demo_workspace.tickets.step(
            ticket_id,
            Step(E.DISPATCHED, dt.datetime(2026, 11, 3, 9), handler_id=staffed_institution(demo_workspace)[1]),
            "李晓燕",
        )
        with pytest.raises(DomainError, match="尚未答复、没有办理结果，不能出具答复函"):
            demo_workspace.tickets.print_reply(ticket_id, tmp_path / "open.pdf")
        demo_workspace.tickets.step(ticket_id, Step(E.SIGNED, dt.datetime(2026, 11, 3, 10)), "李晓燕")
        demo_workspace.tickets.step(
            ticket_id, Step(E.REPLIED, dt.datetime(2026, 11, 4, 10), note="经核查，该机构已停止违规培训。"), "李晓燕"
        )
    assert not (tmp_path / "open.pdf").exists()
    texts = {}
    for ticket_id in (named, secret):
        path = demo_workspace.tickets.print_reply(ticket_id, tmp_path / f"{ticket_id}.pdf")
        reader = PdfReader(path)
        assert len(reader.pages) == 1 and reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)
        texts[ticket_id] = reader.pages[0].extract_text()
    assert "蒋女士" in texts[named] and "示范县教育和体育局" in texts[named]
    assert "王先生" not in texts[secret] and "来电群众" in texts[secret]
    assert "经核查，该机构已停止违规培训。" in texts[named].replace("\n", "")
    with demo_workspace.store.read() as uow:
        number = uow.session.get(Ticket, secret).number
    assert number in texts[secret]


def test_the_ticket_list_colours_by_working_days(demo_workspace: Workspace) -> None:
    register = demo_workspace.registers.tickets
    overdue = intake(demo_workspace, received_at="2026-10-09 10:00")
    rows = {r.id: r for r in register.page(Query(), 0, 500)}
    expected = "danger" if dt.date.today() > dt.date(2026, 10, 30) else ""
    assert rows[overdue].tone == expected
    with demo_workspace.store.read() as uow:
        assert uow.session.scalar(select(TicketEvent.kind).where(TicketEvent.ticket_id == overdue)) is E.ACCEPTED


def test_a_teacher_goes_to_the_principal_of_their_school(demo_workspace: Workspace) -> None:
    from shuangjian_desktop.services.tickets.sheet import teacher_label
    from shuangjian_desktop.store.models import School, Teacher

    with demo_workspace.store.read() as uow:
        teacher = uow.session.scalar(
            select(Teacher)
            .join(School)
            .join(Assignment, Assignment.school_id == School.id)
            .where(Assignment.kind == AssignmentKind.PRINCIPAL_TEACHERS)
            .order_by(Teacher.id)
        )
        label = teacher_label(teacher)
        principal = uow.session.scalar(
            select(Person.name)
            .join(Assignment, Assignment.person_id == Person.id)
            .where(Assignment.school_id == teacher.school_id)
        )
    ticket_id = intake(
        demo_workspace,
        category="在职教师有偿补课或校外兼职",
        subject="反映教师有偿补课",
        teacher=label.replace("（", "(").replace("）", ")"),
    )
    proposal = demo_workspace.tickets.proposal(ticket_id)
    assert proposal.name == principal and "包保校长" in proposal.reason
    assert demo_workspace.registers.tickets.load(ticket_id)["teacher"] == label
    with pytest.raises(RecordRejected, match="涉及教师：在职教师台账中没有该教师"):
        intake(demo_workspace, teacher="查无此人")
