"""What helps a clerk find their way: tooltips that name an action's shortcut (新增 (Ctrl+N)) and what else does the
same, and for a greyed-out action why it is greyed out."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from shuangjian_desktop.domain.access import Action, Actor, refusal

SHORTCUTS = {
    "新增": QKeySequence.StandardKey.New,
    "编辑": "Ctrl+O",
    "删除": QKeySequence.StandardKey.Delete,
    "复制": QKeySequence.StandardKey.Copy,
    "导出当前列表": "Ctrl+E",
    "打印预览": QKeySequence.StandardKey.Print,
}
"""The window's menu shortcuts (ui/main_window.py) for the view's actions, named in their tooltips."""
EXTRA_HINTS = {"编辑": "双击或回车也可打开"}


def shortcut_text(key: object) -> str:
    """A shortcut as the clerk reads it (Ctrl+N, Del)."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


def hint(text: str) -> str:
    """An action's tooltip: its name, its shortcut and any other way to do it, e.g. "新增 (Ctrl+N)"."""
    key = SHORTCUTS.get(text)
    shown = f"{text} ({shortcut_text(key)})" if key is not None else text
    extra = EXTRA_HINTS.get(text)
    return f"{shown}；{extra}" if extra else shown


def explain_disabled(
    window: QMainWindow, actor: Actor, actions: Iterable[tuple[QAction, Action]], read_only: str | None = None
) -> None:
    """Each greyed-out menu action's tooltip says why (the role, or a read-only window); menus show tooltips."""
    for qaction, needed in actions:
        name = qaction.text().split("(")[0]
        why = refusal(actor.username, actor.role, needed) or ""
        if read_only and needed in (Action.RESTORE,):
            why = f"本窗口为只读（{read_only}）。"
        shortcut = qaction.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        shown = f"{name} ({shortcut})" if shortcut else name
        qaction.setToolTip(shown if qaction.isEnabled() else f"{name}：{why.removesuffix('本次未作任何改动。')}")
    for menu in window.menuBar().findChildren(QMenu):
        menu.setToolTipsVisible(True)
