"""A journal that cannot be written (read-only, disk full) is reported plainly and never
treated as damaged; nothing is lost and saving works again once the cause is gone."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from leadcards.journal.model import JournalDamagedError, JournalError
from leadcards.journal.store import Journal

ROOT = Path(__file__).resolve().parents[1]
NOBODY = 65534


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with Journal.open(tmp_path / "journal.sqlite3") as opened:
        yield opened


def _limit_pages(journal: Journal, extra: int) -> None:
    """Let the database grow by ``extra`` pages only: SQLite then fails exactly as it does on
    a full disk (SQLITE_FULL)."""
    pages = journal._db.execute("PRAGMA page_count").fetchone()[0]
    journal._db.execute(f"PRAGMA max_page_count = {pages + extra}")


def test_a_full_disk_saves_nothing_says_so_and_recovers(journal: Journal) -> None:
    kept = journal.add_entry("written before the disk filled")
    _limit_pages(journal, 0)
    with pytest.raises(JournalError, match="full; nothing was saved"):
        journal.add_entry("a long reflection " * 20_000)
    with pytest.raises(JournalError, match="full"):
        journal.save_draft("behaviours/trust", "draft " * 20_000)
    assert journal.count() == 1
    assert journal.entry(kept.uuid) == kept
    assert journal.integrity_ok()
    _limit_pages(journal, 100_000)
    journal.add_entry("a long reflection " * 20_000)
    assert journal.count() == 2


def test_a_journal_that_turns_read_only_saves_nothing_and_says_so(journal: Journal) -> None:
    journal.add_entry("before")
    journal._db.execute("PRAGMA query_only = 1")
    with pytest.raises(JournalError, match="read-only"):
        journal.add_entry("after")
    journal._db.execute("PRAGMA query_only = 0")
    assert [entry.text for entry in journal.entries()] == ["before"]


# --------------------------------------------------------------------------- read-only files
#
# Permissions mean nothing to root, so when the tests run as root the opening is done by a
# child process running as "nobody"; otherwise the child runs as the current user.

OPEN_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from leadcards.journal.model import JournalDamagedError, JournalError
    from leadcards.journal.store import Journal
    try:
        Journal.open(Path(sys.argv[1])).close()
    except JournalDamagedError as exc:
        print("DAMAGED", exc)
    except JournalError as exc:
        print("REFUSED", exc)
    else:
        print("OPENED")
    """
)


def _child_user() -> dict[str, int]:
    return {"user": NOBODY, "group": NOBODY} if os.geteuid() == 0 else {}


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder the child process (perhaps another user) can reach."""
    top = Path(tempfile.mkdtemp(prefix="leadcards-ro-"))
    top.chmod(0o755)
    yield top
    for folder in [top, *top.rglob("*")]:
        if folder.is_dir():
            folder.chmod(0o755)
    shutil.rmtree(top)


def _child_python() -> str | None:
    """An interpreter the child user may run that can import the core (stdlib only): ours,
    or the system's when ours sits in a folder only we can read."""
    for candidate in (sys.executable, shutil.which("python3.11"), "/usr/bin/python3"):
        if not candidate:
            continue
        try:
            probe = subprocess.run(
                [candidate, "-c", "import leadcards.journal.store"],
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                capture_output=True,
                check=False,
                **_child_user(),
            )
        except OSError:
            continue
        if probe.returncode == 0:
            return candidate
    return None


def _run_child(path: Path) -> str:
    python = _child_python()
    if python is None:
        pytest.skip("no Python this test can run as another user here")
    done = subprocess.run(
        [python, "-c", OPEN_SCRIPT, str(path)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
        **_child_user(),
    )
    return done.stdout.strip()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize(
    ("file_mode", "folder_mode"),
    [(0o400, 0o755), (0o600, 0o555), (0o400, 0o555)],
    ids=["file-read-only", "folder-read-only", "both-read-only"],
)
def test_a_read_only_journal_is_refused_plainly_and_left_untouched(
    shared_folder: Path, file_mode: int, folder_mode: int
) -> None:
    folder = shared_folder / "journals"
    folder.mkdir()
    path = folder / "client.sqlite3"
    with Journal.open(path) as journal:
        journal.add_entry("a reflection that must survive")
    for extra in folder.iterdir():
        if extra != path:
            extra.unlink()
    if os.geteuid() == 0:
        for item in (folder, path):
            os.chown(item, NOBODY, NOBODY)
    before = _digest(path)
    path.chmod(file_mode)
    folder.chmod(folder_mode)

    said = _run_child(path)

    assert said.startswith("REFUSED"), said
    assert "cannot be written" in said and "has not been changed" in said
    assert _digest(path) == before
    left = {item.name for item in folder.iterdir()} - {"client.sqlite3.lock"}
    assert left == {"client.sqlite3"}  # no -wal or -shm made beside it
    folder.chmod(0o755)
    path.chmod(0o600)
    with Journal.open(path) as journal:
        assert [entry.text for entry in journal.entries()] == ["a reflection that must survive"]


def test_a_journal_that_cannot_be_written_is_not_called_damaged(tmp_path: Path) -> None:
    # The same distinction in-process: a folder standing where the lock file must go.
    path = tmp_path / "j.sqlite3"
    Journal.open(path).close()
    lock = path.with_name(path.name + ".lock")
    lock.unlink()
    lock.mkdir()
    with pytest.raises(JournalError, match="cannot be written") as raised:
        Journal.open(path)
    assert not isinstance(raised.value, JournalDamagedError)
