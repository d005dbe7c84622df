"""Supervision (监管) over one open database, as the window's 监管 page and the command line use it: the patrol plan,
risk grading and disposal case files, prepaid-fund supervision, and the public lists. Each use case lives in its
package (services/patrol, risk, funds, lists); this only holds them together for one workspace."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.enums import RiskGrade
from shuangjian_desktop.domain.public_lists import ListKind
from shuangjian_desktop.services.base.register import Register
from shuangjian_desktop.services.funds.accounts import FundAccountRegister
from shuangjian_desktop.services.funds.charges import FundChargeRegister
from shuangjian_desktop.services.lists import service as lists
from shuangjian_desktop.services.lists.register import ListRegister
from shuangjian_desktop.services.patrol.figures import PatrolFigures, plan_figures, plan_of
from shuangjian_desktop.services.patrol.lists import InspectorLines, TargetLines
from shuangjian_desktop.services.patrol.plan import PlanMade, frequency, make_plan
from shuangjian_desktop.services.risk import grading
from shuangjian_desktop.services.risk.disposal import DisposalRegister
from shuangjian_desktop.services.risk.register import RiskDetail, RiskRegister
from shuangjian_desktop.services.risk.weights import describe_weights
from shuangjian_desktop.store.uow import Store

Progress = Callable[[str, int, int], None]


class Supervision:
    def __init__(self, store: Store, settings: opts.Settings) -> None:
        self.store = store
        self.settings = settings
        self.risk = RiskRegister(store)
        self.disposal = DisposalRegister(store)
        self.accounts = FundAccountRegister(store, settings)
        self.charges = FundChargeRegister(store)
        self.lists = ListRegister(store)

    def registers(self) -> list[Register]:
        """The supervision lists a clerk edits (their deletions go to 最近删除 like the ledgers')."""
        return [self.risk, self.disposal, self.accounts, self.charges, self.lists]

    # patrol ------------------------------------------------------------------------------------------------------
    def plan_id(self, year: int, month: int) -> int | None:
        with self.store.read() as uow:
            plan = plan_of(uow.session, year, month)
            return plan.id if plan else None

    def plan_summary(self, year: int, month: int) -> tuple[PatrolFigures | None, str]:
        """(figures or None without a plan, a line on how it was made or the frequency that would apply)."""
        with self.store.read() as uow:
            plan = plan_of(uow.session, year, month)
            figures = plan_figures(uow.session, self.settings, year, month) if plan else None
            if plan is None:
                return None, f"按现行频次：{frequency(self.settings).describe()}"
            return figures, f"{plan.created_at:%Y-%m-%d %H:%M} {plan.made_by}制定；{plan.frequency}"

    def make_plan(
        self, year: int, month: int, user: str, *, replace: bool = False, progress: Progress | None = None
    ) -> PlanMade:
        return make_plan(self.store, self.settings, year, month, user, replace=replace, progress=progress)

    def inspector_lines(self, plan_id: int | None) -> InspectorLines:
        return InspectorLines(self.store, self.settings, plan_id)

    def target_lines(self, plan_id: int | None, inspector: int | None = None, missing: str = "") -> TargetLines:
        return TargetLines(self.store, self.settings, plan_id, inspector, missing)

    def export_patrol(self, year: int, month: int, path: Path, user: str) -> int:
        from shuangjian_desktop.services.patrol.report import export_patrol  # openpyxl

        return export_patrol(self.store, self.settings, year, month, path, user)

    # risk --------------------------------------------------------------------------------------------------------
    def grade_all(
        self, user: str, progress: Progress | None = None, cancelled: Callable[[], bool] = lambda: False
    ) -> grading.GradingResult:
        return grading.grade_all(self.store, self.settings, user, progress=progress, cancelled=cancelled)

    def last_graded(self) -> dt.datetime | None:
        with self.store.read() as uow:
            return grading.last_graded_at(uow.session)

    def override(self, institution_id: int, grade: RiskGrade, reason: str, user: str) -> None:
        grading.override(self.store, self.settings, institution_id, grade, reason, user)

    def remove_override(self, institution_id: int, reason: str, user: str) -> RiskGrade:
        return grading.remove_override(self.store, institution_id, reason, user)

    def risk_detail(self, institution_id: int) -> RiskDetail:
        return self.risk.detail(institution_id)

    def weights_text(self) -> list[str]:
        return describe_weights(self.settings)

    def export_risk(self, path: Path, user: str) -> int:
        from shuangjian_desktop.services.risk.export import export_risk  # openpyxl

        return export_risk(self.store, path, user)

    # lists -------------------------------------------------------------------------------------------------------
    def remove_entry(self, entry_id: int, raw: Mapping[str, str], user: str) -> int:
        return lists.remove(self.store, entry_id, raw, user)

    def publish(self, kind: ListKind, path: Path, user: str, *, pdf: bool | None = None) -> int:
        from shuangjian_desktop.services.lists.publication import publish  # reportlab, openpyxl

        return publish(self.store, kind, path, user, pdf=pdf)
