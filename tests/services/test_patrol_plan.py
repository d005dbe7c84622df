"""The monthly patrol plan: every supervised institution with its listed inspector and its visits by grade; done
versus planned counted from the inspections (by that inspector, in the month, key hours and vacations as such);
the lines on screen, the home page's "not visited" items and the patrol report agree with each other."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import or_, select

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.enums import AssignmentKind, InspectionResult, Method, RiskGrade
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.domain.patrol_rules import planned_key_visits, planned_visits
from shuangjian_desktop.services.base.parts import PartList
from shuangjian_desktop.services.inspections.service import InspectionInput
from shuangjian_desktop.services.patrol.figures import plan_figures
from shuangjian_desktop.services.patrol.lists import TargetLines
from shuangjian_desktop.services.patrol.plan import PATROLLED, make_plan
from shuangjian_desktop.services.supervision_home import supervision_parts
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import (
    Assignment,
    Inspection,
    InspectionInspector,
    Institution,
    PatrolTarget,
    Person,
    Vacation,
)
from tests.conftest import DEMO_TODAY

PER_MONTH = {RiskGrade.A: 1, RiskGrade.B: 1, RiskGrade.C: 2, RiskGrade.D: 4}


def _listed(session, institution_id: int, on: dt.date) -> int | None:
    return session.scalar(
        select(Assignment.person_id)
        .where(
            Assignment.institution_id == institution_id,
            Assignment.kind == AssignmentKind.INSPECTOR_INSTITUTION,
            Assignment.starts_on <= on,
            or_(Assignment.ends_on.is_(None), Assignment.ends_on >= on.replace(day=1)),
        )
        .order_by(Assignment.starts_on.desc(), Assignment.id.desc())
    )


def _visit(ws: Workspace, institution_id: int, people: list[int], at: dt.datetime) -> int:
    return ws.inspections.record(
        InspectionInput(institution_id, at, Method.UNANNOUNCED, people, InspectionResult.PASSED), "李晓燕"
    )


def test_the_plan_gives_every_supervised_institution_its_listed_inspector_and_visits(demo_workspace: Workspace) -> None:
    desk = demo_workspace.supervision
    plan_id = desk.plan_id(2026, 11)
    assert plan_id is not None  # the demo made this month's and last month's
    with demo_workspace.store.read() as uow:
        s = uow.session
        targets = {t.institution_id: t for t in s.scalars(select(PatrolTarget).where(PatrolTarget.plan_id == plan_id))}
        supervised = set(s.scalars(select(Institution.id).where(Institution.status.in_(PATROLLED))))
        assert set(targets) == supervised
        for inst_id, target in targets.items():
            assert target.inspector_id == _listed(s, inst_id, dt.date(2026, 11, 30))
            assert target.planned == planned_visits(target.grade, PER_MONTH)
            assert target.planned_key == planned_key_visits(target.planned, 50)
        assert sum(t.inspector_id is None for t in targets.values()) == 1  # the demo's one without an inspector
    with pytest.raises(DomainError, match="已经制定"):
        desk.make_plan(2026, 11, "李晓燕")


def test_a_plan_made_again_follows_the_countys_frequency(demo_workspace: Workspace) -> None:
    weekly = opts.Settings(
        values={opts.PATROL_VISITS_D.key: 5, opts.PATROL_VISITS_A.key: 2, opts.PATROL_KEY_SHARE.key: 100}
    )
    made = make_plan(demo_workspace.store, weekly, 2026, 11, "李晓燕", replace=True, regrade=False)
    with demo_workspace.store.read() as uow:
        rows = uow.session.execute(
            select(PatrolTarget.grade, PatrolTarget.planned, PatrolTarget.planned_key).where(
                PatrolTarget.plan_id == demo_workspace.supervision.plan_id(2026, 11)
            )
        ).all()
    assert {(g, p) for g, p, _k in rows if g in (RiskGrade.A, RiskGrade.D)} <= {(RiskGrade.A, 2), (RiskGrade.D, 5)}
    assert all(k == p for _g, p, k in rows)
    assert made.planned == sum(p for _g, p, _k in rows) and "已制定2026-11巡查计划" in made.summary()


def test_done_counts_the_listed_inspectors_visits_in_the_month_and_key_hours(demo_workspace: Workspace) -> None:
    ws = demo_workspace
    desk = ws.supervision
    plan_id = desk.plan_id(2026, 11)
    lines = desk.target_lines(plan_id, missing="all")
    lines.reload()
    target = next(t for t in lines.page(0, 100) if t.inspector != "（未挂牌责任督学）")
    with ws.store.read() as uow:
        s = uow.session
        inst_id = target.institution_id
        inspector = s.scalar(
            select(PatrolTarget.inspector_id).where(
                PatrolTarget.plan_id == plan_id, PatrolTarget.institution_id == inst_id
            )
        )
        other = s.scalar(select(Person.id).where(Person.id != inspector).order_by(Person.id))
    before = plan_figures_now(ws)

    def line() -> object:
        found = desk.target_lines(plan_id, inspector)
        found.reload()
        return next(t for t in found.page(0, 500) if t.institution_id == inst_id)

    _visit(ws, inst_id, [other], dt.datetime(2026, 11, 18, 10, 0))  # someone else: not the listed inspector's visit
    assert line().done == 0
    _visit(ws, inst_id, [inspector, other], dt.datetime(2026, 11, 18, 10, 0))  # a Wednesday morning
    assert (line().done, line().done_key) == (1, 0)
    _visit(ws, inst_id, [inspector], dt.datetime(2026, 11, 14, 15, 0))  # a Saturday: key hours
    assert (line().done, line().done_key) == (2, 1)
    _visit(ws, inst_id, [inspector], dt.datetime(2026, 10, 30, 19, 0))  # last month: not this plan's
    assert line().done == 2
    after = plan_figures_now(ws)
    assert after.done == before.done + 2
    assert after.completed == before.completed + min(2, target.planned)
    assert after.not_visited == before.not_visited - 1


def plan_figures_now(ws: Workspace) -> object:
    with ws.store.read() as uow:
        return plan_figures(uow.session, ws.settings, 2026, 11)


def test_a_vacation_day_visit_counts_as_key_hours(demo_workspace: Workspace) -> None:
    ws = demo_workspace
    desk = ws.supervision
    plan_id = desk.plan_id(2026, 11)
    lines = desk.target_lines(plan_id)
    lines.reload()
    target = next(t for t in lines.page(0, 100) if t.inspector != "（未挂牌责任督学）" and t.done_key == 0)
    with ws.store.read() as uow:
        inspector = uow.session.scalar(
            select(PatrolTarget.inspector_id).where(
                PatrolTarget.plan_id == plan_id, PatrolTarget.institution_id == target.institution_id
            )
        )
    _visit(ws, target.institution_id, [inspector], dt.datetime(2026, 11, 17, 10, 0))  # a Tuesday morning

    def key_visits() -> int:
        found = TargetLines(ws.store, ws.settings, plan_id, inspector)
        found.reload()
        return next(t.done_key for t in found.page(0, 500) if t.institution_id == target.institution_id)

    def done_key() -> int:
        with ws.store.read() as uow:
            return plan_figures(uow.session, ws.settings, 2026, 11).done_key

    before, figures_before = key_visits(), done_key()
    with ws.store.write("admin", Action.EDIT_SETTINGS) as uow:  # the county's vacation register (寒暑假日期)
        uow.session.add(Vacation(name="冬令营假期", first_day=dt.date(2026, 11, 16), last_day=dt.date(2026, 11, 18)))
        uow.commit()
    assert before == 0 and key_visits() == 1
    assert done_key() > figures_before


def test_lines_figures_home_page_and_report_agree(demo_workspace: Workspace, tmp_path: Path) -> None:
    ws = demo_workspace
    desk = ws.supervision
    plan_id = desk.plan_id(2026, 11)
    figures = plan_figures_now(ws)
    inspectors = desk.inspector_lines(plan_id)
    inspectors.reload()
    people = inspectors.page(0, 1000)
    assert sum(p.planned for p in people) == figures.planned and sum(p.completed for p in people) == figures.completed
    assert sum(p.not_visited for p in people) == figures.not_visited
    missing = desk.target_lines(plan_id, missing="all")
    missing.reload()
    assert missing.count() == figures.not_visited
    everyone = desk.target_lines(plan_id)
    everyone.reload()
    lines = everyone.page(0, 1000)
    assert len(lines) == figures.institutions
    assert all(t.days.count("（") == t.planned for t in lines)  # each planned visit has its suggested day
    # the home page's "本月未巡查" counts the same institutions as the plan's "not visited" (the plan covers them all)
    parts = PartList(ws.store, lambda: supervision_parts(ws.settings, DEMO_TODAY))
    counted = dict(
        zip(
            ["below", "moved", "charged", "no_plan", "overdue", "plan", "stale", "month", "quarter"],
            parts.counts(),
            strict=True,
        )
    )
    assert counted["month"] == figures.not_visited and counted["plan"] == 0
    with ws.store.read() as uow:  # and the quarter's key-hour gap, counted the slow way
        quarter_key = 0
        for inst in uow.session.scalars(select(Institution).where(Institution.status.in_(PATROLLED))):
            listed = _listed(uow.session, inst.id, DEMO_TODAY)
            visits = uow.session.scalars(
                select(Inspection)
                .join(InspectionInspector)
                .where(
                    Inspection.institution_id == inst.id,
                    Inspection.started_at >= dt.datetime(2026, 10, 1),
                    Inspection.started_at < dt.datetime(2026, 11, 21),
                    Inspection.key_hours.is_(True),
                    *([InspectionInspector.person_id == listed] if listed else []),
                )
            ).all()
            quarter_key += not visits
    assert counted["quarter"] == quarter_key
    path = tmp_path / "巡查计划.xlsx"
    rows = desk.export_patrol(2026, 11, path, "周建华")
    book = load_workbook(path)
    assert book.sheetnames == ["汇总", "机构", "日程"]
    assert book["汇总"]["A1"].value == "示范县校外培训机构2026-11巡查计划完成情况（按责任督学）"
    assert book["汇总"]["A2"].value == figures.sentence("2026-11")
    listed_visits = sum(t.planned for t in lines if t.inspector != "（未挂牌责任督学）")
    assert book["机构"].max_row - 3 == len(lines) and book["日程"].max_row - 3 == listed_visits
    assert rows == len(people) + len(lines) + listed_visits
    with pytest.raises(DomainError, match="尚未制定巡查计划"):
        desk.export_patrol(2025, 1, tmp_path / "x.xlsx", "周建华")
