"""The guided temperature check: one card at a time, theme by theme, then the results.

As the framework describes it: each behaviour's page lists its positive and negative
indicators; every positive ticked suggests a step up the -5 to +5 scale and every negative a
step down, and the user sets the final position (the arrow keys move it). For a TRACE
condition the measure is how many indicators are in place, for the space chosen at the
start. A tick here is the card's own mark, kept at once as the card's back keeps it.

Enter never closes the check; closing it with positions not yet saved asks first. The
results say strengths and development areas in words (and say when nothing stands out),
with a radar, a trend per card and a table holding the same values for screen readers.
"""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from leadcards.browse import plural
from leadcards.colours import Scheme, palette, text_on
from leadcards.deck import Card, Deck
from leadcards.journal.model import SPACES, JournalError, Mark, TemperatureCheck, utc_now
from leadcards.journal.store import Journal
from leadcards.limits import local
from leadcards.temperature import (
    in_place,
    measure_for,
    readings,
    scale_of,
    shown,
    suggested_position,
    summary,
    trend,
)
from leadcards.ui import keymap
from leadcards.ui.announce import announce
from leadcards.ui.appearance import INKS, SPACING, TypeScale, font
from leadcards.ui.card_faces import check_icon
from leadcards.ui.charts import RadarChart, Series, TrendChart
from leadcards.ui.focus_ring import rings_from_the_start
from leadcards.ui.indicator_checklist import IndicatorChecklist

NO_TARGET = "No target"
PAGE_WIDTH = 1120  # px: wider than this, the page's panel stays this wide, centred
INTRO_WIDTH = 860  # px: the introduction is running text, kept to a readable measure
WIDE_FROM = 900  # px: from this width the results put the radar and the table side by side


