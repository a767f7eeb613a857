"""Filtering and searching cards (the core behind the card browser)."""

from __future__ import annotations

import pytest

from leadcards.browse import filter_cards, fold, neighbour, plural
from leadcards.deck import Deck
from leadcards.library import builtin_deck


@pytest.fixture(scope="module")
def slb() -> Deck:
    return builtin_deck("system-leadership-behaviours")


def titles(cards) -> list[str]:
    return [card.title for card in cards]


def test_fold_ignores_case_accents_and_spacing() -> None:
    assert fold("  Brené   BROWN ") == "brene brown"


def test_theme_filter_keeps_deck_order(slb: Deck) -> None:
    assert titles(filter_cards(slb, "delivering")) == [
        "Ownership & Accountability",
        "Delivery",
        "Doing Things Differently",
    ]
    assert len(filter_cards(slb)) == 13


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("trust", ["Trust"]),  # the title
        ("scape goats", ["Ownership & Accountability"]),  # a negative indicator
        ("ASSET based", ["Community/Holistic Thinking"]),  # a positive indicator, any case
        ("vulnerable", ["Trust"]),
        ("not my job", ["Mindset"]),
    ],
)
def test_search_looks_at_every_text_of_a_card(slb: Deck, query: str, expected: list[str]) -> None:
    assert titles(filter_cards(slb, None, query)) == expected


def test_search_words_must_all_match(slb: Deck) -> None:
    assert titles(filter_cards(slb, None, "vulnerable kindness")) == ["Trust"]
    assert filter_cards(slb, None, "vulnerable procurement") == ()


def test_search_and_theme_combine(slb: Deck) -> None:
    assert titles(filter_cards(slb, "being", "failure")) == [
        "Mindset",
        "Resilience, Bravery & Courage",
    ]


def test_search_finds_trace_examples_and_why_it_matters() -> None:
    trace = builtin_deck("trace")
    assert titles(filter_cards(trace, None, "Buurtzorg")) == ["Task"]
    assert titles(filter_cards(trace, None, "interpersonal mush")) == ["Alignment"]


def test_neighbour_steps_and_clamps(slb: Deck) -> None:
    cards = filter_cards(slb, "being")
    assert neighbour(cards, "mindset", 1).id == "resilience-bravery-courage"
    assert neighbour(cards, "resilience-bravery-courage", 1).id == "resilience-bravery-courage"
    assert neighbour(cards, "authenticity", -1).id == "authenticity"
    assert neighbour(cards, "trust", 1).id == "authenticity"
    assert neighbour(cards, "trust", -1).id == "resilience-bravery-courage"
    assert neighbour((), "trust", 1) is None


@pytest.mark.parametrize(
    ("word", "count", "expected"),
    [
        ("Behaviour", 13, "behaviours"),
        ("Condition", 1, "condition"),
        ("Story", 2, "stories"),
        ("Day", 2, "days"),
        ("Box", 3, "boxes"),
        ("Card", 0, "cards"),
    ],
)
def test_plural(word: str, count: int, expected: str) -> None:
    assert plural(word, count) == expected


def test_search_finds_a_card_by_a_question_or_its_follow_up(slb: Deck) -> None:
    assert titles(filter_cards(slb, None, "hardest to approach")) == ["Relationships & Advocacy"]
    # The follow-up line is searched too.
    assert titles(filter_cards(slb, None, "people watching learn")) == ["Lead/Enable Others"]
