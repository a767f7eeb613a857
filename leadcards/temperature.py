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

from leadcards.browse import plural
from leadcards.deck import Card, Deck, Polarity
from leadcards.journal.model import SCALE, Mark, TemperatureCheck


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


def _share(deck: Deck, reading: Reading) -> float:
    """Where a placed card stands on its own scale, from 0 (the low end) to 1 (the top)."""
    low, high = scale_of(deck, reading.card)
    assert reading.latest is not None
    return (reading.latest.position - low) / max(high - low, 1)


def strengths_and_development(
    deck: Deck, found: list[Reading], how_many: int = 3
) -> tuple[list[Reading], list[Reading]]:
    """The highest and the lowest placed cards, relative to each card's own scale.

    Cards placed alike are taken or left together: a tie is never split between a strength
    and the cards left out. The highest level is always a strength and the lowest always a
    development area (unless they are the same: then nothing stands out and both are
    empty); further levels join while the side stays within ``how_many`` cards.
    """
    placed = [r for r in found if r.latest is not None]
    levels: dict[float, list[Reading]] = {}
    for reading in placed:
        levels.setdefault(_share(deck, reading), []).append(reading)
    ordered = [levels[share] for share in sorted(levels, reverse=True)]
    if len(ordered) < 2:
        return [], []
    strengths = list(ordered[0])
    top = 1
    while top < len(ordered) - 1 and len(strengths) + len(ordered[top]) <= how_many:
        strengths += ordered[top]
        top += 1
    development = list(ordered[-1])
    bottom = len(ordered) - 2
    while bottom >= top and len(development) + len(ordered[bottom]) <= how_many:
        development += ordered[bottom]
        bottom -= 1
    return strengths, development


def shown(deck: Deck, value: int) -> str:
    """A position as the results show it: signed on the behaviours' scale, a count otherwise."""
    return f"{value:+d}" if measure_for(deck) == "scale" and value else str(value)


def _names(titles: list[str]) -> str:
    if len(titles) < 2:
        return "".join(titles)
    return "; ".join(titles[:-1]) + " and " + titles[-1]  # titles may hold commas


def _group_words(deck: Deck, group: list[Reading]) -> str:
    """ "Trust (+3), Delivery (+2)"; a tie is said once: "Trust and Delivery (both +3)"."""
    runs: list[list[Reading]] = []
    for reading in group:
        assert reading.latest is not None
        if runs and runs[-1][0].latest and runs[-1][0].latest.position == reading.latest.position:
            runs[-1].append(reading)
        else:
            runs.append([reading])
    parts = []
    for run in runs:
        assert run[0].latest is not None
        value = shown(deck, run[0].latest.position)
        if len(run) == 1:
            parts.append(f"{run[0].card.title} ({value})")
        else:
            both = "both" if len(run) == 2 else f"all {len(run)}"
            parts.append(f"{_names([r.card.title for r in run])} ({both} {value})")
    return "; ".join(parts)


def summary(deck: Deck, found: list[Reading], how_many: int = 3) -> list[str]:
    """The results in words: strengths and development areas only where positions differ,
    and a tie or an all-equal check said as such."""
    placed = [r for r in found if r.latest is not None]
    noun = deck.terms.card
    if not placed:
        return [f"No {plural(noun, 2)} placed yet."]
    shares = {_share(deck, r) for r in placed}
    if len(shares) == 1:
        every = f"All {len(placed)}" if len(placed) > 2 else "Both" if len(placed) == 2 else "The"
        verb = "is" if len(placed) == 1 else "are"
        positions = {r.latest.position for r in placed if r.latest is not None}
        if len(positions) > 1:
            where = f"{verb} at the same point of their scales"
        elif measure_for(deck) == "scale":
            where = f"{verb} at {shown(deck, positions.pop())}"
        else:
            count = positions.pop()
            has = "has" if len(placed) == 1 else "have"
            where = f"{has} {count} {plural('indicator', count)} in place"
        return [
            f"{every} {plural(noun, len(placed))} {where}: no strengths or development areas "
            "stand out yet."
        ]
    strengths, development = strengths_and_development(deck, found, how_many)

    def line(title: str, group: list[Reading], other: list[Reading], side: str) -> str:
        if len(group) <= how_many:
            return f"{title}: {_group_words(deck, group)}."
        assert group[0].latest is not None
        value = shown(deck, group[0].latest.position)
        many = f"{len(group)} {plural(noun, len(group))}"
        if len(group) + len(other) == len(placed):  # everything but the other side
            return f"{title}: none stands out; the other {many} are all at {value}."
        names = _names([r.card.title for r in group])
        return (
            f"{title}: none stands out alone; {many} share the {side} position, {value}: {names}."
        )

    return [
        line("Strengths", strengths, development, "highest"),
        line("Development areas", development, strengths, "lowest"),
    ]


def trend(
    checks: Iterable[TemperatureCheck], card_id: str, space: str | None = None
) -> list[tuple[dt.datetime, int]]:
    """A card's positions over time, oldest first."""
    return [
        (c.taken, c.position)
        for c in sorted(checks, key=lambda c: c.taken)
        if c.card_id == card_id and (space is None or c.space == space)
    ]
