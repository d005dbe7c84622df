"""Every ledger view's register, made for one open database."""

from __future__ import annotations

from shuangjian_desktop import settings as opts
from shuangjian_desktop.services.registers.activity import InspectionRegister, NoticeRegister
from shuangjian_desktop.services.registers.assignments import AssignmentRegister
from shuangjian_desktop.services.registers.audit import AuditRegister
from shuangjian_desktop.services.registers.base import Column, Filter, FormField, Query, Register, Row
from shuangjian_desktop.services.registers.changes import StatusChangeRegister
from shuangjian_desktop.services.registers.institutions import InstitutionDetail, InstitutionRegister
from shuangjian_desktop.services.registers.people import PeopleRegister, SchoolRegister
from shuangjian_desktop.services.registers.teachers import TeacherRegister
from shuangjian_desktop.services.registers.tickets import TicketRegister
from shuangjian_desktop.store.uow import Store


class Registers:
    """The registers of one workspace, by attribute."""

    def __init__(self, store: Store, settings: opts.Settings) -> None:
        self.institutions = InstitutionRegister(store)
        self.status_changes = StatusChangeRegister(store, settings)
        self.assignments = AssignmentRegister(store, settings)
        self.people = PeopleRegister(store)
        self.schools = SchoolRegister(store)
        self.teachers = TeacherRegister(store)
        self.tickets = TicketRegister(store, settings)
        self.inspections = InspectionRegister(store)
        self.notices = NoticeRegister(store)
        self.audit = AuditRegister(store)

    def all(self) -> list[Register]:
        return [
            self.institutions,
            self.status_changes,
            self.assignments,
            self.people,
            self.schools,
            self.teachers,
            self.tickets,
            self.inspections,
            self.notices,
        ]


__all__ = [
    "Column",
    "Filter",
    "FormField",
    "InstitutionDetail",
    "Query",
    "Register",
    "Registers",
    "Row",
]
