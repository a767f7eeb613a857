"""Encrypted journals: the passphrase, how a file is told to be encrypted, and copies of a
journal under another key.

An encrypted journal is an SQLCipher 4 file with SQLCipher's default settings: the key is
derived from the passphrase with PBKDF2-HMAC-SHA512 (256,000 rounds, a random salt kept in
the file's first 16 bytes), and every page, of the file and of its write-ahead log, is
AES-256 encrypted and authenticated. No key or passphrase is kept on disk. A recovery key,
written only when the user asks, is the derived key itself: it opens the file without the
passphrase (and no longer does once the passphrase is changed, which makes a new file with
a new salt).
"""

from __future__ import annotations

import enum
import hashlib
import os
import re
import secrets
import stat
from pathlib import Path

from leadcards.journal.engine import CAN_ENCRYPT, sqlite3
from leadcards.journal.model import JournalError

_SQLITE_HEADER = b"SQLite format 3\x00"
KDF_ROUNDS = 256_000  # SQLCipher 4's default (PRAGMA kdf_iter)
KEY_BYTES = 32
SALT_BYTES = 16
MAX_PASSPHRASE_CHARS = 1024
_RECOVERY = re.compile(r"^LCRK(?:-?[0-9A-F]{8}){8}$")
_RAW = re.compile(r"^x'[0-9a-f]*'$", re.IGNORECASE)  # SQLCipher would take it as a raw key


class PassphraseNeededError(JournalError):
    """The journal is encrypted and no passphrase was given."""


class WrongPassphraseError(JournalError):
    """The passphrase does not open the file (or the file is not an encrypted journal)."""


class NotEncryptedError(JournalError):
    """A passphrase was given for a journal that is not encrypted."""


class Passphrase:
    """A journal's passphrase (or a recovery key typed in its place). Its text is never
    shown: not by ``repr``, so not in a log or a traceback."""

    __slots__ = ("_salt", "_text")

    def __init__(self, text: str) -> None:
        if not text:
            raise JournalError("the passphrase is empty")
        if "\x00" in text:
            raise JournalError("the passphrase holds a NUL character, which cannot be used")
        if len(text) > MAX_PASSPHRASE_CHARS:
            raise JournalError(f"the passphrase is longer than {MAX_PASSPHRASE_CHARS:,} characters")
        if _RAW.match(text):
            raise JournalError(
                "a passphrase written x'…' in hexadecimal cannot be used (SQLCipher would "
                "take it as a key, not a passphrase)"
            )
        self._text = text
        self._salt: bytes | None = None

    def __repr__(self) -> str:
        return "Passphrase(<withheld>)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Passphrase) and secrets.compare_digest(
            self._text.encode("utf-8"), other._text.encode("utf-8")
        )

    def __hash__(self) -> int:
        return hash(type(self))

    @property
    def is_recovery_key(self) -> bool:
        return _RECOVERY.match(self._text.strip().upper()) is not None

    @classmethod
    def derived(cls, recovery: str, salt: bytes) -> Passphrase:
        """The key a passphrase derives for a file with ``salt`` (its recovery key), to
        key a new file with that salt too: a journal's backups are made so, so that the
        journal's passphrase and its recovery key open them both, and no backup pays for
        a derivation of its own."""
        made = cls(recovery)
        made._salt = salt
        return made

    def pragma(self) -> str:
        """The value of SQLCipher's ``PRAGMA key`` for this passphrase: a quoted string
        (SQLCipher derives the key from it), or the raw key of a recovery key (with the
        salt of the file it was derived for, when a new file is to have it)."""
        if self.is_recovery_key:
            raw = self._text.strip().upper().replace("-", "")[4:]
            if self._salt is not None:
                raw += self._salt.hex().upper()
            return f"\"x'{raw}'\""
        return "'" + self._text.replace("'", "''") + "'"

    def text(self) -> str:
        return self._text

    @property
    def salt(self) -> bytes | None:
        return self._salt

    def attach_key(self) -> str:
        """The key for ``ATTACH … KEY ?``: the passphrase, or a derived key written as
        SQLCipher reads a raw one."""
        value = self.pragma()
        return value[1:-1] if self.is_recovery_key else self._text


MIN_NEW_PASSPHRASE_CHARS = 8


def check_new(passphrase: Passphrase) -> None:
    """Refuse, in words, a new passphrase too weak to choose: a recovery key (it only
    opens a journal), fewer than 8 characters, or white space alone."""
    text = passphrase.text()
    if passphrase.is_recovery_key:
        raise JournalError("a recovery key only opens a journal: choose a new passphrase")
    if not text.strip():
        raise JournalError("the passphrase is only spaces: choose one with words in it")
    if len(text) < MIN_NEW_PASSPHRASE_CHARS:
        raise JournalError(
            f"the passphrase is shorter than {MIN_NEW_PASSPHRASE_CHARS} characters: a few "
            "words you will remember are both stronger and easier"
        )


