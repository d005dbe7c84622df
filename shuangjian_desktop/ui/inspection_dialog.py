"""Recording (or correcting) an inspection: what was inspected (a training institution, or a school against the
schools' negative list), when and how, who inspected, the special campaign it belongs to and the partner
departments that took part (a joint inspection), the ticket that led to it, the seven aspects, the training seen
checked against the training-time rules, the rules found broken, photos and scans, and the result.

The result starts empty and is never filled in as 合格 by the dialog: it proposes one from what was ticked (限期整改
when anything was found, filled in only while the inspectors have not chosen), and the service refuses 合格 beside
any problem.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop.domain.enums import InspectionResult, Method
from shuangjian_desktop.domain.errors import DomainError, InvalidValue
from shuangjian_desktop.domain.inspection_findings import Found, propose_result, why_proposed
from shuangjian_desktop.domain.values import parse_datetime
from shuangjian_desktop.services.catalogues import inspection_aspects, institution_rules, rule_number, school_rules
from shuangjian_desktop.services.inspections.service import InspectionInput, InspectionService
from shuangjian_desktop.ui.choices import ChoiceModel
from shuangjian_desktop.ui.dates import DateField
from shuangjian_desktop.ui.file_dialogs import open_files
from shuangjian_desktop.ui.form_dialog import RefEdit
from shuangjian_desktop.ui.observed_lessons import ObservedLessons

INSTITUTION, SCHOOL = "institution", "school"


def _checklist(items: list[tuple[object, str]]) -> QListWidget:
    widget = QListWidget()
    fill_checklist(widget, items)
    return widget


def fill_checklist(widget: QListWidget, items: list[tuple[object, str]]) -> None:
    """A fixed catalogue (24 or 19 rules): one item each."""
    widget.clear()
    for value, text in items:
        item = QListWidgetItem(text)
        item.setToolTip(text)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)


def checked(widget: QListWidget) -> list[object]:
    return [
        widget.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]


def check(widget: QListWidget, values: set[object]) -> None:
    for i in range(widget.count()):
        if widget.item(i).data(Qt.ItemDataRole.UserRole) in values:
            widget.item(i).setCheckState(Qt.CheckState.Checked)


def _rules(school: bool) -> list[tuple[object, str]]:
    return [(r.code, f"{rule_number(r.code)} {r.label}") for r in (school_rules() if school else institution_rules())]


class InspectionDialog(QDialog):
    def __init__(
        self,
        service: InspectionService,
        user: str,
        parent: QWidget | None = None,
        *,
        inspection_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.user = user
        self.inspection_id = inspection_id
        self.saved_id: int | None = None
        self.result_chosen = False
        """The inspectors picked the result themselves: the proposal no longer fills it in."""
        self.setWindowTitle("更正检查记录 — 检查与整改" if inspection_id else "记录检查 — 检查与整改")
        self.kind = QComboBox()
        self.kind.addItem("校外培训机构", INSTITUTION)
        self.kind.addItem("学校（校内负面清单）", SCHOOL)
        self.institution = RefEdit("", service.institution_names)
        self.school = RefEdit("", service.school_names)
        self.school.setVisible(False)
        self.when = DateField(dt.datetime.now().strftime("%Y-%m-%d %H:%M"), with_time=True, optional=False)
        self.when.edit.dateChanged.connect(lambda _day: self._day_changed())
        self.method = QComboBox()
        for method in Method:
            self.method.addItem(method.label, method)
        self.inspector_choices = ChoiceModel(service.inspectors(), checkable=True, parent=self)
        self.inspectors = QListView()
        self.inspectors.setModel(self.inspector_choices)  # no Qt call per person
        self.inspectors.setMinimumHeight(90)
        self.inspectors.setMaximumHeight(220)
        self.campaign = QComboBox()
        self.department_choices = ChoiceModel(service.departments(), checkable=True, parent=self)
        self.departments = QListView()
        self.departments.setModel(self.department_choices)
        self.departments.setFixedHeight(70)
        self.ticket = RefEdit("", service.ticket_labels)
        self.ticket.setPlaceholderText("由投诉举报引起的检查：输入工单编号、标题或拼音首字母，从提示中选择")
        self.aspects = QTableWidget(0, 3)
        self.aspects.setHorizontalHeaderLabels(["检查内容", "存在问题", "情况说明"])
        self.aspects.verticalHeader().setVisible(False)
        self.aspect_boxes: dict[str, tuple[QCheckBox, QLineEdit]] = {}
        for row, aspect in enumerate(inspection_aspects()):
            self.aspects.insertRow(row)
            self.aspects.setCellWidget(row, 0, QLabel(aspect.label))
            box, note = QCheckBox(), QLineEdit()
            box.toggled.connect(lambda _on: self._propose())
            self.aspects.setCellWidget(row, 1, box)
            self.aspects.setCellWidget(row, 2, note)
            self.aspect_boxes[aspect.code] = (box, note)
        self.aspects.horizontalHeader().setStretchLastSection(True)
        self.aspects.setMinimumHeight(230)
        self.rules = _checklist(_rules(False))
        self.rules.setMinimumHeight(140)
        self.rules.itemChanged.connect(lambda _item: self._propose())
        self.lessons = ObservedLessons(
            lambda lessons: service.training_breaches(lessons, school=self.of_school()),
            lambda code: f"负面清单{rule_number(code)}",
        )
        self.lessons.adopted.connect(self.adopt_breaches)
        self.findings = QPlainTextEdit()
        self.findings.setPlaceholderText("其他发现的问题，每行一条（没有勾选方面和条款时，按写明的条数计入“发现问题”）")
        self.findings.setFixedHeight(56)
        self.findings.textChanged.connect(self._propose)
        self.files: list[Path] = []
        self.file_list = QListWidget()
        self.file_list.setFixedHeight(48)
        add_file = QPushButton("添加照片或扫描件…")
        add_file.clicked.connect(self._add_files)
        self.outcome = QComboBox()
        self.outcome.addItem("（请选择）", None)
        for result in InspectionResult:
            self.outcome.addItem(result.label, result)
        self.outcome.activated.connect(self._result_picked)
        self.proposal = QLabel()
        self.proposal.setWordWrap(True)
        self.proposal.setStyleSheet("color: #2f5597;")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("更正的原因（记入操作日志）")
        self._layout(add_file)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.institution.editingFinished.connect(self._subject_changed)
        if inspection_id is not None:
            self._load(inspection_id)
        else:
            self._fill_campaigns(None)
        self._propose()

    # layout --------------------------------------------------------------------------------------------------------
    def _layout(self, add_file: QPushButton) -> None:
        subject = QHBoxLayout()
        subject.addWidget(self.kind)
        subject.addWidget(self.institution, 1)
        subject.addWidget(self.school, 1)
        form = QFormLayout()
        form.addRow("被检查对象", subject)
        form.addRow("检查时间", self.when)
        form.addRow("检查方式", self.method)
        form.addRow("检查人员", self.inspectors)
        form.addRow("专项行动", self.campaign)
        form.addRow("联合检查单位", self.departments)
        form.addRow("关联工单", self.ticket)
        left = QVBoxLayout()
        left.addLayout(form)
        self.aspects_title = QLabel("七个方面")
        left.addWidget(self.aspects_title)
        left.addWidget(self.aspects, 1)
        right = QVBoxLayout()
        self.rules_title = QLabel("违反的负面清单条款（校外培训机构，24条）")
        right.addWidget(self.rules_title)
        right.addWidget(self.rules, 1)
        seen = QGroupBox("现场看到的培训（按培训时间规定核对）")
        seen_layout = QVBoxLayout(seen)
        seen_layout.addWidget(self.lessons)
        right.addWidget(seen)
        right.addWidget(self.findings)
        files = QHBoxLayout()
        files.addWidget(self.file_list, 1)
        files.addWidget(add_file)
        right.addLayout(files)
        result_row = QFormLayout()
        result_row.addRow("检查结果", self.outcome)
        result_row.addRow("", self.proposal)
        if self.inspection_id is not None:
            result_row.addRow("更正原因", self.reason)
        right.addLayout(result_row)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #7a5b00;")
        self.note.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(columns, 1)
        layout.addWidget(buttons)
        self.resize(1200, 780)

    # what is inspected ---------------------------------------------------------------------------------------------
    def of_school(self) -> bool:
        return self.kind.currentData() == SCHOOL

    def _kind_changed(self) -> None:
        school = self.of_school()
        self.institution.setVisible(not school)
        self.school.setVisible(school)
        self.aspects.setVisible(not school)
        self.aspects_title.setVisible(not school)
        fill_checklist(self.rules, _rules(school))
        self.rules_title.setText(
            "违反的学校负面清单条款（义务教育阶段学校，19条）" if school else "违反的负面清单条款（校外培训机构，24条）"
        )
        if school:
            for box, _note in self.aspect_boxes.values():
                box.setChecked(False)
        self._subject_changed()

    def _subject_changed(self) -> None:
        category = None
        if not self.of_school():
            found = self.service.institution_named(self.institution.text())
            category = self.service.institution_category(found) if found is not None else None
        self.lessons.set_context(self._day(), category)

    def _day(self) -> dt.date:
        try:
            return parse_datetime(self.when.text()).date()
        except InvalidValue:
            return dt.date.today()

    def _day_changed(self) -> None:
        self._fill_campaigns(self.campaign.currentData())
        self._subject_changed()

    def _fill_campaigns(self, keep: int | None) -> None:
        choices = self.service.campaigns_on(self._day(), keep)
        self.campaign.clear()
        self.campaign.addItem("（不属于专项行动）", None)
        for campaign_id, label in choices:
            self.campaign.addItem(label, campaign_id)
        if keep is not None:
            self.campaign.setCurrentIndex(max(self.campaign.findData(keep), 0))
        elif len(choices) == 1:  # the one campaign under way that day: shown, and can be set back
            self.campaign.setCurrentIndex(1)

    # the proposed result -------------------------------------------------------------------------------------------
    def found(self) -> Found:
        failed = [code for code, (box, _note) in self.aspect_boxes.items() if box.isChecked()]
        return Found.of([str(v) for v in checked(self.rules)], failed, self.findings.toPlainText())

    def _propose(self) -> None:
        found = self.found()
        self.proposal.setText(why_proposed(found))
        proposed = propose_result(found)
        if not self.result_chosen and proposed is not InspectionResult.PASSED:
            self.outcome.setCurrentIndex(self.outcome.findData(proposed))
        elif not self.result_chosen and self.outcome.currentData() is not None and not found.anything:
            self.outcome.setCurrentIndex(0)  # what was proposed is no longer true: the inspectors choose

    def _result_picked(self, _index: int) -> None:
        self.result_chosen = self.outcome.currentData() is not None

    def adopt_breaches(self, rules: list[str], messages: list[str]) -> None:
        """Tick the rules the training seen breaks and record the breaches under 培训时间."""
        check(self.rules, set(rules))
        if not self.of_school() and messages:
            box, note = self.aspect_boxes["hours"]
            box.setChecked(True)
            joined = "；".join(messages)
            note.setText(f"{note.text()}；{joined}" if note.text().strip() else joined)
        self._propose()

    # files ---------------------------------------------------------------------------------------------------------
    def _add_files(self) -> None:
        for name in open_files(
            self, "选择照片或扫描件", "attachment", "图片和文档 (*.jpg *.jpeg *.png *.pdf);;所有文件 (*)"
        ):
            self.add_file(name)

    def add_file(self, path: Path) -> None:
        self.files.append(path)
        self.file_list.addItem(path.name)

    # loading a record for correction -------------------------------------------------------------------------------
    def _load(self, inspection_id: int) -> None:
        recorded = self.service.load(inspection_id)
        data = recorded.data
        if data.school_id is not None:
            self.kind.setCurrentIndex(1)
            self._kind_changed()
            self.school.setText(recorded.subject)
        else:
            self.institution.setText(recorded.subject)
        self.when.setText(data.started_at.strftime("%Y-%m-%d %H:%M"))
        self.method.setCurrentIndex(self.method.findData(data.method))
        self.inspector_choices.check(data.inspector_ids)
        self.department_choices = ChoiceModel(
            self.service.departments(keep=data.department_ids), checkable=True, parent=self
        )  # a retired department the record names stays shown
        self.departments.setModel(self.department_choices)
        self.department_choices.check(data.department_ids)
        self.ticket.setText(recorded.ticket)
        for code, (passed, note) in data.aspects.items():
            if code in self.aspect_boxes:
                box, edit = self.aspect_boxes[code]
                box.setChecked(not passed)
                edit.setText(note)
        check(self.rules, set(data.rule_codes))
        self.findings.setPlainText(data.findings)
        self._fill_campaigns(data.campaign_id)
        self.outcome.setCurrentIndex(self.outcome.findData(data.result))
        self.result_chosen = True
        for name in recorded.attachments:
            self.file_list.addItem(f"（已有）{name}")
        notes = []
        if recorded.notices:
            notes.append(
                f"已据此下达通知书{'、'.join(recorded.notices)}：不能改为其他机构，结果不能改为合格或现场整改。"
            )
        notes.append("更正后的记录计入所在月份的月报；操作日志保留更正前后的内容。")
        self.note.setText("".join(notes))
        self.note.setVisible(True)
        self._subject_changed()

    # saving --------------------------------------------------------------------------------------------------------
    def input(self) -> InspectionInput:
        started = self.when.datetime()
        if started is None:
            raise DomainError("检查时间：请选择检查时间")
        institution_id = school_id = None
        if self.of_school():
            school_id = self.service.school_named(self.school.text())
            if school_id is None:
                raise DomainError("被检查学校：请输入学校名称或拼音首字母，从提示中选择学校台账中的学校")
        else:
            institution_id = self.service.institution_named(self.institution.text())
            if institution_id is None:
                raise DomainError("被检查机构：请输入机构名称或拼音首字母，从提示中选择机构台账中的机构")
        ticket_id = None
        if self.ticket.text().strip():
            ticket_id = self.service.ticket_named(self.ticket.text())
            if ticket_id is None:
                raise DomainError("关联工单：请输入工单编号或标题，从提示中选择投诉工单台账中的工单")
        return InspectionInput(
            institution_id=institution_id,
            started_at=started,
            method=self.method.currentData(),
            inspector_ids=[int(v) for v in self.inspector_choices.checked_in_order()],
            result=self.outcome.currentData(),
            aspects={}
            if self.of_school()
            else {code: (not box.isChecked(), note.text().strip()) for code, (box, note) in self.aspect_boxes.items()},
            rule_codes=[str(v) for v in checked(self.rules)],
            findings=self.findings.toPlainText().strip(),
            ticket_id=ticket_id,
            attachments=list(self.files),
            school_id=school_id,
            campaign_id=self.campaign.currentData(),
            department_ids=[int(v) for v in self.department_choices.checked_in_order()],
        )

    def try_save(self) -> None:
        try:
            data = self.input()
            if self.inspection_id is None:
                self.saved_id = self.service.record(data, self.user)
            else:
                self.service.correct(self.inspection_id, data, self.user, self.reason.text())
                self.saved_id = self.inspection_id
        except DomainError as error:
            QMessageBox.warning(self, "未保存", f"数据未作任何改动：\n{error}")
            return
        self.accept()
