"""Reading a 12345 platform's export as the clerk means it: request kinds as platforms word them (投诉, 举报,
建议...), the platform's own classification placed in our catalogue by keywords (the original kept), a time limit
given as days or as a due date, and a subject made from the content when the export has no title column."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from shuangjian_desktop.domain import values as v
from shuangjian_desktop.domain.enums import RequestKind
from shuangjian_desktop.domain.errors import InvalidValue
from shuangjian_desktop.domain.phone import normalize_phone
from shuangjian_desktop.domain.text import to_halfwidth
from shuangjian_desktop.services.base.sheet import RowInput, join_place
from shuangjian_desktop.services.catalogues import complaint_categories

CONFIDENTIAL = "（保密）"
SUBJECT_LENGTH = 30
_OPENING = re.compile(r"^(市民|来电人|来电群众|群众|诉求人)?(来电)?(反映|反应|称|咨询|投诉|举报)[:：，,]?")
KIND_WORDS: tuple[tuple[RequestKind, tuple[str, ...]], ...] = (
    (RequestKind.COMPLAINT, ("投诉举报", "投诉", "举报", "检举", "反映问题")),
    (RequestKind.HELP, ("求助", "求救", "帮助")),
    (RequestKind.CONSULTATION, ("咨询", "建议", "意见建议", "意见", "查询", "询问")),
)
CATEGORY_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("teacher_tutoring", ("在职教师", "有偿补课", "老师补课", "教师补课", "教师兼职", "老师兼职", "在职老师")),
    ("refund", ("退费", "退款", "退钱", "跑路", "卷款", "预付费", "预收费")),
    ("unlicensed", ("无证", "无资质", "未取得办学许可", "黑机构", "没有办学许可")),
    ("overtime", ("超时", "晚上9点", "21:00", "21点", "深夜", "晚间培训")),
    ("advertising", ("虚假宣传", "广告", "夸大宣传", "宣传")),
    ("safety", ("安全隐患", "消防", "安全", "食品卫生", "卫生")),
    (
        "subject_training",
        ("学科类", "学科培训", "语文", "数学", "英语", "物理", "化学", "补课", "一对一", "培优", "家教", "托管补习"),
    ),
)


def parse_request_kind(value: Any) -> RequestKind:
    """咨询 / 求助 / 投诉举报, as platforms word them (投诉 and 举报 are one kind here; 建议 and 意见 take 咨询's
    time limit)."""
    text = to_halfwidth(v.text(value)).replace(" ", "")
    for kind in RequestKind:
        if text in (kind.label, kind.value):
            return kind
    for kind, words in KIND_WORDS:
        if any(word in text for word in words):
            return kind
    raise InvalidValue(f"“{text}”不是诉求类型（可选：咨询、求助、投诉举报，或投诉、举报、建议）")


def kind_from_text(*texts: str | None) -> RequestKind:
    joined = "".join(t for t in texts if t)
    for kind in (RequestKind.CONSULTATION, RequestKind.HELP):
        if any(word in joined for word in dict(KIND_WORDS)[kind]):
            return kind
    return RequestKind.COMPLAINT


def category_from_text(text: str | None) -> str | None:
    if not text:
        return None
    for code, words in CATEGORY_WORDS:
        if any(word in text for word in words):
            return code
    return None


def parse_ticket_category(value: Any) -> str | tuple[str | None, str]:
    """A catalogue code when the text names one; else (code found by keywords or None, the platform's text)."""
    text = to_halfwidth(v.text(value))
    for item in complaint_categories():
        if text in (item.label, item.code):
            return item.code
    for item in complaint_categories():
        if item.code != "other" and (item.label in text or (len(text) >= 2 and text in item.label)):
            return item.code
    return (category_from_text(text), text)


def parse_time_limit(value: Any) -> int | dt.date:
    """办理时限 as platforms export it: a number of working days (5, 5个工作日) or the due time itself."""
    if isinstance(value, dt.date):
        return value if not isinstance(value, dt.datetime) else value.date()
    text = to_halfwidth(v.text(value)).replace(" ", "")
    if re.fullmatch(r"\d{1,3}(个)?(工作日|日|天)?", text) or (isinstance(value, int | float) and value < 1000):
        return v.parse_int(value, minimum=1, maximum=365)
    return v.parse_date(value)


def subject_from(content: str) -> str:
    """The first sentence of the content, at most 30 characters (…… when cut)."""
    first = re.split(r"[。！？!?\n；;]", content.strip(), maxsplit=1)[0].strip() or content.strip()
    first = (
        re.sub(r"^(市民|来电人|来电群众|群众|诉求人)?(来电)?(反映|反应|称|咨询|投诉|举报)[:：，,]?", "", first) or first
    )
    return first if len(first) <= SUBJECT_LENGTH else first[:SUBJECT_LENGTH] + "……"


def settle_hotline_row(row: RowInput) -> None:
    """Fill what the export leaves out or words its own way, before the ticket's own checks."""
    values = row.values
    content = values.get("content")
    if "subject" not in values:
        if content:
            values["subject"] = subject_from(content)
        elif not row.has_problem("诉求内容"):
            row.problem("标题", "标题和诉求内容都为空")
    category = values.get("category")
    if isinstance(category, tuple):
        code, platform = category
        values["category_text"] = platform
        values["category"] = code or category_from_text(content) or "other"
    elif category is None and not row.has_problem("问题类别"):
        values["category"] = category_from_text(content) or category_from_text(values.get("subject")) or "other"
    if "request_kind" not in values and not row.has_problem("诉求类型"):
        values["request_kind"] = kind_from_text(
            values.get("category_text"), (content or values.get("subject", ""))[:20]
        )
    limit = values.get("time_limit_days")
    if isinstance(limit, dt.date):
        del values["time_limit_days"]
        values.setdefault("deadline", limit)
    if "township" in values and "community" not in values:
        values["address"] = join_place(values.pop("township"), values.get("address"))


def parse_caller_phone(value: Any) -> str:
    """A phone number; the platform's masked form (138****1234) and （保密） are kept as they are."""
    text = v.text(value)
    if text == CONFIDENTIAL or re.fullmatch(r"\d{3,4}\*{3,8}\d{2,4}", text.replace(" ", "")):
        return text.replace(" ", "")
    return normalize_phone(value)


def accept_note(values: dict[str, Any]) -> str:
    """What the hotline's sheet says that the ticket has no column for: kept on the 受理 step."""
    parts = [
        f"{label}：{values[key]}"
        for key, label in (("handling_unit", "承办单位"), ("urgency", "紧急程度"), ("category_text", "平台分类"))
        if values.get(key)
    ]
    return "；".join(parts)
