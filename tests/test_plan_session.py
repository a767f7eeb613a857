"""A plan being run: every built-in plan walked step by step over its deck, each card action
resolved as it says, what is captured kept through Back, the step timers, and a plan for
another deck refused in words."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadcards.deck import Card, Deck, Source, Theme
from leadcards.journal.model import TemperatureCheck
from leadcards.library import builtin_decks
from leadcards.plan_session import (
    PlanSession,
    PlanSessionError,
    StepTimer,
    latest_positions,
)
from leadcards.plans import CardAction, Plan, Step, builtin_plans

DECKS = {deck.id: deck for deck in builtin_decks()}
PLANS = {plan.id: plan for plan in builtin_plans(DECKS)}
SLB, TRACE = DECKS["system-leadership-behaviours"], DECKS["trace"]
CHECK = {
    "trust": -3,
    "mindset": 4,
    "delivery": -3,
    "authenticity": 1,
    "vision-shared-direction": -1,
}


def deck_for(plan: Plan) -> Deck:
    return DECKS[plan.deck] if plan.deck else SLB


def ids(deck: Deck) -> list[str]:
    return [card.id for card in deck.cards]


def plan_of(*actions: CardAction, deck: str | None = None) -> Plan:
    steps = tuple(Step(f"Step {n}", "Do it.", cards=a) for n, a in enumerate(actions, 1))
    return Plan("p", "A plan", "solo", 5, "For tests.", steps, deck=deck)


def small_deck(size: int) -> Deck:
    theme = Theme("t", "Theme", "#336699")
    cards = tuple(Card(f"c{n}", f"Card {n}", "t", "A card.") for n in range(size))
    return Deck("small", "Small", Source("Me", "Mine", "Mine"), (theme,), cards)


# ---------------------------------------------------------------------- the built-in plans


@pytest.mark.parametrize("plan_id", list(PLANS))
def test_every_built_in_plan_walks_first_to_last_with_each_steps_cards(plan_id: str) -> None:
    plan = PLANS[plan_id]
    deck = deck_for(plan)
    session = PlanSession(plan, deck, rng=random.Random(7), last_check=CHECK)
    assert session.is_first and session.position() == f"Step 1 of {len(plan.steps)}"
    seen: list[list[str]] = []
    for index, step in enumerate(plan.steps):
        assert session.step_index == index and session.step is step
        assert session.is_last == (index == len(plan.steps) - 1)
        cards = session.cards
        action = step.cards
        match action.action:
            case "same":
                assert cards == (seen[-1] if seen else [])
            case "choose":
                assert cards == []  # nothing until chosen
                assert session.choose(["trust", "delivery", "trust"]) == ["trust", "delivery"]
                cards = session.cards
            case "draw" | "deal":
                assert len(cards) == action.count == len(set(cards))
                assert set(cards) <= set(ids(deck))
            case "theme":
                assert cards == [c.id for c in deck.cards_in_theme(action.theme or "")]
            case "last-check":
                assert cards == [c for c in ids(deck) if c in CHECK]  # deck order
            case "lowest-first":
                assert cards == ["trust", "delivery", "vision-shared-direction"][: action.count]
            case "named":
                assert cards == list(action.cards)
        assert session.card_notes() == []
        assert (session.timer() is None) == (step.timer is None)
        seen.append(cards)
        if not session.is_last:
            session.next()
    with pytest.raises(PlanSessionError, match="last step"):
        session.next()
    session.finish()
    assert session.finished
    # Walking back finds every step's cards as they were: nothing drawn again.
    for index in reversed(range(len(plan.steps) - 1)):
        session.back()
        assert session.cards == seen[index]
    with pytest.raises(PlanSessionError, match="first step"):
        session.back()


def test_the_ten_minute_plan_draws_one_card_and_keeps_it_through_the_plan() -> None:
    session = PlanSession(PLANS["ten-minutes-with-one-card"], SLB, rng=random.Random(1))
    (drawn,) = session.cards
    again = PlanSession(PLANS["ten-minutes-with-one-card"], SLB, rng=random.Random(1))
    assert again.cards == [drawn]  # the seeded draw is the same draw
    for _ in range(4):
        session.next()
        assert session.cards == [drawn]  # "same": the card drawn, to the commitment
    kept = session.keep_commitment("I will listen first", dt.date(2030, 1, 31))
    assert kept.card_ids == (drawn,) and kept.step == 4


def test_a_drawn_card_may_be_swapped_for_a_chosen_one_and_back() -> None:
    session = PlanSession(PLANS["ten-minutes-with-one-card"], SLB, rng=random.Random(1))
    drawn = session.cards
    assert session.choose(["mindset"]) == ["mindset"]
    session.next()
    assert session.cards == ["mindset"]
    session.back()
    assert session.choose([]) == drawn  # no choice: the card drawn again


def test_the_appraisal_plan_reads_the_check_taken_at_its_first_step() -> None:
    session = PlanSession(PLANS["preparing-for-an-appraisal"], SLB)
    assert session.step.does == "temperature-check"
    session.next()
    assert session.cards == []
    assert session.card_notes() == ["No temperature check on this deck yet: take one first"]
    session.set_last_check({"delivery": 2, "trust": -1, "mindset": -4, "elsewhere": 0})
    assert session.cards == ["mindset", "trust", "delivery"]  # deck order
    assert session.card_notes() == [
        'System Leadership Behaviours has no card "elsewhere": left out'
    ]
    session.next()
    assert session.cards == ["mindset", "trust", "delivery"]  # lowest first: -4, -1, 2


def test_lowest_first_orders_by_position_and_keeps_deck_order_for_ties() -> None:
    plan = plan_of(CardAction("lowest-first", count=4))
    check = {
        "delivery": 0,
        "trust": 5,
        "mindset": -2,
        "authenticity": 0,
        "resilience-bravery-courage": 3,
    }
    session = PlanSession(plan, SLB, last_check=check)
    assert session.cards == ["mindset", "authenticity", "delivery", "resilience-bravery-courage"]
    positions = [check[c] for c in session.cards]
    assert positions == sorted(positions)


def test_latest_positions_reads_each_cards_newest_check() -> None:
    def check(card: str, day: int, position: int, deck: str = SLB.id) -> TemperatureCheck:
        taken = dt.datetime(2026, 3, day, tzinfo=dt.UTC)
        return TemperatureCheck(f"u{card}{day}", taken, deck, card, position)

    checks = [
        check("trust", 2, -4),
        check("trust", 9, 1),
        check("delivery", 5, -2),
        check("task", 9, 3, TRACE.id),
    ]
    assert latest_positions(SLB, checks) == {"trust": 1, "delivery": -2}


def test_the_trace_plan_names_each_condition_and_a_space_can_be_chosen() -> None:
    session = PlanSession(PLANS["trace-in-one-space"], TRACE)
    assert session.step.does == "choose-space"
    session.choose_space("team")
    with pytest.raises(PlanSessionError, match='TRACE has no space "garden"'):
        session.choose_space("garden")
    named = []
    while not session.is_last:
        session.next()
        named += session.cards
    assert named == ids(TRACE) and session.space == "team"


def test_named_cards_the_deck_lacks_are_left_out_with_a_note() -> None:
    session = PlanSession(plan_of(CardAction("named", cards=("trust", "task", "trust"))), SLB)
    assert session.cards == ["trust"]
    assert session.card_notes() == ['System Leadership Behaviours has no card "task": left out']


def test_a_theme_step_shows_every_card_of_the_theme_and_an_unknown_theme_says_so() -> None:
    for theme in SLB.themes:
        session = PlanSession(plan_of(CardAction("theme", theme=theme.id)), SLB)
        assert session.cards == [c.id for c in SLB.cards if c.theme == theme.id] != []
    session = PlanSession(plan_of(CardAction("theme", theme="delivering")), TRACE)
    assert session.cards == []
    assert session.card_notes() == ['TRACE has no theme "delivering": no cards for this step']


def test_choosing_takes_only_the_decks_cards_and_only_where_the_step_chooses() -> None:
    session = PlanSession(plan_of(CardAction("choose"), CardAction("named", cards=("trust",))), SLB)
    with pytest.raises(PlanSessionError, match='no card "task"'):
        session.choose(["trust", "task"])
    with pytest.raises(PlanSessionError, match="list of card ids"):
        session.choose("trust")
    assert session.cards == []  # a refused choice changes nothing
    assert session.choose(ids(SLB) + ids(SLB)) == ids(SLB)  # each card once
    big = small_deck(25)
    many = PlanSession(plan_of(CardAction("choose")), big)
    with pytest.raises(PlanSessionError, match="at most 20"):
        many.choose(ids(big))
    session.next()
    with pytest.raises(PlanSessionError, match="set by the plan"):
        session.choose(["trust"])


# ---------------------------------------------------------------------- random cards


@settings(max_examples=150, deadline=None)
@given(
    size=st.integers(1, 40),
    count=st.integers(1, 20),
    seed=st.integers(0, 2**32),
    action=st.sampled_from(["draw", "deal"]),
)
def test_draw_and_deal_give_that_many_distinct_cards_of_the_deck(
    size: int, count: int, seed: int, action: str
) -> None:
    deck = small_deck(size)
    plan = plan_of(CardAction(action, count=count), CardAction("same"))
    session = PlanSession(plan, deck, rng=random.Random(seed))
    cards = session.cards
    assert len(cards) == min(count, size) == len(set(cards))
    assert set(cards) <= set(ids(deck))
    assert PlanSession(plan, deck, rng=random.Random(seed)).cards == cards  # seeded
    assert session.cards == cards  # drawn once
    session.next()
    assert session.cards == cards


# ---------------------------------------------------------------------- captured


def test_back_keeps_notes_commitments_and_what_was_being_typed() -> None:
    session = PlanSession(PLANS["trace-in-one-space"], TRACE)
    session.next()  # Task
    session.here.notes = "No shared picture of done."
    session.here.commitment = "I will write the goal down"
    kept = session.keep_commitment("  I will agree the goal with the team  ", dt.date(2027, 5, 1))
    assert kept.text == "I will agree the goal with the team" and kept.card_ids == ("task",)
    assert session.here.commitment == "" and session.here.due is None  # kept: cleared
    session.here.commitment = "I will ask Sam"
    session.here.due = dt.date(2027, 6, 1)
    session.next()  # Route
    session.here.notes = "Route is clear."
    session.back()
    session.back()
    session.next()
    here = session.here
    assert here.notes == "No shared picture of done."
    assert (here.commitment, here.due) == ("I will ask Sam", dt.date(2027, 6, 1))
    assert here.kept == [kept]
    assert session.captured[2].notes == "Route is clear."
    assert session.commitments() == [kept]


def test_a_commitment_needs_words_a_due_date_in_range_and_a_step_that_asks() -> None:
    session = PlanSession(PLANS["ten-minutes-with-one-card"], SLB)
    with pytest.raises(PlanSessionError, match="does not ask for a commitment"):
        session.keep_commitment("I will")
    for _ in range(4):
        session.next()
    with pytest.raises(PlanSessionError, match="A commitment needs its words"):
        session.keep_commitment("   ")
    with pytest.raises(PlanSessionError, match="A due date is from 1971"):
        session.keep_commitment("I will", dt.date(3001, 1, 1))
    assert session.commitments() == []


def test_a_plan_for_another_deck_is_refused_in_words() -> None:
    with pytest.raises(PlanSessionError) as refused:
        PlanSession(PLANS["trace-in-one-space"], SLB)
    assert str(refused.value) == "This plan is written for TRACE; choose that deck first"
    with pytest.raises(PlanSessionError, match="written for System Leadership Behaviours;"):
        PlanSession(PLANS["team-check-in-with-a-spread"], TRACE)
    mine = plan_of(CardAction("same"), deck="my-deck")
    with pytest.raises(PlanSessionError, match="written for My own deck; choose"):
        PlanSession(
            mine, SLB, decks={"my-deck": replace(small_deck(2), id="my-deck", title="My own deck")}
        )
    with pytest.raises(PlanSessionError, match="written for my-deck; choose"):
        PlanSession(mine, SLB)
    PlanSession(PLANS["one-to-one-coaching"], TRACE)  # no deck named: any deck


# ---------------------------------------------------------------------- timers


def test_a_step_timer_counts_down_pauses_says_the_last_minute_and_the_end() -> None:
    now = [100.0]
    timer = StepTimer(150, clock=lambda: now[0])
    assert (timer.shown(), timer.running, timer.started) == ("02:30", False, False)
    timer.start()
    now[0] += 0.4
    assert timer.shown() == "02:30" and timer.level() == ""  # up to the whole second
    now[0] += 30
    timer.pause()
    assert (timer.shown(), timer.running, timer.started) == ("02:00", False, True)
    now[0] += 500  # paused: no time passes
    assert timer.shown() == "02:00" and timer.news() is None
    timer.start()
    now[0] += 59.6
    assert (timer.shown(), timer.level(), timer.news()) == ("01:00", "warn", "One minute left")
    assert timer.news() is None  # said once
    now[0] += 61
    assert (timer.shown(), timer.level(), timer.over) == ("00:00", "over", True)
    assert not timer.running  # stopped of itself
    assert timer.news() == "Time is up" and timer.news() is None
    timer.start()  # again: from the full time
    assert (timer.shown(), timer.running) == ("02:30", True)


def test_a_short_timer_says_only_that_the_time_is_up() -> None:
    now = [0.0]
    timer = StepTimer(45, clock=lambda: now[0])
    timer.start()
    now[0] += 44
    assert timer.level() == "" and timer.news() is None
    now[0] += 100
    assert timer.news() == "Time is up"


def test_each_steps_timer_is_its_own_and_is_paused_when_the_step_is_left() -> None:
    now = [0.0]
    plan = PLANS["one-to-one-coaching"]
    session = PlanSession(plan, SLB, clock=lambda: now[0])
    first = session.timer()
    assert first is not None and first.seconds == 600
    first.start()
    now[0] += 100
    session.next()  # Choose: no timer
    assert session.timer() is None and not first.running
    now[0] += 100
    session.next()
    explore = session.timer()
    assert explore is not None and explore.shown() == "25:00"
    session.back()
    session.back()
    assert session.timer() is first and first.shown() == "08:20"


def test_a_step_offers_the_decks_coaching_questions_that_fit_what_it_captures() -> None:
    session = PlanSession(PLANS["preparing-for-an-appraisal"], SLB, last_check=CHECK)
    kinds = {q.kind for q in SLB.questions}
    offered = []
    for _ in session.plan.steps:
        offered.append([q.kind.value for q in session.questions()])
        if not session.is_last:
            session.next()
    # The temperature check asks the scaling question (private: this plan is for one
    # person); reflections ask for strengths and a patient's view; the commitment for a
    # next step and support.
    assert offered == [
        ["scaling"],
        ["strengths", "perspective"],
        ["strengths", "perspective"],
        [],
        ["next-step", "resources"],
    ]
    assert len(kinds) == 5


def test_a_team_plan_offers_only_the_questions_safe_in_a_group() -> None:
    solo = replace(PLANS["preparing-for-an-appraisal"], audience="solo")
    team = replace(solo, audience="team")
    assert not SLB.questions[0].group_safe  # the behaviours' scaling question is private
    assert PlanSession(solo, SLB, last_check=CHECK).questions() == (SLB.questions[0],)
    assert PlanSession(team, SLB, last_check=CHECK).questions() == ()
    for plan in PLANS.values():
        if plan.audience != "team":
            continue
        session = PlanSession(plan, deck_for(plan), rng=random.Random(3), last_check=CHECK)
        for _ in plan.steps:
            assert all(q.group_safe for q in session.questions())
            if not session.is_last:
                session.next()
