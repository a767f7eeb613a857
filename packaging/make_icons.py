"""Render the application icon (leadcards/resources/icons/leadcards.svg) to PNG at the usual sizes,
in the freedesktop icon theme layout: packaging/icons/hicolor/NxN/apps/leadcards.png.

Run it after changing the SVG: ``.venv/bin/python packaging/make_icons.py``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "packaging" / "icons"
SOURCE = ROOT / "leadcards" / "resources" / "icons" / "leadcards.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(size: int, renderer: QSvgRenderer) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print("make_icons: the SVG could not be read", file=sys.stderr)
        return 1
    for size in SIZES:
        target = HERE / "hicolor" / f"{size}x{size}" / "apps" / "leadcards.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(size, renderer).save(str(target)):
            print(f"make_icons: could not write {target}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
