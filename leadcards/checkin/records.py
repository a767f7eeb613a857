"""A team check-in as it is kept: its invitation and rounds, read back from a journal's rows
and held to what :mod:`leadcards.checkin.ledger` writes (the ledger and the journal's
backups both read check-ins here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from leadcards.checkin.files import CheckInFileError, Invitation, read_invitation
from leadcards.checkin.results import CardAsked, Results, results_from_text, results_problems
from leadcards.journal.model import JournalError, time_from_db


class CheckInError(JournalError):
    """A check-in operation that cannot be done, said in words; nothing was changed."""


@dataclass(frozen=True)
class Round:
    number: int
    opened: dt.datetime
    closed: dt.datetime | None
    people: int  # answers counted (in an open round: so far)
    results: Results | None  # a closed round with at least the minimum group

    @property
    def is_open(self) -> bool:
        return self.closed is None


@dataclass(frozen=True)
class CheckIn:
    invitation: Invitation
    created: dt.datetime
    rounds: tuple[Round, ...]  # oldest first; the last may be open

    @property
    def id(self) -> str:
        return self.invitation.checkin_id

    @property
    def title(self) -> str:
        return self.invitation.title

    @property
    def current(self) -> Round:
        return self.rounds[-1]

    @property
    def is_open(self) -> bool:
        return self.current.is_open

    def round(self, number: int | None = None) -> Round:
        """A round by its number; without one, the newest round with results (else the
        newest closed, else the open one)."""
        if number is None:
            made = [r for r in self.rounds if r.results is not None]
            closed = [r for r in self.rounds if not r.is_open]
            return (made or closed or [self.current])[-1]
        for found in self.rounds:
            if found.number == number:
                return found
        raise CheckInError(f"{self.title!r} has no round {number} (it has {len(self.rounds)})")


def cards_asked(invitation: Invitation) -> list[CardAsked]:
    return [
        CardAsked(card.card_id, tuple(i.indicator_id for i in card.indicators))
        for card in invitation.cards
    ]


def read_checkin(
    checkin_id: object,
    title: object,
    created: object,
    invitation: object,
    rounds: list[tuple[object, ...]],
    answered: int,
) -> CheckIn:
    """A check-in from its rows (``rounds``: number, opened, closed, people, results, in
    number order; ``answered``: the open round's answers), held to what the ledger writes;
    else :class:`CheckInError` saying what is wrong."""
    try:
        read = read_invitation(str(invitation).encode("utf-8"), "its invitation")
    except CheckInFileError as exc:
        raise CheckInError(str(exc)) from None
    if read.checkin_id != checkin_id or read.title != title:
        raise CheckInError("its id or title is not its invitation's")
    if not rounds or [r[0] for r in rounds] != list(range(1, len(rounds) + 1)):
        raise CheckInError("its rounds are not numbered 1, 2, 3…")
    kept = []
    try:
        for number, opened, closed, people, text in rounds:
            last = number == len(rounds)
            if closed is None:
                if not last or people is not None or text is not None:
                    raise CheckInError("a round is open that should be closed")
            elif type(people) is not int or people < 0:
                raise CheckInError("a closed round does not say how many answered")
            elif answered and last:
                raise CheckInError("it holds answers but no open round")
            results = results_from_text(str(text)) if text is not None else None
            if results is not None:
                problems = results_problems(
                    results, cards_asked(read), people=int(str(people)), minimum=read.min_group
                )
                if problems:
                    raise CheckInError(f"the results of round {number}: {problems[0]}")
            kept.append(
                Round(
                    number=int(str(number)),
                    opened=time_from_db(str(opened)),
                    closed=time_from_db(str(closed)) if closed is not None else None,
                    people=int(str(people)) if closed is not None else answered,
                    results=results,
                )
            )
        when = time_from_db(str(created))
    except ValueError as exc:
        raise CheckInError(str(exc)) from None
    return CheckIn(read, when, tuple(kept))
