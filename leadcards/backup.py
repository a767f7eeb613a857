"""Journal backups: checked copies made with SQLite's online backup API, kept on a ladder.

A backup is written to a temporary name, reopened read-only and integrity-checked, made
private (0600) and only then given its final name, so a half-written or faulty backup never
looks like a good one. :func:`prune` keeps a ladder: the newest backup of each of the last 12
days, 10 weeks and 9 months, and always the newest three.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from leadcards.journal_schema import SCHEMA_VERSION, migrate, read_only
from leadcards.paths import ensure_dir

KEEP_DAYS, KEEP_WEEKS, KEEP_MONTHS, KEEP_NEWEST = 12, 10, 9, 3
MIN_INTERVAL = dt.timedelta(minutes=30)
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
) -> Path:
    ensure_dir(folder)
    suffix = f"-{reason}" if reason else ""
    final = folder / f"{stem}-{_stamp(now or dt.datetime.now(dt.UTC))}{suffix}.sqlite3"
    partial = final.with_name(final.name + ".partial")
    descriptor = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(descriptor)
    try:
        target = sqlite3.connect(partial)
        try:
            connection.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        check_backup(partial)
        if os.name == "posix":
            partial.chmod(0o600)
        partial.replace(final)
    except (sqlite3.Error, OSError, BackupError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"the backup could not be made: {exc}") from None
    return final


def check_backup(path: Path) -> None:
    """Raise :class:`BackupError` unless ``path`` is an intact journal this version reads."""
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise BackupError(f"cannot read {path.name}: {exc.strerror or exc}") from None
    if header != b"SQLite format 3\x00":
        raise BackupError(f"{path.name} is not a LeadCards journal backup")
    try:
        if path.stat().st_size > MAX_BACKUP_BYTES:
            raise BackupError(f"{path.name} is too large to be a LeadCards journal backup")
    except OSError as exc:
        raise BackupError(f"cannot read {path.name}: {exc.strerror or exc}") from None
    try:
        db = read_only(path)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            check = db.execute("PRAGMA integrity_check").fetchone()[0]
            schema = _schema(db)
            odd = db.execute(_ODD_VALUES).fetchone()[0] if schema == _expected(version) else 0
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{path.name} cannot be read as a journal: {exc}") from None
    if version > SCHEMA_VERSION:
        raise BackupError(f"{path.name} comes from a newer version of LeadCards")
    if check != "ok":
        raise BackupError(f"{path.name} is damaged ({check})")
    if version < 1 or schema != _expected(version):
        raise BackupError(
            f"{path.name} is not a LeadCards journal backup (its tables are not a journal's)"
        )
    if odd:
        raise BackupError(
            f"{path.name} holds {odd} value{'s' if odd != 1 else ''} of the wrong kind "
            "(dates, text or positions), so it is not restored"
        )


# Values a journal never holds: times that are not ISO text, text that is not text,
# positions that are not whole numbers.
_TIME = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*'"
_ODD_VALUES = f"""
SELECT
  (SELECT count(*) FROM entries WHERE typeof(uuid) <> 'text' OR typeof(text) <> 'text'
     OR created_utc NOT GLOB {_TIME} OR updated_utc NOT GLOB {_TIME}
     OR typeof(created_utc) <> 'text' OR typeof(updated_utc) <> 'text'
     OR (deck_id IS NOT NULL AND typeof(deck_id) <> 'text')
     OR (card_id IS NOT NULL AND typeof(card_id) <> 'text'))
  + (SELECT count(*) FROM checks WHERE typeof(position) <> 'integer'
     OR (target IS NOT NULL AND typeof(target) <> 'integer')
     OR typeof(taken_utc) <> 'text' OR taken_utc NOT GLOB {_TIME}
     OR typeof(deck_id) <> 'text' OR typeof(card_id) <> 'text')
  + (SELECT count(*) FROM entry_tags WHERE typeof(tag) <> 'text')
  + (SELECT count(*) FROM entry_marks WHERE typeof(indicator_id) <> 'text')
"""


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
    db = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(db, 0, to=version)
        return frozenset(_schema(db))
    finally:
        db.close()


def entry_count(path: Path) -> int:
    """How many reflections a backup holds (after :func:`check_backup` accepted it)."""
    try:
        db = read_only(path)
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


def newest_good(folder: Path) -> Path | None:
    """The newest backup in ``folder`` that passes its checks, if any."""
    for candidate in backups(folder):
        try:
            check_backup(candidate)
        except BackupError:
            continue
        return candidate
    return None


def restore_into(backup: Path, target: Path) -> None:
    """Write a new journal file at ``target`` (which must not exist) from a checked backup."""
    check_backup(backup)
    if target.exists():
        raise BackupError(f"{target.name} already exists; move it aside first")
    descriptor = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(descriptor)
    try:
        source = read_only(backup)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise BackupError(f"could not restore from {backup.name}: {exc}") from None


def due(last_backup: dt.datetime | None, last_change: dt.datetime | None, now: dt.datetime) -> bool:
    """An automatic backup is due when data changed since the last one, at most every 30 min."""
    if last_change is None:
        return False
    if last_backup is None:
        return True
    return last_change > last_backup and now - last_backup >= MIN_INTERVAL
