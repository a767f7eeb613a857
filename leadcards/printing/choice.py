"""Which cards go into a printed file: whole decks, chosen themes, chosen cards.

Cards keep their deck order whatever order they were asked for in. A card may be named as
``CARD`` or ``DECK/CARD``, a theme as ``THEME`` or ``DECK/THEME``; a name that matches
nothing, or more than one deck, is refused with the names that would have worked.
"""

from __future__ import annotations

from collections.abc import Sequence

from leadcards.deck import Card, Deck
from leadcards.printing.layout import LayoutError


class ChoiceError(LayoutError):
    """A deck, theme or card that is not there, or is ambiguous; the message says which."""


def _split(name: str) -> tuple[str, str]:
    deck_id, _, item = name.strip().rpartition("/")
    return deck_id, item


def _resolve(
    decks: Sequence[Deck], names: Sequence[str], kind: str, ids_of: dict[str, set[str]]
) -> set[tuple[str, str]]:
    wanted: set[tuple[str, str]] = set()
    for name in names:
        deck_id, item = _split(name)
        found = [
            (deck.id, item)
            for deck in decks
            if (not deck_id or deck.id == deck_id) and item in ids_of[deck.id]
        ]
        if not found:
            known = ", ".join(sorted(f"{d}/{i}" for d in ids_of for i in ids_of[d]))
            raise ChoiceError(f'no {kind} "{name}" in the chosen decks (known: {known})')
        if len(found) > 1:
            options = ", ".join(f"{d}/{i}" for d, i in found)
            raise ChoiceError(f'the {kind} "{name}" is in more than one deck; say which: {options}')
        wanted.add(found[0])
    return wanted


def choose(
    decks: Sequence[Deck],
    *,
    themes: Sequence[str] = (),
    cards: Sequence[str] = (),
) -> list[tuple[Deck, tuple[Card, ...]]]:
    """The cards of ``decks`` to print: all of them, or those in ``themes`` plus ``cards``."""
    theme_ids = {deck.id: {t.id for t in deck.themes} for deck in decks}
    card_ids = {deck.id: {c.id for c in deck.cards} for deck in decks}
    chosen_themes = _resolve(decks, themes, "theme", theme_ids)
    chosen_cards = _resolve(decks, cards, "card", card_ids)
    everything = not themes and not cards
    picked: list[tuple[Deck, tuple[Card, ...]]] = []
    for deck in decks:
        kept = tuple(
            card
            for card in deck.cards
            if everything
            or (deck.id, card.theme) in chosen_themes
            or (deck.id, card.id) in chosen_cards
        )
        if kept:
            picked.append((deck, kept))
    if not picked:
        raise ChoiceError("no cards were chosen")
    return picked
