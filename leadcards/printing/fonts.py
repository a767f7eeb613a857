"""The bundled typefaces, registered with reportlab when first needed (always embedded as
subsets).

A face is registered together with its family mapping, so that Paragraph markup may name
it in ``<font face="...">`` whatever else has or has not been loaded in the process: call
:func:`ready` for the name to put in markup, never a constant on its own.
"""

from __future__ import annotations

import functools
import unicodedata

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from leadcards import resources

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

# Faces for what the main typeface lacks, tried in this order: DejaVu Sans (Greek, Cyrillic,
# Hebrew, Arabic, symbols), then Droid Sans Fallback (Chinese, Japanese). Each is one face:
# bold or italic text falls back to it upright.
FALLBACK = "LeadCards-Fallback"
CJK = "LeadCards-CJK"
_FALLBACK_FILES = {FALLBACK: "DejaVuSans.ttf", CJK: "DroidSansFallbackFull.ttf"}


def _load(files: dict[str, str]) -> None:
    for name, filename in files.items():
        pdfmetrics.registerFont(TTFont(name, str(resources.file("fonts", filename))))


@functools.cache
def register() -> None:
    """Make the four faces of the main typeface, and their family, known to reportlab."""
    _load(_FILES)
    addMapping(FAMILY, 0, 0, REGULAR)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, ITALIC)
    addMapping(FAMILY, 1, 1, BOLD_ITALIC)


@functools.cache
def register_fallbacks() -> None:
    """Load the fallback faces (only when some text needs them: they are larger), each as
    a family of its own whose bold and italic are itself, so ``<font face>`` naming one
    works inside any paragraph style."""
    _load(_FALLBACK_FILES)
    for name in _FALLBACK_FILES:
        addMapping(name, 1, 0, name)
        addMapping(name, 0, 1, name)
        addMapping(name, 1, 1, name)
        addMapping(name, 0, 0, name)  # last: the face itself reads as upright


def ready(name: str) -> str:
    """``name``, registered with its family mapping: safe to use in a style or markup."""
    if name in _FALLBACK_FILES:
        register_fallbacks()
    elif name in _FILES:
        register()
    else:
        raise KeyError(f"{name} is not a bundled face")
    return name


def covers(text: str) -> bool:
    """Whether the regular face has a glyph for every character of ``text``."""
    register()
    face = pdfmetrics.getFont(REGULAR).face  # type: ignore[attr-defined]
    glyphs = face.charToGlyph
    return all(ord(char) in glyphs for char in text if char not in "\n\t")


def _printable(code: int) -> bool:
    """Whether a character may be set from a face at all. Never: control characters and
    surrogates (no face means them), private-use characters (a face's own glyphs there
    are not what the writer meant), noncharacters, and anything beyond the Basic
    Multilingual Plane (emoji, mostly: reportlab cannot record what such a glyph stands
    for, so the text would not copy or search)."""
    if code > 0xFFFF or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return False
    return unicodedata.category(chr(code)) not in ("Cc", "Cs", "Co")


@functools.cache
def _glyphs(name: str) -> frozenset[int]:
    ready(name)
    mapping = pdfmetrics.getFont(name).face.charToGlyph  # type: ignore[attr-defined]
    # Glyph 0 is the face's "no glyph" box.
    return frozenset(code for code, glyph in mapping.items() if glyph and _printable(code))


@functools.cache
def face_for(char: str, preferred: str = REGULAR) -> str | None:
    """The first face, the preferred one first, that draws ``char``; None if none does."""
    code = ord(char)
    for name in (preferred, FALLBACK, CJK):
        if code in _glyphs(name):
            return name
    return None


def draws_all(name: str, text: str) -> bool:
    """Whether face ``name`` draws every character of ``text`` (line breaks aside)."""
    codes = set(map(ord, text))
    codes.discard(10)
    return codes <= _glyphs(name)
