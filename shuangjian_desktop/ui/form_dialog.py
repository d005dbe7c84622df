"""The edit dialog of any register: one widget per field, each field's problem shown beside it in Chinese.

Saving goes through the register (the same rules as the spreadsheet import); nothing is written unless every field
passes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop.domain.errors import DomainError, RecordRejected
from shuangjian_desktop.services.registers import FormField

Editor = QLineEdit | QComboBox | QCheckBox | QPlainTextEdit


class FormDialog(QDialog):
    def __init__(
        self,
        title: str,
        fields: tuple[FormField, ...],
        values: Mapping[str, str],
        save: Callable[[dict[str, str]], int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.fields = fields
        self._save = save
        self.saved_id: int | None = None
        self.editors: dict[str, Editor] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field in fields:
            editor = self._editor(field, values.get(field.key, ""))
            self.editors[field.key] = editor
            error = QLabel()
            error.setStyleSheet("color: #a4262c;")
            error.setVisible(False)
            error.setWordWrap(True)
            self.errors[field.key] = error
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(editor)
            column.addWidget(error)
            if field.hint:
                hint = QLabel(field.hint)
                hint.setStyleSheet("color: #666666;")
                column.addWidget(hint)
            star = ' <span style="color:#a4262c">*</span>' if field.field.required else ""
            label = QLabel(f"{field.label}{star}")
            label.setTextFormat(Qt.TextFormat.RichText)
            form.addRow(label, holder)
        body = QWidget()
        body.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.buttons)
        self.resize(560, min(760, 120 + 46 * len(fields)))

    def _editor(self, field: FormField, value: str) -> Editor:
        if field.kind == "bool":
            box = QCheckBox("是")
            box.setChecked(value == "是")
            return box
        if field.kind == "multiline":
            text = QPlainTextEdit(value)
            text.setFixedHeight(70)
            return text
        if field.kind in ("choice", "ref"):
            combo = QComboBox()
            choices = list(field.field.choices) if field.kind == "choice" else (field.ref_choices or list)()
            if not field.field.required or field.kind == "ref":
                combo.addItem("")
            combo.addItems(choices)
            if field.kind == "ref":
                combo.setEditable(True)
                completer = QCompleter(choices, combo)
                completer.setFilterMode(Qt.MatchFlag.MatchContains)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                combo.setCompleter(completer)
                combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
                combo.setCurrentText(value)
            else:
                index = combo.findText(value)
                combo.setCurrentIndex(max(index, 0))
            return combo
        line = QLineEdit(value)
        line.setClearButtonEnabled(True)
        return line

    def raw_values(self) -> dict[str, str]:
        raw = {}
        for key, editor in self.editors.items():
            if isinstance(editor, QCheckBox):
                raw[key] = "是" if editor.isChecked() else "否"
            elif isinstance(editor, QComboBox):
                raw[key] = editor.currentText()
            elif isinstance(editor, QPlainTextEdit):
                raw[key] = editor.toPlainText()
            else:
                raw[key] = editor.text()
        return raw

    def set_value(self, key: str, value: str) -> None:
        editor = self.editors[key]
        if isinstance(editor, QCheckBox):
            editor.setChecked(value == "是")
        elif isinstance(editor, QComboBox):
            editor.setCurrentText(value)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(value)
        else:
            editor.setText(value)

    def try_save(self) -> None:
        for error in self.errors.values():
            error.setVisible(False)
        try:
            self.saved_id = self._save(self.raw_values())
        except RecordRejected as rejected:
            by_label = {f.label: f.key for f in self.fields}
            first = None
            for problem in rejected.problems:
                key = by_label.get(problem.field)
                if key is None:
                    continue
                self.errors[key].setText(problem.reason)
                self.errors[key].setVisible(True)
                first = first or key
            if first is not None:
                self.editors[first].setFocus()
            QMessageBox.warning(self, "未保存", "以下内容需要修改，数据未作任何改动：\n" + str(rejected))
            return
        except DomainError as error:
            QMessageBox.warning(self, "未保存", str(error))
            return
        self.accept()

    def visible_errors(self) -> dict[str, str]:
        return {key: label.text() for key, label in self.errors.items() if not label.isHidden()}
