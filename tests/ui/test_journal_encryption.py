"""Encrypted journals in the app: the passphrase asked for, encrypting, re-keying and
decrypting from the File menu, plain exports asked about, and the lock screen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QTextEdit, QWidget

from leadcards.journal import cipher
from leadcards.journal.cipher import Passphrase
from leadcards.journal.service import JournalService

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(not cipher.CAN_ENCRYPT, reason="sqlcipher3 is not installed"),
]

SECRET = "correct horse battery"
MARKER = "held back in the board meeting ZQX-MARKER"


def _encrypted(window, path: Path, text: str = MARKER) -> Path:
    journal = JournalService(window.paths).create(path, Passphrase(SECRET))
    journal.add_entry(text)
    journal.close()
    return path


def _type_and_enter(qtbot, field: QLineEdit, text: str) -> None:
    field.setFocus()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def _texts(root: QWidget) -> str:
    """Every text the window's widgets hold, visible or not."""
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, (QLabel, QLineEdit)):
            found.append(widget.text())
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            found.append(widget.toPlainText())
        found.append(widget.accessibleName())
        found.append(widget.toolTip())
    return "\n".join(found)


def _no_secret_on_disk(*folders: Path) -> None:
    for folder in folders:
        for file in folder.rglob("*"):
            if file.is_file():
                assert SECRET.encode() not in file.read_bytes(), file


def test_an_encrypted_journal_asks_a_wrong_passphrase_is_said_the_right_one_opens(
    qtbot, make_window, tmp_path: Path
) -> None:
    window = make_window()
    path = _encrypted(window, tmp_path / "secret.sqlite3")
    window.journals.close()
    assert not window.journals.open(path)
    dialog = window.journals.asking
    assert dialog is not None and dialog.isVisible()
    assert window.journal is None
    _type_and_enter(qtbot, dialog.field, "not it")
    assert dialog.isVisible()
    assert "That passphrase does not open secret.sqlite3" in dialog.error.text()
    assert window.findChild(QMessageBox, "recoveryBox") is None  # wrong is not damaged
    assert path.exists()
    _type_and_enter(qtbot, dialog.field, SECRET)
    qtbot.waitUntil(lambda: window.journal is not None)
    assert window.journal.encrypted and [e.text for e in window.journal.entries()] == [MARKER]
    assert window.journals.asking is None
    assert window.rekey_action.isEnabled() and not window.encrypt_action.isEnabled()
    window.journals.close()
    window.preferences.sync()
    window.window_state.sync()
    _no_secret_on_disk(window.paths.config_dir, window.paths.cache_dir, window.paths.log_dir)


