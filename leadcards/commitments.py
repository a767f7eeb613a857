"""Commitments kept in a journal, how they went, and the session plans run.

A commitment is "I will …", with an optional due date, the deck, cards and indicators it
came from, and the plan run it was made in. How it went is a follow-up: done, partly or not
yet, with a reflection; a commitment is open until a follow-up says done. Follow-through is
how many were kept, by card. Plain Python over the journal's store (schema version 4), for
the app and the command line alike; every value is checked as the journal's own writes are,
and a problem is said in words (:class:`CommitmentError`) with nothing changed.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid as uuidlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from leadcards import limits
from leadcards.journal.backup import MAX_COMMITMENT_CARDS, MAX_COMMITMENT_CHARS
from leadcards.journal.model import (
    JournalError,
    checked_now,
    clean_id,
    clean_text,
    lookup_uuid,
    time_from_db,
    time_to_db,
)
from leadcards.journal.store import Journal

HOWS = ("done", "partly", "not-yet")  # how a commitment went
HOW_WORDS = {"done": "done", "partly": "partly", "not-yet": "not yet"}
MAX_COMMITMENT = MAX_COMMITMENT_CHARS  # characters
MAX_CARDS = MAX_COMMITMENT_CARDS  # a commitment comes from at most this many cards
MIN_KEY = 6  # a commitment is found by at least this much of its id
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)  # YYYY-MM-DD, and no other ISO form


class CommitmentError(JournalError):
    """A commitment operation that cannot be done, said in words; nothing was changed."""


@dataclass(frozen=True)
class FollowUp:
    uuid: str
    taken: dt.datetime
    how: str  # done, partly or not-yet
    text: str = ""


@dataclass(frozen=True)
class Commitment:
    uuid: str
    text: str
    created: dt.datetime
    updated: dt.datetime
    due: dt.date | None = None
    deck_id: str | None = None
    card_ids: tuple[str, ...] = ()
    indicator_ids: tuple[str, ...] = ()
    plan_id: str | None = None
    run_uuid: str | None = None
    follow_ups: tuple[FollowUp, ...] = ()  # oldest first

    @property
    def last(self) -> FollowUp | None:
        return self.follow_ups[-1] if self.follow_ups else None

    @property
    def done(self) -> bool:
        return self.last is not None and self.last.how == "done"

    def is_due(self, today: dt.date) -> bool:
        """Open, with a due date that has come."""
        return not self.done and self.due is not None and self.due <= today


# --------------------------------------------------------------------------- checking


def clean_commitment_text(text: object) -> str:
    if not isinstance(text, str):
        raise CommitmentError("a commitment must be text")
    cleaned = clean_text(text).strip()
    if not cleaned:
        raise CommitmentError('a commitment needs its words ("I will …")')
    if len(cleaned) > MAX_COMMITMENT:
        raise CommitmentError(f"a commitment may be at most {MAX_COMMITMENT:,} characters")
    return cleaned


def parse_due(text: str) -> dt.date:
    """A due date as a user types it (YYYY-MM-DD), in the range a journal keeps."""
    try:
        if not _DAY.fullmatch(text.strip()):
            raise ValueError(text)
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CommitmentError(f"{text!r} is not a date: give it as YYYY-MM-DD") from None
    if not limits.date_in_range(day):
        raise CommitmentError(f"a due date is {limits.describe_range()}")
    return day


def _ids(values: Iterable[str], what: str) -> tuple[str, ...]:
    found = tuple(dict.fromkeys(clean_id(value, what) for value in values))
    if len(found) > MAX_CARDS:
        raise CommitmentError(f"a commitment comes from at most {MAX_CARDS} {what}s")
    return found


# --------------------------------------------------------------------------- writing


def add_commitment(
    journal: Journal,
    text: str,
    *,
    due: dt.date | None = None,
    deck_id: str | None = None,
    card_ids: Sequence[str] = (),
    indicator_ids: Sequence[str] = (),
    plan_id: str | None = None,
    run_uuid: str | None = None,
) -> Commitment:
    """Keep a new commitment."""
    cleaned = clean_commitment_text(text)
    if due is not None and not limits.date_in_range(due):
        raise CommitmentError(f"a due date is {limits.describe_range()}")
    deck = clean_id(deck_id, "a deck id") if deck_id is not None else None
    cards = _ids(card_ids, "card")
    marks = _ids(indicator_ids, "indicator")
    plan = clean_id(plan_id, "a plan id") if plan_id is not None else None
    now = time_to_db(checked_now())
    made = str(uuidlib.uuid4())
    with journal.transaction() as db:
        cursor = db.execute(
            "INSERT INTO commitments (uuid, created_utc, updated_utc, text, due, deck_id,"
            " plan_id, run_uuid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                made,
                now,
                now,
                cleaned,
                due.isoformat() if due else None,
                deck,
                plan,
                run_uuid,
            ),
        )
        row_id = cursor.lastrowid
        db.executemany(
            "INSERT INTO commitment_cards (commitment_id, card_id) VALUES (?, ?)",
            [(row_id, card) for card in cards],
        )
        db.executemany(
            "INSERT INTO commitment_marks (commitment_id, indicator_id) VALUES (?, ?)",
            [(row_id, mark) for mark in marks],
        )
    return commitment(journal, made)


def follow_up(journal: Journal, commitment_uuid: str, how: str, text: str = "") -> Commitment:
    """Keep how a commitment went (done, partly or not-yet, with a reflection)."""
    if how not in HOWS:
        raise CommitmentError(f"how it went is one of {', '.join(HOWS)}; not {how!r}")
    words = clean_text(text).strip() if text else ""
    found = commitment(journal, commitment_uuid)
    now = time_to_db(checked_now())
    with journal.transaction() as db:
        (row_id,) = db.execute(
            "SELECT id FROM commitments WHERE uuid = ?", (found.uuid,)
        ).fetchone()
        db.execute(
            "INSERT INTO follow_ups (uuid, commitment_id, taken_utc, how, text)"
            " VALUES (?, ?, ?, ?, ?)",
            (str(uuidlib.uuid4()), row_id, now, how, words),
        )
        db.execute("UPDATE commitments SET updated_utc = ? WHERE id = ?", (now, row_id))
    return commitment(journal, found.uuid)


def delete_commitment(journal: Journal, commitment_uuid: str) -> Commitment:
    """Remove a commitment and its follow-ups; what was removed is returned (for undo)."""
    found = commitment(journal, commitment_uuid)
    with journal.transaction() as db:
        db.execute("DELETE FROM commitments WHERE uuid = ?", (found.uuid,))
    return found


# --------------------------------------------------------------------------- reading


def commitments(journal: Journal) -> list[Commitment]:
    """Every commitment, newest first."""
    cards: dict[int, list[str]] = {}
    for row_id, card_id in journal.query("SELECT commitment_id, card_id FROM commitment_cards"):
        cards.setdefault(row_id, []).append(card_id)
    marks: dict[int, list[str]] = {}
    for row_id, indicator_id in journal.query(
        "SELECT commitment_id, indicator_id FROM commitment_marks"
    ):
        marks.setdefault(row_id, []).append(indicator_id)
    follow: dict[int, list[FollowUp]] = {}
    for row_id, follow_uuid, taken, how, text in journal.query(
        "SELECT commitment_id, uuid, taken_utc, how, text FROM follow_ups ORDER BY taken_utc, id"
    ):
        follow.setdefault(row_id, []).append(FollowUp(follow_uuid, time_from_db(taken), how, text))
    found = []
    for row in journal.query(
        "SELECT id, uuid, text, created_utc, updated_utc, due, deck_id, plan_id, run_uuid"
        " FROM commitments ORDER BY created_utc DESC, id DESC"
    ):
        row_id, made, text, created, updated, due, deck_id, plan_id, run_uuid = row
        found.append(
            Commitment(
                uuid=made,
                text=text,
                created=time_from_db(created),
                updated=time_from_db(updated),
                due=dt.date.fromisoformat(due) if due else None,
                deck_id=deck_id,
                card_ids=tuple(sorted(cards.get(row_id, []))),
                indicator_ids=tuple(sorted(marks.get(row_id, []))),
                plan_id=plan_id,
                run_uuid=run_uuid,
                follow_ups=tuple(follow.get(row_id, [])),
            )
        )
    return found


def commitment(journal: Journal, key: str) -> Commitment:
    """A commitment by its id, or by the first characters of it (at least six, and only
    one commitment's)."""
    wanted = lookup_uuid(key.strip().lower())  # canonical when it is a whole uuid
    every = commitments(journal)
    exact = [c for c in every if c.uuid == wanted]
    if exact:
        return exact[0]
    if len(wanted) < MIN_KEY:
        raise CommitmentError(f"give at least {MIN_KEY} characters of a commitment's id")
    matches = [c for c in every if c.uuid.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise CommitmentError(f"{len(matches)} commitments have ids beginning {key!r}")
    raise CommitmentError(f"no commitment in this journal has the id {key!r}")


def open_commitments(journal: Journal) -> list[Commitment]:
    return [c for c in commitments(journal) if not c.done]


def due_commitments(journal: Journal, today: dt.date) -> list[Commitment]:
    """Open commitments whose due date has come, soonest due first: the ones to ask about
    when the journal is opened."""
    due = [c for c in commitments(journal) if c.is_due(today)]
    return sorted(due, key=lambda c: (c.due or today, c.created))


@dataclass(frozen=True)
class FollowThrough:
    """How many commitments made on a card were kept (a follow-up said done), partly kept,
    not yet kept, and not yet asked about."""

    card_id: str
    made: int
    done: int
    partly: int
    not_yet: int

    @property
    def unasked(self) -> int:
        return self.made - self.done - self.partly - self.not_yet


def follow_through(journal: Journal) -> list[FollowThrough]:
    """Follow-through by card, the cards with most commitments first."""
    made: Counter[str] = Counter()
    state: dict[str, Counter[str]] = {}
    for found in commitments(journal):
        for card_id in found.card_ids:
            made[card_id] += 1
            if found.last is not None:
                state.setdefault(card_id, Counter())[found.last.how] += 1
    return [
        FollowThrough(
            card_id,
            count,
            state.get(card_id, Counter())["done"],
            state.get(card_id, Counter())["partly"],
            state.get(card_id, Counter())["not-yet"],
        )
        for card_id, count in made.most_common()
    ]


# --------------------------------------------------------------------------- merging


def clean_commitment(found: Commitment) -> Commitment:
    """A commitment from elsewhere (an import) held to the rules this module writes by."""
    for follow in found.follow_ups:
        if follow.how not in HOWS:
            raise CommitmentError(f"how it went is one of {', '.join(HOWS)}")
        clean_text(follow.text)
    if found.due is not None and not limits.date_in_range(found.due):
        raise CommitmentError(f"a due date is {limits.describe_range()}")
    return Commitment(
        uuid=found.uuid,
        text=clean_commitment_text(found.text),
        created=found.created,
        updated=found.updated,
        due=found.due,
        deck_id=clean_id(found.deck_id, "a deck id") if found.deck_id else None,
        card_ids=_ids(found.card_ids, "card"),
        indicator_ids=_ids(found.indicator_ids, "indicator"),
        plan_id=clean_id(found.plan_id, "a plan id") if found.plan_id else None,
        run_uuid=found.run_uuid,
        follow_ups=found.follow_ups,
    )


def merge(
    journal: Journal, incoming: Sequence[Commitment], *, dry_run: bool = False
) -> tuple[int, int]:
    """Bring in commitments from an export, by uuid: one not here is added whole; for one
    here, its follow-ups not here are added (a commitment's words are never overwritten).
    Returns how many commitments and follow-ups are new; ``dry_run`` changes nothing."""
    known = {found.uuid: found for found in commitments(journal)}
    answered = {f.uuid for found in known.values() for f in found.follow_ups}
    new_commitments = [found for found in incoming if found.uuid not in known]
    new_follow = [  # an answer is known by its uuid, whichever commitment holds it
        (found.uuid, follow)
        for found in incoming
        for follow in found.follow_ups
        if follow.uuid not in answered
    ]
    count = len(new_commitments), len(new_follow)
    if dry_run or count == (0, 0):
        return count
    with journal.transaction() as db:
        for found in new_commitments:
            cursor = db.execute(
                "INSERT INTO commitments (uuid, created_utc, updated_utc, text, due, deck_id,"
                " plan_id, run_uuid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    found.uuid,
                    time_to_db(found.created),
                    time_to_db(found.updated),
                    found.text,
                    found.due.isoformat() if found.due else None,
                    found.deck_id,
                    found.plan_id,
                    found.run_uuid,
                ),
            )
            row_id = cursor.lastrowid
            db.executemany(
                "INSERT INTO commitment_cards (commitment_id, card_id) VALUES (?, ?)",
                [(row_id, card) for card in found.card_ids],
            )
            db.executemany(
                "INSERT INTO commitment_marks (commitment_id, indicator_id) VALUES (?, ?)",
                [(row_id, mark) for mark in found.indicator_ids],
            )
        for commitment_uuid, follow in new_follow:
            db.execute(
                "INSERT INTO follow_ups (uuid, commitment_id, taken_utc, how, text)"
                " SELECT ?, id, ?, ?, ? FROM commitments WHERE uuid = ?",
                (follow.uuid, time_to_db(follow.taken), follow.how, follow.text, commitment_uuid),
            )
    return count


# --------------------------------------------------------------------------- plan runs


@dataclass(frozen=True)
class PlanRun:
    uuid: str
    plan_id: str
    plan_title: str
    deck_id: str | None
    started: dt.datetime
    updated: dt.datetime
    step: int
    finished: dt.datetime | None


def start_run(journal: Journal, plan_id: str, plan_title: str, deck_id: str | None) -> PlanRun:
    """Keep that a plan was started (what it captures is kept as it is captured)."""
    now = time_to_db(checked_now())
    made = str(uuidlib.uuid4())
    with journal.transaction() as db:
        db.execute(
            "INSERT INTO plan_runs (uuid, plan_id, plan_title, deck_id, started_utc,"
            " updated_utc) VALUES (?, ?, ?, ?, ?, ?)",
            (made, clean_id(plan_id, "a plan id"), plan_title[:200], deck_id, now, now),
        )
    return run(journal, made)


def set_step(journal: Journal, run_uuid: str, step: int, *, finished: bool = False) -> PlanRun:
    """Where a run is (its step, from 0), and whether it was finished."""
    now = time_to_db(checked_now())
    with journal.transaction() as db:
        db.execute(
            "UPDATE plan_runs SET step = ?, updated_utc = ?,"
            " finished_utc = CASE WHEN ? THEN ? ELSE finished_utc END WHERE uuid = ?",
            (max(0, step), now, finished, now, run_uuid),
        )
    return run(journal, run_uuid)


def runs(journal: Journal) -> list[PlanRun]:
    """Every plan run, newest first."""
    return [
        PlanRun(
            made,
            plan_id,
            title,
            deck_id,
            time_from_db(started),
            time_from_db(updated),
            int(step),
            time_from_db(finished) if finished else None,
        )
        for made, plan_id, title, deck_id, started, updated, step, finished in journal.query(
            "SELECT uuid, plan_id, plan_title, deck_id, started_utc, updated_utc, step,"
            " finished_utc FROM plan_runs ORDER BY started_utc DESC, id DESC"
        )
    ]


def run(journal: Journal, run_uuid: str) -> PlanRun:
    for found in runs(journal):
        if found.uuid == run_uuid:
            return found
    raise CommitmentError("that plan run is not in this journal")


def clean_run(found: PlanRun) -> PlanRun:
    """A plan run from elsewhere (an import) held to the rules this module writes by."""
    title = found.plan_title.strip() if isinstance(found.plan_title, str) else ""
    if not title or len(title) > 200 or "\x00" in title:
        raise CommitmentError("a plan run's title is one line of at most 200 characters")
    return PlanRun(
        uuid=found.uuid,
        plan_id=clean_id(found.plan_id, "a plan id"),
        plan_title=title,
        deck_id=clean_id(found.deck_id, "a deck id") if found.deck_id else None,
        started=found.started,
        updated=found.updated,
        step=max(0, int(found.step)),
        finished=found.finished,
    )


def merge_runs(journal: Journal, incoming: Sequence[PlanRun], *, dry_run: bool = False) -> int:
    """Bring in plan runs from an export, by uuid (one here is kept as it is); how many are
    new is returned, and ``dry_run`` changes nothing."""
    known = {found.uuid for found in runs(journal)}
    new = [found for found in incoming if found.uuid not in known]
    if dry_run or not new:
        return len(new)
    with journal.transaction() as db:
        db.executemany(
            "INSERT INTO plan_runs (uuid, plan_id, plan_title, deck_id, started_utc,"
            " updated_utc, step, finished_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    found.uuid,
                    found.plan_id,
                    found.plan_title,
                    found.deck_id,
                    time_to_db(found.started),
                    time_to_db(found.updated),
                    found.step,
                    time_to_db(found.finished) if found.finished else None,
                )
                for found in new
            ],
        )
    return len(new)
