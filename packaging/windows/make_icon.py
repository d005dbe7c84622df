"""Draw the program's icon (resources/icons/shuangjian.ico and .png): a blue seal-like square with 减 in white,
in the bundled font. Run again only to change the icon: `.venv/bin/python packaging/windows/make_icon.py`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QLinearGradient, QPainter, QPen

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def draw(size: int, family: str) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    margin = max(0.5, size / 32)
    box = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    gradient = QLinearGradient(box.topLeft(), box.bottomRight())
    gradient.setColorAt(0, QColor("#3b6fc4"))
    gradient.setColorAt(1, QColor("#1f4690"))
    painter.setBrush(gradient)
    painter.setPen(QPen(QColor("#173a7a"), max(1.0, size / 64)))
    painter.drawRoundedRect(box, size * 0.18, size * 0.18)
    font = QFont(family)
    font.setPixelSize(int(size * 0.68))
    font.setBold(size >= 32)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(box.adjusted(0, -size * 0.03, 0, 0), Qt.AlignmentFlag.AlignCenter, "减")
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv)
    font_id = QFontDatabase.addApplicationFont(str(ROOT / "resources" / "fonts" / "wqy-microhei.ttc"))
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    ICONS.mkdir(parents=True, exist_ok=True)
    pictures = []
    for size in SIZES:
        path = ICONS / f".icon-{size}.png"
        draw(size, family).save(str(path))
        pictures.append(Image.open(path).copy())
        path.unlink()
    pictures[-1].save(ICONS / "shuangjian.png")
    largest = pictures[-1]
    largest.save(ICONS / "shuangjian.ico", sizes=[(s, s) for s in SIZES], append_images=pictures[:-1])
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
