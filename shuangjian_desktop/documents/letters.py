"""Responsibility letters (责任书) as one PDF, a page per letter: parties, targets, duties in the seeds' wording
(editable in reports/responsibility_letters.json), term, and signature and date lines."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepInFrame, PageBreak, Paragraph, Spacer, Table, TableStyle

from shuangjian_desktop import paths
from shuangjian_desktop.documents.fonts import official_fonts
from shuangjian_desktop.documents.pdf_page import build_pdf

DATE_LINE = "日期：______年____月____日"  # blanks to write in (a paragraph folds any run of spaces)


@dataclass(frozen=True)
class LetterData:
    kind: str
    """An AssignmentKind value."""
    person: str
    unit: str
    title: str
    targets: tuple[str, ...]
    starts: str
    bureau: str


def wording() -> dict[str, Any]:
    return json.loads((paths.reports_dir() / "responsibility_letters.json").read_text(encoding="utf-8"))


def _styles() -> dict[str, ParagraphStyle]:
    fonts = official_fonts()
    return {
        "title": ParagraphStyle("title", fontName=fonts.title, fontSize=22, leading=32, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", fontName=fonts.body, fontSize=16, leading=26, alignment=TA_CENTER),
        "body": ParagraphStyle(
            "body",
            fontName=fonts.body,
            fontSize=16,
            leading=28,
            alignment=TA_JUSTIFY,
            firstLineIndent=32,
            wordWrap="CJK",
        ),
        "plain": ParagraphStyle("plain", fontName=fonts.body, fontSize=16, leading=28, wordWrap="CJK"),
        "heading": ParagraphStyle("heading", fontName=fonts.heading, fontSize=16, leading=28, wordWrap="CJK"),
    }


def _letter(letter: LetterData, text: dict[str, Any], styles: dict[str, ParagraphStyle]) -> list[Any]:
    kind = text["kinds"][letter.kind]
    role = "，".join(p for p in (letter.unit, letter.title) if p)
    story: list[Any] = [
        Paragraph(text["title"], styles["title"]),
        Paragraph(kind["subtitle"], styles["subtitle"]),
        Spacer(1, 6 * mm),
        Paragraph(f"甲方：{letter.bureau}", styles["plain"]),
        Paragraph(f"乙方：{letter.person}" + (f"（{role}）" if role else ""), styles["plain"]),
        Spacer(1, 3 * mm),
        Paragraph(text["opening"], styles["body"]),
        Paragraph(f"一、{kind['targets_label']}", styles["heading"]),
        Paragraph("、".join(letter.targets) + "。", styles["body"]),
        Paragraph("二、工作职责", styles["heading"]),
    ]
    story += [Paragraph(f"{i}．{duty}", styles["body"]) for i, duty in enumerate(kind["duties"], start=1)]
    story += [
        Paragraph("三、其他", styles["heading"]),
        Paragraph(text["term"].format(starts=letter.starts), styles["body"]),
        Paragraph(text["closing"], styles["body"]),
        Spacer(1, 8 * mm),
    ]
    signatures = Table(
        [
            [Paragraph("甲方（盖章）：", styles["plain"]), Paragraph("乙方（签字）：", styles["plain"])],
            [
                Paragraph(DATE_LINE, styles["plain"]),
                Paragraph(DATE_LINE, styles["plain"]),
            ],
        ],
        colWidths=[78 * mm, 78 * mm],
        rowHeights=[16 * mm, 12 * mm],
    )
    signatures.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("FONTNAME", (0, 0), (-1, -1), official_fonts().body)])
    )
    story.append(signatures)
    return story


def write_letters(path: Path, letters: Sequence[LetterData]) -> Path:
    """All letters in one PDF (A4, a page each), written atomically."""
    if not letters:
        raise ValueError("no letters")
    text = wording()
    styles = _styles()
    story: list[Any] = []
    frame_width, frame_height = A4[0] - (28 + 26) * mm, A4[1] - (25 + 22) * mm
    for i, letter in enumerate(letters):
        if i:
            story.append(PageBreak())
        # One page a letter, however long the wording a bureau writes: shrink to fit rather than spill over.
        story.append(
            KeepInFrame(frame_width - 1, frame_height - 12, _letter(letter, text, styles), mode="shrink", vAlign="TOP")
        )

    return build_pdf(
        path, story, title="双减工作责任书", author=letters[0].bureau, margins_mm=(25, 26, 22, 28), page_number_mm=12
    )
