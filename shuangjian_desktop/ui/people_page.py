"""人员与学校: people with their roles, schools with their principals, in-service teachers (ID numbers masked
unless shown on purpose)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QCheckBox, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.people.register import PeopleRegister, SchoolRegister
from shuangjian_desktop.services.people.teachers import TeacherRegister
from shuangjian_desktop.ui.register_view import RegisterView


class PeoplePage(QWidget):
    def __init__(
        self,
        people: PeopleRegister,
        schools: SchoolRegister,
        teachers: TeacherRegister,
        user: str,
        ui_state: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.people = RegisterView(people, user, ui_state)
        self.schools = RegisterView(schools, user, ui_state)
        self.teachers = RegisterView(teachers, user, ui_state)
        self.teacher_register = teachers
        self.user = user
        self.reveal = QCheckBox("显示完整身份证号")
        self.reveal.setToolTip("身份证号属于个人信息，默认打码；仅管理员可显示，每次显示都记入操作日志。")
        self.reveal.toggled.connect(self._reveal)
        self.teachers.toolbar.addSeparator()
        self.teachers.toolbar.addWidget(self.reveal)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.people, "人员")
        self.tabs.addTab(self.schools, "学校")
        self.tabs.addTab(self.teachers, "在职教师")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def views(self) -> list[RegisterView]:
        return [self.people, self.schools, self.teachers]

    def reload(self) -> None:
        for view in self.views():
            view.reload()

    def _reveal(self, on: bool) -> None:
        if on:
            answer = QMessageBox.question(
                self,
                "显示身份证号",
                "身份证号属于个人信息，请仅在核对身份时显示，不要截图外传。确定显示完整身份证号吗？",
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.reveal.blockSignals(True)
                self.reveal.setChecked(False)
                self.reveal.blockSignals(False)
                return
        try:
            self.teacher_register.show_id_numbers(on, self.user)
        except DomainError as error:
            QMessageBox.warning(self, "显示身份证号", str(error))
            self.reveal.blockSignals(True)
            self.reveal.setChecked(False)
            self.reveal.blockSignals(False)
            return
        self.teachers.reload()
