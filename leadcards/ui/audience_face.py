"""The cards as a room sees them: each face set as large as it fits, paged where it cannot.

The audience's faces are drawn here, not with the main window's card faces: a room reads
from 6 to 10 m, so the size of the text follows the window, not the user's zoom. A face is
set at the largest size (up to twice the floor) at which it fits the card; the floor is
44 px for the description on a 1920x1080 screen, in proportion on others. A face that does
not fit at the floor is set at the floor and split into pages (the clicker's Down and Up
keys turn them), with "1 of 2" small in the corner: text is never clipped, hidden or made
smaller than the floor. On a landscape window the back sets positive and negative
indicators side by side. Everything drawn is deck content: the card, its theme and the
deck's credit.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from PySide6.QtCore import QEasingCurve, QPointF, QRectF, Qt, QVariantAnimation
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPixmap, QTextLayout, QTextOption
from PySide6.QtWidgets import QGridLayout, QStackedLayout, QWidget

from leadcards.colours import Scheme, palette
from leadcards.deck import Card, Deck, Origin, Polarity
from leadcards.ui.appearance import FONT_FAMILY, INKS
from leadcards.ui.card_view import FLIP_MS, FlipOverlay

PREPARED_AT_MOST = 2  # the cards either side of the one shown
FLOOR_AT_1080 = 44  # px of body text on a 1920x1080 window: read from the back of a room
CAP = 2.0  # never larger than twice the floor
LEAST_PX = 12  # the smallest size anything is set at, on the smallest window
LINE_SPACING = 1.18  # of a line's height
KEEP_WHOLE = 5  # a paragraph of at most this many lines is never split across pages
MARKERS = {Polarity.POSITIVE: "+", Polarity.NEGATIVE: "\u2212", Polarity.NEUTRAL: "\u2022"}


@dataclass(frozen=True)
class Block:
    """A paragraph of the face: its text and how it is set, sizes in body sizes."""

    text: str
    ratio: float = 1.0
    bold: bool = False
    italic: bool = False
    ink: str = "text"  # text, secondary, accent, positive, negative, band
    before: float = 0.0  # space above it
    keep: bool = False  # kept on one page with the first line of the next block
    marker: str = ""  # hung in the margin before the text (+, minus, bullet)
    rule: bool = False  # a line across, not text


@dataclass(frozen=True)
class Part:
    """One column of blocks, or two set side by side (positive and negative indicators)."""

    columns: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True)
class Content:
    band: tuple[Block, ...]  # on every page, on the theme's colour
    parts: tuple[Part, ...]
    credit: str
    centred: bool  # a front that fits one page sits in the middle of the card


def floor_px(width: int, height: int) -> int:
    """The body size below which a room cannot read this window."""
    return max(LEAST_PX, round(FLOOR_AT_1080 * min(height / 1080, width / 1920)))


def front_content(deck: Deck, card: Card) -> Content:
    blocks = [Block(deck.terms.card.upper(), 0.55, bold=True, ink="secondary")]
    blocks.append(Block(card.title, 1.6, bold=True, before=0.15))
    if card.headline:
        blocks.append(Block(card.headline, 1.1, ink="accent", before=0.3))
    blocks.append(Block("", rule=True, before=0.5))
    blocks.append(Block(card.summary, 1.0, before=0.5))
    theme = deck.theme(card.theme).title
    return Content(
        (Block(theme.upper(), 0.6, bold=True, ink="band"),),
        (Part((tuple(blocks),)),),
        deck.source.credit,
        centred=True,
    )


def back_content(deck: Deck, card: Card, *, wide: bool) -> Content:
    """Indicators (positive and negative side by side when ``wide``), the questions, then
    what the card has besides (why it matters, examples)."""
    parts: list[Part] = []

    def heading(text: str, ink: str = "text", marker: str = "") -> Block:
        shown = f"{marker}  {text}" if marker else text
        return Block(shown, 1.1, bold=True, ink=ink, before=0.6, keep=True)

    columns: list[tuple[Block, ...]] = []
    for group in card.indicator_groups:
        ink = {Polarity.POSITIVE: "positive", Polarity.NEGATIVE: "negative"}.get(
            group.polarity, "text"
        )
        marker = MARKERS[group.polarity]
        column = [heading(group.title, ink, "" if group.polarity is Polarity.NEUTRAL else marker)]
        column += [Block(i.text, before=0.25, marker=marker) for i in group.indicators]
        columns.append(tuple(column))
    polarities = {g.polarity for g in card.indicator_groups}
    if wide and len(columns) == 2 and polarities == {Polarity.POSITIVE, Polarity.NEGATIVE}:
        parts.append(Part(tuple(columns)))
    else:
        parts += [Part((column,)) for column in columns]
    asked = card.group_prompts()  # a shared screen asks only what is safe in a group
    if asked:
        blocks = [heading("Questions")]
        for prompt in asked:
            if prompt.space:
                try:
                    space = deck.space(prompt.space).title
                except KeyError:
                    space = prompt.space
                blocks.append(
                    Block(space.upper(), 0.6, bold=True, ink="accent", before=0.4, keep=True)
                )
            blocks.append(Block(prompt.text, before=0.0 if prompt.space else 0.4))
        if any(p.origin is Origin.LEADCARDS for p in asked):
            blocks.append(
                Block(
                    "Questions written by LeadCards, not by the framework's authors.",
                    0.55,
                    italic=True,
                    ink="secondary",
                    before=0.4,
                )
            )
        parts.append(Part((tuple(blocks),)))
    for section in card.sections:
        blocks = [heading(section.title or "More")]
        blocks += [Block(p, before=0.3) for p in section.paragraphs]
        for number, item in enumerate(section.items, 1):
            bullet = f"{number}." if section.numbered else "\u2022"
            blocks.append(Block(item, before=0.25, marker=bullet))
        parts.append(Part((tuple(blocks),)))
    if card.examples:
        blocks = [heading("Examples")]
        for example in card.examples:
            if example.subject:
                blocks.append(
                    Block(example.subject, bold=True, ink="accent", before=0.4, keep=True)
                )
            blocks.append(Block(example.text, before=0.0 if example.subject else 0.4))
        parts.append(Part((tuple(blocks),)))
    theme = deck.theme(card.theme).title
    band = [Block(theme.upper(), 0.6, bold=True, ink="band")]
    if card.title != theme:
        band.append(Block(card.title, 1.2, bold=True, ink="band", before=0.1))
    return Content(tuple(band), tuple(parts), deck.source.credit, centred=False)


def face_font(px: int, block: Block) -> QFont:
    result = QFont(FONT_FAMILY)
    result.setPixelSize(max(1, px))
    result.setBold(block.bold)
    result.setItalic(block.italic)
    result.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return result


@dataclass
class Placed:
    """One laid-out line of a block, and the rectangle on the face it is drawn in."""

    layout: QTextLayout
    index: int
    rect: QRectF  # on the face, in pixels
    block: Block
    room: QRectF  # the column it must stay inside

    @property
    def text(self) -> str:
        line = self.layout.lineAt(self.index)
        return self.layout.text()[line.textStart() : line.textStart() + line.textLength()]


@dataclass
class Page:
    lines: list[Placed] = field(default_factory=list)
    rules: list[QRectF] = field(default_factory=list)


@dataclass
class Plan:
    """A face set at one body size: the card, its band, its pages and its footer."""

    body_px: int
    card: QRectF
    band: QRectF
    band_lines: list[Placed]
    pages: list[Page]
    footer: list[Placed]
    marker_at: QRectF  # where "1 of 2" goes
    marker_px: int

    def broken_words(self) -> int:
        """Lines that end inside a word (a word too long for its column at this size)."""
        found = 0
        for placed in [*self.band_lines, *(p for page in self.pages for p in page.lines)]:
            text = placed.layout.text()
            line = placed.layout.lineAt(placed.index)
            end = line.textStart() + line.textLength()
            if 0 < end < len(text) and not text[end - 1].isspace() and not text[end].isspace():
                found += text[end - 1] not in "-\u2010/\u200b"
        return found


def _lines(block: Block, px: int, width: float) -> tuple[QTextLayout, list[float], float]:
    """The block laid out at ``width``: its layout, each line's height, the text indent."""
    indent = px * block.ratio * 1.3 if block.marker else 0.0
    text = block.text or " "
    layout = QTextLayout(text, face_font(round(px * block.ratio), block))
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    heights = []
    layout.beginLayout()
    y = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1.0, width - indent))
        line.setPosition(QPointF(indent, y))
        step = line.height() * LINE_SPACING
        heights.append(step)
        y += step
    layout.endLayout()
    return layout, heights, indent


