"""The window's account and data-safety actions: 账户管理,
修改密码, backup to a folder and restore (which the composition root carries out once the database is closed)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from shuangjian_desktop.domain.access import Actor
from shuangjian_desktop.services.backups import BackupService
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.ui.accounts_dialog import AccountsDialog
from shuangjian_desktop.ui.ops import run_op
from shuangjian_desktop.ui.sign_in import ChangePasswordDialog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class AccountActions:
    """Mixed into the main window, which provides the workspace, the signed-in account and close()."""

    workspace: Workspace
    actor: Actor
    user: str
    pending_restore: Path | None

    def _parent(self) -> QWidget:
        return self  # type: ignore[return-value]

    def open_accounts(self) -> AccountsDialog:
        dialog = AccountsDialog(self.workspace.accounts, self.user, self._parent())
        self.last_accounts = dialog
        dialog.open()
        return dialog

    def change_password(self) -> ChangePasswordDialog:
        accounts = self.workspace.accounts
        dialog = ChangePasswordDialog(
            lambda old, new: accounts.change_password(self.user, old, new), self.actor.describe(), self._parent()
        )
        self.last_password = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            QMessageBox.information(self._parent(), "修改密码", "密码已修改，下次登录请用新密码。")
        return dialog

    def backup_now(self) -> None:
        """A verified copy in a folder the clerk picks (a USB stick), or beside the database."""
        folder = QFileDialog.getExistingDirectory(
            self._parent(), "备份到哪个文件夹（如U盘）", str(self.workspace.db_path.parent)
        )
        if not folder:
            return
        service = BackupService(self.workspace.db_path, self.workspace.settings)
        run_op(
            self._parent(),
            "正在备份并校验…",
            lambda _progress: service.backup_now(self.user, Path(folder)),
            lambda path: QMessageBox.information(self._parent(), "备份数据库", f"已备份并校验通过：\n{path}"),
        )

    def choose_restore(self) -> None:
        """Pick a backup; after the window closes the database, the program backs up the current one, restores, and
        opens again at the sign-in."""
        start = str(BackupService(self.workspace.db_path, self.workspace.settings).folder)
        name, _filter = QFileDialog.getOpenFileName(self._parent(), "选择要恢复的备份", start, "数据库备份 (*.sqlite3)")
        if not name:
            return
        answer = QMessageBox.question(
            self._parent(),
            "从备份恢复",
            f"用“{Path(name).name}”替换当前数据库吗？\n程序会先另存一份当前数据库，然后恢复并重新打开（需要重新登录）。",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.pending_restore = Path(name)
            self._parent().close()
