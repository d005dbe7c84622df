"""Fonts for official documents: the official faces where the PC has them (仿宋_GB2312 or 仿宋 for the text,
方正小标宋 or 宋体 for titles, 黑体 for headings, 宋体 for page numbers), the bundled TrueType fonts otherwise: AR PL
UMing (a 宋/明 serif) for text and titles, WenQuanYi Micro Hei for 黑体 headings. So no official document prints in a
sans font on a PC without Windows fonts.

Fonts are looked for by file name in the Windows fonts folders (system and per-user) and the usual Linux font
folders. reportlab embeds subsets of TrueType outlines only; its CID fonts are never used. A character the chosen
font lacks (仿宋_GB2312 has GB 2312 only, so 堃 or 喆 in a name) is set in the next font that has it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib import textsplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import paragraph as paragraph_module

from shuangjian_desktop import paths

BUNDLED_SERIF = "ar-pl-uming.ttc"
BUNDLED_SANS = "wqy-microhei.ttc"
SERIF, SANS = "SJ-UMing", "SJ-WenQuanYi"

# role -> file names in order of preference (compared without case); the bundled font comes last.
WISHES: dict[str, tuple[str, ...]] = {
    "body": ("仿宋_GB2312.ttf", "fs_gb2312.ttf", "fsgb2312.ttf", "simfang.ttf", "方正仿宋_GBK.ttf", "fzfsk.ttf"),
    "title": ("方正小标宋简体.ttf", "fzxbsjw.ttf", "方正小标宋_GBK.ttf", "fzxbsk.ttf", "simsun.ttc"),
    "heading": ("simhei.ttf", "方正黑体_GBK.ttf", "fzhtk.ttf", "方正黑体简体.ttf", "fzhtjw.ttf"),
    "song": ("simsun.ttc", "simsun.ttf"),
}
BUNDLED_FOR = {"body": SERIF, "title": SERIF, "heading": SANS, "song": SERIF}


@dataclass(frozen=True)
class OfficialFonts:
    body: str
    """仿宋 for the text"""
    heading: str
    """黑体 for headings"""
    title: str
    """小标宋 (or 宋体) for titles and the issuing authority's banner"""
    song: str
    """宋体 for page numbers"""
    files: tuple[str, ...]
    """the file behind each role, in the order body, heading, title, song"""


def font_folders() -> list[Path]:
    """Where installed fonts live: Windows' system and per-user folders, the usual Linux folders."""
    found = []
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")
    if windir:
        found.append(Path(windir) / "Fonts")
    local = os.environ.get("LOCALAPPDATA")
    if local:
        found.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    if os.name != "nt":
        home = Path.home()
        found += [
            Path("/usr/share/fonts"),
            Path("/usr/local/share/fonts"),
            home / ".local/share/fonts",
            home / ".fonts",
        ]
    return [folder for folder in found if folder.is_dir()]


def _installed() -> dict[str, Path]:
    """Lower-cased file name -> path, for every font file in the font folders (first found wins)."""
    files: dict[str, Path] = {}
    for folder in font_folders():
        for root, _dirs, names in os.walk(folder):
            for name in names:
                if name.lower().endswith((".ttf", ".ttc")):
                    files.setdefault(name.lower(), Path(root) / name)
    return files


def _register(name: str, path: Path, index: int = 0) -> bool:
    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))
    except Exception:  # a file reportlab cannot read (CFF outlines, damaged): try the next one
        return False
    return True


# Chinese typesetting (GB/T 15834): these never start a line. reportlab's list is Japanese-oriented and lacks the
# full-width comma, semicolon, colon and the like; its CJK wrapping reads these module-level names.
CHINESE_CANNOT_START = "，；：、。！？）》」』】〕”’…—"
CHINESE_CANNOT_END = "（《「『【〔“‘"


def chinese_line_breaking() -> None:
    for module in (paragraph_module, textsplit):  # multi-fragment and single-fragment paragraphs
        current = module.ALL_CANNOT_START
        missing = "".join(ch for ch in CHINESE_CANNOT_START if ch not in current)
        if missing:
            module.ALL_CANNOT_START = current + missing


@cache
def _bundled() -> None:
    for name, file_name in ((SERIF, BUNDLED_SERIF), (SANS, BUNDLED_SANS)):
        if not _register(name, paths.fonts_dir() / file_name):
            raise RuntimeError(f"cannot read the bundled font {paths.fonts_dir() / file_name}")


@cache
def official_fonts() -> OfficialFonts:
    chinese_line_breaking()
    _bundled()
    installed = _installed()
    chosen: dict[str, tuple[str, str]] = {}
    for role, wishes in WISHES.items():
        for file_name in wishes:
            path = installed.get(file_name.lower())
            name = f"SJ-{Path(file_name).stem.lower()}"
            if path is not None and (name in pdfmetrics.getRegisteredFontNames() or _register(name, path)):
                chosen[role] = (name, path.name)
                break
        else:
            bundled = BUNDLED_FOR[role]
            chosen[role] = (bundled, BUNDLED_SERIF if bundled == SERIF else BUNDLED_SANS)
    return OfficialFonts(
        chosen["body"][0],
        chosen["heading"][0],
        chosen["title"][0],
        chosen["song"][0],
        tuple(chosen[role][1] for role in ("body", "heading", "title", "song")),
    )


@cache
def _coverage(font: str) -> frozenset[int]:
    face = getattr(pdfmetrics.getFont(font), "face", None)
    return frozenset(face.charToGlyph) if face is not None else frozenset()


def has_glyph(font: str, ch: str) -> bool:
    return ord(ch) in _coverage(font)


def font_for(font: str, ch: str) -> str:
    """``font`` if it has ``ch``, else the first bundled font that has it (else ``font``: nothing has it)."""
    if ch.isspace() or has_glyph(font, ch):
        return font
    for other in (SERIF, SANS):
        if has_glyph(other, ch):
            return other
    return font


def font_runs(text: str, font: str) -> Iterator[tuple[str, str]]:
    """``text`` cut into (font, run) pieces so that every character is set in a font that has it."""
    run, current = "", font
    for ch in text:
        wanted = font_for(font, ch)
        if wanted != current and run:
            yield current, run
            run = ""
        current = wanted
        run += ch
    if run:
        yield current, run


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markup(text: str, font: str) -> str:
    """Paragraph markup for ``text`` in ``font``, with the characters it lacks in a font that has them."""
    return "".join(
        escape(run) if face == font else f'<font face="{face}">{escape(run)}</font>'
        for face, run in font_runs(text, font)
    )
