"""Connecting to a county (or the city) on a server: the connection the IT person enters once (文件 > 连接服务器…,
kept with the recent databases, without a password), and the server password asked at each start."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop.domain.errors import RecordRejected
from shuangjian_desktop.services.connections import Connection, ServerLocation, connection_of, server_location
from shuangjian_desktop.ui.look import icon
from shuangjian_desktop.ui.sign_in import password_box

NOTE = (
    "台账保存在服务器（PostgreSQL）上时，本县的几位工作人员可以在各自的电脑上同时使用；市局账户可以查看全市各县。"
    "以下内容由服务器管理员提供。密码不保存在本机，每次启动时输入。"
)


class ServerConnectionDialog(QDialog):
    """The server, port, database, county code (empty for the city) and server account."""

    def __init__(self, parent: QWidget | None = None, current: ServerLocation | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("连接服务器上的数据库")
        self.setWindowIcon(icon("fa5s.server"))
        self.chosen: ServerLocation | None = None
        shown = connection_of(current) if current is not None else Connection()
        note = QLabel(NOTE)
        note.setWordWrap(True)
        self.host = QLineEdit(shown.host)
        self.host.setPlaceholderText("如 192.168.1.20 或 jyj-db")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(shown.port)
        self.database = QLineEdit(shown.database)
        self.county = QLineEdit(shown.county)
        self.county.setPlaceholderText("县代码，如 dongchangfu；市局账户不填")
        self.login = QLineEdit(shown.login)
        self.message = QLabel()
        self.message.setObjectName("serverMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("#serverMessage { color: #a4262c; }")
        form = QFormLayout()
        form.addRow("服务器", self.host)
        form.addRow("端口", self.port)
        form.addRow("数据库", self.database)
        form.addRow("县代码", self.county)
        form.addRow("服务器账户", self.login)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("连接")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def accept(self) -> None:
        typed = Connection(
            self.host.text(), self.port.value(), self.database.text(), self.county.text(), self.login.text()
        )
        try:
            self.chosen = server_location(typed)
        except RecordRejected as rejected:
            self.message.setText(str(rejected))
            return
        super().accept()


class ServerPasswordDialog(QDialog):
    """The server account's password, for this start only."""

    def __init__(self, where: str, login: str, why: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("连接服务器")
        self.setWindowIcon(icon("fa5s.server"))
        note = QLabel(f"连接{where}\n服务器账户：{login}\n请输入服务器账户的密码（不保存在本机）。")
        note.setWordWrap(True)
        self.password = password_box()
        self.message = QLabel(why)
        self.message.setObjectName("serverMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("#serverMessage { color: #a4262c; }")
        form = QFormLayout()
        form.addRow("密码", self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("连接")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
