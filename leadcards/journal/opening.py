"""Opening a journal file: what is refused before anything is done to it (not a regular
file, not a journal, another program's database, one from a newer LeadCards, a log that
does not fit), the lock that keeps a journal to one process, the migration of an older
journal (backed up first), and SQLite's errors said in words.
"""

from __future__ import annotations

import contextlib
import os
import stat
from glob import escape as glob_escape
from pathlib import Path

from leadcards.filelock import FileLock, LockedError, private_file
from leadcards.journal import backup as backups
from leadcards.journal import cipher, engine
from leadcards.journal.cipher import Kind, Passphrase
from leadcards.journal.engine import sqlite3
from leadcards.journal.model import (
    JournalDamagedError,
    JournalError,
    JournalLockedError,
    JournalTooNewError,
)
from leadcards.journal.schema import (
    SCHEMA_VERSION,
    canonicalise_uuids,
    journal_tables,
    migrate,
    read_only,
)


def connect(
    path: Path,
    *,
    create: bool = True,
    backup_dir: Path | None = None,
    passphrase: Passphrase | None = None,
) -> tuple[sqlite3.Connection, FileLock]:
    """The connection to a journal file, and the lock that keeps it to this process.

    A file that is not a journal this version can use is refused before anything is done
    to it (its mode is not changed and no lock file is left beside it). With
    ``backup_dir``, a journal that needs migrating is backed up there first. An encrypted
    journal needs its ``passphrase`` (:class:`~leadcards.journal.cipher.PassphraseNeededError`
    without one, :class:`~leadcards.journal.cipher.WrongPassphraseError` for another); a
    new journal made with one is encrypted from its first page.
    """
    exists = _look_before_opening(path, create=create, passphrase=passphrase)
    lock = FileLock(path.with_name(path.name + ".lock"))
    try:
        lock.acquire()
    except LockedError:
        raise JournalLockedError(
            f"{path.name} is open in another LeadCards window or program. Close it there "
            "first; only one may write a journal at a time."
        ) from None
    except OSError as exc:
        raise cannot_write(path, exc.strerror or str(exc)) from None
    _remove_left_over_copies(path)
    try:
        connection = _connect(path, backup_dir, exists=exists, passphrase=passphrase)
    except BaseException:
        if not exists:  # made by this call: nothing of it is kept
            for suffix in ("", "-wal", "-shm", "-journal"):
                with contextlib.suppress(OSError):
                    path.with_name(path.name + suffix).unlink()
        lock.release(remove=True)
        raise
    return connection, lock


