"""监管 > 资金监管: the supervision accounts (bank, account number, minimum balance, latest balance, below the minimum
or a large movement), the selected account's balances over time, a balance entered by hand or a bank's balance
sheet imported (the import wizard, ledger 资金监管余额)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QSplitter, QVBoxLayout, QWidget

from shuangjian_desktop.services.funds.accounts import SNAPSHOT_FIELDS
from shuangjian_desktop.services.supervision import Supervision
from shuangjian_desktop.ui.look import icon
from shuangjian_desktop.ui.paged_list import PagedListModel
from shuangjian_desktop.ui.register_view import RegisterView
from shuangjian_desktop.ui.supervision_widgets import FixedList, allow, ask_form, read_only_table

SNAPSHOT_HEADERS = ["余额日期", "账户余额（元）", "较上次变动（元）", "本期收入（元）", "本期支出（元）", "来源"]


class FundsTab(QWidget):
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
        self._open_import = open_import
        self.view = RegisterView(desk.accounts, user, ui_state)
        self.snapshot_button = QPushButton(icon("fa5s.pen"), "录入余额…")
        self.snapshot_button.clicked.connect(self.add_snapshot)
        self.import_button = QPushButton(icon("fa5s.file-import"), "导入银行余额表…")
        self.import_button.clicked.connect(lambda: self._open_import("fund_snapshots"))
        note = QLabel("账户余额低于最低余额、或两次余额相差达到大额异动金额时，首页提醒；金额在“工具 > 设置”中调整。")
        note.setStyleSheet("color: #555555;")
        bar = QHBoxLayout()
        bar.addWidget(self.snapshot_button)
        bar.addWidget(self.import_button)
        bar.addWidget(note, 1)
        self.history_title = QLabel("选中账户的余额记录")
        self.history_title.setStyleSheet("font-weight: bold;")
        self.history = PagedListModel(FixedList(), SNAPSHOT_HEADERS, lambda row: row, None, self)
        history_table = read_only_table(self.history, (90, 120, 120, 110, 110))
        upper = QWidget()
        column = QVBoxLayout(upper)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        column.addWidget(self.view)
        lower = QWidget()
        lower_column = QVBoxLayout(lower)
        lower_column.setContentsMargins(8, 0, 8, 0)
        lower_column.addWidget(self.history_title)
        lower_column.addWidget(history_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setSizes([460, 220])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(splitter)
        self.view.current_changed.connect(self.show_history)

    def set_may_edit(self, allowed: bool, why: str, may_import: bool) -> None:
        self.view.set_may_edit(allowed, why)
        allow([self.snapshot_button], allowed, why)
        allow([self.import_button], may_import, why)

    def reload(self) -> None:
        self.view.reload()

    def show_history(self, account_id: int | None) -> None:
        rows = self.desk.accounts.snapshots(account_id) if account_id is not None else []
        self.history.show(FixedList(rows), rows)
        self.history_title.setText(
            f"选中账户的余额记录（{len(rows)}条，新的在上）" if account_id else "选中账户的余额记录"
        )

    def add_snapshot(self) -> None:
        account_id = self.view.current_id()
        if account_id is None:
            QMessageBox.information(self, "录入余额", "请先在列表中选中一个监管账户。")
            return
        dialog = ask_form(
            self,
            "录入监管账户余额",
            SNAPSHOT_FIELDS,
            {},
            lambda raw: self.desk.accounts.add_snapshot(account_id, raw, self.user),
        )
        if dialog.saved_id is not None:
            self.view.reload()
            self.view.select_id(account_id)
            self.show_history(account_id)
            self.view.changed.emit()
