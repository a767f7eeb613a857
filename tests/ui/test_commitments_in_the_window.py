"""The main window's commitments: a due one is asked about in a panel below the cards just
after the first paint, with the keyboard left on the cards; View ▸ Commitments lists them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QApplication

from leadcards import commitments as c
from leadcards.ui.commitments_view import CommitmentsView
from leadcards.ui.main_window import MainWindow


def test_a_due_commitment_is_asked_about_without_taking_the_keyboard(
    make_window: Callable[..., MainWindow], qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.open_saved_journal()
    journal = window.journal
    assert journal is not None
    yesterday = dt.date.today() - dt.timedelta(days=1)
    made = c.add_commitment(journal, "I will ask the team", due=yesterday, card_ids=["trust"])
    c.add_commitment(journal, "I will later", due=dt.date.today() + dt.timedelta(days=9))
    window.grid.setFocus()
    window.after_first_paint()
    panel = window.commitments.panel
    qtbot.waitUntil(panel.isVisible)
    QApplication.processEvents()
    assert window.grid.hasFocus()  # the panel is announced, never focused
    panel.answered.emit(made.uuid, "partly", "asked two of five")
    kept = c.commitment(journal, made.uuid)
    assert kept.last is not None and (kept.last.how, kept.last.text) == (
        "partly",
        "asked two of five",
    )
    qtbot.waitUntil(lambda: not panel.isVisible())  # the only due one was answered


def test_view_commitments_lists_the_journals_commitments(
    make_window: Callable[..., MainWindow], qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.open_saved_journal()
    journal = window.journal
    assert journal is not None
    c.add_commitment(journal, "I will write the task down", card_ids=["task"], deck_id="trace")
    shown = window.show_commitments()
    qtbot.waitExposed(shown)
    view = shown.findChild(CommitmentsView)
    assert view is not None and view.isVisible()
    rows = [view.tree.topLevelItem(n).text(0) for n in range(view.tree.topLevelItemCount())]
    assert rows == ["I will write the task down"]


def test_enter_on_a_commitment_asks_how_it_went_and_opens_nothing_else(
    make_window: Callable[..., MainWindow], qtbot
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QDialog

    window = make_window()
    window.open_saved_journal()
    journal = window.journal
    assert journal is not None
    c.add_commitment(journal, "I will ask", card_ids=["trust"])
    shown = window.show_commitments()
    qtbot.waitExposed(shown)
    view = shown.findChild(CommitmentsView)
    assert view is not None
    view.tree.setCurrentItem(view.tree.topLevelItem(0))
    view.tree.setFocus()
    QTest.keyClick(view.tree, Qt.Key.Key_Return)
    QApplication.processEvents()
    opened = [d for d in QApplication.topLevelWidgets() if isinstance(d, QDialog) and d.isVisible()]
    assert len(opened) == 1 and "go" in opened[0].windowTitle().lower(), [
        d.windowTitle() for d in opened
    ]
