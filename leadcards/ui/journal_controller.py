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

from leadcards.fileio import Keep, UserFileError, is_database, write_text
from leadcards.journal import backup, cipher, engine
from leadcards.journal.cipher import (
    Passphrase,
    PassphraseNeededError,
    WrongPassphraseError,
)
from leadcards.journal.exchange import JournalExport, JournalFileError
from leadcards.journal.model import JournalDamagedError, JournalError, MergeSummary
from leadcards.journal.service import JournalService, KeyChange, Recovery, StagedRestore
from leadcards.journal.store import Journal
from leadcards.library import Library
from leadcards.progress import Progress
from leadcards.ui.background import Task, run_task
from leadcards.ui.passphrase_dialog import PassphraseDialog, ask_before_writing_plain
from leadcards.ui.saved_pdf import failure_text

ENCRYPTED_COPY = "Encrypted copy, for this journal's passphrase (*.sqlite3)"
_YES = QMessageBox.StandardButton.Yes
_NO = QMessageBox.StandardButton.No


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def wrong_passphrase_text(name: str, what: str = "an encrypted LeadCards journal") -> str:
    return (
        f"That passphrase does not open {name}. Either it is not its passphrase (is Caps "
        f"Lock on?), or the file is not {what}: a file of random bytes looks the same until "
        "a passphrase opens it. Nothing has been changed."
    )


