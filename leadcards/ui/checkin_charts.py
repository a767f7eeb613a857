"""The pieces of a check-in round's results view (:mod:`leadcards.ui.checkin_results`): the
figures said in words, the radar of medians with the middle half shaded (a check-in on the
scale), the bars of indicators in place (a checklist), and the heat map of every
indicator's share, paged for the room. Each draws only aggregated figures and the
invitation's own text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QSizePolicy,
    QWidget,
)

from leadcards.checkin.files import InvitedCard, InvitedIndicator
from leadcards.checkin.ledger import CheckIn, Round
from leadcards.checkin.results import Results, Spread
from leadcards.colours import Scheme, palette, parse_hex, text_on, to_hex
from leadcards.journal.model import SCALE
from leadcards.limits import local
from leadcards.ui.appearance import FONT_FAMILY, INKS, SPACING, TypeScale
from leadcards.ui.audience_face import FLOOR_AT_1080
from leadcards.ui.charts import RadarChart

MINUS = "\u2212"
SYMBOLS = {"positive": "+", "negative": MINUS, "neutral": "\u2022"}
POLARITY_HEADINGS = {
    "positive": "+  Positive indicators",
    "negative": f"{MINUS}  Negative indicators",
}
WIDE_FROM = 960  # px: in the app, the radar and the words side by side from this width
TITLE_LINES = 2  # large: a longer title is cut short with an ellipsis (read in full aloud)
LONG_TITLE = 90  # characters: a longer title is set at the heading's size

# Sizes of text: points in the app; when large, shares of the floor (44 px on 1080p), never
# below 0.75 of it.
SIZES = {
    "title": (TypeScale.HEADING + 3, 1.2),
    "heading": (TypeScale.HEADING, 1.0),
    "body": (TypeScale.BODY, 0.9),
    "label": (TypeScale.BODY - 1, 0.8),
    "small": (TypeScale.CAPTION + 1, 0.75),
}


# --------------------------------------------------------------------------- words


def figure(value: float, *, signed: bool = False, minus: str = MINUS) -> str:
    """A figure as shown: whole where it is whole, at most two decimals, a real minus sign;
    ``signed`` puts + before a positive one (a position on the scale)."""
    text = f"{round(value, 2):g}"
    if text in ("-0", "0"):
        return "0"
    if text.startswith("-"):
        return minus + text[1:]
    return f"+{text}" if signed else text


def spoken(value: float) -> str:
    """A figure for a screen reader: a hyphen, said as "minus"; no plus sign."""
    return figure(value, minus="-")


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def spread_words(title: str, spread: Spread) -> str:
    """One card's figures in words: "Trust: median 2, middle half 1 to 3, 7 answers"."""
    low, high = spread.middle_half
    answers = f"{spread.answers} answer{'s' if spread.answers != 1 else ''}"
    return (
        f"{title}: median {spoken(spread.median)}, middle half {spoken(low)} to {spoken(high)},"
        f" {answers}"
    )


def day(round_: Round) -> str:
    when = local(round_.closed if round_.closed is not None else round_.opened)
    return f"{when.day} {when:%b %Y}"


def meta_line(checkin: CheckIn, round_: Round) -> str:
    """The line under the title: deck, space, round, how many answered, when it closed."""
    invitation = checkin.invitation
    parts = [invitation.deck_title]
    if invitation.space:
        parts.append(f"{invitation.space} space")
    parts += [
        f"round {round_.number}",
        f"{round_.people} answered (minimum {invitation.min_group})",
        f"closed {day(round_)}" if round_.closed is not None else "still open",
    ]
    return " \u00b7 ".join(parts)


def indicator_index(checkin: CheckIn) -> dict[str, tuple[InvitedCard, InvitedIndicator]]:
    return {i.indicator_id: (card, i) for card in checkin.invitation.cards for i in card.indicators}


@dataclass(frozen=True)
class Standouts:
    """Where the team agrees and differs most, in words."""

    agree_heading: str
    agree: tuple[str, ...]
    differ_heading: str
    differ: tuple[str, ...]
    why: str  # what agreeing means here
    none: str  # said when nothing stands out


