"""Where open and save dialogs start: the last folder used for that kind of file, else the clerk's Documents folder
(never the program's folder). The folder is remembered per kind ("import", "export", "database", "pdf"...) in the
window's QSettings, or for this session only when there are none (tests, a bare dialog)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

_SESSION: dict[str, str] = {}
KEY = "dialogs/last_folder/{}"

XLSX = "Excel 表格 (*.xlsx)"
SHEET_FILTER = "表格文件 (*.xlsx *.xls *.et *.ods *.csv);;Excel 表格 (*.xlsx *.xls);;CSV 文本 (*.csv);;所有文件 (*)"


def documents_folder() -> str:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if found and Path(found).is_dir():
        return found
    return str(Path.home())


def start_folder(kind: str, ui_state: QSettings | None = None) -> str:
    """The folder a dialog for ``kind`` of file opens in."""
    last = ui_state.value(KEY.format(kind), "", str) if ui_state is not None else _SESSION.get(kind, "")
    if last and Path(last).is_dir():
        return str(last)
    return documents_folder()


def remember_folder(kind: str, chosen: str | Path, ui_state: QSettings | None = None) -> None:
    """Remember the folder of a file the clerk chose (or the folder itself)."""
    path = Path(chosen)
    folder = str(path if path.is_dir() else path.parent)
    if ui_state is not None:
        ui_state.setValue(KEY.format(kind), folder)
    else:
        _SESSION[kind] = folder


def open_file(
    parent: QWidget | None, title: str, kind: str, file_filter: str, ui_state: QSettings | None = None
) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, start_folder(kind, ui_state), file_filter)
    if not path:
        return None
    remember_folder(kind, path, ui_state)
    return Path(path)


def save_file(
    parent: QWidget | None,
    title: str,
    kind: str,
    suggested_name: str,
    file_filter: str,
    ui_state: QSettings | None = None,
) -> Path | None:
    start = str(Path(start_folder(kind, ui_state)) / suggested_name)
    path, _ = QFileDialog.getSaveFileName(parent, title, start, file_filter)
    if not path:
        return None
    remember_folder(kind, path, ui_state)
    return Path(path)


def open_files(
    parent: QWidget | None, title: str, kind: str, file_filter: str, ui_state: QSettings | None = None
) -> list[Path]:
    paths, _ = QFileDialog.getOpenFileNames(parent, title, start_folder(kind, ui_state), file_filter)
    if paths:
        remember_folder(kind, paths[0], ui_state)
    return [Path(p) for p in paths]


def choose_folder(parent: QWidget | None, title: str, kind: str, ui_state: QSettings | None = None) -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, title, start_folder(kind, ui_state))
    if not folder:
        return None
    remember_folder(kind, folder, ui_state)
    return Path(folder)
