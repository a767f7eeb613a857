"""Team check-ins kept in a journal: the invitation sent, the rounds, the open round's answers.

What is kept, and what is not (schema version 3, :mod:`leadcards.journal.schema`):

- an answer is its ticks and positions, keyed by a random id: no name, no time, nothing
  that keeps the order in which people answered;
- a response file added is remembered by a hash of its own id alone, so it is counted once
  however often it is added (in any round), and its answers cannot be found from it;
- closing a round keeps its results (or, below the minimum group, only how many answered)
  and drops its answers, so the results of a closed round never change (the schema refuses
  any update to a closed round). Reopening starts a new, empty round: adding one more
  response can never reveal that person's answers by comparing two results.
"""

from __future__ import annotations

import contextlib
import random
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from leadcards.checkin.files import (
    Invitation,
    answer_from_text,
    answer_problems,
    answer_text,
    invitation_json,
)
from leadcards.checkin.records import (
    CheckIn,
    CheckInError,
    Round,
    cards_asked,
    read_checkin,
)
from leadcards.checkin.results import (
    Answer,
    TooFewAnswersError,
    results,
    results_text,
)
from leadcards.journal.engine import sqlite3
from leadcards.journal.store import Journal

__all__ = [
    "CheckIn",
    "CheckInError",
    "Round",
    "add_answer",
    "add_checkin",
    "add_responses",
    "cards_asked",
    "checkin",
    "checkins",
    "close_round",
    "delete_checkin",
    "find",
    "read_all",
    "read_checkin",
    "reopen",
]
from leadcards.journal.model import time_to_db, utc_now

