"""Publication (公示, ``publication``) of the white or black list as it stands on a day: the open entries, in the
order they were listed, with the county's unit and contact; PDF or XLSX by the file's suffix (or ``pdf``), on
record in the audit trail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import and_, or_, select

from shuangjian_desktop.domain.public_lists import ListKind
from shuangjian_desktop.domain.values import chinese_date
from shuangjian_desktop.services.privacy import recorded_export
from shuangjian_desktop.services.supervised import bureau_unit
from shuangjian_desktop.store.models import BureauProfile, Institution, ListEntry
from shuangjian_desktop.store.uow import Store

if TYPE_CHECKING:  # reportlab loads when a list is published
    from shuangjian_desktop.documents.public_list import PublicList

BLACK_COLUMNS = (
    ("序号", 1.4),
    ("机构名称", 6),
    ("统一社会信用代码", 4.5),
    ("地址", 5),
    ("列入日期", 2.6),
    ("列入原因", 6.5),
    ("文号", 4.2),
)
WHITE_COLUMNS = (
    ("序号", 1.4),
    ("机构名称", 6),
    ("统一社会信用代码", 4.5),
    ("办学许可证号", 5.3),
    ("培训类别", 2.4),
    ("地址", 4.2),
    ("列入日期", 2.6),
    ("文号", 4.2),
)


def publication_data(store: Store, kind: ListKind, on: dt.date | None = None) -> PublicList:
    """The list as it stood at the end of ``on`` (default today), ready for the writers."""
    from shuangjian_desktop.documents.public_list import PublicList

    on = on or dt.date.today()
    with store.read() as uow:
        session = uow.session
        unit, county = bureau_unit(session)
        profile = session.scalar(select(BureauProfile))
        stmt = (
            select(ListEntry, Institution)
            .join(Institution, Institution.id == ListEntry.institution_id)
            .where(
                ListEntry.kind == kind,
                ListEntry.listed_on <= on,
                or_(ListEntry.removed_on.is_(None), and_(ListEntry.removed_on > on)),
            )
            .order_by(ListEntry.listed_on, ListEntry.institution_sort, ListEntry.id)
        )
        rows = []
        for number, (entry, inst) in enumerate(session.execute(stmt), start=1):
            if kind is ListKind.BLACK:
                rows.append(
                    (
                        number,
                        inst.name,
                        inst.credit_code or "无",
                        inst.address or "",
                        entry.listed_on.isoformat(),
                        entry.reason,
                        entry.doc_number or "",
                    )
                )
            else:
                area = inst.area.label if inst.area else inst.category.label
                rows.append(
                    (
                        number,
                        inst.name,
                        inst.credit_code or "",
                        inst.licence_no or "",
                        area,
                        inst.address or "",
                        entry.listed_on.isoformat(),
                        entry.doc_number or "",
                    )
                )
    phone = profile.contact_phone if profile and profile.contact_phone else ""
    if kind is ListKind.BLACK:
        notes = [
            "以上机构存在违法违规办学行为，已依法查处并列入黑名单。请广大家长和学生不要选择上述机构参加培训，"
            "以免造成人身和财产损失。",
        ]
    else:
        notes = [
            "以上机构已取得办学许可、纳入监管，办学行为规范。家长选择培训机构时请查验办学许可证，签订规范的培训服务合同，"
            "一次性缴费不超过3个月或60课时。",
        ]
    notes.append(f"如发现违规办学行为，或对名单有异议，请向{unit}反映" + (f"，电话：{phone}。" if phone else "。"))
    return PublicList(
        title=f"{county}校外培训机构{kind.label}",
        subtitle=f"（截至{chinese_date(on)}，共{len(rows)}家）",
        columns=BLACK_COLUMNS if kind is ListKind.BLACK else WHITE_COLUMNS,
        rows=rows,
        notes=notes,
        unit=unit,
        made_on=chinese_date(on),
        sheet=kind.label,
    )


def publish(store: Store, kind: ListKind, path: Path, user: str, *, pdf: bool | None = None) -> int:
    """Write the list for posting: PDF when ``pdf`` (or the path ends in .pdf), else XLSX; returns its rows."""
    from shuangjian_desktop.documents.public_list import write_public_list_pdf, write_public_list_xlsx

    path = Path(path)
    as_pdf = pdf if pdf is not None else path.suffix.lower() == ".pdf"
    data = publication_data(store, kind)
    with recorded_export(store, user, f"{kind.label}（公示）", path) as exported:
        if as_pdf:
            write_public_list_pdf(path, data)
        else:
            write_public_list_xlsx(path, data)
        exported.rows = len(data.rows)
    return exported.rows
