"""Preview a PDF inside the program (QtPdf), print it, or save a copy where the clerk wants it. Printing puts each
page on paper at 1:1 from the paper's corner at the printer's resolution, so an official document's margins on
paper are the ones GB/T 9704 asks for.

A PDF made only to be previewed goes to a folder of its own under the temporary folder (%TEMP% on Windows,
``preview_path``); the dialog closes the document and removes that folder when it closes, and ``sweep_previews`` at
start-up removes what a program that did not close properly left behind.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPoint, QRect, QSize, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from shuangjian_desktop.ui.file_dialogs import save_file
from shuangjian_desktop.ui.look import icon
from shuangjian_desktop.ui.preview_files import discard_preview

BAND_PIXELS = 512
"""rows of printer pixels rendered at a time"""


class PdfPreviewDialog(QDialog):
    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.setWindowTitle(f"预览 — {title}")
        self.document = QPdfDocument(self)
        # Read from memory, not from the file: QtPdf keeps a file it loads open (locked on Windows) after close(),
        # and the temporary folder could not be removed.
        self.buffer = QBuffer(self)
        self.buffer.setData(QByteArray(self.path.read_bytes()))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self.buffer)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        print_button = QPushButton(icon("fa5s.print"), "打印…")
        print_button.clicked.connect(self.print_document)
        save_button = QPushButton(icon("fa5s.save"), "另存为…")
        save_button.clicked.connect(self.save_copy)
        close_button = QPushButton("关闭")
        close_button.clicked.connect(self.accept)
        self.pages_label = QLabel(f"共 {self.document.pageCount()} 页")
        bar = QHBoxLayout()
        bar.addWidget(print_button)
        bar.addWidget(save_button)
        bar.addStretch(1)
        bar.addWidget(self.pages_label)
        bar.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        self.resize(820, 960)

    def done(self, result: int) -> None:
        """Closing the preview closes the document (Windows cannot delete an open file) and removes a preview's
        temporary folder; a file the clerk chose stays."""
        self.document.close()
        self.buffer.close()
        discard_preview(self.path)
        super().done(result)

    def save_copy(self) -> None:
        target = save_file(self, "另存为", "pdf", self.path.name, "PDF 文件 (*.pdf)")
        if target:
            try:
                shutil.copyfile(self.path, target)
            except OSError as error:
                QMessageBox.warning(self, "未能保存", f"无法保存到“{target}”：{error.strerror or error}")

    def print_document(self) -> None:
        printer = paper_printer(self.document)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            render_to_printer(self.document, printer)
        except OSError as error:
            QMessageBox.warning(self, "未能打印", str(error))


def paper_printer(document: QPdfDocument) -> QPrinter:
    """A printer set to the document's paper (A4) with no margins of its own: pages go to paper at 1:1."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    size = document.pagePointSize(0) if document.pageCount() else QSizeF(595.28, 841.89)
    page_size = QPageSize(
        QSizeF(size.width(), size.height()), QPageSize.Unit.Point, matchPolicy=QPageSize.SizeMatchPolicy.FuzzyMatch
    )
    orientation = (
        QPageLayout.Orientation.Landscape if size.width() > size.height() else QPageLayout.Orientation.Portrait
    )
    printer.setPageLayout(QPageLayout(page_size, orientation, QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)
    return printer


def render_to_printer(document: QPdfDocument, printer: QPrinter, band: int = BAND_PIXELS) -> None:
    """Each page at 1:1 from the paper's corner, at the printer's resolution (so the margins on paper are the
    document's), drawn in bands so a 600 or 1200 dpi printer never needs a whole page image in memory."""
    printer.setFullPage(True)
    dpi = printer.resolution()
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("无法开始打印：打印机不可用")
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            size = document.pagePointSize(page)
            full = QSize(round(size.width() / 72 * dpi), round(size.height() / 72 * dpi))
            for top in range(0, full.height(), band):
                clip = QRect(0, top, full.width(), min(band, full.height() - top))
                options = QPdfDocumentRenderOptions()
                options.setScaledSize(full)
                options.setScaledClipRect(clip)
                image: QImage = document.render(page, clip.size(), options)
                painter.drawImage(QPoint(0, top), image)
    finally:
        painter.end()
