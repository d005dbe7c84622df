"""Accounts: the first administrator, sign-in with the lock after wrong passwords, password change and reset,
and the administrator's list of users. Passwords are kept only as argon2 hashes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.access import (
    LOCK_MINUTES,
    MAX_FAILED_SIGN_INS,
    Action,
    Actor,
    NotPermitted,
    SignInRefused,
    after_failure,
    lock_message,
    password_problem,
    username_problem,
)
from shuangjian_desktop.domain.enums import UserRole
from shuangjian_desktop.domain.errors import DomainError, FieldProblem, RecordRejected
from shuangjian_desktop.store.access import account_in_file, accounts_exist
from shuangjian_desktop.store.models import AppUser
from shuangjian_desktop.store.uow import Store

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@dataclass(frozen=True)
class Account:
    """What the administrator's list shows of an account (never the hash)."""

    username: str
    display_name: str
    role: UserRole
    active: bool
    locked_until: dt.datetime | None


def _actor(user: AppUser) -> Actor:
    return Actor(user.username, user.display_name, user.role)


def _checked(username: str, display_name: str, password: str | None) -> None:
    problems = []
    if why := username_problem(username):
        problems.append(FieldProblem(None, "用户名", why))
    if not display_name.strip():
        problems.append(FieldProblem(None, "姓名", "不能为空"))
    if password is not None and (why := password_problem(password, username)):
        problems.append(FieldProblem(None, "密码", why))
    if problems:
        raise RecordRejected(problems)