@dataclass
class _Unit:
    """Lines that go on one page together, each with the space above it (the first
    line's space is dropped at the top of a page)."""

    lines: list[tuple[QTextLayout, int, float, Block, float]]  # layout, line, height, gap

    @property
    def gap(self) -> float:
        return self.lines[0][4]

    @property
    def height(self) -> float:
        """From the top of the first line to the bottom of the last."""
        return sum(step + gap for _, _, step, _, gap in self.lines) - self.gap


def _units(column: Sequence[Block], px: int, width: float) -> list[_Unit]:
    """A column's lines in the groups a page never splits: an indicator or a paragraph of
    a few lines whole, a long paragraph line by line, a heading with what follows it."""
    units: list[_Unit] = []
    carry: list[tuple[QTextLayout, int, float, Block, float]] = []
    for block in column:
        gap = block.before * px
        if block.rule:
            groups = [[(QTextLayout(""), -1, max(2.0, px / 16), block, gap)]]
        else:
            layout, heights, _ = _lines(block, px, width)
            entries = [
                (layout, index, step, block, gap if index == 0 else 0.0)
                for index, step in enumerate(heights)
            ]
            whole = len(entries) <= KEEP_WHOLE
            groups = [entries] if whole else [[entry] for entry in entries]
        groups[0] = carry + groups[0]
        carry = []
        if block.keep:
            carry = groups.pop()
        units += [_Unit(group) for group in groups]
    if carry:
        units.append(_Unit(carry))
    return units


