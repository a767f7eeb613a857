"""The guided temperature check, end to end and by keys: tick, see the suggestion move, set
the position, save, read the results; Enter never closes it, closing asks, Tab never traps."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QTableWidget, QWidget

from leadcards.journal.model import Mark
from leadcards.ui.charts import RadarChart, TrendChart
from leadcards.ui.temperature_view import TemperatureDialog

pytestmark = pytest.mark.gui

SLB = "system-leadership-behaviours"


def name_of(widget: QWidget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def role_of(widget: QWidget) -> QAccessible.Role:
    return QAccessible.queryAccessibleInterface(widget).role()


def start(qtbot, window) -> TemperatureDialog:
    dialog = window.start_temperature_check()
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def press(qtbot, dialog: QWidget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key as the user presses it: to whatever has the focus in the dialog."""
    target = dialog.focusWidget() or dialog
    qtbot.keyClick(target, key, modifier)


def test_a_behaviour_check_in_from_marks_to_results(qtbot, make_window) -> None:
    window = make_window()
    window.journal.set_card_marks(
        SLB, "trust", {"trust.p1": Mark.PLUS, "trust.p2": Mark.PLUS, "trust.n1": Mark.MINUS}
    )
    dialog = start(qtbot, window)
    assert len(dialog.steps) == 13
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)  # start
    # theme by theme: Being's three behaviours come first, Trust is the sixth
    assert [s.card.id for s in dialog.steps][:3] == [
        "authenticity",
        "mindset",
        "resilience-bravery-courage",
    ]
    trust = dialog.steps[5]
    assert trust.position() == 1  # two positives, one negative
    assert "suggest +1" in trust.suggestion.text()
    assert [r.box.isChecked() for r in trust.checklist.rows][:3] == [True, True, False]
    for number, step in enumerate(dialog.steps):
        if step is trust:
            step.slider.setValue(3)  # the user has the last word
            step.target.setValue(4)
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
        assert dialog.pages.currentIndex() == number + 2
    checks = window.journal.checks(SLB)
    assert len(checks) == 13
    saved = next(c for c in checks if c.card_id == "trust")
    assert (saved.position, saved.target, saved.measure) == (3, 4, "scale")
    assert saved.marks == {"trust.p1": Mark.PLUS, "trust.p2": Mark.PLUS, "trust.n1": Mark.MINUS}
    results = dialog.results.widget()
    assert results.findChild(RadarChart) is not None
    assert len(results.findChildren(TrendChart)) == 13
    table = results.findChild(QTableWidget)
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["Trust"] == "+3"
    said = results.findChild(QLabel, "resultsSummary")
    assert said.text().splitlines() == [
        "Strengths: Trust (+3).",
        "Development areas: none stands out; the other 12 behaviours are all at 0.",
    ]
    assert "Temperature check saved: 13 behaviours placed." in dialog.status.text()
    results.grab()  # the charts paint


def test_ticking_in_the_check_is_the_cards_own_mark_and_moves_the_suggestion(
    qtbot, make_window
) -> None:
    window = make_window()
    dialog = start(qtbot, window)
    changed = []
    dialog.marks_changed.connect(lambda deck, card, marks: changed.append((deck, card, marks)))
    dialog.go(6)  # Trust
    trust = dialog.steps[5]
    first = trust.checklist.rows[0].box
    assert dialog.focusWidget() is first  # a page opens on its first indicator
    assert name_of(first) == "positive: Empathy & Care"
    assert role_of(first) == QAccessible.Role.CheckBox
    press(qtbot, dialog, Qt.Key.Key_Space)
    assert trust.position() == 1 and trust.readout.text() == "+1"
    assert name_of(trust.readout) == "Your position: +1"
    assert window.journal.card_marks(SLB, "trust") == {"trust.p1": Mark.PLUS}
    negatives = [r.box for r in trust.checklist.rows if r.indicator_id.startswith("trust.n")]
    assert name_of(negatives[0]).startswith("negative: ")
    negatives[0].setFocus()
    press(qtbot, dialog, Qt.Key.Key_Space)
    press(qtbot, dialog, Qt.Key.Key_Tab)
    press(qtbot, dialog, Qt.Key.Key_Space)
    assert trust.position() == -1  # one up, two down
    assert "1 positive and 2 negative" in name_of(trust.suggestion)
    assert window.journal.card_marks(SLB, "trust") == {
        "trust.p1": Mark.PLUS,
        "trust.n1": Mark.MINUS,
        "trust.n2": Mark.MINUS,
    }
    assert changed[-1] == (SLB, "trust", window.journal.card_marks(SLB, "trust"))
    # the arrow keys move the position; a later tick leaves the user's choice alone
    trust.slider.setFocus()
    assert name_of(trust.slider) == "Position for Trust"
    press(qtbot, dialog, Qt.Key.Key_Right)
    press(qtbot, dialog, Qt.Key.Key_Right)
    assert trust.position() == 1 and name_of(trust.readout) == "Your position: +1"
    assert trust.use_suggestion.isEnabled()
    first.setFocus()
    press(qtbot, dialog, Qt.Key.Key_Space)  # untick: the suggestion moves, the position stays
    assert trust.position() == 1 and trust.suggested() == -2
    trust.use_suggestion.setFocus()
    press(qtbot, dialog, Qt.Key.Key_Space)
    assert trust.position() == -2


def test_enter_in_the_number_field_does_not_close_or_lose_anything(qtbot, make_window) -> None:
    window = make_window()
    dialog = start(qtbot, window)
    dialog.go(2)
    step = dialog.steps[1]
    step.slider.setFocus()
    press(qtbot, dialog, Qt.Key.Key_Right)
    step.target.setFocus()
    press(qtbot, dialog, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.focusWidget(), "3")
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        press(qtbot, dialog, key)
        assert dialog.isVisible() and dialog.result() == 0
    assert (step.position(), step.target_value()) == (1, 3)
    assert dialog.pages.currentIndex() == 2


