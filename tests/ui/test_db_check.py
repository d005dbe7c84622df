"""The window's database checks: quick_check in the background once the window is open, and 工具 > 检查数据库完整性
on demand (off the GUI thread), each saying in Chinese what it found."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from shuangjian_desktop.ui.main_window import MainWindow
from tests.ui.conftest import Answers


def test_the_background_quick_check_and_the_menu_item(window: MainWindow, qtbot: QtBot, answers: Answers) -> None:
    """On a server there is no file to quick-check (the server keeps its files whole); the full check checks the
    connection, version, audit chain and attachments there."""
    window.checks.start_background()
    qtbot.waitUntil(lambda: window.checks.quick_result is not None, timeout=30_000)
    assert window.checks.quick_result == [] and not answers.texts("critical")
    tools = next(a.menu() for a in window.menuBar().actions() if a.text() == "工具(&T)")
    item = next(a for a in tools.actions() if a.text() == "检查数据库完整性(&K)…")
    item.trigger()
    qtbot.waitUntil(lambda: any("数据库完好" in t for t in answers.texts("information")), timeout=30_000)
    text = next(t for t in answers.texts("information") if "数据库完好" in t)
    if window.workspace.on_server:
        assert "服务器连接" in text and "审计日志" in text and "附件" in text and "pg_dump" in text
    else:
        assert "完整性检查" in text and "外键检查" in text and "数据库版本" in text


def test_damage_found_in_the_background_leads_to_the_restore(
    open_file_window: Callable[[str], MainWindow], qtbot: QtBot, answers: Answers, monkeypatch
) -> None:
    import shuangjian_desktop.ui.db_check as db_check

    window = open_file_window("李晓燕")
    monkeypatch.setattr(
        db_check,
        "quick_problems",
        lambda _path: ["*** in database main *** Page 42: btreeInitPage() returns error code 11"],
    )
    answers.reply = db_check.QMessageBox.StandardButton.Yes
    window.checks.start_background()
    qtbot.waitUntil(lambda: window.checks.damaged is not None, timeout=30_000)
    assert "现在从备份恢复吗" in answers.texts("question")[-1] and not window.isVisible()
