"""Files a user points at: the one guarded way to write them and the one guarded way to
read them. Every command and every save or open dialog goes through here.

Writing (:func:`write_bytes`) refuses, in words, any path that is or resolves to a file
LeadCards keeps (a journal with its working files, backups, settings, logs, user decks) or
an input of the same command, compared by path after links are followed and by device and
inode, so links and hard links are caught too; it never writes over an SQLite database
(another journal, a backup) wherever it lies. The data goes to a temporary file created
exclusively, never through a link, in the target's folder, and is renamed over the target,
so a failure never leaves half a file. Private outputs are 0600 from the first byte.
``-`` is standard output; other special files (devices, pipes, sockets) are refused.

Reading (:func:`read_bytes`, :func:`copy_to_private`) takes regular files only (and
standard input where a command reads it by design), checks the size before reading and
reads with a bound, and never blocks on a pipe.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import stat
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from leadcards.paths import Paths, ensure_dir

STDIO = "-"
SQLITE_HEADER = b"SQLite format 3\x00"
JOURNAL_SIDES = ("-wal", "-shm", "-journal", ".lock")
_CHUNK = 1024 * 1024
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class UserFileError(Exception):
    """A file the user named that cannot be used as asked; the message says why, and
    ``reason`` says it without naming the file (for messages that name it already)."""

    def __init__(self, message: str, reason: str | None = None, *, failed: bool = False) -> None:
        super().__init__(message)
        self.reason = reason or message
        self.failed = failed  # the system failed (disk full, no access), not a refusal


@dataclass(frozen=True)
class Keep:
    """What a user-chosen output must never replace.

    ``files``: single files (a journal, a settings file), each with a journal's working
    files beside it. ``folders``: folders whose every file is LeadCards' own (backups,
    settings, logs). ``guarded``: folders whose existing files are the user's own
    (decks): a new file may go there, an existing one is never replaced. ``inputs``: the
    files the same command reads.
    """

    files: tuple[Path, ...] = ()
    folders: tuple[Path, ...] = ()
    guarded: tuple[Path, ...] = ()
    inputs: tuple[Path, ...] = field(default=())

    @classmethod
    def of(
        cls, resolved: Paths, journals: Iterable[Path] = (), inputs: Iterable[Path] = ()
    ) -> Keep:
        data = resolved.data_dir
        return cls(
            files=(resolved.default_journal, *journals),
            folders=(
                data / "backups",
                data / "damaged",
                resolved.config_dir,
                resolved.log_dir,
                resolved.cache_dir,
            ),
            guarded=(resolved.decks_dir,),
            inputs=tuple(inputs),
        )


NOTHING_KEPT = Keep()


def shown(target: Path | str) -> str:
    """A path as messages name it (standard output in words)."""
    return "standard output" if str(target) == STDIO else str(target)


# --------------------------------------------------------------------------- writing


def write_text(
    target: Path, text: str, *, private: bool = False, keep: Keep = NOTHING_KEPT
) -> None:
    """Write ``text`` as UTF-8 to ``target`` (as :func:`write_bytes` does)."""
    write_bytes(target, text.encode("utf-8"), private=private, keep=keep)


def write_bytes(
    target: Path | str, data: bytes, *, private: bool = False, keep: Keep = NOTHING_KEPT
) -> None:
    """Write ``data`` to ``target``, or to standard output for ``-``; raise
    :class:`UserFileError` with the reason for anything refused or failed."""
    destination = check_output(target, keep)
    if destination is None:
        _write_stdout(data)
        return
    try:
        folder = destination.parent.stat()  # the folder as checked: the write must land in it
        _replace(destination, data, private, folder)
    except OSError as exc:
        raise UserFileError(f"cannot write {target}: {_reason(exc)}", failed=True) from None


def write_json_document(target: Path | str, text: str, keep: Keep = NOTHING_KEPT) -> bool:
    """Write a JSON document (a deck, a plan) to ``target``, or to standard output for
    ``-`` with its control characters as ``\\uXXXX`` escapes (still the same JSON, never
    obeyed by a terminal). True when it went to a file."""
    to_file = str(target) != STDIO
    if not to_file:
        from leadcards.terminal import safe

        text = safe(text)
    write_bytes(target, text.encode("utf-8"), keep=keep)
    return to_file


def check_output(target: Path | str, keep: Keep = NOTHING_KEPT) -> Path | None:
    """Refuse ``target`` in words unless it may be written; return the real file to replace
    (links followed), or None for standard output. Call it before long work, so a mistake
    is named at once; :func:`write_bytes` checks again when it writes."""
    text = str(target)
    if text == STDIO:
        _check_stdout(keep)
        return None
    if not text or "\x00" in text:
        raise UserFileError("give a file name to write to")
    if text.endswith(("/", os.sep)):
        raise UserFileError(f"{text} names a folder; give a file name to write to")
    path = Path(os.path.expanduser(text))
    try:
        found = path.stat()  # through links, as the system resolves them
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise UserFileError(f"cannot write {text}: {_reason(exc)}", failed=True) from None
    if found is not None and _same_as_stdout(found):  # /dev/stdout, say
        _check_stdout(keep)
        return None
    planted = _planted_link(path)
    if planted is not None:
        raise UserFileError(
            f"{text} goes through {planted}, a link another user made in a shared folder; "
            "LeadCards does not write through it"
        )
    real = Path(os.path.realpath(path))
    if found is not None:
        if stat.S_ISDIR(found.st_mode):
            raise UserFileError(f"{text} is a folder; give a file name to write to")
        if not stat.S_ISREG(found.st_mode):
            raise UserFileError(
                f"{text} is not an ordinary file (a device, a pipe or a socket); "
                "give a file name to write to, or - for standard output"
            )
    _check_kept(text, real, found, keep)
    if not os.path.isdir(os.path.dirname(str(path)) or "."):  # as the system resolves it
        raise UserFileError(f"cannot write {text}: its folder does not exist", failed=True)
    if not real.parent.is_dir():
        raise UserFileError(
            f"cannot write {text}: the folder {real.parent} does not exist", failed=True
        )
    if found is not None and not os.access(real, os.W_OK):
        raise UserFileError(f"{text} is read-only; LeadCards does not replace it")
    return real


class ExistingFilesError(UserFileError):
    """Files a command would replace, which it does not unless the user says so;
    ``names`` lists them."""

    def __init__(self, message: str, names: tuple[str, ...]) -> None:
        super().__init__(message)
        self.names = names


def check_output_folder(target: Path | str, keep: Keep = NOTHING_KEPT) -> Path:
    """Refuse ``target`` in words unless it is a folder to write new files into (one that
    exists, or one to make in a folder that exists); return it with links followed. Each
    file written into it is checked again by :func:`write_into_folder`."""
    text = str(target)
    if not text or "\x00" in text:
        raise UserFileError("give a folder to write to")
    path = Path(os.path.expanduser(text))
    try:
        found = path.stat()
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise UserFileError(f"cannot write into {text}: {_reason(exc)}", failed=True) from None
    planted = _planted_link(path)
    if planted is not None:
        raise UserFileError(
            f"{text} goes through {planted}, a link another user made in a shared folder; "
            "LeadCards does not write through it"
        )
    if found is not None and not stat.S_ISDIR(found.st_mode):
        kind = "a file" if stat.S_ISREG(found.st_mode) else "a device, a pipe or a socket"
        raise UserFileError(f"{text} is {kind}, not a folder; give a folder to write into")
    real = Path(os.path.realpath(path))
    # Never a folder where a journal or one of its working files belongs (SQLite could not
    # make its log there), nor inside a folder LeadCards keeps.
    _check_kept(text, real, None, keep)
    for folder in keep.folders:
        if _same_path(real, folder) or _inside(real, folder):
            raise UserFileError(
                f"{text} is a folder LeadCards keeps its own files in ({folder}); "
                "write somewhere else"
            )
    for folder in keep.guarded:
        if _same_path(real, folder) or _inside(real, folder):
            raise UserFileError(
                f"{text} is the folder LeadCards reads decks from ({folder}); write somewhere else"
            )
    if found is None and not real.parent.is_dir():
        raise UserFileError(f"cannot write into {text}: its folder does not exist", failed=True)
    return real


def check_folder_names(
    target: Path | str, names: Sequence[str], *, keep: Keep = NOTHING_KEPT, overwrite: bool
) -> Path:
    """Refuse in words unless every one of ``names`` may be written into the folder
    ``target`` (see :func:`write_into_folder`); call it before long work."""
    folder = check_output_folder(target, keep)
    for name in names:
        if name != Path(name).name or name in ("", ".", ".."):
            raise UserFileError(f"{name!r} is not a plain file name")
    existing = tuple(name for name in names if os.path.lexists(folder / name))
    if existing and not overwrite:
        count = len(existing)
        raise ExistingFilesError(
            f"{count} file{'s' if count != 1 else ''} would be replaced in {target} "
            f"({existing[0]}{', …' if count > 1 else ''})",
            existing,
        )
    for name in existing:
        check_output(folder / name, keep)
    return folder


def write_into_folder(
    target: Path | str,
    files: Iterable[tuple[str, bytes]],
    names: Sequence[str],
    *,
    keep: Keep = NOTHING_KEPT,
    overwrite: bool = False,
) -> Path:
    """Write each ``(name, data)`` of ``files`` into the folder ``target`` (made if it is
    not there) through :func:`write_bytes`; ``names`` are every name ``files`` will give,
    checked before the first byte is made. A file already there is replaced only with
    ``overwrite`` (else :class:`ExistingFilesError`). If writing fails part-way, the files
    this call made new are removed again (and the folder, if it made it)."""
    folder = check_folder_names(target, names, keep=keep, overwrite=overwrite)
    made_folder = not folder.exists()
    if made_folder:
        try:
            os.mkdir(folder)  # never through a link: an existing name fails
        except OSError as exc:
            raise UserFileError(f"cannot make {target}: {_reason(exc)}", failed=True) from None
    made: list[Path] = []
    kept: list[tuple[Path, Path]] = []  # a file replaced, and its old content kept aside
    try:
        for name, data in files:
            path = folder / name
            new = not os.path.lexists(path)
            try:
                if not new and not overwrite:
                    raise FileExistsError(errno.EEXIST, "appeared", str(path))
                if not new:
                    kept.append((path, _keep_aside(path)))
                _replace(path, data, False, None, replace_existing=overwrite)
            except FileExistsError:
                raise UserFileError(
                    f"{path} appeared while the export was written; it was not replaced",
                    failed=True,
                ) from None
            except OSError as exc:
                raise UserFileError(f"cannot write {path}: {_reason(exc)}", failed=True) from None
            if new:
                made.append(path)
    except BaseException:
        for path in made:
            with contextlib.suppress(OSError):
                path.unlink()
        for path, aside in kept:  # all or nothing: the user's files come back
            with contextlib.suppress(OSError):
                os.replace(aside, path)
        if made_folder:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    for _, aside in kept:
        with contextlib.suppress(OSError):
            aside.unlink()
    return folder


def _keep_aside(path: Path) -> Path:
    """A second name for ``path``'s file as it is now (a hard link, or a copy where the
    file system has none), so a write that fails part-way can put it back."""
    aside = path.with_name(f".{path.name}.before-{secrets.token_hex(4)}")
    try:
        os.link(path, aside, follow_symlinks=False)
    except OSError:
        try:
            shutil.copy2(path, aside, follow_symlinks=False)
        except OSError as exc:
            raise UserFileError(
                f"cannot keep {path} safe while it is replaced: {_reason(exc)}", failed=True
            ) from None
    return aside


def _check_kept(text: str, real: Path, found: os.stat_result | None, keep: Keep) -> None:
    for kept in keep.inputs:
        if _same_path(real, kept) or (found is not None and _same_file(found, kept)):
            raise UserFileError(f"{text} is a file this command reads; write to another file name")
    for journal in keep.files:
        for part in (journal, *(_side(journal, s) for s in JOURNAL_SIDES)):
            if _same_path(real, part) or (found is not None and _same_file(found, part)):
                raise UserFileError(
                    f"{text} is a journal LeadCards keeps (or one of its working files); "
                    "write to another file name"
                )
    for folder in keep.folders:
        if _inside(real, folder) or (found is not None and _in_folder(found, folder, 2)):
            raise UserFileError(
                f"{text} is in a folder LeadCards keeps its own files in ({folder}); "
                "write somewhere else"
            )
    if found is not None:
        for folder in keep.guarded:
            if _same_path(real.parent, folder) or _in_folder(found, folder, 0):
                raise UserFileError(
                    f"{text} is a file LeadCards reads from {folder}; write to another file name"
                )
        if _looks_encrypted(real):
            raise UserFileError(
                f"{text} looks like an encrypted database (an encrypted LeadCards journal or "
                "backup, say); LeadCards never writes over one: write to another file name"
            )
        if _starts_with(real, SQLITE_HEADER):
            raise UserFileError(
                f"{text} is a database (a LeadCards journal or backup, say); LeadCards "
                "never writes over one: write to another file name"
            )
    for suffix in JOURNAL_SIDES:
        if real.name.endswith(suffix) and real.name != suffix:
            owner = real.with_name(real.name[: -len(suffix)])
            if _starts_with(owner, SQLITE_HEADER) or _looks_encrypted(owner):
                raise UserFileError(
                    f"{text} is a working file of the database {owner.name}; write to "
                    "another file name"
                )


def _planted_link(path: Path) -> Path | None:
    """A link on the way to ``path`` (the file itself included) that another user made in
    a folder anyone may write to (as /tmp): one the system itself would not follow there
    for a file, unless its owner is the folder's (root's /dev/stdout is fine)."""
    if os.name != "posix":
        return None
    current = Path(path.anchor) if path.is_absolute() else Path.cwd()
    for part in path.parts[1:] if path.is_absolute() else path.parts:
        step = current / part
        try:
            found = step.lstat()
        except OSError:
            return None  # the rest does not exist yet: nothing to follow
        if stat.S_ISLNK(found.st_mode):
            try:
                folder = current.stat()
            except OSError:
                return None
            shared = folder.st_mode & stat.S_IWOTH and folder.st_mode & stat.S_ISVTX
            if shared and found.st_uid not in (os.geteuid(), folder.st_uid):
                return step
            current = Path(os.path.realpath(step))
        else:
            current = step
    return None


def _replace(
    destination: Path,
    data: bytes,
    private: bool,
    checked: os.stat_result | None = None,
    *,
    replace_existing: bool = True,
) -> None:
    """Write a new file beside ``destination`` and rename it over it. On POSIX the folder
    is held open and checked to be the one looked at, and the new file is made and renamed
    within it, so nobody can swap the folder for a link to somewhere else meanwhile. The
    name itself is replaced, never followed (a link there is replaced, not its target).
    Unless ``replace_existing``, a file that appeared at the name meanwhile is kept and
    FileExistsError raised (the new file is linked in, which fails on an existing name)."""
    try:
        before = destination.stat()
    except FileNotFoundError:
        before = None
    if private:
        mode = 0o600
    elif before is not None:
        mode = stat.S_IMODE(before.st_mode)  # a file replaced keeps its permissions
    else:
        mode = 0o666 & ~_umask()
    folder = destination.parent
    if os.name != "posix" or os.open not in os.supports_dir_fd:
        _replace_by_name(destination, data, mode)
        return
    expected = checked or folder.stat()
    descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        held = os.fstat(descriptor)
        if (held.st_dev, held.st_ino) != (expected.st_dev, expected.st_ino):
            raise OSError(errno.EAGAIN, "the folder changed while the file was written")
        name = _write_temporary(folder, destination.name, data, mode, descriptor)
        try:
            if replace_existing:
                os.replace(name, destination.name, src_dir_fd=descriptor, dst_dir_fd=descriptor)
            else:
                _link_new(name, destination.name, descriptor)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=descriptor)
            raise
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _link_new(name: str, final: str, folder: int) -> None:
    """Give the written file ``name`` its ``final`` name in the folder held open, failing
    if that name exists (FileExistsError); where the file system has no links, the name
    is looked at just before the rename instead."""
    try:
        os.link(name, final, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError:
        try:
            os.stat(final, dir_fd=folder, follow_symlinks=False)
        except FileNotFoundError:
            os.replace(name, final, src_dir_fd=folder, dst_dir_fd=folder)
            return
        raise FileExistsError(errno.EEXIST, "the file exists", final) from None
    os.unlink(name, dir_fd=folder)


def _token() -> str:
    """A random part for a temporary name (no guessing it ahead to plant a link there)."""
    return os.urandom(8).hex()


def _remove_tree(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def _write_temporary(folder: Path, target: str, data: bytes, mode: int, held: int | None) -> str:
    """A new file beside ``target`` in ``folder`` (opened as ``held`` where the system
    allows), made by this call: never an existing file or a link someone planted. It is
    readable by the user only until complete, then given ``mode``; its name is returned.
    On any failure (Ctrl+C included) nothing is left behind."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        # Short whatever the target's name (a name may be 255 bytes; this stays under 200).
        name = f".{target[:40]}.{_token()}.tmp"
        where = name if held is not None else str(folder / name)
        try:
            descriptor = os.open(where, flags, 0o600, dir_fd=held)
        except FileExistsError:
            continue
        try:
            with os.fdopen(descriptor, "wb") as handle:
                if os.name == "posix":
                    os.fchmod(handle.fileno(), mode)
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(where, dir_fd=held)
            raise
        return name
    raise OSError(errno.EEXIST, "no free temporary name")


