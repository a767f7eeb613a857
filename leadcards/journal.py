"""The journal: a leader's reflections, indicator marks and temperature checks, kept safe.

One SQLite file (standard library, nothing to install) per journal. Every write is one
transaction in WAL mode with ``synchronous=FULL``, so a save that returned is on disk and
survives the process being killed. The schema is versioned with ``PRAGMA user_version``;
a journal made by a newer LeadCards is refused and left untouched. Only one process may
open a journal at a time (an OS lock on ``<journal>.lock``, released even if the process
dies). Files are private to the user (0600) on POSIX.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
import threading
import uuid as uuidlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from leadcards.backup import backup_connection, check_backup
from leadcards.filelock import FileLock, LockedError, private_file
from leadcards.journal_schema import SCHEMA_VERSION, migrate, read_only

SPACES = ("self", "team", "organisation", "system")
MAX_TEXT_CHARS = 2_000_000
MAX_TAG_CHARS = 60
SCALE = (-5, 5)


class JournalError(Exception):
    """A journal that cannot be used as asked; the message says why in plain words."""


class JournalLockedError(JournalError):
    pass


class JournalTooNewError(JournalError):
    pass


class JournalDamagedError(JournalError):
    pass


class Mark(StrEnum):
    """A user's mark on an indicator: a tick, or plus/minus for behaviour indicators."""

    TICK = "tick"
    PLUS = "plus"
    MINUS = "minus"


def mark_for(polarity: str) -> Mark:
    """The mark a tick makes on an indicator: plus on a positive behaviour indicator, minus
    on a negative one, a plain tick on a checklist."""
    return {"positive": Mark.PLUS, "negative": Mark.MINUS}.get(polarity, Mark.TICK)


@dataclass(frozen=True)
class Entry:
    uuid: str
    created: dt.datetime
    updated: dt.datetime
    text: str
    deck_id: str | None = None
    card_id: str | None = None
    space: str | None = None
    marks: Mapping[str, Mark] = field(default_factory=dict)
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class TemperatureCheck:
    """A dated position for one card. ``measure`` is "scale" (the behaviours' -5 to +5, zero
    in the middle) or "count" (how many of a TRACE condition's indicators are in place)."""

    uuid: str
    taken: dt.datetime
    deck_id: str
    card_id: str
    position: int
    target: int | None = None
    space: str | None = None
    marks: Mapping[str, Mark] = field(default_factory=dict)
    measure: str = "scale"


