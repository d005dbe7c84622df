"""What the supervision packages (services/patrol, risk, funds, lists) share: finding the institution a form or a
sheet names, and the month a plan or report is for."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.errors import InvalidValue
from shuangjian_desktop.store.models import Institution


def institution_named(session: Session, name: str) -> tuple[Institution | None, str]:
    """The institution called ``name`` (exactly), or None and why not (none, or several of that name)."""
    found = list(session.scalars(select(Institution).where(Institution.name == name.strip()).limit(2)))
    if len(found) == 1:
        return found[0], ""
    if not found:
        return None, "机构台账中没有该机构"
    count = session.scalar(select(func.count()).select_from(Institution).where(Institution.name == name.strip()))
    return None, f"机构台账中有{count}家同名机构，请先在机构台账中区分（如补全名称）"


def parse_month(text: str) -> tuple[int, int]:
    """ "2026-11", "2026年11月", "202611" -> (2026, 11); InvalidValue otherwise."""
    found = re.fullmatch(r"\s*(\d{4})\s*(?:-|/|\.|年)?\s*(\d{1,2})\s*月?\s*", text or "")
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise InvalidValue(f"“{text}”不是月份（写法如 2026-11）")
    return int(found.group(1)), int(found.group(2))


def month_text(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """The first day of the month and the first day of the next."""
    first = dt.date(year, month, 1)
    return first, (first + dt.timedelta(days=32)).replace(day=1)


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def bureau_unit(session: Session) -> tuple[str, str]:
    """(the reporting unit's name, its county) from 单位信息, with a plain fallback when it is not filled in."""
    from shuangjian_desktop.store.models import BureauProfile

    profile = session.scalar(select(BureauProfile))
    county = (profile.county if profile else "") or ""
    unit = (profile.unit_name if profile else "") or f"{county}教育行政部门"
    return unit, county
