"""Moving a county onto a server (``shuangjian migrate-to URL --db FILE``): its database file is copied into the
county's schema on the server (made by the same migrations when missing), every table row for row, the audit trail
with its hash chain, the attachments' bytes; then both sides are counted and checksummed table by table
(store/checksums.py), the server's audit chain is walked and each attachment's SHA-256 compared, and only when all
agree is the copy committed. The file is opened as the program opens it (its writer lock held, so nobody writes
during the copy) and left unchanged: the county may keep working on it and move later (into an empty county).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from shuangjian_desktop import paths
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.store import derived
from shuangjian_desktop.store.audit_chain import verify_chain
from shuangjian_desktop.store.checksums import TableSum, checksums
from shuangjian_desktop.store.copying import (
    IN_FILES,
    attachments_intact,
    copy_attachments,
    copy_tables,
    require_empty,
    reset_sequences,
)
from shuangjian_desktop.store.counties import make_schema
from shuangjian_desktop.store.location import Location, ServerLocation, parse_location
from shuangjian_desktop.store.server import make_server_engine


@dataclass
class TableCompared:
    name: str
    source: TableSum
    target: TableSum

    @property
    def same(self) -> bool:
        return self.source == self.target


@dataclass
class MoveReport:
    where: str
    tables: list[TableCompared] = field(default_factory=list)
    attachments: int = 0
    audit_rows: int = 0
    chain_note: str = ""

    @property
    def rows(self) -> int:
        return sum(t.source.rows for t in self.tables)

    def lines(self) -> list[str]:
        shown = [f"  {t.name}：{t.source.rows} 行，校验值 {t.source.checksum[:16]}… 一致" for t in self.tables]
        return [
            f"已迁入{self.where}：{len(self.tables)} 张表共 {self.rows} 行，逐表行数和校验值与本机数据库一致；"
            f"审计记录 {self.audit_rows} 条，"
            + (f"哈希链与本机相同（{self.chain_note}）" if self.chain_note else "哈希链完整")
            + f"；附件 {self.attachments} 个，校验值一致。",
            *shown,
        ]


class MoveRefused(DomainError):
    """The copy did not match the file (or could not be made); nothing was kept on the server."""


def move_to_server(
    db: Location | str,
    target: ServerLocation | str,
    *,
    user: str = "本机用户",
    progress: Callable[[str, int], None] | None = None,
) -> MoveReport:
    """Copy the database file ``db`` into county ``target`` on the server (one transaction; compared before it is
    committed). ``target`` connects as the schemas' owner (the server's administrator)."""
    source_location = parse_location(db)
    destination = parse_location(target) if isinstance(target, str) else target
    if isinstance(source_location, ServerLocation):
        raise DomainError("--db 应为本县的数据库文件（迁出的一方），迁入的服务器写在 migrate-to 之后")
    if not isinstance(destination, ServerLocation) or destination.county is None:
        raise DomainError(
            "migrate-to 之后应写服务器上的县，如 postgresql+psycopg://管理员账户@服务器/shuangjian?county=县代码"
        )
    if not source_location.exists():
        raise DomainError(f"找不到数据库文件“{source_location}”")
    workspace = Workspace.open(source_location, Settings(), user=user)  # upgraded (after a backup) when old
    try:
        if workspace.read_only:
            raise DomainError(
                f"本机数据库现在不能独占（{workspace.read_only}），迁入时不能有人修改，请先关闭其他程序。"
            )
        make_schema(destination)
        engine = make_server_engine(destination)
        report = MoveReport(destination.describe())
        try:
            with workspace.store.engine.connect() as source, engine.begin() as conn:
                require_empty(conn, destination.describe())
                copy_tables(source, conn, progress)
                missing = copy_attachments(source, conn, paths.attachments_dir(source_location))
                if missing:
                    raise MoveRefused("以下附件文件缺失或与登记的校验值不符，迁入已取消：" + "、".join(missing[:10]))
                reset_sequences(conn)
                derived.set_keys_version(conn, derived.keys_version(source))  # stale keys are refreshed there
                _compare(source, conn, report)
        finally:
            engine.dispose()
        return report
    finally:
        workspace.close()


def _compare(source: object, target: object, report: MoveReport) -> None:
    """Counts and checksums of every table, the chain and the attachments; MoveRefused (rolled back) on any
    difference."""
    here, there = checksums(source), checksums(target)  # type: ignore[arg-type]
    differing = []
    for name, mine in here.items():
        if name == IN_FILES:
            continue
        compared = TableCompared(name, mine, there[name])
        report.tables.append(compared)
        if not compared.same:
            differing.append(f"{name}（本机 {mine.rows} 行，服务器 {there[name].rows} 行）")
    if differing:
        raise MoveRefused("复制后与本机数据库不一致，迁入已取消，服务器未改动：" + "、".join(differing))
    mine, chain = verify_chain(source), verify_chain(target)  # type: ignore[arg-type]
    if (chain.rows, chain.head_hash, chain.broken_at) != (mine.rows, mine.head_hash, mine.broken_at):
        raise MoveRefused(f"服务器上的审计记录哈希链与本机不同（{chain.describe()}），迁入已取消")
    if not mine.intact:  # copied as it is: the server says the same as the file did
        report.chain_note = f"本机数据库的审计记录原本就不完整：{mine.describe()}；已原样迁入"
    report.audit_rows = chain.rows
    count, wrong = attachments_intact(target)  # type: ignore[arg-type]
    if wrong:
        raise MoveRefused("服务器上附件的校验值不符，迁入已取消：" + "、".join(wrong[:10]))
    report.attachments = count
