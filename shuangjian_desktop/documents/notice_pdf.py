"""Rectification and stop-operation notices in the layout of GB/T 9704-2012, each followed by its 送达回执.

The red banner of the issuing authority (its top edge 35 mm below the text block's), the 文号 two lines under it,
the red rule 4 mm under the 文号, the title two lines under the rule, the institution addressed; the facts (when,
who, how, the institution's credit code and address, what was found), the rules of the negative list broken and
the legal basis of each (db/catalogues/negative_list.json), the requirements, the deadline counted from receipt,
the right to reconsideration or litigation, the contact person; the authority's name centred over the date, the
date four characters in from the right. The wording lives in reports/notices.json.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from shuangjian_desktop import paths
from shuangjian_desktop.documents.fonts import OfficialFonts, markup, official_fonts
from shuangjian_desktop.documents.official_page import NewSheet, build_sheets
from shuangjian_desktop.documents.official_text import (
    CELL,
    LINE,
    TEXT_WIDTH,
    GridParagraph,
    GridSpace,
    Style,
    chinese_punctuation,
    draw_text,
    text_width,
)

RED = colors.HexColor("#E60012")
BANNER_TOP = 35 * mm
"""from the text block's top edge to the banner's (GB/T 9704 7.2.4)"""
RULE_GAP = 4 * mm
"""from the 文号's foot to the red rule (7.2.7)"""
BANNER_MAX = 42.0
"""初号; a longer name is set smaller to fit the block"""


@dataclass(frozen=True)
class RuleBroken:
    no: int
    text: str
    basis: str


@dataclass(frozen=True)
class ReceiptData:
    served: str = ""
    place: str = ""
    manner: str = ""
    signer: str = ""
    proxy: str = ""
    witness: str = ""
    note: str = ""


@dataclass(frozen=True)
class NoticeData:
    kind: str
    """A NoticeKind value."""
    doc_number: str
    authority: str
    institution: str
    credit_code: str
    address: str
    inspected_on: str
    inspectors: str
    method: str
    findings: tuple[str, ...]
    rules: tuple[RuleBroken, ...]
    deadline_days: int
    issued_on: str
    contact: str = ""
    contact_phone: str = ""
    reconsideration_body: str = ""
    court: str = ""
    receipt: ReceiptData = field(default_factory=ReceiptData)


def wording() -> dict[str, Any]:
    return json.loads((paths.reports_dir() / "notices.json").read_text(encoding="utf-8"))


def banner_size(text: str, font: str) -> float:
    natural = pdfmetrics.stringWidth(text, font, BANNER_MAX)
    return BANNER_MAX if natural <= TEXT_WIDTH else BANNER_MAX * TEXT_WIDTH / natural


class NoticeHead(Flowable):
    """Banner, 文号 and red rule; ends two blank lines under the rule, where the title goes."""

    def __init__(self, authority: str, doc_number: str, fonts: OfficialFonts) -> None:
        super().__init__()
        self.authority, self.doc_number, self.fonts = authority, doc_number, fonts
        self.size = banner_size(authority, fonts.title)
        # offsets from the top of the text block, downwards
        self.number_cell = BANNER_TOP + self.size + 2 * LINE
        self.number_foot = self.number_cell + (LINE + 16) / 2  # the foot of the 文号's em box
        self.rule = self.number_foot + RULE_GAP
        self.total = self.rule + 2 * LINE

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return TEXT_WIDTH, self.total

    def draw(self) -> None:
        canvas, top = self.canv, self.total
        title = pdfmetrics.getFont(self.fonts.title).face
        canvas.setFillColor(RED)
        banner_y = top - BANNER_TOP - self.size - title.descent / 1000 * self.size
        draw_text(canvas, self.authority, self.fonts.title, self.size, TEXT_WIDTH / 2, banner_y, "centre")
        body = pdfmetrics.getFont(self.fonts.body).face
        canvas.setFillColor(colors.black)
        number_y = top - self.number_foot - body.descent / 1000 * 16
        draw_text(canvas, self.doc_number, self.fonts.body, 16, TEXT_WIDTH / 2, number_y, "centre")
        canvas.setStrokeColor(RED)
        canvas.setLineWidth(1.0)
        canvas.line(0, top - self.rule, TEXT_WIDTH, top - self.rule)


class Signature(Flowable):
    """The authority's name centred over the date; the date four characters in from the right (7.3.5.1)."""

    def __init__(self, authority: str, dated: str, font: str) -> None:
        super().__init__()
        self.authority, self.dated, self.font = authority, dated, font

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return TEXT_WIDTH, 2 * LINE

    def draw(self) -> None:
        size = 16
        descent = pdfmetrics.getFont(self.font).face.descent / 1000
        date_width = text_width(self.dated, self.font, size)
        right = TEXT_WIDTH - 4 * CELL
        centre = right - date_width / 2
        name_width = text_width(self.authority, self.font, size)
        name_x = min(centre - name_width / 2, TEXT_WIDTH - name_width)
        for index, (x, text) in enumerate(((name_x, self.authority), (right - date_width, self.dated))):
            baseline = 2 * LINE - (index + 1) * LINE + (LINE - size) / 2 - descent * size
            draw_text(self.canv, text, self.font, size, x, baseline)


