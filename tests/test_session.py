"""The session record and the choice of the audience's screen."""

from __future__ import annotations

import datetime as dt

from leadcards.library import builtin_deck
from leadcards.session import ScreenInfo, Session, audience_screen


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_each_card_keeps_its_time_and_blank_screens_stop_the_clock() -> None:
    clock = FakeClock()
    session = Session(clock=clock, now=lambda: dt.datetime(2026, 11, 23, tzinfo=dt.UTC))
    session.show("trace", "task")
    clock.now += 90
    session.show("trace", "route")
    clock.now += 30
    session.pause()  # a black screen for a minute
    clock.now += 60
    session.resume()
    clock.now += 15
    session.show("trace", "route")  # the same card again changes nothing
    session.show("trace", "task")
    clock.now += 5
    session.notes = "Came back to Task at the end."
    text = session.record_text([builtin_deck("trace")])
    assert [(s.card_id, round(s.seconds)) for s in session.shown] == [
        ("task", 90),
        ("route", 45),
        ("task", 5),
    ]
    assert text.splitlines() == [
        "Coaching session, 3 min 20 s.",
        "",
        "Cards shown:",
        "1. Task (1 min 30 s)",
        "2. Route (0 min 45 s)",
        "3. Task (0 min 05 s)",
        "",
        "Notes:",
        "Came back to Task at the end.",
    ]


def test_the_audience_gets_the_largest_screen_that_is_not_the_primary() -> None:
    laptop = ScreenInfo("eDP-1", 1920, 1200, primary=True)
    projector = ScreenInfo("HDMI-1", 1280, 720)
    monitor = ScreenInfo("DP-2", 3840, 2160)
    assert audience_screen([laptop]) is None
    assert audience_screen([]) is None
    assert audience_screen([laptop, projector]) == "HDMI-1"
    assert audience_screen([laptop, projector, monitor]) == "DP-2"
    assert audience_screen([projector, laptop]) == "HDMI-1"


def test_spreads_are_recorded_and_a_blank_screen_stays_out_of_the_times() -> None:
    clock = FakeClock()
    session = Session(clock=clock)
    session.show("trace", "task")
    clock.now += 10
    session.deal("trace", ["route", "energy"])
    clock.now += 40
    session.pause()  # black screen
    clock.now += 100
    text = session.record_text([builtin_deck("trace")])  # saved during the black screen
    clock.now += 100  # still black after saving: not counted
    session.resume()
    clock.now += 5
    session.show("trace", "task")
    assert [(s.card_id, round(s.seconds)) for s in session.shown] == [
        ("task", 10),
        ("route+energy", 45),
        ("task", 0),
    ]
    assert "2. Spread: Route, Energy (0 min 40 s)" in text
