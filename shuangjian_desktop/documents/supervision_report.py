"""The supervision report (督导报告) for the bureau's leaders: a cover, a summary in sentences, the key figures,
charts (tickets by month, notices by status, reductions by month), and the lists that need action: overdue
tickets, overdue notices and coverage gaps. Same fonts and page numbers as the notices."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from shuangjian_desktop.documents.fonts import official_fonts
from shuangjian_desktop.documents.pdf_page import build_pdf

WIDTH = A4[0] - 54 * mm
CHUNK_ROWS = 30
"""Rows per table in the long lists (under a page each)."""


@dataclass(frozen=True)
class Series:
    title: str
    labels: Sequence[str]
    values: Sequence[Sequence[float]]
    legend: Sequence[str]


@dataclass(frozen=True)
class ReportData:
    unit: str
    period: str
    made_on: str
    summary: Sequence[str]
    figures: Sequence[tuple[str, str]]
    charts: Sequence[Series]
    lists: Sequence[tuple[str, Sequence[tuple[str, ...]], Sequence[str]]]
    """(title, rows, column headings)"""


def chinese_number(number: int) -> str:
    """1-99 in Chinese numerals, as section headings count (四, 十一, 二十)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(number, 10)
    if tens == 0:
        return digits[ones]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _widths(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[float]:
    """Column widths by the longest text in each column (of the first rows), the same for every chunk."""

    def shown(text: object) -> int:  # a Chinese character is twice as wide as a digit
        return sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(text))

    sample = rows[:200]
    lengths = [
        min(40, max(shown(heading), *(shown(row[i]) for row in sample))) + 4 for i, heading in enumerate(columns)
    ]
    return [WIDTH * length / sum(lengths) for length in lengths]


def _chart(series: Series, font: str) -> Drawing:
    drawing = Drawing(WIDTH, 62 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 14 * mm, 12 * mm, WIDTH - 20 * mm, 40 * mm
    chart.data = [list(v) for v in series.values] or [[0]]
    chart.categoryAxis.categoryNames = list(series.labels) or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.valueMin = 0
    top = max((max(v) for v in chart.data if v), default=0)
    chart.valueAxis.valueStep = max(1, math.ceil(top / 5))  # counts: whole-number steps
    palette = [colors.HexColor("#2F5597"), colors.HexColor("#C55A11"), colors.HexColor("#548235")]
    for i in range(len(chart.data)):
        chart.bars[i].fillColor = palette[i % len(palette)]
    drawing.add(chart)
    drawing.add(String(0, 56 * mm, series.title, fontName=font, fontSize=12))
    for i, name in enumerate(series.legend):
        drawing.add(
            String(
                WIDTH - 60 * mm + i * 30 * mm,
                56 * mm,
                f"■ {name}",
                fontName=font,
                fontSize=9,
                fillColor=palette[i % len(palette)],
            )
        )
    return drawing


def write_supervision_report(path: Path, data: ReportData) -> Path:
    fonts = official_fonts()
    title = ParagraphStyle("t", fontName=fonts.heading, fontSize=26, leading=40, alignment=TA_CENTER, wordWrap="CJK")
    sub = ParagraphStyle("s", fontName=fonts.body, fontSize=16, leading=28, alignment=TA_CENTER)
    h1 = ParagraphStyle("h1", fontName=fonts.heading, fontSize=16, leading=28, spaceBefore=8, keepWithNext=1)
    body = ParagraphStyle(
        "b", fontName=fonts.body, fontSize=14, leading=25, alignment=TA_JUSTIFY, firstLineIndent=28, wordWrap="CJK"
    )
    cell = ParagraphStyle("c", fontName=fonts.body, fontSize=10, leading=14, wordWrap="CJK")
    story: list[Any] = [
        Spacer(1, 60 * mm),
        Paragraph(f"{_escape(data.unit)}<br/>“双减”工作督导报告", title),
        Spacer(1, 20 * mm),
        Paragraph(f"（{_escape(data.period)}）", sub),
        Spacer(1, 80 * mm),
        Paragraph(_escape(data.unit), sub),
        Paragraph(data.made_on, sub),
        PageBreak(),
        Paragraph("一、总体情况", h1),
    ]
    story += [Paragraph(_escape(line), body) for line in data.summary]
    story.append(Paragraph("二、主要数据", h1))
    table = Table(
        [[Paragraph(_escape(k), cell), Paragraph(_escape(v), cell)] for k, v in data.figures],
        colWidths=[WIDTH * 0.62, WIDTH * 0.38],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("FONTNAME", (0, 0), (-1, -1), fonts.body),
                ("ROWBACKGROUNDS", (0, 0), (-1, -1), [colors.white, colors.HexColor("#F3F6FA")]),
            ]
        )
    )
    story.append(table)
    story.append(Paragraph("三、图表", h1))
    story += [_chart(series, fonts.body) for series in data.charts]
    for number, (heading, rows, columns) in enumerate(data.lists, start=4):
        story.append(Paragraph(f"{chinese_number(number)}、{_escape(heading)}（{len(rows)}）", h1))
        if not rows:
            story.append(Paragraph("无。", body))
            continue
        # A long list goes in chunks, each its own table with the header: reportlab re-measures the rest of a table
        # at every page break, so one table of 20,000 rows costs the square of its length, chunks cost the length.
        heading = [Paragraph(_escape(c), cell) for c in columns]
        widths = _widths(columns, rows)
        for start in range(0, len(rows), CHUNK_ROWS):
            chunk = rows[start : start + CHUNK_ROWS]
            lines = [[Paragraph(_escape(str(c)), cell) for c in row] for row in chunk]
            grid = Table([heading, *lines], colWidths=widths, repeatRows=1)
            grid.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7")),
                        ("FONTNAME", (0, 0), (-1, -1), fonts.body),
                    ]
                )
            )
            story.append(grid)
    return build_pdf(path, story, title="督导报告", author=data.unit, margins_mm=(30, 26, 28, 28), page_number_mm=15)
