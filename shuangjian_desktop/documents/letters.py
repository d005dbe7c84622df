"""Responsibility letters (责任书) as one PDF: parties, targets, duties in the seeds' wording (editable in
reports/responsibility_letters.json), term, and signature and date lines. Text is never shrunk: a long letter
runs on to a second page; every letter starts on a new sheet and numbers its own pages (official_page)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from shuangjian_desktop import paths
from shuangjian_desktop.documents.fonts import markup, official_fonts
from shuangjian_desktop.documents.official_page import NewSheet, build_sheets

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

    def p(content: str, style: str) -> Paragraph:
        return Paragraph(markup(content, styles[style].fontName), styles[style])

    story: list[Any] = [
        NewSheet(numbered=True),
        p(text["title"], "title"),
        p(kind["subtitle"], "subtitle"),
        Spacer(1, 6 * mm),
        p(f"甲方：{letter.bureau}", "plain"),
        p(f"乙方：{letter.person}" + (f"（{role}）" if role else ""), "plain"),
        Spacer(1, 3 * mm),
        p(text["opening"], "body"),
        p(f"一、{kind['targets_label']}", "heading"),
        p("、".join(letter.targets) + "。", "body"),
        p("二、工作职责", "heading"),
    ]
    story += [p(f"{i}．{duty}", "body") for i, duty in enumerate(kind["duties"], start=1)]
    closing: list[Any] = [
        p("三、其他", "heading"),
        p(text["term"].format(starts=letter.starts), "body"),
        p(text["closing"], "body"),
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
    story.append(KeepTogether([*closing, signatures]))  # the signatures never stand alone on a page
    return story


def write_letters(path: Path, letters: Sequence[LetterData], *, duplex: bool = True) -> Path:
    """All letters in one PDF (A4, at full size however long), each on its own sheets, written atomically."""
    if not letters:
        raise ValueError("no letters")
    text = wording()
    styles = _styles()
    documents = [_letter(letter, text, styles) for letter in letters]
    return build_sheets(Path(path), documents, title="双减工作责任书", author=letters[0].bureau, duplex=duplex)
