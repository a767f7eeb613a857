"""One drawing of a card face, used for every size and mode.

A face is laid out in its own coordinates (origin at the bottom left of the trim, ``w`` by
``h`` points), with the theme colour running into the bleed and all text inside the safe
zone. Text is set as large as fits, down to 7 pt; a face that does not fit at 7 pt is
reported, never clipped. Deck text goes through :mod:`leadcards.printing.text`: escaped
before it reaches reportlab's Paragraph markup (whose tags could otherwise fetch files or
URLs), each character in a bundled face that draws it, the rest as a counted placeholder.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer

from leadcards.colours import INK, WHITE, parse_hex, readable_on, text_on
from leadcards.deck import Card, Deck, Origin, Polarity
from leadcards.printing import fonts
from leadcards.printing.layout import MM, SAFE_MM
from leadcards.printing.options import DEFAULT_BACK, BackSection
from leadcards.printing.text import markup

MIN_SIZE = 7.0  # points: nothing is set smaller
SECONDARY = "#4D4D4D"  # 8.5:1 on white
FOOT_MM = 1.2  # the coloured strip along the bottom edge, inside the trim


OURS_NOTE = "Questions written by LeadCards, not by the framework's authors."


class Face(StrEnum):
    FRONT = "front"
    BACK = "back"


class Ink:
    """Colours as RGB, or as CMYK for print shops (where no RGB may appear)."""

    def __init__(self, cmyk: bool = False) -> None:
        self.cmyk = cmyk

    def __call__(self, colour: str) -> Color:
        r, g, b = (v / 255 for v in parse_hex(colour))
        if not self.cmyk:
            return Color(r, g, b)
        k = 1 - max(r, g, b)
        if k >= 1:
            return CMYKColor(0, 0, 0, 1)
        return CMYKColor((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k)


# --------------------------------------------------------------------------- markers


class _Marker(StrEnum):
    PLUS = "plus"  # a filled circle with a plus
    MINUS = "minus"  # an outlined circle with a minus
    BOX = "box"  # an empty tick box


_MARKER_FOR = {Polarity.POSITIVE: _Marker.PLUS, Polarity.NEGATIVE: _Marker.MINUS}


def marker_for(polarity: Polarity) -> str:
    """The marker an indicator of this polarity carries: plus, minus, or a box."""
    return _MARKER_FOR.get(polarity, _Marker.BOX)


def space_title(deck: Deck, space_id: str) -> str:
    """A space's title (its id, for a deck that does not name it)."""
    try:
        return deck.space(space_id).title
    except KeyError:
        return space_id


def draw_marker(canvas: Canvas, kind: str, x: float, y: float, size: float, ink: Ink) -> None:
    """A marker whose shape, fill and sign differ, so plus and minus read apart without colour."""
    line = max(0.6, size * 0.09)
    canvas.saveState()
    canvas.setLineWidth(line)
    canvas.setStrokeColor(ink(INK))
    canvas.setFillColor(ink(INK))
    radius = size / 2
    cx, cy = x + radius, y + radius
    arm = radius * 0.55
    if kind == _Marker.BOX:
        canvas.rect(x + line / 2, y + line / 2, size - line, size - line, stroke=1, fill=0)
    elif kind == _Marker.PLUS:
        canvas.circle(cx, cy, radius, stroke=0, fill=1)
        canvas.setStrokeColor(ink(WHITE))
        canvas.line(cx - arm, cy, cx + arm, cy)
        canvas.line(cx, cy - arm, cx, cy + arm)
    else:
        canvas.circle(cx, cy, radius - line / 2, stroke=1, fill=0)
        canvas.line(cx - arm, cy, cx + arm, cy)
    canvas.restoreState()


class MarkedParagraph(Flowable):
    """An indicator: its marker in a gutter, the text wrapped beside it."""

    def __init__(self, marker: str, paragraph: Paragraph, size: float, ink: Ink) -> None:
        super().__init__()
        self.marker, self.paragraph, self.size, self.ink = marker, paragraph, size, ink
        self.gutter = size * 1.45

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _, height = self.paragraph.wrap(avail_width - self.gutter, avail_height)
        self.width, self.height = avail_width, height
        return avail_width, height

    def draw(self) -> None:
        font_size = self.paragraph.style.fontSize
        # Centre the marker on the first line's x-height.
        y = self.height - font_size + font_size * 0.36 - self.size / 2
        draw_marker(self.canv, self.marker, 0, y, self.size, self.ink)
        self.paragraph.drawOn(self.canv, self.gutter, 0)


class Rule(Flowable):
    def __init__(self, ink: Color, space: float) -> None:
        super().__init__()
        self.ink, self.space = ink, space

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.space * 2

    def draw(self) -> None:
        self.canv.setStrokeColor(self.ink)
        self.canv.setLineWidth(0.6)
        self.canv.line(0, self.space, self.width, self.space)


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class Fitted:
    """A face laid out at a scale that fits: draw it with :func:`draw_face`."""

    deck: Deck
    card: Card
    face: Face
    scale: float
    blocks: tuple[Flowable, ...]
    band_title: Paragraph
    band_height: float
    credit: Paragraph
    credit_height: float
    missing: int = 0  # characters shown as the placeholder: no bundled face draws them


