"""Building a PDF the same way everywhere: A4, the given margins, "— N —" page numbers, the official fonts from
the first byte (no unembedded default font), written to a temporary file and renamed into place."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from shuangjian_desktop.atomicfile import atomic_path
from shuangjian_desktop.documents.fonts import official_fonts


def build_pdf(
    path: Path,
    story: Sequence[Any],
    *,
    title: str,
    author: str,
    margins_mm: tuple[float, float, float, float],
    page_number_mm: float | None = None,
) -> Path:
    """``margins_mm`` is (top, right, bottom, left); page numbers centred ``page_number_mm`` above the page's foot."""
    fonts = official_fonts()
    top, right, bottom, left = (m * mm for m in margins_mm)

    def number_pages(canvas: Any, document: Any) -> None:
        if page_number_mm is not None:
            canvas.setFont(fonts.body, 14)
            canvas.drawCentredString(A4[0] / 2, page_number_mm * mm, f"— {document.page} —")

    with atomic_path(Path(path)) as tmp:
        document = SimpleDocTemplate(
            str(tmp),
            pagesize=A4,
            leftMargin=left,
            rightMargin=right,
            topMargin=top,
            bottomMargin=bottom,
            title=title,
            author=author,
        )
        document.build(
            list(story),
            onFirstPage=number_pages,
            onLaterPages=number_pages,
            canvasmaker=partial(Canvas, initialFontName=fonts.body),
        )
    return Path(path)
