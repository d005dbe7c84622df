"""The institution register (机构台账) as a spreadsheet: its columns, checks (services/institutions/checks.py),
matching and export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain import values as v
from shuangjian_desktop.domain.enums import (
    Category,
    ChangeKind,
    Mode,
    NonSubjectArea,
    ProfitStatus,
    RiskGrade,
    Status,
)
from shuangjian_desktop.domain.phone import normalize_phone
from shuangjian_desktop.domain.status_rules import InstitutionState, state_after
from shuangjian_desktop.services.base.places import PlaceBook
from shuangjian_desktop.services.base.sheet import (
    Field,
    LedgerSpec,
    RowInput,
    column_length,
    credit_code_field,
    enum_field,
    join_place,
)
from shuangjian_desktop.services.institutions.checks import (
    UNDATED_NOTE,
    for_profit_subject_problem,
    is_new_for_profit_subject,
    parse_area,
    parse_category,
    settle_category,
)
from shuangjian_desktop.services.institutions.keys import institution_keys, institution_search_text
from shuangjian_desktop.store.audit import audit_bulk_insert
from shuangjian_desktop.store.base import now
from shuangjian_desktop.store.bulk import insert_plain
from shuangjian_desktop.store.models import Community, Institution, Township
from shuangjian_desktop.store.uow import reserve_ids

IMPORTED_REASON = "导入机构台账时标注为黑名单（原因和文号待补录）"
RISK_GRADE_NOTE = "风险等级由程序按风险因素评定，此列不导入（需要时在“监管 > 风险分级”中写明理由后调整）"
BLACKLIST_NOTE = "填“是”的机构列入黑名单（原因和文号请在“监管 > 公示名单”中补录）"


def institution_search_key(inst: Institution) -> str:
    return institution_search_text(inst.name, inst.address, inst.credit_code, inst.legal_rep)


@dataclass
class InstitutionContext:
    places: PlaceBook
    by_code: dict[str, Institution]
    by_name: dict[str, list[Institution]]
    new_rows: list[dict[str, Any]] = field(default_factory=list)
    """New institutions gathered by apply() and inserted in bulk by finish()."""
    new_codes: set[str] = field(default_factory=set)
    editing: Institution | None = None
    """The record an edit form changes (None for a new one, and for a sheet, where rows are matched)."""
    form: bool = False
    """Checking the edit form (one record typed now) rather than a sheet's row."""
    undated: list[str] = field(default_factory=list)
    """New running for-profit subject institutions a sheet gave no registration date (listed in the report)."""
    blacklist: list[int | dict[str, Any]] = field(default_factory=list)
    """Institutions a sheet marks 列入黑名单=是 that are not on the blacklist: entered on it by finish() (a new one
    by its row, which gets its key from the database in finish())."""


def load_institutions(session: Session) -> InstitutionContext:
    by_code: dict[str, Institution] = {}
    by_name: dict[str, list[Institution]] = {}
    for inst in session.scalars(select(Institution)):
        if inst.credit_code:
            by_code[inst.credit_code] = inst
        by_name.setdefault(inst.name, []).append(inst)
    return InstitutionContext(PlaceBook(session), by_code, by_name)


INSERT_DEFAULTS: dict[str, Any] = {
    "credit_code": None,
    "licence_no": None,
    "registered_on": None,
    "area": None,
    "mode": Mode.OFFLINE,
    "status": Status.OPERATING,
    "address": None,
    "community_id": None,
    "legal_rep": None,
    "phone": None,
    "students": 0,
    "prepaid_balance_cents": 0,
    "fund_supervised": False,
    "risk_grade": None,
    "blacklisted": False,
    "note": None,
}
COPIED = (
    "name",
    "credit_code",
    "licence_no",
    "registered_on",
    "category",
    "area",
    "mode",
    "profit_status",
    "status",
    "address",
    "legal_rep",
    "phone",
    "students",
    "prepaid_balance_cents",
    "fund_supervised",
    "risk_grade",
    "blacklisted",
    "note",
)


