"""The public white and black lists (白名单 / 黑名单) and their publication (公示, ``publication``).

An institution is put on a list with a reason, a date and the bureau's document number, and taken off with its own
reason, date and number; both stay on record, so the entries are the list's history (who, when, why). It is on at
most one list at a time: blacklisting takes it off the whitelist (recorded), and a blacklisted, unlicensed or
closed institution cannot be whitelisted. ``Institution.blacklisted`` says whether it is on the blacklist now.
"""

from __future__ import annotations

import datetime as dt

from shuangjian_desktop.domain.enums import LabelledEnum, Status
from shuangjian_desktop.domain.errors import FieldProblem


class ListKind(LabelledEnum):
    BLACK = "black", "黑名单"
    WHITE = "white", "白名单"


WHITELIST_STATUSES = (Status.OPERATING, Status.CONVERTED)
"""Who may be whitelisted: institutions running with a licence."""


def entry_problems(reason: str, listed_on: dt.date | None, today: dt.date) -> list[FieldProblem]:
    problems = []
    if not (reason or "").strip():
        problems.append(FieldProblem(None, "原因", "不能为空（公示时写明列入或移出的事实和依据）"))
    if listed_on is None:
        problems.append(FieldProblem(None, "日期", "不能为空"))
    elif listed_on > today:
        problems.append(FieldProblem(None, "日期", "不能晚于今天"))
    return problems


def whitelist_refusal(name: str, status: Status, licensed: bool, blacklisted: bool) -> str:
    """Why ``name`` cannot go on the whitelist (Chinese), or ""."""
    if blacklisted:
        return f"“{name}”在黑名单上，不能列入白名单；请先移出黑名单。"
    if status not in WHITELIST_STATUSES:
        return f"“{name}”状态为“{status.label}”，不能列入白名单。"
    if not licensed:
        return f"“{name}”没有办学许可证号，不能列入白名单。"
    return ""
