"""The window's account and data-safety actions: 账户管理,
修改密码, backup to a folder and restore (which the composition root carries out once the database is closed)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QMessageBox

from shuangjian_desktop.domain.access import Actor
from shuangjian_desktop.services.backups import info, read_backup
from shuangjian_desktop.services.workspace import SERVER_BACKUPS, Workspace
from shuangjian_desktop.ui.accounts_dialog import AccountsDialog
from shuangjian_desktop.ui.file_dialogs import choose_folder
from shuangjian_desktop.ui.ops import run_op
from shuangjian_desktop.ui.restore_dialog import RestoreDialog
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
        if self.workspace.on_server:
            QMessageBox.information(self._parent(), "备份数据库", SERVER_BACKUPS)
            return
        folder = choose_folder(self._parent(), "备份到哪个文件夹（如U盘）", "backup")
        if folder is None:
            return
        service = self.workspace.backups()
        run_op(
            self._parent(),
            "正在备份并校验…",
            lambda _progress: service.backup_now(self.user, Path(folder)),
            lambda path: QMessageBox.information(self._parent(), "备份数据库", f"已备份并校验通过：\n{path}"),
        )

    def choose_restore(self) -> RestoreDialog | None:
        """Pick a backup (the list beside the database, or one from a USB stick); after the window lets go of the
        database, the program backs up the current one, restores, and opens again at the sign-in."""
        if self.workspace.on_server:
            QMessageBox.information(self._parent(), "从备份恢复", SERVER_BACKUPS)
            return None
        service = self.workspace.backups()
        note = (
            "选择要恢复的备份（通常选最新的一份）。恢复前程序会先备份当前数据库；恢复后回到登录窗口。"
            "每份备份都会先核对校验值，被改动或损坏的备份不会被使用。"
        )
        dialog = RestoreDialog(service.listed(), lambda path: info(read_backup(path)), note, None, self._parent())
        self.last_restore = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen is not None:
            answer = QMessageBox.question(
                self._parent(),
                "从备份恢复",
                f"用{dialog.chosen.created_at:%Y-%m-%d %H:%M}的备份“{dialog.chosen.name}”替换当前数据库吗？\n"
                "备份之后所做的修改将不在恢复后的数据库中（恢复前的数据库会另存一份备份）。",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.pending_restore = dialog.chosen.path
                self._parent().close()
        return dialog
