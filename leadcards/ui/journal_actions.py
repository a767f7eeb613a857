"""The main window's journal actions: open, create, back up, restore, export and import.

A mixin for :class:`leadcards.ui.main_window.MainWindow`; every action is a few lines
around a core call (``Journal``, ``backup``, ``exchange``) and reports problems in words.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from leadcards.fileio import (
    Keep,
    UserFileError,
    check_output,
    copy_in,
    discard_copy,
    is_database,
    read_bytes,
    write_text,
)
from leadcards.paths import ensure_dir
from leadcards.progress import Progress

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from leadcards.journal.exchange import JournalExport
    from leadcards.journal.model import MergeSummary
    from leadcards.journal.store import Journal
    from leadcards.ui.background import Task
    from leadcards.ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


class JournalActionsMixin(_Base):
    def kept_files(self) -> Keep:
        """What no file saved from the app may replace: LeadCards' own files and the
        journal open now."""
        return Keep.of(self.paths, journals=(self.journal.path,) if self.journal else ())

    def open_journal(self, path: Path) -> bool:
        """Open a journal (closing the current one); on failure say why and keep browsing."""
        self._journal_asked = True
        from leadcards.journal import backup  # the journal's modules load with the first journal
        from leadcards.journal.model import JournalDamagedError, JournalError
        from leadcards.journal.store import Journal

        self.save_draft()
        try:
            if path == self.paths.default_journal:
                ensure_dir(self.paths.data_dir)
            opened = Journal.open(path, backup_dir=backup.folder_for(self.paths.data_dir, path))
        except JournalDamagedError as exc:
            if path == self.paths.default_journal or is_database(path):
                self.offer_recovery(path, str(exc))
            else:  # a file that was never a journal (a PDF chosen by mistake): left alone
                self.report_problem(
                    f"{path.name} is not a LeadCards journal; it was left as it is."
                )
                if self.journal is None:
                    self._show_journal_name()
            return False
        except (JournalError, OSError) as exc:
            self.report_problem(f"The journal {path.name} could not be opened. {exc}")
            if self.journal is None:
                self._show_journal_name()
            return False
        self.close_journal()
        self.journal = opened
        self.window_state.set_value("journal", str(path))
        if self._card_view is not None:  # else it loads them as it is built
            self._card_view.load_marks(
                {key: set(marks) for key, marks in opened.all_card_marks().items()}
            )
        if self._panel is not None:
            self._panel.set_journal(opened)
        self.undo_stack.clear()
        if self._journal_view is not None:
            self._journal_view.set_journal(opened)
        self._sync_panel()
        self._show_journal_name()
        return True

    def offer_recovery(self, path: Path, reason: str) -> None:
        """A damaged journal is moved aside whole (never deleted) and the newest good backup
        is offered in its place."""
        from PySide6.QtWidgets import QMessageBox

        from leadcards.journal import backup

        try:
            aside = backup.set_aside(path, self.paths.data_dir)
        except OSError as exc:
            self.report_problem(f"{reason} It could not be moved aside: {exc.strerror or exc}")
            return
        good = backup.newest_good(backup.folder_for(self.paths.data_dir, path))
        message = f"{reason}\n\nThe damaged file has been moved, unchanged, to {aside}."
        box = QMessageBox(self)
        box.setObjectName("recoveryBox")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Journal damaged")
        if good is None:
            box.setText(
                message + "\n\nThere is no backup to restore; a new, empty journal "
                "will be started in its place."
            )
            box.setStandardButtons(QMessageBox.StandardButton.Ok)
            box.finished.connect(lambda _: self.open_journal(path))
        else:
            when = backup.backup_time(good)
            stamp = when.astimezone().strftime("%d %B %Y %H:%M") if when else good.name
            box.setText(message + f"\n\nRestore the newest good backup, from {stamp}?")
            box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
            box.finished.connect(lambda result: self._recover(path, good, result))
        self._show_journal_name()
        box.open()

    def _recover(self, path: Path, good: Path, result: int) -> None:
        from PySide6.QtWidgets import QMessageBox

        from leadcards.journal import backup

        if result == QMessageBox.StandardButton.Yes:
            try:
                backup.restore_into(good, path)
            except backup.BackupError as exc:
                self.report_problem(f"The backup could not be restored: {exc}")
                return
        self.open_journal(path)

    def close_journal(self) -> None:
        if self.journal is None:
            return
        presenter = getattr(self, "presenter", None)
        if presenter is not None and presenter.journal is self.journal:
            presenter.journal_closing()
        self.save_draft()
        if self._panel is not None:
            self._panel.set_journal(None)
        self.undo_stack.clear()
        if self._journal_view is not None:
            self._journal_view.set_journal(None)
        if self.journal.changed_at is not None:
            self._backup(reason="")
        self.journal.close()
        self.journal = None

    def _show_journal_name(self) -> None:
        name = self.journal.name if self.journal else "no journal open"
        self.journal_label.setText(f"Journal: {name}")
        self.setWindowTitle(name)  # Qt adds " — LeadCards" (the application's display name)

    def new_journal(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(
            self,
            "New Journal",
            str(self.paths.data_dir / "New journal.sqlite3"),
            "LeadCards journals (*.sqlite3)",
        )
        if path:
            target = Path(path if path.endswith(".sqlite3") else f"{path}.sqlite3")
            if target.exists():
                self.report_problem(f"{target.name} already exists; use Open Journal for it.")
                return
            if self.open_journal(target) and self.journal is not None:
                self.journal.set_name(target.stem)
                self._show_journal_name()

    def choose_journal(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self, "Open Journal", str(self.paths.data_dir), "LeadCards journals (*.sqlite3)"
        )
        if path:
            self.open_journal(Path(path))

    def _backup(self, reason: str) -> Path | None:
        from leadcards.journal import backup

        if self.journal is None:
            return None
        folder = backup.folder_for(self.paths.data_dir, self.journal.path)
        try:
            made = self.journal.backup(folder, reason=reason)
            backup.prune(folder)
        except backup.BackupError as exc:
            self.report_problem(f"The journal could not be backed up: {exc}")
            return None
        return made

    def backup_now(self) -> Task | None:
        from leadcards.journal import backup
        from leadcards.ui.background import run_task

        if self.journal is None:
            self.report_problem("Open a journal first.")
            return None
        journal = self.journal
        folder = backup.folder_for(self.paths.data_dir, journal.path)

        def work(progress: Progress) -> Path:
            made = journal.backup(folder)
            backup.prune(folder)
            return made

        return run_task(
            self,
            "Backing up the journal…",
            work,
            lambda made: self.statusBar().showMessage(f"Backed up to {made}", 6000),
            lambda exc: self.report_problem(f"The journal could not be backed up: {exc}"),
            cancellable=False,
        )

    def backup_if_due(self) -> None:
        from leadcards.journal import backup
        from leadcards.journal.model import utc_now

        if self.journal is None:
            return
        folder = backup.folder_for(self.paths.data_dir, self.journal.path)
        found = backup.backups(folder)
        last = backup.backup_time(found[0]) if found else None
        if backup.due(last, self.journal.changed_at, utc_now()):
            self._backup(reason="")

    def choose_export(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        if self.journal is None:
            self.report_problem("Open a journal first.")
            return
        path, chosen = QFileDialog.getSaveFileName(
            self,
            "Export Journal",
            str(Path.home() / f"{self.journal.name}.json"),
            "Complete journal, re-importable (*.json);;Markdown, for reading (*.md)",
        )
        if path:
            self.export_journal_to(
                Path(path),
                "markdown" if chosen.startswith("Markdown") or path.endswith(".md") else "json",
            )

    def export_journal_to(self, target: Path, fmt: str) -> Task | None:
        """Write the journal out in the background (0600: it holds personal text)."""
        from leadcards.journal.exchange import export_json, export_markdown
        from leadcards.ui.background import run_task

        if self.journal is None:
            return None
        journal, decks = self.journal, self.library.decks
        keep = self.kept_files()
        try:
            check_output(target, keep)
        except UserFileError as exc:
            self._export_failed(exc)
            return None

        def work(progress: Progress) -> int:
            text = export_json(journal) if fmt == "json" else export_markdown(journal, decks)
            write_text(target, text, private=True, keep=keep)
            return journal.count()

        def done(count: int) -> None:
            self.statusBar().showMessage(
                f"Exported {count} reflections to {target}. The file holds your "
                "personal reflections: keep it somewhere private.",
                10000,
            )

        return run_task(self, f"Exporting to {target.name}…", work, done, self._export_failed)

    def _export_failed(self, exc: BaseException) -> None:
        from leadcards.ui.saved_pdf import failure_text

        self.report_problem(f"The journal could not be exported: {failure_text(exc)}")

    def choose_import(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self, "Import Journal", str(Path.home()), "LeadCards journal exports (*.json)"
        )
        if path:
            self.import_journal_from(Path(path))

    def import_journal_from(self, source: Path) -> Task | None:
        """Read an export and work out what merging it would change (in the background),
        then ask; nothing changes unless the person says yes."""
        from leadcards.journal.exchange import MAX_IMPORT_BYTES, JournalFileError, parse_json_export
        from leadcards.journal.model import JournalError
        from leadcards.ui.background import run_task

        if self.journal is None:
            self.report_problem("Open a journal first.")
            return None
        journal = self.journal

        def work(progress: Progress) -> tuple[JournalExport, MergeSummary]:
            data = read_bytes(source, limit=MAX_IMPORT_BYTES, what="journal export")
            incoming = parse_json_export(data, source.name)
            return incoming, journal.merge(incoming.entries, incoming.checks, dry_run=True)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, (JournalFileError, JournalError, OSError, UserFileError)):
                raise exc
            self.report_problem(f"{source.name} could not be imported: {exc}")

        return run_task(
            self,
            f"Reading {source.name}…",
            work,
            lambda found: self._confirm_import(source, journal, *found),
            failed,
        )

    def _confirm_import(
        self, source: Path, journal: Journal, incoming: JournalExport, summary: MergeSummary
    ) -> None:
        from PySide6.QtWidgets import QMessageBox

        if journal is not self.journal:
            return  # another journal was opened meanwhile
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Import Journal",
            f"Importing {source.name} would bring {summary.describe()}.\n\n"
            "Nothing is removed, and an edit made here later than the one in "
            "the file is kept. A backup is made first. Import?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("importBox")
        box.finished.connect(lambda result: self._import(incoming, result))
        box.open()

    def _import(self, incoming: JournalExport, result: int) -> Task | None:
        from PySide6.QtWidgets import QMessageBox

        from leadcards.journal import backup
        from leadcards.journal.model import JournalError
        from leadcards.ui.background import run_task

        if result != QMessageBox.StandardButton.Yes or self.journal is None:
            return None
        journal = self.journal
        folder = backup.folder_for(self.paths.data_dir, journal.path)

        def work(progress: Progress) -> MergeSummary:
            journal.backup(folder, reason="before-import")
            return journal.merge(incoming.entries, incoming.checks)

        def done(summary: MergeSummary) -> None:
            self.refresh_journal_view(tags=True)
            self.statusBar().showMessage(f"Imported: {summary.describe()}", 10000)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, (backup.BackupError, JournalError)):
                raise exc
            self.report_problem(f"Nothing was imported: {exc}")

        return run_task(self, "Importing…", work, done, failed, cancellable=False)

    def choose_backup(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from leadcards.journal import backup

        if self.journal is None:
            self.report_problem("Open a journal first.")
            return
        folder = backup.folder_for(self.paths.data_dir, self.journal.path)
        path, _ = QFileDialog.getOpenFileName(
            self, "Restore Journal From Backup", str(folder), "Journal backups (*.sqlite3)"
        )
        if path:
            self.ask_to_restore(Path(path))

    def ask_to_restore(self, source: Path) -> QMessageBox | None:
        """Say what a restore replaces and with what, and restore only on Yes. What is
        checked, shown and restored is a private copy of the file the person chose."""
        from PySide6.QtWidgets import QMessageBox

        from leadcards.journal import backup
        from leadcards.ui.saved_pdf import failure_text

        if self.journal is None:
            return None
        folder = backup.folder_for(self.paths.data_dir, self.journal.path)
        try:
            copy = copy_in(source, folder, limit=backup.MAX_BACKUP_BYTES, what="journal backup")
        except (UserFileError, OSError) as exc:
            self.report_problem(f"Nothing was restored: {failure_text(exc)}")
            return None
        try:
            backup.check_backup(copy, name=source.name)
            incoming = backup.entry_count(copy)
        except backup.BackupError as exc:
            discard_copy(copy)
            self.report_problem(f"Nothing was restored: {exc}")
            return None
        now = self.journal.count()
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Restore Journal From Backup",
            f"Replace {self.journal.name} ({now} reflection{'s' if now != 1 else ''} now) "
            f"with {source.name} ({incoming} reflection{'s' if incoming != 1 else ''})?\n\n"
            "What is there now is backed up first, so this can be undone by restoring that.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("restoreQuestion")
        box.setTextFormat(Qt.TextFormat.PlainText)  # a journal's name is never markup
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def answered(result: int) -> None:
            try:
                if result == QMessageBox.StandardButton.Yes:
                    self.restore_journal_from(copy, name=source.name)
            finally:
                discard_copy(copy)

        box.finished.connect(answered)
        box.open()
        return box

    def restore_journal_from(self, source: Path, name: str | None = None) -> bool:
        from leadcards.journal import backup
        from leadcards.journal.model import JournalError

        if self.journal is None:
            return False
        self.save_draft()
        folder = backup.folder_for(self.paths.data_dir, self.journal.path)
        try:
            safety = self.journal.restore_from(source, safety_dir=folder, name=name)
        except (backup.BackupError, JournalError) as exc:
            self.report_problem(f"Nothing was restored: {exc}")
            return False
        self.open_journal(self.journal.path)
        self.statusBar().showMessage(
            f"Restored from {name or source.name}. What was there before is kept in {safety.name}.",
            10000,
        )
        return True
