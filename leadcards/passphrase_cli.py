"""Passphrases of encrypted journals on the command line.

Never an argument (a command line is seen by every user of the machine and kept in shell
history): a prompt on the terminal, one line of standard input (``--passphrase-stdin``) or
the first line of a file (``--passphrase-file FILE``). A passphrase is asked for only when
the journal (or a backup, or an encrypted export) is encrypted.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from leadcards import paths
from leadcards.fileio import UserFileError, read_bytes, shown
from leadcards.journal.cipher import Passphrase, check_new
from leadcards.journal.model import JournalError
from leadcards.journal.service import JournalService

MAX_PASSPHRASE_BYTES = 64 * 1024  # a passphrase file or standard input holding passphrases


def options(parser_class: type[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """The options every command that opens a journal takes, as a parent parser."""
    parent = parser_class(add_help=False)
    group = parent.add_argument_group("encrypted journals")
    group.add_argument(
        "--passphrase-stdin",
        action="store_true",
        default=argparse.SUPPRESS,
        help="read the passphrase from standard input, one per line (for `journal rekey`: "
        "the current one, then the new one)",
    )
    group.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="read the passphrase from the first line of FILE",
    )
    return parent


class Passphrases:
    """Where this run's passphrases come from (see the module's doc)."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.file: Path | None = getattr(args, "passphrase_file", None)
        self.stdin = bool(getattr(args, "passphrase_stdin", False))
        if self.file is not None and self.stdin:
            raise UserFileError("give --passphrase-stdin or --passphrase-file, not both")
        self._lines: list[str] | None = None  # standard input's, not yet taken
        self._from_file: list[str] | None = None

    def __call__(self, path: Path) -> Passphrase:
        """The passphrase of the encrypted file at ``path``."""
        if self.file is not None:
            return _passphrase(self._file_lines()[0], f"the first line of {shown(self.file)}")
        if self.stdin:
            return _passphrase(self._next_line(), "standard input")
        if _interactive():
            return _passphrase(_prompt(f"Passphrase for {path.name}: "), "the prompt")
        raise JournalError(
            f"{path.name} is encrypted (or not a journal at all): give its passphrase with "
            "--passphrase-stdin or --passphrase-file FILE (never as an argument), or run the "
            "command in a terminal to be asked for it"
        )

    def new(self, what: str) -> Passphrase:
        """A new passphrase for ``what`` (a journal's name): from the next line of standard
        input, the second line of the passphrase file (the first for a plain journal being
        encrypted: ``first``), or typed twice at a prompt."""
        if self.stdin:
            return _checked(_passphrase(self._next_line(), "standard input"))
        if self.file is not None:
            lines = self._file_lines()
            return _checked(_passphrase(lines[-1], f"the last line of {shown(self.file)}"))
        if not _interactive():
            raise JournalError(
                "a new passphrase is read from --passphrase-stdin or --passphrase-file FILE, "
                "or typed at a prompt in a terminal"
            )
        first = _prompt(f"New passphrase for {what}: ")
        again = _prompt("The same again: ")
        if first != again:
            raise JournalError("the two passphrases differ; nothing has been changed")
        return _checked(_passphrase(first, "the prompt"))

    def _file_lines(self) -> list[str]:
        assert self.file is not None
        if self._from_file is not None:
            return self._from_file
        text = _text(read_bytes(self.file, limit=MAX_PASSPHRASE_BYTES, what="passphrase file"))
        lines = [line for line in _lines(text) if line]
        if not lines:
            raise JournalError(f"{shown(self.file)} holds no passphrase")
        self._from_file = lines
        return lines

    def _next_line(self) -> str:
        if self._lines is None:
            data = read_bytes("-", limit=MAX_PASSPHRASE_BYTES, what="passphrase")
            self._lines = _lines(_text(data))
        if not self._lines:
            raise JournalError("standard input holds no (more) passphrase")
        return self._lines.pop(0)


def _prompt(question: str) -> str:
    """A passphrase typed at the terminal, never echoed; none when input ends (Ctrl+D)."""
    try:
        return getpass.getpass(question)
    except EOFError:
        raise JournalError("no passphrase was typed (the input ended)") from None


def inputs(args: argparse.Namespace) -> list[Path]:
    """The files this run reads passphrases from (no output may replace them)."""
    found = getattr(args, "passphrase_file", None)
    return [found] if found is not None else []


def _lines(text: str) -> list[str]:
    """Lines ended by a line break (LF or CR LF) only: any other character, a space or a
    form feed, is part of a passphrase."""
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    return lines[:-1] if lines and lines[-1] == "" else lines


def _checked(passphrase: Passphrase) -> Passphrase:
    check_new(passphrase)
    return passphrase


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise JournalError("the passphrase is not UTF-8 text") from None


def _passphrase(text: str, where: str) -> Passphrase:
    try:
        return Passphrase(text)
    except JournalError as exc:
        raise JournalError(f"{exc} (read from {where})") from None


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def service_for(args: argparse.Namespace, resolved: paths.Paths) -> JournalService:
    """The journal service of this run, which asks for a passphrase as the run says."""
    return JournalService(resolved, ask=Passphrases(args))


def uses_stdin(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "passphrase_stdin", False))
