"""The keys that move through cards, in one place: the card view and the View menu that
shows them, and the presenter (either of its windows, as a clicker sends them).

Each table maps a key to what it does, by name; the card view and the presenter map those
names to their own methods, the menus and the presenter's buttons show the keys from here,
so what a key does and what the app says it does cannot drift apart.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget

Key = Qt.Key

# A card shown large in the main window (no modifier held).
CARD: dict[Qt.Key, str] = {
    Key.Key_F: "flip",  # the first key of an action is the one a menu shows
    Key.Key_Space: "flip",
    Key.Key_Right: "next",
    Key.Key_Left: "previous",
    Key.Key_Home: "first",
    Key.Key_End: "last",
    Key.Key_R: "random",
    Key.Key_Escape: "grid",
}

# The presenter, from either window. Down and Up turn the pages of a face too long for
# one page; a number then Enter jumps to that card (handled by the presenter).
PRESENTER: dict[Qt.Key, str] = {
    Key.Key_Right: "next",
    Key.Key_PageDown: "page down",  # the next page of a long face, else the next card
    Key.Key_Space: "next",
    Key.Key_Left: "previous",
    Key.Key_PageUp: "page up",  # the page before on a long face, else the card before
    Key.Key_Down: "turn down",  # the next page of a long face
    Key.Key_Up: "turn up",
    Key.Key_F: "flip",
    Key.Key_B: "black",
    Key.Key_W: "white",
    Key.Key_R: "random",
    Key.Key_D: "deal",
    Key.Key_T: "theme",
    Key.Key_Escape: "leave",
    Key.Key_C: "console",
}


def keys_for(table: dict[Qt.Key, str], action: str) -> list[Qt.Key]:
    """The keys that do ``action``, in the table's order."""
    return [key for key, name in table.items() if name == action]


_NAMES = {Key.Key_PageUp: "Page Up", Key.Key_PageDown: "Page Down", Key.Key_Escape: "Esc"}


def key_name(key: Qt.Key) -> str:
    """A key as a person reads it: "Left", "Page Up", "Esc", "F"."""
    return _NAMES.get(key) or QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


def every_key(table: dict[Qt.Key, str], action: str) -> str:
    """Every key for ``action`` as a person reads them ("F or Space")."""
    return " or ".join(key_name(key) for key in keys_for(table, action))


def label(table: dict[Qt.Key, str], *actions: str) -> str:
    """The first key of each of ``actions`` as a person reads them ("Left or Page Up")."""
    return " or ".join(key_name(keys_for(table, action)[0]) for action in actions)


def enter_presses_focused_button(window: QWidget, event: QKeyEvent) -> bool:
    """For a window that Enter must never close (nor press its default button): Enter
    presses the focused button and otherwise does nothing. True when the key was Enter
    (and is taken)."""
    if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return False
    focused = window.focusWidget()
    if isinstance(focused, QPushButton) and focused.isEnabled():
        focused.click()
    event.accept()
    return True
