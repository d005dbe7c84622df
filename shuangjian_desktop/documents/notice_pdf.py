"""Rectification and stop-operation notices in the official layout of GB/T 9704-2012.

A4; margins top 37 mm, binding side 28 mm (text block 156 x 225 mm); body 三号 (16 pt) 仿宋, 28.9 pt leading (22
lines of 28 characters); title 二号 (22 pt); the red issuing-authority banner and rule; 文号 centred under the
banner; page numbers "— 1 —" in 四号, odd pages on the right, even on the left; a 送达回执 page after each notice.
The wording lives in reports/notices.json.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from shuangjian_desktop import paths
from shuangjian_desktop.atomicfile import atomic_path
from shuangjian_desktop.documents.fonts import OfficialFonts, official_fonts

LEFT, RIGHT, TOP, BOTTOM = 28 * mm, 26 * mm, 37 * mm, 35 * mm
TEXT_WIDTH = A4[0] - LEFT - RIGHT  # 156 mm
RED = colors.HexColor("#E60012")
BODY_SIZE, BODY_LEADING = 16, 28.9


@dataclass(frozen=True)
class NoticeData:
    kind: str
    """A NoticeKind value."""
    doc_number: str
    authority: str
    institution: str
    inspected_on: str
    items: tuple[str, ...]
    deadline: str
    issued_on: str


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class RedRule(Flowable):
    """The red separation line under the 文号, the width of the text block."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return TEXT_WIDTH, 4 * mm

    def draw(self) -> None:
        self.canv.setStrokeColor(RED)
        self.canv.setLineWidth(1.2)
        self.canv.line(0, 2 * mm, TEXT_WIDTH, 2 * mm)


def _styles(fonts: OfficialFonts) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "body",
        fontName=fonts.body,
        fontSize=BODY_SIZE,
        leading=BODY_LEADING,
        alignment=TA_JUSTIFY,
        firstLineIndent=2 * BODY_SIZE,
        wordWrap="CJK",
    )
    return {
        "banner": ParagraphStyle(
            "banner", fontName=fonts.title, fontSize=30, leading=40, alignment=TA_CENTER, textColor=RED, wordWrap="CJK"
        ),
        "number": ParagraphStyle(
            "number", fontName=fonts.body, fontSize=BODY_SIZE, leading=BODY_LEADING, alignment=TA_CENTER
        ),
        # 二号 小标宋 is rarely installed: bold 黑体 stands in, as GB/T 9704 practice allows.
        "title": ParagraphStyle(
            "title", fontName=fonts.heading, fontSize=22, leading=32, alignment=TA_CENTER, wordWrap="CJK"
        ),
        "body": body,
        "plain": ParagraphStyle("plain", parent=body, firstLineIndent=0),
        "heading": ParagraphStyle("heading", parent=body, fontName=fonts.heading),
        "sign": ParagraphStyle("sign", parent=body, firstLineIndent=0, alignment=TA_RIGHT, rightIndent=4 * BODY_SIZE),
        "cell": ParagraphStyle("cell", fontName=fonts.body, fontSize=14, leading=20, wordWrap="CJK"),
    }


def _notice(data: NoticeData, words: dict[str, Any], styles: dict[str, ParagraphStyle]) -> list[Any]:
    kind = words["kinds"][data.kind]
    fill = {"date": data.inspected_on, "deadline": data.deadline}
    story: list[Any] = [
        Paragraph(_escape(data.authority + words.get("authority_suffix", "")), styles["banner"]),
        Spacer(1, 2 * BODY_LEADING - 12),
        Paragraph(_escape(data.doc_number), styles["number"]),
        RedRule(),
        Spacer(1, BODY_LEADING),
        Paragraph(kind["title"], styles["title"]),
        Spacer(1, BODY_LEADING / 2),
        Paragraph(f"{_escape(data.institution)}：", styles["plain"]),
        Paragraph(kind["intro"].format(**fill), styles["body"]),
    ]
    story += [Paragraph(f"{i}．{_escape(item)}", styles["body"]) for i, item in enumerate(data.items, start=1)]
    story.append(Paragraph(kind["basis"], styles["body"]))
    story.append(Paragraph("根据有关规定，现责令你单位：", styles["body"]))
    story += [
        Paragraph(f"{chinese_ordinal(i)}、{req}", styles["body"]) for i, req in enumerate(kind["requirements"], 1)
    ]
    story += [
        Paragraph(kind["deadline"].format(**fill), styles["body"]),
        Spacer(1, 2 * BODY_LEADING),
        Paragraph(_escape(data.authority), styles["sign"]),
        Paragraph(data.issued_on, styles["sign"]),
        Paragraph("（盖章）", styles["sign"]),
    ]
    return story


def _receipt(data: NoticeData, words: dict[str, Any], styles: dict[str, ParagraphStyle]) -> list[Any]:
    receipt = words["receipt"]
    values = {
        "送达文书名称": words["kinds"][data.kind]["title"],
        "文书文号": data.doc_number,
        "受送达人": data.institution,
    }
    rows = [
        [Paragraph(label, styles["cell"]), Paragraph(_escape(values.get(label, "")), styles["cell"])]
        for label in receipt["rows"]
    ]
    table = Table(
        rows,
        colWidths=[40 * mm, TEXT_WIDTH - 40 * mm],
        rowHeights=[16 * mm if label in ("受送达人签收", "送达人", "备注") else 11 * mm for label in receipt["rows"]],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.8, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, -1), styles["cell"].fontName),
            ]
        )
    )
    return [
        Paragraph(receipt["title"], styles["title"]),
        Spacer(1, BODY_LEADING),
        table,
        Spacer(1, 6 * mm),
        Paragraph(receipt["note"], styles["cell"]),
        Spacer(1, 8 * mm),
        Paragraph(_escape(data.authority), styles["sign"]),
    ]


def chinese_ordinal(number: int) -> str:
    return "一二三四五六七八九十"[number - 1] if 1 <= number <= 10 else str(number)


def write_notices(path: Path, notices: Sequence[NoticeData]) -> Path:
    """Every notice with its service receipt, in one PDF, written atomically."""
    if not notices:
        raise ValueError("no notices")
    words = json.loads((paths.reports_dir() / "notices.json").read_text(encoding="utf-8"))
    fonts = official_fonts()
    styles = _styles(fonts)
    story: list[Any] = []
    for i, data in enumerate(notices):
        if i:
            story.append(PageBreak())
        story += _notice(data, words, styles)
        story.append(PageBreak())
        story += _receipt(data, words, styles)

    def page_number(canvas: Any, document: Any) -> None:
        canvas.setFont(fonts.title, 14)
        text = f"— {document.page} —"
        y = BOTTOM - 7 * mm - 14
        if document.page % 2:
            canvas.drawRightString(A4[0] - RIGHT - 14, y, text)
        else:
            canvas.drawString(LEFT + 14, y, text)

    frame = Frame(
        LEFT, BOTTOM, TEXT_WIDTH, A4[1] - TOP - BOTTOM, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
    )
    with atomic_path(Path(path)) as tmp:
        document = BaseDocTemplate(str(tmp), pagesize=A4, title="整改通知书", author=notices[0].authority)
        document.addPageTemplates([PageTemplate("page", [frame], onPage=page_number)])
        story.insert(0, NextPageTemplate("page"))
        document.build(story, canvasmaker=partial(Canvas, initialFontName=fonts.body))
    return Path(path)
