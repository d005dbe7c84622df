"""检查与整改: inspections (record, correct, delete, print the record form, issue a notice), notices (serve, follow
through rectification and re-inspection, escalate after showing what it issues, preview and batch print), and the
special campaigns (ui/campaigns_page.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.domain.inspection_rules import NOTICE_STEP_LABELS
from shuangjian_desktop.services.inspections.service import InspectionService
from shuangjian_desktop.services.registers import Register
from shuangjian_desktop.ui.campaigns_page import CampaignsPage
from shuangjian_desktop.ui.inspection_dialog import InspectionDialog
from shuangjian_desktop.ui.look import icon
from shuangjian_desktop.ui.notice_dialogs import IssueDialog, ReinspectionDialog, ServeDialog, date_of
from shuangjian_desktop.ui.preview_files import preview_path
from shuangjian_desktop.ui.register_view import RegisterView


class InspectionView(RegisterView):
    """The inspection list: 新增 and 编辑 open the inspection dialog (recording, correcting); 删除 goes through the
    service's rules (refused while a notice refers to the inspection)."""

    def __init__(
        self, register: Register, service: InspectionService, user: str, ui_state: QSettings | None = None
    ) -> None:
        super().__init__(register, user, ui_state)
        self.service = service
        self.edit_action.setText("更正")

    def _open_form(self, record_id: int | None) -> InspectionDialog | None:  # type: ignore[override]
        try:
            dialog = InspectionDialog(self.service, self.user, self, inspection_id=record_id)
        except DomainError as error:
            QMessageBox.warning(self, self.register.title, str(error))
            return None
        self.last_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()
            if dialog.saved_id is not None:
                self.select_id(dialog.saved_id)
            self.changed.emit()
        return dialog