def test_closing_with_answers_asks_cancel_first(qtbot, make_window) -> None:
    window = make_window()
    dialog = start(qtbot, window)
    press(qtbot, dialog, Qt.Key.Key_Escape)  # nothing placed yet: it simply closes
    assert not dialog.isVisible()

    dialog = start(qtbot, window)
    dialog.go(1)
    press(qtbot, dialog, Qt.Key.Key_Escape)
    box = dialog.findChild(QMessageBox, "unsavedCheckBox")
    assert box is dialog.confirm
    assert box is not None and dialog.isVisible()
    qtbot.waitUntil(box.isVisible)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Escape is Cancel: back to the check
    qtbot.waitUntil(lambda: not box.isVisible())
    assert dialog.isVisible() and window.journal.checks(SLB) == []

    dialog.steps[0].slider.setValue(2)
    dialog.go(2)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm
    qtbot.waitUntil(box.isVisible)
    assert "placed 2 of 13" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = {c.card_id: c.position for c in window.journal.checks(SLB)}
    assert saved == {"authenticity": 2, "mindset": 0}  # only what was gone through

    dialog = start(qtbot, window)
    dialog.go(1)
    dialog.reject()
    box = dialog.confirm
    qtbot.waitUntil(box.isVisible)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Discard), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert len(window.journal.checks(SLB)) == 2


def test_an_all_zero_check_says_nothing_stands_out(qtbot, make_window) -> None:
    window = make_window()
    dialog = start(qtbot, window)
    while dialog.next_button.isVisible():
        dialog.next_button.click()
    said = dialog.results.widget().findChild(QLabel, "resultsSummary")
    assert said.text() == (
        "All 13 behaviours are at 0: no strengths or development areas stand out yet."
    )
    assert "Strengths" not in said.text() and "Development areas:" not in said.text()
    assert dialog.focusWidget() is said  # the results in words come first
    assert name_of(said) == said.text()


def test_tab_and_shift_tab_leave_the_results_table(qtbot, make_window) -> None:
    window = make_window()
    dialog = start(qtbot, window)
    while dialog.next_button.isVisible():
        dialog.next_button.click()
    table = dialog.results.widget().findChild(QTableWidget, "resultsTable")
    assert name_of(table).startswith("Results table")
    table.setFocus()
    press(qtbot, dialog, Qt.Key.Key_Down)  # arrows move within the table
    assert dialog.focusWidget() is table
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is not table
    table.setFocus()
    press(qtbot, dialog, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert dialog.focusWidget() is not table
    # Tab goes round every stop of the results page and the buttons, and comes back
    seen = set()
    for _ in range(10):
        press(qtbot, dialog, Qt.Key.Key_Tab)
        seen.add(dialog.focusWidget())
    assert {table, dialog.close_button} <= seen


def test_every_control_on_a_page_has_a_name(qtbot, make_window) -> None:
    window = make_window()
    dialog = start(qtbot, window)
    dialog.go(1)
    stops = []
    first = dialog.focusWidget()
    for _ in range(40):
        stops.append(dialog.focusWidget())
        press(qtbot, dialog, Qt.Key.Key_Tab)
        if dialog.focusWidget() is first:
            break
    step = dialog.steps[0]
    assert {step.slider, step.target, dialog.next_button} <= set(stops)  # and the boxes
    assert all(name_of(w).strip() for w in stops), [type(w).__name__ for w in stops]
    assert name_of(step.target) == "Target for Authenticity (optional)"


def test_a_trace_check_counts_in_place_for_a_space(qtbot, make_window) -> None:
    window = make_window()
    window.select_deck("trace")
    window.journal.set_card_marks("trace", "route", {"route.i1": Mark.TICK, "route.i2": Mark.TICK})
    dialog = start(qtbot, window)
    dialog.space_box.setCurrentIndex(dialog.space_box.findData("team"))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    route = dialog.steps[1]
    assert (route.low, route.high, route.position()) == (0, 7, 2)
    dialog.go(2)
    route.checklist.rows[2].box.setFocus()
    press(qtbot, dialog, Qt.Key.Key_Space)
    assert route.position() == 3
    assert name_of(route.checklist.rows[2].box) == route.checklist.rows[2].text.text()
    assert window.journal.card_marks("trace", "route") == {
        "route.i1": Mark.TICK,
        "route.i2": Mark.TICK,
        "route.i3": Mark.TICK,
    }
    while dialog.next_button.isVisible():
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    checks = window.journal.checks("trace", "route")
    assert [(c.position, c.space, c.measure) for c in checks] == [(3, "team", "count")]
    QApplication.processEvents()


def test_without_a_journal_the_check_says_why(qtbot, make_window, resolved_paths) -> None:
    window = make_window()
    window.journals.close()
    assert window.start_temperature_check() is None
    assert "Open a journal first" in window.statusBar().currentMessage()


def test_ticks_made_in_the_check_show_on_the_card_and_are_not_undone_there(
    qtbot, make_window
) -> None:
    window = make_window()
    dialog = start(qtbot, window)
    dialog.go(6)  # Trust
    press(qtbot, dialog, Qt.Key.Key_Space)  # ticks its first indicator
    assert window.card_view.marks("trust") == {"trust.p1"}
    # A tick made afterwards on the card's back starts from the check's tick.
    window.card_view.set_marks("trust", {"trust.p1", "trust.p2"})
    window._indicator_marked("trust", "trust.p2", True)
    assert window.journal.card_marks(SLB, "trust") == {
        "trust.p1": Mark.PLUS,
        "trust.p2": Mark.PLUS,
    }
