"""The doors in: the first start's administrator account, the sign-in at every start, and the password change.

Each dialog calls one service function and shows its Chinese refusal (wrong password with tries left, locked until
when, a password too weak) under the fields, keeping what was typed except the password.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop import APP_NAME
from shuangjian_desktop.domain.access import Actor
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.ui.look import icon


def password_box() -> QLineEdit:
    box = QLineEdit()
    box.setEchoMode(QLineEdit.EchoMode.Password)
    box.setMaxLength(128)
    return box


class _Door(QDialog):
    """A small form with a note on top, a red message line and OK/Cancel."""

    def __init__(self, title: str, note: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowIcon(icon("fa5s.user-lock"))
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.form = QFormLayout()
        self.message = QLabel()
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("#signInMessage { color: #a4262c; }")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def refuse(self, why: str, clear: list[QLineEdit]) -> None:
        self.message.setText(why)
        for box in clear:
            box.clear()
        if clear:
            clear[0].setFocus()


class SignInDialog(_Door):
    def __init__(
        self,
        sign_in: Callable[[str, str], Actor],
        where: str,
        last_user: str = "",
        hint: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"登录 — {APP_NAME}", f"请登录。{where}", "登录", parent)
        self._sign_in = sign_in
        self.actor: Actor | None = None
        self.username = QLineEdit(last_user)
        self.username.setMaxLength(30)
        self.password = password_box()
        self.form.addRow("用户名", self.username)
        self.form.addRow("密码", self.password)
        if hint:
            tip = QLabel(hint)
            tip.setWordWrap(True)
            tip.setStyleSheet("color: #5c4400; background: #fff4ce; padding: 4px;")
            self.form.addRow(tip)
        (self.password if last_user else self.username).setFocus()

    def accept(self) -> None:
        try:
            self.actor = self._sign_in(self.username.text(), self.password.text())
        except DomainError as error:
            self.refuse(str(error), [self.password])
            return
        super().accept()


class FirstAdminDialog(_Door):
    def __init__(self, create: Callable[[str, str, str], Actor], parent: QWidget | None = None) -> None:
        super().__init__(
            f"创建管理员账户 — {APP_NAME}",
            "这是第一次使用这个数据库，请先创建管理员账户。管理员负责添加经办人和领导的账户、重置密码、"
            "修改单位信息和节假日安排、从备份恢复；以后每次打开程序都要登录。请牢记密码。",
            "创建并登录",
            parent,
        )
        self._create = create
        self.actor: Actor | None = None
        self.username = QLineEdit()
        self.username.setMaxLength(30)
        self.display_name = QLineEdit()
        self.display_name.setMaxLength(50)
        self.password = password_box()
        self.again = password_box()
        self.form.addRow("用户名", self.username)
        self.form.addRow("姓名", self.display_name)
        self.form.addRow("密码", self.password)
        self.form.addRow("再次输入密码", self.again)
        self.form.addRow(QLabel("密码至少8位，须同时包含字母和数字。"))

    def accept(self) -> None:
        if self.password.text() != self.again.text():
            self.refuse("两次输入的密码不一致", [self.password, self.again])
            return
        try:
            self.actor = self._create(self.username.text(), self.display_name.text(), self.password.text())
        except DomainError as error:
            self.refuse(str(error), [self.password, self.again])
            return
        super().accept()


class ChangePasswordDialog(_Door):
    def __init__(self, change: Callable[[str, str], None], who: str, parent: QWidget | None = None) -> None:
        super().__init__("修改密码", f"修改“{who}”的登录密码。", "修改", parent)
        self._change = change
        self.old = password_box()
        self.new = password_box()
        self.again = password_box()
        self.form.addRow("原密码", self.old)
        self.form.addRow("新密码", self.new)
        self.form.addRow("再次输入新密码", self.again)
        self.form.addRow(QLabel("密码至少8位，须同时包含字母和数字，不能包含用户名。"))

    def accept(self) -> None:
        if self.new.text() != self.again.text():
            self.refuse("两次输入的新密码不一致", [self.new, self.again])
            return
        try:
            self._change(self.old.text(), self.new.text())
        except DomainError as error:
            self.refuse(str(error), [self.old, self.new, self.again])
            return
        super().accept()
