"""The coverage check printed (包保覆盖检查表): its summary and every gap, read a page at a time, as a PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select

from shuangjian_desktop import settings as opts
from shuangjian_desktop.services.assignments.coverage import CoverageGaps
from shuangjian_desktop.store.uow import Store

PRINT_PAGE = 500


def print_coverage(store: Store, settings: opts.Settings, path: Path, today: dt.date | None = None) -> int:
    """The coverage check as a PDF (summary, then every gap, read a page at a time); the number of gaps."""
    from shuangjian_desktop.documents.coverage_report import CoverageReport, write_coverage_report  # reportlab
    from shuangjian_desktop.domain.values import chinese_date
    from shuangjian_desktop.store.models import BureauProfile

    today = today or dt.date.today()
    gaps = CoverageGaps(store, settings, today)
    gaps.reload()
    with store.read() as uow:
        profile = uow.session.scalar(select(BureauProfile))
    unit = profile.unit_name if profile is not None and profile.unit_name else "教育和体育局"
    low, high = settings.get(opts.INSPECTOR_MIN_INSTITUTIONS), settings.get(opts.INSPECTOR_MAX_INSTITUTIONS)
    rules = [
        f"在办机构（正常办学、停业整顿、已转型）均应有局机关包保工作人员和挂牌责任督学；"
        f"每名局机关工作人员包保机构不超过{settings.get(opts.STAFF_MAX_INSTITUTIONS)}家；"
        f"每名责任督学挂牌{low}-{high}家机构；校长须签订责任书，每所有在职教师的学校须有包保校长。",
    ]

    def rows() -> Iterator[tuple[str, str, str]]:
        for offset in range(0, gaps.count(), PRINT_PAGE):
            for gap in gaps.page(offset, PRINT_PAGE):
                yield gap.title, gap.subject, gap.detail

    write_coverage_report(path, CoverageReport(unit, chinese_date(today), rules, gaps.summary(), rows()))
    return gaps.count()
