"""The program's look on any PC: the bundled CJK font registered, Qt's own dialogs in Chinese, icons."""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QPoint, QRect, QSize, Qt, QTranslator
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from shuangjian_desktop import paths

BUNDLED_FONT = "wqy-microhei.ttc"
PREFERRED_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "微软雅黑", "PingFang SC", "Noto Sans CJK SC")


def register_fonts() -> list[str]:
    """Register the bundled font; return the families it adds."""
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
    bundled = register_fonts()
    font = QFont(ui_font_family(bundled))
    font.setPointSize(10)
    app.setFont(font)
    install_translations(app)


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
