"""Composition root: paths, logging, which database (named, last opened, or the first start's choice), opening it
(made, upgraded, or offered a restore when damaged; a county on a server after asking its password), the sign-in,
and the main window; again after the clerk switched databases or chose a restore in the window (both need the
database let go first).

The demo county lives in its own file, so a newcomer's trial never mixes with the county's real ledgers.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from shuangjian_desktop import APP_NAME, paths
from shuangjian_desktop.domain.access import Action, Actor
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.logs import setup_logging
from shuangjian_desktop.services.accounts import verify_in_file
from shuangjian_desktop.services.backups import BackupInfo, BackupService, info, read_backup
from shuangjian_desktop.services.connections import (
    Location,
    ServerLocation,
    needs_password,
    parse_location,
    recent_locations,
    remember,
    with_password,
)
from shuangjian_desktop.services.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.store.database_file import DAMAGED, DatabaseUnusable

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

log = logging.getLogger("shuangjian")


@dataclass(frozen=True)
class Choice:
    path: Location
    """A database file, or a county (or the city) on a server."""
    demo: bool


def is_demo(path: Location) -> bool:
    return not isinstance(path, ServerLocation) and Path(path).resolve() == paths.demo_db_path().resolve()


def first_choice(named: Location | str | None, settings: Settings, demo: bool = False) -> Choice | None:
    """The database to open: named on the command line (a file or a county on a server; ``--demo``: the demo county,
    made when missing), SHUANGJIAN_DB, the last one opened, the county's own in the data folder, an earlier version's
    demo county; at the very first start the clerk chooses. None: cancelled."""
    if demo:
        return Choice(paths.demo_db_path(), True)
    if named is not None:
        location = parse_location(named)
        return Choice(location, is_demo(location))
    if os.environ.get(paths.DB_ENV):
        return Choice(parse_location(os.environ[paths.DB_ENV]), False)
    for path in recent_locations(settings)[:1]:
        if isinstance(path, ServerLocation) or path.exists():
            return Choice(path, is_demo(path))
    if paths.default_db_path().exists():
        return Choice(paths.default_db_path(), False)
    if paths.demo_db_path().exists():
        return Choice(paths.demo_db_path(), True)
    return choose_again()


def choose_again() -> Choice | None:
    """The first-start choice: the demo county, the county's own new database, or one that exists."""
    from PySide6.QtWidgets import QDialog

    from shuangjian_desktop.ui.database_choice import FirstStartDialog

    log.info("asking which database to open (first start)")
    dialog = FirstStartDialog(paths.demo_db_path(), paths.default_db_path())
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
        return None
    path, demo = dialog.chosen
    return Choice(path, demo)


def describe_backup(path: Path) -> BackupInfo:
    return info(read_backup(path))