class InspectionsPage(QWidget):
    def __init__(
        self,
        inspections: Register,
        notices: Register,
        service: InspectionService,
        user: str,
        ui_state: QSettings | None = None,
        parent: QWidget | None = None,
        *,
        campaigns: CampaignsPage | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.user = user
        self.inspection_view = InspectionView(inspections, service, user, ui_state)
        self.notice_view = RegisterView(notices, user, ui_state)
        self.record_button = record = QPushButton(icon("fa5s.plus"), "记录检查…")
        record.clicked.connect(self.record_inspection)
        self.issue_button = issue = QPushButton(icon("fa5s.file-signature"), "下达通知书…")
        issue.clicked.connect(self.issue_notice)
        form = QPushButton(icon("fa5s.file-pdf"), "打印检查记录表…")
        form.clicked.connect(self.print_form)
        self.files_button = QPushButton(icon("fa5s.paperclip"), "附件")
        self.files_button.setMenu(QMenu(self.files_button))
        self.files_button.menu().aboutToShow.connect(self._fill_files)
        self.inspection_view.toolbar.insertWidget(self.inspection_view.toolbar.actions()[0], record)
        self.correct_button = QPushButton(icon("fa5s.edit"), "更正检查记录…")
        self.correct_button.clicked.connect(self.correct_inspection)
        bar = QHBoxLayout()
        for button in (self.correct_button, issue, form, self.files_button):
            bar.addWidget(button)
        bar.addStretch(1)
        inspections_tab = QWidget()
        column = QVBoxLayout(inspections_tab)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.inspection_view)
        column.addLayout(bar)
        self.follow_label = QLabel()
        self.follow_label.setStyleSheet("color: #a4262c; padding: 4px 8px;")
        self.step_buttons: dict[str, QPushButton] = {}
        notice_bar = QHBoxLayout()
        for step, label in NOTICE_STEP_LABELS.items():
            button = QPushButton(label + ("" if step == "rectifying" else "…"))
            button.clicked.connect(lambda _c=False, s=step: self.notice_step(s))
            self.step_buttons[step] = button
            notice_bar.addWidget(button)
        notice_bar.addStretch(1)
        self.print_button = QPushButton(icon("fa5s.print"), "预览和打印选中的通知书…")
        self.print_button.clicked.connect(self.print_notices)
        notice_bar.addWidget(self.print_button)
        notices_tab = QWidget()
        notice_column = QVBoxLayout(notices_tab)
        notice_column.setContentsMargins(0, 0, 0, 0)
        notice_column.addWidget(self.follow_label)
        notice_column.addWidget(self.notice_view)
        notice_column.addLayout(notice_bar)
        self.tabs = QTabWidget()
        self.tabs.addTab(inspections_tab, "检查记录")
        self.tabs.addTab(notices_tab, "整改通知书")
        self.campaigns = campaigns
        if campaigns is not None:
            self.tabs.addTab(campaigns, "专项行动")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def set_permissions(self, record: bool, issue: bool, why: str = "") -> None:
        """Grey out what this account's role may not do (the services refuse it anyway)."""
        self.record_button.setEnabled(record)
        self.record_button.setToolTip("" if record else why)
        self.correct_button.setEnabled(record)
        self.correct_button.setToolTip("" if record else why)
        self.inspection_view.set_may_edit(record, why)
        self.notice_view.set_may_edit(issue, why)
        for button in (self.issue_button, *self.step_buttons.values()):
            button.setEnabled(issue)
            button.setToolTip("" if issue else why)

    def views(self) -> list[RegisterView]:
        return [self.inspection_view, self.notice_view, *(self.campaigns.views() if self.campaigns else [])]

    def current_view(self) -> RegisterView:
        if self.campaigns is not None and self.tabs.currentWidget() is self.campaigns:
            return self.campaigns.view
        return self.views()[self.tabs.currentIndex()]

    def open_campaigns(self, target: str = "campaigns") -> None:
        """Show the campaigns tab; ``campaigns:draft`` also drafts the campaign for the break ahead (首页)."""
        if self.campaigns is None:
            return
        self.tabs.setCurrentWidget(self.campaigns)
        if target.endswith(":draft"):
            self.campaigns.draft_due()

    def reload(self) -> None:
        for view in (self.inspection_view, self.notice_view):
            view.reload()
        if self.campaigns is not None:
            self.campaigns.reload()
        follow = self.service.follow_up_count()
        self.follow_label.setText(f"待复查：{follow}份通知书已过整改期限，请安排复查（回头看）" if follow else "")
        self.follow_label.setVisible(bool(follow))

    def _done(self, message: str, view: RegisterView | None = None, record_id: int | None = None) -> None:
        self.reload()
        if view is not None and record_id is not None:
            view.select_id(record_id)
        for each in self.views():
            each.changed.emit()
        QMessageBox.information(self, "检查与整改", message)

    def record_inspection(self) -> InspectionDialog | None:
        dialog = self.inspection_view._open_form(None)
        self.last_dialog = dialog
        if dialog is not None and dialog.result() == QDialog.DialogCode.Accepted:
            self.reload()
            self.inspection_view.select_id(dialog.saved_id or 0)
        return dialog

    def correct_inspection(self) -> InspectionDialog | None:
        inspection_id = self.inspection_view.current_id()
        if inspection_id is None:
            QMessageBox.information(self, "更正检查记录", "请先选中一条检查记录。")
            return None
        dialog = self.inspection_view._open_form(inspection_id)
        self.last_dialog = dialog
        return dialog

    def issue_notice(self) -> None:
        inspection_id = self.inspection_view.current_id()
        if inspection_id is None:
            QMessageBox.information(self, "下达通知书", "请先选中一条检查记录。")
            return
        dialog = IssueDialog(self, self.service.contact_defaults(), self.service.unchecked_bases(inspection_id))
        self.last_issue = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            notice_id = self.service.issue(
                inspection_id,
                dialog.kind.currentData(),
                dialog.days.value(),
                self.user,
                issued_on=date_of(dialog.issued_on),
                contact=dialog.contact.text(),
                contact_phone=dialog.phone.text(),
            )
        except DomainError as error:
            QMessageBox.warning(self, "未下达", str(error))
            return
        number = self.notice_view.register.load_number(notice_id)  # type: ignore[attr-defined]
        self._done(f"已下达通知书 {number}。", self.inspection_view, inspection_id)

    def notice_step(self, step: str) -> None:
        notice_id = self.notice_view.current_id()
        if notice_id is None:
            QMessageBox.information(self, "整改通知书", "请先选中一份通知书。")
            return
        try:
            if step == "serve":
                dialog = ServeDialog(self)
                self.last_serve = dialog
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    return
                status = self.service.step(
                    notice_id,
                    "serve",
                    self.user,
                    on=date_of(dialog.served_on),
                    signer=dialog.signer.text(),
                    service=dialog.service(),
                )
                self._done(f"已记录送达，通知书现为“{status.label}”。", self.notice_view, notice_id)
            elif step == "escalate":
                preview = self.service.escalation_preview(notice_id)
                answer = QMessageBox.question(self, "升级处理", f"{preview}\n\n确定升级处理吗？")
                if answer != QMessageBox.StandardButton.Yes:
                    return
                new_id = self.service.escalate(notice_id, self.user)
                number = self.notice_view.register.load_number(new_id)  # type: ignore[attr-defined]
                self._done(f"已升级处理，下达停止办学通知书 {number}。", self.notice_view, new_id)
            elif step in ("pass", "fail"):
                dialog = ReinspectionDialog(step, self.service.reinspection_choices(notice_id), self)
                self.last_reinspection = dialog
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    return
                status = self.service.step(
                    notice_id,
                    step,
                    self.user,
                    on=date_of(dialog.on),
                    reinspection_id=dialog.reinspection_id(),
                    note=dialog.note.text().strip(),
                )
                self._done(f"已记录复查，通知书现为“{status.label}”。", self.notice_view, notice_id)
            else:
                status = self.service.step(notice_id, step, self.user)
                self._done(f"通知书现为“{status.label}”。", self.notice_view, notice_id)
        except DomainError as error:
            QMessageBox.warning(self, "未办理", str(error))

    def _preview(self, title: str, make: Callable[[Path], object]) -> None:
        path = preview_path(f"{title}.pdf")
        try:
            make(path)
        except DomainError as error:
            QMessageBox.warning(self, title, str(error))
            return
        from shuangjian_desktop.ui.pdf_preview import PdfPreviewDialog

        dialog = PdfPreviewDialog(path, title, self)
        self.last_preview = dialog
        dialog.exec()

    def print_notices(self) -> None:
        view = self.notice_view
        ids = [i for i in (view.model.row_id(r) for r in view.selected_rows()) if i is not None]
        if not ids:
            QMessageBox.information(self, "打印通知书", "请先选中要打印的通知书（可按住 Ctrl 多选）。")
            return
        self._preview(f"整改通知书（{len(ids)}份）", lambda path: self.service.print_notices(ids, path))

    def _fill_files(self) -> None:
        menu = self.files_button.menu()
        menu.clear()
        inspection_id = self.inspection_view.current_id()
        files = self.service.attachments_of(inspection_id) if inspection_id is not None else []
        if not files:
            menu.addAction("（该次检查没有附件）").setEnabled(False)
        for name, path, safe in files:
            if safe:
                menu.addAction(name, lambda p=path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(p))))
            else:  # a program or an unknown kind: never launched, only shown where it is kept
                label = f"{name}（可能不安全，只在文件夹中显示）"
                menu.addAction(label, lambda p=path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(p.parent))))

    def print_form(self) -> None:
        inspection_id = self.inspection_view.current_id()
        if inspection_id is None:
            QMessageBox.information(self, "检查记录表", "请先选中一条检查记录。")
            return
        self._preview("检查记录表", lambda path: self.service.print_form(inspection_id, path))