def standouts(checkin: CheckIn, results: Results) -> Standouts:
    cards = {card.card_id: card for card in checkin.invitation.cards}
    indicators = indicator_index(checkin)
    spreads = {s.card_id: s for s in results.spreads}

    def said(key: str) -> str:  # a card's id on the scale, else an indicator's
        if key in spreads:
            low, high = spreads[key].middle_half
            title = cards[key].title if key in cards else key
            return f"{title}: {figure(low, signed=True)} to {figure(high, signed=True)}"
        if key in indicators:
            card, indicator = indicators[key]
            return (
                f"{card.title}: {indicator.text} ({percent(results.shares.get(key, 0.0))} see it)"
            )
        return key

    if spreads:
        why = "Agreeing: a narrow middle half of positions; differing: a wide one."
        none = "Nothing stands out: every card's middle half is as wide as the others'."
    else:
        why = "Agreeing: nearly all, or nearly none, see it; differing: nearest an even split."
        none = "Nothing stands out: every indicator is seen by the same share of the team."
    return Standouts(
        "Agree most",
        tuple(said(k) for k in results.agree),
        "Differ most",
        tuple(said(k) for k in results.differ),
        why,
        none,
    )


# --------------------------------------------------------------------------- sizes


class Sizer:
    """The fonts of one view: the app's type scale, or, large, in proportion to the window
    (the floor the audience's cards use)."""

    def __init__(self, large: bool) -> None:
        self.large = large
        self.floor = FLOOR_AT_1080

    def font(self, role: str, *, bold: bool = False) -> QFont:
        points, share = SIZES[role]
        result = QFont(FONT_FAMILY)
        if self.large:
            result.setPixelSize(max(12, round(self.floor * share)))
        else:
            result.setPointSizeF(points)
        result.setBold(bold)
        result.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
        return result

    def line(self, role: str) -> float:
        return QFontMetricsF(self.font(role)).height()


def cut_to_lines(text: str, font: QFont, width: float, lines: int) -> str:
    """``text`` as it wraps in ``width``, cut to ``lines`` lines with an ellipsis."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    starts: list[int] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1.0, width))
        starts.append(line.textStart())
    layout.endLayout()
    if len(starts) <= lines:
        return text
    last = text[starts[lines - 1] :]
    metrics = QFontMetricsF(font)
    kept = metrics.elidedText(last, Qt.TextElideMode.ElideRight, max(1.0, width) - 2)
    return text[: starts[lines - 1]] + kept


def heat_fill(share: float, scheme: Scheme) -> str:
    """A heat map cell's fill: one hue whose lightness follows the share, further from the
    surface the larger the share (darker on light, lighter on dark), so it reads in grey."""
    share = min(1.0, max(0.0, share))
    ends = ("#F1F4F8", "#0B2545") if scheme is Scheme.LIGHT else ("#2A2D33", "#DCEBFA")
    low, high = parse_hex(ends[0]), parse_hex(ends[1])
    mixed = [a + (b - a) * share for a, b in zip(low, high, strict=True)]
    return to_hex((mixed[0], mixed[1], mixed[2]))


def _focus_frame(widget: QWidget, painter: QPainter, scheme: Scheme) -> None:
    if widget.hasFocus():
        painter.setPen(QPen(QColor(INKS[scheme].focus), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(widget.rect()).adjusted(1, 1, -1, -1), 4, 4)


# --------------------------------------------------------------------------- radar


@dataclass(frozen=True)
class Axis:
    title: str
    colour: str  # the theme's accent, readable as text on the surface
    spread: Spread


@dataclass
class AxisLabel:
    """A card's title and median, laid out at the end of its axis."""

    layout: QTextLayout
    box: QRectF  # where the text is
    offset: float  # from the box's left to the layout's (its lines aligned in the wrap)


