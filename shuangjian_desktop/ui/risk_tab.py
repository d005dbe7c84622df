"""监管 > 风险分级: every institution's grade in force, the computed grade, its points and reasons (the risk list is a
register paged out of SQL); the selected institution's reasons and history (when and why its grade changed); grade
again (off the GUI thread, with progress), override with a reason or take the override back, open a disposal case
file for a C or D institution, export the list, and read how the points are counted."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop.domain.enums import RiskGrade
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.supervision import Supervision
from shuangjian_desktop.ui.file_dialogs import XLSX, save_file
from shuangjian_desktop.ui.look import icon
from shuangjian_desktop.ui.ops import run_op
from shuangjian_desktop.ui.register_view import RegisterView
from shuangjian_desktop.ui.supervision_widgets import allow


class OverrideDialog(QDialog):
    """调整等级: the grade and the reason (required; it goes on record)."""

    def __init__(self, name: str, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("人工调整风险等级")
        self.grade = QComboBox()
        for grade in RiskGrade:
            self.grade.addItem(grade.label, grade)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("写明依据，如：部门会商研判意见、信访舆情情况（必填，记入评定历史和操作日志）")
        self.reason.setFixedHeight(90)
        form = QFormLayout(self)
        form.addRow("机构", QLabel(name))
        form.addRow("现行等级", QLabel(current))
        form.addRow("调整为", self.grade)
        form.addRow("调整理由", self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("调整")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(520, 280)


class RiskTab(QWidget):
    def __init__(
        self,
        desk: Supervision,
        user: str,
        open_disposal: Callable[[str], None],
        ui_state: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.user = user
        self.ui_state = ui_state
        self._open_disposal = open_disposal
        self.view = RegisterView(desk.risk, user, ui_state)
        self.grade_button = QPushButton(icon("fa5s.balance-scale"), "重新评定")
        self.grade_button.clicked.connect(self.grade_all)
        self.override_button = QPushButton(icon("fa5s.edit"), "调整等级…")
        self.override_button.clicked.connect(self.override)
        self.undo_button = QPushButton("取消调整")
        self.undo_button.clicked.connect(self.remove_override)
        self.plan_button = QPushButton(icon("fa5s.clipboard-list"), "建立处置方案…")
        self.plan_button.clicked.connect(self.open_disposal)
        export = QPushButton(icon("fa5s.file-excel"), "导出风险分级表…")
        export.clicked.connect(self.export)
        rules = QPushButton(icon("fa5s.question-circle"), "评分办法")
        rules.clicked.connect(self.show_rules)
        self.status = QLabel()
        self.status.setStyleSheet("color: #1f3864; font-weight: bold;")
        bar = QHBoxLayout()
        for button in (self.grade_button, self.override_button, self.undo_button, self.plan_button, export, rules):
            bar.addWidget(button)
        bar.addStretch(1)
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.view.current_changed.connect(self.show_detail)
        upper = QWidget()
        column = QVBoxLayout(upper)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.status)
        column.addLayout(bar)
        column.addWidget(self.view)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(self.detail)
        splitter.setSizes([480, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(splitter)

    def set_may_edit(self, allowed: bool, why: str) -> None:
        allow([self.grade_button, self.override_button, self.undo_button, self.plan_button], allowed, why)

    def reload(self) -> None:
        self.view.reload()
        last = self.desk.last_graded()
        self.status.setText(
            f"最近一次评定：{last:%Y-%m-%d %H:%M}。等级按风险因素计算，人工调整须写明理由。"
            if last
            else "尚未评定：请点“重新评定”，按风险因素计算全部机构的等级。"
        )

    def show_detail(self, institution_id: int | None) -> None:
        if institution_id is None:
            self.detail.clear()
            return
        try:
            found = self.desk.risk_detail(institution_id)
        except DomainError as error:
            self.detail.setPlainText(str(error))
            return
        score = "—" if found.score is None else found.score
        lines = [
            f"<b>{html.escape(found.name)}</b>　现行等级：<b>{found.grade.value if found.grade else '未评定'}</b>"
            f"　计算等级：{found.computed.value if found.computed else '—'}（{score}分）",
            f"<p>风险因素：{html.escape(found.reasons or '尚未评定')}</p>",
        ]
        if found.override:
            lines.append(f"<p style='color:#a4262c'>{html.escape(found.override)}</p>")
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in found.history
        )
        lines.append(
            "<p><b>评定历史</b>（新的在上）</p><table border='1' cellspacing='0' cellpadding='3'>"
            "<tr><th>时间</th><th>方式</th><th>等级</th><th>原因</th><th>经办</th></tr>" + rows + "</table>"
        )
        self.detail.setHtml("".join(lines))

    def _selected(self) -> tuple[int, str, str] | None:
        institution_id = self.view.current_id()
        row = self.view.model.row(self.view.table.currentIndex().row()) if institution_id is not None else None
        if institution_id is None or row is None:
            QMessageBox.information(self, "风险分级", "请先在列表中选中一家机构。")
            return None
        return institution_id, str(row.values[0]), str(row.values[1])

    def _done(self, message: str, institution_id: int | None = None) -> None:
        self.reload()
        if institution_id is not None:
            self.view.select_id(institution_id)
            self.show_detail(institution_id)
        self.view.changed.emit()
        QMessageBox.information(self, "风险分级", message)

    def grade_all(self) -> None:
        run_op(
            self,
            "重新评定风险等级",
            lambda p: self.desk.grade_all(self.user, p.report, p.cancelled),
            lambda result: self._done(result.summary()),
        )

    def override(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        institution_id, name, current = chosen
        dialog = OverrideDialog(name, current, self)
        self.last_dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        grade = RiskGrade(dialog.grade.currentData())  # Qt hands the enum back as its plain value
        try:
            self.desk.override(institution_id, grade, dialog.reason.toPlainText(), self.user)
        except DomainError as error:
            QMessageBox.warning(self, "未调整", str(error))
            return
        self._done(f"“{name}”的风险等级已调整为{grade.value}级，理由已记入评定历史。", institution_id)

    def remove_override(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        institution_id, name, _current = chosen
        try:
            grade = self.desk.remove_override(institution_id, "取消人工调整，恢复计算等级", self.user)
        except DomainError as error:
            QMessageBox.warning(self, "风险分级", str(error))
            return
        self._done(f"已取消人工调整，“{name}”恢复为计算等级{grade.value}级。", institution_id)

    def open_disposal(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self._open_disposal(chosen[1])

    def export(self) -> None:
        path = save_file(self, "导出风险分级表", "export", "风险分级表.xlsx", XLSX, self.ui_state)
        if path is None:
            return
        run_op(
            self,
            "导出风险分级表",
            lambda _p: self.desk.export_risk(Path(path), self.user),
            lambda rows: QMessageBox.information(self, "导出完成", f"已导出{rows}家机构的风险等级：{path}"),
        )

    def show_rules(self) -> None:
        QMessageBox.information(
            self,
            "评分办法",
            "按宁波“四级风险管理”：机构类型、学生余量、退费金额、举办现状四大因素，加上投诉、整改、资金监管和办学许可"
            "情况，各项风险因素计分相加，按分值分为A（低风险）至D（高风险）四级；C、D级须制定处置方案（一机构一方案）。"
            "分值和分界由本县在设置中调整：\n\n" + "\n".join(self.desk.weights_text()),
        )
