"""The workspace on the demo county: navigation, home page, every table model, search and sort in SQL, layout
remembered, Chinese everywhere."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from shuangjian_desktop.app import Choice, open_workspace
from shuangjian_desktop.domain.pinyin import sort_key
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.ui.home_page import TileCard
from shuangjian_desktop.ui.look import install_translations, register_fonts
from shuangjian_desktop.ui.main_window import NAVIGATION, MainWindow
from shuangjian_desktop.ui.printing import table_html
from tests.raw import execute
from tests.ui.conftest import signed_in


def test_navigation_has_every_ledger_in_chinese(window: MainWindow) -> None:
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert labels == [
        "首页",
        "机构台账",
        "转型注销",
        "包保台账",
        "人员与学校",
        "投诉工单",
        "检查与整改",
        "监管",
        "报表",
    ]
    for key, label, _icon in NAVIGATION:
        window.go(key)
        assert window.nav.currentItem().text() == label
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["文件(&F)", "编辑(&E)", "查看(&V)", "工具(&T)", "帮助(&H)"]
    assert window.workspace.where() in window.db_label.text()
    assert "李晓燕" in window.user_label.text()


def test_home_page_counts_and_attention(window: MainWindow, qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    qtbot.waitUntil(lambda: not window.home.loader.busy)  # read off the GUI thread: the window painted first
    tiles = window.home.findChildren(TileCard)
    assert len(tiles) == 9  # six ledgers, then supervision's three (patrol, risk, funds)
    model = window.home.model
    qtmodeltester.check(model)
    assert model.rowCount() >= 5  # the demo leaves coverage gaps on purpose
    texts = {model.data(model.index(r, 1)) for r in range(model.rowCount())}
    assert {"机构无责任督学", "校长责任书未签订"} <= texts
    assert f"（{model.rowCount()}）" in window.home.attention_title.text()
    with qtbot.waitSignal(window.home.navigate):
        tiles[0].clicked.emit()
    gap = next(r for r in range(model.rowCount()) if model.data(model.index(r, 1)) == "机构无责任督学")
    window.home.attention.doubleClicked.emit(model.index(gap, 0))
    assert window.nav.currentItem().text() == "包保台账"


def test_every_table_model_passes_the_qt_model_tester(window: MainWindow, qtmodeltester: ModelTester) -> None:
    for view in window.views():
        assert not view.model.loaded  # start-up reads only the home page
        view.reload()
        assert view.model.rowCount() > 0, view.register.title
        qtmodeltester.check(view.model)


def test_search_by_pinyin_initials_and_filters(window: MainWindow, qtbot: QtBot) -> None:
    window.go("institutions")
    view = window.institutions.view
    view.search.setText("qm")
    qtbot.waitUntil(lambda: view.model.rowCount() < 57)
    names = [view.model.data(view.model.index(r, 0)) for r in range(view.model.rowCount())]
    assert names and any("启明" in n for n in names)
    view.search.setText("")
    qtbot.waitUntil(lambda: view.model.rowCount() == 57)
    status = view.filter_boxes["status"]
    status.setCurrentIndex(status.findText("已注销"))
    assert view.model.rowCount() == 6  # one of them converted to non-subject first
    assert "共 6 条" in view.count_label.text()


def test_sorting_is_in_pinyin_order_and_done_in_sql(window: MainWindow) -> None:
    window.go("institutions")
    model = window.institutions.view.model
    assert model.rowCount() == 57
    names = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert names == sorted(names, key=sort_key)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == list(reversed(names))


def test_detail_pane_shows_what_concerns_the_institution(window: MainWindow) -> None:
    window.go("institutions")
    view = window.institutions.view
    view.table.selectRow(0)
    text = window.institutions.detail.toPlainText()
    assert "包保工作人员" in text and "责任督学" in text and "整改通知书" in text
    assert view.model.data(view.model.index(0, 0)) in text


def test_copy_rows_as_tab_separated_text(window: MainWindow) -> None:
    window.go("institutions")
    view = window.institutions.view
    view.table.selectRow(0)
    view.table.selectionModel().select(
        view.model.index(1, 0),
        view.table.selectionModel().SelectionFlag.Select | view.table.selectionModel().SelectionFlag.Rows,
    )
    view.copy_selected()
    lines = QApplication.clipboard().text().split("\r\n")
    assert lines[0].split("\t")[:2] == ["机构名称", "统一社会信用代码"]
    assert len([line for line in lines if line]) == 3
    assert all(len(line.split("\t")) == len(view.register.columns) for line in lines if line)


def test_print_preview_renders_the_filtered_rows(window: MainWindow) -> None:
    window.go("status-changes")
    view = window.changes.view
    html, total = table_html(view.register, view.model.query)
    assert total == view.model.rowCount() and html.count("<tr>") == total
    assert "转型注销台账" in html


def test_window_and_column_layout_are_remembered(
    qtbot: QtBot, demo_workspace: Workspace, ui_state: QSettings, answers: object
) -> None:
    first = MainWindow(demo_workspace, signed_in(demo_workspace, "李晓燕"), ui_state=ui_state)
    qtbot.addWidget(first)
    first.institutions.view.table.setColumnWidth(0, 123)
    first.people.teachers.table.setColumnWidth(2, 211)
    first.close()
    again = MainWindow(demo_workspace, signed_in(demo_workspace, "李晓燕"), ui_state=ui_state)
    qtbot.addWidget(again)
    assert again.institutions.view.table.columnWidth(0) == 123
    assert again.people.teachers.table.columnWidth(2) == 211


def test_chinese_fonts_and_qt_translations_are_installed(qapp: QApplication) -> None:
    assert "WenQuanYi Micro Hei" in register_fonts()
    assert install_translations(qapp)


def test_choosing_the_demo_county_fills_its_own_file(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHUANGJIAN_DATA_DIR", str(tmp_path))
    workspace = open_workspace(Choice(tmp_path / "demo.sqlite3", True), Settings())
    try:
        assert workspace is not None and workspace.db_path == tmp_path / "demo.sqlite3"
        assert not workspace.is_empty()
        assert not (tmp_path / "shuangjian.sqlite3").exists()
    finally:
        workspace.close()


def test_the_change_ledger_shows_the_reduction_with_its_definition(window: MainWindow) -> None:
    assert window.changes.summary.text() == ""  # read when the page is first shown, not at start-up
    window.go("status-changes")
    text = window.changes.summary.text()
    assert "基数 16 家" in text and "压减数 <b>14</b>" in text and "87.50%" in text and "压减率 = 压减数 ÷ 基数" in text


def test_a_second_window_is_read_only_and_says_so(qtbot: QtBot, demo_workspace: Workspace, answers: object) -> None:
    """A file has one writer; on a server every clerk's window writes (that is what a server is for)."""
    from PySide6.QtWidgets import QLabel

    second = Workspace.open(demo_workspace.location, Settings(), user="张三")
    try:
        window = MainWindow(second, signed_in(second, "周建华"))
        qtbot.addWidget(window)
        banner = window.findChild(QLabel, "readOnlyBanner")
        if demo_workspace.on_server:
            assert banner is None and second.read_only is None
        else:
            assert banner is not None and "只读模式" in banner.text()
    finally:
        second.close()


