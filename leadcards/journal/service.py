"""Every journal operation a user can start, in one place for the app and the command line.

Opening (and a damaged journal set aside, its newest good backup offered), closing,
backing up, restoring from a backup, exporting and importing: the CLI's ``journal`` and
``print journal`` commands and the app's journal controller all come here, so they cannot
drift apart (a journal of an older format, for one, is backed up before it is upgraded,
whichever way it is opened). Plain Python, no Qt: the app runs the slow operations in the
background, the command line in the foreground. Problems are raised with a message for the
user (``JournalError``, ``BackupError``, ``JournalFileError``, ``UserFileError``); nothing
is changed when one is raised, unless it says so.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from leadcards import commitments
from leadcards.deck import Deck
from leadcards.fileio import (
    Keep,
    check_output,
    copy_in,
    discard_copy,
    read_bytes,
    write_bytes,
    write_text,
)
from leadcards.journal import backup, cipher
from leadcards.journal.cipher import Kind, Passphrase
from leadcards.journal.exchange import (
    MAX_IMPORT_BYTES,
    JournalExport,
    export_json,
    export_markdown,
    parse_json_export,
)
from leadcards.journal.model import JournalError, MergeSummary, utc_now
from leadcards.journal.store import Journal
from leadcards.paths import Paths, ensure_dir

FORMATS = ("json", "markdown", "encrypted")
PLAIN_FORMATS = ("json", "markdown")

# Asked for the passphrase of an encrypted file (a journal, a backup, an encrypted export)
# that was opened without one; raises JournalError (or returns nothing) to stop.
AskPassphrase = Callable[[Path], Passphrase]


@dataclass(frozen=True)
class Recovery:
    """A damaged journal moved aside whole (never deleted), and the newest good backup of
    it to offer in its place (None when there is none)."""

    aside: Path  # the folder the journal and its -wal and -shm were moved into
    good: Path | None
    taken: dt.datetime | None


@dataclass(frozen=True)
class KeyChange:
    """What a change of key did to the journal's backups: how many follow the journal's
    new key (encrypted with it, or plain after decrypting), and those left as they were
    (made under an earlier passphrase, or unreadable)."""

    converted: int
    left: tuple[Path, ...]


@dataclass(frozen=True)
class StagedRestore:
    """A backup the user chose, copied privately and checked, ready to restore: what is
    checked, shown and restored is this copy, which cannot change meanwhile."""

    copy: Path
    name: str  # the file the user chose, for messages
    entries: int  # the reflections it holds
    passphrase: Passphrase | None = None  # what opens it, when it is encrypted


class JournalService:
    """The journal operations over one data folder (its backups, its default journal)."""

    def __init__(self, paths: Paths, ask: AskPassphrase | None = None) -> None:
        self.paths = paths
        self.ask = ask

    def passphrase_for(self, path: Path, given: Passphrase | None = None) -> Passphrase | None:
        """The passphrase to open ``path`` with: ``given``, or asked for when the file is
        encrypted and none was given (None for a plain file, or when nobody can be asked:
        opening then says the passphrase is needed)."""
        if given is None and self.ask is not None and cipher.is_encrypted(path):
            return self.ask(path)
        return given

    # ------------------------------------------------------------------ where things go

    def backup_folder(self, journal_path: Path) -> Path:
        return backup.folder_for(self.paths.data_dir, journal_path)

    def kept_files(self, *journals: Path, inputs: Sequence[Path] = ()) -> Keep:
        """What no file LeadCards writes may replace: its own files, these journals and
        the files the command reads (``inputs``: a passphrase file, say)."""
        return Keep.of(self.paths, journals=journals, inputs=inputs)

    # ------------------------------------------------------------------ opening, closing

    def open(
        self, path: Path, *, create: bool = True, passphrase: Passphrase | None = None
    ) -> Journal:
        """Open (or create) a journal; one of an older format is backed up first. An
        encrypted journal needs its passphrase (given, or asked for)."""
        if create and path == self.paths.default_journal:
            ensure_dir(self.paths.data_dir)
        journal = Journal.open(
            path,
            create=create,
            backup_dir=self.backup_folder(path),
            passphrase=self.passphrase_for(path, passphrase),
        )
        if journal.encrypted:
            self.encrypt_plain_backups(journal)
        return journal

    def create(self, path: Path, passphrase: Passphrase | None = None) -> Journal:
        """A new journal at ``path``, named after the file (encrypted from its first page
        with a ``passphrase``); an existing file is refused."""
        if path.exists() or path.is_symlink():
            raise JournalError(f"{path.name} already exists; open it instead")
        if passphrase is not None:
            cipher.need_sqlcipher()
            cipher.check_new(passphrase)
        journal = self.open(path, passphrase=passphrase)
        try:
            journal.set_name(path.stem)
        except BaseException:
            journal.close()
            raise
        return journal

    @contextlib.contextmanager
    def opened(
        self,
        path: Path,
        *,
        create: bool,
        holding: str = "",
        passphrase: Passphrase | None = None,
    ) -> Iterator[Journal]:
        """The journal at ``path`` for a ``with`` block, closed (and backed up if it
        changed) after it. Unless ``create``, a journal that is not there is refused:
        "there is no journal at …, so no ``holding`` in it"."""
        if not create and not path.exists():
            raise JournalError(f"there is no journal at {path}, so no {holding or 'data'} in it")
        journal = self.open(path, create=create, passphrase=passphrase)
        try:
            yield journal
        finally:
            self.close(journal)

    def set_aside(self, path: Path, passphrase: Passphrase | None = None) -> Recovery:
        """Move a damaged journal aside, unchanged, and find its newest good backup (an
        encrypted one if it opens with ``passphrase``)."""
        aside = backup.set_aside(path, self.paths.data_dir)
        good = backup.newest_good(self.backup_folder(path), passphrase)
        return Recovery(aside, good, backup.backup_time(good) if good else None)

    def locked_backups(self, path: Path) -> int:
        """How many of the journal's backups are encrypted (found by :meth:`set_aside`
        only with their passphrase)."""
        return sum(cipher.is_encrypted(made) for made in backup.backups(self.backup_folder(path)))

    def look_again(self, recovery: Recovery, path: Path, passphrase: Passphrase) -> Recovery:
        """The journal set aside with its newest good backup looked for again, opening
        encrypted backups with ``passphrase``."""
        good = backup.newest_good(self.backup_folder(path), passphrase)
        return Recovery(recovery.aside, good, backup.backup_time(good) if good else None)

    def recover(self, recovery: Recovery, path: Path, passphrase: Passphrase | None = None) -> None:
        """Put the good backup of a journal set aside in its place."""
        if recovery.good is not None:
            backup.restore_into(recovery.good, path, passphrase)

    def close(self, journal: Journal) -> None:
        """Close a journal, backed up first if it changed while open. The journal is closed
        even if that backup fails (the ``BackupError`` is raised after)."""
        try:
            if journal.changed_at is not None:
                self.back_up(journal)
        finally:
            journal.close()

    # ------------------------------------------------------------------ backups

    def back_up(self, journal: Journal, *, reason: str = "") -> Path:
        """A checked backup now; older backups are thinned out as the README says."""
        folder = self.backup_folder(journal.path)
        made = journal.backup(folder, reason=reason)
        backup.prune(folder)
        return made

    def back_up_if_due(self, journal: Journal, now: dt.datetime | None = None) -> Path | None:
        """A backup if the journal changed and the last one is old enough (see
        :func:`leadcards.journal.backup.due`); None when none was due."""
        found = backup.backups(self.backup_folder(journal.path))
        last = backup.backup_time(found[0]) if found else None
        if backup.due(last, journal.changed_at, now or utc_now()):
            return self.back_up(journal)
        return None

    def stage_restore(
        self, journal_path: Path, source: Path, passphrase: Passphrase | None = None
    ) -> StagedRestore:
        """A private, checked copy of the backup at ``source``, for restoring into the
        journal at ``journal_path``. Discard it with :meth:`discard` when done. An encrypted
        backup opens with ``passphrase`` (asked for if None and it does not open)."""
        copy = copy_in(
            source,
            self.backup_folder(journal_path),
            limit=backup.MAX_BACKUP_BYTES,
            what="journal backup",
        )
        try:
            key = self.passphrase_for(copy, passphrase)
            backup.check_backup(copy, name=source.name, passphrase=key)
            entries = backup.entry_count(copy, key)
        except BaseException:
            discard_copy(copy)
            raise
        return StagedRestore(copy, source.name, entries, key)

    def discard(self, staged: StagedRestore) -> None:
        discard_copy(staged.copy)

    @contextlib.contextmanager
    def staged(
        self, journal_path: Path, source: Path, passphrase: Passphrase | None = None
    ) -> Iterator[StagedRestore]:
        """:meth:`stage_restore` for a ``with`` block: the copy is discarded after it."""
        staged = self.stage_restore(journal_path, source, passphrase)
        try:
            yield staged
        finally:
            self.discard(staged)

    def restore(self, journal: Journal, staged: StagedRestore) -> Path:
        """Replace the journal's content with a staged backup's; what was there is backed
        up first, and that backup's path is returned."""
        return journal.restore_from(
            staged.copy,
            safety_dir=self.backup_folder(journal.path),
            name=staged.name,
            passphrase=staged.passphrase,
        )

    # ------------------------------------------------------------------ encryption

    def change_key(self, journal: Journal, new: Passphrase | None) -> KeyChange:
        """Encrypt the journal with ``new``, give it a new passphrase, or (with None)
        decrypt it; its backups follow (see :class:`KeyChange`). The journal is backed up
        first, under its current key."""
        if new is not None:
            cipher.check_new(new)
        old = journal.passphrase
        if old is not None:  # (a plain journal is not copied plain once more)
            journal.backup(self.backup_folder(journal.path), reason="before-new-key")
        journal.change_key(new)
        change = self._backups_follow(journal, old, new)
        if new is not None:
            moved = self.encrypt_plain_backups(journal)
            change = KeyChange(change.converted + moved, change.left)
        return change

    def _backups_follow(
        self, journal: Journal, old: Passphrase | None, new: Passphrase | None
    ) -> KeyChange:
        """Put the journal's backups under its new key. One that does not open with the
        old key (made under a passphrase before that) is left as it is."""
        folder = self.backup_folder(journal.path)
        converted, left = 0, []
        backup.remove_left_over_copies(folder)
        for made in backup.backups(folder):
            try:
                backup.change_key(made, old, new)
                converted += 1
            except (backup.BackupError, JournalError, OSError):
                left.append(made)
        return KeyChange(converted, tuple(left))

    def encrypt_plain_backups(self, journal: Journal) -> int:
        """Encrypt, with the journal's passphrase, any plain backup of an encrypted journal
        (one a crash kept from being encrypted with it, or one copied back in); how many
        were encrypted is returned."""
        if journal.passphrase is None:
            return 0
        done = 0
        for made in self._plain_backups_of(journal):
            with contextlib.suppress(backup.BackupError, JournalError, OSError):
                backup.change_key(made, None, journal.passphrase)
                done += 1
        return done

    def _plain_backups_of(self, journal: Journal) -> list[Path]:
        """The plain backups of this journal: in its backup folder, and in the folders of
        a journal of the same name elsewhere (its own, before its data folder was moved or
        copied: a backup folder is named after where the journal is) that hold its
        reflections or commitments."""
        mine = self.backup_folder(journal.path)
        found = [m for m in backup.backups(mine) if cipher.kind(m) is Kind.PLAIN]
        records: set[str] | None = None
        for folder in backup.namesakes(mine):
            for made in backup.backups(folder):
                if cipher.kind(made) is not Kind.PLAIN:
                    continue
                if records is None:
                    records = journal.uuids() | {c.uuid for c in commitments.commitments(journal)}
                if backup.shares_records(made, records):
                    found.append(made)
        return found

    def recovery_key(self, journal: Journal) -> str:
        """The recovery key of an encrypted journal (see :mod:`leadcards.journal.cipher`)."""
        if journal.passphrase is None:
            raise JournalError(f"{journal.name} is not encrypted, so it has no recovery key")
        return cipher.recovery_key(journal.path, journal.passphrase)

    def check_recovery_key_target(
        self, target: Path, journal_path: Path, inputs: Sequence[Path] = ()
    ) -> Keep:
        """Refuse a recovery key's file beside the journal or among LeadCards' own files
        (whoever has the journal would have its key too); the files it may not replace
        are returned."""
        keep = self.check_export(target, journal_path, inputs=inputs)
        folder = Path(os.path.abspath(target)).parent
        near = {Path(os.path.abspath(journal_path)).parent}
        near.update(Path(os.path.abspath(p)) for p in (self.paths.data_dir, self.paths.config_dir))
        if str(target) == "-":
            return keep
        if any(folder == place or place in folder.parents for place in near):
            raise JournalError(
                "a recovery key is not written beside the journal or in LeadCards' own "
                "folders: whoever copies the journal would have its key too. Choose "
                "another place (a USB stick, or print it and keep it safe)."
            )
        return keep

    # ------------------------------------------------------------------ export, import

    def check_export(self, target: Path, *journals: Path, inputs: Sequence[Path] = ()) -> Keep:
        """Refuse now an export to a file LeadCards keeps (or a journal named, or a file
        the command reads); the files it may not replace are returned for :meth:`export`."""
        keep = self.kept_files(*journals, inputs=inputs)
        check_output(target, keep)
        return keep

    def export(
        self,
        journal: Journal,
        target: Path,
        fmt: str,
        decks: Sequence[Deck],
        keep: Keep,
        passphrase: Passphrase | None = None,
    ) -> int:
        """Write the whole journal to ``target`` (private: it holds personal text) as
        ``json`` (complete, re-importable), ``markdown`` (for reading) or ``encrypted`` (a
        copy of the journal encrypted with ``passphrase``, the journal's own when None:
        restorable and importable with it); the number of reflections written is
        returned."""
        if fmt not in FORMATS:
            raise JournalError(f"there is no export format {fmt!r}")
        if fmt == "encrypted":
            key = passphrase or journal.passphrase
            if key is None:
                raise JournalError("an encrypted export needs a passphrase")
            write_bytes(target, self._encrypted_copy(journal, key), private=True, keep=keep)
            return journal.count()
        text = export_json(journal) if fmt == "json" else export_markdown(journal, decks)
        write_text(target, text, private=True, keep=keep)
        return journal.count()

    def _encrypted_copy(self, journal: Journal, key: Passphrase) -> bytes:
        """The bytes of an encrypted copy of ``journal``, made in a private folder among
        its backups (encrypted while it is on disk) and removed after."""
        with self._private_folder(self.backup_folder(journal.path)) as folder:
            copy = folder / "copy.sqlite3"
            journal.copy_to(copy, key)
            return copy.read_bytes()

    @contextlib.contextmanager
    def _private_folder(self, under: Path) -> Iterator[Path]:
        folder = Path(tempfile.mkdtemp(prefix=".working-", dir=ensure_dir(under)))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def read_export(
        self, source: Path | str, name: str, passphrase: Passphrase | None = None
    ) -> JournalExport:
        """A journal export read (size-checked, regular files only) and checked whole;
        ``name`` is how messages call it. An encrypted export (a copy of a journal) is
        read with ``passphrase``, asked for if None."""
        data = read_bytes(source, limit=MAX_IMPORT_BYTES, what="journal export")
        text = _starts_as_text(data)
        json = text and data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")
        if data.startswith(b"SQLite format 3\x00") or (
            len(data) >= 4096 and len(data) % 4096 == 0 and not json
        ):
            return self._read_journal_copy(data, name, passphrase)
        if not text:
            raise JournalError(
                f"{name} is neither a LeadCards JSON export nor an encrypted copy of a journal "
                "(an encrypted copy is made of whole 4 KiB pages: this file may be cut short)"
            )
        return parse_json_export(data, name)

    def _read_journal_copy(
        self, data: bytes, name: str, passphrase: Passphrase | None
    ) -> JournalExport:
        """An encrypted export (or a plain journal file) read as an export: opened in a
        private folder and written out as JSON in memory, so it is checked as every import
        is."""
        with self._private_folder(self.paths.data_dir / "backups") as folder:
            copy = folder / (Path(name).name if name not in ("", "-", ".", "..") else "import")
            fd = os.open(copy, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            looks = cipher.kind(copy)
            if looks not in (Kind.PLAIN, Kind.ENCRYPTED):
                return parse_json_export(data, name)  # says what is wrong with it
            key = self.passphrase_for(copy, passphrase) if looks is Kind.ENCRYPTED else None
            try:
                backup.check_backup(copy, name=name, passphrase=key)
            except cipher.WrongPassphraseError:
                raise cipher.WrongPassphraseError(
                    f"the passphrase does not open {name}: either it is not the passphrase of "
                    "that encrypted export, or the file is not one. Nothing has been changed."
                ) from None
            except backup.BackupError as exc:
                raise JournalError(str(exc)) from None
            try:
                with Journal.open(copy, create=False, passphrase=key) as journal:
                    text = export_json(journal)
            except backup.BackupError as exc:
                raise JournalError(str(exc)) from None
        found = parse_json_export(text.encode("utf-8"), name)
        return dataclasses.replace(found, encrypted=looks is Kind.ENCRYPTED)

    def preview_import(self, journal: Journal, incoming: JournalExport) -> MergeSummary:
        """What importing would change, changing nothing."""
        summary = journal.merge(incoming.entries, incoming.checks, dry_run=True)
        found = commitments.merge(journal, incoming.commitments, dry_run=True)
        summary.added_commitments, summary.added_follow_ups = found
        summary.added_runs = commitments.merge_runs(journal, incoming.runs, dry_run=True)
        return summary

    def import_export(
        self, journal: Journal, incoming: JournalExport, *, previewed: bool = False
    ) -> MergeSummary:
        """Merge an export into the journal, backed up first. Everything is checked (a dry
        run, unless the caller just made one with :meth:`preview_import`) before the
        backup, so a refused import leaves no backup behind."""
        if not previewed:
            self.preview_import(journal, incoming)
        journal.backup(self.backup_folder(journal.path), reason="before-import")
        with journal.transaction():  # reflections, commitments and runs: all or none
            summary = journal.merge(incoming.entries, incoming.checks)
            summary.added_commitments, summary.added_follow_ups = commitments.merge(
                journal, incoming.commitments
            )
            summary.added_runs = commitments.merge_runs(journal, incoming.runs)
        return summary


def _starts_as_text(data: bytes) -> bool:
    """Whether ``data`` begins as UTF-8 text (its first 64 KiB; a character cut at the end
    of them is fine): a JSON export does, and the ciphertext of an encrypted copy, random
    bytes, does not but by a chance too small to count."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data[: 64 * 1024], final=False)
    except UnicodeDecodeError:
        return False
    return True
