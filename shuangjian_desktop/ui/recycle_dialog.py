"""工具 > 最近删除: the records deleted from any ledger, newest first, searched and filtered like a ledger (paged out of
SQL); 恢复 (or Enter, or a double-click) puts the chosen ones back as they were and shows them in their ledger."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.recycle import RecycleBin
from shuangjian_desktop.ui.look import icon
from shuangjian_desktop.ui.register_view import RegisterView


class RecycleDialog(QDialog):
    def __init__(
        self,
        recycle: RecycleBin,
        user: str,
        restored: Callable[[str, int], None],
        may_restore: str = "",
        ui_state: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``restored(register name, record id)`` after each record put back; ``may_restore`` is why this account
        may not ("" when it may)."""
        super().__init__(parent)
        self.setWindowTitle("最近删除")
        self.recycle = recycle
        self.user = user
        self._restored = restored
        self.view = RegisterView(recycle, user, ui_state)
        self.view.on_open = lambda _id: self.restore_selected()
        note = QLabel("删除的记录保存在这里，可以恢复原样（连同其办理过程等附属记录）；恢复会记入操作日志。")
        note.setWordWrap(True)
        self.restore_button = QPushButton(icon("fa5s.undo"), "恢复选中的记录")
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_button.setToolTip("恢复选中的记录 (Enter)；双击一行也可恢复")
        if may_restore:
            self.restore_button.setEnabled(False)
            self.restore_button.setToolTip(f"恢复：{may_restore}")
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(900, 560)
        self.view.reload()

    def restore_selected(self) -> list[tuple[str, int]]:
        """Put back the selected records; what could not come back is said, with why."""
        if not self.restore_button.isEnabled():
            QMessageBox.information(self, "最近删除", self.restore_button.toolTip())
            return []
        ids = [i for i in (self.view.model.row_id(r) for r in self.view.selected_rows()) if i is not None]
        if not ids and self.view.current_id() is not None:
            ids = [self.view.current_id()]  # type: ignore[list-item]
        if not ids:
            QMessageBox.information(self, "最近删除", "请先选中要恢复的记录。")
            return []
        done: list[tuple[str, int]] = []
        refused: list[str] = []
        for kept_id in ids:
            try:
                done.append(self.recycle.restore(kept_id, self.user))
            except DomainError as error:
                refused.append(str(error))
        self.view.reload()
        for name, record_id in done:
            self._restored(name, record_id)
        if refused:
            QMessageBox.warning(self, "部分记录未恢复", "\n".join(refused))
        elif done:
            QMessageBox.information(self, "最近删除", f"已恢复 {len(done)} 条记录。")
        return done
