"""Reflecting beside the card: save, drafts that survive a crash, ticks kept in the journal."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from leadcards.journal.model import Mark, parse_tags
from leadcards.journal.store import Journal
from leadcards.ui.card_faces import CardBack
from leadcards.ui.reflection_panel import DRAFT_IDLE_MS, DRAFT_RETRY_MS

pytestmark = pytest.mark.gui


def test_a_reflection_is_saved_with_its_card_space_and_linked_ticks(
    qtbot, make_window, resolved_paths
) -> None:
    window = make_window()
    assert window.journal is not None
    assert window.journal_label.text() == "Journal: journal"
    window.open_card("trust", back=True)
    back = window.card_view.visible_face()
    assert isinstance(back, CardBack)
    qtbot.mouseClick(back.rows[0].box, Qt.MouseButton.LeftButton)  # + Empathy & Care
    qtbot.mouseClick(back.rows[6].box, Qt.MouseButton.LeftButton)  # - Stifling innovation
    panel = window.panel
    assert "Empathy & Care" in panel.linked.text()
    panel.space.setCurrentIndex(panel.space.findData("team"))
    qtbot.keyClicks(panel.text, "Gave the team the reasons before the decision.")
    with qtbot.waitSignal(panel.reflection_saved):
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert panel.status.text().startswith("Saved")
    assert panel.text.toPlainText() == ""
    (entry,) = window.journal.entries()
    assert (entry.deck_id, entry.card_id, entry.space) == (
        "system-leadership-behaviours",
        "trust",
        "team",
    )
    assert entry.marks == {"trust.p1": Mark.PLUS, "trust.n1": Mark.MINUS}
    assert panel.history.count() == 1
    assert "Gave the team the reasons" in panel.history.item(0).text()


def test_the_panel_offers_every_question_on_the_card_and_the_decks_own(qtbot, make_window) -> None:
    window = make_window()
    window.open_card("trust", back=True)
    panel = window.panel
    shown = panel.questions.toPlainText()
    card = window.deck.card("trust")
    assert any(not p.group_safe for p in card.prompts)  # alone, the private ones show too
    for prompt in card.prompts:
        assert prompt.text in shown
        if prompt.follow_up:
            assert f"Then: {prompt.follow_up}" in shown
    assert "For any card" in shown
    assert [q.text in shown for q in window.deck.questions] == [True] * 5
    assert panel.questions.accessibleName() == "Questions to reflect on"
    window.open_card("mindset")
    assert window.deck.card("mindset").prompts[0].text in panel.questions.toPlainText()


def test_ticks_are_kept_in_the_journal_across_restarts(qtbot, make_window) -> None:
    window = make_window()
    window.select_deck("trace")
    window.open_card("route", back=True)
    back = window.card_view.visible_face()
    qtbot.mouseClick(back.rows[2].box, Qt.MouseButton.LeftButton)
    window.close()
    again = make_window()
    assert again.journal is not None
    assert again.journal.card_marks("trace", "route") == {"route.i3": Mark.TICK}
    again.select_deck("trace")
    again.open_card("route", back=True)
    rows = again.card_view.visible_face().rows
    assert [row.indicator_id for row in rows if row.box.isChecked()] == ["route.i3"]


def test_typing_saves_a_draft_about_a_second_after_it_stops(qtbot, make_window) -> None:
    window = make_window()
    window.open_card("mindset")
    panel = window.panel
    qtbot.keyClicks(panel.text, "half a thought")
    assert window.journal.draft("system-leadership-behaviours/mindset") is None
    qtbot.waitUntil(
        lambda: panel.status.text().startswith("Draft kept"), timeout=DRAFT_IDLE_MS + 2000
    )
    draft = window.journal.draft("system-leadership-behaviours/mindset")
    assert draft is not None and draft.text == "half a thought"


def test_steady_typing_still_saves_a_draft_every_few_seconds(
    qtbot, make_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadcards.ui import reflection_panel

    monkeypatch.setattr(reflection_panel, "DRAFT_MAX_S", 0.6)  # 5 s in the app
    window = make_window()
    window.open_card("mindset")
    panel = window.panel
    key = "system-leadership-behaviours/mindset"
    typed = ""
    for word in ["never", "a", "pause", "long", "enough", "for", "the", "idle", "save"]:
        qtbot.keyClicks(panel.text, word + " ")
        typed += word + " "
        qtbot.wait(150)  # well inside the one-second pause the idle save waits for
    draft = window.journal.draft(key)
    assert draft is not None and typed.startswith(draft.text) and len(draft.text) > 5


def test_a_draft_is_kept_when_moving_to_another_card_and_comes_back(qtbot, make_window) -> None:
    window = make_window()
    window.open_card("mindset")
    qtbot.keyClicks(window.panel.text, "about mindset")
    qtbot.keyClick(window.card_view, Qt.Key.Key_Right)
    assert window.panel.text.toPlainText() == ""
    qtbot.keyClick(window.card_view, Qt.Key.Key_Left)
    assert window.panel.text.toPlainText() == "about mindset"
    assert window.panel.status.text() == "Draft restored"


def test_tags_are_kept_with_the_draft_and_saved_with_the_reflection(qtbot, make_window) -> None:
    window = make_window()
    window.journal.add_entry("older", tags=["appraisal"])
    window.open_card("trust")
    panel = window.panel
    qtbot.keyClicks(panel.text, "tagged thought")
    qtbot.keyClicks(panel.tags, "team day,  appraisal ,")
    assert panel.save_draft()
    assert window.journal.draft("system-leadership-behaviours/trust").tags == (
        "team day",
        "appraisal",
    )
    qtbot.keyClick(window.card_view, Qt.Key.Key_Right)
    assert panel.tags.text() == ""
    qtbot.keyClick(window.card_view, Qt.Key.Key_Left)
    assert panel.tags.text() == "team day, appraisal"
    entry = panel.save()
    assert entry is not None and sorted(entry.tags) == ["appraisal", "team day"]
    assert panel.tags.text() == ""
    assert window.journal.draft("system-leadership-behaviours/trust") is None
    assert panel.tags.completer().model().stringList() == ["appraisal", "team day"]
    assert parse_tags(" a, ,b ,") == ["a", "b"]


def _limit_pages(journal: Journal, extra: int) -> None:
    """SQLite's page limit fails writes exactly as a full disk does (SQLITE_FULL)."""
    pages = journal._db.execute("PRAGMA page_count").fetchone()[0]
    journal._db.execute(f"PRAGMA max_page_count = {pages + extra}")


