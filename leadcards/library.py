"""The decks available to the user: the built-in ones and any in ``<data dir>/decks``.

A user deck that fails validation is reported and skipped; it never stops the others from
loading, and a user deck never replaces a built-in one with the same id.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from leadcards import resources
from leadcards.deck import Deck, DeckError, Problem, load_deck_bytes, load_deck_file

BUILTIN_DECK_IDS = ("system-leadership-behaviours", "trace")
MAX_USER_DECKS = 200


@dataclass(frozen=True)
class Library:
    decks: tuple[Deck, ...]
    problems: tuple[DeckError, ...] = ()
    builtin_ids: frozenset[str] = frozenset(BUILTIN_DECK_IDS)

    def deck(self, deck_id: str) -> Deck:
        for deck in self.decks:
            if deck.id == deck_id:
                return deck
        raise KeyError(deck_id)

    def ids(self) -> tuple[str, ...]:
        return tuple(deck.id for deck in self.decks)


def builtin_deck(deck_id: str) -> Deck:
    """Load one built-in deck from the package's resources."""
    name = f"{deck_id}.json"
    data = resources.file("decks", name).read_bytes()
    return load_deck_bytes(data, f"built-in deck {name}")


def builtin_decks() -> tuple[Deck, ...]:
    return tuple(builtin_deck(deck_id) for deck_id in BUILTIN_DECK_IDS)


def user_deck_files(decks_dir: Path) -> list[Path]:
    """The ``*.json`` files in the user's deck folder, in name order (none if it is missing)."""
    try:
        return sorted(p for p in decks_dir.glob("*.json") if p.is_file())
    except OSError:
        return []


def with_deck_file(library: Library, path: Path) -> tuple[Library, str | None]:
    """The library with the deck file at ``path`` added (a file opened from a file manager
    or given on the command line), and the id of the deck to show. A file that is not a
    valid deck, or whose id belongs to a different deck already loaded, is added to the
    problems instead, and the id is None."""
    try:
        deck = load_deck_file(path)
    except DeckError as exc:
        return Library(library.decks, (*library.problems, exc), library.builtin_ids), None
    if deck.id in library.ids():
        if library.deck(deck.id) == deck:
            return library, deck.id  # the same deck, already here
        problem = DeckError(
            str(path),
            [Problem("$.id", f'a different deck with the id "{deck.id}" is already loaded')],
        )
        return Library(library.decks, (*library.problems, problem), library.builtin_ids), None
    return Library((*library.decks, deck), library.problems, library.builtin_ids), deck.id


def load_library(decks_dir: Path | None) -> Library:
    """Built-in decks first, then valid user decks; invalid user decks go to ``problems``."""
    decks = list(builtin_decks())
    problems: list[DeckError] = []
    known = {deck.id: f"built-in deck {deck.id}" for deck in decks}
    files = user_deck_files(decks_dir) if decks_dir is not None else []
    for index, path in enumerate(files):
        if index >= MAX_USER_DECKS:
            problems.append(
                DeckError(
                    str(path),
                    [
                        Problem(
                            "$", f"not loaded: LeadCards loads at most {MAX_USER_DECKS} user decks"
                        )
                    ],
                )
            )
            continue
        try:
            deck = load_deck_file(path)
        except DeckError as exc:
            problems.append(exc)
            continue
        if deck.id in known:
            problems.append(
                DeckError(
                    str(path),
                    [
                        Problem(
                            "$.id",
                            f'a deck with the id "{deck.id}" is already loaded '
                            f"from {known[deck.id]}",
                        )
                    ],
                )
            )
            continue
        known[deck.id] = str(path)
        decks.append(deck)
    return Library(tuple(decks), tuple(problems))
