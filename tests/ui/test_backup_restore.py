"""Backup and restore from the window's 文件 menu, and the start-up's sign-in (first administrator or sign-in)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from shuangjian_desktop import app
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.enums import UserRole
from shuangjian_desktop.services.demo.accounts import DEMO_PASSWORD
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.store.models import Institution
from shuangjian_desktop.ui.main_window import MainWindow
from shuangjian_desktop.ui.restore_dialog import RestoreDialog
from shuangjian_desktop.ui.sign_in import FirstAdminDialog, SignInDialog
from tests.ui.conftest import Answers


def first_name(workspace: Workspace) -> str:
    with workspace.store.read() as uow:
        return uow.session.scalar(select(Institution.name).order_by(Institution.id))


def test_on_a_server_backup_and_restore_say_who_does_them(admin_window: MainWindow, answers: Answers) -> None:
    if not admin_window.workspace.on_server:
        assert admin_window.workspace.backups() is not None  # a file backs itself up (the test below)
        return
    admin_window.backup_now()
    assert admin_window.choose_restore() is None
    said = answers.texts("information")
    assert len(said) == 2 and all("pg_dump" in text and "服务器管理员" in text for text in said)


def test_backup_to_a_folder_then_restore_it(
    open_file_window: Callable[[str], MainWindow],
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: Answers,
) -> None:
    admin_window = open_file_window("admin")
    usb = tmp_path / "U盘"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(usb)))
    admin_window.backup_now()
    qtbot.waitUntil(lambda: any("已备份并校验通过" in t for t in answers.texts("information")), timeout=20000)
    copy = next(usb.glob("*-manual"))
    workspace = admin_window.workspace
    original = first_name(workspace)
    with workspace.store.write("admin", Action.EDIT_LEDGERS) as uow:
        uow.session.scalar(select(Institution).order_by(Institution.id)).name = "恢复前改过的名字"
        uow.commit()

    def choose_from_usb(dialog: RestoreDialog) -> int:
        assert dialog.model.rowCount() == 0  # nothing in the backups folder beside the database yet
        dialog.choose_elsewhere()  # the folder dialog answers with the USB stick's backup
        assert dialog.model.rowCount() == 1 and dialog.selected().path == copy
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(copy)))
    monkeypatch.setattr(RestoreDialog, "exec", choose_from_usb)
    answers.reply = QMessageBox.StandardButton.Yes
    admin_window.choose_restore()
    assert admin_window.pending_restore == copy and not admin_window.isVisible()
    workspace.close()
    assert app.restore_chosen(workspace.db_path, workspace.settings, copy, admin_window.actor.username)
    summary = answers.texts("information")[-1]
    assert "已从备份" in summary and "恢复前的数据库已另存为备份" in summary
    again = Workspace.open(workspace.db_path, Settings())
    try:
        assert first_name(again) == original
    finally:
        again.close()


def test_start_up_signs_in_or_creates_the_first_administrator(
    demo_workspace: Workspace, workspace: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ui_state = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)

    def sign_in(dialog: SignInDialog) -> int:
        assert dialog.username.text() == "admin" and "demo2026" in dialog.findChildren(type(dialog.note))[-1].text()
        dialog.username.setText("周建华")
        dialog.password.setText(DEMO_PASSWORD)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(SignInDialog, "exec", sign_in)
    actor = app.sign_in(demo_workspace, True, ui_state)
    assert actor is not None and actor.role is UserRole.LEADER and ui_state.value("signin/last_user") == "周建华"

    def create(dialog: FirstAdminDialog) -> int:
        dialog.username.setText("kezhang")
        dialog.display_name.setText("王科长")
        dialog.password.setText("county2026")
        dialog.again.setText("county2026")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(FirstAdminDialog, "exec", create)
    first = app.sign_in(workspace, False, ui_state)
    assert first is not None and first.role is UserRole.ADMIN and workspace.accounts.has_accounts()
