"""包保台账: the five kinds of responsibility, by person or by target; the coverage check (a summary by kind of gap
and a list paged out of SQL, however many gaps; printable as a PDF); batch printing of responsibility letters for
the people selected."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop.services.assignments.coverage import Gap
from shuangjian_desktop.services.assignments.register import AssignmentRegister
from shuangjian_desktop.ui.background import Loader
from shuangjian_desktop.ui.look import icon
from shuangjian_desktop.ui.ops import run_op
from shuangjian_desktop.ui.paged_list import EmptyList, PagedList, PagedListModel
from shuangjian_desktop.ui.preview_files import preview_path
from shuangjian_desktop.ui.register_view import RegisterView


class AssignmentsPage(QWidget):
    def __init__(
        self,
        register: AssignmentRegister,
        user: str,
        gaps: Callable[[], PagedList[Gap]],
        print_letters: Callable[[list[int], Path], int],
        person_ids: Callable[[list[int]], list[int]],
        ui_state: QSettings | None = None,
        parent: QWidget | None = None,
        print_coverage: Callable[[Path], int] | None = None,
    ) -> None:
        super().__init__(parent)
        self._print_coverage = print_coverage
        self._print_letters = print_letters
        self._person_ids = person_ids
        self.view = RegisterView(register, user, ui_state)
        by_person = QPushButton(icon("fa5s.user"), "按责任人查看")
        by_person.clicked.connect(lambda: self._sort_by("person"))
        by_target = QPushButton(icon("fa5s.building"), "按包保对象查看")
        by_target.clicked.connect(lambda: self._sort_by("target"))
        self.letters_button = QPushButton(icon("fa5s.file-signature"), "打印选中人员的责任书…")
        self.letters_button.clicked.connect(self.print_selected_letters)
        bar = QHBoxLayout()
        bar.addWidget(by_person)
        bar.addWidget(by_target)
        bar.addStretch(1)
        bar.addWidget(self.letters_button)

        self.gap_title = QLabel()
        self.gap_title.setStyleSheet("font-weight: bold;")
        self.gap_summary = QLabel()
        self.gap_summary.setObjectName("gapSummary")
        self.gap_summary.setWordWrap(True)
        self.gap_summary.setStyleSheet("#gapSummary { color: #7a5b00; }")
        refresh = QPushButton(icon("fa5s.sync"), "重新检查")
        refresh.clicked.connect(self.reload_gaps)
        self.print_gaps_button = QPushButton(icon("fa5s.print"), "打印检查表…")
        self.print_gaps_button.setToolTip("把汇总和全部缺口生成 PDF，预览后打印")
        self.print_gaps_button.clicked.connect(self.print_gaps)
        self.print_gaps_button.setVisible(print_coverage is not None)
        self._gaps = gaps
        self.gap_loader = Loader(self)
        self.gap_model = PagedListModel(
            EmptyList(), ["问题", "对象", "说明"], lambda g: (g.title, g.subject, g.detail), None, self
        )
        self.gap_table = QTableView()
        self.gap_table.setModel(self.gap_model)
        self.gap_table.verticalHeader().setVisible(False)
        self.gap_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.gap_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.gap_table.setWordWrap(False)
        self.gap_table.setColumnWidth(0, 150)
        self.gap_table.setColumnWidth(1, 260)
        self.gap_table.horizontalHeader().setStretchLastSection(True)
        self.gap_table.doubleClicked.connect(lambda index: self.find_gap(index.row()))
        gap_box = QWidget()
        gap_layout = QVBoxLayout(gap_box)
        gap_layout.setContentsMargins(8, 0, 8, 4)
        top = QHBoxLayout()
        top.addWidget(self.gap_title)
        top.addWidget(self.gap_summary, 1)
        top.addWidget(refresh)
        top.addWidget(self.print_gaps_button)
        gap_layout.addLayout(top)
        gap_layout.addWidget(self.gap_table)

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.view)
        upper_layout.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(gap_box)
        splitter.setSizes([520, 220])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.addWidget(splitter)
        self.view.changed.connect(self.reload_gaps)

    def _sort_by(self, key: str) -> None:
        column = [c.key for c in self.view.register.columns].index(key)
        self.view.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)

    def reload(self) -> None:
        self.view.reload()
        self.reload_gaps()

    def reload_gaps(self) -> None:
        """Counted and read off the GUI thread: the page shows at once, the gaps when they are counted."""
        self.gap_title.setText("覆盖检查：正在检查…")
        self.gap_summary.clear()

        def read() -> tuple[PagedList[Gap], list[Gap], list[tuple[str, int]]]:
            gaps, first = PagedListModel.prepare(self._gaps())
            summary = gaps.summary() if hasattr(gaps, "summary") else []
            return gaps, first, summary

        self.gap_loader.start(read, self._show_gaps)

    def _show_gaps(self, read: tuple[PagedList[Gap], list[Gap], list[tuple[str, int]]]) -> None:
        gaps, first, summary = read
        self.gap_model.show(gaps, first)
        total = self.gap_model.rowCount()
        self.gap_title.setText(f"覆盖检查：发现 {total} 处缺口" if total else "覆盖检查：四包责任已全覆盖")
        self.summary = summary
        shown = [f"{kind} {count}" for kind, count in summary if count]
        self.gap_summary.setText("其中 " + "，".join(shown) if shown else "")

    def print_gaps(self) -> None:
        if self._print_coverage is None:
            return
        path = preview_path("四包责任覆盖检查表.pdf")
        run_op(
            self,
            "生成覆盖检查表",
            lambda _p: self._print_coverage(path),  # type: ignore[misc]
            lambda count: self._show(path, count, "四包责任覆盖检查表"),
        )

    def find_gap(self, row: int) -> None:
        """Show the ledger rows of a gap's subject (an institution, a person, a school)."""
        gap = self.gap_model.item(row)
        if gap is not None:
            self.view.search.setText(gap.subject)
            self.view.reload()

    def print_selected_letters(self) -> None:
        ids = [i for i in (self.view.model.row_id(r) for r in self.view.selected_rows()) if i is not None]
        people = self._person_ids(ids)
        if not people:
            QMessageBox.information(
                self, "打印责任书", "请先在列表中选中一名或多名责任人的包保记录（可按住 Ctrl 多选）。"
            )
            return
        path = preview_path("双减工作责任书.pdf")
        run_op(
            self,
            "生成责任书",
            lambda _p: self._print_letters(people, path),
            lambda count: self._show(path, count, f"责任书（{count}份）"),
        )

    def _show(self, path: Path, count: int, title: str) -> None:
        from shuangjian_desktop.ui.pdf_preview import PdfPreviewDialog

        dialog = PdfPreviewDialog(path, title, self)
        self.last_preview = dialog
        dialog.exec()
