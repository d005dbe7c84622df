"""The screens of issue 16 (A-D) as a clerk and an administrator use them: the inspection dialog never fills in
合格 and proposes from what was ticked, checks the training seen, corrects and deletes; re-inspection asks for its
record, escalation asks first; the 专项行动 tab with its figures, draft and catalogues; the settings screen; a
ticket's outcome marking a teacher's moonlighting; 首页's patrol line opening the draft."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.modeltest import ModelTester
from sqlalchemy import func, select

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.enums import (
    InspectionResult,
    Method,
    Mode,
    NoticeKind,
    NoticeStatus,
    Status,
    TicketEventKind,
    TicketStatus,
)
from shuangjian_desktop.services.inspections.service import InspectionInput
from shuangjian_desktop.store.models import (
    AuditEntry,
    Campaign,
    Inspection,
    Institution,
    Notice,
    Teacher,
    Ticket,
    Vacation,
)
from shuangjian_desktop.ui.campaigns_page import CampaignDialog
from shuangjian_desktop.ui.inspection_dialog import InspectionDialog, check, checked
from shuangjian_desktop.ui.main_window import MainWindow
from shuangjian_desktop.ui.notice_dialogs import ReinspectionDialog
from shuangjian_desktop.ui.settings_dialog import SettingsDialog
from shuangjian_desktop.ui.ticket_steps import StepDialog
from tests.ui.conftest import Answers

WEEK = dt.timedelta(days=6)


def inspections(window: MainWindow) -> int:
    with window.workspace.store.read() as uow:
        return uow.session.scalar(select(func.count()).select_from(Inspection)) or 0


def pick_institution(dialog: InspectionDialog) -> None:
    dialog.institution.setText("qm")
    dialog.institution.setText(next(n for n in dialog.institution.refresh_suggestions() if "启明" in n))
    dialog.when.setText("2026-11-18 19:20")
    dialog.inspector_choices.setData(
        dialog.inspector_choices.index(0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )


def test_the_result_is_never_filled_in_as_passed(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, answers: Answers
) -> None:
    page = window.inspections
    window.go("inspections")
    before = inspections(window)
    seen: dict[str, object] = {}

    def fill(dialog: InspectionDialog) -> int:
        pick_institution(dialog)
        seen["start"] = dialog.outcome.currentText()
        dialog.try_save()  # nothing chosen: refused, nothing saved
        check(dialog.rules, {"I12", "I18"})
        seen["proposed"] = (dialog.outcome.currentText(), dialog.proposal.text())
        dialog.rules.item(11).setCheckState(Qt.CheckState.Unchecked)
        dialog.rules.item(17).setCheckState(Qt.CheckState.Unchecked)
        seen["cleared"] = dialog.outcome.currentText()  # the proposal no longer holds: back to 请选择
        check(dialog.rules, {"I12"})
        dialog.outcome.setCurrentIndex(dialog.outcome.findText("合格"))
        dialog._result_picked(dialog.outcome.currentIndex())
        dialog.try_save()  # 合格 beside a broken rule: refused by the service
        dialog.outcome.setCurrentIndex(dialog.outcome.findText("现场整改"))
        dialog.try_save()
        return dialog.result()

    monkeypatch.setattr(InspectionDialog, "exec", fill)
    dialog = page.record_inspection()
    assert seen["start"] == "（请选择）"
    assert seen["proposed"][0] == "限期整改" and "2条负面清单条款" in seen["proposed"][1]
    assert seen["cleared"] == "（请选择）"
    warnings = answers.texts("warning")
    assert "请选择检查结果" in warnings[0] and "发现问题时结果不能为“合格”" in warnings[1]
    assert inspections(window) == before + 1 and dialog is not None and dialog.saved_id is not None
    with window.workspace.store.read() as uow:
        assert uow.session.get(Inspection, dialog.saved_id).result.label == "现场整改"


def test_the_training_seen_proposes_the_rules_it_breaks(window: MainWindow) -> None:
    dialog = InspectionDialog(window.workspace.inspections, window.user, window)
    pick_institution(dialog)
    dialog._subject_changed()
    dialog.lessons.add_lesson(dt.time(20, 15), dt.time(20, 55), Mode.ONLINE)
    breaches = dialog.lessons.run_check()
    assert [rule for _m, rule in breaches] == ["I19"] and "40分钟" in dialog.lessons.result.text()
    dialog.lessons.adopt()
    assert checked(dialog.rules) == ["I19"]
    box, note = dialog.aspect_boxes["hours"]
    assert box.isChecked() and "超过30分钟" in note.text()
    assert dialog.outcome.currentText() == "限期整改"
    dialog.kind.setCurrentIndex(1)  # a school: the schools' 19 rules, no aspects
    assert dialog.rules.count() == 19 and dialog.rules.item(0).text().startswith("学校第1条")
    assert dialog.aspects.isHidden()
    dialog.close()


def test_correcting_and_deleting_from_the_list(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, answers: Answers
) -> None:
    page = window.inspections
    window.go("inspections")
    view = page.inspection_view
    with window.workspace.store.read() as uow:
        with_notice = uow.session.scalar(select(Notice.inspection_id).where(Notice.kind == NoticeKind.RECTIFICATION))
        free = uow.session.scalar(
            select(Inspection.id).where(
                ~Inspection.id.in_(select(Notice.inspection_id).where(Notice.inspection_id.is_not(None)))
            )
        )
    view.select_id(with_notice)

    def correct(dialog: InspectionDialog) -> int:
        assert dialog.windowTitle().startswith("更正检查记录") and "已据此下达通知书" in dialog.note.text()
        dialog.findings.setPlainText("另查见收费公示不全")
        dialog.reason.setText("补记发现的问题")
        dialog.try_save()
        return dialog.result()

    monkeypatch.setattr(InspectionDialog, "exec", correct)
    page.correct_inspection()
    with window.workspace.store.read() as uow:
        assert uow.session.get(Inspection, with_notice).written_findings == "另查见收费公示不全"
        assert uow.session.scalar(select(AuditEntry).where(AuditEntry.changes.contains("补记发现的问题")))
    answers.reply = QMessageBox.StandardButton.Yes
    view.delete_selected()
    assert any("不能删除" in text for text in answers.texts("warning"))
    view.reload()
    view.select_id(free)
    view.delete_selected()
    with window.workspace.store.read() as uow:
        assert uow.session.get(Inspection, with_notice) is not None and uow.session.get(Inspection, free) is None


def test_reinspection_and_escalation_ask_first(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, answers: Answers
) -> None:
    page = window.inspections
    service = window.workspace.inspections
    with window.workspace.store.read() as uow:
        inst = uow.session.scalar(select(Institution.id).where(Institution.status == Status.OPERATING).limit(1))
    now = dt.datetime.now().replace(second=0, microsecond=0)
    first = service.record(
        InspectionInput(
            inst, now - dt.timedelta(days=3), Method.ROUTINE, [1], InspectionResult.RECTIFY, rule_codes=["I12"]
        ),
        window.user,
    )
    notice_id = service.issue(
        first, NoticeKind.RECTIFICATION, 15, window.user, issued_on=(now - dt.timedelta(days=3)).date()
    )
    service.step(notice_id, "serve", window.user, on=(now - dt.timedelta(days=2)).date(), signer="王明")
    window.go("notices")
    assert page.tabs.currentIndex() == 1
    view = page.notice_view
    view.table.selectRow(view.model.row_of_id(notice_id))
    shown: list[ReinspectionDialog] = []

    def without_record(dialog: ReinspectionDialog) -> int:
        shown.append(dialog)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ReinspectionDialog, "exec", without_record)
    choices = window.workspace.inspections.reinspection_choices(notice_id)
    page.notice_step("fail")
    assert shown[0].record.count() == len(choices)
    if not choices:
        assert any("复查不合格须选择复查时的检查记录" in t for t in answers.texts("warning"))
    # a re-inspection recorded, then chosen: the notice fails on that record
    again = window.workspace.inspections.record(
        InspectionInput(
            inst,
            dt.datetime.now() - dt.timedelta(hours=1),
            Method.FOLLOW_UP,
            [1],
            InspectionResult.RECTIFY,
            rule_codes=["I12"],
        ),
        window.user,
    )

    def with_record(dialog: ReinspectionDialog) -> int:
        dialog.record.setCurrentIndex(dialog.record.findData(again))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ReinspectionDialog, "exec", with_record)
    page.notice_step("fail")
    with window.workspace.store.read() as uow:
        failed = uow.session.get(Notice, notice_id)
        assert failed.status is NoticeStatus.FAILED and failed.reinspection_id == again
    count = len(answers.texts("question"))
    answers.reply = QMessageBox.StandardButton.No
    page.notice_step("escalate")
    asked = answers.texts("question")[count]
    assert "将对" in asked and "停止办学通知书" in asked and "停业整顿" in asked
    with window.workspace.store.read() as uow:
        assert uow.session.get(Notice, notice_id).status is NoticeStatus.FAILED  # "no": nothing issued
    answers.reply = QMessageBox.StandardButton.Yes
    page.notice_step("escalate")
    with window.workspace.store.read() as uow:
        assert uow.session.get(Notice, notice_id).status is NoticeStatus.ESCALATED


def test_the_campaigns_tab(window: MainWindow, monkeypatch: pytest.MonkeyPatch, qtmodeltester: ModelTester) -> None:
    with window.workspace.store.write("admin", Action.EDIT_SETTINGS) as uow:
        uow.session.add(
            Vacation(
                name="秋假",
                first_day=dt.date.today() + dt.timedelta(days=3),
                last_day=dt.date.today() + dt.timedelta(days=6),
            )
        )
        uow.commit()
    page = window.inspections.campaigns
    window.go("campaigns")
    assert window.inspections.tabs.currentWidget() is page
    qtmodeltester.check(page.view.model)
    summer = next(
        i for i in range(page.view.model.rowCount()) if "暑期" in page.view.model.data(page.view.model.index(i, 2))
    )
    page.view.table.selectRow(summer)
    qtmodeltester.check(page.figures)
    qtmodeltester.check(page.by_department)
    assert page.figures.rowCount() == 12 and page.by_department.rowCount() == 4
    assert "秋假" in page.banner.text() and page.draft_button.isVisible()

    def save(dialog: CampaignDialog) -> int:
        assert dialog.name.text() == f"{dt.date.today().year}年秋假校外培训专项治理行动"
        dialog.try_save()
        return dialog.result()

    monkeypatch.setattr(CampaignDialog, "exec", save)
    window.go("campaigns:draft")  # what double-clicking 首页's patrol line does
    with window.workspace.store.read() as uow:
        assert uow.session.scalar(select(Campaign).where(Campaign.name.contains("秋假")))
    assert "进行中" in page.banner.text() and not page.draft_button.isVisible()
    departments = page.open_list(page.department_register)
    qtmodeltester.check(page.last_list.model)
    assert page.last_list.model.rowCount() == 10
    departments.close()


def test_the_settings_screen(window: MainWindow, open_window, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not window.settings_action.isEnabled()  # the clerk's window
    admin = open_window("admin")
    assert admin.settings_action.isEnabled()

    def change(dialog: SettingsDialog) -> int:
        titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
        assert "四包覆盖检查" in titles and "专项行动与节前巡查" in titles
        _view, editor = dialog.editors[opts.STAFF_MAX_INSTITUTIONS.key]
        assert (editor.minimum(), editor.maximum()) == (1, 50)
        editor.setValue(3)
        dialog.try_save()
        return dialog.result()

    monkeypatch.setattr(SettingsDialog, "exec", change)
    dialog = admin.open_settings()
    assert dialog.changed == ["每名机关工作人员最多包保机构数：2 → 3"]
    assert admin.workspace.settings.get(opts.STAFF_MAX_INSTITUTIONS) == 3
    clerk_view = SettingsDialog(window.workspace.setting_options, window.user, window)
    from PySide6.QtWidgets import QDialogButtonBox

    save = clerk_view.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    clerk_view.close()


def test_a_ticket_outcome_marks_the_teachers_moonlighting(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    page = window.tickets
    window.go("tickets")
    with window.workspace.store.read() as uow:
        ticket = uow.session.scalar(select(Ticket).where(Ticket.status == TicketStatus.SIGNED).limit(1))
        teacher = uow.session.scalar(select(Teacher).where(Teacher.moonlighting.is_(False)).limit(1))
    page.view.select_id(ticket.id)
    page.show_ticket(ticket.id)
    page.current = ticket.id

    def reply(dialog: StepDialog) -> int:
        dialog.note.setPlainText("经查属实，已通报学校")
        dialog.moonlighting.setChecked(True)
        dialog.teacher.setText(teacher.name)
        label = next(t for t in dialog.teacher.refresh_suggestions() if t.startswith(teacher.name))
        dialog.teacher.setText(label)
        dialog.try_accept()
        return dialog.result()

    monkeypatch.setattr(StepDialog, "exec", reply)
    page.take_step(TicketEventKind.REPLIED)
    with window.workspace.store.read() as uow:
        assert uow.session.get(Teacher, teacher.id).moonlighting
        assert uow.session.get(Ticket, ticket.id).moonlighting_found
