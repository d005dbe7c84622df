"""No text longer than its column allows reaches the database, whichever path wrote it; the message names the field."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from shuangjian_desktop.domain.enums import NoticeStatus
from shuangjian_desktop.domain.errors import RecordRejected
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import Institution, Notice
from shuangjian_desktop.store.text_limits import TEXT_LIMIT


def test_a_name_longer_than_its_column_is_refused_with_the_field(demo_workspace: Workspace) -> None:
    register = demo_workspace.registers.institutions
    values = register.load(1)
    values["name"] = "长" * 5000
    with pytest.raises(RecordRejected, match="机构名称：内容过长（5000个字符），最多120个字符"):
        register.save(1, values, "李晓燕")
    with demo_workspace.store.read() as uow:
        assert uow.session.scalar(select(func.max(func.length(Institution.name)))) <= 120


def test_a_huge_note_through_a_service_is_refused(demo_workspace: Workspace) -> None:
    with demo_workspace.store.read() as uow:
        notice_id = uow.session.scalar(
            select(Notice.id).where(Notice.status == NoticeStatus.RECTIFYING).order_by(Notice.id)
        )
        before = uow.session.get(Notice, notice_id).note
    with pytest.raises(RecordRejected, match=f"最多{TEXT_LIMIT}个字符"):
        demo_workspace.inspections.step(notice_id, "pass", "李晓燕", note="字" * (TEXT_LIMIT + 1))
    with demo_workspace.store.read() as uow:
        assert uow.session.get(Notice, notice_id).note == before
