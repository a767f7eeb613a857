"""The questions LeadCards writes for the built-in decks follow the rules in docs/content.md.

What a machine can check is checked here, on every card prompt, every follow-up line and
every deck-wide question of both built-in decks: one question, ending in its only question
mark; no second question joined on by "and" or "or"; no yes/no opener; no one-word rating
("How honest are you…"); at most 140 characters; a group or private mark on each; every
space of every card asked about; ids unique. What needs a reader (plain, not leading,
concrete, in its space) is argued in docs/content.md.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from importlib import resources

import pytest

from leadcards.deck import Audience, Deck, Origin, QuestionKind
from leadcards.library import builtin_deck

DECKS = ("system-leadership-behaviours", "trace")

# A question a busy manager reads in one go, and one that fits three lines of a card's
# back at its body size and two lines of the audience window at projector size.
MAX_CHARS = 140

# A second question joined on: ", and what…?", "…or how…?", "and is it…?". The words
# after "and"/"or" are the ones that open a question (wh-words and the auxiliaries a
# yes/no question starts with).
_ASKING = (
    r"what|how|why|where|when|who|whom|whose|which|is|are|was|were|do|does|did|can|could|"
    r"would|will|should|has|have|had"
)
SECOND_QUESTION = re.compile(rf"\b(?:and|or)\s+(?:{_ASKING})\b", re.IGNORECASE)
# A question answered "yes" or "no".
YES_NO_OPENER = re.compile(
    r"^(?:can|could|do|does|did|is|are|was|were|have|has|had|will|would|should|shall|may|"
    r"might|must)\b",
    re.IGNORECASE,
)
# A question answered with a word on a scale of the asker's choosing: "How honest are
# you…", "How visible are you…", "How well do you…". (Scaling belongs to the deck-wide
# scaling question, on the deck's own temperature-check scale.)
ONE_WORD_RATING = re.compile(
    r"^how\s+(?!(?:do|does|did|could|would|might|can|will|should|is|are)\b)\w+\s+"
    r"(?:are|is|was|were|do|does|did)\b",
    re.IGNORECASE,
)


def problems_with(text: str) -> list[str]:
    """What breaks the machine-checkable rules in one question (nothing: an empty list)."""
    found = []
    if text.count("?") != 1 or not text.endswith("?"):
        found.append("not exactly one question mark, at the end")
    if SECOND_QUESTION.search(text):
        found.append("a second question joined by and/or")
    if YES_NO_OPENER.search(text):
        found.append("a yes/no opener")
    if ONE_WORD_RATING.search(text):
        found.append("asks for a one-word rating")
    if len(text) > MAX_CHARS:
        found.append(f"{len(text)} characters; at most {MAX_CHARS}")
    if text != " ".join(text.split()):
        found.append("stray spaces or line breaks")
    return found


def every_question(deck: Deck) -> list[tuple[str, str]]:
    """(where, text) for each prompt, follow-up and deck-wide question of the deck."""
    out = []
    for card in deck.cards:
        for prompt in card.prompts:
            out.append((prompt.id, prompt.text))
            if prompt.follow_up is not None:
                out.append((f"{prompt.id} follow-up", prompt.follow_up))
    for question in deck.questions:
        out.append((question.id, question.text))
        if question.follow_up is not None:
            out.append((f"{question.id} follow-up", question.follow_up))
    return out


@pytest.mark.parametrize("deck_id", DECKS)
def test_every_question_is_one_open_question_short_enough_to_read_in_one_go(
    deck_id: str,
) -> None:
    broken = {
        where: problems
        for where, text in every_question(builtin_deck(deck_id))
        if (problems := problems_with(text))
    }
    assert broken == {}


@pytest.mark.parametrize(
    "old",
    [  # prompts LeadCards shipped before, each breaking a rule
        "When did you last act on your values even though it cost you something? What did "
        "it show you about what you are here for?",
        "Where does what your organisation says it values differ from what people see it do, "
        "and what part do you play in closing that gap?",
        "How honest are you with partners about what you know, what you don't know and what "
        "can be achieved with the resources you have?",
        "Can you describe the vision you are working towards in a sentence that someone "
        "outside your organisation would understand?",
        "Is your organisation's current task simple, complicated, complex or chaotic, and does "
        "the way you are approaching it match that?",
        "Which goals across the system are non-negotiable, and which could be adjusted or "
        "paused if the context changes?",
        "How well do you and your partners work with conflict and competing priorities, and "
        "what would help you do it better?",
        "Do the incentives in your organisation reward the success of the whole or of one "
        "part? Which one would you change?",
        "How visible are you to staff, partners and communities?",
    ],
)
def test_the_rules_catch_the_questions_they_were_written_against(old: str) -> None:
    assert problems_with(old)


@pytest.mark.parametrize("deck_id", DECKS)
def test_every_prompt_and_question_is_marked_group_or_private_in_the_file(deck_id: str) -> None:
    # The loader counts an unmarked format-1 prompt as private; the built-in decks say so
    # themselves, in format 2, on every prompt and question.
    raw = resources.files("leadcards.resources").joinpath("decks", f"{deck_id}.json")
    document = json.loads(raw.read_text(encoding="utf-8"))
    assert document["format"] == "leadcards-deck/2"
    marked = [p for c in document["cards"] for p in c["prompts"]] + document["questions"]
    assert marked
    assert all(entry["audience"] in ("group", "private") for entry in marked)
    assert all(entry["origin"] == "leadcards" for entry in marked)


@pytest.mark.parametrize("deck_id", DECKS)
def test_every_space_of_every_card_is_asked_about_and_ids_are_unique(deck_id: str) -> None:
    deck = builtin_deck(deck_id)
    spaces = [space.id for space in deck.spaces]
    for card in deck.cards:
        assert sorted({p.space for p in card.prompts}, key=spaces.index) == spaces, card.id
        assert all(p.id.startswith(f"{card.id}.") for p in card.prompts), card.id
    ids = [p.id for c in deck.cards for p in c.prompts] + [q.id for q in deck.questions]
    assert [i for i, n in Counter(ids).items() if n > 1] == []


@pytest.mark.parametrize("deck_id", DECKS)
def test_most_prompts_can_be_asked_in_a_group_and_every_card_has_one(deck_id: str) -> None:
    deck = builtin_deck(deck_id)
    assert all(card.group_prompts() for card in deck.cards)  # the audience window asks one
    prompts = [p for c in deck.cards for p in c.prompts]
    private = [p for p in prompts if p.audience is Audience.PRIVATE]
    assert 0 < len(private) < len(prompts) // 4


def test_the_set_varies_its_shape_and_asks_for_next_steps() -> None:
    questions = [
        text
        for deck_id in DECKS
        for where, text in every_question(builtin_deck(deck_id))
        if "follow-up" not in where
    ]
    learned = [q for q in questions if re.search(r"\blearn(?:ed|t)?\b", q) and "you" in q]
    assert len(learned) <= 1  # "what did you learn" on four cards was the old habit
    openers = Counter(q.split()[0] for q in questions)
    assert openers.most_common(1)[0][1] <= len(questions) // 2
    assert len(openers) >= 5
    past = [q for q in questions if re.search(r"\b(did|was|were|last)\b", q)]
    assert len(past) >= 8
    ahead = [q for q in questions if re.search(r"\b(will|next|this month|first step)\b", q)]
    assert len(ahead) >= 4


def test_deck_wide_coaching_questions() -> None:
    slb, trace = builtin_deck("system-leadership-behaviours"), builtin_deck("trace")
    assert [q.kind for q in slb.questions] == [
        QuestionKind.SCALING,
        QuestionKind.STRENGTHS,
        QuestionKind.RESOURCES,
        QuestionKind.NEXT_STEP,
        QuestionKind.PERSPECTIVE,
    ]
    assert [q.kind for q in trace.questions] == [
        QuestionKind.SCALING,
        QuestionKind.STRENGTHS,
        QuestionKind.RESOURCES,
        QuestionKind.NEXT_STEP,
    ]
    for deck in (slb, trace):
        assert all(q.origin is Origin.LEADCARDS for q in deck.questions)
    # The scaling questions use each deck's own measure: -5 to +5 for the behaviours' temperature
    # check, how many indicators are in place for a TRACE condition.
    assert "\u22125 to +5" in slb.questions[0].text
    assert "indicators in place" in trace.questions[0].text
    assert "patient or resident" in slb.questions[4].text