def _problem_boxes(window) -> list[QMessageBox]:
    return [box for box in window.findChildren(QMessageBox) if box.objectName() == "problemBox"]


def test_a_full_disk_keeps_the_text_tells_once_and_retries_until_saved(qtbot, make_window) -> None:
    window = make_window()
    window.open_card("trust")
    panel = window.panel
    _limit_pages(window.journal, 0)
    written = "A long reflection written while the disk is full. " * 2000
    panel.text.setPlainText(written)
    assert not panel.save_draft()
    assert "Draft not saved" in panel.status.text()
    assert panel.save() is None
    assert panel.status.text().startswith("Not saved")
    assert panel.text.toPlainText() == written
    boxes = _problem_boxes(window)
    assert len(boxes) == 1  # told once, not once per attempt
    assert "full" in boxes[0].text() and "keeps trying" in boxes[0].text()
    assert window.journal.count() == 0
    _limit_pages(window.journal, 100_000)  # room again
    qtbot.waitUntil(
        lambda: "saving works again" in panel.status.text(), timeout=DRAFT_RETRY_MS + 2000
    )
    draft = window.journal.draft("system-leadership-behaviours/trust")
    assert draft is not None and draft.text == written
    assert panel.save() is not None
    assert [entry.text for entry in window.journal.entries()] == [written]