@dataclass(frozen=True)
class Draft:
    key: str
    text: str
    space: str | None
    marks: Mapping[str, Mark]
    updated: dt.datetime
    tags: tuple[str, ...] = ()


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _to_db(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("times must carry a time zone")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _from_db(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


# --------------------------------------------------------------------------- files


# --------------------------------------------------------------------------- validation


def _clean_text(text: str) -> str:
    if not isinstance(text, str):
        raise JournalError("a reflection must be text")
    if "\x00" in text:
        raise JournalError("the text contains a NUL character, which cannot be kept")
    if len(text) > MAX_TEXT_CHARS:
        raise JournalError(f"a reflection may be at most {MAX_TEXT_CHARS:,} characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise JournalError("the text contains characters that are not valid Unicode") from None
    return text


def _clean_space(space: str | None) -> str | None:
    if space is not None and space not in SPACES:
        raise JournalError(f"unknown space {space!r}; use one of {', '.join(SPACES)}")
    return space


MEASURES = {"scale": SCALE, "count": (0, 1000)}


def _clean_position(value: int | None, what: str, measure: str = "scale") -> int | None:
    if measure not in MEASURES:
        raise JournalError(f"unknown measure {measure!r}; use scale or count")
    low, high = MEASURES[measure]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise JournalError(f"{what} must be a whole number from {low} to {high}")
    return value


def parse_tags(text: str) -> list[str]:
    """Tags as a person types them: separated by commas."""
    return [tag.strip() for tag in text.split(",") if tag.strip()]


def _clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    cleaned = []
    for tag in tags:
        tag = " ".join(str(tag).split())
        if not tag:
            continue
        if len(tag) > MAX_TAG_CHARS or "\x00" in tag:
            raise JournalError(f"a tag may be at most {MAX_TAG_CHARS} characters")
        if tag not in cleaned:
            cleaned.append(tag)
    return tuple(cleaned)


def _clean_marks(marks: Mapping[str, Mark | str] | None) -> dict[str, Mark]:
    result: dict[str, Mark] = {}
    for indicator_id, mark in (marks or {}).items():
        try:
            result[str(indicator_id)] = Mark(mark)
        except ValueError:
            raise JournalError(f"unknown mark {mark!r}; use tick, plus or minus") from None
    return result


_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """A user's search words as a safe FTS5 query: every word, as a prefix, all required."""
    words = _FTS_WORD.findall(text)
    return " ".join(f'"{word}"*' for word in words)


@dataclass
class MergeSummary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_newer: int = 0  # known here with a later edit than the incoming copy: kept
    added_checks: int = 0
    unchanged_checks: int = 0

    def describe(self) -> str:
        return (
            f"{self.added} new reflections, {self.updated} updated with a newer edit, "
            f"{self.unchanged} already here, {self.kept_newer} kept because the copy here "
            f"is newer; {self.added_checks} new temperature checks, "
            f"{self.unchanged_checks} already here"
        )


class _DryRunError(Exception):
    """Raised inside a transaction to roll it back after a dry run."""


def _clean_entry(entry: Entry) -> Entry:
    if entry.created.tzinfo is None or entry.updated.tzinfo is None:
        raise JournalError("times must carry a time zone")
    try:
        uuidlib.UUID(entry.uuid)
    except (ValueError, TypeError, AttributeError):
        raise JournalError(f"{entry.uuid!r} is not a uuid") from None
    return Entry(
        uuid=entry.uuid,
        created=entry.created,
        updated=entry.updated,
        text=_clean_text(entry.text),
        deck_id=entry.deck_id,
        card_id=entry.card_id,
        space=_clean_space(entry.space),
        marks=_clean_marks(entry.marks),
        tags=_clean_tags(entry.tags),
    )


def _clean_check(check: TemperatureCheck) -> TemperatureCheck:
    try:
        uuidlib.UUID(check.uuid)
    except (ValueError, TypeError, AttributeError):
        raise JournalError(f"{check.uuid!r} is not a uuid") from None
    return TemperatureCheck(
        uuid=check.uuid,
        taken=check.taken,
        deck_id=check.deck_id,
        card_id=check.card_id,
        position=_clean_position(check.position, "the position", check.measure) or 0,
        target=_clean_position(check.target, "the target", check.measure),
        space=_clean_space(check.space),
        marks=_clean_marks(check.marks),
        measure=check.measure,
    )


# --------------------------------------------------------------------------- the store


class _Keep:
    """Passed for a field that an update leaves as it is (None means "clear it")."""


KEEP = _Keep()


class Journal:
    """An open journal. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: Path, connection: sqlite3.Connection, lock: FileLock) -> None:
        self.path = path
        self._db = connection
        self._lock = lock
        # SQLite serialises each call; this keeps a transaction whole when a background
        # task (an import) and the GUI thread (a draft) both write.
        self._writing = threading.RLock()
        self.changed_at: dt.datetime | None = None  # the last commit made through this object

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: Path, *, create: bool = True, backup_dir: Path | None = None) -> Journal:
        """Open (or create) a journal. With ``backup_dir``, a journal that needs migrating
        is backed up there first."""
        path = Path(path)
        if not path.exists() and not create:
            raise JournalError(f"there is no journal at {path}")
        if path.exists() and path.is_dir():
            raise JournalError(f"{path} is a folder, not a journal file")
        lock = FileLock(path.with_name(path.name + ".lock"))
        try:
            lock.acquire()
        except LockedError:
            raise JournalLockedError(
                f"{path.name} is open in another LeadCards window or program. Close it there "
                "first; only one may write a journal at a time."
            ) from None
        except OSError as exc:
            raise _cannot_write(path, exc.strerror or str(exc)) from None
        try:
            connection = cls._connect(path, backup_dir)
        except BaseException:
            lock.release()
            raise
        return cls(path, connection, lock)

    @staticmethod
    def _connect(path: Path, backup_dir: Path | None) -> sqlite3.Connection:
        _check_before_writing(path)
        try:
            private_file(path)
        except OSError as exc:
            raise _cannot_write(path, exc.strerror or str(exc)) from None
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise JournalTooNewError(
                    f"{path.name} was written by a newer version of LeadCards (journal format "
                    f"{version}; this version reads up to {SCHEMA_VERSION}). It has been left "
                    "untouched: update LeadCards to open it."
                )
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA busy_timeout = 2000")
            if version > 0:
                check = connection.execute("PRAGMA quick_check").fetchone()[0]
                if check != "ok":
                    raise JournalDamagedError(f"{path.name} is damaged ({check})")
            if 0 < version < SCHEMA_VERSION and backup_dir is not None:
                backup_connection(connection, backup_dir, path.stem, reason="before-upgrade")
            migrate(connection, version)
            for suffix in ("-wal", "-shm"):
                side = path.with_name(path.name + suffix)
                if side.exists() and os.name == "posix":
                    side.chmod(0o600)
        except sqlite3.OperationalError as exc:
            connection.close()
            if _is_write_failure(exc):
                raise _cannot_write(path, str(exc)) from None
            raise JournalDamagedError(
                f"{path.name} is not a readable LeadCards journal ({exc}). It has not been changed."
            ) from None
        except sqlite3.DatabaseError as exc:
            connection.close()
            raise JournalDamagedError(
                f"{path.name} is not a readable LeadCards journal ({exc}). It has not been changed."
            ) from None
        except BaseException:
            connection.close()
            raise
        return connection

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
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
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _explain(exc, self.path) from None
        try:
            yield self._db
            self._db.execute("COMMIT")
            self.changed_at = utc_now()
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                raise _explain(exc, self.path) from None
            raise

    # ------------------------------------------------------------------ metadata

    @property
    def name(self) -> str:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'name'").fetchone()
        return str(row[0]) if row else self.path.stem

    def set_name(self, name: str) -> None:
        name = " ".join(name.split())
        if not name:
            raise JournalError("a journal needs a name")
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('name', ?)", (name,))

    def backup(self, folder: Path, *, reason: str = "") -> Path:
        """A checked copy of this journal in ``folder``, made with SQLite's backup API."""
        with self._writing:
            return backup_connection(self._db, folder, self.path.stem, reason=reason)

    def restore_from(self, backup: Path, *, safety_dir: Path) -> Path:
        """Replace this journal's content with a backup's; the current content is backed up
        to ``safety_dir`` first (that path is returned). The backup must pass its checks."""
        check_backup(backup)
        safety = self.backup(safety_dir, reason="before-restore")
        source = read_only(backup)
        try:
            source.backup(self._db)
        except sqlite3.Error as exc:
            raise JournalError(f"could not restore from {backup.name}: {exc}") from None
        finally:
            source.close()
        return safety

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
        moment = when or utc_now()
        entry = Entry(
            uuid=entry_uuid or str(uuidlib.uuid4()),
            created=moment,
            updated=moment,
            text=_clean_text(text),
            deck_id=deck_id,
            card_id=card_id,
            space=_clean_space(space),
            marks=_clean_marks(marks),
            tags=_clean_tags(tags),
        )
        with self._transaction() as db:
            self._insert(db, entry)
            if replaces_draft is not None:
                db.execute("DELETE FROM drafts WHERE key = ?", (replaces_draft,))
        return self.entry(entry.uuid)

    def _insert(self, db: sqlite3.Connection, entry: Entry) -> None:
        cursor = db.execute(
            "INSERT INTO entries (uuid, created_utc, updated_utc, deck_id, card_id, space, text)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                entry.uuid,
                _to_db(entry.created),
                _to_db(entry.updated),
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
            updated=max(utc_now(), current.updated),
            text=current.text if text is None else _clean_text(text),
            deck_id=current.deck_id,
            card_id=current.card_id,
            space=current.space if isinstance(space, _Keep) else _clean_space(space),
            marks=current.marks if marks is None else _clean_marks(marks),
            tags=current.tags if tags is None else _clean_tags(tags),
        )
        with self._transaction() as db:
            row = db.execute("SELECT id FROM entries WHERE uuid = ?", (entry_uuid,)).fetchone()
            if row is None:
                raise JournalError("that reflection no longer exists")
            db.execute(
                "UPDATE entries SET updated_utc = ?, space = ?, text = ? WHERE id = ?",
                (_to_db(changed.updated), changed.space, changed.text, row[0]),
            )
            self._write_children(db, row[0], changed)
        return self.entry(entry_uuid)

    def delete_entry(self, entry_uuid: str) -> Entry:
        """Delete a reflection and return it whole, so it can be put back (undo)."""
        entry = self.entry(entry_uuid)
        with self._transaction() as db:
            db.execute("DELETE FROM entries WHERE uuid = ?", (entry_uuid,))
        return entry

    def restore_entry(self, entry: Entry) -> Entry:
        """Put back a deleted reflection exactly as it was (same uuid, times and marks)."""
        with self._transaction() as db:
            self._insert(db, entry)
        return self.entry(entry.uuid)

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
        removed. With ``dry_run`` the summary is worked out and nothing is written.
        """
        summary = MergeSummary()
        with contextlib.suppress(_DryRunError), self._transaction() as db:
            for entry in entries:
                cleaned = _clean_entry(entry)
                row = db.execute(
                    "SELECT id, updated_utc FROM entries WHERE uuid = ?", (cleaned.uuid,)
                ).fetchone()
                if row is None:
                    summary.added += 1
                    self._insert(db, cleaned)
                    continue
                here = _from_db(row[1])
                if cleaned.updated > here:
                    summary.updated += 1
                    db.execute(
                        "UPDATE entries SET updated_utc = ?, deck_id = ?, card_id = ?, space = ?,"
                        " text = ? WHERE id = ?",
                        (
                            _to_db(cleaned.updated),
                            cleaned.deck_id,
                            cleaned.card_id,
                            cleaned.space,
                            cleaned.text,
                            row[0],
                        ),
                    )
                    self._write_children(db, row[0], cleaned)
                elif cleaned.updated < here:
                    summary.kept_newer += 1
                else:
                    summary.unchanged += 1
            for check in checks:
                known = db.execute("SELECT 1 FROM checks WHERE uuid = ?", (check.uuid,))
                if known.fetchone() is not None:
                    summary.unchanged_checks += 1
                    continue
                summary.added_checks += 1
                self._insert_check(db, _clean_check(check))
            if dry_run:
                raise _DryRunError()
        return summary

    def entry(self, entry_uuid: str) -> Entry:
        rows = self._entries("WHERE e.uuid = ?", (entry_uuid,))
        if not rows:
            raise JournalError("that reflection does not exist")
        return rows[0]

    def entries(
        self,
        *,
        deck_id: str | None = None,
        card_id: str | None = None,
        card_ids: Iterable[str] | None = None,
        space: str | None = None,
        tag: str | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        words: str = "",
        limit: int | None = None,
        offset: int = 0,
        newest_first: bool = True,
    ) -> list[Entry]:
        """Entries matching every filter given, by date; ``words`` searches their text."""
        where, params = _where(deck_id, card_id, card_ids, space, tag, since, until, words)
        order = "DESC" if newest_first else "ASC"
        clause = f"{where} ORDER BY e.created_utc {order}, e.id {order}"
        if limit is not None or offset:
            clause += " LIMIT ? OFFSET ?"
            params += [-1 if limit is None else int(limit), int(offset)]
        return self._entries(clause, tuple(params))

    def count_matching(
        self,
        *,
        deck_id: str | None = None,
        card_id: str | None = None,
        card_ids: Iterable[str] | None = None,
        space: str | None = None,
        tag: str | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        words: str = "",
    ) -> int:
        where, params = _where(deck_id, card_id, card_ids, space, tag, since, until, words)
        row = self._db.execute(f"SELECT count(*) FROM entries e {where}", params).fetchone()
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
                created=_from_db(row[2]),
                updated=_from_db(row[3]),
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
        cleaned = _clean_marks(marks)
        now = _to_db(utc_now())
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
        check = _clean_check(
            TemperatureCheck(
                uuid=str(uuidlib.uuid4()),
                taken=when or utc_now(),
                deck_id=deck_id,
                card_id=card_id,
                position=position,
                target=target,
                space=space,
                marks=_clean_marks(marks),
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
                _to_db(check.taken),
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
                    taken=_from_db(row[2]),
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
        cleaned = _clean_marks(marks)
        encoded = ",".join(f"{ident}={mark.value}" for ident, mark in sorted(cleaned.items()))
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO drafts (key, text, space, marks, updated_utc, tags)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    key,
                    _clean_text(text),
                    _clean_space(space),
                    encoded,
                    _to_db(utc_now()),
                    "\n".join(_clean_tags(tags)),
                ),
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
        return Draft(row[0], row[1], row[2], marks, _from_db(row[4]), tags)

    def discard_draft(self, key: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM drafts WHERE key = ?", (key,))


def _check_before_writing(path: Path) -> None:
    """Refuse a journal file that is empty, or whose left-over write-ahead log does not fit
    it, before anything can write to it. (Closing a connection would fold a foreign log
    into the file for good, so the check reads through a read-only connection.)"""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _cannot_write(path, exc.strerror or str(exc)) from None
    if size == 0:
        raise JournalDamagedError(
            f"{path.name} is empty: it holds no journal. It has not been changed."
        )
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.stat().st_size == 0:
            return
    except OSError:
        return
    try:
        reader = read_only(path)
        try:
            check = reader.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            reader.close()
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and _is_write_failure(exc):
            return  # cannot be read this way (a read-only folder): the usual checks follow
        check = str(exc)
    if check != "ok":
        raise JournalDamagedError(
            f"{path.name} and its write-ahead log ({wal.name}) do not fit together "
            f"({check}). Neither has been changed."
        )


def _where(
    deck_id: str | None,
    card_id: str | None,
    card_ids: Iterable[str] | None,
    space: str | None,
    tag: str | None,
    since: dt.datetime | None,
    until: dt.datetime | None,
    words: str,
) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    for column, value in (("e.deck_id", deck_id), ("e.card_id", card_id), ("e.space", space)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if card_ids is not None:
        listed = list(card_ids)
        where.append(f"e.card_id IN ({','.join('?' * len(listed))})" if listed else "0")
        params += listed
    if tag is not None:
        where.append("e.id IN (SELECT entry_id FROM entry_tags WHERE tag = ?)")
        params.append(tag)
    if since is not None:
        where.append("e.created_utc >= ?")
        params.append(_to_db(since))
    if until is not None:
        where.append("e.created_utc < ?")
        params.append(_to_db(until))
    if words.strip():
        query = fts_query(words)
        if query:
            where.append("e.id IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)")
            params.append(query)
    return ("WHERE " + " AND ".join(where)) if where else "", params


def _chunks(values: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


_WRITE_FAILURES = (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN)


def _is_write_failure(exc: sqlite3.OperationalError) -> bool:
    """A journal that cannot be written (read-only, disk full, no access), as opposed to one
    that is damaged: the file is fine and must not be treated as broken."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _WRITE_FAILURES
    message = str(exc).lower()
    return any(words in message for words in ("readonly", "read-only", "full", "unable to open"))


def _cannot_write(path: Path, reason: str) -> JournalError:
    return JournalError(
        f"{path.name} cannot be written here ({reason}). Check that the file and its folder "
        "are yours, not read-only, and that the disk has room. It has not been changed."
    )


def _explain(exc: sqlite3.OperationalError, path: Path) -> JournalError:
    message = str(exc).lower()
    if "full" in message:
        return JournalError(f"the disk holding {path.name} is full; nothing was saved")
    if "readonly" in message or "read-only" in message:
        return JournalError(f"{path.name} cannot be written (read-only); nothing was saved")
    if "locked" in message or "busy" in message:
        return JournalLockedError(f"{path.name} is busy in another program; try again")
    return JournalError(f"could not save to {path.name}: {exc}")
