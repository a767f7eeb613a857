"""Any text, made safe and complete for reportlab: a person's own words, deck text, dates.

Everything is escaped, so ``<`` and ``&`` print as themselves and no markup (which could
fetch files or URLs) is ever read from what someone wrote. Each character is set in the
first bundled face that has it: the main typeface, then the fallbacks for other scripts.
A character no bundled face can draw (a control character, an emoji, a private-use
character...) becomes a visible placeholder, counted so the person can be told; nothing
is dropped silently. Every face named in markup is registered, with its family, by the
function that names it, so markup made here works in any process whatever was loaded
before. Very long text is cut into pieces at paragraph, line or word boundaries so that it
lays out in time proportional to its length.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from leadcards import limits
from leadcards.printing import fonts

PLACEHOLDER = "\u25a1"  # WHITE SQUARE, in the fallback face
CHUNK_CHARS = 4000  # longer texts are laid out in pieces of about this size
CHUNK_LINES = 40  # and of at most this many lines
CHUNK_MARKUP = 200  # a piece with more escaped characters (& < >) than this is cut smaller

# Line breaks as a person or a file may write them; each becomes one break.
_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")


@dataclass(frozen=True)
class Marked:
    markup: str
    missing: int  # characters shown as the placeholder


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Mc", "Me")


def _normal(text: str) -> str:
    return _BREAKS.sub("\n", text).replace("\t", "    ")


def runs(text: str, face: str = fonts.REGULAR) -> tuple[list[tuple[str | None, str]], int]:
    """``text`` as runs of (face, characters), a line break as a run of face None, and how
    many characters became the placeholder. Combining marks stay in their base
    character's face where it has them."""
    fonts.ready(face)
    text = _normal(text)
    if fonts.draws_all(face, text):  # the usual case, and quick
        lines = text.split("\n")
        found: list[tuple[str | None, str]] = []
        for number, line in enumerate(lines):
            if number:
                found.append((None, "\n"))
            if line:
                found.append((face, line))
        return found, 0
    built: list[tuple[str | None, list[str]]] = []
    missing = 0
    previous: str | None = face
    for char in text:
        chosen: str | None
        if char == "\n":
            built.append((None, ["\n"]))
            previous = face
            continue
        if previous and _is_mark(char) and fonts.face_for(char, previous) == previous:
            chosen = previous
        else:
            chosen = fonts.face_for(char, face)
        if chosen is None:
            missing += 1
            chosen, char = fonts.FALLBACK, PLACEHOLDER
        previous = chosen
        if built and built[-1][0] == chosen:
            built[-1][1].append(char)
        else:
            built.append((chosen, [char]))
    return [(name, "".join(chars)) for name, chars in built], missing


def markup(text: str, face: str = fonts.REGULAR) -> Marked:
    """Paragraph markup for ``text`` in a style whose font is ``face``: escaped, line
    breaks kept, each run in a face that draws it, the rest as the placeholder."""
    found, missing = runs(text, face)
    parts = []
    for name, chars in found:
        if name is None:
            parts.append("<br/>")
        elif name == face:
            parts.append(escape(chars))
        else:
            parts.append(f'<font face="{fonts.ready(name)}">{escape(chars)}</font>')
    return Marked("".join(parts), missing)


def plain(text: str) -> str:
    """``text`` for a PDF's metadata or bookmarks, which a viewer shows in its own type:
    one line, with what no face could draw (control characters, surrogates, noncharacters
    and the like) as the placeholder."""
    found, _ = runs(" ".join(_normal(text).split("\n")))
    return "".join(chars for _, chars in found)


def line_width(text: str, face: str, size: float) -> float:
    """How wide ``text`` is on one line, set as :func:`draw_string` sets it."""
    found, _ = runs(text, face)
    return sum(pdfmetrics.stringWidth(chars, name, size) for name, chars in found if name)


def fitted(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis until it fits ``width`` on one line (the
    longest such start, found by halving: the widths of its starts only grow)."""
    if line_width(text, font, size) <= width:
        return text
    ellipsis = "\N{HORIZONTAL ELLIPSIS}"
    fits = bisect.bisect_left(
        range(len(text) + 1),
        True,
        key=lambda n: line_width(text[:n] + ellipsis, font, size) > width,
    )
    return text[: max(fits - 1, 0)].rstrip() + ellipsis


def draw_string(
    canvas: Canvas, x: float, y: float, text: str, face: str, size: float, *, anchor: str = "left"
) -> int:
    """Draw one line of ``text`` with its left end, centre or right end (``anchor``) at
    (x, y), each run in a face that draws it; the placeholder count comes back. The
    canvas's font is left at ``face``."""
    found, missing = runs(" ".join(_normal(text).split("\n")), face)
    if anchor != "left":
        span = sum(pdfmetrics.stringWidth(chars, name, size) for name, chars in found if name)
        x -= span if anchor == "right" else span / 2
    for name, chars in found:
        if name is None:
            continue
        canvas.setFont(name, size)
        canvas.drawString(x, y, chars)
        x += pdfmetrics.stringWidth(chars, name, size)
    canvas.setFont(face, size)
    return missing


def pieces(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """``text`` cut into pieces of at most about ``limit`` characters and ``CHUNK_LINES``
    lines, at a paragraph break where there is one, else a line break, a sentence's end, a
    space, or anywhere. Many lines, or many characters that become entities, make
    reportlab's layout slow for its length, so such pieces are cut shorter."""
    found: list[str] = []
    start = 0
    while start < len(text):
        window = text[start : start + limit]
        if sum(window.count(c) for c in "&<>") > CHUNK_MARKUP:
            window = window[: max(limit // 4, 1)]
        lines = window.split("\n")
        if len(lines) > CHUNK_LINES:
            window = "\n".join(lines[:CHUNK_LINES]) + "\n"
        if start + len(window) >= len(text):
            break
        cut = len(window)
        for mark in ("\n\n", "\n", ". ", " "):
            at = window.rfind(mark)
            if at > len(window) // 4:
                cut = at + len(mark)
                break
        found.append(text[start : start + cut])
        start += cut
    found.append(text[start:])
    return found


def local(moment: dt.datetime) -> dt.datetime:
    """A kept time in the local time zone, for printing: held to ``FIRST_TIME`` to
    ``LAST_TIME`` first, so no conversion overflows (the local date of the last time is in
    the year 3000 east of Greenwich, which is fine for Python)."""
    return limits.local(moment)


def placeholder_note(missing: int) -> str:
    """Words for a person on how many characters print as the placeholder ("" if none)."""
    if not missing:
        return ""
    return (
        f"{missing} character{'s' if missing != 1 else ''} no bundled typeface can draw "
        f"(emoji, say) {'are' if missing != 1 else 'is'} shown as {PLACEHOLDER}"
    )
