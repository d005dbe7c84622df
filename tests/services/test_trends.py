"""首页's 12-month pictures: counted from the ledgers month by month, and the coverage gaps (remembered between
redraws) counted afresh as soon as an institution or an assignment changes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from shuangjian_desktop.domain.enums import AssignmentKind, Status
from shuangjian_desktop.services.trends import trends
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import Assignment, Institution, Ticket
from tests.conftest import DEMO_TODAY


def _series(ws: Workspace, key: str) -> tuple[int, ...]:
    found = next(t for t in trends(ws.store, DEMO_TODAY) if t.key == key)
    return found.series[0][1]


def test_tickets_are_counted_by_the_month_they_came_in(demo_workspace: Workspace) -> None:
    received = _series(demo_workspace, "tickets")
    first = DEMO_TODAY.replace(day=1)
    with demo_workspace.store.read() as uow:
        this_month = uow.session.scalar(
            select(func.count()).select_from(Ticket).where(Ticket.received_at >= dt.datetime.combine(first, dt.time()))
        )
    assert len(received) == 12 and received[-1] == this_month


def test_coverage_gaps_follow_a_removed_assignment(demo_workspace: Workspace) -> None:
    ws = demo_workspace
    before = _series(ws, "gaps")
    assert _series(ws, "gaps") == before  # remembered: the same figures again
    staff = AssignmentKind.STAFF_INSTITUTION
    with ws.store.read() as uow:
        active = (Assignment.kind == staff) & Assignment.ends_on.is_(None) & (Assignment.starts_on <= DEMO_TODAY)
        alone = (
            select(Assignment.institution_id)
            .where(active)
            .group_by(Assignment.institution_id)
            .having(func.count() == 1)
        )
        assignment_id = uow.session.scalar(
            select(Assignment.id)
            .join(Institution, Institution.id == Assignment.institution_id)
            .where(active, Institution.status == Status.OPERATING, Assignment.institution_id.in_(alone))
            .limit(1)
        )
    assert assignment_id is not None
    ws.registers.assignments.delete(assignment_id, "admin")
    after = _series(ws, "gaps")
    assert after[-1] == before[-1] + 1
