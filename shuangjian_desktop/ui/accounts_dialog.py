"""工具 > 账户管理 (administrators): the accounts with role and state; add, change role or name, disable, reset a
password (which also lifts a lock). Every button goes through AccountService, which checks the role again."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop.domain.enums import UserRole
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.accounts import Account, AccountService
from shuangjian_desktop.ui.look import icon
from shuangjian_desktop.ui.sign_in import password_box

COLUMNS = ("用户名", "姓名", "角色", "状态")
ROLE_HELP = {
    UserRole.ADMIN: "管理员：账户、单位信息、节假日安排、恢复备份，以及经办人的全部工作",
    UserRole.CLERK: "经办人：修改台账、导入、办理工单、登记检查、开具通知书、备份",
    UserRole.LEADER: "领导：查看、打印、导出",
}


def state_text(account: Account, now: dt.datetime) -> str:
    if not account.active:
        return "已停用"
    if account.locked_until and account.locked_until > now:
        return f"已锁定（至 {account.locked_until:%H:%M}）"
    return "可用"


class AccountForm(QDialog):
    """Add an account (with its first password) or change one's name, role and whether it may sign in."""

    def __init__(self, account: Account | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新增账户" if account is None else f"修改账户 — {account.username}")
        self.username = QLineEdit(account.username if account else "")
        self.username.setMaxLength(30)
        self.username.setReadOnly(account is not None)
        self.display_name = QLineEdit(account.display_name if account else "")
        self.display_name.setMaxLength(50)
        self.role = QComboBox()
        for role in UserRole:
            self.role.addItem(role.label, role)
            self.role.setItemData(self.role.count() - 1, ROLE_HELP[role], 3)  # ToolTipRole
        self.role.setCurrentIndex(list(UserRole).index(account.role if account else UserRole.CLERK))
        self.active = QCheckBox("可以登录")
        self.active.setChecked(account.active if account else True)
        self.password = password_box()
        form = QFormLayout()
        form.addRow("用户名", self.username)
        form.addRow("姓名", self.display_name)
        form.addRow("角色", self.role)
        if account is None:
            form.addRow("初始密码", self.password)
        else:
            form.addRow("", self.active)
        form.addRow(QLabel("\n".join(ROLE_HELP.values())))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def chosen_role(self) -> UserRole:
        return self.role.currentData()


class AccountsDialog(QDialog):
    def __init__(self, accounts: AccountService, admin: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.accounts = accounts
        self.admin = admin
        self.setWindowTitle("账户管理")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(lambda _i: self.edit_current())
        add = QPushButton(icon("fa5s.user-plus"), "新增账户…")
        add.clicked.connect(self.add)
        edit = QPushButton(icon("fa5s.user-edit"), "修改…")
        edit.clicked.connect(self.edit_current)
        reset = QPushButton(icon("fa5s.key"), "重置密码…")
        reset.clicked.connect(self.reset_current)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        bar = QHBoxLayout()
        for button in (add, edit, reset):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(bar)
        self.resize(640, 360)
        self.reload()

    def reload(self) -> None:
        self.rows = self.accounts.accounts()
        now = dt.datetime.now()
        self.table.setRowCount(len(self.rows))
        for row, account in enumerate(self.rows):
            cells = (account.username, account.display_name, account.role.label, state_text(account, now))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        for column, width in enumerate((140, 140, 100)):
            self.table.setColumnWidth(column, width)

    def current(self) -> Account | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _try(self, work: object) -> bool:
        try:
            work()  # type: ignore[operator]
        except DomainError as error:
            QMessageBox.warning(self, "账户管理", str(error))
            return False
        self.reload()
        return True

    def add(self) -> AccountForm:
        form = AccountForm(None, self)
        self.last_form = form
        while form.exec() == QDialog.DialogCode.Accepted:
            if self._try(
                lambda: self.accounts.add(
                    self.admin, form.username.text(), form.display_name.text(), form.chosen_role(), form.password.text()
                )
            ):
                break
        return form

    def edit_current(self) -> AccountForm | None:
        account = self.current()
        if account is None:
            return None
        form = AccountForm(account, self)
        self.last_form = form
        while form.exec() == QDialog.DialogCode.Accepted:
            if self._try(
                lambda: self.accounts.update(
                    self.admin, account.username, form.display_name.text(), form.chosen_role(), form.active.isChecked()
                )
            ):
                break
        return form

    def reset_current(self) -> ResetPasswordDialog | None:
        account = self.current()
        if account is None:
            return None
        dialog = ResetPasswordDialog(account.username, self)
        self.last_reset = dialog
        while dialog.exec() == QDialog.DialogCode.Accepted:
            if dialog.new.text() != dialog.again.text():
                QMessageBox.warning(self, "重置密码", "两次输入的新密码不一致")
                continue
            if self._try(lambda: self.accounts.reset_password(self.admin, account.username, dialog.new.text())):
                QMessageBox.information(
                    self, "重置密码", f"已为“{account.display_name}”设置新密码，锁定（如有）已解除。请当面告知本人。"
                )
                break
        return dialog


class ResetPasswordDialog(QDialog):
    def __init__(self, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"重置密码 — {username}")
        self.new = password_box()
        self.again = password_box()
        form = QFormLayout(self)
        form.addRow("新密码", self.new)
        form.addRow("再次输入", self.again)
        form.addRow(QLabel("密码至少8位，须同时包含字母和数字。"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
