"""从备份恢复: the backups beside the database, newest first (when, why, attachments, size), or one from another
place (a USB stick); for a damaged database at start-up also the sign-in of an administrator of the chosen backup.

The dialog only chooses; the restore itself runs after the window has let go of the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop.domain.access import Actor
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.backups import BackupInfo
from shuangjian_desktop.ui.file_dialogs import choose_folder
from shuangjian_desktop.ui.look import icon
from shuangjian_desktop.ui.sign_in import password_box

HEADERS = ("备份时间", "种类", "附件", "大小（MB）", "位置")
MAX_TRIES = 5
Index = QModelIndex | QPersistentModelIndex


class BackupsModel(QAbstractTableModel):
    def __init__(self, backups: Sequence[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backups = list(backups)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.backups)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        b = self.backups[index.row()]
        values = (f"{b.created_at:%Y-%m-%d %H:%M}", b.reason, str(b.attachments), f"{b.megabytes:.1f}", str(b.path))
        return values[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def add(self, backup: BackupInfo) -> int:
        self.beginInsertRows(QModelIndex(), 0, 0)
        self.backups.insert(0, backup)
        self.endInsertRows()
        return 0


class RestoreDialog(QDialog):
    """Choose a backup; with ``verify`` (a damaged database at start-up) also sign in as one of its administrators."""

    def __init__(
        self,
        backups: Sequence[BackupInfo],
        describe: Callable[[Path], BackupInfo],
        note: str,
        verify: Callable[[BackupInfo, str, str], Actor] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("从备份恢复")
        self.setWindowIcon(icon("fa5s.undo"))
        self._describe = describe
        self._verify = verify
        self._tries = 0
        self.chosen: BackupInfo | None = None
        self.actor: Actor | None = None
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.model = BackupsModel(backups, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.accept())
        if backups:
            self.table.selectRow(0)
        other = QPushButton(icon("fa5s.folder-open"), "从其他位置选择备份…")
        other.clicked.connect(self.choose_elsewhere)
        self.username = QLineEdit()
        self.username.setMaxLength(30)
        self.password = password_box()
        self.message = QLabel()
        self.message.setObjectName("restoreMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("#restoreMessage { color: #a4262c; }")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("恢复")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        layout.addWidget(other, 0, Qt.AlignmentFlag.AlignLeft)
        if verify is not None:
            form = QFormLayout()
            form.addRow(QLabel("请用所选备份中的管理员账户确认："))
            form.addRow("用户名", self.username)
            form.addRow("密码", self.password)
            layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(760, 420)

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.backups[rows[0].row()] if rows else None

    def choose_elsewhere(self) -> None:
        folder = choose_folder(self, "选择备份文件夹（含 manifest.json）", "backup")
        if folder is None:
            return
        try:
            backup = self._describe(Path(folder))
        except DomainError as error:
            self.message.setText(str(error))
            return
        self.table.selectRow(self.model.add(backup))
        self.message.clear()

    def accept(self) -> None:
        backup = self.selected()
        if backup is None:
            self.message.setText("请先选择一份备份。")
            return
        if self._verify is not None and backup.guarded:
            if self._tries >= MAX_TRIES:
                self.message.setText("密码已输错5次，请关闭程序，稍后再试或联系管理员。")
                return
            try:
                self.actor = self._verify(backup, self.username.text(), self.password.text())
            except DomainError as error:
                self._tries += 1
                self.password.clear()
                self.message.setText(f"{error}（还可以再试{MAX_TRIES - self._tries}次）")
                return
        self.chosen = backup
        super().accept()
