"""The demo county's three accounts, one per role, so a newcomer can try each; the login window shows them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from shuangjian_desktop.domain.enums import UserRole
from shuangjian_desktop.services.accounts import hash_password
from shuangjian_desktop.store.access import accounts_exist
from shuangjian_desktop.store.models import AppUser

DEMO_PASSWORD = "demo2026"
DEMO_ACCOUNTS = (
    ("admin", "系统管理员", UserRole.ADMIN),
    ("李晓燕", "李晓燕", UserRole.CLERK),
    ("周建华", "周建华", UserRole.LEADER),
)


def add_demo_accounts(session: Session) -> None:
    """Add the accounts unless the database already has some (then those stay the only ones)."""
    if accounts_exist(session):
        return
    hashed = hash_password(DEMO_PASSWORD)
    for username, display_name, role in DEMO_ACCOUNTS:
        session.add(AppUser(username=username, display_name=display_name, role=role, password_hash=hashed))
