"""Text set on the grid of GB/T 9704-2012: a text block of 156 x 225 mm holding 22 lines of 28 characters of 三号
(16 pt). reportlab's paragraphs cannot tighten the spacing of Chinese text (28 characters of 16 pt are 158 mm, so
they set 27) and let punctuation hang outside the block, so official text is set here:

- every full-width character takes one cell of 156/28 mm, lines are 225/22 mm apart;
- runs of Latin letters and digits keep their own widths and are never broken;
- a line never starts with closing punctuation nor ends with opening punctuation: the last character is carried
  over to the next line instead (推出), and the line is justified to the block's edges, never beyond them;
- characters the font lacks are set in a font that has them (fonts.font_runs).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from shuangjian_desktop.documents.fonts import CHINESE_CANNOT_END, CHINESE_CANNOT_START, font_for, font_runs

TEXT_WIDTH = 156 * mm
TEXT_HEIGHT = 225 * mm
CHARS_PER_LINE = 28
LINES_PER_PAGE = 22
CELL = TEXT_WIDTH / CHARS_PER_LINE
LINE = TEXT_HEIGHT / LINES_PER_PAGE
BODY_SIZE = 16.0
PAIRS = ("——", "……")
EPSILON = 0.01


@dataclass
class Unit:
    """What cannot be broken: one full-width character, a pair like ——, or a run of narrow characters."""

    text: str
    font: str
    width: float
    wide: bool


@dataclass
class Line:
    units: list[Unit]
    last: bool
    """the paragraph's last line: not justified"""


def is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def units_of(spans: Sequence[tuple[str, str]], size: float, cell: float) -> list[Unit]:
    """(text, font) spans cut into units; each character in a font that has it."""
    units: list[Unit] = []
    for text, base in spans:
        i = 0
        while i < len(text):
            pair = next((p for p in PAIRS if text.startswith(p, i)), None)
            ch = text[i]
            font = font_for(base, ch)
            if pair:
                units.append(Unit(pair, font, 2 * cell, True))
                i += 2
            elif is_wide(ch):
                units.append(Unit(ch, font, cell, True))
                i += 1
            elif ch.isspace():
                units.append(Unit(" ", font, pdfmetrics.stringWidth(" ", font, size), False))
                i += 1
            else:
                j = i
                while j < len(text) and not is_wide(text[j]) and not text[j].isspace():
                    j += 1
                word = text[i:j]
                units.append(Unit(word, font, pdfmetrics.stringWidth(word, font, size), False))
                i = j
    return units


def _split_long(units: list[Unit], width: float, size: float) -> list[Unit]:
    """A narrow run wider than the line is cut into characters (a long number or address)."""
    found: list[Unit] = []
    for unit in units:
        if unit.width <= width + EPSILON:
            found.append(unit)
        else:
            found += [Unit(ch, unit.font, pdfmetrics.stringWidth(ch, unit.font, size), False) for ch in unit.text]
    return found


def break_lines(units: list[Unit], width: float, first_width: float) -> list[Line]:
    """Greedy breaking with the Chinese rules: no closing punctuation at a line's start, no opening at its end."""
    lines: list[Line] = []
    i = 0
    while i < len(units):
        available = first_width if not lines else width
        used, j = 0.0, i
        while j < len(units) and used + units[j].width <= available + EPSILON:
            used += units[j].width
            j += 1
        if j == i:  # cannot happen after _split_long, but never loop forever
            j = i + 1
        while j < len(units) and j - i > 1:
            starts_badly = units[j].text[0] in CHINESE_CANNOT_START
            ends_badly = units[j - 1].text[-1] in CHINESE_CANNOT_END
            if not (starts_badly or ends_badly):
                break
            j -= 1
        while j - i > 1 and units[j - 1].text == " ":
            j -= 1
        lines.append(Line(units[i:j], last=j >= len(units)))
        i = j
        while i < len(units) and units[i].text == " ":
            i += 1
    return lines


@dataclass
class Style:
    font: str
    size: float = BODY_SIZE
    align: str = "justify"
    """justify, left, center or right"""
    indent: float = 2
    """first-line indent in cells"""
    right_indent: float = 0
    """in cells"""
    color: Any = colors.black
    line: float = LINE
    cell: float = 0.0
    """the width of a full-width character; 0 = the grid's cell scaled to the size (28 a line at 16 pt)"""

    def __post_init__(self) -> None:
        if not self.cell:
            self.cell = CELL * self.size / BODY_SIZE


