"""Official fonts: the Windows faces where installed (仿宋_GB2312 before 仿宋, 方正小标宋 before 宋体), the bundled
serif otherwise, and a character the chosen font lacks set in one that has it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from shuangjian_desktop import paths
from shuangjian_desktop.documents import fonts


@pytest.fixture
def fresh_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    fonts.official_fonts.cache_clear()
    yield
    fonts.official_fonts.cache_clear()


def test_without_windows_fonts_the_text_is_serif(fresh_fonts: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WINDIR", raising=False)
    monkeypatch.delenv("SYSTEMROOT", raising=False)
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    chosen = fonts.official_fonts()
    assert (chosen.body, chosen.title, chosen.song) == (fonts.SERIF,) * 3
    assert chosen.heading == fonts.SANS  # 黑体 is a sans face
    assert chosen.files == ("ar-pl-uming.ttc", "wqy-microhei.ttc", "ar-pl-uming.ttc", "ar-pl-uming.ttc")


def test_installed_official_faces_come_first(
    fresh_fonts: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    windows = tmp_path / "Windows"
    (windows / "Fonts").mkdir(parents=True)
    user = tmp_path / "Local" / "Microsoft" / "Windows" / "Fonts"
    user.mkdir(parents=True)
    # stand-ins: real TrueType files under the names Windows gives its fonts
    shutil.copyfile(paths.fonts_dir() / "ar-pl-uming.ttc", windows / "Fonts" / "simfang.ttf")
    shutil.copyfile(paths.fonts_dir() / "wqy-microhei.ttc", windows / "Fonts" / "SIMHEI.TTF")
    shutil.copyfile(paths.fonts_dir() / "ar-pl-uming.ttc", windows / "Fonts" / "simsun.ttc")
    shutil.copyfile(paths.fonts_dir() / "ar-pl-uming.ttc", user / "仿宋_GB2312.ttf")  # installed for one user
    monkeypatch.setenv("WINDIR", str(windows))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    chosen = fonts.official_fonts()
    assert chosen.files == ("仿宋_GB2312.ttf", "SIMHEI.TTF", "simsun.ttc", "simsun.ttc")
    assert chosen.body == "SJ-仿宋_gb2312" and chosen.heading == "SJ-simhei"


def test_a_character_missing_from_the_font_is_set_in_one_that_has_it(fresh_fonts: None) -> None:
    chosen = fonts.official_fonts()
    runs = list(fonts.font_runs("张堃", chosen.heading))
    assert "".join(text for _f, text in runs) == "张堃"
    for face, text in runs:
        assert all(fonts.has_glyph(face, ch) for ch in text)
    assert fonts.markup("A&B<", chosen.body) == "A&amp;B&lt;"
