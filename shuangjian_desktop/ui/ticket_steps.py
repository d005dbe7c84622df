"""The dialog for one step of a ticket's life: it asks only for what that step needs (handler, reason, new
deadline picked from a calendar, satisfaction) and shows the handler the 四包 ledger proposes. A step the service
refuses leaves the dialog open with the reason and everything typed. ``why_not`` says why a step's button is greyed
out. The outcome (答复, 办结) may record that an in-service teacher was found giving paid tutoring: the teacher is then
marked so in the teachers' ledger."""

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
    QPlainTextEdit,
    QWidget,
)

from shuangjian_desktop.domain.enums import Satisfaction, TicketEventKind, TicketStatus
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.domain.ticket_flow import MOVES, OUTCOME_STEPS, Step, allowed_steps
from shuangjian_desktop.services.tickets.service import Proposal
from shuangjian_desktop.ui.choices import ChoiceModel
from shuangjian_desktop.ui.dates import DateField
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


def why_not(kind: TicketEventKind, status: TicketStatus, satisfaction: Satisfaction | None) -> str:
    """Why a step cannot be taken now (its button's tooltip), or "" when it can."""
    sources, _target = MOVES[kind]
    if status not in sources:
        when = "或".join(f"“{s.label}”" for s in TicketStatus if s in sources)
        now = "、".join(k.label for k in allowed_steps(status)) or "无（已结束）"
        return f"工单当前为“{status.label}”，不能{kind.label}（工单为{when}时才能{kind.label}）。现在可以：{now}"
    if kind is E.CLOSED and satisfaction is Satisfaction.UNSATISFIED:
        return "回访不满意的工单不能办结，请先“重办”"
    if kind is E.REOPENED and satisfaction is not Satisfaction.UNSATISFIED:
        return "只有回访不满意的工单才需要重办"
    return ""


class StepDialog(QDialog):
    def __init__(
        self,
        kind: TicketEventKind,
        people: list[tuple[int, str]],
        proposal: Proposal | None,
        deadline: dt.date,
        parent: QWidget | None = None,
        submit: Callable[[Step], object] | None = None,
        *,
        teacher: str = "",
        teachers: Callable[[str, int], list[str]] | None = None,
    ) -> None:
        """``submit(step)`` takes the step (the service); a refusal (DomainError) is shown in the dialog, which
        stays open with what was typed."""
        super().__init__(parent)
        self.kind = kind
        self._submit = submit
        self.setWindowTitle(f"{kind.label} — 投诉工单")
        self.step: Step | None = None
        form = QFormLayout(self)
        self.when = DateField(dt.datetime.now().strftime("%Y-%m-%d %H:%M"), with_time=True, optional=False)
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
        self.deadline = DateField("", optional=True)
        if kind is E.EXTENDED:
            self.deadline.setToolTip(f"须晚于原期限 {deadline.isoformat()}")
            form.addRow("延期至", self.deadline)
            form.addRow("", QLabel(f"原期限 {deadline.isoformat()}；新期限须晚于原期限"))
        self.satisfaction = QComboBox()
        if kind is E.FOLLOWED_UP:
            self.satisfaction.addItem("")
            for item in Satisfaction:
                self.satisfaction.addItem(item.label, item)
            form.addRow("满意度", self.satisfaction)
        self.moonlighting = QCheckBox("查实在职教师有偿补课（校外兼职），在在职教师台账中标记该教师")
        self.teacher = RefEdit(teacher, teachers)
        self.teacher.setPlaceholderText("教师姓名或拼音首字母，从提示中选择“姓名（学校）”")
        self.teacher.setEnabled(False)
        self.moonlighting.toggled.connect(self.teacher.setEnabled)
        if kind in OUTCOME_STEPS:
            form.addRow("", self.moonlighting)
            form.addRow("涉及教师", self.teacher)
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(90)
        form.addRow(NOTE_LABELS.get(kind, "说明"), self.note)
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
        at = self.when.datetime()
        if at is None:
            self.error.setText("请选择时间")
            return
        if self.moonlighting.isChecked() and not self.teacher.text().strip():
            self.error.setText("涉及教师：查实有偿补课时须选择该教师")
            return
        step = Step(
            self.kind,
            at,
            note=self.note.toPlainText().strip(),
            handler_id=self.handler.currentData() if self.kind is E.DISPATCHED else None,
            new_deadline=self.deadline.date() if self.kind is E.EXTENDED else None,
            satisfaction=Satisfaction(self.satisfaction.currentData()) if self.satisfaction.currentData() else None,
            moonlighting_teacher=self.teacher.text().strip() if self.moonlighting.isChecked() else "",
        )
        if self._submit is not None:
            try:
                self._submit(step)
            except DomainError as error:
                self.error.setText(f"未办理：{error}")
                return
        self.step = step
        self.accept()