def _paragraphs(texts: Sequence[str], style: Style) -> list[GridParagraph]:
    return [GridParagraph.of(chinese_punctuation(text), style) for text in texts if text]


def notice_story(data: NoticeData, words: dict[str, Any], fonts: OfficialFonts) -> list[Any]:
    kind = words["kinds"][data.kind]
    body = Style(fonts.body)
    plain = Style(fonts.body, indent=0, align="left")
    title = Style(fonts.title, size=22, indent=0, align="center")
    fill = {
        "date": data.inspected_on,
        "inspectors": data.inspectors or "",
        "credit_code": data.credit_code or "未登记",
        "address": data.address or "未登记",
        "method": data.method,
        "days": data.deadline_days,
        "list": words["list_name"],
    }
    story: list[Any] = [
        NewSheet(numbered=True),
        NoticeHead(data.authority + words.get("authority_suffix", ""), data.doc_number, fonts),
        GridParagraph.of(kind["title"], title),
        GridSpace(1),
        GridParagraph.of(f"{data.institution}：", plain),
    ]
    story += _paragraphs([kind["facts"].format(**fill)], body)
    story += _paragraphs([f"{i}．{finding.rstrip('。；;')}。" for i, finding in enumerate(data.findings, 1)], body)
    if data.rules:
        rules = "、".join(f"第{r.no}条“{r.text.rstrip('。')}”" for r in data.rules)
        story += _paragraphs([kind["violation"].format(rules=rules, **fill)], body)
    bases = list(dict.fromkeys(r.basis for r in data.rules if r.basis)) or [words["general_basis"]]
    story += _paragraphs([kind["basis"].format(bases="、".join(bases))], body)
    story += _paragraphs([f"{chinese_ordinal(i)}、{req}" for i, req in enumerate(kind["requirements"], 1)], body)
    story += _paragraphs([kind["deadline"].format(**fill)], body)
    story += _paragraphs(
        [words["appeal"].format(reconsideration_body=data.reconsideration_body, court=data.court)], body
    )
    closing: list[Any] = []
    if data.contact or data.contact_phone:
        closing += _paragraphs([words["contact"].format(contact=data.contact, phone=data.contact_phone)], body)
    closing += [GridSpace(2), Signature(data.authority, data.issued_on, fonts.body)]
    story.append(KeepTogether(closing))
    return story


def receipt_story(data: NoticeData, words: dict[str, Any], fonts: OfficialFonts) -> list[Any]:
    receipt = words["receipt"]
    r = data.receipt
    values = {
        "送达文书名称": words["kinds"][data.kind]["title"],
        "文书文号": data.doc_number,
        "受送达人": data.institution,
        "送达地点": r.place or data.address,
        "送达时间": r.served,
        "送达方式": r.manner,
        "受送达人签收": r.signer,
        "代收人": r.proxy,
        "见证人": r.witness,
        "备注": r.note,
    }
    cell = ParagraphStyle("cell", fontName=fonts.body, fontSize=14, leading=20, wordWrap="CJK")
    hint = ParagraphStyle("hint", parent=cell, fontSize=10.5, leading=14, textColor=colors.HexColor("#555555"))
    rows = []
    for label in receipt["rows"]:
        value = values.get(label, "")
        shown = (
            Paragraph(markup(value, fonts.body), cell)
            if value
            else Paragraph(markup(receipt["blanks"].get(label, ""), fonts.body), hint)
        )
        rows.append([Paragraph(markup(label, fonts.body), cell), shown])
    tall = ("受送达人签收", "代收人", "见证人", "送达人", "备注")
    table = Table(
        rows,
        colWidths=[36 * mm, TEXT_WIDTH - 36 * mm],
        rowHeights=[18 * mm if label in tall else 12 * mm for label in receipt["rows"]],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.8, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, -1), fonts.body),
            ]
        )
    )
    return [
        NewSheet(numbered=False),
        GridParagraph.of(receipt["title"], Style(fonts.title, size=22, indent=0, align="center")),
        GridSpace(1),
        table,
        Spacer(1, 6 * mm),
        Paragraph(markup(receipt["note"], fonts.body), cell),
    ]


def chinese_ordinal(number: int) -> str:
    return "一二三四五六七八九十"[number - 1] if 1 <= number <= 10 else str(number)


def write_notices(path: Path, notices: Sequence[NoticeData], *, duplex: bool = True) -> Path:
    """Every notice with its service receipt, each on its own sheets, in one PDF written atomically."""
    if not notices:
        raise ValueError("no notices")
    words = wording()
    fonts = official_fonts()
    documents = [notice_story(n, words, fonts) + receipt_story(n, words, fonts) for n in notices]
    title = words["kinds"][notices[0].kind]["title"] if len(notices) == 1 else "整改（停办）通知书"
    return build_sheets(Path(path), documents, title=title, author=notices[0].authority, duplex=duplex)
