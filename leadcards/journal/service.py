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

import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from leadcards import commitments
from leadcards.deck import Deck
from leadcards.fileio import Keep, check_output, copy_in, discard_copy, read_bytes, write_text
from leadcards.journal import backup
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

FORMATS = ("json", "markdown")


@dataclass(frozen=True)
class Recovery:
    """A damaged journal moved aside whole (never deleted), and the newest good backup of
    it to offer in its place (None when there is none)."""

    aside: Path  # the folder the journal and its -wal and -shm were moved into
    good: Path | None
    taken: dt.datetime | None


@dataclass(frozen=True)
class StagedRestore:
    """A backup the user chose, copied privately and checked, ready to restore: what is
    checked, shown and restored is this copy, which cannot change meanwhile."""

    copy: Path
    name: str  # the file the user chose, for messages
    entries: int  # the reflections it holds


class JournalService:
    """The journal operations over one data folder (its backups, its default journal)."""

    def __init__(self, paths: Paths) -> None:
        self.paths = paths

    # ------------------------------------------------------------------ where things go

    def backup_folder(self, journal_path: Path) -> Path:
        return backup.folder_for(self.paths.data_dir, journal_path)

    def kept_files(self, *journals: Path) -> Keep:
        """What no file LeadCards writes may replace: its own files and these journals."""
        return Keep.of(self.paths, journals=journals)

    # ------------------------------------------------------------------ opening, closing

    def open(self, path: Path, *, create: bool = True) -> Journal:
        """Open (or create) a journal; one of an older format is backed up first."""
        if create and path == self.paths.default_journal:
            ensure_dir(self.paths.data_dir)
        return Journal.open(path, create=create, backup_dir=self.backup_folder(path))

    def create(self, path: Path) -> Journal:
        """A new journal at ``path``, named after the file; an existing file is refused."""
        if path.exists() or path.is_symlink():
            raise JournalError(f"{path.name} already exists; open it instead")
        journal = self.open(path)
        try:
            journal.set_name(path.stem)
        except BaseException:
            journal.close()
            raise
        return journal

    @contextlib.contextmanager
    def opened(self, path: Path, *, create: bool, holding: str = "") -> Iterator[Journal]:
        """The journal at ``path`` for a ``with`` block, closed (and backed up if it
        changed) after it. Unless ``create``, a journal that is not there is refused:
        "there is no journal at …, so no ``holding`` in it"."""
        if not create and not path.exists():
            raise JournalError(f"there is no journal at {path}, so no {holding or 'data'} in it")
        journal = self.open(path, create=create)
        try:
            yield journal
        finally:
            self.close(journal)

    def set_aside(self, path: Path) -> Recovery:
        """Move a damaged journal aside, unchanged, and find its newest good backup."""
        aside = backup.set_aside(path, self.paths.data_dir)
        good = backup.newest_good(self.backup_folder(path))
        return Recovery(aside, good, backup.backup_time(good) if good else None)

    def recover(self, recovery: Recovery, path: Path) -> None:
        """Put the good backup of a journal set aside in its place."""
        if recovery.good is not None:
            backup.restore_into(recovery.good, path)

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

    def stage_restore(self, journal_path: Path, source: Path) -> StagedRestore:
        """A private, checked copy of the backup at ``source``, for restoring into the
        journal at ``journal_path``. Discard it with :meth:`discard` when done."""
        copy = copy_in(
            source,
            self.backup_folder(journal_path),
            limit=backup.MAX_BACKUP_BYTES,
            what="journal backup",
        )
        try:
            backup.check_backup(copy, name=source.name)
            entries = backup.entry_count(copy)
        except BaseException:
            discard_copy(copy)
            raise
        return StagedRestore(copy, source.name, entries)

    def discard(self, staged: StagedRestore) -> None:
        discard_copy(staged.copy)

    @contextlib.contextmanager
    def staged(self, journal_path: Path, source: Path) -> Iterator[StagedRestore]:
        """:meth:`stage_restore` for a ``with`` block: the copy is discarded after it."""
        staged = self.stage_restore(journal_path, source)
        try:
            yield staged
        finally:
            self.discard(staged)

    def restore(self, journal: Journal, staged: StagedRestore) -> Path:
        """Replace the journal's content with a staged backup's; what was there is backed
        up first, and that backup's path is returned."""
        return journal.restore_from(
            staged.copy, safety_dir=self.backup_folder(journal.path), name=staged.name
        )

    # ------------------------------------------------------------------ export, import

    def check_export(self, target: Path, *journals: Path) -> Keep:
        """Refuse now an export to a file LeadCards keeps (or a journal named); the files
        it may not replace are returned for :meth:`export`."""
        keep = self.kept_files(*journals)
        check_output(target, keep)
        return keep

    def export(
        self, journal: Journal, target: Path, fmt: str, decks: Sequence[Deck], keep: Keep
    ) -> int:
        """Write the whole journal to ``target`` (private: it holds personal text) as
        ``json`` (complete, re-importable) or ``markdown`` (for reading); the number of
        reflections written is returned."""
        if fmt not in FORMATS:
            raise JournalError(f"there is no export format {fmt!r}")
        text = export_json(journal) if fmt == "json" else export_markdown(journal, decks)
        write_text(target, text, private=True, keep=keep)
        return journal.count()

    def read_export(self, source: Path | str, name: str) -> JournalExport:
        """A journal export read (size-checked, regular files only) and checked whole;
        ``name`` is how messages call it."""
        data = read_bytes(source, limit=MAX_IMPORT_BYTES, what="journal export")
        return parse_json_export(data, name)

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