def test_after_a_crash_the_draft_comes_back(qtbot, make_window, data_dir: Path) -> None:
    """A separate LeadCards process types a draft and is killed; the next start has it."""
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        os.environ["LEADCARDS_DATA_DIR"] = {str(data_dir)!r}
        from PySide6.QtCore import QTimer
        from PySide6.QtTest import QTest
        from leadcards.paths import resolve
        from leadcards.ui.launch import build_main_window, create_application
        app = create_application()
        window = build_main_window(resolve())
        window.show()
        window.open_card("trust")
        QTest.keyClicks(window.panel.text, "typed just before the crash")
        def crash():
            print("draft kept" if window.panel.status.text().startswith("Draft kept")
                  else "no draft", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
        QTimer.singleShot({DRAFT_IDLE_MS + 600}, crash)
        app.exec()
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "draft kept", result.stderr
    assert result.returncode != 0  # it really was killed
    window = make_window()
    window.open_card("trust")
    assert window.panel.text.toPlainText() == "typed just before the crash"


def test_a_journal_open_elsewhere_is_reported_and_browsing_goes_on(
    qtbot, make_window, resolved_paths
) -> None:
    resolved_paths.data_dir.mkdir(parents=True)
    with Journal.open(resolved_paths.default_journal):
        window = make_window()
        assert window.journal is None
        assert window.journal_label.text() == "Journal: no journal open"
        assert not window.panel.isEnabled()
        window.open_card("trust")
        assert window.card_view.card.id == "trust"
        QApplication.processEvents()
        assert "open in another LeadCards window" in window.statusBar().currentMessage()


def test_closing_the_window_backs_up_a_journal_that_changed(
    qtbot, make_window, resolved_paths
) -> None:
    from leadcards.journal import backup

    window = make_window()
    window.open_card("trust")
    qtbot.keyClicks(window.panel.text, "worth a backup")
    window.panel.save()
    journal_path = window.journal.path
    window.close()
    found = backup.backups(backup.folder_for(resolved_paths.data_dir, journal_path))
    assert len(found) == 1
    backup.check_backup(found[0])


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page, keep the header
    path.write_bytes(bytes(data))


def test_a_damaged_journal_is_set_aside_and_the_newest_backup_offered(
    qtbot, make_window, resolved_paths
) -> None:
    from leadcards.journal import backup

    first = make_window()
    first.journal.add_entry("kept in the backup")
    first.close()  # changed, so a backup is made on close
    _damage(resolved_paths.default_journal)
    window = make_window()
    box = window.findChild(QMessageBox, "recoveryBox")
    assert box is not None and box.isVisible()
    assert "Restore the newest good backup" in box.text()
    (aside,) = (resolved_paths.data_dir / "damaged").iterdir()
    assert (aside / "journal.sqlite3").exists()  # moved whole, never deleted
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: window.journal is not None)
    assert [e.text for e in window.journal.entries()] == ["kept in the backup"]
    assert window.journal.integrity_ok()
    assert backup.backups(backup.folder_for(resolved_paths.data_dir, window.journal.path))


def test_a_damaged_journal_without_backups_starts_afresh_after_telling(
    qtbot, make_window, resolved_paths
) -> None:
    resolved_paths.data_dir.mkdir(parents=True)
    resolved_paths.default_journal.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    window = make_window()
    box = window.findChild(QMessageBox, "recoveryBox")
    assert "no backup to restore" in box.text()
    box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.journal is not None)
    assert window.journal.count() == 0
    assert len(list((resolved_paths.data_dir / "damaged").iterdir())) == 1


