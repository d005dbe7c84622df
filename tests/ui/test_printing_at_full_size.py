"""Printing from the window puts each page on paper at 1:1 from the paper's corner, at the printer's resolution:
printed to a PDF "printer" and read back, the page images cover the A4 sheet exactly."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from shuangjian_desktop.documents.notice_pdf import write_notices
from shuangjian_desktop.ui.pdf_preview import paper_printer, render_to_printer
from tests.documents.test_notice_layout import notice


def test_pages_reach_paper_at_full_size(qapp: object, tmp_path: Path) -> None:
    source = write_notices(tmp_path / "notice.pdf", [notice()])
    document = QPdfDocument()
    document.load(str(source))
    printer = paper_printer(document)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(150)
    render_to_printer(document, printer, band=400)
    with pdfplumber.open(tmp_path / "printed.pdf") as pdf:
        assert len(pdf.pages) == document.pageCount()
        page = pdf.pages[0]
        assert page.width == pytest.approx(595.28, abs=1) and page.height == pytest.approx(841.89, abs=1)
        images = sorted(page.images, key=lambda i: i["top"])
        assert len(images) > 1  # drawn in bands, never one whole-page image at printer resolution
        assert images[0]["x0"] == pytest.approx(0, abs=0.5) and images[0]["top"] == pytest.approx(0, abs=0.5)
        assert images[-1]["bottom"] == pytest.approx(841.89, abs=1)
        assert all(i["x1"] == pytest.approx(595.28, abs=1) for i in images)
        assert images[0]["srcsize"][0] == round(595.28 / 72 * 150)  # the printer's resolution, not a fixed one
