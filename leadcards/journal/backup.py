"""Journal backups: checked copies made with SQLite's online backup API, kept on a ladder.

A backup is written to a temporary name, reopened read-only and integrity-checked, made
private (0600) and only then given its final name, so a half-written or faulty backup never
looks like a good one. :func:`prune` keeps a ladder: the newest backup of each of the last 12
days, 10 weeks and 9 months, and always the newest three.

A backup is restored only after :func:`open_backup` has read every row of every table back
strictly (text that is not UTF-8 is a fault, never a guess) and held it to the rules the
journal's own writes keep (the ``clean_*`` functions of :mod:`leadcards.journal.model`), so that
whatever is restored reads back everywhere: the list, the exports, the PDF, the app.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import itertools
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leadcards.checkin.files import answer_from_text, answer_problems
from leadcards.checkin.records import read_checkin
from leadcards.fileio import sync_folder
from leadcards.journal import cipher, engine
from leadcards.journal.cipher import Kind, Passphrase
from leadcards.journal.engine import sqlite3
from leadcards.journal.model import (
    Entry,
    JournalError,
    Mark,
    TemperatureCheck,
    canonical_uuid,
    clean_check,
    clean_draft_key,
    clean_entry,
    clean_id,
    clean_mark,
    clean_name,
    clean_space,
    clean_tags,
    clean_text,
    clean_time,
    decode_draft_marks,
    shown,
)
from leadcards.journal.schema import SCHEMA_VERSION, canonicalise_uuids, migrate, read_only
from leadcards.limits import date_in_range
from leadcards.paths import ensure_dir

KEEP_DAYS, KEEP_WEEKS, KEEP_MONTHS, KEEP_NEWEST = 12, 10, 9, 3
MIN_INTERVAL = dt.timedelta(minutes=30)
MAX_COMMITMENT_CHARS = 2_000  # as leadcards.commitments keeps them (it reads the store)
MAX_COMMITMENT_CARDS = 50
MAX_BACKUP_BYTES = 4 * 1024**3  # far beyond any journal; a file this size is not one
_NAME = re.compile(r"^(?P<stem>.+)-(?P<when>\d{8}-\d{6}-\d{6})(?:-(?P<reason>[a-z-]+))?\.sqlite3$")


class BackupError(Exception):
    """A backup that could not be made or cannot be used; the message says why."""


def folder_for(data_dir: Path, journal_path: Path) -> Path:
    """Where a journal's backups go: under the data dir, apart from the journal itself.

    Journals with the same file name in different folders (one per client, say) get
    different backup folders.
    """
    digest = hashlib.sha256(str(journal_path.resolve()).encode()).hexdigest()[:8]
    return data_dir / "backups" / f"{journal_path.stem}-{digest}"


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")


def backup_time(path: Path) -> dt.datetime | None:
    match = _NAME.match(path.name)
    if not match:
        return None
    return dt.datetime.strptime(match["when"], "%Y%m%d-%H%M%S-%f").replace(tzinfo=dt.UTC)


def backup_connection(
    connection: sqlite3.Connection,
    folder: Path,
    stem: str,
    *,
    reason: str = "",
    now: dt.datetime | None = None,
    passphrase: Passphrase | None = None,
) -> Path:
    """A checked copy of ``connection``'s journal in ``folder``; with the ``passphrase``
    of an encrypted journal, the copy is encrypted with it (and opens with it)."""
    ensure_dir(folder)
    suffix = f"-{reason}" if reason else ""
    final = folder / f"{stem}-{_stamp(now or dt.datetime.now(dt.UTC))}{suffix}.sqlite3"
    partial = final.with_name(final.name + ".partial")
    descriptor = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(descriptor)
    try:
        target = engine.connect(partial)
        try:
            cipher.apply_key(target, passphrase)
            connection.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
            leave_out_open_rounds(target)
        finally:
            target.close()
        _check_copy(partial, passphrase)
        if os.name == "posix":
            partial.chmod(0o600)
        partial.replace(final)
    except (sqlite3.Error, OSError, BackupError, JournalError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"the backup could not be made: {exc}") from None
    return final


def leave_out_open_rounds(copy: sqlite3.Connection) -> None:
    """A backup keeps no answer of a check-in round still collecting, nor which response
    files it counted: backups are kept for months, and two of them taken as answers came
    in would show which answers came between them. A round restored from a backup is
    empty; its responses can be added again. (The copy is written afresh, so nothing of
    what was left out stays in its free pages.)"""
    version = copy.execute("PRAGMA user_version").fetchone()[0]
    if version < 3:
        return
    open_rounds = "SELECT checkin_id, number FROM checkin_rounds WHERE closed_utc IS NULL"
    found = copy.execute(
        f"SELECT EXISTS (SELECT 1 FROM checkin_answers) OR EXISTS (SELECT 1 FROM"
        f" checkin_counted WHERE (checkin_id, round) IN ({open_rounds}))"
    ).fetchone()[0]
    if not found:
        return
    copy.execute("DELETE FROM checkin_answers")
    copy.execute(f"DELETE FROM checkin_counted WHERE (checkin_id, round) IN ({open_rounds})")
    copy.commit()
    copy.execute("VACUUM")


def check_backup(
    path: Path, *, name: str | None = None, passphrase: Passphrase | None = None
) -> None:
    """Raise :class:`BackupError` unless ``path`` is an intact journal this version reads,
    every row of which LeadCards can read back (see :func:`open_backup`)."""
    open_backup(path, name=name, passphrase=passphrase).close()


def open_backup(
    path: Path, *, name: str | None = None, passphrase: Passphrase | None = None
) -> sqlite3.Connection:
    """A read-only connection to the backup at ``path``, inside a read transaction (so what
    was checked is what is copied), once every check has passed; else :class:`BackupError`
    saying why. The checks: a regular file (never a pipe, whose opening would wait), not
    too large, an SQLite database of a journal's exact tables and of a version this one
    reads, intact, and every row of every table read strictly (text must be valid UTF-8)
    and held to the rules the journal's own writes keep. Messages call the file ``name``
    (the name of the file the user chose, when ``path`` is a private copy of it).

    An encrypted backup needs its ``passphrase``: without one,
    :class:`~leadcards.journal.cipher.PassphraseNeededError`; with another,
    :class:`~leadcards.journal.cipher.WrongPassphraseError` (both say so in words). A plain
    backup is read as it is, whatever passphrase is given."""
    label = name or path.name
    encrypted = _check_file(path, label) is Kind.ENCRYPTED
    key = passphrase if encrypted else None
    if encrypted and key is None:
        raise cipher.PassphraseNeededError(
            f"{label} is encrypted: its passphrase is needed to read it (or it is not a "
            "LeadCards journal backup at all)"
        )
    try:
        db = read_only(path, passphrase=key)
    except cipher.WrongPassphraseError:
        raise cipher.WrongPassphraseError(
            f"the passphrase does not open {label}: either it is not the passphrase it was "
            "made with, or the file is not a LeadCards journal backup. Nothing has been changed."
        ) from None
    except sqlite3.Error as exc:
        raise BackupError(f"{label} cannot be read as a journal: {exc}") from None
    try:
        db.execute("BEGIN")
        _check_tables(db, label)
        _check_rows(db, label)
    except sqlite3.Error as exc:
        db.close()
        raise BackupError(f"{label} cannot be read as a journal: {exc}") from None
    except BaseException:
        db.close()
        raise
    db.text_factory = str
    return db


def _check_copy(path: Path, passphrase: Passphrase | None) -> None:
    """The checks a backup just made must pass: an intact file of a journal's tables.
    (Its rows are the journal's own; a journal holding rows an older version let in can
    still be backed up, and restoring that backup says which rows they are.)"""
    _check_file(path, path.name)
    db = read_only(path, passphrase=passphrase)
    try:
        _check_tables(db, path.name)
    finally:
        db.close()


def _check_file(path: Path, label: str) -> Kind:
    """A regular file not too large to be a backup, plain (an SQLite database) or what may
    be an encrypted one; else :class:`BackupError`."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise BackupError(f"{label} is not a regular file, so not a journal backup")
        if info.st_size > MAX_BACKUP_BYTES:
            raise BackupError(f"{label} is too large to be a LeadCards journal backup")
        looks = cipher.kind(path)
    except OSError as exc:
        raise BackupError(f"cannot read {label}: {exc.strerror or exc}") from None
    if looks is Kind.ENCRYPTED and engine.CAN_ENCRYPT:
        return looks
    if looks is not Kind.PLAIN:
        raise BackupError(f"{label} is not a LeadCards journal backup")
    return looks


