"""A white or black list as a county posts it (公示): a titled table (序号, 机构名称, 统一社会信用代码 …) on A4
landscape, the count and the day it stands at, a line on objections and the supervision hotline, and the issuing
unit with the date under it; the same as a workbook. Long lists go in chunks of one table each (reportlab measures
a table again at every page break)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from shuangjian_desktop.atomicfile import atomic_path
from shuangjian_desktop.documents.fonts import markup, official_fonts

PAGE = landscape(A4)
MARGIN = 18 * mm
CHUNK = 25


@dataclass(frozen=True)
class PublicList:
    title: str
    """e.g. 示范县校外培训机构黑名单"""
    subtitle: str
    """e.g. （截至2026年11月20日，共3家）"""
    columns: Sequence[tuple[str, float]]
    """(heading, relative width)"""
    rows: Sequence[Sequence[Any]]
    notes: Sequence[str]
    unit: str
    made_on: str
    sheet: str = "名单"


def write_public_list_pdf(path: Path, data: PublicList) -> Path:
    fonts = official_fonts()
    title = ParagraphStyle("t", fontName=fonts.heading, fontSize=20, leading=30, alignment=TA_CENTER)
    sub = ParagraphStyle("s", fontName=fonts.body, fontSize=12, leading=20, alignment=TA_CENTER)
    cell = ParagraphStyle("c", fontName=fonts.body, fontSize=10, leading=14, wordWrap="CJK")
    head = ParagraphStyle("h", parent=cell, fontName=fonts.heading, alignment=TA_CENTER)
    note = ParagraphStyle("n", fontName=fonts.body, fontSize=11, leading=18, firstLineIndent=22, wordWrap="CJK")
    sign = ParagraphStyle("g", fontName=fonts.body, fontSize=12, leading=20, alignment=TA_RIGHT)
    width = PAGE[0] - 2 * MARGIN
    total = sum(w for _h, w in data.columns) or 1
    widths = [width * w / total for _h, w in data.columns]
    story: list[Any] = [
        Paragraph(markup(data.title, fonts.heading), title),
        Paragraph(markup(data.subtitle, fonts.body), sub),
        Spacer(1, 4 * mm),
    ]
    heading = [Paragraph(markup(h, fonts.heading), head) for h, _w in data.columns]
    style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E7E6E6")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONTNAME", (0, 0), (-1, -1), fonts.body),
        ]
    )
    if not data.rows:
        story.append(Table([heading, [Paragraph("（无）", cell)] + [""] * (len(heading) - 1)], colWidths=widths))
        story[-1].setStyle(style)
    for start in range(0, len(data.rows), CHUNK):
        lines = [[Paragraph(markup(str(c), fonts.body), cell) for c in row] for row in data.rows[start : start + CHUNK]]
        table = Table([heading, *lines], colWidths=widths, repeatRows=1)
        table.setStyle(style)
        story.append(table)
    story.append(Spacer(1, 5 * mm))
    story += [Paragraph(markup(line, fonts.body), note) for line in data.notes]
    story.append(
        KeepTogether(
            [
                Spacer(1, 8 * mm),
                Paragraph(markup(data.unit, fonts.body), sign),
                Paragraph(markup(data.made_on, fonts.body), sign),
            ]
        )
    )

    def number(canvas: Any, document: Any) -> None:
        canvas.setFont(fonts.body, 10)
        canvas.drawCentredString(PAGE[0] / 2, 10 * mm, f"第 {document.page} 页")

    with atomic_path(Path(path)) as tmp:
        document = SimpleDocTemplate(
            str(tmp),
            pagesize=PAGE,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=16 * mm,
            bottomMargin=18 * mm,
            title=data.title,
            author=data.unit,
        )
        document.build(
            story, onFirstPage=number, onLaterPages=number, canvasmaker=partial(Canvas, initialFontName=fonts.body)
        )
    return Path(path)


def write_public_list_xlsx(path: Path, data: PublicList) -> int:
    from shuangjian_desktop.documents.supervision_xlsx import SheetData, write_sheets
    from shuangjian_desktop.documents.xlsx_writer import ColumnSpec

    columns = [ColumnSpec(h, number_format="0" if h == "序号" else None) for h, _w in data.columns]
    sheet = SheetData(
        data.sheet,
        data.title,
        columns,
        data.rows,
        below=[*data.notes, data.unit, data.made_on],
        above=[data.subtitle],
    )
    return write_sheets(Path(path), [sheet])
