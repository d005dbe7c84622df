"""Fonts on Windows: offscreen Qt is shown a font folder, and fonts installed for one user only are found.

Windows 10 (1809 and later) installs a font "for this user" into %LOCALAPPDATA%\\Microsoft\\Windows\\Fonts and
lists it under HKEY_CURRENT_USER; the program registers the preferred families from there itself. The tests stand
in a font reportlab ships (Bitstream Vera Sans) for Microsoft YaHei, in a temporary LOCALAPPDATA.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import reportlab
from PySide6.QtGui import QColor, QFontDatabase, QImage
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from shuangjian_desktop import paths
from shuangjian_desktop.ui import look

STAND_IN = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
STAND_IN_FAMILY = "Bitstream Vera Sans"


@pytest.fixture
def user_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty per-user fonts folder in a temporary LOCALAPPDATA (and, on Windows, a registry key of its own)."""
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData" / "Local"))
    folder = tmp_path / "AppData" / "Local" / "Microsoft" / "Windows" / "Fonts"
    folder.mkdir(parents=True)
    if sys.platform != "win32":
        monkeypatch.setattr(look, "user_fonts_dir", lambda: folder)
    else:
        monkeypatch.setattr(look, "USER_FONTS_KEY", rf"Software\ShuangjianDesktopTest\Fonts-{tmp_path.name}")
    return folder


def test_a_per_user_font_named_like_yahei_is_found(user_fonts: Path) -> None:
    assert look.preferred_user_fonts() == []
    shutil.copyfile(STAND_IN, user_fonts / "msyh.ttf")
    (user_fonts / "someone-elses.ttf").write_bytes(STAND_IN.read_bytes())
    assert look.preferred_user_fonts() == [user_fonts / "msyh.ttf"]


@pytest.mark.skipif(sys.platform != "win32", reason="the per-user font list is in the Windows registry")
def test_a_per_user_font_listed_in_the_registry_is_registered(qapp: QApplication, user_fonts: Path) -> None:
    import winreg

    font = user_fonts / "Vera-1234.ttf"  # a name that says nothing: only the registry tells the family
    shutil.copyfile(STAND_IN, font)
    key = winreg.CreateKey(winreg.HKEY_CURRENT_USER, look.USER_FONTS_KEY)
    try:
        winreg.SetValueEx(key, "Microsoft YaHei & Microsoft YaHei UI (TrueType)", 0, winreg.REG_SZ, str(font))
        assert look.preferred_user_fonts() == [font]
        if STAND_IN_FAMILY not in QFontDatabase.families():
            look.register_fonts()
            assert STAND_IN_FAMILY in QFontDatabase.families()
    finally:
        winreg.CloseKey(key)
        winreg.DeleteKey(winreg.HKEY_CURRENT_USER, look.USER_FONTS_KEY)


def test_register_fonts_adds_a_per_user_yahei_that_qt_does_not_know(qapp: QApplication, user_fonts: Path) -> None:
    if any(family in QFontDatabase.families() for family in look.PREFERRED_FAMILIES):
        pytest.skip("this PC has a preferred family already: nothing to add")
    shutil.copyfile(STAND_IN, user_fonts / "msyh.ttf")
    bundled = look.register_fonts()
    assert STAND_IN_FAMILY in QFontDatabase.families()
    assert bundled and "WenQuanYi" in bundled[0]


@pytest.mark.skipif(sys.platform != "win32", reason="QT_QPA_FONTDIR is set only on Windows")
def test_offscreen_qt_on_windows_is_shown_the_bundled_fonts() -> None:
    import os

    look.prepare_environment()  # tests/conftest.py did it before Qt started; doing it again changes nothing
    assert Path(os.environ["QT_QPA_FONTDIR"]) == paths.fonts_dir()


def test_chinese_text_is_drawn(qtbot: QtBot) -> None:
    """With the bundled font registered, a Chinese label paints glyphs (not nothing, not one box per character)."""
    family = look.register_fonts()[0]
    label = QLabel("双减监管台账")
    qtbot.addWidget(label)
    font = label.font()
    font.setFamily(family)
    font.setPointSize(16)
    label.setFont(font)
    label.resize(label.sizeHint())
    image = QImage(label.size(), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    label.render(image)
    dark = sum(
        1 for x in range(image.width()) for y in range(image.height()) if QColor(image.pixel(x, y)).lightness() < 128
    )
    assert dark > 100
