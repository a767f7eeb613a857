"""A person's own text, made safe and complete for reportlab's Paragraph.

Everything is escaped, so ``<`` and ``&`` print as themselves and no markup (which could
fetch files or URLs) is ever read from what someone wrote. Each character is set in the
first bundled face that has it: the main typeface, then the fallbacks for other scripts.
A character no bundled face can draw becomes a visible placeholder, counted so the person
can be told; nothing is dropped silently. Very long text is cut into pieces at paragraph,
line or word boundaries so that it lays out in time proportional to its length.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

from leadcards.printing import fonts

PLACEHOLDER = "\u25a1"  # WHITE SQUARE, in the fallback face
CHUNK_CHARS = 4000  # longer texts are laid out in pieces of about this size
CHUNK_LINES = 40  # and of at most this many lines
CHUNK_MARKUP = 200  # a piece with more escaped characters (& < >) than this is cut smaller


@dataclass(frozen=True)
class Marked:
    markup: str
    missing: int  # characters shown as the placeholder


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Mc", "Me")


def markup(text: str, face: str = fonts.REGULAR) -> Marked:
    """Paragraph markup for ``text``: escaped, line breaks kept, each run in a face that
    draws it. Combining marks stay in their base character's face where it has them."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    if fonts.draws_all(face, text):  # the usual case, and quick
        return Marked(escape(text).replace("\n", "<br/>"), 0)
    runs: list[tuple[str | None, list[str]]] = []
    missing = 0
    previous: str | None = face
    for char in text:
        if char == "\n":
            runs.append(("\n", []))
            previous = face
            continue
        chosen: str | None
        if _is_mark(char) and previous and fonts.face_for(char, previous) == previous:
            chosen = previous
        else:
            # Control characters have no glyph anywhere; beyond the Basic Multilingual Plane
            # (emoji, mostly) reportlab cannot record what a glyph stands for, so the text
            # would not copy or search: both become the placeholder.
            unusable = unicodedata.category(char) == "Cc" or ord(char) > 0xFFFF
            chosen = None if unusable else fonts.face_for(char, face)
        if chosen is None:
            missing += 1
            chosen, char = fonts.FALLBACK, PLACEHOLDER
        previous = chosen
        if runs and runs[-1][0] == chosen:
            runs[-1][1].append(char)
        else:
            runs.append((chosen, [char]))
    parts = []
    for name, chars in runs:
        if name == "\n":
            parts.append("<br/>")
        elif name == face:
            parts.append(escape("".join(chars)))
        else:
            parts.append(f'<font face="{name}">{escape("".join(chars))}</font>')
    return Marked("".join(parts), missing)


def pieces(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """``text`` cut into pieces of at most about ``limit`` characters and ``CHUNK_LINES``
    lines, at a paragraph break where there is one, else a line break, a sentence's end, a
    space, or anywhere. Many lines, or many characters that become entities, make
    reportlab's layout slow for its length, so such pieces are cut shorter."""
    found: list[str] = []
    rest = text
    while rest:
        window = rest[:limit]
        if sum(window.count(c) for c in "&<>") > CHUNK_MARKUP:
            window = window[: max(limit // 4, 1)]
        lines = window.split("\n")
        if len(lines) > CHUNK_LINES:
            window = "\n".join(lines[:CHUNK_LINES]) + "\n"
        if len(window) >= len(rest):
            break
        cut = len(window)
        for mark in ("\n\n", "\n", ". ", " "):
            at = window.rfind(mark)
            if at > len(window) // 4:
                cut = at + len(mark)
                break
        found.append(rest[:cut])
        rest = rest[cut:]
    found.append(rest)
    return found
