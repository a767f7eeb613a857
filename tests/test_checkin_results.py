"""A check-in round's results: every figure equals a direct computation from the answers,
none is given below the minimum group, and nothing depends on who answered first."""

from __future__ import annotations

import random
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadcards.checkin.results import (
    MIN_GROUP_FLOOR,
    Answer,
    CardAsked,
    TooFewAnswersError,
    minimum_group,
    results,
)

CARDS = (
    CardAsked("trust", ("trust.p1", "trust.p2", "trust.n1")),
    CardAsked("vision", ("vision.p1", "vision.n1")),
    CardAsked("delivery", ("delivery.p1",)),
)
INDICATORS = [i for card in CARDS for i in card.indicator_ids]

answers_strategy = st.lists(
    st.builds(
        Answer,
        ticks=st.frozensets(st.sampled_from(INDICATORS)),
        positions=st.dictionaries(
            st.sampled_from([c.card_id for c in CARDS]), st.integers(-5, 5), min_size=0
        ),
    ),
    min_size=MIN_GROUP_FLOOR,
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(answers_strategy)
def test_every_figure_equals_a_direct_computation(answers: list[Answer]) -> None:
    found = results(answers, CARDS, minimum=MIN_GROUP_FLOOR)
    assert found.people == len(answers)
    for spread in found.spreads:
        values = [a.positions[spread.card_id] for a in answers if spread.card_id in a.positions]
        assert spread.answers == len(values)
        assert spread.median == statistics.median(values)
        if len(values) > 1:
            low, _, high = statistics.quantiles(values, n=4, method="inclusive")
            assert spread.middle_half == (low, high)
        assert sum(spread.counts) == len(values) and len(spread.counts) == 11
        for offset, count in enumerate(spread.counts):
            assert count == values.count(offset - 5)
    placed = {c.card_id: sum(c.card_id in a.positions for a in answers) for c in CARDS}
    assert {s.card_id for s in found.spreads} == {c for c, n in placed.items() if n >= 3}
    assert set(found.too_few) == {c for c, n in placed.items() if 0 < n < 3}
    for indicator in INDICATORS:
        assert found.shares[indicator] == sum(indicator in a.ticks for a in answers) / len(answers)
    for card in CARDS:
        expected = statistics.fmean(found.shares[i] for i in card.indicator_ids)
        assert found.in_place[card.card_id] == pytest.approx(expected)


@settings(max_examples=100, deadline=None)
@given(answers_strategy, st.randoms())
def test_the_order_people_answered_in_changes_nothing(
    answers: list[Answer], chance: random.Random
) -> None:
    shuffled = list(answers)
    chance.shuffle(shuffled)
    assert results(shuffled, CARDS, minimum=3) == results(answers, CARDS, minimum=3)


@settings(max_examples=100, deadline=None)
@given(answers_strategy)
def test_agree_names_narrower_middle_halves_than_differ(answers: list[Answer]) -> None:
    found = results(answers, CARDS, minimum=3)
    if found.spreads:  # on the scale: the width of the middle half
        spread = {s.card_id: s.width for s in found.spreads}
    else:  # a checklist only: how near an even split the share is
        spread = {i: 0.5 - abs(share - 0.5) for i, share in found.shares.items()}
    assert len(found.agree) <= 3 and len(found.differ) <= 3
    if found.agree:
        assert max(spread[k] for k in found.agree) <= min(spread[k] for k in found.differ)
        assert min(spread.values()) < max(spread.values())
    else:  # nothing stands out: every spread is the same
        assert found.differ == ()
        assert len(set(spread.values())) <= 1


def test_no_figure_below_the_minimum_and_never_below_three() -> None:
    four = [Answer(positions={"trust": 2})] * 4
    with pytest.raises(TooFewAnswersError, match="4 answered; results are shown from 5"):
        results(four, CARDS, minimum=5)
    assert results(four, CARDS, minimum=4).people == 4
    two = four[:2]
    with pytest.raises(TooFewAnswersError):
        results(two, CARDS, minimum=1)  # the floor holds whatever the check-in says
    assert minimum_group(None) == 5 and minimum_group(1) == 3 and minimum_group(8) == 8


def test_positions_off_the_scale_and_cards_not_asked_are_left_out() -> None:
    answers = [
        Answer(positions={"trust": 9, "other": 1}),
        Answer(positions={"trust": 1}),
        Answer(positions={"trust": 3}, ticks=frozenset({"nowhere"})),
        Answer(positions={"trust": 2}),
    ]
    found = results(answers, CARDS, minimum=3)
    (trust,) = found.spreads
    assert trust.answers == 3 and trust.median == 2
    assert "nowhere" not in found.shares


def test_a_card_fewer_than_the_minimum_placed_has_no_figure() -> None:
    """Placing a card is optional: when one person of five places it, its median would be
    that person's position."""
    answers = [Answer(positions={"trust": 1}) for _ in range(4)]
    answers.append(Answer(positions={"trust": 2, "vision": -5}))
    found = results(answers, CARDS, minimum=5)
    assert [s.card_id for s in found.spreads] == ["trust"]
    assert found.too_few == ("vision",)
    assert "vision" not in found.agree + found.differ


def test_a_checklist_deck_agrees_where_shares_are_far_from_an_even_split() -> None:
    ticks = [
        frozenset({"trust.p1", "trust.p2"}),
        frozenset({"trust.p1"}),
        frozenset({"trust.p1", "trust.n1"}),
        frozenset({"trust.p1", "trust.p2"}),
    ]
    found = results([Answer(ticks=t) for t in ticks], CARDS[:1], minimum=3)
    assert found.spreads == ()  # no scale on a checklist
    assert found.shares == {"trust.p1": 1.0, "trust.p2": 0.5, "trust.n1": 0.25}
    assert found.agree[0] == "trust.p1" and found.differ[0] == "trust.p2"
