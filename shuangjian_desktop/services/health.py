"""The database check (`check`): integrity, foreign keys, and whether the schema is at this program's head."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from shuangjian_desktop.store.backup import integrity_problems
from shuangjian_desktop.store.engine import make_engine
from shuangjian_desktop.store.migrate import current_revision, head_revision


@dataclass(frozen=True)
class CheckItem:
    name: str
    ok: bool
    detail: str


def check_database(path: Path) -> list[CheckItem]:
    """Run every check on the file at ``path`` without changing it."""
    path = Path(path)
    if not path.is_file():
        return [CheckItem("数据库文件", False, f"找不到数据库文件：{path}")]
    problems = integrity_problems(path)
    integrity = [p for p in problems if "引用的" not in p]
    foreign = [p for p in problems if "引用的" in p]
    items = [
        CheckItem(
            "完整性检查（integrity_check）", not integrity, "正常" if not integrity else "；".join(integrity[:10])
        ),
        CheckItem("外键检查（foreign_key_check）", not foreign, "正常" if not foreign else "；".join(foreign[:10])),
    ]
    if integrity:
        items.append(CheckItem("数据库版本", False, "文件已损坏，无法读取版本"))
        return items
    engine = make_engine(path)
    try:
        current, head = current_revision(engine), head_revision()
    finally:
        engine.dispose()
    items.append(
        CheckItem(
            "数据库版本",
            current == head,
            f"{current}（最新）" if current == head else f"当前 {current}，程序需要 {head}",
        )
    )
    return items
