"""The import wizard: choose the ledger and the file, see how each column was understood (and change it: every
column has a drop-down of the ledger's fields and 不导入, with the reason for the program's choice), which rows are
bad and why, then import all rows or none. The file is read once; reading, re-checking after a change and writing
run off the GUI thread and can be cancelled. A mapping the clerk imported with is remembered for the next sheet
with the same headers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from shuangjian_desktop.services.base.mapping import HOW_GIVEN, ColumnMapping
from shuangjian_desktop.services.base.sheet import LedgerSpec
from shuangjian_desktop.services.importing import ImportPreview, ImportRejected, ImportReport, ImportService
from shuangjian_desktop.services.ledgers import LEDGERS
from shuangjian_desktop.ui.file_dialogs import SHEET_FILTER, open_file, save_file
from shuangjian_desktop.ui.import_models import ProblemsModel, RowsModel
from shuangjian_desktop.ui.ops import Progress, run_op

MAX_MAPPED_COLUMNS = 300


class ChoosePage(QWizardPage):
    def __init__(self, save_template: Callable[[str, Path], object], ui_state: QSettings | None) -> None:
        super().__init__()
        self.setTitle("第一步：选择台账和表格")
        self.setSubTitle(
            "支持 .xlsx、.xls、.et、.ods 和 .csv（UTF-8 或 GBK）；标题行、两行表头、合并单元格、合计行、"
            "全角数字、文本格式的数字和日期都会自动处理，列名不同也可在下一步指定。"
        )
        self._save_template = save_template
        self._ui_state = ui_state
        self.ledger = QComboBox()
        for name, spec in LEDGERS.items():
            self.ledger.addItem(spec.title, name)
        self.path = QLineEdit()
        self.path.setPlaceholderText("选择要导入的表格文件")
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
        path = open_file(self, "选择表格", "import", SHEET_FILTER, self._ui_state)
        if path:
            self.path.setText(str(path))

    def _template(self) -> None:
        name = self.ledger.currentData()
        path = save_file(
            self, "保存导入模板", "export", f"{LEDGERS[name].title}导入模板.xlsx", "Excel 表格 (*.xlsx)", self._ui_state
        )
        if path:
            self._save_template(name, path)

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
        self.setTitle("第二步：核对列的对应关系和检查结果")
        self.setSubTitle("每一列都可改为台账的其他字段或“不导入”，改后自动重新检查；有问题的行标为红色。")
        self.preview: ImportPreview | None = None
        self.spec: LedgerSpec | None = None
        self.on_mapping_changed: Callable[[], None] = lambda: None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color:#5a5a5a")
        self.mapping = QTableWidget(0, 3)
        self.mapping.setHorizontalHeaderLabels(["表格中的列", "导入到", "依据"])
        self.mapping.verticalHeader().setVisible(False)
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.mapping.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.combos: list[QComboBox] = []
        self.columns: list[ColumnMapping] = []
        self.remember = QCheckBox("记住这种表格的列对应关系（下次导入相同表头的表格时自动使用）")
        self.remember.setChecked(True)
        self.rows = QTableView()
        self.rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems = QTableView()
        self.problems.verticalHeader().setVisible(False)
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems.clicked.connect(self._jump)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.mapping)
        left.addWidget(self.problems)
        left.setSizes([420, 200])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.rows)
        splitter.setSizes([480, 620])
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.notes)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.remember)

    def show_mapping(self, spec: LedgerSpec, mapping: list[ColumnMapping]) -> None:
        """One row per column of the sheet, its drop-down set to the proposed field."""
        self.spec = spec
        self.columns = list(mapping[:MAX_MAPPED_COLUMNS])
        self.combos = []
        self.mapping.setRowCount(len(self.columns))
        for row, column in enumerate(self.columns):
            self.mapping.setItem(row, 0, QTableWidgetItem(f"第{column.column}列 {column.header}"))
            combo = QComboBox()
            combo.addItem("不导入", None)
            for f in spec.fields:
                combo.addItem(f.label + ("（必填）" if f.required_in_sheet else ""), f.key)
            combo.setCurrentIndex(max(combo.findData(column.field_key), 0))
            combo.currentIndexChanged.connect(lambda _i, r=row: self._changed(r))
            self.combos.append(combo)
            self.mapping.setCellWidget(row, 1, combo)
            self._show_reason(row, column)

    def _show_reason(self, row: int, column: ColumnMapping) -> None:
        text = "；".join(part for part in (column.how, column.note) if part)
        item = QTableWidgetItem(text)
        if column.field_key is None:
            item.setForeground(QBrush(QColor("#8a8a8a")))
        item.setToolTip(text)
        self.mapping.setItem(row, 2, item)

    def _changed(self, row: int) -> None:
        if self.spec is None:
            return
        key = self.combos[row].currentData()
        old = self.columns[row]
        label = self.spec.field(key).label if key else None
        self.columns[row] = ColumnMapping(old.column, old.header, key, label, HOW_GIVEN, "")
        self._show_reason(row, self.columns[row])
        self.on_mapping_changed()

    def chosen_mapping(self) -> list[ColumnMapping]:
        return list(self.columns)

    def show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        report = preview.report
        for row, column in enumerate(report.mapping[: len(self.columns)]):
            if column.note != self.columns[row].note and column.field_key == self.columns[row].field_key:
                self.columns[row] = column
                self._show_reason(row, column)
        self.rows.setModel(RowsModel(preview))
        self.problems.setModel(ProblemsModel(report))
        self.problems.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.problems.horizontalHeader().setStretchLastSection(True)
        self.notes.setText("\n".join(f"· {note}" for note in report.notes))
        self.notes.setVisible(bool(report.notes))
        where = f"工作表“{report.sheet}”，表头在第{report.header_row}行"
        if preview.rejected and report.rows == 0:
            self.summary.setText(
                "<b style='color:#a4262c'>列的对应关系有问题，不能导入：</b>"
                + "；".join(f"{p.field}：{p.reason}" for p in report.problems[:5])
                + f"（{where}）。请在左侧修改。"
            )
        elif preview.rejected:
            self.summary.setText(
                f"<b style='color:#a4262c'>{len(report.bad_rows)} 行有问题，不能导入。</b>"
                f" 共读取 {report.rows} 行（{where}）。可在左侧改列的对应关系，或按左下方列表修改表格后，"
                "点“上一步”重新选择文件。"
            )
        else:
            self.summary.setText(
                f"<b style='color:#107c10'>全部 {report.rows} 行检查通过。</b>"
                f" 将新增 {report.inserted} 条、更新 {report.updated} 条（{where}）。点“导入”写入数据库。"
            )
        self.completeChanged.emit()

    def _jump(self, index: QModelIndex) -> None:
        model = self.rows.model()
        if self.preview is None or not isinstance(model, RowsModel):
            return
        problem = self.preview.report.problems[index.row()]
        found = model.row_of(problem.row) if problem.row is not None else None
        if found is not None:
            self.rows.selectRow(found)
            self.rows.scrollTo(model.index(found, 0))

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
        ui_state: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.user = user
        self.on_imported = on_imported
        self.setWindowTitle("导入台账")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.choose = ChoosePage(save_template, ui_state)
        self.check = CheckPage()
        self.check.on_mapping_changed = self._schedule_recheck
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
        self.loaded: tuple[LedgerSpec, Any] | None = None
        self._generation = 0
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(300)
        self._recheck.timeout.connect(self.recheck)
        self.resize(1180, 740)

    def ledger(self) -> str:
        return self.choose.ledger.currentData()

    def path(self) -> Path:
        return Path(self.choose.path.text().strip())

    def _entered(self, page_id: int) -> None:
        if self.page(page_id) is not self.check:
            return
        self.check.preview = None
        self.loaded = None
        self.check.mapping.setRowCount(0)
        self.check.summary.setText("正在读取和检查表格……")
        self.check.completeChanged.emit()
        ledger, path, service, user = self.ledger(), self.path(), self.service, self.user

        def work(progress: Progress) -> tuple[LedgerSpec, Any, list[ColumnMapping], ImportPreview]:
            spec, table = service.read(ledger, path, progress.report, progress.cancelled)
            mapping = service.propose(spec, table)
            preview = service.check(spec, table, mapping, user=user, progress=progress.report)
            return spec, table, mapping, preview

        def done(result: tuple[LedgerSpec, Any, list[ColumnMapping], ImportPreview]) -> None:
            spec, table, mapping, preview = result
            self.loaded = (spec, table)
            self.check.show_mapping(spec, mapping)
            self.check.show_preview(preview)

        def failed(error: BaseException) -> bool:
            self.check.summary.setText(f"<b style='color:#a4262c'>无法读取：{error}</b>")
            return False

        run_op(self, "读取表格", work, done, failed)

    def _schedule_recheck(self) -> None:
        self.check.preview = None
        self.check.summary.setText("对应关系已修改，正在重新检查……")
        self.check.completeChanged.emit()
        self._recheck.start()

    def recheck(self) -> None:
        """Check again with the mapping as the clerk set it (the file is not read again)."""
        if self.loaded is None:
            return
        spec, table = self.loaded
        mapping, service, user = self.check.chosen_mapping(), self.service, self.user
        self._generation += 1
        generation = self._generation

        def work(progress: Progress) -> ImportPreview:
            return service.check(spec, table, mapping, user=user, progress=progress.report)

        def done(preview: ImportPreview) -> None:
            if generation == self._generation:  # a later change's check is on its way: this one is stale
                self.check.show_preview(preview)

        run_op(self, "重新检查", work, done)

    def accept(self) -> None:
        if self.loaded is None:
            return
        spec, table = self.loaded
        mapping, service, user = self.check.chosen_mapping(), self.service, self.user
        remember = self.check.remember.isChecked()

        def work(progress: Progress) -> ImportReport:
            report = service.process(
                spec, table, mapping, user=user, progress=progress.report, cancelled=progress.cancelled
            )
            if remember:
                service.remember(spec, table, mapping)
            return report

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
