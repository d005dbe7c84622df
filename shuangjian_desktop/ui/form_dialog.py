"""The edit dialog of any register: one widget per field (dates picked from a calendar), each field's problem shown
beside it in Chinese.

Saving goes through the register (the same rules as the spreadsheet import); nothing is written unless every field
passes. What the register warns about (a staff member given more institutions than allowed) is asked first, with 否
as the default; the dialog stays open with everything typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QStringListModel, Qt, QTimer
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
from shuangjian_desktop.domain.values import parse_date, parse_datetime
from shuangjian_desktop.services.registers import FormField
from shuangjian_desktop.ui.dates import DateField

Editor = QLineEdit | QComboBox | QCheckBox | QPlainTextEdit | DateField
SUGGESTIONS = 30
SUGGEST_DELAY_MS = 150


class RefEdit(QLineEdit):
    """A reference to another record (an institution, a teacher...): type Chinese or pinyin initials, pick from the
    suggestions SQL finds for what was typed (a bounded number, however large the table)."""

    def __init__(self, value: str, suggest: Callable[[str, int], list[str]] | None) -> None:
        super().__init__(value)
        self.setClearButtonEnabled(True)
        self.setPlaceholderText("输入名称或拼音首字母，从提示中选择")
        self._suggest = suggest
        self.suggestions = QStringListModel(self)
        completer = QCompleter(self.suggestions, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SUGGEST_DELAY_MS)
        self._timer.timeout.connect(self.refresh_suggestions)
        self.textEdited.connect(lambda _text: self._timer.start())

    def refresh_suggestions(self) -> list[str]:
        found = self._suggest(self.text(), SUGGESTIONS) if self._suggest is not None else []
        self.suggestions.setStringList(found)
        if found and self.hasFocus():
            self.completer().complete()
        return found


def editor_kind(field: FormField) -> str:
    """How a field is edited: its declared kind, or a date picker for a field read as a date (or date and time)."""
    if field.kind != "text":
        return field.kind
    if field.field.parse is parse_date:
        return "date"
    if field.field.parse is parse_datetime:
        return "datetime"
    return "text"


class FormDialog(QDialog):
    def __init__(
        self,
        title: str,
        fields: tuple[FormField, ...],
        values: Mapping[str, str],
        save: Callable[[dict[str, str]], int],
        parent: QWidget | None = None,
        warn: Callable[[dict[str, str]], list[str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.fields = fields
        self._save = save
        self._warn = warn
        self.warned: list[str] = []
        """What the last attempt to save was warned about (and the clerk was asked)."""
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
        kind = editor_kind(field)
        if kind in ("date", "datetime"):
            return DateField(value, with_time=kind == "datetime", optional=not field.field.required)
        if field.kind == "bool":
            box = QCheckBox("是")
            box.setChecked(value == "是")
            return box
        if field.kind == "multiline":
            text = QPlainTextEdit(value)
            text.setFixedHeight(70)
            return text
        if field.kind == "ref":
            return RefEdit(value, field.suggest)
        if field.kind == "choice":
            combo = QComboBox()
            if not field.field.required:
                combo.addItem("")
            combo.addItems(list(field.field.choices))
            combo.setCurrentIndex(max(combo.findText(value), 0))
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
            else:  # a line or a date field
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
        raw = self.raw_values()
        if self._warn is not None and not self._confirmed(raw):
            return
        try:
            self.saved_id = self._save(raw)
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

    def _confirmed(self, raw: dict[str, str]) -> bool:
        """Ask about what the register warns of (否 is the default); False keeps the dialog open."""
        try:
            self.warned = self._warn(raw) if self._warn is not None else []
        except DomainError:
            self.warned = []  # the save itself says what is wrong
        if not self.warned:
            return True
        answer = QMessageBox.question(
            self,
            "请确认",
            "\n".join(self.warned) + "\n\n仍要保存吗？（选“否”返回修改）",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def visible_errors(self) -> dict[str, str]:
        return {key: label.text() for key, label in self.errors.items() if not label.isHidden()}
