"""单位信息 on a county's own database: until the prefixes are entered, notices are refused with the reason; after,
they are numbered with them. Bad prefixes are refused field by field."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.enums import Category, InspectionResult, Method, NoticeKind, ProfitStatus
from shuangjian_desktop.domain.errors import DomainError, RecordRejected
from shuangjian_desktop.services.inspections.service import InspectionInput
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import Institution, Notice, Person


def test_notices_need_the_units_prefixes(workspace: Workspace) -> None:
    with workspace.store.write("李晓燕", Action.EDIT_LEDGERS) as uow:
        uow.session.add_all(
            [
                Institution(name="某培训学校", category=Category.SUBJECT, profit_status=ProfitStatus.FOR_PROFIT),
                Person(name="王督学", phone="13900000000"),
            ]
        )
        uow.commit()
    with workspace.store.read() as uow:
        inst = uow.session.scalar(select(Institution.id))
        person = uow.session.scalar(select(Person.id))
    inspection = workspace.inspections.record(
        InspectionInput(
            institution_id=inst,
            started_at=dt.datetime(2026, 11, 2, 10),
            method=Method.ROUTINE,
            inspector_ids=[person],
            result=InspectionResult.RECTIFY,
            rule_codes=["I18"],
        ),
        "李晓燕",
    )
    with pytest.raises(DomainError, match="发文机关代字"):
        workspace.inspections.issue(inspection, NoticeKind.RECTIFICATION, 15, "李晓燕")
    with pytest.raises(RecordRejected) as rejected:
        workspace.profile.save(
            {
                "county": "甲县",
                "unit_name": "甲县教育局",
                "doc_prefix_rectification": "甲教〔整改〕",
                "doc_prefix_stop": "",
            },
            "李晓燕",
        )
    assert "整改通知书发文代字" in str(rejected.value) and "停止办学通知书发文代字：不能为空" in str(rejected.value)
    workspace.profile.save(
        {
            "county": "甲县",
            "unit_name": "甲县教育局",
            "doc_prefix_rectification": "甲教整改",
            "doc_prefix_stop": "甲教停办",
            "contact_phone": "0833 555 0000",
        },
        "李晓燕",
    )
    assert workspace.profile.load()["contact_phone"] == "0833-5550000"
    notice_id = workspace.inspections.issue(
        inspection, NoticeKind.RECTIFICATION, 15, "李晓燕", issued_on=dt.date(2026, 11, 3)
    )
    with workspace.store.read() as uow:
        assert uow.session.get(Notice, notice_id).doc_number == "甲教整改〔2026〕1号"
    assert workspace.county_name() == "甲县"
