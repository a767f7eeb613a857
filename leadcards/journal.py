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
import reprlib
import sqlite3
import stat
import tempfile
import threading
import uuid as uuidlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from leadcards.filelock import FileLock, LockedError, private_file
from leadcards.journal_schema import (
    SCHEMA_VERSION,
    canonicalise_uuids,
    journal_tables,
    migrate,
    read_only,
)
from leadcards.limits import FIRST_TIME, LAST_TIME, describe_range, time_in_range

SPACES = ("self", "team", "organisation", "system")
MAX_TEXT_CHARS = 2_000_000  # a reflection's text
MAX_TAG_CHARS = 60  # one tag
MAX_TAGS = 50  # tags on one reflection (or draft)
MAX_ID_CHARS = 80  # a deck, card or indicator id: the deck files' rule
MAX_NAME_CHARS = 255  # a journal's name (a file name's length)
MAX_MARKS = 1_000  # marks on one reflection or check (a card has a few dozen indicators)
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


def time_to_db(moment: dt.datetime) -> str:
    """A time as the journal keeps it: UTC, to the microsecond, text that sorts in order."""
    if moment.tzinfo is None:
        raise ValueError("times must carry a time zone")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def time_from_db(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


# --------------------------------------------------------------------------- validation
#
# Every value a journal keeps passes one of these, whichever way it comes in: typed in the
# app or the CLI, merged from an import, or found in a backup being restored (see
# leadcards/backup.py). Each raises JournalError saying what is wrong, never repeating more
# than a few dozen characters of the value.

_SHOWN = reprlib.Repr()
_SHOWN.maxstring = _SHOWN.maxother = 40
_SHOWN.maxlist = _SHOWN.maxdict = _SHOWN.maxlevel = 3


def shown(value: object) -> str:
    """A value as a message may quote it: short, whatever its size."""
    return _SHOWN.repr(value)


# The deck loader's rule for ids (leadcards/deck.py): every deck, card and indicator id a
# deck file may hold fits it, so every card a reflection can be about does too.
_ID = re.compile(rf"[a-z0-9](?:[a-z0-9._-]{{0,{MAX_ID_CHARS - 2}}}[a-z0-9])?", re.ASCII)
_ID_RULE = (
    f"lower-case letters, digits, '.', '_' or '-', 1 to {MAX_ID_CHARS} characters, starting "
    "and ending with a letter or digit"
)
_HEX = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}"
_UUID = re.compile(rf"urn:uuid:(?:{_HEX})|\{{(?:{_HEX})\}}|{_HEX}", re.ASCII | re.IGNORECASE)


def canonical_uuid(value: object) -> str:
    """A uuid in the one form a journal keeps (lower case with hyphens), from any usual
    spelling of it: upper case, braces, ``urn:uuid:``, or 32 digits without hyphens."""
    if not isinstance(value, str):
        raise JournalError("a uuid must be text")
    if len(value) > 45 or not _UUID.fullmatch(value):
        raise JournalError(f"{shown(value)} is not a uuid")
    digits = value[-38:].strip("{}").replace("-", "")[-32:]
    return str(uuidlib.UUID(hex=digits))


def _lookup_uuid(value: str) -> str:
    """The form to look a uuid up by: canonical when it is one."""
    try:
        return canonical_uuid(value)
    except JournalError:
        return value


def clean_time(moment: object, what: str) -> dt.datetime:
    """A time a journal can keep: aware, and within :mod:`leadcards.limits`' range, so it
    shows in local time everywhere from UTC-12 to UTC+14."""
    if not isinstance(moment, dt.datetime):
        raise JournalError(f"{what} must be a date and time")
    try:
        aware = moment.utcoffset() is not None
        kept = aware and time_in_range(moment)
    except (OverflowError, ValueError, TypeError):
        aware = kept = False
    if not aware:
        raise JournalError(f"{what} has no time zone")
    if not kept:
        raise JournalError(
            f"{what}, {moment.isoformat()}, is outside the times a journal keeps "
            f"({describe_range()})"
        )
    return moment


def _now() -> dt.datetime:
    """Now, for a time a journal keeps; a clock set far out is refused, not written."""
    moment = utc_now()
    if not time_in_range(moment):
        raise JournalError(
            f"the computer's clock says it is {moment:%Y-%m-%d}, outside the times a journal "
            f"keeps ({describe_range()}). Set the clock right and try again; nothing was saved."
        )
    return moment


