"""Crash reports that hold no user data.

A report keeps what a developer needs to find the fault: LeadCards' version, Python and
the platform, the command's shape (its commands and option names, never their values),
and every exception's type with its stack (files within their package, line numbers,
function names and the source lines of code). It never keeps an exception's message, an
argument's value or a path the user named: messages from SQLite or reportlab quote the
text they choked on, and a path can name a client (``--journal ~/clients/Jane.sqlite3``).
Each report has a name of its own and is readable by the user only (0600).
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import secrets
import sys
import traceback
from collections.abc import Collection, Sequence
from pathlib import Path

from leadcards import __version__
from leadcards.paths import ensure_dir

WITHHELD = "<value>"


def command_shape(
    argv: Sequence[str], words: Collection[str], free: Collection[str] = ()
) -> list[str]:
    """``argv`` with every word that is not one of ``words`` (the commands, option names
    and fixed choices LeadCards knows) replaced by a placeholder, and the value of every
    option in ``free`` (those that take the user's own words: ``--tag``, ``--text``)
    withheld whatever it spells: ``--tag export`` keeps ``--tag``, ``--tag=x`` keeps
    ``--tag=``."""
    shape = []
    hide = False
    for word in argv:
        name, equals, _ = word.partition("=")
        if hide:
            shape.append(WITHHELD)
            hide = False
        elif word in words:
            shape.append(word)
            hide = word in free
        elif equals and name in words:
            shape.append(f"{name}={WITHHELD}")
        else:
            shape.append(WITHHELD)
            # An option spelt short (``--te`` for ``--text``, as argparse allows) may take
            # a value: whatever follows is withheld too.
            hide = word.startswith("-") and not equals
    return shape


def describe(exc: BaseException) -> str:
    """Every exception in the chain, oldest first: its type and stack, no message."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    parts = []
    for number, item in enumerate(reversed(chain)):
        if number:
            parts.append("\nwhich led to\n\n")
        parts.append("Traceback (most recent call last):\n")
        for frame in traceback.extract_tb(item.__traceback__):
            parts.append(
                f'  File "{_short(frame.filename)}", line {frame.lineno}, in {frame.name}\n'
            )
            if frame.line:
                parts.append(f"    {frame.line.strip()}\n")
        kind = type(item)
        parts.append(f"{kind.__module__}.{kind.__qualname__} (message withheld)\n")
    return "".join(parts)


def _short(filename: str) -> str:
    """A source file's name from its package down (``leadcards/cli.py``,
    ``reportlab/platypus/paragraph.py``): where it is installed can name the user."""
    parts = Path(filename).parts
    for marker in ("site-packages", "dist-packages"):
        if marker in parts:
            return "/".join(parts[len(parts) - parts[::-1].index(marker) :])
    if "leadcards" in parts:
        return "/".join(parts[len(parts) - 1 - parts[::-1].index("leadcards") :])
    stdlib = os.path.dirname(os.__file__)
    if filename.startswith(stdlib):
        return "python/" + os.path.relpath(filename, stdlib).replace(os.sep, "/")
    return Path(filename).name


def write_report(
    folder: Path,
    exc: BaseException,
    shape: Sequence[str],
    *,
    now: dt.datetime | None = None,
) -> Path | None:
    """Write a report of ``exc`` in ``folder``; None if it could not be written."""
    moment = now or dt.datetime.now()
    body = (
        f"LeadCards {__version__}, Python {platform.python_version()}, {sys.platform}\n"
        f"command: {' '.join(shape)}\n\n{describe(exc)}"
    )
    try:
        ensure_dir(folder)
        for _ in range(100):
            name = f"crash-{moment:%Y%m%d-%H%M%S}-{os.getpid()}-{secrets.token_hex(3)}.txt"
            report = folder / name
            try:
                descriptor = os.open(
                    report,
                    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                    0o600,
                )
            except FileExistsError:
                continue
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                if os.name == "posix":
                    os.fchmod(handle.fileno(), 0o600)
                handle.write(body)
            return report
    except OSError:
        return None
    return None
