"""An exclusive lock on a file, held by the OS: freed when the holder exits, even by a kill."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path

# Opening a named pipe waits for a writer unless told not to; on a regular file the flag
# changes nothing.
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class LockedError(Exception):
    """Another process holds the lock."""


def private_file(path: Path) -> None:
    """Create ``path`` if missing and make it readable and writable by the user only.
    Anything but a regular file (a pipe, a device, a folder) raises OSError, untouched."""
    descriptor = os.open(path, os.O_CREAT | os.O_RDWR | _NONBLOCK, 0o600)
    try:
        _private(descriptor, path)
    finally:
        os.close(descriptor)


def _private(descriptor: int, path: Path) -> None:
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        raise OSError(f"{path.name} is not a regular file")
    if os.name == "posix":
        os.fchmod(descriptor, 0o600)


class FileLock:
    """An exclusive lock on ``path`` (created 0600), e.g. ``<journal>.lock``.

    ``release(remove=True)`` takes the file away again if this lock made it (a journal
    that was refused leaves no lock file behind). Another process that opened the file
    just before it went notices, after locking, that the name no longer leads to what it
    locked, and tries again with the new file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._descriptor: int | None = None
        self.created = False

    def acquire(self) -> None:
        for _ in range(20):
            descriptor, created = self._open()
            try:
                _private(descriptor, self.path)
                try:
                    _lock(descriptor)
                except OSError:
                    raise LockedError(str(self.path)) from None
            except BaseException:
                os.close(descriptor)
                raise
            if self._still_named(descriptor):
                break
            with contextlib.suppress(OSError):
                _unlock(descriptor)
            os.close(descriptor)
        else:
            raise LockedError(str(self.path))
        os.ftruncate(descriptor, 0)
        os.lseek(descriptor, 0, os.SEEK_SET)
        os.write(descriptor, f"{os.getpid()}\n".encode())
        self._descriptor = descriptor
        self.created = created

    def _open(self) -> tuple[int, bool]:
        try:
            flags = os.O_CREAT | os.O_EXCL | os.O_RDWR | _NONBLOCK
            return os.open(self.path, flags, 0o600), True
        except FileExistsError:
            return os.open(self.path, os.O_RDWR | _NONBLOCK), False

    def _still_named(self, descriptor: int) -> bool:
        try:
            named, held = os.stat(self.path), os.fstat(descriptor)
        except OSError:
            return False
        return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)

    def release(self, *, remove: bool = False) -> None:
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is None:
            return
        remove = remove and self.created
        if remove and os.name == "posix":  # while still held, so no one locks it meanwhile
            with contextlib.suppress(OSError):
                self.path.unlink()
        with contextlib.suppress(OSError):
            _unlock(descriptor)
        os.close(descriptor)
        if remove and os.name != "posix":  # pragma: no cover - an open file cannot go there
            with contextlib.suppress(OSError):
                self.path.unlink()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _lock(descriptor: int) -> None:
        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
