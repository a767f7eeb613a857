"""The bundled typeface, registered once with reportlab (always embedded as a subset)."""

from __future__ import annotations

import functools
from importlib import resources

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "LeadCards-Regular"
BOLD = "LeadCards-Bold"
ITALIC = "LeadCards-Italic"
BOLD_ITALIC = "LeadCards-BoldItalic"
FAMILY = "LeadCards"

_FILES = {
    REGULAR: "AtkinsonHyperlegible-Regular.ttf",
    BOLD: "AtkinsonHyperlegible-Bold.ttf",
    ITALIC: "AtkinsonHyperlegible-Italic.ttf",
    BOLD_ITALIC: "AtkinsonHyperlegible-BoldItalic.ttf",
}


@functools.cache
def register() -> None:
    """Make the four faces known to reportlab (safe to call again)."""
    folder = resources.files("leadcards.resources") / "fonts"
    for name, filename in _FILES.items():
        with resources.as_file(folder / filename) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(FAMILY, 0, 0, REGULAR)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, ITALIC)
    addMapping(FAMILY, 1, 1, BOLD_ITALIC)


def covers(text: str) -> bool:
    """Whether the regular face has a glyph for every character of ``text``."""
    register()
    face = pdfmetrics.getFont(REGULAR).face  # type: ignore[attr-defined]
    glyphs = face.charToGlyph
    return all(ord(char) in glyphs for char in text if char not in "\n\t")