def plan(content: Content, width: int, height: int, px: int) -> Plan:
    """Set ``content`` on a window of ``width`` x ``height`` with body text of ``px``."""
    margin = max(8.0, min(width, height) * 0.025)
    card = QRectF(margin, margin, width - 2 * margin, height - 2 * margin)
    pad = px * 0.7
    inner_w = card.width() - 2 * pad
    # The band: theme name (and the title, on the back) on the theme's colour.
    band_lines: list[Placed] = []
    y = card.top() + pad * 0.6
    for block in content.band:
        y += block.before * px
        layout, heights, _ = _lines(block, px, inner_w)
        room = QRectF(card.left() + pad, card.top(), inner_w, 0)
        for index, step in enumerate(heights):
            rect = QRectF(card.left() + pad, y, layout.lineAt(index).naturalTextWidth(), step)
            band_lines.append(Placed(layout, index, rect, block, room))
            y += step
    band = QRectF(card.left(), card.top(), card.width(), y + pad * 0.5 - card.top())
    for placed in band_lines:
        placed.room.setHeight(band.height())
    # The footer: the deck's credit, and room for "1 of 2".
    small = Block("", 0.5, ink="secondary")
    marker_px = max(LEAST_PX, round(px * 0.5))
    marker_w = marker_px * 5.5
    footer_w = inner_w - marker_w
    credit = Block(content.credit, max(0.5, LEAST_PX / px), ink="secondary")
    layout, heights, _ = _lines(credit, px, footer_w)
    footer_h = sum(heights)
    footer_top = card.bottom() - pad * 0.6 - footer_h
    footer: list[Placed] = []
    fy = footer_top
    room = QRectF(card.left() + pad, footer_top, footer_w, footer_h)
    for index, step in enumerate(heights):
        rect = QRectF(card.left() + pad, fy, layout.lineAt(index).naturalTextWidth(), step)
        footer.append(Placed(layout, index, rect, credit, room))
        fy += step
    marker_h = _lines(small, marker_px * 2, marker_w)[1][0]
    marker_at = QRectF(card.right() - pad - marker_w, card.bottom() - pad * 0.6 - marker_h,
                       marker_w, marker_h)  # fmt: skip
    # The body, page by page.
    top = band.bottom() + pad * 0.8
    bottom = footer_top - pad * 0.5
    room_h = max(1.0, bottom - top)
    pages = [Page()]
    used = 0.0
    left = card.left() + pad

    def new_page() -> None:
        nonlocal used
        pages.append(Page())
        used = 0.0

    def place(unit: _Unit, x: float, y: float, w: float, page: Page) -> None:
        room = QRectF(x, top, w, room_h)
        for number, (layout, index, step, block, gap) in enumerate(unit.lines):
            y += gap if number else 0.0
            if block.rule:
                page.rules.append(QRectF(x, y, w, step))
            else:
                indent = px * block.ratio * 1.3 if block.marker else 0.0
                natural = layout.lineAt(index).naturalTextWidth()
                rect = QRectF(x + indent, y, natural, step)
                page.lines.append(Placed(layout, index, rect, block, room))
            y += step

    for part in content.parts:
        gutter = px * 1.5 if len(part.columns) > 1 else 0.0
        col_w = (inner_w - gutter * (len(part.columns) - 1)) / len(part.columns)
        streams = [_units(column, px, col_w) for column in part.columns]
        needs = max(sum(u.gap + u.height for u in stream) for stream in streams)
        if used > 0 and used + needs > room_h:
            new_page()  # a section that would be split starts a page of its own
        if len(streams) == 1:
            for unit in streams[0]:
                gap = unit.gap if used > 0 else 0.0
                if used > 0 and used + gap + unit.height > room_h:
                    new_page()
                    gap = 0.0
                place(unit, left, top + used + gap, inner_w, pages[-1])
                used += gap + unit.height
            continue
        while any(streams):
            start = used
            ends = []
            for number, stream in enumerate(streams):
                x = left + number * (col_w + gutter)
                y = start
                while stream:
                    unit = stream[0]
                    gap = unit.gap if y > 0 else 0.0
                    if y > 0 and y + gap + unit.height > room_h:
                        break
                    place(unit, x, top + y + gap, col_w, pages[-1])
                    y += gap + unit.height
                    stream.pop(0)
                ends.append(y)
            used = max(ends)
            if any(streams):
                new_page()
    if content.centred and len(pages) == 1 and used < room_h:
        shift = (room_h - used) / 2
        for placed in pages[0].lines:
            placed.rect.translate(0, shift)
        pages[0].rules = [r.translated(0, shift) for r in pages[0].rules]
    return Plan(px, card, band, band_lines, pages, footer, marker_at, marker_px)


