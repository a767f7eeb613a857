"""Journal actions in the File menu: restoring from a backup says what it replaces first."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

pytestmark = pytest.mark.gui


def test_restore_asks_first_and_only_yes_replaces_the_journal(
    qtbot, make_window, tmp_path: Path
) -> None:
    window = make_window()
    window.journal.add_entry("kept in the backup")
    saved = window.journal.backup(tmp_path / "mine")
    for number in range(3):
        window.journal.add_entry(f"written after the backup {number}")
    box = window.journals.ask_to_restore(saved)
    assert box is not None and box.isVisible()
    assert "(4 reflections now)" in box.text() and "(1 reflection)?" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.No).click()
    assert window.journal.count() == 4  # No changes nothing
    window.show_journal()  # a view that must show the restored journal
    before = window.journal
    box = window.journals.ask_to_restore(saved)
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: window.journal is not None and window.journal.count() == 1)
    assert [e.text for e in window.journal.entries()] == ["kept in the backup"]
    assert window.journal is not before  # closed and opened again, not refused by its lock
    assert window.journal_view.model.total == 1  # the view shows what it holds now
    assert "Restored from" in window.statusBar().currentMessage()
    assert not [b for b in window.findChildren(QMessageBox) if b.objectName() == "problemBox"]


def test_a_file_that_is_not_a_backup_is_refused_before_asking(
    qtbot, make_window, tmp_path: Path
) -> None:
    window = make_window()
    window.journal.add_entry("stays")
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes(b"not a journal")
    assert window.journals.ask_to_restore(bogus) is None
    assert "Nothing was restored" in window.statusBar().currentMessage()
    assert window.journal.count() == 1


def test_the_timer_backs_up_changes_at_most_every_half_hour(
    qtbot, make_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from leadcards.journal import backup, service

    window = make_window()
    assert window.backup_timer.isActive() and window.backup_timer.interval() == 5 * 60 * 1000
    folder = backup.folder_for(window.paths.data_dir, window.journal.path)
    count = len(backup.backups(folder))
    window.journal.add_entry("a change")
    window.journals.back_up_if_due()
    assert len(backup.backups(folder)) == count + 1
    window.journal.add_entry("another change, minutes later")
    window.journals.back_up_if_due()
    assert len(backup.backups(folder)) == count + 1  # not yet: half an hour has not passed
    later = service.utc_now() + dt.timedelta(minutes=31)
    monkeypatch.setattr(service, "utc_now", lambda: later)  # the timer's clock
    window.journals.back_up_if_due()
    assert len(backup.backups(folder)) == count + 2
    window.journals.back_up_if_due()
    assert len(backup.backups(folder)) == count + 2  # nothing changed since


def test_a_file_that_was_never_a_journal_is_left_where_it_is(
    qtbot, make_window, tmp_path: Path
) -> None:
    window = make_window()
    window.journal.add_entry("stays open")
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4 a report, not a journal")
    assert not window.journals.open(report)
    assert report.read_bytes() == b"%PDF-1.4 a report, not a journal"
    assert window.findChild(QMessageBox, "recoveryBox") is None
    assert window.journal is not None and window.journal.count() == 1


def test_a_restore_names_the_chosen_file_and_removes_its_private_copy(
    qtbot, make_window, tmp_path: Path
) -> None:
    from leadcards.journal import backup

    window = make_window()
    window.journal.add_entry("kept")
    saved = window.journal.backup(tmp_path / "mine")
    box = window.journals.ask_to_restore(saved)
    assert saved.name in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: saved.name in window.statusBar().currentMessage())
    folder = backup.folder_for(window.paths.data_dir, window.journal.path)
    assert not list(folder.glob(".incoming-*"))
