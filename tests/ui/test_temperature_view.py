"""The guided temperature check, end to end: marks suggest, the user sets, results show."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QTableWidget

from leadcards.journal import Mark
from leadcards.ui.charts import RadarChart, TrendChart

pytestmark = pytest.mark.gui


def test_a_behaviour_check_in_from_marks_to_results(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.journal.set_card_marks(
        "system-leadership-behaviours",
        "trust",
        {"trust.p1": Mark.PLUS, "trust.p2": Mark.PLUS, "trust.n1": Mark.MINUS},
    )
    dialog = window.start_temperature_check()
    assert dialog is not None and len(dialog.steps) == 13
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)  # start
    # theme by theme: Being's three behaviours come first, Trust is the sixth
    assert [s.card.id for s in dialog.steps][:3] == [
        "authenticity",
        "mindset",
        "resilience-bravery-courage",
    ]
    trust = dialog.steps[5]
    assert trust.position() == 1  # two positives, one negative
    assert "suggests +1" in trust.hint.text()
    for number, step in enumerate(dialog.steps):
        if step is trust:
            step.spin.setValue(3)  # the user has the last word
            step.target.setValue(4)
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
        assert dialog.pages.currentIndex() == number + 2
    checks = window.journal.checks("system-leadership-behaviours")
    assert len(checks) == 13
    saved = next(c for c in checks if c.card_id == "trust")
    assert (saved.position, saved.target, saved.measure) == (3, 4, "scale")
    assert saved.marks == {"trust.p1": Mark.PLUS, "trust.p2": Mark.PLUS, "trust.n1": Mark.MINUS}
    results = dialog.results.widget()
    assert results.findChild(RadarChart) is not None
    assert len(results.findChildren(TrendChart)) == 13
    table = results.findChild(QTableWidget)
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["Trust"] == "3"
    labels = results.findChildren(QLabel)
    strengths = next(x for x in labels if x.text().startswith("Strengths"))
    assert "Trust (+3)" in strengths.text()
    results.grab()  # the charts paint


def test_a_trace_check_counts_in_place_for_a_space(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.select_deck("trace")
    window.journal.set_card_marks("trace", "route", {"route.i1": Mark.TICK, "route.i2": Mark.TICK})
    dialog = window.start_temperature_check()
    dialog.space_box.setCurrentIndex(dialog.space_box.findData("team"))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    route = dialog.steps[1]
    assert (route.low, route.high, route.position()) == (0, 7, 2)
    while dialog.next_button.isVisible():
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    checks = window.journal.checks("trace", "route")
    assert [(c.position, c.space, c.measure) for c in checks] == [(2, "team", "count")]
    QApplication.processEvents()


def test_without_a_journal_the_check_says_why(qtbot, make_window, resolved_paths) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.close_journal()
    assert window.start_temperature_check() is None
    assert "Open a journal first" in window.statusBar().currentMessage()
