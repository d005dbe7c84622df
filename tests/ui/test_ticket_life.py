"""In the GUI, a clerk takes a ticket from intake to closing: intake form, 派单 with the proposed handler,
签收, 办理, 答复, 回访, 办结, the reply letter; and enters next year's holiday schedule."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from shuangjian_desktop.domain.enums import TicketEventKind, TicketStatus
from shuangjian_desktop.domain.workdays import BUILTIN_YEARS
from shuangjian_desktop.store.models import Ticket
from shuangjian_desktop.ui.form_dialog import FormDialog
from shuangjian_desktop.ui.main_window import MainWindow
from shuangjian_desktop.ui.pdf_preview import PdfPreviewDialog
from shuangjian_desktop.ui.ticket_steps import StepDialog
from tests.ui.conftest import Answers

E = TicketEventKind


def test_a_ticket_from_intake_to_closing(window: MainWindow, monkeypatch: pytest.MonkeyPatch, answers: Answers) -> None:
    page = window.tickets
    window.go("tickets")
    institution = window.institutions.view.model.data(window.institutions.view.model.index(0, 0))

    def fill_intake(dialog: FormDialog) -> int:
        for key, value in {
            "source": "12345热线",
            "received_at": "2026-11-16 09:30",
            "caller_name": "张女士",
            "caller_phone": "13800001234",
            "request_kind": "投诉举报",
            "category": "超时培训",
            "subject": "反映机构晚上九点后仍在培训",
            "institution": institution,
        }.items():
            dialog.set_value(key, value)
        dialog.try_save()
        return dialog.result()

    monkeypatch.setattr(FormDialog, "exec", fill_intake)
    page.view.add()
    ticket_id = page.current
    assert ticket_id is not None and page.step_buttons[E.DISPATCHED].isEnabled()
    assert not page.step_buttons[E.CLOSED].isEnabled()

    proposals: list[str] = []
    answers_for = {
        E.DISPATCHED: {},
        E.SIGNED: {},
        E.HANDLING: {"note": "已约谈机构负责人"},
        E.REPLIED: {"note": "经核查属实，已责令机构整改。"},
        E.FOLLOWED_UP: {"satisfaction": "满意"},
        E.CLOSED: {},
    }

    def run_step(dialog: StepDialog) -> int:
        values = answers_for[dialog.kind]
        if dialog.kind is E.DISPATCHED:
            proposals.append(dialog.handler.currentText())
        if "note" in values:
            dialog.note.setPlainText(values["note"])
        if "satisfaction" in values:
            dialog.satisfaction.setCurrentText(values["satisfaction"])
        dialog.try_accept()
        return dialog.result()

    monkeypatch.setattr(StepDialog, "exec", run_step)
    for kind in answers_for:
        assert page.step_buttons[kind].isEnabled(), kind
        page.step_buttons[kind].click()
    with window.workspace.store.read() as uow:
        ticket = uow.session.get(Ticket, ticket_id)
        assert ticket.status is TicketStatus.CLOSED and ticket.handler is not None
        assert proposals and proposals[0].startswith(ticket.handler.name)
        assert [e.kind for e in ticket.events][-1] is E.CLOSED
    text = page.detail.toPlainText()
    assert "办结" in text and "经核查属实" in text
    assert not any(button.isEnabled() for button in page.step_buttons.values())

    shown: list[Path] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda dialog: shown.append(dialog.path) or 0)
    page.print_reply()
    assert shown and "经核查属实" in PdfReader(shown[0]).pages[0].extract_text()


def test_entering_next_years_holidays(admin_window: MainWindow, qtbot: QtBot, answers: Answers) -> None:
    year = max(BUILTIN_YEARS) + 1
    dialog = admin_window.open_calendar()
    dialog.year.setValue(year)
    dialog.text.setPlainText(f"{year}-01-01 放假 元旦\n{year}-02-05~{year}-02-11 放假 春节\n{year}-02-14 上班 春节调休")
    dialog.save()
    assert any(f"{year}年安排（9天）" in text for text in answers.texts("information"))
    assert any(str(year) in dialog.covered.item(i).text() for i in range(dialog.covered.count()))
    dialog.text.setPlainText(f"{year}-13-01 放假 元旦")
    dialog.save()
    assert any("未作任何改动" in text for text in answers.texts("warning"))
    with admin_window.workspace.store.read() as uow:
        assert uow.session.scalar(select(Ticket.id).limit(1)) is not None