def test_export_import_and_restore_from_the_window(
    qtbot, make_window, resolved_paths, tmp_path: Path
) -> None:
    import os
    import stat

    window = make_window()
    window.journal.add_entry("exported reflection", deck_id="trace", card_id="task")
    target = tmp_path / "out.json"
    with qtbot.waitSignal(window.journals.export_to(target, "json").finished):
        pass
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "keep it somewhere private" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.journals.export_to(tmp_path / "out.md", "markdown").finished):
        pass
    assert "exported reflection" in (tmp_path / "out.md").read_text(encoding="utf-8")

    other = tmp_path / "client.sqlite3"
    assert window.journals.open(other)
    with qtbot.waitSignal(window.journals.import_from(target).finished):
        pass
    (box,) = [b for b in window.findChildren(QMessageBox) if b.objectName() == "importBox"]
    assert "1 new reflections" in box.text()
    assert window.journal.count() == 0  # nothing until confirmed
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: window.journal.count() == 1)
    qtbot.waitUntil(lambda: "Imported" in window.statusBar().currentMessage())

    from leadcards.journal import backup

    folder = backup.folder_for(resolved_paths.data_dir, other)
    before_import = next(p for p in backup.backups(folder) if "before-import" in p.name)
    with window.journals.service.staged(window.journal.path, before_import) as staged:
        assert window.journals.restore(staged)
    assert window.journal.count() == 0
    assert window.journals.ask_to_restore(tmp_path / "out.md") is None
    assert "Nothing was restored" in window.statusBar().currentMessage()


def test_export_problems_are_reported_in_words(
    qtbot, make_window, tmp_path: Path, monkeypatch
) -> None:
    window = make_window()
    window.journal.add_entry("kept")
    before = window.journal.path.read_bytes()
    assert window.journals.export_to(window.journal.path, "json") is None  # refused at once
    assert "is a journal LeadCards keeps" in _problem_boxes(window)[-1].text()
    assert window.journal.path.read_bytes() == before

    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("leadcards.fileio._replace", full)
    target = tmp_path / "export.json"
    with qtbot.waitSignal(window.journals.export_to(target, "json").finished):
        pass
    assert _problem_boxes(window)[-1].text() == (
        f"The journal could not be exported: cannot write {target}: No space left on device"
    )
    with qtbot.waitSignal(window.journals.import_from(tmp_path / "missing.json").finished):
        pass
    assert "missing.json could not be imported" in _problem_boxes(window)[-1].text()
    assert window.journal.count() == 1


def test_back_up_now_runs_in_the_background_and_says_where(
    qtbot, make_window, resolved_paths
) -> None:
    window = make_window()
    window.journal.add_entry("worth keeping")
    with qtbot.waitSignal(window.journals.back_up_now().finished):
        pass
    assert window.statusBar().currentMessage().startswith("Backed up to ")
    from leadcards.journal import backup

    (made,) = backup.backups(backup.folder_for(resolved_paths.data_dir, window.journal.path))
    backup.check_backup(made)  # raises unless it is an intact journal


def test_the_running_app_never_reaches_for_the_network(
    qtbot, make_window, network_attempts: list[str], tmp_path: Path
) -> None:
    """Sockets fail for this whole test: reflect, export both ways, import, back up, quit."""
    import sys

    window = make_window()
    window.open_card("trust")
    qtbot.keyClicks(window.panel.text, "private words")
    assert window.panel.save() is not None
    exported = tmp_path / "e.json"
    with qtbot.waitSignal(window.journals.export_to(exported, "json").finished):
        pass
    with qtbot.waitSignal(window.journals.export_to(tmp_path / "e.md", "markdown").finished):
        pass
    assert window.journals.open(tmp_path / "other.sqlite3")
    with qtbot.waitSignal(window.journals.import_from(exported).finished):
        pass
    (box,) = [b for b in window.findChildren(QMessageBox) if b.objectName() == "importBox"]
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: window.journal.count() == 1)
    with qtbot.waitSignal(window.journals.back_up_now().finished):
        pass
    window.close()
    assert network_attempts == []
    assert "PySide6.QtNetwork" not in sys.modules