def fit(content: Content, width: int, height: int, least: int, cap: int) -> Plan:
    """The largest body size from ``least`` to ``cap`` that needs no more pages than the
    face needs at ``least`` (one page if it fits there) and breaks no more words."""
    low = plan(content, width, height, least)
    most, broken = len(low.pages), low.broken_words()

    def good(trial: Plan) -> bool:
        return len(trial.pages) <= most and trial.broken_words() <= broken

    high_px = max(least, cap)
    top = plan(content, width, height, high_px)
    if good(top):
        return top
    best, lo, hi = low, least, high_px  # pages(lo) <= most < pages(hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        trial = plan(content, width, height, mid)
        if good(trial):
            best, lo = trial, mid
        else:
            hi = mid
    return best


def content_of(deck: Deck, card: Card, side: str, width: int, height: int) -> Content:
    if side == "front":
        return front_content(deck, card)
    return back_content(deck, card, wide=width >= 1.2 * height)


@lru_cache(maxsize=64)
def _fitted(
    deck: Deck, card: Card, side: str, width: int, height: int, least: int, cap: int, centred: bool
) -> Plan:
    content = replace(content_of(deck, card, side, width, height), centred=centred)
    return fit(content, width, height, least, cap)


class AudienceFace(QWidget):
    """One face of one card, drawn to fill the widget; Down and Up turn its pages."""

    def __init__(self, deck: Deck, card: Card, scheme: Scheme, side: str = "front") -> None:
        super().__init__()
        self.deck, self.card, self.scheme, self.side = deck, card, scheme, side
        self.setObjectName("audienceFace")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.page = 0
        self.least: int | None = None  # None: the floor for this size (a spread sets less)
        self.cap: int | None = None  # None: twice the floor (a spread sets one for all)
        self.centred = side == "front"  # a front alone sits in the middle; a spread's at the top
        # The face as drawn, kept while nothing it depends on changes: large text is drawn
        # as outlines (Qt caches glyphs only up to 64 px), so drawing it again costs a
        # 4K window about 30 ms, and the next card must show within a frame.
        self._picture: tuple[tuple[int, ...], QPixmap] | None = None
        theme = self.deck.theme(self.card.theme).title
        self.setAccessibleName(f"{self.card.title}, {theme}, {self.side}")

    def floor(self) -> int:
        return self.least if self.least is not None else floor_px(self.width(), self.height())

    def plan(self) -> Plan:
        floor = self.floor()
        cap = (
            self.cap if self.cap is not None else round(floor_px(self.width(), self.height()) * CAP)
        )
        size = (self.width(), self.height())
        return _fitted(self.deck, self.card, self.side, *size, floor, max(floor, cap), self.centred)

    def page_count(self) -> int:
        return len(self.plan().pages)

    def turn(self, step: int) -> bool:
        """Another page of this face; False when there is none that way."""
        target = self.page + step
        if not 0 <= target < self.page_count():
            return False
        self.page = target
        self._describe()
        self.update()
        return True

    def _describe(self) -> None:
        if self.width() > 0 and self.height() > 0:
            pages = self.plan().pages
            page = pages[min(self.page, len(pages) - 1)]
            text = " ".join(p.text.strip() for p in page.lines)
            if len(pages) > 1:
                text += f" (page {self.page + 1} of {len(pages)})"
            self.setAccessibleDescription(text)

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        if self.isVisible():  # a face in waiting is set when it shows (showEvent)
            self._settle_page()

    def showEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        self._settle_page()

    def _settle_page(self) -> None:
        self.page = min(self.page, max(0, self.page_count() - 1))
        self._describe()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        if self.width() < 40 or self.height() < 40:
            return
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self.picture())
        painter.end()

    def release(self) -> None:
        """Let go of the drawing (made again if the face is painted)."""
        self._picture = None

    def picture(self) -> QPixmap:
        """The face drawn at its size and page (drawn again only when one changes)."""
        ratio = self.devicePixelRatioF()
        key = (
            self.width(),
            self.height(),
            self.page,
            round(ratio * 100),
            self.least if self.least is not None else -1,
            self.cap if self.cap is not None else -1,
            int(self.centred),
            list(Scheme).index(self.scheme),
        )
        if self._picture is None or self._picture[0] != key:
            pixmap = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
            pixmap.setDevicePixelRatio(ratio)
            painter = QPainter(pixmap)
            self._draw(painter)
            painter.end()
            self._picture = (key, pixmap)
        return self._picture[1]

    def _draw(self, painter: QPainter) -> None:
        found = self.plan()
        ink = INKS[self.scheme]
        theme = self.deck.theme(self.card.theme)
        colours = palette(theme.colour, self.scheme, theme.colour_dark)
        inks = {
            "text": ink.text,
            "secondary": ink.secondary,
            "accent": colours.accent,
            "positive": ink.positive,
            "negative": ink.negative,
            "band": colours.on_band,
        }
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(ink.window))
        radius = max(8.0, found.body_px * 0.4)
        painter.setPen(QColor(ink.rule))
        painter.setBrush(QColor(ink.surface))
        painter.drawRoundedRect(found.card, radius, radius)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colours.band))
        painter.setClipRect(found.band)
        painter.drawRoundedRect(found.card, radius, radius)
        painter.setClipping(False)
        page = found.pages[min(self.page, len(found.pages) - 1)]
        painter.setBrush(QColor(ink.rule))
        for rule in page.rules:
            painter.drawRect(rule)
        for placed in [*found.band_lines, *page.lines, *found.footer]:
            painter.setPen(QColor(inks[placed.block.ink]))
            line = placed.layout.lineAt(placed.index)
            origin = QPointF(placed.rect.left() - line.x(), placed.rect.top() - line.y())
            line.draw(painter, origin)
            if placed.index == 0 and placed.block.marker:
                painter.setFont(face_font(round(found.body_px * placed.block.ratio), placed.block))
                indent = found.body_px * placed.block.ratio * 1.3
                spot = QRectF(placed.rect.left() - indent, placed.rect.top(), indent, line.height())
                flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                painter.setPen(QColor(inks.get(self._marker_ink(placed.block), ink.text)))
                painter.drawText(spot, flags, placed.block.marker)
        if len(found.pages) > 1:
            painter.setPen(QColor(ink.secondary))
            small = QFont(FONT_FAMILY)
            small.setPixelSize(found.marker_px)
            small.setBold(True)
            painter.setFont(small)
            flags = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom
            painter.drawText(found.marker_at, flags, f"{self.page + 1} of {len(found.pages)}")

    def _marker_ink(self, block: Block) -> str:
        if block.marker == MARKERS[Polarity.POSITIVE]:
            return "positive"
        if block.marker == MARKERS[Polarity.NEGATIVE]:
            return "negative"
        return "secondary"