class JournalController(QObject):
    changed = Signal(object)  # the journal open now (a Journal, or None), after any change
    key_changed = Signal(object)  # the journal open now was encrypted, re-keyed or decrypted
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
        self.asking: PassphraseDialog | None = None  # the passphrase dialog open now, if any

    def kept_files(self) -> Keep:
        """What no file saved from the app may replace: LeadCards' own files and the
        journal open now."""
        return self.service.kept_files(*((self.journal.path,) if self.journal else ()))

    # ------------------------------------------------------------------ opening, closing

    def open(self, path: Path, passphrase: Passphrase | None = None) -> bool:
        """Open a journal (closing the current one); on failure say why and keep browsing.
        An encrypted journal opened without its passphrase asks for it (the journal is
        then opened from the dialog, and False is returned here)."""
        self.before_change()
        try:
            opened = self.service.open(path, passphrase=passphrase)
        except PassphraseNeededError:
            if self.journal is None:
                self.changed.emit(None)  # the window says that no journal is open
            self.ask_to_open(path)
            return False
        except WrongPassphraseError:  # never damage: nothing is moved aside or offered
            self._failed(wrong_passphrase_text(path.name))
            return False
        except JournalDamagedError as exc:
            if path == self.service.paths.default_journal or is_database(path):
                self.offer_recovery(path, str(exc), passphrase)
            else:  # a file that was never a journal (a PDF chosen by mistake): left alone
                self._failed(f"{path.name} is not a LeadCards journal; it was left as it is.")
            return False
        except (JournalError, OSError) as exc:
            self._failed(f"The journal {path.name} could not be opened. {exc}")
            return False
        self._take(opened)
        return True

    def _passphrase_dialog(self, title: str, text: str, **options: object) -> PassphraseDialog:
        """A passphrase dialog over the window (one at a time), deleted when it closes."""
        if self.asking is not None:
            self.asking.reject()
        dialog = PassphraseDialog(self.window, title, text, **options)  # type: ignore[arg-type]
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: self._dialog_closed(dialog))
        self.asking = dialog
        return dialog

    def _dialog_closed(self, dialog: PassphraseDialog) -> None:
        if self.asking is dialog:
            self.asking = None

    def ask_to_open(self, path: Path, title: str = "Open Encrypted Journal") -> PassphraseDialog:
        """Ask for the passphrase of the encrypted journal at ``path`` and open it with it;
        a wrong one is said in the dialog, which waits for another try. Cancel leaves no
        journal open (the cards stay)."""

        def check(passphrase: Passphrase) -> str | None:
            self.before_change()
            try:
                opened = self.service.open(path, passphrase=passphrase)
            except WrongPassphraseError:
                return wrong_passphrase_text(path.name)
            except JournalDamagedError as exc:  # the right passphrase, a damaged journal
                dialog.done(0)
                self.offer_recovery(path, str(exc), passphrase)
                return None
            except (JournalError, OSError) as exc:
                return f"{path.name} could not be opened: {exc}"
            self._take(opened)
            return None

        dialog = self._passphrase_dialog(
            title,
            f"{path.name} is encrypted. Type its passphrase (or its recovery key) to open it.",
            check=check,
        )
        dialog.setAccessibleDescription(f"The passphrase of {path.name}")
        dialog.open()
        return dialog

    def _take(self, journal: Journal) -> None:
        """Close the journal open now and show ``journal`` in its place."""
        self.close()
        self.journal = journal
        self.changed.emit(journal)

    def _failed(self, message: str) -> None:
        self.problem.emit(message)
        if self.journal is None:
            self.changed.emit(None)  # the window says that no journal is open

    def offer_recovery(
        self, path: Path, reason: str, passphrase: Passphrase | None = None
    ) -> QMessageBox | None:
        """A damaged journal is moved aside whole (never deleted) and the newest good backup
        (an encrypted one if it opens with ``passphrase``) is offered in its place."""
        try:
            recovery = self.service.set_aside(path, passphrase)
        except OSError as exc:
            self.problem.emit(f"{reason} It could not be moved aside: {exc.strerror or exc}")
            return None
        if recovery.good is None and passphrase is None and self.service.locked_backups(path):
            return self._ask_backups_passphrase(path, reason, recovery)
        return self._recovery_question(path, reason, recovery, passphrase)

    def _ask_backups_passphrase(
        self, path: Path, reason: str, recovery: Recovery
    ) -> QMessageBox | None:
        """The damaged journal's backups are encrypted: its passphrase finds a good one
        among them (Cancel: a new, empty journal, as when there is no backup)."""

        def check(passphrase: Passphrase) -> str | None:
            found = self.service.look_again(recovery, path, passphrase)
            if found.good is None:
                return (
                    "That passphrase opens none of the backups (or none of them is good). "
                    "Try again, or cancel to start a new, empty journal."
                )
            self._recovery_question(path, reason, found, passphrase)
            return None

        dialog = self._passphrase_dialog(
            "Journal Damaged",
            f"{reason}\n\nThe damaged file has been moved, unchanged, to {recovery.aside}. "
            "Its backups are encrypted: type the journal's passphrase to find a good one.",
            check=check,
            accept_text="Find Backup",
        )
        dialog.rejected.connect(lambda: self._recovery_question(path, reason, recovery, None))
        dialog.open()
        return None

    def _recovery_question(
        self, path: Path, reason: str, recovery: Recovery, passphrase: Passphrase | None
    ) -> QMessageBox:
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
            box.finished.connect(lambda _: self.open(path, passphrase))
        else:
            taken = recovery.taken
            stamp = taken.astimezone().strftime("%d %B %Y %H:%M") if taken else recovery.good.name
            box.setText(message + f"\n\nRestore the newest good backup, from {stamp}?")
            box.setStandardButtons(_YES | _NO)
            box.finished.connect(lambda result: self._recover(path, recovery, result, passphrase))
        if self.journal is None:
            self.changed.emit(None)
        box.open()
        return box

    def _recover(
        self, path: Path, recovery: Recovery, result: int, passphrase: Passphrase | None
    ) -> None:
        if result == _YES:
            try:
                self.service.recover(recovery, path, passphrase)
            except (backup.BackupError, JournalError) as exc:
                self.problem.emit(f"The backup could not be restored: {exc}")
                return
        self.open(path, passphrase if cipher.is_encrypted(path) else None)

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
        """File ▸ New Journal…: the file, then whether to encrypt it."""
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            "New Journal",
            str(self.service.paths.data_dir / "New journal.sqlite3"),
            "LeadCards journals (*.sqlite3)",
        )
        if path:
            self.offer_encryption(Path(path if path.endswith(".sqlite3") else f"{path}.sqlite3"))

    def offer_encryption(self, target: Path) -> PassphraseDialog | None:
        """Ask whether the new journal at ``target`` starts encrypted ("Leave It Plain"
        makes it plain); made only when one of the two is chosen."""
        if not engine.CAN_ENCRYPT:
            self.create_at(target)
            return None
        dialog = self._passphrase_dialog(
            "New Journal",
            f"Encrypt the new journal {target.name}? An encrypted journal, its backups and "
            "its encrypted exports can be read only with its passphrase, which you are "
            "asked for each time it opens.",
            new=True,
            accept_text="Encrypt",
            offer_plain=True,
            offer_recovery_key=True,
        )

        def encrypted(passphrase: Passphrase) -> None:
            if self.create_at(target, passphrase) and dialog.wants_recovery_key:
                self.save_recovery_key()

        dialog.chosen.connect(encrypted)
        dialog.left_plain.connect(lambda: self.create_at(target))
        dialog.open()
        return dialog

    def create_at(self, target: Path, passphrase: Passphrase | None = None) -> bool:
        if target.exists() or target.is_symlink():
            self.problem.emit(f"{target.name} already exists; use Open Journal for it.")
            return False
        self.before_change()
        try:
            made = self.service.create(target, passphrase)
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

    def ask_to_restore(
        self, source: Path, passphrase: Passphrase | None = None
    ) -> QMessageBox | None:
        """Say what a restore replaces and with what, and restore only on Yes. What is
        checked, shown and restored is a private copy of the file the person chose. An
        encrypted backup is tried with the journal's passphrase first, then its own is
        asked for (and the question follows once it opens)."""
        if self.journal is None:
            return None
        key = passphrase or (self.journal.passphrase if cipher.is_encrypted(source) else None)
        try:
            staged = self.service.stage_restore(self.journal.path, source, key)
        except (PassphraseNeededError, WrongPassphraseError):
            if passphrase is None:
                self.ask_backup_passphrase(source)
                return None
            self.problem.emit(f"Nothing was restored: {wrong_passphrase_text(source.name)}")
            return None
        except (UserFileError, OSError, backup.BackupError, JournalError) as exc:
            self.problem.emit(f"Nothing was restored: {failure_text(exc)}")
            return None
        return self._restore_question(staged)

    def ask_backup_passphrase(self, source: Path) -> PassphraseDialog:
        """The passphrase of an encrypted backup that the journal's own does not open."""
        found: list[QMessageBox | None] = []

        def check(passphrase: Passphrase) -> str | None:
            if self.journal is None:
                return "No journal is open to restore into."
            try:
                staged = self.service.stage_restore(self.journal.path, source, passphrase)
            except WrongPassphraseError:
                return wrong_passphrase_text(source.name, "a LeadCards journal backup")
            except (UserFileError, OSError, backup.BackupError, JournalError) as exc:
                return f"Nothing can be restored from {source.name}: {failure_text(exc)}"
            found.append(self._restore_question(staged))
            return None

        dialog = self._passphrase_dialog(
            "Restore Journal From Backup",
            f"{source.name} is encrypted with another passphrase than this journal's "
            "(one it had before, perhaps). Type the backup's passphrase to read it.",
            check=check,
            accept_text="Read Backup",
        )
        dialog.open()
        return dialog

    def _restore_question(self, staged: StagedRestore) -> QMessageBox | None:
        if self.journal is None:
            self.service.discard(staged)
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
        key = journal.passphrase
        self.close()
        self.open(journal.path, key if cipher.is_encrypted(journal.path) else None)
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
        kinds = "Complete journal, re-importable (*.json);;Markdown, for reading (*.md)"
        if self.journal.encrypted:
            kinds = f"{ENCRYPTED_COPY};;{kinds}"
        first = ".sqlite3" if self.journal.encrypted else ".json"  # the first kind's
        path, chosen = QFileDialog.getSaveFileName(
            self.window,
            "Export Journal",
            str(Path.home() / f"{self.journal.name}{first}"),
            kinds,
        )
        if path:
            target, fmt = export_choice(Path(path), chosen, encrypted=self.journal.encrypted)
            self.export_to(target, fmt)

    def export_to(self, target: Path, fmt: str) -> Task | QMessageBox | None:
        """Write the journal out in the background (0600: it holds personal text). From an
        encrypted journal, a plain export (JSON, Markdown) is asked about first: the
        question is returned, and only Yes writes."""
        if self.journal is None:
            return None
        if self.journal.encrypted and fmt != "encrypted":
            return ask_before_writing_plain(
                self.window, target, lambda: self._export_now(target, fmt), "plainExportQuestion"
            )
        return self._export_now(target, fmt)

    def _export_now(self, target: Path, fmt: str) -> Task | None:
        if self.journal is None:
            return None
        journal, decks = self.journal, self.library.decks
        try:
            keep = self.service.check_export(target, journal.path)
        except UserFileError as exc:
            self._export_failed(exc)
            return None

        def done(count: int) -> None:
            if fmt == "encrypted":
                self.status.emit(
                    f"Exported {_plural(count, 'reflection')} to {target}, encrypted with the "
                    "journal's passphrase: import or restore it with that passphrase.",
                    10000,
                )
                return
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
            self.window,
            "Import Journal",
            str(Path.home()),
            "LeadCards journal exports (*.json *.sqlite3);;Journal exports (*.json);;"
            "Encrypted copies (*.sqlite3)",
        )
        if path:
            self.import_from(Path(path))

    def import_from(self, source: Path, passphrase: Passphrase | None = None) -> Task | None:
        """Read an export and work out what merging it would change (in the background),
        then ask; nothing changes unless the person says yes. An encrypted copy is read
        with the open journal's passphrase first, then its own is asked for."""
        if self.journal is None:
            self.problem.emit("Open a journal first.")
            return None
        journal = self.journal
        asked = passphrase is not None
        key = passphrase or (journal.passphrase if cipher.is_encrypted(source) else None)

        def work(progress: Progress) -> tuple[JournalExport, MergeSummary]:
            incoming = self.service.read_export(source, source.name, key)
            return incoming, self.service.preview_import(journal, incoming)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, (PassphraseNeededError, WrongPassphraseError)):
                self.ask_import_passphrase(source, wrong=asked)
                return
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

    def ask_import_passphrase(self, source: Path, *, wrong: bool = False) -> PassphraseDialog:
        """The passphrase of an encrypted export; it is read with it in the background
        (a wrong one asks again, saying so)."""
        dialog = self._passphrase_dialog(
            "Import Journal",
            f"{source.name} is an encrypted copy of a journal, and this journal's passphrase "
            "does not open it. Type the passphrase it was made with.",
            accept_text="Read It",
        )
        if wrong:
            dialog.say(wrong_passphrase_text(source.name, "an encrypted LeadCards export"))
        dialog.chosen.connect(lambda passphrase: self.import_from(source, passphrase))
        dialog.open()
        return dialog

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

    # ------------------------------------------------------------------ encryption

    def _key_checker(self) -> Callable[[Passphrase], str | None]:
        """A check that a passphrase typed is the open journal's (for changing the key)."""

        def check(passphrase: Passphrase) -> str | None:
            journal = self.journal
            if journal is None:
                return "No journal is open."
            if journal.passphrase is None or passphrase != journal.passphrase:
                return f"That is not the passphrase of {journal.name}. Nothing has been changed."
            return None

        return check

    def encrypt(self) -> PassphraseDialog | None:
        """File ▸ Encrypt Journal…: a new passphrase, the warning first, then the journal
        and its backups encrypted in the background."""
        journal = self.journal
        if journal is None or journal.encrypted:
            self.problem.emit("Open a journal that is not encrypted first.")
            return None
        if not engine.CAN_ENCRYPT:
            self.problem.emit(
                "This installation of LeadCards cannot encrypt journals: the sqlcipher3 "
                "package is not installed."
            )
            return None
        dialog = self._passphrase_dialog(
            "Encrypt Journal",
            f"Encrypt {journal.name} with a passphrase? The journal and its backups are "
            "then readable only with it, and it is asked for each time the journal opens. "
            "The journal is replaced in one step: if the computer stops part-way, it is "
            "as it was.",
            new=True,
            accept_text="Encrypt",
            offer_recovery_key=True,
        )
        dialog.chosen.connect(
            lambda key: self.change_key(key, "Encrypting", dialog.wants_recovery_key)
        )
        dialog.open()
        return dialog

    def change_passphrase(self) -> PassphraseDialog | None:
        """File ▸ Change Passphrase…: the current passphrase, then a new one twice."""
        journal = self.journal
        if journal is None or not journal.encrypted:
            self.problem.emit("Open an encrypted journal first.")
            return None
        dialog = self._passphrase_dialog(
            "Change Passphrase",
            f"A new passphrase for {journal.name}. Its backups follow it; a recovery key "
            "written for the old passphrase stops working.",
            new=True,
            accept_text="Change Passphrase",
            current=self._key_checker(),
            offer_recovery_key=True,
        )
        dialog.chosen.connect(
            lambda key: self.change_key(
                key, "Changing the passphrase of", dialog.wants_recovery_key
            )
        )
        dialog.open()
        return dialog

    def decrypt(self) -> PassphraseDialog | None:
        """File ▸ Decrypt Journal…: said what it means, and the passphrase typed again."""
        journal = self.journal
        if journal is None or not journal.encrypted:
            self.problem.emit("Open an encrypted journal first.")
            return None
        dialog = self._passphrase_dialog(
            "Decrypt Journal",
            f"Decrypt {journal.name}? The journal and its backups are then plain files: "
            "anyone who can read them can read your reflections. Type its passphrase to "
            "decrypt it.",
            check=self._key_checker(),
            accept_text="Decrypt",
        )
        dialog.chosen.connect(lambda _: self.change_key(None, "Decrypting", False))
        dialog.open()
        return dialog

    def change_key(
        self, new: Passphrase | None, doing: str, recovery_key: bool = False
    ) -> Task | None:
        """Encrypt, re-key or (with None) decrypt the journal open now, in the background;
        then offer to write a recovery key, if asked for."""
        if self.journal is None:
            return None
        self.before_change()  # the draft being written is kept under the old key
        journal = self.journal
        name, was_encrypted = journal.name, journal.encrypted

        def done(change: KeyChange) -> None:
            if new is None:
                state = "no longer encrypted"
            else:
                state = "under its new passphrase" if was_encrypted else "encrypted"
            text = f"{name} is {state}; {_plural(change.converted, 'backup')} followed it."
            if change.left:
                text += (
                    f" {_plural(len(change.left), 'older backup')} could not be changed and "
                    "kept their earlier key."
                )
            self.status.emit(text, 15000)
            if self.journal is not journal:  # closed meanwhile (the window closing)
                return
            self.key_changed.emit(journal)
            if recovery_key and journal.encrypted:
                self.save_recovery_key()

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, (backup.BackupError, JournalError, OSError)):
                raise exc
            self.problem.emit(f"The journal's key was not changed: {failure_text(exc)}")

        return run_task(
            self.window,
            f"{doing} {journal.name}…",
            lambda progress: self.service.change_key(journal, new),
            done,
            failed,
            cancellable=False,
        )

    def save_recovery_key(self) -> bool:
        """File ▸ Save Recovery Key…: a file the person chooses, away from the journal."""
        journal = self.journal
        if journal is None or not journal.encrypted:
            self.problem.emit("Open an encrypted journal first.")
            return False
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            "Save Recovery Key (keep it away from the journal)",
            str(Path.home() / f"{journal.name} recovery key.txt"),
            "Text files (*.txt)",
        )
        return bool(path) and self.write_recovery_key(Path(path))

    def write_recovery_key(self, target: Path) -> bool:
        """Write the open journal's recovery key to ``target`` (readable by the user only);
        never beside the journal nor in LeadCards' own folders."""
        journal = self.journal
        if journal is None:
            return False
        try:
            keep = self.service.check_recovery_key_target(target, journal.path)
            key = self.service.recovery_key(journal)
            write_text(
                target,
                f"LeadCards recovery key for the journal {journal.name}\n\n{key}\n\n"
                "Type it in place of the passphrase to open the journal or its backups. It "
                "stops working if the passphrase is changed.\n",
                private=True,
                keep=keep,
            )
        except (JournalError, UserFileError, OSError) as exc:
            self.problem.emit(f"The recovery key was not written: {failure_text(exc)}")
            return False
        self.status.emit(
            f"The recovery key was written to {target}. Keep it away from the journal; it "
            "stops working if the passphrase changes.",
            15000,
        )
        return True

    # ------------------------------------------------------------------ locking

    def lock(self) -> Path | None:
        """Close the encrypted journal open now, its key dropped with it; the path to
        unlock it with is returned (None when no encrypted journal is open)."""
        journal = self.journal
        if journal is None or not journal.encrypted:
            return None
        if self.asking is not None:
            self.asking.reject()
        self.before_change()
        self.close()
        return journal.path

    def unlock(self, path: Path, passphrase: Passphrase) -> str | None:
        """Open the locked journal again; None when it opened, else why not, in words."""
        self.before_change()
        try:
            opened = self.service.open(path, create=False, passphrase=passphrase)
        except WrongPassphraseError:
            return wrong_passphrase_text(path.name)
        except (JournalError, OSError) as exc:
            return f"{path.name} could not be opened: {exc}"
        self._take(opened)
        return None


_SUFFIX_FORMATS = {".json": "json", ".md": "markdown", ".sqlite3": "encrypted"}


def export_choice(path: Path, chosen: str, *, encrypted: bool) -> tuple[Path, str]:
    """The file and format of an export from the name typed and the kind chosen: a name's
    own suffix says the format (an encrypted copy is never written as ``journal.json``);
    a name without one takes the kind's suffix."""
    fmt = _SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        if chosen == ENCRYPTED_COPY:
            fmt = "encrypted"
        else:
            fmt = "markdown" if chosen.startswith("Markdown") else "json"
        suffix = {"json": ".json", "markdown": ".md", "encrypted": ".sqlite3"}[fmt]
        path = path.with_name(path.name + suffix)
    if fmt == "encrypted" and not encrypted:
        fmt = "json"  # (a plain journal offers no encrypted copy)
    return path, fmt
