"""Composition root: paths, logging, the database (made or upgraded), the services and the main window.

With no database named and none made yet, the window opens the demo county (made on first start) in its own file,
so a newcomer's trial never mixes with the county's real ledgers.
"""

from __future__ import annotations

import getpass
import logging
import logging.handlers
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from shuangjian_desktop import APP_NAME, paths
from shuangjian_desktop.domain.access import Actor
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.backups import BackupService
from shuangjian_desktop.services.health import SessionMarker, start_up_problems
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

log = logging.getLogger("shuangjian")


def setup_logging() -> None:
    folder = paths.data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        folder / "shuangjian.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])


def choose_database(named: Path | None = None) -> tuple[Path, bool]:
    """(database path, is it the demo county): the one named on the command line, SHUANGJIAN_DB, the county's own,
    else the demo county."""
    if named is not None:
        return Path(named), False
    if os.environ.get(paths.DB_ENV):
        return Path(os.environ[paths.DB_ENV]), False
    real = paths.default_db_path()
    if real.exists():
        return real, False
    return paths.demo_db_path(), True


def open_workspace(settings: Settings, named: Path | None = None) -> tuple[Workspace, bool]:
    db_path, demo = choose_database(named)
    workspace = Workspace.open(db_path, settings, user=current_user())
    if demo and workspace.is_empty():
        from shuangjian_desktop.services.demo import load_demo_county

        log.info("first start: loading the demo county into %s", db_path)
        load_demo_county(workspace.store)
    return workspace, demo


def offer_restore_if_damaged(db_path: Path, settings: Settings) -> bool:
    """A damaged database is reported in plain Chinese with the offer to restore the newest good backup.
    Returns whether the program may go on."""
    from PySide6.QtWidgets import QMessageBox

    problems, full = start_up_problems(db_path)  # the full check only after a session that did not close cleanly
    if full:
        log.info("the last session on %s did not close cleanly: full integrity check %s", db_path, problems or "ok")
    if not problems:
        return True
    service = BackupService(db_path, settings)
    newest = service.newest_good()
    if newest is None:
        QMessageBox.critical(
            None,
            APP_NAME,
            f"数据库“{db_path}”已损坏，且没有找到完好的备份。请联系技术人员。\n" + "；".join(problems[:3]),
        )
        return False
    answer = QMessageBox.question(
        None,
        APP_NAME,
        f"数据库已损坏（{problems[0]}）。\n是否从最近的完好备份“{newest.name}”恢复？恢复前会另存一份当前数据库。",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    service.restore(newest, current_user())
    QMessageBox.information(None, APP_NAME, f"已从“{newest.name}”恢复数据库。")
    return True


def current_user() -> str:
    try:
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
    from shuangjian_desktop.services.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD

    hint = ""
    if demo:
        names = "、".join(f"{username}（{role.label}）" for username, _name, role in DEMO_ACCOUNTS)
        hint = f"示范县演示账户：{names}，密码均为 {DEMO_PASSWORD}"
    last = username or str(ui_state.value("signin/last_user", "") or (DEMO_ACCOUNTS[0][0] if demo else ""))
    county = workspace.county_name()
    where = f"{county}　数据库：{workspace.db_path}" if county else f"数据库：{workspace.db_path}"
    dialog = SignInDialog(accounts.sign_in, where, last, hint)
    if refused:
        dialog.message.setText(refused)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
        return None
    ui_state.setValue("signin/last_user", dialog.actor.username)
    return dialog.actor


def restore_chosen(db_path: Path, settings: Settings, source: Path, user: str) -> None:
    """Restore the backup the clerk chose in the window, now that the window has closed the database."""
    from PySide6.QtWidgets import QMessageBox

    try:
        safety = BackupService(db_path, settings).restore(source, user)
    except Exception as error:
        log.exception("restore from %s failed", source)
        QMessageBox.warning(None, APP_NAME, f"未能恢复：{error}\n当前数据库未作改动。")
        return
    QMessageBox.information(None, APP_NAME, f"已从“{source.name}”恢复数据库。恢复前的数据库已另存为：\n{safety}")


def run_gui(db: Path | None = None, username: str | None = None) -> int:
    """Open, sign in, show the window; again after a restore chosen in the window (which needs the database closed).

    ``db`` and ``username`` come from ``--db`` and ``--user`` on the command line."""
    setup_logging()
    from PySide6.QtCore import QSettings, QThreadPool
    from PySide6.QtWidgets import QApplication, QMessageBox

    from shuangjian_desktop.ui.look import apply_look
    from shuangjian_desktop.ui.main_window import MainWindow

    app = QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("ShuangjianDesktop")
    apply_look(app)
    settings = Settings(paths.settings_path())
    ui_state = QSettings()
    while True:
        db_path, _demo = choose_database(db)
        if db_path.exists() and not offer_restore_if_damaged(db_path, settings):
            return 1
        try:
            workspace, demo = open_workspace(settings, db)
        except Exception as error:
            log.exception("cannot open the database")
            QMessageBox.critical(None, APP_NAME, f"无法打开数据库：{error}")
            return 1
        try:
            actor = sign_in(workspace, demo, ui_state, username)
            username = None  # after a restore, sign in again by hand
        except Exception:
            workspace.close()
            raise
        if actor is None:
            workspace.close()
            return 0
        workspace.signed_in(actor)
        marker = SessionMarker(workspace.db_path)
        if not workspace.read_only:
            marker.begin()  # removed below once the database is closed; found at the next start, it means a crash
        window = MainWindow(workspace, actor, demo=demo, ui_state=ui_state)
        window.show()
        window.checks.start_background()
        log.info("main window open on %s, signed in as %s", workspace.db_path, actor.username)
        try:
            code = app.exec()
        finally:
            QThreadPool.globalInstance().waitForDone(3000)  # background counts end before the database closes
            workspace.close()
            if not workspace.read_only:
                marker.end()
            try:
                BackupService(workspace.db_path, settings).automatic()
            except Exception:
                log.exception("automatic backup on exit failed")
        if window.pending_restore is None:
            return code
        restore_chosen(workspace.db_path, settings, window.pending_restore, actor.username)
