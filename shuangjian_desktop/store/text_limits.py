"""No text longer than its column allows ever reaches the database, whichever path wrote it: a flush-time check of
every String(n) column against n and of every Text column against Excel's 32,767 characters (a 50 MB cell is a
hostile file, not a note). The importer and the forms check first, with the row and field; this is the net below.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import String, Text, event, inspect
from sqlalchemy.orm import Session, UOWTransaction

from shuangjian_desktop.domain.errors import FieldProblem, RecordRejected

TEXT_LIMIT = 32_767
"""Excel's longest cell; no note, finding or complaint a clerk writes comes near it."""

Labeller = Callable[[str, str], str]
_labeller: list[Labeller] = [lambda _table, column: column]


def set_labeller(labeller: Labeller) -> None:
    """How (table, column) is named to the clerk; the services give the Chinese field labels."""
    _labeller[0] = labeller


def _limit(column_type: object) -> int | None:
    if isinstance(column_type, String) and not isinstance(column_type, Text) and column_type.length:
        return int(column_type.length)
    if isinstance(column_type, String):
        return TEXT_LIMIT
    return None


def _check(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    problems = []
    for obj in (*session.new, *session.dirty):
        mapper = inspect(obj).mapper
        for attr in mapper.column_attrs:
            column = attr.columns[0]
            limit = _limit(column.type)
            value = getattr(obj, attr.key, None)
            if limit is not None and isinstance(value, str) and len(value) > limit:
                label = _labeller[0](mapper.local_table.name, attr.key)
                problems.append(FieldProblem(None, label, f"内容过长（{len(value)}个字符），最多{limit}个字符"))
    if problems:
        raise RecordRejected(problems)


def install_text_limits(session_class: type[Session]) -> None:
    if not event.contains(session_class, "before_flush", _check):
        event.listen(session_class, "before_flush", _check)
