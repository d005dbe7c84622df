"""Risk grading computed from the ledgers: every institution graded in batches with the same result as one by one,
the grade in force on Institution.risk_grade, history only when something changed, overrides with a reason that
outlive regrading, the disposal case files of C and D, and the risk list exported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.access import Action, NotPermitted
from shuangjian_desktop.domain.enums import RequestKind, RiskGrade, Source, TicketStatus
from shuangjian_desktop.domain.errors import DomainError, RecordRejected
from shuangjian_desktop.domain.risk_rules import RiskInputs, RiskWeights, assess
from shuangjian_desktop.services.base.register import Query
from shuangjian_desktop.services.risk import grading
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import (
    FundAccount,
    Institution,
    Notice,
    RiskAssessment,
    RiskState,
    Ticket,
)
from tests.conftest import DEMO_TODAY


def _expected(session, inst: Institution, today: dt.date) -> RiskGrade:
    """The grade worked out the slow way, from ORM objects, to check the batched SQL against."""
    since = dt.datetime.combine(today, dt.time()) - dt.timedelta(days=round(30.44 * 12))
    tickets = session.scalars(select(Ticket).where(Ticket.institution_id == inst.id, Ticket.received_at >= since))
    complaints = sum(
        1
        for t in tickets
        if t.category == "refund"
        or any(w in t.subject for w in ("跑路", "倒闭", "关门", "停课", "停业", "人去楼空", "联系不上"))
    )
    notices = list(session.scalars(select(Notice).where(Notice.institution_id == inst.id)))
    overdue = any(
        (n.status.value in ("issued", "served", "rectifying") and n.deadline < today)
        or (n.status.value in ("failed", "escalated") and n.issued_on >= since.date())
        for n in notices
    )
    account = session.scalar(select(FundAccount).where(FundAccount.institution_id == inst.id))
    below = (
        account is not None
        and account.balance_cents is not None
        and account.balance_cents < account.minimum_balance_cents
    )
    found = RiskInputs(
        inst.category,
        inst.status,
        inst.students,
        inst.prepaid_balance_cents,
        inst.fund_supervised,
        bool(inst.licence_no),
        complaints,
        overdue,
        below,
    )
    return assess(found, RiskWeights()).grade


def test_every_institution_is_graded_in_batches_as_one_by_one(demo_workspace: Workspace) -> None:
    store, settings = demo_workspace.store, demo_workspace.settings
    result = grading.grade_all(store, settings, "李晓燕", today=DEMO_TODAY, batch=7)
    with store.read() as uow:
        s = uow.session
        total = s.scalar(select(func.count()).select_from(Institution))
        assert result.graded == total == sum(result.counts.values())
        states = {r.institution_id: r for r in s.scalars(select(RiskState))}
        assert len(states) == total
        for inst in s.scalars(select(Institution)):
            state = states[inst.id]
            assert state.computed_grade is _expected(s, inst, DEMO_TODAY), inst.name
            assert inst.risk_grade is (state.override_grade or state.computed_grade)
        assert grading.last_graded_at(s) is not None
    again = grading.grade_all(store, settings, "李晓燕", today=DEMO_TODAY)
    assert again.changed == 0 and again.counts == result.counts


def test_history_is_written_when_the_reasons_change_and_names_them(demo_workspace: Workspace) -> None:
    store, settings = demo_workspace.store, demo_workspace.settings
    grading.grade_all(store, settings, "李晓燕", today=DEMO_TODAY)
    with store.read() as uow:
        quiet = uow.session.scalars(
            select(Institution)
            .join(RiskState)
            .where(RiskState.computed_grade == RiskGrade.A, RiskState.override_grade.is_(None))
        ).first()
        before = uow.session.scalar(select(func.count()).select_from(RiskAssessment))
    with store.write("李晓燕", Action.HANDLE_TICKETS) as uow:
        for n in range(3):
            uow.session.add(
                Ticket(
                    number=f"T-RISK-{n}",
                    source=Source.HOTLINE_12345,
                    received_at=dt.datetime.combine(DEMO_TODAY, dt.time(9)) - dt.timedelta(days=n),
                    request_kind=RequestKind.COMPLAINT,
                    category="refund",
                    subject="交了一年的费用，机构不给退",
                    institution_id=quiet.id,
                    time_limit_days=15,
                    deadline=DEMO_TODAY,
                    status=TicketStatus.ACCEPTED,
                )
            )
        uow.commit()
    grading.grade_all(store, settings, "李晓燕", today=DEMO_TODAY)
    with store.read() as uow:
        history = uow.session.scalars(
            select(RiskAssessment).where(RiskAssessment.institution_id == quiet.id).order_by(RiskAssessment.id.desc())
        ).all()
        assert uow.session.scalar(select(func.count()).select_from(RiskAssessment)) == before + 1
        assert history[0].previous_grade is RiskGrade.A and history[0].grade is not RiskGrade.A
        assert "退费或停业（跑路）投诉3件以上（+25）" in history[0].reasons
        assert uow.session.get(Institution, quiet.id).risk_grade is history[0].grade


def test_an_override_needs_a_reason_and_outlives_regrading(demo_workspace: Workspace) -> None:
    store, settings = demo_workspace.store, demo_workspace.settings
    desk = demo_workspace.supervision
    grading.grade_all(store, settings, "李晓燕", today=DEMO_TODAY)
    with store.read() as uow:
        inst = uow.session.scalars(
            select(Institution).join(RiskState).where(RiskState.override_grade.is_(None))
        ).first()
        computed = uow.session.get(RiskState, inst.id).computed_grade
    with pytest.raises(RecordRejected, match="调整理由"):
        desk.override(inst.id, RiskGrade.D, "  ", "李晓燕")
    with pytest.raises(NotPermitted):
        desk.override(inst.id, RiskGrade.D, "会商研判", "周建华")
    desk.override(inst.id, RiskGrade.D, "公安部门通报举办者涉嫌集资", "李晓燕")
    grading.grade_all(store, settings, "李晓燕", today=DEMO_TODAY)
    detail = desk.risk_detail(inst.id)
    assert detail.grade is RiskGrade.D and detail.computed is computed
    assert "公安部门通报举办者涉嫌集资" in detail.override and detail.history[0][1] == "人工调整"
    assert desk.remove_override(inst.id, "", "李晓燕") is computed
    with store.read() as uow:
        assert uow.session.get(Institution, inst.id).risk_grade is computed
    with pytest.raises(DomainError, match="没有人工调整"):
        desk.remove_override(inst.id, "", "李晓燕")


def test_a_leader_may_read_but_not_grade(demo_workspace: Workspace, tmp_path: Path) -> None:
    with pytest.raises(NotPermitted):
        demo_workspace.supervision.grade_all("周建华")
    assert demo_workspace.supervision.export_risk(tmp_path / "r.xlsx", "周建华") == 57


def test_weights_that_make_no_sense_fall_back_to_the_defaults() -> None:
    from shuangjian_desktop.services.risk.weights import describe_weights, weights_from

    odd = opts.Settings(values={opts.RISK_GRADE_C_FROM.key: 5})
    assert weights_from(odd) == RiskWeights()
    assert "（设置不合理，按默认值）" in describe_weights(odd)
    strict = opts.Settings(values={opts.RISK_WEIGHT_SUBJECT.key: 45})
    assert weights_from(strict).subject == 45


def test_the_risk_list_pages_filters_and_exports(demo_workspace: Workspace, tmp_path: Path) -> None:
    desk = demo_workspace.supervision
    register = desk.risk
    assert register.count(Query()) == 57
    cd = register.count(Query(filters={"grade": "C"})) + register.count(Query(filters={"grade": "D"}))
    unplanned = register.count(Query(filters={"need": "no_plan"}))
    assert 0 < unplanned <= cd
    rows = register.page(Query(filters={"grade": "D"}), 0, 10)
    assert rows and all(r.values[1] == "D" and r.tone == "danger" for r in rows)
    path = tmp_path / "风险分级表.xlsx"
    assert desk.export_risk(path, "李晓燕") == 57
    sheet = load_workbook(path).active
    assert sheet["A1"].value == "示范县校外培训机构风险分级表" and "最近一次评定" in sheet["A2"].value
    header = [c.value for c in sheet[3]]
    assert header[:6] == ["序号", "机构名称", "统一社会信用代码", "类别", "办学状态", "风险等级"]
    grades = [row[5] for row in sheet.iter_rows(min_row=4, max_row=60, values_only=True)]
    assert {"A", "B", "C", "D"} >= set(grades) and len(grades) == 57


def test_disposal_case_files(demo_workspace: Workspace) -> None:
    register = demo_workspace.supervision.disposal
    desk = demo_workspace.supervision
    unplanned = desk.risk.page(Query(filters={"need": "no_plan"}), 0, 5)
    name = unplanned[0].values[0]
    raw = {
        **register.blank(name),
        "measures": "约谈举办者；冻结监管账户",
        "responsible": "张明",
        "closed_on": dt.date.today().isoformat(),
    }
    with pytest.raises(RecordRejected) as rejected:
        register.save(None, raw, "李晓燕")
    assert [p.field for p in rejected.value.problems] == ["处置结果"]
    raw.pop("closed_on")
    raw["due_on"] = "2000-01-01"
    with pytest.raises(RecordRejected, match="不能早于方案制定日期"):
        register.save(None, raw, "李晓燕")
    raw["due_on"] = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    plan_id = register.save(None, raw, "李晓燕")
    assert desk.risk.count(Query(filters={"need": "no_plan"})) == len(unplanned) - 1
    row = register.rows([plan_id])[0]
    assert row.values[1] == name and row.values[-1] == "处置中"
    with pytest.raises(RecordRejected, match="没有该机构"):
        register.save(plan_id, {**raw, "institution": "不存在的机构"}, "李晓燕")
    with demo_workspace.store.read() as uow:
        inst_id = uow.session.scalar(select(Institution.id).where(Institution.name == name))
    with pytest.raises(DomainError, match="处置方案"):
        demo_workspace.registers.institutions.delete(inst_id, "李晓燕")