def _connect(
    path: Path, backup_dir: Path | None, *, exists: bool, passphrase: Passphrase | None
) -> sqlite3.Connection:
    try:
        if exists:
            _check_writable(path)
        else:
            private_file(path)
    except OSError as exc:
        raise cannot_write(path, exc.strerror or str(exc)) from None
    connection = engine.connect(path, isolation_level=None, check_same_thread=False)
    try:
        cipher.apply_key(connection, passphrase)
        if exists and passphrase is not None:
            cipher.check_opens(connection, path)
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
        # What is deleted is overwritten, not left in free pages: a reflection deleted,
        # or a check-in round's answers dropped when it closes.
        connection.execute("PRAGMA secure_delete = ON")
        connection.execute("PRAGMA busy_timeout = 2000")
        if 0 < version < SCHEMA_VERSION and backup_dir is not None:
            backups.backup_connection(
                connection, backup_dir, path.stem, reason="before-upgrade", passphrase=passphrase
            )
        migrate(connection, version)
        canonicalise_uuids(connection)
        for suffix in ("", "-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if os.name == "posix" and side.is_file():
                side.chmod(0o600)
    except sqlite3.OperationalError as exc:
        connection.close()
        if is_write_failure(exc):
            raise cannot_write(path, str(exc)) from None
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


def _remove_left_over_copies(path: Path) -> None:
    """Remove what a change of key cut short left beside the journal (its lock is held):
    the journal is whole under the old key or the new one, and the copy may hold its text
    under neither (a plain copy of a journal being decrypted)."""
    with contextlib.suppress(OSError):
        for left in path.parent.glob(f".{glob_escape(path.name)}.rekey-*"):
            left.unlink(missing_ok=True)


def reconnect(path: Path, passphrase: Passphrase | None) -> sqlite3.Connection:
    """A new connection to a journal this process holds the lock of (after its file was
    replaced by a copy under another key), set up as :func:`connect` sets one up."""
    return _connect(path, None, exists=True, passphrase=passphrase)


def _look_before_opening(path: Path, *, create: bool, passphrase: Passphrase | None) -> bool:
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
        looks = cipher.kind(path)
    except OSError as exc:
        raise _cannot_read(path, exc.strerror or str(exc)) from None
    if looks is Kind.CUT_SHORT:
        raise JournalDamagedError(
            f"{path.name} is not a LeadCards journal: it is not an SQLite database, and it is "
            "not an encrypted journal either (it is not made of whole pages: cut short, or "
            "another kind of file). It has not been changed."
        )
    if looks is Kind.ENCRYPTED and passphrase is None:
        raise cipher.PassphraseNeededError(
            f"{path.name} is encrypted: its passphrase is needed to open it (or it is not a "
            "LeadCards journal at all)."
        )
    if looks is Kind.PLAIN and passphrase is not None:
        raise cipher.NotEncryptedError(
            f"{path.name} is not encrypted: it opens without a passphrase."
        )
    wal = path.with_name(path.name + "-wal")
    try:
        log = wal.is_file() and wal.stat().st_size > 0
    except OSError:
        log = False
    if looks is Kind.ENCRYPTED and not log:
        # Nothing to fold in: the connection that opens it reads and checks it before it
        # writes anything (one derivation of the key, not two).
        return True
    try:
        # The file alone, unless a log left by a crash must be read with it (a read-only
        # connection to a journal in WAL mode makes the -wal and -shm files if missing).
        reader = read_only(path, immutable=not log, passphrase=passphrase)
        try:
            version = reader.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in reader.execute("SELECT name FROM sqlite_master")}
            check = reader.execute("PRAGMA integrity_check").fetchone()[0] if log else "ok"
        finally:
            reader.close()
    except sqlite3.DatabaseError as exc:
        if not log or (isinstance(exc, sqlite3.OperationalError) and is_write_failure(exc)):
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


# A disk I/O error (SQLITE_IOERR) is the system's failure, not the file's: a full disk
# (SQLite often says "disk I/O error" for one), or its -shm that cannot be used (a pipe
# someone put there). Such a journal is never set aside as damaged.
_WRITE_FAILURES = (
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_IOERR,
)


def is_write_failure(exc: sqlite3.OperationalError) -> bool:
    """A journal that cannot be written (read-only, disk full, no access), as opposed to one
    that is damaged: the file is fine and must not be treated as broken."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _WRITE_FAILURES
    message = str(exc).lower()
    words = ("readonly", "read-only", "full", "unable to open", "disk i/o error")
    return any(word in message for word in words)


def cannot_write(path: Path, reason: str) -> JournalError:
    return JournalError(
        f"{path.name} cannot be written here ({reason}). Check that the file and its folder "
        "are yours, not read-only, and that the disk has room. It has not been changed."
    )


def _cannot_read(path: Path, reason: str) -> JournalError:
    return JournalError(f"{path.name} cannot be read ({reason}). It has not been changed.")


def explain(exc: sqlite3.OperationalError, path: Path) -> JournalError:
    message = str(exc).lower()
    if "full" in message:
        return JournalError(f"the disk holding {path.name} is full; nothing was saved")
    if "readonly" in message or "read-only" in message:
        return JournalError(f"{path.name} cannot be written (read-only); nothing was saved")
    if "locked" in message or "busy" in message:
        return JournalLockedError(f"{path.name} is busy in another program; try again")
    return JournalError(f"could not save to {path.name}: {exc}")
