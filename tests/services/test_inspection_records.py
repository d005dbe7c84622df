"""An inspection is never silently 合格; it can be corrected and deleted (refused while a notice refers to it), both
on record; the return counts the corrected record; problems and holiday training are counted as the catalogue
says; schools are inspected against their own list; the training seen is checked against the training-time rules;
a stop-operation notice suspends the institution; escalation says first what it will issue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.enums import (
    Category,
    ChangeKind,
    InspectionResult,
    Method,
    Mode,
    NoticeKind,
    NoticeStatus,
    Status,
)
from shuangjian_desktop.domain.errors import DomainError, RecordRejected
from shuangjian_desktop.domain.training_rules import Lesson
from shuangjian_desktop.services.base.register import Query
from shuangjian_desktop.services.inspections.service import InspectionInput
from shuangjian_desktop.services.monthly_return import build_return
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import (
    Attachment,
    AuditEntry,
    Inspection,
    Institution,
    Notice,
    Person,
    School,
    StatusChange,
    Ticket,
    Vacation,
)

BASELINE = dt.date(2021, 7, 24)
CLERK = "李晓燕"


def ids(ws: Workspace, status: Status = Status.OPERATING) -> tuple[int, list[int]]:
    with ws.store.read() as uow:
        inst = uow.session.scalar(
            select(Institution.id).where(Institution.status == status).order_by(Institution.id.desc())
        )
        people = list(uow.session.scalars(select(Person.id).order_by(Person.id).limit(2)))
    return inst, people


def data(ws: Workspace, **changes: object) -> InspectionInput:
    inst, people = ids(ws)
    values: dict = {
        "institution_id": inst,
        "started_at": dt.datetime(2026, 10, 14, 19, 10),  # a Wednesday evening
        "method": Method.ROUTINE,
        "inspector_ids": people,
        "result": InspectionResult.RECTIFY,
        "rule_codes": ["I12"],
    }
    values.update(changes)
    return InspectionInput(**values)


def refusal(ws: Workspace, **changes: object) -> str:
    with pytest.raises(RecordRejected) as rejected:
        ws.inspections.record(data(ws, **changes), CLERK)
    return str(rejected.value)


def count(ws: Workspace, model: type) -> int:
    with ws.store.read() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def test_no_result_is_never_taken_as_passed(demo_workspace: Workspace) -> None:
    before = count(demo_workspace, Inspection)
    assert "请选择检查结果" in refusal(demo_workspace, result=None, rule_codes=[])
    assert "不能为“合格”" in refusal(demo_workspace, result=InspectionResult.PASSED, rule_codes=["I12", "I18"])
    assert "1个方面存在问题" in refusal(
        demo_workspace, result=InspectionResult.PASSED, rule_codes=[], aspects={"safety": (False, "")}
    )
    assert "写明了发现的问题" in refusal(
        demo_workspace, result=InspectionResult.PASSED, rule_codes=[], findings="消防通道堵塞"
    )
    assert count(demo_workspace, Inspection) == before
    # 合格 with nothing found, chosen by the inspectors, is recorded as such
    passed = demo_workspace.inspections.record(data(demo_workspace, result="passed", rule_codes=[]), CLERK)
    with demo_workspace.store.read() as uow:
        assert uow.session.get(Inspection, passed).result is InspectionResult.PASSED


def test_a_correction_is_counted_by_the_return_and_kept_in_the_audit_trail(demo_workspace: Workspace) -> None:
    service = demo_workspace.inspections
    month = build_return(demo_workspace.store, "2026-10", BASELINE).values
    inspection = service.record(
        data(demo_workspace, result=InspectionResult.FIXED_ON_SITE, rule_codes=["I19"], findings="线上课45分钟"),
        CLERK,
    )
    after = build_return(demo_workspace.store, "2026-10", BASELINE).values
    assert after["inspections"] == month["inspections"] + 1
    assert after["problems"] == month["problems"] + 1  # 第19条: the written words describe it, no more
    assert after["holiday_found"] == month["holiday_found"]  # 第19条 is not holiday training
    assert after["fixed_on_site"] == month["fixed_on_site"] + 1
    recorded = service.load(inspection)
    assert recorded.data.rule_codes == ["I19"] and recorded.data.findings == "线上课45分钟"
    corrected = recorded.data
    corrected.rule_codes = ["I18", "I12"]
    corrected.aspects = {"hygiene": (False, "卫生差")}
    corrected.findings = ""
    corrected.result = InspectionResult.RECTIFY
    service.correct(inspection, corrected, CLERK, reason="条款勾错")
    again = build_return(demo_workspace.store, "2026-10", BASELINE).values
    assert again["problems"] == month["problems"] + 3  # 第18条, 第12条, and hygiene (no rule of its own)
    assert again["holiday_found"] == month["holiday_found"] + 1
    assert again["fixed_on_site"] == month["fixed_on_site"]
    with demo_workspace.store.read() as uow:
        record = uow.session.get(Inspection, inspection)
        assert {v.rule_code for v in record.violations} == {"I18", "I12"} and record.holiday_training_found
        assert record.written_findings is None and record.findings.startswith("卫生方面") is False
        trail = list(
            uow.session.scalars(select(AuditEntry).where(AuditEntry.entity.in_(("inspection", "inspection_violation"))))
        )
    assert any("更正检查记录" in e.summary and "条款勾错" in e.changes for e in trail)
    assert any(e.entity == "inspection_violation" and e.action.value == "delete" for e in trail)  # 第19条 removed


def test_deleting_is_refused_while_a_notice_refers_to_it(demo_workspace: Workspace, tmp_path: Path) -> None:
    service = demo_workspace.inspections
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 photo")
    issued_on = service.record(data(demo_workspace, attachments=[photo]), CLERK)
    notice = service.issue(issued_on, NoticeKind.RECTIFICATION, 15, CLERK, issued_on=dt.date(2026, 10, 15))
    number = demo_workspace.registers.notices.load_number(notice)
    with pytest.raises(DomainError, match=f"已据此下达通知书{number}"):
        demo_workspace.registers.inspections.delete(issued_on, CLERK)
    with pytest.raises(RecordRejected, match="结果不能改为“合格”"):
        recorded = service.load(issued_on).data
        recorded.result, recorded.rule_codes = InspectionResult.PASSED, []
        service.correct(issued_on, recorded, CLERK)
    service.step(notice, "serve", CLERK, on=dt.date(2026, 10, 16), signer="王明")
    follow_up = service.record(
        data(demo_workspace, started_at=dt.datetime(2026, 11, 2, 10), method=Method.FOLLOW_UP), CLERK
    )
    service.step(notice, "fail", CLERK, on=dt.date(2026, 11, 3), reinspection_id=follow_up)
    with pytest.raises(DomainError, match=f"是通知书{number}的复查记录"):
        service.delete(follow_up, CLERK)
    # one nothing refers to goes, with its attachment, on record
    free = service.record(data(demo_workspace, attachments=[photo]), CLERK)
    stored = [p for _n, p, _s in service.attachments_of(free)]
    assert stored and stored[0].exists()
    with pytest.raises(DomainError, match="不能"):
        demo_workspace.store.write("周建华", Action.RECORD_INSPECTIONS)  # a leader may not
    demo_workspace.registers.inspections.delete(free, CLERK)
    with demo_workspace.store.read() as uow:
        assert uow.session.get(Inspection, free) is None
        assert not uow.session.scalar(select(Attachment).where(Attachment.owner_id == free))
        assert uow.session.scalar(
            select(AuditEntry).where(AuditEntry.entity == "inspection", AuditEntry.summary.like("删除检查记录%"))
        )
    # kept whole in 最近删除: put back, it comes with its photo (the file waited in the attachments folder)
    assert stored[0].exists()
    recycle = demo_workspace.registers.recycle
    kept = next(r for r in recycle.page(Query(), 0, 50) if r.values[1] == "检查记录")
    assert recycle.restore(kept.id, CLERK) == ("inspections", free)
    assert [p for _n, p, _s in service.attachments_of(free)] == stored


def test_a_school_is_inspected_against_the_schools_list(demo_workspace: Workspace, tmp_path: Path) -> None:
    service = demo_workspace.inspections
    with demo_workspace.store.read() as uow:
        school = uow.session.scalar(select(School.id).order_by(School.id))
    _inst, people = ids(demo_workspace)
    school_data = InspectionInput(
        None,
        dt.datetime(2026, 10, 17, 9, 0),  # a Saturday
        Method.UNANNOUNCED,
        people,
        InspectionResult.RECTIFY,
        rule_codes=["S13", "S03"],
        school_id=school,
    )
    wrong = InspectionInput(**{**school_data.__dict__, "rule_codes": ["I12"]})
    with pytest.raises(RecordRejected, match="学校负面清单中没有I12"):
        service.record(wrong, CLERK)
    both = InspectionInput(**{**school_data.__dict__, "institution_id": ids(demo_workspace)[0]})
    with pytest.raises(RecordRejected, match="只能选一个"):
        service.record(both, CLERK)
    inspection = service.record(school_data, CLERK)
    with demo_workspace.store.read() as uow:
        record = uow.session.get(Inspection, inspection)
        assert record.holiday_training_found and record.aspects == [] and record.institution_id is None
        name = record.school.name
    with pytest.raises(DomainError, match="只对校外培训机构下达"):
        service.issue(inspection, NoticeKind.RECTIFICATION, 15, CLERK, issued_on=dt.date(2026, 10, 18))
    rows = demo_workspace.registers.inspections.rows([inspection])
    assert rows[0].values[1] == f"{name}（学校）"
    path = service.print_form(inspection, tmp_path / "学校检查记录表.pdf")
    text = "".join(p.extract_text() for p in PdfReader(path).pages).replace("\n", "")
    assert "学校“双减”检查记录表" in text and "学校第13条" in text and name in text
    october = build_return(demo_workspace.store, "2026-10", BASELINE)
    assert not any(name in d.record for d in october.details)  # the return counts training institutions


def test_the_training_seen_is_checked_against_the_rules(demo_workspace: Workspace) -> None:
    service = demo_workspace.inspections
    with demo_workspace.store.write("admin", Action.EDIT_SETTINGS) as uow:
        uow.session.add(Vacation(name="寒假", first_day=dt.date(2027, 1, 23), last_day=dt.date(2027, 2, 21)))
        uow.commit()

    def seen(day: dt.date, start: str, end: str, mode: Mode = Mode.OFFLINE) -> Lesson:
        return Lesson(
            Category.SUBJECT,
            mode,
            dt.datetime.combine(day, dt.time.fromisoformat(start)),
            dt.datetime.combine(day, dt.time.fromisoformat(end)),
        )

    wednesday, vacation = dt.date(2026, 10, 14), dt.date(2027, 1, 27)
    online = service.training_breaches(
        [seen(wednesday, "20:00", "20:40", Mode.ONLINE), seen(wednesday, "20:45", "21:10", Mode.ONLINE)]
    )
    assert {rule for _m, rule in online} == {"I19"}  # 40 minutes, a 5-minute break, ending after 21:00
    assert len(online) == 3
    late = service.training_breaches([seen(wednesday, "19:00", "20:50")])
    assert late == [(late[0][0], None)] and "晚于20:30" in late[0][0]  # recorded under 培训时间
    assert [rule for _m, rule in service.training_breaches([seen(vacation, "09:00", "10:00")])] == ["I18"]
    assert [rule for _m, rule in service.training_breaches([seen(vacation, "09:00", "10:00")], school=True)] == ["S13"]
    assert service.training_breaches([seen(wednesday, "18:00", "19:30")]) == []


def test_an_inspection_names_the_ticket_that_led_to_it(demo_workspace: Workspace) -> None:
    service = demo_workspace.inspections
    with demo_workspace.store.read() as uow:
        ticket = uow.session.scalar(select(Ticket).order_by(Ticket.received_at).limit(1))
        number, received = ticket.number, ticket.received_at
    label = next(label for label in service.ticket_labels(number, 5) if label.startswith(number))
    ticket_id = service.ticket_named(label)
    linked = service.record(data(demo_workspace, ticket_id=ticket_id), CLERK)
    assert service.load(linked).ticket == label
    assert any("检查" in line for line in demo_workspace.tickets.links(ticket_id))
    early = data(demo_workspace, ticket_id=ticket_id, started_at=received - dt.timedelta(days=1))
    with pytest.raises(RecordRejected, match="在检查之后才受理"):
        service.record(early, CLERK)


def test_a_stop_operation_notice_suspends_the_institution(demo_workspace: Workspace) -> None:
    service = demo_workspace.inspections
    inspection = service.record(data(demo_workspace, result=InspectionResult.SUSPEND), CLERK)
    with demo_workspace.store.read() as uow:
        inst_id = uow.session.get(Inspection, inspection).institution_id
    stop = service.issue(inspection, NoticeKind.STOP_OPERATION, 30, CLERK, issued_on=dt.date(2026, 10, 15))
    with demo_workspace.store.read() as uow:
        notice = uow.session.get(Notice, stop)
        assert notice.doc_number.startswith("示教体停办")  # the stop prefix
        inst = uow.session.get(Institution, inst_id)
        change = uow.session.scalar(select(StatusChange).where(StatusChange.institution_id == inst_id))
        assert inst.status is Status.SUSPENDED
        assert (change.kind, change.effective_on, change.doc_number) == (
            ChangeKind.SUSPENDED,
            dt.date(2026, 10, 15),
            notice.doc_number,
        )
    # the same transaction: a failure while recording the suspension leaves no notice either
    inspection2 = service.record(data(demo_workspace, result=InspectionResult.SUSPEND), CLERK)
    with pytest.MonkeyPatch.context() as patch:

        def broken(*_a: object, **_k: object) -> None:
            raise OSError("断电")

        patch.setattr("shuangjian_desktop.services.inspections.notices.record_change", broken)
        before = count(demo_workspace, Notice)
        other = ids(demo_workspace)[0]
        with demo_workspace.store.write(CLERK, Action.EDIT_LEDGERS) as uow:
            uow.session.get(Inspection, inspection2).institution_id = other
            uow.commit()
        with pytest.raises(OSError):
            service.issue(inspection2, NoticeKind.STOP_OPERATION, 30, CLERK, issued_on=dt.date(2026, 10, 16))
        assert count(demo_workspace, Notice) == before


def test_escalating_says_first_what_it_will_issue(demo_workspace: Workspace) -> None:
    service = demo_workspace.inspections
    first = service.record(data(demo_workspace, started_at=dt.datetime(2026, 10, 9, 10)), CLERK)
    notice = service.issue(first, NoticeKind.RECTIFICATION, 15, CLERK, issued_on=dt.date(2026, 10, 9))
    with pytest.raises(DomainError, match="不能“升级处理”"):
        service.escalation_preview(notice)
    service.step(notice, "serve", CLERK, on=dt.date(2026, 10, 10), signer="王明")
    again = service.record(data(demo_workspace, started_at=dt.datetime(2026, 11, 2, 10)), CLERK)
    service.step(notice, "fail", CLERK, on=dt.date(2026, 11, 2), reinspection_id=again)
    before = count(demo_workspace, Notice)
    preview = service.escalation_preview(notice, on=dt.date(2026, 11, 3))
    assert count(demo_workspace, Notice) == before  # asking issues nothing
    with demo_workspace.store.read() as uow:
        name = uow.session.get(Notice, notice).institution.name
    assert name in preview and "停止办学通知书" in preview and "示教体停办〔2026〕" in preview
    assert "停业整顿" in preview and "30日" in preview
    new = service.escalate(notice, CLERK, on=dt.date(2026, 11, 3))
    with demo_workspace.store.read() as uow:
        assert uow.session.get(Notice, new).doc_number in preview
        assert uow.session.get(Notice, notice).status is NoticeStatus.ESCALATED
        assert uow.session.get(Notice, new).institution.status is Status.SUSPENDED


def test_the_rules_whose_legal_basis_is_unchecked_are_named_before_issuing(demo_workspace: Workspace) -> None:
    service = demo_workspace.inspections
    checked = service.record(data(demo_workspace, rule_codes=["I01"]), CLERK)  # 第十七条 of 教育部令第53号, checked
    assert service.unchecked_bases(checked) == []
    mixed = service.record(data(demo_workspace, rule_codes=["I01", "I06", "I21"]), CLERK)
    lines = service.unchecked_bases(mixed)
    assert [line.split("：")[0] for line in lines] == ["负面清单第6条", "负面清单第21条"]
    assert all("《校外培训行政处罚暂行办法》" in line for line in lines)