class Kind(enum.Enum):
    PLAIN = "plain"  # an SQLite database (a journal, or not)
    ENCRYPTED = "encrypted"  # whole pages of what looks like ciphertext: a passphrase may open it
    CUT_SHORT = "cut short"  # not whole pages: cut short, or not a database at all
    EMPTY = "empty"


def kind(path: Path) -> Kind:
    """What a file looks like before any passphrase is tried, reading only its size and
    first bytes (never waiting on a pipe). An encrypted journal cannot be told from random
    bytes until a passphrase opens it: a file of whole 4 KiB pages that is not an SQLite
    database is ``ENCRYPTED``. Raises OSError if the file cannot be read."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise IsADirectoryError(f"{path.name} is not a regular file")
        header = os.read(descriptor, len(_SQLITE_HEADER))
    finally:
        os.close(descriptor)
    if info.st_size == 0:
        return Kind.EMPTY
    if header == _SQLITE_HEADER:
        return Kind.PLAIN
    if info.st_size < 4096 or info.st_size % 4096:
        return Kind.CUT_SHORT
    return Kind.ENCRYPTED


def is_encrypted(path: Path) -> bool:
    """True for a file that needs a passphrase to open (see :func:`kind`)."""
    try:
        return kind(path) is Kind.ENCRYPTED
    except OSError:
        return False


def need_sqlcipher() -> None:
    if not CAN_ENCRYPT:
        raise JournalError(
            "this installation of LeadCards cannot use encrypted journals: the sqlcipher3 "
            "package is not installed"
        )


def apply_key(connection: sqlite3.Connection, passphrase: Passphrase | None) -> None:
    """Key a new connection (before anything is read through it); nothing for a plain one.
    Temporary tables and indexes are kept in memory, never in a temporary file."""
    if passphrase is None:
        return
    need_sqlcipher()
    connection.execute(f"PRAGMA key = {passphrase.pragma()}")
    connection.execute("PRAGMA temp_store = MEMORY")


def wrong_passphrase(path: Path, what: str = "an encrypted LeadCards journal") -> JournalError:
    return WrongPassphraseError(
        f"the passphrase does not open {path.name}: either it is not the passphrase, or the "
        f"file is not {what}. Nothing has been changed."
    )


def is_not_a_database(exc: BaseException) -> bool:
    """SQLite's "file is not a database": what a wrong key (or random bytes) reads as."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return bool(code & 0xFF == 26)  # SQLITE_NOTADB
    return "not a database" in str(exc)


def check_opens(connection: sqlite3.Connection, path: Path) -> None:
    """Raise :class:`WrongPassphraseError` unless the keyed ``connection`` reads its file."""
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        if is_not_a_database(exc):
            raise wrong_passphrase(path) from None
        raise


def recovery_key(path: Path, passphrase: Passphrase) -> str:
    """The key SQLCipher derives from ``passphrase`` for the encrypted file at ``path``,
    written in groups to copy by hand: it opens that file in place of the passphrase."""
    if passphrase.is_recovery_key:
        raw = passphrase.text().strip().upper().replace("-", "")[4:]
    else:
        with path.open("rb") as handle:
            salt = handle.read(SALT_BYTES)
        derived = hashlib.pbkdf2_hmac(
            "sha512", passphrase.text().encode("utf-8"), salt, KDF_ROUNDS, KEY_BYTES
        )
        raw = derived.hex().upper()
    return "LCRK-" + "-".join(raw[i : i + 8] for i in range(0, len(raw), 8))


def export_copy(source: sqlite3.Connection, target: Path, passphrase: Passphrase | None) -> None:
    """Write the whole database of ``source`` to a new file at ``target`` (which must not
    exist), encrypted with ``passphrase`` (plain with None), its format version kept.
    SQLCipher's ``sqlcipher_export`` writes every table, index, trigger and the full-text
    index afresh; the file is flushed to disk before this returns."""
    need_sqlcipher()
    if passphrase is not None and passphrase.is_recovery_key and passphrase.salt is None:
        raise JournalError("a recovery key only opens a journal: choose a new passphrase")
    version = int(source.execute("PRAGMA user_version").fetchone()[0])
    descriptor = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(descriptor)
    key = "" if passphrase is None else passphrase.attach_key()
    try:
        source.execute("ATTACH DATABASE ? AS leadcards_copy KEY ?", (str(target), key))
        try:
            source.execute("SELECT sqlcipher_export('leadcards_copy')")
            source.execute(f"PRAGMA leadcards_copy.user_version = {version}")
        finally:
            source.execute("DETACH DATABASE leadcards_copy")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    _flush(target)


def _flush(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def partial_name(path: Path, what: str) -> Path:
    """A private working name beside ``path`` for a copy being made (never a name a backup
    or a journal has)."""
    return path.with_name(f".{path.name}.{what}-{secrets.token_hex(4)}")