class MedianRadar(RadarChart):
    """Each card's median on the -5..+5 scale (centre to edge), its middle half shaded, the
    card's title and median at the end of its axis."""

    def __init__(self, axes: Sequence[Axis], sizer: Sizer, scheme: Scheme) -> None:
        super().__init__()
        self.sizer = sizer
        self.radar_axes = tuple(axes)
        low, high = SCALE
        self.set_data([(a.title, a.colour) for a in axes], [], low, high, scheme)
        self.setMinimumSize(QSize(320, 320))
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName(
            f"Radar of the team's positions, from {low} at the centre to {high} at the edge"
        )
        self.setAccessibleDescription(
            "; ".join(spread_words(a.title, a.spread) for a in axes) + "."
        )
        self._plan: tuple[tuple[int, int, int], QPointF, float, list[AxisLabel]] | None = None

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(640, 520)

    def plan(self) -> tuple[QPointF, float, list[AxisLabel]]:
        """The centre, the radius, and each label's place: the largest radar that leaves
        room for every label, no two labels overlapping."""
        key = (self.width(), self.height(), self.sizer.floor)
        if self._plan is not None and self._plan[0] == key:
            return self._plan[1], self._plan[2], self._plan[3]
        line = self.sizer.line("label")
        wrap = min(max(self.width() * 0.22, line * 6), line * 9)
        centre = QPointF(self.width() / 2, self.height() / 2)
        bounds = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        largest = max(30.0, min(self.width() / 2 - wrap * 0.8, self.height() / 2 - line * 1.5))
        best: tuple[float, float, list[AxisLabel]] | None = None
        for step in range(25):  # from the largest down, the first where every label fits
            radius = largest * (1 - step * 0.025)
            labels = self._place(centre, radius, wrap)
            spill = sum(_spill(label.box, bounds) for label in labels)
            if best is None or spill < best[0]:
                best = (spill, radius, labels)
            if spill == 0:
                break
        assert best is not None
        _, radius, labels = best
        for label in labels:  # what still spills (a tiny window) is kept in sight
            box = label.box
            box.moveTo(
                min(max(box.left(), bounds.left()), bounds.right() - box.width()),
                min(max(box.top(), bounds.top()), bounds.bottom() - box.height()),
            )
        self._plan = (key, centre, radius, labels)
        return centre, radius, labels

    def _layout(
        self, axis: Axis, wrap: float, align: Qt.AlignmentFlag
    ) -> tuple[QTextLayout, float, float]:
        """The title in bold in the theme's colour, then the median in the text's; the
        width and the height the lines take."""
        value = figure(axis.spread.median, signed=True)
        text = f"{axis.title}\u00a0\u00a0{value}"
        layout = QTextLayout(text, self.sizer.font("label", bold=True))
        title, median = QTextCharFormat(), QTextCharFormat()
        title.setForeground(QColor(axis.colour))
        median.setForeground(QColor(INKS[self.scheme].text))
        median.setFontWeight(QFont.Weight.Normal)
        ranges = []
        for start, length, form in (
            (0, len(axis.title), title),
            (len(axis.title), len(text) - len(axis.title), median),
        ):
            part = QTextLayout.FormatRange()
            part.start, part.length, part.format = start, length, form
            ranges.append(part)
        layout.setFormats(ranges)
        option = QTextOption(align)
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        layout.beginLayout()
        height, width = 0.0, 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(wrap)
            line.setPosition(QPointF(0, height))
            height += line.height()
            width = max(width, line.naturalTextWidth())
        layout.endLayout()
        return layout, width, height

    def _place(self, centre: QPointF, radius: float, wrap: float) -> list[AxisLabel]:
        gap = self.sizer.line("label") * 0.35
        placed: list[AxisLabel] = []
        sines: list[float] = []
        for axis, item in enumerate(self.radar_axes):
            end = self._point(centre, radius + gap, axis, self.high)
            dx, dy = end.x() - centre.x(), end.y() - centre.y()
            length = max(1.0, (dx * dx + dy * dy) ** 0.5)
            cos, sin = dx / length, dy / length
            if cos > 0.1:
                align, share = Qt.AlignmentFlag.AlignLeft, 0.0
            elif cos < -0.1:
                align, share = Qt.AlignmentFlag.AlignRight, 1.0
            else:
                align, share = Qt.AlignmentFlag.AlignHCenter, 0.5
            layout, width, height = self._layout(item, wrap, align)
            top = end.y() - height / 2 + sin * height / 2
            box = QRectF(end.x() - share * width, top, width, height)
            placed.append(AxisLabel(layout, box, -share * (wrap - width)))
            sines.append(sin)
        # Labels that meet move away from the centre, those above it up and those below
        # down, the ones nearest the middle first.
        settled: list[AxisLabel] = []
        for index in sorted(range(len(placed)), key=lambda i: abs(sines[i])):
            label = placed[index]
            for _ in range(len(placed)):
                hit = [
                    other.box
                    for other in settled
                    if other.box.adjusted(-gap, -2, gap, 2).intersects(label.box)
                ]
                if not hit:
                    break
                if sines[index] < 0:
                    label.box.translate(0, min(h.top() for h in hit) - 2 - label.box.bottom())
                else:
                    label.box.translate(0, max(h.bottom() for h in hit) + 2 - label.box.top())
            settled.append(label)
        return placed

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        if not self.radar_axes:
            return
        ink = INKS[self.scheme]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre, radius, labels = self.plan()
        count = len(self.radar_axes)
        heavy = 3.0 if self.sizer.large else 2.0

        def ring(values: Sequence[float]) -> QPolygonF:
            return QPolygonF([self._point(centre, radius, i, v) for i, v in enumerate(values)])

        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(ink.rule), 1))
        for value in (-2.5, 2.5, self.high):
            painter.drawPolygon(ring([value] * count))
        for axis in range(count):
            painter.drawLine(centre, self._point(centre, radius, axis, self.high))
        band = QPainterPath()  # the middle half: between the lower and upper quartiles
        band.addPolygon(ring([a.spread.middle_half[1] for a in self.radar_axes]))
        band.closeSubpath()
        band.addPolygon(ring([a.spread.middle_half[0] for a in self.radar_axes]))
        band.closeSubpath()
        band.setFillRule(Qt.FillRule.OddEvenFill)
        shade = QColor(ink.focus)
        shade.setAlphaF(0.24 if self.scheme is Scheme.LIGHT else 0.34)
        painter.setPen(QPen(QColor(ink.focus), 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(shade)
        painter.drawPath(band)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(ink.secondary), heavy, Qt.PenStyle.DotLine))  # the zero
        painter.drawPolygon(ring([0.0] * count))
        medians = ring([a.spread.median for a in self.radar_axes])
        painter.setPen(QPen(QColor(ink.text), heavy * 1.4))
        painter.drawPolygon(medians)
        painter.setBrush(QColor(ink.text))
        for index in range(medians.size()):
            painter.drawEllipse(medians.at(index), heavy * 2, heavy * 2)
        painter.setFont(self.sizer.font("small", bold=True))  # the scale, up the first axis
        painter.setPen(QColor(ink.secondary))
        small = self.sizer.line("small")
        for value in (self.low, 0.0, self.high):  # just inside each ring, right of the axis
            at = self._point(centre, radius, 0, value)
            spot = QPointF(at.x() + small * 0.2, at.y() + small * 0.8)
            painter.drawText(spot, figure(value, signed=True))
        for label in labels:
            label.layout.draw(painter, QPointF(label.box.left() + label.offset, label.box.top()))
        _focus_frame(self, painter, self.scheme)
        painter.end()


