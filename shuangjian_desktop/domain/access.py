"""Who may do what: the roles' actions, the password rule and the lock after wrong passwords.

管理员 manages accounts, settings and restores, sees personal data in full (recorded in the audit trail), and may do
everything else; 经办人 edits the ledgers, handles tickets, records inspections and issues notices; 领导 reads, prints
and exports (with ID numbers and confidential callers masked). The services ask :func:`refusal` before they
act, so a greyed-out button is a convenience, not the protection.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from shuangjian_desktop.domain.enums import LabelledEnum, UserRole
from shuangjian_desktop.domain.errors import DomainError


class Action(LabelledEnum):
    READ = "read", "查看台账"
    PRINT = "print", "打印"
    EXPORT = "export", "导出"
    EDIT_LEDGERS = "edit_ledgers", "修改台账"
    IMPORT = "import", "导入台账"
    HANDLE_TICKETS = "handle_tickets", "办理投诉工单"
    RECORD_INSPECTIONS = "record_inspections", "登记检查"
    ISSUE_NOTICES = "issue_notices", "开具和办理整改通知书"
    BACKUP = "backup", "备份数据库"
    RESTORE = "restore", "恢复数据库"
    EDIT_SETTINGS = "edit_settings", "修改单位信息、节假日安排和设置"
    MANAGE_USERS = "manage_users", "管理账户"
    REVEAL_PERSONAL = "reveal_personal", "查看和导出完整的个人信息（身份证号、保密来电人）"


_EVERYONE = frozenset({Action.READ, Action.PRINT, Action.EXPORT})
_CLERK = _EVERYONE | {
    Action.EDIT_LEDGERS,
    Action.IMPORT,
    Action.HANDLE_TICKETS,
    Action.RECORD_INSPECTIONS,
    Action.ISSUE_NOTICES,
    Action.BACKUP,
}

ALLOWED: Mapping[UserRole, frozenset[Action]] = {
    UserRole.ADMIN: frozenset(Action),
    UserRole.CLERK: frozenset(_CLERK),
    UserRole.LEADER: _EVERYONE,
}
"""The role x action matrix; tests walk every pair of it through the real services."""

MAX_FAILED_SIGN_INS = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 8


class NotPermitted(DomainError):
    """The signed-in account's role does not allow the action; nothing was changed."""


class SignInRefused(DomainError):
    """Wrong name or password, a locked or a disabled account; the message says which and what to do."""


@dataclass(frozen=True)
class Actor:
    """The signed-in account, as the window and the command line carry it."""

    username: str
    display_name: str
    role: UserRole

    def may(self, action: Action) -> bool:
        return action in ALLOWED[self.role]

    def describe(self) -> str:
        return f"{self.display_name}（{self.role.label}）"


def roles_allowed(action: Action) -> list[UserRole]:
    return [role for role in UserRole if action in ALLOWED[role]]


def refusal(who: str, role: UserRole | None, action: Action) -> str | None:
    """Why ``who`` may not do ``action`` (a Chinese sentence), or None when the role allows it."""
    if role is not None and action in ALLOWED[role]:
        return None
    needed = "或".join(r.label for r in roles_allowed(action))
    if role is None:
        return f"账户“{who}”不存在或已停用，不能{action.label}。"
    return f"“{who}”是{role.label}账户，不能{action.label}；需要{needed}账户。本次未作任何改动。"


def password_problem(password: str, username: str = "") -> str | None:
    """Why a new password is not acceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"密码至少{MIN_PASSWORD_LENGTH}位"
    if password.strip() != password:
        return "密码首尾不能有空格"
    if not any(c.isdigit() for c in password) or not any(c.isalpha() for c in password):
        return "密码须同时包含字母和数字"
    if username and username.casefold() in password.casefold():
        return "密码不能包含用户名"
    return None


def username_problem(username: str) -> str | None:
    if not username:
        return "用户名不能为空"
    if len(username) > 30:
        return "用户名不能超过30个字"
    if any(c.isspace() for c in username):
        return "用户名不能包含空格"
    return None


def after_failure(failed: int, now: dt.datetime) -> tuple[int, dt.datetime | None]:
    """(failed count, locked until) after one more wrong password: the fifth locks the account for 15 minutes."""
    failed += 1
    if failed >= MAX_FAILED_SIGN_INS:
        return 0, now + dt.timedelta(minutes=LOCK_MINUTES)
    return failed, None


def lock_message(until: dt.datetime, now: dt.datetime) -> str:
    minutes = max(1, -(-int((until - now).total_seconds()) // 60))
    return (
        f"密码连续输错{MAX_FAILED_SIGN_INS}次，账户已锁定，请{minutes}分钟后（{until:%H:%M}以后）再试，"
        "或请管理员重置密码。"
    )