@dataclass(frozen=True)
class Sizes:
    band: float
    title: float
    lead: float
    body: float
    caption: float

    @classmethod
    def at(cls, face: Face, scale: float) -> Sizes:
        bases = (8.5, 21.0, 12.0, 10.5, 7.5) if face is Face.FRONT else (10.5, 10.5, 9.0, 8.5, 7.5)
        return cls(*(max(MIN_SIZE, base * scale) for base in bases))


SCALES = tuple(round(1.2 - step * 0.025, 3) for step in range(29))  # 1.2 down to 0.5


def _style(
    name: str, font: str, size: float, colour: Color, space_after: float = 0
) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=font,
        fontSize=size,
        leading=round(size * 1.22, 2),
        textColor=colour,
        alignment=TA_LEFT,
        spaceAfter=space_after,
        splitLongWords=1,
        allowWidows=1,
    )


class _Setter:
    """Sets text as paragraphs (see :func:`leadcards.printing.text.markup`), counting the
    characters shown as the placeholder."""

    def __init__(self) -> None:
        self.missing = 0

    def __call__(self, text: str, style: ParagraphStyle) -> Paragraph:
        marked = markup(text, style.fontName)
        self.missing += marked.missing
        return Paragraph(marked.markup, style)


def theme_colours(deck: Deck, card: Card) -> tuple[str, str, str]:
    """The band colour, the text on it, and the accent for text on white."""
    colour = deck.theme(card.theme).colour
    return colour, text_on(colour), readable_on(colour, WHITE)


def _front_blocks(deck: Deck, card: Card, sizes: Sizes, ink: Ink, para: _Setter) -> list[Flowable]:
    _, _, accent = theme_colours(deck, card)
    blocks: list[Flowable] = [
        para(deck.terms.card.upper(), _style("kind", fonts.BOLD, sizes.caption, ink(SECONDARY), 2)),
        para(card.title, _style("title", fonts.BOLD, sizes.title, ink(INK), sizes.title * 0.2)),
    ]
    if card.headline:
        blocks.append(
            para(card.headline, _style("headline", fonts.BOLD, sizes.lead, ink(accent), 2))
        )
    blocks.append(Rule(ink("#9A9A9A"), sizes.body * 0.5))
    blocks.append(para(card.summary, _style("summary", fonts.REGULAR, sizes.body, ink(INK))))
    return blocks


def _back_blocks(
    deck: Deck,
    card: Card,
    sections: tuple[BackSection, ...],
    sizes: Sizes,
    ink: Ink,
    para: _Setter,
) -> list[Flowable]:
    _, _, accent = theme_colours(deck, card)
    heading = _style("heading", fonts.BOLD, sizes.lead, ink(accent), sizes.body * 0.25)
    body = _style("body", fonts.REGULAR, sizes.body, ink(INK), sizes.body * 0.3)
    caption = _style("caption", fonts.BOLD, sizes.caption, ink(accent), 0)
    note = _style("note", fonts.ITALIC, sizes.caption, ink(SECONDARY), 0)
    gap = Spacer(1, sizes.body * 0.55)
    blocks: list[Flowable] = []
    for section in sections:
        if section is BackSection.INDICATORS:
            for group in card.indicator_groups:
                blocks.append(para(group.title, heading))
                marker = marker_for(group.polarity)
                for indicator in group.indicators:
                    blocks.append(
                        MarkedParagraph(marker, para(indicator.text, body), sizes.body * 0.85, ink)
                    )
                blocks.append(gap)
        elif section is BackSection.PROMPTS and card.prompts:
            blocks.append(para("Questions", heading))
            for prompt in card.prompts:
                if prompt.space:
                    blocks.append(para(space_title(deck, prompt.space).upper(), caption))
                blocks.append(para(prompt.text, body))
            if any(p.origin is Origin.LEADCARDS for p in card.prompts):
                blocks.append(para(OURS_NOTE, note))
            blocks.append(gap)
        elif section is BackSection.WHY:
            for part in card.sections:
                if part.title:
                    blocks.append(para(part.title, heading))
                blocks.extend(para(text, body) for text in part.paragraphs)
                blocks.extend(
                    MarkedParagraph(_Marker.BOX, para(item, body), sizes.body * 0.85, ink)
                    for item in part.items
                )
                blocks.append(gap)
        elif section is BackSection.EXAMPLES and card.examples:
            blocks.append(para("Examples", heading))
            for example in card.examples:
                if example.subject:
                    blocks.append(para(example.subject, caption))
                blocks.append(para(example.text, body))
            blocks.append(gap)
    while blocks and isinstance(blocks[-1], Spacer):
        blocks.pop()
    return blocks


