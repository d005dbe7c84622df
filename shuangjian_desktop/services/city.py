"""A city on one server: its accounts read every county's ledgers (never write them) and make the city's merged
monthly return straight from the data: each county's return is built by the same code a county's export uses, from
that county's schema, and the returns are added together as merging the counties' spreadsheets adds them
(services/return_merging.py), so the figures are the same."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from shuangjian_desktop.documents.monthly_return_xlsx import ReadReturn, layout
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.monthly_return import build_period, month_bounds, month_warning
from shuangjian_desktop.services.return_merging import MergeResult, merge_read
from shuangjian_desktop.store.counties import readable_counties
from shuangjian_desktop.store.location import ServerLocation
from shuangjian_desktop.store.migrate import current_revision, head_revision
from shuangjian_desktop.store.server import make_server_engine
from shuangjian_desktop.store.uow import Store

CITY_READS = "市局账户只能查看各县台账"


def counties_of(location: ServerLocation) -> list[str]:
    """The counties the account of ``location`` may read, by code."""
    engine = make_server_engine(location.for_county(None), read_only=True)
    try:
        return readable_counties(engine)
    finally:
        engine.dispose()


def county_store(location: ServerLocation, code: str) -> Store:
    """County ``code``'s ledgers, read-only, as the account of ``location`` (the city's) sees them."""
    engine = make_server_engine(location.for_county(code), read_only=True)
    if current_revision(engine) != head_revision():
        engine.dispose()
        raise DomainError(f"服务器上“{code}”县的台账不是本程序的版本，请服务器管理员先运行 shuangjian city upgrade")
    return Store(engine, CITY_READS)


def county_return(store: Store, month: str, baseline: dt.date, today: dt.date) -> ReadReturn:
    """One county's return for ``month`` as its export would write it (an unfinished month up to ``today``)."""
    first, last = month_bounds(month)
    built = build_period(store, first, min(last, max(today, first)), baseline, label=month)
    details = [(d.figure, d.kind, d.record, d.day) for d in built.details]
    return ReadReturn(layout()["layout"], month, built.unit, dict(built.values), details, [])


def city_return(
    location: ServerLocation,
    month: str,
    out: Path,
    baseline: dt.date,
    *,
    filled_on: dt.date | None = None,
    today: dt.date | None = None,
) -> tuple[MergeResult, str]:
    """The city's merged return of every county the account reads, written to ``out``; (result, the warning for an
    unfinished month or "")."""
    today = today or dt.date.today()
    codes = counties_of(location)
    if not codes:
        raise DomainError(f"{location.describe()}：本账户不能查看任何县的台账（请服务器管理员授权市局账户）")
    returns = []
    for code in codes:
        store = county_store(location, code)
        try:
            figures = county_return(store, month, baseline, today)
        finally:
            store.dispose()
        if not figures.unit:  # a county that has not filled in 单位信息 yet
            figures = replace(figures, unit=code)
        returns.append((code, figures))
    return merge_read(returns, out, filled_on or today), month_warning(month, today)