@dataclass(eq=False)
class GridParagraph(Flowable):
    """A paragraph on the grid: its height is always a whole number of lines."""

    spans: Sequence[tuple[str, str]]
    style: Style
    lines: list[Line] | None = None
    continued: bool = False
    _width: float = field(default=0.0, repr=False)

    def __post_init__(self) -> None:
        Flowable.__init__(self)

    @classmethod
    def of(cls, text: str, style: Style) -> GridParagraph:
        return cls([(text, style.font)], style)

    def _layout(self, width: float) -> list[Line]:
        if self.lines is None or abs(width - self._width) > EPSILON:
            style = self.style
            full = width - style.right_indent * style.cell
            first = full - (0 if self.continued else style.indent * style.cell)
            units = _split_long(units_of(self.spans, style.size, style.cell), min(full, first), style.size)
            self.lines = break_lines(units, full, first) or [Line([], True)]
            self._width = width
        return self.lines

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = len(self._layout(available_width)) * self.style.line
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        lines = self._layout(available_width)
        fit = int((available_height + EPSILON) // self.style.line)
        if fit <= 0:
            return []
        if fit >= len(lines):
            return [self]
        head = GridParagraph(self.spans, self.style, lines[:fit], self.continued, available_width)
        tail = GridParagraph(self.spans, self.style, lines[fit:], True, available_width)
        return [head, tail]

    def baseline(self, index: int) -> float:
        """The baseline of line ``index`` (from the top) in this flowable's coordinates: the characters' em box
        centred in its line."""
        style = self.style
        descent = pdfmetrics.getFont(style.font).face.descent / 1000
        cell_bottom = self.height - (index + 1) * style.line
        return cell_bottom + (style.line - style.size) / 2 - descent * style.size

    def draw(self) -> None:
        style = self.style
        canvas = self.canv
        canvas.setFillColor(style.color)
        full = self.width - style.right_indent * style.cell
        for index, line in enumerate(self.lines or []):
            first = index == 0 and not self.continued
            left = style.indent * style.cell if first else 0.0
            available = full - left
            natural = sum(u.width for u in line.units)
            gap = 0.0
            if style.align == "justify" and not line.last and len(line.units) > 1:
                gap = max(0.0, (available - natural) / (len(line.units) - 1))
            elif style.align == "center":
                left += (available - natural) / 2
            elif style.align == "right":
                left += available - natural
            self._draw_line(line.units, left, self.baseline(index), gap)

    def _draw_line(self, units: list[Unit], x: float, y: float, gap: float) -> None:
        """One text object per run of characters in one font with an even pitch (Tc), so a line is a few
        operators, not one per character."""
        size = self.style.size
        run: list[Unit] = []
        run_x, pitch = x, 0.0

        def flush() -> None:
            if not run:
                return
            font = pdfmetrics.getFont(run[0].font)
            text = self.canv.beginText(run_x, y)
            text.setFont(run[0].font, size)
            text.setCharSpace(pitch - pdfmetrics.stringWidth(run[0].text, run[0].font, size) if len(run) > 1 else 0)
            # One Tj per embedded subset (256 glyphs each), each placed at its own x: readers that drop the
            # spacing after a string's last glyph (pdfminer) then still see every character where it is.
            content = "".join(u.text for u in run)
            done = 0
            for _subset, data in font.splitString(content, self.canv._doc):
                part = content[done : done + len(data)]
                text.setTextOrigin(run_x + done * pitch, y)
                text.textOut(part)
                done += len(data)
            text.setCharSpace(0)
            self.canv.drawText(text)

        for unit in units:
            step = unit.width + gap
            single = unit.wide and len(unit.text) == 1
            if (
                run
                and single
                and run[-1].font == unit.font
                and abs(pdfmetrics.stringWidth(unit.text, unit.font, size) - size) < EPSILON
                and abs(pdfmetrics.stringWidth(run[0].text, run[0].font, size) - size) < EPSILON
                and (len(run) == 1 or abs(pitch - step) < EPSILON)
            ):
                pitch = step
                run.append(unit)
            else:
                flush()
                run, run_x, pitch = [unit], x, step
                if not single:  # a pair or a narrow run: its own text object, characters at natural width
                    flush_word(self.canv, unit, x, y, size)
                    run = []
            x += step
        flush()


def flush_word(canvas: Any, unit: Unit, x: float, y: float, size: float) -> None:
    if unit.text in PAIRS:  # —— and …… as two cells
        canvas.setFont(unit.font, size)
        canvas.drawString(x, y, unit.text[0])
        canvas.drawString(x + unit.width / 2, y, unit.text[1])
        return
    canvas.setFont(unit.font, size)
    canvas.drawString(x, y, unit.text)


class GridSpace(Flowable):
    """Blank lines on the grid."""

    def __init__(self, lines: float = 1) -> None:
        super().__init__()
        self.lines = lines

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, min(self.lines * LINE, available_height)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []  # blank lines at the foot of a page are dropped, never carried to the next

    def draw(self) -> None:
        return


HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}


def _cjk(ch: str) -> bool:
    return bool(ch) and is_wide(ch)


def chinese_punctuation(text: str) -> str:
    """Half-width , ; : ( ) ! ? beside Chinese text become full-width (GB/T 15834); "19:30" and "1,000" stay."""
    out = []
    for i, ch in enumerate(text):
        full = HALF_TO_FULL.get(ch)
        if full is not None:
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if _cjk(before) or _cjk(after) or (ch in "()" and (not before.isdigit() or not after.isdigit())):
                ch = full
        out.append(ch)
    return "".join(out)


def text_width(text: str, font: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(run, face, size) for face, run in font_runs(text, font))


def draw_text(canvas: Any, text: str, font: str, size: float, x: float, y: float, anchor: str = "left") -> None:
    """One line at natural widths, each character in a font that has it; anchor left, centre or right at x."""
    width = text_width(text, font, size)
    x -= {"left": 0.0, "centre": width / 2, "right": width}[anchor]
    for face, run in font_runs(text, font):
        canvas.setFont(face, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, face, size)
