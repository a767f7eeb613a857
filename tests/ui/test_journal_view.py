"""The journal timeline: lazy loading, filters, highlighted search, edit, delete and undo."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from leadcards.journal.model import Entry
from leadcards.ui.journal_view import PAGE, EntryRole, highlighted

pytestmark = pytest.mark.gui

BASE = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)


def fill(window, count: int) -> None:
    entries = []
    for number in range(count):
        card, space = ("trust", "team") if number % 2 else ("delivery", "self")
        moment = BASE + dt.timedelta(hours=number)
        entries.append(
            Entry(
                uuid=f"00000000-0000-4000-8000-{number:012d}",
                created=moment,
                updated=moment,
                text=f"reflection {number} about budget"
                if number % 5 == 0
                else f"reflection {number} about people",
                deck_id="system-leadership-behaviours",
                card_id=card,
                space=space,
            )
        )
    window.journal.merge(entries)


def test_the_timeline_loads_a_page_at_a_time(qtbot, make_window) -> None:
    window = make_window()
    fill(window, 450)
    window.show_journal()
    view = window.journal_view
    assert view.model.total == 450
    assert view.model.rowCount() <= PAGE * 2  # not all 450 at once
    assert view.count.text() == "450 reflections"
    first = view.model.index(0).data(EntryRole)
    assert first.text.startswith("reflection 449")  # newest first
    while view.model.canFetchMore(view.model.index(-1)):
        view.model.fetchMore(view.model.index(-1))
    assert view.model.rowCount() == 450


def test_filters_narrow_the_timeline(qtbot, make_window) -> None:
    window = make_window()
    fill(window, 40)
    window.show_journal()
    view = window.journal_view
    view.deck.setCurrentIndex(view.deck.findData("system-leadership-behaviours"))
    view.theme.setCurrentIndex(view.theme.findData("delivering"))
    assert view.model.total == 20
    view.space.setCurrentIndex(view.space.findData("team"))
    assert view.model.total == 0
    view.space.setCurrentIndex(0)
    view.card.setCurrentIndex(view.card.findData("trust"))
    assert view.model.total == 0  # Trust is not a Delivering behaviour
    view.theme.setCurrentIndex(0)
    assert view.model.total == 20
    view.card.setCurrentIndex(0)
    view.use_dates.setChecked(True)
    view.date_from.setDate(BASE.astimezone().date())
    view.date_to.setDate(BASE.astimezone().date())
    assert 0 < view.model.total <= 24
    view.use_dates.setChecked(False)
    qtbot.keyClicks(view.search, "budget")
    assert view.model.total == 8
    assert view.count.text() == "8 reflections"


def test_search_matches_are_marked_and_text_is_escaped() -> None:
    html = highlighted("Budget <b>talks</b> & budgeting", "budget", "#FF0")
    assert html.count('<span style="background:#FF0">') == 2
    assert "&lt;b&gt;talks&lt;/b&gt; &amp;" in html


def test_editing_saves_to_the_journal(qtbot, make_window) -> None:
    window = make_window()
    fill(window, 3)
    window.show_journal()
    view = window.journal_view
    view.list.setCurrentIndex(view.model.index(0))
    assert view.edit_text.toPlainText() == "reflection 2 about people"
    view.edit_text.setPlainText("rewritten")
    view.edit_space.setCurrentIndex(view.edit_space.findData("system"))
    view.edit_tags.setText("board, follow-up")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    saved = window.journal.entry("00000000-0000-4000-8000-000000000002")
    assert (saved.text, saved.space, sorted(saved.tags)) == (
        "rewritten",
        "system",
        ["board", "follow-up"],
    )
    view.list.setCurrentIndex(view.model.index(1))
    view.list.setCurrentIndex(view.model.index(0))
    assert view.edit_tags.text() in ("board, follow-up", "follow-up, board")
    assert [view.tag.itemData(i) for i in range(view.tag.count())] == [None, "board", "follow-up"]
    assert view.model.index(0).data(EntryRole).text == "rewritten"


def test_delete_then_ctrl_z_brings_the_reflection_back(qtbot, make_window) -> None:
    window = make_window()
    fill(window, 3)
    window.show_journal()
    view = window.journal_view
    view.list.setCurrentIndex(view.model.index(0))
    original = window.journal.entry("00000000-0000-4000-8000-000000000002")
    view.list.setFocus()
    qtbot.keyClick(view.list, Qt.Key.Key_Delete)
    assert window.journal.count() == 2
    assert "Undo with Ctrl+Z" in window.statusBar().currentMessage()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.journal.count() == 3
    assert window.journal.entry(original.uuid) == original
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert window.pages.currentIndex() == 0
