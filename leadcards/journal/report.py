"""What a journal report holds, apart from how it is drawn: the selection a person makes
(a period, decks, cards, spaces, tags), the named periods, and the reflections and
temperature checks it chooses, grouped by card in deck order. No reportlab: the export
dialog builds and checks a selection without loading the PDF library, which
:mod:`leadcards.printing.journal_pdf` loads when the PDF is drawn.

Dates asked for may be any ``datetime.date``: they are held to the times a journal keeps
(:mod:`leadcards.limits`) before they meet the local time zone.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from leadcards.commitments import Commitment, commitments
from leadcards.deck import Card, Deck
from leadcards.journal.model import SPACES, Entry, EntryFilter, TemperatureCheck
from leadcards.journal.store import Journal
from leadcards.limits import FIRST_DATE, FIRST_TIME, LAST_DATE, LAST_TIME


class JournalPdfError(ValueError):
    """A selection that cannot be printed (an unknown deck or card, dates the wrong way
    round, nothing selected); the message says what."""


@dataclass(frozen=True)
class JournalSelection:
    since: dt.date | None = None  # first day, inclusive, local time
    until: dt.date | None = None  # last day, inclusive
    deck_ids: tuple[str, ...] = ()  # none: every deck
    card_ids: tuple[str, ...] | None = None  # CARD or DECK/CARD; None: every card
    spaces: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    # Reflections on no card, and with no space: None includes them when no card (or
    # deck) and no space was chosen, respectively.
    loose: bool | None = None
    no_space: bool | None = None

    def describe(self) -> str:
        if self.since and self.until:
            return f"{day_in_words(self.since)} to {day_in_words(self.until)}"
        if self.since:
            return f"From {day_in_words(self.since)}"
        if self.until:
            return f"Up to {day_in_words(self.until)}"
        return "Every reflection"


def day_in_words(day: dt.date) -> str:
    """A date in words, 05 March 2026, for any date at all (year 1 included)."""
    return f"{day.day:02d} {calendar.month_name[day.month]} {day.year}"


@dataclass(frozen=True)
class CardSection:
    """The reflections on one card (``card`` is None for reflections on no card, or on a
    card whose deck is not loaded)."""

    key: tuple[str | None, str | None]
    title: str
    deck: Deck | None
    card: Card | None
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Selected:
    sections: tuple[CardSection, ...]
    checks: tuple[TemperatureCheck, ...]
    commitments: tuple[Commitment, ...] = ()  # made in the period, on the chosen cards

    @property
    def entries(self) -> int:
        return sum(len(s.entries) for s in self.sections)


@dataclass(frozen=True)
class JournalReport:
    pages: int
    entries: int
    sections: int
    missing: int  # characters shown as the placeholder because no bundled face draws them


PERIODS = {
    "all": "All reflections",
    "last-quarter": "Last quarter",
    "last-3-months": "The last three months",
    "this-year": "This year so far",
    "last-year": "Last year",
}


def period(name: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day of a named period (see ``PERIODS``), as of ``today`` (held
    to the dates LeadCards keeps, so a clock set to year 1 cannot overflow)."""
    today = min(max(today, FIRST_DATE), LAST_DATE)
    if name == "all":
        return None, None
    if name == "last-quarter":
        first_of_this = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        last = first_of_this - dt.timedelta(days=1)
        return dt.date(last.year, 3 * ((last.month - 1) // 3) + 1, 1), last
    if name == "last-3-months":
        month = today.month - 3
        year = today.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        for day in range(today.day, 0, -1):  # 31 May less three months is 28 or 29 Feb
            try:
                return dt.date(year, month, day) + dt.timedelta(days=1), today
            except ValueError:
                continue
    if name == "this-year":
        return dt.date(today.year, 1, 1), today
    if name == "last-year":
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    raise JournalPdfError(f"no period is called {name!r}")


# Every kept time lies in FIRST_TIME..LAST_TIME, whose local dates in any time zone
# (UTC-12 to UTC+14) lie in these days: only their starts need the local time zone.
_EARLIEST_DAY = FIRST_DATE - dt.timedelta(days=1)
_LATEST_DAY = LAST_DATE + dt.timedelta(days=1)
_AFTER_ALL = LAST_TIME + dt.timedelta(microseconds=1)


def _start_of(day: dt.date) -> dt.datetime:
    """The first moment of local ``day``, for any date: a day before every kept time
    starts at FIRST_TIME, one after them all just after LAST_TIME. Compare kept times
    with it, never convert it to local time."""
    if day < _EARLIEST_DAY:
        return FIRST_TIME
    if day > _LATEST_DAY:
        return _AFTER_ALL
    start = dt.datetime.combine(day, dt.time()).astimezone()
    return min(max(start, FIRST_TIME), _AFTER_ALL)


def select(journal: Journal, decks: Sequence[Deck], selection: JournalSelection) -> Selected:
    """The reflections and temperature checks the selection asks for, grouped by card."""
    known = {deck.id: deck for deck in decks}
    for deck_id in selection.deck_ids:
        if deck_id not in known:
            raise JournalPdfError(f'no deck has the id "{deck_id}" (known: {", ".join(known)})')
    for space in selection.spaces:
        if space not in SPACES:
            raise JournalPdfError(f'"{space}" is not a space: use {", ".join(SPACES)}')
    if selection.since and selection.until and selection.since > selection.until:
        raise JournalPdfError("the period ends before it starts")
    wanted_cards: set[tuple[str, str]] = set()
    for name in selection.card_ids or ():
        deck_id, _, card_id = name.rpartition("/")
        found = {
            (d.id, c.id)
            for d in decks
            if (not deck_id or d.id == deck_id)
            and (not selection.deck_ids or d.id in selection.deck_ids)
            for c in d.cards
            if c.id == card_id
        }
        if not found:
            raise JournalPdfError(f'no card "{name}" in the chosen decks')
        wanted_cards |= found
    since = _start_of(selection.since) if selection.since else None
    until = None  # the first moment after the last day, if any is kept
    if selection.until and selection.until < _LATEST_DAY:
        until = _start_of(selection.until + dt.timedelta(days=1))

    where = EntryFilter(
        deck_ids=selection.deck_ids,
        cards=None if selection.card_ids is None else tuple(sorted(wanted_cards)),
        spaces=selection.spaces,
        tags=selection.tags,
        since=since,
        until=until,
        loose=selection.loose,
        no_space=selection.no_space,
    )
    entries = journal.entries(where, newest_first=False)  # chosen in SQL, nothing after
    grouped: dict[tuple[str | None, str | None], list[Entry]] = {}
    for entry in entries:
        grouped.setdefault((entry.deck_id, entry.card_id), []).append(entry)
    sections: list[CardSection] = []
    for deck in decks:
        for card in deck.cards:
            found_entries = grouped.pop((deck.id, card.id), None)
            if found_entries:
                sections.append(
                    CardSection((deck.id, card.id), card.title, deck, card, tuple(found_entries))
                )
    for key in sorted(grouped, key=lambda k: (k[0] is None, k[0] or "", k[1] or "")):
        title = f"{key[0]}/{key[1]}" if key[1] else "Reflections on no card"
        sections.append(CardSection(key, title, None, None, tuple(grouped[key])))
    chosen_decks = {deck_id for deck_id, _ in wanted_cards}
    checks = [
        check
        for deck_id in journal.check_decks()
        if deck_id in known
        and (not selection.deck_ids or deck_id in selection.deck_ids)
        and (selection.card_ids is None or deck_id in chosen_decks)
        for check in journal.checks(deck_id)
        if (since is None or check.taken >= since)
        and (until is None or check.taken < until)
        and (not selection.spaces or check.space in selection.spaces or check.space is None)
    ]
    # Commitments carry no tags and no space: a report narrowed by those (or to loose
    # reflections) holds none, rather than ones the narrowing would have left out.
    narrowed = bool(selection.tags or selection.spaces) or False in (
        selection.loose,
        selection.no_space,
    )
    promised = [
        found
        for found in reversed(commitments(journal))  # oldest first, as the reflections
        if not narrowed
        and (since is None or found.created >= since)
        and (until is None or found.created < until)
        and (not selection.deck_ids or found.deck_id in selection.deck_ids)
        and (
            selection.card_ids is None
            or any((found.deck_id, card) in wanted_cards for card in found.card_ids)
        )
    ]
    return Selected(tuple(sections), tuple(checks), tuple(promised))
