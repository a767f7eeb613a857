"""The guided temperature check: one card at a time, theme by theme, then the results.

For a behaviour the indicators marked on the card suggest a position (a step up for each
positive, a step down for each negative) and the user sets the final one on the -5 to +5
scale; for a TRACE condition the measure is how many indicators are in place, for the
space chosen at the start. The results page shows strengths and development areas, a radar
of now, the previous check and the target, a trend per card, and the same as a table.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from leadcards.colours import Scheme, palette
from leadcards.deck import Card, Deck
from leadcards.journal import SPACES, Journal, JournalError, Mark, TemperatureCheck, utc_now
from leadcards.temperature import (
    in_place,
    measure_for,
    readings,
    scale_of,
    strengths_and_development,
    suggested_position,
    trend,
)
from leadcards.ui.appearance import SPACING, TypeScale, font
from leadcards.ui.charts import RadarChart, Series, TrendChart

NO_TARGET = "No target"


class CardStep(QWidget):
    """One card of the check-in: what it is, what the marks suggest, where the user stands."""

    def __init__(self, deck: Deck, card: Card, marks: dict[str, Mark], scheme: Scheme) -> None:
        super().__init__()
        self.card, self.marks = card, marks
        self.low, self.high = scale_of(deck, card)
        self.measure = measure_for(deck)
        theme = deck.theme(card.theme)
        colours = palette(theme.colour, scheme, theme.colour_dark)
        column = QVBoxLayout(self)
        band = QLabel(theme.title.upper())
        band.setStyleSheet(f"background:{colours.band}; color:{colours.on_band}; padding:6px;")
        band.setFont(font(TypeScale.CAPTION + 1, bold=True))
        column.addWidget(band)
        title = QLabel(card.title)
        title.setFont(font(TypeScale.TITLE, bold=True))
        title.setWordWrap(True)
        column.addWidget(title)
        summary = QLabel(card.summary)
        summary.setWordWrap(True)
        summary.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(summary)
        if self.measure == "scale":
            plus = sum(1 for m in marks.values() if m is Mark.PLUS)
            minus = sum(1 for m in marks.values() if m is Mark.MINUS)
            suggestion = suggested_position(card, marks)
            hint = (
                f"You marked {plus} positive and {minus} negative indicators on this card: "
                f"that suggests {suggestion:+d}. Set where you stand."
            )
        else:
            suggestion = in_place(card, marks)
            hint = (
                f"{suggestion} of {self.high} indicators are marked as in place. "
                "Adjust the count if it has changed."
            )
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        column.addWidget(self.hint)
        row = QHBoxLayout()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(self.low, self.high)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setPageStep(1)
        self.slider.setAccessibleName(f"Position for {card.title}")
        self.spin = QSpinBox()
        self.spin.setRange(self.low, self.high)
        self.spin.setAccessibleName(f"Position for {card.title}, as a number")
        if self.low < 0:
            self.spin.setPrefix("")
            self.spin.setSpecialValueText("")
        self.slider.valueChanged.connect(self.spin.setValue)
        self.spin.valueChanged.connect(self.slider.setValue)
        self.slider.setValue(suggestion)
        self.spin.setValue(suggestion)
        row.addWidget(QLabel(str(self.low)))
        row.addWidget(self.slider, 1)
        row.addWidget(QLabel(f"+{self.high}" if self.low < 0 else str(self.high)))
        row.addWidget(self.spin)
        column.addLayout(row)
        if self.low < 0:
            zero = QLabel("0 is the middle of the scale: neither a strength nor a concern yet.")
            zero.setWordWrap(True)
            column.addWidget(zero)
        target_row = QHBoxLayout()
        self.target = QSpinBox()
        self.target.setRange(self.low - 1, self.high)
        self.target.setSpecialValueText(NO_TARGET)
        self.target.setValue(self.low - 1)
        self.target.setAccessibleName(f"Target for {card.title} (optional)")
        target_label = QLabel("&Target")
        target_label.setBuddy(self.target)
        target_row.addWidget(target_label)
        target_row.addWidget(self.target)
        target_row.addStretch(1)
        column.addLayout(target_row)
        column.addStretch(1)

    def position(self) -> int:
        return self.spin.value()

    def target_value(self) -> int | None:
        value = self.target.value()
        return None if value < self.low else value


class TemperatureDialog(QDialog):
    check_saved = Signal(int)  # number of cards placed

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
        self.resize(760, 640)
        self.space: str | None = None
        self.pages = QStackedWidget()
        intro = QWidget()
        intro_column = QVBoxLayout(intro)
        guidance = next((s for s in deck.guidance if s.id == "temperature-check"), None)
        text = (
            " ".join(guidance.paragraphs)
            if guidance
            else ("For each condition, count how many of its indicators are in place.")
        )
        explain = QLabel(text)
        explain.setWordWrap(True)
        intro_column.addWidget(explain)
        self.space_box = QComboBox()
        self.space_box.setAccessibleName("Space for this check")
        self.space_box.addItem("No particular space", None)
        for space in SPACES:
            self.space_box.addItem(space.capitalize(), space)
        if measure_for(deck) == "count":
            intro_column.addWidget(QLabel("Which space is this check about?"))
            intro_column.addWidget(self.space_box)
        intro_column.addStretch(1)
        self.pages.addWidget(intro)
        self.steps = []
        for theme in deck.themes:
            for card in deck.cards_in_theme(theme.id):
                step = CardStep(deck, card, marks.get(card.id, {}), scheme)
                self.steps.append(step)
                self.pages.addWidget(step)
        self.results = QScrollArea()
        self.results.setWidgetResizable(True)
        self.pages.addWidget(self.results)

        self.back_button = QPushButton("Back")
        self.next_button = QPushButton("Start")
        self.close_button = QPushButton("Close")
        self.progress = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        for button in (self.close_button, self.back_button, self.next_button):
            buttons.addWidget(button)
        column = QVBoxLayout(self)
        column.addWidget(self.pages, 1)
        column.addLayout(buttons)
        self.back_button.clicked.connect(lambda: self.go(self.pages.currentIndex() - 1))
        self.next_button.clicked.connect(self.forward)
        self.close_button.clicked.connect(self.reject)
        self.go(0)

    def go(self, page: int) -> None:
        page = max(0, min(self.pages.count() - 1, page))
        self.pages.setCurrentIndex(page)
        last_step = len(self.steps)
        self.back_button.setEnabled(0 < page <= last_step)
        self.next_button.setVisible(page <= last_step)
        self.next_button.setText(
            "Start" if page == 0 else "Save and see results" if page == last_step else "Next"
        )
        self.progress.setText(f"{page} of {last_step}" if 0 < page <= last_step else "")
        if 0 < page <= last_step:
            self.steps[page - 1].spin.setFocus()

    def forward(self) -> None:
        page = self.pages.currentIndex()
        if page == 0:
            self.space = self.space_box.currentData()
        if page == len(self.steps):
            if not self.save():
                return
            self.show_results()
        self.go(page + 1)

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
            for step in self.steps
        ]
        try:
            self.journal.merge([], checks)
        except JournalError as exc:
            self.progress.setText(f"Not saved: {exc}")
            return False
        self.check_saved.emit(len(checks))
        return True

    def show_results(self) -> None:
        page = results_page(self.deck, self.journal.checks(self.deck.id), self.space, self.scheme)
        self.results.setWidget(page)


def results_page(
    deck: Deck, checks: list[TemperatureCheck], space: str | None, scheme: Scheme
) -> QWidget:
    found = readings(deck, checks, space if measure_for(deck) == "count" else None)
    strengths, development = strengths_and_development(deck, found)
    page = QWidget()
    column = QVBoxLayout(page)
    column.setSpacing(SPACING)
    heading = QLabel("Your temperature check")
    heading.setFont(font(TypeScale.HEADING, bold=True))
    column.addWidget(heading)

    def shown(value: int) -> str:
        return f"{value:+d}" if measure_for(deck) == "scale" and value else str(value)

    for title, chosen in (("Strengths", strengths), ("Development areas", development)):
        listed = ", ".join(
            f"{r.card.title} ({shown(r.latest.position)})" for r in chosen if r.latest
        )
        label = QLabel(f"{title}: {listed or 'none yet'}")
        label.setWordWrap(True)
        column.addWidget(label)
    low, high = scale_of(deck, deck.cards[0])
    if measure_for(deck) == "count":
        high = max(scale_of(deck, c)[1] for c in deck.cards)
    colours = {t.id: palette(t.colour, scheme, t.colour_dark).accent for t in deck.themes}
    ink_now = "#005EB8" if scheme is Scheme.LIGHT else "#7DB7F0"
    ink_before = "#6B6B6B" if scheme is Scheme.LIGHT else "#B0B0B0"
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
    radar.setMinimumHeight(420)
    column.addWidget(radar)
    column.addWidget(
        QLabel(
            "Blue solid line: now · grey dashed: the previous check · grey "
            "dotted: target · heavy grey ring: zero"
        )
    )
    table = QTableWidget(len(found), 4)
    table.setAccessibleName("Temperature check results as a table")
    table.setHorizontalHeaderLabels(["Card", "Now", "Previous", "Target"])
    for row, reading in enumerate(found):
        cells = [
            reading.card.title,
            "" if reading.latest is None else str(reading.latest.position),
            "" if reading.previous is None else str(reading.previous.position),
            "" if reading.target is None else str(reading.target),
        ]
        for col, text in enumerate(cells):
            table.setItem(row, col, QTableWidgetItem(text))
    table.resizeColumnsToContents()
    table.setMinimumHeight(min(40 + 30 * len(found), 460))
    column.addWidget(table)
    trends = QGridLayout()
    for number, card in enumerate(deck.cards):
        card_low, card_high = scale_of(deck, card)
        trends.addWidget(
            TrendChart(
                card.title,
                colours[card.theme],
                trend(checks, card.id, space if measure_for(deck) == "count" else None),
                card_low,
                card_high,
                scheme,
            ),
            number // 3,
            number % 3,
        )
    column.addLayout(trends)
    return page
