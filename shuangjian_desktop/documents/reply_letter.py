"""The reply letter (答复函) to a complaint or report, in the bureau's name. A confidential caller is never named.
The wording lives in reports/reply_letter.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from shuangjian_desktop import paths
from shuangjian_desktop.documents.fonts import official_fonts
from shuangjian_desktop.documents.pdf_page import build_pdf


@dataclass(frozen=True)
class ReplyData:
    number: str
    subject: str
    caller: str | None
    """None when the caller asked for confidentiality or gave no name."""
    received: str
    source: str
    result: str
    bureau: str
    contact: str
    phone: str
    dated: str


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


SUBJECT_LEADS = ("反映", "投诉", "举报", "关于", "咨询", "求助")
SUBJECT_TAILS = ("的问题", "问题", "的情况", "情况", "的投诉", "一事")


def subject_phrase(subject: str) -> str:
    """The ticket's subject as the letter quotes it: "您反映的“…”问题" must not read "反映的“反映…问题”问题"."""
    text = subject.strip().strip("“”\"'。；;，,").strip()
    changed = True
    while changed and text:
        changed = False
        for lead in SUBJECT_LEADS:
            if text.startswith(lead) and len(text) > len(lead):
                text, changed = text[len(lead) :].lstrip("：:，, "), True
        for tail in SUBJECT_TAILS:
            if text.endswith(tail) and len(text) > len(tail):
                text, changed = text[: -len(tail)], True
    return text or subject.strip()


def write_reply_letter(path: Path, data: ReplyData) -> Path:
    """One A4 letter (GB/T 9704 margins, 三号 text), written atomically."""
    words: dict[str, Any] = json.loads((paths.reports_dir() / "reply_letter.json").read_text(encoding="utf-8"))
    fonts = official_fonts()
    title = ParagraphStyle("t", fontName=fonts.title, fontSize=22, leading=34, alignment=TA_CENTER, wordWrap="CJK")
    body = ParagraphStyle(
        "b", fontName=fonts.body, fontSize=16, leading=28.9, alignment=TA_JUSTIFY, firstLineIndent=32, wordWrap="CJK"
    )
    plain = ParagraphStyle("p", parent=body, firstLineIndent=0)
    right = ParagraphStyle("r", parent=body, firstLineIndent=0, alignment=TA_RIGHT)
    if not data.result.strip():
        raise ValueError("a reply letter needs the result of the handling")
    fields = {k: _escape(str(v)) for k, v in data.__dict__.items() if v is not None}
    fields["subject"] = _escape(subject_phrase(data.subject))
    salutation = words["salutation_named"].format(**fields) if data.caller else words["salutation_anonymous"]
    result = [line for line in data.result.splitlines() if line.strip()]
    story: list[Any] = [
        Paragraph(words["title"].format(**fields), title),
        Spacer(1, 8 * mm),
        Paragraph(salutation, plain),
        Paragraph(words["opening"].format(**fields), body),
        *[Paragraph(_escape(line.strip()), body) for line in result],
        Paragraph(words["closing"], body),
    ]
    if data.contact or data.phone:
        story.append(
            Paragraph(words["contact"].format(contact=fields.get("contact", ""), phone=fields.get("phone", "")), body)
        )
    story += [Spacer(1, 16 * mm), Paragraph(fields["bureau"], right), Paragraph(fields["dated"], right)]

    return build_pdf(
        path, story, title=f"答复函 {data.number}", author=data.bureau, margins_mm=(37, 26, 35, 28), page_number_mm=20
    )
