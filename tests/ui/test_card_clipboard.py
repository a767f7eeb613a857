"""Edit ▸ Copy Card as Image, from the keyboard: the card shown, the side shown, as the
printed card draws it (never the user's ticks), sized for a slide."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from leadcards.printing.face import Face
from leadcards.printing.images import Preset, card_image, preset_options
from leadcards.printing.options import PrintOptions

pytestmark = pytest.mark.gui
WAIT_MS = 20_000
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def has_png() -> bool:
    data = QGuiApplication.clipboard().mimeData()
    return data is not None and data.hasFormat("image/png")


def activate(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """A window's shortcuts work while it is the active one, as on screen."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def copied_png(qtbot) -> bytes:
    qtbot.waitUntil(has_png, timeout=WAIT_MS)
    return bytes(QGuiApplication.clipboard().mimeData().data("image/png").data())


def test_ctrl_shift_c_copies_the_side_shown_without_the_users_ticks(qtbot, make_window) -> None:
    window = make_window()
    activate(qtbot, window)
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search, "trust")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    view = window.card_view
    qtbot.keyClick(view, Qt.Key.Key_F)  # the back
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)  # a tick of the user's
    assert view.marks() == {"trust.p1"}
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_C, CTRL_SHIFT)
    png = copied_png(qtbot)
    image = QGuiApplication.clipboard().image()
    options = preset_options(Preset.SLIDES, PrintOptions())
    assert (image.width(), image.height()) == options.pixel_size() == (528, 912)
    assert image.pixelColor(0, 0).alpha() == 0  # rounded corners, transparent outside
    assert image.pixelColor(image.width() // 2, image.height() // 2).alpha() == 255
    # Exactly the printed back: no tick drawn, whatever the user ticked.
    deck = window.deck
    printed = card_image(deck, deck.card("trust"), Face.BACK, options, name="x.png")
    assert png == printed.png
    assert "Copied the back of Trust as an image (528 by 912 pixels)" in (
        window.statusBar().currentMessage()
    )
    # Turned back over, the front is what is copied.
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(view, Qt.Key.Key_F)
    activate(qtbot, window)
    qtbot.keyClick(view, Qt.Key.Key_C, CTRL_SHIFT)
    front = card_image(deck, deck.card("trust"), Face.FRONT, options, name="x.png")
    assert copied_png(qtbot) == front.png


def test_with_no_card_shown_it_says_what_to_do(qtbot, make_window) -> None:
    window = make_window()
    activate(qtbot, window)
    QGuiApplication.clipboard().clear()
    with qtbot.waitSignal(window.announced, timeout=WAIT_MS) as said:
        qtbot.keyClick(window.grid, Qt.Key.Key_C, CTRL_SHIFT)
    assert said.args[0].startswith("Open a card first")
    assert not has_png()


def test_the_shortcut_is_in_the_edit_menu_and_no_other_action_has_it(make_window) -> None:
    window = make_window()
    assert window.copy_image_action.shortcut().toString() == "Ctrl+Shift+C"
    from PySide6.QtGui import QAction

    taken = [
        a.text() for a in window.findChildren(QAction) if a.shortcut().toString() == "Ctrl+Shift+C"
    ]
    assert taken == ["&Copy Card as Image"]
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert window.copy_image_action in edit.actions()
