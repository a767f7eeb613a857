"""The app's part of the journal: the journal open now, and the File menu's journal actions.

Every operation is the journal service's (:mod:`leadcards.journal.service`), as on the
command line; this controller asks the person what the operation needs (a file, a yes),
runs the slow ones in the background, and turns the results into signals for the window
(``changed``, ``closing``, ``imported``) and into words (``status``, ``problem``). It is
made on first use, after the cards are on screen: it loads the journal's modules.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from leadcards.fileio import Keep, UserFileError, is_database
from leadcards.journal import backup
from leadcards.journal.exchange import JournalExport, JournalFileError
from leadcards.journal.model import JournalDamagedError, JournalError, MergeSummary
from leadcards.journal.service import JournalService, Recovery, StagedRestore
from leadcards.journal.store import Journal
from leadcards.library import Library
from leadcards.progress import Progress
from leadcards.ui.background import Task, run_task
from leadcards.ui.saved_pdf import failure_text

_YES = QMessageBox.StandardButton.Yes
_NO = QMessageBox.StandardButton.No


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class JournalController(QObject):
    changed = Signal(object)  # the journal open now (a Journal, or None), after any change
    closing = Signal(object)  # the journal about to close: views let go of it now
    imported = Signal()  # reflections arrived from an import
    status = Signal(str, int)  # a message for the status bar, and for how many ms
    problem = Signal(str)  # something that went wrong, in words

    def __init__(
        self,
        window: QWidget,
        service: JournalService,
        library: Library,
        before_change: Callable[[], object],
    ) -> None:
        """``window`` is the parent of the dialogs and the background tasks;
        ``before_change`` is called before a journal is opened, closed or restored (the
        window saves the draft being written)."""
        super().__init__(window)
        self.window = window
        self.service = service
        self.library = library
        self.before_change = before_change
        self.journal: Journal | None = None

    def kept_files(self) -> Keep:
        """What no file saved from the app may replace: LeadCards' own files and the
        journal open now."""
        return self.service.kept_files(*((self.journal.path,) if self.journal else ()))

    # ------------------------------------------------------------------ opening, closing

    def open(self, path: Path) -> bool:
        """Open a journal (closing the current one); on failure say why and keep browsing."""
        self.before_change()
        try:
            opened = self.service.open(path)
        except JournalDamagedError as exc:
            if path == self.service.paths.default_journal or is_database(path):
                self.offer_recovery(path, str(exc))
            else:  # a file that was never a journal (a PDF chosen by mistake): left alone
                self._failed(f"{path.name} is not a LeadCards journal; it was left as it is.")
            return False
        except (JournalError, OSError) as exc:
            self._failed(f"The journal {path.name} could not be opened. {exc}")
            return False
        self._take(opened)
        return True

    def _take(self, journal: Journal) -> None:
        """Close the journal open now and show ``journal`` in its place."""
        self.close()
        self.journal = journal
        self.changed.emit(journal)

    def _failed(self, message: str) -> None:
        self.problem.emit(message)
        if self.journal is None:
            self.changed.emit(None)  # the window says that no journal is open

    def offer_recovery(self, path: Path, reason: str) -> QMessageBox | None:
        """A damaged journal is moved aside whole (never deleted) and the newest good backup
        is offered in its place."""
        try:
            recovery = self.service.set_aside(path)
        except OSError as exc:
            self.problem.emit(f"{reason} It could not be moved aside: {exc.strerror or exc}")
            return None
        message = f"{reason}\n\nThe damaged file has been moved, unchanged, to {recovery.aside}."
        box = QMessageBox(self.window)
        box.setObjectName("recoveryBox")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Journal damaged")
        box.setTextFormat(Qt.TextFormat.PlainText)  # a file's name is never markup
        if recovery.good is None:
            box.setText(
                message + "\n\nThere is no backup to restore; a new, empty journal "
                "will be started in its place."
            )
            box.setStandardButtons(QMessageBox.StandardButton.Ok)
            box.finished.connect(lambda _: self.open(path))
        else:
            taken = recovery.taken
            stamp = taken.astimezone().strftime("%d %B %Y %H:%M") if taken else recovery.good.name
            box.setText(message + f"\n\nRestore the newest good backup, from {stamp}?")
            box.setStandardButtons(_YES | _NO)
            box.finished.connect(lambda result: self._recover(path, recovery, result))
        if self.journal is None:
            self.changed.emit(None)
        box.open()
        return box

    def _recover(self, path: Path, recovery: Recovery, result: int) -> None:
        if result == _YES:
            try:
                self.service.recover(recovery, path)
            except backup.BackupError as exc:
                self.problem.emit(f"The backup could not be restored: {exc}")
                return
        self.open(path)

    def close(self) -> None:
        """Close the journal open now (backed up first if it changed)."""
        if self.journal is None:
            return
        journal = self.journal
        self.closing.emit(journal)  # the window saves the draft and lets go of it
        self.journal = None
        try:
            self.service.close(journal)
        except backup.BackupError as exc:
            self.problem.emit(f"The journal could not be backed up: {exc}")

    def create_new(self) -> None:
        """File ▸ New Journal…"""
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            "New Journal",
            str(self.service.paths.data_dir / "New journal.sqlite3"),
            "LeadCards journals (*.sqlite3)",
        )
        if path:
            self.create_at(Path(path if path.endswith(".sqlite3") else f"{path}.sqlite3"))

    def create_at(self, target: Path) -> bool:
        if target.exists() or target.is_symlink():
            self.problem.emit(f"{target.name} already exists; use Open Journal for it.")
            return False
        self.before_change()
        try:
            made = self.service.create(target)
        except (JournalError, OSError) as exc:
            self._failed(f"The journal {target.name} could not be made. {exc}")
            return False
        self._take(made)
        return True

    def choose(self) -> None:
        """File ▸ Open Journal…"""
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            "Open Journal",
            str(self.service.paths.data_dir),
            "LeadCards journals (*.sqlite3)",
        )
        if path:
            self.open(Path(path))

    # ------------------------------------------------------------------ backups

    def back_up_now(self) -> Task | None:
        """File ▸ Back Up Journal Now, in the background."""
        if self.journal is None:
            self.problem.emit("Open a journal first.")
            return None
        journal = self.journal
        return run_task(
            self.window,
            "Backing up the journal…",
            lambda progress: self.service.back_up(journal),
            lambda made: self.status.emit(f"Backed up to {made}", 6000),
            lambda exc: self.problem.emit(f"The journal could not be backed up: {exc}"),
            cancellable=False,
        )

    def back_up_if_due(self) -> None:
        """The timer's backup: made if the journal changed and the last one is old."""
        if self.journal is None:
            return
        try:
            self.service.back_up_if_due(self.journal)
        except backup.BackupError as exc:
            self.problem.emit(f"The journal could not be backed up: {exc}")

    def choose_backup(self) -> None:
        """File ▸ Restore Journal From Backup…"""
        if self.journal is None:
            self.problem.emit("Open a journal first.")
            return
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            "Restore Journal From Backup",
            str(self.service.backup_folder(self.journal.path)),
            "Journal backups (*.sqlite3)",
        )
        if path:
            self.ask_to_restore(Path(path))

    def ask_to_restore(self, source: Path) -> QMessageBox | None:
        """Say what a restore replaces and with what, and restore only on Yes. What is
        checked, shown and restored is a private copy of the file the person chose."""
        if self.journal is None:
            return None
        try:
            staged = self.service.stage_restore(self.journal.path, source)
        except (UserFileError, OSError, backup.BackupError) as exc:
            self.problem.emit(f"Nothing was restored: {failure_text(exc)}")
            return None
        now = self.journal.count()
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Restore Journal From Backup",
            f"Replace {self.journal.name} ({_plural(now, 'reflection')} now) with "
            f"{staged.name} ({_plural(staged.entries, 'reflection')})?\n\n"
            "What is there now is backed up first, so this can be undone by restoring that.",
            _YES | _NO,
            self.window,
        )
        box.setObjectName("restoreQuestion")
        box.setTextFormat(Qt.TextFormat.PlainText)  # a journal's name is never markup
        box.setDefaultButton(_NO)

        def answered(result: int) -> None:
            try:
                if result == _YES:
                    self.restore(staged)
            finally:
                self.service.discard(staged)

        box.finished.connect(answered)
        box.open()
        return box

    def restore(self, staged: StagedRestore) -> bool:
        """Restore a staged backup into the journal open now, and show what it holds."""
        if self.journal is None:
            return False
        self.before_change()
        journal = self.journal
        try:
            safety = self.service.restore(journal, staged)
        except (backup.BackupError, JournalError) as exc:
            self.problem.emit(f"Nothing was restored: {exc}")
            return False
        # Closed and opened again, so every view shows what the journal holds now (opened
        # while still open here, its lock would refuse it).
        self.close()
        self.open(journal.path)
        self.status.emit(
            f"Restored from {staged.name}. What was there before is kept in {safety.name}.",
            10000,
        )
        return True

    # ------------------------------------------------------------------ export, import

    def choose_export(self) -> None:
        """File ▸ Export Journal…"""
        if self.journal is None:
            self.problem.emit("Open a journal first.")
            return
        path, chosen = QFileDialog.getSaveFileName(
            self.window,
            "Export Journal",
            str(Path.home() / f"{self.journal.name}.json"),
            "Complete journal, re-importable (*.json);;Markdown, for reading (*.md)",
        )
        if path:
            markdown = chosen.startswith("Markdown") or path.endswith(".md")
            self.export_to(Path(path), "markdown" if markdown else "json")

    def export_to(self, target: Path, fmt: str) -> Task | None:
        """Write the journal out in the background (0600: it holds personal text)."""
        if self.journal is None:
            return None
        journal, decks = self.journal, self.library.decks
        try:
            keep = self.service.check_export(target, journal.path)
        except UserFileError as exc:
            self._export_failed(exc)
            return None

        def done(count: int) -> None:
            self.status.emit(
                f"Exported {_plural(count, 'reflection')} to {target}. The file holds your "
                "personal reflections: keep it somewhere private.",
                10000,
            )

        return run_task(
            self.window,
            f"Exporting to {target.name}…",
            lambda progress: self.service.export(journal, target, fmt, decks, keep),
            done,
            self._export_failed,
        )

    def _export_failed(self, exc: BaseException) -> None:
        self.problem.emit(f"The journal could not be exported: {failure_text(exc)}")

    def choose_import(self) -> None:
        """File ▸ Import Journal…"""
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Import Journal", str(Path.home()), "LeadCards journal exports (*.json)"
        )
        if path:
            self.import_from(Path(path))

    def import_from(self, source: Path) -> Task | None:
        """Read an export and work out what merging it would change (in the background),
        then ask; nothing changes unless the person says yes."""
        if self.journal is None:
            self.problem.emit("Open a journal first.")
            return None
        journal = self.journal

        def work(progress: Progress) -> tuple[JournalExport, MergeSummary]:
            incoming = self.service.read_export(source, source.name)
            return incoming, self.service.preview_import(journal, incoming)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, (JournalFileError, JournalError, OSError, UserFileError)):
                raise exc
            self.problem.emit(f"{source.name} could not be imported: {exc}")

        return run_task(
            self.window,
            f"Reading {source.name}…",
            work,
            lambda found: self._confirm_import(source, journal, *found),
            failed,
        )

    def _confirm_import(
        self, source: Path, journal: Journal, incoming: JournalExport, summary: MergeSummary
    ) -> None:
        if journal is not self.journal:
            return  # another journal was opened meanwhile
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Import Journal",
            f"Importing {source.name} would bring {summary.describe()}.\n\n"
            "Nothing is removed, and an edit made here later than the one in "
            "the file is kept. A backup is made first. Import?",
            _YES | _NO,
            self.window,
        )
        box.setObjectName("importBox")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.finished.connect(lambda result: self._import(incoming, result))
        box.open()

    def _import(self, incoming: JournalExport, result: int) -> Task | None:
        if result != _YES or self.journal is None:
            return None
        journal = self.journal

        def done(summary: MergeSummary) -> None:
            self.imported.emit()
            self.status.emit(f"Imported: {summary.describe()}", 10000)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, (backup.BackupError, JournalError)):
                raise exc
            self.problem.emit(f"Nothing was imported: {exc}")

        return run_task(
            self.window,
            "Importing…",
            lambda progress: self.service.import_export(journal, incoming, previewed=True),
            done,
            failed,
            cancellable=False,
        )
