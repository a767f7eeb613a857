"""A session plan run solo in the main window: the step panel docked beside the cards, the
step's card opened, a commitment kept with its plan and run, the run's step kept, and the
notes kept as a reflection when the plan is left part-way."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QDialog, QDockWidget

from leadcards import commitments as c
from leadcards.plans import BUILTIN_PLAN_IDS, builtin_plans
from leadcards.ui.main_window import MainWindow


def _plan(window: MainWindow, plan_id: str):  # type: ignore[no-untyped-def]
    return next(
        p for p in builtin_plans({d.id: d for d in window.library.decks}) if p.id == plan_id
    )


def test_trace_in_one_space_runs_beside_the_cards_and_keeps_what_was_captured(
    make_window: Callable[..., MainWindow], qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(1280, 800)
    window.open_saved_journal()
    journal = window.journal
    assert journal is not None
    session = window.plans.start(_plan(window, "trace-in-one-space"))
    assert session is not None and window.deck.id == "trace"  # the plan's own deck
    dock = window.findChild(QDockWidget, "planDock")
    assert dock is not None
    qtbot.waitUntil(dock.isVisible)
    panel = window.plans.panel
    assert panel is not None
    panel.next()  # step 2: Task
    assert window.showing_card() and window.card_view.card is not None
    assert window.card_view.card.id == "task"
    session.here.notes = "Nobody owns the purpose statement"
    made = panel.session.keep_commitment("I will draft the purpose with the team")
    panel.commitment_made.emit(made.text, made.due, list(made.card_ids))
    (kept,) = c.commitments(journal)
    assert (kept.plan_id, kept.run_uuid, kept.card_ids) == (
        "trace-in-one-space",
        session.run_uuid,
        ("task",),
    )
    (run,) = c.runs(journal)
    assert run.step == 1 and run.finished is None
    panel.leave()
    assert window.plans.session is None and window.plans.dock is None
    notes = [e for e in journal.entries() if "session-plan" in e.tags]
    assert len(notes) == 1 and "Nobody owns the purpose statement" in notes[0].text
    assert notes[0].card_id == "task"
    assert c.runs(journal)[0].finished is None  # left, not finished


def test_a_plan_for_another_deck_switches_to_it_and_finishing_marks_the_run(
    make_window: Callable[..., MainWindow], qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(1280, 800)
    window.open_saved_journal()
    journal = window.journal
    assert journal is not None
    window.select_deck("trace")
    session = window.plans.start(_plan(window, "team-check-in-with-a-spread"))
    assert session is not None and window.deck.id == "system-leadership-behaviours"
    panel = window.plans.panel
    assert panel is not None
    while not session.is_last:
        panel.next()
    panel.finish()
    (run,) = c.runs(journal)
    assert run.finished is not None and run.step == len(session) - 1


def test_presenting_puts_the_step_in_the_console_and_only_cards_before_the_room(
    make_window: Callable[..., MainWindow], qtbot
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLabel, QWidget

    window = make_window(1280, 800)
    window.open_saved_journal()
    session = window.plans.start(_plan(window, "team-check-in-with-a-spread"))
    assert session is not None
    panel = window.plans.panel
    assert panel is not None
    presenter = window.present()
    qtbot.waitExposed(presenter)
    assert panel.window() is presenter  # the console shows the step
    dealt = session.cards
    assert len(dealt) == 3
    titles = [window.deck.card(card_id).title for card_id in dealt]
    assert presenter.status.text() == "Dealt: " + ", ".join(titles)  # dealt to the room
    panel.next()  # a round on each card: notes, never on the room's screen
    qtbot.waitUntil(panel.notes.isVisible)
    panel.notes.setFocus()
    QTest.keyClicks(panel.notes, "Secret round note F B")
    assert panel.notes.toPlainText() == "Secret round note F B"  # typing, not clicker keys
    QApplication.processEvents()
    room = presenter.audience
    parts = [room.windowTitle(), room.accessibleName()]
    for widget in room.findChildren(QWidget):  # what is shown and said in the room
        parts += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
        if isinstance(widget, QLabel):
            parts.append(widget.text())
    seen = "\n".join(parts)
    assert titles[0] in seen  # the room's cards are described (so the check can see text)
    assert "Secret round note" not in seen and session.plan.steps[1].instruction not in seen
    assert session.plan.title not in seen
    presenter.ending = True
    presenter.close()
    qtbot.waitUntil(lambda: panel.window() is window)  # back beside the cards


@pytest.mark.parametrize("presenting", [False, True], ids=["solo", "presenting"])
@pytest.mark.parametrize("plan_id", list(BUILTIN_PLAN_IDS))
def test_every_built_in_plan_is_walked_from_the_keyboard(
    make_window: Callable[..., MainWindow], qtbot, plan_id: str, presenting: bool
) -> None:  # type: ignore[no-untyped-def]
    """Each built-in plan from its first step to Finish with keys alone (Ctrl+Right moves
    on, Alt+N finishes on the last step), in the main window or in the presenter's
    console; every step's title is shown and said, and the run is kept as finished."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractButton, QApplication

    window = make_window(1280, 800)
    window.open_saved_journal()
    journal = window.journal
    assert journal is not None
    plan = _plan(window, plan_id)
    session = window.plans.start(plan)
    assert session is not None
    panel = window.plans.panel
    assert panel is not None
    host = window
    if presenting:
        host = window.present()
        qtbot.waitUntil(lambda: panel.window() is host)
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    qtbot.waitUntil(panel.next_button.isVisible)  # the dock is laid out and shown
    panel.next_button.setFocus()
    seen = []
    for number, step in enumerate(plan.steps, start=1):
        qtbot.waitUntil(lambda step=step: panel.step_title.text() == step.title)
        seen.append(panel.step_title.text())
        assert f"Step {number} of {len(plan.steps)}" in panel.step_title.accessibleName()
        if number < len(plan.steps):
            QTest.keyClick(
                QApplication.focusWidget(), Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier
            )
    assert seen == [step.title for step in plan.steps]
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    for _ in range(100):  # Alt+letter clicks a tenth of a second later, as Qt does
        if window.plans.session is None:
            break
        QTest.qWait(10)
    assert window.plans.session is None
    (run,) = c.runs(journal)
    assert run.plan_id == plan_id and run.finished is not None
    if presenting:
        host.ending = True  # type: ignore[attr-defined]
        host.close()
    assert not any(b.isDown() for b in window.findChildren(QAbstractButton))


