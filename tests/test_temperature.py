"""The temperature check: suggestions from indicators, readings, strengths and trends."""

from __future__ import annotations

import datetime as dt

from leadcards.journal.model import Mark, TemperatureCheck
from leadcards.library import builtin_deck
from leadcards.temperature import (
    in_place,
    measure_for,
    readings,
    scale_of,
    strengths_and_development,
    suggested_position,
    summary,
    trend,
)

SLB = builtin_deck("system-leadership-behaviours")
TRACE = builtin_deck("trace")
T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def check(
    card: str,
    position: int,
    days: int,
    deck: str = SLB.id,
    space: str | None = None,
    target: int | None = None,
) -> TemperatureCheck:
    return TemperatureCheck(
        uuid=f"{card}-{days}",
        taken=T0 + dt.timedelta(days=days),
        deck_id=deck,
        card_id=card,
        position=position,
        target=target,
        space=space,
    )


def test_measures_follow_the_deck() -> None:
    assert measure_for(SLB) == "scale"
    assert measure_for(TRACE) == "count"
    assert scale_of(SLB, SLB.card("trust")) == (-5, 5)
    assert scale_of(TRACE, TRACE.card("task")) == (0, 7)


def test_each_positive_ticked_suggests_a_step_up_and_each_negative_a_step_down() -> None:
    trust = SLB.card("trust")
    marks = {
        "trust.p1": Mark.PLUS,
        "trust.p2": Mark.PLUS,
        "trust.p3": Mark.PLUS,
        "trust.n1": Mark.MINUS,
    }
    assert suggested_position(trust, marks) == 2
    assert suggested_position(trust, {}) == 0
    mindset = SLB.card("mindset")
    all_plus = {i.id: Mark.PLUS for i in mindset.indicator_groups[0].indicators}  # 8 of them
    assert suggested_position(mindset, all_plus) == 5  # kept within the scale
    all_minus = {i.id: Mark.MINUS for i in mindset.indicator_groups[1].indicators}  # 5
    assert suggested_position(mindset, all_minus) == -5


def test_trace_counts_indicators_in_place() -> None:
    task = TRACE.card("task")
    assert in_place(task, {"task.i1": Mark.TICK, "task.i4": Mark.TICK, "trust.p1": Mark.PLUS}) == 2


def test_readings_strengths_development_and_trend() -> None:
    checks = [
        check("trust", 1, 0),
        check("trust", 3, 30, target=4),
        check("mindset", -2, 30),
        check("delivery", 5, 30),
        check("authenticity", 0, 30),
    ]
    found = readings(SLB, checks)
    assert [r.card.id for r in found] == [c.id for c in SLB.cards]
    trust = next(r for r in found if r.card.id == "trust")
    assert (trust.latest.position, trust.previous.position, trust.target) == (3, 1, 4)
    strengths, development = strengths_and_development(SLB, found)
    assert [r.card.id for r in strengths] == ["delivery", "trust", "authenticity"]
    assert [r.card.id for r in development] == ["mindset"]
    assert trend(checks, "trust") == [(T0, 1), (T0 + dt.timedelta(days=30), 3)]


def test_trace_readings_are_per_space() -> None:
    checks = [check("task", 3, 0, TRACE.id, "team"), check("task", 6, 1, TRACE.id, "self")]
    team = readings(TRACE, checks, space="team")
    assert team[0].latest.position == 3 and team[0].previous is None


def placed(positions: list[int]) -> list:
    return readings(SLB, [check(c.id, p, 0) for c, p in zip(SLB.cards, positions, strict=False)])


def test_all_equal_is_said_in_words_and_names_nothing() -> None:
    found = placed([0] * 13)
    assert strengths_and_development(SLB, found) == ([], [])
    assert summary(SLB, found) == [
        "All 13 behaviours are at 0: no strengths or development areas stand out yet."
    ]
    assert summary(SLB, placed([2, 2])) == [
        "Both behaviours are at +2: no strengths or development areas stand out yet."
    ]
    assert summary(SLB, readings(SLB, [])) == ["No behaviours placed yet."]
    trace = readings(TRACE, [check(c.id, 3, 0, TRACE.id) for c in TRACE.cards])
    assert summary(TRACE, trace) == [
        "All 5 conditions have 3 indicators in place: no strengths or development areas "
        "stand out yet."
    ]


def test_ties_are_never_split_and_are_said_once() -> None:
    # four tied at the top: too many to single out; two tied at the bottom, said once
    found = placed([2, 2, 2, 2, 0, 0, 0, 0, 0, 0, -1, -1, 0])
    strengths, development = strengths_and_development(SLB, found)
    assert [r.card.id for r in strengths] == [c.id for c in SLB.cards[:4]]
    assert {r.card.id for r in development} == {SLB.cards[10].id, SLB.cards[11].id}
    first, second = summary(SLB, found)
    assert first.startswith("Strengths: none stands out alone; 4 behaviours share the highest")
    assert second == "Development areas: Ownership & Accountability and Delivery (both -1)."
    # one above the rest: the rest are not twelve development areas
    assert summary(SLB, placed([0] * 12 + [2])) == [
        "Strengths: Doing Things Differently (+2).",
        "Development areas: none stands out; the other 12 behaviours are all at 0.",
    ]
    spread = summary(SLB, placed([5, 4, 3, 2, 1, 0, 0, 0, -1, -2, -3, -4, -5]))
    assert spread == [
        "Strengths: Authenticity (+5); Mindset (+4); Resilience, Bravery & Courage (+3).",
        "Development areas: Doing Things Differently (-5); Delivery (-4); "
        "Ownership & Accountability (-3).",
    ]
