"""Checking a county on a server (工具 > 检查数据库完整性, ``check --db postgresql+psycopg://…``): the connection and
the server's version, the schema's version, the audit trail's hash chain, and every attachment kept in the
database against the checksum it was registered with. The server keeps its own files whole (checksummed WAL);
backing it up is the server administrator's pg_dump, which the program cannot see, so it says so."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from sqlalchemy import select

from shuangjian_desktop.services.health import CheckItem, audit_trail_item
from shuangjian_desktop.store.migrate import current_revision, head_revision
from shuangjian_desktop.store.models import Attachment, AttachmentContent
from shuangjian_desktop.store.uow import Store

BATCH = 200


def check_server(store: Store, progress: Callable[[str], None] | None = None) -> list[CheckItem]:
    say = progress or (lambda _text: None)
    engine = store.engine
    say("连接服务器…")
    with engine.connect() as conn:
        version = conn.exec_driver_sql("SHOW server_version").scalar()
        schema = conn.exec_driver_sql("SELECT current_schema()").scalar()
    items = [CheckItem("服务器连接", True, f"PostgreSQL {version}，架构 {schema}")]
    current, head = current_revision(engine), head_revision()
    items.append(
        CheckItem(
            "数据库版本",
            current == head,
            f"{current}（最新）" if current == head else f"当前 {current}，程序需要 {head}",
        )
    )
    say("核对审计日志…")
    items.append(audit_trail_item(engine, None))
    say("核对附件…")
    items.append(_attachments(store))
    items.append(
        CheckItem(
            "备份",
            False,
            "数据库在服务器上，由服务器管理员用 pg_dump 备份；请向管理员确认最近一次备份的时间和存放位置",
            advice=True,
        )
    )
    return items


def _attachments(store: Store) -> CheckItem:
    bad, count, after = [], 0, ""
    with store.read() as uow:
        session = uow.session
        while True:
            rows = session.execute(
                select(Attachment.stored_name, Attachment.sha256, Attachment.size, AttachmentContent.content)
                .outerjoin(AttachmentContent, AttachmentContent.stored_name == Attachment.stored_name)
                .where(Attachment.stored_name > after)
                .order_by(Attachment.stored_name)
                .limit(BATCH)
            ).all()
            if not rows:
                break
            for name, digest, size, content in rows:
                count += 1
                if content is None or len(content) != size or hashlib.sha256(content).hexdigest() != digest:
                    bad.append(name)
            after = rows[-1][0]
    if bad:
        return CheckItem("附件", False, f"{len(bad)}个缺失或与登记的校验值不符：{'、'.join(bad[:5])}")
    return CheckItem("附件", True, f"{count}个，全部完好（保存在服务器的数据库中）")