def test_the_appraisal_plan_picks_evidence_and_saves_one_private_page(
    make_window: Callable[..., MainWindow], qtbot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import io
    import stat

    from pypdf import PdfReader

    from leadcards.ui.evidence_picker import EvidencePicker

    window = make_window(1280, 800)
    window.open_saved_journal()
    journal = window.journal
    assert journal is not None
    deck = "system-leadership-behaviours"
    for card, position in (("trust", 4), ("mindset", -3), ("delivery", 1)):
        journal.add_check(deck, card, position)
    proof = journal.add_entry("Led the rota change openly", deck_id=deck, card_id="trust")
    assert window.plans.start(_plan(window, "preparing-for-an-appraisal")) is not None
    picker = window.plans.pick_evidence()
    assert isinstance(picker, EvidencePicker)
    qtbot.waitExposed(picker)
    window.plans.evidence = [proof.uuid]  # as the picker's accept sets it
    picker.reject()
    target = tmp_path / "appraisal.pdf"
    assert window.plans.save_appraisal(target) == target
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Led the rota change openly" in text and "Trust" in text
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert window.plans.save_appraisal(journal.path) is None  # never over the journal


def test_the_step_panels_alt_keys_are_its_own_beside_the_journal_view(
    make_window: Callable[..., MainWindow], qtbot
) -> None:  # type: ignore[no-untyped-def]
    """With the journal view showing (a step opens it to pick evidence), Alt+a letter on the
    step panel must not also belong to a label or button elsewhere in the window."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel

    window = make_window(1600, 900)
    window.open_saved_journal()
    session = window.plans.start(_plan(window, "trace-in-one-space"))
    assert session is not None
    panel = window.plans.panel
    assert panel is not None
    panel.next()  # Task: ticks, notes and a commitment
    window.show_journal()
    qtbot.waitUntil(lambda: panel.isVisible() and panel.notes.isVisible())

    def letters(widgets: list[QLabel | QAbstractButton]) -> set[str]:
        found = set()
        for widget in widgets:
            if widget.isVisible():
                match = re.search(r"(?<!&)&([A-Za-z])", widget.text())
                if match:
                    found.add(match.group(1).lower())
        return found

    mine = letters(panel.findChildren(QLabel) + panel.findChildren(QAbstractButton))
    others = [
        w
        for w in window.findChildren(QLabel) + window.findChildren(QAbstractButton)
        if not panel.isAncestorOf(w)
    ]
    assert mine and not mine & letters(others), mine & letters(others)


def test_a_plan_ended_while_presenting_leaves_nothing_behind_in_the_console(
    make_window: Callable[..., MainWindow], qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(1280, 800)
    window.open_saved_journal()
    assert window.plans.start(_plan(window, "ten-minutes-with-one-card")) is not None
    old = window.plans.panel
    assert old is not None
    presenter = window.present()
    qtbot.waitUntil(lambda: old.window() is presenter)
    old.leave()
    assert window.plans.session is None
    assert presenter.findChild(QDockWidget, "presenterPlanDock") is None or not (
        presenter.findChild(QDockWidget, "presenterPlanDock").isVisible()
    )
    qtbot.waitUntil(lambda: not old.isVisible())
    assert window.plans.start(_plan(window, "ten-minutes-with-one-card")) is not None
    new = window.plans.panel
    assert new is not None and new is not old
    qtbot.waitUntil(lambda: new.window() is presenter)  # started while presenting
    presenter.ending = True
    presenter.close()


def test_a_journal_closed_mid_plan_keeps_the_plans_notes_and_a_plan_needs_a_journal(
    make_window: Callable[..., MainWindow], qtbot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(1280, 800)
    window.open_saved_journal()
    first = window.journal
    assert first is not None
    session = window.plans.start(_plan(window, "one-to-one-coaching"))
    assert session is not None
    session.here.notes = "Said in the first client's session"
    assert window.journals.create_at(tmp_path / "second.sqlite3")  # another client's
    assert window.plans.session is None  # left as the first journal closed
    second = window.journal
    assert second is not None and second.path != first.path
    assert not [e for e in second.entries() if "session-plan" in e.tags]
    from leadcards.journal.store import Journal

    with Journal.open(first.path) as reopened:
        notes = [e.text for e in reopened.entries() if "session-plan" in e.tags]
    assert len(notes) == 1 and "Said in the first client's session" in notes[0]
    window.journals.close()
    assert window.plans.start(_plan(window, "one-to-one-coaching")) is None  # says why


def test_the_appraisal_plan_reads_the_check_taken_at_its_first_step(
    make_window: Callable[..., MainWindow], qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(1280, 800)
    window.open_saved_journal()
    journal = window.journal
    assert journal is not None
    session = window.plans.start(_plan(window, "preparing-for-an-appraisal"))
    assert session is not None and window.plans.panel is not None
    window.plans.panel.action_requested.emit("temperature-check")
    dialog = window.findChild(QDialog, "temperatureDialog")
    assert dialog is not None
    placed = {"trust": 4, "mindset": -3, "delivery": 1, "vision-shared-direction": -1}
    for card, position in placed.items():
        journal.add_check("system-leadership-behaviours", card, position)
    dialog.check_saved.emit(4)  # as saving the check does
    window.plans.panel.next()
    assert set(session.cards) == set(placed)  # strengths: the cards of the check
    window.plans.panel.next()
    assert session.cards[0] == "mindset"  # lowest first
    dialog.close()


def test_in_the_console_space_ticks_a_card_to_choose_and_the_room_stays(
    make_window: Callable[..., MainWindow], qtbot
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = make_window(1280, 800)
    window.open_saved_journal()
    session = window.plans.start(_plan(window, "one-to-one-coaching"))
    assert session is not None
    panel = window.plans.panel
    assert panel is not None
    presenter = window.present()
    qtbot.waitUntil(lambda: panel.window() is presenter)
    panel.next()  # Choose the cards
    qtbot.waitUntil(panel.choose_list.isVisible)
    panel.choose_list.setFocus()
    panel.choose_list.setCurrentRow(0)
    QTest.keyClick(panel.choose_list, Qt.Key.Key_Space)
    assert panel.choose_list.item(0).checkState() == Qt.CheckState.Checked
    assert session.cards == [session.deck.cards[0].id]
    presenter.ending = True
    presenter.close()
