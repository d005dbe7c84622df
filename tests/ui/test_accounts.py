"""Accounts in the window: the first administrator, sign-in with its refusals, what each role sees greyed out, the
administrator's account list, a password change."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from shuangjian_desktop.domain.enums import UserRole
from shuangjian_desktop.services.demo.accounts import DEMO_PASSWORD
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.ui.accounts_dialog import AccountForm, AccountsDialog, ResetPasswordDialog
from shuangjian_desktop.ui.main_window import MainWindow
from shuangjian_desktop.ui.sign_in import ChangePasswordDialog, FirstAdminDialog, SignInDialog
from tests.ui.conftest import Answers


def test_sign_in_says_why_and_keeps_the_name(qtbot: QtBot, demo_workspace: Workspace) -> None:
    dialog = SignInDialog(demo_workspace.accounts.sign_in, "示范县", "李晓燕", hint="演示账户")
    qtbot.addWidget(dialog)
    dialog.password.setText("wrong-one")
    dialog.accept()
    assert dialog.actor is None and "还可以再试4次" in dialog.message.text()
    assert dialog.username.text() == "李晓燕" and dialog.password.text() == ""
    dialog.password.setText(DEMO_PASSWORD)
    dialog.accept()
    assert dialog.actor is not None and dialog.actor.role is UserRole.CLERK
    assert dialog.result() == SignInDialog.DialogCode.Accepted


def test_the_first_start_creates_the_administrator(qtbot: QtBot, workspace: Workspace) -> None:
    dialog = FirstAdminDialog(workspace.accounts.create_first_admin)
    qtbot.addWidget(dialog)
    dialog.username.setText("zhouadmin")
    dialog.display_name.setText("周主任")
    dialog.password.setText("county2026")
    dialog.again.setText("county2027")
    dialog.accept()
    assert "不一致" in dialog.message.text() and not workspace.accounts.has_accounts()
    dialog.password.setText("short")
    dialog.again.setText("short")
    dialog.accept()
    assert "密码至少8位" in dialog.message.text() and not workspace.accounts.has_accounts()
    dialog.password.setText("county2026")
    dialog.again.setText("county2026")
    dialog.accept()
    assert dialog.actor is not None and dialog.actor.role is UserRole.ADMIN
    assert workspace.accounts.sign_in("zhouadmin", "county2026").display_name == "周主任"


def test_a_leader_sees_the_changing_actions_greyed_out(leader_window: MainWindow, answers: Answers) -> None:
    window = leader_window
    view = window.institutions.view
    assert not view.add_action.isEnabled() and not view.delete_action.isEnabled()
    assert view.export_action.isEnabled() and view.print_action.isEnabled()
    assert not window.import_action.isEnabled() and not window.reports.import_button.isEnabled()
    assert not window.accounts_action.isEnabled() and not window.restore_action.isEnabled()
    assert not window.backup_action.isEnabled() and not window.profile_action.isEnabled()
    assert not window.inspections.record_button.isEnabled() and not window.inspections.issue_button.isEnabled()
    window.go("tickets")
    window.tickets.view.table.selectRow(0)
    window.tickets.show_ticket(window.tickets.view.current_id())
    assert not any(button.isEnabled() for button in window.tickets.step_buttons.values())
    assert window.tickets.reply_button.isEnabled()  # printing is allowed
    window.go("institutions")
    view.table.selectRow(0)
    view.edit_current()
    assert any("查看、打印和导出" in text for text in answers.texts("information"))
    assert "周建华（领导）" in window.user_label.text()


def test_a_clerk_edits_but_does_not_manage(window: MainWindow) -> None:
    assert window.institutions.view.add_action.isEnabled() and window.import_action.isEnabled()
    assert window.backup_action.isEnabled() and window.inspections.issue_button.isEnabled()
    assert not window.accounts_action.isEnabled() and not window.restore_action.isEnabled()
    assert not window.calendar_action.isEnabled()


def test_the_administrator_adds_an_account_and_resets_a_password(
    admin_window: MainWindow, monkeypatch: pytest.MonkeyPatch, answers: Answers, qtbot: QtBot, qtmodeltester: object
) -> None:
    dialog: AccountsDialog = admin_window.open_accounts()
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.table.model())  # type: ignore[attr-defined]
    assert dialog.table.rowCount() == 3 and dialog.table.item(1, 2).text() == "经办人"
    tries = iter([("王 新", "abc"), ("wangxin", "wx2026abc")])

    def fill(form: AccountForm) -> int:
        name, password = next(tries)
        form.username.setText(name)
        form.display_name.setText("王新")
        form.role.setCurrentIndex(2)
        form.password.setText(password)
        return AccountForm.DialogCode.Accepted

    monkeypatch.setattr(AccountForm, "exec", fill)
    dialog.add()
    assert any("用户名：用户名不能包含空格" in t and "密码：密码至少8位" in t for t in answers.texts("warning"))
    assert dialog.table.rowCount() == 4 and dialog.table.item(3, 2).text() == "领导"
    assert admin_window.workspace.accounts.sign_in("wangxin", "wx2026abc").role is UserRole.LEADER

    dialog.table.selectRow(1)

    def new_password(reset: ResetPasswordDialog) -> int:
        reset.new.setText("reset2026")
        reset.again.setText("reset2026")
        return ResetPasswordDialog.DialogCode.Accepted

    monkeypatch.setattr(ResetPasswordDialog, "exec", new_password)
    dialog.reset_current()
    assert any("已为“李晓燕”设置新密码" in t for t in answers.texts("information"))
    assert admin_window.workspace.accounts.sign_in("李晓燕", "reset2026").username == "李晓燕"


def test_changing_ones_own_password(window: MainWindow, monkeypatch: pytest.MonkeyPatch, answers: Answers) -> None:
    def fill(dialog: ChangePasswordDialog) -> int:
        dialog.old.setText(DEMO_PASSWORD)
        dialog.new.setText("mine2026x")
        dialog.again.setText("mine2026x")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ChangePasswordDialog, "exec", fill)
    window.change_password()
    assert "密码已修改" in answers.texts("information")[-1]
    assert window.workspace.accounts.sign_in("李晓燕", "mine2026x").username == "李晓燕"
