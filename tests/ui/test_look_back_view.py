"""View ▸ Look Back: the periods back from today in a window of its own; opened after the
first paint only when the user asked, without taking the keyboard from the cards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QLabel

from leadcards.ui.main_window import MainWindow


def _texts(widget) -> list[str]:  # type: ignore[no-untyped-def]
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)]


def test_look_back_shows_the_periods_and_remembers_the_choice(
    make_window: Callable[..., MainWindow], qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.open_saved_journal()
    journal = window.journal
    assert journal is not None
    week_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=7)
    journal.add_entry(
        "Held back in the board meeting",
        deck_id="system-leadership-behaviours",
        card_id="trust",
        when=week_ago,
    )
    view = window.look_back()
    qtbot.waitExposed(view)
    texts = _texts(view)
    assert "A week ago" in texts and "A year ago" in texts
    assert any("Trust: Held back in the board meeting" in t for t in texts)
    assert not window.preferences.look_back_on_open
    view.on_open.setChecked(True)
    assert window.preferences.look_back_on_open


def test_look_back_after_the_first_paint_leaves_the_keyboard_on_the_cards(
    make_window: Callable[..., MainWindow], qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.preferences.look_back_on_open = True
    window.after_first_paint()
    assert window.look_back_view is not None and window.look_back_view.isVisible()
    QApplication.processEvents()
    assert window.isActiveWindow() and window.grid.hasFocus()


def test_refreshing_look_back_leaves_one_copy_of_each_line(
    make_window: Callable[..., MainWindow], qtbot
) -> None:  # type: ignore[no-untyped-def]
    """What a refresh replaces leaves the screen at once, not when Qt gets round to
    deleting it (a picture taken between the two showed both, one over the other)."""
    window = make_window()
    window.open_saved_journal()
    view = window.look_back()
    qtbot.wait(50)  # the layout shows what was added
    before = [label for label in view.body.findChildren(QLabel) if label.isVisible()]
    assert any(label.text() == "A week ago" for label in before)
    view.refresh()
    assert not any(label.isVisible() for label in before)
    qtbot.wait(50)
    texts = [label.text() for label in view.body.findChildren(QLabel) if label.isVisible()]
    assert texts.count("A week ago") == 1 and texts.count("A year ago") == 1


def test_every_stop_for_tab_in_look_back_is_named(
    make_window: Callable[..., MainWindow], qtbot
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QWidget

    window = make_window()
    window.open_saved_journal()
    view = window.look_back()
    qtbot.wait(50)
    stops = [
        w
        for w in view.findChildren(QWidget)
        if w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]
    assert stops
    for widget in stops:
        interface = QAccessible.queryAccessibleInterface(widget)
        assert interface is not None and interface.text(QAccessible.Text.Name), widget