def _label(text: str, size: float = TypeScale.BODY + 1, *, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # deck text is never markup
    label.setWordWrap(True)
    label.setFont(font(size, bold=bold))
    return label


def page_style(scheme: Scheme) -> str:
    ink = INKS[scheme]
    tick = check_icon(text_on(ink.focus))
    return f"""
        #pageScroll, #pageScroll > #qt_scrollarea_viewport, #pageBack, #pageHead {{
            background: transparent; border: none; }}
        #pagePanel {{ background: {ink.surface}; border: 1px solid {ink.rule};
                      border-radius: 12px; }}
        #pagePanel QLabel {{ color: {ink.text}; background: transparent; }}
        #pagePanel QLabel[role="secondary"] {{ color: {ink.secondary}; }}
        #pagePanel QLabel[role="positive"] {{ color: {ink.positive}; }}
        #pagePanel QLabel[role="negative"] {{ color: {ink.negative}; }}
        QFrame[role="rule"] {{ background: {ink.rule}; border: none; }}
        #pagePanel QCheckBox::indicator {{ width: 20px; height: 20px; border-radius: 4px;
                                border: 2px solid {ink.secondary}; background: {ink.surface}; }}
        #pagePanel QCheckBox::indicator:checked {{ background: {ink.focus};
                                border-color: {ink.focus}; image: url("{tick}"); }}
        #pagePanel QCheckBox:focus {{ outline: none; }}
        #pagePanel QCheckBox::indicator:focus {{ border: 3px solid {ink.focus}; }}
        #pagePanel QLabel#resultsSummary {{ padding: 6px; border: 2px solid transparent; }}
        #pagePanel QLabel#resultsSummary:focus {{ border: 2px solid {ink.focus};
                                                  border-radius: 4px; }}
        #pagePanel QTableWidget {{ border: 2px solid {ink.rule}; }}
        #pagePanel QTableWidget:focus {{ border: 2px solid {ink.focus}; }}
        #pagePanel QTableWidget::item:focus {{ border: 2px solid {ink.focus}; }}
    """


def _scroll_to(widget: QWidget) -> None:
    """Scroll every scroll area around ``widget`` so that it shows."""
    parent = widget.parentWidget()
    while parent is not None:
        area = parent.parentWidget()
        if isinstance(area, QScrollArea):
            area.ensureWidgetVisible(widget, 0, SPACING)
        parent = parent.parentWidget()


def page_area() -> QScrollArea:
    area = QScrollArea()
    area.setObjectName("pageScroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # focus goes to the controls on the page
    return area


class FitScroll(QScrollArea):
    """A scroll area as tall as its content while there is room, scrolling when not."""

    def __init__(self, content: QWidget) -> None:
        super().__init__()
        self.setObjectName("pageScroll")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # focus goes to the controls on the page
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setWidget(content)
        self._width = 0

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        content = self.widget()
        hint = super().sizeHint()
        if content is None:
            return hint
        width = self.viewport().width() if self._width else content.sizeHint().width()
        layout = content.layout()
        if layout is not None and layout.hasHeightForWidth():
            height = layout.totalHeightForWidth(width)
        else:
            height = content.sizeHint().height()
        return QSize(hint.width(), height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(SPACING * 20, SPACING * 12)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if event.size().width() != self._width:
            self._width = event.size().width()
            self.updateGeometry()  # wrapped text needs a new height at a new width

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.updateGeometry()  # a page resized while hidden asks again once it shows


def framed(head: QWidget, foot: QWidget | None = None, width: int = PAGE_WIDTH) -> QWidget:
    """A page: a panel no wider than ``width``, centred both ways, as tall as its content
    while there is room. ``head`` scrolls when there is not; ``foot`` always shows."""
    panel = QFrame()
    panel.setObjectName("pagePanel")
    panel.setMaximumWidth(width)
    panel.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    inner = QVBoxLayout(panel)
    pad = SPACING * 3
    inner.setContentsMargins(pad, pad, pad // 2, pad)  # the scroll bar sits in the right pad
    inner.setSpacing(SPACING * 3 // 2)
    head.setObjectName("pageHead")
    head.setContentsMargins(0, 0, pad // 2, 0)
    inner.addWidget(FitScroll(head), 1)
    if foot is not None:
        rule = QFrame()
        rule.setProperty("role", "rule")
        rule.setFixedHeight(1)
        inner.addWidget(rule)
        foot.setContentsMargins(0, 0, pad // 2, 0)
        inner.addWidget(foot)
    back = QWidget()
    back.setObjectName("pageBack")
    rows = QVBoxLayout(back)
    rows.setContentsMargins(SPACING * 2, SPACING * 2, SPACING * 2, SPACING * 2)
    across = QHBoxLayout()
    across.addWidget(panel)
    rows.addStretch(1)
    rows.addLayout(across, 100)
    rows.addStretch(1)
    return back


def results_framed(content: QWidget) -> QWidget:
    """The results: one long panel that the page scrolls."""
    panel = QFrame()
    panel.setObjectName("pagePanel")
    panel.setMaximumWidth(PAGE_WIDTH)
    inner = QVBoxLayout(panel)
    pad = SPACING * 3
    inner.setContentsMargins(pad, pad, pad, pad)
    inner.addWidget(content)
    back = QWidget()
    back.setObjectName("pageBack")
    rows = QVBoxLayout(back)
    rows.setContentsMargins(SPACING * 2, SPACING * 2, SPACING * 2, SPACING * 2)
    across = QHBoxLayout()
    across.addStretch(0)
    across.addWidget(panel, 1)
    across.addStretch(0)
    rows.addLayout(across)
    rows.addStretch(1)
    return back


class Responsive(QWidget):
    """Children side by side from ``wide_from`` pixels wide, one above the other below it."""

    def __init__(self, wide_from: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.wide_from = wide_from
        self.row = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(SPACING * 3)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        wide = event.size().width() >= self.wide_from
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.row.direction() != direction:
            self.row.setDirection(direction)
        super().resizeEvent(event)


class CardStep(QWidget):
    """One card of the check: what it is, its indicators to tick, where the user stands."""

    marks_changed = Signal(str, dict)  # card id, the card's marks now

    def __init__(
        self,
        deck: Deck,
        card: Card,
        marks: dict[str, Mark],
        scheme: Scheme,
        number: int,
        count: int,
    ) -> None:
        super().__init__()
        self.deck, self.card, self.marks = deck, card, dict(marks)
        self.low, self.high = scale_of(deck, card)
        self.measure = measure_for(deck)
        self.following = True  # the position follows the ticks until the user moves it
        self._setting = False
        theme = deck.theme(card.theme)
        in_theme = deck.cards_in_theme(theme.id)
        colours = palette(theme.colour, scheme, theme.colour_dark)
        noun = deck.terms.card
        head = QWidget()
        column = QVBoxLayout(head)
        column.setSpacing(SPACING)
        place = [theme.title] if theme.title != card.title else []
        if len(in_theme) > 1:
            place.append(
                f"{noun} {in_theme.index(card) + 1} of {len(in_theme)} in this "
                f"{deck.terms.theme.lower()}"
            )
        place.append(f"{number} of {count} in all")
        self.place = " · ".join(place)
        band = _label(self.place, TypeScale.CAPTION + 1, bold=True)
        band.setStyleSheet(
            f"background:{colours.band}; color:{colours.on_band}; padding:6px 10px;"
            "border-radius: 6px;"
        )
        column.addWidget(band)
        title = _label(card.title, TypeScale.TITLE, bold=True)
        column.addWidget(title)
        column.addWidget(_label(card.summary))
        if self.measure == "scale":
            how = (
                "Tick the indicators that fit you now. Each positive one ticked suggests a "
                "step up the scale, each negative one a step down; then set where you stand."
            )
        else:
            how = (
                "Tick the indicators that are in place now. The count suggests where this "
                "condition stands; then set it yourself."
            )
        guide = _label(how, TypeScale.BODY)
        guide.setProperty("role", "secondary")
        column.addWidget(guide)
        column.addSpacing(SPACING)
        self.checklist = IndicatorChecklist(card, marks)
        self.checklist.marks_changed.connect(self._ticked)
        column.addWidget(self.checklist)
        foot = QWidget()
        foot.setLayout(self._position_block())
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(framed(head, foot))
        self._show_suggestion()

    def _position_block(self) -> QVBoxLayout:
        block = QVBoxLayout()
        block.setSpacing(SPACING)
        self.suggestion = _label("")
        self.suggestion.setProperty("role", "secondary")
        block.addWidget(self.suggestion)
        row = QHBoxLayout()
        row.setSpacing(SPACING * 2)
        caption = _label("&Position" if self.measure == "scale" else "&In place", bold=True)
        caption.setWordWrap(False)
        caption.setTextFormat(Qt.TextFormat.AutoText)  # for the & shortcut
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(self.low, self.high)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setSingleStep(1)
        self.slider.setPageStep(1)
        self.slider.setMinimumWidth(220)
        scale = f"from {self.low} to +{self.high}" if self.low < 0 else f"from 0 to {self.high}"
        self.slider.setAccessibleName(f"Position for {self.card.title}")
        self.slider.setAccessibleDescription(f"{scale}; the arrow keys move it")
        caption.setBuddy(self.slider)
        self.readout = QLabel()
        self.readout.setFont(font(TypeScale.TITLE, bold=True))
        self.readout.setMinimumWidth(64)
        self.readout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        ends = QVBoxLayout()
        ends.setSpacing(0)
        ends.addWidget(self.slider)
        marks = QHBoxLayout()
        for value in (self.low, (self.low + self.high) // 2, self.high):
            end = QLabel(shown(self.deck, value))
            end.setProperty("role", "secondary")
            end.setAccessibleName("")
            marks.addWidget(end)
            if value != self.high:
                marks.addStretch(1)
        ends.addLayout(marks)
        row.addWidget(caption)
        row.addLayout(ends, 1)
        row.addWidget(self.readout)
        block.addLayout(row)
        under = QHBoxLayout()
        under.setSpacing(SPACING * 2)
        self.use_suggestion = QPushButton("&Use the suggestion")
        self.use_suggestion.setAutoDefault(False)
        self.use_suggestion.clicked.connect(lambda: self.set_position(self.suggested(), True))
        under.addWidget(self.use_suggestion)
        under.addStretch(1)
        self.target = QSpinBox()
        self.target.setRange(self.low - 1, self.high)
        self.target.setSpecialValueText(NO_TARGET)
        self.target.setValue(self.low - 1)
        self.target.setAccessibleName(f"Target for {self.card.title} (optional)")
        target_label = QLabel("&Target (optional)")
        target_label.setBuddy(self.target)
        under.addWidget(target_label)
        under.addWidget(self.target)
        block.addLayout(under)
        if self.low < 0:
            zero = _label(
                "0 is the middle of the scale: neither a strength nor a concern yet.",
                TypeScale.BODY,
            )
            zero.setProperty("role", "secondary")
            block.addWidget(zero)
        self.slider.valueChanged.connect(self._moved)
        self.set_position(self.suggested(), True)
        return block

    def suggested(self) -> int:
        if self.measure == "scale":
            return suggested_position(self.card, self.marks)
        return in_place(self.card, self.marks)

    def position(self) -> int:
        return self.slider.value()

    def target_value(self) -> int | None:
        value = self.target.value()
        return None if value < self.low else value

    def set_position(self, value: int, following: bool = False) -> None:
        self._setting = True
        try:
            self.slider.setValue(value)
        finally:
            self._setting = False
        self.following = following
        self._show_suggestion()

    def _moved(self, value: int) -> None:
        if not self._setting:
            self.following = value == self.suggested()
        self._show_suggestion()

    def _ticked(self, marks: dict[str, Mark]) -> None:
        self.marks = marks
        self.marks_changed.emit(self.card.id, marks)
        if self.following:
            self.set_position(self.suggested(), True)
        else:
            self._show_suggestion()

    def _show_suggestion(self) -> None:
        if not hasattr(self, "readout"):
            return
        plus, minus, plain = self.checklist.counts()
        suggestion = shown(self.deck, self.suggested())
        if self.measure == "scale":
            words = (
                f"Your ticks suggest {suggestion}: {plus} positive and {minus} negative "
                f"{plural('indicator', plus + minus)} ticked."
            )
        else:
            words = (
                f"{plain} of {self.high} {plural('indicator', self.high)} ticked as in place: "
                f"that suggests {suggestion}."
            )
        if self.position() != self.suggested():
            words += f" You have set {shown(self.deck, self.position())}."
        self.suggestion.setText(words)
        self.suggestion.setAccessibleName(words)
        value = shown(self.deck, self.position())
        self.readout.setText(value)
        self.readout.setAccessibleName(f"Your position: {value}")
        self.use_suggestion.setEnabled(self.position() != self.suggested())


class TemperatureDialog(QDialog):
    check_saved = Signal(int)  # number of cards placed
    marks_changed = Signal(str, str, dict)  # deck id, card id, the card's marks now

    def __init__(
        self,
        deck: Deck,
        journal: Journal,
        marks: dict[str, dict[str, Mark]],
        scheme: Scheme,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.deck, self.journal, self.scheme = deck, journal, scheme
        self.setWindowTitle(f"Temperature check: {deck.title}")
        rings_from_the_start(self)
        self.setStyleSheet(page_style(scheme))
        self.setMinimumSize(640, 480)
        self.resize(1000, 760)
        screen = (parent.screen() if parent is not None else None) or self.screen()
        if screen is not None:
            room = screen.availableGeometry().size()
            self.resize(min(1000, room.width() - 40), min(760, room.height() - 60))
        self.space: str | None = None
        self.saved = False
        self.visited: set[int] = set()
        self.confirm: QMessageBox | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(framed(self._intro(), width=INTRO_WIDTH))
        self.steps: list[CardStep] = []
        cards = [card for theme in deck.themes for card in deck.cards_in_theme(theme.id)]
        for number, card in enumerate(cards, 1):
            step = CardStep(deck, card, marks.get(card.id, {}), scheme, number, len(cards))
            step.marks_changed.connect(self._keep_marks)
            self.steps.append(step)
            self.pages.addWidget(step)
        self.results = page_area()
        self.pages.addWidget(self.results)

        self.close_button = QPushButton("&Close")
        self.back_button = QPushButton("&Back")
        self.next_button = QPushButton("&Start")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Status")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(SPACING * 2, 0, SPACING * 2, SPACING * 2)
        buttons.setSpacing(SPACING)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.status, 1)
        for button in (self.back_button, self.next_button):
            buttons.addWidget(button)
        for button in (self.close_button, self.back_button, self.next_button):
            button.setAutoDefault(False)  # Enter is never "press the default button"
            button.setMinimumWidth(96)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.pages, 1)
        column.addLayout(buttons)
        self.back_button.clicked.connect(lambda: self.go(self.pages.currentIndex() - 1))
        self.next_button.clicked.connect(self.forward)
        self.close_button.clicked.connect(self.reject)
        self.go(0)

    # ------------------------------------------------------------------ pages

    def _intro(self) -> QWidget:
        deck = self.deck
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(SPACING * 3 // 2)
        column.addWidget(_label(f"Temperature check: {deck.title}", TypeScale.TITLE, bold=True))
        guidance = next((s for s in deck.guidance if s.id == "temperature-check"), None)
        noun = deck.terms.card
        count = len(deck.cards)
        if guidance:
            for paragraph in guidance.paragraphs:
                column.addWidget(_label(paragraph))
            credit = _label(f"From {deck.source.credit}.", TypeScale.BODY)
            credit.setProperty("role", "secondary")
            column.addWidget(credit)
        if measure_for(deck) == "scale":
            steps = [
                f"Go through the {count} {plural(noun, count)}, {plural(deck.terms.theme, 2)} "
                "in turn.",
                "Tick the positive and negative indicators that fit you now. They are the "
                "same ticks as on each card's back: ticking here ticks there too.",
                "Each positive ticked suggests a step up the scale from -5 to +5, each "
                "negative a step down. Set where you stand: the suggestion is a start, you "
                "have the last word (the arrow keys move it).",
                "Set a target if you like, then save to see your strengths, your development "
                "areas and how things have moved since your last check.",
            ]
        else:
            steps = [
                f"Choose the space this check is about, then go through the {count} "
                f"{plural(noun, count)} in turn.",
                "Tick the indicators that are in place now. They are the same ticks as on each "
                "card's back: ticking here ticks there too.",
                "The count of ticks suggests where each condition stands; set it yourself "
                "(the arrow keys move it), and a target if you like.",
                "Save to see where the conditions stand and how they have moved.",
            ]
        column.addSpacing(SPACING)
        column.addWidget(_label("How it works", TypeScale.HEADING, bold=True))
        for number, text in enumerate(steps, 1):
            column.addWidget(_label(f"{number}.  {text}"))
        column.addSpacing(SPACING)
        themes = _label(f"The {plural(noun, count)}", TypeScale.HEADING, bold=True)
        column.addWidget(themes)
        for theme in deck.themes:
            titles = "; ".join(card.title for card in deck.cards_in_theme(theme.id))
            line = _label(f"{theme.title}: {titles}")
            column.addWidget(line)
        earlier = self.journal.checks(deck.id)
        if earlier:
            last = max(check.taken for check in earlier)
            when = _label(f"Your last check was on {local(last):%d %B %Y}.")
            when.setProperty("role", "secondary")
            column.addWidget(when)
        self.space_box = QComboBox()
        self.space_box.setAccessibleName("Space for this check")
        self.space_box.addItem("No particular space", None)
        for space in SPACES:
            self.space_box.addItem(space.capitalize(), space)
        if measure_for(deck) == "count":
            row = QHBoxLayout()
            ask = QLabel("&Which space is this check about?")
            ask.setBuddy(self.space_box)
            row.addWidget(ask)
            row.addWidget(self.space_box)
            row.addStretch(1)
            column.addLayout(row)
        else:
            self.space_box.hide()
        return page

    def go(self, page: int) -> None:
        page = max(0, min(self.pages.count() - 1, page))
        self.pages.setCurrentIndex(page)
        last_step = len(self.steps)
        self.back_button.setEnabled(0 < page <= last_step)
        self.back_button.setVisible(page <= last_step)
        self.next_button.setVisible(page <= last_step)
        self.next_button.setText(
            "&Start" if page == 0 else "&Save and see results" if page == last_step else "&Next"
        )
        self.close_button.setText("&Close")
        if 0 < page <= last_step:
            step = self.steps[page - 1]
            self.visited.add(page - 1)
            self.status.setText(f"{page} of {last_step}")
            first = step.checklist.rows[0].box if step.checklist.rows else step.slider
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            # Scrolled into view once the page is laid out (a Tab would scroll; this does not).
            QTimer.singleShot(0, lambda: _scroll_to(first))
            announce(first, f"{step.card.title}. {step.place}. {step.card.summary}")
        elif page == 0:
            self.status.setText("")
            self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def forward(self) -> None:
        page = self.pages.currentIndex()
        if page == 0:
            self.space = self.space_box.currentData()
        if page == len(self.steps):
            if not self.save():
                return
            self.go(page + 1)
            self.show_results()
            return
        self.go(page + 1)

    # ------------------------------------------------------------------ keys and closing

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """Enter presses the focused button and otherwise does nothing: it never closes
        the check (a field's Enter is taken as "done typing", as the field itself does)."""
        if not keymap.enter_presses_focused_button(self, event):
            super().keyPressEvent(event)

    def unsaved(self) -> bool:
        """Positions set in this check that are not in the journal yet."""
        return bool(self.visited) and not self.saved

    def reject(self) -> None:
        """Escape, Close and the window's close button: ask first if answers would be lost."""
        if self.unsaved():
            self.ask_to_save()
            return
        super().reject()

    def ask_to_save(self) -> None:
        placed = len(self.visited)
        noun = plural(self.deck.terms.card, placed)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Save this temperature check?",
            f"You have placed {placed} of {len(self.steps)} {plural(self.deck.terms.card, 2)}"
            " in this check. Save them before closing?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("unsavedCheckBox")
        box.setInformativeText(
            f"Save keeps the {placed} {noun} you have been through. Discard forgets the "
            "positions (your ticks stay on the cards). Cancel goes back to the check."
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _: self._answered(box))
        self.confirm = box
        box.open()

    def _answered(self, box: QMessageBox) -> None:
        choice = box.standardButton(box.clickedButton())
        self.confirm = None
        box.deleteLater()
        if choice == QMessageBox.StandardButton.Save:
            if self.save():
                self.done(QDialog.DialogCode.Accepted)
        elif choice == QMessageBox.StandardButton.Discard:
            self.done(QDialog.DialogCode.Rejected)

    # ------------------------------------------------------------------ storing

    def _keep_marks(self, card_id: str, marks: dict[str, Mark]) -> None:
        """A tick here is the card's mark: kept at once, as the card's back keeps it."""
        try:
            self.journal.set_card_marks(self.deck.id, card_id, marks)
        except JournalError as exc:
            self.status.setText(f"The tick could not be saved: {exc}")
            announce(self.status, self.status.text())
            return
        self.marks_changed.emit(self.deck.id, card_id, marks)

    def save(self) -> bool:
        now = utc_now()
        checks = [
            TemperatureCheck(
                uuid=str(uuid.uuid4()),
                taken=now,
                deck_id=self.deck.id,
                card_id=step.card.id,
                position=step.position(),
                target=step.target_value(),
                space=self.space,
                marks=step.marks,
                measure=step.measure,
            )
            for number, step in enumerate(self.steps)
            if number in self.visited
        ]
        try:
            self.journal.merge([], checks)
        except JournalError as exc:
            self.status.setText(f"Not saved: {exc}")
            announce(self.status, self.status.text())
            return False
        self.saved = True
        noun = plural(self.deck.terms.card, len(checks))
        self.status.setText(f"Temperature check saved: {len(checks)} {noun} placed.")
        announce(self.status, self.status.text())
        self.check_saved.emit(len(checks))
        return True

    def show_results(self) -> None:
        space = self.space if measure_for(self.deck) == "count" else None
        page = results_page(self.deck, self.journal.checks(self.deck.id), space, self.scheme)
        self.results.setWidget(results_framed(page))
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
        said = page.findChild(QLabel, "resultsSummary")
        if said is not None:
            said.setFocus(Qt.FocusReason.OtherFocusReason)
            announce(said, f"{self.status.text()} {said.text()}")


def _history(deck: Deck, points: list[tuple[dt.datetime, int]]) -> str:
    return "; ".join(f"{local(when):%d %b %Y}: {shown(deck, value)}" for when, value in points)


def results_page(
    deck: Deck, checks: list[TemperatureCheck], space: str | None, scheme: Scheme
) -> QWidget:
    """Strengths and development areas in words, a radar of now, the previous check and
    the target, the same values as a table, and a trend for each card."""
    found = readings(deck, checks, space if measure_for(deck) == "count" else None)
    page = QWidget()
    column = QVBoxLayout(page)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(SPACING * 3 // 2)
    title = "Your temperature check" + (f": {space}" if space else "")
    column.addWidget(_label(title, TypeScale.TITLE, bold=True))
    words = "\n".join(summary(deck, found))
    said = _label(words, TypeScale.LEAD)
    said.setObjectName("resultsSummary")
    said.setAccessibleName(words)
    # Reachable with Tab and readable with the arrow keys: the results in words come first.
    said.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
    said.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    column.addWidget(said)

    low, high = scale_of(deck, deck.cards[0])
    if measure_for(deck) == "count":
        high = max(scale_of(deck, c)[1] for c in deck.cards)
    colours = {t.id: palette(t.colour, scheme, t.colour_dark).accent for t in deck.themes}
    ink = INKS[scheme]
    ink_now = ink.focus
    ink_before = ink.secondary
    pair = Responsive(WIDE_FROM)
    radar = RadarChart()
    radar.set_data(
        [(r.card.title, colours[r.card.theme]) for r in found],
        [
            Series(
                "Now",
                tuple(r.latest.position if r.latest else None for r in found),
                Qt.PenStyle.SolidLine,
                ink_now,
            ),
            Series(
                "Previous",
                tuple(r.previous.position if r.previous else None for r in found),
                Qt.PenStyle.DashLine,
                ink_before,
            ),
            Series("Target", tuple(r.target for r in found), Qt.PenStyle.DotLine, ink_before),
        ],
        low,
        high,
        scheme,
    )
    radar.setMinimumHeight(380)
    radar.setAccessibleDescription("The same values are in the results table.")
    legend = _label(
        "Blue solid line: now · grey dashed: the previous check · grey dotted: target"
        + (" · heavy grey ring: zero" if low < 0 else ""),
        TypeScale.BODY,
    )
    legend.setProperty("role", "secondary")
    left = QVBoxLayout()
    left.addWidget(radar, 1)
    left.addWidget(legend)
    pair.row.addLayout(left, 1)

    table = QTableWidget(len(found), 5)
    table.setObjectName("resultsTable")
    table.setAccessibleName("Results table: the same values as the charts")
    table.setHorizontalHeaderLabels([deck.terms.card, "Now", "Previous", "Target", "History"])
    table.setTabKeyNavigation(False)  # Tab and Shift+Tab leave the table; arrows move in it
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    scoped = space if measure_for(deck) == "count" else None

    def cell(value: int | None) -> str:
        return "" if value is None else shown(deck, value)

    for row, reading in enumerate(found):
        cells = [
            reading.card.title,
            cell(reading.latest.position if reading.latest else None),
            cell(reading.previous.position if reading.previous else None),
            cell(reading.target),
            _history(deck, trend(checks, reading.card.id, scoped)),
        ]
        for col, text in enumerate(cells):
            table.setItem(row, col, QTableWidgetItem(text))
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
    table.resizeRowsToContents()
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setSizeAdjustPolicy(QTableWidget.SizeAdjustPolicy.AdjustToContents)
    table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    height = header.height() + sum(table.rowHeight(r) for r in range(len(found))) + 4
    table.setFixedHeight(height)
    right = QVBoxLayout()
    right.addWidget(table)
    right.addStretch(1)
    pair.row.addLayout(right, 1)
    column.addWidget(pair)

    column.addWidget(_label("Trends", TypeScale.HEADING, bold=True))
    trends = QGridLayout()
    trends.setSpacing(SPACING * 2)
    for number, card in enumerate(deck.cards):
        card_low, card_high = scale_of(deck, card)
        trends.addWidget(
            TrendChart(
                card.title,
                colours[card.theme],
                trend(checks, card.id, scoped),
                card_low,
                card_high,
                scheme,
            ),
            number // 3,
            number % 3,
        )
    column.addLayout(trends)
    return page
