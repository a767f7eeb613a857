"""The SQLite every journal connection goes through.

SQLCipher's, from the ``sqlcipher3`` package: it reads and writes a plain journal exactly
as SQLite does, and an encrypted one once it is given the passphrase (see
:mod:`leadcards.journal.cipher`). One library for every journal file keeps one set of
errors to catch and one SQLite in the process (two copies of SQLite in one process do not
see each other's locks on a file). Where ``sqlcipher3`` is not installed (a platform it has
no wheel for), the standard library's SQLite is used and journals cannot be encrypted.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3 as sqlite3  # the same interface (sqlcipher3 is a fork of it)
else:
    try:
        from sqlcipher3 import dbapi2 as sqlite3
    except ImportError:  # pragma: no cover - the dependency is installed everywhere tested
        import sqlite3

CAN_ENCRYPT: bool = sqlite3.__name__ != "sqlite3"


def connect(target: str | os.PathLike[str], **options: object) -> sqlite3.Connection:
    """A connection to ``target`` (a path or a ``file:`` URI with ``uri=True``) through
    this SQLite, with SQLCipher's own log kept off the terminal (a wrong passphrase is
    said once, in words, by the caller; SQLCipher would also print its HMAC errors)."""
    connection = sqlite3.connect(target, **options)  # type: ignore[call-overload]
    if CAN_ENCRYPT:
        connection.execute("PRAGMA cipher_log_level = NONE")
    return connection  # type: ignore[no-any-return]
