"""The temperature check, as the System Leadership Behaviours framework describes it.

For each behaviour the user places themselves on a scale from -5 to +5 (zero in the
middle); each positive indicator they tick suggests a step up and each negative one a step
down, and they set the final position themselves. For TRACE conditions the measure is how
many of the condition's indicators are in place, per space. Pure functions over deck data
and journal records, for the check-in screen, the results page and printed journals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from leadcards.deck import Card, Deck, Polarity
from leadcards.journal import SCALE, Mark, TemperatureCheck


def measure_for(deck: Deck) -> str:
    """ "scale" for decks with positive and negative indicators, "count" for checklists."""
    polarities = {g.polarity for c in deck.cards for g in c.indicator_groups}
    return "scale" if polarities & {Polarity.POSITIVE, Polarity.NEGATIVE} else "count"


def suggested_position(card: Card, marks: Mapping[str, Mark]) -> int:
    """One step up per positive indicator marked, one down per negative, within the scale."""
    step = 0
    for group, indicator in card.indicators():
        if indicator.id not in marks:
            continue
        if group.polarity is Polarity.POSITIVE:
            step += 1
        elif group.polarity is Polarity.NEGATIVE:
            step -= 1
    return max(SCALE[0], min(SCALE[1], step))


def in_place(card: Card, marks: Mapping[str, Mark]) -> int:
    """How many of a card's indicators are marked (the TRACE measure)."""
    return sum(1 for _, indicator in card.indicators() if indicator.id in marks)


def scale_of(deck: Deck, card: Card) -> tuple[int, int]:
    if measure_for(deck) == "scale":
        return SCALE
    return 0, sum(1 for _ in card.indicators())


@dataclass(frozen=True)
class Reading:
    """A card's latest position, the one before it, and the target, for the results page."""

    card: Card
    latest: TemperatureCheck | None
    previous: TemperatureCheck | None

    @property
    def target(self) -> int | None:
        return self.latest.target if self.latest else None


def readings(
    deck: Deck, checks: Iterable[TemperatureCheck], space: str | None = None
) -> list[Reading]:
    """For each card in deck order: its latest and previous check (in one space, if given)."""
    by_card: dict[str, list[TemperatureCheck]] = {}
    for check in sorted(checks, key=lambda c: c.taken):
        if check.deck_id == deck.id and (space is None or check.space == space):
            by_card.setdefault(check.card_id, []).append(check)
    result = []
    for card in deck.cards:
        history = by_card.get(card.id, [])
        result.append(
            Reading(
                card, history[-1] if history else None, history[-2] if len(history) > 1 else None
            )
        )
    return result


def strengths_and_development(
    deck: Deck, found: list[Reading], how_many: int = 3
) -> tuple[list[Reading], list[Reading]]:
    """The highest and the lowest placed cards, relative to each card's own scale."""
    placed = [r for r in found if r.latest is not None]

    def share(reading: Reading) -> float:
        low, high = scale_of(deck, reading.card)
        assert reading.latest is not None
        return (reading.latest.position - low) / max(high - low, 1)

    ordered = sorted(placed, key=share, reverse=True)
    strengths = ordered[:how_many]
    development = [r for r in reversed(ordered) if r not in strengths][:how_many]
    return strengths, development


def trend(
    checks: Iterable[TemperatureCheck], card_id: str, space: str | None = None
) -> list[tuple[dt.datetime, int]]:
    """A card's positions over time, oldest first."""
    return [
        (c.taken, c.position)
        for c in sorted(checks, key=lambda c: c.taken)
        if c.card_id == card_id and (space is None or c.space == space)
    ]
