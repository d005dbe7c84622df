"""The window's 工具 and 帮助 actions that open their own dialogs: 单位信息, 操作日志 (with the audit trail's
tamper check in the background), 最近删除, 节假日安排, 设置 (every declared setting), the data folder and 关于."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QVBoxLayout

from shuangjian_desktop import APP_NAME, __version__, paths
from shuangjian_desktop.services.profile import FIELDS as PROFILE_FIELDS
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.ui.calendar_dialog import CalendarDialog
from shuangjian_desktop.ui.form_dialog import FormDialog
from shuangjian_desktop.ui.ops import run_in_background
from shuangjian_desktop.ui.register_view import RegisterView
from shuangjian_desktop.ui.settings_dialog import SettingsDialog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from shuangjian_desktop.ui.page_loads import PageLoads


class ToolsActions:
    """Mixed into the main window, which provides the workspace, the user, its layout store, title and refresh."""

    workspace: Workspace
    user: str
    ui_state: QSettings | None
    loads: PageLoads
    changes: QWidget

    def _parent(self) -> QWidget:
        return self  # type: ignore[return-value]

    def _set_title(self) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        raise NotImplementedError

    def edit_profile(self) -> FormDialog:
        """The unit's details: header lines of the return, notice prefixes, the reduction baseline date."""
        profile = self.workspace.profile
        dialog = FormDialog(
            "单位信息", PROFILE_FIELDS, profile.load(), lambda raw: profile.save(raw, self.user), self._parent()
        )
        self.last_profile = dialog
        if dialog.exec() == FormDialog.DialogCode.Accepted:
            self._set_title()
            self.loads.invalidate(self.changes)
        return dialog

    def open_audit(self) -> QDialog:
        """The audit trail: who changed what, when; filter, search, export. It can only be read."""
        dialog = QDialog(self._parent())
        dialog.setWindowTitle("操作日志")
        view = RegisterView(self.workspace.registers.audit, self.user, self.ui_state)
        status = QLabel("正在核对操作日志的防篡改校验…")
        status.setObjectName("auditStatus")
        layout = QVBoxLayout(dialog)
        layout.addWidget(status)
        layout.addWidget(view)
        view.reload()

        def show(result: tuple[bool, str]) -> None:
            intact, text = result
            status.setText(("防篡改校验：" if intact else "防篡改校验未通过：") + text)
            status.setStyleSheet("" if intact else "#auditStatus { color: #a4262c; font-weight: bold; }")

        run_in_background(self.workspace.audit_status, show, dialog)
        self.last_audit_status = status
        dialog.resize(1280, 720)
        self.last_audit = view
        dialog.open()
        return dialog

    def first_step(self, step: str) -> None:
        """A first step the home page offers on an empty database: 单位信息, 导入, or a page (报表's templates)."""
        window = self._parent()
        if step == "profile":
            self.edit_profile()
        elif step == "import":
            window.open_import()  # type: ignore[attr-defined]
        else:
            window.go(step)  # type: ignore[attr-defined]

    def open_recycle(self) -> QDialog:
        """最近删除: put deleted records back; each one restored is shown in its ledger."""
        from shuangjian_desktop.domain.access import Action
        from shuangjian_desktop.ui.recycle_dialog import RecycleDialog

        actor = getattr(self, "actor", None)
        why = "" if actor is None or actor.may(Action.EDIT_LEDGERS) else f"{actor.describe()}不能恢复删除的记录。"
        if self.workspace.read_only:
            why = f"本窗口为只读（{self.workspace.read_only}）"
        dialog = RecycleDialog(
            self.workspace.registers.recycle, self.user, self.show_record, why, self.ui_state, self._parent()
        )
        self.last_recycle = dialog
        dialog.open()
        return dialog

    def show_record(self, register: str, record_id: int) -> None:
        """A record put back: every list reads again, and its ledger shows it selected."""
        self.refresh()
        window = self._parent()
        for view in window.views():  # type: ignore[attr-defined]
            if view.register.name == register:
                page = next(key for key, widget in window.pages.items() if widget.isAncestorOf(view))  # type: ignore[attr-defined]
                window.go(page)  # type: ignore[attr-defined]
                tabs = getattr(window.pages[page], "tabs", None)  # type: ignore[attr-defined]
                if tabs is not None:
                    for index in range(tabs.count()):
                        if tabs.widget(index).isAncestorOf(view) or tabs.widget(index) is view:
                            tabs.setCurrentIndex(index)
                view.reload()
                view.select_id(record_id)
                return

    def open_calendar(self) -> CalendarDialog:
        dialog = CalendarDialog(
            self.workspace.covered_years,
            lambda year, text: self.workspace.enter_schedule(year, text, self.user),
            self._parent(),
        )
        self.last_calendar = dialog
        dialog.open()
        dialog.finished.connect(lambda _r: self.refresh())
        return dialog

    def open_settings(self) -> SettingsDialog:
        """工具 > 设置 (管理员): every declared setting; saved values take effect at once."""
        dialog = SettingsDialog(self.workspace.setting_options, self.user, self._parent())
        self.last_settings = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.changed:
            self.refresh()
        return dialog

    def open_data_folder(self) -> None:
        folder = paths.data_dir() if self.workspace.on_server else Path(self.workspace.db_path).parent
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def about(self) -> None:
        QMessageBox.about(
            self._parent(),
            f"关于{APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<br>县级教育局校外培训监管台账。"
            f"<br>数据库：{self.workspace.where()}<br>{dt.date.today().year}",
        )
