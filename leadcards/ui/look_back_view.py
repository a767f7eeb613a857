"""View ▸ Look Back: what was written and promised a week, a month, three months and a year
ago, and how the temperature on those cards has moved since (:mod:`leadcards.look_back`).

A window of its own, never modal; it can also open just after the app's first paint, when
the user ticks "Show this when LeadCards opens" (off until then). Every block of text is a
stop for Tab and read with the arrow keys, as the app's other summaries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from leadcards import limits
from leadcards.commitments import HOW_WORDS
from leadcards.deck import card_titles
from leadcards.journal.model import JournalError
from leadcards.journal.store import Journal
from leadcards.library import Library
from leadcards.look_back import Movement, Period, look_back
from leadcards.ui import focus_ring
from leadcards.ui.appearance import SPACING, TypeScale, font
from leadcards.ui.saved_pdf import ButtonRow, keep_focus_style

MINUS = "\u2212"
FIRST_LINE = 160  # characters of a reflection shown


def _signed(value: int) -> str:
    return f"+{value}" if value > 0 else (f"{MINUS}{-value}" if value < 0 else "0")


def _first(text: str) -> str:
    """Text on one line, cut at FIRST_LINE characters."""
    line = " ".join(text.split())
    return line if len(line) <= FIRST_LINE else line[: FIRST_LINE - 1] + "…"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


class LookBackView(QDialog):
    """The four periods back from today, each with its reflections, commitments and the
    temperature's movement on their cards since."""

    show_on_open_changed = Signal(bool)

    def __init__(
        self,
        library: Library,
        journal: Callable[[], Journal | None],
        *,
        show_on_open: bool,
        today: Callable[[], dt.date] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Look Back")
        self._journal = journal
        self._today = today or (lambda: limits.local(dt.datetime.now(dt.UTC)).date())
        self._titles = card_titles(library.decks)
        self.body = QWidget()
        self.column = QVBoxLayout(self.body)
        self.column.setSpacing(SPACING)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(self.body)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        # The lines themselves are the stops for Tab (the area follows them); the area is
        # not one, so nothing unnamed takes the keyboard.
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.on_open = QCheckBox("&Show this when LeadCards opens")
        self.on_open.setChecked(show_on_open)
        self.on_open.toggled.connect(self.show_on_open_changed)
        buttons = ButtonRow(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(area, 1)
        layout.addWidget(self.on_open)
        layout.addWidget(buttons)
        keep_focus_style(self)
        focus_ring.rings_from_the_start(self)
        self.resize(720, 720)
        self.refresh()

    def _label(self, text: str, *, size: float = TypeScale.BODY, bold: bool = False) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setFont(font(size, bold=bold))
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        label.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # after the flags, which set it
        self.column.addWidget(label)
        return label

    def refresh(self) -> None:
        while (item := self.column.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.hide()  # gone from the screen now, not when the loop deletes it
                widget.deleteLater()
        journal = self._journal()
        if journal is None:
            self._label("Open a journal to look back on it.")
            return
        try:
            periods = look_back(journal, self._today())
        except JournalError as exc:
            self._label(f"This journal could not be read back: {exc}")
            return
        if all(period.empty for period in periods):
            self._label(
                "Nothing was written or promised a week, a month, three months or a year ago. "
                "What you write from now on will come back here."
            )
        for period in periods:
            self._period(period)
        self.column.addStretch(1)

    def _period(self, period: Period) -> None:
        heading = self._label(period.name, size=TypeScale.HEADING, bold=True)
        heading.setAccessibleName(f"{period.name}, {_day(period.first)} to {_day(period.last)}")
        self._label(f"{_day(period.first)} to {_day(period.last)}", size=TypeScale.CAPTION)
        if period.empty:
            self._label("Nothing written or promised then.")
            return
        for entry in period.entries:
            about = self._titles.get((entry.deck_id or "", entry.card_id or ""), "")
            when = f"{limits.local(entry.created):%a %d %b}"
            self._label(f"{when}{f' · {about}' if about else ''}: {_first(entry.text)}")
        for promised in period.commitments:
            state = HOW_WORDS[promised.last.how] if promised.last else "not yet asked"
            due = f", due {_day(promised.due)}" if promised.due else ""
            self._label(f"You said: {_first(promised.text)} ({state}{due})")
        for moved in period.movements:
            self._label(self._movement(moved))

    def _movement(self, moved: Movement) -> str:
        title = self._titles.get((moved.deck_id, moved.card_id), moved.card_id)
        if moved.change == 0:
            how = "no change"
        else:
            how = f"{'up' if moved.change > 0 else 'down'} {abs(moved.change)}"
        return f"{title}: {_signed(moved.then)} then, {_signed(moved.now)} now ({how})"
