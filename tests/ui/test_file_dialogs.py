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


def test_the_windows_save_dialogs_start_in_documents_then_where_the_clerk_saved(
    window, tmp_path: Path, monkeypatch, answers
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from shuangjian_desktop.ui import file_dialogs

    monkeypatch.setattr(file_dialogs, "_SESSION", {})  # nothing remembered from an earlier test
    starts: list[str] = []
    chosen = tmp_path / "给局长" / "机构台账.xlsx"
    chosen.parent.mkdir()

    def save(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        starts.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    window.institutions.view.export_view()
    window.reports.export("institutions")
    program_folder = Path(__file__).resolve().parents[2]
    assert all(Path(s).parent == Path(documents_folder()) for s in starts), starts
    assert not any(Path(s).is_relative_to(program_folder) for s in starts)
    remember_folder("export", chosen)
    window.reports.export("institutions")
    assert Path(starts[-1]).parent == chosen.parent
