"""The program's look on any PC: the bundled CJK font registered, Qt's own dialogs in Chinese, icons.

On Windows, fonts installed "for this user only" (Windows 10 1809 and later put them in
%LOCALAPPDATA%\\Microsoft\\Windows\\Fonts and list them under HKEY_CURRENT_USER) are searched for the preferred families
and registered; and Qt without a screen (offscreen, as in the tests) is shown a font folder, since the wheels carry
none and it would otherwise warn "Cannot find font directory" and draw no text.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QPoint, QRect, QSize, Qt, QTranslator
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from shuangjian_desktop import paths

BUNDLED_FONT = "wqy-microhei.ttc"
PREFERRED_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "微软雅黑", "PingFang SC", "Noto Sans CJK SC")
PREFERRED_FILES = ("msyh", "msyhl", "msyhbd", "notosanscjk", "notosanssc", "sourcehansans")
"""File names (lower case, without extension) of the preferred families, for per-user fonts the registry omits."""
FONT_SUFFIXES = (".ttf", ".ttc", ".otf")
USER_FONTS_KEY = r"Software\Microsoft\Windows NT\CurrentVersion\Fonts"


def prepare_environment() -> None:
    """Before the QApplication is made: on Windows, the font folder for Qt without a screen (the bundled fonts)."""
    if sys.platform == "win32" and not os.environ.get("QT_QPA_FONTDIR"):
        os.environ["QT_QPA_FONTDIR"] = str(paths.fonts_dir())


def user_fonts_dir() -> Path | None:
    """Where Windows puts the fonts one user installed for themselves (None off Windows)."""
    if sys.platform != "win32":
        return None
    base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    return Path(base) / "Microsoft" / "Windows" / "Fonts"


def _registered_user_fonts() -> dict[str, Path]:
    """HKEY_CURRENT_USER's font list: "Microsoft YaHei & Microsoft YaHei UI (TrueType)" -> its file."""
    if sys.platform != "win32":
        return {}
    import winreg

    found: dict[str, Path] = {}
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, USER_FONTS_KEY) as key:
            index = 0
            while True:
                try:
                    name, value, _kind = winreg.EnumValue(key, index)
                except OSError:
                    break
                index += 1
                if isinstance(value, str) and value:
                    found[name] = Path(value) if Path(value).is_absolute() else (user_fonts_dir() or Path()) / value
    except OSError:
        pass
    return found


def preferred_user_fonts() -> list[Path]:
    """The per-user font files of the preferred families: named so in the registry, or by their file name."""
    folder = user_fonts_dir()
    if folder is None:
        return []
    wanted = [family.lower() for family in PREFERRED_FAMILIES]
    chosen = [
        path
        for name, path in _registered_user_fonts().items()
        if any(family in name.lower() for family in wanted) and path.is_file()
    ]
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
    except OSError:
        files = []
    chosen += [p for p in files if p.stem.lower().replace("-", "").startswith(PREFERRED_FILES) and p not in chosen]
    return chosen


def register_fonts() -> list[str]:
    """Register the bundled font and the preferred families' per-user fonts Qt has not found itself; return the
    families the bundled font adds."""
    known = set(QFontDatabase.families())
    if not any(family in known for family in PREFERRED_FAMILIES):
        for path in preferred_user_fonts():
            QFontDatabase.addApplicationFont(str(path))
    font_id = QFontDatabase.addApplicationFont(str(paths.fonts_dir() / BUNDLED_FONT))
    return QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []


def ui_font_family(bundled: list[str]) -> str:
    available = set(QFontDatabase.families())
    for family in PREFERRED_FAMILIES:
        if family in available:
            return family
    return bundled[0] if bundled else QApplication.font().family()


def install_translations(app: QApplication) -> list[QTranslator]:
    """Load Qt's own Chinese strings (buttons of message boxes, file dialogs...)."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            loaded.append(translator)
    QLocale.setDefault(QLocale("zh_CN"))
    return loaded


def apply_look(app: QApplication) -> None:
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "shuangjian.ico")))
    bundled = register_fonts()
    font = QFont(ui_font_family(bundled))
    font.setPointSize(10)
    app.setFont(font)
    install_translations(app)
    from shuangjian_desktop.ui.gc_guard import collect_on_gui_thread

    collect_on_gui_thread()  # from the sign-in on, never on a background thread


def icon(name: str, color: str = "#2f5597") -> QIcon:
    """A Font Awesome icon. The solid set ("fa5s.") is drawn from the font qtawesome ships, without importing
    qtawesome (and qtpy) before the first window paints; any other set goes through qtawesome."""
    prefix, _dot, glyph = name.partition(".")
    solid = _solid_font() if prefix == "fa5s" else None
    if solid is not None and glyph in solid[1]:
        return QIcon(_GlyphEngine(chr(solid[1][glyph]), solid[0], color))
    import qtawesome

    return qtawesome.icon(name, color=color, color_selected="#ffffff", color_active=color)


@cache
def _solid_font() -> tuple[str, dict[str, int]] | None:
    """(family, glyph name -> code point) of Font Awesome 5 solid, from qtawesome's folder (not imported)."""
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    fonts = sorted(folder.glob("fontawesome5-solid-webfont-*.ttf"))
    charmaps = sorted(folder.glob("fontawesome5-solid-webfont-charmap-*.json"))
    if not fonts or not charmaps:
        return None
    families = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(fonts[-1])))
    if not families:
        return None
    codes = json.loads(charmaps[-1].read_text(encoding="utf-8"))
    return families[0], {key: int(value, 16) for key, value in codes.items()}


class _GlyphEngine(QIconEngine):
    """One glyph in one colour (white when selected, grey when disabled), drawn at any size."""

    def __init__(self, char: str, family: str, color: str) -> None:
        super().__init__()
        self.char, self.family, self.color = char, family, color

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, _state: QIcon.State) -> None:
        colour = {QIcon.Mode.Selected: "#ffffff", QIcon.Mode.Disabled: "#b4b4b4"}.get(mode, self.color)
        font = QFont(self.family)
        font.setPixelSize(max(1, round(min(rect.width(), rect.height()) * 0.875)))
        painter.save()
        painter.setFont(font)
        painter.setPen(QColor(colour))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.char)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _GlyphEngine(self.char, self.family, self.color)
