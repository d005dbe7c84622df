"""Preview a PDF inside the program (QtPdf), print it, or save a copy where the clerk wants it."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from shuangjian_desktop.ui.look import icon

PRINT_DPI = 300


class PdfPreviewDialog(QDialog):
    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.setWindowTitle(f"预览 — {title}")
        self.document = QPdfDocument(self)
        self.document.load(str(self.path))
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

    def save_copy(self) -> None:
        target, _ = QFileDialog.getSaveFileName(self, "另存为", self.path.name, "PDF 文件 (*.pdf)")
        if target:
            try:
                shutil.copyfile(self.path, target)
            except OSError as error:
                QMessageBox.warning(self, "未能保存", f"无法保存到“{target}”：{error.strerror or error}")

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        render_to_printer(self.document, printer)


def render_to_printer(document: QPdfDocument, printer: QPrinter) -> None:
    """Draw each page as a high-resolution image on the printer's page, keeping its proportions."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("无法开始打印：打印机不可用")
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            size = document.pagePointSize(page)
            pixels = QSize(int(size.width() / 72 * PRINT_DPI), int(size.height() / 72 * PRINT_DPI))
            image: QImage = document.render(page, pixels)
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(target.x(), target.y(), scaled.width(), scaled.height())
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(target)
    finally:
        painter.end()
