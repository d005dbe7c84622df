"""The institution register for screens: ids in SQL order for a search and filters, then rows fetched by id.

The view holds only ids and asks for the rows it shows, so 100,000 institutions open as fast as 100.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select

from shuangjian_desktop.domain.enums import Category, Status
from shuangjian_desktop.domain.text import clean_text
from shuangjian_desktop.domain.values import format_money
from shuangjian_desktop.store.models import Community, Institution, Township
from shuangjian_desktop.store.uow import Store


@dataclass(frozen=True)
class InstitutionRow:
    id: int
    name: str
    credit_code: str
    category: str
    area: str
    mode: str
    profit_status: str
    status: str
    township: str
    community: str
    legal_rep: str
    phone: str
    students: int
    prepaid_balance: str
    risk_grade: str


@dataclass(frozen=True)
class Column:
    key: str
    label: str


COLUMNS: tuple[Column, ...] = (
    Column("name", "机构名称"),
    Column("credit_code", "统一社会信用代码"),
    Column("category", "类别"),
    Column("area", "非学科类别"),
    Column("mode", "形式"),
    Column("profit_status", "营利性质"),
    Column("status", "状态"),
    Column("township", "乡镇（街道）"),
    Column("community", "社区"),
    Column("legal_rep", "法定代表人"),
    Column("phone", "联系电话"),
    Column("students", "在训学生"),
    Column("prepaid_balance", "预收费余额（元）"),
    Column("risk_grade", "风险等级"),
)
_SORT = {
    "name": Institution.sort_name,
    "credit_code": Institution.credit_code,
    "category": Institution.category,
    "area": Institution.area,
    "mode": Institution.mode,
    "profit_status": Institution.profit_status,
    "status": Institution.status,
    "township": Township.name,
    "community": Community.name,
    "legal_rep": Institution.legal_rep,
    "phone": Institution.phone,
    "students": Institution.students,
    "prepaid_balance": Institution.prepaid_balance_cents,
    "risk_grade": Institution.risk_grade,
}


@dataclass(frozen=True)
class InstitutionQuery:
    text: str = ""
    status: Status | None = None
    category: Category | None = None
    sort: str = "name"
    descending: bool = False


class InstitutionService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def _select(self, query: InstitutionQuery) -> Select[tuple[int]]:
        stmt = (
            select(Institution.id)
            .outerjoin(Community, Institution.community_id == Community.id)
            .outerjoin(Township, Community.township_id == Township.id)
        )
        text = clean_text(query.text).lower()
        for term in text.split(" "):
            if term:
                escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                stmt = stmt.where(or_(Institution.search_key.like(f"%{escaped}%", escape="\\")))
        if query.status is not None:
            stmt = stmt.where(Institution.status == query.status)
        if query.category is not None:
            stmt = stmt.where(Institution.category == query.category)
        order = _SORT.get(query.sort, Institution.sort_name)
        order_by = order.desc() if query.descending else order.asc()
        return stmt.order_by(order_by, Institution.id)

    def ids(self, query: InstitutionQuery) -> list[int]:
        with self.store.read() as uow:
            return list(uow.session.scalars(self._select(query)))

    def count(self) -> int:
        with self.store.read() as uow:
            return uow.session.scalar(select(func.count()).select_from(Institution)) or 0

    def rows(self, ids: Sequence[int]) -> dict[int, InstitutionRow]:
        if not ids:
            return {}
        stmt = (
            select(Institution, Community.name, Township.name)
            .outerjoin(Community, Institution.community_id == Community.id)
            .outerjoin(Township, Community.township_id == Township.id)
            .where(Institution.id.in_(list(ids)))
        )
        with self.store.read() as uow:
            return {inst.id: _row(inst, community, township) for inst, community, township in uow.session.execute(stmt)}

    def counts_by_status(self) -> dict[Status, int]:
        with self.store.read() as uow:
            stmt = select(Institution.status, func.count()).group_by(Institution.status)
            return {Status(status): count for status, count in uow.session.execute(stmt)}


def _row(inst: Institution, community: str | None, township: str | None) -> InstitutionRow:
    return InstitutionRow(
        id=inst.id,
        name=inst.name,
        credit_code=inst.credit_code or "",
        category=inst.category.label,
        area=inst.area.label if inst.area else "",
        mode=inst.mode.label,
        profit_status=inst.profit_status.label,
        status=inst.status.label,
        township=township or "",
        community=community or "",
        legal_rep=inst.legal_rep or "",
        phone=inst.phone or "",
        students=inst.students,
        prepaid_balance=format_money(inst.prepaid_balance_cents),
        risk_grade=inst.risk_grade.value if inst.risk_grade else "",
    )
