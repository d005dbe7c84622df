"""How each ledger maps to a spreadsheet: its columns, how a row is checked, matched and stored, how it exports."""

from __future__ import annotations

from shuangjian_desktop.services.assignments.sheet import AssignmentsLedger
from shuangjian_desktop.services.base.sheet import LedgerSpec
from shuangjian_desktop.services.funds.sheet import FundSnapshotsLedger
from shuangjian_desktop.services.institutions.sheet import InstitutionsLedger
from shuangjian_desktop.services.people.sheet import PeopleLedger, SchoolsLedger, TeachersLedger
from shuangjian_desktop.services.status_changes.sheet import StatusChangesLedger
from shuangjian_desktop.services.tickets.sheet import TicketsLedger

LEDGERS: dict[str, LedgerSpec] = {
    spec.name: spec
    for spec in (
        InstitutionsLedger(),
        StatusChangesLedger(),
        PeopleLedger(),
        SchoolsLedger(),
        TeachersLedger(),
        AssignmentsLedger(),
        TicketsLedger(),
        FundSnapshotsLedger(),
    )
}


def ledger(name: str) -> LedgerSpec:
    try:
        return LEDGERS[name]
    except KeyError:
        raise KeyError(f"没有名为“{name}”的台账（可选：{'、'.join(LEDGERS)}）") from None
