"""工具 > 设置: every declared setting (settings.OPTIONS) as the settings screen shows and changes it.

Grouped by the first part of the key (titled by settings.GROUPS), each with its Chinese label, type, range, default
and hint; an option declared anywhere (the patrol plan's visit frequency, the risk weights) appears without more
code. Saving is the administrator's (refused here otherwise, before anything changes), checks every value first
(each bad one named), writes the file atomically, and puts the change on record in the audit trail (old -> new).
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.enums import AuditAction
from shuangjian_desktop.domain.errors import DomainError, FieldProblem, RecordRejected
from shuangjian_desktop.store.audit import record_event
from shuangjian_desktop.store.uow import Store

OTHER_GROUP = "其他设置"
BOOL_WORDS = {"是": True, "否": False, "true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}


@dataclass(frozen=True)
class SettingView:
    key: str
    label: str
    kind: str
    """int, float, bool, date or text."""
    value: Any
    default: Any
    minimum: float | None
    maximum: float | None
    hint: str

    def shown(self, value: Any) -> str:
        if isinstance(value, bool):
            return "是" if value else "否"
        return str(value)


def _kind(option: opts.Option[Any]) -> str:
    if option.date:
        return "date"
    return {int: "int", float: "float", bool: "bool"}.get(option.kind, "text")


def group_title(group: str) -> str:
    return opts.GROUPS.get(group, OTHER_GROUP)


class SettingsService:
    def __init__(self, store: Store, settings: opts.Settings) -> None:
        self.store = store
        self.settings = settings

    def groups(self) -> list[tuple[str, list[SettingView]]]:
        """(group title, its settings) in the order declared; the program's own lists are left out."""
        grouped: dict[str, list[SettingView]] = {}
        for option in opts.OPTIONS.values():
            if option.internal:
                continue
            view = SettingView(
                option.key,
                option.label,
                _kind(option),
                self.settings.get(option),
                option.default,
                option.minimum,
                option.maximum,
                option.hint,
            )
            grouped.setdefault(group_title(option.group), []).append(view)
        return list(grouped.items())

    def parse(self, assignments: list[str]) -> dict[str, Any]:
        """``KEY=VALUE`` texts (the command line's) as typed values; every bad one named."""
        values: dict[str, Any] = {}
        problems = []
        for item in assignments:
            key, sep, text = item.partition("=")
            option = opts.OPTIONS.get(key.strip())
            if not sep or option is None or option.internal:
                known = "、".join(k for k, o in opts.OPTIONS.items() if not o.internal)
                problems.append(FieldProblem(None, key.strip() or item, f"写法应为“设置项=值”，设置项为：{known}"))
                continue
            text = text.strip()
            try:
                if option.kind is bool:
                    if text not in BOOL_WORDS:
                        raise ValueError
                    values[option.key] = BOOL_WORDS[text]
                elif option.kind in (int, float):
                    values[option.key] = option.kind(text)
                else:
                    values[option.key] = text
            except ValueError:
                problems.append(FieldProblem(None, option.label, f"“{text}”不是{opts.KIND_WORDS[option.kind]}"))
        if problems:
            raise RecordRejected(problems)
        return values

    def listing(self) -> list[str]:
        """Every setting as a line: 组 · 标签（key）：值（默认：…）."""
        return [
            f"{title} · {v.label}（{v.key}）：{v.shown(v.value)}（默认：{v.shown(v.default)}）"
            for title, views in self.groups()
            for v in views
        ]

    def may_change(self, user: str) -> str:
        """Why ``user`` may not change settings ("" when they may)."""
        try:
            self.store.require(user, Action.EDIT_SETTINGS)
        except DomainError as refused:
            return str(refused)
        return ""

    def save(self, values: dict[str, Any], user: str) -> list[str]:
        """Put ``values`` (key -> value) in force and on disk together, or none of them; returns what changed as
        “标签：旧值 → 新值” lines (empty when nothing did)."""
        self.store.require(user, Action.EDIT_SETTINGS)
        problems = []
        for key, value in values.items():
            option = opts.OPTIONS.get(key)
            if option is None or option.internal:
                problems.append(FieldProblem(None, key, "不是可在这里修改的设置"))
                continue
            why = option.problem(value)
            if why:
                problems.append(FieldProblem(None, option.label, why))
        merged = {key: self.settings.value_of(key) for key in opts.OPTIONS} | values
        for key, why in opts.cross_problems(merged):
            problems.append(FieldProblem(None, opts.OPTIONS[key].label, why))
        if problems:
            raise RecordRejected(problems)
        changed = {key: value for key, value in values.items() if value != self.settings.value_of(key)}
        if not changed:
            return []
        before = {key: self.settings.value_of(key) for key in changed}
        lines = [f"{opts.OPTIONS[k].label}：{_text(before[k])} → {_text(v)}" for k, v in changed.items()]
        with self.store.record(user, Action.EDIT_SETTINGS) as uow:
            record_event(
                uow.session,
                user,
                AuditAction.UPDATE,
                "settings",
                f"修改设置（{len(changed)}项）",
                {opts.OPTIONS[k].label: [before[k], v] for k, v in changed.items()},
            )
            self.settings.replace_values(changed)
            try:
                self.settings.save()
                uow.commit()
            except BaseException:  # nothing changes: the values in force and the file go back as they were
                self.settings.replace_values(before)
                with suppress(Exception):
                    self.settings.save()
                raise
        return lines


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)
