"""A ticket's steps keep their order in time, and its outcome can mark a teacher's moonlighting, with the ticket
on record in the teachers' ledger."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from shuangjian_desktop.domain.enums import TicketEventKind, TicketStatus
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.domain.ticket_flow import Step, StepRefused
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import School, Teacher, Ticket, TicketEvent

CLERK = "李晓燕"


def open_ticket(ws: Workspace, status: TicketStatus) -> Ticket:
    with ws.store.read() as uow:
        return uow.session.scalar(select(Ticket).where(Ticket.status == status).order_by(Ticket.id).limit(1))


def last_event(ws: Workspace, ticket_id: int) -> TicketEvent:
    with ws.store.read() as uow:
        return uow.session.scalar(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.at.desc()).limit(1)
        )


def test_a_step_dated_before_the_step_it_follows_is_refused(demo_workspace: Workspace) -> None:
    ticket = open_ticket(demo_workspace, TicketStatus.SIGNED)
    signed = last_event(demo_workspace, ticket.id)
    early = Step(TicketEventKind.HANDLING, signed.at - dt.timedelta(minutes=1), note="上门核查")
    with pytest.raises(StepRefused, match="早于上一步“签收”的时间"):
        demo_workspace.tickets.step(ticket.id, early, CLERK)
    assert open_ticket(demo_workspace, TicketStatus.SIGNED).id == ticket.id  # nothing changed
    later = Step(TicketEventKind.HANDLING, signed.at + dt.timedelta(hours=1), note="上门核查")
    assert demo_workspace.tickets.step(ticket.id, later, CLERK) is TicketStatus.HANDLING


def test_the_outcome_marks_a_teachers_moonlighting(demo_workspace: Workspace) -> None:
    service = demo_workspace.tickets
    ticket = open_ticket(demo_workspace, TicketStatus.SIGNED)
    at = last_event(demo_workspace, ticket.id).at + dt.timedelta(hours=2)
    with demo_workspace.store.read() as uow:
        teacher, school = uow.session.execute(
            select(Teacher, School.name).join(School).where(Teacher.moonlighting.is_(False)).limit(1)
        ).one()
    label = f"{teacher.name}（{school}）"
    assert label in service.teacher_labels(teacher.name, 30)
    with pytest.raises(DomainError, match="在职教师台账中没有该教师"):
        service.step(
            ticket.id, Step(TicketEventKind.REPLIED, at, "经查属实", moonlighting_teacher="无此人（无此校）"), CLERK
        )
    step = Step(TicketEventKind.REPLIED, at, "经查属实，已责令停止", moonlighting_teacher=label)
    assert service.step(ticket.id, step, CLERK) is TicketStatus.REPLIED
    with demo_workspace.store.read() as uow:
        marked = uow.session.get(Teacher, teacher.id)
        found = uow.session.get(Ticket, ticket.id)
        assert marked.moonlighting and found.number in (marked.note or "")
        assert found.moonlighting_found and found.teacher_id == teacher.id
    assert service.teacher_of(ticket.id) == label
    assert any("查实在职教师有偿补课" in line for line in service.links(ticket.id))
    rows = demo_workspace.registers.teachers.rows([teacher.id])
    assert "有" in rows[0].values
