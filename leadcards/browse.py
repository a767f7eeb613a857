"""Finding cards: the filter by theme and the text search behind the card browser.

Pure functions over deck data, shared by the app's grid, the presenter and the CLI.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Iterable

from leadcards.deck import Card, Deck


def fold(text: str) -> str:
    """Text for matching: case-folded, accents removed, whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def plural(word: str, count: int) -> str:
    """``word`` in lower case, made plural for a count other than one (English rules)."""
    lower = word.lower()
    if count == 1:
        return lower
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return lower + "es"
    if lower.endswith("y") and lower[-2:-1] not in tuple("aeiou"):
        return lower[:-1] + "ies"
    return lower + "s"


def card_text(deck: Deck, card: Card) -> str:
    """Every piece of text a reader sees for a card, for searching."""
    parts: list[str] = [card.title, card.summary, card.headline or ""]
    with contextlib.suppress(KeyError):
        parts.append(deck.theme(card.theme).title)
    for section in card.sections:
        parts += [section.title or "", *section.paragraphs, *section.items]
    for group, indicator in card.indicators():
        parts += [group.title, indicator.text]
    for prompt in card.prompts:
        parts += [prompt.text, prompt.follow_up or ""]
    for example in card.examples:
        parts += [example.subject or "", example.text]
    return fold("\n".join(parts))


def matches(deck: Deck, card: Card, query: str) -> bool:
    """True when every word of ``query`` occurs somewhere in the card's text."""
    words = fold(query).split()
    if not words:
        return True
    text = card_text(deck, card)
    return all(word in text for word in words)


def filter_cards(deck: Deck, theme_id: str | None = None, query: str = "") -> tuple[Card, ...]:
    """The deck's cards in deck order, narrowed to one theme and to a search, if given."""
    return tuple(
        card
        for card in deck.cards
        if (theme_id is None or card.theme == theme_id) and matches(deck, card, query)
    )


def neighbour(cards: Iterable[Card], current_id: str, step: int) -> Card | None:
    """The card ``step`` places from ``current_id`` in ``cards`` (clamped at the ends).

    If the current card is not in the list (the filter changed under it), the first card
    is the answer for a forward step and the last for a backward one.
    """
    listed = list(cards)
    if not listed:
        return None
    ids = [card.id for card in listed]
    if current_id not in ids:
        return listed[0] if step >= 0 else listed[-1]
    index = max(0, min(len(listed) - 1, ids.index(current_id) + step))
    return listed[index]
