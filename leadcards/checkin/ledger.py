"""Team check-ins kept in a journal: the invitation sent, the rounds, the open round's answers.

What is kept, and what is not (schema version 3, :mod:`leadcards.journal.schema`):

- an answer is its ticks and positions, keyed by a random id: no name, no time, nothing
  that keeps the order in which people answered;
- a response file added is remembered by its hash alone, so it is counted once however
  often it is added (in any round), and its answers cannot be found from it;
- closing a round keeps its results (or, below the minimum group, only how many answered)
  and drops its answers, so the results of a closed round never change (the schema refuses
  any change to a closed round). Reopening starts a new, empty round: adding one more
  response can never reveal that person's answers by comparing two results.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from dataclasses import dataclass

from leadcards.checkin.files import (
    CheckInFileError,
    Invitation,
    answer_from_text,
    answer_problems,
    answer_text,
    invitation_json,
    read_invitation,
)
from leadcards.checkin.results import (
    Answer,
    CardAsked,
    Results,
    TooFewAnswersError,
    results,
    results_from_text,
    results_text,
)
from leadcards.journal.model import JournalError, time_from_db, time_to_db, utc_now
from leadcards.journal.store import Journal

MAX_CHECKINS = 10_000  # in one journal


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
        """A round by its number; without one, the newest closed round (else the open)."""
        if number is None:
            closed = [r for r in self.rounds if not r.is_open]
            return closed[-1] if closed else self.current
        for found in self.rounds:
            if found.number == number:
                return found
        raise CheckInError(f"{self.title!r} has no round {number} (it has {len(self.rounds)})")


def cards_asked(invitation: Invitation) -> list[CardAsked]:
    return [
        CardAsked(card.card_id, tuple(i.indicator_id for i in card.indicators))
        for card in invitation.cards
    ]


# --------------------------------------------------------------------------- writing


def add_checkin(journal: Journal, invitation: Invitation) -> CheckIn:
    """Keep a new check-in (from :func:`leadcards.checkin.files.invitation_for`), with its
    first round open."""
    now = time_to_db(utc_now())
    with journal.transaction() as db:
        (count,) = db.execute("SELECT count(*) FROM checkins").fetchone()
        if count >= MAX_CHECKINS:
            raise CheckInError(f"this journal already keeps {MAX_CHECKINS:,} check-ins")
        cursor = db.execute(
            "INSERT INTO checkins (uuid, title, created_utc, invitation) VALUES (?, ?, ?, ?)",
            (
                invitation.checkin_id,
                invitation.title,
                now,
                invitation_json(invitation).decode("utf-8"),
            ),
        )
        db.execute(
            "INSERT INTO checkin_rounds (checkin_id, number, opened_utc) VALUES (?, 1, ?)",
            (cursor.lastrowid, now),
        )
    return checkin(journal, invitation.checkin_id)


def add_answer(journal: Journal, checkin_id: str, answer: Answer) -> int:
    """Count one person's answer (given in the room) in the open round; how many have
    answered in it so far is returned."""
    return _add(journal, checkin_id, [(None, answer)])[1]


def add_responses(
    journal: Journal, checkin_id: str, responses: list[tuple[str, Answer]]
) -> tuple[int, int]:
    """Count response files' answers (``(hash, answer)`` pairs, checked against the
    invitation by :func:`leadcards.checkin.files.read_response`) in the open round, in one
    transaction. A response whose hash was counted before (in any round, or earlier in
    ``responses``) is not counted again. Returns how many were counted now, and how many
    have answered in the round so far."""
    counted = {
        value
        for (value,) in journal.query(
            "SELECT hash FROM checkin_counted WHERE checkin_id ="
            " (SELECT id FROM checkins WHERE uuid = ?)",
            (checkin_id,),
        )
    }
    new = [(h, answer) for h, answer in responses if h not in counted]
    if not new:  # nothing to count: the journal is not written at all
        return 0, checkin(journal, checkin_id).current.people
    return _add(journal, checkin_id, list(new))


def _add(
    journal: Journal, checkin_id: str, responses: list[tuple[str | None, Answer]]
) -> tuple[int, int]:
    found = checkin(journal, checkin_id)
    if not found.is_open:
        raise CheckInError(
            f"collection for {found.title!r} is closed; reopen it to start round "
            f"{found.current.number + 1}"
        )
    for _, answer in responses:
        problems = answer_problems(found.invitation, answer)
        if problems:
            raise CheckInError(f"that answer is not one to {found.title!r}: {'; '.join(problems)}")
    added = 0
    with journal.transaction() as db:
        row_id = _row_id(db.execute("SELECT id FROM checkins WHERE uuid = ?", (checkin_id,)))
        for answer_hash, answer in responses:
            if answer_hash is not None:
                cursor = db.execute(
                    "INSERT OR IGNORE INTO checkin_counted (checkin_id, hash) VALUES (?, ?)",
                    (row_id, answer_hash),
                )
                if cursor.rowcount == 0:
                    continue  # counted before
            db.execute(
                "INSERT INTO checkin_answers (checkin_id, key, answer) VALUES (?, ?, ?)",
                (row_id, uuid.uuid4().hex, answer_text(answer)),
            )
            added += 1
        (count,) = db.execute(
            "SELECT count(*) FROM checkin_answers WHERE checkin_id = ?", (row_id,)
        ).fetchone()
    return added, int(count)


def close_round(journal: Journal, checkin_id: str, *, below_minimum: bool = False) -> Round:
    """Close the open round: its results are kept (they never change) and its answers are
    dropped. Below the minimum group the round is closed only with ``below_minimum`` (the
    answers are then dropped with no figure kept but how many answered); else
    :class:`CheckInError` says how many more are needed."""
    found = checkin(journal, checkin_id)
    if not found.is_open:
        raise CheckInError(f"collection for {found.title!r} is already closed")
    with journal.transaction() as db:
        row_id = _row_id(db.execute("SELECT id FROM checkins WHERE uuid = ?", (checkin_id,)))
        answers = [
            answer_from_text(text)
            for (text,) in db.execute(
                "SELECT answer FROM checkin_answers WHERE checkin_id = ?", (row_id,)
            )
        ]
        try:
            kept: str | None = results_text(
                results(
                    answers,
                    cards_asked(found.invitation),
                    minimum=found.invitation.min_group,
                )
            )
        except TooFewAnswersError:
            if not below_minimum:
                raise CheckInError(
                    f"{len(answers)} of the minimum {found.invitation.min_group} have answered"
                    f" {found.title!r}; add more answers, or close it without results"
                ) from None
            kept = None
        db.execute(
            "UPDATE checkin_rounds SET closed_utc = ?, people = ?, results = ?"
            " WHERE checkin_id = ? AND number = ?",
            (time_to_db(utc_now()), len(answers), kept, row_id, found.current.number),
        )
        db.execute("DELETE FROM checkin_answers WHERE checkin_id = ?", (row_id,))
    return checkin(journal, checkin_id).rounds[-1]


def reopen(journal: Journal, checkin_id: str) -> Round:
    """Start the next round, empty (a closed round's results stay as they are)."""
    found = checkin(journal, checkin_id)
    if found.is_open:
        raise CheckInError(f"collection for {found.title!r} is open already")
    with journal.transaction() as db:
        row_id = _row_id(db.execute("SELECT id FROM checkins WHERE uuid = ?", (checkin_id,)))
        db.execute(
            "INSERT INTO checkin_rounds (checkin_id, number, opened_utc) VALUES (?, ?, ?)",
            (row_id, found.current.number + 1, time_to_db(utc_now())),
        )
    return checkin(journal, checkin_id).rounds[-1]


def delete_checkin(journal: Journal, checkin_id: str) -> None:
    """Remove a check-in, its rounds, answers and counted hashes."""
    checkin(journal, checkin_id)  # names one that does not exist
    with journal.transaction() as db:
        db.execute("DELETE FROM checkins WHERE uuid = ?", (checkin_id,))


def _row_id(cursor: sqlite3.Cursor) -> int:
    row = cursor.fetchone()
    if row is None:
        raise CheckInError("that check-in is no longer in this journal")
    return int(row[0])


# --------------------------------------------------------------------------- reading


def checkins(journal: Journal) -> list[CheckIn]:
    """Every check-in kept in the journal, newest first."""
    rows = journal.query(
        "SELECT id, uuid, created_utc, invitation FROM checkins ORDER BY created_utc DESC, id DESC"
    )
    rounds: dict[int, list[Round]] = {}
    for row in journal.query(
        "SELECT checkin_id, number, opened_utc, closed_utc, people, results"
        " FROM checkin_rounds ORDER BY checkin_id, number"
    ):
        rounds.setdefault(row[0], []).append(_round(row[1:]))
    counts = dict(
        journal.query("SELECT checkin_id, count(*) FROM checkin_answers GROUP BY checkin_id")
    )
    found = []
    for row_id, checkin_id, created, text in rows:
        its_rounds = rounds.get(row_id, [])
        if its_rounds and its_rounds[-1].is_open:
            last = its_rounds[-1]
            its_rounds[-1] = Round(last.number, last.opened, None, counts.get(row_id, 0), None)
        found.append(_checkin(checkin_id, created, text, its_rounds))
    return found


def checkin(journal: Journal, checkin_id: str) -> CheckIn:
    for found in checkins(journal):
        if found.id == checkin_id:
            return found
    raise CheckInError("that check-in is not in this journal")


def find(journal: Journal, key: str) -> CheckIn:
    """A check-in by its id or its title (exactly, or ignoring case); a title that more
    than one check-in has is refused with the list, to be told apart by id."""
    every = checkins(journal)
    for found in every:
        if found.id == key.strip().lower():
            return found
    matches = [c for c in every if c.title == key] or [
        c for c in every if c.title.casefold() == key.strip().casefold()
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = "; ".join(f"{c.id} ({c.created:%Y-%m-%d})" for c in matches)
        raise CheckInError(f"{len(matches)} check-ins are called {key!r}; give the id: {listed}")
    if not every:
        raise CheckInError("this journal keeps no check-in yet")
    raise CheckInError(f"no check-in in this journal has the id or title {key!r}")


def _round(row: tuple[object, ...]) -> Round:
    number, opened, closed, people, kept = row
    try:
        return Round(
            number=int(str(number)),
            opened=time_from_db(str(opened)),
            closed=time_from_db(str(closed)) if closed is not None else None,
            people=int(str(people)) if people is not None else 0,
            results=results_from_text(str(kept)) if kept is not None else None,
        )
    except ValueError as exc:
        raise CheckInError(f"a check-in round in this journal cannot be read: {exc}") from None


def _checkin(checkin_id: str, created: str, text: str, rounds: list[Round]) -> CheckIn:
    try:
        invitation = read_invitation(text.encode("utf-8"), "a check-in in this journal")
    except CheckInFileError as exc:
        raise CheckInError(str(exc)) from None
    if invitation.checkin_id != checkin_id or not rounds:
        raise CheckInError(f"the check-in {checkin_id} in this journal cannot be read")
    return CheckIn(invitation, time_from_db(created), tuple(rounds))