def _unicode(text: str, what: str) -> str:
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise JournalError(f"{what} contains characters that are not valid Unicode") from None
    return text


def clean_text(text: object) -> str:
    if not isinstance(text, str):
        raise JournalError("a reflection must be text")
    if len(text) > MAX_TEXT_CHARS:
        raise JournalError(f"a reflection may be at most {MAX_TEXT_CHARS:,} characters")
    if "\x00" in text:
        raise JournalError("the text contains a NUL character, which cannot be kept")
    return _unicode(text, "the text")


def clean_id(value: object, what: str) -> str:
    """A deck, card or indicator id, by the deck files' rule."""
    if not isinstance(value, str):
        raise JournalError(f"{what} must be text")
    if not _ID.fullmatch(value):
        raise JournalError(f"{what} {shown(value)} is not an id ({_ID_RULE})")
    return value


def clean_optional_id(value: object, what: str) -> str | None:
    return None if value is None else clean_id(value, what)


def clean_space(space: object) -> str | None:
    if space is not None and (not isinstance(space, str) or space not in SPACES):
        raise JournalError(f"unknown space {shown(space)}; use one of {', '.join(SPACES)}")
    return space


MEASURES = {"scale": SCALE, "count": (0, 1000)}


def clean_measure(measure: object) -> str:
    if not isinstance(measure, str) or measure not in MEASURES:
        raise JournalError(f"unknown measure {shown(measure)}; use scale or count")
    return measure


def clean_position(value: object, what: str, measure: object = "scale") -> int | None:
    """A position or target on a check's measure (None stays None)."""
    low, high = MEASURES[clean_measure(measure)]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise JournalError(f"{what} must be a whole number from {low} to {high}")
    return value


def parse_tags(text: str) -> list[str]:
    """Tags as a person types them: separated by commas."""
    return [tag.strip() for tag in text.split(",") if tag.strip()]


def clean_tag(tag: object) -> str:
    """One tag with its spaces tidied ("" for a blank one)."""
    if not isinstance(tag, str):
        raise JournalError("a tag must be text")
    if "\x00" in tag:
        raise JournalError("a tag contains a NUL character, which cannot be kept")
    tag = " ".join(tag.split())
    if len(tag) > MAX_TAG_CHARS:
        raise JournalError(f"a tag may be at most {MAX_TAG_CHARS} characters")
    return _unicode(tag, "a tag")


def clean_tags(tags: object) -> tuple[str, ...]:
    """Tags tidied, blanks and repeats dropped, in the order given; at most MAX_TAGS."""
    if isinstance(tags, str | bytes) or not isinstance(tags, Iterable):
        raise JournalError("tags must be a list of text")
    cleaned: dict[str, None] = {}
    for raw in tags:
        tag = clean_tag(raw)
        if tag and tag not in cleaned:
            if len(cleaned) == MAX_TAGS:
                raise JournalError(f"a reflection may have at most {MAX_TAGS} tags")
            cleaned[tag] = None
    return tuple(cleaned)


_MARKS = frozenset(mark.value for mark in Mark)


def clean_mark(mark: object) -> Mark:
    if isinstance(mark, Mark):
        return mark
    if not isinstance(mark, str) or mark not in _MARKS:
        raise JournalError(f"unknown mark {shown(mark)}; use tick, plus or minus")
    return Mark(mark)


def clean_marks(marks: object) -> dict[str, Mark]:
    if marks is None:
        return {}
    if not isinstance(marks, Mapping):
        raise JournalError("marks must pair indicator ids with tick, plus or minus")
    if len(marks) > MAX_MARKS:
        raise JournalError(f"at most {MAX_MARKS:,} indicators may be marked at once")
    return {clean_id(ident, "an indicator id"): clean_mark(mark) for ident, mark in marks.items()}


def clean_name(name: object) -> str:
    """A journal's name: one line of text, spaces tidied."""
    if not isinstance(name, str):
        raise JournalError("a journal's name must be text")
    if "\x00" in name:
        raise JournalError("the name contains a NUL character, which cannot be kept")
    name = " ".join(name.split())
    if not name:
        raise JournalError("a journal needs a name")
    if len(name) > MAX_NAME_CHARS:
        raise JournalError(f"a journal's name may be at most {MAX_NAME_CHARS} characters")
    return _unicode(name, "the name")


