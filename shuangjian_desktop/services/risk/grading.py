"""Grading every institution from the ledgers (domain/risk_rules.py), in batches out of SQL, so a million institutions
cost a few hundred short transactions and never a list of them in memory.

Per batch (by id): one SELECT gathers each institution's factors (its own columns, a count of its refund and closure
complaints in the county's period, whether a notice of it is overdue or failed, whether its supervision account is
below the minimum); the grade is worked out per distinct combination; only what changed is written: the state
(RiskState), a history row (RiskAssessment: when, from what to what, why) and ``Institution.risk_grade``.

``Institution.risk_grade`` is the grade in force: a clerk's override (with its reason, on record) when there is one,
else the computed grade. Every screen, filter and return that read the typed grade before now reads the computed
one; the override stays possible because the factors cannot know everything a county knows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, and_, bindparam, exists, func, insert, literal, or_, select, update
from sqlalchemy.orm import Session

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.enums import AuditAction, NoticeStatus, RiskGrade
from shuangjian_desktop.domain.errors import DomainError, FieldProblem, NotFound, RecordRejected
from shuangjian_desktop.domain.inspection_rules import OPEN_NOTICES
from shuangjian_desktop.domain.risk_rules import (
    CLOSURE_WORDS,
    REFUND_CATEGORY,
    Assessment,
    RiskInputs,
    RiskWeights,
    assess_levels,
    levels,
)
from shuangjian_desktop.services.risk.weights import weights_from
from shuangjian_desktop.store.audit import record_event
from shuangjian_desktop.store.base import now
from shuangjian_desktop.store.models import (
    AuditEntry,
    FundAccount,
    Institution,
    Notice,
    RiskAssessment,
    RiskState,
    Ticket,
)
from shuangjian_desktop.store.uow import Store

BATCH = 5000
Progress = Callable[[str, int, int], None]


@dataclass
class GradingResult:
    graded: int = 0
    changed: int = 0
    """Institutions whose grade in force changed."""
    counts: Counter[RiskGrade] = field(default_factory=Counter)
    """Grades in force after the run."""

    def summary(self) -> str:
        shown = "，".join(f"{g.value}级{self.counts[g]}家" for g in RiskGrade)
        return f"已评定{self.graded}家机构（{shown}），其中{self.changed}家等级有变化。"


def _factor_columns(today: dt.date, months: int) -> list[Any]:
    since = dt.datetime.combine(today, dt.time()) - dt.timedelta(days=round(30.44 * months))
    closure = or_(Ticket.category == REFUND_CATEGORY, *(Ticket.subject.contains(word) for word in CLOSURE_WORDS))
    complaints = (
        select(func.count())
        .where(Ticket.institution_id == Institution.id, Ticket.received_at >= since, closure)
        .scalar_subquery()
    )
    overdue = exists(
        select(literal(1)).where(
            Notice.institution_id == Institution.id,
            or_(
                and_(Notice.status.in_(OPEN_NOTICES), Notice.deadline < today),
                and_(Notice.status.in_((NoticeStatus.FAILED, NoticeStatus.ESCALATED)), Notice.issued_on >= since),
            ),
        )
    )
    below = exists(
        select(literal(1)).where(
            FundAccount.institution_id == Institution.id,
            FundAccount.balance_cents < FundAccount.minimum_balance_cents,
        )
    )
    return [
        Institution.id,
        Institution.category,
        Institution.status,
        Institution.students,
        Institution.prepaid_balance_cents,
        Institution.fund_supervised,
        Institution.licence_no,
        Institution.risk_grade,
        complaints.label("complaints"),
        overdue.label("overdue"),
        below.label("below"),
        RiskState.computed_grade,
        RiskState.score,
        RiskState.factors,
        RiskState.override_grade,
    ]


def _inputs(row: Row[Any]) -> RiskInputs:
    return RiskInputs(
        category=row.category,
        status=row.status,
        students=row.students or 0,
        balance_cents=row.prepaid_balance_cents or 0,
        fund_supervised=bool(row.fund_supervised),
        licensed=bool((row.licence_no or "").strip()),
        complaints=row.complaints or 0,
        notices_overdue=bool(row.overdue),
        below_minimum=bool(row.below),
    )


def _select(today: dt.date, months: int) -> Any:
    return select(*_factor_columns(today, months)).outerjoin(RiskState, RiskState.institution_id == Institution.id)


def _write(
    session: Session, rows: Sequence[Row[Any]], weights: RiskWeights, user: str, at: dt.datetime, result: GradingResult
) -> None:
    """Work out each row's grade and write what changed (Core statements, one executemany each)."""
    new_states: list[dict[str, Any]] = []
    changed_states: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    grades: list[dict[str, Any]] = []
    known: dict[tuple[int, ...], Assessment] = {}
    for row in rows:
        key = levels(_inputs(row), weights)
        found = known.get(key) or known.setdefault(key, assess_levels(key, weights))
        in_force = row.override_grade or found.grade
        result.graded += 1
        result.counts[in_force] += 1
        state = {
            "institution_id": row.id,
            "computed_grade": found.grade,
            "score": found.score,
            "factors": found.code,
            "reasons": found.reasons_text(),
            "assessed_at": at,
        }
        first = row.computed_grade is None
        if first:
            new_states.append({**state, "override_grade": None})
        elif (row.computed_grade, row.score, row.factors) != (found.grade, found.score, found.code):
            changed_states.append({"key": row.id, **{k: v for k, v in state.items() if k != "institution_id"}})
        else:
            continue
        if row.risk_grade is not in_force:
            grades.append({"key": row.id, "risk_grade": in_force})
            result.changed += 1
        if first or row.risk_grade is not in_force or row.factors != found.code:
            note = None
            if first:
                note = "首次评定" + (f"（原填报等级{row.risk_grade.value}级）" if row.risk_grade else "")
            elif row.override_grade:
                note = f"人工调整为{row.override_grade.value}级，仍然有效"
            history.append(
                {
                    "institution_id": row.id,
                    "assessed_at": at,
                    "kind": "computed",
                    "grade": in_force,
                    "previous_grade": row.risk_grade,
                    "computed_grade": found.grade,
                    "score": found.score,
                    "reasons": found.reasons_text(),
                    "username": user,
                    "note": note,
                }
            )
    connection = session.connection()
    if new_states:
        connection.execute(insert(RiskState.__table__), new_states)
    if changed_states:
        connection.execute(
            update(RiskState.__table__)
            .where(RiskState.__table__.c.institution_id == _bind("key"))
            .values(**{k: _bind(k) for k in changed_states[0] if k != "key"}),
            changed_states,
        )
    if grades:
        connection.execute(
            update(Institution.__table__)
            .where(Institution.__table__.c.id == _bind("key"))
            .values(risk_grade=_bind("risk_grade")),
            [{"key": g["key"], "risk_grade": g["risk_grade"].value} for g in grades],
        )
    if history:
        connection.execute(insert(RiskAssessment.__table__), history)


