"""The window on a county of 10,000 institutions with over 20,000 coverage gaps (the size that used to abort the
program): it opens, every page shows, the long lists are paged models, the reference fields suggest a bounded
number of names from SQL, and it stays up."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.ui.form_dialog import FormDialog, RefEdit
from shuangjian_desktop.ui.main_window import NAVIGATION, MainWindow
from tests.ui.conftest import Answers, signed_in

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from county import make_county

INSTITUTIONS = 10_000


@pytest.fixture(scope="session")
def big_county_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Nobody assigned to anybody, every institution running: two gaps per institution."""
    path = tmp_path_factory.mktemp("county") / "county.sqlite3"
    make_county(path, INSTITUTIONS, covered=0.0, quiet=True)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE institution SET status = 'operating'")
    return path


@pytest.fixture
def big_window(qtbot: QtBot, big_county_file: Path, tmp_path: Path, answers: Answers) -> Iterator[MainWindow]:
    path = tmp_path / "county.sqlite3"
    shutil.copyfile(big_county_file, path)
    workspace = Workspace.open(path, Settings())
    window = MainWindow(
        workspace,
        signed_in(workspace, "admin"),
        ui_state=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()
    workspace.close()


def test_the_window_opens_on_a_county_with_twenty_thousand_gaps_and_stays_up(
    big_window: MainWindow, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    window = big_window
    home = window.home
    qtbot.waitUntil(lambda: not home.loader.busy, timeout=60_000)
    total = home.model.rowCount()
    assert total >= 2 * INSTITUTIONS and f"（{total}）" in home.attention_title.text()
    assert len(home.model._pages) <= 1  # one page read, not twenty thousand rows
    last = home.model.data(home.model.index(total - 1, 1))
    assert last  # the end of the list is a page away, read when scrolled to
    qtmodeltester.check(home.model)
    window.go("assignments")
    page = window.assignments
    qtbot.waitUntil(lambda: not page.gap_loader.busy, timeout=60_000)
    assert page.gap_model.rowCount() >= 2 * INSTITUTIONS
    assert "处缺口" in page.gap_title.text()
    page.gap_table.scrollToBottom()
    for key, _label, _icon in NAVIGATION:
        window.go(key)
        qtbot.wait(10)
    view = window.institutions.view
    assert view.model.rowCount() == INSTITUTIONS
    view.table.scrollToBottom()
    assert view.model.row_id(INSTITUTIONS - 1) is not None
    assert window.isVisible()


def test_a_reference_field_suggests_a_bounded_number_from_sql(big_window: MainWindow, monkeypatch) -> None:
    window = big_window
    window.go("status-changes")
    seen: list[FormDialog] = []

    def look(dialog: FormDialog) -> int:
        seen.append(dialog)
        editor = dialog.editors["institution_name"]
        assert isinstance(editor, RefEdit)
        editor.setText("培训")  # in every institution's name
        assert len(editor.refresh_suggestions()) == 30
        editor.setText("qm")  # pinyin initials
        names = editor.refresh_suggestions()
        assert names and any("启明" in name for name in names)
        return FormDialog.DialogCode.Rejected

    monkeypatch.setattr(FormDialog, "exec", look)
    window.changes.view.add()
    assert seen