def clean_draft_key(key: object) -> str:
    """A draft belongs to a card: its key is DECK/CARD."""
    if not isinstance(key, str):
        raise JournalError("a draft's key must be text")
    deck_id, slash, card_id = key.partition("/")
    if not slash or not _ID.fullmatch(deck_id) or not _ID.fullmatch(card_id):
        raise JournalError(f"a draft's key is DECK/CARD, not {shown(key)}")
    return key


def _encode_draft_marks(marks: Mapping[str, Mark]) -> str:
    return ",".join(f"{ident}={mark.value}" for ident, mark in sorted(marks.items()))


def decode_draft_marks(text: object) -> dict[str, Mark]:
    if not isinstance(text, str):
        raise JournalError("a draft's marks must be text")
    marks = {}
    for pair in filter(None, text.split(",")):
        ident, _, mark = pair.partition("=")
        marks[clean_id(ident, "an indicator id")] = clean_mark(mark)
    if _encode_draft_marks(marks) != text:
        raise JournalError(f"a draft's marks are not as LeadCards writes them: {shown(text)}")
    return marks


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


def clean_entry(entry: Entry) -> Entry:
    """The reflection as a journal keeps it (uuid in canonical form, tags tidied), or
    :class:`JournalError` saying what no journal may hold."""
    created = clean_time(entry.created, "the time the reflection was written")
    updated = clean_time(entry.updated, "the time the reflection was last edited")
    if updated < created:
        raise JournalError("a reflection cannot be edited before it was written")
    return Entry(
        uuid=canonical_uuid(entry.uuid),
        created=created,
        updated=updated,
        text=clean_text(entry.text),
        deck_id=clean_optional_id(entry.deck_id, "the deck id"),
        card_id=clean_optional_id(entry.card_id, "the card id"),
        space=clean_space(entry.space),
        marks=clean_marks(entry.marks),
        tags=clean_tags(entry.tags),
    )


def clean_check(check: TemperatureCheck) -> TemperatureCheck:
    """The temperature check as a journal keeps it, or :class:`JournalError`."""
    measure = clean_measure(check.measure)
    position = clean_position(check.position, "the position", measure)
    if position is None:
        raise JournalError("a temperature check needs a position")
    return TemperatureCheck(
        uuid=canonical_uuid(check.uuid),
        taken=clean_time(check.taken, "the time the check was taken"),
        deck_id=clean_id(check.deck_id, "the deck id"),
        card_id=clean_id(check.card_id, "the card id"),
        position=position,
        target=clean_position(check.target, "the target", measure),
        space=clean_space(check.space),
        marks=clean_marks(check.marks),
        measure=measure,
    )


def _cleaned_once(items: Iterable[Any], clean: Callable[[Any], Any], what: str) -> list[Any]:
    """Every item cleaned, refusing a uuid that comes twice (in any spelling)."""
    result, seen = [], set()
    for item in items:
        cleaned = clean(item)
        if cleaned.uuid in seen:
            raise JournalError(
                f"the {what} {cleaned.uuid} comes twice; each may come once, so nothing was changed"
            )
        seen.add(cleaned.uuid)
        result.append(cleaned)
    return result