def _band_title(
    deck: Deck, card: Card, face: Face, sizes: Sizes, ink: Ink, para: _Setter
) -> Paragraph:
    _, on_band, _ = theme_colours(deck, card)
    text = deck.theme(card.theme).title.upper() if face is Face.FRONT else card.title
    return para(text, _style("band", fonts.BOLD, sizes.band, ink(on_band)))


def _below_baseline(paragraph: Paragraph) -> float:
    """How far the last line's descenders reach below the paragraph's box (its leading
    leaves less room under the baseline than this typeface's descent)."""
    style = paragraph.style
    _, descent = pdfmetrics.getAscentDescent(style.fontName, style.fontSize)
    return max(0.0, -descent - (style.leading - style.fontSize))


def _credit(deck: Deck, ink: Ink, para: _Setter) -> Paragraph:
    return para(deck.source.credit, _style("credit", fonts.REGULAR, MIN_SIZE, ink(SECONDARY)))


def layout_face(
    deck: Deck,
    card: Card,
    face: Face,
    width: float,
    height: float,
    *,
    sections: tuple[BackSection, ...] = DEFAULT_BACK,
    ink: Ink | None = None,
    max_scale: float = SCALES[0],
) -> Fitted | None:
    """The face at the largest scale (up to ``max_scale``) at which it fits its safe zone,
    or None if even 7 pt type does not fit."""
    fonts.register()
    ink = ink or Ink()
    safe = SAFE_MM * MM
    inner_w = width - 2 * safe
    if inner_w <= 0:
        return None

    def attempt(scale: float) -> Fitted | None:
        sizes = Sizes.at(face, scale)
        setter = _Setter()
        band = _band_title(deck, card, face, sizes, ink, setter)
        _, band_text_h = band.wrap(inner_w, height)
        band_height = safe + band_text_h + 2.2 * MM
        credit = _credit(deck, ink, setter)
        _, credit_h = credit.wrap(inner_w, height)
        credit_h += _below_baseline(credit)
        blocks = (
            _front_blocks(deck, card, sizes, ink, setter)
            if face is Face.FRONT
            else _back_blocks(deck, card, sections, sizes, ink, setter)
        )
        room = height - band_height - 2.5 * MM - safe - credit_h - 2 * MM
        used = 0.0
        for block in blocks:
            _, block_h = block.wrap(inner_w, room)
            used += block_h + block.getSpaceAfter()
            if used > room + 0.01:
                return None
        return Fitted(
            deck,
            card,
            face,
            scale,
            tuple(blocks),
            band,
            band_height,
            credit,
            credit_h,
            setter.missing,
        )

    # Heights shrink as the scale does: find the largest scale that fits by bisection.
    scales = [scale for scale in SCALES if scale <= max_scale + 1e-9]
    low, high = 0, len(scales) - 1
    if not scales or attempt(scales[high]) is None:
        return None
    while low < high:
        middle = (low + high) // 2
        if attempt(scales[middle]) is not None:
            high = middle
        else:
            low = middle + 1
    return attempt(scales[low])


def draw_face(
    canvas: Canvas,
    fitted: Fitted,
    x: float,
    y: float,
    width: float,
    height: float,
    *,
    bleed: float,
    turned: bool = False,
    ink: Ink | None = None,
) -> None:
    """Draw a laid-out face with its trim at (x, y); turned faces are rotated 180 degrees
    about the trim's centre. No outline is drawn at the trim line."""
    ink = ink or Ink()
    safe = SAFE_MM * MM
    colour, _, _ = theme_colours(fitted.deck, fitted.card)
    canvas.saveState()
    if turned:
        canvas.translate(x + width, y + height)
        canvas.rotate(180)
    else:
        canvas.translate(x, y)
    # The band runs into the bleed at the top and sides.
    canvas.setFillColor(ink(colour))
    band_bottom = height - fitted.band_height
    canvas.rect(
        -bleed, band_bottom, width + 2 * bleed, fitted.band_height + bleed, stroke=0, fill=1
    )
    # A thin band at the foot as well, below the safe zone: the colour frames the card.
    canvas.rect(-bleed, -bleed, width + 2 * bleed, bleed + FOOT_MM * MM, stroke=0, fill=1)
    inner_w = width - 2 * safe
    _, band_text_h = fitted.band_title.wrap(inner_w, height)
    fitted.band_title.drawOn(canvas, safe, height - safe - band_text_h)
    top = band_bottom - 2.5 * MM
    for block in fitted.blocks:
        _, block_h = block.wrap(inner_w, height)
        top -= block_h
        block.drawOn(canvas, safe, top)
        top -= block.getSpaceAfter()
    fitted.credit.wrap(inner_w, height)
    fitted.credit.drawOn(canvas, safe, safe + _below_baseline(fitted.credit))
    canvas.restoreState()
