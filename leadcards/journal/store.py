"""The journal store: one SQLite file per journal (standard library, nothing to install).

Every write is one transaction in WAL mode with ``synchronous=FULL``, so a save that
returned is on disk and survives the process being killed. The schema is versioned with
``PRAGMA user_version``; a journal made by a newer LeadCards is refused and left untouched
(see :mod:`leadcards.journal.opening`). Only one process may open a journal at a time (an
OS lock on ``<journal>.lock``, released even if the process dies). Files are private to the
user (0600) on POSIX.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import tempfile
import threading
import uuid as uuidlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from leadcards.fileio import sync_folder
from leadcards.filelock import FileLock
from leadcards.journal import backup as backups
from leadcards.journal import cipher, engine, opening
from leadcards.journal.cipher import Passphrase
from leadcards.journal.engine import sqlite3
from leadcards.journal.model import (
    EVERY_ENTRY,
    Draft,
    Entry,
    EntryFilter,
    JournalError,
    Mark,
    MergeSummary,
    TemperatureCheck,
    checked_now,
    clean_check,
    clean_draft_key,
    clean_entry,
    clean_id,
    clean_marks,
    clean_name,
    clean_space,
    clean_tags,
    clean_text,
    cleaned_once,
    encode_draft_marks,
    lookup_uuid,
    time_from_db,
    time_to_db,
    utc_now,
)
from leadcards.journal.schema import read_only
from leadcards.limits import FIRST_TIME, LAST_TIME

# --------------------------------------------------------------------------- the store


class _Keep:
    """Passed for a field that an update leaves as it is (None means "clear it")."""


KEEP = _Keep()


class Journal:
    """An open journal. Use as a context manager, or call :meth:`close`."""

    def __init__(
        self,
        path: Path,
        connection: sqlite3.Connection,
        lock: FileLock,
        passphrase: Passphrase | None = None,
    ) -> None:
        self.path = path
        self._db = connection
        self._lock = lock
        self._passphrase = passphrase
        self._derived: Passphrase | None = None  # the key and salt backups are made with
        # SQLite serialises each call; this keeps a transaction whole when a background
        # task (an import) and the GUI thread (a draft) both write.
        self._writing = threading.RLock()
        self.changed_at: dt.datetime | None = None  # the last commit made through this object
        self._open_transaction = False  # a write transaction is open (one nests in it)

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        create: bool = True,
        backup_dir: Path | None = None,
        passphrase: Passphrase | None = None,
    ) -> Journal:
        """Open (or create) a journal. With ``backup_dir``, a journal that needs migrating
        is backed up there first. An encrypted journal opens with its ``passphrase``; a new
        one made with a passphrase is encrypted.

        A file that is not a journal this version can use is refused before anything is
        done to it: its mode is not changed and no lock file is left beside it.
        """
        path = Path(path)
        connection, lock = opening.connect(
            path, create=create, backup_dir=backup_dir, passphrase=passphrase
        )
        return cls(path, connection, lock, passphrase)

    @property
    def encrypted(self) -> bool:
        return self._passphrase is not None

    @property
    def passphrase(self) -> Passphrase | None:
        """The passphrase this journal was opened with (None for a plain journal)."""
        return self._passphrase

    def close(self) -> None:
        """Close the journal, once a write or a change of key under way (in a background
        task) has finished."""
        with self._writing, contextlib.suppress(sqlite3.Error):
            self._db.close()
        self._lock.release()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._writing:
            yield from self._transaction_body()

    def _transaction_body(self) -> Iterator[sqlite3.Connection]:
        if self._open_transaction:  # part of a larger one (an import): all of it or none
            yield self._db
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise opening.explain(exc, self.path) from None
        self._open_transaction = True
        try:
            yield self._db
            self._db.execute("COMMIT")
            self.changed_at = utc_now()
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                raise opening.explain(exc, self.path) from None
            raise
        finally:
            self._open_transaction = False

    # ------------------------------------------------------------------ metadata

    @property
    def name(self) -> str:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'name'").fetchone()
        return str(row[0]) if row else self.path.stem

    def set_name(self, name: str) -> None:
        cleaned = clean_name(name)
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('name', ?)", (cleaned,))

    def backup(self, folder: Path, *, reason: str = "") -> Path:
        """A checked copy of this journal in ``folder``, made with SQLite's backup API;
        an encrypted journal's is encrypted with its key and salt, so that the passphrase
        and the recovery key open it as they open the journal."""
        with self._writing:
            return backups.backup_connection(
                self._db, folder, self.path.stem, reason=reason, passphrase=self._backup_key()
            )

    def _backup_key(self) -> Passphrase | None:
        if self._passphrase is None:
            return None
        if self._derived is None:
            with self.path.open("rb") as handle:
                salt = handle.read(cipher.SALT_BYTES)
            key = cipher.recovery_key(self.path, self._passphrase)
            self._derived = Passphrase.derived(key, salt)
        return self._derived

    def restore_from(
        self,
        backup: Path,
        *,
        safety_dir: Path,
        name: str | None = None,
        passphrase: Passphrase | None = None,
    ) -> Path:
        """Replace this journal's content with a backup's; the current content is backed up
        to ``safety_dir`` first (that path is returned).

        The backup must pass :func:`leadcards.journal.backup.check_backup` (every row of it
        read back and held to the rules the journal's own writes keep), or
        :class:`BackupError` says why and nothing is changed. The copy is made from the very
        file that was checked. Messages call the backup ``name`` (the file the user chose,
        when ``backup`` is a private copy of it). An encrypted backup opens with
        ``passphrase`` (this journal's own when None); what is restored takes this
        journal's encryption, whatever the backup's.
        """
        key = passphrase or self._passphrase
        source = backups.open_backup(backup, name=name, passphrase=key)
        staged: sqlite3.Connection | None = None
        try:
            safety = self.backup(safety_dir, reason="before-restore")
            with self._writing:
                try:
                    if cipher.is_encrypted(backup) != self.encrypted:
                        staged = self._under_my_key(backup, key, safety.parent)
                    else:
                        staged = self._same_page_size(source, safety.parent)
                    (staged or source).backup(self._db)
                    backups.settle_restored(self._db)
                except sqlite3.Error as exc:
                    raise JournalError(
                        f"could not restore from {name or backup.name}: {exc}"
                    ) from None
        finally:
            source.close()
            if staged is not None:
                staged_file = staged.execute("PRAGMA database_list").fetchone()[2]
                staged.close()
                Path(staged_file).unlink(missing_ok=True)
        return safety

    def _same_page_size(
        self, source: sqlite3.Connection, folder: Path
    ) -> sqlite3.Connection | None:
        """A copy of ``source`` with this journal's page size, when the two differ: SQLite
        cannot copy pages of another size into a journal in WAL mode (a backup another tool
        wrote with 512-byte pages, say). The copy is a private file in ``folder`` (an
        in-memory database cannot change its page size), removed when it is closed by the
        caller's ``finally``. None when the sizes agree."""
        mine = int(self._db.execute("PRAGMA page_size").fetchone()[0])
        if int(source.execute("PRAGMA page_size").fetchone()[0]) == mine:
            return None
        descriptor, name = tempfile.mkstemp(prefix=".restoring-", suffix=".sqlite3", dir=folder)
        os.close(descriptor)  # made 0600 by mkstemp
        staged = engine.connect(name, isolation_level=None)
        try:
            source.backup(staged)
            staged.execute(f"PRAGMA page_size = {mine}")
            staged.execute("VACUUM")
        except BaseException:
            staged.close()
            Path(name).unlink(missing_ok=True)
            raise
        return staged

    def _under_my_key(
        self, backup: Path, key: Passphrase | None, folder: Path
    ) -> sqlite3.Connection:
        """A copy of the backup at ``backup`` under this journal's key (encrypted with its
        passphrase, or plain): SQLite's backup API copies pages only between two encrypted
        files or two plain ones. The copy is a private file in ``folder``, removed by the
        caller once closed."""
        descriptor, name = tempfile.mkstemp(prefix=".restoring-", suffix=".sqlite3", dir=folder)
        os.close(descriptor)
        Path(name).unlink()
        source = read_only(backup, passphrase=key if cipher.is_encrypted(backup) else None)
        try:
            cipher.export_copy(source, Path(name), self._passphrase)
        finally:
            source.close()
        staged = engine.connect(name, isolation_level=None)
        cipher.apply_key(staged, self._passphrase)
        return staged

    def change_key(self, new: Passphrase | None) -> None:
        """Encrypt this journal with ``new``, re-key it, or (with None) decrypt it.

        The journal is written afresh under the new key to a private file beside it, read
        back and checked, flushed to disk, and only then renamed over the journal (one
        atomic step): a crash at any point leaves the journal under the old key or under
        the new one, never neither. A copy left by a crash is removed the next time the
        journal is opened."""
        cipher.need_sqlcipher()
        if new is None and self._passphrase is None:
            raise JournalError(f"{self.path.name} is not encrypted")
        with self._writing:
            if self._open_transaction:
                raise JournalError("the journal is being written; try again")
            partial = cipher.partial_name(self.path, "rekey")
            try:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                cipher.export_copy(self._db, partial, new)
                self._check_same(partial, new)
            except (sqlite3.Error, OSError) as exc:
                partial.unlink(missing_ok=True)
                raise JournalError(
                    f"{self.path.name} could not be written under the new key ({exc}); it is "
                    "unchanged"
                ) from None
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
            self._db.close()
            try:
                log = self.path.with_name(self.path.name + "-wal")
                if log.exists() and log.stat().st_size:
                    raise OSError("its write-ahead log could not be emptied")
                os.replace(partial, self.path)
            except OSError as exc:
                partial.unlink(missing_ok=True)
                self._db = opening.reconnect(self.path, self._passphrase)
                raise JournalError(
                    f"{self.path.name} could not be replaced ({exc.strerror or exc}); it is "
                    "unchanged"
                ) from None
            # From here the journal is under the new key, whatever follows.
            self._passphrase, self._derived = new, None
            with contextlib.suppress(OSError):  # the rename is made; a flush only hastens it
                sync_folder(self.path.parent)
            try:
                self._db = opening.reconnect(self.path, new)
            except (JournalError, sqlite3.Error, OSError) as exc:
                self._db = engine.connect(":memory:", check_same_thread=False)
                raise JournalError(
                    f"{self.path.name} is now under the new key, but could not be opened again "
                    f"({exc}): close it and open it again"
                ) from None

    def _check_same(self, copy: Path, key: Passphrase | None) -> None:
        """Raise OSError unless the copy at ``copy`` opens with ``key``, is intact and
        holds every reflection and table this journal does."""
        reader = read_only(copy, passphrase=key)
        try:
            if reader.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise OSError("the copy did not read back intact")
            tables = self._db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'entries_fts%' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
            for (table,) in tables:
                count = f'SELECT count(*) FROM "{table}"'
                mine = self._db.execute(count).fetchone()[0]
                theirs = reader.execute(count).fetchone()[0]
                if mine != theirs:
                    raise OSError(f"the copy does not hold every row of {table}")
        finally:
            reader.close()

    def copy_to(self, target: Path, passphrase: Passphrase | None) -> None:
        """A whole copy of this journal at ``target`` (which must not exist), encrypted with
        ``passphrase`` (plain with None), leaving out what a backup leaves out (the answers
        of a check-in round still collecting)."""
        with self._writing:
            cipher.export_copy(self._db, target, passphrase)
        copy = engine.connect(target, isolation_level=None)
        try:
            cipher.apply_key(copy, passphrase)
            backups.leave_out_open_rounds(copy)
        finally:
            copy.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, for records kept beside the reflections (a team
        check-in's: :mod:`leadcards.checkin.ledger`); committed when the block ends. Writes
        made inside it (this journal's own methods too) are part of it: all or none."""
        with self._transaction() as db:
            yield db

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        """The rows a statement that only reads finds (one that writes is refused)."""
        with self._writing:
            self._db.execute("PRAGMA query_only = ON")
            try:
                return self._db.execute(sql, params).fetchall()
            finally:
                self._db.execute("PRAGMA query_only = OFF")

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the journal and empty it, so it keeps no earlier
        state of what was just written (a check-in's answers, say)."""
        with self._writing:
            try:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.OperationalError as exc:
                raise opening.explain(exc, self.path) from None

    def integrity_ok(self) -> bool:
        return bool(self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok")

    # ------------------------------------------------------------------ entries

    def add_entry(
        self,
        text: str,
        *,
        deck_id: str | None = None,
        card_id: str | None = None,
        space: str | None = None,
        marks: Mapping[str, Mark | str] | None = None,
        tags: Iterable[str] = (),
        when: dt.datetime | None = None,
        entry_uuid: str | None = None,
        replaces_draft: str | None = None,
    ) -> Entry:
        """Save a reflection; with ``replaces_draft``, that draft goes in the same
        transaction, so a crash never leaves both or neither."""
        moment = checked_now() if when is None else when
        entry = clean_entry(
            Entry(
                uuid=str(uuidlib.uuid4()) if entry_uuid is None else entry_uuid,
                created=moment,
                updated=moment,
                text=text,
                deck_id=deck_id,
                card_id=card_id,
                space=space,
                marks=clean_marks(marks),
                tags=clean_tags(tags),
            )
        )
        with self._transaction() as db:
            self._insert_new(db, entry)
            if replaces_draft is not None:
                db.execute("DELETE FROM drafts WHERE key = ?", (replaces_draft,))
        return self.entry(entry.uuid)

    def _insert_new(self, db: sqlite3.Connection, entry: Entry) -> None:
        known = db.execute("SELECT 1 FROM entries WHERE uuid = ?", (entry.uuid,)).fetchone()
        if known is not None:
            raise JournalError(f"a reflection with the uuid {entry.uuid} is already here")
        self._insert(db, entry)

    def _insert(self, db: sqlite3.Connection, entry: Entry) -> None:
        cursor = db.execute(
            "INSERT INTO entries (uuid, created_utc, updated_utc, deck_id, card_id, space, text)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                entry.uuid,
                time_to_db(entry.created),
                time_to_db(entry.updated),
                entry.deck_id,
                entry.card_id,
                entry.space,
                entry.text,
            ),
        )
        self._write_children(db, int(cursor.lastrowid or 0), entry)

    @staticmethod
    def _write_children(db: sqlite3.Connection, entry_id: int, entry: Entry) -> None:
        db.execute("DELETE FROM entry_marks WHERE entry_id = ?", (entry_id,))
        db.execute("DELETE FROM entry_tags WHERE entry_id = ?", (entry_id,))
        db.executemany(
            "INSERT INTO entry_marks (entry_id, indicator_id, mark) VALUES (?, ?, ?)",
            [(entry_id, ident, mark.value) for ident, mark in entry.marks.items()],
        )
        db.executemany(
            "INSERT INTO entry_tags (entry_id, tag) VALUES (?, ?)",
            [(entry_id, tag) for tag in entry.tags],
        )

    def update_entry(
        self,
        entry_uuid: str,
        *,
        text: str | None = None,
        space: str | _Keep | None = KEEP,
        marks: Mapping[str, Mark | str] | None = None,
        tags: Iterable[str] | None = None,
    ) -> Entry:
        current = self.entry(entry_uuid)
        changed = Entry(
            uuid=current.uuid,
            created=current.created,
            updated=max(checked_now(), current.updated),
            text=current.text if text is None else clean_text(text),
            deck_id=current.deck_id,
            card_id=current.card_id,
            space=current.space if isinstance(space, _Keep) else clean_space(space),
            marks=current.marks if marks is None else clean_marks(marks),
            tags=current.tags if tags is None else clean_tags(tags),
        )
        with self._transaction() as db:
            row = db.execute("SELECT id FROM entries WHERE uuid = ?", (current.uuid,)).fetchone()
            if row is None:
                raise JournalError("that reflection no longer exists")
            db.execute(
                "UPDATE entries SET updated_utc = ?, space = ?, text = ? WHERE id = ?",
                (time_to_db(changed.updated), changed.space, changed.text, row[0]),
            )
            self._write_children(db, row[0], changed)
        return self.entry(entry_uuid)

    def delete_entry(self, entry_uuid: str) -> Entry:
        """Delete a reflection and return it whole, so it can be put back (undo)."""
        entry = self.entry(entry_uuid)
        with self._transaction() as db:
            db.execute("DELETE FROM entries WHERE uuid = ?", (entry.uuid,))
        return entry

    def restore_entry(self, entry: Entry) -> Entry:
        """Put back a deleted reflection exactly as it was (same uuid, times and marks)."""
        cleaned = clean_entry(entry)
        with self._transaction() as db:
            self._insert_new(db, cleaned)
        return self.entry(cleaned.uuid)

    def merge(
        self,
        entries: Iterable[Entry],
        checks: Iterable[TemperatureCheck] = (),
        *,
        dry_run: bool = False,
    ) -> MergeSummary:
        """Merge reflections and checks from elsewhere, matching by uuid, in one transaction.

        A new uuid is added; a known one is replaced only when the incoming copy was edited
        later than the one here, so a newer edit here is never overwritten. Nothing is
        removed. Everything is checked before anything is written: a value no journal may
        hold, or a uuid that comes twice (in any spelling), raises :class:`JournalError` and
        changes nothing. With ``dry_run`` the summary is worked out and nothing is written
        (not even a rolled-back transaction): it refuses exactly what the merge would.
        """
        incoming = cleaned_once(entries, clean_entry, "reflection")
        incoming_checks = cleaned_once(checks, clean_check, "temperature check")
        summary = MergeSummary()
        if dry_run:
            with self._writing:
                self._merge(self._db, incoming, incoming_checks, summary, write=False)
        else:
            with self._transaction() as db:
                self._merge(db, incoming, incoming_checks, summary, write=True)
        return summary

    def _merge(
        self,
        db: sqlite3.Connection,
        entries: list[Entry],
        checks: list[TemperatureCheck],
        summary: MergeSummary,
        *,
        write: bool,
    ) -> None:
        for entry in entries:
            row = db.execute(
                "SELECT id, updated_utc FROM entries WHERE uuid = ?", (entry.uuid,)
            ).fetchone()
            if row is None:
                summary.added += 1
                if write:
                    self._insert(db, entry)
                continue
            here = time_from_db(row[1])
            if entry.updated > here:
                summary.updated += 1
                if write:
                    db.execute(
                        "UPDATE entries SET updated_utc = ?, deck_id = ?, card_id = ?, space = ?,"
                        " text = ? WHERE id = ?",
                        (
                            time_to_db(entry.updated),
                            entry.deck_id,
                            entry.card_id,
                            entry.space,
                            entry.text,
                            row[0],
                        ),
                    )
                    self._write_children(db, row[0], entry)
            elif entry.updated < here:
                summary.kept_newer += 1
            else:
                summary.unchanged += 1
        for check in checks:
            known = db.execute("SELECT 1 FROM checks WHERE uuid = ?", (check.uuid,))
            if known.fetchone() is not None:
                summary.unchanged_checks += 1
                continue
            summary.added_checks += 1
            if write:
                self._insert_check(db, check)

    def entry(self, entry_uuid: str) -> Entry:
        rows = self._entries("WHERE e.uuid = ?", (lookup_uuid(entry_uuid),))
        if not rows:
            raise JournalError("that reflection does not exist")
        return rows[0]

    def entries(
        self,
        where: EntryFilter = EVERY_ENTRY,
        *,
        limit: int | None = None,
        offset: int = 0,
        newest_first: bool = True,
    ) -> list[Entry]:
        """The reflections ``where`` chooses, by date (newest first unless told)."""
        condition, params = sql_condition(where)
        order = "DESC" if newest_first else "ASC"
        clause = f"{condition} ORDER BY e.created_utc {order}, e.id {order}"
        if limit is not None or offset:
            clause += " LIMIT ? OFFSET ?"
            params += [-1 if limit is None else int(limit), int(offset)]
        return self._entries(clause, tuple(params))

    def count_matching(self, where: EntryFilter = EVERY_ENTRY) -> int:
        condition, params = sql_condition(where)
        row = self._db.execute(f"SELECT count(*) FROM entries e {condition}", params).fetchone()
        return int(row[0])

    def tags(self) -> list[str]:
        return [
            row[0] for row in self._db.execute("SELECT DISTINCT tag FROM entry_tags ORDER BY tag")
        ]

    def uuids(self) -> set[str]:
        """The uuid of every entry (cheap: no text is read)."""
        return {row[0] for row in self._db.execute("SELECT uuid FROM entries")}

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM entries").fetchone()[0])

    def search(self, words: str, *, limit: int = 200) -> list[Entry]:
        """Entries containing every word (as a prefix), best matches first."""
        query = fts_query(words)
        if not query:
            return []
        return self._entries(
            "JOIN entries_fts f ON f.rowid = e.id WHERE entries_fts MATCH ? "
            "ORDER BY f.rank LIMIT ?",
            (query, limit),
        )

    def _entries(self, clause: str, params: tuple[Any, ...]) -> list[Entry]:
        rows = self._db.execute(
            "SELECT e.id, e.uuid, e.created_utc, e.updated_utc, e.deck_id, e.card_id, e.space,"
            f" e.text FROM entries e {clause}",
            params,
        ).fetchall()
        if not rows:
            return []
        ids = [row[0] for row in rows]
        marks: dict[int, dict[str, Mark]] = {}
        tags: dict[int, list[str]] = {}
        for chunk in _chunks(ids, 500):
            marks_placeholder = ",".join("?" * len(chunk))
            for entry_id, indicator_id, mark in self._db.execute(
                "SELECT entry_id, indicator_id, mark FROM entry_marks "
                f"WHERE entry_id IN ({marks_placeholder})",
                chunk,
            ):
                marks.setdefault(entry_id, {})[indicator_id] = Mark(mark)
            for entry_id, tag in self._db.execute(
                f"SELECT entry_id, tag FROM entry_tags WHERE entry_id IN ({marks_placeholder})"
                " ORDER BY tag",
                chunk,
            ):
                tags.setdefault(entry_id, []).append(tag)
        return [
            Entry(
                uuid=row[1],
                created=time_from_db(row[2]),
                updated=time_from_db(row[3]),
                deck_id=row[4],
                card_id=row[5],
                space=row[6],
                text=row[7],
                marks=marks.get(row[0], {}),
                tags=tuple(tags.get(row[0], ())),
            )
            for row in rows
        ]

    # ------------------------------------------------------------------ marks on cards

    def card_marks(self, deck_id: str, card_id: str) -> dict[str, Mark]:
        return {
            indicator_id: Mark(mark)
            for indicator_id, mark in self._db.execute(
                "SELECT indicator_id, mark FROM card_marks WHERE deck_id = ? AND card_id = ?",
                (deck_id, card_id),
            )
        }

    def all_card_marks(self) -> dict[tuple[str, str], dict[str, Mark]]:
        """Every card's current marks, keyed by (deck id, card id)."""
        result: dict[tuple[str, str], dict[str, Mark]] = {}
        for deck_id, card_id, indicator_id, mark in self._db.execute(
            "SELECT deck_id, card_id, indicator_id, mark FROM card_marks"
        ):
            result.setdefault((deck_id, card_id), {})[indicator_id] = Mark(mark)
        return result

    def drafts(self) -> list[Draft]:
        keys = [row[0] for row in self._db.execute("SELECT key FROM drafts ORDER BY key")]
        return [draft for key in keys if (draft := self.draft(key)) is not None]

    def set_card_marks(self, deck_id: str, card_id: str, marks: Mapping[str, Mark | str]) -> None:
        """The user's current marks on a card's indicators, replacing what was there."""
        deck_id = clean_id(deck_id, "the deck id")
        card_id = clean_id(card_id, "the card id")
        cleaned = clean_marks(marks)
        now = time_to_db(checked_now())
        with self._transaction() as db:
            db.execute(
                "DELETE FROM card_marks WHERE deck_id = ? AND card_id = ?", (deck_id, card_id)
            )
            db.executemany(
                "INSERT INTO card_marks (deck_id, card_id, indicator_id, mark, updated_utc)"
                " VALUES (?, ?, ?, ?, ?)",
                [(deck_id, card_id, ident, mark.value, now) for ident, mark in cleaned.items()],
            )

    # ------------------------------------------------------------------ temperature checks

    def add_check(
        self,
        deck_id: str,
        card_id: str,
        position: int,
        *,
        target: int | None = None,
        space: str | None = None,
        marks: Mapping[str, Mark | str] | None = None,
        when: dt.datetime | None = None,
        measure: str = "scale",
    ) -> TemperatureCheck:
        check = clean_check(
            TemperatureCheck(
                uuid=str(uuidlib.uuid4()),
                taken=checked_now() if when is None else when,
                deck_id=deck_id,
                card_id=card_id,
                position=position,
                target=target,
                space=space,
                marks=clean_marks(marks),
                measure=measure,
            )
        )
        with self._transaction() as db:
            self._insert_check(db, check)
        return check

    @staticmethod
    def _insert_check(db: sqlite3.Connection, check: TemperatureCheck) -> None:
        cursor = db.execute(
            "INSERT INTO checks (uuid, taken_utc, deck_id, card_id, space, measure, position,"
            " target) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                check.uuid,
                time_to_db(check.taken),
                check.deck_id,
                check.card_id,
                check.space,
                check.measure,
                check.position,
                check.target,
            ),
        )
        db.executemany(
            "INSERT INTO check_marks (check_id, indicator_id, mark) VALUES (?, ?, ?)",
            [(cursor.lastrowid, ident, mark.value) for ident, mark in check.marks.items()],
        )

    def check_decks(self) -> list[str]:
        """The decks that have temperature checks."""
        rows = self._db.execute("SELECT DISTINCT deck_id FROM checks ORDER BY deck_id")
        return [row[0] for row in rows]

    def checks(self, deck_id: str, card_id: str | None = None) -> list[TemperatureCheck]:
        """Temperature checks on a deck (or one card), oldest first."""
        sql = (
            "SELECT id, uuid, taken_utc, deck_id, card_id, space, position, target, measure "
            "FROM checks WHERE deck_id = ?"
        )
        params: list[Any] = [deck_id]
        if card_id is not None:
            sql += " AND card_id = ?"
            params.append(card_id)
        rows = self._db.execute(sql + " ORDER BY taken_utc, id", params).fetchall()
        result = []
        for row in rows:
            marks = {
                ident: Mark(mark)
                for ident, mark in self._db.execute(
                    "SELECT indicator_id, mark FROM check_marks WHERE check_id = ?", (row[0],)
                )
            }
            result.append(
                TemperatureCheck(
                    uuid=row[1],
                    taken=time_from_db(row[2]),
                    deck_id=row[3],
                    card_id=row[4],
                    space=row[5],
                    position=row[6],
                    target=row[7],
                    marks=marks,
                    measure=row[8],
                )
            )
        return result

    # ------------------------------------------------------------------ drafts

    def save_draft(
        self,
        key: str,
        text: str,
        *,
        space: str | None = None,
        marks: Mapping[str, Mark | str] | None = None,
        tags: Iterable[str] = (),
    ) -> None:
        values = (
            clean_draft_key(key),
            clean_text(text),
            clean_space(space),
            encode_draft_marks(clean_marks(marks)),
            time_to_db(checked_now()),
            "\n".join(clean_tags(tags)),
        )
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO drafts (key, text, space, marks, updated_utc, tags)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                values,
            )

    def draft(self, key: str) -> Draft | None:
        row = self._db.execute(
            "SELECT key, text, space, marks, updated_utc, tags FROM drafts WHERE key = ?", (key,)
        ).fetchone()
        if row is None:
            return None
        marks = {}
        for pair in filter(None, row[3].split(",")):
            ident, _, mark = pair.rpartition("=")
            marks[ident] = Mark(mark)
        tags = tuple(filter(None, row[5].split("\n")))
        return Draft(row[0], row[1], row[2], marks, time_from_db(row[4]), tags)

    def discard_draft(self, key: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM drafts WHERE key = ?", (key,))


_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """A user's search words as a safe FTS5 query: every word, as a prefix, all required."""
    words = _FTS_WORD.findall(text)
    return " ".join(f'"{word}"*' for word in words)


def sql_condition(where: EntryFilter) -> tuple[str, list[Any]]:
    """The ``WHERE`` clause (with its parameters) that chooses what ``where`` asks for, for
    a query over ``entries e``."""
    parts: list[str] = []
    params: list[Any] = []
    on_card: list[str] = []
    card_params: list[Any] = []
    in_decks = "e.deck_id IN (SELECT value FROM json_each(?))"
    if where.deck_ids:
        on_card.append(in_decks)
        card_params.append(json.dumps(where.deck_ids))
    if where.cards is not None:
        # One parameter, however many cards (a list of a thousand ORs is too deep for SQLite).
        on_card.append(
            "(e.deck_id, e.card_id) IN (SELECT json_extract(value, '$[0]'),"
            " json_extract(value, '$[1]') FROM json_each(?))"
        )
        card_params.append(json.dumps(where.cards))
    if on_card or not where.keeps_loose:
        chosen = " AND ".join(["e.card_id IS NOT NULL", *on_card])
        params += card_params
        if where.keeps_loose:
            chosen = f"({chosen}) OR e.card_id IS NULL"
        elif where.deck_wide and where.deck_ids and where.cards is None:
            chosen = f"({chosen}) OR (e.card_id IS NULL AND {in_decks})"
            params.append(json.dumps(where.deck_ids))
        parts.append(f"({chosen})")
    if where.spaces:
        spaced = f"e.space IN ({_marks(where.spaces)})"
        parts.append(f"({spaced} OR e.space IS NULL)" if where.keeps_no_space else spaced)
        params += where.spaces
    elif not where.keeps_no_space:
        parts.append("e.space IS NOT NULL")
    if where.tags:
        parts.append(
            f"e.id IN (SELECT entry_id FROM entry_tags WHERE tag IN ({_marks(where.tags)}))"
        )
        params += where.tags
    if where.since is not None and _bound(where.since) > FIRST_TIME:
        parts.append("e.created_utc >= ?")
        params.append(time_to_db(where.since))
    if where.until is not None and _bound(where.until) <= LAST_TIME:
        parts.append("e.created_utc < ?")
        params.append(time_to_db(where.until))
    query = fts_query(where.words)
    if query:
        parts.append("e.id IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)")
        params.append(query)
    return ("WHERE " + " AND ".join(parts)) if parts else "", params


def _marks(values: tuple[str, ...]) -> str:
    return ",".join("?" * len(values))


def _bound(moment: dt.datetime) -> dt.datetime:
    """A bound of a period asked for: aware. (One beyond the times a journal keeps is left
    out of the query, so any aware time works, even year 1 east of UTC.)"""
    if not isinstance(moment, dt.datetime) or moment.utcoffset() is None:
        raise JournalError("a period's bounds must be times with a time zone")
    return moment


def _chunks(values: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
