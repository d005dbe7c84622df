"""单位信息: the reporting unit and its people (header lines of the return), the document-number prefixes of
notices, and the reduction baseline date. One row; edited through a form with the usual checks and audit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from shuangjian_desktop.domain import values as v
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.doc_number import check_prefix
from shuangjian_desktop.domain.phone import normalize_phone
from shuangjian_desktop.services.base.register import FormField, display, parse_form
from shuangjian_desktop.services.base.sheet import Field
from shuangjian_desktop.store.models import BureauProfile
from shuangjian_desktop.store.uow import Store

FIELDS = (
    FormField(Field("county", "县（市、区）", v.text, required=True, example="示范县")),
    FormField(Field("unit_name", "填报单位（发文机关）", v.text, required=True, example="示范县教育和体育局")),
    FormField(Field("person_in_charge", "负责人", v.text)),
    FormField(Field("contact", "联系人", v.text)),
    FormField(Field("contact_phone", "联系电话", normalize_phone)),
    FormField(
        Field("doc_prefix_rectification", "整改通知书发文代字", lambda x: check_prefix(v.text(x)), required=True),
        hint="如“示教体整改”，文号为 示教体整改〔2026〕1号",
    ),
    FormField(
        Field("doc_prefix_stop", "停止办学通知书发文代字", lambda x: check_prefix(v.text(x)), required=True),
        hint="如“示教体停办”",
    ),
    FormField(Field("baseline_on", "压减基数日期", v.parse_date), hint="默认 2021-07-24（“双减”意见印发）"),
    FormField(
        Field("reconsideration_body", "行政复议机关", v.text),
        hint="通知书中告知的行政复议机关；不填为“本县（市、区）人民政府”",
    ),
    FormField(
        Field("litigation_court", "行政诉讼法院", v.text),
        hint="通知书中告知的管辖法院（实行集中管辖的请填写指定法院）；不填为“本县（市、区）人民法院”",
    ),
)


class ProfileService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def load(self) -> dict[str, str]:
        with self.store.read() as uow:
            profile = uow.session.scalar(select(BureauProfile))
            if profile is None:
                return {}
            return {f.key: display(getattr(profile, f.key)) for f in FIELDS}

    def save(self, raw: Mapping[str, str], user: str) -> int:
        values: dict[str, Any] = parse_form(FIELDS, raw)
        with self.store.write(user, Action.EDIT_SETTINGS) as uow:
            profile = uow.session.scalar(select(BureauProfile))
            if profile is None:
                profile = BureauProfile(id=1)
                uow.session.add(profile)
            for key, value in values.items():
                setattr(profile, key, value if value is not None or key == "baseline_on" else "")
            uow.commit()
        return 1
