"""投诉工单: the ticket list; beside it the chosen ticket with its deadline, its history (satisfaction included),
the steps allowed now (a greyed-out one says why) and the reply letter; and a tab with the monthly figures the city
checks, read when it is first shown."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop.domain.enums import Satisfaction, TicketEventKind, TicketStatus
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.domain.ticket_flow import MOVES
from shuangjian_desktop.services.catalogues import category_label
from shuangjian_desktop.services.tickets.register import TicketRegister
from shuangjian_desktop.services.tickets.service import TicketService
from shuangjian_desktop.ui.look import icon
from shuangjian_desktop.ui.preview_files import preview_path
from shuangjian_desktop.ui.register_view import RegisterView
from shuangjian_desktop.ui.ticket_steps import StepDialog, why_not


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


class TicketsPage(QWidget):
    def __init__(
        self,
        register: TicketRegister,
        service: TicketService,
        people: Callable[[], list[tuple[int, str]]],
        user: str,
        ui_state: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.user = user
        self._people = people
        self.view = RegisterView(register, user, ui_state)
        self.detail = QTextBrowser()
        self.detail.setPlaceholderText("选中一件工单，查看办理过程并办理下一步。")
        self.step_buttons: dict[object, QPushButton] = {}
        grid = QGridLayout()
        for i, kind in enumerate(MOVES):
            button = QPushButton(kind.label)
            button.clicked.connect(lambda _c=False, k=kind: self.take_step(k))
            button.setEnabled(False)
            self.step_buttons[kind] = button
            grid.addWidget(button, i // 5, i % 5)
        self.reply_button = QPushButton(icon("fa5s.file-pdf"), "答复函…")
        self.reply_button.clicked.connect(self.print_reply)
        self.reply_button.setEnabled(False)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 6, 4, 4)
        side_layout.addWidget(self.detail, 1)
        side_layout.addLayout(grid)
        side_layout.addWidget(self.reply_button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(side)
        splitter.setSizes([900, 380])
        self.figures = QTableWidget(0, 10)
        self.figures.setHorizontalHeaderLabels(
            ["月份", "问题类别", "受理", "办结", "按期办结", "按期办结率", "答复", "回复率", "回访", "满意率"]
        )
        self.figures.verticalHeader().setVisible(False)
        self.figures.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.figures_title = QLabel()
        stats = QWidget()
        stats_layout = QVBoxLayout(stats)
        top = QHBoxLayout()
        top.addWidget(self.figures_title, 1)
        refresh = QPushButton(icon("fa5s.sync"), "重新统计")
        refresh.clicked.connect(self.reload_figures)
        top.addWidget(refresh)
        stats_layout.addLayout(top)
        stats_layout.addWidget(self.figures)
        self.tabs = QTabWidget()
        self.tabs.addTab(splitter, "工单")
        self.tabs.addTab(stats, "统计（近12个月）")
        self.figures_stale = True
        self.tabs.currentChanged.connect(self._tab_shown)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.view.current_changed.connect(self.show_ticket)
        self.view.changed.connect(lambda: self.show_ticket(self.view.current_id()))
        self.view.changed.connect(self._figures_outdated)
        self.current: int | None = None
        self.may_act = True
        self.why_not_allowed = ""

    def set_may_act(self, allowed: bool, why: str = "") -> None:
        """Whether this account may take tickets' steps (and add or edit tickets)."""
        self.may_act = allowed
        self.view.set_may_edit(allowed, why)
        self.why_not_allowed = why
        self.show_ticket(self.current)

    def show_ticket(self, ticket_id: int | None) -> None:
        self.current = ticket_id
        if ticket_id is None:
            for kind, button in self.step_buttons.items():
                button.setEnabled(False)
                button.setToolTip(f"{kind.label}：请先在左边的列表中选中一件工单")
            self.reply_button.setEnabled(False)
            self.reply_button.setToolTip("答复函：请先选中一件工单")
            self.detail.clear()
            return
        values = self.view.register.load(ticket_id)
        keys = [c.key for c in self.view.register.columns]
        row = dict(zip(keys, self.view.register.rows([ticket_id])[0].values, strict=True))
        status = TicketStatus.from_label(str(row["status"]))
        satisfaction = self._satisfaction(ticket_id)
        for kind, button in self.step_buttons.items():
            reason = self.why_not_allowed if not self.may_act else why_not(kind, status, satisfaction)
            button.setEnabled(not reason)
            button.setToolTip(f"{kind.label}：{reason}" if reason else f"{kind.label}（当前为“{status.label}”）")
        self.reply_button.setEnabled(True)
        self.reply_button.setToolTip("预览和打印答复函")
        caller = (
            "（保密）"
            if values.get("confidential") == "是"
            else f"{values.get('caller_name')} {values.get('caller_phone')}"
        )
        facts = [
            ("工单编号", values["number"]),
            ("来源", values["source"]),
            ("受理时间", values["received_at"]),
            ("来电人", caller),
            ("类别", values["category"]),
            ("涉及", values["institution"] or values["address"]),
            ("状态", status.label),
            ("承办人", str(row["handler"] or "未派单")),
            ("办结期限", self._deadline_text(ticket_id, status)),
        ]
        rows = "".join(f"<tr><td style='color:#555'>{k}</td><td>{html.escape(v or '')}</td></tr>" for k, v in facts)
        events = "".join(
            f"<tr><td>{e.at:%m-%d %H:%M}</td><td><b>{e.kind}</b></td><td>{html.escape(e.person)}</td>"
            f"<td>{html.escape(e.note)}</td></tr>"
            for e in self.service.history(ticket_id)
        )
        links = "".join(f"<li>{html.escape(line)}</li>" for line in self.service.links(ticket_id)) or "<li>无</li>"
        self.detail.setHtml(
            f"<h3>{html.escape(values['subject'])}</h3><table>{rows}</table>"
            f"<p>{html.escape(values.get('content') or '')}</p><h4>办理过程</h4>"
            f"<table cellpadding='2'>{events}</table><h4>关联检查和通知书</h4><ul>{links}</ul>"
        )

    def _satisfaction(self, ticket_id: int) -> Satisfaction | None:
        """What the latest follow-up call found, as the log says (None after a 重办, or before any call)."""
        for event in reversed(self.service.history(ticket_id)):
            if event.kind == TicketEventKind.REOPENED.label:
                return None
            if event.kind == TicketEventKind.FOLLOWED_UP.label and event.note.startswith("满意度："):
                label = event.note.removeprefix("满意度：").split("；", 1)[0]
                try:
                    return Satisfaction.from_label(label)
                except ValueError:
                    return None
        return None

    def _deadline_text(self, ticket_id: int, status: TicketStatus) -> str:
        """The deadline and, for a ticket not yet answered, the working days left or how far past it is."""
        deadline = self.service.deadline(ticket_id)
        text = deadline.isoformat()
        if status in (TicketStatus.REPLIED, TicketStatus.FOLLOWED_UP, TicketStatus.CLOSED):
            return text
        today = dt.date.today()
        if deadline < today:
            return f"{text}（已超期）"
        left = self.service.calendar().working_days_between(today, deadline)
        return f"{text}（还剩{left}个工作日）"

    def take_step(self, kind: TicketEventKind) -> None:
        if self.current is None:
            return
        ticket_id = self.current
        deadline = self.service.deadline(ticket_id)
        dialog = StepDialog(
            kind,
            self._people(),
            self.service.proposal(ticket_id),
            deadline,
            self,
            submit=lambda step: self.service.step(ticket_id, step, self.user),
            teacher=self.service.teacher_of(ticket_id),
            teachers=self.service.teacher_labels,
        )
        self.last_dialog = dialog
        if dialog.exec() != StepDialog.DialogCode.Accepted or dialog.step is None:
            return
        self.view.reload()
        self.view.select_id(ticket_id)
        self.show_ticket(ticket_id)
        self.view.changed.emit()

    def print_reply(self) -> None:
        if self.current is None:
            return
        path = preview_path("答复函.pdf")
        try:
            self.service.print_reply(self.current, path)
        except DomainError as error:
            QMessageBox.warning(self, "答复函", str(error))
            return
        from shuangjian_desktop.ui.pdf_preview import PdfPreviewDialog

        dialog = PdfPreviewDialog(path, "答复函", self)
        self.last_preview = dialog
        dialog.exec()

    def _figures_outdated(self) -> None:
        self.figures_stale = True
        if self.tabs.currentIndex() == 1 and self.isVisible():
            self.reload_figures()

    def _tab_shown(self, index: int) -> None:
        if index == 1 and self.figures_stale:
            self.reload_figures()

    def reload_figures(self) -> None:
        """The last 12 months' figures (when the page or the 统计 tab is shown, and on 重新统计)."""
        self.figures_stale = False
        today = dt.date.today()
        first = (today.replace(day=1) - dt.timedelta(days=335)).replace(day=1)
        rows = self.service.figures(first, today)
        self.figures_title.setText(
            f"{first.year}年{first.month}月至{today.year}年{today.month}月，按受理月份和问题类别统计"
        )
        self.figures.setRowCount(len(rows))
        for r, f in enumerate(rows):
            cells = (
                f.month,
                category_label(f.category),
                f.received,
                f.closed,
                f.closed_on_time,
                _rate(f.on_time_rate),
                f.replied,
                _rate(f.reply_rate),
                f.followed_up,
                _rate(f.satisfaction_rate),
            )
            for c, value in enumerate(cells):
                item = QTableWidgetItem(str(value))
                if c >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.figures.setItem(r, c, item)

    def reload(self) -> None:
        self.view.reload()
        self.reload_figures()