def test_cancel_keeps_browsing_without_a_journal(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window()
    path = _encrypted(window, tmp_path / "secret.sqlite3")
    window.journals.close()
    window.journals.open(path)
    dialog = window.journals.asking
    qtbot.keyClick(dialog.field, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and window.journal is None
    assert "no journal open" in window.journal_label.text()
    window.random_card()  # the cards go on
    assert window.showing_card()


def test_hostile_files_are_named_and_left_alone(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window()
    window.journals.close()
    pages = tmp_path / "random.sqlite3"
    pages.write_bytes(os.urandom(8192))  # whole pages: looks encrypted until a key is tried
    window.journals.open(pages)
    dialog = window.journals.asking
    _type_and_enter(qtbot, dialog.field, SECRET)
    assert "not an encrypted LeadCards journal" in dialog.error.text()
    qtbot.keyClick(dialog.field, Qt.Key.Key_Escape)
    cut = tmp_path / "cut.sqlite3"
    cut.write_bytes(_encrypted(window, tmp_path / "whole.sqlite3").read_bytes()[:5000])
    before = cut.read_bytes()
    assert not window.journals.open(cut)
    assert window.journals.asking is None  # not asked: it cannot be a journal
    assert "cut.sqlite3 is not a LeadCards journal" in window.statusBar().currentMessage()
    assert cut.read_bytes() == before and pages.stat().st_size == 8192


def test_encrypt_from_the_menu_then_reopening_asks(
    qtbot, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    window.journal.add_entry(MARKER)
    path = window.journal.path
    assert window.encrypt_action.isEnabled() and not window.decrypt_action.isEnabled()
    window.encrypt_action.trigger()
    dialog = window.journals.asking
    assert dialog is not None and "Nobody can recover" in dialog.warning.text()
    assert dialog.confirm is not None and dialog.recovery_box is not None
    key_file = tmp_path / "away" / "key.txt"
    key_file.parent.mkdir()
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(key_file), ""))
    dialog.field.setFocus()
    qtbot.keyClicks(dialog.field, SECRET)
    qtbot.keyClicks(dialog.confirm, SECRET)
    dialog.recovery_box.setChecked(True)
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.journal is not None and window.journal.encrypted)
    qtbot.waitUntil(lambda: key_file.exists())
    assert cipher.is_encrypted(path)
    assert window.decrypt_action.isEnabled() and not window.encrypt_action.isEnabled()
    key = key_file.read_text().split("\n")[2]
    assert key.startswith("LCRK-") and "written to" in window.statusBar().currentMessage()
    window.journals.close()
    window.journals.open(path)
    dialog = window.journals.asking
    assert dialog is not None
    _type_and_enter(qtbot, dialog.field, key)  # the recovery key opens it too
    qtbot.waitUntil(lambda: window.journal is not None)
    assert [e.text for e in window.journal.entries()] == [MARKER]


def test_a_recovery_key_is_never_written_beside_the_journal(
    qtbot, make_window, tmp_path: Path
) -> None:
    window = make_window()
    path = _encrypted(window, tmp_path / "secret.sqlite3")
    window.journals.close()
    window.journals.open(path, Passphrase(SECRET))
    assert not window.journals.write_recovery_key(tmp_path / "key.txt")
    assert not (tmp_path / "key.txt").exists()
    assert "not written" in window.statusBar().currentMessage()


def test_change_passphrase_then_decrypt(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window()
    path = _encrypted(window, tmp_path / "secret.sqlite3")
    window.journals.close()
    window.journals.open(path, Passphrase(SECRET))
    window.rekey_action.trigger()
    dialog = window.journals.asking
    assert dialog is not None and dialog.current is not None and dialog.confirm is not None
    dialog.current.setFocus()
    qtbot.keyClicks(dialog.current, "not the current one")
    qtbot.keyClicks(dialog.field, "new words")
    qtbot.keyClicks(dialog.confirm, "new words")
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    assert dialog.isVisible() and "not the passphrase of" in dialog.error.text()
    qtbot.keyClicks(dialog.current, SECRET)
    qtbot.keyClicks(dialog.field, "new words")
    qtbot.keyClicks(dialog.confirm, "new words")
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.journal.passphrase == Passphrase("new words"))
    window.journals.close()
    window.journals.open(path)
    dialog = window.journals.asking
    _type_and_enter(qtbot, dialog.field, SECRET)
    assert dialog.isVisible()  # the old one no longer opens it
    _type_and_enter(qtbot, dialog.field, "new words")
    qtbot.waitUntil(lambda: window.journal is not None)

    window.decrypt_action.trigger()
    dialog = window.journals.asking
    assert "plain files" in dialog.findChild(QLabel, "passphraseText").text()
    _type_and_enter(qtbot, dialog.field, "new words")
    qtbot.waitUntil(window.encrypt_action.isEnabled)
    assert not cipher.is_encrypted(path) and window.encrypt_action.isEnabled()
    window.journals.close()
    assert window.journals.open(path)  # plain: no passphrase asked
    assert [e.text for e in window.journal.entries()] == [MARKER]


def test_a_plain_export_of_an_encrypted_journal_is_asked_about_first(
    qtbot, make_window, tmp_path: Path
) -> None:
    window = make_window()
    path = _encrypted(window, tmp_path / "secret.sqlite3")
    window.journals.close()
    window.journals.open(path, Passphrase(SECRET))
    target = tmp_path / "out.json"
    box = window.journals.export_to(target, "json")
    assert isinstance(box, QMessageBox) and box.objectName() == "plainExportQuestion"
    assert "unencrypted" in box.text() and str(target) in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.No).click()
    qtbot.wait(50)
    assert not target.exists()
    box = window.journals.export_to(target, "json")
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(target.exists)
    assert MARKER in target.read_text()
    copy = tmp_path / "copy.sqlite3"
    task = window.journals.export_to(copy, "encrypted")  # no question: it stays encrypted
    assert not isinstance(task, QMessageBox)
    qtbot.waitUntil(copy.exists)
    assert cipher.is_encrypted(copy) and MARKER.encode() not in copy.read_bytes()


