"""The notice dialogs of 检查与整改: issue (下达), serve (送达, what the receipt records), re-inspect (复查合格 or
复查不合格, with the date and the re-inspection record chosen from the inspections since the notice), and escalate
(升级处理: what will be issued, shown and confirmed first)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from shuangjian_desktop.domain.enums import NoticeKind
from shuangjian_desktop.domain.notice_terms import SERVICE_MANNERS
from shuangjian_desktop.services.inspections.service import Service
from shuangjian_desktop.ui.dates import date_edit


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _date_edit(day: dt.date) -> QDateEdit:
    return date_edit(day)  # the Chinese calendar popup (ui/dates.py)


def date_of(edit: QDateEdit) -> dt.date:
    day = edit.date()
    return dt.date(day.year(), day.month(), day.day())


class IssueDialog(QDialog):
    """下达通知书: kind, deadline, date, contact; ``unchecked`` (lines naming the rules whose legal basis the county's
    legal reviewer has not yet checked) is shown above the buttons, so that nothing goes out citing a bare law name
    unnoticed."""

    def __init__(
        self, parent: QWidget | None = None, contact: tuple[str, str] = ("", ""), unchecked: list[str] | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("下达通知书")
        self.kind = QComboBox()
        for kind in NoticeKind:
            self.kind.addItem(kind.label, kind)
        self.days = QSpinBox()
        self.days.setRange(1, 180)
        self.days.setValue(15)
        self.days.setSuffix(" 天")
        self.kind.currentIndexChanged.connect(
            lambda _i: self.days.setValue(30 if self.kind.currentData() == NoticeKind.STOP_OPERATION else 15)
        )
        self.issued_on = _date_edit(dt.date.today())
        self.contact = QLineEdit(contact[0])
        self.phone = QLineEdit(contact[1])
        form = QFormLayout(self)
        form.addRow("种类", self.kind)
        form.addRow("整改期限", self.days)
        form.addRow(QLabel("期限自受送达人收到通知书之日起计算（末日为休息日、节假日的顺延）。"))
        form.addRow("成文日期", self.issued_on)
        form.addRow("联系人", self.contact)
        form.addRow("联系电话", self.phone)
        form.addRow(QLabel("文号按年度自动编排，不重号、不跳号。"))
        self.basis_warning = QLabel()
        if unchecked:
            self.basis_warning.setText(
                "请注意：以下条款的法律依据尚未经本局法制审核人员核对（只有文件名或条款号待确认），通知书将照此引用：\n"
                + "\n".join(unchecked)
                + "\n核对后请在负面清单目录（db/catalogues/negative_list.json）中改正依据并将 basis_checked 改为 true。"
            )
            self.basis_warning.setWordWrap(True)
            self.basis_warning.setMinimumWidth(520)  # wrapped lines get their height from this width
            self.basis_warning.setStyleSheet("color: #9c5700;")
            form.addRow(self.basis_warning)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("下达")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class ServeDialog(QDialog):
    """送达: what the 送达回执 records — who signed, when, where, how, the witness and the proxy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("记录送达")
        self.signer = QLineEdit()
        self.served_on = _date_edit(dt.date.today())
        self.time = QTimeEdit(QTime.currentTime())
        self.time.setDisplayFormat("HH:mm")
        self.place = QLineEdit()
        self.place.setPlaceholderText("不填则为机构地址")
        self.manner = QComboBox()
        self.manner.addItems(list(SERVICE_MANNERS))
        self.witness = QLineEdit()
        self.witness.setPlaceholderText("留置送达时必填")
        self.proxy = QLineEdit()
        self.proxy.setPlaceholderText("代收人姓名及与受送达人的关系")
        form = QFormLayout(self)
        form.addRow("受送达人签收", self.signer)
        form.addRow("送达日期", self.served_on)
        form.addRow("送达时间", self.time)
        form.addRow("送达地点", self.place)
        form.addRow("送达方式", self.manner)
        form.addRow("见证人", self.witness)
        form.addRow("代收人", self.proxy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def service(self) -> Service:
        moment = self.time.time()
        return Service(
            time=dt.time(moment.hour(), moment.minute()),
            place=self.place.text(),
            manner=self.manner.currentText(),
            witness=self.witness.text(),
            proxy=self.proxy.text(),
        )


class ReinspectionDialog(QDialog):
    """复查合格 / 复查不合格: the day of the re-inspection step and the inspection record it rests on (required for
    复查不合格; 复查合格 takes the latest when none is chosen)."""

    def __init__(self, step: str, choices: list[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        failed = step == "fail"
        self.setWindowTitle("复查不合格" if failed else "复查合格")
        self.on = _date_edit(dt.date.today())
        self.record = QComboBox()
        if not failed:
            self.record.addItem("（取最近一次检查）", None)
        for inspection_id, label in choices:
            self.record.addItem(label, inspection_id)
        self.note = QLineEdit()
        self.note.setPlaceholderText("复查情况（可不填）")
        form = QFormLayout(self)
        form.addRow("复查日期", self.on)
        form.addRow("复查记录", self.record)
        if not choices:
            hint = QLabel("该机构在通知书下达后还没有检查记录：请先“记录检查”（方式选“回头看”），再办理复查。")
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #a4262c;")
            form.addRow(hint)
        form.addRow("说明", self.note)
        form.addRow(_buttons(self, "复查不合格" if failed else "复查合格"))

    def reinspection_id(self) -> int | None:
        return self.record.currentData()