def _check_tables(db: sqlite3.Connection, label: str) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise BackupError(f"{label} comes from a newer version of LeadCards")
    check = db.execute("PRAGMA integrity_check").fetchone()[0]
    if check != "ok":
        raise BackupError(f"{label} is damaged ({check})")
    if version < 1 or _schema(db) != _expected(version):
        raise BackupError(
            f"{label} is not a LeadCards journal backup (its tables are not a journal's)"
        )
    encoding = db.execute("PRAGMA encoding").fetchone()[0]
    if encoding != "UTF-8":
        raise BackupError(f"{label} keeps its text as {encoding}; a journal keeps UTF-8")


def _check_rows(db: sqlite3.Connection, label: str) -> None:
    found = unreadable_rows(db)
    if found.count:
        raise BackupError(
            f"{label} holds {found.describe()} LeadCards could not read back, so it is "
            f"not restored (the first: {found.first})"
        )


def _schema(db: sqlite3.Connection) -> set[tuple[str, str, str]]:
    """Every table, index and trigger with its SQL, but the full-text index's own shadow
    tables by name only: SQLite writes those itself, and versions may word them apart."""
    return {
        (kind, name, "" if name.startswith("entries_fts_") else " ".join((sql or "").split()))
        for kind, name, sql in db.execute("SELECT type, name, sql FROM sqlite_master")
    }


