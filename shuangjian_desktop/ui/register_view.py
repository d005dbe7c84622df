"""One ledger on screen: a search box (Chinese or pinyin initials), filters, the paged table, and the actions a
clerk expects: add, edit (double-click or Enter), delete (asks first, 否 the default; the record goes to 最近删除),
copy rows for Excel/WPS, export the filtered view, print preview. A search that finds nothing says so in the grid;
every action's tooltip names its shortcut, or why it is greyed out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.base.register import VERSION_KEY
from shuangjian_desktop.services.registers import Register
from shuangjian_desktop.ui.file_dialogs import XLSX, save_file
from shuangjian_desktop.ui.form_dialog import FormDialog
from shuangjian_desktop.ui.look import icon
from shuangjian_desktop.ui.ops import run_op
from shuangjian_desktop.ui.register_model import RegisterModel
from shuangjian_desktop.ui.view_aids import hint

SEARCH_DELAY_MS = 250


class RegisterView(QWidget):
    count_changed = Signal(int)
    current_changed = Signal(object)
    """The id of the current row, or None."""
    changed = Signal()
    """A record was added, edited or deleted here."""

    def __init__(
        self, register: Register, user: str, ui_state: QSettings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.register = register
        self.user = user
        self.ui_state = ui_state
        self.search = QLineEdit()
        self.search.setPlaceholderText(register.search_hint)
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("fa5s.search", "#666666"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter_boxes: dict[str, QComboBox] = {}
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        for spec in register.filters:
            box = QComboBox()
            box.addItem(f"全部{spec.label}" if not spec.label.startswith("全部") else spec.label, "")
            choices = spec.choices or getattr(register, f"{spec.key}_choices", lambda: ())()
            for label, value in choices:
                box.addItem(label, value)
            box.setMinimumContentsLength(6)
            box.currentIndexChanged.connect(lambda _i: self.reload())
            self.filter_boxes[spec.key] = box
            bar.addWidget(box)
        self.count_label = QLabel()
        bar.addWidget(self.count_label, 1, Qt.AlignmentFlag.AlignRight)

        self.model = RegisterModel(register, self)
        self.model.counted.connect(self._counted)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda _index: self.open_current())
        self.table.installEventFilter(self)
        self.empty_label = QLabel(self.table.viewport())
        self.empty_label.setObjectName("emptyList")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("#emptyList { color: #666666; font-size: 11pt; background: transparent; }")
        self.empty_label.setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(
            0, Qt.SortOrder.DescendingOrder if register.newest_first else Qt.SortOrder.AscendingOrder
        )
        header.setObjectName(f"{register.name}-header")
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        for i, column in enumerate(register.columns):
            self.table.setColumnWidth(i, column.width)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.current_changed.emit(self.model.row_id(current.row()))
        )

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        # Shortcuts live on the main window's menus, which act on the ledger on screen.
        self.add_action = self._action("新增", "fa5s.plus", self.add)
        self.edit_action = self._action("编辑", "fa5s.edit", self.edit_current)
        self.delete_action = self._action("删除", "fa5s.trash-alt", self.delete_selected)
        self.copy_action = self._action("复制", "fa5s.copy", self.copy_selected)
        self.export_action = self._action("导出当前列表", "fa5s.file-excel", self.export_view)
        self.print_action = self._action("打印预览", "fa5s.print", self.print_preview)
        for action in (self.add_action, self.edit_action, self.delete_action):
            action.setVisible(register.editable)
        self.toolbar.addActions([self.add_action, self.edit_action, self.delete_action])
        self.may_edit_why = ""
        self.on_open: Callable[[int], None] | None = None
        """What opening a row (double-click, Enter) does instead of its form, when a page sets it."""
        if register.editable:
            self.toolbar.addSeparator()
        self.toolbar.addActions([self.copy_action, self.export_action, self.print_action])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.toolbar)
        layout.addLayout(bar)
        layout.addWidget(self.table)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.restore_state()

    def _action(self, text: str, icon_name: str, slot: object) -> QAction:
        action = QAction(icon(icon_name), text, self)
        action.setToolTip(hint(text))
        action.triggered.connect(slot)
        return action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on a row opens it, as a double-click does."""
        if (
            watched is self.table
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        ):
            self.open_current()
            return True
        return super().eventFilter(watched, event)

    def open_current(self) -> None:
        """What a double-click or Enter on a row does: the page's ``on_open`` (a page that shows records its own
        way), else the record's form."""
        record_id = self.current_id()
        if record_id is None:
            return
        if self.on_open is not None:
            self.on_open(record_id)
        else:
            self.edit_current()

    # listing ------------------------------------------------------------------------------------------------------
    def filters(self) -> dict[str, str]:
        return {key: box.currentData() or "" for key, box in self.filter_boxes.items()}

    def reload(self) -> None:
        kept = self.current_id()
        self.model.set_query(self.search.text(), self.filters())
        total = self.model.rowCount()
        self.count_label.setText(f"至少 {total} 条，正在统计…" if self.model.counting else f"共 {total} 条")
        self._show_empty()
        self.count_changed.emit(total)
        if kept is not None and self.model.holds_ids():
            self.select_id(kept)  # still listed: stays current (a look-up in the matches' ids, no query)
        self.current_changed.emit(self.current_id())  # a row the search or filter hid is no longer current

    def _counted(self, total: int) -> None:
        self.count_label.setText(f"共 {total} 条")
        self._show_empty()
        self.count_changed.emit(total)

    def _show_empty(self) -> None:
        """Say so in the grid when nothing is listed: what the search or filter found nothing for, or how to begin."""
        if self.model.rowCount() or self.model.counting:
            self.empty_label.setVisible(False)
            return
        text = self.search.text().strip()
        narrowed = [box.currentText() for box in self.filter_boxes.values() if box.currentData()]
        if text or narrowed:
            what = "、".join([f"“{text}”" for _ in [0] if text] + narrowed)
            message = f"没有找到与{what}相符的{self.register.title}记录。\n请检查输入，或清空搜索框和筛选条件。"
        elif self.register.editable:
            message = f"{self.register.title}中还没有记录。\n点“新增”逐条录入，或用“文件 > 导入台账”从表格导入。"
        else:
            message = f"{self.register.title}中还没有记录。"
        self.empty_label.setText(message)
        self._place_empty()
        self.empty_label.setVisible(True)

    def _place_empty(self) -> None:
        viewport = self.table.viewport()
        self.empty_label.setGeometry(20, 20, max(viewport.width() - 40, 100), max(min(viewport.height() - 40, 120), 60))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_empty()

    def invalidate(self) -> None:
        """The data changed: reload now when on screen, else when next shown (start-up reads nothing unseen)."""
        if self.isVisible():
            self.reload()
        else:
            self.model.loaded = False

    def showEvent(self, event: QShowEvent) -> None:
        if not self.model.loaded:
            self.reload()
        super().showEvent(event)

    def _sort_indicator_changed(self, column: int, order: Qt.SortOrder) -> None:
        """A click on a column that cannot be sorted leaves the sort (and its arrow) where it was."""
        if 0 <= column < len(self.register.columns) and not self.model.sortable(column):
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(
                self.model.sort_column(),
                Qt.SortOrder.DescendingOrder if self.model.query.descending else Qt.SortOrder.AscendingOrder,
            )
            header.blockSignals(False)

    def selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.table.selectionModel().selectedRows()})

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.row_id(index.row()) if index.isValid() else None

    def select_id(self, record_id: int) -> None:
        row = self.model.row_of_id(record_id)
        if row is not None:
            self.table.selectRow(row)

    # actions ------------------------------------------------------------------------------------------------------
    def add(self) -> None:
        if self.add_action.isEnabled():
            self._open_form(None)

    def set_may_edit(self, allowed: bool, why: str = "") -> None:
        """Grey out add, edit and delete for an account whose role may not change this ledger (the services refuse
        such changes anyway; this only saves the clerk a refused attempt)."""
        self.may_edit_why = "" if allowed else why
        for action in (self.add_action, self.edit_action, self.delete_action):
            action.setEnabled(allowed)
            action.setToolTip(hint(action.text()) if allowed else f"{action.text()}：{why}")

    def edit_current(self) -> None:
        record_id = self.current_id()
        if record_id is None:
            return
        if not self.register.editable:
            QMessageBox.information(self, self.register.title, "此列表在这里只能查看。")
            return
        if self.may_edit_why:
            QMessageBox.information(self, self.register.title, self.may_edit_why)
            return
        self._open_form(record_id)

    def _open_form(self, record_id: int | None) -> FormDialog | None:
        try:
            values = self.register.load(record_id) if record_id is not None else {}
        except DomainError as error:
            QMessageBox.warning(self, self.register.title, str(error))
            return None
        title = f"{'编辑' if record_id else '新增'} — {self.register.title}"
        opened = {VERSION_KEY: values[VERSION_KEY]} if VERSION_KEY in values else {}  # saved over nobody's change
        dialog = FormDialog(
            title,
            self.register.form(),
            values,
            lambda raw: self.register.save(record_id, {**raw, **opened}, self.user),
            self,
            warn=lambda raw: self.register.warnings(record_id, raw),
        )
        self.last_dialog = dialog
        if dialog.exec() == FormDialog.DialogCode.Accepted:
            self.reload()
            if dialog.saved_id is not None:
                self.select_id(dialog.saved_id)
            self.changed.emit()
        return dialog

    def delete_selected(self) -> None:
        if not self.delete_action.isEnabled():
            return
        ids = [i for i in (self.model.row_id(r) for r in self.selected_rows()) if i is not None]
        if not ids:
            return
        if not self.confirm_delete(len(ids)):
            return
        refused = []
        for record_id in ids:
            try:
                self.register.delete(record_id, self.user)
            except DomainError as error:
                refused.append(str(error))
        self.reload()
        self.changed.emit()
        if refused:
            QMessageBox.warning(self, "部分记录未删除", "\n".join(refused))

    def confirm_delete(self, count: int) -> bool:
        """Ask before deleting, with 否 the default (Enter or Esc keeps the records)."""
        answer = QMessageBox.question(
            self,
            "确认删除",
            f"确定删除选中的 {count} 条{self.register.title}记录吗？\n"
            "删除会记入操作日志；如删错了，可在“工具 > 最近删除”中恢复。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def copied_text(self) -> str:
        rows = self.selected_rows()
        header = "\t".join(c.label for c in self.register.columns)
        lines = [header]
        for row in rows:
            found = self.model.row(row)
            if found is not None:
                lines.append("\t".join(_cell(v) for v in found.values))
        return "\r\n".join(lines) + "\r\n"

    def copy_selected(self) -> None:
        if self.selected_rows():
            QGuiApplication.clipboard().setText(self.copied_text())

    def export_view(self) -> None:
        path = save_file(
            self, f"导出{self.register.title}", "export", f"{self.register.title}.xlsx", XLSX, self.ui_state
        )
        if path is None:
            return
        query = self.model.query
        run_op(
            self,
            f"导出{self.register.title}",
            lambda p: self.register.export(query, Path(path), user=self.user, progress=p.report, cancelled=p.cancelled),
            lambda rows: QMessageBox.information(self, "导出完成", f"已导出 {rows} 条：{path}"),
        )

    def print_preview(self) -> None:
        from shuangjian_desktop.ui.printing import preview_table

        preview_table(self, self.register, self.model.query)

    def _context_menu(self, position: object) -> None:
        menu = QMenu(self)
        for action in (self.edit_action, self.add_action, self.delete_action):
            if action.isVisible():
                menu.addAction(action)
        menu.addSeparator()
        menu.addActions([self.copy_action, self.export_action, self.print_action])
        menu.exec(self.table.viewport().mapToGlobal(position))

    # remembered layout --------------------------------------------------------------------------------------------
    def restore_state(self) -> None:
        if self.ui_state is None:
            return
        state = self.ui_state.value(f"{self.register.name}/header")
        if state is not None:
            self.table.horizontalHeader().restoreState(state)

    def save_state(self) -> None:
        if self.ui_state is not None:
            self.ui_state.setValue(f"{self.register.name}/header", self.table.horizontalHeader().saveState())


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