# --------------------------------------------------------------------------- bars (TRACE)


class InPlaceBars(QWidget):
    """For a checklist deck: each condition's share of indicators in place, as a bar."""

    def __init__(
        self, rows: Sequence[tuple[str, str, float]], sizer: Sizer, scheme: Scheme
    ) -> None:
        super().__init__()
        self.rows, self.sizer, self.scheme = tuple(rows), sizer, scheme
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Bars: the share of each condition's indicators in place")
        self.setAccessibleDescription(
            "; ".join(
                f"{title}: on average {percent(share)} of the team see its indicators in place"
                for title, _, share in self.rows
            )
            + "."
        )

    def font(self) -> QFont:
        return self.sizer.font("heading" if self.sizer.large else "body", bold=True)

    def row_height(self) -> float:
        return QFontMetricsF(self.font()).height() * 1.6

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(480, round(self.row_height() * len(self.rows) + SPACING * 2))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(240, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        ink = INKS[self.scheme]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bold = self.font()
        metrics = QFontMetricsF(bold)
        label_w = max([metrics.horizontalAdvance(t) for t, _, _ in self.rows] or [0.0])
        label_w = min(label_w + SPACING * 3, self.width() * 0.35)
        value_w = metrics.horizontalAdvance("100%") + SPACING * 2
        track_w = max(20.0, min(self.width() - label_w - value_w, metrics.height() * 24))
        row_h = self.row_height()
        flags = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        painter.setFont(bold)
        for number, (title, colour, share) in enumerate(self.rows):
            top = SPACING + number * row_h
            painter.setPen(QColor(colour))
            painter.drawText(QRectF(SPACING, top, label_w - SPACING * 2, row_h), flags, title)
            track = QRectF(label_w, top + row_h * 0.2, track_w, row_h * 0.6)
            painter.setPen(QPen(QColor(ink.secondary), 1))
            painter.setBrush(QColor(ink.surface))
            painter.drawRect(track)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))  # the condition's colour; the share is printed
            painter.drawRect(
                QRectF(track.left(), track.top(), track.width() * share, track.height())
            )
            painter.setPen(QColor(ink.text))
            painter.drawText(
                QRectF(track.right() + SPACING * 2, top, value_w, row_h), flags, percent(share)
            )
        _focus_frame(self, painter, self.scheme)
        painter.end()


