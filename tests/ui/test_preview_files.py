"""Preview PDFs live in a temporary folder of their own (%TEMP% on Windows) and are gone when the preview closes;
what a killed program left behind is swept at the next start; a file the clerk chose is never deleted."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from shuangjian_desktop.store.models import Ticket
from shuangjian_desktop.ui.main_window import MainWindow
from shuangjian_desktop.ui.pdf_preview import PdfPreviewDialog
from shuangjian_desktop.ui.preview_files import LEFTOVER_AGE, PREVIEW_PREFIX, is_preview, preview_path, sweep_previews


def write_pdf(path: Path) -> Path:
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, "preview")
    canvas.save()
    return path


def test_closing_the_preview_removes_its_temporary_folder(qtbot: QtBot) -> None:
    path = write_pdf(preview_path("整改通知书.pdf"))
    assert is_preview(path) and path.parent.name.startswith(PREVIEW_PREFIX)
    dialog = PdfPreviewDialog(path, "整改通知书")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.document.pageCount() == 1)
    dialog.reject()  # the 关闭 button and the window's close box end here too
    assert not path.parent.exists()


def test_a_file_the_clerk_chose_stays(qtbot: QtBot, tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "我的通知书.pdf")
    assert not is_preview(path)
    dialog = PdfPreviewDialog(path, "我的通知书")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert path.is_file() and PdfReader(path).pages


def test_leftovers_of_a_killed_program_are_swept() -> None:
    old = write_pdf(preview_path("旧.pdf"))
    new = write_pdf(preview_path("新.pdf"))
    long_ago = time.time() - LEFTOVER_AGE.total_seconds() - 60
    os.utime(old.parent, (long_ago, long_ago))
    assert sweep_previews() >= 1
    assert not old.parent.exists() and new.is_file()  # another open program's preview is left alone
    new.unlink()
    new.parent.rmdir()


def test_a_reply_letter_preview_leaves_nothing_behind(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[Path, str]] = []

    def look_and_close(dialog: PdfPreviewDialog) -> int:
        seen.append((dialog.path, PdfReader(dialog.path).pages[0].extract_text()))
        dialog.reject()
        return 0

    monkeypatch.setattr(PdfPreviewDialog, "exec", look_and_close)
    page = window.tickets
    with window.workspace.store.read() as uow:
        answered = uow.session.scalar(select(Ticket.id).where(Ticket.replied_at.is_not(None)).order_by(Ticket.id))
    page.show_ticket(answered)  # a reply letter is for a ticket that has been answered
    page.print_reply()
    ((path, text),) = seen
    assert "答复" in text
    assert is_preview(path) and not path.parent.exists()