def test_an_encrypted_copy_is_imported_with_its_passphrase(
    qtbot, make_window, tmp_path: Path
) -> None:
    window = make_window()  # the plain default journal
    copy = tmp_path / "copy.sqlite3"
    service = JournalService(window.paths)
    other = service.create(tmp_path / "other.sqlite3", Passphrase("other words"))
    other.add_entry(MARKER)
    service.export(other, copy, "encrypted", [], service.check_export(copy, other.path))
    other.close()
    window.journals.import_from(copy)
    qtbot.waitUntil(lambda: window.journals.asking is not None)
    dialog = window.journals.asking
    _type_and_enter(qtbot, dialog.field, "wrong words")
    qtbot.waitUntil(
        lambda: window.journals.asking is not None and window.journals.asking.error.isVisible()
    )
    dialog = window.journals.asking
    assert "does not open copy.sqlite3" in dialog.error.text()
    _type_and_enter(qtbot, dialog.field, "other words")
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "importBox") is not None)
    window.findChild(QMessageBox, "importBox").button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: window.journal.count() == 1)
    assert [e.text for e in window.journal.entries()] == [MARKER]


def test_lock_after_idle_hides_the_journal_and_unlocking_brings_it_back(
    qtbot, make_window, tmp_path: Path
) -> None:
    window = make_window()
    path = _encrypted(window, tmp_path / "secret.sqlite3")
    window.journals.close()
    window.journals.open(path, Passphrase(SECRET))
    window.open_card(window.deck.cards[0].id)
    window.panel.text.setPlainText(f"a draft {MARKER}")
    window.show_journal()
    assert MARKER in _texts(window) or window.journal_view.model.total == 1
    window.set_lock_minutes(5)
    assert window.idle.timer.interval() == 5 * 60 * 1000
    window.idle.set_interval(50)  # minutes, in a test: milliseconds
    qtbot.waitUntil(lambda: window.locked_path is not None, timeout=3000)
    assert window.journal is None
    assert window.screens.currentWidget() is window.lock_screen
    assert window.lock_screen.field.hasFocus()
    assert MARKER not in _texts(window)
    assert "without use" in window.lock_screen.text.text()
    window.grab().save(str(tmp_path / "locked.png"))
    _type_and_enter(qtbot, window.lock_screen.field, "not it")
    assert "does not open secret.sqlite3" in window.lock_screen.error.text()
    assert window.journal is None
    _type_and_enter(qtbot, window.lock_screen.field, SECRET)
    assert window.journal is not None and window.journal.path == path
    assert window.screens.currentWidget() is not window.lock_screen
    assert window.locked_path is None
    window.journals.close()
    window.preferences.sync()
    window.window_state.sync()
    _no_secret_on_disk(window.paths.config_dir, window.paths.cache_dir, window.paths.log_dir)
    assert "lock_minutes=5" in (window.paths.config_dir / "settings.ini").read_text()


def test_lock_now_closes_the_windows_that_show_the_journal(
    qtbot, make_window, tmp_path: Path
) -> None:
    window = make_window()
    path = _encrypted(window, tmp_path / "secret.sqlite3")
    window.journals.close()
    window.journals.open(path, Passphrase(SECRET))
    checkins = window.team_checkins()
    look_back = window.look_back()
    commitments = window.show_commitments()
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.locked_path == path)
    assert not checkins.isVisible() and not look_back.isVisible()
    assert not commitments.isVisible()
    assert not window.lock_action.isEnabled()
    window.lock_screen.browse_button.click()  # the cards, without the journal
    assert window.screens.currentIndex() == 0 and window.journal is None


def test_a_plain_journal_does_not_lock(qtbot, make_window) -> None:
    window = make_window()
    assert not window.lock_action.isEnabled()
    assert not window.lock_journal()
    assert window.journal is not None


