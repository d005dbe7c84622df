"""Print preview of a ledger view: the filtered rows as a table on A4 landscape, with the title and date."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QMessageBox, QWidget

from shuangjian_desktop.services.registers import Query, Register

MAX_PRINTED_ROWS = 5000


def table_html(register: Register, query: Query, limit: int = MAX_PRINTED_ROWS) -> tuple[str, int]:
    """The rows of the query as an HTML table (at most ``limit``); returns (html, total)."""
    total = register.count(query)
    rows = register.page(query, 0, min(total, limit))
    head = "".join(f"<th>{html.escape(c.label)}</th>" for c in register.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in row.values) + "</tr>"
        for row in rows
    )
    more = f"<p>（共 {total} 条，仅打印前 {limit} 条；请缩小筛选范围）</p>" if total > limit else ""
    title = html.escape(register.title)
    return (
        f"<h2 style='text-align:center'>{title}</h2>"
        f"<p>打印日期：{dt.date.today().isoformat()}　共 {total} 条"
        f"{('　搜索：' + html.escape(query.text)) if query.text else ''}</p>"
        "<table border='1' cellspacing='0' cellpadding='3' width='100%' style='border-collapse:collapse;font-size:9pt'>"
        f"<thead><tr style='background:#dde7f0'>{head}</tr></thead><tbody>{body}</tbody></table>{more}",
        total,
    )


def preview_table(parent: QWidget, register: Register, query: Query) -> None:
    content, total = table_html(register, query)
    if total == 0:
        QMessageBox.information(parent, "打印预览", "当前列表没有记录。")
        return
    document = QTextDocument(parent)
    document.setHtml(content)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape, printer.pageLayout().margins()
        )
    )
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"打印预览 — {register.title}")
    dialog.paintRequested.connect(document.print_)
    dialog.exec()
