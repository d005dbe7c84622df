"""The database checks the window runs: SQLite's quick_check in the background once the window is open (start-up
reads nothing proportional to the data; the full check ran before the window if the last session did not close
cleanly), and the full check on demand (工具 > 检查数据库完整性), off the GUI thread with a progress dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from shuangjian_desktop.services.health import CheckItem, quick_problems
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.ui.ops import run_op

ADVICE = "请不要继续修改数据，尽快用“文件 > 从备份恢复”恢复最近的完好备份，并联系技术人员。"


class _Relay(QObject):
    done = Signal(object)


class _QuickCheck(QRunnable):
    def __init__(self, path: Path, relay: _Relay) -> None:
        super().__init__()
        self.path, self.relay = path, relay

    def run(self) -> None:
        self.relay.done.emit(quick_problems(self.path))


class DatabaseChecks(QObject):
    def __init__(self, window: QWidget, workspace: Workspace) -> None:
        super().__init__(window)
        self.window = window
        self.workspace = workspace
        self.db_path = None if workspace.on_server else workspace.db_path
        """The database file (None for a county on a server: the server keeps its files whole itself)."""
        self.quick_result: list[str] | None = None
        """What the background quick check found (None while it runs or before it started)."""
        self.damaged: list[str] | None = None
        """Damage the clerk chose to restore from a backup now: the program does it once the window has closed."""
        self._relay = _Relay(self)
        self._relay.done.connect(self._quick_done)

    def start_background(self) -> None:
        if self.db_path is None:
            self.quick_result = []
            return
        QThreadPool.globalInstance().start(_QuickCheck(self.db_path, self._relay))

    def _quick_done(self, problems: list[str]) -> None:
        self.quick_result = problems
        if not problems:
            return
        answer = QMessageBox.question(
            self.window,
            "数据库检查",
            f"后台检查发现数据库文件有损坏：{'；'.join(problems[:3])}\n"
            "现在从备份恢复吗？程序会关闭当前窗口，请管理员选择一份备份并确认；已损坏的文件会改名保留，"
            "其中备份之后的改动会尽量读出供核对。\n（选“否”可先继续查看，但请不要再修改数据。）",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.damaged = problems
            self.window.close()

    def check_now(self) -> None:
        """The full check (integrity, foreign keys, schema version, audit chain, attachments, newest backup), with
        its result in a message."""
        run_op(self.window, "检查数据库完整性", lambda _p: self.workspace.check(), self._show)

    def _show(self, items: list[CheckItem]) -> None:
        lines = [f"{item.word}　{item.name}：{item.detail}" for item in items]
        if all(item.ok or item.advice for item in items):
            QMessageBox.information(self.window, "检查数据库完整性", "数据库完好。\n" + "\n".join(lines))
        else:
            QMessageBox.warning(self.window, "检查数据库完整性", "\n".join(lines) + "\n" + ADVICE)
