"""The window's 文件 menu for databases: 新建数据库…, 打开数据库…, 连接服务器上的数据库…, 最近打开 (files and saved
server connections), 打开示范县演示数据. Switching closes the window (which lets go of the database); the composition
root then opens the chosen one (asking a server's password) and asks for the sign-in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox

from shuangjian_desktop import paths
from shuangjian_desktop.services.connections import Location, ServerLocation, describe, same_location
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.ui.database_choice import ask_new_database, ask_open_database
from shuangjian_desktop.ui.server_dialog import ServerConnectionDialog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class DatabaseActions:
    """Mixed into the main window, which provides the workspace, whether it is the demo county, and close()."""

    workspace: Workspace
    demo: bool
    pending_switch: Location | None
    recent: list[Location]

    def _parent(self) -> QWidget:
        return self  # type: ignore[return-value]

    def add_database_menu(self, menu: QMenu) -> None:
        parent = self._parent()
        new = QAction("新建数据库(&W)…", parent)
        new.triggered.connect(self.new_database)
        opening = QAction("打开数据库(&O)…", parent)
        opening.triggered.connect(self.open_database)
        server = QAction("连接服务器上的数据库(&S)…", parent)
        server.triggered.connect(self.connect_server)
        menu.addActions([new, opening, server])
        self.recent_menu = menu.addMenu("最近打开(&R)")
        others = [p for p in self.recent if not same_location(p, self.workspace.location)]
        for path in others:
            action = self.recent_menu.addAction(describe(path))
            action.triggered.connect(lambda _c=False, p=path: self.switch_to(p))
        self.recent_menu.setEnabled(bool(others))
        if not self.demo:
            demo = QAction("打开示范县演示数据", parent)
            demo.triggered.connect(lambda: self.switch_to(paths.demo_db_path()))
            menu.addAction(demo)

    def new_database(self) -> None:
        path = ask_new_database(self._parent(), self._database_folder())
        if path is None:
            return
        if path.exists():
            QMessageBox.warning(self._parent(), "新建数据库", f"“{path}”已存在；要打开它请用“打开数据库…”。")
            return
        self.switch_to(path)

    def open_database(self) -> None:
        path = ask_open_database(self._parent(), self._database_folder())
        if path is not None:
            self.switch_to(path)

    def connect_server(self) -> ServerConnectionDialog:
        """A county (or the city) on a server: the connection is remembered (without password) once it opens."""
        current = self.workspace.location if isinstance(self.workspace.location, ServerLocation) else None
        dialog = ServerConnectionDialog(self._parent(), current)
        self.last_server_dialog = dialog
        if dialog.exec() == ServerConnectionDialog.DialogCode.Accepted and dialog.chosen is not None:
            self.switch_to(dialog.chosen)
        return dialog

    def switch_to(self, path: Location) -> None:
        """Close this window and open ``path`` (a new file is made by the program's migrations)."""
        if same_location(path, self.workspace.location):
            return
        self.pending_switch = path
        self._parent().close()

    def _database_folder(self) -> Path:
        return paths.data_dir() if self.workspace.on_server else Path(self.workspace.db_path).parent

    def ask_before_importing_into_the_demo(self) -> bool:
        """Importing into the demo county is almost always a mistake: ask, with 否 as the default."""
        if not self.demo:
            return True
        answer = QMessageBox.question(
            self._parent(),
            "导入到示范县？",
            "当前打开的是示范县演示数据库，导入的数据会进入演示库，不会进入本县的正式台账。\n"
            "要建立本县的正式台账，请先用“文件 > 新建数据库…”。\n\n仍要导入到演示库吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