def test_the_audit_trail_opens_from_the_tools_menu(
    window: MainWindow, qtmodeltester: ModelTester, qtbot: QtBot
) -> None:
    dialog = window.open_audit()
    view = window.last_audit
    assert dialog.windowTitle() == "操作日志" and view.model.rowCount() > 1000
    qtmodeltester.check(view.model)
    assert not view.add_action.isVisible() and not view.delete_action.isVisible()
    qtbot.waitUntil(lambda: window.last_audit_status.text().startswith("防篡改校验："), timeout=20000)
    assert "完整（共" in window.last_audit_status.text()
    dialog.close()


def test_the_audit_screen_names_a_row_changed_outside_the_program(
    open_window: Callable[[str], MainWindow], demo_workspace: Workspace, qtbot: QtBot
) -> None:
    on = " ON audit_log" if demo_workspace.on_server else ""
    execute(demo_workspace, "DROP TRIGGER audit_log_no_update" + on)
    execute(demo_workspace, "UPDATE audit_log SET username = '别人' WHERE id = 42")
    window = open_window("admin")
    window.open_audit()
    qtbot.waitUntil(lambda: "未通过" in window.last_audit_status.text(), timeout=20000)
    assert "第42条审计记录被改动" in window.last_audit_status.text()


def test_unit_details_are_edited_from_the_tools_menu(admin_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from shuangjian_desktop.ui.form_dialog import FormDialog

    def fill(dialog: FormDialog) -> int:
        dialog.set_value("county", "新县")
        dialog.try_save()
        return dialog.result()

    monkeypatch.setattr(FormDialog, "exec", fill)
    admin_window.edit_profile()
    assert "— 新县（示范县演示数据）" in admin_window.windowTitle()
    assert admin_window.workspace.profile.load()["doc_prefix_stop"] == "示教体停办"
