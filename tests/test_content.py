"""The built-in decks carry the frameworks faithfully: counts, grouping, spelling, credit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from leadcards.deck import Deck, Origin, Polarity
from leadcards.library import builtin_deck

DATA = Path(__file__).parent / "data"

# Positive and negative indicators per behaviour, counted from the seed transcript after the
# extraction faults are restored (92 positive and 56 negative in all).
BEHAVIOUR_COUNTS = {
    "authenticity": (5, 4),
    "mindset": (8, 5),
    "resilience-bravery-courage": (6, 3),
    "relationships-advocacy": (6, 6),
    "collaboration-co-creation": (9, 5),
    "trust": (6, 4),
    "community-holistic-thinking": (7, 5),
    "vision-shared-direction": (4, 3),
    "system-influence": (7, 3),
    "lead-enable-others": (6, 5),
    "ownership-accountability": (8, 4),
    "delivery": (10, 5),
    "doing-things-differently": (10, 4),
}

THEMES = {
    "Being": ["Authenticity", "Mindset", "Resilience, Bravery & Courage"],
    "Relating & Communicating": [
        "Relationships & Advocacy",
        "Collaboration & Co-creation",
        "Trust",
    ],
    "Leading & Visioning": [
        "Community/Holistic Thinking",
        "Vision/Shared Direction",
        "System Influence",
        "Lead/Enable Others",
    ],
    "Delivering": ["Ownership & Accountability", "Delivery", "Doing Things Differently"],
}


@pytest.fixture(scope="module")
def slb() -> Deck:
    return builtin_deck("system-leadership-behaviours")


@pytest.fixture(scope="module")
def trace() -> Deck:
    return builtin_deck("trace")


def _texts(deck: Deck) -> list[str]:
    out = [deck.title, deck.source.credit]
    for section in (*deck.introduction, *deck.guidance):
        out += [*section.paragraphs, *section.items]
    for card in deck.cards:
        out += [card.title, card.summary, card.headline or ""]
        out += [p for s in card.sections for p in s.paragraphs]
        out += [i.text for _, i in card.indicators()]
        out += [p.text for p in card.prompts] + [e.text for e in card.examples]
    return out


def test_behaviours_are_in_framework_order_under_their_themes(slb: Deck) -> None:
    assert [t.title for t in slb.themes] == list(THEMES)
    for theme in slb.themes:
        assert [c.title for c in slb.cards_in_theme(theme.id)] == THEMES[theme.title]
    assert [c.id for c in slb.cards] == list(BEHAVIOUR_COUNTS)


def test_behaviour_indicator_counts(slb: Deck) -> None:
    for card in slb.cards:
        positive, negative = card.indicator_groups
        assert positive.polarity is Polarity.POSITIVE
        assert negative.polarity is Polarity.NEGATIVE
        counts = (len(positive.indicators), len(negative.indicators))
        assert counts == BEHAVIOUR_COUNTS[card.id], card.id
    assert sum(len(c.indicator_groups[0].indicators) for c in slb.cards) == 92
    assert sum(len(c.indicator_groups[1].indicators) for c in slb.cards) == 56


def test_every_behaviour_has_description_and_three_perspective_prompts_by_leadcards(
    slb: Deck,
) -> None:
    for card in slb.cards:
        assert card.summary and card.theme
        assert [p.space for p in card.prompts] == ["self", "organisation", "system"]
        assert all(p.origin is Origin.LEADCARDS for p in card.prompts)
        assert all(p.text.endswith("?") for p in card.prompts)
    assert [s.title for s in slb.guidance] == ["Temperature check"]
    assert "plus or minus your position" in slb.guidance[0].paragraphs[0]


def test_restored_extraction_faults(slb: Deck) -> None:
    """The faults named in the design notes are mended, not carried over."""
    by_id = {c.id: c for c in slb.cards}
    # "8" for "&" in headings
    assert by_id["resilience-bravery-courage"].title == "Resilience, Bravery & Courage"
    assert by_id["relationships-advocacy"].title == "Relationships & Advocacy"
    # Leading & Visioning: lists follow their headings in order
    assert "Navigator" in [i.text for _, i in by_id["system-influence"].indicators()]
    assert "Sets a system tone" in [i.text for _, i in by_id["lead-enable-others"].indicators()]
    assert "Whole-place/asset based focus" in [
        i.text for _, i in by_id["community-holistic-thinking"].indicators()
    ]
    # Delivering: Ownership & Accountability's lists come first in the transcript
    oa = by_id["ownership-accountability"]
    assert "Gives people power to make decisions" in [
        i.text for i in oa.indicator_groups[0].indicators
    ]
    assert [i.text for i in oa.indicator_groups[1].indicators] == [
        "Holds all power for decisions",
        "Scape goats/ blames others",
        "Uses hierarchy to prevent challenge for others",
        "Won't take out resource where necessary",
    ]
    assert "Challenges others in system to make a difference" in [
        i.text for i in oa.indicator_groups[0].indicators
    ]
    assert "Understands governance" in [i.text for _, i in by_id["delivery"].indicators()]


@pytest.mark.parametrize("deck_id", ["system-leadership-behaviours", "trace"])
def test_no_transcript_artefacts_remain(deck_id: str) -> None:
    for text in _texts(builtin_deck(deck_id)):
        assert not re.search(r"[❖□☐·]|<u>|\*\*|\\\$|\b8\b(?= [A-Z])", text), text
        assert text == text.strip() and "  " not in text, text


def test_trace_conditions_are_complete(trace: Deck) -> None:
    assert [c.title for c in trace.cards] == ["Task", "Route", "Alignment", "Capability", "Energy"]
    assert [c.headline for c in trace.cards] == [
        "Defining what needs to be achieved",
        "Determining the best route to success",
        "Building alignment across ways of working and incentives",
        "Nurturing skills, behaviours and opportunities",
        "Energy, engagement and commitment are sustained",
    ]
    for card in trace.cards:
        assert card.summary.startswith("High")
        assert [s.title for s in card.sections] == ["Why it matters"]
        assert len(card.sections[0].paragraphs) == 3
        (group,) = card.indicator_groups
        assert group.polarity is Polarity.NEUTRAL
        assert len(group.indicators) == 7
        assert [p.space for p in card.prompts] == ["self", "team", "organisation", "system"]
        assert all(p.origin is Origin.LEADCARDS for p in card.prompts)
    assert [len(c.examples) for c in trace.cards] == [2, 2, 3, 3, 3]
    assert (
        trace.card("energy")
        .examples[2]
        .text.startswith("A 'compact with physicians' at Virginia Mason Hospital drives their work")
    )


def test_trace_spaces_principles_and_quote(trace: Deck) -> None:
    assert [(s.id, s.summary) for s in trace.spaces] == [
        ("self", "Leaders understand their strengths, weaknesses and responsibilities."),
        ("team", "Leaders create the conditions in their teams for high performance."),
        ("organisation", "Leaders prioritise organisational goals over personal portfolios."),
        ("system", "Leaders create and sustain the conditions for collaboration."),
    ]
    principles = trace.introduction[0]
    assert principles.numbered and len(principles.items) == 7
    assert principles.items[0].startswith("Meets you where you are.")
    assert principles.items[6].startswith("Is relational and rational.")
    assert trace.epigraph is not None
    assert trace.epigraph.attribution == "Marshall Ganz"
    assert trace.epigraph.text.startswith("Leadership is accepting responsibility")


@pytest.mark.parametrize(
    ("deck_id", "publisher"),
    [
        ("system-leadership-behaviours", "NHS North West Leadership Academy"),
        ("trace", "Kscope Health & Care"),
    ],
)
def test_source_is_credited(deck_id: str, publisher: str) -> None:
    deck = builtin_deck(deck_id)
    assert deck.source.publisher == publisher
    assert publisher in deck.source.credit
    assert deck.source.note and "written by LeadCards" in deck.source.note


def test_published_indicator_ids_never_disappear_or_move() -> None:
    """Reflections point at indicator ids for years: the list in tests/data only grows."""
    published = [
        line.split()
        for line in (DATA / "indicator_ids.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(published) == 92 + 56 + 35
    decks = {d: builtin_deck(d) for d in ("system-leadership-behaviours", "trace")}
    for deck_id, card_id, indicator_id in published:
        card = decks[deck_id].card(card_id)
        assert indicator_id in {i.id for _, i in card.indicators()}, indicator_id
