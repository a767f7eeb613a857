"""Writing files the user asked for: atomically where that is safe, private where needed."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def write_text(target: Path, text: str, *, private: bool = False) -> None:
    """Write ``text`` as UTF-8 to ``target`` (as :func:`write_bytes` does)."""
    write_bytes(target, text.encode("utf-8"), private=private)


def write_bytes(target: Path, data: bytes, *, private: bool = False) -> None:
    """Write ``data`` to ``target``.

    A new file or an ordinary one is written through a temporary file in the same folder
    and renamed over it, so a failure never leaves half a file; with ``private`` it is
    readable by the user only (0600) from the first byte. Anything else the user names
    (a device such as /dev/stdout, a pipe, a symbolic link) is written to directly and
    never replaced; for a private file, a link to an ordinary file has that file replaced,
    readable by the user only.
    """
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        mode = None
    if private and mode is not None and stat.S_ISLNK(mode):
        # A private file named through a link: replace the file it points to, privately.
        real = target.resolve()
        if not real.exists() or stat.S_ISREG(real.stat().st_mode):
            write_bytes(real, data, private=True)
            return
    if mode is not None and not stat.S_ISREG(mode):
        with target.open("wb") as handle:
            handle.write(data)
        return
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    descriptor = os.open(
        temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o666
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if private and os.name == "posix":
            temporary.chmod(0o600)
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
