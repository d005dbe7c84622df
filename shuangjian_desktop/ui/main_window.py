"""The main window: menus, the institution register, a status bar naming the database in use."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop import APP_NAME, __version__
from shuangjian_desktop.services.exporting import export_ledger, write_import_template
from shuangjian_desktop.services.importing import ImportRejected, ImportReport
from shuangjian_desktop.services.ledgers import LEDGERS
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.ui.institution_view import InstitutionRegisterView
from shuangjian_desktop.ui.look import icon
from shuangjian_desktop.ui.ops import Progress, run_op

XLSX_FILTER = "Excel 表格 (*.xlsx)"


class MainWindow(QMainWindow):
    def __init__(
        self, workspace: Workspace, user: str, *, demo: bool = False, ui_state: QSettings | None = None
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.user = user
        self.demo = demo
        self.ui_state = ui_state
        county = workspace.county_name()
        self.setWindowTitle(f"{APP_NAME} — {county}" if county else APP_NAME)
        self.setWindowIcon(icon("fa5s.clipboard-list"))
        self.register = InstitutionRegisterView(workspace.institutions)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        if demo:
            banner = QLabel("当前打开的是示范县演示数据，可放心试用各项功能；正式使用时请导入本县台账到正式数据库。")
            banner.setObjectName("demoBanner")
            banner.setStyleSheet(
                "#demoBanner { background: #fff4ce; color: #5c4400; padding: 6px 12px;"
                " border-bottom: 1px solid #e6d38a; }"
            )
            layout.addWidget(banner)
        layout.addWidget(self.register)
        self.setCentralWidget(central)
        self._build_menus()
        self.db_label = QLabel(f"数据库：{workspace.db_path}")
        self.count_label = QLabel()
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.count_label)
        self.register.count_changed.connect(lambda shown, total: self.count_label.setText(f"机构 {total} 家"))
        self.resize(1280, 760)
        self._restore_state()
        self.register.reload()

    # menus ----------------------------------------------------------------------------------------------------------
    def _action(
        self, text: str, slot: object, shortcut: QKeySequence | str | None = None, icon_name: str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon_name:
            action.setIcon(icon(icon_name))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        self.import_action = self._action("导入台账(&I)…", self.import_ledger, "Ctrl+I", "fa5s.file-import")
        self.export_action = self._action("导出机构台账(&E)…", self.export_institutions, "Ctrl+E", "fa5s.file-export")
        self.template_action = self._action("下载导入模板(&T)…", self.save_template, None, "fa5s.file-excel")
        file_menu.addActions([self.import_action, self.export_action, self.template_action])
        file_menu.addSeparator()
        file_menu.addAction(self._action("退出(&X)", self.close, QKeySequence.StandardKey.Quit))
        view_menu = self.menuBar().addMenu("查看(&V)")
        view_menu.addAction(
            self._action("刷新(&R)", self.register.reload, QKeySequence.StandardKey.Refresh, "fa5s.sync")
        )
        find = self._action("查找(&F)", lambda: self.register.search.setFocus(), QKeySequence.StandardKey.Find)
        view_menu.addAction(find)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        help_menu.addAction(self._action("关于(&A)", self.about))
        toolbar = self.addToolBar("常用")
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.import_action, self.export_action])

    # actions --------------------------------------------------------------------------------------------------------
    def import_ledger(self) -> None:
        names = list(LEDGERS)
        titles = [LEDGERS[n].title for n in names]
        title, ok = QInputDialog.getItem(self, "导入台账", "选择要导入的台账：", titles, 0, False)
        if not ok:
            return
        ledger = names[titles.index(title)]
        path, _ = QFileDialog.getOpenFileName(self, f"选择{title}表格", "", XLSX_FILTER)
        if not path:
            return

        def work(progress: Progress) -> ImportReport:
            return self.workspace.imports.run(
                ledger, Path(path), user=self.user, progress=progress.report, cancelled=progress.cancelled
            )

        def failed(error: BaseException) -> bool:
            if isinstance(error, ImportRejected):
                box = QMessageBox(
                    QMessageBox.Icon.Warning,
                    "导入被拒绝",
                    f"{len(error.report.bad_rows)}行有误，数据未作任何改动。请按“详细信息”修改表格后重新导入。",
                    parent=self,
                )
                box.setDetailedText("\n".join(str(p) for p in error.report.problems))
                box.exec()
                return True
            return False

        run_op(self, f"导入{title}", work, lambda report: self._imported(report), failed)

    def _imported(self, report: ImportReport) -> None:
        self.register.reload()
        QMessageBox.information(self, "导入完成", report.summary())

    def export_institutions(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "导出机构台账", "机构台账.xlsx", XLSX_FILTER)
        if not path:
            return
        run_op(
            self,
            "导出机构台账",
            lambda p: export_ledger(self.workspace.store, "institutions", Path(path)),
            lambda result: QMessageBox.information(self, "导出完成", f"已导出 {result.rows} 条：{result.path}"),
        )

    def save_template(self) -> None:
        names = list(LEDGERS)
        titles = [LEDGERS[n].title for n in names]
        title, ok = QInputDialog.getItem(self, "下载导入模板", "选择台账：", titles, 0, False)
        if not ok:
            return
        path, _ = QFileDialog.getSaveFileName(self, "保存导入模板", f"{title}导入模板.xlsx", XLSX_FILTER)
        if path:
            write_import_template(names[titles.index(title)], Path(path))
            self.statusBar().showMessage(f"已保存模板：{path}", 5000)

    def about(self) -> None:
        QMessageBox.about(
            self,
            f"关于{APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<br>县级教育局校外培训监管台账。<br>数据库：{self.workspace.db_path}",
        )

    # window state ---------------------------------------------------------------------------------------------------
    def _restore_state(self) -> None:
        if self.ui_state is None:
            return
        geometry = self.ui_state.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        header = self.ui_state.value("institutions/header")
        if isinstance(header, QByteArray):
            self.register.table.horizontalHeader().restoreState(header)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.ui_state is not None:
            self.ui_state.setValue("main/geometry", self.saveGeometry())
            self.ui_state.setValue("institutions/header", self.register.table.horizontalHeader().saveState())
        super().closeEvent(event)
