"""Where open and save dialogs start: Documents, or the last folder used for that kind of file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from shuangjian_desktop.ui.file_dialogs import documents_folder, remember_folder, start_folder


def test_the_last_folder_per_kind_else_documents(tmp_path: Path, ui_state: QSettings) -> None:
    assert start_folder("import", ui_state) == documents_folder()
    assert Path(documents_folder()).is_dir()
    sheet = tmp_path / "乡镇" / "机构.xlsx"
    sheet.parent.mkdir()
    sheet.write_bytes(b"")
    remember_folder("import", sheet, ui_state)
    assert start_folder("import", ui_state) == str(sheet.parent)
    assert start_folder("export", ui_state) == documents_folder()  # each kind remembers its own
    sheet.unlink()
    sheet.parent.rmdir()
    assert start_folder("import", ui_state) == documents_folder()  # a folder that is gone is not offered


def test_without_settings_the_folder_is_kept_for_the_session(tmp_path: Path) -> None:
    remember_folder("pdf", tmp_path)
    assert start_folder("pdf") == str(tmp_path)
