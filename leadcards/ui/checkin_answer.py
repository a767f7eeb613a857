"""Answering a team check-in: one person's ticks (and positions) on the invited cards, theme
by theme, in the room on one device passed round or on their own for a response file.

Every widget that holds an answer belongs to one :class:`PersonAnswer`, made for that person
and destroyed when they finish: "Done, pass it on" hands their :class:`Answer` on (the
``answered`` signal) and puts a newly made one in its place, showing the cover for the next
person. Nothing is reset, so nothing can be left over: no tick, position, focus, scroll
position or page of theirs is reachable afterwards, and no undo exists (there is no text to
type). By file, the response is saved through the guarded writer; a refused file leaves the
answers on screen to try again, and a saved one takes them off it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractSlider,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from leadcards.browse import plural
from leadcards.checkin.files import Invitation, InvitedCard
from leadcards.checkin.results import Answer
from leadcards.checkin.service import save_response
from leadcards.colours import Scheme, palette
from leadcards.deck import Card, Indicator, IndicatorGroup, Polarity
from leadcards.fileio import Keep, UserFileError
from leadcards.journal.model import SCALE
from leadcards.paths import resolve
from leadcards.ui import keymap
from leadcards.ui.announce import announce
from leadcards.ui.appearance import INKS, SPACING, TypeScale, current_scheme, font
from leadcards.ui.focus_ring import FocusRing, rings_from_the_start
from leadcards.ui.indicator_checklist import IndicatorChecklist
from leadcards.ui.temperature_view import INTRO_WIDTH, framed, page_style

MINUS = "\u2212"
GROUP_TITLES = {
    "positive": "Positive indicators",
    "negative": "Negative indicators",
    "neutral": "Indicators",
}
WHERE = {
    "self": "in your own work",
    "team": "in the team",
    "organisation": "in the organisation",
    "system": "across the system",
}
FILE_NOTE = (
    "A response names nobody, but whoever receives the file may know who sent it. If that "
    "matters, answer in the room on the coach's device instead."
)

AskTarget = Callable[[QWidget, str], str]  # (parent, suggested path) -> chosen path, or ""


def ask_save_target(parent: QWidget, suggested: str) -> str:
    """The file a response is saved to, chosen in the system's save dialog ("" if none)."""
    path, _ = QFileDialog.getSaveFileName(
        parent, "Save my response", suggested, "LeadCards check-in responses (*.json)"
    )
    return path


def signed(value: int) -> str:
    """A position as it is shown: +2, 0, or -3 with a true minus sign."""
    return f"+{value}" if value > 0 else f"{MINUS}{-value}" if value < 0 else "0"


def themes_of(invitation: Invitation) -> list[tuple[str, list[InvitedCard]]]:
    """The invited cards grouped by theme, the themes in the order they first come."""
    grouped: dict[str, list[InvitedCard]] = {}
    for card in invitation.cards:
        grouped.setdefault(card.theme, []).append(card)
    return list(grouped.items())


