"""机构台账: the register with a detail pane (responsible staff and inspector, status history, tickets,
inspections, notices)."""

from __future__ import annotations

import html

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QSplitter, QTextBrowser, QVBoxLayout, QWidget

from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.institutions.register import InstitutionRegister
from shuangjian_desktop.services.registers import InstitutionDetail
from shuangjian_desktop.ui.register_view import RegisterView


def detail_html(detail: InstitutionDetail) -> str:
    def section(title: str, lines: list[str], empty: str) -> str:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines) or f"<li style='color:#a4262c'>{empty}</li>"
        return f"<h4 style='margin-bottom:2px'>{title}</h4><ul style='margin-top:0'>{items}</ul>"

    facts = "".join(
        f"<tr><td style='color:#555;padding-right:8px'>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>"
        for k, v in detail.facts
    )
    return (
        f"<h3>{html.escape(detail.name)}</h3><table>{facts}</table>"
        + section("包保工作人员", detail.staff, "未指定")
        + section("责任督学", detail.inspectors, "未挂牌")
        + section("转型注销记录", detail.changes, "无")
        + section("投诉工单", detail.tickets, "无")
        + section("检查记录", detail.inspections, "无")
        + section("整改通知书", detail.notices, "无")
    )


class InstitutionsPage(QWidget):
    def __init__(
        self, register: InstitutionRegister, user: str, ui_state: QSettings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.register = register
        self.view = RegisterView(register, user, ui_state)
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText("选中一家机构，在这里查看其包保人员、转型注销、投诉、检查和整改情况。")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 340])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.view.current_changed.connect(self.show_detail)
        self.view.changed.connect(lambda: self.show_detail(self.view.current_id()))

    def show_detail(self, record_id: int | None) -> None:
        if record_id is None:
            self.detail.clear()
            return
        try:
            self.detail.setHtml(detail_html(self.register.detail(record_id)))
        except DomainError as error:
            self.detail.setPlainText(str(error))
