"""The risk list (风险分级) on screen: every institution with its grade in force, the computed grade, the points and
the reasons, whether a clerk overrode it and whether it has a disposal case file; and one institution's history.
Paged out of the institution table's own indexes (grade, name) like the institution register."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, exists, literal, select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.enums import RiskGrade, Status
from shuangjian_desktop.domain.errors import NotFound
from shuangjian_desktop.services.base.register import Column, Filter, Register, Row
from shuangjian_desktop.services.base.search import INSTITUTION, Searchable
from shuangjian_desktop.store.models import DisposalPlan, Institution, RiskAssessment, RiskState

KIND_LABELS = {"computed": "程序评定", "override": "人工调整", "override_removed": "取消人工调整"}


def open_plan() -> ColumnElement[bool]:
    return exists(
        select(literal(1))
        .where(DisposalPlan.institution_id == Institution.id, DisposalPlan.closed_on.is_(None))
        .correlate(Institution)
    )


@dataclass(frozen=True)
class RiskDetail:
    institution_id: int
    name: str
    grade: RiskGrade | None
    computed: RiskGrade | None
    score: int | None
    reasons: str
    override: str
    """"" or 调整为X级：理由（谁，何时）"""
    history: list[tuple[str, str, str, str, str]]
    """(when, what, grade change, reasons, by) newest first"""


class RiskRegister(Register):
    name = "risk"
    title = "风险分级"
    search_hint = "搜索机构名称、信用代码或拼音首字母"
    columns = (
        Column("name", "机构名称", 260),
        Column("grade", "风险等级", 70),
        Column("computed", "计算等级", 70),
        Column("score", "分值", 50, True),
        Column("reasons", "风险因素", 420),
        Column("override", "人工调整理由", 160),
        Column("disposal", "处置方案", 80),
        Column("status", "状态", 70),
    )
    filters = (
        Filter("grade", "风险等级", (*((g.label, g.value) for g in RiskGrade), ("未评定", "none"))),
        Filter(
            "need",
            "需要关注",
            (("C、D级无处置方案", "no_plan"), ("人工调整过的", "override"), ("正常办学的", "operating")),
        ),
    )

    def _id(self) -> ColumnElement[int]:
        return Institution.id

    def _search_parts(self) -> tuple[tuple[ColumnElement[int], Searchable], ...]:
        return ((Institution.id, INSTITUTION),)

    def _sort_columns(self) -> Mapping[str, ColumnElement[Any]]:
        return {
            "name": Institution.sort_name,
            "grade": Institution.risk_grade,
            "status": Institution.status,
        }

    def _filter_clause(self, key: str, value: str) -> ColumnElement[bool] | None:
        if key == "grade":
            return Institution.risk_grade.is_(None) if value == "none" else Institution.risk_grade == RiskGrade(value)
        if key == "need" and value == "no_plan":
            return Institution.risk_grade.in_((RiskGrade.C, RiskGrade.D)) & ~open_plan()
        if key == "need" and value == "override":
            return Institution.id.in_(select(RiskState.institution_id).where(RiskState.override_grade.is_not(None)))
        if key == "need" and value == "operating":
            return Institution.status == Status.OPERATING
        return None

    def _load(self, session: Session, ids: Sequence[int]) -> dict[int, Row]:
        planned = set(
            session.scalars(
                select(DisposalPlan.institution_id).where(
                    DisposalPlan.institution_id.in_(list(ids)), DisposalPlan.closed_on.is_(None)
                )
            )
        )
        stmt = (
            select(Institution, RiskState)
            .outerjoin(RiskState, RiskState.institution_id == Institution.id)
            .where(Institution.id.in_(list(ids)))
        )
        rows = {}
        for inst, state in session.execute(stmt):
            grade = inst.risk_grade
            needs = grade in (RiskGrade.C, RiskGrade.D)
            plan = "处置中" if inst.id in planned else ("未建立" if needs else "")
            tone = "danger" if grade is RiskGrade.D else "warning" if grade is RiskGrade.C else ""
            rows[inst.id] = Row(
                inst.id,
                (
                    inst.name,
                    grade.value if grade else "未评定",
                    state.computed_grade.value if state else "",
                    state.score if state else None,
                    state.reasons if state else "（尚未评定：请点“重新评定”）",
                    (state.override_reason or "") if state else "",
                    plan,
                    inst.status.label,
                ),
                tone,
            )
        return rows

    def detail(self, institution_id: int) -> RiskDetail:
        with self.store.read() as uow:
            session = uow.session
            inst = session.get(Institution, institution_id)
            if inst is None:
                raise NotFound("该机构已不存在（可能已被删除）")
            state = session.get(RiskState, institution_id)
            history = [
                (
                    f"{a.assessed_at:%Y-%m-%d %H:%M}",
                    KIND_LABELS.get(a.kind, a.kind),
                    f"{a.previous_grade.value if a.previous_grade else '未评定'} → {a.grade.value}",
                    a.reasons + (f"（{a.note}）" if a.note else ""),
                    a.username,
                )
                for a in session.scalars(
                    select(RiskAssessment)
                    .where(RiskAssessment.institution_id == institution_id)
                    .order_by(RiskAssessment.id.desc())
                    .limit(200)
                )
            ]
            override = ""
            if state is not None and state.override_grade is not None:
                when = f"{state.override_at:%Y-%m-%d}" if state.override_at else ""
                override = (
                    f"人工调整为{state.override_grade.value}级：{state.override_reason}（{state.override_by}，{when}）"
                )
            return RiskDetail(
                inst.id,
                inst.name,
                inst.risk_grade,
                state.computed_grade if state else None,
                state.score if state else None,
                state.reasons if state else "",
                override,
                history,
            )

    def is_overridden(self, institution_id: int) -> bool:
        with self.store.read() as uow:
            state = uow.session.get(RiskState, institution_id)
            return state is not None and state.override_grade is not None
