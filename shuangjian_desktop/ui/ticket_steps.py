"""The dialog for one step of a ticket's life: it asks only for what that step needs (handler, reason, new
deadline, satisfaction) and shows the handler the 四包 ledger proposes. The outcome (答复, 办结) may record that an
in-service teacher was found giving paid tutoring: the teacher is then marked so in the teachers' ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from shuangjian_desktop.domain.enums import Satisfaction, TicketEventKind
from shuangjian_desktop.domain.errors import InvalidValue
from shuangjian_desktop.domain.ticket_flow import OUTCOME_STEPS, Step
from shuangjian_desktop.domain.values import parse_date, parse_datetime
from shuangjian_desktop.services.tickets.service import Proposal
from shuangjian_desktop.ui.choices import ChoiceModel
from shuangjian_desktop.ui.form_dialog import RefEdit

E = TicketEventKind
NOTE_LABELS = {
    E.RETURNED: "退单理由",
    E.EXTENDED: "延期理由",
    E.REOPENED: "重办理由",
    E.REPLIED: "答复内容（办理结果）",
    E.URGED: "督办意见",
    E.FOLLOWED_UP: "回访情况",
    E.HANDLING: "办理情况",
    E.CLOSED: "办结说明",
    E.DISPATCHED: "派单说明",
    E.SIGNED: "签收说明",
}


class StepDialog(QDialog):
    def __init__(
        self,
        kind: TicketEventKind,
        people: list[tuple[int, str]],
        proposal: Proposal | None,
        deadline: dt.date,
        parent: QWidget | None = None,
        *,
        teacher: str = "",
        teachers: Callable[[str, int], list[str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setWindowTitle(f"{kind.label} — 投诉工单")
        self.step: Step | None = None
        form = QFormLayout(self)
        self.when = QLineEdit(dt.datetime.now().strftime("%Y-%m-%d %H:%M"))
        form.addRow("时间", self.when)
        self.handler = QComboBox()
        if kind is E.DISPATCHED:
            self.handler.setEditable(False)
            self.handler.setModel(ChoiceModel(people, parent=self.handler))  # no Qt call per person
            if proposal is not None:
                self.handler.setCurrentIndex(max(self.handler.model().row_of(proposal.person_id), 0))
                hint = QLabel(f"建议承办人：{proposal.name}（{proposal.reason}）")
            else:
                hint = QLabel("四包台账中没有找到对应的包保人，请选择承办人。")
            hint.setStyleSheet("color: #2f5597;")
            form.addRow("承办人", self.handler)
            form.addRow("", hint)
        self.deadline = QLineEdit()
        if kind is E.EXTENDED:
            self.deadline.setPlaceholderText(f"晚于原期限 {deadline.isoformat()}")
            form.addRow("延期至", self.deadline)
        self.satisfaction = QComboBox()
        if kind is E.FOLLOWED_UP:
            self.satisfaction.addItem("")
            for item in Satisfaction:
                self.satisfaction.addItem(item.label, item)
            form.addRow("满意度", self.satisfaction)
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(90)
        form.addRow(NOTE_LABELS.get(kind, "说明"), self.note)
        self.moonlighting = QCheckBox("查实在职教师有偿补课（校外兼职），在在职教师台账中标记该教师")
        self.teacher = RefEdit(teacher, teachers)
        self.teacher.setPlaceholderText("教师姓名或拼音首字母，从提示中选择“姓名（学校）”")
        self.teacher.setEnabled(False)
        self.moonlighting.toggled.connect(self.teacher.setEnabled)
        if kind in OUTCOME_STEPS:
            form.addRow("", self.moonlighting)
            form.addRow("涉及教师", self.teacher)
        self.error = QLabel()
        self.error.setStyleSheet("color: #a4262c;")
        self.error.setWordWrap(True)
        form.addRow("", self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(kind.label)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(480, 300)

    def try_accept(self) -> None:
        try:
            at = parse_datetime(self.when.text())
            new_deadline = parse_date(self.deadline.text()) if self.deadline.text().strip() else None
        except InvalidValue as error:
            self.error.setText(f"日期：{error}")
            return
        if self.moonlighting.isChecked() and not self.teacher.text().strip():
            self.error.setText("涉及教师：查实有偿补课时须选择该教师")
            return
        self.step = Step(
            self.kind,
            at,
            note=self.note.toPlainText().strip(),
            handler_id=self.handler.currentData() if self.kind is E.DISPATCHED else None,
            new_deadline=new_deadline,
            satisfaction=Satisfaction(self.satisfaction.currentData()) if self.satisfaction.currentData() else None,
            moonlighting_teacher=self.teacher.text().strip() if self.moonlighting.isChecked() else "",
        )
        self.accept()
