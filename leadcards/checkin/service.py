"""Every team check-in operation a user can start, for the app and the command line alike.

Starting a check-in over a deck, saving and reading its invitation, answering it (a
response file), adding response files (several, or a folder), closing and reopening
collection, a round's results and their CSV. Files are read and written only through the
guarded reader and writer (:mod:`leadcards.fileio`): size-checked regular files in,
nothing LeadCards keeps replaced on the way out. Plain Python, no Qt.
"""

from __future__ import annotations

import json
import os
import stat
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from leadcards.checkin import ledger
from leadcards.checkin.export import results_csv
from leadcards.checkin.files import (
    INVITATION_FORMAT,
    MAX_ALL_INDICATORS,
    MAX_CARDS,
    MAX_INVITATION_BYTES,
    MAX_RESPONSE_BYTES,
    RESPONSE_FORMAT,
    CheckInFileError,
    Invitation,
    asks_positions,
    invitation_for,
    invitation_json,
    read_invitation,
    read_response,
    response_json,
)
from leadcards.checkin.ledger import CheckIn, CheckInError, Round
from leadcards.checkin.results import MIN_GROUP_FLOOR, Answer, Results
from leadcards.deck import Deck
from leadcards.fileio import Keep, UserFileError, read_bytes, write_bytes, write_text
from leadcards.journal.store import Journal

MAX_TITLE = 300
MAX_RESPONSE_FILES = 10_000  # added at once


@dataclass(frozen=True)
class Added:
    """What adding response files did: how many were counted now, how many had been
    counted before (the same file added again), and the files refused, with why."""

    counted: int
    again: int
    refused: tuple[tuple[str, str], ...] = field(default=())  # (file, why)
    people: int = 0  # answered in the open round, after adding

    def describe(self) -> str:
        parts = [f"{self.counted} response{'s' if self.counted != 1 else ''} counted"]
        if self.again:
            parts.append(f"{self.again} counted before, so not again")
        if self.refused:
            parts.append(f"{len(self.refused)} refused")
        have = "has" if self.people == 1 else "have"
        return ", ".join(parts) + f"; {self.people} {have} answered this round"


def new_invitation(
    deck: Deck,
    card_ids: Sequence[str] = (),
    *,
    title: str,
    space: str | None = None,
    min_group: int | None = None,
) -> Invitation:
    """A check-in's invitation over ``deck``, every choice checked: the cards (all by
    default) must be the deck's, the space one of its spaces (a checklist deck's check-in
    is about the team by default), the title one line, the minimum group at least 3."""
    problems = []
    known = {card.id for card in deck.cards}
    missing = [card_id for card_id in card_ids if card_id not in known]
    if missing:
        problems.append(f"{deck.title} has no card {', '.join(repr(c) for c in missing)}")
    if len(set(card_ids)) != len(card_ids):
        problems.append("a card is named twice")
    spaces = [s.id for s in deck.spaces]
    if space is not None and space not in spaces:
        offered = ", ".join(spaces) if spaces else "none"
        problems.append(f"{deck.title} has no space {space!r} (its spaces: {offered})")
    asked = [deck.card(c) for c in card_ids if c in known] if card_ids else deck.cards
    indicators = sum(len(list(card.indicators())) for card in asked)
    if len(asked) > MAX_CARDS or indicators > MAX_ALL_INDICATORS:
        problems.append(
            f"a check-in asks about at most {MAX_CARDS} cards and {MAX_ALL_INDICATORS:,}"
            f" indicators; these are {len(asked)} and {indicators:,}"
        )
    if min_group is not None and min_group < MIN_GROUP_FLOOR:
        problems.append(f"the minimum group is at least {MIN_GROUP_FLOOR}, so nobody stands out")
    if min_group is not None and min_group > 1000:
        problems.append("the minimum group is at most 1000")
    cleaned = (
        " ".join(unicodedata.normalize("NFC", title).split()) if isinstance(title, str) else ""
    )
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in cleaned):
        problems.append("the title holds a control character; type it as plain text")
    elif not cleaned:
        problems.append("a check-in needs a title")
    elif len(cleaned) > MAX_TITLE:
        problems.append(f"the title is {len(cleaned):,} characters; at most {MAX_TITLE}")
    if problems:
        raise CheckInError("; ".join(problems))
    cards = [deck.card(card_id) for card_id in card_ids] if card_ids else deck.cards
    if space is None and not asks_positions(cards) and "team" in spaces:
        space = "team"
    return invitation_for(deck, card_ids, title=cleaned, space=space, min_group=min_group)


def start(journal: Journal, invitation: Invitation) -> CheckIn:
    """Keep a new check-in in the journal, collection open."""
    return ledger.add_checkin(journal, invitation)


# --------------------------------------------------------------------------- files