_FTS_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """A user's search words as a safe FTS5 query: every word, as a prefix, all required."""
    words = _FTS_WORD.findall(text)
    return " ".join(f'"{word}"*' for word in words)


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
        is backed up there first.

        A file that is not a journal this version can use is refused before anything is
        done to it: its mode is not changed and no lock file is left beside it.
        """
        path = Path(path)
        exists = _look_before_opening(path, create=create)
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
            connection = cls._connect(path, backup_dir, exists=exists)
        except BaseException:
            if not exists:  # made by this call: nothing of it is kept
                for suffix in ("", "-wal", "-shm", "-journal"):
                    with contextlib.suppress(OSError):
                        path.with_name(path.name + suffix).unlink()
            lock.release(remove=True)
            raise
        return cls(path, connection, lock)

    @staticmethod
    def _connect(path: Path, backup_dir: Path | None, *, exists: bool) -> sqlite3.Connection:
        try:
            if exists:
                _check_writable(path)
            else:
                private_file(path)
        except OSError as exc:
            raise _cannot_write(path, exc.strerror or str(exc)) from None
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            _refuse_foreign(path, version, tables)
            if version > 0:
                check = connection.execute("PRAGMA quick_check").fetchone()[0]
                if check != "ok":
                    raise JournalDamagedError(
                        f"{path.name} is damaged ({check}). It has not been changed."
                    )
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA busy_timeout = 2000")
            if 0 < version < SCHEMA_VERSION and backup_dir is not None:
                from leadcards import backup as backups  # it imports this module

                backups.backup_connection(
                    connection, backup_dir, path.stem, reason="before-upgrade"
                )
            migrate(connection, version)
            canonicalise_uuids(connection)
            for suffix in ("", "-wal", "-shm"):
                side = path.with_name(path.name + suffix)
                if os.name == "posix" and side.is_file():
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
        cleaned = clean_name(name)
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('name', ?)", (cleaned,))

    def backup(self, folder: Path, *, reason: str = "") -> Path:
        """A checked copy of this journal in ``folder``, made with SQLite's backup API."""
        from leadcards import backup as backups  # it imports this module

        with self._writing:
            return backups.backup_connection(self._db, folder, self.path.stem, reason=reason)

    def restore_from(self, backup: Path, *, safety_dir: Path, name: str | None = None) -> Path:
        """Replace this journal's content with a backup's; the current content is backed up
        to ``safety_dir`` first (that path is returned).

        The backup must pass :func:`leadcards.backup.check_backup` (every row of it read back
        and held to the rules the journal's own writes keep), or :class:`BackupError` says
        why and nothing is changed. The copy is made from the very file that was checked.
        Messages call the backup ``name`` (the file the user chose, when ``backup`` is a
        private copy of it).
        """
        from leadcards import backup as backups  # it imports this module

        source = backups.open_backup(backup, name=name)
        staged: sqlite3.Connection | None = None
        try:
            safety = self.backup(safety_dir, reason="before-restore")
            with self._writing:
                try:
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
        staged = sqlite3.connect(name, isolation_level=None)
        try:
            source.backup(staged)
            staged.execute(f"PRAGMA page_size = {mine}")
            staged.execute("VACUUM")
        except BaseException:
            staged.close()
            Path(name).unlink(missing_ok=True)
            raise
        return staged

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
        moment = _now() if when is None else when
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
            updated=max(_now(), current.updated),
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
        incoming = _cleaned_once(entries, clean_entry, "reflection")
        incoming_checks = _cleaned_once(checks, clean_check, "temperature check")
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
        rows = self._entries("WHERE e.uuid = ?", (_lookup_uuid(entry_uuid),))
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
        now = time_to_db(_now())
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
                taken=_now() if when is None else when,
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
            _encode_draft_marks(clean_marks(marks)),
            time_to_db(_now()),
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


_SQLITE_HEADER = b"SQLite format 3\x00"