class AccountService:
    def __init__(self, store: Store, clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self.store = store
        self.clock = clock

    def has_accounts(self) -> bool:
        with self.store.read() as uow:
            return accounts_exist(uow.session)

    def accounts(self) -> list[Account]:
        with self.store.read() as uow:
            rows = uow.session.scalars(select(AppUser).order_by(AppUser.id))
            return [Account(u.username, u.display_name, u.role, u.active, u.locked_until) for u in rows]

    def create_first_admin(self, username: str, display_name: str, password: str) -> Actor:
        """The first start's administrator; refused once any account exists."""
        username, display_name = username.strip(), display_name.strip()
        _checked(username, display_name, password)
        with self.store.write(username, Action.MANAGE_USERS) as uow:
            if accounts_exist(uow.session):
                raise NotPermitted("已经有账户了，第一个管理员只能在没有任何账户时创建；请用管理员账户登录后添加。")
            user = self._new(uow.session, username, display_name, UserRole.ADMIN, password)
            uow.commit()
            return _actor(user)

    def sign_in(self, username: str, password: str) -> Actor:
        """The signed-in account, or SignInRefused naming why (wrong password with tries left, locked, disabled)."""
        now = self.clock().replace(microsecond=0)
        username = username.strip()
        with self.store.read() as uow:
            user = uow.session.scalar(select(AppUser).where(AppUser.username == username))
        if user is None:
            raise SignInRefused("用户名或密码不正确。")
        if not user.active:
            raise SignInRefused(f"账户“{username}”已停用，请联系管理员。")
        if user.locked_until and user.locked_until > now:
            raise SignInRefused(lock_message(user.locked_until, now))
        if why := self.store.cannot_record():
            # A wrong password must be counted before the next try, or passwords could be guessed without end.
            raise SignInRefused(f"{why}，无法记录密码输错的次数；为防止猜测密码，暂不能登录。请稍后再试或联系管理员。")
        if not _verifies(user.password_hash, password):
            raise self._failed(username, now)
        if user.failed_attempts or user.locked_until or _hasher.check_needs_rehash(user.password_hash):
            self._record(username, lambda u: _clear(u, password))
        return _actor(user)

    def _failed(self, username: str, now: dt.datetime) -> SignInRefused:
        outcome: list[tuple[int, dt.datetime | None]] = []

        def count(user: AppUser) -> None:
            user.failed_attempts, user.locked_until = after_failure(user.failed_attempts or 0, now)
            outcome.append((user.failed_attempts, user.locked_until))

        self._record(username, count)
        failed, until = outcome[-1]
        if until is not None:
            return SignInRefused(lock_message(until, now))
        return SignInRefused(
            f"用户名或密码不正确，还可以再试{MAX_FAILED_SIGN_INS - failed}次，之后账户将锁定{LOCK_MINUTES}分钟。"
        )

    def _record(self, username: str, change: Callable[[AppUser], None]) -> None:
        """Apply ``change`` to the account in its own transaction (also from a read-only window: the count of wrong
        passwords lives in the database, whoever holds it for writing)."""
        with self.store.sign_in_records(username) as uow:
            user = uow.session.scalar(select(AppUser).where(AppUser.username == username))
            if user is not None:
                change(user)
            uow.commit()

    def change_password(self, username: str, old: str, new: str) -> None:
        self.sign_in(username, old)
        if why := password_problem(new, username):
            raise RecordRejected([FieldProblem(None, "新密码", why)])
        if old == new:
            raise RecordRejected([FieldProblem(None, "新密码", "不能与原密码相同")])
        with self.store.write(username, Action.READ) as uow:
            user = self._get(uow.session, username)
            user.password_hash = hash_password(new)
            uow.commit()

    def reset_password(self, admin: str, username: str, new: str) -> None:
        """An administrator sets a new password; this also lifts a lock."""
        if why := password_problem(new, username):
            raise RecordRejected([FieldProblem(None, "新密码", why)])
        with self.store.write(admin, Action.MANAGE_USERS) as uow:
            _clear(self._get(uow.session, username), new)
            uow.commit()

    def add(self, admin: str, username: str, display_name: str, role: UserRole, password: str) -> Actor:
        username, display_name = username.strip(), display_name.strip()
        _checked(username, display_name, password)
        with self.store.write(admin, Action.MANAGE_USERS) as uow:
            if uow.session.scalar(select(AppUser.id).where(AppUser.username == username)):
                raise RecordRejected([FieldProblem(None, "用户名", f"“{username}”已被使用")])
            user = self._new(uow.session, username, display_name, role, password)
            uow.commit()
            return _actor(user)

    def update(self, admin: str, username: str, display_name: str, role: UserRole, active: bool) -> None:
        """Change an account's name, role or whether it may sign in; the last active administrator stays one."""
        _checked(username, display_name, None)
        with self.store.write(admin, Action.MANAGE_USERS) as uow:
            user = self._get(uow.session, username)
            if user.role == UserRole.ADMIN and user.active and (role != UserRole.ADMIN or not active):
                others = uow.session.scalar(
                    select(func.count())
                    .select_from(AppUser)
                    .where(AppUser.role == UserRole.ADMIN, AppUser.active.is_(True), AppUser.id != user.id)
                )
                if not others:
                    raise DomainError(f"“{user.display_name}”是唯一可用的管理员账户，不能停用或改为其他角色。")
            user.display_name, user.role, user.active = display_name.strip(), role, active
            uow.commit()

    @staticmethod
    def _get(session: Session, username: str) -> AppUser:
        user = session.scalar(select(AppUser).where(AppUser.username == username))
        if user is None:
            raise DomainError(f"没有账户“{username}”")
        return user

    @staticmethod
    def _new(session: Session, username: str, display_name: str, role: UserRole, password: str) -> AppUser:
        user = AppUser(
            username=username,
            display_name=display_name,
            role=role,
            password_hash=hash_password(password),
            failed_attempts=0,
            active=True,
        )
        session.add(user)
        session.flush()
        return user


def _clear(user: AppUser, password: str) -> None:
    """Forget wrong attempts and the lock; keep the hash current (a new password, or the same one rehashed)."""
    user.failed_attempts = 0
    user.locked_until = None
    if _hasher.check_needs_rehash(user.password_hash) or not _verifies(user.password_hash, password):
        user.password_hash = hash_password(password)


def verify_in_file(db_path: Path, username: str, password: str) -> Actor:
    """Sign in against the accounts of a database file that is only read, never written: a backup offered for
    restoring a damaged database. Wrong passwords cannot be counted there; the caller limits the tries."""
    user = account_in_file(db_path, username.strip())
    if user is None or not _verifies(user.password_hash, password):
        raise SignInRefused("用户名或密码不正确（按备份中的账户核对）。")
    return _actor(user)


def _verifies(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False
