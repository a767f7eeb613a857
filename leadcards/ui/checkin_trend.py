"""A team's check-ins over time: the closed rounds of one or more check-ins on one deck, in
the order they closed.

On the scale (the behaviours deck) each card's median is a line and the middle half of
answers a shaded band; on a checklist (TRACE) each condition's share of indicators in place
is a line. Rounds sit at equal steps along the x-axis, each named by its round and the day
it closed. A round closed with fewer answers than the minimum group has no results: it is a
hatched gap the lines do not cross, and a note says why. Every card at once (small
multiples) or one card large, chosen from a list with the arrow keys; each chart's
accessible description says its figures round by round.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from leadcards.checkin.files import InvitedCard
from leadcards.checkin.ledger import CheckIn, Round
from leadcards.colours import Scheme, palette
from leadcards.journal.model import SCALE
from leadcards.limits import local
from leadcards.ui.appearance import INKS, SPACING, build_palette
from leadcards.ui.appearance import current_scheme as app_scheme
from leadcards.ui.checkin_charts import Sizer, figure, percent, spoken

EVERY_CARD = "Every card"
COLUMNS = 3  # small multiples across


@dataclass(frozen=True)
class Step:
    """One closed round on the x-axis."""

    checkin: CheckIn
    round: Round
    tag: str = ""  # the check-in's letter, where rounds of several are shown

    @property
    def name(self) -> str:
        """ "R2", or with several check-ins "B2" (check-in B's round 2)."""
        return f"{self.tag or 'R'}{self.round.number}"

    @property
    def has_results(self) -> bool:
        return self.round.results is not None

    def day(self) -> str:
        assert self.round.closed is not None
        when = local(self.round.closed)
        return f"{when.day} {when:%b}"

    def said(self) -> str:
        assert self.round.closed is not None
        when = local(self.round.closed)
        of = f" of \u201c{_short(self.checkin.title)}\u201d" if self.tag else ""
        return f"round {self.round.number}{of}, closed {when.day} {when:%b %Y}"


@dataclass(frozen=True)
class Value:
    """A card's figures in one round: the median and middle half on the scale, or the share
    in place (``median`` alone) on a checklist."""

    median: float
    low: float
    high: float
    answers: int


def closed_steps(checkins: Sequence[CheckIn]) -> list[Step]:
    """Every closed round of ``checkins``, in the order they closed; with several
    check-ins, each lettered in the order its first round closed."""
    steps = [Step(c, r) for c in checkins for r in c.rounds if r.closed is not None]
    steps.sort(key=lambda s: (s.round.closed, s.checkin.created, s.round.number))
    if len({s.checkin.id for s in steps}) < 2:
        return steps
    letters: dict[str, str] = {}
    for step in steps:
        letters.setdefault(step.checkin.id, letter(len(letters)))
    return [Step(s.checkin, s.round, letters[s.checkin.id]) for s in steps]


def letter(number: int) -> str:
    """A, B, ... Z, AA, AB, ...: a check-in's letter."""
    name = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def value_of(step: Step, card_id: str, scaled: bool) -> Value | None:
    found = step.round.results
    if found is None:
        return None
    if scaled:
        for spread in found.spreads:
            if spread.card_id == card_id:
                return Value(spread.median, *spread.middle_half, spread.answers)
        return None
    if card_id in found.in_place:
        return Value(found.in_place[card_id], 0.0, 0.0, found.people)
    return None


def value_words(value: Value, scaled: bool) -> str:
    if scaled:
        return (
            f"median {spoken(value.median)}, middle half {spoken(value.low)} to"
            f" {spoken(value.high)}, {value.answers} answers"
        )
    return f"{percent(value.median)} of indicators in place on average"


def gap_words(step: Step) -> str:
    minimum = step.checkin.invitation.min_group
    return f"no results: {step.round.people} answered, fewer than the minimum of {minimum}"


class TrendPlot(QWidget):
    """One card's figures over the rounds; ``compact`` for small multiples."""

    def __init__(
        self,
        card: InvitedCard,
        steps: Sequence[Step],
        scaled: bool,
        scheme: Scheme,
        *,
        compact: bool,
    ) -> None:
        super().__init__()
        self.card, self.steps, self.scaled, self.scheme = card, tuple(steps), scaled, scheme
        self.compact = compact
        self.sizer = Sizer(large=False)
        self.values = [value_of(step, card.card_id, scaled) for step in self.steps]
        self.low, self.high = (float(SCALE[0]), float(SCALE[1])) if scaled else (0.0, 1.0)
        self.accent = palette(card.colour, scheme).accent
        self._plot: tuple[tuple[int, int], QRectF] | None = None
        self.setMinimumSize(QSize(240, 170) if compact else QSize(420, 360))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName(f"Trend of {card.title} over {len(self.steps)} rounds")
        self.setAccessibleDescription(self.words())

    def words(self) -> str:
        said = []
        for step, value in zip(self.steps, self.values, strict=True):
            if not step.has_results:
                figures = gap_words(step)
            elif value is None:
                figures = "not asked in this round"
            else:
                figures = value_words(value, self.scaled)
            said.append(f"{step.said()}: {figures}")
        return "; ".join(said) + "." if said else "No round has closed yet."

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(320, 200) if self.compact else QSize(760, 460)

    def plot_rect(self) -> QRectF:
        """Where the rounds are plotted (kept while the size stays)."""
        if self._plot is None or self._plot[0] != (self.width(), self.height()):
            self._plot = ((self.width(), self.height()), self._plot_rect())
        return self._plot[1]

    def _plot_rect(self) -> QRectF:
        line = self.sizer.line("small")
        top = self.sizer.line("heading") * 1.3
        left = QFontMetricsF(self.sizer.font("small")).horizontalAdvance("100%") + SPACING
        bottom = line * (1.4 if self.compact else 2.6)
        return QRectF(left, top, self.width() - left - SPACING, self.height() - top - bottom)

    def x_of(self, index: int) -> float:
        plot = self.plot_rect()
        return plot.left() + plot.width() * (index + 0.5) / max(1, len(self.steps))

    def y_of(self, value: float) -> float:
        plot = self.plot_rect()
        share = (value - self.low) / (self.high - self.low)
        return plot.bottom() - plot.height() * share

    def runs(self) -> list[list[int]]:
        """The rounds drawn as one line: those with a value, broken at every gap."""
        found: list[list[int]] = [[]]
        for index, value in enumerate(self.values):
            if value is None:
                found.append([])
            else:
                found[-1].append(index)
        return [run for run in found if run]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        ink = INKS[self.scheme]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        plot = self.plot_rect()
        painter.setFont(self.sizer.font("heading" if not self.compact else "body", bold=True))
        painter.setPen(QColor(self.accent))
        title = QRectF(0, 0, self.width(), plot.top())
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        shown = QFontMetricsF(painter.font()).elidedText(
            self.card.title, Qt.TextElideMode.ElideRight, self.width()
        )
        painter.drawText(title, flags, shown)
        self._axes(painter, plot)
        step_w = plot.width() / max(1, len(self.steps))
        painter.setPen(QPen(QColor(ink.secondary), 1, Qt.PenStyle.DashLine))
        for index in range(1, len(self.steps)):  # where the rounds of another check-in begin
            if self.steps[index].checkin.id != self.steps[index - 1].checkin.id:
                x = self.x_of(index) - step_w / 2
                painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        hatch = QBrush(QColor(ink.secondary), Qt.BrushStyle.BDiagPattern)
        for index, step in enumerate(self.steps):
            if not step.has_results:  # a gap: hatched, and no line crosses it
                column = QRectF(self.x_of(index) - step_w / 2, plot.top(), step_w, plot.height())
                painter.fillRect(column, hatch)
                if not self.compact and step_w > self.sizer.line("small") * 1.2:
                    painter.save()
                    painter.translate(self.x_of(index), plot.top() + SPACING)
                    painter.rotate(90)
                    painter.setFont(self.sizer.font("small", bold=True))
                    painter.setPen(QColor(ink.text))
                    painter.fillRect(
                        QRectF(
                            0,
                            -self.sizer.line("small") / 2,
                            QFontMetricsF(painter.font()).horizontalAdvance("no results") + 6,
                            self.sizer.line("small"),
                        ),
                        QColor(ink.surface),
                    )
                    painter.drawText(QPointF(3, self.sizer.line("small") * 0.3), "no results")
                    painter.restore()
        heavy = 2.0 if self.compact else 3.0
        for run in self.runs():
            if self.scaled:
                band = QPolygonF(
                    [QPointF(self.x_of(i), self.y_of(self._v(i).high)) for i in run]
                    + [QPointF(self.x_of(i), self.y_of(self._v(i).low)) for i in reversed(run)]
                )
                shade = QColor(ink.focus)
                shade.setAlphaF(0.24 if self.scheme is Scheme.LIGHT else 0.34)
                painter.setPen(QPen(QColor(ink.focus), 1, Qt.PenStyle.DashLine))
                painter.setBrush(shade)
                if len(run) > 1:
                    painter.drawPolygon(band)
                else:  # one round alone: its middle half as a bar
                    x = self.x_of(run[0])
                    top, bottom = self.y_of(self._v(run[0]).high), self.y_of(self._v(run[0]).low)
                    painter.drawRect(QRectF(x - heavy * 3, top, heavy * 6, bottom - top))
            points = [QPointF(self.x_of(i), self.y_of(self._v(i).median)) for i in run]
            painter.setPen(QPen(QColor(ink.text), heavy))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(QPolygonF(points))
            painter.setBrush(QColor(ink.text))
            for point in points:
                painter.drawEllipse(point, heavy * 1.6, heavy * 1.6)
        if not self.compact:
            self._values(painter)
        if self.hasFocus():
            painter.setPen(QPen(QColor(ink.focus), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 4, 4)
        painter.end()

    def _v(self, index: int) -> Value:
        value = self.values[index]
        assert value is not None
        return value

    def _axes(self, painter: QPainter, plot: QRectF) -> None:
        ink = INKS[self.scheme]
        painter.setPen(QPen(QColor(ink.rule), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(plot)
        painter.setFont(self.sizer.font("small"))
        small = self.sizer.line("small")
        marks = (self.low, 0.0, self.high) if self.scaled else (0.0, 0.5, 1.0)
        for value in marks:
            y = self.y_of(value)
            text = figure(value, signed=True) if self.scaled else percent(value)
            painter.setPen(QColor(ink.secondary))
            right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            painter.drawText(QRectF(0, y - small / 2, plot.left() - 4, small), right, text)
            if value not in (self.low, self.high):  # zero (or half) as a dotted line
                painter.setPen(QPen(QColor(ink.secondary), 1, Qt.PenStyle.DotLine))
                painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        # Round and day under each step, as many as fit; small multiples: the ends only.
        labels = [f"{s.name} \u00b7 {s.day()}" for s in self.steps]
        if not labels:
            return
        metrics = QFontMetricsF(self.sizer.font("small"))
        widest = max(metrics.horizontalAdvance(text) for text in labels) + SPACING
        step_w = plot.width() / len(labels)
        every = max(1, math.ceil(widest / step_w))
        shown = range(0, len(labels), every) if not self.compact else sorted({0, len(labels) - 1})
        painter.setPen(QColor(ink.secondary))
        centre = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        for index in shown:
            x = self.x_of(index)
            box = QRectF(x - widest / 2, plot.bottom() + 3, widest, small)
            box.moveLeft(min(max(0.0, box.left()), self.width() - widest))
            painter.drawText(box, centre, labels[index])

    def _values(self, painter: QPainter) -> None:
        """The median (or share) printed over each dot, where there is room."""
        metrics = QFontMetricsF(self.sizer.font("small", bold=True))
        step_w = self.plot_rect().width() / max(1, len(self.steps))
        if metrics.horizontalAdvance("\u22124.5") + 4 > step_w:
            return
        painter.setFont(self.sizer.font("small", bold=True))
        painter.setPen(QColor(INKS[self.scheme].text))
        for index, value in enumerate(self.values):
            if value is None:
                continue
            text = figure(value.median, signed=True) if self.scaled else percent(value.median)
            y = self.y_of(value.median) - metrics.height() * 0.5
            box = QRectF(
                self.x_of(index) - step_w / 2, y - metrics.height(), step_w, metrics.height()
            )
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)


class TrendView(QWidget):
    """The closed rounds of one or more check-ins on one deck, every card or one."""

    def __init__(
        self,
        checkins: Sequence[CheckIn],
        *,
        scheme: Scheme | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("checkinTrend")
        decks = {c.invitation.deck_id for c in checkins}
        if len(decks) > 1:
            raise ValueError("a trend shows check-ins on one deck; these are on several")
        self.checkins = tuple(checkins)
        self.scheme = scheme if scheme is not None else app_scheme()
        self.steps = closed_steps(self.checkins)
        self.scaled = any(c.invitation.scaled for c in self.checkins)
        self.cards = self._cards()
        colours = build_palette(self.scheme)
        colours.setColor(QPalette.ColorRole.Window, QColor(INKS[self.scheme].surface))
        self.setPalette(colours)
        self.setAutoFillBackground(True)
        sizer = Sizer(large=False)
        column = QVBoxLayout(self)
        column.setContentsMargins(SPACING * 2, SPACING * 2, SPACING * 2, SPACING * 2)
        row = QHBoxLayout()
        shown = QLabel("&Show:")
        shown.setFont(sizer.font("body", bold=True))
        self.picker = QComboBox()
        self.picker.setAccessibleName("Card shown in the trend")
        self.picker.addItem(EVERY_CARD, None)
        for card in self.cards:
            self.picker.addItem(card.title, card.card_id)
        shown.setBuddy(self.picker)
        row.addWidget(shown)
        row.addWidget(self.picker)
        row.addStretch(1)
        column.addLayout(row)
        self.legend = QLabel(
            (
                "Solid line and dots: the median. Shaded between dashed lines: the middle half"
                " of answers. Dashed upright line: the rounds of another check-in begin."
                if self.scaled
                else "Solid line and dots: the share of the condition's indicators in place."
            )
            + " Hatched: a round with no results."
        )
        self.legend.setWordWrap(True)
        self.legend.setFont(sizer.font("small"))
        column.addWidget(self.legend)
        self.note = QLabel(self.note_text())
        self.note.setObjectName("trendNote")
        self.note.setWordWrap(True)
        self.note.setFont(sizer.font("body"))
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.note.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # after the flags, which set it
        self.note.setVisible(bool(self.note.text()))
        column.addWidget(self.note)
        self.stack = QStackedLayout()
        column.addLayout(self.stack, 1)
        self.plots = [
            TrendPlot(card, self.steps, self.scaled, self.scheme, compact=True)
            for card in self.cards
        ]
        grid_page = QWidget()
        grid = QGridLayout(grid_page)
        grid.setSpacing(SPACING * 2)
        for number, plot in enumerate(self.plots):
            grid.addWidget(plot, number // COLUMNS, number % COLUMNS)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(grid_page)
        area.setAccessibleName("Every card's trend")
        for widget in (area, area.viewport(), grid_page):
            widget.setPalette(colours)
        self.area = area
        self.stack.addWidget(area)
        self.single: TrendPlot | None = None
        self.picker.currentIndexChanged.connect(self.show_card)
        self.setFocusProxy(self.picker)

    def _cards(self) -> list[InvitedCard]:
        """Every card asked in any of the check-ins, in the deck's order as first asked."""
        found: dict[str, InvitedCard] = {}
        for checkin in sorted(self.checkins, key=lambda c: c.created, reverse=True):
            for card in checkin.invitation.cards:
                found.setdefault(card.card_id, card)  # the newest invitation's text
        order: list[str] = []
        for checkin in sorted(self.checkins, key=lambda c: c.created):
            order += [c.card_id for c in checkin.invitation.cards if c.card_id not in order]
        return [found[card_id] for card_id in order]

    def note_text(self) -> str:
        """In words: which check-ins the rounds come from, and each gap and why."""
        lines = []
        if not self.steps:
            return "No round of these check-ins has closed yet: there is no trend to show."
        tags: dict[str, tuple[str, str, int]] = {}
        for step in self.steps:
            tag, title, count = tags.get(step.checkin.id, (step.tag, step.checkin.title, 0))
            tags[step.checkin.id] = (tag, title, count + 1)
        if len(tags) > 1:
            named = [
                f"{tag}: \u201c{_short(title)}\u201d ({count} round{'s' if count != 1 else ''})"
                for tag, title, count in tags.values()
            ]
            lines.append(
                f"Closed rounds of {len(tags)} check-ins, in the order they closed; "
                + "; ".join(named)
                + "."
            )
        for step in self.steps:
            if not step.has_results:
                lines.append(
                    f"{step.name} ({step.said()}): {gap_words(step)}, shown as a hatched gap."
                )
        return "\n".join(lines)

    def show_card(self, index: int) -> None:
        """Every card (index 0), or the card at ``index`` in the list, large."""
        card_id = self.picker.itemData(index)
        if card_id is None:
            self.stack.setCurrentWidget(self.area)
            return
        card = next(c for c in self.cards if c.card_id == card_id)
        if self.single is not None:
            self.stack.removeWidget(self.single)
            self.single.deleteLater()
        self.single = TrendPlot(card, self.steps, self.scaled, self.scheme, compact=False)
        self.stack.addWidget(self.single)
        self.stack.setCurrentWidget(self.single)


def _short(title: str, most: int = 60) -> str:
    return title if len(title) <= most else title[: most - 1].rstrip() + "\u2026"
