"""A round's results, from its answers: what a coach may show a team, and nothing more.

Each person's answer is ticks (the indicators they see in place) and, for the behaviours
deck, a position per card on the -5..+5 scale. Results exist only when at least the
minimum group answered (never below three): below it there is no figure at all. A card's
positions are told as the number of answers, the median, the middle half (the lower and
upper quartiles, Python's ``statistics.quantiles`` with the inclusive method) and how many
chose each position; never a lowest or highest position on its own, which in a small group
points at one person. An indicator is told as the share of the team who ticked it.

Where the team agrees most and differs most: on the scale, the cards whose middle half is
narrowest and widest; on a checklist (TRACE), the indicators whose share is furthest from
and closest to an even split. Ties keep the deck's order.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from leadcards.journal.model import SCALE

MIN_GROUP_FLOOR = 3  # no check-in may show results for fewer people than this
MIN_GROUP_DEFAULT = 5
AGREE_AT_MOST = 3  # cards (or indicators) named where the team agrees most, and differs
ANONYMITY = (
    "LeadCards never shows one person's answers, but anyone who knows their own answers "
    "can narrow down others' in a small group."
)


class TooFewAnswersError(ValueError):
    """Fewer people answered than the check-in's minimum group: no results are given."""


@dataclass(frozen=True)
class Answer:
    """One person's answer, with nothing that says who, when or in what order."""

    ticks: frozenset[str] = frozenset()  # indicator ids seen in place
    positions: Mapping[str, int] = field(default_factory=dict)  # card id -> scale position


@dataclass(frozen=True)
class CardAsked:
    """A card of the check-in: its id and the ids of its indicators, in the deck's order."""

    card_id: str
    indicator_ids: tuple[str, ...]


@dataclass(frozen=True)
class Spread:
    """The team's positions on one card."""

    card_id: str
    answers: int
    median: float
    middle_half: tuple[float, float]  # lower and upper quartile
    counts: tuple[int, ...]  # people at each position, from the scale's low end up

    @property
    def width(self) -> float:
        return self.middle_half[1] - self.middle_half[0]


@dataclass(frozen=True)
class Results:
    people: int
    spreads: tuple[Spread, ...]  # cards with a position asked (behaviours), deck order
    shares: Mapping[str, float]  # indicator id -> share of the team who ticked it
    in_place: Mapping[str, float]  # card id -> share of its indicators ticked, over all
    agree: tuple[str, ...]  # card ids on the scale, else indicator ids; most first
    differ: tuple[str, ...]
    # Cards some placed on the scale, but fewer than the minimum group: no figure for them
    # (a median of one or two answers would be those people's own).
    too_few: tuple[str, ...] = ()


def too_few_words(titles: Sequence[str], minimum: int) -> str:
    """What is said of the cards too few placed on the scale (empty when none were)."""
    if not titles:
        return ""
    named = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
    return (
        f"Fewer than {minimum} placed {named} on the scale, so no positions are shown for "
        f"{'it' if len(titles) == 1 else 'them'}."
    )


def minimum_group(asked: int | None) -> int:
    """The minimum group a check-in uses: the one asked for, never below the floor."""
    return max(MIN_GROUP_FLOOR, MIN_GROUP_DEFAULT if asked is None else asked)


def middle_half(values: Sequence[int]) -> tuple[float, float]:
    """The lower and upper quartiles (one value: itself twice)."""
    if len(values) == 1:
        return float(values[0]), float(values[0])
    low, _, high = statistics.quantiles(values, n=4, method="inclusive")
    return float(low), float(high)


def results(
    answers: Sequence[Answer],
    cards: Sequence[CardAsked],
    *,
    minimum: int,
    scale: tuple[int, int] = SCALE,
) -> Results:
    """The round's results, or :class:`TooFewAnswersError` below ``minimum`` (never below the
    floor). Positions on cards not asked, and ticks of indicators not asked, are left out."""
    people = len(answers)
    if people < max(MIN_GROUP_FLOOR, minimum):
        raise TooFewAnswersError(
            f"{people} answered; results are shown from {max(MIN_GROUP_FLOOR, minimum)}"
        )
    low, high = scale
    spreads: list[Spread] = []
    too_few: list[str] = []
    for card in cards:
        values = sorted(
            answer.positions[card.card_id]
            for answer in answers
            if card.card_id in answer.positions and low <= answer.positions[card.card_id] <= high
        )
        if not values:
            continue
        if len(values) < max(MIN_GROUP_FLOOR, minimum):
            too_few.append(card.card_id)
            continue
        counts = tuple(values.count(position) for position in range(low, high + 1))
        spreads.append(
            Spread(
                card.card_id, len(values), statistics.median(values), middle_half(values), counts
            )
        )
    shares = {
        indicator: sum(indicator in answer.ticks for answer in answers) / people
        for card in cards
        for indicator in card.indicator_ids
    }
    in_place = {
        card.card_id: statistics.fmean(shares[i] for i in card.indicator_ids)
        for card in cards
        if card.indicator_ids
    }
    if spreads:  # agreement is a narrow middle half
        agree, differ = _extremes({s.card_id: s.width for s in spreads})
    else:  # agreement is a share far from an even split
        agree, differ = _extremes({i: 0.5 - abs(share - 0.5) for i, share in shares.items()})
    return Results(people, tuple(spreads), shares, in_place, agree, differ, tuple(too_few))