def _replace_by_name(destination: Path, data: bytes, mode: int) -> None:
    """:func:`_replace` where folders cannot be held open (Windows)."""
    temporary = destination.with_name(
        _write_temporary(destination.parent, destination.name, data, mode, None)
    )
    try:
        os.replace(temporary, destination)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    sync_folder(destination.parent)


def _umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux)."""
    with contextlib.suppress(OSError, ValueError, StopIteration):
        with open("/proc/self/status", encoding="ascii") as status:
            line = next(line for line in status if line.startswith("Umask:"))
        return int(line.split()[1], 8)
    current = os.umask(0o022)
    os.umask(current)
    return current


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable, as far as the system allows (POSIX; Windows has
    no folder to flush): a failure to flush is not one to report."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _check_stdout(keep: Keep) -> None:
    try:
        found = os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        return  # captured or closed: nothing on disk to protect
    for journal in keep.files:
        for part in (journal, *(_side(journal, s) for s in JOURNAL_SIDES)):
            if _same_file(found, part):
                raise UserFileError(
                    "standard output is a journal LeadCards keeps; write to another file"
                )
    if stat.S_ISREG(found.st_mode) and _fd_starts_with(sys.stdout.fileno(), SQLITE_HEADER):
        raise UserFileError("standard output is a database; LeadCards never writes over one")


def _write_stdout(data: bytes) -> None:
    if sys.stdout is None:
        raise UserFileError("standard output is closed; give -o FILE", failed=True)
    terminal = sys.stdout.isatty()
    if terminal and not _is_text(data):
        raise UserFileError(
            "standard output is a terminal; send it to a file (> FILE) or give -o FILE"
        )
    if terminal:  # shown, never obeyed: escape sequences in a reflection stay text
        from leadcards.terminal import safe

        data = safe(data.decode("utf-8")).encode("utf-8")
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise UserFileError(
            f"cannot write to standard output: {_reason(exc)}", failed=True
        ) from None


def _is_text(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not data.startswith(b"%PDF")


def _same_as_stdout(found: os.stat_result) -> bool:
    try:
        out = os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return (found.st_dev, found.st_ino) == (out.st_dev, out.st_ino)


# --------------------------------------------------------------------------- reading


def read_bytes(source: Path | str, *, limit: int, what: str = "file") -> bytes:
    """The whole of a user-chosen file (or of standard input for ``-``), at most ``limit``
    bytes; anything else is refused in words (:class:`UserFileError`)."""
    if str(source) == STDIO:
        if sys.stdin is None:
            raise UserFileError(f"standard input is closed, so there is no {what} to read")
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # replaced by a text stream (a test, an embedding program)
            return sys.stdin.read(limit + 1).encode("utf-8")[: limit + 1]
        return _bounded(stream, limit, "standard input", what)
    with _open_regular(source, limit, what) as handle:
        return _bounded(handle, limit, str(source), what)


def copy_to_private(source: Path | str, target: Path, *, limit: int, what: str = "file") -> None:
    """Copy a user-chosen regular file to the new file ``target`` (0600), reading at most
    ``limit`` bytes: for files another library opens by name (an SQLite backup), so it
    reads a private copy that cannot change or turn into a pipe under it."""
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    except OSError as exc:
        raise _cannot_copy(source, target, exc) from None
    try:
        with os.fdopen(descriptor, "wb") as out, _open_regular(source, limit, what) as handle:
            copied = 0
            while chunk := handle.read(_CHUNK):
                copied += len(chunk)
                if copied > limit:
                    raise _too_large(str(source), limit, what)
                try:
                    out.write(chunk)
                    out.flush()
                except OSError as exc:
                    raise _cannot_copy(source, target, exc) from None
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _cannot_copy(source: Path | str, target: Path, exc: OSError) -> UserFileError:
    return UserFileError(
        f"cannot make a private copy of {source} in {target.parent.parent}: {_reason(exc)}",
        failed=True,
    )


def copy_in(source: Path | str, folder: Path, *, limit: int, what: str = "file") -> Path:
    """A private copy of a user-chosen file, under its own name in a new private folder
    inside ``folder``; give it back to :func:`discard_copy` when done."""
    ensure_dir(folder)
    _sweep(folder)
    import tempfile  # only for a private copy: not at start-up

    inbox = Path(tempfile.mkdtemp(prefix=".incoming-", dir=folder))
    copy = inbox / (Path(str(source)).name or "file")
    try:
        copy_to_private(source, copy, limit=limit, what=what)
    except BaseException:
        _remove_tree(inbox)
        raise
    return copy


def _sweep(folder: Path, older_than: float = 3600) -> None:
    """Remove private copies an app that was stopped left behind (an hour old or more)."""
    now = time.time()
    with contextlib.suppress(OSError):
        for left in folder.glob(".incoming-*"):
            with contextlib.suppress(OSError):
                if left.is_dir() and now - left.stat().st_mtime > older_than:
                    _remove_tree(left)


def discard_copy(copy: Path) -> None:
    """Remove a copy made by :func:`copy_in`, with its folder."""
    if copy.parent.name.startswith(".incoming-"):
        _remove_tree(copy.parent)


@contextlib.contextmanager
def _open_regular(source: Path | str, limit: int, what: str) -> Iterator[BinaryIO]:
    text = str(source)
    if not text or "\x00" in text:
        raise UserFileError(f"give the {what} to read")
    path = os.path.expanduser(text)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    if os.name != "posix":  # no O_NONBLOCK: look before opening
        with contextlib.suppress(OSError):
            if not stat.S_ISREG(os.stat(path).st_mode):
                raise _not_regular(text, os.stat(path), what)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise UserFileError(f"{text}: no such file", "no such file") from None
    except IsADirectoryError:
        raise UserFileError(f"{text} is a folder, not a {what}", "it is a folder") from None
    except OSError as exc:
        reason = f"cannot read it: {_reason(exc)}"
        raise UserFileError(f"cannot read {text}: {_reason(exc)}", reason) from None
    try:
        found = os.fstat(descriptor)
        if not stat.S_ISREG(found.st_mode):
            raise _not_regular(text, found, what)
        if found.st_size > limit:
            raise _too_large(text, limit, what)
        if os.name == "posix":
            os.set_blocking(descriptor, True)
    except BaseException:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb", buffering=0) as handle:
        try:
            yield handle
        except OSError as exc:
            reason = f"cannot read it: {_reason(exc)}"
            raise UserFileError(f"cannot read {text}: {_reason(exc)}", reason) from None


def _bounded(handle: BinaryIO, limit: int, name: str, what: str) -> bytes:
    try:
        data = handle.read(limit + 1)
    except OSError as exc:
        reason = f"cannot read it: {_reason(exc)}"
        raise UserFileError(f"cannot read {name}: {_reason(exc)}", reason) from None
    if len(data) > limit:
        raise _too_large(name, limit, what)
    return data


def _not_regular(text: str, found: os.stat_result, what: str) -> UserFileError:
    if stat.S_ISDIR(found.st_mode):
        return UserFileError(f"{text} is a folder, not a {what}", "it is a folder")
    reason = "it is not an ordinary file (a device, a pipe or a socket), so it is not read"
    return UserFileError(f"{text}: {reason}", reason)


def _too_large(name: str, limit: int, what: str) -> UserFileError:
    reason = f"it is larger than {_size(limit)}, the most LeadCards reads as a {what}"
    return UserFileError(f"{name}: {reason}", reason)


def _size(count: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if count >= scale:
            return f"{count / scale:g} {unit}"
    return f"{count} bytes"


# --------------------------------------------------------------------------- helpers


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _real(path: Path) -> Path:
    return Path(os.path.realpath(os.path.expanduser(path)))


def _same_path(real: Path, other: Path) -> bool:
    return os.path.normcase(real) == os.path.normcase(_real(other))


def _inside(real: Path, folder: Path) -> bool:
    base = os.path.normcase(_real(folder))
    return os.path.normcase(real).startswith(base.rstrip(os.sep) + os.sep)


def _same_file(found: os.stat_result, other: Path) -> bool:
    try:
        known = other.stat()
    except (OSError, ValueError):
        return False
    return (found.st_dev, found.st_ino) == (known.st_dev, known.st_ino)


def _in_folder(found: os.stat_result, folder: Path, depth: int) -> bool:
    """Whether ``found`` is (a hard link to) a file in ``folder``, looking ``depth``
    folders down."""
    try:
        children = list(folder.iterdir())
    except OSError:
        return False
    for child in children:
        try:
            if child.is_symlink():  # a deck loaded through a link: its target is kept
                if child.is_file() and _same_file(found, child):
                    return True
                continue
            if child.is_dir():
                if depth > 0 and _in_folder(found, child, depth - 1):
                    return True
            elif _same_file(found, child):
                return True
        except OSError:
            continue
    return False


def is_database(path: Path) -> bool:
    """Whether ``path`` is an SQLite database (a journal or a backup, say)."""
    return _starts_with(path, SQLITE_HEADER)


_KNOWN_BINARY = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\x1f\x8b", b"\xff\xd8\xff", b"GIF8")


def _looks_encrypted(path: Path) -> bool:
    """Whether ``path`` may be an encrypted database (an SQLCipher journal or backup): a
    regular file of whole 4 KiB pages whose first page is indistinguishable from random
    bytes (nearly every byte value, none much more often than chance) and that opens
    with no header a common file format starts with. Errs toward yes: a file kept from
    being replaced can be written under another name; a journal replaced is lost."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size < 4096 or info.st_size % 4096:
            return False
        page = os.pread(descriptor, 4096, 0) if hasattr(os, "pread") else b""
    except OSError:
        return False
    finally:
        os.close(descriptor)
    if len(page) < 4096 or page.startswith((SQLITE_HEADER, *_KNOWN_BINARY)):
        return False
    counts = [0] * 256
    for byte in page:
        counts[byte] += 1
    return sum(1 for c in counts if c) >= 220 and max(counts) <= 48


def _starts_with(path: Path, header: bytes) -> bool:
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        return stat.S_ISREG(os.fstat(descriptor).st_mode) and _fd_starts_with(descriptor, header)
    except OSError:
        return False
    finally:
        os.close(descriptor)


def _fd_starts_with(descriptor: int, header: bytes) -> bool:
    """Whether an open regular file begins with ``header`` (its offset left as it was)."""
    try:
        if hasattr(os, "pread"):
            return os.pread(descriptor, len(header), 0) == header
        with open(os.dup(descriptor), "rb") as handle:  # pragma: no cover - Windows
            handle.seek(0)
            return handle.read(len(header)) == header
    except OSError:
        return False
