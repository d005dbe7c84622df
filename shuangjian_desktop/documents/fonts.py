"""Fonts for official documents: the Windows system 仿宋, 黑体 and 宋体 where present, the bundled TrueType
font otherwise. reportlab embeds what it is given (subsets of TrueType outlines); its CID fonts are never used."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib import textsplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import paragraph as paragraph_module

from shuangjian_desktop import paths

BUNDLED = "wqy-microhei.ttc"


@dataclass(frozen=True)
class OfficialFonts:
    body: str
    """仿宋 for the text"""
    heading: str
    """黑体 for headings"""
    title: str
    """宋体 (bold) for the title where 小标宋 is missing"""
    files: tuple[str, ...]


def _windows_fonts() -> Path | None:
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")
    folder = Path(windir) / "Fonts" if windir else None
    return folder if folder is not None and folder.is_dir() else None


def _register(name: str, path: Path, index: int = 0) -> bool:
    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))
    except Exception:  # a file reportlab cannot read (CFF outlines, damaged): try the next one
        return False
    return True


# Chinese typesetting (GB/T 15834): these never start a line. reportlab's list is Japanese-oriented and lacks the
# full-width comma, semicolon, colon and the like; its CJK wrapping reads these module-level names.
CHINESE_CANNOT_START = "，；：、。！？）》」』】〕”’…—"


def chinese_line_breaking() -> None:
    for module in (paragraph_module, textsplit):  # multi-fragment and single-fragment paragraphs
        current = module.ALL_CANNOT_START
        missing = "".join(ch for ch in CHINESE_CANNOT_START if ch not in current)
        if missing:
            module.ALL_CANNOT_START = current + missing


@cache
def official_fonts() -> OfficialFonts:
    chinese_line_breaking()
    bundled = paths.fonts_dir() / BUNDLED
    system = _windows_fonts()
    chosen: dict[str, str] = {}
    files = []
    wishes = {"SJ-Body": ("simfang.ttf", 0), "SJ-Heading": ("simhei.ttf", 0), "SJ-Title": ("simsun.ttc", 0)}
    for name, (file_name, index) in wishes.items():
        if system is not None and (system / file_name).is_file() and _register(name, system / file_name, index):
            chosen[name] = name
            files.append(file_name)
    if len(chosen) < len(wishes):
        if not _register("SJ-Bundled", bundled):
            raise RuntimeError(f"cannot read the bundled font {bundled}")
        files.append(BUNDLED)
        for name in wishes:
            chosen.setdefault(name, "SJ-Bundled")
    return OfficialFonts(chosen["SJ-Body"], chosen["SJ-Heading"], chosen["SJ-Title"], tuple(files))