def _extremes(spread: dict[str, float]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The keys with the least spread and with the most, at most AGREE_AT_MOST each, in
    order (ties in the given order). Where every spread is the same, nothing stands out
    either way, and both are empty."""
    if not spread or min(spread.values()) == max(spread.values()):
        return (), ()
    least, most = min(spread.values()), max(spread.values())
    agree = [key for key in sorted(spread, key=spread.__getitem__) if spread[key] < most]
    differ = [key for key in sorted(spread, key=lambda k: -spread[k]) if spread[key] > least]
    return tuple(agree[:AGREE_AT_MOST]), tuple(differ[:AGREE_AT_MOST])


# --------------------------------------------------------------------------- kept results


def results_text(found: Results) -> str:
    """A closed round's results as the JSON the journal keeps (they never change)."""
    return json.dumps(
        {
            "people": found.people,
            "spreads": [
                {
                    "card": s.card_id,
                    "answers": s.answers,
                    "median": s.median,
                    "middle_half": list(s.middle_half),
                    "counts": list(s.counts),
                }
                for s in found.spreads
            ],
            "shares": dict(found.shares),
            "in_place": dict(found.in_place),
            "agree": list(found.agree),
            "differ": list(found.differ),
            "too_few": list(found.too_few),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def results_from_text(text: str) -> Results:
    """Results read back from :func:`results_text`; ``ValueError`` (with what is wrong)
    for anything else, so a damaged journal or backup is named, never half-read."""
    try:
        data = json.loads(text)
        spreads = tuple(
            Spread(
                str(s["card"]),
                _whole(s["answers"]),
                _number(s["median"]),
                (_number(s["middle_half"][0]), _number(s["middle_half"][1])),
                tuple(_whole(n) for n in s["counts"]),
            )
            for s in data["spreads"]
        )
        found = Results(
            people=_whole(data["people"]),
            spreads=spreads,
            shares={str(k): _number(v) for k, v in data["shares"].items()},
            in_place={str(k): _number(v) for k, v in data["in_place"].items()},
            agree=tuple(str(k) for k in data["agree"]),
            differ=tuple(str(k) for k in data["differ"]),
            too_few=tuple(str(k) for k in data["too_few"]),
        )
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        raise ValueError(f"kept results that cannot be read ({exc})") from None
    if set(data) != {"people", "spreads", "shares", "in_place", "agree", "differ", "too_few"}:
        raise ValueError("kept results that cannot be read (unknown fields)")
    return found


def results_problems(
    found: Results, cards: Sequence[CardAsked], *, people: int, minimum: int
) -> list[str]:
    """What makes kept results other than :func:`results` would have made for a round of
    ``people`` over ``cards`` (a damaged journal or backup): empty when they fit."""
    problems = []
    floor = max(MIN_GROUP_FLOOR, minimum)
    asked = {card.card_id: card.indicator_ids for card in cards}
    indicators = {i for ids in asked.values() for i in ids}
    low, high = SCALE
    if found.people != people or people < floor:
        problems.append(f"they are for {found.people} people; the round had {people}")
    for spread in found.spreads:
        if spread.card_id not in asked:
            problems.append(f"they give positions on {spread.card_id!r}, a card not asked")
        if (
            len(spread.counts) != high - low + 1
            or sum(spread.counts) != spread.answers
            or not floor <= spread.answers <= people
            or not low <= spread.middle_half[0] <= spread.median <= spread.middle_half[1] <= high
        ):
            problems.append(f"the positions on {spread.card_id!r} do not add up")
    if set(found.shares) != indicators or not all(0 <= v <= 1 for v in found.shares.values()):
        problems.append("the shares are not one per indicator asked, from 0 to 1")
    if not set(found.in_place) <= set(asked) or not all(
        0 <= v <= 1 for v in found.in_place.values()
    ):
        problems.append("the shares in place are not per card asked, from 0 to 1")
    named = set(asked) | indicators
    if not set(found.agree) | set(found.differ) | set(found.too_few) <= named:
        problems.append("they name a card or indicator not asked")
    return problems


def _whole(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{value!r} is not a count")
    return value


def _number(value: object) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    return float(value)