def _look_before_opening(path: Path, *, create: bool) -> bool:
    """Refuse, before anything is done to it, a file that is not a journal this version
    can use: not a regular file (a folder, a named pipe, a device), empty, not an SQLite
    database, another program's database, a journal from a newer LeadCards, or one whose
    left-over write-ahead log does not fit it. Everything here only reads, never blocks on
    a pipe, and reads the database through a read-only connection (closing a writing one
    would fold a foreign log into the file for good). True when the file exists."""
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        try:
            found = side.lstat()
        except OSError:
            continue
        if not stat.S_ISREG(found.st_mode):
            raise JournalError(
                f"{side.name}, where SQLite keeps {path.name}'s working data, is not a "
                "regular file (a link, a named pipe, a device or a folder), so the journal "
                "is not opened. Neither has been changed."
            )
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if not create:
            raise JournalError(f"there is no journal at {path}") from None
        return False
    except OSError as exc:
        raise _cannot_read(path, exc.strerror or str(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise JournalError(f"{path} is a folder, not a journal file")
    if not stat.S_ISREG(info.st_mode):
        raise JournalError(
            f"{path.name} is not a regular file (it is a named pipe, a device or a socket), "
            "so it is not a journal. It has not been changed."
        )
    if info.st_size == 0:
        raise JournalDamagedError(
            f"{path.name} is empty: it holds no journal. It has not been changed."
        )
    try:
        header = _read_header(path)
    except OSError as exc:
        raise _cannot_read(path, exc.strerror or str(exc)) from None
    if header != _SQLITE_HEADER:
        raise JournalDamagedError(
            f"{path.name} is not a LeadCards journal (it is not an SQLite database). "
            "It has not been changed."
        )
    wal = path.with_name(path.name + "-wal")
    try:
        log = wal.is_file() and wal.stat().st_size > 0
    except OSError:
        log = False
    try:
        # The file alone, unless a log left by a crash must be read with it (a read-only
        # connection to a journal in WAL mode makes the -wal and -shm files if missing).
        reader = read_only(path, immutable=not log)
        try:
            version = reader.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in reader.execute("SELECT name FROM sqlite_master")}
            check = reader.execute("PRAGMA integrity_check").fetchone()[0] if log else "ok"
        finally:
            reader.close()
    except sqlite3.DatabaseError as exc:
        if not log or (isinstance(exc, sqlite3.OperationalError) and _is_write_failure(exc)):
            return True  # not readable this way (being written elsewhere?): checks follow
        check = str(exc)
    if check != "ok":
        raise JournalDamagedError(
            f"{path.name} and its write-ahead log ({wal.name}) do not fit together "
            f"({check}). Neither has been changed."
        )
    _refuse_foreign(path, version, tables)
    return True


def _refuse_foreign(path: Path, version: int, tables: set[str]) -> None:
    """Refuse a journal from a newer LeadCards, and another program's database."""
    if version > SCHEMA_VERSION:
        raise _too_new(path, version)
    if (version == 0 and tables) or not journal_tables(version) <= tables:
        raise JournalError(
            f"{path.name} is an SQLite database but not a LeadCards journal (its tables are "
            "another program's). It has not been changed."
        )


def _read_header(path: Path) -> bytes:
    """The first 16 bytes of a regular file, without waiting on a pipe swapped in."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return b""
        return os.read(descriptor, len(_SQLITE_HEADER))
    finally:
        os.close(descriptor)


def _check_writable(path: Path) -> None:
    """Raise OSError if the journal file cannot be opened for writing (SQLite would quietly
    open it read-only). Nothing is written."""
    descriptor = os.open(path, os.O_RDWR | getattr(os, "O_NONBLOCK", 0))
    os.close(descriptor)


def _too_new(path: Path, version: int) -> JournalTooNewError:
    return JournalTooNewError(
        f"{path.name} was written by a newer version of LeadCards (journal format "
        f"{version}; this version reads up to {SCHEMA_VERSION}). It has been left "
        "untouched: update LeadCards to open it."
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
    if since is not None and _bound(since) > FIRST_TIME:
        where.append("e.created_utc >= ?")
        params.append(time_to_db(since))
    if until is not None and _bound(until) <= LAST_TIME:
        where.append("e.created_utc < ?")
        params.append(time_to_db(until))
    if words.strip():
        query = fts_query(words)
        if query:
            where.append("e.id IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)")
            params.append(query)
    return ("WHERE " + " AND ".join(where)) if where else "", params


def _bound(moment: dt.datetime) -> dt.datetime:
    """A bound of a period asked for: aware. (One beyond the times a journal keeps is left
    out of the query, so any aware time works, even year 1 east of UTC.)"""
    if not isinstance(moment, dt.datetime) or moment.utcoffset() is None:
        raise JournalError("a period's bounds must be times with a time zone")
    return moment


def _chunks(values: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# A disk I/O error (SQLITE_IOERR) is the system's failure, not the file's: a full disk
# (SQLite often says "disk I/O error" for one), or its -shm that cannot be used (a pipe
# someone put there). Such a journal is never set aside as damaged.
_WRITE_FAILURES = (
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_IOERR,
)


def _is_write_failure(exc: sqlite3.OperationalError) -> bool:
    """A journal that cannot be written (read-only, disk full, no access), as opposed to one
    that is damaged: the file is fine and must not be treated as broken."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _WRITE_FAILURES
    message = str(exc).lower()
    words = ("readonly", "read-only", "full", "unable to open", "disk i/o error")
    return any(word in message for word in words)


def _cannot_write(path: Path, reason: str) -> JournalError:
    return JournalError(
        f"{path.name} cannot be written here ({reason}). Check that the file and its folder "
        "are yours, not read-only, and that the disk has room. It has not been changed."
    )


def _cannot_read(path: Path, reason: str) -> JournalError:
    return JournalError(f"{path.name} cannot be read ({reason}). It has not been changed.")


def _explain(exc: sqlite3.OperationalError, path: Path) -> JournalError:
    message = str(exc).lower()
    if "full" in message:
        return JournalError(f"the disk holding {path.name} is full; nothing was saved")
    if "readonly" in message or "read-only" in message:
        return JournalError(f"{path.name} cannot be written (read-only); nothing was saved")
    if "locked" in message or "busy" in message:
        return JournalLockedError(f"{path.name} is busy in another program; try again")
    return JournalError(f"could not save to {path.name}: {exc}")
