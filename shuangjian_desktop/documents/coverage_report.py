"""The 四包 coverage check on paper (包保覆盖检查表): the date and the thresholds it checked against, a summary of
how many gaps of each kind, then every gap by kind, in tables of a page or less (a long list costs its length)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from shuangjian_desktop.documents.fonts import official_fonts
from shuangjian_desktop.documents.pdf_page import build_pdf

WIDTH = A4[0] - 40 * mm
CHUNK_ROWS = 32


@dataclass(frozen=True)
class CoverageReport:
    unit: str
    made_on: str
    rules: Sequence[str]
    """The thresholds checked against, as sentences."""
    summary: Sequence[tuple[str, int]]
    """(kind of gap, how many)"""
    gaps: Iterable[tuple[str, str, str]]
    """(kind, subject, detail), in the summary's order (read a page at a time)."""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _grid(rows: list[list[Any]], widths: list[float], font: str, header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7")))
    table.setStyle(TableStyle(style))
    return table


def write_coverage_report(path: Path, report: CoverageReport) -> Path:
    fonts = official_fonts()
    title = ParagraphStyle("t", fontName=fonts.heading, fontSize=20, leading=30, alignment=TA_CENTER)
    sub = ParagraphStyle("s", fontName=fonts.body, fontSize=12, leading=20, alignment=TA_CENTER)
    h1 = ParagraphStyle("h1", fontName=fonts.heading, fontSize=14, leading=24, spaceBefore=8, keepWithNext=1)
    body = ParagraphStyle("b", fontName=fonts.body, fontSize=11, leading=18, wordWrap="CJK")
    cell = ParagraphStyle("c", fontName=fonts.body, fontSize=10, leading=14, wordWrap="CJK")
    total = sum(count for _kind, count in report.summary)
    story: list[Any] = [
        Paragraph(f"{_escape(report.unit)}<br/>“四包”责任覆盖检查表", title),
        Paragraph(f"检查日期：{_escape(report.made_on)}", sub),
        Spacer(1, 4 * mm),
        Paragraph("一、检查依据", h1),
        *[Paragraph(_escape(rule), body) for rule in report.rules],
        Paragraph(f"二、检查结果汇总（共 {total} 处缺口）", h1),
    ]
    rows = [[Paragraph("问题", cell), Paragraph("数量", cell)]]
    rows += [[Paragraph(_escape(kind), cell), Paragraph(str(count), cell)] for kind, count in report.summary]
    rows.append([Paragraph("合计", cell), Paragraph(str(total), cell)])
    story.append(_grid(rows, [WIDTH * 0.75, WIDTH * 0.25], fonts.body))
    story.append(Paragraph("三、缺口明细", h1))
    if not total:
        story.append(Paragraph("四包责任已全覆盖，没有缺口。", body))
    heading = [Paragraph(h, cell) for h in ("序号", "问题", "对象", "说明")]
    widths = [WIDTH * 0.08, WIDTH * 0.22, WIDTH * 0.32, WIDTH * 0.38]
    chunk: list[list[Any]] = []
    for number, (kind, subject, detail) in enumerate(report.gaps, start=1):
        chunk.append([Paragraph(str(number), cell), *(Paragraph(_escape(t), cell) for t in (kind, subject, detail))])
        if len(chunk) == CHUNK_ROWS:
            story.append(_grid([heading, *chunk], widths, fonts.body))
            chunk = []
    if chunk:
        story.append(_grid([heading, *chunk], widths, fonts.body))
    return build_pdf(path, story, title="四包责任覆盖检查表", author=report.unit, margins_mm=(25, 20, 25, 20),
                     page_number_mm=12)  # fmt: skip