def _bind(name: str) -> Any:
    return bindparam(name)


def grade_all(
    store: Store,
    settings: opts.Settings,
    user: str,
    *,
    today: dt.date | None = None,
    batch: int = BATCH,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> GradingResult:
    """Grade every institution (one transaction per batch of ``batch`` ids); the run goes on record."""
    today = today or dt.date.today()
    weights = weights_from(settings)
    months = max(1, settings.get(opts.RISK_COMPLAINT_MONTHS))
    result = GradingResult()
    at = now()
    with store.read() as uow:
        total = uow.session.scalar(select(func.count()).select_from(Institution)) or 0
    after = 0
    while True:
        if cancelled():
            raise DomainError(f"已停止：已评定{result.graded}家（已保存），其余保持原等级。")
        with store.write(user, Action.EDIT_LEDGERS) as uow:
            session = uow.session
            rows = (
                session.connection()  # Core rows: the ORM's per-row loading is most of the cost at a million
                .execute(_select(today, months).where(Institution.id > after).order_by(Institution.id).limit(batch))
                .all()
            )
            if not rows:
                break
            _write(session, rows, weights, user, at, result)
            after = rows[-1].id
            uow.commit()
        if progress is not None:
            progress("评定风险等级", result.graded, total)
    with store.record(user, Action.EDIT_LEDGERS) as uow:
        record_run(uow.session, user, result)
        uow.commit()
    return result


def record_run(session: Session, user: str, result: GradingResult) -> None:
    """A grading run on record (the home page reads when the last one was)."""
    details = {
        "评定": result.graded,
        "等级变化": result.changed,
        **{f"{g.value}级": result.counts[g] for g in RiskGrade},
    }
    record_event(session, user, AuditAction.UPDATE, "risk_state", RUN_SUMMARY, details)


def grade_in_session(
    session: Session, settings: opts.Settings, user: str, ids: Sequence[int], today: dt.date
) -> GradingResult:
    """Grade these institutions inside the caller's transaction (after a change that concerns them)."""
    weights = weights_from(settings)
    months = max(1, settings.get(opts.RISK_COMPLAINT_MONTHS))
    result = GradingResult()
    for start in range(0, len(ids), BATCH):
        chunk = list(ids[start : start + BATCH])
        rows = session.connection().execute(_select(today, months).where(Institution.id.in_(chunk))).all()
        _write(session, rows, weights, user, now(), result)
    return result


def override(
    store: Store, settings: opts.Settings, institution_id: int, grade: RiskGrade, reason: str, user: str
) -> None:
    """Set the grade in force by hand, with the reason; the computed grade goes on being worked out beside it."""
    if not (reason or "").strip():
        raise RecordRejected([FieldProblem(None, "调整理由", "不能为空（写明依据，如会商研判意见）")])
    with store.write(user, Action.EDIT_LEDGERS) as uow:
        session = uow.session
        if session.get(Institution, institution_id) is None:
            raise NotFound("该机构已不存在（可能已被删除）")
        override_in_session(session, settings, institution_id, grade, reason, user)
        uow.commit()


def override_in_session(
    session: Session, settings: opts.Settings, institution_id: int, grade: RiskGrade, reason: str, user: str
) -> None:
    inst = session.get(Institution, institution_id)
    assert inst is not None
    state = session.get(RiskState, institution_id)
    if state is None:
        grade_in_session(session, settings, user, [institution_id], dt.date.today())
        session.expire_all()
        state = session.get(RiskState, institution_id)
        inst = session.get(Institution, institution_id)
        assert inst is not None
    assert state is not None
    previous = inst.risk_grade
    at = now()
    state.override_grade, state.override_reason, state.override_by, state.override_at = grade, reason.strip(), user, at
    inst.risk_grade = grade
    session.add(
        RiskAssessment(
            institution_id=institution_id,
            assessed_at=at,
            kind="override",
            grade=grade,
            previous_grade=previous,
            computed_grade=state.computed_grade,
            score=state.score,
            reasons=state.reasons,
            username=user,
            note=reason.strip(),
        )
    )


def remove_override(store: Store, institution_id: int, reason: str, user: str) -> RiskGrade:
    """Go back to the computed grade; returns it."""
    with store.write(user, Action.EDIT_LEDGERS) as uow:
        session = uow.session
        state = session.get(RiskState, institution_id)
        inst = session.get(Institution, institution_id)
        if state is None or inst is None or state.override_grade is None:
            raise DomainError("该机构的风险等级没有人工调整")
        previous = inst.risk_grade
        state.override_grade = state.override_reason = state.override_by = state.override_at = None
        inst.risk_grade = state.computed_grade
        session.add(
            RiskAssessment(
                institution_id=institution_id,
                assessed_at=now(),
                kind="override_removed",
                grade=state.computed_grade,
                previous_grade=previous,
                computed_grade=state.computed_grade,
                score=state.score,
                reasons=state.reasons,
                username=user,
                note=(reason or "").strip() or "取消人工调整，恢复计算等级",
            )
        )
        computed = state.computed_grade
        uow.commit()
    return computed


RUN_SUMMARY = "风险分级评定"


def last_graded_at(session: Session) -> dt.datetime | None:
    """When the last grading run finished (the run is on record in the audit trail)."""
    return session.scalar(
        select(func.max(AuditEntry.at)).where(AuditEntry.entity == "risk_state", AuditEntry.summary == RUN_SUMMARY)
    )
