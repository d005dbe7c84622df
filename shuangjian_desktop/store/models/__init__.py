"""Every table of the ledgers; importing this package registers them all on Base.metadata."""

from shuangjian_desktop.store.models.assignments import Assignment
from shuangjian_desktop.store.models.campaigns import (
    Campaign,
    CampaignDepartment,
    InspectionDepartment,
    PartnerDepartment,
    Vacation,
)
from shuangjian_desktop.store.models.inspections import (
    Inspection,
    InspectionAspect,
    InspectionInspector,
    InspectionViolation,
    Notice,
    NoticeEvent,
)
from shuangjian_desktop.store.models.institutions import Institution, StatusChange
from shuangjian_desktop.store.models.people import Person, PersonRoleRow, School, Teacher
from shuangjian_desktop.store.models.places import Community, Compound, Township
from shuangjian_desktop.store.models.recycle import DeletedRecord
from shuangjian_desktop.store.models.supervision import (
    DisposalPlan,
    FundAccount,
    FundCharge,
    FundSnapshot,
    ListEntry,
    PatrolPlan,
    PatrolTarget,
    RiskAssessment,
    RiskState,
)
from shuangjian_desktop.store.models.system import (
    AppUser,
    Attachment,
    AttachmentContent,
    AuditEntry,
    BureauProfile,
    CalendarOverride,
    CalendarYear,
    DocSequence,
)
from shuangjian_desktop.store.models.tickets import Ticket, TicketEvent

__all__ = [
    "AppUser",
    "Assignment",
    "Attachment",
    "AttachmentContent",
    "AuditEntry",
    "BureauProfile",
    "CalendarOverride",
    "CalendarYear",
    "Campaign",
    "CampaignDepartment",
    "Community",
    "Compound",
    "DeletedRecord",
    "DisposalPlan",
    "DocSequence",
    "FundAccount",
    "FundCharge",
    "FundSnapshot",
    "Inspection",
    "InspectionAspect",
    "InspectionDepartment",
    "InspectionInspector",
    "InspectionViolation",
    "Institution",
    "ListEntry",
    "Notice",
    "NoticeEvent",
    "PartnerDepartment",
    "PatrolPlan",
    "PatrolTarget",
    "Person",
    "PersonRoleRow",
    "RiskAssessment",
    "RiskState",
    "School",
    "StatusChange",
    "Teacher",
    "Ticket",
    "TicketEvent",
    "Township",
    "Vacation",
]