def follow_change(inst: Institution, kind: ChangeKind) -> None:
    """The institution takes the category, profit status and status that ``kind`` leaves it in."""
    state = state_after(kind, InstitutionState(inst.category, inst.area, inst.profit_status, inst.status))
    inst.category, inst.area, inst.profit_status, inst.status = (
        state.category,
        state.area,
        state.profit_status,
        state.status,
    )


def assign_institution(inst: Institution, values: dict[str, Any], places: PlaceBook) -> None:
    """Set the fields present in ``values`` (an import row or an edit form) on ``inst``."""
    if values.get("community") is None and values.get("township"):
        # no community to hang the township on: it goes in front of the address instead of being dropped
        values = {**values, "address": join_place(values["township"], values.get("address", inst.address))}
    for key in COPIED:
        if key in values:
            setattr(inst, key, values[key])
    if inst.category is Category.SUBJECT:
        inst.area = None
    if "community" in values:
        inst.community = places.community(values.get("township"), values["community"])
    inst.search_key = institution_search_key(inst)


class InstitutionsLedger(LedgerSpec):
    name = "institutions"
    title = "机构台账"
    key_label = "统一社会信用代码"
    fields = (
        Field(
            "name",
            "机构名称",
            v.text,
            required=True,
            synonyms=("名称", "培训机构名称", "机构全称", "单位名称", "学校名称"),
            example="示范县启明文化艺术培训学校有限公司",
            max_length=column_length(Institution.name),
        ),
        credit_code_field(help="18位，无证机构可空"),
        Field(
            "licence_no",
            "办学许可证号",
            v.text,
            synonyms=("办学许可证", "许可证号", "办学许可证编号"),
            example="教民151142370000123号",
            max_length=column_length(Institution.licence_no),
        ),
        Field(
            "registered_on",
            "登记日期",
            v.parse_date,
            synonyms=("成立日期", "注册日期", "登记时间", "成立时间", "设立日期", "审批日期", "办学许可证发证日期"),
            example="2019-03-15",
            help="登记（成立）的日期；基数日后登记的机构不计入压减基数",
        ),
        Field(
            "category",
            "类别",
            parse_category,
            required=True,
            optional_in_sheet=True,
            synonyms=("机构类别", "培训类别", "机构类型", "培训类型", "类型"),
            choices=tuple(Category.labels()),
            example="非学科类",
            help="也可直接填体育、文化艺术、科技、其他（即非学科类）",
        ),
        Field(
            "area",
            "非学科类别",
            parse_area,
            synonyms=("非学科类型", "培训领域", "非学科培训类别", "培训项目类别"),
            choices=tuple(NonSubjectArea.labels()),
            example="文化艺术",
            help="非学科类机构必填；学科类机构可空或填“学科”",
        ),
        enum_field("mode", "培训形式", Mode, synonyms=("线上线下", "办学形式"), example="线下", help="默认线下"),
        enum_field(
            "profit_status", "营利性质", ProfitStatus, required=True, synonyms=("法人性质", "营利性"), example="营利性"
        ),
        enum_field(
            "status", "状态", Status, synonyms=("办学状态", "经营状态"), example="正常办学", help="默认正常办学"
        ),
        Field(
            "address",
            "地址",
            v.text,
            synonyms=("办学地址", "培训地址", "详细地址", "经营场所", "办学场所"),
            example="城关镇人民路12号",
            max_length=column_length(Institution.address),
        ),
        Field(
            "township",
            "乡镇（街道）",
            v.text,
            synonyms=("乡镇", "街道", "所属乡镇", "所属街道", "所在乡镇", "乡镇街道"),
            example="城关镇",
            max_length=column_length(Township.name),
        ),
        Field(
            "community",
            "社区",
            v.text,
            synonyms=("所属社区", "村（社区）", "所在社区", "社区（村）"),
            example="人民路社区",
            max_length=column_length(Community.name),
        ),
        Field(
            "legal_rep",
            "法定代表人",
            v.text,
            synonyms=("法人", "举办者", "负责人", "法人代表"),
            example="李明",
            max_length=column_length(Institution.legal_rep),
        ),
        Field(
            "phone",
            "联系电话",
            normalize_phone,
            synonyms=("电话", "手机", "联系方式", "手机号码"),
            example="13812345678",
        ),
        Field(
            "students",
            "在训学生数",
            lambda x: v.parse_int(x, maximum=1_000_000),
            synonyms=("学生数", "在训人数", "在读学生数", "学员数", "在训学员数"),
            example=120,
        ),
        Field(
            "prepaid_balance_cents",
            "预收费余额（元）",
            v.parse_money_cents,
            synonyms=("预收费余额", "预收费", "预收费金额", "预收费用"),
            example="35000.00",
        ),
        Field(
            "fund_supervised",
            "纳入资金监管",
            v.parse_bool,
            synonyms=("资金监管", "是否资金监管"),
            example="是",
            choices=("是", "否"),
        ),
        enum_field("risk_grade", "风险等级", RiskGrade, synonyms=("风险评级",), example="A级（低风险）"),
        Field("blacklisted", "列入黑名单", v.parse_bool, synonyms=("黑名单",), example="否", choices=("是", "否")),
        Field("note", "备注", v.text, synonyms=("说明", "情况说明"), example=""),
    )

    def missing_columns(self, mapped: set[str]) -> list[tuple[str, str]]:
        missing = super().missing_columns(mapped)
        if "category" not in mapped and "area" not in mapped:
            missing.append(("类别", "表格缺少此列（必填；或有“非学科类别”列可推断）"))
        return missing

    def mapping_notes(self, mapped: set[str]) -> dict[str, str]:
        notes = {}
        if "township" in mapped and "community" not in mapped:
            notes["township"] = "表格没有社区列：乡镇（街道）写在地址前面"
        if "risk_grade" in mapped:
            notes["risk_grade"] = RISK_GRADE_NOTE
        if "blacklisted" in mapped:
            notes["blacklisted"] = BLACKLIST_NOTE
        return notes

    def prepare(self, session: Session, settings: opts.Settings) -> InstitutionContext:
        return load_institutions(session)

    def key(self, row: RowInput) -> Hashable | None:
        return row.values.get("credit_code")

    def check_notes(self, context: InstitutionContext) -> list[str]:
        if not context.undated:
            return []
        names = "、".join(context.undated[:20]) + (f"等{len(context.undated)}家" if len(context.undated) > 20 else "")
        return [UNDATED_NOTE.format(count=len(context.undated), names=names)]

    def check(self, context: InstitutionContext, row: RowInput) -> None:
        values = row.values
        settle_category(row)
        township = context.places.township_problem(values.get("township"))
        if township:
            row.problem("乡镇（街道）", township)
        registered = values.get("registered_on")
        if registered is not None and registered > dt.date.today():
            row.problem("登记日期", "不能晚于今天")
        if not row.has_problem("类别", "非学科类别", "营利性质", "状态"):
            existing = self._existing(context, values)
            why = for_profit_subject_problem(values, existing, undated_ok=not context.form)
            if why:
                row.problem("营利性质", why)
            elif not context.form and is_new_for_profit_subject(values, existing) and "registered_on" not in values:
                context.undated.append(values.get("name", ""))
        if "township" in values and "community" not in values:
            joined = join_place(values.pop("township"), values.get("address"))
            if joined and len(joined) > (column_length(Institution.address) or 0):
                row.problem("地址", f"乡镇（街道）和地址合起来过长：{len(joined)}字")
            values["address"] = joined
        status = values.get("status", Status.OPERATING)
        if "credit_code" not in values and status is not Status.UNLICENSED and not row.has_problem("统一社会信用代码"):
            row.problem("统一社会信用代码", "不能为空（仅无证机构可不填）")
        category = values.get("category")
        if category is Category.NON_SUBJECT and values.get("area") is None:
            row.problem("非学科类别", "非学科类机构须填写（体育、文化艺术、科技、其他）")
        if category is Category.SUBJECT and values.get("area") is not None:
            row.problem("非学科类别", "学科类机构不填非学科类别")
        reason = context.places.community_problem(values.get("township"), values.get("community"))
        if reason and not township:
            row.problem("社区", reason)
        values.pop("risk_grade", None)  # computed (services/risk), never taken from a sheet or a form
        wants = values.pop("blacklisted", None)  # the blacklist is kept by services/lists, with reason and date
        if wants is not None:
            known = self._existing(context, values)
            if known is not None and known.blacklisted and not wants:
                row.problem(
                    "列入黑名单", "该机构在黑名单上；移出须在“监管 > 公示名单”中写明日期和原因（或将此列设为“不导入”）"
                )
            elif wants and (known is None or not known.blacklisted):
                values["_blacklist"] = True

    @staticmethod
    def _existing(context: InstitutionContext, values: dict[str, Any]) -> Institution | None:
        """The institution a row updates: by credit code, else (without one) the only one of that name."""
        if context.editing is not None:
            return context.editing
        code = values.get("credit_code")
        inst = context.by_code.get(code) if code else None
        if inst is None and not code and values.get("name"):
            same_name = [i for i in context.by_name.get(values["name"], []) if not i.credit_code]
            inst = same_name[0] if len(same_name) == 1 else None
        return inst

    def apply(self, session: Session, context: InstitutionContext, row: RowInput) -> bool:
        values = row.values
        inst = self._existing(context, values)
        if inst is None:
            self._gather_new(session, context, values)
            if values.get("_blacklist"):
                context.blacklist.append(context.new_rows[-1])  # its key comes in finish()
            return True
        if values.get("_blacklist"):
            context.blacklist.append(inst.id)
        assign_institution(inst, values, context.places)
        return False

    def _gather_new(self, session: Session, context: InstitutionContext, values: dict[str, Any]) -> None:
        """A new institution becomes a row for one bulk INSERT: the ORM's per-object work is what makes a
        10,000-row import slow, and a new row needs none of it."""
        row = dict(INSERT_DEFAULTS)
        row.update({key: values[key] for key in COPIED if key in values})
        if row["category"] is Category.SUBJECT:
            row["area"] = None
        community = context.places.community(values.get("township"), values.get("community"))
        if community is not None:
            # a new community gets its key at the one flush in finish(); until then the row holds the object
            row["community_id"] = community.id if community.id is not None else community
        at = now()
        row.update(
            created_at=at,
            updated_at=at,
            **institution_keys(row["name"], row["address"], row["credit_code"], row["legal_rep"]),
        )
        context.new_rows.append(row)

    def finish(self, session: Session, context: InstitutionContext) -> None:
        if context.new_rows:
            session.flush()  # new townships and communities get their keys, once
            keys = reserve_ids(session, Institution, len(context.new_rows))
            for row, key in zip(context.new_rows, keys, strict=True):
                row["id"] = key
                if isinstance(row["community_id"], Community):
                    row["community_id"] = row["community_id"].id
            insert_plain(session, Institution.__table__, context.new_rows)
            audit_bulk_insert(session, Institution, context.new_rows)
            context.new_rows = []
        if context.blacklist:
            from shuangjian_desktop.domain.public_lists import ListKind
            from shuangjian_desktop.services.lists.service import enter_in_session

            user = str(session.info.get("user", ""))
            for inst_id in dict.fromkeys(e if isinstance(e, int) else int(e["id"]) for e in context.blacklist):
                inst = session.get(Institution, inst_id)
                if inst is not None and not inst.blacklisted:
                    enter_in_session(session, inst, ListKind.BLACK, dt.date.today(), IMPORTED_REASON, None, user)
            context.blacklist = []

    def export_rows(self, session: Session, *, reveal_personal: bool = False) -> Iterator[Sequence[Any]]:
        query = (
            select(Institution)
            .options(joinedload(Institution.community).joinedload(Community.township))
            .order_by(Institution.id)
        )
        for inst in session.scalars(query):
            community = inst.community
            yield [
                inst.name,
                inst.credit_code,
                inst.licence_no,
                inst.registered_on,
                inst.category.label,
                inst.area.label if inst.area else None,
                inst.mode.label,
                inst.profit_status.label,
                inst.status.label,
                inst.address,
                community.township.name if community else None,
                community.name if community else None,
                inst.legal_rep,
                inst.phone,
                inst.students,
                v.format_money(inst.prepaid_balance_cents),
                "是" if inst.fund_supervised else "否",
                inst.risk_grade.label if inst.risk_grade else None,
                "是" if inst.blacklisted else "否",
                inst.note,
            ]
