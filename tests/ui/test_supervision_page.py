"""监管 on screen: its six tabs with every model passing Qt's model tester, the home page's supervision items opening
their tab, a patrol plan made and narrowed to one inspector, a grade overridden with its reason, a balance typed,
a blacklisting entered and taken off, the list previewed for posting, and a leader who may look but not change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from shuangjian_desktop.domain.enums import RiskGrade
from shuangjian_desktop.domain.public_lists import ListKind
from shuangjian_desktop.services.patrol.plan import PATROLLED
from shuangjian_desktop.store.models import Institution
from shuangjian_desktop.ui import pdf_preview
from shuangjian_desktop.ui.form_dialog import FormDialog
from shuangjian_desktop.ui.home_page import TileCard
from shuangjian_desktop.ui.main_window import MainWindow
from shuangjian_desktop.ui.risk_tab import OverrideDialog
from tests.ui.conftest import Answers


@pytest.fixture
def fill(monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, str]], list[FormDialog]]:
    """The next form dialogs behave as if the clerk typed ``values`` and pressed 保存."""
    opened: list[FormDialog] = []

    def install(values: dict[str, str]) -> list[FormDialog]:
        def fake_exec(dialog: FormDialog) -> int:
            opened.append(dialog)
            for key, value in values.items():
                dialog.set_value(key, value)
            dialog.try_save()
            return dialog.result()

        monkeypatch.setattr(FormDialog, "exec", fake_exec)
        return opened

    return install


def _patrol_loaded(window: MainWindow) -> bool:
    tab = window.supervision.patrol
    return not tab.loader.busy and not tab.target_loader.busy


def test_every_tab_and_model(window: MainWindow, qtbot: QtBot, qtmodeltester: ModelTester) -> None:
    window.go("supervision")
    assert window.nav.currentItem().text() == "监管"
    page = window.supervision
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "巡查计划",
        "风险分级",
        "处置方案",
        "资金监管",
        "预收费检查",
        "公示名单",
    ]
    qtbot.waitUntil(lambda: _patrol_loaded(window))
    patrol = page.patrol
    assert patrol.inspector_model.rowCount() == 9  # eight inspectors and the institutions without one
    qtmodeltester.check(patrol.inspector_model)
    qtmodeltester.check(patrol.target_model)
    assert "家机构应巡" in patrol.summary.text()
    for key, view in zip(("risk", "disposal", "funds", "charges", "lists"), page.views(), strict=True):
        window.go(f"supervision:{key}")
        assert window.current_view() is view
        view.reload()
        assert view.model.rowCount() > 0, view.register.title
        qtmodeltester.check(view.model)
    page.funds.view.table.selectRow(0)
    assert page.funds.history.rowCount() > 0
    qtmodeltester.check(page.funds.history)


def test_home_page_items_open_their_tab(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not window.home.loader.busy)
    model = window.home.model
    rows = {model.data(model.index(r, 1)): r for r in range(model.rowCount())}
    for category, tab in (
        ("监管账户低于最低余额", "资金监管"),
        ("C、D级机构无处置方案", "处置方案"),
        ("本月未巡查", "巡查计划"),
    ):
        assert category in rows, category
        window.home.attention.doubleClicked.emit(model.index(rows[category], 0))
        assert window.nav.currentItem().text() == "监管"
        assert window.supervision.tabs.tabText(window.supervision.tabs.currentIndex()) == tab
        window.go("home")
    tiles = [card.findChildren(QLabel)[1].text() for card in window.home.findChildren(TileCard)]
    assert tiles[-3:] == ["本月已巡", "中高风险机构", "资金监管账户"]


def test_a_patrol_plan_made_and_narrowed(window: MainWindow, qtbot: QtBot, answers: Answers) -> None:
    window.go("supervision:patrol")
    tab = window.supervision.patrol
    qtbot.waitUntil(lambda: _patrol_loaded(window))
    tab.month.setCurrentIndex(0)  # next month: no plan yet
    qtbot.waitUntil(lambda: _patrol_loaded(window) and "尚未制定" in tab.summary.text())
    assert tab.target_model.rowCount() == 0 and not tab.export_button.isEnabled()
    tab.make_plan()
    qtbot.waitUntil(lambda: any("巡查计划：" in t for t in answers.texts("information")), timeout=20_000)
    qtbot.waitUntil(lambda: _patrol_loaded(window) and "家机构应巡" in tab.summary.text())
    with window.workspace.store.read() as uow:  # every operating or suspended institution gets its visits
        patrolled = uow.session.scalar(
            select(func.count()).select_from(Institution).where(Institution.status.in_(PATROLLED))
        )
    assert tab.make_button.text() == "重新制定…" and tab.target_model.rowCount() == patrolled
    tab.inspectors.selectRow(0)
    qtbot.waitUntil(lambda: _patrol_loaded(window) and "选中的责任督学" in tab.target_title.text())
    first = tab.inspector_model.item(0)
    assert tab.target_model.rowCount() == first.institutions
    assert all(tab.target_model.item(r).inspector == first.name for r in range(tab.target_model.rowCount()))
    assert all("（" in tab.target_model.item(r).days for r in range(tab.target_model.rowCount()))
    tab.missing.setCurrentIndex(1)
    qtbot.waitUntil(lambda: _patrol_loaded(window))
    assert tab.target_model.rowCount() == first.not_visited


def test_a_grade_overridden_with_its_reason(
    window: MainWindow, qtbot: QtBot, answers: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.go("supervision:risk")
    tab = window.supervision.risk
    tab.view.reload()
    tab.view.table.selectRow(2)
    institution_id = tab.view.current_id()

    def fake_exec(dialog: OverrideDialog) -> int:
        dialog.grade.setCurrentIndex(dialog.grade.findData(RiskGrade.D))
        dialog.reason.setPlainText("会商研判：举办者已失联")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(OverrideDialog, "exec", fake_exec)
    tab.override()
    assert any("已调整为D级" in t for t in answers.texts("information"))
    assert "会商研判：举办者已失联" in tab.detail.toPlainText() and "人工调整" in tab.detail.toPlainText()
    row = tab.view.model.row(tab.view.model.row_of_id(institution_id))
    assert row.values[1] == "D" and row.values[5] == "会商研判：举办者已失联"
    tab.remove_override()
    assert any("恢复为计算等级" in t for t in answers.texts("information"))


def test_disposal_file_from_the_risk_list(window: MainWindow, fill: Callable, answers: Answers) -> None:
    page = window.supervision
    window.go("supervision:risk")
    page.risk.view.filter_boxes["need"].setCurrentIndex(1)  # C、D级无处置方案
    page.risk.view.table.selectRow(0)
    name = page.risk.view.model.row(0).values[0]
    dialogs = fill({"measures": "约谈举办者，督促退费", "responsible": "张明", "due_on": "2030-12-31"})
    page.risk.open_disposal()
    assert dialogs and dialogs[0].result() == FormDialog.DialogCode.Accepted
    assert page.tabs.tabText(page.tabs.currentIndex()) == "处置方案"
    saved = page.disposal.model.row(page.disposal.model.row_of_id(dialogs[0].saved_id))
    assert saved.values[1] == name and saved.values[-1] == "处置中"


def test_a_balance_typed_and_a_blacklisting_entered_and_taken_off(
    window: MainWindow, fill: Callable, answers: Answers, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = window.supervision
    window.go("supervision:funds")
    funds = page.funds
    funds.view.reload()
    funds.view.table.selectRow(0)
    before = funds.history.rowCount()
    fill({"taken_on": "2026-01-05", "balance_cents": "88,000"})
    funds.add_snapshot()
    assert funds.history.rowCount() == before + 1
    window.go("supervision:lists")
    lists = page.lists
    lists.view.reload()
    count = lists.view.model.rowCount()
    with window.workspace.store.read() as uow:
        name = uow.session.scalar(
            select(Institution.name).where(Institution.blacklisted.is_(False)).order_by(Institution.id)
        )
    dialogs = fill({"institution": name, "reason": "超时培训，拒不整改", "doc_number": "示教体〔2026〕60号"})
    lists.enter(ListKind.BLACK)
    assert dialogs[-1].saved_id is not None and lists.view.model.rowCount() == count + 1
    lists.view.select_id(dialogs[-1].saved_id)
    today = dt.date.today().isoformat()
    fill({"removal_reason": "整改到位", "removed_on": today})
    lists.remove()
    assert not any("请先选中" in t for t in answers.texts())
    entry = lists.view.model.row(lists.view.model.row_of_id(dialogs[-1].saved_id))
    assert entry.values[6] == today and entry.values[7] == "整改到位" and entry.tone == "muted"
    shown: list[Any] = []
    monkeypatch.setattr(pdf_preview.PdfPreviewDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    lists.preview(ListKind.BLACK)
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert "黑名单（公示）" in shown[0].windowTitle()


def test_a_leader_may_look_but_not_change(leader_window: MainWindow, qtbot: QtBot) -> None:
    page = leader_window.supervision
    leader_window.go("supervision:patrol")
    for button in (
        page.patrol.make_button,
        page.risk.grade_button,
        page.risk.override_button,
        page.funds.snapshot_button,
        page.funds.import_button,
        page.lists.black_button,
        page.lists.remove_button,
    ):
        assert not button.isEnabled() and "领导" in button.toolTip()
    assert not page.disposal.add_action.isEnabled() and not page.lists.view.add_action.isEnabled()