def offer_restore(db_path: Path, settings: Settings, problems: list[str]) -> bool:
    """A damaged database at start-up: say so, offer the backups (newest first), have an administrator of the
    chosen backup confirm, restore (the damaged file is kept) and report. Returns whether the program may go on."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    from shuangjian_desktop.ui.restore_dialog import RestoreDialog

    backups = BackupService(db_path, settings).listed()
    what = "；".join(problems[:2])
    note = (
        f"数据库“{db_path}”已损坏（{what}）。\n请选择一份备份来恢复（通常选最新的一份）。"
        "已损坏的文件会改名保留在原处，不会被覆盖；恢复后会报告其中还能读出的、备份之后的改动。"
    )
    if not backups:
        note += "\n\n备份文件夹中没有找到备份；如有拷到U盘的备份，请点“从其他位置选择备份…”。"

    def verify(backup: BackupInfo, username: str, password: str) -> Actor:
        actor = verify_in_file(backup.database, username, password)
        if not actor.may(Action.RESTORE):
            raise DomainError(f"“{actor.display_name}”不是管理员账户，不能恢复数据库。")
        return actor

    dialog = RestoreDialog(backups, describe_backup, note, verify)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
        QMessageBox.information(None, APP_NAME, f"没有恢复。已损坏的数据库“{db_path}”保持原样，程序将退出。")
        return False
    user = dialog.actor.username if dialog.actor else "admin"
    return restore_chosen(db_path, settings, dialog.chosen.path, user)


def restore_chosen(db_path: Path, settings: Settings, source: Path, user: str) -> bool:
    """Restore the chosen backup now that no window holds the database; report what was done."""
    from PySide6.QtWidgets import QMessageBox

    from shuangjian_desktop.ui.ops import run_blocking

    try:
        from shuangjian_desktop.services.restore import RestoreService  # openpyxl: only when restoring

        outcome = run_blocking("正在校验备份并恢复…", lambda: RestoreService(db_path, settings).restore(source, user))
    except Exception as error:
        log.exception("restore from %s failed", source)
        QMessageBox.warning(None, APP_NAME, f"未能恢复：{error}\n当前数据库未作改动。")
        return False
    log.info("restored %s from %s", db_path, source)
    QMessageBox.information(None, "从备份恢复", outcome.summary())
    return True


def open_on_server(location: ServerLocation, settings: Settings) -> Workspace | None:
    """A county (or the city) on a server: connect without a password first (the account's pgpass file, or a
    server that trusts this PC), else ask for it; a wrong one is asked again, saying so. None: cancelled or
    refused (the reason was shown)."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    from shuangjian_desktop.ui.server_dialog import ServerPasswordDialog

    trying, why = location, ""
    for _attempt in range(6):
        try:
            workspace = Workspace.open(trying, settings, user=current_user())
        except DomainError as error:
            if not needs_password(error):
                QMessageBox.critical(None, APP_NAME, str(error))
                return None
            why = "" if trying is location and location.url.password is None else "密码不正确，请重新输入。"
            dialog = ServerPasswordDialog(location.describe(), location.url.username or "", why)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            trying = with_password(location, dialog.password.text())
            continue
        remember(settings, location)
        return workspace
    QMessageBox.critical(None, APP_NAME, "多次输入的密码都不正确，请向服务器管理员核对账户和密码。")
    return None


def open_workspace(choice: Choice, settings: Settings) -> Workspace | None:
    """Open the chosen database; a damaged one is offered a restore first, another program's or a newer version's
    is refused with the reason (the file is left as it was). None: nothing to open."""
    from PySide6.QtWidgets import QMessageBox

    if isinstance(choice.path, ServerLocation):
        return open_on_server(choice.path, settings)
    for _attempt in range(2):
        try:
            workspace = Workspace.open(choice.path, settings, user=current_user())
        except DatabaseUnusable as refused:
            if refused.file.kind == DAMAGED and offer_restore(choice.path, settings, refused.file.problems):
                continue
            if refused.file.kind != DAMAGED:
                QMessageBox.critical(None, APP_NAME, str(refused))
            return None
        except DomainError as error:
            QMessageBox.critical(None, APP_NAME, str(error))
            return None
        if choice.demo and workspace.is_empty():
            from shuangjian_desktop.services.demo import load_demo_county  # the demo builder, only when it builds

            log.info("first start: loading the demo county into %s", choice.path)
            load_demo_county(workspace.store)
        settings.remember_database(choice.path)
        return workspace
    return None


def current_user() -> str:
    try:
        import getpass

        return getpass.getuser()
    except Exception:
        return "本机用户"


