"""Recording an inspection: the institution, when and how, who inspected, the seven aspects, the rules of the
negative list found broken, photos and scans, and the result."""

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
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.catalogues import inspection_aspects, institution_rules
from shuangjian_desktop.services.inspections.service import InspectionInput, InspectionService
from shuangjian_desktop.ui.choices import ChoiceModel
from shuangjian_desktop.ui.dates import DateField
from shuangjian_desktop.ui.file_dialogs import open_files
from shuangjian_desktop.ui.form_dialog import RefEdit


def _checklist(items: list[tuple[object, str]]) -> QListWidget:
    widget = QListWidget()
    for value, text in items:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)
    return widget


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


class InspectionDialog(QDialog):
    def __init__(self, service: InspectionService, user: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("记录检查 — 检查与整改")
        self.service = service
        self.user = user
        self.saved_id: int | None = None
        self.institution = RefEdit("", service.institution_names)
        self.when = DateField(dt.datetime.now().strftime("%Y-%m-%d %H:%M"), with_time=True, optional=False)
        self.method = QComboBox()
        for method in Method:
            self.method.addItem(method.label, method)
        self.outcome = QComboBox()
        for result in InspectionResult:
            self.outcome.addItem(result.label, result)
        self.inspector_choices = ChoiceModel(service.inspectors(), checkable=True, parent=self)
        self.inspectors = QListView()
        self.inspectors.setModel(self.inspector_choices)  # no Qt call per person
        self.inspectors.setMinimumHeight(110)
        self.aspects = QTableWidget(0, 3)
        self.aspects.setHorizontalHeaderLabels(["检查内容", "存在问题", "情况说明"])
        self.aspects.verticalHeader().setVisible(False)
        self.aspect_boxes: dict[str, tuple[QCheckBox, QLineEdit]] = {}
        for row, aspect in enumerate(inspection_aspects()):
            self.aspects.insertRow(row)
            self.aspects.setCellWidget(row, 0, QLabel(aspect.label))
            box, note = QCheckBox(), QLineEdit()
            self.aspects.setCellWidget(row, 1, box)
            self.aspects.setCellWidget(row, 2, note)
            self.aspect_boxes[aspect.code] = (box, note)
        self.aspects.horizontalHeader().setStretchLastSection(True)
        self.aspects.setMinimumHeight(240)
        self.rules = _checklist([(r.code, f"第{int(r.code[1:])}条 {r.label}") for r in institution_rules()])
        self.rules.setMinimumHeight(150)
        self.findings = QPlainTextEdit()
        self.findings.setPlaceholderText("其他发现的问题（不填则按勾选的负面清单条款生成）")
        self.findings.setFixedHeight(60)
        self.files: list[Path] = []
        self.file_list = QListWidget()
        self.file_list.setFixedHeight(60)
        add_file = QPushButton("添加照片或扫描件…")
        add_file.clicked.connect(self._add_files)
        form = QFormLayout()
        form.addRow("被检查机构", self.institution)
        form.addRow("检查时间", self.when)
        form.addRow("检查方式", self.method)
        form.addRow("检查人员", self.inspectors)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(QLabel("七个方面"))
        left.addWidget(self.aspects)
        right = QVBoxLayout()
        right.addWidget(QLabel("违反的负面清单条款"))
        right.addWidget(self.rules)
        right.addWidget(self.findings)
        files = QHBoxLayout()
        files.addWidget(self.file_list, 1)
        files.addWidget(add_file)
        right.addLayout(files)
        result_row = QFormLayout()
        result_row.addRow("检查结果", self.outcome)
        right.addLayout(result_row)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(buttons)
        self.resize(1100, 640)

    def _add_files(self) -> None:
        for name in open_files(
            self, "选择照片或扫描件", "attachment", "图片和文档 (*.jpg *.jpeg *.png *.pdf);;所有文件 (*)"
        ):
            self.add_file(name)

    def add_file(self, path: Path) -> None:
        self.files.append(path)
        self.file_list.addItem(path.name)

    def input(self) -> InspectionInput:
        started = self.when.datetime()
        if started is None:
            raise DomainError("检查时间：请选择检查时间")
        institution_id = self.service.institution_named(self.institution.text())
        if institution_id is None:
            raise DomainError("被检查机构：请输入机构名称或拼音首字母，从提示中选择机构台账中的机构")
        return InspectionInput(
            institution_id=institution_id,
            started_at=started,
            method=self.method.currentData(),
            inspector_ids=[int(v) for v in self.inspector_choices.checked_in_order()],
            result=self.outcome.currentData(),
            aspects={
                code: (not box.isChecked(), note.text().strip()) for code, (box, note) in self.aspect_boxes.items()
            },
            rule_codes=[str(v) for v in checked(self.rules)],
            findings=self.findings.toPlainText().strip(),
            attachments=list(self.files),
        )

    def try_save(self) -> None:
        try:
            self.saved_id = self.service.record(self.input(), self.user)
        except DomainError as error:
            QMessageBox.warning(self, "未保存", f"数据未作任何改动：\n{error}")
            return
        self.accept()
