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


def _load(files: dict[str, str]) -> None:
    folder = resources.files("leadcards.resources") / "fonts"
    for name, filename in files.items():
        with resources.as_file(folder / filename) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))


@functools.cache
def register() -> None:
    """Make the four faces known to reportlab (safe to call again)."""
    _load(_FILES)
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


# Faces for what the main typeface lacks, tried in this order: DejaVu Sans (Greek, Cyrillic,
# Hebrew, Arabic, symbols and some emoji), then Droid Sans Fallback (Chinese, Japanese).
FALLBACK = "LeadCards-Fallback"
CJK = "LeadCards-CJK"
_FALLBACK_FILES = {FALLBACK: "DejaVuSans.ttf", CJK: "DroidSansFallbackFull.ttf"}


@functools.cache
def register_fallbacks() -> None:
    """Load the fallback faces (only when some text needs them: they are larger)."""
    _load(_FALLBACK_FILES)


@functools.cache
def _glyphs(name: str) -> frozenset[int]:
    if name in _FALLBACK_FILES:
        register_fallbacks()
    else:
        register()
    mapping = pdfmetrics.getFont(name).face.charToGlyph  # type: ignore[attr-defined]
    # Glyph 0 is the face's "no glyph" box, and noncharacters are never text.
    return frozenset(
        code
        for code, glyph in mapping.items()
        if glyph and not (0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE)
    )


@functools.cache
def face_for(char: str, preferred: str = REGULAR) -> str | None:
    """The first face, the preferred one first, that draws ``char``; None if none does."""
    code = ord(char)
    for name in (preferred, FALLBACK, CJK):
        if code in _glyphs(name):
            return name
    return None


def draws_all(name: str, text: str) -> bool:
    """Whether face ``name`` draws every character of ``text`` (line breaks aside), with no
    control character or character beyond the Basic Multilingual Plane among them."""
    codes = set(map(ord, text))
    codes.discard(10)
    return codes <= _glyphs(name) and not any(
        code < 32 or 127 <= code < 160 or code > 0xFFFF for code in codes
    )