def sign_in(workspace: Workspace, demo: bool, ui_state: QSettings, username: str | None = None) -> Actor | None:
    """The first start creates the administrator; every start signs in. None when the clerk cancels.

    A script may start the window signed in: ``--user NAME`` with the password in SHUANGJIAN_PASSWORD (as the
    command line takes it); a wrong password falls back to the sign-in dialog, which says why."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    from shuangjian_desktop.ui.sign_in import FirstAdminDialog, SignInDialog

    accounts = workspace.accounts
    refused = ""
    password = os.environ.get(paths.PASSWORD_ENV)
    if username and password is not None and accounts.has_accounts():
        try:
            actor = accounts.sign_in(username, password)
        except DomainError as error:
            refused = str(error)
            log.info("signing in %s from the command line was refused: %s", username, refused)
        else:
            ui_state.setValue("signin/last_user", actor.username)
            return actor
    if not accounts.has_accounts():
        if workspace.read_only:
            QMessageBox.critical(
                None, APP_NAME, f"该数据库还没有账户，且{workspace.read_only}；请在该电脑上先创建账户。"
            )
            return None
        first = FirstAdminDialog(accounts.create_first_admin)
        if first.exec() != QDialog.DialogCode.Accepted or first.actor is None:
            return None
        ui_state.setValue("signin/last_user", first.actor.username)
        return first.actor
    hint = ""
    if demo:
        names = "、".join(f"{username}（{role.label}）" for username, _name, role in DEMO_ACCOUNTS)
        hint = f"示范县演示账户：{names}，密码均为 {DEMO_PASSWORD}"
    last = username or str(ui_state.value("signin/last_user", "") or (DEMO_ACCOUNTS[0][0] if demo else ""))
    county = workspace.county_name()
    where = f"{county}　数据库：{workspace.where()}" if county else f"数据库：{workspace.where()}"
    dialog = SignInDialog(accounts.sign_in, where, last, hint)
    if refused:
        dialog.message.setText(refused)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
        return None
    ui_state.setValue("signin/last_user", dialog.actor.username)
    return dialog.actor


def run_gui(db: Location | str | None = None, username: str | None = None, demo: bool = False) -> int:
    """Open, sign in, show the window; again after a switch of database or a restore chosen in the window.

    ``db``, ``username`` and ``demo`` come from ``--db``, ``--user`` and ``--demo`` on the command line."""
    setup_logging()
    from PySide6.QtCore import QSettings, QThreadPool
    from PySide6.QtWidgets import QApplication, QMessageBox

    from shuangjian_desktop.ui import unexpected
    from shuangjian_desktop.ui.look import apply_look, prepare_environment
    from shuangjian_desktop.ui.main_window import MainWindow
    from shuangjian_desktop.ui.preview_files import sweep_previews

    prepare_environment()
    app = QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("ShuangjianDesktop")
    unexpected.install(paths.data_dir() / "logs")
    sweep_previews()
    apply_look(app)
    settings = Settings(paths.settings_path())
    ui_state = QSettings()
    choice = first_choice(db, settings, demo)
    while choice is not None:
        workspace = open_workspace(choice, settings)
        if workspace is None:
            if db is not None or demo:
                return 1
            choice = choose_again()
            continue
        try:
            actor = sign_in(workspace, choice.demo, ui_state, username)
            username = None  # after a restore or a switch, sign in again by hand
        except Exception:
            workspace.close()
            raise
        if actor is None:
            workspace.close()
            return 0
        workspace.signed_in(actor)
        recent = recent_locations(settings)
        window = MainWindow(workspace, actor, demo=choice.demo, ui_state=ui_state, recent=recent)  # type: ignore[arg-type]
        window.show()
        window.checks.start_background()
        log.info("main window open on %s, signed in as %s", workspace.where(), actor.username)
        if workspace.interrupted is not None:
            QMessageBox.information(window, "上次没有正常退出", workspace.interrupted.message())
        try:
            code = app.exec()
        finally:
            QThreadPool.globalInstance().waitForDone(3000)  # background counts end before the database closes
            workspace.close()
            try:
                if not workspace.on_server:  # a server is backed up by its administrator (pg_dump)
                    BackupService(workspace.db_path, settings).automatic()
            except Exception:
                log.exception("automatic backup on exit failed")
        if window.checks.damaged is not None:  # the background check found damage and the clerk chose to restore
            offer_restore(workspace.db_path, settings, window.checks.damaged)
        elif window.pending_restore is not None:
            restore_chosen(workspace.db_path, settings, window.pending_restore, actor.username)
        elif window.pending_switch is not None:
            choice = Choice(window.pending_switch, is_demo(window.pending_switch))
        else:
            return code
    return 0
