"""The institution ledger's own rules, for a sheet's rows and the edit form alike: 类别 and 非学科类别 as clerks
write them, and no new running for-profit subject institution that nobody can explain.

The 双减 opinion (中办发〔2021〕40号, 2021-07-24) stopped approving subject institutions and had the ones kept
registered as non-profit. So a new running for-profit subject institution (营利性学科类, 正常办学 or 停业整顿) is
either history (one registered before that day and not yet converted, which the reduction baseline needs) or a
mistake (营利性质 or 类别 wrong; an unapproved one is recorded as 无证机构). What a county wants:
- typed in the form (someone adding one today): refused unless its registration date (登记日期) is on or before
  2021-07-24. Giving that date is the explicit confirmation, it names the policy, and the baseline needs it anyway;
  a yes/no question would be clicked through and leave the baseline guessing;
- imported (the county's old ledgers, rarely with a 登记日期 column): a date after 2021-07-24 is refused; a row with
  no date is taken as history and the import report lists it by name, so nothing is saved without a word.
"""

from __future__ import annotations

from typing import Any

from shuangjian_desktop.domain import values as v
from shuangjian_desktop.domain.enums import Category, NonSubjectArea, ProfitStatus, Status
from shuangjian_desktop.domain.errors import InvalidValue
from shuangjian_desktop.domain.reduction import POLICY_DATE
from shuangjian_desktop.domain.text import to_halfwidth
from shuangjian_desktop.services.base.sheet import RowInput
from shuangjian_desktop.store.models import Institution

NO_AREA = ("学科", "学科类", "无", "/", "-", "—", "不适用")
"""What clerks write in the non-subject area column of a subject institution."""


def parse_category(value: Any) -> Category | NonSubjectArea:
    """类别 as written; a sheet with one 培训类别 column may hold the area itself (体育, 科技 ...): non-subject."""
    text = to_halfwidth(v.text(value))
    try:
        return Category.from_label(text)
    except ValueError:
        pass
    try:
        return NonSubjectArea.from_label(text.removesuffix("类"))
    except ValueError:
        raise InvalidValue(f"“{text}”不是可选值（可选：学科类、非学科类，或体育、文化艺术、科技、其他）") from None


def parse_area(value: Any) -> NonSubjectArea | Category:
    """非学科类别; 学科 (or 无, /) there marks a subject institution."""
    text = to_halfwidth(v.text(value))
    if text in NO_AREA:
        return Category.SUBJECT
    try:
        return NonSubjectArea.from_label(text)
    except ValueError:
        try:
            return NonSubjectArea.from_label(text.removesuffix("类"))
        except ValueError as error:
            raise InvalidValue(str(error)) from None


RUNNING = (Status.OPERATING, Status.SUSPENDED)


def is_new_for_profit_subject(values: dict[str, Any], existing: Institution | None) -> bool:
    """Whether the row makes (or turns a record into) a running for-profit subject institution."""
    category = values.get("category", existing.category if existing else None)
    profit = values.get("profit_status", existing.profit_status if existing else None)
    status = values.get("status", existing.status if existing else Status.OPERATING)
    if category is not Category.SUBJECT or profit is not ProfitStatus.FOR_PROFIT or status not in RUNNING:
        return False
    return existing is None or (existing.category, existing.profit_status) != (category, profit)


def for_profit_subject_problem(values: dict[str, Any], existing: Institution | None, *, undated_ok: bool) -> str | None:
    """Why this row may not make a running for-profit subject institution (see the module's docstring), or None.
    ``undated_ok``: a row without a registration date passes (an import, which lists it instead)."""
    if not is_new_for_profit_subject(values, existing):
        return None
    registered = values.get("registered_on", existing.registered_on if existing else None)
    if registered is not None and registered <= POLICY_DATE:
        return None
    if registered is None and undated_ok:
        return None
    policy = (
        "自2021年7月24日（中办发〔2021〕40号）起不再审批学科类培训机构，保留的统一登记为非营利性机构："
        "2021年7月24日以前已登记、尚未营转非的机构，请填写登记日期；否则请核实营利性质和类别，"
        "未经审批的请将状态登记为“无证机构”"
    )
    if registered is not None:
        return f"登记日期{registered.isoformat()}在2021年7月24日之后。{policy}"
    return policy


UNDATED_NOTE = (
    "以下{count}家为营利性学科类机构且没有登记日期，已按2021年7月24日前登记的机构导入并计入压减基数"
    "（2021年7月起已停止审批学科类机构；如为新设机构，请核实营利性质、类别或改为“无证机构”）：{names}"
)


def settle_category(row: RowInput) -> None:
    """类别 and 非学科类别 as the clerk meant them: an area in the 类别 column, 学科 in the area column."""
    values = row.values
    category, area = values.get("category"), values.get("area")
    if isinstance(category, NonSubjectArea):
        if area is not None and area is not category and not isinstance(area, Category):
            row.problem("非学科类别", f"与类别列的“{category.label}”不一致")
        values["category"], values["area"] = Category.NON_SUBJECT, category
        return
    if isinstance(area, Category):
        del values["area"]
        if category is None:
            values["category"] = Category.SUBJECT
        elif category is Category.NON_SUBJECT:
            row.problem("非学科类别", "非学科类机构须填写体育、文化艺术、科技或其他")
    elif area is not None and category is None:
        values["category"] = Category.NON_SUBJECT
    if "category" not in values and not row.has_problem("类别", "非学科类别"):
        row.problem("类别", "不能为空")
