"""A search or filter with many matches shows its first page at once and counts the matches off the GUI thread;
the rows arrive when the count does, and the model stays consistent throughout (qtmodeltester)."""

from __future__ import annotations

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from shuangjian_desktop.services.base import listing
from shuangjian_desktop.services.registers import Query
from shuangjian_desktop.ui.main_window import MainWindow


def test_many_matches_are_shown_first_and_counted_in_the_background(
    window: MainWindow, qtbot: QtBot, qtmodeltester: ModelTester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "ALWAYS_COLLECT", 0)  # the demo's audit trail is small: call every match "many"
    monkeypatch.setattr(listing, "COMMON_SHARE", 10**9)
    window.open_audit()
    view = window.last_audit
    model = view.model
    qtmodeltester.check(model)
    view.search.setText("演示")
    view._timer.stop()  # search now rather than after the typing pause
    view.reload()
    assert model.counting and model.rowCount() == 200  # the first page, before the count
    assert "正在统计" in view.count_label.text()
    first = model.data(model.index(0, 4))
    with qtbot.waitSignal(model.counted, timeout=20_000) as arrived:
        pass
    total = view.register.count(Query(text="演示", sort="at", descending=True))
    assert arrived.args == [total] and model.rowCount() == total > 200 and not model.counting
    assert f"共 {total} 条" == view.count_label.text()
    assert model.data(model.index(0, 4)) == first and model.data(model.index(total - 1, 4))
    qtmodeltester.check(model)