# --------------------------------------------------------------------------- heat map


@dataclass(frozen=True)
class HeatRow:
    indicator: InvitedIndicator
    share: float


@dataclass(frozen=True)
class Placed:
    """One line of the heat map where it is drawn: a card's title, a heading (a group's
    polarity, or the map's own), or an indicator's row."""

    kind: str  # title, heading, note or row
    rect: QRectF
    text: str
    colour: str = ""  # a title's
    row: HeatRow | None = None


def heat_units(
    card: InvitedCard, results: Results, sizer: Sizer, scheme: Scheme, width: float
) -> list[list[Placed]]:
    """One card's lines, measured for ``width`` and placed at (0, 0), in units kept
    together: its title with the first group's heading and first row, then each row (a
    group's heading with its first)."""
    line = sizer.line("label")
    text_w = max(40.0, width - cell_width(sizer) - line * 1.3)
    wrap = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
    accent = palette(card.colour, scheme).accent
    titles = QFontMetricsF(sizer.font("heading", bold=True))
    texts = QFontMetricsF(sizer.font("label"))
    high = titles.boundingRect(QRectF(0, 0, width, 10_000), wrap, card.title).height()
    units: list[list[Placed]] = []
    unit = [Placed("title", QRectF(0, 0, width, high + line * 0.2), card.title, accent)]
    group = ""
    for indicator in card.indicators:
        if indicator.polarity != group and indicator.polarity in POLARITY_HEADINGS:
            rect = QRectF(0, 0, width, sizer.line("small") + line * 0.35)
            unit.append(Placed("heading", rect, POLARITY_HEADINGS[indicator.polarity]))
        group = indicator.polarity
        high = texts.boundingRect(QRectF(0, 0, text_w, 10_000), wrap, indicator.text).height()
        row = HeatRow(indicator, results.shares.get(indicator.indicator_id, 0.0))
        rect = QRectF(0, 0, width, max(line * 1.4, high + line * 0.4) + line * 0.12)
        unit.append(Placed("row", rect, indicator.text, row=row))
        units.append(unit)
        unit = []
    if unit:
        units.append(unit)
    return units


def stack(units: list[list[Placed]], left: float, top: float) -> tuple[list[Placed], float]:
    """``units`` one under another from (left, top); the lines placed, and the bottom."""
    placed: list[Placed] = []
    for unit in units:
        for item in unit:
            rect = QRectF(left, top, item.rect.width(), item.rect.height())
            placed.append(Placed(item.kind, rect, item.text, item.colour, item.row))
            top += item.rect.height()
    return placed, top


