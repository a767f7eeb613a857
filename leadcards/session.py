"""A coaching session's record, and which screen the audience sees. Pure, no Qt.

A :class:`Session` notes each card as it is shown and how long it stayed; the coach's notes
are kept beside it. Nothing is saved by itself: :meth:`Session.record_text` gives the
record as text for the journal, saved only when the coach asks.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from leadcards.deck import Deck, card_titles

SESSION_TAG = "session"


@dataclass
class Shown:
    deck_id: str
    card_id: str  # for a spread, its cards' ids joined by "+"
    at: dt.datetime  # when it was first put up, UTC
    seconds: float = 0.0
    spread: bool = False


@dataclass
class Session:
    clock: Callable[[], float] = time.monotonic
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
    shown: list[Shown] = field(default_factory=list)
    notes: str = ""
    started: float | None = None
    _since: float | None = None

    def show(self, deck_id: str, card_id: str) -> None:
        """The audience now sees this card (the same card again changes nothing)."""
        tick = self.clock()
        if self.started is None:
            self.started = tick
        if self.shown and (self.shown[-1].deck_id, self.shown[-1].card_id) == (deck_id, card_id):
            return
        self._close(tick)
        self.shown.append(Shown(deck_id, card_id, self.now()))
        self._since = tick

    def deal(self, deck_id: str, card_ids: Sequence[str]) -> None:
        """Cards dealt side by side: one item of the record, with its own time."""
        tick = self.clock()
        if self.started is None:
            self.started = tick
        self._close(tick)
        self.shown.append(Shown(deck_id, "+".join(card_ids), self.now(), spread=True))
        self._since = tick

    def pause(self) -> None:
        """Nothing is on show (a blank screen): the current card's time stops."""
        self._close(self.clock())

    def _close(self, tick: float) -> None:
        if self.shown and self._since is not None:
            self.shown[-1].seconds += tick - self._since
        self._since = None

    def resume(self) -> None:
        if self.shown and self._since is None:
            self._since = self.clock()

    def elapsed(self) -> float:
        return 0.0 if self.started is None else self.clock() - self.started

    def record_text(self, decks: Sequence[Deck]) -> str:
        """The session as text: each card in order with its time, then the notes."""
        running = self._since is not None
        self._close(self.clock())
        if running:  # a blank screen stays blank: its time is nobody's
            self.resume()
        titles = card_titles(decks)
        lines = [f"Coaching session, {_minutes(self.elapsed())}."]
        if self.shown:
            lines.append("")
            lines.append("Cards shown:")
            for number, item in enumerate(self.shown, start=1):
                if item.spread:
                    dealt = [titles.get((item.deck_id, i), i) for i in item.card_id.split("+")]
                    title = "Spread: " + ", ".join(dealt)
                else:
                    title = titles.get((item.deck_id, item.card_id), item.card_id)
                lines.append(f"{number}. {title} ({_minutes(item.seconds)})")
        if self.notes.strip():
            lines += ["", "Notes:", self.notes.strip()]
        return "\n".join(lines)


def _minutes(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60} min {whole % 60:02d} s"


@dataclass(frozen=True)
class ScreenInfo:
    name: str
    width: int
    height: int
    primary: bool = False


def audience_screen(screens: Sequence[ScreenInfo]) -> str | None:
    """The screen for the audience: the largest screen that is not the primary one (a
    projector or second monitor); None when there is only one screen."""
    others = [s for s in screens if not s.primary]
    if not others or len(screens) < 2:
        return None
    return max(others, key=lambda s: s.width * s.height).name
