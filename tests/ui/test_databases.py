"""Which database the window works on: the first start's choice, 文件 > 新建/打开/最近打开, importing into the demo
asks first, a damaged database at start-up is restored by an administrator of the backup (the damaged file kept),
and a start after a crash says what happened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from shuangjian_desktop import app, paths
from shuangjian_desktop.services.backups import BackupService
from shuangjian_desktop.services.demo.accounts import DEMO_PASSWORD
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.ui.database_choice import FirstStartDialog
from shuangjian_desktop.ui.main_window import MainWindow
from shuangjian_desktop.ui.restore_dialog import RestoreDialog
from tests.ui.conftest import Answers


def test_the_first_start_offers_the_demo_the_countys_own_or_an_existing_one(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[FirstStartDialog] = []

    def pick_own(dialog: FirstStartDialog) -> int:
        seen.append(dialog)
        assert str(paths.default_db_path()) in dialog.where.text()
        dialog.own_button.click()
        return dialog.result()

    monkeypatch.setattr(FirstStartDialog, "exec", pick_own)
    choice = app.first_choice(None, Settings())
    assert seen and choice == app.Choice(paths.default_db_path(), False)

    def pick_demo(dialog: FirstStartDialog) -> int:
        assert dialog.demo_button.isDefault() and not dialog.own_button.isDefault()  # Enter: the demo county
        dialog.demo_button.click()
        return dialog.result()

    monkeypatch.setattr(FirstStartDialog, "exec", pick_demo)
    assert app.first_choice(None, Settings()) == app.Choice(paths.demo_db_path(), True)


def test_the_last_database_opened_opens_at_the_next_start(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    county = tmp_path / "县库.sqlite3"
    Workspace.open(county, settings).close()
    settings.remember_database(county)
    again = Settings(tmp_path / "settings.json")
    assert app.first_choice(None, again) == app.Choice(county.resolve(), False)
    # --demo opens the demo county whatever was opened last (a training shortcut, the installer's smoke test)
    assert app.first_choice(None, again, demo=True) == app.Choice(paths.demo_db_path(), True)


def test_the_file_menu_switches_databases_and_the_title_says_which(
    open_window, demo_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: Answers
) -> None:
    window: MainWindow = open_window("李晓燕")
    assert "示范县演示数据" in window.windowTitle()
    titles = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert {"新建数据库(&W)…", "打开数据库(&O)…", "最近打开(&R)"} <= set(titles)
    answers.reply = QMessageBox.StandardButton.No
    assert window.open_import() is None  # importing into the demo asks first; 否 keeps the wizard closed
    assert any("导入的数据会进入演示库" in t for t in answers.texts("question"))
    new = tmp_path / "本县台账.sqlite3"
    monkeypatch.setattr("shuangjian_desktop.ui.database_actions.ask_new_database", lambda *_a: new)
    window.new_database()
    assert window.pending_switch == new and not window.isVisible()


def _damaged_with_backup(demo_file: Path, tmp_path: Path) -> Path:
    db = tmp_path / "县库.sqlite3"
    db.write_bytes(demo_file.read_bytes())
    BackupService(db, Settings()).backup_now("admin")
    db.write_bytes(b"\x00" * 4096 + db.read_bytes()[4096:])  # the header page is gone
    return db


def test_a_damaged_database_at_start_is_restored_by_an_administrator_of_the_backup(
    qtbot: QtBot, demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: Answers
) -> None:
    db = _damaged_with_backup(demo_file, tmp_path)
    tries: list[str] = []

    def confirm(dialog: RestoreDialog) -> int:
        assert dialog.model.rowCount() == 1 and "已损坏" in dialog.note.text()
        dialog.username.setText("周建华")  # a leader of the backup may not restore
        dialog.password.setText(DEMO_PASSWORD)
        dialog.accept()
        tries.append(dialog.message.text())
        dialog.username.setText("admin")
        dialog.password.setText("wrong-1")
        dialog.accept()
        tries.append(dialog.message.text())
        dialog.password.setText(DEMO_PASSWORD)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(RestoreDialog, "exec", confirm)
    workspace = app.open_workspace(app.Choice(db, False), Settings())
    assert workspace is not None
    workspace.close()
    assert "不是管理员账户" in tries[0] and "还可以再试" in tries[1]
    summary = answers.texts("information")[-1]
    assert "已损坏的数据库保留在" in summary
    kept = [p for p in tmp_path.glob("县库.sqlite3.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and kept[0].read_bytes()[:4096] == b"\x00" * 4096


def test_declining_the_restore_leaves_the_damaged_file_alone(
    qtbot: QtBot, demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: Answers
) -> None:
    db = _damaged_with_backup(demo_file, tmp_path)
    before = db.read_bytes()
    monkeypatch.setattr(RestoreDialog, "exec", lambda dialog: 0)
    assert app.open_workspace(app.Choice(db, False), Settings()) is None
    assert db.read_bytes() == before and "保持原样" in answers.texts("information")[-1]


def test_another_programs_file_is_refused_and_left_unchanged(qtbot: QtBot, tmp_path: Path, answers: Answers) -> None:
    import sqlite3

    other = tmp_path / "别的软件.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    before = other.read_bytes()
    assert app.open_workspace(app.Choice(other, False), Settings()) is None
    assert "不是本程序的数据库" in answers.texts("critical")[-1]
    assert other.read_bytes() == before and not Path(f"{other}-wal").exists()


def test_a_start_after_a_crash_says_what_happened(demo_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "县库.sqlite3"
    db.write_bytes(demo_file.read_bytes())
    note = {"user": "李晓燕（经办人）", "host": "办公室电脑", "since": "2026-11-20 09:00"}
    note["doing"] = {"what": "导入机构台账", "user": "李晓燕", "since": "2026-11-20 10:00:00", "audit_top": 10**9}
    Path(f"{db}.session").write_text(json.dumps(note, ensure_ascii=False), encoding="utf-8")
    workspace = Workspace.open(db, Settings())
    try:
        told = workspace.interrupted.message()
    finally:
        workspace.close()
    assert "没有正常退出" in told and "导入机构台账" in told and "没有保存任何内容" in told
    assert not Path(f"{db}.session").exists()  # a clean close leaves no note
    again = Workspace.open(db, Settings())
    assert again.interrupted is None
    again.close()
