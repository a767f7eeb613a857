"""Looking back: what was written and promised a week, a month, three months and a year ago,
and how the temperature on those cards has moved since.

Each period is a few days around its date (a week ago: six to eight days back), so a
reflection written on a Tuesday is still found on the Wednesday after. Plain Python over
the journal's store, for the app's Look Back panel; nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from leadcards.commitments import Commitment, commitments
from leadcards.journal.model import Entry, EntryFilter, TemperatureCheck
from leadcards.journal.store import Journal

# A period: its name, how many days back it is centred, and how many days either side.
PERIODS = (
    ("A week ago", 7, 1),
    ("A month ago", 30, 3),
    ("Three months ago", 91, 5),
    ("A year ago", 365, 7),
)
MAX_ENTRIES = 20  # shown in one period, newest first


@dataclass(frozen=True)
class Movement:
    """A card's temperature then (the check nearest the period, on or before its end) and
    now (the newest check), on the same measure."""

    deck_id: str
    card_id: str
    then: int
    now: int
    measure: str

    @property
    def change(self) -> int:
        return self.now - self.then


@dataclass(frozen=True)
class Period:
    name: str
    first: dt.date  # the days it covers, local
    last: dt.date
    entries: tuple[Entry, ...]
    commitments: tuple[Commitment, ...]
    movements: tuple[Movement, ...]

    @property
    def empty(self) -> bool:
        return not self.entries and not self.commitments


def look_back(journal: Journal, today: dt.date, tz: dt.tzinfo | None = None) -> list[Period]:
    """The four periods back from ``today`` (a local date; ``tz`` is the local zone, the
    system's by default), each with what was written and promised then."""
    kept = commitments(journal)
    checks = _checks(journal)
    found = []
    for name, days, spread in PERIODS:
        first = today - dt.timedelta(days=days + spread)
        last = today - dt.timedelta(days=days - spread)
        since = _midnight(first, tz)
        until = _midnight(last + dt.timedelta(days=1), tz)
        entries = tuple(journal.entries(EntryFilter(since=since, until=until), limit=MAX_ENTRIES))
        promised = tuple(c for c in kept if since <= c.created < until)
        cards = {(e.deck_id, e.card_id) for e in entries if e.deck_id and e.card_id}
        cards |= {(c.deck_id, card) for c in promised if c.deck_id for card in c.card_ids}
        movements = []
        for deck_id, card_id in sorted(cards):
            history = checks.get((deck_id, card_id), [])
            before = [check for check in history if check.taken < until]
            if before and history[-1] is not before[-1]:
                then, now = before[-1], history[-1]
                if then.measure == now.measure:
                    movements.append(
                        Movement(deck_id, card_id, then.position, now.position, now.measure)
                    )
        found.append(Period(name, first, last, entries, promised, tuple(movements)))
    return found


def _midnight(day: dt.date, tz: dt.tzinfo | None) -> dt.datetime:
    """The first moment of ``day`` in ``tz``, or in the local zone as it was on that day
    (its own offset, summer or winter, not today's)."""
    start = dt.datetime.combine(day, dt.time())
    return start.replace(tzinfo=tz) if tz is not None else start.astimezone()


def _checks(journal: Journal) -> dict[tuple[str, str], list[TemperatureCheck]]:
    """Every temperature check by card, oldest first."""
    found: dict[tuple[str, str], list[TemperatureCheck]] = {}
    for deck_id in journal.check_decks():
        for check in journal.checks(deck_id):
            found.setdefault((check.deck_id, check.card_id), []).append(check)
    for history in found.values():
        history.sort(key=lambda check: check.taken)
    return found