def save_invitation(invitation: Invitation, target: Path | str, keep: Keep) -> None:
    """The invitation file to send to the team (no answers, nothing personal in it)."""
    write_bytes(target, invitation_json(invitation), keep=keep)


def open_invitation(source: Path | str, name: str) -> Invitation:
    """An invitation file read (size-checked, a regular file) and checked whole."""
    data = read_bytes(source, limit=MAX_INVITATION_BYTES, what="check-in invitation")
    return read_invitation(data, name)


def save_response(invitation: Invitation, answer: Answer, target: Path | str, keep: Keep) -> None:
    """One person's response file, to send back to whoever runs the check-in (private to
    the user: it holds their answers)."""
    write_bytes(target, response_json(invitation.checkin_id, answer), private=True, keep=keep)


def response_files(sources: Iterable[Path]) -> list[Path]:
    """The files named, with each folder named replaced by the files in it (not in its
    folders, hidden files left out), in name order; nothing is opened."""
    found: list[Path] = []
    for source in sources:
        try:
            is_folder = stat.S_ISDIR(os.stat(source).st_mode)
        except OSError:
            is_folder = False  # named as it is; reading it says why it cannot be used
        if not is_folder:
            found.append(source)
            continue
        try:
            names = sorted(os.listdir(source))
        except OSError as exc:
            raise UserFileError(f"cannot read the folder {source}: {exc.strerror}") from None
        found.extend(
            source / name
            for name in names
            if not name.startswith(".") and (source / name).is_file()
        )
    if len(found) > MAX_RESPONSE_FILES:
        raise UserFileError(
            f"{len(found):,} files named; at most {MAX_RESPONSE_FILES:,} are added at once"
        )
    return found


def add_response_files(journal: Journal, checkin: CheckIn, sources: Iterable[Path]) -> Added:
    """Count the responses in ``sources`` (files, or folders of them) in the open round.
    Every file is read and checked first; one that cannot be used (another check-in's, a
    hash that does not match, malformed, unreadable) is refused with why, and changes
    nothing; the others are counted in one transaction, each once however often added."""
    if not checkin.is_open:
        raise CheckInError(
            f"collection for {checkin.title!r} is closed; reopen it to start round "
            f"{checkin.current.number + 1}"
        )
    accepted: list[tuple[str, Answer]] = []
    refused: list[tuple[str, str]] = []
    for path in response_files(sources):
        try:
            data = read_bytes(path, limit=MAX_RESPONSE_BYTES, what="check-in response")
            accepted.append(read_response(data, path.name, checkin.invitation))
        except CheckInFileError as exc:
            refused.append((str(path), "; ".join(exc.problems)))
        except UserFileError as exc:
            refused.append((str(path), exc.reason))
    counted, people = 0, checkin.current.people
    if accepted:
        counted, people = ledger.add_responses(journal, checkin.id, accepted)
    return Added(counted, len(accepted) - counted, tuple(refused), people)


# --------------------------------------------------------------------------- results


def round_results(checkin: CheckIn, number: int | None = None) -> tuple[Round, Results]:
    """A closed round's results (the newest closed round by default), or
    :class:`CheckInError` saying why there are none: still open, or too few answered."""
    found = checkin.round(number)
    if found.is_open:
        raise CheckInError(
            f"round {found.number} of {checkin.title!r} is still collecting answers "
            f"({found.people} so far); results are made when collection is closed"
        )
    if found.results is None:
        raise CheckInError(
            f"round {found.number} of {checkin.title!r} closed with {found.people} answers,"
            f" fewer than its minimum of {checkin.invitation.min_group}, so it has no results"
        )
    return found, found.results


def export_csv(checkin: CheckIn, number: int | None, target: Path, keep: Keep) -> Round:
    """A closed round's aggregated results as CSV (``docs/checkin-csv.md``)."""
    found, results = round_results(checkin, number)
    write_text(target, results_csv(checkin.invitation, found.number, results), keep=keep)
    return found


def file_kind(path: Path) -> tuple[str, str] | None:
    """``("invitation", id)`` or ``("response", id)`` for a check-in file (by its format
    field, read through the guarded reader; the id is the check-in's), else None: a file
    opened from a file manager or given as ``leadcards FILE`` may be a deck, an invitation
    or a response. Nothing else of it is checked here."""
    try:
        data = json.loads(read_bytes(path, limit=MAX_INVITATION_BYTES, what="file"))
        kind = {INVITATION_FORMAT: "invitation", RESPONSE_FORMAT: "response"}.get(
            data.get("format")
        )
        checkin_id = data.get("checkin")
    except (UserFileError, ValueError, AttributeError, TypeError, RecursionError):
        return None
    if kind is None:
        return None
    return kind, checkin_id if isinstance(checkin_id, str) else ""
