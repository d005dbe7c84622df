"""The inspection record form (检查记录表): the institution, when and how it was inspected and by whom, the seven
aspects with their results, the rules found broken, the outcome, and signature lines for both sides."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepInFrame, Paragraph, Spacer, Table, TableStyle

from shuangjian_desktop.documents.fonts import markup, official_fonts
from shuangjian_desktop.documents.pdf_page import build_pdf

WIDTH = A4[0] - 40 * mm


@dataclass(frozen=True)
class InspectionFormData:
    authority: str
    institution: str
    address: str
    started_at: str
    method: str
    key_hours: bool
    inspectors: str
    aspects: Sequence[tuple[str, str, str]]
    """(aspect, 合格/存在问题, note)"""
    violations: Sequence[str]
    result: str
    findings: str = ""
    """what was found, as the inspectors wrote it (one item a line)"""
    school: bool = False
    """an inspection of a school (against the schools' negative list): no aspects table"""


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text, style.fontName).replace("\n", "<br/>"), style)


def write_inspection_form(path: Path, data: InspectionFormData) -> Path:
    fonts = official_fonts()
    title = ParagraphStyle("t", fontName=fonts.title, fontSize=20, leading=30, alignment=TA_CENTER)
    cell = ParagraphStyle("c", fontName=fonts.body, fontSize=11, leading=16, wordWrap="CJK")
    head = ParagraphStyle("h", parent=cell, fontName=fonts.heading, alignment=TA_CENTER)
    facts = [
        [
            _p("学校名称" if data.school else "机构名称", head),
            _p(data.institution, cell),
            _p("检查时间", head),
            _p(data.started_at + ("（重点时段）" if data.key_hours else ""), cell),
        ],
        [_p("地址", head), _p(data.address, cell), _p("检查方式", head), _p(data.method, cell)],
        [_p("检查人员", head), _p(data.inspectors, cell), "", ""],
    ]
    widths = [24 * mm, (WIDTH - 48 * mm) / 2, 24 * mm, (WIDTH - 48 * mm) / 2]
    top = Table(facts, colWidths=widths)
    top.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("SPAN", (1, 2), (3, 2)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, -1), fonts.body),
            ]
        )
    )
    aspect_rows = [[_p("检查内容", head), _p("结果", head), _p("情况说明", head)]]
    aspect_rows += [[_p(a, cell), _p(r, cell), _p(n, cell)] for a, r, n in data.aspects]
    aspects = Table(aspect_rows, colWidths=[36 * mm, 26 * mm, WIDTH - 62 * mm])
    aspects.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
                ("FONTNAME", (0, 0), (-1, -1), fonts.body),
            ]
        )
    )
    broken = "；".join(data.violations) or "无"
    tail = Table(
        [
            [_p("发现的问题", head), _p(data.findings or "无", cell)],
            [_p("违反负面清单条款", head), _p(broken, cell)],
            [_p("处理结果", head), _p(data.result, cell)],
        ],
        colWidths=[36 * mm, WIDTH - 36 * mm],
    )
    tail.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, -1), fonts.body),
            ]
        )
    )
    signatures = Table(
        [
            [_p("检查人员签字：", cell), _p(f"被检查{'学校' if data.school else '机构'}负责人签字：", cell)],
            [_p("日期：______年____月____日", cell), _p("日期：______年____月____日", cell)],
        ],
        colWidths=[WIDTH / 2, WIDTH / 2],
        rowHeights=[16 * mm, 10 * mm],
    )
    signatures.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("FONTNAME", (0, 0), (-1, -1), fonts.body)])
    )
    story: list[Any] = [
        _p(f"{data.authority}{'学校“双减”' if data.school else '校外培训机构'}检查记录表", title),
        Spacer(1, 5 * mm),
        top,
        Spacer(1, 4 * mm),
        *([] if data.school else [aspects, Spacer(1, 4 * mm)]),
        tail,
        Spacer(1, 8 * mm),
        signatures,
    ]
    return build_pdf(
        path,
        [KeepInFrame(WIDTH, A4[1] - 40 * mm, story, mode="shrink")],
        title="检查记录表",
        author=data.authority,
        margins_mm=(20, 20, 20, 20),
    )
