"""监管: supervision beyond the ledgers, one tab each — 巡查计划 (the monthly patrol plan and how far it is done),
风险分级 (grades computed from the ledgers, their reasons and history), 处置方案 (一机构一方案 for C and D), 资金监管
(supervision accounts and balances), 预收费检查 (charges against 3 months / 60 lessons), 公示名单 (white and black
lists). The home page's supervision items open the tab they concern ("supervision:risk" ...)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from shuangjian_desktop.services.supervision import Supervision
from shuangjian_desktop.ui.funds_tab import FundsTab
from shuangjian_desktop.ui.lists_tab import ListsTab
from shuangjian_desktop.ui.patrol_tab import PatrolTab
from shuangjian_desktop.ui.register_view import RegisterView
from shuangjian_desktop.ui.risk_tab import RiskTab
from shuangjian_desktop.ui.supervision_widgets import ask_form

TABS = ("patrol", "risk", "disposal", "funds", "charges", "lists")


class SupervisionPage(QWidget):
    def __init__(
        self,
        desk: Supervision,
        user: str,
        open_import: Callable[[str], object],
        ui_state: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.user = user
        self.patrol = PatrolTab(desk, user, ui_state)
        self.risk = RiskTab(desk, user, self.open_disposal, ui_state)
        self.disposal = RegisterView(desk.disposal, user, ui_state)
        self.funds = FundsTab(desk, user, open_import, ui_state)
        self.charges = RegisterView(desk.charges, user, ui_state)
        self.lists = ListsTab(desk, user, ui_state)
        self.tabs = QTabWidget()
        for widget, label in (
            (self.patrol, "巡查计划"),
            (self.risk, "风险分级"),
            (self.disposal, "处置方案"),
            (self.funds, "资金监管"),
            (self.charges, "预收费检查"),
            (self.lists, "公示名单"),
        ):
            self.tabs.addTab(widget, label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def views(self) -> list[RegisterView]:
        return [self.risk.view, self.disposal, self.funds.view, self.charges, self.lists.view]

    def current_view(self) -> RegisterView | None:
        return {
            1: self.risk.view,
            2: self.disposal,
            3: self.funds.view,
            4: self.charges,
            5: self.lists.view,
        }.get(self.tabs.currentIndex())

    def show_tab(self, key: str) -> None:
        if key in TABS:
            self.tabs.setCurrentIndex(TABS.index(key))

    def set_permissions(self, may_edit: bool, may_import: bool, why: str) -> None:
        self.patrol.set_may_edit(may_edit, why)
        self.risk.set_may_edit(may_edit, why)
        self.disposal.set_may_edit(may_edit, why)
        self.funds.set_may_edit(may_edit, why, may_import)
        self.charges.set_may_edit(may_edit, why)
        self.lists.set_may_edit(may_edit, why)

    def reload(self) -> None:
        """Read what the tabs show besides their lists (the lists read themselves when shown)."""
        self.patrol.reload()
        self.risk.reload()

    def open_disposal(self, institution_name: str) -> None:
        """A new disposal case file for an institution (from the risk list)."""
        register = self.desk.disposal
        self.show_tab("disposal")
        dialog = ask_form(
            self,
            "新增 — 处置方案（一机构一方案）",
            register.form(),
            register.blank(institution_name),
            lambda raw: register.save(None, raw, self.user),
        )
        if dialog.saved_id is not None:
            self.disposal.reload()
            self.disposal.select_id(dialog.saved_id)
            self.disposal.changed.emit()