@functools.cache
def _expected(version: int) -> frozenset[tuple[str, str, str]]:
    """What sqlite_master holds in a journal of ``version`` (empty for versions not known)."""
    if not 1 <= version <= SCHEMA_VERSION:
        return frozenset()
    db = engine.connect(":memory:", isolation_level=None)
    try:
        migrate(db, 0, to=version)
        return frozenset(_schema(db))
    finally:
        db.close()


def entry_count(path: Path, passphrase: Passphrase | None = None) -> int:
    """How many reflections a backup holds (after :func:`check_backup` accepted it)."""
    try:
        db = read_only(path, passphrase=passphrase if cipher.is_encrypted(path) else None)
        try:
            return int(db.execute("SELECT count(*) FROM entries").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{path.name} cannot be read as a journal: {exc}") from None


def backups(folder: Path) -> list[Path]:
    """The finished backups in ``folder``, newest first."""
    try:
        found = [p for p in folder.iterdir() if backup_time(p) is not None]
    except OSError:
        return []
    return sorted(found, key=lambda p: backup_time(p) or dt.datetime.min, reverse=True)


def to_keep(times: Iterable[dt.datetime], now: dt.datetime) -> set[dt.datetime]:
    """The backup times the ladder keeps (pure: easy to reason about and test)."""
    ordered = sorted(set(times), reverse=True)
    keep = set(ordered[:KEEP_NEWEST])
    for kind, count in (("day", KEEP_DAYS), ("week", KEEP_WEEKS), ("month", KEEP_MONTHS)):
        seen: set[tuple[int, ...]] = set()
        for moment in ordered:
            key, age = _bucket(kind, moment, now)
            if age < count and key not in seen:
                seen.add(key)
                keep.add(moment)
    return keep


def _bucket(kind: str, moment: dt.datetime, now: dt.datetime) -> tuple[tuple[int, ...], int]:
    """The calendar bucket of a backup time (day, ISO week or month) and its age in them."""
    days = (now.date() - moment.date()).days
    if kind == "day":
        return (moment.year, moment.month, moment.day), days
    if kind == "week":
        iso = moment.isocalendar()
        return (iso.year, iso.week), days // 7
    return (moment.year, moment.month), (now.year - moment.year) * 12 + now.month - moment.month


def prune(folder: Path, now: dt.datetime | None = None) -> list[Path]:
    """Delete backups the ladder no longer keeps; returns what was removed."""
    found = backups(folder)
    times = {path: backup_time(path) for path in found}
    keep = to_keep([t for t in times.values() if t], now or dt.datetime.now(dt.UTC))
    removed = []
    for path, moment in times.items():
        if moment not in keep:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def set_aside(journal_path: Path, data_dir: Path, now: dt.datetime | None = None) -> Path:
    """Move a damaged journal (with its -wal and -shm) whole into ``damaged/<time>/``."""
    folder = ensure_dir(data_dir / "damaged" / _stamp(now or dt.datetime.now(dt.UTC)))
    for suffix in ("", "-wal", "-shm"):
        part = journal_path.with_name(journal_path.name + suffix)
        if part.exists():
            part.replace(folder / part.name)
    return folder


def newest_good(folder: Path, passphrase: Passphrase | None = None) -> Path | None:
    """The newest backup in ``folder`` that passes its checks (opened with ``passphrase``
    if it is encrypted), if any."""
    for candidate in backups(folder):
        try:
            check_backup(candidate, passphrase=passphrase)
        except (BackupError, JournalError):
            continue
        return candidate
    return None


def restore_into(backup: Path, target: Path, passphrase: Passphrase | None = None) -> None:
    """Write a new journal file at ``target`` (which must not exist) from a checked backup;
    an encrypted backup (opened with ``passphrase``) makes a journal encrypted with it."""
    source = open_backup(backup, passphrase=passphrase)
    key = passphrase if cipher.is_encrypted(backup) else None
    try:
        if target.exists():
            raise BackupError(f"{target.name} already exists; move it aside first")
        descriptor = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(descriptor)
        try:
            destination = engine.connect(target, isolation_level=None)
            try:
                cipher.apply_key(destination, key)
                source.backup(destination)
                settle_restored(destination)
            finally:
                destination.close()
        except sqlite3.Error as exc:
            target.unlink(missing_ok=True)
            raise BackupError(f"could not restore from {backup.name}: {exc}") from None
    finally:
        source.close()


def settle_restored(connection: sqlite3.Connection) -> None:
    """What a journal needs after a backup's pages were copied into it: its schema brought
    up to this version, every uuid in canonical form, and the search index made again
    from the text (the backup's own index is not trusted)."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    migrate(connection, version)
    canonicalise_uuids(connection)
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute("INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def due(last_backup: dt.datetime | None, last_change: dt.datetime | None, now: dt.datetime) -> bool:
    """An automatic backup is due when data changed since the last one, at most every 30 min."""
    if last_change is None:
        return False
    if last_backup is None:
        return True
    return last_change > last_backup and now - last_backup >= MIN_INTERVAL


# --------------------------------------------------------------------------- rows

_NOUNS = {
    "entries": ("reflection", "reflections"),
    "checks": ("temperature check", "temperature checks"),
    "drafts": ("draft", "drafts"),
    "card_marks": ("mark on a card", "marks on cards"),
    "meta": ("journal setting", "journal settings"),
    "checkins": ("team check-in", "team check-ins"),
    "commitments": ("commitment", "commitments"),
    "plan_runs": ("session plan run", "session plan runs"),
    "loose": (
        "tag or mark that belongs to no reflection or check",
        "tags or marks that belong to no reflection or check",
    ),
}


@dataclass
class RowProblems:
    """What :func:`unreadable_rows` found: a count of bad rows by kind, and the first."""

    counts: dict[str, int] = field(default_factory=dict)
    first: str = ""

    @property
    def count(self) -> int:
        return sum(self.counts.values())

    def add(self, kind: str, where: object, problem: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if not self.first:
            self.first = f"{_NOUNS[kind][0]} {where}: {problem}"

    def describe(self) -> str:
        """ "3 reflections and 1 temperature check"."""
        parts = [
            f"{count} {_NOUNS[kind][count != 1]}"
            for kind in _NOUNS
            if (count := self.counts.get(kind, 0))
        ]
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


class _Undecodable:
    """A TEXT value that is not UTF-8 (SQLite keeps whatever bytes it is given)."""


_UNDECODABLE = _Undecodable()


def _strict_text(raw: bytes) -> str | _Undecodable:
    try:
        return raw.decode("utf-8")  # strict: refuses encoded surrogates as well
    except UnicodeDecodeError:
        return _UNDECODABLE


def _kind_problem(row: Sequence[object]) -> str:
    """Values of a type no column of a journal holds."""
    for value in row:
        if isinstance(value, _Undecodable):
            return "it holds text that is not valid UTF-8"
        if isinstance(value, bytes):
            return "it holds binary data where text or a number belongs"
        if isinstance(value, float):
            return "it holds a fraction where text or a whole number belongs"
    return ""


# Exactly the form ``time_to_db`` writes (strptime would also take "2026-5-1T8:0:0.0Z",
# which sorts out of order among the others).
_DB_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", re.ASCII)


def _db_time(value: object, what: str) -> dt.datetime:
    """A time as the journal keeps it, in range."""
    try:
        if not isinstance(value, str) or not _DB_TIME.fullmatch(value):
            raise ValueError
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise JournalError(
            f"{what} is not a time as a journal keeps them: {shown(value)}"
        ) from None
    return clean_time(moment, what)


class _Children:
    """Rows of a child table in order of their parent's id, handed out parent by parent
    as a parent table is read in the same order (a merge join: one pass, little memory)."""

    def __init__(self, cursor: Iterable[Sequence[Any]]) -> None:
        self._groups = itertools.groupby(cursor, key=lambda row: row[0])
        self._next = next(self._groups, None)

    def of(self, parent: int) -> list[Sequence[Any]]:
        while self._next is not None and self._next[0] < parent:
            self._next = next(self._groups, None)
        if self._next is None or self._next[0] != parent:
            return []
        rows = [row[1:] for row in self._next[1]]
        self._next = next(self._groups, None)
        return rows


def _pairs(rows: list[Sequence[Any]], what: str) -> dict[str, Mark]:
    marks: dict[str, Mark] = {}
    for ident, mark in rows:
        marks[clean_id(ident, what)] = clean_mark(mark)
    return marks


def unreadable_rows(db: sqlite3.Connection) -> RowProblems:
    """Every row of every table of the journal open on ``db`` read back strictly (text
    that is not UTF-8 is a fault, not a guess) and put through the rules the journal's own
    writes keep: what is found wrong, counted by kind. Reads in one pass, in id order."""
    found = RowProblems()
    saved = db.text_factory
    db.text_factory = _strict_text
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        _entry_rows(db, found)
        _temperature_check_rows(db, found)
        _draft_rows(db, found, with_tags=version >= 2)
        _card_mark_rows(db, found)
        _meta_rows(db, found)
        if version >= 3:
            _checkin_rows(db, found)
        if version >= 4:
            _commitment_rows(db, found)
        for _ in db.execute("PRAGMA foreign_key_check"):
            found.add("loose", "", "it belongs to no reflection or check")
    finally:
        db.text_factory = saved
    return found


def _entry_rows(db: sqlite3.Connection, found: RowProblems) -> None:
    tags = _Children(
        db.execute(
            "SELECT entry_id, tag FROM entry_tags WHERE typeof(entry_id) = 'integer'"
            " ORDER BY entry_id"
        )
    )
    marks = _Children(
        db.execute(
            "SELECT entry_id, indicator_id, mark FROM entry_marks"
            " WHERE typeof(entry_id) = 'integer' ORDER BY entry_id"
        )
    )
    seen: set[str] = set()
    for row in db.execute(
        "SELECT id, uuid, created_utc, updated_utc, deck_id, card_id, space, text FROM entries"
        " ORDER BY id"
    ):
        its_tags = [tag for (tag,) in tags.of(row[0])]
        its_marks = marks.of(row[0])
        problem = _kind_problem([*row, *its_tags, *(v for pair in its_marks for v in pair)])
        if not problem:
            try:
                entry = clean_entry(
                    Entry(
                        uuid=row[1],
                        created=_db_time(row[2], "the time it was written"),
                        updated=_db_time(row[3], "the time it was last edited"),
                        deck_id=row[4],
                        card_id=row[5],
                        space=row[6],
                        text=row[7],
                        marks=_pairs(its_marks, "an indicator id"),
                        tags=tuple(its_tags),
                    )
                )
                if sorted(entry.tags) != sorted(its_tags):
                    problem = "its tags are not as LeadCards writes them"
                elif entry.uuid in seen:
                    problem = f"another reflection has the uuid {entry.uuid}"
                seen.add(entry.uuid)
            except JournalError as exc:
                problem = str(exc)
        if problem:
            found.add("entries", f"#{row[0]}", problem)


def _temperature_check_rows(db: sqlite3.Connection, found: RowProblems) -> None:
    marks = _Children(
        db.execute(
            "SELECT check_id, indicator_id, mark FROM check_marks"
            " WHERE typeof(check_id) = 'integer' ORDER BY check_id"
        )
    )
    seen: set[str] = set()
    for row in db.execute(
        "SELECT id, uuid, taken_utc, deck_id, card_id, space, measure, position, target"
        " FROM checks ORDER BY id"
    ):
        its_marks = marks.of(row[0])
        problem = _kind_problem([*row, *(v for pair in its_marks for v in pair)])
        if not problem:
            try:
                check = clean_check(
                    TemperatureCheck(
                        uuid=row[1],
                        taken=_db_time(row[2], "the time it was taken"),
                        deck_id=row[3],
                        card_id=row[4],
                        space=row[5],
                        measure=row[6],
                        position=row[7],
                        target=row[8],
                        marks=_pairs(its_marks, "an indicator id"),
                    )
                )
                if check.uuid in seen:
                    problem = f"another temperature check has the uuid {check.uuid}"
                seen.add(check.uuid)
            except JournalError as exc:
                problem = str(exc)
        if problem:
            found.add("checks", f"#{row[0]}", problem)


def _draft_rows(db: sqlite3.Connection, found: RowProblems, *, with_tags: bool) -> None:
    tags = "tags" if with_tags else "''"
    for number, row in enumerate(
        db.execute(f"SELECT key, text, space, marks, updated_utc, {tags} FROM drafts"), 1
    ):
        problem = _kind_problem(row)
        if not problem:
            try:
                clean_draft_key(row[0])
                clean_text(row[1])
                clean_space(row[2])
                decode_draft_marks(row[3])
                _db_time(row[4], "the time it was saved")
                if not isinstance(row[5], str) or _draft_tags(row[5]) != row[5]:
                    problem = "its tags are not as LeadCards writes them"
            except JournalError as exc:
                problem = str(exc)
        if problem:
            found.add("drafts", f"#{number}", problem)


def _draft_tags(text: str) -> str:
    return "\n".join(clean_tags(text.split("\n")))


def _card_mark_rows(db: sqlite3.Connection, found: RowProblems) -> None:
    for number, row in enumerate(
        db.execute("SELECT deck_id, card_id, indicator_id, mark, updated_utc FROM card_marks"), 1
    ):
        problem = _kind_problem(row)
        if not problem:
            try:
                clean_id(row[0], "the deck id")
                clean_id(row[1], "the card id")
                clean_id(row[2], "the indicator id")
                clean_mark(row[3])
                _db_time(row[4], "the time it was made")
            except JournalError as exc:
                problem = str(exc)
        if problem:
            found.add("card_marks", f"#{number}", problem)


def _meta_rows(db: sqlite3.Connection, found: RowProblems) -> None:
    for key, value in db.execute("SELECT key, value FROM meta"):
        problem = _kind_problem([key, value])
        if not problem:
            if key != "name":
                problem = f"LeadCards keeps no setting called {shown(key)}"
            else:
                try:
                    if clean_name(value) != value:
                        problem = "the journal's name is not as LeadCards writes it"
                except JournalError as exc:
                    problem = str(exc)
        if problem:
            found.add("meta", shown(key) if isinstance(key, str) else "", problem)


def _checkin_rows(db: sqlite3.Connection, found: RowProblems) -> None:
    """A team check-in read back as :mod:`leadcards.checkin.ledger` reads it (its
    invitation, rounds and kept results, held to what the ledger writes), its open round's
    answers (each one the invitation asks for) and the hashes of responses counted."""
    rounds = _Children(
        db.execute(
            "SELECT checkin_id, number, opened_utc, closed_utc, people, results"
            " FROM checkin_rounds WHERE typeof(checkin_id) = 'integer'"
            " ORDER BY checkin_id, number"
        )
    )
    answers = _Children(
        db.execute(
            "SELECT checkin_id, answer FROM checkin_answers"
            " WHERE typeof(checkin_id) = 'integer' ORDER BY checkin_id"
        )
    )
    counted = _Children(
        db.execute(
            "SELECT checkin_id, hash, round FROM checkin_counted"
            " WHERE typeof(checkin_id) = 'integer' ORDER BY checkin_id"
        )
    )
    for row in db.execute(
        "SELECT id, uuid, title, created_utc, invitation FROM checkins ORDER BY id"
    ):
        its_rounds = [tuple(r) for r in rounds.of(row[0])]
        its_answers = [answer for (answer,) in answers.of(row[0])]
        its_counted = [tuple(c) for c in counted.of(row[0])]
        values = [*row, *(v for r in its_rounds for v in r), *its_answers]
        problem = _kind_problem([*values, *(v for c in its_counted for v in c)])
        if not problem:
            try:
                _db_time(row[3], "the time it was made")
                for _, opened, closed, *_rest in its_rounds:
                    _db_time(opened, "the time a round opened")
                    if closed is not None:
                        _db_time(closed, "the time a round closed")
                checkin = read_checkin(row[1], row[2], row[3], row[4], its_rounds, len(its_answers))
                for text in its_answers:
                    problems = answer_problems(checkin.invitation, answer_from_text(text))
                    if problems:
                        raise JournalError(f"an answer is not one it asks for ({problems[0]})")
                if not all(
                    isinstance(value, str)
                    and _HASH.fullmatch(value)
                    and number in range(1, len(its_rounds) + 1)
                    for value, number in its_counted
                ):
                    raise JournalError("a response it counted is not kept as a hash and round")
            except (JournalError, ValueError) as exc:
                problem = str(exc)
        if problem:
            found.add("checkins", shown(row[2]) if isinstance(row[2], str) else "", problem)


_HASH = re.compile(r"[0-9a-f]{64}", re.ASCII)


def _commitment_rows(db: sqlite3.Connection, found: RowProblems) -> None:
    """Commitments, their cards, indicators and follow-ups, and plan runs, held to the rules
    :mod:`leadcards.commitments` writes them by."""
    children = {
        table: _Children(
            db.execute(
                f"SELECT commitment_id, {columns} FROM {table}"
                " WHERE typeof(commitment_id) = 'integer' ORDER BY commitment_id"
            )
        )
        for table, columns in (
            ("commitment_cards", "card_id"),
            ("commitment_marks", "indicator_id"),
            ("follow_ups", "uuid, taken_utc, how, text"),
        )
    }
    seen: set[str] = set()
    for row in db.execute(
        "SELECT id, uuid, created_utc, updated_utc, text, due, deck_id, plan_id, run_uuid"
        " FROM commitments ORDER BY id"
    ):
        related = {table: [tuple(r) for r in rows.of(row[0])] for table, rows in children.items()}
        values = [*row, *(v for rows in related.values() for r in rows for v in r)]
        problem = _kind_problem(values)
        if not problem:
            try:
                if canonical_uuid(row[1]) != row[1]:
                    raise JournalError("its uuid is not as LeadCards keeps it")
                if row[1] in seen:
                    raise JournalError(f"another commitment has the uuid {row[1]}")
                seen.add(row[1])
                _db_time(row[2], "the time it was made")
                _db_time(row[3], "the time it was last changed")
                if (
                    not isinstance(row[4], str)
                    or clean_text(row[4]).strip() != row[4]
                    or not 0 < len(row[4]) <= MAX_COMMITMENT_CHARS
                ):
                    raise JournalError("its words are not as LeadCards keeps them")
                if row[8] is not None and canonical_uuid(row[8]) != row[8]:
                    raise JournalError("its plan run's uuid is not as LeadCards keeps it")
                if len(related["commitment_cards"]) > MAX_COMMITMENT_CARDS:
                    raise JournalError("it comes from more cards than a commitment may")
                if row[5] is not None and not date_in_range(dt.date.fromisoformat(row[5])):
                    raise JournalError("its due date is out of range")
                for value, what in ((row[6], "a deck id"), (row[7], "a plan id")):
                    if value is not None:
                        clean_id(value, what)
                for (card_id,) in related["commitment_cards"]:
                    clean_id(card_id, "a card id")
                for (indicator_id,) in related["commitment_marks"]:
                    clean_id(indicator_id, "an indicator id")
                for follow_uuid, taken, how, text in related["follow_ups"]:
                    if canonical_uuid(follow_uuid) != follow_uuid:
                        raise JournalError("a follow-up's uuid is not as LeadCards keeps it")
                    _db_time(taken, "the time a follow-up was taken")
                    if how not in ("done", "partly", "not-yet") or not isinstance(text, str):
                        raise JournalError("a follow-up is not done, partly or not yet")
                    clean_text(text)
            except (JournalError, ValueError, TypeError) as exc:
                problem = str(exc)
        if problem:
            found.add("commitments", row[1] if isinstance(row[1], str) else "", problem)
    for row in db.execute(
        "SELECT uuid, plan_id, plan_title, started_utc, updated_utc, step, finished_utc,"
        " deck_id FROM plan_runs ORDER BY id"
    ):
        problem = _kind_problem(row)
        if not problem:
            try:
                if canonical_uuid(row[0]) != row[0]:
                    raise JournalError("its uuid is not as LeadCards keeps it")
                clean_id(row[1], "a plan id")
                if (
                    not isinstance(row[2], str)
                    or row[2].strip() != row[2]
                    or not 0 < len(row[2]) <= 200
                ):
                    raise JournalError("its plan's title is not as LeadCards keeps it")
                if row[7] is not None:
                    clean_id(row[7], "a deck id")
                if type(row[5]) is not int or not 0 <= row[5] <= 1000:
                    raise JournalError("its step is not a whole number from 0 to 1000")
                for value in (row[3], row[4], *(() if row[6] is None else (row[6],))):
                    _db_time(value, "a time of the run")
            except (JournalError, ValueError) as exc:
                problem = str(exc)
        if problem:
            found.add("plan_runs", row[0] if isinstance(row[0], str) else "", problem)


def change_key(path: Path, old: Passphrase | None, new: Passphrase | None) -> None:
    """Write the backup at ``path`` afresh under the key ``new`` (plain with None), in one
    atomic step (a copy beside it, renamed over it): a backup made under ``old`` follows
    its journal's new key. :class:`BackupError` or
    :class:`~leadcards.journal.cipher.WrongPassphraseError` when it does not open with
    ``old`` (made under an earlier passphrase): it is left as it is."""
    encrypted = _check_file(path, path.name) is Kind.ENCRYPTED
    if encrypted and old is None:
        raise BackupError(f"{path.name} is encrypted under a passphrase of before")
    if not encrypted and new is None:
        return  # plain already
    source = engine.connect(path, isolation_level=None)
    partial = cipher.partial_name(path, "rekey")
    try:
        cipher.apply_key(source, old if encrypted else None)
        cipher.check_opens(source, path)
        cipher.export_copy(source, partial, new)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"{path.name} could not be copied under the new key: {exc}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    try:
        os.replace(partial, path)
        sync_folder(path.parent)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"{path.name} could not be replaced: {exc.strerror or exc}") from None


def remove_left_over_copies(folder: Path) -> None:
    """Remove copies a change of key cut short left in a backup folder."""
    with contextlib.suppress(OSError):
        for left in folder.glob(".*.rekey-*"):
            left.unlink(missing_ok=True)


def shares_records(path: Path, uuids: set[str]) -> bool:
    """Whether the plain backup at ``path`` holds a reflection or a commitment of these
    uuids (random, so one in common means a copy of the same journal)."""
    if not uuids:
        return False
    try:
        db = read_only(path)
        try:
            found = db.execute("SELECT uuid FROM entries").fetchall()
            if db.execute("PRAGMA user_version").fetchone()[0] >= 4:
                found += db.execute("SELECT uuid FROM commitments").fetchall()
        finally:
            db.close()
    except sqlite3.Error:
        return False
    return any(row[0] in uuids for row in found)


def namesakes(folder: Path) -> list[Path]:
    """The other backup folders of journals with the same file name as ``folder``'s."""
    stem = folder.name.rpartition("-")[0]
    try:
        return sorted(
            other
            for other in folder.parent.iterdir()
            if other != folder and other.is_dir() and other.name.rpartition("-")[0] == stem
        )
    except OSError:
        return []
