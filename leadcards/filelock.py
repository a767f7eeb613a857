"""An exclusive lock on a file, held by the OS: freed when the holder exits, even by a kill."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import IO


class LockedError(Exception):
    """Another process holds the lock."""


def private_file(path: Path) -> None:
    """Create ``path`` if missing and make it readable and writable by the user only."""
    descriptor = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(descriptor)
    if os.name == "posix":
        path.chmod(0o600)


class FileLock:
    """An exclusive lock on ``path`` (created 0600), e.g. ``<journal>.lock``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: IO[str] | None = None

    def acquire(self) -> None:
        private_file(self.path)
        handle = self.path.open("r+", encoding="utf-8")
        try:
            _lock_handle(handle)
        except OSError:
            handle.close()
            raise LockedError(str(self.path)) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self.handle = handle

    def release(self) -> None:
        if self.handle is not None:
            with contextlib.suppress(OSError):
                _unlock_handle(self.handle)
            self.handle.close()
            self.handle = None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _lock_handle(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock_handle(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_handle(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock_handle(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
