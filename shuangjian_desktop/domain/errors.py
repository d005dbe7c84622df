"""Domain errors that carry a message a county clerk can read (Chinese)."""

from __future__ import annotations

from dataclasses import dataclass


class DomainError(Exception):
    """A rule was broken; ``str(error)`` is a Chinese sentence fit for the clerk."""


class InvalidValue(DomainError, ValueError):
    """A single value failed its check; the message says why, without naming the field."""


@dataclass(frozen=True)
class FieldProblem:
    """One bad field of one record: where (row as the clerk sees it, field label) and why."""

    row: int | None
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"第{self.row}行 " if self.row is not None else ""
        return f"{where}{self.field}：{self.reason}"


class RecordRejected(DomainError):
    """One or more fields were refused; nothing was changed."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class NotFound(DomainError):
    """A record the clerk referred to does not exist."""


class CalendarNotCovered(DomainError):
    """The working-day calendar does not know a year's official holiday schedule."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{year}年的法定节假日和调休安排尚未录入，无法准确计算工作日；请先在“节假日安排”中录入该年度安排。"
        )


class DiskFull(DomainError):
    """The disk holding the database or a file being written is full; nothing was changed."""


class DatabaseDamaged(DomainError):
    """SQLite found damage in a page the action touched; the action was not saved."""
