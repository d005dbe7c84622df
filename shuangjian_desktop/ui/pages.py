"""报表与导出: whole ledgers to Excel and the import templates; the month of a return picked with a month picker,
a report's period with calendar date pickers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop.services.ledgers import LEDGERS
from shuangjian_desktop.ui.dates import MonthEdit, date_edit, from_qdate
from shuangjian_desktop.ui.file_dialogs import XLSX, open_files, save_file
from shuangjian_desktop.ui.look import icon
from shuangjian_desktop.ui.ops import run_op
from shuangjian_desktop.ui.preview_files import preview_path


class ReportsPage(QWidget):
    """Whole ledgers to Excel (for the city, for archives), and the import templates."""

    def __init__(
        self,
        export: Callable[[str, Path], int],
        save_template: Callable[[str, Path], object],
        open_import: Callable[[], None],
        monthly: Callable[[str, Path], object],
        merge: Callable[[list[Path], Path], Any],
        report: Callable[[dt.date, dt.date, Path], object],
        figures: Callable[[str], list[tuple[str, str, str]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._monthly = monthly
        self._figures = figures
        self._report = report
        self._merge = merge
        self._export = export
        self._save_template = save_template
        exports = QGroupBox("导出整本台账（.xlsx，身份证号打码，保密来电人不导出）")
        grid = QGridLayout(exports)
        templates = QGroupBox("导入模板（红色列必填，含下拉选项和填写说明）")
        template_grid = QGridLayout(templates)
        for i, (name, spec) in enumerate(LEDGERS.items()):
            button = QPushButton(icon("fa5s.file-excel"), f"导出{spec.title}…")
            button.clicked.connect(lambda _c=False, n=name: self.export(n))
            grid.addWidget(button, i // 3, i % 3)
            template = QPushButton(icon("fa5s.file-download"), f"{spec.title}模板…")
            template.clicked.connect(lambda _c=False, n=name: self.template(n))
            template_grid.addWidget(template, i // 3, i % 3)
        returns = QGroupBox("月报（报市局）")
        returns_row = QGridLayout(returns)
        self.month = MonthEdit(dt.date.today().replace(day=1) - dt.timedelta(days=1))
        self.month.setToolTip("月报的月份：点右边的箭头在日历中选择，或用上下键逐月调整")
        monthly = QPushButton(icon("fa5s.table"), "导出月报…")
        monthly.clicked.connect(self.export_monthly)
        merging = QPushButton(icon("fa5s.layer-group"), "汇总各县月报…")
        merging.clicked.connect(self.merge)
        returns_row.addWidget(QLabel("月份"), 0, 0)
        returns_row.addWidget(self.month, 0, 1)
        returns_row.addWidget(monthly, 0, 2)
        returns_row.addWidget(merging, 0, 3)
        preview = QPushButton(icon("fa5s.eye"), "预览本月数据")
        preview.clicked.connect(self.preview_monthly)
        returns_row.addWidget(preview, 0, 4)
        self.figures = QTableWidget(0, 3)
        self.figures.setHorizontalHeaderLabels(["表", "指标", "数值"])
        self.figures.verticalHeader().setVisible(False)
        self.figures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.figures.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.figures.horizontalHeader().setStretchLastSection(True)
        self.figures.setVisible(False)
        returns_row.addWidget(self.figures, 1, 0, 1, 5)
        report = QGroupBox("督导报告（报局领导）")
        report_row = QGridLayout(report)
        today = dt.date.today()
        self.report_from = date_edit(dt.date(today.year, ((today.month - 1) // 3) * 3 + 1, 1))
        self.report_to = date_edit(today)
        make = QPushButton(icon("fa5s.file-pdf"), "生成督导报告…")
        make.clicked.connect(self.make_report)
        report_row.addWidget(QLabel("自"), 0, 0)
        report_row.addWidget(self.report_from, 0, 1)
        report_row.addWidget(QLabel("至"), 0, 2)
        report_row.addWidget(self.report_to, 0, 3)
        report_row.addWidget(make, 0, 4)
        self.import_button = importing = QPushButton(icon("fa5s.file-import"), "导入台账…")
        importing.clicked.connect(open_import)
        title = QLabel("报表与导出")
        title.setStyleSheet("font-size: 16pt; font-weight: bold; color: #1f3864;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(returns)
        layout.addWidget(report)
        layout.addWidget(exports)
        layout.addWidget(templates)
        layout.addWidget(importing)
        layout.addStretch(1)

    def export_monthly(self) -> None:
        month = self.month.month()
        path = save_file(self, "导出月报", "export", f"月报{month}.xlsx", XLSX)
        if path:
            run_op(
                self,
                "导出月报",
                lambda _p: self._monthly(month, Path(path)),
                lambda r: QMessageBox.information(
                    self,
                    "导出完成",
                    f"已导出{month}月报：{path}" + (f"\n\n注意：{r.warning}" if getattr(r, "warning", "") else ""),
                ),
            )

    def preview_monthly(self) -> None:
        """The month's figures as they will stand in the return, before exporting it."""
        month = self.month.month()
        run_op(self, "统计月报", lambda _p: self._figures(month), self._show_figures)

    def _show_figures(self, rows: list[tuple[str, str, str]]) -> None:
        self.figures.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.figures.setItem(r, c, item)
        self.figures.setVisible(True)

    def make_report(self) -> None:
        first, last = from_qdate(self.report_from.date()), from_qdate(self.report_to.date())
        if first > last:
            QMessageBox.warning(self, "督导报告", f"起始日期 {first} 晚于截止日期 {last}，请重新选择。")
            return
        path = preview_path("督导报告.pdf")

        def show(_result: object) -> None:
            from shuangjian_desktop.ui.pdf_preview import PdfPreviewDialog

            dialog = PdfPreviewDialog(path, "督导报告", self)
            self.last_preview = dialog
            dialog.exec()

        run_op(self, "生成督导报告", lambda _p: self._report(first, last, path), show)

    def merge(self) -> None:
        files = open_files(self, "选择各县月报", "returns", XLSX)
        if not files:
            return
        path = save_file(self, "保存汇总表", "export", "月报汇总.xlsx", XLSX)
        if path:
            run_op(
                self,
                "汇总月报",
                lambda _p: self._merge([Path(f) for f in files], Path(path)),
                lambda merged: QMessageBox.information(self, "汇总完成", merged.summary(Path(path))),
            )

    def export(self, name: str) -> None:
        title = LEDGERS[name].title
        path = save_file(self, f"导出{title}", "export", f"{title}.xlsx", XLSX)
        if path:
            run_op(
                self,
                f"导出{title}",
                lambda _p: self._export(name, Path(path)),
                lambda rows: QMessageBox.information(self, "导出完成", f"已导出{title} {rows} 条：{path}"),
            )

    def template(self, name: str) -> None:
        title = LEDGERS[name].title
        path = save_file(self, "保存导入模板", "export", f"{title}导入模板.xlsx", XLSX)
        if path:
            self._save_template(name, Path(path))
            QMessageBox.information(self, "已保存", f"已保存{title}导入模板：{path}")