def minutes_to_answer(invitation: Invitation) -> int:
    """Roughly how long answering takes, to the next five minutes: a few seconds to read each
    indicator, and a little longer for each card's position."""
    per_card = 20 if invitation.scaled else 10
    seconds = sum(6 * len(card.indicators) + per_card for card in invitation.cards)
    return max(5, -(-seconds // 300) * 5)


def checklist_card(card: InvitedCard) -> Card:
    """An invited card as the indicator checklist reads a deck's card: its indicators in
    groups by polarity, each group titled in words."""
    polarities = list(dict.fromkeys(i.polarity for i in card.indicators))
    groups = tuple(
        IndicatorGroup(
            polarity,
            GROUP_TITLES[polarity],
            Polarity(polarity),
            tuple(
                Indicator(i.indicator_id, i.text) for i in card.indicators if i.polarity == polarity
            ),
        )
        for polarity in polarities
    )
    return Card(card.card_id, card.title, card.theme, card.summary, indicator_groups=groups)


def _label(text: str, size: float = TypeScale.BODY + 1, *, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # an invitation's text is never markup
    label.setWordWrap(True)
    label.setFont(font(size, bold=bold))
    return label


class Foot(QWidget):
    """What a page shows under its rule, as tall as its content is at its own width.

    The page's panel asks its content for a height at the panel's narrowest width, where
    wrapped text (a note by the buttons) takes more lines than it will, and would show the
    difference as gaps; so this says its height at the width it has, and no height for
    other widths."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().sizeHint()
        layout = self.layout()
        if layout is None or not self.testAttribute(Qt.WidgetAttribute.WA_Resized):
            return hint
        return QSize(hint.width(), layout.totalHeightForWidth(self.width()))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.updateGeometry()  # a page resized while hidden asks again once it shows


def _secondary(text: str, size: float = TypeScale.BODY) -> QLabel:
    label = _label(text, size)
    label.setProperty("role", "secondary")
    return label


def _button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setAutoDefault(False)  # Enter presses the focused button, never a default one
    button.setMinimumWidth(112)
    return button


def _rule() -> QFrame:
    rule = QFrame()
    rule.setProperty("role", "rule")
    rule.setFixedHeight(1)
    return rule


# --------------------------------------------------------------------------- the scale


class PositionScale(QAbstractSlider):
    """One card's position from -5 to +5, or none: not set until the person sets it.

    From not set, an arrow key sets it at 0, and the arrows then move it; Home and End go to
    the ends; Delete or Backspace clears it. A click sets the nearest position. The wheel is
    left to the page, so scrolling never moves a position."""

    position_changed = Signal(object)  # the position now: an int, or None when not set

    def __init__(self, card_title: str, scheme: Scheme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card_title = card_title
        self.ink = INKS[scheme]
        self.low, self.high = SCALE
        self.setOrientation(Qt.Orientation.Horizontal)
        self.setRange(self.low, self.high)
        self.setSingleStep(1)
        self.setPageStep(1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFont(font(TypeScale.BODY))
        self._set = False
        self.setAccessibleDescription(
            f"From {self.low} to +{self.high}, or not set. The arrow keys set it and move it; "
            "Delete clears it."
        )
        self._named()

    def position(self) -> int | None:
        return self.value() if self._set else None

    def set_position(self, value: int | None) -> None:
        self._set = value is not None
        self.setValue(0 if value is None else max(self.low, min(self.high, value)))
        self._named()
        self.update()
        self.position_changed.emit(self.position())

    def words(self) -> str:
        """The position as a person reads it: "+2", "0", "-3" (a true minus) or "Not set"."""
        found = self.position()
        return "Not set" if found is None else signed(found)

    def _named(self) -> None:
        found = self.position()
        value = "not set" if found is None else f"{found:+d}" if found else "0"
        self.setAccessibleName(f"Position for {self.card_title}: {value}")

    # ------------------------------------------------------------------ keys and mouse

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        key = Qt.Key(event.key())
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        step = {Qt.Key.Key_Right: 1, Qt.Key.Key_Up: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_Down: -1}
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.set_position(None)
        elif key == Qt.Key.Key_Home:
            self.set_position(self.low)
        elif key == Qt.Key.Key_End:
            self.set_position(self.high)
        elif key in step:
            found = self.position()
            self.set_position(0 if found is None else found + step[key])
        else:
            event.ignore()  # Page Up and Down, Tab and the rest are the page's
            return
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.set_position(self._value_at(event.position().x()))
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        if event.buttons() & Qt.MouseButton.LeftButton:
            found = self._value_at(event.position().x())
            if found != self.position():
                self.set_position(found)
            event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt's name)
        event.ignore()  # the page scrolls; a position moves only when asked

    # ------------------------------------------------------------------ drawing

    def _pad(self) -> float:
        return QFontMetrics(self.font()).horizontalAdvance(f"{MINUS}5") / 2 + 12

    def _x(self, value: int) -> float:
        pad = self._pad()
        return pad + (value - self.low) * (self.width() - 2 * pad) / (self.high - self.low)

    def _value_at(self, x: float) -> int:
        pad = self._pad()
        share = (x - pad) / max(1.0, self.width() - 2 * pad)
        return max(self.low, min(self.high, round(self.low + share * (self.high - self.low))))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(44 * (self.high - self.low + 1), self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        text = QFontMetrics(self.font()).height()
        return QSize(30 * (self.high - self.low + 1), 34 + text)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        ink = self.ink
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        middle = 16.0
        line = QPen(QColor(ink.secondary), 2)
        painter.setPen(line)
        painter.drawLine(QPointF(self._x(self.low), middle), QPointF(self._x(self.high), middle))
        found = self.position()
        metrics = QFontMetrics(self.font())
        for value in range(self.low, self.high + 1):
            x = self._x(value)
            reach = 9.0 if value == 0 else 6.0
            painter.setPen(line)
            painter.drawLine(QPointF(x, middle - reach), QPointF(x, middle + reach))
            chosen = value == found
            label_font = font(TypeScale.BODY, bold=chosen)
            painter.setFont(label_font)
            painter.setPen(QColor(ink.text if chosen else ink.secondary))
            text = signed(value)
            width = QFontMetrics(label_font).horizontalAdvance(text)
            painter.drawText(QPointF(x - width / 2, middle + 16 + metrics.ascent()), text)
        if found is not None:
            x = self._x(found)
            painter.setPen(QPen(QColor(ink.surface), 2))
            painter.setBrush(QColor(ink.focus))
            painter.drawEllipse(QRectF(x - 10, middle - 10, 20, 20))
        painter.end()


# --------------------------------------------------------------------------- one card


class CardAnswer(QWidget):
    """One invited card: its title and summary, its indicators to tick, and (when the
    check-in asks for positions) where the person places it."""

    def __init__(self, card: InvitedCard, scaled: bool, scheme: Scheme) -> None:
        super().__init__()
        self.card = card
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(SPACING)
        column.addWidget(_label(card.title, TypeScale.HEADING + 3, bold=True))
        if card.summary:
            column.addWidget(_label(card.summary))
        self.checklist = IndicatorChecklist(checklist_card(card), {})
        for row in self.checklist.rows:  # a reader tabbing on from a card hears the next
            described = row.box.accessibleDescription()
            row.box.setAccessibleDescription(f"{card.title}: {described}".rstrip(": "))
        column.addSpacing(SPACING // 2)
        column.addWidget(self.checklist)
        self.scale: PositionScale | None = None
        if scaled:
            column.addSpacing(SPACING)
            column.addLayout(self._position_row(scheme))

    def _position_row(self, scheme: Scheme) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(SPACING * 2)
        caption = QLabel("Position")
        caption.setFont(font(TypeScale.BODY + 1, bold=True))
        self.scale = scale = PositionScale(self.card.title, scheme)
        caption.setBuddy(scale)
        self.readout = QLabel("Not set")
        self.readout.setFont(font(TypeScale.LEAD, bold=True))
        wide = QFontMetrics(self.readout.font()).horizontalAdvance("Not set")
        self.readout.setMinimumWidth(wide + SPACING)
        self.readout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.readout.setAccessibleName(f"Position for {self.card.title}: not set")
        self.clear_button = QPushButton("Clear")
        self.clear_button.setAutoDefault(False)
        self.clear_button.setAccessibleName(f"Clear the position for {self.card.title}")
        self.clear_button.setEnabled(False)  # nothing to clear: no Tab stop until set
        self.clear_button.clicked.connect(self._clear)
        scale.position_changed.connect(self._moved)
        row.addWidget(caption, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(scale, 1)
        row.addWidget(self.readout, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _moved(self, found: int | None) -> None:
        assert self.scale is not None
        self.readout.setText(self.scale.words())
        self.readout.setAccessibleName(self.scale.accessibleName())
        self.clear_button.setEnabled(found is not None)

    def _clear(self) -> None:
        assert self.scale is not None
        self.scale.set_position(None)
        self.scale.setFocus(Qt.FocusReason.OtherFocusReason)

    def ticks(self) -> set[str]:
        return {row.indicator_id for row in self.checklist.rows if row.box.isChecked()}

    def position(self) -> int | None:
        return None if self.scale is None else self.scale.position()

    def first_control(self) -> QWidget | None:
        if self.checklist.rows:
            return self.checklist.rows[0].box
        return self.scale


# --------------------------------------------------------------------------- one person


class PersonAnswer(QWidget):
    """One person's answer, from the cover to Done (or Save): made for them, and destroyed
    when they finish, so nothing of theirs is left for whoever comes next."""

    done = Signal()  # "Done, pass it on" or "Save my response…" pressed
    finish_asked = Signal()  # the coach's Finish (in the room)

    def __init__(self, invitation: Invitation, in_room: bool, scheme: Scheme) -> None:
        super().__init__()
        self.setObjectName("personAnswer")
        self.invitation, self.in_room, self.scheme = invitation, in_room, scheme
        self.started = False
        self.themes = themes_of(invitation)
        self.cards: list[CardAnswer] = []
        self.page_widgets = [self._cover()] + [
            self._theme_page(number, theme, cards)
            for number, (theme, cards) in enumerate(self.themes, 1)
        ]
        self.pages = QStackedWidget()
        for page in self.page_widgets:
            self.pages.addWidget(page)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.pages, 1)
        self.finish_button: QPushButton | None = None
        if in_room:
            self.finish_button = _button("&Finish collecting")
            self.finish_button.setAccessibleDescription(
                "For the coach: stop collecting answers on this device"
            )
            self.finish_button.clicked.connect(self.finish_asked)
            bar = QHBoxLayout()
            bar.setContentsMargins(SPACING * 2, 0, SPACING * 2, SPACING * 2)
            bar.addWidget(self.finish_button)
            bar.addStretch(1)
            column.addLayout(bar)
        self.focus_ring = FocusRing(self, scheme)
        self.go(0, announced=False)

    # ------------------------------------------------------------------ pages

    def _cover(self) -> QWidget:
        invitation = self.invitation
        count, themes = len(invitation.cards), len(self.themes)
        head = QWidget()
        column = QVBoxLayout(head)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(SPACING * 3 // 2)
        column.addWidget(_label(f"Team check-in: {invitation.title}", TypeScale.TITLE, bold=True))
        grouped = f", in {themes} themes" if themes > 1 and themes < count else ""
        column.addWidget(
            _secondary(
                f"{count} {plural('card', count)} from {invitation.deck_title}{grouped}",
                TypeScale.LEAD,
            )
        )
        where = WHERE.get(invitation.space or "", "")
        seen = f"you see in place {where} now" if where else "you see in place now"
        if invitation.scaled:
            asked = (
                f"For each card, tick the indicators {seen}, positive and negative. Then place "
                f"the card on a scale from {MINUS}5 to +5: up for the positives you see, down "
                "for the negatives. You can leave a position not set."
            )
        else:
            asked = f"For each card, tick the indicators {seen}."
        column.addWidget(_label(asked))
        column.addWidget(_label(f"It takes about {minutes_to_answer(invitation)} minutes."))
        column.addWidget(
            _label(
                "Your answers are anonymous. They carry no name and no time, and nobody's "
                "answers are shown on their own: only the whole group's results are shown, "
                f"and only once at least {invitation.min_group} people have answered."
            )
        )
        if self.in_room:
            column.addWidget(
                _label(
                    "When you have finished, press Done, pass it on: your answers are put "
                    "away, and the screen starts again for the next person. Nobody can go "
                    "back to yours."
                )
            )
        else:
            note = _label(FILE_NOTE)
            note.setObjectName("fileNote")
            column.addWidget(note)
        column.addWidget(_secondary(f"Cards from {invitation.credit}."))
        foot = Foot()
        row = QHBoxLayout(foot)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        self.start_button = _button("&Start my answers")
        self.start_button.clicked.connect(self.start)
        row.addWidget(self.start_button)
        return framed(head, foot, INTRO_WIDTH)

    def _place(self, number: int, theme: str) -> str:
        """Where a page is: "Theme 2 of 4: Relating & Communicating", or "2 of 5: Route"
        where each theme is one card of its own name (TRACE's conditions)."""
        of = f"{number} of {len(self.themes)}"
        own = all(len(cards) == 1 and cards[0].title == name for name, cards in self.themes)
        if own:
            return of
        return f"Theme {of}: {theme or self.invitation.deck_title}"

    def _theme_page(self, number: int, theme: str, cards: list[InvitedCard]) -> QWidget:
        head = QWidget()
        column = QVBoxLayout(head)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(SPACING * 3 // 2)
        colours = palette(cards[0].colour, self.scheme)
        band = _label(self._place(number, theme), TypeScale.BODY + 1, bold=True)
        band.setObjectName("themeBand")
        band.setStyleSheet(
            f"background:{colours.band}; color:{colours.on_band}; padding:6px 10px;"
            "border-radius: 6px;"
        )
        column.addWidget(band)
        if self.invitation.scaled:
            how = (
                f"Tick what you see in place now. Place each card from {MINUS}5 to +5 (the "
                "arrow keys set and move it, Delete clears it), or leave it not set."
            )
        else:
            how = "Tick what you see in place now."
        column.addWidget(_secondary(how))
        for index, card in enumerate(cards):
            if index:
                column.addSpacing(SPACING)
                column.addWidget(_rule())
                column.addSpacing(SPACING)
            answer = CardAnswer(card, self.invitation.scaled, self.scheme)
            self.cards.append(answer)
            column.addWidget(answer)
        foot = Foot()
        rows = QVBoxLayout(foot)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(SPACING)
        last = number == len(self.themes)
        if last and not self.in_room:
            note = _secondary(FILE_NOTE)
            note.setObjectName("fileNote")
            rows.addWidget(note)
            self.problem = _label("", TypeScale.BODY)
            self.problem.setObjectName("saveProblem")
            self.problem.setProperty("role", "negative")
            self.problem.setAccessibleName("Not saved")
            self.problem.hide()
            rows.addWidget(self.problem)
        row = QHBoxLayout()
        row.setSpacing(SPACING)
        row.addStretch(1)
        rows.addLayout(row)
        back = _button("&Back")
        back.clicked.connect(lambda: self.go(self.pages.currentIndex() - 1))
        row.addWidget(back)
        if last:
            self.done_button = _button(
                "&Done, pass it on" if self.in_room else "&Save my response…"
            )
            self.done_button.clicked.connect(self.done)
            row.addWidget(self.done_button)
        else:
            forward = _button("&Next")
            forward.clicked.connect(lambda: self.go(self.pages.currentIndex() + 1))
            row.addWidget(forward)
        page = framed(head, foot)
        page.setProperty("place", self._place(number, theme))
        return page

    def start(self) -> None:
        self.started = True
        self.go(1)

    def go(self, index: int, *, announced: bool = True) -> None:
        index = max(0, min(self.pages.count() - 1, index))
        self.pages.setCurrentIndex(index)
        page = self.page_widgets[index]
        for area in page.findChildren(QScrollArea):
            area.verticalScrollBar().setValue(0)  # every page opens at its top
        if index == 0:
            first: QWidget | None = self.start_button
            said = f"Team check-in: {self.invitation.title}"
        else:
            cards = [c for c in self.cards if page.isAncestorOf(c)]
            first = next((f for c in cards if (f := c.first_control()) is not None), None)
            first = first or page.findChildren(QPushButton)[-1]
            titles = "; ".join(c.card.title for c in cards)
            said = f"{page.property('place')}. {titles}"
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            if announced:
                announce(first, said)

    def answer(self) -> Answer:
        """What this person answered: every indicator ticked, every position set."""
        ticks = frozenset(tick for card in self.cards for tick in card.ticks())
        positions = {
            card.card.card_id: found
            for card in self.cards
            if (found := card.position()) is not None
        }
        return Answer(ticks, positions)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setAccessibleName(text)
        self.problem.show()
        announce(self.problem, text)


# --------------------------------------------------------------------------- the screen


class AnswerScreen(QWidget):
    """A team check-in answered, person by person in the room (``in_room=True``) or by one
    person for a response file (``in_room=False``).

    In the room, ``answered`` carries each person's :class:`Answer` as they press "Done, pass
    it on"; the screen then shows a newly made cover for the next person. ``finished`` says
    that the coach finished collecting (after asking, if someone was part-way through), or
    by file that the person is done with the screen (saved, or left without saving after
    being asked); whoever holds the screen closes it then. By file, ``response_saved``
    carries the path of the response saved.
    """

    answered = Signal(object)  # Answer
    response_saved = Signal(str)  # the file written
    finished = Signal()

    def __init__(
        self,
        invitation: Invitation,
        *,
        in_room: bool,
        scheme: Scheme | None = None,
        kept: Callable[[], Keep] | None = None,
        ask_target: AskTarget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("answerScreen")
        self.invitation, self.in_room = invitation, in_room
        self.scheme = scheme if scheme is not None else current_scheme()
        self.kept = kept or (lambda: Keep.of(resolve()))
        self.ask_target: AskTarget = ask_target or ask_save_target
        self.confirm: QMessageBox | None = None
        self.setStyleSheet(page_style(self.scheme))
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self.person: QWidget = self._fresh_person()
        self._column.addWidget(self.person)

    def _fresh_person(self) -> PersonAnswer:
        person = PersonAnswer(self.invitation, self.in_room, self.scheme)
        person.done.connect(self._pass_on if self.in_room else self._save)
        person.finish_asked.connect(self.finish)
        return person

    def _replace(self, new: QWidget, first: QWidget) -> None:
        """Destroy the person's widgets (hidden at once, deleted when control returns to
        the event loop) and show ``new`` in their place, focus on ``first``."""
        old = self.person
        old.hide()
        self._column.removeWidget(old)
        old.deleteLater()
        self.person = new
        self._column.addWidget(new)
        new.show()  # now, not when the layout gets to it: the focus goes into it at once
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def answering(self) -> PersonAnswer | None:
        return self.person if isinstance(self.person, PersonAnswer) else None

    def mid_answer(self) -> bool:
        """Someone has started answering and not yet finished (passed it on, or saved)."""
        person = self.answering()
        return person is not None and person.started

    def _if_not_empty(self, person: PersonAnswer, go_on: Callable[[], None]) -> bool:
        """True when the person ticked or placed something; else ask first whether an
        empty answer is meant (a stray key would count a person), going on if it is."""
        answer = person.answer()
        if answer.ticks or answer.positions:
            return True
        if self.confirm is not None:
            return False
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Nothing answered",
            "You have not ticked anything or placed any card. "
            + (
                "Pass it on with an empty answer? It counts as one person."
                if self.in_room
                else "Save an empty response? It counts as one person."
            ),
            parent=self,
        )
        box.setObjectName("emptyQuestion")
        box.setTextFormat(Qt.TextFormat.PlainText)
        empty = box.addButton(
            "Pass it on &empty" if self.in_room else "Save it &empty",
            QMessageBox.ButtonRole.AcceptRole,
        )
        back = box.addButton("&Go back and answer", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)

        def answered(_: int) -> None:
            self.confirm = None
            box.deleteLater()
            if box.clickedButton() is empty:
                go_on()
            else:
                person.done_button.setFocus(Qt.FocusReason.OtherFocusReason)

        box.finished.connect(answered)
        self.confirm = box
        box.open()
        return False

    def _pass_on(self) -> None:
        person = self.answering()
        if person is None or not self._if_not_empty(person, self._pass_on_now):
            return
        self._pass_on_now()

    def _pass_on_now(self) -> None:
        person = self.answering()
        if person is None:
            return
        answer = person.answer()
        try:
            self.answered.emit(answer)
        finally:  # whatever the holder did with it, nothing of this person stays on screen
            self._start_afresh()
        if isinstance(self.person, PersonAnswer):
            announce(
                self.person.start_button,
                "Your answers are put away. Ready for the next person: Team check-in: "
                f"{self.invitation.title}",
            )

    def _start_afresh(self) -> None:
        fresh = self._fresh_person()
        self._replace(fresh, fresh.start_button)

    # ------------------------------------------------------------------ by file

    def suggested_target(self) -> str:
        name = re.sub(r"[^\w\- ]+", "", self.invitation.title).strip()[:60] or "check-in"
        return str(Path.home() / f"{name} - my response.json")

    def _save(self) -> None:
        person = self.answering()
        if person is None or not self._if_not_empty(person, self._save_now):
            return
        self._save_now()

    def _save_now(self) -> None:
        person = self.answering()
        if person is None:
            return
        chosen = self.ask_target(self, self.suggested_target())
        if not chosen:
            person.done_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        target = Path(chosen)
        if not target.suffix and not chosen.endswith(("/", "\\")):
            target = target.with_name(target.name + ".json")
        try:
            save_response(self.invitation, person.answer(), target, self.kept())
        except UserFileError as exc:
            person.show_problem(
                f"Your response was not saved: {exc}. Your answers are still here: save "
                "them somewhere else."
            )
            person.done_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        saved, close = self._saved_page(target)
        self._replace(saved, close)
        announce(close, f"Your response is saved as {target}.")
        self.response_saved.emit(str(target))

    def _saved_page(self, target: Path) -> tuple[QWidget, QPushButton]:
        head = QWidget()
        column = QVBoxLayout(head)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(SPACING * 3 // 2)
        column.addWidget(_label("Your response is saved", TypeScale.TITLE, bold=True))
        path = _label(str(target))
        path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(path)
        column.addWidget(
            _label(
                "Send this file to whoever runs the check-in "
                f"({self.invitation.title}). Your answers are no longer on this screen."
            )
        )
        column.addWidget(_secondary(FILE_NOTE))
        foot = Foot()
        row = QHBoxLayout(foot)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        close = _button("&Close")
        close.clicked.connect(self.finish)
        row.addWidget(close)
        page = QWidget()
        page.setObjectName("savedPage")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(framed(head, foot, INTRO_WIDTH))
        FocusRing(page, self.scheme)
        return page, close

    # ------------------------------------------------------------------ finishing

    def finish(self) -> None:
        """End: at once when nobody is part-way through, else after asking (their
        unfinished answer is then discarded, never counted or kept)."""
        if self.confirm is not None:
            return
        if not self.mid_answer():
            self._end()
            return
        if self.in_room:
            title = "Finish collecting answers?"
            text = (
                "Someone has started answering and has not pressed Done. Finishing now "
                "discards their unfinished answer: it is not counted."
            )
            leave = "Discard and &finish"
        else:
            title = "Leave without saving?"
            text = (
                "Your answers are not saved anywhere yet. Leaving now discards them; "
                "nothing is sent."
            )
            leave = "&Discard and leave"
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        box.setObjectName("discardQuestion")
        discard = box.addButton(leave, QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton("&Keep answering", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.finished.connect(lambda _: self._asked(box, box.clickedButton() is discard))
        self.confirm = box
        box.open()

    def _asked(self, box: QMessageBox, discard: bool) -> None:
        self.confirm = None
        box.deleteLater()
        if discard:
            self._end()
        elif (person := self.answering()) is not None:
            focused = person.page_widgets[person.pages.currentIndex()].focusWidget()
            (focused or person).setFocus(Qt.FocusReason.OtherFocusReason)

    def _end(self) -> None:
        """Nothing of anyone is left on the screen, then whoever holds it is told."""
        self._start_afresh()
        self.finished.emit()

    # ------------------------------------------------------------------ keys

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """Enter presses the focused button and otherwise does nothing: it never closes
        the screen's window or presses a default button."""
        if not keymap.enter_presses_focused_button(self, event):
            super().keyPressEvent(event)


class AnswerDialog(QDialog):
    """An :class:`AnswerScreen` in a window of its own. Escape and the close button finish
    (asking first if someone is part-way through); the dialog closes when the screen has
    finished. Connect to ``dialog.answers.answered`` (in the room) or
    ``dialog.answers.response_saved`` (by file)."""

    def __init__(
        self,
        invitation: Invitation,
        *,
        in_room: bool,
        scheme: Scheme | None = None,
        kept: Callable[[], Keep] | None = None,
        ask_target: AskTarget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Team check-in: {invitation.title}")
        rings_from_the_start(self)
        self.answers = AnswerScreen(
            invitation, in_room=in_room, scheme=scheme, kept=kept, ask_target=ask_target
        )
        self.answers.finished.connect(self.accept)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.answers)
        self.setMinimumSize(640, 480)
        self.resize(1000, 760)
        screen = (parent.screen() if parent is not None else None) or self.screen()
        if screen is not None:
            room = screen.availableGeometry().size()
            self.resize(min(1000, room.width() - 40), min(760, room.height() - 60))

    def reject(self) -> None:
        """Escape and the window's close button: finish, as the screen does (asking first
        if someone is part-way through)."""
        self.answers.finish()