def unit_height(unit: Sequence[Placed]) -> float:
    return sum(p.rect.height() for p in unit)


def cell_width(sizer: Sizer) -> float:
    return QFontMetricsF(sizer.font("label", bold=True)).horizontalAdvance("100%") * 1.5


def paint_heat(painter: QPainter, placed: Sequence[Placed], sizer: Sizer, scheme: Scheme) -> None:
    """Draw heat map lines: each row a cell with the share printed (its text light or dark
    for the fill, at 4.5:1 or more), the polarity's symbol, and the indicator's text."""
    ink = INKS[scheme]
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    text_font, bold = sizer.font("label"), sizer.font("label", bold=True)
    line = QFontMetricsF(text_font).height()
    cell_w = cell_width(sizer)
    wrap = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
    centre = int(Qt.AlignmentFlag.AlignCenter)
    fonts = {"title": ("heading", True), "heading": ("small", True), "note": ("small", False)}
    for p in placed:
        if p.row is None:
            size, strong = fonts.get(p.kind, ("heading", True))
            painter.setFont(sizer.font(size, bold=strong))
            painter.setPen(QColor(p.colour or (ink.secondary if p.kind != "title" else ink.text)))
            painter.drawText(p.rect.adjusted(0, line * 0.1, 0, 0), wrap, p.text)
            continue
        cell = QRectF(p.rect.left(), p.rect.top(), cell_w, p.rect.height() - line * 0.12)
        fill = heat_fill(p.row.share, scheme)
        painter.setPen(QPen(QColor(ink.rule), 1))
        painter.setBrush(QColor(fill))
        painter.drawRect(cell)
        painter.setFont(bold)
        painter.setPen(QColor(text_on(fill)))
        painter.drawText(cell, centre, percent(p.row.share))
        painter.setPen(QColor(ink.text))
        mark = QRectF(cell.right(), p.rect.top() + line * 0.2, line * 1.3, line)
        painter.drawText(mark, centre, SYMBOLS.get(p.row.indicator.polarity, ""))
        painter.setFont(text_font)
        left = cell.right() + line * 1.3
        text = QRectF(left, p.rect.top() + line * 0.2, p.rect.right() - left, p.rect.height())
        painter.drawText(text, wrap, p.text)


def heat_words(card: InvitedCard, results: Results) -> str:
    """One card's indicators and shares, for a screen reader."""
    return "; ".join(
        (
            f"{i.polarity} indicator, {i.text}: {percent(results.shares.get(i.indicator_id, 0))}"
            if i.polarity in POLARITY_HEADINGS
            else f"{i.text}: {percent(results.shares.get(i.indicator_id, 0))}"
        )
        for i in card.indicators
    )


