"""The audience window: what the room sees, one card large, a spread of cards, a team's
results, or a black or white screen.

It shows deck content, and aggregated team results when the coach chooses: never journal
entries, ticks, notes or one person's answers. It imports nothing of the journal (a test
says so), so sharing this one window on a call, or putting it on a projector, cannot show
them. A round's results come to it as a page made elsewhere from the round's aggregated
figures alone (:func:`leadcards.ui.checkin_results.present_results`); the Down and Up
keys page it as they page a long card. The coach's console is
:mod:`leadcards.ui.presenter`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QStackedLayout, QWidget

from leadcards.colours import Scheme
from leadcards.deck import Card, Deck
from leadcards.ui.audience_face import AudienceCard, Spread


@runtime_checkable
class Paged(Protocol):
    """A page of results that turns (the clicker's Down and Up) and says where it is."""

    def turn(self, step: int) -> bool: ...

    def page(self) -> tuple[int, int]: ...


class AudienceWindow(QMainWindow):
    """What the room sees: one card large, a spread of cards, a team's results, or a black
    or white screen."""

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
        self.results: QWidget | None = None  # the results page, once the coach shows one
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
        if self.mode == "results" and isinstance(self.results, Paged):
            return self.results.turn(step)
        return False

    def page(self) -> tuple[int, int]:
        """The page on show and how many the face has (1 and 1 for most faces)."""
        if self.mode == "results" and isinstance(self.results, Paged):
            return self.results.page()
        face = self.card_view.visible_face() if self.mode == "card" else None
        if face is None:
            return 1, 1
        return face.page + 1, face.page_count()

    def deal(self, deck: Deck, cards: Sequence[Card]) -> None:
        """Cards side by side, fronts up, for a comparison exercise."""
        self.spread.deal(deck, cards, self.scheme)
        self._show("spread")

    def show_results(self, page: QWidget) -> None:
        """A team's results in place of the cards: ``page`` is made from a round's
        aggregated figures alone (``ResultsView(..., large=True)``, through
        :func:`leadcards.ui.checkin_results.present_results`); it replaces any shown
        before."""
        if self.results is not None and self.results is not page:
            self.stack.removeWidget(self.results)
            self.results.deleteLater()
        if self.mode in ("card", "spread"):
            self._before_results = self.mode
        self.results = page
        self.stack.addWidget(page)
        self._show("results")

    def show_cards(self) -> None:
        """Back to the card or the spread that was on show before the results."""
        self._show(self._before_results)

    _before_results = "card"

    def black_or_white(self, colour: str | None) -> None:
        """A black or white screen (None: back to what was on show)."""
        if colour is None:
            self._show(self._before_blank)
            return
        self.blank.setStyleSheet(f"QWidget#audienceBlank {{ background: {colour}; }}")
        if self.mode in ("card", "spread", "results"):
            self._before_blank = self.mode
        self._show(colour)

    _before_blank = "card"

    def _show(self, mode: str) -> None:
        self.mode = mode
        shown = {"card": self.card_view, "spread": self.spread, "results": self.results}
        widget = shown.get(mode) or self.blank
        self.stack.setCurrentWidget(widget)
