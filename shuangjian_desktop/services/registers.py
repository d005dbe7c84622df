"""Every ledger view's register, made for one open database."""

from __future__ import annotations

from collections.abc import Sequence

from shuangjian_desktop import settings as opts
from shuangjian_desktop.services.assignments.register import AssignmentRegister
from shuangjian_desktop.services.audit.register import AuditRegister
from shuangjian_desktop.services.base.register import Column, Filter, FormField, Listing, Query, Register, Row
from shuangjian_desktop.services.campaigns.registers import CampaignRegister, DepartmentRegister, VacationRegister
from shuangjian_desktop.services.inspections.register import InspectionRegister, NoticeRegister
from shuangjian_desktop.services.institutions.register import InstitutionDetail, InstitutionRegister
from shuangjian_desktop.services.people.register import PeopleRegister, SchoolRegister
from shuangjian_desktop.services.people.teachers import TeacherRegister
from shuangjian_desktop.services.recycle import RecycleBin
from shuangjian_desktop.services.status_changes.register import StatusChangeRegister
from shuangjian_desktop.services.tickets.register import TicketRegister
from shuangjian_desktop.store.uow import Store


class Registers:
    """The registers of one workspace, by attribute."""

    def __init__(self, store: Store, settings: opts.Settings, others: Sequence[Register] = ()) -> None:
        """``others``: registers kept elsewhere (监管's) whose deletions 最近删除 also puts back."""
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
        self.campaigns = CampaignRegister(store)
        self.departments = DepartmentRegister(store)
        self.vacations = VacationRegister(store)
        self.recycle = RecycleBin(store, [*self.all(), *others])
        """最近删除: what was deleted from any of the registers, to be put back."""

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
            self.campaigns,
            self.departments,
            self.vacations,
        ]


__all__ = [
    "Column",
    "Filter",
    "FormField",
    "InstitutionDetail",
    "Listing",
    "Query",
    "Register",
    "Registers",
    "Row",
]