class AudienceCard(QWidget):
    """One card, large, that flips; the audience window's counterpart of the card view."""

    def __init__(self, scheme: Scheme) -> None:
        super().__init__()
        self.setObjectName("audienceCard")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scheme = scheme
        self.deck: Deck | None = None
        self.cards: tuple[Card, ...] = ()
        self.card: Card | None = None
        self.showing_back = False
        self.animated = True
        self.rng = random.Random()
        self.front: AudienceFace | None = None
        self.back: AudienceFace | None = None
        # Faces made ahead for the cards either side (see prepare), by card id.
        self._prepared: dict[str, tuple[AudienceFace, AudienceFace]] = {}
        self.holder = QWidget(self)
        self.stack = QStackedLayout(self.holder)
        self.stack.setContentsMargins(0, 0, 0, 0)
        self.overlay = FlipOverlay(self)
        self.overlay.hide()
        self.animation = QVariantAnimation(self)
        self.animation.setDuration(FLIP_MS)
        self.animation.setStartValue(0.0)
        self.animation.setEndValue(1.0)
        self.animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self.animation.valueChanged.connect(self.overlay.set_progress)
        self.animation.finished.connect(self._settle)

    def set_cards(self, deck: Deck, cards: Sequence[Card]) -> None:
        if self.deck is not None and deck.id != self.deck.id:
            self._drop_prepared()
        self.deck, self.cards = deck, tuple(cards)

    def _faces(self, card: Card) -> tuple[AudienceFace, AudienceFace]:
        """Both faces of ``card``, sized for this window and in the stack (hidden)."""
        assert self.deck is not None
        faces = (
            AudienceFace(self.deck, card, self.scheme, "front"),
            AudienceFace(self.deck, card, self.scheme, "back"),
        )
        for face in faces:
            face.resize(self.holder.size())  # set at this size, never at a default one
            self.stack.addWidget(face)
        return faces

    def show_card(self, card_id: str) -> None:
        if self.deck is None:
            return
        self._stop()
        for old in (self.front, self.back):
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
        self.card = self.deck.card(card_id)
        ready = self._prepared.pop(card_id, None)
        if ready is not None and ready[0].size() == self.holder.size():
            self.front, self.back = ready
        else:
            for face in ready or ():
                self.stack.removeWidget(face)
                face.deleteLater()
            self.front, self.back = self._faces(self.card)
        self.showing_back = False
        self.stack.setCurrentWidget(self.front)
        self._describe()

    def prepare(self, card_id: str) -> None:
        """Make a card's faces at this size ahead of time, its front drawn (the presenter
        does this for the cards either side while the room reads): the card then shows
        at once."""
        if self.deck is None or self.holder.width() < 40 or self.holder.height() < 40:
            return
        ready = self._prepared.get(card_id)
        if ready is None or ready[0].size() != self.holder.size():
            for face in self._prepared.pop(card_id, ()):
                self.stack.removeWidget(face)
                face.deleteLater()
            ready = self._prepared[card_id] = self._faces(self.deck.card(card_id))
        ready[0].picture()
        ready[1].plan()  # the back is set now too; it is drawn if the card is turned
        while len(self._prepared) > PREPARED_AT_MOST:
            for face in self._prepared.pop(next(iter(self._prepared))):
                self.stack.removeWidget(face)
                face.deleteLater()

    def _drop_prepared(self) -> None:
        for faces in self._prepared.values():
            for face in faces:
                self.stack.removeWidget(face)
                face.deleteLater()
        self._prepared.clear()

    def release(self) -> None:
        """Let go of the faces made ahead and of every drawing (the presenting ended): a
        4K face's picture is 33 MB."""
        self._drop_prepared()
        for face in (self.front, self.back):
            if face is not None:
                face.release()

    def visible_face(self) -> AudienceFace | None:
        return self.back if self.showing_back else self.front

    def turn(self, step: int) -> bool:
        face = self.visible_face()
        moved = face is not None and face.turn(step)
        if moved:
            self._describe()
        return moved

    def flip(self) -> None:
        if self.card is None or self.front is None or self.back is None:
            return
        if self.animation.state() == QVariantAnimation.State.Running:
            self.animation.setCurrentTime(FLIP_MS)
            return
        self.showing_back = not self.showing_back
        incoming = self.visible_face()
        assert incoming is not None
        incoming.page = 0
        if not self.animated or not self.isVisible():
            self._settle()
            return
        self.overlay.begin(self.stack, self.holder, incoming)
        self.animation.start()

    def _stop(self) -> None:
        if self.animation.state() == QVariantAnimation.State.Running:
            self.animation.stop()
        self.overlay.hide()
        self.holder.show()

    def _settle(self) -> None:
        self._stop()
        face = self.visible_face()
        if face is not None:
            self.stack.setCurrentWidget(face)
        self._describe()

    def _describe(self) -> None:
        face = self.visible_face()
        if face is not None:
            face._describe()
            self.setAccessibleName(face.accessibleName())

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        self.holder.setGeometry(self.rect())
        self.overlay.setGeometry(self.rect())