MAX_CHECKINS = 10_000  # in one journal
MAX_ROUNDS = 1_000  # of one check-in


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
    """Count response files' answers (``(key, answer)`` pairs, checked against the
    invitation by :func:`leadcards.checkin.files.read_response`) in the open round, in one
    transaction. A response whose key was counted before (in any round, or earlier in
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


@dataclass(frozen=True)
class _Current:
    """A check-in's row and its newest round, read inside the transaction that acts on
    them (so a close in between cannot be missed)."""

    row_id: int
    number: int
    is_open: bool


def _current(db: sqlite3.Connection, checkin_id: str, title: str) -> _Current:
    row = db.execute(
        "SELECT c.id, r.number, r.closed_utc IS NULL FROM checkins c"
        " JOIN checkin_rounds r ON r.checkin_id = c.id WHERE c.uuid = ?"
        " ORDER BY r.number DESC LIMIT 1",
        (checkin_id,),
    ).fetchone()
    if row is None:
        raise CheckInError(f"{title!r} is no longer in this journal")
    return _Current(int(row[0]), int(row[1]), bool(row[2]))


def _add(
    journal: Journal, checkin_id: str, responses: list[tuple[str | None, Answer]]
) -> tuple[int, int]:
    found = checkin(journal, checkin_id)
    for _, answer in responses:
        problems = answer_problems(found.invitation, answer)
        if problems:
            raise CheckInError(f"that answer is not one to {found.title!r}: {'; '.join(problems)}")
    added = 0
    with _writing(journal) as db:
        now = _current(db, checkin_id, found.title)
        if not now.is_open:
            raise CheckInError(
                f"collection for {found.title!r} is closed; reopen it to start round "
                f"{now.number + 1}"
            )
        texts = [
            text
            for (text,) in db.execute(
                "SELECT answer FROM checkin_answers WHERE checkin_id = ?", (now.row_id,)
            )
        ]
        for answer_hash, answer in responses:
            if answer_hash is not None:
                cursor = db.execute(
                    "INSERT OR IGNORE INTO checkin_counted (checkin_id, round, hash)"
                    " VALUES (?, ?, ?)",
                    (now.row_id, now.number, answer_hash),
                )
                if cursor.rowcount == 0:
                    continue  # counted before
            texts.append(answer_text(answer))
            added += 1
        _store_shuffled(db, now.row_id, texts)
    return added, len(texts)


def _store_shuffled(db: sqlite3.Connection, row_id: int, texts: list[str]) -> None:
    """Write a round's answers again, all of them, in a random order under new random keys.
    SQLite lays rows out in a page in the order they are written, so answers written one by
    one would keep the order people answered in; written afresh each time, they keep none
    (what is deleted is overwritten: secure_delete)."""
    db.execute("DELETE FROM checkin_answers WHERE checkin_id = ?", (row_id,))
    shuffled = list(texts)
    random.SystemRandom().shuffle(shuffled)
    db.executemany(
        "INSERT INTO checkin_answers (checkin_id, key, answer) VALUES (?, ?, ?)",
        [(row_id, uuid.uuid4().hex, text) for text in shuffled],
    )


@contextlib.contextmanager
def _writing(journal: Journal) -> Iterator[sqlite3.Connection]:
    """A write transaction for answers, after which the write-ahead log is emptied: it
    would otherwise keep a copy of the answers as they stood after each write (and so the
    order they came in) until the journal is closed. A closed round's rows refused by
    the schema are said in words."""
    try:
        with journal.transaction() as db:
            yield db
    except sqlite3.IntegrityError as exc:
        raise CheckInError(f"the check-in could not be changed ({exc})") from None
    journal.checkpoint()


def close_round(journal: Journal, checkin_id: str, *, below_minimum: bool = False) -> Round:
    """Close the open round: its results are kept (they never change) and its answers are
    dropped. Below the minimum group the round is closed only with ``below_minimum`` (the
    answers are then dropped with no figure kept but how many answered); else
    :class:`CheckInError` says how many more are needed."""
    found = checkin(journal, checkin_id)
    minimum = found.invitation.min_group
    with _writing(journal) as db:
        now = _current(db, checkin_id, found.title)
        if not now.is_open:
            raise CheckInError(f"collection for {found.title!r} is already closed")
        answers = [
            answer_from_text(text)
            for (text,) in db.execute(
                "SELECT answer FROM checkin_answers WHERE checkin_id = ?", (now.row_id,)
            )
        ]
        try:
            kept: str | None = results_text(
                results(answers, cards_asked(found.invitation), minimum=minimum)
            )
        except TooFewAnswersError:
            if not below_minimum:
                raise CheckInError(
                    f"{len(answers)} of the minimum {minimum} have answered {found.title!r};"
                    " add more answers, or close it without results"
                ) from None
            kept = None
        cursor = db.execute(
            "UPDATE checkin_rounds SET closed_utc = ?, people = ?, results = ?"
            " WHERE checkin_id = ? AND number = ? AND closed_utc IS NULL",
            (time_to_db(utc_now()), len(answers), kept, now.row_id, now.number),
        )
        if cursor.rowcount != 1:
            raise CheckInError(f"collection for {found.title!r} is already closed")
        db.execute("DELETE FROM checkin_answers WHERE checkin_id = ?", (now.row_id,))
    return checkin(journal, checkin_id).rounds[-1]


def reopen(journal: Journal, checkin_id: str) -> Round:
    """Start the next round, empty (a closed round's results stay as they are)."""
    found = checkin(journal, checkin_id)
    with _writing(journal) as db:
        now = _current(db, checkin_id, found.title)
        if now.is_open:
            raise CheckInError(f"collection for {found.title!r} is open already")
        if now.number >= MAX_ROUNDS:
            raise CheckInError(f"{found.title!r} has {MAX_ROUNDS} rounds, the most it may")
        db.execute(
            "INSERT INTO checkin_rounds (checkin_id, number, opened_utc) VALUES (?, ?, ?)",
            (now.row_id, now.number + 1, time_to_db(utc_now())),
        )
    return checkin(journal, checkin_id).rounds[-1]


def delete_checkin(journal: Journal, checkin_id: str) -> None:
    """Remove a check-in, its rounds, answers and counted hashes."""
    checkin(journal, checkin_id)  # names one that does not exist
    with _writing(journal) as db:
        db.execute("DELETE FROM checkins WHERE uuid = ?", (checkin_id,))


# --------------------------------------------------------------------------- reading


def checkins(journal: Journal) -> list[CheckIn]:
    """Every check-in kept in the journal that can be read, newest first."""
    return read_all(journal)[0]


def read_all(journal: Journal) -> tuple[list[CheckIn], list[str]]:
    """Every check-in kept in the journal, newest first, and what is wrong with each one
    that cannot be read (a damaged journal): one is named, the others still shown."""
    rows = journal.query(
        "SELECT id, uuid, title, created_utc, invitation FROM checkins"
        " ORDER BY created_utc DESC, id DESC"
    )
    rounds: dict[int, list[tuple[object, ...]]] = {}
    for row in journal.query(
        "SELECT checkin_id, number, opened_utc, closed_utc, people, results"
        " FROM checkin_rounds ORDER BY checkin_id, number"
    ):
        rounds.setdefault(row[0], []).append(tuple(row[1:]))
    counts = dict(
        journal.query("SELECT checkin_id, count(*) FROM checkin_answers GROUP BY checkin_id")
    )
    found, problems = [], []
    for row_id, checkin_id, title, created, text in rows:
        try:
            found.append(
                read_checkin(
                    checkin_id, title, created, text, rounds.get(row_id, []), counts.get(row_id, 0)
                )
            )
        except CheckInError as exc:
            problems.append(f"{str(title)[:80]!r} cannot be read: {exc}")
    return found, problems


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
    spaced = " ".join(unicodedata.normalize("NFC", key).split())
    matches = [c for c in every if c.title == key] or [
        c for c in every if c.title.casefold() == spaced.casefold()
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = "; ".join(f"{c.id} ({c.created:%Y-%m-%d})" for c in matches)
        raise CheckInError(f"{len(matches)} check-ins are called {key!r}; give the id: {listed}")
    if not every:
        raise CheckInError("this journal keeps no check-in yet")
    raise CheckInError(f"no check-in in this journal has the id or title {key!r}")
