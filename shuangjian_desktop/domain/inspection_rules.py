"""Rules of inspections and notices: the key hours, the notice's lifecycle, and safe names for attachments.

Key hours (重点时段): rest days, legal holidays, and weekdays 18:00-20:30.
Notice: 已下达 -> 已送达 (receipt signer and date) -> 整改中 -> 复查合格 | 复查不合格 -> 已升级处理.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

from shuangjian_desktop.domain.enums import NoticeStatus
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.domain.workdays import DEFAULT_CALENDAR, WorkCalendar

KEY_EVENING = (dt.time(18, 0), dt.time(20, 30))
N = NoticeStatus
NOTICE_MOVES: dict[str, tuple[frozenset[NoticeStatus], NoticeStatus]] = {
    "serve": (frozenset({N.ISSUED}), N.SERVED),
    "rectifying": (frozenset({N.SERVED}), N.RECTIFYING),
    "pass": (frozenset({N.SERVED, N.RECTIFYING}), N.PASSED),
    "fail": (frozenset({N.SERVED, N.RECTIFYING}), N.FAILED),
    "escalate": (frozenset({N.FAILED}), N.ESCALATED),
}
NOTICE_STEP_LABELS = {
    "serve": "送达",
    "rectifying": "整改中",
    "pass": "复查合格",
    "fail": "复查不合格",
    "escalate": "升级处理",
}
OPEN_NOTICES = frozenset({N.ISSUED, N.SERVED, N.RECTIFYING})
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def in_key_hours(moment: dt.datetime, calendar: WorkCalendar = DEFAULT_CALENDAR) -> bool:
    if not calendar.is_workday(moment.date()):
        return True
    return KEY_EVENING[0] <= moment.time() <= KEY_EVENING[1]


def next_notice_status(status: NoticeStatus, step: str) -> NoticeStatus:
    move = NOTICE_MOVES.get(step)
    if move is None:
        raise DomainError(f"“{step}”不是通知书的办理步骤")
    sources, target = move
    if status not in sources:
        allowed = "、".join(NOTICE_STEP_LABELS[k] for k, (s, _t) in NOTICE_MOVES.items() if status in s) or "无"
        raise DomainError(f"通知书当前为“{status.label}”，不能“{NOTICE_STEP_LABELS[step]}”（现在可以：{allowed}）")
    return target


def safe_display_name(original: str) -> str:
    """The original file name as data only: the last path part under either convention, no control characters,
    at most 200 characters. Never used as a path; attachments are stored under generated names."""
    name = PureWindowsPath(PurePosixPath(original.replace("\\", "/")).name).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    name = re.sub(r'[<>:"/\\|?*]', "_", name)
    stem = name.split(".")[0].upper()
    if not name or stem in WINDOWS_RESERVED:
        name = f"附件_{name or '未命名'}"
    return name[:200]
