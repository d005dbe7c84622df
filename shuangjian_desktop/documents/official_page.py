"""The page of GB/T 9704-2012 and batches of documents on it.

A4; top margin 37 mm, binding margin 28 mm, text block 156 x 225 mm. Page numbers (7.5): 四号 (14 pt) 宋体 Arabic
numerals between two 一字线 "— 1 —", the dashes 7 mm below the text block, odd pages on the right and even pages on
the left, one character in from the block's edge.

A batch (notices, letters) prints so that a duplex printer and a clerk can use it: every document starts on a new
sheet (a blank, unnumbered back is left where needed), page numbers restart at 1 in each document, and a sheet that
is not part of the document's text (the 送达回执) is its own unnumbered sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import ActionFlowable, BaseDocTemplate, Frame, PageTemplate

from shuangjian_desktop.atomicfile import atomic_path
from shuangjian_desktop.documents.fonts import official_fonts
from shuangjian_desktop.documents.official_text import TEXT_HEIGHT, TEXT_WIDTH

TOP, LEFT = 37 * mm, 28 * mm
RIGHT = A4[0] - LEFT - TEXT_WIDTH  # 26 mm
BOTTOM = A4[1] - TOP - TEXT_HEIGHT  # 35 mm
PAGE_NUMBER_SIZE = 14
PAGE_NUMBER_GAP = 7 * mm
"""from the text block's lower edge to the page number's dashes"""


def page_number_text(label: int) -> str:
    return f"— {label} —"


def draw_page_number(canvas: Any, page: int, label: int) -> None:
    """ "— N —" in 宋体 四号, the dashes (the middle of the em box) 7 mm below the text block; odd pages right,
    even pages left, one character in."""
    font = official_fonts().song
    size = PAGE_NUMBER_SIZE
    descent = pdfmetrics.getFont(font).face.descent / 1000
    middle = BOTTOM - PAGE_NUMBER_GAP
    baseline = middle - (0.5 + descent) * size
    text = page_number_text(label)
    canvas.setFont(font, size)
    if page % 2:
        canvas.drawRightString(LEFT + TEXT_WIDTH - size, baseline, text)
    else:
        canvas.drawString(LEFT + size, baseline, text)


class NewSheet(ActionFlowable):
    """Start the next document (numbered from 1) or an unnumbered part (a receipt) on the front of a new sheet."""

    def __init__(self, numbered: bool) -> None:
        super().__init__(("newSheet", numbered))


class SheetsDocTemplate(BaseDocTemplate):
    """Pages in the text block frame; numbering per document, blank backs where a document must start on a new
    sheet."""

    def __init__(self, filename: str, **kwargs: Any) -> None:
        super().__init__(filename, pagesize=A4, **kwargs)
        self.numbered = False
        self.counter = 0
        self.label: int | None = None
        self.blank_backs = True
        frame = Frame(
            LEFT, BOTTOM, TEXT_WIDTH, TEXT_HEIGHT, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
        )
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._page_begun, onPageEnd=self._page_ended)])

    def _page_begun(self, canvas: Any, document: Any) -> None:
        if self.numbered:
            self.counter += 1
            self.label = self.counter
        else:
            self.label = None

    def _page_ended(self, canvas: Any, document: Any) -> None:
        if self.label is not None:
            draw_page_number(canvas, self.page, self.label)

    def handle_newSheet(self, numbered: bool) -> None:
        if self._curPageFlowableCount:  # this page holds something: finish it
            self.handle_pageBreak()
            self.clean_hanging()
        if self.blank_backs and self.page % 2 == 0:  # the back of a sheet: leave it blank and unnumbered
            self.label = None
            self.handle_pageBreak()
            self.clean_hanging()
        self.numbered = numbered
        self.counter = 1 if numbered else 0
        self.label = 1 if numbered else None


def build_sheets(
    path: Path, documents: Sequence[Sequence[Any]], *, title: str, author: str, duplex: bool = True
) -> Path:
    """Each document is a story of flowables that starts with NewSheet(True) (NewSheet(False) marks unnumbered
    parts within it). Written to a temporary file and renamed into place."""
    fonts = official_fonts()
    story: list[Any] = [flowable for document in documents for flowable in document]
    with atomic_path(Path(path)) as tmp:
        document = SheetsDocTemplate(str(tmp), title=title, author=author)
        document.blank_backs = duplex
        document.build(story, canvasmaker=partial(Canvas, initialFontName=fonts.body))
    return Path(path)
