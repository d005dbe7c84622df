"""报表与导出: whole ledgers to Excel and the import templates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop.services.ledgers import LEDGERS
from shuangjian_desktop.ui.look import icon
from shuangjian_desktop.ui.ops import run_op


class ReportsPage(QWidget):
    """Whole ledgers to Excel (for the city, for archives), and the import templates."""

    def __init__(
        self,
        export: Callable[[str, Path], int],
        save_template: Callable[[str, Path], object],
        open_import: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
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
        importing = QPushButton(icon("fa5s.file-import"), "导入台账…")
        importing.clicked.connect(open_import)
        title = QLabel("报表与导出")
        title.setStyleSheet("font-size: 16pt; font-weight: bold; color: #1f3864;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(exports)
        layout.addWidget(templates)
        layout.addWidget(importing)
        layout.addStretch(1)

    def export(self, name: str) -> None:
        title = LEDGERS[name].title
        path, _ = QFileDialog.getSaveFileName(self, f"导出{title}", f"{title}.xlsx", "Excel 表格 (*.xlsx)")
        if path:
            run_op(
                self,
                f"导出{title}",
                lambda _p: self._export(name, Path(path)),
                lambda rows: QMessageBox.information(self, "导出完成", f"已导出{title} {rows} 条：{path}"),
            )

    def template(self, name: str) -> None:
        title = LEDGERS[name].title
        path, _ = QFileDialog.getSaveFileName(self, "保存导入模板", f"{title}导入模板.xlsx", "Excel 表格 (*.xlsx)")
        if path:
            self._save_template(name, Path(path))
            QMessageBox.information(self, "已保存", f"已保存{title}导入模板：{path}")
