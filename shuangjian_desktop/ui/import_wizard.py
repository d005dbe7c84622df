"""The import wizard: choose the ledger and the file, see how the columns were understood and which rows are bad
(and why), then import all rows or none. Reading, checking and writing run off the GUI thread and can be
cancelled."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from shuangjian_desktop.services.importing import ImportPreview, ImportRejected, ImportReport, ImportService
from shuangjian_desktop.services.ledgers import LEDGERS
from shuangjian_desktop.ui.ops import Progress, run_op

PREVIEW_ROWS = 500
BAD = QColor("#fde7e9")


class ChoosePage(QWizardPage):
    def __init__(self, save_template: Callable[[str, Path], object]) -> None:
        super().__init__()
        self.setTitle("第一步：选择台账和表格")
        self.setSubTitle("支持 .xlsx 表格；标题行、合并的标题单元格、全角空格、文本格式的数字和日期都会自动处理。")
        self._save_template = save_template
        self.ledger = QComboBox()
        for name, spec in LEDGERS.items():
            self.ledger.addItem(spec.title, name)
        self.path = QLineEdit()
        self.path.setPlaceholderText("选择要导入的 Excel 表格（.xlsx）")
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        template = QPushButton("下载此台账的导入模板…")
        template.clicked.connect(self._template)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("台账", self.ledger)
        form.addRow("表格文件", row)
        form.addRow("", template)
        self.path.textChanged.connect(lambda _t: self.completeChanged.emit())

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择表格", "", "Excel 表格 (*.xlsx)")
        if path:
            self.path.setText(path)

    def _template(self) -> None:
        name = self.ledger.currentData()
        path, _ = QFileDialog.getSaveFileName(
            self, "保存导入模板", f"{LEDGERS[name].title}导入模板.xlsx", "Excel 表格 (*.xlsx)"
        )
        if path:
            self._save_template(name, Path(path))

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:
        if not Path(self.path.text().strip()).is_file():
            QMessageBox.warning(self, "找不到文件", f"找不到文件“{self.path.text().strip()}”。")
            return False
        return True


class CheckPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("第二步：检查结果")
        self.setSubTitle("核对列的对应关系；有问题的行标为红色，鼠标停在行上可看原因。")
        self.preview: ImportPreview | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.mapping = QTableWidget(0, 2)
        self.mapping.setHorizontalHeaderLabels(["表格中的列", "对应的台账字段"])
        self.mapping.verticalHeader().setVisible(False)
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.rows = QTableWidget(0, 0)
        self.rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems = QTableWidget(0, 2)
        self.problems.setHorizontalHeaderLabels(["行号", "问题"])
        self.problems.verticalHeader().setVisible(False)
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.problems.horizontalHeader().setStretchLastSection(True)
        self.problems.cellClicked.connect(self._jump)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.mapping)
        left.addWidget(self.problems)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.rows)
        splitter.setSizes([330, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        self._row_index: dict[int, int] = {}

    def show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        report, table = preview.report, preview.table
        self.mapping.setRowCount(len(report.mapping))
        for row, column in enumerate(report.mapping):
            self.mapping.setItem(row, 0, QTableWidgetItem(f"第{column.column}列 {column.header}"))
            item = QTableWidgetItem(column.field_label or "（未使用）")
            if column.field_label is None:
                item.setForeground(QBrush(QColor("#8a8a8a")))
            self.mapping.setItem(row, 1, item)
        problems = preview.problems_by_row()
        shown = [r for r in table.rows[:PREVIEW_ROWS]]
        shown += [r for r in table.rows[PREVIEW_ROWS:] if r[0] in problems]
        self.rows.clear()
        self.rows.setColumnCount(len(table.headers))
        self.rows.setHorizontalHeaderLabels([h or f"第{i + 1}列" for i, h in enumerate(table.headers)])
        self.rows.setRowCount(len(shown))
        self._row_index = {}
        for index, (number, cells) in enumerate(shown):
            self._row_index[number] = index
            self.rows.setVerticalHeaderItem(index, QTableWidgetItem(f"第{number}行"))
            reasons = problems.get(number)
            for column, value in enumerate(cells):
                item = QTableWidgetItem("" if value is None else str(value))
                if reasons:
                    item.setBackground(QBrush(BAD))
                    item.setToolTip("\n".join(reasons))
                self.rows.setItem(index, column, item)
        listed = [(row, reason) for row, reasons in sorted(problems.items()) for reason in reasons]
        self.problems.setRowCount(len(listed))
        for index, (row, reason) in enumerate(listed):
            self.problems.setItem(index, 0, QTableWidgetItem(f"第{row}行" if row else "—"))
            self.problems.setItem(index, 1, QTableWidgetItem(reason))
        if preview.rejected:
            self.summary.setText(
                f"<b style='color:#a4262c'>{len(report.bad_rows)} 行有问题，不能导入。</b>"
                f" 共读取 {report.rows} 行（工作表“{report.sheet}”，表头在第{report.header_row}行）。"
                "请按左下方列表修改表格后，点“上一步”重新选择文件。"
            )
        else:
            self.summary.setText(
                f"<b style='color:#107c10'>全部 {report.rows} 行检查通过。</b>"
                f" 将新增 {report.inserted} 条、更新 {report.updated} 条"
                f"（工作表“{report.sheet}”，表头在第{report.header_row}行）。点“导入”写入数据库。"
            )
        self.completeChanged.emit()

    def _jump(self, row: int, _column: int) -> None:
        item = self.problems.item(row, 0)
        if item is None:
            return
        number = int(item.text().strip("第行")) if item.text().startswith("第") else 0
        if number in self._row_index:
            self.rows.selectRow(self._row_index[number])

    def isComplete(self) -> bool:
        return self.preview is not None and not self.preview.rejected


class ImportWizard(QWizard):
    def __init__(
        self,
        service: ImportService,
        user: str,
        save_template: Callable[[str, Path], object],
        on_imported: Callable[[ImportReport], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.user = user
        self.on_imported = on_imported
        self.setWindowTitle("导入台账")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.choose = ChoosePage(save_template)
        self.check = CheckPage()
        self.addPage(self.choose)
        self.addPage(self.check)
        for button, text in (
            (QWizard.WizardButton.BackButton, "上一步"),
            (QWizard.WizardButton.NextButton, "检查"),
            (QWizard.WizardButton.FinishButton, "导入"),
            (QWizard.WizardButton.CancelButton, "取消"),
        ):
            self.setButtonText(button, text)
        self.currentIdChanged.connect(self._entered)
        self.report: ImportReport | None = None
        self.resize(1100, 700)

    def ledger(self) -> str:
        return self.choose.ledger.currentData()

    def path(self) -> Path:
        return Path(self.choose.path.text().strip())

    def _entered(self, page_id: int) -> None:
        if self.page(page_id) is not self.check:
            return
        self.check.preview = None
        self.check.summary.setText("正在读取和检查表格……")
        self.check.completeChanged.emit()
        ledger, path = self.ledger(), self.path()

        def work(progress: Progress) -> ImportPreview:
            return self.service.preview(
                ledger, path, user=self.user, progress=progress.report, cancelled=progress.cancelled
            )

        def failed(error: BaseException) -> bool:
            self.check.summary.setText(f"<b style='color:#a4262c'>无法读取：{error}</b>")
            return False

        run_op(self, "检查表格", work, self.check.show_preview, failed)

    def accept(self) -> None:
        ledger, path = self.ledger(), self.path()

        def work(progress: Progress) -> ImportReport:
            return self.service.run(
                ledger, path, user=self.user, progress=progress.report, cancelled=progress.cancelled
            )

        def done(report: ImportReport) -> None:
            self.report = report
            self.on_imported(report)
            QMessageBox.information(self, "导入完成", report.summary())
            super(ImportWizard, self).accept()

        def failed(error: BaseException) -> bool:
            if isinstance(error, ImportRejected):
                QMessageBox.warning(self, "导入被拒绝", str(error)[:2000])
                return True
            return False

        run_op(self, "导入", work, done, failed)
