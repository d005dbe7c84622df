"""转型注销: the conversion and deregistration ledger, with the reduction count and rate derived from it (and the
definition beside the figures, so nobody has to ask how they were counted: an institution converted and later
deregistered is named as counted once)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from shuangjian_desktop.domain.reduction import ReductionFigures
from shuangjian_desktop.services.registers import Register
from shuangjian_desktop.services.status_changes.reduction import DEFINITION
from shuangjian_desktop.ui.register_view import RegisterView


class ChangesPage(QWidget):
    def __init__(
        self,
        register: Register,
        user: str,
        figures: Callable[[], tuple[dt.date, ReductionFigures]],
        ui_state: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._figures = figures
        self.view = RegisterView(register, user, ui_state)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(
            "background: #f3f6fa; border: 1px solid #c8d3e0; border-radius: 4px;"
            " padding: 8px 12px; margin: 6px 8px 0 8px;"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.view)
        self.view.changed.connect(self.reload_figures)

    def reload_figures(self) -> None:
        baseline, f = self._figures()
        both = f"（{f.explanation()}）" if f.both else ""
        self.summary.setText(
            f"<b>压减情况（截至{dt.date.today().isoformat()}）</b>：基数 {f.baseline} 家"
            f"（{baseline.isoformat()} 的营利性学科类机构）；学改非 {f.to_non_subject} 家，注销 {f.deregistered} 家，"
            f"压减数 <b>{f.reduction_count}</b> 家{both}，压减率 <b>{f.rate_label()}</b>；"
            f"另有营转非 {f.to_non_profit} 家（不计入压减）。<br><span style='color:#555'>{DEFINITION}</span>"
        )

    def reload(self) -> None:
        self.view.reload()
        self.reload_figures()
