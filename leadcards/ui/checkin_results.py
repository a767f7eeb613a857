"""A closed check-in round's results: in the app for the coach, and large for the room.

Everything shown comes from the round's aggregated :class:`Results` and the invitation's
own text (the cards and their indicators): never one person's answers, nothing of the
journal. For a check-in on the scale (the behaviours deck) a radar gives each card's
median with the middle half of answers shaded; for a checklist (TRACE) bars give the share
of each condition's indicators in place. A heat map gives every indicator's share, printed
as a percentage in a cell whose lightness follows the share, so it reads in greyscale; the
polarity is a symbol on every row and a word above each group. Where the team agrees and
differs most is said in words.

Each chart's accessible description says its figures in words. In the app the view scrolls
with the keys. ``large=True`` sets it for the audience window: text in proportion to the
window (the floor the audience's cards use, 44 px on 1920x1080), no scroll bar, paged by
the clicker's Down and Up, each page beginning at a whole line, chart or indicator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QResizeEvent,
    QScreen,
    QShowEvent,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from leadcards.checkin.files import InvitedCard, InvitedIndicator
from leadcards.checkin.ledger import CheckIn, Round
from leadcards.checkin.results import Results, Spread
from leadcards.colours import Scheme, palette, parse_hex, text_on, to_hex
from leadcards.journal.model import SCALE
from leadcards.limits import local
from leadcards.ui.appearance import FONT_FAMILY, INKS, SPACING, TypeScale, build_palette
from leadcards.ui.appearance import current_scheme as app_scheme
from leadcards.ui.audience_face import FLOOR_AT_1080, floor_px
from leadcards.ui.audience_window import AudienceWindow
from leadcards.ui.charts import RadarChart

ANONYMITY = (
    "LeadCards never shows one person's answers, but anyone who knows their own answers "
    "can narrow down others' in a small group."
)
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


# --------------------------------------------------------------------------- the view


class ResultsView(QWidget):
    """One closed round's results; ``large`` for the audience window (paged by
    :meth:`turn`, no scroll bar, text in proportion to the window)."""

    def __init__(
        self,
        checkin: CheckIn,
        round_: Round,
        results: Results,
        *,
        large: bool = False,
        scheme: Scheme | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("checkinResults")
        self.checkin, self.round, self.results = checkin, round_, results
        self.large = large
        self.scheme = scheme if scheme is not None else app_scheme()
        self.sizer = Sizer(large)
        ink = INKS[self.scheme]
        colours = build_palette(self.scheme)
        colours.setColor(QPalette.ColorRole.Window, QColor(ink.surface))
        self.setPalette(colours)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            'QLabel[tabStop="true"] { border: 2px solid transparent; border-radius: 4px; }'
            f'QLabel[tabStop="true"]:focus {{ border-color: {ink.focus}; }}'
        )
        self._labels: list[tuple[QLabel, str, bool]] = []
        self._kept: dict[QWidget, QWidget] = {}  # a heading, kept on a page with what follows
        self.area = QScrollArea()
        self.area.setObjectName("checkinResultsScroll")
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the arrow and page keys scroll
        self.area.setAccessibleName(f"Results of round {round_.number} of {checkin.title}")
        self.setFocusProxy(self.area)
        self.content = QWidget()
        self.content.setObjectName("checkinResultsContent")
        self.content.setAutoFillBackground(True)
        self.area.setWidget(self.content)
        for widget in (self.area, self.area.viewport(), self.content):  # a style sheet stops
            widget.setPalette(colours)  # the palette passing down by itself
        self._build()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.area, 1)
        self.page_label = self._label("", "small", bold=True, role="secondary")
        self.page_label.setObjectName("resultsPage")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.page_label.setContentsMargins(0, 0, SPACING * 4, SPACING)
        outer.addWidget(self.page_label)
        self.page_label.setVisible(large)
        self._starts: list[int] = [0]
        # Large, what begins the next page is covered, never shown cut through at the foot.
        self.cover = QWidget(self.area.viewport())
        self.cover.setObjectName("nextPageCover")
        self.cover.setPalette(colours)
        self.cover.setAutoFillBackground(True)
        self.cover.hide()
        bar = self.area.verticalScrollBar()
        bar.valueChanged.connect(lambda _: self._say_page())
        bar.rangeChanged.connect(lambda *_: self._paginate())
        if large:  # the room sees pages, turned by the clicker; nothing here takes focus
            self.area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            for widget in (self.area, *self.findChildren(QWidget)):
                widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    # ------------------------------------------------------------------ building

    def _label(
        self, text: str, size: str, *, bold: bool = False, role: str = "", stop: bool = False
    ) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setFont(self.sizer.font(size, bold=bold))
        if role == "secondary":
            colours = label.palette()
            colours.setColor(QPalette.ColorRole.WindowText, QColor(INKS[self.scheme].secondary))
            label.setPalette(colours)
        if stop:  # reachable with Tab and read with the arrow keys, as the app's summaries
            label.setProperty("tabStop", True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
            label.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # after the flags, which set it
        self._labels.append((label, size, bold))
        return label

    def _build(self) -> None:
        margin = SPACING * (4 if self.large else 2)
        self.column = column = QVBoxLayout(self.content)
        column.setContentsMargins(margin, margin, margin, margin)
        column.setSpacing(SPACING * 2)
        long_title = len(self.checkin.title) > LONG_TITLE
        self.title_label = self._label(
            self.checkin.title, "heading" if long_title else "title", bold=True
        )
        self.title_label.setObjectName("resultsTitle")
        self.title_label.setAccessibleName(self.checkin.title)  # in full, though cut short
        self.meta_label = self._label(meta_line(self.checkin, self.round), "label")
        self.privacy_label = self._label(ANONYMITY, "small", role="secondary")
        self.privacy_label.setObjectName("anonymityNote")
        self.header = QWidget()
        header = QVBoxLayout(self.header)
        header.setContentsMargins(0, 0, 0, 0)
        header.setSpacing(SPACING // 2)
        for label in (self.title_label, self.meta_label, self.privacy_label):
            header.addWidget(label)
        column.addWidget(self.header)

        self.chart = self._chart()
        self.legend = self._label(self._legend_text(), "small", role="secondary")
        said = standouts(self.checkin, self.results)
        self.words = QWidget()
        words = QVBoxLayout(self.words)
        words.setContentsMargins(0, 0, 0, 0)
        words.setSpacing(SPACING)
        self.agree_label: QLabel | None = None
        self.differ_label: QLabel | None = None
        if said.agree or said.differ:
            for heading, lines in (
                (said.agree_heading, said.agree),
                (said.differ_heading, said.differ),
            ):
                above = self._label(heading, "heading", bold=True)
                words.addWidget(above)
                shown = "\n".join(f"\u2022 {line}" for line in lines) or "None"
                label = self._label(shown, "body", stop=True)
                self._kept[above] = label  # never the last line of a page
                label.setAccessibleName(f"{heading}: " + "; ".join(lines or ("none",)))
                words.addWidget(label)
                if heading == said.agree_heading:
                    self.agree_label = label
                else:
                    self.differ_label = label
            words.addWidget(self._label(said.why, "small", role="secondary"))
        else:
            words.addWidget(self._label(said.none, "body", stop=True))
        self.pair = QWidget()
        self.pair_row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.pair)
        self.pair_row.setContentsMargins(0, 0, 0, 0)
        self.pair_row.setSpacing(SPACING * 4)
        chart_box = QVBoxLayout()
        chart_box.addWidget(self.chart, 1)
        if self.large and self.results.spreads:
            words.addWidget(self.legend)  # the radar takes the page's height
        else:
            chart_box.addWidget(self.legend)
        words.addStretch(1)
        self.pair_row.addLayout(chart_box, 3)
        self.pair_row.addWidget(self.words, 2)
        column.addWidget(self.pair)

        cards = [card for card in self.checkin.invitation.cards if card.indicators]
        self.heat_cards: list[HeatCard] = []
        self.heat_pages: HeatPages | None = None
        self.heat_grid = QGridLayout()
        if self.large:  # for the room: flowed into pages of two columns
            self.heat_pages = HeatPages(cards, self.results, self.sizer, self.scheme)
            column.addWidget(self.heat_pages)
        else:
            column.addWidget(
                self._label(
                    "Indicators: the share of the team who see each one", "heading", bold=True
                )
            )
            column.addWidget(
                self._label(
                    "Printed in each cell; the "
                    + ("darker" if self.scheme is Scheme.LIGHT else "lighter")
                    + " the cell, the more of the team see it.",
                    "small",
                    role="secondary",
                )
            )
            self.heat_cards = [
                HeatCard(card, self.results, self.sizer, self.scheme) for card in cards
            ]
            self.heat_grid.setHorizontalSpacing(SPACING * 5)
            self.heat_grid.setVerticalSpacing(SPACING * 3)
            column.addLayout(self.heat_grid)
        column.addStretch(1)
        self._columns = 0
        self._arrange(1)

    def _chart(self) -> QWidget:
        cards = {card.card_id: card for card in self.checkin.invitation.cards}

        def accent(card_id: str) -> str:
            return palette(
                cards[card_id].colour if card_id in cards else "#5a6570", self.scheme
            ).accent

        if self.results.spreads:
            axes = [
                Axis(
                    cards[s.card_id].title if s.card_id in cards else s.card_id,
                    accent(s.card_id),
                    s,
                )
                for s in self.results.spreads
            ]
            return MedianRadar(axes, self.sizer, self.scheme)
        rows = [
            (card.title, accent(card.card_id), self.results.in_place[card.card_id])
            for card in self.checkin.invitation.cards
            if card.card_id in self.results.in_place
        ]
        return InPlaceBars(rows, self.sizer, self.scheme)

    def _legend_text(self) -> str:
        if self.results.spreads:
            low, high = SCALE
            return (
                "Solid line and dots: each card's median. Shaded between dashed lines: the middle"
                f" half of answers. Dotted ring: 0. Centre {figure(low)}, edge"
                f" {figure(high, signed=True)}."
            )
        return "Each bar: on average, the share of the team who see the condition's indicators."

    def _arrange(self, columns: int) -> None:
        """The heat map's cards in ``columns`` columns, read across then down."""
        if columns == self._columns:
            return
        self._columns = columns
        for card in self.heat_cards:
            self.heat_grid.removeWidget(card)
        for number, card in enumerate(self.heat_cards):
            self.heat_grid.addWidget(card, number // columns, number % columns)
        for column in range(2):
            self.heat_grid.setColumnStretch(column, 1 if column < columns else 0)

    # ------------------------------------------------------------------ size

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        width, height = event.size().width(), event.size().height()
        if self.large:
            floor = floor_px(width, height)
            if floor != self.sizer.floor:
                self.sizer.floor = floor
                for label, size, bold in self._labels:
                    label.setFont(self.sizer.font(size, bold=bold))
                for widget in (self.chart, *self.heat_cards, self.heat_pages):
                    if widget is not None:
                        widget.updateGeometry()
                        widget.update()
            inner = width - SPACING * 8
            font = self.title_label.font()
            self.title_label.setText(cut_to_lines(self.checkin.title, font, inner, TITLE_LINES))
        side_by_side = bool(self.results.spreads) and (self.large or width >= WIDE_FROM)
        self.pair_row.setDirection(
            QBoxLayout.Direction.LeftToRight if side_by_side else QBoxLayout.Direction.TopToBottom
        )
        self._arrange(2 if width >= self.sizer.line("label") * 40 else 1)
        self._fit_chart(width, height)
        if self.large:  # room below the last line, so the last page can begin where it should
            margin = SPACING * 4
            self.column.setContentsMargins(margin, margin, margin, margin + height)
            footer = round(self.sizer.line("small")) + SPACING  # as tall with a number or none
            self.page_label.setFixedHeight(footer)
            if self.heat_pages is not None:
                self.heat_pages.set_band(height - footer - 4)

    def _fit_chart(self, width: int, height: int) -> None:
        """Large, the radar takes what the first page leaves below the header."""
        if isinstance(self.chart, InPlaceBars):
            self.chart.setMinimumHeight(self.chart.sizeHint().height())
            return
        if not self.large:
            self.chart.setMinimumHeight(480)
            return
        inner = width - SPACING * 8
        header = self.header.heightForWidth(inner)
        footer = self.page_label.sizeHint().height()
        room = height - footer - SPACING * 8 - SPACING * 2 - header
        self.chart.setMinimumHeight(max(320, room))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        QTimer.singleShot(0, self, self._paginate)  # not after the view is gone

    # ------------------------------------------------------------------ pages

    def atoms(self) -> list[tuple[int, int]]:
        """What a page must never cut through, top and bottom in the content: each line
        of words, the chart, each indicator."""
        found = []
        labels = [label for label, _, _ in self._labels if label is not self.page_label]
        for widget in (*labels, self.chart):
            if widget.isVisibleTo(self.content):
                top = widget.mapTo(self.content, QPoint(0, 0)).y()
                last = self._kept.get(widget, widget)
                found.append((top, last.mapTo(self.content, QPoint(0, last.height())).y()))
        for card in self.heat_cards:
            top = card.mapTo(self.content, card.rect().topLeft()).y()
            found += [
                (top + round(p.rect.top()), top + round(p.rect.bottom()))
                for p in card.plan(card.width())[0]
            ]
        if self.heat_pages is not None:  # each of its pages whole
            top = self.heat_pages.mapTo(self.content, QPoint(0, 0)).y()
            _, tops, bottom = self.heat_pages.plan()
            ends = [*tops[1:], bottom]
            found += [(top + round(a), top + round(b) - 3) for a, b in zip(tops, ends, strict=True)]
        return found

    def _paginate(self) -> None:
        self._say_page()

    def page_starts(self) -> list[int]:
        """Where each page begins in the content: as far on as a whole line, chart or
        indicator allows, each page the window's height."""
        bar = self.area.verticalScrollBar()
        view, end = self.area.viewport().height(), bar.maximum()
        if self.heat_pages is not None:  # its pages as tall as the window shows
            self.heat_pages.set_band(view - 4)
        atoms = self.atoms()
        breaks = sorted({max(0, top - 2) for top, _ in atoms})
        whole = [b for b in breaks if not any(top < b < bottom for top, bottom in atoms)]
        last = max([bottom for _, bottom in atoms] or [0])  # below it: only the margin
        starts = [0]
        while starts[-1] < end and starts[-1] + view < last and view > 0:
            limit = starts[-1] + view
            fits = [b for b in whole if starts[-1] < b <= limit]
            starts.append(min(end, max(fits) if fits else limit))
        return starts

    def page(self) -> tuple[int, int]:
        """The page on show and how many there are (as the audience's cards say it)."""
        self._starts = self.page_starts()
        value = self.area.verticalScrollBar().value()
        index = max([i for i, start in enumerate(self._starts) if start <= value] or [0])
        return index + 1, len(self._starts)

    def turn(self, step: int) -> bool:
        """The next (1) or previous (-1) page; False if there is none that way."""
        target = self.page()[0] - 1 + step
        if not 0 <= target < len(self._starts):
            return False
        self.area.verticalScrollBar().setValue(self._starts[target])
        return True

    def _say_page(self) -> None:
        if not self.large:  # the app has a scroll bar, and no pages to say
            return
        page, pages = self.page()
        self.page_label.setText(f"{page} of {pages}" if pages > 1 else "")
        viewport = self.area.viewport()
        if page < pages:
            top = self._starts[page] - self.area.verticalScrollBar().value()
            self.cover.setGeometry(0, top, viewport.width(), max(0, viewport.height() - top))
            self.cover.show()
            self.cover.raise_()
        else:
            self.cover.hide()


def present_results(
    checkin: CheckIn,
    round_: Round,
    results: Results,
    *,
    audience: AudienceWindow | None = None,
    screen: QScreen | None = None,
) -> AudienceWindow:
    """Put a round's results on the audience window, large for the room: on ``audience``
    (the presenter's), else on a new one, full screen on ``screen`` or as a window. The
    window's ``show_cards`` goes back to the cards; its Down and Up keys turn the pages."""
    window = audience if audience is not None else AudienceWindow(app_scheme())
    window.show_results(ResultsView(checkin, round_, results, large=True, scheme=window.scheme))
    if audience is None:
        if screen is not None:
            window.setScreen(screen)
            window.setGeometry(screen.geometry())
            window.showFullScreen()
        else:
            window.show()
    return window


def _spill(box: QRectF, bounds: QRectF) -> float:
    """How far ``box`` reaches out of ``bounds``, all sides added."""
    return (
        max(0.0, bounds.top() - box.top())
        + max(0.0, box.bottom() - bounds.bottom())
        + max(0.0, bounds.left() - box.left())
        + max(0.0, box.right() - bounds.right())
    )
