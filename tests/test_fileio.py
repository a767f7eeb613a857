"""The guarded writer and reader (leadcards/fileio.py), in-process; tests/test_hostile_cli.py
drives the same through the command line."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from leadcards import fileio
from leadcards.fileio import Keep, UserFileError, check_output, read_bytes, write_bytes
from leadcards.paths import Paths

posix = pytest.mark.skipif(os.name != "posix", reason="POSIX modes and special files")


@pytest.fixture
def keep(resolved_paths: Paths) -> Keep:
    journal = resolved_paths.default_journal
    journal.parent.mkdir(parents=True)
    journal.write_bytes(fileio.SQLITE_HEADER + b"\x00" * 100)
    return Keep.of(resolved_paths, journals=(journal,))


def test_a_new_file_is_written_whole_and_a_private_one_is_0600(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    write_bytes(target, b"%PDF data", private=True)
    assert target.read_bytes() == b"%PDF data"
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]  # no temporary left


def test_replacing_a_file_through_ones_own_link_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_bytes(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_the_temporary_file_is_never_one_someone_planted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep", encoding="utf-8")
    names = iter(["planted", "planted", "fresh"])
    monkeypatch.setattr(fileio, "_token", lambda: next(names))
    (tmp_path / ".out.pdf.planted.tmp").symlink_to(victim)
    write_bytes(tmp_path / "out.pdf", b"data")
    assert victim.read_text(encoding="utf-8") == "keep"
    assert (tmp_path / "out.pdf").read_bytes() == b"data"


@pytest.mark.parametrize(
    "name", ["journal.sqlite3", "journal.sqlite3-wal", "journal.sqlite3.lock", "config/x.ini"]
)
def test_files_leadcards_keeps_are_refused(keep: Keep, resolved_paths: Paths, name: str) -> None:
    with pytest.raises(UserFileError, match="LeadCards keeps"):
        check_output(resolved_paths.data_dir / name, keep)


def test_a_hard_link_to_the_journal_is_refused(keep: Keep, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere.pdf"
    os.link(keep.files[0], other)
    with pytest.raises(UserFileError, match="journal LeadCards keeps"):
        write_bytes(other, b"x", keep=keep)


def test_any_database_is_refused_wherever_it_is(tmp_path: Path) -> None:
    database = tmp_path / "someone.sqlite3"
    database.write_bytes(fileio.SQLITE_HEADER + b"rest")
    with pytest.raises(UserFileError, match="database"):
        write_bytes(database, b"x")
    with pytest.raises(UserFileError, match="working file"):
        write_bytes(tmp_path / "someone.sqlite3-wal", b"x")
    assert database.read_bytes() == fileio.SQLITE_HEADER + b"rest"


def test_an_input_of_the_command_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text("{}", encoding="utf-8")
    with pytest.raises(UserFileError, match="this command reads"):
        write_bytes(source, b"x", keep=Keep(inputs=(source,)))


def test_a_new_file_beside_user_decks_is_allowed_but_not_over_one(
    keep: Keep, resolved_paths: Paths
) -> None:
    decks = resolved_paths.decks_dir
    decks.mkdir(parents=True)
    (decks / "mine.json").write_text("{}", encoding="utf-8")
    with pytest.raises(UserFileError, match="reads from"):
        write_bytes(decks / "mine.json", b"x", keep=keep)
    write_bytes(decks / "new.json", b"{}", keep=keep)


@posix
def test_special_files_are_refused(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    for target in (pipe, Path("/dev/null"), tmp_path):
        with pytest.raises(UserFileError):
            write_bytes(target, b"x")
        with pytest.raises(UserFileError):
            read_bytes(target, limit=10)


def test_reading_is_bounded_and_checks_the_size_first(tmp_path: Path) -> None:
    source = tmp_path / "big"
    with source.open("wb") as handle:
        handle.truncate(10 * 1024**3)  # sparse: nothing is read to refuse it
    with pytest.raises(UserFileError, match="larger than 1 MB"):
        read_bytes(source, limit=1024**2)
    small = tmp_path / "small"
    small.write_bytes(b"12345")
    assert read_bytes(small, limit=5) == b"12345"
    with pytest.raises(UserFileError, match="larger than 4 bytes"):
        read_bytes(small, limit=4)


def test_a_missing_folder_is_a_failure_not_a_refusal(tmp_path: Path) -> None:
    with pytest.raises(UserFileError, match="does not exist") as caught:
        write_bytes(tmp_path / "no" / "x.pdf", b"x")
    assert caught.value.failed
    with pytest.raises(UserFileError) as refused:
        write_bytes(tmp_path, b"x")
    assert not refused.value.failed


def test_a_private_copy_is_removed_with_its_folder(tmp_path: Path) -> None:
    source = tmp_path / "backup.sqlite3"
    source.write_bytes(b"data")
    copy = fileio.copy_in(source, tmp_path / "inbox", limit=100)
    assert copy.name == "backup.sqlite3" and copy.read_bytes() == b"data"
    if os.name == "posix":
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    fileio.discard_copy(copy)
    assert list((tmp_path / "inbox").iterdir()) == []


@posix
def test_standard_output_by_name_is_written_for_any_user(monkeypatch: pytest.MonkeyPatch) -> None:
    """/dev/stdout is root's link: a user who is not root may still write through it."""
    monkeypatch.setattr(os, "geteuid", lambda: 4242)
    assert check_output("/dev/stdout") is None  # standard output, not a refusal


def test_a_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "keep.pdf"
    target.write_bytes(b"old")
    target.chmod(0o444)
    if os.access(target, os.W_OK):
        pytest.skip("this user may write anything (root)")
    with pytest.raises(UserFileError, match="read-only"):
        write_bytes(target, b"new")
    assert target.read_bytes() == b"old"


@posix
def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "mine.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_bytes(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640 and target.read_bytes() == b"new"


def test_a_name_the_system_would_not_resolve_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserFileError, match="names a folder"):
        write_bytes(f"{tmp_path}/newfile/", b"x")
    with pytest.raises(UserFileError, match="does not exist"):
        write_bytes(tmp_path / "missing" / ".." / "out.txt", b"x")
    assert not (tmp_path / "out.txt").exists()


@posix
def test_a_folder_swapped_for_a_link_between_check_and_write_is_refused(
    keep: Keep, resolved_paths: Paths, tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    destination = check_output(shared / "journal-copy.sqlite3", keep)
    assert destination is not None
    checked = destination.parent.stat()
    backups = resolved_paths.data_dir / "backups"
    backups.mkdir(parents=True)
    shared.rename(tmp_path / "shared-before")
    shared.symlink_to(backups)  # someone swaps the folder after the check
    with pytest.raises(OSError, match="folder changed"):
        fileio._replace(destination, b"clobbered", False, checked)
    assert list(backups.iterdir()) == []


def test_stale_private_copies_are_swept(tmp_path: Path) -> None:
    source = tmp_path / "backup.sqlite3"
    source.write_bytes(b"data")
    folder = tmp_path / "inbox"
    old = folder / ".incoming-left-behind"
    old.mkdir(parents=True)
    os.utime(old, (0, 0))
    copy = fileio.copy_in(source, folder, limit=100)
    assert not old.exists() and copy.exists()
    fileio.discard_copy(copy)
