"""监管 > 巡查计划: a month's patrol plan — made from the risk grades and listed inspectors, done versus planned per
inspector (above) and per institution with its suggested days (below), narrowed to one inspector by selecting
them, or to what was not visited; exported as the patrol report. Lists are paged out of SQL and read off the GUI
thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop.services.patrol.lists import InspectorLine, TargetLine
from shuangjian_desktop.services.supervision import Supervision
from shuangjian_desktop.ui.background import Loader
from shuangjian_desktop.ui.file_dialogs import XLSX, save_file
from shuangjian_desktop.ui.look import icon
from shuangjian_desktop.ui.ops import run_op
from shuangjian_desktop.ui.paged_list import EmptyList, PagedList, PagedListModel
from shuangjian_desktop.ui.supervision_widgets import allow, month_box, read_only_table

TONES = {"danger": ("#a4262c", "#fde7e9"), "warning": (None, "#fff4ce"), "": (None, None)}


class PatrolTab(QWidget):
    def __init__(
        self, desk: Supervision, user: str, ui_state: QSettings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.user = user
        self.ui_state = ui_state
        self.plan_id: int | None = None
        self.inspector: int | None = None
        self.month = month_box()
        self.month.currentIndexChanged.connect(lambda _i: self.reload())
        self.make_button = QPushButton(icon("fa5s.calendar-check"), "制定本月计划")
        self.make_button.clicked.connect(self.make_plan)
        self.export_button = QPushButton(icon("fa5s.file-excel"), "导出巡查表…")
        self.export_button.clicked.connect(self.export)
        refresh = QPushButton(icon("fa5s.sync"), "刷新")
        refresh.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(QLabel("月份"))
        top.addWidget(self.month)
        top.addWidget(self.make_button)
        top.addWidget(self.export_button)
        top.addStretch(1)
        top.addWidget(refresh)
        self.summary = QLabel("正在统计…")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold; color: #1f3864; padding: 4px 0;")
        self.made = QLabel()
        self.made.setWordWrap(True)
        self.made.setStyleSheet("color: #555555;")

        self.loader = Loader(self)
        self.target_loader = Loader(self)
        self.inspector_model = PagedListModel(
            EmptyList(),
            ["责任督学", "挂牌机构", "应巡", "已巡", "完成", "完成率", "重点时段应巡", "重点时段已巡", "未巡机构"],
            lambda ln: (
                ln.name,
                str(ln.institutions),
                str(ln.planned),
                str(ln.done),
                str(ln.completed),
                ln.rate,
                str(ln.planned_key),
                str(ln.done_key),
                str(ln.not_visited),
            ),
            lambda ln, _c: TONES["danger" if ln.not_visited and ln.completed == 0 else ""],
            self,
        )
        self.inspectors = read_only_table(self.inspector_model, (120, 70, 60, 60, 60, 70, 100, 100))
        self.inspectors.selectionModel().currentRowChanged.connect(lambda current, _p: self._pick(current.row()))
        self.target_model = PagedListModel(
            EmptyList(),
            ["机构名称", "风险等级", "责任督学", "应巡", "已巡", "重点时段应巡", "重点时段已巡", "建议巡查日期"],
            lambda t: (
                t.institution,
                t.grade,
                t.inspector,
                str(t.planned),
                str(t.done),
                str(t.planned_key),
                str(t.done_key),
                t.days,
            ),
            lambda t, _c: TONES[t.tone],
            self,
        )
        self.targets = read_only_table(self.target_model, (260, 70, 90, 50, 50, 90, 90))
        self.missing = QComboBox()
        for label, value in (("全部机构", ""), ("本月尚未巡查的", "all"), ("重点时段巡查未完成的", "key")):
            self.missing.addItem(label, value)
        self.missing.currentIndexChanged.connect(lambda _i: self.reload_targets())
        self.all_button = QPushButton("显示全部督学的机构")
        self.all_button.clicked.connect(self.show_all)
        self.target_title = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(self.target_title, 1)
        filters.addWidget(self.missing)
        filters.addWidget(self.all_button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(filters)
        lower_layout.addWidget(self.targets)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.inspectors)
        splitter.addWidget(lower)
        splitter.setSizes([220, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.made)
        layout.addWidget(splitter, 1)

    def set_may_edit(self, allowed: bool, why: str) -> None:
        allow([self.make_button], allowed, why)

    def chosen_month(self) -> tuple[int, int]:
        year, month = self.month.currentData()
        return int(year), int(month)

    # loading ------------------------------------------------------------------------------------------------------
    def reload(self) -> None:
        year, month = self.chosen_month()
        self.summary.setText("正在统计…")
        self.inspector = None

        def read() -> tuple[int | None, object, str, tuple[PagedList[InspectorLine], list[InspectorLine]]]:
            plan_id = self.desk.plan_id(year, month)
            figures, how = self.desk.plan_summary(year, month)
            return plan_id, figures, how, PagedListModel.prepare(self.desk.inspector_lines(plan_id))

        self.loader.start(read, self._show)

    def _show(self, read: tuple[int | None, object, str, tuple[PagedList[InspectorLine], list[InspectorLine]]]) -> None:
        plan_id, figures, how, lines = read
        self.plan_id = plan_id
        label = self.month.currentText()
        self.make_button.setText(
            "重新制定…" if plan_id else "制定本月计划" if self.month.currentIndex() == 1 else "制定计划"
        )
        self.export_button.setEnabled(plan_id is not None)
        if figures is None:
            self.summary.setText(f"{label}尚未制定巡查计划。")
        else:
            self.summary.setText(figures.sentence(label))  # type: ignore[attr-defined]
        self.made.setText(how)
        self.inspector_model.show(*lines)
        self.reload_targets()

    def reload_targets(self) -> None:
        plan_id, inspector, missing = self.plan_id, self.inspector, self.missing.currentData() or ""
        self.target_title.setText("机构：正在读取…")
        self.target_loader.start(
            lambda: PagedListModel.prepare(self.desk.target_lines(plan_id, inspector, missing)), self._show_targets
        )

    def _show_targets(self, read: tuple[PagedList[TargetLine], list[TargetLine]]) -> None:
        self.target_model.show(*read)
        who = "全部责任督学" if self.inspector is None else "选中的责任督学"
        self.target_title.setText(f"机构（{who}，{self.target_model.rowCount()}家）")

    def _pick(self, row: int) -> None:
        line = self.inspector_model.item(row)
        if line is None:
            return
        self.inspector = line.person_id if line.person_id is not None else 0
        self.reload_targets()

    def show_all(self) -> None:
        self.inspector = None
        self.inspectors.clearSelection()
        self.reload_targets()

    # actions ------------------------------------------------------------------------------------------------------
    def make_plan(self) -> None:
        year, month = self.chosen_month()
        replace = self.plan_id is not None
        if replace:
            answer = QMessageBox.question(
                self,
                "重新制定巡查计划",
                f"{year}年{month}月的巡查计划已经制定。按现在的风险等级和挂牌督学重新制定吗？\n"
                "已做的检查不受影响，完成情况按新计划重新统计；重新制定会记入操作日志。",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        run_op(
            self,
            "制定巡查计划",
            lambda p: self.desk.make_plan(year, month, self.user, replace=replace, progress=p.report),
            lambda made: self._made(made.summary()),
        )

    def _made(self, text: str) -> None:
        self.reload()
        QMessageBox.information(self, "巡查计划", text)

    def export(self) -> None:
        year, month = self.chosen_month()
        path = save_file(self, "导出巡查表", "export", f"巡查计划{year}-{month:02d}.xlsx", XLSX, self.ui_state)
        if path is None:
            return
        run_op(
            self,
            "导出巡查表",
            lambda _p: self.desk.export_patrol(year, month, Path(path), self.user),
            lambda rows: QMessageBox.information(self, "导出完成", f"已导出巡查表（{rows}行）：{path}"),
        )
