"""Working the way a clerk who lives in WPS expects (issue 17), each behaviour through the real window: Enter opens,
Delete asks with 否 the default and 最近删除 puts it back, greyed-out actions say why, a refused step keeps what
was typed, the ticket's deadline and satisfaction in its pane, the staff limit asked before saving, the coverage
summary and its PDF, the 统计 tab, searches that find nothing, the status bar, the detail pane, the empty database's
first steps, the home page's charts, dates and months picked, pinyin read as words, document numbers in order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, QLocale, QPoint, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from shuangjian_desktop.domain.enums import AssignmentKind, TicketEventKind, TicketStatus
from shuangjian_desktop.domain.pinyin import natural_key, sort_key
from shuangjian_desktop.services.registers import Query
from shuangjian_desktop.store.models import Assignment, Institution, Person, Ticket
from shuangjian_desktop.ui.dates import DateField, MonthEdit
from shuangjian_desktop.ui.form_dialog import FormDialog
from shuangjian_desktop.ui.main_window import MainWindow
from shuangjian_desktop.ui.pdf_preview import PdfPreviewDialog
from shuangjian_desktop.ui.ticket_steps import StepDialog
from tests.ui.conftest import Answers

E = TicketEventKind


def test_enter_on_a_row_opens_it(window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[FormDialog] = []
    monkeypatch.setattr(FormDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    window.go("institutions")
    view = window.institutions.view
    view.table.selectRow(2)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert len(opened) == 1 and opened[0].windowTitle().startswith("编辑")
    assert opened[0].editors["name"].text() == view.model.row(2).values[0]


def test_delete_asks_with_no_as_default_and_recently_deleted_puts_it_back(
    window: MainWindow, answers: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.go("people")
    view = window.people.people
    person = {"name": "单田芳", "phone": "13900005678", "roles": "局机关工作人员"}
    person_id = window.workspace.registers.people.save(None, person, "李晓燕")
    view.reload()
    before = view.model.rowCount()
    view.select_id(person_id)
    answers.reply = QMessageBox.StandardButton.No
    view.delete_selected()
    assert answers.defaults[-1] == QMessageBox.StandardButton.No  # Enter keeps the record
    assert "最近删除" in answers.texts("question")[-1] and view.model.rowCount() == before
    answers.reply = QMessageBox.StandardButton.Yes
    view.delete_selected()
    assert view.model.rowCount() == before - 1
    view.search.setText("stf")  # 单 read as the surname shàn
    view.reload()
    assert view.model.rowCount() == 0 and view.empty_label.isVisibleTo(view)
    view.search.clear()
    monkeypatch.setattr("shuangjian_desktop.ui.recycle_dialog.RecycleDialog.open", lambda _d: None)
    dialog = window.open_recycle()
    assert dialog.view.model.rowCount() == 1 and dialog.view.model.row(0).values[2] == "单田芳"
    dialog.view.table.selectRow(0)
    restored = dialog.restore_selected()
    assert restored == [("people", person_id)] and dialog.view.model.rowCount() == 0
    assert window.people.tabs.currentIndex() == 0 and view.current_id() == person_id
    view.search.setText("stf")
    view.reload()
    assert view.model.rowCount() == 1


def test_every_greyed_out_action_says_why(leader_window: MainWindow, window: MainWindow) -> None:
    view = leader_window.institutions.view
    assert not view.add_action.isEnabled() and "领导" in view.add_action.toolTip()
    assert not leader_window.import_action.isEnabled() and "不能导入台账" in leader_window.import_action.toolTip()
    assert "需要" in leader_window.restore_action.toolTip()
    menus = [action.menu() for action in leader_window.menuBar().actions()]
    assert menus and all(menu.toolTipsVisible() for menu in menus)  # a greyed-out menu item shows its tooltip
    clerk_view = window.institutions.view
    assert clerk_view.add_action.toolTip() == "新增 (Ctrl+N)" and "Ctrl+O" in clerk_view.edit_action.toolTip()
    window.go("tickets")
    page = window.tickets
    page.view.table.selectRow(0)
    page.show_ticket(page.view.current_id())
    closing = page.step_buttons[E.CLOSED]
    assert not closing.isEnabled() and "不能办结" in closing.toolTip() and "现在可以" in closing.toolTip()
    page.show_ticket(None)
    assert "请先" in page.step_buttons[E.DISPATCHED].toolTip()


def _new_ticket(window: MainWindow) -> int:
    ticket_id = window.workspace.registers.tickets.save(
        None,
        {
            "source": "12345热线",
            "received_at": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "request_kind": "投诉举报",
            "category": "超时培训",
            "subject": "反映周末超时培训",
        },
        "李晓燕",
    )
    page = window.tickets
    page.view.reload()
    page.view.select_id(ticket_id)
    page.show_ticket(ticket_id)
    return ticket_id


def test_a_refused_step_keeps_what_was_typed_and_the_pane_shows_deadline_and_satisfaction(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.go("tickets")
    ticket_id = _new_ticket(window)
    page = window.tickets
    assert "办结期限" in page.detail.toPlainText() and "工作日" in page.detail.toPlainText()
    seen: list[StepDialog] = []

    def extend_too_early(dialog: StepDialog) -> int:
        seen.append(dialog)
        dialog.note.setPlainText("需要协调市场监管部门")
        dialog.deadline.setText("2020-01-01")  # before the deadline: refused
        dialog.try_accept()
        return dialog.result()

    deadline = window.workspace.tickets.deadline(ticket_id)
    for kind in (E.DISPATCHED, E.SIGNED):
        monkeypatch.setattr(StepDialog, "exec", lambda d: d.try_accept() or d.result())
        page.step_buttons[kind].click()
    monkeypatch.setattr(StepDialog, "exec", extend_too_early)
    page.step_buttons[E.EXTENDED].click()
    dialog = seen[-1]
    assert dialog.result() != StepDialog.DialogCode.Accepted and "晚于原期限" in dialog.error.text()
    assert dialog.note.toPlainText() == "需要协调市场监管部门"  # still there to correct
    assert window.workspace.tickets.deadline(ticket_id) == deadline
    steps = {E.REPLIED: "已责令整改", E.FOLLOWED_UP: ""}
    for kind, note in steps.items():

        def answer(d: StepDialog, note: str = note) -> int:
            d.note.setPlainText(note)
            if d.kind is E.FOLLOWED_UP:
                d.satisfaction.setCurrentText("基本满意")
            d.try_accept()
            return d.result()

        monkeypatch.setattr(StepDialog, "exec", answer)
        page.step_buttons[kind].click()
    assert "满意度：基本满意" in page.detail.toPlainText()
    assert page.step_buttons[E.CLOSED].isEnabled()


def test_a_staff_members_third_institution_is_asked_about_first(
    window: MainWindow, answers: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = window.workspace.store
    with store.read() as uow:
        person_id = uow.session.scalar(
            select(Assignment.person_id)
            .where(Assignment.kind == AssignmentKind.STAFF_INSTITUTION, Assignment.ends_on.is_(None))
            .group_by(Assignment.person_id)
            .having(func.count() == 2)
        )
        person = uow.session.get(Person, person_id)
        held = select(Assignment.institution_id).where(
            Assignment.person_id == person_id, Assignment.institution_id.is_not(None)
        )
        free = uow.session.scalar(select(Institution.name).where(Institution.id.not_in(held)).limit(1))
        name, phone = person.name, person.phone
        count = uow.session.scalar(select(func.count()).select_from(Assignment))
    opened: list[FormDialog] = []

    def fill(dialog: FormDialog) -> int:
        opened.append(dialog)
        for key, value in {
            "kind": "局机关工作人员包机构",
            "person_name": name,
            "person_phone": phone,
            "target": free,
        }.items():
            dialog.set_value(key, value)
        dialog.try_save()
        return dialog.result()

    monkeypatch.setattr(FormDialog, "exec", fill)
    window.go("assignments")
    answers.reply = QMessageBox.StandardButton.No
    window.assignments.view.add()
    question = answers.texts("question")[-1]
    assert (
        "超过设置的上限2家" in question and name in question and answers.defaults[-1] == QMessageBox.StandardButton.No
    )
    assert opened[-1].result() != FormDialog.DialogCode.Accepted  # the form stays open with what was typed
    with store.read() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Assignment)) == count
    answers.reply = QMessageBox.StandardButton.Yes
    window.assignments.view.add()
    assert opened[-1].result() == FormDialog.DialogCode.Accepted, answers.texts("warning")
    with store.read() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Assignment)) == count + 1


def test_the_coverage_check_has_a_summary_and_prints(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.go("assignments")
    page = window.assignments
    qtbot.waitUntil(lambda: "发现" in page.gap_title.text() or "全覆盖" in page.gap_title.text(), timeout=10000)
    total = page.gap_model.rowCount()
    assert sum(count for _kind, count in page.summary) == total and "校长责任书未签订" in page.gap_summary.text()
    shown: list[Path] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda d: shown.append(d.path) or 0)
    page.print_gaps()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    text = "".join(p.extract_text() for p in PdfReader(str(shown[0])).pages)
    assert "检查结果汇总" in text and f"共 {total} 处缺口" in text and "校长责任书未签订" in text


def test_the_statistics_tab_is_filled_when_first_shown(window: MainWindow) -> None:
    window.go("tickets")
    window.tickets.tabs.setCurrentIndex(1)
    assert window.tickets.figures.rowCount() > 0 and window.tickets.figures_title.text()


def test_a_search_with_no_hits_says_so(window: MainWindow) -> None:
    window.go("institutions")
    view = window.institutions.view
    view.search.setText("查无此机构")
    view.reload()
    assert view.model.rowCount() == 0 and view.empty_label.isVisible()
    assert "没有找到与“查无此机构”相符的机构台账记录" in view.empty_label.text()
    view.search.clear()
    view.reload()
    assert not view.empty_label.isVisible()


def test_the_status_bar_counts_the_list_on_screen(window: MainWindow) -> None:
    window.go("people")
    assert window.count_label.text().startswith("人员")
    window.people.tabs.setCurrentIndex(1)
    assert window.count_label.text() == f"学校台账 共 {window.people.schools.model.rowCount()} 条"
    window.go("inspections")
    window.inspections.tabs.setCurrentIndex(1)
    assert window.count_label.text().startswith("整改通知书")


def test_the_detail_pane_clears_when_the_filter_hides_its_institution(window: MainWindow) -> None:
    window.go("institutions")
    page = window.institutions
    page.view.table.selectRow(0)
    name = page.view.model.row(0).values[0]
    assert name in page.detail.toPlainText()
    page.view.search.setText(name)  # still listed: still shown
    page.view.reload()
    assert page.view.current_id() is not None and name in page.detail.toPlainText()
    page.view.search.setText("查无此机构")
    page.view.reload()
    assert page.detail.toPlainText() == ""


def test_an_empty_database_says_what_to_do_first(
    qtbot: QtBot, workspace, ui_state, answers: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shuangjian_desktop.domain.access import Actor
    from shuangjian_desktop.domain.enums import UserRole

    win = MainWindow(workspace, Actor("admin", "管理员", UserRole.ADMIN), ui_state=ui_state)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.home.first_steps.isVisible(), timeout=10000)
    assert "工作都已落实" not in win.home.attention_title.text()
    opened: list[FormDialog] = []
    monkeypatch.setattr(FormDialog, "exec", lambda d: opened.append(d) or 0)
    win.home.first_steps.buttons["profile"].click()
    assert opened and opened[0].windowTitle() == "单位信息"
    win.home.first_steps.buttons["reports"].click()
    assert win.stack.currentWidget() is win.reports
    win.close()


def test_the_home_page_charts_open_their_lists(window: MainWindow, qtbot: QtBot) -> None:
    home = window.home
    qtbot.waitUntil(lambda: len(home.charts.charts) == 4 and home.charts.isVisible(), timeout=10000)
    tickets = next(c for c in home.charts.charts if c.trend.key == "tickets")
    with window.workspace.store.read() as uow:
        first = dt.datetime.combine(dt.date.fromisoformat(tickets.trend.months[-1] + "-01"), dt.time())
        received = uow.session.scalar(select(func.count()).select_from(Ticket).where(Ticket.received_at >= first))
    assert tickets.trend.series[0][1][-1] == received
    qtbot.mouseClick(tickets, Qt.MouseButton.LeftButton, pos=QPoint(tickets.width() // 2, tickets.height() // 2))
    assert window.stack.currentWidget() is window.tickets
    window.go("home")
    gaps = next(c for c in home.charts.charts if c.trend.key == "gaps")
    qtbot.mouseClick(gaps, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    assert window.stack.currentWidget() is window.assignments


def test_dates_and_months_are_picked_from_a_chinese_calendar(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[FormDialog] = []
    monkeypatch.setattr(FormDialog, "exec", lambda d: opened.append(d) or 0)
    window.go("status-changes")
    window.changes.view.add()
    effective, approved = opened[0].editors["effective_on"], opened[0].editors["approved_on"]
    assert isinstance(effective, DateField) and isinstance(approved, DateField)
    assert (
        effective.edit.calendarPopup()
        and effective.edit.calendarWidget().locale().language() == QLocale.Language.Chinese
    )
    assert approved.text() == ""  # optional: blank until picked
    approved.edit.setDate(QDate(2026, 3, 9))
    assert opened[0].raw_values()["approved_on"] == "2026-03-09"
    approved.clear_button.click()
    assert opened[0].raw_values()["approved_on"] == ""
    reports = window.reports
    assert isinstance(reports.month, MonthEdit) and reports.month.calendarPopup()
    reports.month.setDate(QDate(2026, 10, 17))
    assert reports.month.month() == "2026-10"
    step = StepDialog(E.EXTENDED, [], None, dt.date(2026, 12, 1), window)
    assert isinstance(step.when, DateField) and isinstance(step.deadline, DateField) and step.deadline.text() == ""


def test_pinyin_search_reads_words_and_lists_sort_as_wps(window: MainWindow) -> None:
    window.go("institutions")
    view = window.institutions.view
    view.search.setText("kpyy")
    view.reload()
    assert [view.model.row(r).values[0] for r in range(view.model.rowCount())] == ["示范县鲲鹏音乐培训学校有限公司"]
    view.search.clear()
    column = [c.key for c in view.register.columns].index("legal_rep")
    view.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    reps = [view.model.row(r).values[column] for r in range(view.model.rowCount())]
    filled = [r for r in reps if r]
    assert filled == sorted(filled, key=lambda n: sort_key(n, person=True))
    window.go("inspections")
    notices = window.inspections.notice_view
    window.inspections.tabs.setCurrentIndex(1)
    number = [c.key for c in notices.register.columns].index("doc_number")
    notices.table.sortByColumn(number, Qt.SortOrder.AscendingOrder)
    shown = [notices.model.row(r).values[number] for r in range(notices.model.rowCount())]
    assert shown == sorted(shown, key=natural_key)


def test_the_register_keeps_working_after_a_restore(window: MainWindow) -> None:
    """The restored record is whole again in SQL: counted, searched, sorted."""
    registers = window.workspace.registers
    status = registers.tickets.count(Query(filters={"status": TicketStatus.ACCEPTED.value}))
    ticket_id = _new_ticket(window)
    registers.tickets.delete(ticket_id, "李晓燕")
    kept = registers.recycle.ids(Query())[0]
    registers.recycle.restore(kept, "李晓燕")
    assert registers.tickets.count(Query(filters={"status": TicketStatus.ACCEPTED.value})) == status + 1
