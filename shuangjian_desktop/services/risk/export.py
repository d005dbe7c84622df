"""`risk --out F.xlsx`: every institution's grade and reasons in one sheet (read by id in batches, written as it is
read), on record in the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from shuangjian_desktop.domain.enums import RiskGrade
from shuangjian_desktop.domain.values import chinese_date
from shuangjian_desktop.services.privacy import recorded_export
from shuangjian_desktop.services.risk.grading import last_graded_at
from shuangjian_desktop.services.risk.register import open_plan
from shuangjian_desktop.services.supervised import bureau_unit
from shuangjian_desktop.store.models import Institution, RiskState
from shuangjian_desktop.store.uow import Store

BATCH = 5000
HEADERS = (
    "序号",
    "机构名称",
    "统一社会信用代码",
    "类别",
    "办学状态",
    "风险等级",
    "计算等级",
    "分值",
    "风险因素",
    "人工调整理由",
    "调整人",
    "处置方案",
)


def _rows(store: Store) -> Iterator[Sequence[Any]]:
    after, number = 0, 0
    while True:
        with store.read() as uow:
            batch = uow.session.execute(
                select(Institution, RiskState, open_plan().label("planned"))
                .outerjoin(RiskState, RiskState.institution_id == Institution.id)
                .where(Institution.id > after)
                .order_by(Institution.id)
                .limit(BATCH)
            ).all()
        if not batch:
            return
        for inst, state, planned in batch:
            number += 1
            needs = inst.risk_grade in (RiskGrade.C, RiskGrade.D)
            yield (
                number,
                inst.name,
                inst.credit_code or "",
                inst.category.label,
                inst.status.label,
                inst.risk_grade.value if inst.risk_grade else "未评定",
                state.computed_grade.value if state else "",
                state.score if state else None,
                state.reasons if state else "尚未评定",
                (state.override_reason or "") if state else "",
                (state.override_by or "") if state else "",
                "处置中" if planned else ("未建立" if needs else ""),
            )
        after = batch[-1][0].id


def export_risk(store: Store, path: Path, user: str, progress: Callable[[int], None] | None = None) -> int:
    from shuangjian_desktop.documents.supervision_xlsx import SheetData, write_sheets
    from shuangjian_desktop.documents.xlsx_writer import ColumnSpec

    with store.read() as uow:
        session = uow.session
        counts = dict(
            session.execute(select(Institution.risk_grade, func.count()).group_by(Institution.risk_grade)).all()
        )
        graded = last_graded_at(session)
        unit, county = bureau_unit(session)
    shown = "，".join(f"{g.value}级{counts.get(g, 0)}家" for g in RiskGrade)
    when = f"{graded:%Y-%m-%d %H:%M}" if graded else "尚未评定"
    columns = [ColumnSpec(h, number_format="0" if h in ("序号", "分值") else None) for h in HEADERS]
    with recorded_export(store, user, "风险分级表", path) as exported:
        exported.rows = write_sheets(
            path,
            [
                SheetData(
                    "风险分级",
                    f"{county}校外培训机构风险分级表",
                    columns,
                    _rows(store),
                    above=[f"{shown}；未评定{counts.get(None, 0)}家。最近一次评定：{when}。"],
                    below=[unit, chinese_date(dt.date.today())],
                )
            ],
            progress,
        )
    return exported.rows
