"""The passphrase dialog: asked for, or chosen twice with the warning; driven by keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from leadcards.journal.cipher import Passphrase
from leadcards.ui.passphrase_dialog import FORGOTTEN_WARNING, LEFT_PLAIN, PassphraseDialog

pytestmark = pytest.mark.gui


def _type(qtbot, field: QLineEdit, text: str) -> None:
    field.setFocus()
    qtbot.keyClicks(field, text)


def test_a_wrong_passphrase_is_said_in_the_dialog_which_waits_for_another(qtbot) -> None:
    tried: list[Passphrase] = []
    chosen: list[Passphrase] = []

    def check(passphrase: Passphrase) -> str | None:
        tried.append(passphrase)
        return None if passphrase == Passphrase("right") else "That passphrase does not open x."

    dialog = PassphraseDialog(None, "Open", "x is encrypted.", check=check)
    qtbot.addWidget(dialog)
    dialog.chosen.connect(chosen.append)
    dialog.show()
    assert dialog.field.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.field.accessibleName() == "Passphrase"
    _type(qtbot, dialog.field, "wrong")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)  # Enter accepts
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "does not open" in dialog.error.text()
    assert dialog.field.text() == ""  # cleared for the next try
    _type(qtbot, dialog.field, "right")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert chosen == [Passphrase("right")] and len(tried) == 2
    assert all(field.text() == "" for field in dialog.fields())


def test_escape_cancels_and_clears(qtbot) -> None:
    dialog = PassphraseDialog(None, "Open", "x is encrypted.")
    qtbot.addWidget(dialog)
    chosen: list[object] = []
    dialog.chosen.connect(chosen.append)
    dialog.show()
    _type(qtbot, dialog.field, "typed")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and not chosen
    assert dialog.field.text() == ""


def test_a_new_passphrase_is_typed_twice_after_the_warning(qtbot) -> None:
    dialog = PassphraseDialog(None, "Encrypt", "Encrypt?", new=True, offer_recovery_key=True)
    qtbot.addWidget(dialog)
    chosen: list[Passphrase] = []
    dialog.chosen.connect(chosen.append)
    dialog.show()
    assert dialog.warning is not None and dialog.warning.text() == FORGOTTEN_WARNING
    assert "Nobody can recover" in dialog.warning.text()
    assert dialog.recovery_box is not None and not dialog.wants_recovery_key
    assert dialog.confirm is not None
    _type(qtbot, dialog.field, "one two three")
    _type(qtbot, dialog.confirm, "one two thre")
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    assert dialog.isVisible() and "not the same" in dialog.error.text()
    qtbot.keyClick(dialog.show_box, Qt.Key.Key_Space)  # Show
    assert dialog.field.echoMode() == QLineEdit.EchoMode.Normal
    _type(qtbot, dialog.field, "one two three")
    _type(qtbot, dialog.confirm, "one two three")
    dialog.recovery_box.setFocus()
    qtbot.keyClick(dialog.recovery_box, Qt.Key.Key_Space)
    assert dialog.wants_recovery_key
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    assert chosen == [Passphrase("one two three")] and not dialog.isVisible()


def test_an_empty_passphrase_or_a_recovery_key_is_not_a_new_passphrase(qtbot) -> None:
    dialog = PassphraseDialog(None, "Encrypt", "Encrypt?", new=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.isVisible() and "empty" in dialog.error.text()
    key = "LCRK-" + "-".join(["0123ABCD"] * 8)
    assert dialog.confirm is not None
    _type(qtbot, dialog.field, key)
    _type(qtbot, dialog.confirm, key)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.isVisible() and "recovery key" in dialog.error.text()


def test_leave_it_plain(qtbot) -> None:
    dialog = PassphraseDialog(None, "New Journal", "Encrypt?", new=True, offer_plain=True)
    qtbot.addWidget(dialog)
    plain: list[bool] = []
    dialog.left_plain.connect(lambda: plain.append(True))
    dialog.show()
    assert dialog.plain_button is not None
    dialog.plain_button.click()
    assert plain == [True] and dialog.result() == LEFT_PLAIN
