"""The program's look on any PC: the bundled CJK font registered, Qt's own dialogs in Chinese, icons."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
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
    import qtawesome

    return qtawesome.icon(name, color=color, color_selected="#ffffff", color_active=color)
