"""监管 > 公示名单: the white and black lists with their history (every entry and removal: who, when, why); put an
institution on a list, take it off with the date and reason, and publish a list as the county posts it (PDF to
preview and print, or an Excel sheet)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QHBoxLayout, QMenu, QMessageBox, QPushButton, QVBoxLayout, QWidget

from shuangjian_desktop.domain.public_lists import ListKind
from shuangjian_desktop.services.lists.service import REMOVAL_FIELDS
from shuangjian_desktop.services.supervision import Supervision
from shuangjian_desktop.ui.file_dialogs import XLSX, save_file
from shuangjian_desktop.ui.form_dialog import FormDialog
from shuangjian_desktop.ui.look import icon
from shuangjian_desktop.ui.ops import run_op
from shuangjian_desktop.ui.preview_files import preview_path
from shuangjian_desktop.ui.register_view import RegisterView
from shuangjian_desktop.ui.supervision_widgets import allow, ask_form


class ListsTab(QWidget):
    def __init__(
        self, desk: Supervision, user: str, ui_state: QSettings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.user = user
        self.ui_state = ui_state
        self.view = RegisterView(desk.lists, user, ui_state)
        self.black_button = QPushButton(icon("fa5s.ban"), "列入黑名单…")
        self.black_button.clicked.connect(lambda: self.enter(ListKind.BLACK))
        self.white_button = QPushButton(icon("fa5s.check-circle"), "列入白名单…")
        self.white_button.clicked.connect(lambda: self.enter(ListKind.WHITE))
        self.remove_button = QPushButton(icon("fa5s.sign-out-alt"), "移出名单…")
        self.remove_button.clicked.connect(self.remove)
        publish = QPushButton(icon("fa5s.bullhorn"), "公示…")
        menu = QMenu(publish)
        for kind in ListKind:
            menu.addAction(f"{kind.label}：预览和打印（PDF）", lambda k=kind: self.preview(k))
            menu.addAction(f"{kind.label}：另存为 Excel 表格…", lambda k=kind: self.save_sheet(k))
        publish.setMenu(menu)
        bar = QHBoxLayout()
        for button in (self.black_button, self.white_button, self.remove_button, publish):
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addLayout(bar)
        layout.addWidget(self.view)

    def set_may_edit(self, allowed: bool, why: str) -> None:
        self.view.set_may_edit(allowed, why)
        allow([self.black_button, self.white_button, self.remove_button], allowed, why)

    def reload(self) -> None:
        self.view.reload()

    def enter(self, kind: ListKind) -> FormDialog:
        register = self.desk.lists
        dialog = ask_form(
            self,
            f"列入{kind.label}",
            register.form(),
            register.blank(kind),
            lambda raw: register.save(None, raw, self.user),
        )
        if dialog.saved_id is not None:
            self.view.reload()
            self.view.select_id(dialog.saved_id)
            self.view.changed.emit()
        return dialog

    def remove(self) -> None:
        entry_id = self.view.current_id()
        if entry_id is None or not self.desk.lists.is_open(entry_id):
            QMessageBox.information(self, "移出名单", "请先选中一条仍在名单上的记录。")
            return
        dialog = ask_form(
            self, "移出名单", REMOVAL_FIELDS, {}, lambda raw: self.desk.remove_entry(entry_id, raw, self.user)
        )
        if dialog.saved_id is not None:
            self.view.reload()
            self.view.select_id(entry_id)
            self.view.changed.emit()

    def preview(self, kind: ListKind) -> None:
        path = preview_path(f"{kind.label}公示.pdf")
        run_op(
            self,
            f"生成{kind.label}",
            lambda _p: self.desk.publish(kind, path, self.user, pdf=True),
            lambda _n: self._show(path, kind),
        )

    def _show(self, path: Path, kind: ListKind) -> None:
        from shuangjian_desktop.ui.pdf_preview import PdfPreviewDialog

        dialog = PdfPreviewDialog(path, f"{kind.label}（公示）", self)
        self.last_preview = dialog
        dialog.exec()

    def save_sheet(self, kind: ListKind) -> None:
        path = save_file(self, f"导出{kind.label}", "export", f"{kind.label}.xlsx", XLSX, self.ui_state)
        if path is None:
            return
        run_op(
            self,
            f"导出{kind.label}",
            lambda _p: self.desk.publish(kind, Path(path), self.user, pdf=False),
            lambda rows: QMessageBox.information(self, "导出完成", f"已导出{kind.label}（{rows}家）：{path}"),
        )