def test_a_journal_pdf_of_an_encrypted_journal_is_asked_about_first(
    qtbot, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadcards.ui import journal_pdf_dialog

    window = make_window()
    path = _encrypted(window, tmp_path / "secret.sqlite3")
    window.journals.close()
    window.journals.open(path, Passphrase(SECRET))
    target = tmp_path / "journal.pdf"
    monkeypatch.setattr(journal_pdf_dialog, "ask_for_pdf", lambda *a: target)
    dialog = window.export_journal_pdf()
    assert dialog is not None
    dialog.choose_file()
    box = dialog.question
    assert box is not None and "unencrypted" in box.text() and str(target) in box.text()
    box.button(QMessageBox.StandardButton.No).click()
    qtbot.wait(50)
    assert not target.exists() and dialog.task is None


def test_a_damaged_encrypted_journal_finds_its_encrypted_backup_with_the_passphrase(
    qtbot, make_window
) -> None:
    window = make_window()
    window.journals.close()
    path = window.paths.default_journal
    path.unlink()
    service = JournalService(window.paths)
    journal = service.create(path, Passphrase(SECRET))
    journal.add_entry(MARKER)
    service.back_up(journal)
    journal.close()
    path.write_bytes(path.read_bytes()[:5000])  # cut short: nothing tells it was encrypted
    assert not window.journals.open(path)
    dialog = window.journals.asking
    assert dialog is not None and "Its backups are encrypted" in _texts(dialog)
    _type_and_enter(qtbot, dialog.field, "not it")
    assert dialog.isVisible() and "opens none of the backups" in dialog.error.text()
    _type_and_enter(qtbot, dialog.field, SECRET)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "recoveryBox") is not None)
    box = window.findChild(QMessageBox, "recoveryBox")
    assert "Restore the newest good backup" in box.text()
    box.done(QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: window.journal is not None)
    assert window.journal.encrypted and [e.text for e in window.journal.entries()] == [MARKER]
    assert list((window.paths.data_dir / "damaged").rglob("journal.sqlite3"))


def test_an_export_is_named_for_what_it_holds() -> None:
    from leadcards.ui.journal_controller import ENCRYPTED_COPY, export_choice

    assert export_choice(Path("j.json"), ENCRYPTED_COPY, encrypted=True) == (
        Path("j.json"),
        "json",
    )
    assert export_choice(Path("j"), ENCRYPTED_COPY, encrypted=True) == (
        Path("j.sqlite3"),
        "encrypted",
    )
    assert (
        export_choice(Path("j.SQLITE3"), "Markdown, for reading (*.md)", encrypted=True)[1]
        == "encrypted"
    )
    assert export_choice(Path("notes"), "Markdown, for reading (*.md)", encrypted=False) == (
        Path("notes.md"),
        "markdown",
    )


def test_a_new_journal_starts_encrypted_or_plain_as_chosen(
    qtbot, make_window, tmp_path: Path
) -> None:
    window = make_window()
    dialog = window.journals.offer_encryption(tmp_path / "client.sqlite3")
    assert dialog is not None
    qtbot.waitUntil(dialog.field.hasFocus)
    qtbot.keyClicks(dialog.field, "short")
    dialog.confirm.setFocus()
    qtbot.keyClicks(dialog.confirm, "short")
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    assert dialog.isVisible() and "shorter than 8" in dialog.error.text()
    assert not (tmp_path / "client.sqlite3").exists()
    assert dialog.field.hasFocus()
    qtbot.keyClicks(dialog.field, SECRET)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Tab)
    assert dialog.confirm.hasFocus()
    _type_and_enter(qtbot, dialog.confirm, SECRET)
    qtbot.waitUntil(lambda: window.journal is not None)
    assert window.journal.path == tmp_path / "client.sqlite3" and window.journal.encrypted
    assert cipher.is_encrypted(tmp_path / "client.sqlite3")
    plain = window.journals.offer_encryption(tmp_path / "plain.sqlite3")
    assert plain is not None
    assert plain.plain_button is not None
    plain.plain_button.click()  # Leave It Plain
    qtbot.waitUntil(lambda: window.journal.path.name == "plain.sqlite3")
    assert not window.journal.encrypted