class Spread(QWidget):
    """Dealt cards, fronts up, in the row or rows that set them largest, all at one size;
    set again whenever the window changes size."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("audienceSpread")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.faces: list[AudienceFace] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(0)

    def deal(self, deck: Deck, cards: Sequence[Card], scheme: Scheme) -> None:
        for face in self.faces:
            self.grid.removeWidget(face)
            face.deleteLater()
        self.faces = [AudienceFace(deck, card, scheme, "front") for card in cards]
        self._arrange()

    def _arrange(self) -> None:
        if not self.faces:
            return
        for face in self.faces:
            self.grid.removeWidget(face)
        width, height = max(self.width(), 1), max(self.height(), 1)
        floor = floor_px(width, height)
        best: tuple[int, int] | None = None
        for rows in (1, 2):
            per_row = -(-len(self.faces) // rows)
            size = (width // per_row, height // rows)
            px = min(self._best_px(face, *size, floor) for face in self.faces)
            if best is None or px > best[1]:
                best = (rows, px)
        assert best is not None
        rows, px = best
        per_row = -(-len(self.faces) // rows)
        for number, face in enumerate(self.faces):
            face.centred = False  # titles in a row, level with each other
            face.least = min(px, floor)
            face.cap = px
            self.grid.addWidget(face, number // per_row, number % per_row)
        for column in range(6):
            self.grid.setColumnStretch(column, 1 if column < per_row else 0)

    @staticmethod
    def _best_px(face: AudienceFace, width: int, height: int, floor: int) -> int:
        """The largest size at which this front fits one page of a cell this size."""
        cap = round(floor * CAP)
        content = front_content(face.deck, face.card)
        if len(plan(content, width, height, LEAST_PX).pages) > 1:
            return LEAST_PX
        return fit(content, width, height, LEAST_PX, cap).body_px

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        self._arrange()
