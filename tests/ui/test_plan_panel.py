"""The step panel, from the keyboard: every built-in plan walked to Finish with its steps'
titles, timers, cards and actions said to the window holding it; a commitment typed and
kept; Back and Next losing nothing; the timer counting down, turning amber then red and
saying so without taking the focus; names for a screen reader; light, dark and narrow."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QScrollBar,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from leadcards.colours import contrast_ratio
from leadcards.deck import Deck
from leadcards.library import builtin_decks
from leadcards.plan_session import PlanSession
from leadcards.plans import Plan, Step, builtin_plans
from leadcards.ui import appearance
from leadcards.ui.appearance import INKS, Appearance
from leadcards.ui.plan_panel import DOES_WORDS, PlanPanel

pytestmark = pytest.mark.gui
Key = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier
DECKS = {deck.id: deck for deck in builtin_decks()}
PLANS = {plan.id: plan for plan in builtin_plans(DECKS)}
CHECK = {"trust": -3, "mindset": 4, "delivery": -1, "authenticity": 1}


@dataclass
class Heard:
    """Everything the panel said to its holder, in order."""

    steps: list[int] = field(default_factory=list)
    cards: list[list[str]] = field(default_factory=list)
    commitments: list[tuple[str, dt.date | None, list[str]]] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    finished: int = 0
    left: int = 0


@dataclass
class Running:
    panel: PlanPanel
    session: PlanSession
    heard: Heard
    now: list[float]
    host: QWidget  # held here: qtbot holds its widgets weakly

    def later(self, seconds: float) -> None:
        self.now[0] += seconds
        self.panel.tick()


def run(
    qtbot: QtBot,
    plan: Plan,
    *,
    deck: Deck | None = None,
    choice: Appearance = Appearance.LIGHT,
    size: tuple[int, int] = (380, 800),
) -> Running:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    scheme = appearance.apply(app, choice)
    now = [1000.0]
    chosen = deck or DECKS[plan.deck or "system-leadership-behaviours"]
    session = PlanSession(
        plan, chosen, rng=random.Random(5), last_check=CHECK, clock=lambda: now[0]
    )
    host = QWidget()
    host.setStyleSheet(appearance.focus_style(scheme))
    panel = PlanPanel(session)
    QVBoxLayout(host).addWidget(panel)
    heard = Heard()
    panel.step_changed.connect(heard.steps.append)
    panel.cards_wanted.connect(heard.cards.append)
    panel.commitment_made.connect(lambda *made: heard.commitments.append(made))
    panel.action_requested.connect(heard.actions.append)
    panel.finished.connect(lambda: setattr(heard, "finished", heard.finished + 1))
    panel.left.connect(lambda: setattr(heard, "left", heard.left + 1))
    qtbot.addWidget(host)
    host.resize(*size)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)  # shortcuts reach only the active window
    panel.begin()
    return Running(panel, session, heard, now, host)


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = NONE) -> QWidget:
    """Press a key where the focus is; a button's Alt+letter clicks it as Qt does, a
    tenth of a second later (the button is shown pressed meanwhile)."""
    window = focus().window()
    QTest.keyClick(focus(), key, modifier)
    for _ in range(100):
        if not any(b.isDown() for b in window.findChildren(QAbstractButton)):
            break
        QTest.qWait(10)
    return focus()


def type_in(text: str) -> None:
    QTest.keyClicks(focus(), text)


def name_of(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return interface.text(QAccessible.Text.Name)


def plain(text: str) -> str:
    return text.replace("&", "")


# ---------------------------------------------------------------------- every plan


@pytest.mark.parametrize("plan_id", list(PLANS))
def test_every_built_in_plan_runs_to_finish_from_the_keyboard(qtbot: QtBot, plan_id: str) -> None:
    plan = PLANS[plan_id]
    r = run(qtbot, plan)
    panel, session, heard = r.panel, r.session, r.heard
    assert panel.plan_title.text() == plan.title
    total = len(plan.steps)
    kept: list[tuple[str, dt.date | None, list[str]]] = []
    actions: list[str] = []
    for index, step in enumerate(plan.steps):
        assert heard.steps[-1] == index == session.step_index
        assert panel.position.text() == f"Step {index + 1} of {total}"
        assert panel.step_title.text() == step.title
        assert panel.instruction.text() == step.instruction
        if index:
            assert panel.announced == f"Step {index + 1} of {total}: {step.title}"
        assert heard.cards[-1] == session.resolve(index)
        assert panel.timer_row.isVisible() == (step.timer is not None)
        if step.timer is not None:
            minutes, seconds = divmod(step.timer, 60)
            assert panel.time_label.text() == f"{minutes:02d}:{seconds:02d}"
            assert name_of(panel.time_label) == f"Time left {minutes:02d}:{seconds:02d}"
            press(Key.Key_I, ALT)  # start
            r.later(11)
            assert panel.time_label.text() == f"{divmod(step.timer - 11, 60)[0]:02d}:" + (
                f"{(step.timer - 11) % 60:02d}"
            )
            press(Key.Key_I, ALT)  # pause
            assert plain(panel.timer_button.text()) == "Resume timer"
        assert panel.does_button.isVisible() == (step.does is not None)
        if step.does is not None:
            assert panel.does_button.text() == DOES_WORDS[step.does]
            press(Key.Key_W, ALT)
            actions.append(step.does)
        if step.cards.action == "choose":
            assert heard.cards[-1] == []
            assert press(Key.Key_R, ALT) is panel.choose_list
            press(Key.Key_Home)
            press(Key.Key_Space)  # the first card, ticked
            press(Key.Key_Down)
            press(Key.Key_Down)
            press(Key.Key_Space)
            deck = session.deck
            assert heard.cards[-1] == [deck.cards[0].id, deck.cards[2].id] == session.cards
        if "notes" in step.captures:
            assert press(Key.Key_O, ALT) is panel.notes
            type_in(f"Notes at step {index + 1}")
            assert session.here.notes == f"Notes at step {index + 1}"
        if "commitment" in step.captures:
            assert press(Key.Key_M, ALT) is panel.commitment
            type_in(f"I will act on step {index + 1}")
            press(Key.Key_U, ALT)
            press(Key.Key_Up)  # from "No due date" to today
            assert panel.due_date() == dt.date.today()
            press(Key.Key_K, ALT)
            kept.append((f"I will act on step {index + 1}", dt.date.today(), session.cards))
            assert heard.commitments == kept
            assert panel.commitment.text() == "" and "Kept: I will act" in panel.kept.text()
        where = [c for c in step.captures if c in ("reflection", "ticks", "position")]
        assert panel.where.isVisible() == bool(where)
        if index < total - 1:
            assert panel.next_button.isVisible() and not panel.finish_button.isVisible()
            press(Key.Key_N, ALT)
    assert heard.actions == actions
    assert panel.finish_button.isVisible() and not panel.next_button.isVisible()
    assert heard.finished == 0
    press(Key.Key_N, ALT)  # Fi&nish
    assert heard.finished == 1 and session.finished
    assert heard.steps == list(range(total))
    assert [c.text for c in session.commitments()] == [k[0] for k in kept]


def test_the_where_lines_say_where_to_reflect_tick_and_set_a_position(qtbot: QtBot) -> None:
    r = run(qtbot, PLANS["ten-minutes-with-one-card"])
    said = []
    for _ in range(4):
        press(Key.Key_N, ALT)
        said.append(r.panel.where.text() if r.panel.where.isVisible() else "")
    assert said == [
        "",
        "Tick on the back of the card.",
        "Write your reflection beside the card.",
        "",
    ]


def test_a_space_chosen_and_a_check_taken_show_when_the_holder_says_so(qtbot: QtBot) -> None:
    r = run(qtbot, PLANS["trace-in-one-space"])
    assert r.panel.announced == "TRACE in one space. Step 1 of 6: Choose the space"
    press(Key.Key_W, ALT)
    assert r.heard.actions == ["choose-space"]
    r.session.choose_space("team")  # what the holder does with the space chosen
    r.panel.refresh_cards()
    assert r.panel.cards_line.text() == "Space: Team."
    appraisal = run(qtbot, PLANS["preparing-for-an-appraisal"])
    appraisal.session.set_last_check({})
    press(Key.Key_N, ALT)
    assert appraisal.panel.cards_line.text().endswith(
        "No temperature check on this deck yet: take one first."
    )
    appraisal.session.set_last_check({"trust": 2, "delivery": -1})
    appraisal.panel.refresh_cards()
    assert appraisal.heard.cards[-1] == ["trust", "delivery"]
    assert appraisal.panel.cards_line.text() == "Cards: Trust, Delivery"


def test_a_users_plan_is_shown_as_text_never_as_markup(qtbot: QtBot) -> None:
    plan = replace(
        PLANS["ten-minutes-with-one-card"],
        title="<b>Bold</b> plan",
        steps=(Step("<i>Step</i>", "<a href='x'>Read</a> the card"),),
    )
    r = run(qtbot, plan)
    for label in (r.panel.plan_title, r.panel.step_title, r.panel.instruction):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert r.panel.instruction.text() == "<a href='x'>Read</a> the card"
    assert r.panel.finish_button.isVisible() and not r.panel.back_button.isEnabled()


# ---------------------------------------------------------------------- nothing lost


def test_back_then_next_keeps_typed_notes_and_the_commitment_being_written(
    qtbot: QtBot,
) -> None:
    r = run(qtbot, PLANS["trace-in-one-space"])
    panel = r.panel
    press(Key.Key_N, ALT)  # Task
    press(Key.Key_O, ALT)
    type_in("No shared picture of done")
    press(Key.Key_M, ALT)
    type_in("I will write the goal")
    press(Key.Key_U, ALT)
    press(Key.Key_Up)
    press(Key.Key_N, ALT)  # Route
    assert panel.notes.toPlainText() == "" and panel.commitment.text() == ""
    press(Key.Key_O, ALT)
    type_in("Route is clear")
    press(Key.Key_B, ALT)
    assert panel.step_title.text() == "Task"
    assert panel.notes.toPlainText() == "No shared picture of done"
    assert panel.commitment.text() == "I will write the goal"
    assert panel.due_date() == dt.date.today()
    press(Key.Key_N, ALT)
    assert panel.notes.toPlainText() == "Route is clear"
    press(Key.Key_L, ALT)  # Leave plan: asks nothing, keeps everything
    assert r.heard.left == 1 and r.heard.finished == 0
    assert r.session.captured[1].notes == "No shared picture of done"
    assert r.session.captured[2].notes == "Route is clear"


def test_an_empty_commitment_is_refused_in_words_and_nothing_is_sent(qtbot: QtBot) -> None:
    r = run(qtbot, PLANS["ten-minutes-with-one-card"])
    for _ in range(4):
        press(Key.Key_N, ALT)
    press(Key.Key_M, ALT)
    type_in("   ")
    press(Key.Key_Return)  # Enter in the box keeps it, as the button does
    assert r.heard.commitments == []
    assert r.panel.status.isVisible() and r.panel.status.text().startswith("A commitment needs")
    assert r.panel.announced == r.panel.status.text()
    type_in("I will ask first")
    press(Key.Key_Return)
    assert r.heard.commitments == [("I will ask first", None, r.session.cards)]
    assert not r.panel.status.isVisible()


# ---------------------------------------------------------------------- the timer


def test_the_timer_counts_down_turns_amber_then_red_and_never_takes_the_focus(
    qtbot: QtBot,
) -> None:
    r = run(qtbot, PLANS["team-check-in-with-a-spread"])
    panel = r.panel
    press(Key.Key_N, ALT)  # A round on each card: 15 minutes
    assert panel.time_label.text() == "15:00"
    assert plain(panel.timer_button.text()) == "Start timer"
    press(Key.Key_I, ALT)
    assert panel.clock.isActive() and plain(panel.timer_button.text()) == "Pause timer"
    assert panel.announced == "Timer started: 15:00 left"
    press(Key.Key_O, ALT)
    type_in("Trust: ")
    r.later(839.5)
    assert panel.time_label.text() == "01:01" and panel.time_label.styleSheet() == ""
    r.later(1)
    ink = INKS[appearance.current_scheme()]
    assert panel.time_label.text() == "01:00" and panel.announced == "One minute left"
    assert "color:" in panel.time_label.styleSheet()
    assert ink.negative not in panel.time_label.styleSheet()
    type_in("reasons")  # the typing goes on where it was
    assert focus() is panel.notes and panel.notes.toPlainText() == "Trust: reasons"
    r.later(60)
    assert panel.time_label.text() == "Time is up" and panel.announced == "Time is up"
    assert name_of(panel.time_label) == "Time is up"
    assert ink.negative in panel.time_label.styleSheet()
    assert not panel.clock.isActive() and focus() is panel.notes
    assert plain(panel.timer_button.text()) == "Start timer again"
    press(Key.Key_I, ALT)
    assert panel.time_label.text() == "15:00" and panel.time_label.styleSheet() == ""


def test_a_timer_left_running_is_paused_on_the_step_and_found_there_on_back(
    qtbot: QtBot,
) -> None:
    r = run(qtbot, PLANS["one-to-one-coaching"])
    panel = r.panel
    press(Key.Key_I, ALT)
    r.later(90)
    assert panel.time_label.text() == "08:30"
    press(Key.Key_N, ALT)
    assert not panel.clock.isActive() and not panel.timer_row.isVisible()
    r.later(600)
    press(Key.Key_B, ALT)
    assert panel.time_label.text() == "08:30"
    assert plain(panel.timer_button.text()) == "Resume timer"


def test_the_qt_clock_drives_the_countdown_while_it_runs(qtbot: QtBot) -> None:
    r = run(qtbot, PLANS["ten-minutes-with-one-card"])
    press(Key.Key_N, ALT)  # Read both sides: two minutes
    press(Key.Key_I, ALT)
    r.now[0] += 125
    qtbot.waitUntil(lambda: r.panel.time_label.text() == "Time is up", timeout=2000)
    assert not r.panel.clock.isActive()


# ---------------------------------------------------------------------- keys and names


def test_ctrl_arrows_move_between_steps_but_not_out_of_a_text_box(qtbot: QtBot) -> None:
    r = run(qtbot, PLANS["team-check-in-with-a-spread"])
    panel = r.panel
    assert focus() is panel.instruction
    press(Key.Key_Right, CTRL)
    assert r.session.step_index == 1
    press(Key.Key_O, ALT)
    type_in("one two")
    press(Key.Key_Left, CTRL)  # a word back, in the notes
    assert r.session.step_index == 1 and panel.notes.textCursor().position() == 4
    panel.back_button.setFocus(Qt.FocusReason.TabFocusReason)
    press(Key.Key_Left, CTRL)
    assert r.session.step_index == 0
    assert focus() is panel.next_button  # Back is off on the first step: Next has it


def test_next_pressed_with_space_lands_on_finish_at_the_last_step(qtbot: QtBot) -> None:
    r = run(qtbot, PLANS["ten-minutes-with-one-card"])
    panel = r.panel
    panel.next_button.setFocus(Qt.FocusReason.TabFocusReason)
    for _ in range(4):
        press(Key.Key_Space)
    assert r.session.is_last and focus() is panel.finish_button
    press(Key.Key_Space)
    assert r.heard.finished == 1


def test_tab_goes_down_the_panel_and_every_stop_has_a_name(qtbot: QtBot) -> None:
    r = run(qtbot, PLANS["trace-in-one-space"])
    press(Key.Key_N, ALT)  # Task: ticks, notes, a commitment
    panel = r.panel
    panel.instruction.setFocus(Qt.FocusReason.TabFocusReason)
    seen: list[QWidget] = []
    for _ in range(40):
        if focus() in seen:
            break
        seen.append(focus())
        press(Key.Key_Tab)
    assert seen == [
        panel.instruction,
        panel.cards_line,
        panel.where,
        panel.asking,
        panel.notes,
        panel.commitment,
        panel.due,
        panel.keep_button,
        panel.leave_button,
        panel.back_button,
        panel.next_button,
    ]
    for widget in seen:
        assert name_of(widget), widget
    assert name_of(panel.cards_line) == "Cards: Task"
    # The deck's coaching questions that fit a step of notes and a commitment.
    assert name_of(panel.asking).startswith("Questions you might ask:")
    assert "What is one step you will take in the next two weeks" in name_of(panel.asking)
    assert name_of(panel.notes) == "Notes for this step"
    assert focus() is panel.instruction  # round again: no trap in the notes
    panel.due.setFocus(Qt.FocusReason.TabFocusReason)
    assert panel.due.text() == "No due date"
    assert press(Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier) is panel.commitment
    press(Key.Key_U, ALT)
    press(Key.Key_Up)  # a date: Tab still leaves at once, not day, month then year
    assert press(Key.Key_Tab) is panel.keep_button


def test_every_control_is_named_on_every_step_of_every_plan(qtbot: QtBot) -> None:
    for plan in PLANS.values():
        r = run(qtbot, plan)
        for _ in plan.steps:
            reached = [
                w
                for w in r.panel.findChildren(QWidget)
                if w.isVisibleTo(r.panel)
                and w.focusPolicy() & Qt.FocusPolicy.TabFocus
                and w.focusProxy() is None
                and not isinstance(w, QScrollBar)
            ]
            assert reached
            for widget in reached:
                assert name_of(widget), (plan.id, widget)
            r.panel.next()


# ---------------------------------------------------------------------- looks


@pytest.mark.parametrize("choice", [Appearance.LIGHT, Appearance.DARK])
def test_the_last_minute_and_time_up_read_at_aa_in_light_and_dark(
    qtbot: QtBot, choice: Appearance
) -> None:
    r = run(qtbot, PLANS["ten-minutes-with-one-card"], choice=choice)
    ink = INKS[appearance.current_scheme()]
    press(Key.Key_N, ALT)
    press(Key.Key_I, ALT)
    for seconds in (61, 60):
        r.later(seconds)
        sheet = r.panel.time_label.styleSheet()
        colour = sheet.removeprefix("color: ").removesuffix(";")
        assert contrast_ratio(colour, ink.window) >= 4.5, (choice, colour)


@pytest.mark.parametrize("width", [320, 420])
def test_the_panel_fits_beside_the_cards_from_320_to_420_pixels(qtbot: QtBot, width: int) -> None:
    r = run(qtbot, PLANS["trace-in-one-space"], size=(width, 640))
    panel = r.panel
    press(Key.Key_N, ALT)
    assert panel.minimumSizeHint().width() <= width
    for button in (panel.leave_button, panel.back_button, panel.next_button, panel.keep_button):
        assert button.width() >= button.sizeHint().width() - 2, button.text()
        inside = button.mapTo(panel, button.rect().topRight())
        assert inside.x() < panel.width(), button.text()
    assert panel.scroller.horizontalScrollBar().maximum() == 0
