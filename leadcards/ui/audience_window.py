"""The audience window: what the room sees, one card large, a spread of cards, or a black
or white screen.

It is built from deck content alone (a deck and its cards) and imports nothing of the
journal (a test says so): sharing this one window on a call, or putting it on a projector,
shows cards and nothing more. What it may one day show beyond deck content (a team's
aggregated results, say) comes to it as plain values from a core module outside the
journal. The coach's console is :mod:`leadcards.ui.presenter`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QStackedLayout, QWidget

from leadcards.colours import Scheme
from leadcards.deck import Card, Deck
from leadcards.ui.audience_face import AudienceCard, Spread


class AudienceWindow(QMainWindow):
    """What the room sees: one card large, a spread of cards, or a black or white screen."""

    def __init__(self, scheme: Scheme) -> None:
        super().__init__()
        self.setObjectName("audienceWindow")
        self.setWindowTitle("LeadCards")
        self.scheme = scheme
        self.card_view = AudienceCard(scheme)
        self.spread = Spread()
        self.spread_row = self.spread.grid
        self.blank = QWidget()
        self.blank.setObjectName("audienceBlank")
        self.blank.setAutoFillBackground(True)
        holder = QWidget()
        holder.setObjectName("audienceHolder")
        self.stack = QStackedLayout(holder)
        for widget in (self.card_view, self.spread, self.blank):
            self.stack.addWidget(widget)
        self.setCentralWidget(holder)
        self.mode = "card"
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a clicker's keys work here too
        self.resize(1280, 720)

    def show_card(self, deck: Deck, cards: Sequence[Card], card_id: str) -> None:
        self.card_view.set_cards(deck, cards)
        self.card_view.show_card(card_id)
        self._show("card")

    def flip(self) -> None:
        if self.mode == "card":
            self.card_view.flip()

    def turn(self, step: int) -> bool:
        """The next (1) or previous (-1) page of what is on show; False if there is none."""
        if self.mode == "card":
            return self.card_view.turn(step)
        if self.mode == "spread":
            return any([face.turn(step) for face in self.spread.faces])
        return False

    def page(self) -> tuple[int, int]:
        """The page on show and how many the face has (1 and 1 for most faces)."""
        face = self.card_view.visible_face() if self.mode == "card" else None
        if face is None:
            return 1, 1
        return face.page + 1, face.page_count()

    def deal(self, deck: Deck, cards: Sequence[Card]) -> None:
        """Cards side by side, fronts up, for a comparison exercise."""
        self.spread.deal(deck, cards, self.scheme)
        self._show("spread")

    def black_or_white(self, colour: str | None) -> None:
        """A black or white screen (None: back to what was on show)."""
        if colour is None:
            self._show(self._before_blank)
            return
        self.blank.setStyleSheet(f"QWidget#audienceBlank {{ background: {colour}; }}")
        if self.mode in ("card", "spread"):
            self._before_blank = self.mode
        self._show(colour)

    _before_blank = "card"

    def _show(self, mode: str) -> None:
        self.mode = mode
        widget = {"card": self.card_view, "spread": self.spread}.get(mode, self.blank)
        self.stack.setCurrentWidget(widget)
