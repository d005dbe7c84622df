"""专项行动 (a tab of 检查与整改): the campaigns (寒暑假, 节假日, 开学季 ...) with their periods and partner
departments, the selected one's figures (overall and per department), its report workbook, the partner-department
catalogue and the county's vacations; above them, the holiday or vacation ahead and an offer to draft its campaign."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop.domain.campaigns import CampaignKind
from shuangjian_desktop.domain.errors import DomainError, RecordRejected
from shuangjian_desktop.domain.values import chinese_month_day
from shuangjian_desktop.services.campaigns.service import CampaignInput, CampaignService
from shuangjian_desktop.services.inspections.service import InspectionService
from shuangjian_desktop.services.registers import Register
from shuangjian_desktop.ui.choices import ChoiceModel
from shuangjian_desktop.ui.file_dialogs import XLSX, save_file
from shuangjian_desktop.ui.look import icon
from shuangjian_desktop.ui.ops import run_op
from shuangjian_desktop.ui.register_view import RegisterView

Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """A few rows of text (a campaign's figures, its departments) as a table model."""

    def __init__(self, headers: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[tuple[Any, ...]] = []

    def show(self, rows: Sequence[Sequence[Any]]) -> None:
        self.beginResetModel()
        self.rows = [tuple(r) for r in rows]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows) or not 0 <= index.column() < len(self.headers):
            return None
        value = self.rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None


def _date_edit(day: dt.date | None) -> QDateEdit:
    day = day or dt.date.today()
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _day(edit: QDateEdit) -> dt.date:
    value = edit.date()
    return dt.date(value.year(), value.month(), value.day())


class CampaignDialog(QDialog):
    """A campaign's name, kind, period, lead, partner departments and note."""

    def __init__(
        self,
        service: CampaignService,
        departments: list[tuple[int, str]],
        user: str,
        values: CampaignInput,
        campaign_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service, self.user, self.campaign_id = service, user, campaign_id
        self.saved_id: int | None = None
        self.setWindowTitle(("编辑" if campaign_id else "新增") + " — 专项行动")
        self.name = QLineEdit(values.name)
        self.kind = QComboBox()
        for kind in CampaignKind:
            self.kind.addItem(kind.label, kind)
        self.kind.setCurrentIndex(self.kind.findData(values.kind))
        self.starts_on, self.ends_on = _date_edit(values.starts_on), _date_edit(values.ends_on)
        self.lead = QLineEdit(values.lead)
        self.lead.setPlaceholderText("牵头单位或负责人（可不填）")
        self.department_choices = ChoiceModel(departments, checkable=True, parent=self)
        self.department_choices.check(values.department_ids)
        self.departments = QListView()
        self.departments.setModel(self.department_choices)
        self.departments.setFixedHeight(150)
        self.note = QPlainTextEdit(values.note)
        self.note.setFixedHeight(70)
        period = QHBoxLayout()
        period.addWidget(self.starts_on)
        period.addWidget(QLabel("至"))
        period.addWidget(self.ends_on)
        period.addStretch(1)
        form = QFormLayout(self)
        form.addRow("名称", self.name)
        form.addRow("类型", self.kind)
        form.addRow("起止日期", period)
        form.addRow("牵头", self.lead)
        form.addRow("成员单位", self.departments)
        form.addRow("说明", self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(560, 480)

    def values(self) -> CampaignInput:
        return CampaignInput(
            self.name.text(),
            self.kind.currentData(),
            _day(self.starts_on),
            _day(self.ends_on),
            [int(v) for v in self.department_choices.checked_in_order()],
            self.lead.text(),
            self.note.toPlainText(),
        )

    def try_save(self) -> None:
        try:
            self.saved_id = self.service.save(self.campaign_id, self.values(), self.user)
        except RecordRejected as rejected:
            QMessageBox.warning(self, "未保存", f"以下内容需要修改，数据未作任何改动：\n{rejected}")
            return
        except DomainError as error:
            QMessageBox.warning(self, "未保存", str(error))
            return
        self.accept()


class CampaignView(RegisterView):
    """The campaign list: 新增 and 编辑 open the campaign dialog."""

    def __init__(self, register: Register, page: CampaignsPage, user: str, ui_state: QSettings | None) -> None:
        super().__init__(register, user, ui_state)
        self.page = page

    def _open_form(self, record_id: int | None) -> CampaignDialog | None:  # type: ignore[override]
        return self.page.open_dialog(record_id)


class CampaignsPage(QWidget):
    def __init__(
        self,
        campaigns: Register,
        departments: Register,
        vacations: Register,
        service: CampaignService,
        inspections: InspectionService,
        user: str,
        ui_state: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service, self.inspections, self.user, self.ui_state = service, inspections, user, ui_state
        self.department_register, self.vacation_register = departments, vacations
        self.view = CampaignView(campaigns, self, user, ui_state)
        self.view.current_changed.connect(self.show_figures)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff4ce; color: #5c4400; padding: 6px 10px; border-radius: 4px;")
        self.draft_button = QPushButton(icon("fa5s.magic"), "起草专项行动…")
        self.draft_button.clicked.connect(self.draft_due)
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.draft_button)
        self.title = QLabel("选中一项专项行动，查看其工作情况")
        self.title.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.figures = RowsModel(["指标", "数值"], self)
        self.by_department = RowsModel(["成员单位", "联合检查", "涉及机构", "发现问题", "通知书"], self)
        right = QVBoxLayout()
        right.addWidget(self.title)
        for model, stretch in ((self.figures, 3), (self.by_department, 2)):
            table = QTableView()
            table.setModel(model)
            table.verticalHeader().setVisible(False)
            table.verticalHeader().setDefaultSectionSize(24)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
            right.addWidget(table, stretch)
        self.export_button = QPushButton(icon("fa5s.file-excel"), "导出专项行动报告…")
        self.export_button.clicked.connect(self.export_report)
        right.addWidget(self.export_button)
        figures = QWidget()
        figures.setLayout(right)
        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(figures)
        splitter.setSizes([680, 520])
        self.departments_button = QPushButton(icon("fa5s.users"), "成员单位…")
        self.departments_button.clicked.connect(lambda: self.open_list(self.department_register))
        self.vacations_button = QPushButton(icon("fa5s.calendar-alt"), "寒暑假日期…")
        self.vacations_button.clicked.connect(lambda: self.open_list(self.vacation_register))
        bar = QHBoxLayout()
        bar.addWidget(self.departments_button)
        bar.addWidget(self.vacations_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(banner_row)
        layout.addWidget(splitter, 1)
        layout.addLayout(bar)
        self.due = None

    def views(self) -> list[RegisterView]:
        return [self.view]

    def set_permissions(self, edit: bool, settings: bool, why: str = "") -> None:
        self.view.set_may_edit(edit, why)
        self.draft_button.setEnabled(edit)
        self.may_edit, self.may_settings, self.why = edit, settings, why

    def reload(self) -> None:
        self.view.reload()
        self.due = self.service.due()
        if self.due is None:
            self.banner.setText("近期没有需要提前巡查的节假日或寒暑假（寒暑假日期可在“寒暑假日期…”中录入）。")
            self.draft_button.setVisible(False)
            return
        brk, window = self.due.brk, self.due.window
        waiting = self.service.subjects_to_patrol(window.first)
        if self.due.campaign:
            self.banner.setText(
                f"{brk.label()}：专项行动“{self.due.campaign}”进行中，{waiting}家学科类机构自"
                f"{chinese_month_day(window.first)}以来尚未检查（首页列出）。"
            )
            self.draft_button.setVisible(False)
        else:
            self.banner.setText(
                f"{brk.label()}将至：尚未安排专项行动，{waiting}家学科类机构待巡查（首页列出）。"
                "可一键起草专项行动，核对后保存。"
            )
            self.draft_button.setVisible(True)

    # the dialogs ---------------------------------------------------------------------------------------------------
    def open_dialog(self, campaign_id: int | None, values: CampaignInput | None = None) -> CampaignDialog | None:
        try:
            if values is None:
                values = (
                    self.service.load(campaign_id)
                    if campaign_id is not None
                    else CampaignInput("", CampaignKind.HOLIDAY, dt.date.today(), dt.date.today())
                )
            departments = self.inspections.departments(keep=values.department_ids)
        except DomainError as error:
            QMessageBox.warning(self, "专项行动", str(error))
            return None
        dialog = CampaignDialog(self.service, departments, self.user, values, campaign_id, self)
        self.last_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()
            if dialog.saved_id is not None:
                self.view.select_id(dialog.saved_id)
                self.show_figures(dialog.saved_id)
            self.view.changed.emit()
        return dialog

    def draft_due(self) -> CampaignDialog | None:
        """Draft the campaign for the holiday or vacation ahead (the clerk checks it and saves)."""
        due = self.due or self.service.due()
        if due is None:
            QMessageBox.information(self, "起草专项行动", "近期没有需要提前巡查的节假日或寒暑假。")
            return None
        if due.campaign:
            QMessageBox.information(self, "起草专项行动", f"{due.brk.label()}已有专项行动“{due.campaign}”。")
            return None
        return self.open_dialog(None, self.service.draft(due))

    def open_list(self, register: Register) -> QDialog:
        dialog = QDialog(self)
        dialog.setWindowTitle(register.title)
        view = RegisterView(register, self.user, self.ui_state)
        view.set_may_edit(
            getattr(self, "may_settings" if register is self.vacation_register else "may_edit", True),
            getattr(self, "why", ""),
        )
        note = QLabel(
            "寒暑假期间不得组织学科类培训；放假前首页提醒巡查学科类机构。由管理员录入，按本县教育部门公布的校历填写。"
            if register is self.vacation_register
            else "参加专项行动和联合检查的成员单位。不再参加的单位请把“在用”改为“否”，已有记录保留。"
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(dialog)
        layout.addWidget(note)
        layout.addWidget(view)
        view.reload()
        view.changed.connect(self.reload)
        dialog.resize(760, 480)
        self.last_list = view
        dialog.open()
        return dialog

    # figures -------------------------------------------------------------------------------------------------------
    def show_figures(self, campaign_id: int | None) -> None:
        if campaign_id is None:
            return
        try:
            figures = self.service.figures(campaign_id)
        except DomainError:
            return
        self.title.setText(f"{figures.name}（{figures.period}）")
        self.figures.show(figures.rows())
        self.by_department.show(
            [(d.name, d.joint, d.institutions, d.problems, d.notices) for d in figures.by_department]
        )

    def export_report(self) -> None:
        campaign_id = self.view.current_id()
        if campaign_id is None:
            QMessageBox.information(self, "专项行动报告", "请先选中一项专项行动。")
            return
        path = save_file(self, "导出专项行动报告", "export", "专项行动报告.xlsx", XLSX, self.ui_state)
        if path is None:
            return
        run_op(
            self,
            "导出专项行动报告",
            lambda _p: self.service.export_report(campaign_id, Path(path), self.user),
            lambda figures: QMessageBox.information(
                self, "导出完成", f"已导出“{figures.name}”工作情况（{len(figures.lines)}次检查）：{path}"
            ),
        )
