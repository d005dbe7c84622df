"""工具 > 设置: every declared setting, built from settings.OPTIONS (services/settings_service.py): one tab per group
(投诉工单, 四包覆盖检查, 专项行动与节前巡查 ... and whatever other parts of the program declare), one typed input per
option with its range, its default shown beside it, a hint under it; 恢复默认 per tab. Saving (管理员 only, checked
again by the service) writes them all at once, or none, and puts the change in the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop.domain.errors import DomainError, RecordRejected
from shuangjian_desktop.services.settings_service import SettingsService, SettingView

Input = QSpinBox | QDoubleSpinBox | QCheckBox | QDateEdit | QLineEdit
INT_LIMIT = 2_000_000_000


def make_input(view: SettingView) -> Input:
    if view.kind == "bool":
        box = QCheckBox("是")
        box.setChecked(bool(view.value))
        return box
    if view.kind == "int":
        spin = QSpinBox()
        spin.setRange(int(view.minimum if view.minimum is not None else -INT_LIMIT), int(view.maximum or INT_LIMIT))
        spin.setValue(int(view.value))
        spin.setMinimumWidth(120)
        return spin
    if view.kind == "float":
        number = QDoubleSpinBox()
        number.setDecimals(2)
        number.setRange(view.minimum if view.minimum is not None else -1e9, view.maximum or 1e9)
        number.setValue(float(view.value))
        number.setMinimumWidth(120)
        return number
    if view.kind == "date":
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        day = _date(view.value) or _date(view.default) or dt.date.today()
        edit.setDate(QDate(day.year, day.month, day.day))
        return edit
    return QLineEdit(str(view.value))


def _date(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        return None


def value_of(view: SettingView, editor: Input) -> Any:
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QSpinBox):
        return editor.value()
    if isinstance(editor, QDoubleSpinBox):
        return float(editor.value())
    if isinstance(editor, QDateEdit):
        day = editor.date()
        return dt.date(day.year(), day.month(), day.day()).isoformat()
    return editor.text().strip()


def set_value(view: SettingView, editor: Input, value: Any) -> None:
    if isinstance(editor, QCheckBox):
        editor.setChecked(bool(value))
    elif isinstance(editor, QSpinBox):
        editor.setValue(int(value))
    elif isinstance(editor, QDoubleSpinBox):
        editor.setValue(float(value))
    elif isinstance(editor, QDateEdit):
        day = _date(value) or dt.date.today()
        editor.setDate(QDate(day.year, day.month, day.day))
    else:
        editor.setText(str(value))


def _range(view: SettingView) -> str:
    def shown(number: float) -> str:
        return str(int(number)) if float(number).is_integer() else str(number)

    if view.kind not in ("int", "float") or (view.minimum is None and view.maximum is None):
        return ""
    if view.minimum is not None and view.maximum is not None:
        return f"，范围{shown(view.minimum)}—{shown(view.maximum)}"
    return f"，不小于{shown(view.minimum)}" if view.minimum is not None else f"，不大于{shown(view.maximum)}"  # type: ignore[arg-type]


class SettingsDialog(QDialog):
    def __init__(self, service: SettingsService, user: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("设置")
        self.service, self.user = service, user
        self.changed: list[str] = []
        self.editors: dict[str, tuple[SettingView, Input]] = {}
        self.tabs = QTabWidget()
        for title, views in service.groups():
            self.tabs.addTab(self._group(views), title)
        why = service.may_change(user)
        note = QLabel(
            "修改后立即生效，保存在数据文件夹的 settings.json 中（本机有效），并记入操作日志。"
            if not why
            else f"只能查看：{why}"
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555555;" if not why else "color: #a4262c;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not why)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(720, 520)

    def _group(self, views: list[SettingView]) -> QWidget:
        body = QWidget()
        form = QFormLayout(body)
        for view in views:
            editor = make_input(view)
            self.editors[view.key] = (view, editor)
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(1)
            column.addWidget(editor)
            described = f"默认：{view.shown(view.default)}{_range(view)}" + (f"。{view.hint}" if view.hint else "")
            hint = QLabel(described)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #666666;")
            column.addWidget(hint)
            form.addRow(view.label, holder)
        reset = QPushButton("恢复本页默认值")
        reset.clicked.connect(lambda _c=False, vs=views: self.reset(vs))
        form.addRow("", reset)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        return scroll

    def reset(self, views: list[SettingView]) -> None:
        for view in views:
            set_value(view, self.editors[view.key][1], view.default)

    def values(self) -> dict[str, Any]:
        return {key: value_of(view, editor) for key, (view, editor) in self.editors.items()}

    def try_save(self) -> None:
        try:
            self.changed = self.service.save(self.values(), self.user)
        except RecordRejected as rejected:
            QMessageBox.warning(self, "未保存", f"以下设置需要修改，设置未作任何改动：\n{rejected}")
            return
        except DomainError as error:
            QMessageBox.warning(self, "未保存", str(error))
            return
        if self.changed:
            QMessageBox.information(self, "设置", "已保存并记入操作日志：\n" + "\n".join(self.changed))
        self.accept()