class HeatCard(QWidget):
    """One card's indicators as rows of a heat map, in the app (a Tab stop each, read
    aloud card by card)."""

    def __init__(self, card: InvitedCard, results: Results, sizer: Sizer, scheme: Scheme) -> None:
        super().__init__()
        self.card, self.results, self.sizer, self.scheme = card, results, sizer, scheme
        self._plan: tuple[int, list[Placed], float] | None = None
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName(f"{card.title}: the share of the team who see each indicator")
        self.setAccessibleDescription(heat_words(card, results) + ".")

    def plan(self, width: int) -> tuple[list[Placed], float]:
        if self._plan is None or self._plan[0] != width:
            units = heat_units(self.card, self.results, self.sizer, self.scheme, width - 4)
            placed, bottom = stack(units, 2, 2)
            self._plan = (width, placed, bottom + 4)
        return self._plan[1], self._plan[2]

    def cell_rect(self, indicator_id: str) -> QRectF:
        """Where the cell of ``indicator_id`` is drawn, in this widget."""
        for p in self.plan(self.width())[0]:
            if p.row is not None and p.row.indicator.indicator_id == indicator_id:
                height = p.rect.height() - self.sizer.line("label") * 0.12
                return QRectF(p.rect.left(), p.rect.top(), cell_width(self.sizer), height)
        raise KeyError(indicator_id)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        return round(self.plan(width)[1]) + 1

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(480, self.heightForWidth(max(self.width(), 480)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(240, 0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        paint_heat(painter, self.plan(self.width())[0], self.sizer, self.scheme)
        _focus_frame(self, painter, self.scheme)
        painter.end()


class HeatPages(QWidget):
    """The heat map for the room: every card's lines flowed down two columns, then the
    next page (each page the window's height), a card that goes on in the next column
    named again there."""

    def __init__(
        self, cards: Sequence[InvitedCard], results: Results, sizer: Sizer, scheme: Scheme
    ) -> None:
        super().__init__()
        self.cards, self.results, self.sizer, self.scheme = tuple(cards), results, sizer, scheme
        self.band = 900  # the height of one page
        self.columns = 2
        self._plan: tuple[tuple[int, int, int], list[Placed], list[float], float] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Indicators: the share of the team who see each one")
        self.setAccessibleDescription(
            " ".join(f"{card.title}: {heat_words(card, results)}." for card in self.cards)
        )

    def set_band(self, height: int) -> None:
        if height != self.band and height > 0:
            self.band = height
            self.updateGeometry()
            self.update()

    def plan(self) -> tuple[list[Placed], list[float], float]:
        """The lines placed, the top of each page, and the height of them all."""
        key = (self.width(), self.band, self.sizer.floor)
        if self._plan is not None and self._plan[0] == key:
            return self._plan[1], self._plan[2], self._plan[3]
        gap = SPACING * 5
        column_w = (self.width() - gap * (self.columns - 1)) / self.columns
        line = self.sizer.line("label")
        note = (
            "Printed in each cell; the "
            + ("darker" if self.scheme is Scheme.LIGHT else "lighter")
            + " the cell, the more of the team see it."
        )
        heading = [
            Placed(
                "map",
                QRectF(0, 0, self.width(), self.sizer.line("heading") * 1.1),
                "Indicators: the share of the team who see each one",
            ),
            Placed("note", QRectF(0, 0, self.width(), self.sizer.line("small") + line * 0.4), note),
        ]
        placed, top = stack([heading], 0, 0)
        page_tops = [0.0]
        column, page_top = 0, 0.0
        column_top = y = top  # a column begins under the map's heading on the first page
        for card in self.cards:
            units = heat_units(card, self.results, self.sizer, self.scheme, column_w)
            for number, unit in enumerate(units):
                if y + unit_height(unit) > page_top + self.band and y > column_top:
                    column += 1
                    if column == self.columns:
                        column, page_top = 0, page_top + self.band
                        page_tops.append(page_top)
                    column_top = y = page_top if page_top else top
                    if number > 0:  # the card goes on here: named again
                        again = Placed(
                            "title",
                            QRectF(0, 0, column_w, unit_height(units[0][:1])),
                            f"{card.title} (continued)",
                            units[0][0].colour,
                        )
                        unit = [again, *unit]
                lines, y = stack([unit], column * (column_w + gap), y)
                placed += lines
            y += line * 0.6  # between cards
        self._plan = (key, placed, page_tops, max(y, page_tops[-1] + top))
        return placed, page_tops, self._plan[3]

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(800, round(self.plan()[2]) + 1)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(400, round(self.plan()[2]) + 1)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        self.updateGeometry()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        placed = self.plan()[0]
        ink = INKS[self.scheme]
        painter = QPainter(self)
        for p in placed:
            if p.kind == "map":  # the map's own heading, as the view's headings are
                painter.setFont(self.sizer.font("heading", bold=True))
                painter.setPen(QColor(ink.text))
                painter.drawText(p.rect, int(Qt.AlignmentFlag.AlignLeft), p.text)
        paint_heat(painter, [p for p in placed if p.kind != "map"], self.sizer, self.scheme)
        painter.end()


def _spill(box: QRectF, bounds: QRectF) -> float:
    """How far ``box`` reaches out of ``bounds``, all sides added."""
    return (
        max(0.0, bounds.top() - box.top())
        + max(0.0, box.bottom() - bounds.bottom())
        + max(0.0, bounds.left() - box.left())
        + max(0.0, box.right() - bounds.right())
    )
